"""Property tests of scoring: sums, bounds, the pass mark, monotonicity, order and units.

Standards and evidence come from :mod:`strategies`; every standard generated is valid.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import community_standards as cs
from community_standards.model.measures import limit_in, ratio_unit
from community_standards.units.convert import conversion_factor
from community_standards.units.numbers import is_decimal, to_decimal
from strategies import (
    Generated,
    counted_most,
    evidence_for,
    evidence_toml,
    full_marks_facts,
    gates,
    improvements,
    judged_indicators,
    nested_weights,
    standards,
    standards_and_evidence,
    unit_choices,
)

S = cs.IndicatorStatus
POINTS_ONLY = {"aggregations": (cs.Aggregation.POINTS,)}
FINE_STEPS = {"steps": (Decimal("0.1"), Decimal("0.5"))}


def results_by_id(card: cs.Scorecard) -> dict[str, cs.IndicatorResult]:
    return {result.id: result for result in card.indicators}


def outcome(card: cs.Scorecard) -> dict[str, Any]:
    """What a scorecard says, independent of the order of the standard's parts."""
    return {
        "indicators": results_by_id(card),
        "categories": {category.id: category for category in card.categories},
        "total": card.total,
        "maximum": card.maximum,
        "denominator": card.denominator,
        "pass_mark": card.pass_mark,
        "passed": card.passed,
        "tier": card.tier,
        "blocked_by": sorted(card.blocked_by),
    }


def ceiling(standard: cs.Standard) -> Fraction:
    """The most a community can score: the total and the bonus points, a weighted
    category's bonus counted by its weight over its points (each category counted by its
    groups and cap), a bonus category's points added as they are."""
    extra = sum(
        (
            counted_most(c, bonus=True) - counted_most(c, bonus=False)
            for c in standard.categories
            if c.bonus or standard.aggregation is not cs.Aggregation.WEIGHTED
        ),
        Decimal(0),
    )
    if standard.aggregation is not cs.Aggregation.WEIGHTED:
        return Fraction(standard.total_points + extra)
    # nested weights: a section's weight shared among its categories with points
    weights = nested_weights(
        standard.categories, standard.sections, [bool(c.points) for c in standard.categories]
    )
    reached, counted = Fraction(0), sum(weights, Fraction(0))
    for category, weight in zip(standard.categories, weights, strict=True):
        own = Fraction(category.points)
        if own and not category.bonus:
            most = Fraction(counted_most(category, bonus=True))
            reached += weight * most / own
    weighted = reached * Fraction(standard.total_points) / counted if counted else Fraction(0)
    return weighted + Fraction(extra)


# -- points add up -----------------------------------------------------------------------


@given(standards())
def test_generated_points_add_up_and_validation_notices_when_they_do_not(
    generated: Generated,
) -> None:
    standard = generated.standard
    assert cs.standard_problems(standard) == []
    for category in standard.categories:
        if category.groups or category.cap is not None or category.bonus:
            # a bonus category's points: the most it adds, above the total
            assert counted_most(category, bonus=category.bonus) == category.points
            continue
        assert sum((i.points for i in category.indicators if not i.bonus), Decimal(0)) == (
            category.points
        )
    assert (
        sum((c.points for c in standard.categories if not c.bonus), Decimal(0))
        == standard.total_points
    )
    if standard.aggregation is cs.Aggregation.WEIGHTED:
        # the top level (sections, and the categories outside them) adds up to the total;
        # a section's categories to 100 (per cent of the section)
        top = [c.weight or Decimal(0) for c in standard.categories if c.section is None]
        top += [section.weight for section in standard.sections]
        assert sum(top, Decimal(0)) == standard.total_points
        for section in standard.sections:
            inside = [
                c.weight or Decimal(0) for c in standard.categories if c.section == section.id
            ]
            assert sum(inside, Decimal(0)) == 100
    # the first indicator (always a plain scored one) worth one step more: its category
    # no longer adds up; with the category's points raised too, the total no longer does
    first = standard.categories[0]
    grown = attrs.evolve(first.indicators[0], points=first.indicators[0].points + generated.step)
    changed = attrs.evolve(first, indicators=(grown, *first.indicators[1:]))
    broken = attrs.evolve(standard, categories=(changed, *standard.categories[1:]))
    paths = {problem.path for problem in cs.standard_problems(broken)}
    assert "categories[0].points" in paths
    assert "total_points" not in paths
    changed = attrs.evolve(changed, points=first.points + generated.step)
    broken = attrs.evolve(standard, categories=(changed, *standard.categories[1:]))
    paths = {problem.path for problem in cs.standard_problems(broken)}
    assert "categories[0].points" not in paths
    # weighted, a category's points are in its own units: only the weights make the total
    weighted = standard.aggregation is cs.Aggregation.WEIGHTED
    assert ("total_points" in paths) is not weighted


