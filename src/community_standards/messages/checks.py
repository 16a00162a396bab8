"""Checks and indicators in words: the sentences ``show``, the docs and diffs use.

Each sentence's frame is a sentence of the message catalogue (context ``check``), filled
in with the standard's texts, bounds and numbers.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from ..model.measures import ratio_unit
from ..model.standard import (
    AllOf,
    AnyOf,
    AssessedCheck,
    BandEffect,
    BandStep,
    BandTable,
    BooleanCheck,
    Category,
    Check,
    Deduction,
    Fact,
    FailEffect,
    FrequencyCheck,
    Group,
    Indicator,
    Limit,
    NotApplicableWhen,
    RatioCheck,
    ResultCheck,
    Standard,
    ThresholdCheck,
    Tier,
    ZeroDenominator,
    condition_check,
)
from ..units.numbers import format_number
from .amounts import between, bound, period_words
from .catalogue import NC_, NCP_, ntranslate_in, plural_count, translate_words

__all__ = [
    "describe_bands",
    "describe_category_rules",
    "describe_check",
    "describe_condition",
    "describe_deductions",
    "describe_failure",
    "describe_group",
    "describe_indicator",
    "describe_tier",
    "describe_trigger",
]

#: Every frame of a check's sentence, by name: (context, English). The catalogue has
#: them in each language.
_FRAMES: dict[str, tuple[str, str]] = {
    "fact": NC_("check", "{text} ({fact})"),
    "not": NC_("check", "not: {text} ({fact})"),
    "bounded": NC_("check", "{subject} {bounds} ({fact})"),
    "each period": NC_("check", "{bounds}, in each {period}"),
    "condition": NC_("check", "not applicable when: {text}"),
    "ratio": NC_("check", "{top} per {bottom}"),
    "ratio bounded": NC_("check", "{ratio} {bounds}{zero}"),
    "and": NC_("check", " and "),
    "zero met": NC_("check", " (met when the denominator is 0)"),
    "zero not applicable": NC_("check", " (not applicable when the denominator is 0)"),
    "inner": NC_("check", "; "),
    "named": NC_("check", "{label}: "),
    "all of": NC_("check", "{named}all of: {inner}"),
    "any of": NC_("check", "{named}any of: {inner}"),
    "assessed": NC_("check", "assessed: {label}"),
    "result met": NC_("check", "{indicator} met"),
    "result points": NC_("check", "{indicator} earns at least {points}"),
    "result named": NC_("check", "{label} ({result})"),
    "labelled": NC_("check", "{label}: {subject}"),
    "deduction": NC_("check", "minus {points} per {label}{limit}"),
    "deduction limit": NC_("check", ", at most {limit}"),
    "deduction cap": NC_("check", "at most {cap} deducted in all"),
    "point values": NC_("check", "an assessor gives {values} or {last} points"),
    "whole points": NC_("check", "an assessor gives whole points only"),
    "trigger named": NC_("check.trigger", "{label}: "),
    "trigger": NC_("check.trigger", "{named}minus {points} if {check}"),
    # a range left to the assessor (每例减 5–10 分, 依程度扣 1–3 分)
    "ranged deduction": NC_(
        "check",
        "minus {low} to {high} points per {label}, the assessor's amount (deduction {key}){limit}",
    ),
    "ranged trigger": NC_(
        "check.trigger",
        "{named}minus {low} to {high} points if {check}, the assessor's amount (deduction {key})",
    ),
    "failed cap total": NC_("check.failure", "if not met: the total is at most {cap}"),
    "failed lower tier": NC_("check.failure", "if not met: the tier is one lower"),
    "failed cap tier": NC_("check.failure", "if not met: the tier is at most {tier}"),
    "tier share": NC_("check.tier", "{title} at least {percent} %"),
    "tier starred": NC_("check.tier", "no starred item at 0"),
    "tier clauses": NC_("check.tier", "; "),
    "list": NC_("check.list", ", "),
    "path": NC_("check.group", " + "),
    "best": NC_("check.group", "the best {choose} of: {listed}"),
    "cap": NC_("check.group", "at most {cap} points"),
    "clauses": NC_("check.group", ", "),
    "group": NC_("check.group", "{label}: {parts}"),
    "counted together": NC_("check.group", "counted together: {group}"),
    "category cap": NC_("check.group", "the category counts at most {cap} points"),
    "pool": NC_("check.pool", "from the category, down to {floor}: "),
    "pool to zero": NC_("check.pool.zero", "from the category, down to {floor}: "),
}

#: A step of a band table: what it grades, its bound and its points (or points off).
_STEP = NCP_("check", "{subject} {bounds}: {points} point", "{subject} {bounds}: {points} points")
_STEP_OFF = NCP_(
    "check",
    "{subject} {bounds}: minus {points} point",
    "{subject} {bounds}: minus {points} points",
)


@functools.cache
def _frames(language: str) -> dict[str, str]:
    """Every frame of a check's sentence in ``language`` (looked up once per language)."""
    return translate_words(language, _FRAMES)


