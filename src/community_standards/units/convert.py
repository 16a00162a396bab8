"""Units: the domain's own units on top of pint, and exact conversion factors.

pint is imported only when a conversion is not an identity: a unit written exactly as
declared (``"household"`` for a fact in households) costs nothing, so loading and
scoring the bundled standards does not start a unit registry. Every factor is exact
(pint runs with :class:`fractions.Fraction` magnitudes) and computed once per pair of
units.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import functools
import re
from fractions import Fraction
from typing import Any

from .numbers import format_number

__all__ = [
    "DOMAIN_DEFINITIONS",
    "PERIODS_PER_YEAR",
    "UnitProblem",
    "conversion_factor",
    "normalise_unit",
    "period_of",
    "registry",
    "split_amount",
    "validate_unit",
]

#: pint definitions the library adds to pint's defaults. 学时 (a class period) is a unit
#: of its own: it is never silently converted to hours.
DOMAIN_DEFINITIONS: tuple[str, ...] = (
    "person = [person] = _ = persons = people = 人 = 名 = 位",
    "household = [household] = _ = households = 户",
    "class_period = [class_period] = _ = class_periods = 学时 = 课时",
    "half_year = year / 2 = _ = half_years = 半年",
    "quarter_year = year / 4 = _ = quarter_years = 季度",
)

# Units the library defines or that pint always has, with their dimension written as a
# canonical string: enough to validate a declaration without starting pint. A test checks
# every entry against pint itself.
_KNOWN_DIMENSIONS: dict[str, str] = {
    "": "",
    "%": "",
    "percent": "",
    "dimensionless": "",
    "person": "[person]",
    "household": "[household]",
    "class_period": "[class_period]",
    "1/year": "1/[time]",
    "1/half_year": "1/[time]",
    "1/quarter_year": "1/[time]",
    "1/month": "1/[time]",
    "1/week": "1/[time]",
    "1/day": "1/[time]",
    "household/person": "[household]/[person]",
}


def _aliases(definitions: tuple[str, ...]) -> dict[str, str]:
    """Map every other name a domain unit has in its definition to its canonical name."""
    names: dict[str, str] = {}
    for definition in definitions:
        parts = [part.strip() for part in definition.split("=")]
        canonical = parts[0]
        for alias in parts[2:]:
            if alias and alias != "_":
                names[alias] = canonical
    return names


# 学时 is class_period, 户 is household...: the same unit under other names, known without pint.
_ALIASES = _aliases(DOMAIN_DEFINITIONS)
_TOKEN = re.compile(r"[^\W\d]\w*")

_FIXED_FACTORS: dict[tuple[str, str], Fraction] = {}
for _a in ("", "dimensionless"):
    for _b in ("", "dimensionless"):
        _FIXED_FACTORS[_a, _b] = Fraction(1)
    for _p in ("%", "percent"):
        _FIXED_FACTORS[_p, _a] = Fraction(1, 100)
        _FIXED_FACTORS[_a, _p] = Fraction(100)
_FIXED_FACTORS["%", "percent"] = _FIXED_FACTORS["percent", "%"] = Fraction(1)
#: The periods of whole months, in years: rates per period convert among them without pint
#: (as pint's own definitions do: a month is a twelfth of a year).
_YEARS = {"year": Fraction(1), "half_year": Fraction(1, 2), "quarter_year": Fraction(1, 4)}
_YEARS["month"] = Fraction(1, 12)
for _a, _long in _YEARS.items():
    for _b, _short in _YEARS.items():
        _FIXED_FACTORS[f"1/{_a}", f"1/{_b}"] = _short / _long


_SPACES = re.compile(r"\s+")
# Anchored and possessive: the time taken grows with the text, whatever its spaces (the
# text is stripped first, so the unit is simply the rest).
_AMOUNT = re.compile(
    r"([+-]?+(?:\d[\d_]*+)?+(?:\.\d++)?+(?:[eE][+-]?+\d++)?+(?:\s*+/\s*+\d[\d_]*+(?:\.\d++)?+)?+)\s*+(.*)",
    re.DOTALL,
)


class UnitProblem(ValueError):
    """A unit is unknown, or two units have different dimensions (raised internally)."""


@functools.lru_cache(maxsize=1024)
def normalise_unit(unit: str) -> str:
    """Return ``unit`` in a canonical spelling: white space removed around operators and the
    domain units' other names replaced by their own (``"1 / 季度"`` → ``"1/quarter_year"``)."""
    text = _SPACES.sub(" ", unit.strip())
    text = re.sub(r"\s*([/*])\s*", r"\1", text)
    return _TOKEN.sub(lambda match: _ALIASES.get(match.group(0), match.group(0)), text)


