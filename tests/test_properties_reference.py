"""Scoring against a reference: a plain reading of the rules, written out once more.

The library scores through a compiled plan and a generated fast path for indicators that
are plainly met. This module evaluates the rules as docs/reference/scoring.md states
them, check by check, with nothing precomputed and none of the library's unit or number
helpers: units are converted with the table below, written from the units' definitions.
It asks for the same statuses, points, totals and verdicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import given
from hypothesis import strategies as st

import community_standards as cs
from strategies import (
    Generated,
    evidence_for,
    full_marks_facts,
    nested_weights,
    standards,
    standards_and_evidence,
)

S = cs.IndicatorStatus
Credit = Fraction | None


# Each unit the generated standards use: (dimension, size in the dimension's base unit).
# A year is 12 months, 2 half years, 4 quarters; a percent is a hundredth.
_UNITS: dict[str, tuple[str, Fraction]] = {
    "": ("1", Fraction(1)),
    "dimensionless": ("1", Fraction(1)),
    "%": ("1", Fraction(1, 100)),
    "percent": ("1", Fraction(1, 100)),
    "person": ("person", Fraction(1)),
    "household": ("household", Fraction(1)),
    "class_period": ("class_period", Fraction(1)),
    "second": ("time", Fraction(1)),
    "minute": ("time", Fraction(60)),
    "hour": ("time", Fraction(3600)),
    "day": ("time", Fraction(86400)),
    "1/year": ("1/time", Fraction(1)),
    "1/half_year": ("1/time", Fraction(2)),
    "1/quarter_year": ("1/time", Fraction(4)),
    "1/month": ("1/time", Fraction(12)),
}


def _size(unit: str) -> tuple[str, Fraction]:
    """The dimension and size of ``unit``, a unit of the table or ``a/b`` of two of them."""
    if unit in _UNITS:
        return _UNITS[unit]
    top, bottom = unit.split("/")
    (top_dim, top_size), (bottom_dim, bottom_size) = _UNITS[top], _UNITS[bottom]
    return f"{top_dim}/{bottom_dim}", top_size / bottom_size


def _in_base(limit: cs.Limit, compared: str) -> Fraction:
    """A limit in base units; a bare number is in the compared unit."""
    dimension, size = _size(limit.unit or compared)
    assert dimension == _size(compared)[0] or not limit.unit
    return limit.value * size


def _keeps(
    value: Fraction, check: cs.ThresholdCheck | cs.FrequencyCheck | cs.RatioCheck, unit: str
) -> Fraction:
    """1 when ``value`` (in base units of ``unit``) keeps the bounds: at least ``minimum``,
    more than ``more_than``, at most ``maximum``, less than ``less_than``."""
    if check.minimum is not None and not value >= _in_base(check.minimum, unit):
        return Fraction(0)
    if check.more_than is not None and not value > _in_base(check.more_than, unit):
        return Fraction(0)
    if check.maximum is not None and not value <= _in_base(check.maximum, unit):
        return Fraction(0)
    if check.less_than is not None and not value < _in_base(check.less_than, unit):
        return Fraction(0)
    return Fraction(1)


_NO_PERIODS: Mapping[str, cs.PeriodValues] = {}


def _credit(
    check: cs.Check,
    standard: cs.Standard,
    facts: Mapping[str, cs.FactValue],
    judgement: cs.Judgement | None,
    partial: Fraction,
    maximum: Fraction,
    periods: Mapping[str, cs.PeriodValues] = _NO_PERIODS,
    results: Mapping[str, tuple[S, Fraction]] | None = None,
) -> Credit:
    if isinstance(check, cs.ResultCheck):
        # the docs: the indicator read must be met, or earn at least `points`; not
        # assessed leaves this check without evidence, not applicable does not meet it
        status, points = (results or {})[check.indicator]
        if status is S.NOT_ASSESSED:
            return None
        if check.points is None:
            return Fraction(status is S.MET)
        return Fraction(points >= Fraction(check.points))
    if isinstance(check, cs.BooleanCheck):
        value = facts.get(check.fact)
        return None if value is None else Fraction(value is check.expected)
    if isinstance(check, cs.ThresholdCheck | cs.FrequencyCheck) and check.fact in periods:
        # the docs: given period by period, every period keeps the bounds; a rate over
        # another span fails when its average breaks them, and else cannot say
        given, unit = periods[check.fact], standard.fact(check.fact).unit
        size = _size(unit)[1]
        if given.counts:
            return min(_keeps(Fraction(count) * size, check, unit) for count in given.counts)
        assert given.average is not None
        return None if _keeps(given.average * size, check, unit) else Fraction(0)
    if isinstance(check, cs.ThresholdCheck | cs.FrequencyCheck):
        value = facts.get(check.fact)
        if value is None:
            return None
        unit = standard.fact(check.fact).unit
        value = Fraction(value) * _size(unit)[1]
        return _keeps(value, check, unit)
    if isinstance(check, cs.RatioCheck):
        top, bottom = facts.get(check.numerator), facts.get(check.denominator)
        if top is None or bottom is None:
            return None
        if bottom == 0:  # the standard says what it means; not applicable is seen above
            return Fraction(check.when_zero is cs.ZeroDenominator.MET)
        # the ratio of the two amounts, each in base units (-1 / -3 is 1/3)
        top_unit = standard.fact(check.numerator).unit
        bottom_unit = standard.fact(check.denominator).unit
        ratio = (Fraction(top) * _size(top_unit)[1]) / (Fraction(bottom) * _size(bottom_unit)[1])
        unit = "" if top_unit == bottom_unit else f"{top_unit or 'dimensionless'}/{bottom_unit}"
        return _keeps(ratio, check, unit)
    if isinstance(check, cs.AssessedCheck):
        if judgement is None:
            return None
        if judgement.points is not None:
            # the docs: points divided by the indicator's points; 0 of 0 is not "met"
            return (
                min(Fraction(judgement.points) / maximum, Fraction(1)) if maximum else Fraction(0)
            )
        return {
            cs.JudgementResult.MET: Fraction(1),
            cs.JudgementResult.PARTLY_MET: partial,
            cs.JudgementResult.NOT_MET: Fraction(0),
        }[judgement.result or cs.JudgementResult.NOT_MET]
    assert isinstance(check, cs.AllOf | cs.AnyOf)
    credits = [
        _credit(c, standard, facts, judgement, partial, maximum, periods, results)
        for c in check.checks
    ]
    known = [c for c in credits if c is not None]
    if isinstance(check, cs.AllOf):
        if known and min(known) == 0:
            return Fraction(0)
        return None if len(known) < len(credits) else min(known, default=Fraction(1))
    if known and max(known) >= 1:
        return Fraction(1)
    return None if len(known) < len(credits) else max(known)


def _zero_means_not_applicable(check: cs.Check, facts: Mapping[str, cs.FactValue]) -> bool:
    """A ratio anywhere in ``check`` over a zero denominator that the standard reads as
    "not applicable" (its numerator given)."""
    if isinstance(check, cs.AllOf | cs.AnyOf):
        return any(_zero_means_not_applicable(c, facts) for c in check.checks)
    return (
        isinstance(check, cs.RatioCheck)
        and check.when_zero is cs.ZeroDenominator.NOT_APPLICABLE
        and facts.get(check.numerator) is not None
        and facts.get(check.denominator) == 0
    )


def _condition_met(
    when: cs.Condition | cs.Check, standard: cs.Standard, facts: Mapping[str, cs.FactValue]
) -> bool:
    """The docs: a condition on a boolean fact holds when the fact has the value; any
    other check as a condition holds when it is met (a ratio's zero denominator read as
    "not applicable" included); a value missing leaves the indicator applicable."""
    if isinstance(when, cs.Condition):
        return facts.get(when.fact) is when.equals
    if _zero_means_not_applicable(when, facts):
        return True
    return _credit(when, standard, facts, None, Fraction(0), Fraction(0)) == 1


def _indicator(
    standard: cs.Standard,
    indicator: cs.Indicator,
    evidence: cs.Evidence,
    results: Mapping[str, tuple[S, Fraction]] | None = None,
) -> tuple[S, Fraction]:
    when = indicator.not_applicable_when
    # evidence may claim a prerequisite or veto item not applicable only where the
    # standard allows it for that item (not_applicable = true)
    claimable = (
        indicator.not_applicable is True
        if indicator.role is not cs.Role.SCORED
        else indicator.not_applicable is not False
    )
    if (indicator.id in evidence.not_applicable and claimable) or (
        when is not None and _condition_met(when, standard, evidence.facts)
    ):
        return S.NOT_APPLICABLE, Fraction(0)
    if any(_zero_means_not_applicable(c, evidence.facts) for c in indicator.checks):
        return S.NOT_APPLICABLE, Fraction(0)
    maximum = Fraction(indicator.points)
    if indicator.bands is not None:
        return _banded(standard, indicator.bands, evidence.facts, maximum)
    share = indicator.partial_credit
    partial = Fraction(standard.partial_credit if share is None else share)
    judgement = evidence.judgements.get(indicator.id)
    credits = [
        _credit(c, standard, evidence.facts, judgement, partial, maximum, evidence.periods, results)
        for c in indicator.checks
    ]
    known = [c for c in credits if c is not None]
    credit: Credit
    if indicator.award is cs.Award.PROPORTIONAL:
        missing = len(known) < len(credits)
        credit = (
            None if missing else (sum(known, Fraction(0)) / len(known) if known else Fraction(1))
        )
    elif known and min(known) == 0:
        credit = Fraction(0)
    else:
        credit = None if len(known) < len(credits) else min(known, default=Fraction(1))
    if credit is None:
        return S.NOT_ASSESSED, Fraction(0)
    awarded = maximum * credit
    if indicator.deductions:
        amounts = evidence.deductions.get(indicator.id, {})
        found = _taken(standard, indicator.deductions, None, evidence, amounts)
        if found is None:
            return S.NOT_ASSESSED, Fraction(0)
        taken = found
        if indicator.deduction_limit is not None:  # all deductions together, at most
            taken = min(taken, Fraction(indicator.deduction_limit))
        awarded = max(Fraction(0), awarded - taken)
        full, none = awarded == maximum, awarded == 0
    else:
        full, none = credit == 1, credit == 0
    return (S.MET if full else S.NOT_MET if none else S.PARTLY_MET), awarded


def _category(category: cs.Category, points: Mapping[str, Fraction]) -> Fraction:
    """What a category counts (docs/reference/scoring.md, "Groups and caps"): each group
    adds each path's points, keeps the ``choose`` paths with the most points and counts at
    most its ``cap``; the category adds its groups and its other indicators and counts at
    most its ``cap``."""
    grouped: set[str] = set()
    total = Fraction(0)
    for group in category.groups:
        paths = group.paths or [[i] for i in group.indicators]
        sums = sorted((sum((points[i] for i in path), Fraction(0)) for path in paths), reverse=True)
        grouped.update(i for path in paths for i in path)
        kept = sum(sums if group.choose is None else sums[: group.choose], Fraction(0))
        total += kept if group.cap is None else min(kept, Fraction(group.cap))
    total += sum((points[i.id] for i in category.indicators if i.id not in grouped), Fraction(0))
    return total if category.cap is None else min(total, Fraction(category.cap))


def _banded(
    standard: cs.Standard,
    bands: cs.BandTable,
    facts: Mapping[str, cs.FactValue],
    maximum: Fraction,
) -> tuple[S, Fraction]:
    """The docs: the band reached is the last step whose bound the value keeps; it gives
    its points (none reached: 0), or takes them off the indicator's (none: nothing off).
    A ratio's zero denominator: 0 points, full points, or not applicable."""
    if bands.fact is not None:
        value = facts.get(bands.fact)
        if value is None:
            return S.NOT_ASSESSED, Fraction(0)
        unit = standard.fact(bands.fact).unit
        amount = Fraction(value) * _size(unit)[1]
    else:
        assert bands.numerator is not None
        assert bands.denominator is not None
        top, bottom = facts.get(bands.numerator), facts.get(bands.denominator)
        if top is None or bottom is None:
            return S.NOT_ASSESSED, Fraction(0)
        if bottom == 0:
            if bands.when_zero is cs.ZeroDenominator.NOT_APPLICABLE:
                return S.NOT_APPLICABLE, Fraction(0)
            met = bands.when_zero is cs.ZeroDenominator.MET
            return (S.MET, maximum) if met else (S.NOT_MET, Fraction(0))
        top_unit = standard.fact(bands.numerator).unit
        bottom_unit = standard.fact(bands.denominator).unit
        amount = (Fraction(top) * _size(top_unit)[1]) / (Fraction(bottom) * _size(bottom_unit)[1])
        unit = "" if top_unit == bottom_unit else f"{top_unit or 'dimensionless'}/{bottom_unit}"
    reached = Fraction(0)
    for step in bands.steps:
        if _keeps(amount, step, unit):  # type: ignore[arg-type]  # a step has the same bounds
            reached = Fraction(step.points)
    awarded = maximum - reached if bands.effect is cs.BandEffect.DEDUCT else reached
    status = S.MET if awarded == maximum else S.NOT_MET if awarded == 0 else S.PARTLY_MET
    return status, awarded