def test_tianjin_adds_up_to_100(tianjin: cs.Standard) -> None:
    assert tianjin.total_points == 100
    assert tianjin.pass_mark == 80
    assert sum((c.points for c in tianjin.categories), Decimal(0)) == 100
    for category in tianjin.categories:
        assert sum((i.points for i in category.indicators), Decimal(0)) == category.points
    assert sum(1 for _ in tianjin.indicators()) == 60


def _tianjin_evidence(tianjin: cs.Standard, results: dict[str, str]) -> cs.Evidence:
    judgements = {
        indicator.id: {"result": results.get(indicator.id, "met")}
        for indicator in judged_indicators(tianjin)
    }
    facts: dict[str, Any] = {}
    for key, value in full_marks_facts(tianjin).items():
        unit = tianjin.fact(key).unit
        facts[key] = value if isinstance(value, bool) or not unit else f"{value} {unit}"
    document = {
        "community": {"id": "t", "name": "测试社区"},
        "facts": facts,
        "judgements": judgements,
    }
    return cs.evidence_from_dict(document, tianjin, "tianjin-evidence.toml", strict=True)


def test_tianjin_full_marks(tianjin: cs.Standard) -> None:
    card = cs.score(tianjin, _tianjin_evidence(tianjin, {}))
    assert all(result.status is S.MET for result in card.indicators)
    assert card.total == 100
    assert card.passed


def _assignment(items: list[cs.Indicator], lost: Fraction) -> dict[str, str] | None:
    """Judge some of ``items`` not met or partly met so that exactly ``lost`` points go."""
    reachable: dict[Fraction, dict[str, str]] = {Fraction(0): {}}
    for indicator in items:
        points = Fraction(indicator.points)
        for sum_so_far, chosen in list(reachable.items()):
            for result, share in (("not_met", points), ("partly_met", points / 2)):
                total = sum_so_far + share
                if total <= lost and total not in reachable:
                    reachable[total] = {**chosen, indicator.id: result}
    return reachable.get(lost)


@given(st.randoms(use_true_random=False), st.sampled_from([Fraction(20), Fraction(41, 2)]))
def test_tianjin_passes_at_exactly_80_and_fails_at_79_5(
    tianjin: cs.Standard, rng: random.Random, lost: Fraction
) -> None:
    items = judged_indicators(tianjin)
    rng.shuffle(items)
    chosen = _assignment(items, lost)
    assert chosen is not None
    card = cs.score(tianjin, _tianjin_evidence(tianjin, chosen))
    assert card.total == 100 - lost
    assert card.blocked_by == ()
    assert card.passed is (lost == 20)
    assert card.passed is (card.total >= 80)


# -- bounds ------------------------------------------------------------------------------


