"""The register of communities, their titles and every assessment: a shell over SQLite.

.. versionadded:: 0.2.0
"""
