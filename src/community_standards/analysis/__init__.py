"""After the score, as pure functions: gap analysis (what to fix), comparing assessments, a city's summary.

.. versionadded:: 0.2.0
"""
