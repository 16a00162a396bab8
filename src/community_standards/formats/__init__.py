"""Files in and out: TOML/JSON standards and evidence, workbooks, templates; safe reading and atomic writing.

.. versionadded:: 0.2.0
"""