def _check_bounds(standard: cs.Standard, card: cs.Scorecard) -> None:
    indicators = {i.id: (c, i) for c, i in standard.indicators()}
    for result in card.indicators:
        category, indicator = indicators[result.id]
        assert result.category == category.id
        assert result.maximum == indicator.points
        assert 0 <= result.awarded <= result.maximum
        if result.status is S.MET:
            assert result.awarded == result.maximum
        if result.status in (S.NOT_MET, S.NOT_ASSESSED, S.NOT_APPLICABLE):
            assert result.awarded == 0
    rescale = standard.not_applicable is cs.NotApplicablePolicy.RESCALE
    for category, subtotal in zip(standard.categories, card.categories, strict=True):
        assert subtotal.id == category.id
        results = [card.indicator(i.id) for i in category.indicators]
        counted = [
            r for r in results if not r.bonus and not (rescale and r.status is S.NOT_APPLICABLE)
        ]
        added = sum((r.awarded for r in results), Fraction(0))
        most = sum((r.maximum for r in counted), Fraction(0))
        if category.groups or category.cap is not None or category.deductions:
            # groups, caps and a deduction pool only ever leave points out, and say so
            assert 0 <= subtotal.points <= added
            assert 0 <= subtotal.possible <= most
            if not category.deductions:
                assert bool(subtotal.reasons) is (subtotal.points < added)
            elif subtotal.points < added:
                assert subtotal.reasons
            continue
        assert subtotal.points == added
        assert subtotal.possible == most
        assert not subtotal.reasons
    added_up = sum((c.score for c in card.categories), Fraction(0))
    caps = [Fraction(str(e.data[1])) for e in card.effects if e.kind == "total_capped"]
    # the categories add up to the total, unless a failed gate capped it or deductions
    # from the total took some off (docs: each says so in effects)
    if standard.deductions:
        assert card.total <= added_up
    else:
        assert card.total == (min(added_up, *caps) if caps else added_up)
    assert card.maximum == standard.total_points
    assert card.total >= 0
    if not any(i.bonus or c.bonus for c, i in standard.indicators()):
        for subtotal in card.categories:
            assert 0 <= subtotal.points <= subtotal.possible
            assert 0 <= subtotal.score <= subtotal.maximum
        assert card.total <= card.maximum


@given(standards_and_evidence())
def test_every_award_and_subtotal_lies_within_its_bounds(
    case: tuple[Generated, cs.Evidence],
) -> None:
    generated, evidence = case
    _check_bounds(generated.standard, cs.score(generated.standard, evidence))


@given(standards_and_evidence(bonus=False, groups=False, **POINTS_ONLY))
def test_points_standards_without_bonus_never_exceed_their_total(
    case: tuple[Generated, cs.Evidence],
) -> None:
    generated, evidence = case
    card = cs.score(generated.standard, evidence)
    _check_bounds(generated.standard, card)
    if generated.standard.not_applicable is not cs.NotApplicablePolicy.RESCALE:
        assert card.denominator == generated.standard.total_points
        added_up = sum((r.awarded for r in card.indicators), Fraction(0))
        caps = [Fraction(str(e.data[1])) for e in card.effects if e.kind == "total_capped"]
        pooled = generated.standard.deductions or any(
            c.deductions for c in generated.standard.categories
        )
        if pooled:  # deduction pools only take points off
            assert card.total <= (min(added_up, *caps) if caps else added_up)
        else:
            assert card.total == (min(added_up, *caps) if caps else added_up)


# -- the pass mark -----------------------------------------------------------------------


def _check_verdict(standard: cs.Standard, card: cs.Scorecard) -> None:
    assert card.passed == (card.total >= card.pass_mark and not card.blocked_by)
    assert card.pass_mark == standard.pass_mark
    gate_ids = gates(standard)
    assert set(card.blocked_by) <= gate_ids
    assert len(set(card.blocked_by)) == len(card.blocked_by)
    for result in card.indicators:
        if result.id in gate_ids and result.status is S.MET:
            assert result.id not in card.blocked_by
        if result.id in gate_ids and result.status is S.NOT_MET:
            assert result.id in card.blocked_by
    reached = [tier.id for tier in standard.tiers if card.total >= tier.minimum]
    # a tier only with a pass: a failing community gets none, even above a tier's minimum
    expected_tier = None if not card.passed or not reached else reached[-1]
    if not card.effects:  # a failed gate's effect lowers or caps it (see the reference)
        assert card.tier == expected_tier


@given(standards_and_evidence())
def test_passed_is_total_at_least_pass_mark_and_nothing_blocking(
    case: tuple[Generated, cs.Evidence],
) -> None:
    generated, evidence = case
    _check_verdict(generated.standard, cs.score(generated.standard, evidence))


