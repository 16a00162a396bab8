"""Amounts and bounds in words, as each language says them.

"at least 1 person", "at least 2 persons", "不少于 56 学时", "不高于 24 小时", "每年不少于
1 次": the number with its unit in the unit's own words (singular and plural in English),
and the comparison in the words that fit the unit (in Chinese, 不少于 for what is counted,
不低于 for what is measured). A rate per period names its period once: when the subject
already says it ("appraisals per year", "每年次数"), the bound does not repeat it.

>>> from fractions import Fraction
>>> bound("minimum", Fraction(1), "person", "en")
'at least 1 person'
>>> bound("minimum", Fraction(56), "class_period", "zh")
'不少于 56 学时'
>>> bound("maximum", Fraction(24), "hour", "zh")
'不高于 24 小时'
>>> bound("minimum", Fraction(1), "1/year", "zh"), bound("minimum", Fraction(1), "1/year", "en")
('每年不少于 1 次', 'at least 1 per year')
>>> bound("minimum", Fraction(1), "1/year", "zh", subject="民主评议每年次数")
'不少于 1 次'

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from fractions import Fraction

from ..units.convert import normalise_unit
from ..units.numbers import format_number

__all__ = ["amount", "between", "bound", "is_counted", "unit_words"]

#: Each unit's words: (Chinese, English singular, English plural). A unit not listed is
#: written as it is.
_UNITS: dict[str, tuple[str, str, str]] = {
    "": ("", "", ""),
    "dimensionless": ("", "", ""),
    "%": ("%", "%", "%"),
    "percent": ("%", "%", "%"),
    "person": ("人", "person", "persons"),
    "household": ("户", "household", "households"),
    "class_period": ("学时", "class period", "class periods"),
    "hour": ("小时", "hour", "hours"),
    "h": ("小时", "hour", "hours"),
    "minute": ("分钟", "minute", "minutes"),
    "day": ("天", "day", "days"),
    "week": ("周", "week", "weeks"),
    "month": ("个月", "month", "months"),
    "year": ("年", "year", "years"),
    "m": ("米", "metre", "metres"),
    "meter": ("米", "metre", "metres"),
    "km": ("千米", "kilometre", "kilometres"),
    "m**2": ("平方米", "square metre", "square metres"),
    "square_meter": ("平方米", "square metre", "square metres"),
    "household/person": ("户/人", "household per person", "households per person"),
    "person/household": ("人/户", "person per household", "persons per household"),
}

#: The periods of a rate ``1/<period>``: (Chinese "every ...", English "per ...").
_PERIODS: dict[str, tuple[str, str]] = {
    "year": ("每年", "per year"),
    "half_year": ("每半年", "per half year"),
    "quarter_year": ("每季度", "per quarter"),
    "month": ("每月", "per month"),
    "week": ("每周", "per week"),
    "day": ("每天", "per day"),
}

#: Units of things counted: in Chinese their bounds are 不少于 / 多于 / 不多于 / 少于.
_COUNTED = frozenset({"person", "household", "class_period"})

#: Each bound's words: (Chinese for what is counted, Chinese for what is measured, English).
_BOUNDS: dict[str, tuple[str, str, str]] = {
    "minimum": ("不少于", "不低于", "at least"),
    "more_than": ("多于", "大于", "more than"),
    "maximum": ("不多于", "不高于", "at most"),
    "less_than": ("少于", "低于", "less than"),
}


def is_counted(unit: str) -> bool:
    """Whether ``unit`` counts things (persons, households, 学时, times per period).

    .. versionadded:: 0.2.0
    """
    unit = normalise_unit(unit)
    return unit in _COUNTED or _period(unit) is not None


def _period(unit: str) -> str | None:
    if unit.startswith("1/") and unit[2:] in _PERIODS:
        return unit[2:]
    return None


def unit_words(unit: str, language: str, value: Fraction | None = None) -> str:
    """How ``unit`` is written after a number in ``language`` (English: singular for 1).

    >>> unit_words("person", "en", Fraction(1)), unit_words("person", "en", Fraction(3))
    ('person', 'persons')
    >>> unit_words("1/half_year", "zh"), unit_words("1/half_year", "en")
    ('次/半年', 'per half year')

    .. versionadded:: 0.2.0
    """
    unit = normalise_unit(unit)
    period = _period(unit)
    if period is not None:
        zh, en = _PERIODS[period]
        return f"次/{zh[1:]}" if language == "zh" else en
    words = _UNITS.get(unit)
    if words is None:
        return unit
    if language == "zh":
        return words[0]
    return words[1] if value == 1 else words[2]


def amount(value: Fraction, unit: str, language: str) -> str:
    """``value`` with its unit in ``language``: ``1 person``, ``56 学时``, ``85 %``.

    .. versionadded:: 0.2.0
    """
    number = format_number(value)
    words = unit_words(unit, language, value)
    return f"{number} {words}" if words else number


def _says(subject: str, period: str, language: str) -> bool:
    zh, en = _PERIODS[period]
    if language == "zh":
        return zh in subject or f"{zh[1:]}次数" in subject
    return en in subject.lower()


def bound(name: str, value: Fraction, unit: str, language: str, *, subject: str = "") -> str:
    """A bound in words: ``name`` is ``minimum``, ``more_than``, ``maximum`` or ``less_than``.

    ``subject`` (what is bounded, in ``language``) keeps a rate's period from being said
    twice.

    .. versionadded:: 0.2.0
    """
    unit = normalise_unit(unit)
    counted, measured, english = _BOUNDS[name]
    period = _period(unit)
    if period is not None:
        said = _says(subject, period, language)
        number = format_number(value)
        if language == "zh":
            return f"{'' if said else _PERIODS[period][0]}{counted} {number} 次"
        return f"{english} {number}" + ("" if said else f" {_PERIODS[period][1]}")
    if language == "zh":
        return f"{counted if is_counted(unit) else measured} {amount(value, unit, language)}"
    return f"{english} {amount(value, unit, language)}"


def between(low: Fraction, high: Fraction, unit: str, language: str) -> str:
    """An inclusive range in words: ``在 300 至 500 户/人 之间``, ``between 1 and 2 persons``.

    .. versionadded:: 0.2.0
    """
    unit = normalise_unit(unit)
    words = unit_words(unit, language, high)
    tail = f" {words}" if words else ""
    if language == "zh":
        return f"在 {format_number(low)} 至 {format_number(high)}{tail} 之间"
    return f"between {format_number(low)} and {format_number(high)}{tail}"
