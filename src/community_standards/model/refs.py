"""References (``ID@VERSION``) and the order of versions.

Versions are compared part by part after splitting on ``.``, ``-`` and ``_``: parts made
of digits compare as numbers, others as text, and a number sorts before text. So years
(``2017`` < ``2024``), dates (``2017-03-17`` < ``2017-11-02``) and dotted numbers
(``1.9`` < ``1.10``) all order as a reader expects.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import re

__all__ = [
    "format_ref",
    "is_valid_id",
    "is_valid_version",
    "parse_ref",
    "table_path",
    "version_key",
]

# fullmatch throughout: "$" would also match before a final newline
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# anything visible but "@": no white space, no control or invisible formatting character
_VERSION = re.compile(
    "[^\\s@\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+"
)


def is_valid_id(identifier: str) -> bool:
    """Whether ``identifier`` is a valid id: a letter or digit, then letters, digits, ``._-``.

    >>> is_valid_id("tianjin-beautiful-community"), is_valid_id("x\\n")
    (True, False)
    """
    return _ID.fullmatch(identifier) is not None


def is_valid_version(version: str) -> bool:
    """Whether ``version`` is a valid version: visible characters, no space, no ``@``.

    >>> is_valid_version("2017"), is_valid_version("1 "), is_valid_version("1\\x1b")
    (True, False, False)
    """
    return _VERSION.fullmatch(version) is not None


_PARTS = re.compile(r"[.\-_]")


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Return a sort key for ``version`` (see the module documentation)."""
    key = []
    for part in _PARTS.split(version.strip()):
        if part.isdigit():
            key.append((0, int(part), ""))
        else:
            key.append((1, 0, part))
    return tuple(key)


def parse_ref(reference: str) -> tuple[str, str | None]:
    """Split ``"ID@VERSION"`` into ``(ID, VERSION)``; a bare ``ID`` gives ``(ID, None)``."""
    identifier, at, version = reference.strip().partition("@")
    return identifier.strip(), (version.strip() or None) if at else None


def format_ref(identifier: str, version: str) -> str:
    """Return ``ID@VERSION``."""
    return f"{identifier}@{version}"


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def table_path(table: str, key: str) -> str:
    """Return the address of ``key`` in ``table`` as a TOML dotted key.

    >>> table_path("indicators", "worker-training"), table_path("facts", "a.b")
    ('indicators.worker-training', 'facts."a.b"')
    """
    return f"{table}.{key}" if _BARE_KEY.fullmatch(key) else f'{table}."{key}"'
