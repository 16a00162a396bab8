"""Scoring against a reference: a plain reading of the rules, written out once more.

The library scores through a compiled plan and a generated fast path for indicators that
are plainly met. This module evaluates the same rules directly, check by check, with
nothing precomputed, and asks for the same statuses, points, totals and verdicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import given
from hypothesis import strategies as st

import community_standards as cs
from community_standards.model.measures import limit_in, ratio_unit
from strategies import Generated, evidence_for, full_marks_facts, standards, standards_and_evidence

S = cs.IndicatorStatus
Credit = Fraction | None


def _within(value: Fraction, low: cs.Limit | None, high: cs.Limit | None, unit: str) -> Fraction:
    if low is not None and value < limit_in(low, unit):
        return Fraction(0)
    if high is not None and value > limit_in(high, unit):
        return Fraction(0)
    return Fraction(1)


def _credit(
    check: cs.Check,
    standard: cs.Standard,
    facts: Mapping[str, cs.FactValue],
    judgement: cs.Judgement | None,
    partial: Fraction,
    maximum: Fraction,
) -> Credit:
    if isinstance(check, cs.BooleanCheck):
        value = facts.get(check.fact)
        return None if value is None else Fraction(value is check.expected)
    if isinstance(check, cs.ThresholdCheck | cs.FrequencyCheck):
        value = facts.get(check.fact)
        if value is None:
            return None
        return _within(
            Fraction(value), check.minimum, check.maximum, standard.fact(check.fact).unit
        )
    if isinstance(check, cs.RatioCheck):
        top, bottom = facts.get(check.numerator), facts.get(check.denominator)
        if top is None or bottom is None or bottom == 0:
            return None
        unit = ratio_unit(standard.fact(check.numerator), standard.fact(check.denominator))
        return _within(Fraction(top) / Fraction(bottom), check.minimum, check.maximum, unit)
    if isinstance(check, cs.AssessedCheck):
        if judgement is None:
            return None
        if judgement.points is not None:
            return (
                min(Fraction(judgement.points) / maximum, Fraction(1)) if maximum else Fraction(1)
            )
        return {
            cs.JudgementResult.MET: Fraction(1),
            cs.JudgementResult.PARTLY_MET: partial,
            cs.JudgementResult.NOT_MET: Fraction(0),
        }[judgement.result or cs.JudgementResult.NOT_MET]
    assert isinstance(check, cs.AllOf | cs.AnyOf)
    credits = [_credit(c, standard, facts, judgement, partial, maximum) for c in check.checks]
    known = [c for c in credits if c is not None]
    if isinstance(check, cs.AllOf):
        if known and min(known) == 0:
            return Fraction(0)
        return None if len(known) < len(credits) else min(known, default=Fraction(1))
    if known and max(known) >= 1:
        return Fraction(1)
    return None if len(known) < len(credits) else max(known)


def _indicator(
    standard: cs.Standard, indicator: cs.Indicator, evidence: cs.Evidence
) -> tuple[S, Fraction]:
    when = indicator.not_applicable_when
    if indicator.id in evidence.not_applicable or (
        when is not None and evidence.facts.get(when.fact) is when.equals
    ):
        return S.NOT_APPLICABLE, Fraction(0)
    maximum = Fraction(indicator.points)
    share = indicator.partial_credit
    partial = Fraction(standard.partial_credit if share is None else share)
    judgement = evidence.judgements.get(indicator.id)
    credits = [
        _credit(c, standard, evidence.facts, judgement, partial, maximum) for c in indicator.checks
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
        taken = Fraction(0)
        for deduction in indicator.deductions:
            count = evidence.facts.get(deduction.fact)
            if count is None:
                return S.NOT_ASSESSED, Fraction(0)
            off = Fraction(deduction.points) * Fraction(count)
            if deduction.limit is not None:
                off = min(off, Fraction(deduction.limit))
            taken += off
        awarded = max(Fraction(0), awarded - taken)
        full, none = awarded == maximum, awarded == 0
    else:
        full, none = credit == 1, credit == 0
    return (S.MET if full else S.NOT_MET if none else S.PARTLY_MET), awarded


@attrs.frozen
class Reference:
    results: dict[str, tuple[S, Fraction]]
    total: Fraction
    denominator: Fraction
    blocked: set[str]
    passed: bool
    tier: str | None


def reference_score(standard: cs.Standard, evidence: cs.Evidence) -> Reference:
    results = {i.id: _indicator(standard, i, evidence) for _, i in standard.indicators()}
    rescale = standard.not_applicable is cs.NotApplicablePolicy.RESCALE
    earned: list[Fraction] = []
    possible: list[Fraction] = []
    for category in standard.categories:
        earned.append(sum((results[i.id][1] for i in category.indicators), Fraction(0)))
        counted = [
            i
            for i in category.indicators
            if not i.bonus and not (rescale and results[i.id][0] is S.NOT_APPLICABLE)
        ]
        possible.append(sum((Fraction(i.points) for i in counted), Fraction(0)))
    most = Fraction(standard.total_points)
    if standard.aggregation is cs.Aggregation.WEIGHTED:
        # a category with no applicable points leaves its weight out; the rest is rescaled
        weights = [Fraction(c.weight or 0) for c in standard.categories]
        denominator = sum((w for w, p in zip(weights, possible, strict=True) if p), Fraction(0))
        total = sum(
            (w * (e / p) for w, e, p in zip(weights, earned, possible, strict=True) if p),
            Fraction(0),
        )
        total = total * most / denominator if denominator else Fraction(0)
    else:
        denominator = sum(possible, Fraction(0))
        total = sum(earned, Fraction(0))
        if rescale and denominator:
            total = total * most / denominator
    blocked = {
        i.id
        for _, i in standard.indicators()
        if i.role is not cs.Role.SCORED and results[i.id][0] not in (S.MET, S.NOT_APPLICABLE)
    }
    reached = [t.id for t in standard.tiers if total >= t.minimum]
    return Reference(
        results=results,
        total=total,
        denominator=denominator,
        blocked=blocked,
        passed=total >= standard.pass_mark and not blocked,
        tier=reached[-1] if reached and not blocked else None,
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
    _compare(generated.standard, attrs.evolve(evidence, facts=facts))


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