def _own(fact: Fact, language: str) -> str:
    """A fact's description in ``language`` itself, else its key."""
    return fact.description.exactly(language) or fact.key


def _bounds(
    check: ThresholdCheck | FrequencyCheck | RatioCheck | BandStep,
    unit: str,
    language: str,
    subject: str = "",
) -> str:
    low_name = "more_than" if check.more_than is not None else "minimum"
    high_name = "less_than" if check.less_than is not None else "maximum"
    low_limit: Limit | None = getattr(check, low_name)
    high_limit: Limit | None = getattr(check, high_name)
    if (
        low_limit is not None
        and high_limit is not None
        and low_name == "minimum"
        and high_name == "maximum"
        and (low_limit.unit or unit) == (high_limit.unit or unit)
    ):
        return between(low_limit.value, high_limit.value, low_limit.unit or unit, language)
    parts = [
        bound(name, limit.value, limit.unit or unit, language, subject=subject)
        for name, limit in ((low_name, low_limit), (high_name, high_limit))
        if limit is not None
    ]
    return _frames(language)["and"].join(parts)


def _when_zero(check: RatioCheck | BandTable, language: str) -> str:
    if check.when_zero is ZeroDenominator.NOT_MET:
        return ""
    if check.when_zero is ZeroDenominator.MET:
        return _frames(language)["zero met"]
    return _frames(language)["zero not applicable"]


def describe_check(check: Check, facts: Mapping[str, Fact], language: str = "en") -> str:
    """Return ``check`` as a sentence in ``language`` (a BCP 47 tag: ``zh``, ``en``, ...).

    .. versionadded:: 0.1.0
    """
    frames = _frames(language)
    if isinstance(check, BooleanCheck):
        fact = facts[check.fact]
        text = (check.label or fact.description).get(language)
        return frames["fact" if check.expected else "not"].format(text=text, fact=check.fact)
    if isinstance(check, ThresholdCheck | FrequencyCheck):
        fact = facts[check.fact]
        subject = fact.description.get(language)
        bounds = _bounds(check, fact.unit, language, subject)
        if fact.each_period:  # counted in each period of the year
            period = period_words(fact.unit).get(language)
            bounds = frames["each period"].format(bounds=bounds, period=period)
        return frames["bounded"].format(subject=subject, bounds=bounds, fact=check.fact)
    if isinstance(check, RatioCheck):
        top, bottom = facts[check.numerator], facts[check.denominator]
        ratio = frames["ratio"].format(top=_own(top, language), bottom=_own(bottom, language))
        return frames["ratio bounded"].format(
            ratio=ratio,
            bounds=_bounds(check, ratio_unit(top, bottom), language),
            zero=_when_zero(check, language),
        )
    if isinstance(check, AllOf | AnyOf):
        inner = frames["inner"].join(describe_check(c, facts, language) for c in check.checks)
        named = "" if check.label is None else check.label.get(language)
        if named:
            named = frames["named"].format(label=named)
        return frames["all of" if isinstance(check, AllOf) else "any of"].format(
            named=named, inner=inner
        )
    if isinstance(check, ResultCheck):
        if check.points is None:
            result = frames["result met"].format(indicator=check.indicator)
        else:
            points = format_number(Fraction(check.points))
            result = frames["result points"].format(indicator=check.indicator, points=points)
        named = "" if check.label is None else check.label.get(language)
        return frames["result named"].format(label=named, result=result) if named else result
    assert isinstance(check, AssessedCheck)
    return frames["assessed"].format(label=check.label.get(language))