@attrs.frozen
class Reference:
    results: dict[str, tuple[S, Fraction]]
    total: Fraction
    denominator: Fraction
    blocked: set[str]
    passed: bool
    tier: str | None


def _taken(
    standard: cs.Standard,
    deductions: tuple[cs.Deduction, ...],
    limit: object,
    evidence: cs.Evidence,
    amounts: Mapping[str, Fraction] | None = None,
) -> Fraction | None:
    """What deductions take off together, as the docs state an indicator's do."""
    taken = Fraction(0)
    for deduction in deductions:
        if deduction.when is not None:
            # the docs: a triggered deduction takes its points once where its check is
            # met; the check lacking evidence leaves the indicator not assessed
            fired = _credit(
                deduction.when, standard, evidence.facts, None, Fraction(0), Fraction(0)
            )
            if fired is None:
                return None
            times = Fraction(1) if fired == 1 else Fraction(0)
        else:
            count = evidence.facts.get(deduction.fact)
            if count is None:
                return None
            times = Fraction(count)
        if not times:
            continue  # not triggered, no incident: nothing taken, no amount read
        points = deduction.points
        if isinstance(points, cs.PointsRange):
            # the docs: the assessor's amount, from times × minimum to times × maximum;
            # missing or outside, the indicator is not assessed
            assert deduction.id is not None
            amount = (amounts or {}).get(deduction.id)
            if amount is None:
                return None
            if not times * Fraction(points.minimum) <= amount <= times * Fraction(points.maximum):
                return None
            off = amount
        else:
            off = Fraction(points) * times
        if deduction.limit is not None:
            off = min(off, Fraction(deduction.limit))
        taken += off
    if limit is not None:
        taken = min(taken, Fraction(str(limit)))
    return taken


