"""The library's sentences: checks and requirements in words, text layout for people.

.. versionadded:: 0.2.0
"""
