"""Suggestions for a mistyped name: the one place that builds "did you mean …?".

It sits with the model so that the consistency rules (:mod:`.validate`) use it too.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["MAX_SUGGESTIONS", "Suggestions", "did_you_mean"]

#: Most suggestions computed for the unknown names of one document: each costs a
#: comparison with every known name, and 20,000 misspelt keys must not take minutes.
MAX_SUGGESTIONS = 20
#: Longest word a suggestion is looked for (no name of the library's is near as long).
_LONGEST = 100


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest of ``choices``, or ``""``."""
    if len(word) > _LONGEST:
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class Suggestions:
    """:func:`did_you_mean` for the unknown names of one document, at most ``limit`` times.

    >>> hint = Suggestions(["households"], limit=1)
    >>> hint("househods"), hint("househols")
    ("; did you mean 'households'?", '')
    """

    __slots__ = ("_choices", "_left")

    def __init__(self, choices: Iterable[str], limit: int = MAX_SUGGESTIONS) -> None:
        self._choices = list(choices)
        self._left = limit

    def __call__(self, word: str) -> str:
        """The suggestion for ``word``, or ``""`` once the limit is reached."""
        if self._left <= 0:
            return ""
        self._left -= 1
        return did_you_mean(word, self._choices)
