"""Helpers for text written for people: column widths of Chinese text, status words.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .catalogue import N_, translate

__all__ = ["REPORT_WIDTH", "STATUS_WORDS", "column_rows", "columns", "status_word", "width", "wrap"]

#: The columns a text report's lines are wrapped to (wide characters count two).
REPORT_WIDTH = 100

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


#: Characters a line may not start with (closing punctuation, 行首禁则).
_NO_START = frozenset("，。、；：！？）》」』】〕〉”’・…—,.;:!?)]}%％")
#: Characters a line may not end with (opening punctuation, 行尾禁则).
_NO_END = frozenset("（《「『【〔〈“‘([{")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


#: How many wide characters after a number are kept with it, as its unit (56 学时, 24 小时).
_UNIT_CHARACTERS = 2


def _pieces(text: str) -> list[str]:
    """``text`` cut where a line may break: at spaces, and beside wide characters.

    A run of narrow non-space characters (a word, a number with its unit sign) is one
    piece; each wide character is a piece of its own, except that closing punctuation
    stays with what it follows, opening punctuation with what follows it, and a number
    with the few wide characters of its unit (``56 学时``). Spaces are pieces of their own.
    """
    pieces: list[str] = []
    glue = False  # the last piece ends with opening punctuation: the next joins it
    unit = 0  # wide characters that may still join a number as its unit
    for char in text:
        if char.isspace():
            pieces.append(" ")
            glue = False
            continue
        after_space = len(pieces) > 1 and pieces[-1] == " "
        as_unit = unit > 0 and _wide(char) and char not in _NO_END
        if after_space and (char in _NO_START or as_unit):
            pieces.pop()  # "85 %", "56 学时": no line starts with a closing sign or a unit
            pieces[-1] += " "
        previous = pieces[-1] if pieces else " "
        joins = previous != " " and (
            glue or char in _NO_START or (not _wide(char) and not _wide(previous[-1])) or as_unit
        )
        if joins:
            pieces[-1] += char
        else:
            pieces.append(char)
        glue = char in _NO_END
        if char.isdigit():
            unit = _UNIT_CHARACTERS
        elif as_unit:
            unit -= 1
        elif not char.isdigit() and char not in ".,/":
            unit = 0
    return pieces


def wrap(text: str, limit: int = REPORT_WIDTH, first: str = "", rest: str = "") -> list[str]:
    """``text`` in lines of at most ``limit`` columns, broken between words, never inside one.

    Widths are East Asian widths (a Chinese character takes two columns). English breaks
    at spaces; Chinese between characters, but never before closing punctuation (，。）)
    or after opening punctuation (（“). ``first`` starts the first line and ``rest`` each
    further one (a hanging indent). A word longer than a line is kept whole on a line of
    its own.

    >>> wrap("The secretary receives no less than 64 class periods of training", 30, "- ", "  ")
    ['- The secretary receives no', '  less than 64 class periods', '  of training']
    >>> wrap("社区党组织书记每年培训不少于56学时，其他社区工作者不少于48学时", 30)
    ['社区党组织书记每年培训不少于', '56学时，其他社区工作者不少于', '48学时']

    .. versionadded:: 0.2.0
    """
    lines: list[str] = []
    line, used = first, width(first)
    pending = ""  # spaces waiting to be written before the next piece on this line
    empty = True
    for piece in _pieces(" ".join(text.split())):
        if piece == " ":
            pending = " "
            continue
        size = width(piece)
        if not empty and used + width(pending) + size > limit:
            lines.append(line)
            line, used, empty = rest, width(rest), True
            pending = ""
        if not empty:
            line += pending
            used += width(pending)
        line += piece
        used += size
        pending, empty = "", False
    lines.append(line)
    return [item.rstrip() for item in lines]


def column_rows(
    rows: Sequence[Sequence[str]], limits: Sequence[int | None], right: Sequence[bool] = ()
) -> list[list[str]]:
    """Lay ``rows`` out in aligned columns; the lines of each row, in order.

    A cell longer than its column's limit (None: no limit) is wrapped (:func:`wrap`) onto
    further lines of its row, the other columns left blank there.

    .. versionadded:: 0.2.0
    """
    cells = [
        [wrap(cell, limit) if limit else [cell] for cell, limit in zip(row, limits, strict=True)]
        for row in rows
    ]
    widths = [
        max((width(line) for row in cells for line in row[i]), default=0)
        for i in range(len(limits))
    ]
    laid = []
    for row in cells:
        height = max((len(cell) for cell in row), default=1)
        lines = []
        for n in range(height):
            parts = []
            for i, cell in enumerate(row):
                text = cell[n] if n < len(cell) else ""
                pad = " " * (widths[i] - width(text))
                parts.append(pad + text if i < len(right) and right[i] else text + pad)
            lines.append("  ".join(parts).rstrip())
        laid.append(lines)
    return laid


def columns(
    rows: Sequence[Sequence[str]], limits: Sequence[int | None], right: Sequence[bool] = ()
) -> list[str]:
    """Lay ``rows`` out in aligned columns, wrapping cells longer than ``limits`` (None: no
    limit) onto further lines (:func:`column_rows`).

    .. versionchanged:: 0.2.0
       Long cells are wrapped between words instead of cut.
    """
    return [line for row in column_rows(rows, limits, right) for line in row]