def _reads(check: cs.Check) -> set[str]:
    if isinstance(check, cs.ResultCheck):
        return {check.indicator}
    if isinstance(check, cs.AllOf | cs.AnyOf):
        return set().union(*(_reads(c) for c in check.checks))
    return set()


def reference_score(standard: cs.Standard, evidence: cs.Evidence) -> Reference:
    # an indicator reading others' results is scored once they are (there is no circle)
    results: dict[str, tuple[S, Fraction]] = {}
    pending = [i for _, i in standard.indicators()]
    while pending:
        ready = [i for i in pending if set().union(*map(_reads, i.checks)) <= set(results)]
        assert ready, "a circle of references"
        for indicator in ready:
            results[indicator.id] = _indicator(standard, indicator, evidence, results)
        pending = [i for i in pending if i.id not in results]
    results = {i.id: results[i.id] for _, i in standard.indicators()}
    rescale = standard.not_applicable is cs.NotApplicablePolicy.RESCALE
    earned: list[Fraction] = []
    possible: list[Fraction] = []
    for category in standard.categories:
        counted_points = _category(category, {i.id: results[i.id][1] for i in category.indicators})
        if category.deductions:
            # the docs: a category's pool is taken off what it counts, never taking it
            # below its floor; evidence missing for it takes it down to the floor
            # (its ranged deductions' amounts given under the category's id)
            amounts = evidence.deductions.get(category.id, {})
            limit = category.deduction_limit
            off = _taken(standard, category.deductions, limit, evidence, amounts)
            low = min(counted_points, Fraction(category.floor))
            counted_points = low if off is None else max(low, counted_points - off)
        earned.append(counted_points)
        counted = {
            i.id: Fraction(i.points)
            if not (i.bonus or category.bonus)
            and not (rescale and results[i.id][0] is S.NOT_APPLICABLE)
            else Fraction(0)
            for i in category.indicators
        }
        possible.append(_category(category, counted))
    most = Fraction(standard.total_points)
    if standard.aggregation is cs.Aggregation.WEIGHTED:
        # a category with no applicable points leaves its weight out; the rest is rescaled
        # a bonus category's points are added as they are, above the total
        # nested weights: in a section, the section's weight is shared among its
        # categories with points, in proportion to their weights
        weights = nested_weights(
            standard.categories, standard.sections, [bool(p) for p in possible]
        )
        denominator = sum(weights, Fraction(0))
        total = sum(
            (w * (e / p) for w, e, p in zip(weights, earned, possible, strict=True) if p),
            Fraction(0),
        )
        total = total * most / denominator if denominator else Fraction(0)
        total += sum(
            (e for c, e in zip(standard.categories, earned, strict=True) if c.bonus), Fraction(0)
        )
    else:
        denominator = sum(possible, Fraction(0))
        total = sum(earned, Fraction(0))
        if rescale and denominator:
            total = total * most / denominator
    if standard.deductions:
        # the docs: deductions from the total (倒扣), never taking it below the floor
        # (its ranged deductions' amounts given under "total")
        amounts = evidence.deductions.get("total", {})
        off = _taken(standard, standard.deductions, standard.deduction_limit, evidence, amounts)
        low = min(total, Fraction(standard.floor))
        total = low if off is None else max(low, total - off)
    failed = [
        i
        for _, i in standard.indicators()
        if i.role is not cs.Role.SCORED and results[i.id][0] not in (S.MET, S.NOT_APPLICABLE)
    ]
    # what a failed gate does (docs: "Prerequisites and veto items"): deny the rating, or
    # cap the total (before the verdict), lower the tier by one, or cap it at a tier
    blocked = {i.id for i in failed if i.when_failed is cs.FailEffect.DENY}
    for i in failed:
        if i.when_failed is cs.FailEffect.CAP_TOTAL and i.failed_cap is not None:
            total = min(total, Fraction(i.failed_cap))
    passed = total >= standard.pass_mark and not blocked
    # a tier is given only with a pass: a tier below the pass mark is reached at the pass
    ids = [t.id for t in standard.tiers]
    # the highest tier whose minimum is reached and whose minimum standards are kept: each
    # named category earns its share of its applicable points (none applicable: kept), and
    # with starred_above_zero no applicable starred item scores 0
    shares = {c.id: (e, p) for c, e, p in zip(standard.categories, earned, possible, strict=True)}

    def kept(tier: cs.Tier) -> bool:
        for share in tier.shares:
            got, out_of = shares[share.category]
            if out_of and got < Fraction(share.minimum) * out_of:
                return False
        if tier.starred_above_zero:
            for _, i in standard.indicators():
                status, points = results[i.id]
                if i.starred and status is not S.NOT_APPLICABLE and points == 0:
                    return False
        return True

    reached = [t.id for t in standard.tiers if total >= t.minimum and kept(t)]
    level = ids.index(reached[-1]) if reached and passed else -1
    for i in failed:
        if i.when_failed is cs.FailEffect.LOWER_TIER:
            level = max(level - 1, -1)
        elif i.when_failed is cs.FailEffect.CAP_TIER and i.failed_tier is not None:
            level = min(level, ids.index(i.failed_tier))
    return Reference(
        results=results,
        total=total,
        denominator=denominator,
        blocked=blocked,
        passed=passed,
        tier=ids[level] if level >= 0 else None,
    )


