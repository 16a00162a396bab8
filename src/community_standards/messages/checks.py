"""Checks and indicators in words: the sentences ``show``, the docs and diffs use.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

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
from .amounts import between, bound, unit_words

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


def _bounds(
    check: ThresholdCheck | FrequencyCheck | RatioCheck | BandStep,
    unit: str,
    language: str,
    subject: str = "",
) -> str:
    zh = language == "zh"
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
    return ("且" if zh else " and ").join(parts)


def _when_zero(check: RatioCheck | BandTable, language: str) -> str:
    if check.when_zero is ZeroDenominator.NOT_MET:
        return ""
    if check.when_zero is ZeroDenominator.MET:
        return "（分母为 0 时视为达到）" if language == "zh" else " (met when the denominator is 0)"
    return (
        "（分母为 0 时不适用）"
        if language == "zh"
        else " (not applicable when the denominator is 0)"
    )


def describe_check(check: Check, facts: Mapping[str, Fact], language: str = "en") -> str:
    """Return ``check`` as a sentence in ``language`` (``zh`` or ``en``).

    .. versionadded:: 0.1.0
    """
    zh = language == "zh"
    if isinstance(check, BooleanCheck):
        fact = facts[check.fact]
        text = (check.label or fact.description).get(language)
        if check.expected:
            return f"{text}（{check.fact}）" if zh else f"{text} ({check.fact})"
        return f"并非：{text}（{check.fact}）" if zh else f"not: {text} ({check.fact})"
    if isinstance(check, ThresholdCheck | FrequencyCheck):
        fact = facts[check.fact]
        subject = fact.description.get(language)
        each = ""
        if fact.each_period:  # counted in each period of the year
            period = unit_words(fact.unit, language)
            each = f"，每个{period.split('/')[-1]}分别计" if zh else f", in each {period[4:]}"
        return (
            f"{subject}{_bounds(check, fact.unit, language, subject)}{each}（{check.fact}）"
            if zh
            else f"{subject} {_bounds(check, fact.unit, language, subject)}{each} ({check.fact})"
        )
    if isinstance(check, RatioCheck):
        top, bottom = facts[check.numerator], facts[check.denominator]
        unit = ratio_unit(top, bottom)
        zero = _when_zero(check, language)
        if zh:
            return f"{top.description.zh or top.key}与{bottom.description.zh or bottom.key}之比{_bounds(check, unit, language)}{zero}"
        return f"{top.description.en or top.key} per {bottom.description.en or bottom.key} {_bounds(check, unit, language)}{zero}"
    if isinstance(check, AllOf | AnyOf):
        inner = "; ".join(describe_check(c, facts, language) for c in check.checks)
        named = "" if check.label is None else check.label.get(language)
        if named:
            named = f"{named}——" if zh else f"{named}: "
        if isinstance(check, AllOf):
            return f"{named}全部满足：{inner}" if zh else f"{named}all of: {inner}"
        return f"{named}满足其一：{inner}" if zh else f"{named}any of: {inner}"
    if isinstance(check, ResultCheck):
        named = "" if check.label is None else check.label.get(language)
        if check.points is None:
            words = f"{check.indicator} 达到" if zh else f"{check.indicator} met"
        else:
            points = format_number(Fraction(check.points))
            words = (
                f"{check.indicator} 得分不低于 {points} 分"
                if zh
                else f"{check.indicator} earns at least {points}"
            )
        return f"{named}（{words}）" if zh and named else f"{named} ({words})" if named else words
    assert isinstance(check, AssessedCheck)
    return f"评估：{check.label.get(language)}" if zh else f"assessed: {check.label.get(language)}"


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
    return f"不适用条件：{text}" if language == "zh" else f"not applicable when: {text}"


def describe_bands(bands: BandTable, facts: Mapping[str, Fact], language: str = "en") -> list[str]:
    """Return a band table as lines, one per step: what it grades, the bound, the points.

    .. versionadded:: 0.2.0
    """
    zh = language == "zh"
    if bands.fact is not None:
        fact = facts[bands.fact]
        unit, subject = (
            fact.unit,
            f"{fact.description.get(language)}（{fact.key}）"
            if zh
            else (f"{fact.description.get(language)} ({fact.key})"),
        )
    else:
        assert bands.numerator is not None
        assert bands.denominator is not None
        top, bottom = facts[bands.numerator], facts[bands.denominator]
        unit = ratio_unit(top, bottom)
        subject = (
            f"{top.description.zh or top.key}与{bottom.description.zh or bottom.key}之比"
            if zh
            else f"{top.description.en or top.key} per {bottom.description.en or bottom.key}"
        )
        subject += _when_zero(bands, language)
    deduct = bands.effect is BandEffect.DEDUCT
    if bands.label is not None:
        label = bands.label.get(language)
        subject = f"{label}：{subject}" if zh else f"{label}: {subject}"
    lines = []
    for step in bands.steps:
        points = format_number(Fraction(step.points))
        words = _bounds(step, unit, language)
        if zh:
            lines.append(f"{subject}{words}：{'扣' if deduct else '得'} {points} 分")
        else:
            noun = "point" if step.points == 1 else "points"
            lines.append(f"{subject} {words}: {'minus ' if deduct else ''}{points} {noun}")
    return lines


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
    zh = language == "zh"
    effect = indicator.when_failed
    if effect is FailEffect.CAP_TOTAL:
        cap = format_number(Fraction(indicator.failed_cap or 0))
        return f"未达到时：总分最多计 {cap} 分" if zh else f"if not met: the total is at most {cap}"
    if effect is FailEffect.LOWER_TIER:
        return "未达到时：等级降一级" if zh else "if not met: the tier is one lower"
    if effect is FailEffect.CAP_TIER:
        tier = indicator.failed_tier
        return f"未达到时：等级最高为 {tier}" if zh else f"if not met: the tier is at most {tier}"
    return ""


def describe_tier(tier: Tier, standard: Standard, language: str = "en") -> str:
    """A tier in words: its title, minimum and minimum standards.

    .. versionadded:: 0.2.0
    """
    zh = language == "zh"
    parts = [f"{tier.title.get(language)} ≥ {format_number(Fraction(tier.minimum))}"]
    titles = {category.id: category.title.get(language) for category in standard.categories}
    for share in tier.shares:
        percent = format_number(Fraction(share.minimum) * 100)
        title = titles.get(share.category, share.category)
        parts.append(
            f"{title}至少得本类分值的 {percent}%" if zh else f"{title} at least {percent} %"
        )
    if tier.starred_above_zero:
        parts.append("带星号项不得为 0 分" if zh else "no starred item at 0")
    return ("；" if zh else "; ").join(parts)


def describe_trigger(deduction: Deduction, facts: Mapping[str, Fact], language: str = "en") -> str:
    """A deduction triggered by a check, in words: "minus 2 if: ...".

    .. versionadded:: 0.2.0
    """
    assert deduction.when is not None
    points = format_number(Fraction(deduction.points))
    check = describe_check(deduction.when, facts, language)
    named = "" if deduction.label is None else deduction.label.get(language)
    if language == "zh":
        return f"{named + '：' if named else ''}{check}时扣 {points} 分"
    return f"{named + ': ' if named else ''}minus {points} if {check}"


def _granularity(indicator: Indicator, language: str) -> str:
    """The points an assessor may give, in words."""
    if indicator.point_values:
        values = ["0", *(format_number(Fraction(v)) for v in indicator.point_values)]
        if language == "zh":
            return f"评估给分只取 {'、'.join(values)} 分"
        return f"an assessor gives {', '.join(values[:-1])} or {values[-1]} points"
    if language == "zh":
        return "评估给分只取整数分"
    return "an assessor gives whole points only"


def describe_group(group: Group, language: str = "en") -> str:
    """A group of a category in words: its members, how many paths count, its cap.

    >>> from decimal import Decimal
    >>> describe_group(Group(id="location", paths=(("LTc1",), ("LTc2", "LTc3")), choose=1))
    'location: the best 1 of: LTc1 | LTc2 + LTc3'
    >>> describe_group(Group(id="ep", indicators=("a", "b", "c"), cap=Decimal(2)), "zh")
    'ep：a、b、c，最多计 2 分'

    .. versionadded:: 0.2.0
    """
    zh = language == "zh"
    label = group.title.get(language) if group.title is not None else group.id
    paths = [(" + " if not zh else "＋").join(path) for path in group.members]
    parts = []
    if group.choose is not None and group.choose < len(paths):
        listed = " | ".join(paths)
        parts.append(
            f"{listed} 中得分最高的 {group.choose} 项计分"
            if zh
            else f"the best {group.choose} of: {listed}"
        )
    else:
        parts.append(("、" if zh else ", ").join(paths))
    if group.cap is not None:
        cap = format_number(Fraction(group.cap))
        parts.append(f"最多计 {cap} 分" if zh else f"at most {cap} points")
    return f"{label}：" + "，".join(parts) if zh else f"{label}: " + ", ".join(parts)


def describe_deductions(
    deductions: Sequence[Deduction],
    limit: Decimal | None,
    facts: Mapping[str, Fact],
    language: str = "en",
) -> list[str]:
    """Deductions in words, one line each, and the limit of them all.

    .. versionadded:: 0.2.0
    """
    zh = language == "zh"
    lines = []
    for deduction in deductions:
        if deduction.when is not None:
            lines.append(describe_trigger(deduction, facts, language))
            continue
        label = (deduction.label or facts[deduction.fact].description).get(language)
        points = format_number(Fraction(deduction.points))
        most = "" if deduction.limit is None else format_number(Fraction(deduction.limit))
        if zh:
            lines.append(f"每{label}扣 {points} 分" + (f"，最多扣 {most} 分" if most else ""))
        else:
            lines.append(f"minus {points} per {label}" + (f", at most {most}" if most else ""))
    if limit is not None:
        cap = format_number(Fraction(limit))
        lines.append(f"扣分合计最多 {cap} 分" if zh else f"at most {cap} deducted in all")
    return lines


def describe_category_rules(
    category: Category, language: str = "en", facts: Mapping[str, Fact] | None = None
) -> list[str]:
    """The rules by which ``category`` counts its indicators, one line each (none when its
    indicators' points are simply added): groups, its cap, its deduction pool (with
    ``facts``, the standard's, to name what is counted).

    .. versionadded:: 0.2.0
    """
    zh = language == "zh"
    lines = [
        ("计分组 " if zh else "counted together: ") + describe_group(group, language)
        for group in category.groups
    ]
    if category.cap is not None:
        cap = format_number(Fraction(category.cap))
        lines.append(f"本类最多计 {cap} 分" if zh else f"the category counts at most {cap} points")
    if category.deductions and facts is not None:
        pool = describe_deductions(category.deductions, category.deduction_limit, facts, language)
        floor = format_number(Fraction(category.floor))
        kept = "扣完为止" if not category.floor else f"最低 {floor} 分"
        head = f"本类扣分（{kept}）：" if zh else f"from the category, down to {floor}: "
        lines += [head + line for line in pool]
    return lines
