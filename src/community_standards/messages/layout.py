"""Helpers for text written for people: column widths of Chinese text, status words.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .catalogue import N_, translate

__all__ = ["STATUS_WORDS", "columns", "status_word", "width"]

_STATUS = {
    "met": N_("met"),
    "partly_met": N_("partly met"),
    "not_met": N_("not met"),
    "not_assessed": N_("not assessed"),
    "not_applicable": N_("not applicable"),
}


def status_word(status: str, language: str) -> str:
    """The word for an indicator's status (``met``, ``partly_met``, ...) in ``language``.

    .. versionadded:: 0.2.0
    """
    return translate(language, _STATUS[status])


#: The status words as ``(Chinese, English)`` pairs, from the catalogue (kept for 0.1 callers).
STATUS_WORDS: dict[str, tuple[str, str]] = {
    key: (status_word(key, "zh"), status_word(key, "en")) for key in _STATUS
}


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _cut(text: str, limit: int) -> str:
    if width(text) <= limit:
        return text
    out, used = [], 0
    for char in text:
        w = width(char)
        if used + w > limit - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def columns(
    rows: Sequence[Sequence[str]], limits: Sequence[int | None], right: Sequence[bool] = ()
) -> list[str]:
    """Lay ``rows`` out in aligned columns, cutting cells to ``limits`` (None: no limit)."""
    cut = [
        [_cut(cell, limit) if limit else cell for cell, limit in zip(row, limits, strict=True)]
        for row in rows
    ]
    widths = [max((width(row[i]) for row in cut), default=0) for i in range(len(limits))]
    lines = []
    for row in cut:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - width(cell))
            cells.append(pad + cell if i < len(right) and right[i] else cell + pad)
        lines.append("  ".join(cells).rstrip())
    return lines