def describe_condition(
    condition: NotApplicableWhen, facts: Mapping[str, Fact], language: str = "en"
) -> str:
    """When an indicator does not apply, in words: its ``not_applicable_when`` check.

    >>> from fractions import Fraction
    >>> from community_standards.model.standard import FactKind, Limit, Text
    >>> occupants = Fact(key="occupants", kind=FactKind.COUNT, unit="person",
    ...                  description=Text(zh="专职人员", en="full-time occupants"))
    >>> fewer = ThresholdCheck(fact="occupants", less_than=Limit(value=Fraction(1)))
    >>> describe_condition(fewer, {"occupants": occupants})
    'not applicable when: full-time occupants less than 1 person (occupants)'
    >>> describe_condition(fewer, {"occupants": occupants}, "zh")
    '不适用条件：专职人员少于 1 人（occupants）'

    .. versionadded:: 0.2.0
    """
    text = describe_check(condition_check(condition), facts, language)
    return _frames(language)["condition"].format(text=text)


def describe_bands(bands: BandTable, facts: Mapping[str, Fact], language: str = "en") -> list[str]:
    """Return a band table as lines, one per step: what it grades, the bound, the points.

    .. versionadded:: 0.2.0
    """
    frames = _frames(language)
    if bands.fact is not None:
        fact = facts[bands.fact]
        unit = fact.unit
        subject = frames["fact"].format(text=fact.description.get(language), fact=fact.key)
    else:
        assert bands.numerator is not None
        assert bands.denominator is not None
        top, bottom = facts[bands.numerator], facts[bands.denominator]
        unit = ratio_unit(top, bottom)
        subject = frames["ratio"].format(top=_own(top, language), bottom=_own(bottom, language))
        subject += _when_zero(bands, language)
    if bands.label is not None:
        subject = frames["labelled"].format(label=bands.label.get(language), subject=subject)
    context, singular, plural = _STEP_OFF if bands.effect is BandEffect.DEDUCT else _STEP
    return [
        ntranslate_in(
            language,
            context,
            singular,
            plural,
            plural_count(Fraction(step.points)),
            subject=subject,
            bounds=_bounds(step, unit, language),
            points=format_number(Fraction(step.points)),
        )
        for step in bands.steps
    ]


def describe_indicator(
    indicator: Indicator, facts: dict[str, Fact], language: str = "en"
) -> list[str]:
    """Return the lines describing how ``indicator`` is scored."""
    lines = [describe_check(check, facts, language) for check in indicator.checks]
    if indicator.bands is not None:
        lines += describe_bands(indicator.bands, facts, language)
    lines += describe_deductions(indicator.deductions, indicator.deduction_limit, facts, language)
    if indicator.point_values or indicator.whole_points:
        lines.append(_granularity(indicator, language))
    if indicator.not_applicable_when is not None:
        lines.append(describe_condition(indicator.not_applicable_when, facts, language))
    effect = describe_failure(indicator, language)
    if effect:
        lines.append(effect)
    return lines


def describe_failure(indicator: Indicator, language: str = "en") -> str:
    """What a prerequisite or veto item that is not met does, in words ("" for a scored
    item or the default, which denies the rating).

    >>> from decimal import Decimal
    >>> from community_standards.model.standard import FailEffect, Role, Text
    >>> item = Indicator(id="EAp2", number="p2", text=Text(en="x"), points=Decimal(0),
    ...                  role=Role.PREREQUISITE, when_failed=FailEffect.CAP_TOTAL,
    ...                  failed_cap=Decimal(39))
    >>> describe_failure(item)
    'if not met: the total is at most 39'

    .. versionadded:: 0.2.0
    """
    frames = _frames(language)
    effect = indicator.when_failed
    if effect is FailEffect.CAP_TOTAL:
        cap = format_number(Fraction(indicator.failed_cap or 0))
        return frames["failed cap total"].format(cap=cap)
    if effect is FailEffect.LOWER_TIER:
        return frames["failed lower tier"]
    if effect is FailEffect.CAP_TIER:
        return frames["failed cap tier"].format(tier=indicator.failed_tier)
    return ""


def describe_tier(tier: Tier, standard: Standard, language: str = "en") -> str:
    """A tier in words: its title, minimum and minimum standards.

    .. versionadded:: 0.2.0
    """
    frames = _frames(language)
    parts = [f"{tier.title.get(language)} ≥ {format_number(Fraction(tier.minimum))}"]
    titles = {category.id: category.title.get(language) for category in standard.categories}
    for share in tier.shares:
        percent = format_number(Fraction(share.minimum) * 100)
        title = titles.get(share.category, share.category)
        parts.append(frames["tier share"].format(title=title, percent=percent))
    if tier.starred_above_zero:
        parts.append(frames["tier starred"])
    return frames["tier clauses"].join(parts)


