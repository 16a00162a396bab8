"""Versions of standards: the registry and plugins, derivation, diffs and impact.

.. versionadded:: 0.2.0
"""
