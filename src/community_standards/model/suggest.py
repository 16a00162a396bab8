"""Suggestions for a mistyped name: the one place that builds "did you mean …?".

It sits with the model so that the consistency rules (:mod:`.validate`) use it too.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = ["MAX_SUGGESTIONS", "Suggestions", "did_you_mean"]

#: Most suggestions computed for the unknown names of one document: each costs a
#: comparison with every known name, and 20,000 misspelt keys must not take minutes.
MAX_SUGGESTIONS = 20
#: Longest word a suggestion is looked for (no name of the library's is near as long).
_LONGEST = 100


#: How alike a word and a name must be for the name to be suggested (difflib's ratio).
_CUTOFF = 0.6

_PARTS = re.compile(r"[-_.]")


def _distinct(word: str, choice: str) -> tuple[str, str]:
    """``word`` and ``choice`` without the whole parts (between ``-``, ``_`` or ``.``) they
    share at the start and the end, so that ids alike only in a common ending
    (``wenming-community``, ``pingan-community``) are not taken for one another."""
    a, b = _PARTS.split(word), _PARTS.split(choice)
    start = 0
    while start < min(len(a), len(b)) - 1 and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start - 1 and a[-1 - end] == b[-1 - end]:
        end += 1
    if not start and not end:
        return word, choice
    return "-".join(a[start : len(a) - end]), "-".join(b[start : len(b) - end])


def _likeness(word: str, choice: str) -> float:
    mine, theirs = _distinct(word, choice)
    return difflib.SequenceMatcher(None, mine, theirs).ratio()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest of ``choices``, or ``""``.

    Names are compared on what tells them apart: parts they share at the start or the end
    (``-community``) do not make two names alike.

    >>> did_you_mean("tianjin-beautifull-community", ["tianjin-beautiful-community"])
    "; did you mean 'tianjin-beautiful-community'?"
    >>> did_you_mean("wenming-community", ["pingan-community"])
    ''
    """
    if len(word) > _LONGEST:
        return ""
    # the most alike; among equally alike names the last in order, as difflib's own choice
    scored = ((_likeness(word, choice), choice) for choice in choices)
    best = max((pair for pair in scored if pair[0] >= _CUTOFF), default=None)
    return f"; did you mean {best[1]!r}?" if best else ""


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