def _compare(standard: cs.Standard, evidence: cs.Evidence) -> None:
    card = cs.score(standard, evidence)
    expected = reference_score(standard, evidence)
    got = {r.id: (r.status, r.awarded) for r in card.indicators}
    assert got == expected.results
    assert card.total == expected.total
    assert card.denominator == expected.denominator
    assert set(card.blocked_by) == expected.blocked
    assert card.passed is expected.passed
    assert card.tier == expected.tier
    for result in card.indicators:
        # points lost are explained
        if result.status in (S.NOT_MET, S.NOT_ASSESSED, S.NOT_APPLICABLE) and result.maximum:
            assert result.reasons


@given(standards_and_evidence())
def test_scores_agree_with_the_reference(case: tuple[Generated, cs.Evidence]) -> None:
    generated, evidence = case
    _compare(generated.standard, evidence)


@given(st.data())
def test_scores_agree_with_the_reference_near_every_limit(data: st.DataObject) -> None:
    """Facts on, just under and just over the limits their checks draw."""
    generated = data.draw(standards())
    evidence = data.draw(evidence_for(generated, complete=True))
    facts = dict(evidence.facts)
    periods = dict(evidence.periods)
    near = full_marks_facts(generated.standard)
    for key, value in near.items():
        spec = generated.facts[key]
        if spec.boolean or not data.draw(st.booleans()):
            continue
        nudge = data.draw(st.sampled_from((Fraction(0), Fraction(1), Fraction(-1))))
        if spec.fact.kind is cs.FactKind.QUANTITY:
            nudge /= data.draw(st.sampled_from((1, 2, 10, 1000)))
        moved = Fraction(value) + nudge
        if spec.low is not None and spec.high is not None and spec.low <= moved <= spec.high:
            facts[key] = moved.numerator if moved.denominator == 1 else moved
            periods.pop(key, None)  # one value for the fact, as a reader gives it
    _compare(generated.standard, attrs.evolve(evidence, facts=facts, periods=periods))


