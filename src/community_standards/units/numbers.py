"""Exact numbers: parsing points, limits and facts without floating point.

Every number the library reads becomes a :class:`fractions.Fraction`; every number it
writes is the shortest exact decimal, or ``a/b`` where no finite decimal exists.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from fractions import Fraction

__all__ = [
    "NumberProblem",
    "format_number",
    "is_decimal",
    "parse_number",
    "show_number",
    "to_decimal",
]

_NUMBER = re.compile(r"[+-]?(?:\d+(?:_\d+)*)?(?:\.\d+(?:_\d+)*)?(?:[eE][+-]?\d+)?")


class NumberProblem(ValueError):
    """A value is not an exact, finite number (raised internally, reported with a path)."""


def parse_number(value: object) -> Fraction:
    """Return ``value`` as an exact :class:`~fractions.Fraction`.

    Accepts ``int``, :class:`~decimal.Decimal`, :class:`~fractions.Fraction`, a ``float``
    (read through its shortest repr, so ``0.1`` is one tenth), and strings such as
    ``"2.5"``, ``"1e3"``, ``"2/3"``. Booleans, NaN and infinities are refused.
    """
    if isinstance(value, bool):
        raise NumberProblem(f"expected a number, found a boolean ({str(value).lower()})")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        if value.bit_length() > _MAX_BITS and abs(value) >= _LARGEST:
            raise NumberProblem(_TOO_MANY)
        return Fraction(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberProblem(f"{value} is not a finite number")
        return Fraction(_bounded(value))
    if isinstance(value, str):
        text = value.strip()
        numerator, slash, denominator = text.partition("/")
        if slash:
            top, bottom = _parse_text(numerator), _parse_text(denominator)
            if bottom == 0:
                raise NumberProblem(f"{value!r} divides by zero")
            return top / bottom
        return _parse_text(text)
    raise NumberProblem(f"expected a number, found {type(value).__name__}")


def _parse_text(text: str) -> Fraction:
    text = text.strip()
    if not text or not _NUMBER.fullmatch(text) or not any(c.isdigit() for c in text):
        lowered = text.lower()
        if lowered.lstrip("+-") in {"nan", "inf", "infinity"}:
            raise NumberProblem(f"{text} is not a finite number")
        raise NumberProblem(f"{_echo(text)} is not a number")
    return Fraction(_bounded(Decimal(text.replace("_", ""))))


#: Most digits, and largest power of ten either way, a number may have: exact arithmetic
#: on "1e999999999" would take unbounded time and memory.
_MAX_DIGITS = 1000


_LARGEST = 10**_MAX_DIGITS
_MAX_BITS = _LARGEST.bit_length() - 1
_TOO_MANY = (
    f"numbers of more than {_MAX_DIGITS} digits, or beyond 1e{_MAX_DIGITS} or "
    f"1e-{_MAX_DIGITS}, are not accepted"
)


def _bounded(value: Decimal) -> Decimal:
    if value and (
        len(value.as_tuple().digits) > _MAX_DIGITS or abs(value.adjusted()) > _MAX_DIGITS
    ):
        raise NumberProblem(_TOO_MANY)
    return value


def _echo(text: str) -> str:
    """``repr(text)``, its middle left out past 60 characters (errors stay one short line)."""
    shown = repr(text)
    return shown if len(shown) <= 60 else f"{shown[:30]}…({len(shown) - 45:,} more)…{shown[-15:]}"


def is_decimal(value: Fraction) -> bool:
    """Whether ``value`` has a finite decimal expansion (its denominator is 2^a 5^b)."""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def to_decimal(value: Fraction) -> Decimal:
    """Return the exact :class:`~decimal.Decimal` of a finite-decimal fraction.

    Raises :class:`NumberProblem` for values such as one third.
    """
    if not is_decimal(value):
        raise NumberProblem(f"{value} has no finite decimal expansion")
    d = value.denominator
    places = 0
    while (10**places) % d:
        places += 1
    scaled = value.numerator * (10**places // d)
    with decimal.localcontext() as context:
        # enough precision for every digit: large values are not rounded
        context.prec = max(context.prec, scaled.bit_length() // 3 + 2)
        result = Decimal(scaled).scaleb(-places)
        return _plain(result)


def _plain(value: Decimal) -> Decimal:
    normal = value.normalize()
    if normal == normal.to_integral_value():
        return normal.quantize(Decimal(1))
    return normal


def format_number(value: Fraction) -> str:
    """Return ``value`` written exactly: ``"2.5"``, ``"80"``, ``"-0.125"`` or ``"1/3"``."""
    if is_decimal(value):
        return format(to_decimal(value), "f")
    return f"{value.numerator}/{value.denominator}"


def show_number(value: Fraction | int) -> str:
    """Write a number for people: exact where it has a finite decimal, else to 2 places."""
    if isinstance(value, int):
        return str(value)
    if value.denominator == 1:
        return str(value.numerator)
    if is_decimal(value) and len(format_number(value)) <= 12:
        return format_number(value)
    # four significant digits, written without an exponent
    return (
        "≈" + format(float(value), ".4g")
        if abs(value) < 1
        else "≈" + format_number(Fraction(round(value * 100), 100))
    )