def split_amount(text: str) -> tuple[str, str]:
    """Split ``"56 学时"`` into ``("56", "学时")`` and ``"2/3"`` into ``("2/3", "")``.

    A unit may itself start with ``1/``: ``"2 / half_year"`` is two per half year.
    """
    text = text.strip()
    match = _AMOUNT.match(text)
    number, unit = (match.group(1), match.group(2)) if match else ("", text)
    if not number or not any(c.isdigit() for c in number):
        return "", normalise_unit(text)
    if "/" in number and unit and not unit.startswith(("/", "*")):
        # "2 / half_year": the slash belongs to the unit, not to a fraction.
        top, _, bottom = number.partition("/")
        if not bottom.strip():
            return top.strip(), normalise_unit("1/" + unit)
    if unit.startswith("/"):
        unit = "1" + unit
    return number.replace(" ", ""), normalise_unit(unit)


@functools.cache
def registry() -> Any:
    """Return the library's pint registry (built once, on first use)."""
    import pint

    ureg: Any = pint.UnitRegistry(non_int_type=Fraction, autoconvert_offset_to_baseunit=False)
    for definition in DOMAIN_DEFINITIONS:
        ureg.define(definition)
    return ureg


# pint computes the numbers in a unit expression exactly: "9**9**9" or "1e99999999" would
# never finish. A unit needs no more than a short text, short plain numbers and small
# powers of names.
_SUPERSCRIPTS = re.compile("[⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_PLAIN_DIGITS = str.maketrans("⁺⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "+-0123456789")
# A number with an exponent or of more than six digits; a power of a number; a power
# that is not a whole number of one or two digits (fractional powers are computed in
# floating point inside pint, and an exact factor must stay exact).
_TOO_LARGE = re.compile(
    r"\d[eE]|\d[\d_]{6}|[\d.)]\s*(?:\*\*|\^)|(?:\*\*|\^)\s*(?![-+]?\d{1,2}(?![\d.]))"
)
#: Largest power of ten a conversion factor may reach either way, as for numbers.
_MAX_FACTOR_DIGITS = 1000


def _plain_powers(unit: str) -> str:
    """``"m²"`` → ``"m**2"``: superscript powers written as pint's own, to be checked alike."""
    return _SUPERSCRIPTS.sub(lambda match: "**" + match.group(0).translate(_PLAIN_DIGITS), unit)


def _pint_unit(unit: str) -> Any:
    if len(unit) > 100:
        raise UnitProblem(f"unit {unit[:20]!r}... is longer than 100 characters")
    unit = _plain_powers(unit)
    if _TOO_LARGE.search(unit):
        raise UnitProblem(
            f"unit {unit!r} has a number or a power too large to work with "
            "(a power is a whole number of one or two digits)"
        )
    ureg = registry()
    try:
        return ureg.Quantity(Fraction(1), unit or "dimensionless")
    except Exception as error:  # pint raises several types for bad expressions
        raise UnitProblem(f"unknown unit {unit!r}") from error


