"""The values: standards, evidence, errors, references, suggestions for a mistyped name, and every rule and walk over them
(validation).

.. versionadded:: 0.2.0
"""