@given(standards_and_evidence(**FINE_STEPS))
def test_a_total_exactly_at_the_mark_passes_and_one_step_under_fails(
    case: tuple[Generated, cs.Evidence],
) -> None:
    generated, evidence = case
    standard, step = generated.standard, generated.step
    total = cs.score(standard, evidence).total
    assume(is_decimal(total) and to_decimal(total) + step <= ceiling(standard))
    at_mark = attrs.evolve(standard, pass_mark=to_decimal(total))
    cs.validate_standard(at_mark)
    card = cs.score(at_mark, evidence)
    assert card.total == total
    assert card.total == card.pass_mark
    assert card.passed is (not card.blocked_by)
    _check_verdict(at_mark, card)
    # the same total one step under the mark (0.1 or 0.5: no rounding in between)
    above = attrs.evolve(standard, pass_mark=to_decimal(total) + step)
    cs.validate_standard(above)
    card = cs.score(above, evidence)
    assert card.total == total
    assert card.pass_mark - card.total == Fraction(step)
    assert not card.passed
    _check_verdict(above, card)


@given(st.data())
def test_the_tier_is_the_highest_one_reached(data: st.DataObject) -> None:
    generated, evidence = data.draw(standards_and_evidence(effects=False, **FINE_STEPS))
    standard, step = generated.standard, generated.step
    total = cs.score(standard, evidence).total
    top = ceiling(standard)
    # tiers below, at and above the total (as far as the standard allows)
    reached = int(Fraction(total) / Fraction(step))
    candidates = {0, reached // 2, reached, reached + 1, int(top / Fraction(step))}
    minima = sorted(m for m in candidates if step * m <= top)
    tiers = tuple(cs.Tier(id=f"t{m}", title=cs.Text(en=f"{m}"), minimum=step * m) for m in minima)
    tiered = attrs.evolve(standard, tiers=tiers)
    cs.validate_standard(tiered)
    card = cs.score(tiered, evidence)
    assert card.total == total
    highest = max((tier for tier in tiers if tier.minimum <= total), key=lambda t: t.minimum)
    assert card.tier == (highest.id if card.passed else None)
    _check_verdict(tiered, card)


# -- monotonicity ------------------------------------------------------------------------


@given(st.data())
def test_moving_facts_or_judgements_the_favoured_way_never_lowers_a_score(
    data: st.DataObject,
) -> None:
    generated, evidence = data.draw(standards_and_evidence())
    standard = generated.standard
    before = cs.score(standard, evidence)
    better = evidence
    for _ in range(data.draw(st.integers(1, 4))):
        better = data.draw(improvements(generated, better))
    after = cs.score(standard, better)
    for old, new in zip(before.indicators, after.indicators, strict=True):
        assert new.awarded >= old.awarded, (old, new)
    for old_category, new_category in zip(before.categories, after.categories, strict=True):
        assert new_category.score >= old_category.score
    assert after.total >= before.total
    assert after.passed or not before.passed or after.blocked_by


@given(st.data())
def test_meeting_every_check_scores_the_maximum(data: st.DataObject) -> None:
    """The facts every check was drawn to accept, every judgement met: full marks."""
    # no findings that cost points, no result read from an item that may not apply
    generated = data.draw(standards(bonus=False, triggers=False, references=False))
    standard = generated.standard
    evidence = data.draw(evidence_for(generated, complete=True, not_applicable=False))
    judgements = {key: cs.Judgement(result=cs.JudgementResult.MET) for key in evidence.judgements}
    best = attrs.evolve(evidence, facts=dict(generated.full_marks), judgements=judgements)
    card = cs.score(standard, best)
    applicable = [r for r in card.indicators if r.status is not S.NOT_APPLICABLE]
    assert all(r.status is S.MET for r in applicable), [
        r for r in applicable if r.status is not S.MET
    ]
    assert card.blocked_by == ()
    if any(r.status is S.NOT_APPLICABLE for r in card.indicators):
        return
    if standard.aggregation is cs.Aggregation.POINTS:
        assert card.total == standard.total_points
        assert card.passed
    else:
        # a weighted category worth no points leaves its weight to the others
        for subtotal in card.categories:
            assert subtotal.score == subtotal.maximum
            assert subtotal.possible or not subtotal.maximum
        assert card.total == (standard.total_points if card.denominator else 0)


# -- order and units ---------------------------------------------------------------------


def _shuffled(
    draw: Callable[[st.SearchStrategy[Any]], Any], items: Iterable[Any]
) -> tuple[Any, ...]:
    return tuple(draw(st.permutations(list(items))))


@given(st.data())
def test_the_order_of_categories_indicators_and_facts_does_not_matter(
    data: st.DataObject,
) -> None:
    generated, evidence = data.draw(standards_and_evidence())
    standard = generated.standard
    categories = tuple(
        attrs.evolve(category, indicators=_shuffled(data.draw, category.indicators))
        for category in _shuffled(data.draw, standard.categories)
    )
    reordered = attrs.evolve(
        standard, categories=categories, facts=_shuffled(data.draw, standard.facts)
    )
    cs.validate_standard(reordered)
    order = list(_shuffled(data.draw, evidence.facts))
    loaded = cs.loads_evidence(evidence_toml(generated, evidence, order=order), reordered)
    assert list(loaded.facts) == order
    assert outcome(cs.score(reordered, loaded)) == outcome(cs.score(standard, evidence))


@given(st.data())
def test_evidence_written_in_other_units_scores_the_same(data: st.DataObject) -> None:
    generated, evidence = data.draw(standards_and_evidence())
    units = data.draw(unit_choices(generated, evidence))
    text = evidence_toml(generated, evidence, units)
    loaded = cs.loads_evidence(text, generated.standard, "other-units.toml")
    assert loaded.facts == evidence.facts
    assert cs.score(generated.standard, loaded) == cs.score(generated.standard, evidence)


def _rewrite(
    check: cs.Check,
    standard: cs.Standard,
    generated: Generated,
    choose: Callable[[tuple[str, ...]], str],
) -> cs.Check:
    """``check`` with every limit written in another unit of the compared value."""
    if isinstance(check, cs.AllOf | cs.AnyOf):
        inner = tuple(_rewrite(c, standard, generated, choose) for c in check.checks)
        return attrs.evolve(check, checks=inner)
    if isinstance(check, cs.ThresholdCheck | cs.FrequencyCheck):
        unit = standard.fact(check.fact).unit
        others = (unit, *generated.facts[check.fact].alternatives)
    elif isinstance(check, cs.RatioCheck):
        unit = ratio_unit(standard.fact(check.numerator), standard.fact(check.denominator))
        others = ("%", "percent") if not unit else (unit,)
    else:
        return check

    def moved(limit: cs.Limit | None) -> cs.Limit | None:
        if limit is None:
            return None
        target = choose(others)
        value = limit_in(limit, unit) * (conversion_factor(unit, target) if target else 1)
        return cs.Limit(value=value, unit=target)

    return attrs.evolve(check, minimum=moved(check.minimum), maximum=moved(check.maximum))


@given(st.data())
def test_limits_written_in_other_units_score_the_same(data: st.DataObject) -> None:
    generated, evidence = data.draw(standards_and_evidence())
    standard = generated.standard

    def choose(options: tuple[str, ...]) -> str:
        picked: str = data.draw(st.sampled_from(options))
        return picked

    categories = tuple(
        attrs.evolve(
            category,
            indicators=tuple(
                attrs.evolve(
                    indicator,
                    checks=tuple(
                        _rewrite(c, standard, generated, choose) for c in indicator.checks
                    ),
                )
                for indicator in category.indicators
            ),
        )
        for category in standard.categories
    )
    rewritten = attrs.evolve(standard, categories=categories)
    cs.validate_standard(rewritten)
    old, new = cs.score(standard, evidence), cs.score(rewritten, evidence)
    assert [(r.id, r.status, r.awarded) for r in new.indicators] == [
        (r.id, r.status, r.awarded) for r in old.indicators
    ]
    assert (new.total, new.passed, new.tier, new.blocked_by) == (
        old.total,
        old.passed,
        old.tier,
        old.blocked_by,
    )


@pytest.mark.parametrize(
    ("written", "declared", "value"),
    [
        ("90 minute", "hour", Fraction(3, 2)),
        ("1.5 hour", "minute", 90),
        ("4 / year", "1/half_year", 2),
        ("1 / half_year", "1/year", 2),
        ("85 %", "", Fraction(17, 20)),
        ("0.85 dimensionless", "%", 85),
        ("12 人", "person", 12),
        ("56 学时", "class_period", 56),
    ],
)
def test_unit_conversions_used_by_the_generators_are_exact(
    written: str, declared: str, value: Fraction | int
) -> None:
    fact = cs.Fact(key="x", kind=cs.FactKind.QUANTITY, unit=declared, description=cs.Text(en="x"))
    from community_standards.formats.evidence import normalise_fact

    assert normalise_fact(fact, written) == value
