"""Scoring: a pure function from a standard and evidence to a :class:`Scorecard`.

The standard is compiled once into a plan (limits converted to the facts' units, every
reason's words prepared); evidence arrives normalised. The scoring loop therefore only
compares exact numbers: no unit conversion, no parsing.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from typing import NamedTuple

from ._evidence import Evidence, FactValue, Judgement, JudgementResult
from ._model import (
    Aggregation,
    AllOf,
    AnyOf,
    AssessedCheck,
    Award,
    BooleanCheck,
    Check,
    Fact,
    FrequencyCheck,
    Indicator,
    Limit,
    NotApplicablePolicy,
    RatioCheck,
    Role,
    Standard,
    Text,
    ThresholdCheck,
)
from ._numbers import format_number, is_decimal
from ._scorecard import (
    CategoryResult,
    IndicatorResult,
    IndicatorStatus,
    Reason,
    Scorecard,
    StandardStamp,
)
from ._units import conversion_factor, unit_label
from ._validate import limit_in, ratio_unit

__all__ = ["compile_standard", "score", "score_many", "show_number"]

_BOOL, _RANGE, _RATIO, _ALL, _ANY, _ASSESSED = range(6)
_ZERO = Fraction(0)
_ONE = Fraction(1)

Credit = int | Fraction


def show_number(value: Fraction | int) -> str:
    """Write a number for people: exact where it has a finite decimal, else to 2 places."""
    value = Fraction(value)
    if is_decimal(value):
        return format_number(value)
    return "≈" + format_number(Fraction(round(value * 100), 100))


class _Bound(NamedTuple):
    value: Fraction
    written: str  # the limit as written, in its own unit, for reasons
    show: Fraction  # factor from the compared unit to the written unit
    unit_zh: str
    unit_en: str


class _CheckPlan(NamedTuple):
    code: int
    path: str
    first: str  # fact, or numerator
    second: str  # expected ("true"/"false") or denominator
    low: _Bound | None
    high: _Bound | None
    inner: tuple[_CheckPlan, ...]
    subject: Text
    label: Text | None


class _IndicatorPlan(NamedTuple):
    indicator: Indicator
    category: int
    maximum: Fraction
    checks: tuple[_CheckPlan, ...]
    partial: Fraction
    proportional: bool
    deductions: tuple[tuple[str, Fraction, Fraction | None, Text, int], ...]
    na_when: tuple[str, bool] | None
    gate: bool  # role is prerequisite or veto


class _Plan(NamedTuple):
    standard: Standard
    stamp: StandardStamp
    indicators: tuple[_IndicatorPlan, ...]
    category_ids: tuple[str, ...]
    category_points: tuple[Fraction, ...]
    category_weights: tuple[Fraction | None, ...]
    total_points: Fraction
    pass_mark: Fraction
    tiers: tuple[tuple[Fraction, str], ...]
    rescale: bool
    weighted: bool


def _bound(limit: Limit | None, unit: str) -> _Bound | None:
    if limit is None:
        return None
    value = limit_in(limit, unit)
    shown_unit = limit.unit or unit
    show = _ONE if not limit.unit else 1 / conversion_factor(limit.unit, unit)
    return _Bound(value, show_number(limit.value), show, unit_label(shown_unit, "zh"), unit_label(shown_unit, "en"))


def _compile_check(check: Check, path: str, facts: Mapping[str, Fact]) -> _CheckPlan:
    if isinstance(check, BooleanCheck):
        fact = facts[check.fact]
        return _CheckPlan(_BOOL, path, check.fact, "true" if check.expected else "false", None, None, (), fact.description, check.label)
    if isinstance(check, ThresholdCheck | FrequencyCheck):
        fact = facts[check.fact]
        return _CheckPlan(
            _RANGE, path, check.fact, "", _bound(check.minimum, fact.unit), _bound(check.maximum, fact.unit), (), fact.description, check.label
        )
    if isinstance(check, RatioCheck):
        top, bottom = facts[check.numerator], facts[check.denominator]
        unit = ratio_unit(top, bottom)
        subject = Text(
            zh=f"{top.description.get('zh')}与{bottom.description.get('zh')}之比",
            en=f"{top.description.get('en')} per {bottom.description.get('en')}",
        )
        return _CheckPlan(
            _RATIO, path, check.numerator, check.denominator, _bound(check.minimum, unit), _bound(check.maximum, unit), (), subject, check.label
        )
    if isinstance(check, AllOf | AnyOf):
        inner = tuple(_compile_check(c, f"{path}.checks[{i}]", facts) for i, c in enumerate(check.checks))
        return _CheckPlan(_ALL if isinstance(check, AllOf) else _ANY, path, "", "", None, None, inner, check.label or Text(), check.label)
    assert isinstance(check, AssessedCheck)
    return _CheckPlan(_ASSESSED, path, "", "", None, None, (), check.label, check.label)


def _content_hash(standard: Standard) -> str:
    from ._format import standard_to_json

    return hashlib.sha256(standard_to_json(standard).encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=64)
def compile_standard(standard: Standard) -> _Plan:
    """Prepare ``standard`` for scoring: limits in the facts' units, reasons' words ready.

    Cached per standard: scoring many communities compiles once.
    """
    facts = {fact.key: fact for fact in standard.facts}
    plans = []
    category_ids = tuple(category.id for category in standard.categories)
    for c, category in enumerate(standard.categories):
        for indicator in category.indicators:
            partial = Fraction(indicator.partial_credit if indicator.partial_credit is not None else standard.partial_credit)
            deductions = tuple(
                (d.fact, Fraction(d.points), None if d.limit is None else Fraction(d.limit), d.label or facts[d.fact].description, i)
                for i, d in enumerate(indicator.deductions)
            )
            when = indicator.not_applicable_when
            plans.append(
                _IndicatorPlan(
                    indicator,
                    c,
                    Fraction(indicator.points),
                    tuple(_compile_check(check, f"checks[{i}]", facts) for i, check in enumerate(indicator.checks)),
                    partial,
                    indicator.award is Award.PROPORTIONAL,
                    deductions,
                    None if when is None else (when.fact, when.equals),
                    indicator.role is not Role.SCORED,
                )
            )
    return _Plan(
        standard=standard,
        stamp=StandardStamp(id=standard.id, version=standard.version, sha256=_content_hash(standard)),
        indicators=tuple(plans),
        category_ids=category_ids,
        category_points=tuple(Fraction(category.points) for category in standard.categories),
        category_weights=tuple(None if category.weight is None else Fraction(category.weight) for category in standard.categories),
        total_points=Fraction(standard.total_points),
        pass_mark=Fraction(standard.pass_mark),
        tiers=tuple((Fraction(tier.minimum), tier.id) for tier in standard.tiers),
        rescale=standard.not_applicable is NotApplicablePolicy.RESCALE,
        weighted=standard.aggregation is Aggregation.WEIGHTED,
    )


def _missing(plan: _CheckPlan, key: str) -> Reason:
    return Reason(f"缺少证据：{plan.subject.get('zh')}（{key}）", f"no evidence: {plan.subject.get('en')} ({key})", plan.path)


def _range_reason(plan: _CheckPlan, value: Fraction | int, bound: _Bound, below: bool) -> Reason:
    shown = show_number(value * bound.show)
    zh_word, en_sign = ("低于", "<") if below else ("高于", ">")
    subject = plan.subject
    zu, eu = bound.unit_zh, bound.unit_en
    zh = f"{subject.get('zh')} {shown} {zu}，{zh_word} {bound.written} {zu}".replace("  ", " ").replace(" ，", "，")
    en = f"{subject.get('en')} {shown} {eu} {en_sign} {bound.written} {eu}".replace("  ", " ").strip()
    if plan.label is not None:
        zh = f"{zh}（要求：{plan.label.get('zh')}）"
        en = f"{en} (required: {plan.label.get('en')})"
    return Reason(zh.strip(), en, plan.path)


def _evaluate(
    plan: _CheckPlan,
    facts: Mapping[str, FactValue],
    judgement: Judgement | None,
    partial: Fraction,
    maximum: Fraction,
    reasons: list[Reason],
) -> Credit | None:
    code = plan.code
    if code == _BOOL:
        value = facts.get(plan.first)
        if value is None:
            reasons.append(_missing(plan, plan.first))
            return None
        if value is (plan.second == "true"):
            return 1
        text = plan.label or plan.subject
        reasons.append(Reason(f"未达到：{text.get('zh')}", f"not met: {text.get('en')}", plan.path))
        return 0
    if code == _RANGE or code == _RATIO:
        value = facts.get(plan.first)
        if value is None:
            reasons.append(_missing(plan, plan.first))
            return None
        if code == _RATIO:
            denominator = facts.get(plan.second)
            if denominator is None:
                reasons.append(_missing(plan, plan.second))
                return None
            if not denominator:
                reasons.append(Reason(f"{plan.second} 为 0，无法计算比例", f"{plan.second} is 0: the ratio is undefined", plan.path))
                return None
            value = Fraction(value, denominator) if isinstance(value, int) and isinstance(denominator, int) else Fraction(value) / denominator
        low, high = plan.low, plan.high
        if low is not None and value < low.value:
            reasons.append(_range_reason(plan, value, low, below=True))
            return 0
        if high is not None and value > high.value:
            reasons.append(_range_reason(plan, value, high, below=False))
            return 0
        return 1
    if code == _ASSESSED:
        label = plan.subject
        if judgement is None:
            reasons.append(Reason(f"待评估：{label.get('zh')}", f"awaiting assessment: {label.get('en')}", plan.path))
            return None
        note = f"（{judgement.note}）" if judgement.note else ""
        note_en = f" ({judgement.note})" if judgement.note else ""
        if judgement.points is not None:
            credit = Fraction(judgement.points) / maximum if maximum else _ONE
        elif judgement.result is JudgementResult.MET:
            return 1
        elif judgement.result is JudgementResult.PARTLY_MET:
            credit = partial
        else:
            credit = _ZERO
        if credit >= 1:
            return 1
        word_zh, word_en = ("评估未达到", "judged not met") if credit == 0 else ("评估部分达到", "judged partly met")
        reasons.append(Reason(f"{word_zh}：{label.get('zh')}{note}", f"{word_en}: {label.get('en')}{note_en}", "judgement"))
        return credit
    # all_of / any_of
    credits: list[Credit | None] = []
    scratch: list[Reason] = []
    for inner in plan.inner:
        credits.append(_evaluate(inner, facts, judgement, partial, maximum, scratch))
    known = [credit for credit in credits if credit is not None]
    if code == _ALL:
        if known and min(known) == 0:
            reasons.extend(scratch)
            return 0
        if len(known) < len(credits):
            reasons.extend(scratch)
            return None
        reasons.extend(scratch)
        return min(known) if known else 1
    best = max(known) if known else None
    if best is not None and best >= 1:
        return 1
    if len(known) < len(credits):
        reasons.extend(scratch)
        return None
    reasons.extend(scratch)
    return best


def _indicator(
    item: _IndicatorPlan, evidence: Evidence, category_id: str
) -> IndicatorResult:
    indicator = item.indicator
    facts = evidence.facts
    claim = evidence.not_applicable.get(indicator.id) if evidence.not_applicable else None
    if claim is None and item.na_when is not None:
        key, equals = item.na_when
        if facts.get(key) is equals:
            claim = f"{key} = {str(equals).lower()}"
    if claim is not None:
        return IndicatorResult(
            indicator.id, indicator.number, category_id, IndicatorStatus.NOT_APPLICABLE, _ZERO, item.maximum,
            (Reason(f"不适用：{claim}", f"not applicable: {claim}", "not_applicable"),), indicator.role.value, indicator.bonus,
        )
    reasons: list[Reason] = []
    judgement = evidence.judgements.get(indicator.id) if evidence.judgements else None
    credits = [_evaluate(check, facts, judgement, item.partial, item.maximum, reasons) for check in item.checks]
    missing = None in credits
    known = [credit for credit in credits if credit is not None]
    if item.proportional:
        credit: Credit | None = None if missing else (Fraction(sum(known), len(known)) if known else 1)
    elif known and min(known) == 0:
        credit = 0
    else:
        credit = None if missing else (min(known) if known else 1)
    if credit is None:
        return IndicatorResult(
            indicator.id, indicator.number, category_id, IndicatorStatus.NOT_ASSESSED, _ZERO, item.maximum,
            tuple(reasons), indicator.role.value, indicator.bonus,
        )
    awarded = item.maximum if credit == 1 else item.maximum * credit
    if item.deductions:
        taken = _ZERO
        for key, each, limit, label, index in item.deductions:
            count = facts.get(key)
            if count is None:
                reasons.append(Reason(f"缺少证据：{label.get('zh')}（{key}）", f"no evidence: {label.get('en')} ({key})", f"deductions[{index}]"))
                return IndicatorResult(
                    indicator.id, indicator.number, category_id, IndicatorStatus.NOT_ASSESSED, _ZERO, item.maximum,
                    tuple(reasons), indicator.role.value, indicator.bonus,
                )
            if count:
                off = each * count
                if limit is not None and off > limit:
                    off = limit
                taken += off
                reasons.append(Reason(
                    f"{label.get('zh')} {show_number(count)} 起，扣 {show_number(off)} 分",
                    f"{label.get('en')}: {show_number(count)}, minus {show_number(off)} points",
                    f"deductions[{index}]",
                ))
        awarded = max(_ZERO, awarded - taken)
    if item.deductions:
        full, none = awarded == item.maximum, awarded == 0
    else:
        full, none = credit == 1, credit == 0
    if full:
        status = IndicatorStatus.MET
    elif none:
        status = IndicatorStatus.NOT_MET
    else:
        status = IndicatorStatus.PARTLY_MET
    return IndicatorResult(
        indicator.id, indicator.number, category_id, status, awarded, item.maximum, tuple(reasons), indicator.role.value, indicator.bonus
    )


def score(standard: Standard, evidence: Evidence) -> Scorecard:
    """Score ``evidence`` against ``standard``: every indicator, every point explained.

    Pure: the same inputs give an equal scorecard. ``passed`` is exactly
    ``total >= pass_mark`` unless a prerequisite or veto item is not met.

    .. versionadded:: 0.1.0
    """
    plan = compile_standard(standard)
    category_ids = plan.category_ids
    results = tuple(_indicator(item, evidence, category_ids[item.category]) for item in plan.indicators)
    n = len(category_ids)
    earned = [_ZERO] * n
    possible = [_ZERO] * n
    blocked: list[str] = []
    for item, result in zip(plan.indicators, results, strict=True):
        status = result.status
        c = item.category
        if status is IndicatorStatus.NOT_APPLICABLE:
            if not plan.rescale and not result.bonus:
                possible[c] += result.maximum
            continue
        if item.gate and status is not IndicatorStatus.MET:
            blocked.append(result.id)
        earned[c] += result.awarded
        if not result.bonus:
            possible[c] += result.maximum
    categories = []
    if plan.weighted:
        total = _ZERO
        for c in range(n):
            weight = plan.category_weights[c] or _ZERO
            share = earned[c] / possible[c] if possible[c] else _ZERO
            contribution = weight * share
            total += contribution
            categories.append(CategoryResult(category_ids[c], contribution, weight, earned[c], possible[c]))
        denominator = plan.total_points
    else:
        raw = sum(earned, _ZERO)
        denominator = sum(possible, _ZERO)
        scale = plan.total_points / denominator if plan.rescale and denominator else _ONE
        total = raw * scale
        for c in range(n):
            categories.append(CategoryResult(category_ids[c], earned[c] * scale, possible[c] * scale, earned[c], possible[c]))
    passed = total >= plan.pass_mark and not blocked
    tier = None
    if not blocked:
        for minimum, tier_id in plan.tiers:
            if total >= minimum:
                tier = tier_id
    return Scorecard(
        standard=plan.stamp,
        community=evidence.community,
        indicators=results,
        categories=tuple(categories),
        total=total,
        maximum=plan.total_points,
        denominator=denominator,
        pass_mark=plan.pass_mark,
        passed=passed,
        tier=tier,
        blocked_by=tuple(blocked),
    )


def score_many(standard: Standard, evidence: Iterable[Evidence]) -> Iterator[Scorecard]:
    """Score many communities against one standard (compiled once), lazily and in order.

    .. versionadded:: 0.1.0
    """
    for item in evidence:
        yield score(standard, item)
