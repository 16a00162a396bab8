"""Text from data, made safe to write as one line of a terminal or a report.

A key, a name or a file name may hold a newline (which would forge a line of output,
such as a second ``error:``), an escape sequence (which a terminal obeys), a NUL, a
right-to-left override or a lone surrogate (which cannot even be encoded). Every line
the command line and the text reports write goes through :func:`printable`, which writes
such characters the way :func:`repr` does (``\\n``, ``\\x1b``, ``\\u202e``), and leaves
every other character, Chinese included, as it is. :func:`brief` shortens what is echoed
from data (a key of a megabyte) to a readable length, and :func:`short_numbers` every
number of more than :data:`LONGEST_NUMBER` characters (a 4,000-digit value, limit or
sum); :func:`problem_line` does all three, for every line of an error or a warning.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import re

__all__ = ["LONGEST_NUMBER", "brief", "printable", "problem_line", "short_numbers"]

# C0 and C1 controls, DEL, bidirectional and zero-width format characters, line and
# paragraph separators, the byte-order mark, and surrogates.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Return ``text`` with every control or invisible formatting character escaped.

    >>> printable("households\\nerror: forged")
    'households\\\\nerror: forged'
    >>> printable("社区\\x1b[2J")
    '社区\\\\x1b[2J'
    """
    return _UNSAFE.sub(_escape, text)


def brief(text: str, limit: int = 80) -> str:
    """Return ``text`` shortened to about ``limit`` characters, its middle left out.

    >>> brief("1" * 4000, 20)
    '11111111…(3,988 more)…1111'
    """
    if len(text) <= limit:
        return text
    head = max(limit * 2 // 5, 1)
    tail = max(limit // 5, 1)
    return f"{text[:head]}…({len(text) - head - tail:,} more)…{text[-tail:]}"


#: Longest number echoed from data in full, in characters; a longer one is shortened.
LONGEST_NUMBER = 32

# A number as data writes it: digits, with single separators between them ("1,000.5").
_NUMBER = re.compile(r"\d(?:[_,.]?\d)*+")


def _number(match: re.Match[str]) -> str:
    number = match.group(0)
    if len(number) <= LONGEST_NUMBER:
        return number
    head, tail = number[:16], number[-8:]
    hidden = sum(char.isdigit() for char in number[16:-8])
    return f"{head}…({hidden:,} more digits)…{tail}"


def short_numbers(text: str) -> str:
    """Return ``text`` with every number longer than :data:`LONGEST_NUMBER` characters
    shortened in the middle, saying how many digits are left out.

    >>> short_numbers("count cannot be negative ('-" + "9" * 900 + " household')")
    "count cannot be negative ('-9999999999999999…(876 more digits)…99999999 household')"
    """
    return _NUMBER.sub(_number, text)


def problem_line(text: str, limit: int = 400) -> str:
    """Return one line of an error, a warning or a problem, safe and short to print.

    Every problem line the command line writes goes through here: the text is made
    :func:`printable`, every long number in it is shortened (:func:`short_numbers`),
    and the line is cut to ``limit`` characters (:func:`brief`).

    >>> problem_line("error: c.toml: facts.x\\nerror: forged " + "1" * 100)
    'error: c.toml: facts.x\\\\nerror: forged 1111111111111111…(76 more digits)…11111111'
    """
    return brief(short_numbers(printable(text)), limit)
