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

The words are sentences of the message catalogue (contexts ``unit``, ``bound``):
a unit's words with their plural forms, each bound's words for what is counted and for
what is measured, and the phrases that say a rate's period.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import functools
from decimal import Decimal
from fractions import Fraction

from ..model.standard import Text
from ..units.convert import normalise_unit, period_of
from ..units.numbers import format_number
from .catalogue import NC_, NCP_, ntranslate_in, plural_count, translate_words, words_text

__all__ = ["amount", "between", "bound", "is_counted", "period_words", "unit_words"]

#: The period of a rate per period, by how many such periods make a year.
_RATE_PERIODS: dict[int, tuple[str, str]] = {
    1: NC_("period", "year"),
    2: NC_("period", "half year"),
    3: NC_("period", "four months"),
    4: NC_("period", "quarter"),
    6: NC_("period", "two months"),
    12: NC_("period", "month"),
}


def period_words(unit: str) -> Text:
    """The period of a rate per period in words, in each language of the catalogue:
    ``"1/half_year"`` -> "half year", 半年; raises :class:`ValueError` for a unit that is
    not a rate per period (:func:`~community_standards.units.convert.period_of`).

    >>> period_words("1/quarter_year").get("en")
    'quarter'

    .. versionadded:: 0.2.0
    """
    return words_text(_RATE_PERIODS[period_of(unit)[1]])


#: Each unit's words, singular and plural (the catalogue has them in each language). A
#: unit not listed is written as it is; a number without a unit has no words.
_UNITS: dict[str, tuple[str, str, str]] = {
    "%": NCP_("unit", "%", "%"),
    "percent": NCP_("unit", "%", "%"),
    "person": NCP_("unit", "person", "persons"),
    "household": NCP_("unit", "household", "households"),
    "class_period": NCP_("unit", "class period", "class periods"),
    "hour": NCP_("unit", "hour", "hours"),
    "h": NCP_("unit", "hour", "hours"),
    "minute": NCP_("unit", "minute", "minutes"),
    "day": NCP_("unit", "day", "days"),
    "week": NCP_("unit", "week", "weeks"),
    "month": NCP_("unit", "month", "months"),
    "year": NCP_("unit", "year", "years"),
    "m": NCP_("unit", "metre", "metres"),
    "meter": NCP_("unit", "metre", "metres"),
    "km": NCP_("unit", "kilometre", "kilometres"),
    "m**2": NCP_("unit", "square metre", "square metres"),
    "square_meter": NCP_("unit", "square metre", "square metres"),
    "household/person": NCP_("unit", "household per person", "households per person"),
    "person/household": NCP_("unit", "person per household", "persons per household"),
}
_NO_WORDS = frozenset({"", "dimensionless"})

#: The periods of a rate ``1/<period>``.
_PERIODS = ("year", "half_year", "quarter_year", "month", "week", "day")

#: The words of rates and bounds, by name: (context, English).
_WORDS: dict[str, tuple[str, str]] = {
    # a rate's unit after a number ("2 per half year", "2 次/半年")
    "unit.year": NC_("unit.rate", "per year"),
    "unit.half_year": NC_("unit.rate", "per half year"),
    "unit.quarter_year": NC_("unit.rate", "per quarter"),
    "unit.month": NC_("unit.rate", "per month"),
    "unit.week": NC_("unit.rate", "per week"),
    "unit.day": NC_("unit.rate", "per day"),
    # a rate's period in a bound ("at least 1 per year", "每年不少于 1 次")
    "period.year": NC_("bound.period", " per year"),
    "period.half_year": NC_("bound.period", " per half year"),
    "period.quarter_year": NC_("bound.period", " per quarter"),
    "period.month": NC_("bound.period", " per month"),
    "period.week": NC_("bound.period", " per week"),
    "period.day": NC_("bound.period", " per day"),
    # the phrases (separated by "|") by which a subject already says a rate's period
    "said.year": NC_("bound.said", "per year"),
    "said.half_year": NC_("bound.said", "per half year"),
    "said.quarter_year": NC_("bound.said", "per quarter"),
    "said.month": NC_("bound.said", "per month"),
    "said.week": NC_("bound.said", "per week"),
    "said.day": NC_("bound.said", "per day"),
    # a bound of what is counted (persons, households, 学时, times per period)
    "counted.minimum": NC_("bound.counted", "at least {amount}"),
    "counted.more_than": NC_("bound.counted", "more than {amount}"),
    "counted.maximum": NC_("bound.counted", "at most {amount}"),
    "counted.less_than": NC_("bound.counted", "less than {amount}"),
    # a bound of what is measured
    "measured.minimum": NC_("bound.measured", "at least {amount}"),
    "measured.more_than": NC_("bound.measured", "more than {amount}"),
    "measured.maximum": NC_("bound.measured", "at most {amount}"),
    "measured.less_than": NC_("bound.measured", "less than {amount}"),
    # a bound of a rate: its number of times, and its period unless the subject says it
    "rate.minimum": NC_("bound.rate", "at least {number}{period}"),
    "rate.more_than": NC_("bound.rate", "more than {number}{period}"),
    "rate.maximum": NC_("bound.rate", "at most {number}{period}"),
    "rate.less_than": NC_("bound.rate", "less than {number}{period}"),
    "between": NC_("bound", "between {low} and {high}{unit}"),
}