def test_tianjin_agrees_with_the_reference(tianjin: cs.Standard) -> None:
    facts = full_marks_facts(tianjin)
    judgements = {
        "roads": cs.Judgement(result=cs.JudgementResult.PARTLY_MET),
        "sanitation": cs.Judgement(points=Decimal("2.5")),
    }
    evidence = cs.Evidence(
        community=cs.Community(id="c", name="n"), facts=facts, judgements=judgements
    )
    _compare(tianjin, evidence)
    for key in ("households", "residents_representatives", "leader_training"):
        for delta in (-1, 1):
            changed = {**facts, key: Fraction(facts[key]) + delta}
            _compare(tianjin, attrs.evolve(evidence, facts=changed))


def _ratio_standard(minimum: str) -> cs.Standard:
    return cs.loads_standard(
        f"""
id = "ratio"
version = "1"
title = {{ en = "Ratio" }}
total_points = 10
pass_mark = 10
[[facts]]
key = "a"
kind = "quantity"
description = {{ en = "a" }}
[[facts]]
key = "b"
kind = "quantity"
description = {{ en = "b" }}
[[categories]]
id = "c"
title = {{ en = "c" }}
points = 10
[[categories.indicators]]
id = "r"
number = "1"
text = {{ en = "r" }}
points = 10
checks = [{{ kind = "ratio", numerator = "a", denominator = "b", minimum = "{minimum}" }}]
"""
    )


def test_a_ratio_of_two_negatives_is_their_quotient() -> None:
    """-1 / -3 is 1/3: below a minimum of 1/2, at a minimum of 1/3, above one of 1/4.

    Comparing -1 * 2 >= 1 * -3 without minding the denominator's sign would call the first
    one met.
    """
    community = cs.Community(id="c", name="n")
    for minimum, status in (("1/2", S.NOT_MET), ("1/3", S.MET), ("1/4", S.MET)):
        standard = _ratio_standard(minimum)
        for a, b in ((-1, -3), (Fraction(-1, 2), Fraction(-3, 2))):
            evidence = cs.Evidence(community=community, facts={"a": a, "b": b})
            assert reference_score(standard, evidence).results["r"][0] is status
            assert cs.score(standard, evidence).indicator("r").status is status
            _compare(standard, evidence)
