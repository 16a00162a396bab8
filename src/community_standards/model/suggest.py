"""Suggestions for a mistyped name: the one place that builds "did you mean …?".

It sits with the model so that the consistency rules (:mod:`.validate`) use it too.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["did_you_mean"]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest of ``choices``, or ``""``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