#: Units of things counted: their bounds may take other words (不少于 rather than 不低于).
_COUNTED = frozenset({"person", "household", "class_period"})


@functools.cache
def _words(language: str) -> dict[str, str]:
    """The words of rates and bounds in ``language`` (looked up once per language)."""
    return translate_words(language, _WORDS)


@functools.lru_cache(maxsize=1024)
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


@functools.cache
def _unit_words(unit: str, language: str, count: int) -> str:
    period = _period(unit)
    if period is not None:
        return _words(language)[f"unit.{period}"]
    words = _UNITS.get(unit)
    if words is None:
        return "" if unit in _NO_WORDS else unit
    context, singular, plural = words
    return ntranslate_in(language, context, singular, plural, count)


def unit_words(unit: str, language: str, value: Fraction | Decimal | int | None = None) -> str:
    """How ``unit`` is written after a number in ``language`` (for ``value``; the plural
    form when no value is given).

    >>> unit_words("person", "en", Fraction(1)), unit_words("person", "en", Fraction(3))
    ('person', 'persons')
    >>> unit_words("1/half_year", "zh"), unit_words("1/half_year", "en")
    ('次/半年', 'per half year')

    .. versionadded:: 0.2.0
    """
    return _unit_words(normalise_unit(unit), language, 2 if value is None else plural_count(value))


def amount(value: Fraction, unit: str, language: str) -> str:
    """``value`` with its unit in ``language``: ``1 person``, ``56 学时``, ``85 %``.

    .. versionadded:: 0.2.0
    """
    number = format_number(value)
    words = unit_words(unit, language, value)
    return f"{number} {words}" if words else number


def _says(subject: str, period: str, language: str) -> bool:
    phrases = _words(language)[f"said.{period}"].split("|")
    lowered = subject.lower()
    return any(phrase and phrase.lower() in lowered for phrase in phrases)


def bound(name: str, value: Fraction, unit: str, language: str, *, subject: str = "") -> str:
    """A bound in words: ``name`` is ``minimum``, ``more_than``, ``maximum`` or ``less_than``.

    ``subject`` (what is bounded, in ``language``) keeps a rate's period from being said
    twice.

    .. versionadded:: 0.2.0
    """
    unit = normalise_unit(unit)
    words = _words(language)
    period = _period(unit)
    if period is not None:
        said = _says(subject, period, language)
        return words[f"rate.{name}"].format(
            number=format_number(value), period="" if said else words[f"period.{period}"]
        )
    kind = "counted" if is_counted(unit) else "measured"
    return words[f"{kind}.{name}"].format(amount=amount(value, unit, language))


def between(low: Fraction, high: Fraction, unit: str, language: str) -> str:
    """An inclusive range in words: ``在 300 至 500 户/人 之间``, ``between 1 and 2 persons``.

    .. versionadded:: 0.2.0
    """
    unit = normalise_unit(unit)
    words = unit_words(unit, language, high)
    return _words(language)["between"].format(
        low=format_number(low), high=format_number(high), unit=f" {words}" if words else ""
    )