def _dimension_text(dimensionality: Any) -> str:
    """A canonical text for a pint dimensionality: ``"1/[time]"``, ``"[length]**2"``.

    Written here rather than with ``str()``: pint formats exponents with format specs that
    :class:`~fractions.Fraction` supports only from Python 3.12.
    """
    top: list[str] = []
    bottom: list[str] = []
    for name, power in sorted(dict(dimensionality).items()):
        exponent = abs(Fraction(power))
        text = name if exponent == 1 else f"{name}**{format_number(exponent)}"
        (top if power > 0 else bottom).append(text)
    if not top and not bottom:
        return ""
    numerator = "*".join(top) or "1"
    return f"{numerator}/{'*'.join(bottom)}" if bottom else numerator


@functools.cache
def validate_unit(unit: str) -> str:
    """Return the dimension of ``unit`` as a string, or raise :class:`UnitProblem`."""
    unit = normalise_unit(unit)
    if unit in _KNOWN_DIMENSIONS:
        return _KNOWN_DIMENSIONS[unit]
    return _dimension_text(_pint_unit(unit).dimensionality)


@functools.cache
def conversion_factor(from_unit: str, to_unit: str) -> Fraction:
    """Return the exact factor taking a magnitude in ``from_unit`` to ``to_unit``.

    Raises :class:`UnitProblem` naming both units if their dimensions differ.
    """
    from_unit, to_unit = normalise_unit(from_unit), normalise_unit(to_unit)
    if from_unit == to_unit:
        validate_unit(from_unit)
        return Fraction(1)
    fixed = _FIXED_FACTORS.get((from_unit, to_unit))
    if fixed is not None:
        return fixed
    source, target = _pint_unit(from_unit), _pint_unit(to_unit)
    import pint

    try:
        magnitude = source.to(target.units).magnitude / target.magnitude
    except pint.DimensionalityError as error:
        raise UnitProblem(
            f"{_show(from_unit)} ({_dimension_text(source.dimensionality) or 'dimensionless'}) "
            f"cannot be converted to {_show(to_unit)} "
            f"({_dimension_text(target.dimensionality) or 'dimensionless'})"
        ) from error
    factor = Fraction(magnitude)
    if max(abs(factor.numerator), factor.denominator).bit_length() > _MAX_FACTOR_DIGITS * 10 // 3:
        raise UnitProblem(
            f"converting {_show(from_unit)} to {_show(to_unit)} takes a factor beyond "
            f"1e{_MAX_FACTOR_DIGITS} or 1e-{_MAX_FACTOR_DIGITS}"
        )
    return factor


def _show(unit: str) -> str:
    return repr(unit) if unit else "a plain number"


#: The periods a year can be counted in, each period whole months: ``each_period`` facts.
PERIODS_PER_YEAR = (1, 2, 3, 4, 6, 12)


def period_of(unit: str) -> tuple[str, int]:
    """The period of a rate per unit of time and how many of them make a year:
    ``"1/half_year"`` -> ``("half_year", 2)``, ``"1/季度"`` -> ``("quarter_year", 4)``.

    Raises :class:`UnitProblem` for a unit that is not ``1/`` a period of whole months
    dividing a year (:data:`PERIODS_PER_YEAR`).

    >>> period_of("1/half_year")
    ('half_year', 2)

    .. versionadded:: 0.2.0
    """
    normal = normalise_unit(unit).replace(" ", "")
    period = normal.removeprefix("1/")
    if period == normal or not period:
        raise UnitProblem(f"{unit!r} is not a rate per period, such as '1/half_year'")
    try:
        per_year = 1 / conversion_factor("1/year", f"1/{period}")
    except UnitProblem:
        raise UnitProblem(f"{unit!r} is not a rate per period, such as '1/half_year'") from None
    if per_year.denominator != 1 or per_year.numerator not in PERIODS_PER_YEAR:
        raise UnitProblem(
            f"a year is not a whole number of months' periods of {period!r}: "
            "use year, half_year, quarter_year or month"
        )
    return period, per_year.numerator
