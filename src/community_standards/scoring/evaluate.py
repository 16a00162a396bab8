"""Scoring: a pure function from a standard and evidence to a :class:`Scorecard`.

The standard is compiled once into a plan (limits converted to the facts' units, every
reason's words prepared); evidence arrives normalised. The scoring loop therefore only
compares exact numbers: no unit conversion, no parsing.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from typing import NamedTuple

from ..model.evidence import Evidence, FactValue, Judgement, JudgementResult
from ..model.measures import limit_in, ratio_unit
from ..model.standard import (
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
    indicator_facts,
)
from ..units.convert import conversion_factor, unit_label
from ..units.numbers import format_number, show_number
from .fastpath import FastPath, build_fast_path
from .scorecard import (
    CategoryResult,
    IndicatorResult,
    IndicatorStatus,
    Reason,
    Scorecard,
    StandardStamp,
)

__all__ = ["compile_standard", "score", "score_many"]

_BOOL, _RANGE, _RATIO, _ALL, _ANY, _ASSESSED = range(6)
_ZERO = Fraction(0)
_ONE = Fraction(1)

Credit = int | Fraction


class _Bound(NamedTuple):
    value: Fraction
    num: int  # value == num / den, for integer comparisons
    den: int
    show: Fraction  # factor from the compared unit to the unit the limit was written in
    # the reason for a value beyond this bound, around the value observed (prepared once)
    zh_before: str
    zh_after: str
    en_before: str
    en_after: str


_NO_REASON = Reason("", "", "")


class _CheckPlan(NamedTuple):
    code: int
    path: str
    subject: Text
    first: str = ""  # fact, or numerator
    second: str = ""  # denominator
    expected: bool = True
    low: _Bound | None = None
    high: _Bound | None = None
    inner: tuple[_CheckPlan, ...] = ()
    label: Text | None = None
    fail: Reason = _NO_REASON  # the reason when a boolean check fails (always the same)
    missing: Reason = _NO_REASON  # the reason when the (first) fact or the judgement is missing
    missing_second: Reason = _NO_REASON  # the reason when a ratio's denominator is missing


class _IndicatorPlan(NamedTuple):
    indicator: Indicator
    id: str
    number: str
    category: int
    category_id: str
    role: str
    bonus: bool
    maximum: Fraction
    units: int | Fraction  # maximum * the plan's scale: an int for points in finite decimals
    partly: Fraction  # the award for the standard partial credit: maximum * partial
    partly_units: int | Fraction
    checks: tuple[_CheckPlan, ...]
    partial: Fraction
    proportional: bool
    deductions: tuple[tuple[str, Fraction, Fraction | None, Text, int], ...]
    na_when: tuple[str, bool] | None
    gate: bool  # role is prerequisite or veto
    met: IndicatorResult  # the result when every check is met: the same for every community
    reads: tuple[str, ...]  # every fact the indicator's result depends on
    results: dict[tuple[object, ...], IndicatorResult]  # memo: inputs -> explained result


class _Plan(NamedTuple):
    standard: Standard
    stamp: StandardStamp
    indicators: tuple[_IndicatorPlan, ...]
    category_ids: tuple[str, ...]
    category_possible: tuple[int | Fraction, ...]  # in units of 1/scale, bonus excluded
    category_weights: tuple[Fraction | None, ...]
    scale: int
    total_points: Fraction
    pass_mark: Fraction
    tiers: tuple[tuple[Fraction, str], ...]
    rescale: bool
    weighted: bool
    fast: FastPath
    fractions: dict[int | Fraction, Fraction]  # memo: points in units of 1/scale -> Fraction
    all_met: tuple[IndicatorResult, ...]  # every indicator met
    all_met_earned: tuple[int | Fraction, ...]  # per category, bonus included


def _bound(
    limit: Limit | None, unit: str, subject: Text, label: Text | None, below: bool
) -> _Bound | None:
    if limit is None:
        return None
    value = limit_in(limit, unit)
    shown_unit = limit.unit or unit
    show = _ONE if not limit.unit else 1 / conversion_factor(limit.unit, unit)
    zu, eu = unit_label(shown_unit, "zh"), unit_label(shown_unit, "en")
    zu, eu = f" {zu}" if zu else "", f" {eu}" if eu else ""
    written = format_number(limit.value)
    word, sign = ("低于", "<") if below else ("高于", ">")
    zh_after = f"{zu}，{word} {written}{zu}"
    en_after = f"{eu} {sign} {written}{eu}"
    if label is not None:
        zh_after += f"（要求：{label.get('zh')}）"
        en_after += f" (required: {label.get('en')})"
    return _Bound(
        value,
        value.numerator,
        value.denominator,
        show,
        f"{subject.get('zh')} ",
        zh_after,
        f"{subject.get('en')} ",
        en_after,
    )


def _compile_check(check: Check, path: str, facts: Mapping[str, Fact]) -> _CheckPlan:
    if isinstance(check, BooleanCheck):
        fact = facts[check.fact]
        return _CheckPlan(
            _BOOL,
            path,
            fact.description,
            first=check.fact,
            expected=check.expected,
            label=check.label,
            fail=_boolean_reason(check, fact, path),
            missing=_missing_reason(fact.description, check.fact, path),
        )
    if isinstance(check, ThresholdCheck | FrequencyCheck):
        fact = facts[check.fact]
        subject, label = fact.description, check.label
        return _CheckPlan(
            _RANGE,
            path,
            subject,
            first=check.fact,
            low=_bound(check.minimum, fact.unit, subject, label, below=True),
            high=_bound(check.maximum, fact.unit, subject, label, below=False),
            label=label,
            missing=_missing_reason(subject, check.fact, path),
        )
    if isinstance(check, RatioCheck):
        top, bottom = facts[check.numerator], facts[check.denominator]
        unit = ratio_unit(top, bottom)
        subject = Text(
            zh=f"{top.description.get('zh')}与{bottom.description.get('zh')}之比",
            en=f"{top.description.get('en')} per {bottom.description.get('en')}",
        )
        return _CheckPlan(
            _RATIO,
            path,
            subject,
            first=check.numerator,
            second=check.denominator,
            low=_bound(check.minimum, unit, subject, check.label, below=True),
            high=_bound(check.maximum, unit, subject, check.label, below=False),
            label=check.label,
            missing=_missing_reason(top.description, check.numerator, path),
            missing_second=_missing_reason(bottom.description, check.denominator, path),
        )
    if isinstance(check, AllOf | AnyOf):
        inner = tuple(
            _compile_check(c, f"{path}.checks[{i}]", facts) for i, c in enumerate(check.checks)
        )
        code = _ALL if isinstance(check, AllOf) else _ANY
        return _CheckPlan(code, path, check.label or Text(), inner=inner, label=check.label)
    assert isinstance(check, AssessedCheck)
    label = check.label
    missing = Reason(f"待评估：{label.get('zh')}", f"awaiting assessment: {label.get('en')}", path)
    return _CheckPlan(_ASSESSED, path, label, label=label, missing=missing)


def _boolean_reason(check: BooleanCheck, fact: Fact, path: str) -> Reason:
    # a label states the requirement; a fact's description states what is true when the
    # fact is true, so a check expecting false says so
    if check.label is not None or check.expected:
        text = check.label or fact.description
        return Reason(f"未达到：{text.get('zh')}", f"not met: {text.get('en')}", path)
    zh, en = fact.description.get("zh"), fact.description.get("en")
    return Reason(f"未达到：要求“{zh}”为否", f'not met: "{en}" should be false', path)


def _missing_reason(subject: Text, key: str, path: str) -> Reason:
    return Reason(
        f"缺少证据：{subject.get('zh')}（{key}）", f"no evidence: {subject.get('en')} ({key})", path
    )


def _content_hash(standard: Standard) -> str:
    from ..formats.standard import standard_to_json

    return hashlib.sha256(standard_to_json(standard).encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=64)
def compile_standard(standard: Standard) -> _Plan:
    """Prepare ``standard`` for scoring: limits in the facts' units, reasons' words ready.

    Cached per standard: scoring many communities compiles once.
    """
    facts = {fact.key: fact for fact in standard.facts}
    # the unit all points are counted in (1/scale): every item's points, its partial award
    # and its deductions are whole numbers of it
    scale = 1
    for _, indicator in standard.indicators():
        share = (
            indicator.partial_credit
            if indicator.partial_credit is not None
            else standard.partial_credit
        )
        for value in (
            indicator.points,
            indicator.points * share,
            *(d.points for d in indicator.deductions),
        ):
            scale = math.lcm(scale, Fraction(value).denominator)
    plans = []
    category_ids = tuple(category.id for category in standard.categories)
    possible: list[int | Fraction] = []
    for c, category in enumerate(standard.categories):
        possible.append(
            sum(
                (Fraction(i.points) * scale for i in category.indicators if not i.bonus),
                Fraction(0),
            )
        )
        for indicator in category.indicators:
            partial = Fraction(
                indicator.partial_credit
                if indicator.partial_credit is not None
                else standard.partial_credit
            )
            deductions = tuple(
                (
                    d.fact,
                    Fraction(d.points),
                    None if d.limit is None else Fraction(d.limit),
                    d.label or facts[d.fact].description,
                    i,
                )
                for i, d in enumerate(indicator.deductions)
            )
            when = indicator.not_applicable_when
            maximum = Fraction(indicator.points)
            plans.append(
                _IndicatorPlan(
                    indicator=indicator,
                    id=indicator.id,
                    number=indicator.number,
                    category=c,
                    category_id=category.id,
                    role=indicator.role.value,
                    bonus=indicator.bonus,
                    maximum=maximum,
                    units=_units(maximum * scale),
                    partly=maximum * partial,
                    partly_units=_units(maximum * partial * scale),
                    checks=tuple(
                        _compile_check(check, f"checks[{i}]", facts)
                        for i, check in enumerate(indicator.checks)
                    ),
                    partial=partial,
                    proportional=indicator.award is Award.PROPORTIONAL,
                    deductions=deductions,
                    na_when=None if when is None else (when.fact, when.equals),
                    gate=indicator.role is not Role.SCORED,
                    reads=indicator_facts(indicator),
                    results={},
                    met=IndicatorResult(
                        indicator.id,
                        indicator.number,
                        category.id,
                        IndicatorStatus.MET,
                        maximum,
                        maximum,
                        (),
                        indicator.role.value,
                        indicator.bonus,
                    ),
                )
            )
    return _Plan(
        standard=standard,
        stamp=StandardStamp(
            id=standard.id, version=standard.version, sha256=_content_hash(standard)
        ),
        indicators=tuple(plans),
        category_ids=category_ids,
        category_possible=tuple(_units(Fraction(p)) for p in possible),
        category_weights=tuple(
            None if category.weight is None else Fraction(category.weight)
            for category in standard.categories
        ),
        scale=scale,
        total_points=Fraction(standard.total_points),
        pass_mark=Fraction(standard.pass_mark),
        tiers=tuple((Fraction(tier.minimum), tier.id) for tier in standard.tiers),
        rescale=standard.not_applicable is NotApplicablePolicy.RESCALE,
        weighted=standard.aggregation is Aggregation.WEIGHTED,
        fast=build_fast_path(plans),
        fractions={},
        all_met=tuple(item.met for item in plans),
        all_met_earned=tuple(
            _units(sum((item.units for item in plans if item.category == c), Fraction(0)))
            for c in range(len(category_ids))
        ),
    )


#: How many explained results each indicator remembers.
_REMEMBERED = 512


def _explained(
    item: _IndicatorPlan, evidence: Evidence, facts: Mapping[str, FactValue]
) -> IndicatorResult:
    """:func:`_indicator`, remembered per indicator: its result depends only on the facts it
    reads (their values and types) and its judgement, and communities often share them."""
    values = tuple(map(facts.get, item.reads))
    judgement = evidence.judgements.get(item.id)
    key = (
        values,
        tuple(map(type, values)),
        None if judgement is None else (judgement.result, judgement.points, judgement.note),
    )
    memo = item.results
    result = memo.get(key)
    if result is None:
        result = _indicator(item, evidence, facts)
        if len(memo) < _REMEMBERED:
            memo[key] = result
    return result


def _units(value: int | Fraction) -> int | Fraction:
    if isinstance(value, int):
        return value
    return value.numerator if value.denominator == 1 else value


def _range_reason(plan: _CheckPlan, value: Fraction | int, bound: _Bound) -> Reason:
    shown = show_number(value * bound.show if bound.show != 1 else value)
    return Reason(
        bound.zh_before + shown + bound.zh_after,
        bound.en_before + shown + bound.en_after,
        plan.path,
    )


def _outside(
    plan: _CheckPlan, value: int | Fraction, per: int | Fraction, reasons: list[Reason]
) -> bool:
    """Whether ``value / per`` lies outside the plan's bounds (``per`` > 0); adds the reason.

    Compared in integers: ``value / per < num / den`` as ``top * den < num * bottom``.
    """
    top = value.numerator * per.denominator
    bottom = value.denominator * per.numerator
    low, high = plan.low, plan.high
    if low is not None and top * low.den < low.num * bottom:
        reasons.append(_range_reason(plan, Fraction(top, bottom), low))
        return True
    if high is not None and top * high.den > high.num * bottom:
        reasons.append(_range_reason(plan, Fraction(top, bottom), high))
        return True
    return False


def _evaluate(
    plan: _CheckPlan,
    facts: Mapping[str, FactValue],
    judgement: Judgement | None,
    partial: Fraction,
    maximum: Fraction,
    reasons: list[Reason],
) -> Credit | None:
    """The credit (0 to 1) one check earns, or None when its evidence is missing."""
    code = plan.code
    if code == _BOOL:
        value = facts.get(plan.first)
        if value is plan.expected:
            return 1
        reasons.append(plan.missing if value is None else plan.fail)
        return None if value is None else 0
    if code == _RANGE:
        value = facts.get(plan.first)
        if value is None:
            reasons.append(plan.missing)
            return None
        return 0 if _outside(plan, value, 1, reasons) else 1
    if code == _RATIO:
        value, denominator = facts.get(plan.first), facts.get(plan.second)
        if value is None or denominator is None:
            missing = plan.missing if value is None else plan.missing_second
            reasons.append(missing)
            return None
        if not denominator:
            reasons.append(
                Reason(
                    f"{plan.second} 为 0，无法计算比例",
                    f"{plan.second} is 0: the ratio is undefined",
                    plan.path,
                )
            )
            return None
        if denominator < 0:
            value, denominator = -value, -denominator
        return 0 if _outside(plan, value, denominator, reasons) else 1
    if code == _ASSESSED:
        if judgement is not None and judgement.result is JudgementResult.MET:
            return 1
        label = plan.subject
        if judgement is None:
            reasons.append(plan.missing)
            return None
        note = f"（{judgement.note}）" if judgement.note else ""
        note_en = f" ({judgement.note})" if judgement.note else ""
        if judgement.points is not None:
            credit: Credit = Fraction(judgement.points) / maximum if maximum else 1
        elif judgement.result is JudgementResult.PARTLY_MET:
            credit = partial
        else:
            credit = 0
        if credit >= 1:
            return 1
        word_zh, word_en = (
            ("评估未达到", "judged not met")
            if credit == 0
            else ("评估部分达到", "judged partly met")
        )
        reasons.append(
            Reason(
                f"{word_zh}：{label.get('zh')}{note}",
                f"{word_en}: {label.get('en')}{note_en}",
                "judgement",
            )
        )
        return credit
    # all_of / any_of: the reasons of the nested checks are kept only when they matter
    scratch: list[Reason] = []
    credits = [
        _evaluate(inner, facts, judgement, partial, maximum, scratch) for inner in plan.inner
    ]
    known = [credit for credit in credits if credit is not None]
    complete = len(known) == len(credits)
    if code == _ALL:
        result: Credit | None = (
            0 if known and min(known) == 0 else (min(known, default=1) if complete else None)
        )
    else:
        best = max(known, default=None)
        if best is not None and best >= 1:
            return 1
        result = best if complete else None
    reasons.extend(scratch)
    return result


def _not_applicable(item: _IndicatorPlan, evidence: Evidence) -> str | None:
    claim = evidence.not_applicable.get(item.id) if evidence.not_applicable else None
    if claim is None and item.na_when is not None:
        key, equals = item.na_when
        if evidence.facts.get(key) is equals:
            claim = f"{key} = {str(equals).lower()}"
    return claim


_NONE: tuple[Reason, ...] = ()
_JUDGED_MET = JudgementResult.MET
_MET, _PARTLY, _NOT_MET = IndicatorStatus.MET, IndicatorStatus.PARTLY_MET, IndicatorStatus.NOT_MET
_NOT_ASSESSED, _NOT_APPLICABLE = IndicatorStatus.NOT_ASSESSED, IndicatorStatus.NOT_APPLICABLE


def _indicator(
    item: _IndicatorPlan, evidence: Evidence, facts: Mapping[str, FactValue]
) -> IndicatorResult:
    if item.na_when is not None or evidence.not_applicable:
        claim = _not_applicable(item, evidence)
        if claim is not None:
            return IndicatorResult(
                item.id,
                item.number,
                item.category_id,
                _NOT_APPLICABLE,
                _ZERO,
                item.maximum,
                (Reason(f"不适用：{claim}", f"not applicable: {claim}", "not_applicable"),),
                item.role,
                item.bonus,
            )
    reasons: list[Reason] = []
    judgement = evidence.judgements.get(item.id)
    lowest: Credit = 1
    missing = False
    credit: Credit | None
    if item.proportional:
        credits = [
            _evaluate(check, facts, judgement, item.partial, item.maximum, reasons)
            for check in item.checks
        ]
        known = [c for c in credits if c is not None]
        missing = len(known) < len(credits)
        credit = None if missing else (Fraction(sum(known), len(known)) if known else 1)
    else:
        get = facts.get
        for check in item.checks:
            code = check.code
            if code == _BOOL:  # inline: the commonest check
                value = get(check.first)
                if value is check.expected:
                    continue
                if value is None:
                    reasons.append(check.missing)
                    missing = True
                else:
                    reasons.append(check.fail)
                    lowest = 0
                continue
            if code == _ASSESSED and judgement is not None and judgement.result is _JUDGED_MET:
                continue
            found = _evaluate(check, facts, judgement, item.partial, item.maximum, reasons)
            if found is None:
                missing = True
            elif found < lowest:
                lowest = found
        credit = 0 if lowest == 0 else (None if missing else lowest)
    if credit is None:
        return _not_assessed(item, reasons)
    if credit == 1:
        awarded = item.maximum
    elif credit == 0:
        awarded = _ZERO
    elif credit == item.partial:
        awarded = item.partly
    else:
        awarded = item.maximum * credit
    if item.deductions:
        deducted = _deduct(item, facts, awarded, reasons)
        if deducted is None:
            return _not_assessed(item, reasons)
        awarded = deducted
        status = _MET if awarded == item.maximum else _NOT_MET if awarded == 0 else _PARTLY
    else:
        status = _MET if credit == 1 else _NOT_MET if credit == 0 else _PARTLY
    return IndicatorResult(
        item.id,
        item.number,
        item.category_id,
        status,
        awarded,
        item.maximum,
        tuple(reasons) if reasons else _NONE,
        item.role,
        item.bonus,
    )


def _not_assessed(item: _IndicatorPlan, reasons: list[Reason]) -> IndicatorResult:
    return IndicatorResult(
        item.id, item.number, item.category_id, _NOT_ASSESSED, _ZERO, item.maximum,
        tuple(reasons), item.role, item.bonus,
    )  # fmt: skip


def _deduct(
    item: _IndicatorPlan, facts: Mapping[str, FactValue], awarded: Fraction, reasons: list[Reason]
) -> Fraction | None:
    taken = _ZERO
    for key, each, limit, label, index in item.deductions:
        count = facts.get(key)
        if count is None:
            reasons.append(
                Reason(
                    f"缺少证据：{label.get('zh')}（{key}）",
                    f"no evidence: {label.get('en')} ({key})",
                    f"deductions[{index}]",
                )
            )
            return None
        if count:
            off = each * count
            if limit is not None and off > limit:
                off = limit
            taken += off
            reasons.append(
                Reason(
                    f"{label.get('zh')} {show_number(count)} 起，扣 {show_number(off)} 分",
                    f"{label.get('en')}: {show_number(count)}, minus {show_number(off)} points",
                    f"deductions[{index}]",
                )
            )
    return max(_ZERO, awarded - taken)


def _read_for_another(standard: Standard, evidence: Evidence) -> None:
    from ..messages.catalogue import problem
    from ..model.errors import EvidenceError

    raise EvidenceError(
        f"evidence of {evidence.community.id}",
        [
            problem(
                "",
                "this evidence was read for {read_for}, not {standard}: read it again "
                "for {standard} (load_evidence(path, standard))",
                read_for=evidence.read_for,
                standard=standard.ref,
            )
        ],
    )


def score(standard: Standard, evidence: Evidence) -> Scorecard:
    """Score ``evidence`` against ``standard``: every indicator, every point explained.

    Pure: the same inputs give an equal scorecard. ``passed`` is exactly
    ``total >= pass_mark`` unless a prerequisite or veto item is not met.

    Raises :class:`~community_standards.EvidenceError` when ``evidence`` was read for
    another standard.

    .. versionadded:: 0.1.0
    """
    if evidence.read_for is not None and evidence.read_for != standard.ref:
        _read_for_another(standard, evidence)
    plan = compile_standard(standard)
    facts = evidence.facts
    judgements = evidence.judgements
    # start from "every indicator met", then explain the ones that are not
    results = list(plan.all_met)
    earned = list(plan.all_met_earned)
    possible = list(plan.category_possible)
    scale = plan.scale
    n = len(earned)
    blocked: list[str] = []
    positions = plan.fast(facts.get, judgements.get)
    explain = _explained
    if evidence.not_applicable:  # claims are rare: explain every indicator, unremembered
        positions = list(range(len(results)))
        explain = _indicator
    indicators = plan.indicators
    for position in positions:
        item = indicators[position]
        result = explain(item, evidence, facts)
        status = result.status
        if status is _MET:
            continue
        results[position] = result
        c = item.category
        earned[c] -= item.units
        if status is _NOT_APPLICABLE:
            if plan.rescale and not item.bonus:
                possible[c] -= item.units
            continue
        if status is _PARTLY:
            awarded = result.awarded
            earned[c] += item.partly_units if awarded is item.partly else _units(awarded * scale)
        if item.gate:
            blocked.append(item.id)
    fraction = _memo(plan)
    categories = []
    ids = plan.category_ids
    if plan.weighted:
        # a category with no applicable points has nothing to weigh: its weight is left
        # out and the others are rescaled to the total (the denominator says so)
        weights = [plan.category_weights[c] or _ZERO for c in range(n)]
        denominator = sum((weights[c] for c in range(n) if possible[c]), _ZERO)
        factor = plan.total_points / denominator if denominator else _ZERO
        total = _ZERO
        for c in range(n):
            share = Fraction(earned[c]) / possible[c] if possible[c] else _ZERO
            contribution = weights[c] * share * factor
            total += contribution
            categories.append(
                CategoryResult(
                    ids[c],
                    contribution,
                    weights[c] * factor if possible[c] else _ZERO,
                    fraction(earned[c]),
                    fraction(possible[c]),
                )
            )
    else:
        counted = sum(possible)
        denominator = fraction(counted)
        if plan.rescale and counted and denominator != plan.total_points:
            factor = plan.total_points / denominator
            total = fraction(sum(earned)) * factor
            for c in range(n):
                points, out_of = fraction(earned[c]), fraction(possible[c])
                categories.append(
                    CategoryResult(ids[c], points * factor, out_of * factor, points, out_of)
                )
        else:
            total = fraction(sum(earned))
            for c in range(n):
                points, out_of = fraction(earned[c]), fraction(possible[c])
                categories.append(CategoryResult(ids[c], points, out_of, points, out_of))
    passed = total >= plan.pass_mark and not blocked
    tier = None
    if not blocked:
        for minimum, tier_id in plan.tiers:
            if total >= minimum:
                tier = tier_id
    return Scorecard(
        standard=plan.stamp,
        community=evidence.community,
        indicators=tuple(results),
        categories=tuple(categories),
        total=total,
        maximum=plan.total_points,
        denominator=denominator,
        pass_mark=plan.pass_mark,
        passed=passed,
        tier=tier,
        blocked_by=tuple(blocked),
    )


def _memo(plan: _Plan) -> Callable[[int | Fraction], Fraction]:
    """Points in units of ``1/scale`` as a Fraction, remembered: totals recur across communities."""
    cache, scale = plan.fractions, plan.scale

    def fraction(units: int | Fraction) -> Fraction:
        value = cache.get(units)
        if value is None:
            value = Fraction(units) / scale
            if len(cache) < 100_000:
                cache[units] = value
        return value

    return fraction


def score_many(standard: Standard, evidence: Iterable[Evidence]) -> Iterator[Scorecard]:
    """Score many communities against one standard (compiled once), lazily and in order.

    .. versionadded:: 0.1.0
    """
    for item in evidence:
        yield score(standard, item)
