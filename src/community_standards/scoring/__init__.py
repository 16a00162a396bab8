"""Scoring: the compiled plan, its evaluators and the scorecard.

.. versionadded:: 0.2.0
"""
