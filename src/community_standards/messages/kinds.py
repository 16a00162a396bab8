"""A value's kind in words ("a number", "a table"), for sentences about input of the wrong kind.

One function for every reader (documents, standards, evidence), so that the same value is
called the same thing in every message.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

__all__ = ["kind_of"]

_NAMES: dict[type, str] = {
    str: "a string",
    list: "an array",
    tuple: "an array",
    dict: "a table",
    datetime.date: "a date",
    datetime.datetime: "a date and time",
    datetime.time: "a time",
}


def kind_of(value: object) -> str:
    """Return what sort of value ``value`` is, as a document's reader would call it.

    >>> kind_of(True), kind_of(3), kind_of([1]), kind_of({"a": 1}), kind_of(None)
    ('a boolean', 'a number', 'an array', 'a table', 'nothing (null)')
    """
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | Decimal | Fraction | float):
        return "a number"
    if value is None:
        return "nothing (null)"
    return _NAMES.get(type(value), f"a {type(value).__name__}")
