"""The values: standards, evidence, errors, references, and every rule and walk over them (validation).

.. versionadded:: 0.2.0
"""