def describe_trigger(deduction: Deduction, facts: Mapping[str, Fact], language: str = "en") -> str:
    """A deduction triggered by a check, in words: "minus 2 if: ...".

    .. versionadded:: 0.2.0
    """
    assert deduction.when is not None
    frames = _frames(language)
    check = describe_check(deduction.when, facts, language)
    named = "" if deduction.label is None else deduction.label.get(language)
    if named:
        named = frames["trigger named"].format(label=named)
    if deduction.ranged:
        return frames["ranged trigger"].format(
            named=named, check=check, key=deduction.id, **_span(deduction)
        )
    points = format_number(Fraction(deduction.least))
    return frames["trigger"].format(named=named, points=points, check=check)


def _span(deduction: Deduction) -> dict[str, str]:
    """A ranged deduction's least and most points, written."""
    return {
        "low": format_number(Fraction(deduction.least)),
        "high": format_number(Fraction(deduction.most)),
    }


def _granularity(indicator: Indicator, language: str) -> str:
    """The points an assessor may give, in words."""
    frames = _frames(language)
    if indicator.point_values:
        values = ["0", *(format_number(Fraction(v)) for v in indicator.point_values)]
        return frames["point values"].format(
            values=frames["list"].join(values[:-1]), last=values[-1]
        )
    return frames["whole points"]


def describe_group(group: Group, language: str = "en") -> str:
    """A group of a category in words: its members, how many paths count, its cap.

    >>> from decimal import Decimal
    >>> describe_group(Group(id="location", paths=(("LTc1",), ("LTc2", "LTc3")), choose=1))
    'location: the best 1 of: LTc1 | LTc2 + LTc3'
    >>> describe_group(Group(id="ep", indicators=("a", "b", "c"), cap=Decimal(2)), "zh")
    'ep：a、b、c，最多计 2 分'

    .. versionadded:: 0.2.0
    """
    frames = _frames(language)
    label = group.title.get(language) if group.title is not None else group.id
    paths = [frames["path"].join(path) for path in group.members]
    parts = []
    if group.choose is not None and group.choose < len(paths):
        parts.append(frames["best"].format(choose=group.choose, listed=" | ".join(paths)))
    else:
        parts.append(frames["list"].join(paths))
    if group.cap is not None:
        parts.append(frames["cap"].format(cap=format_number(Fraction(group.cap))))
    return frames["group"].format(label=label, parts=frames["clauses"].join(parts))


def describe_deductions(
    deductions: Sequence[Deduction],
    limit: Decimal | None,
    facts: Mapping[str, Fact],
    language: str = "en",
) -> list[str]:
    """Deductions in words, one line each, and the limit of them all.

    .. versionadded:: 0.2.0
    """
    frames = _frames(language)
    lines = []
    for deduction in deductions:
        if deduction.when is not None:
            lines.append(describe_trigger(deduction, facts, language))
            continue
        label = (deduction.label or facts[deduction.fact].description).get(language)
        most = (
            ""
            if deduction.limit is None
            else frames["deduction limit"].format(limit=format_number(Fraction(deduction.limit)))
        )
        if deduction.ranged:
            lines.append(
                frames["ranged deduction"].format(
                    label=label, limit=most, key=deduction.id, **_span(deduction)
                )
            )
            continue
        points = format_number(Fraction(deduction.least))
        lines.append(frames["deduction"].format(points=points, label=label, limit=most))
    if limit is not None:
        lines.append(frames["deduction cap"].format(cap=format_number(Fraction(limit))))
    return lines


def describe_category_rules(
    category: Category, language: str = "en", facts: Mapping[str, Fact] | None = None
) -> list[str]:
    """The rules by which ``category`` counts its indicators, one line each (none when its
    indicators' points are simply added): groups, its cap, its deduction pool (with
    ``facts``, the standard's, to name what is counted).

    .. versionadded:: 0.2.0
    """
    frames = _frames(language)
    lines = [
        frames["counted together"].format(group=describe_group(group, language))
        for group in category.groups
    ]
    if category.cap is not None:
        cap = format_number(Fraction(category.cap))
        lines.append(frames["category cap"].format(cap=cap))
    if category.deductions and facts is not None:
        pool = describe_deductions(category.deductions, category.deduction_limit, facts, language)
        floor = format_number(Fraction(category.floor))
        head = frames["pool" if category.floor else "pool to zero"].format(floor=floor)
        lines += [head + line for line in pool]
    return lines
