"""Exact numbers and units (pint with the domain's units): the bottom layer, importing nothing else of the library.

.. versionadded:: 0.2.0
"""
