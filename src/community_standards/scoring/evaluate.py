"""Scoring: a pure function from a standard and evidence to a :class:`Scorecard`.

The standard is compiled once into a :class:`~community_standards.scoring.plan.ScoringPlan`
(limits converted to the facts' units); evidence arrives normalised. Scoring runs the
plan's fast path to find the indicators that are not plainly met, explains those with
the plan's nodes, and adds up the categories. Nothing is remembered between calls but
the compiled plan itself.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction

from ..model.evidence import Evidence
from ..model.standard import TOTAL_POOL, FailEffect, Standard
from .plan import IndicatorPlan, ScoringPlan, build_plan, floored, plain_units, take_deductions
from .scorecard import CategoryResult, IndicatorResult, IndicatorStatus, Reason, Scorecard

__all__ = ["compile_standard", "score", "score_many", "score_plan", "verdict"]

_ZERO = Fraction(0)
_ONE = Fraction(1)
_MET, _PARTLY = IndicatorStatus.MET, IndicatorStatus.PARTLY_MET
_NOT_APPLICABLE = IndicatorStatus.NOT_APPLICABLE


@functools.lru_cache(maxsize=64)
def compile_standard(standard: Standard) -> ScoringPlan:
    """Return the scoring plan of ``standard`` (:func:`~.plan.build_plan`), cached per standard.

    Scoring many communities against one standard compiles it once.
    """
    return build_plan(standard)


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
    return score_plan(compile_standard(standard), evidence)


def score_plan(plan: ScoringPlan, evidence: Evidence, *, explain_all: bool = False) -> Scorecard:
    """Score ``evidence`` with a compiled ``plan`` (what :func:`score` does).

    ``explain_all`` explains every indicator with the plan's nodes instead of asking the
    fast path which are plainly met: the same scorecard, more slowly (for tests and for
    engines that check themselves against this one).

    .. versionadded:: 0.2.0
    """
    results, earned, possible, blocked, failed = _explain(plan, evidence, explain_all=explain_all)
    notes: dict[int, tuple[Reason, ...]] = {}
    if plan.counted or plan.pools:  # groups and caps, then deduction pools
        notes = _count_by_rules(plan, results, earned, possible)
        _take_pools(plan, evidence, earned, notes)
    total, denominator, categories = _aggregate(plan, earned, possible)
    if notes:
        categories = _with_reasons(categories, notes)
    total, deducted = _deduct_total(plan, evidence, total)
    total, passed, tier, effects = verdict(plan, total, categories, results, blocked, failed)
    effects = deducted + effects
    return Scorecard(
        standard=plan.stamp,
        community=evidence.community,
        indicators=tuple(results),
        categories=categories,
        total=total,
        maximum=plan.total_points,
        denominator=denominator,
        pass_mark=plan.pass_mark,
        passed=passed,
        tier=tier,
        blocked_by=tuple(blocked),
        effects=effects,
    )


def _explain(plan: ScoringPlan, evidence: Evidence, *, explain_all: bool) -> tuple[
    list[IndicatorResult], list[int | Fraction], list[int | Fraction], list[str],
    list[IndicatorPlan],
]:  # fmt: skip
    """Start from "every indicator met", then explain the ones that are not.

    Returns each indicator's result, each category's earned and possible points (in plan
    units), the gates (prerequisite or veto items) not met that deny the rating, and
    those not met whose effect is another (``when_failed``).
    """
    indicators = plan.indicators
    results = list(plan.all_met)
    earned: list[int | Fraction] = list(plan.all_met_earned)
    possible: list[int | Fraction] = list(plan.all_possible)
    blocked: list[str] = []
    failed: list[IndicatorPlan] = []
    later = plan.later
    short: list[int] = []  # the positions of the indicators not met
    if explain_all or evidence.not_applicable:  # claims are rare: explain every indicator
        for position in range(len(indicators)):
            if later and position in later:
                continue  # read others' results: scored after them, below
            result = indicators[position].explain(evidence)
            if result.status is not _MET:
                results[position] = result
                short.append(position)
    else:  # those the fast path finds not plainly met
        plan.explain_short(evidence, results, short)
    read = {r.id: r for r in results} if later else {}
    for position in later:
        item = indicators[position]
        result = read[item.id] = item.explain(evidence, read)
        if result.status is not _MET:
            results[position] = result
            short.append(position)
    _tally(plan, short, results, earned, possible, blocked, failed)
    if later and len(blocked) > 1:  # the gates not met in the standard's order, as ever
        where = {item.id: p for p, item in enumerate(indicators)}
        blocked.sort(key=where.__getitem__)
    return results, earned, possible, blocked, failed


def _tally(
    plan: ScoringPlan,
    short: list[int],
    results: list[IndicatorResult],
    earned: list[int | Fraction],
    possible: list[int | Fraction],
    blocked: list[str],
    failed: list[IndicatorPlan],
) -> None:
    """Replace the full marks of each indicator in ``short`` (positions) by what its
    result earned (a gate not met blocks, or has its effect)."""
    indicators = plan.indicators
    for position in short:
        item, status = indicators[position], results[position].status
        c = item.category
        earned[c] -= item.units
        if status is _NOT_APPLICABLE:
            if plan.rescale and not item.bonus:
                possible[c] -= item.units
            continue
        if status is _PARTLY:
            awarded = results[position].awarded
            if awarded is item.partly_met:  # a judgement "partly met": worked out with the plan
                earned[c] += item.partly_met_units
            else:
                earned[c] += plain_units(awarded * plan.scale)
        if item.gate:
            if item.indicator.when_failed is FailEffect.DENY:
                blocked.append(item.id)
            else:
                failed.append(item)


def _count_by_rules(
    plan: ScoringPlan,
    results: list[IndicatorResult],
    earned: list[int | Fraction],
    possible: list[int | Fraction],
) -> dict[int, tuple[Reason, ...]]:
    """Count the categories that have groups or a cap by those rules, in ``earned`` and
    ``possible``; the reasons for the points the rules left out, by category."""
    notes: dict[int, tuple[Reason, ...]] = {}
    for c in plan.counted:
        earned[c], possible[c], notes[c] = _counted(plan, c, results)
    return notes


def _take_pools(
    plan: ScoringPlan,
    evidence: Evidence,
    earned: list[int | Fraction],
    notes: dict[int, tuple[Reason, ...]],
) -> None:
    """Take each category's deduction pool off what it counts (in ``earned``), with the
    reasons beside those of its groups and cap."""
    for c in plan.pools:
        reasons: list[Reason] = []
        category = plan.categories[c]
        amounts = evidence.deductions.get(category.id, {})
        earned[c] = category.pooled(evidence.facts, earned[c], reasons, amounts)
        notes[c] = (*notes.get(c, ()), *reasons)


def _deduct_total(
    plan: ScoringPlan, evidence: Evidence, total: Fraction
) -> tuple[Fraction, tuple[Reason, ...]]:
    """The total once the deductions from it (倒扣) are taken, never below the floor
    through them (evidence missing: down to the floor), and the reasons."""
    if not plan.deductions:
        return total, ()
    reasons: list[Reason] = []
    amounts = evidence.deductions.get(TOTAL_POOL, {})
    taken = take_deductions(
        plan.deductions, evidence.facts, plan.deduction_limit, reasons, amounts=amounts
    )
    now = floored(total, taken, plan.floor)
    if taken is None:
        reasons.append(Reason("total_unknown", "deductions", (now,)))
    elif now != total:
        reasons.append(Reason("total_deducted", "deductions", (taken, total, now, plan.floor)))
    return now, tuple(reasons)


def _with_reasons(
    categories: tuple[CategoryResult, ...], notes: dict[int, tuple[Reason, ...]]
) -> tuple[CategoryResult, ...]:
    """``categories`` with the reasons of the categories counted by their rules."""
    if not any(notes.values()):
        return categories
    return tuple(
        category._replace(reasons=notes[c]) if notes.get(c) else category
        for c, category in enumerate(categories)
    )


def verdict(
    plan: ScoringPlan,
    total: Fraction,
    categories: Sequence[CategoryResult],
    results: Sequence[IndicatorResult],
    blocked: Sequence[str],
    failed: Sequence[IndicatorPlan],
) -> tuple[Fraction, bool, str | None, tuple[Reason, ...]]:
    """The total, the pass, the tier and the reasons for what changed them, once the
    categories are counted: a failed gate's cap on the total first (the pass and the tier
    follow from the capped total), then the highest tier whose minimum and requirements
    are kept (a tier only with a pass), then the failed gates' effects on the tier.

    ``failed`` are the gates not met whose effect is not to deny the rating.

    .. versionadded:: 0.2.0
    """
    effects: list[Reason] = []
    total = _capped(failed, total, effects)
    mark = plan.pass_mark  # compared as integers: a Fraction's own comparison is slower
    passed = (
        not blocked and total.numerator * mark.denominator >= mark.numerator * total.denominator
    )
    reached = _reached(plan, total, categories, results, effects) if passed else -1
    for item in failed:
        was = reached
        if item.indicator.when_failed is FailEffect.LOWER_TIER and reached >= 0:
            reached -= 1
        elif item.failed_tier_index is not None and reached > item.failed_tier_index:
            reached = item.failed_tier_index
        if reached != was:
            now = plan.tier_rules[reached].title if reached >= 0 else None
            data = (item.id, plan.tier_rules[was].title, now)
            effects.append(Reason("tier_lowered", item.id, data))
    tier = plan.tier_rules[reached].id if reached >= 0 else None
    return total, passed, tier, tuple(effects)


def _capped(failed: Sequence[IndicatorPlan], total: Fraction, effects: list[Reason]) -> Fraction:
    """The total under the caps of the failed gates that cap it (each one said in ``effects``)."""
    for item in failed:
        cap = item.failed_cap
        if cap is not None and total > cap:
            effects.append(Reason("total_capped", item.id, (item.id, cap, total)))
            total = cap
    return total


def _reached(
    plan: ScoringPlan,
    total: Fraction,
    categories: Sequence[CategoryResult],
    results: Sequence[IndicatorResult],
    effects: list[Reason],
) -> int:
    """The index of the highest tier whose minimum ``total`` reaches and whose requirements
    are kept (-1: none); why each higher tier reached was withheld goes to ``effects``."""
    reached = -1
    withheld: list[tuple[int, Reason]] = []
    for t, rule in enumerate(plan.tier_rules):
        if total < rule.minimum:
            break
        short = rule.withheld(categories, results)
        if short is None:
            reached = t
        else:
            withheld.append((t, short))
    effects += [reason for t, reason in withheld if t > reached]  # above the tier given
    return reached


def _counted(
    plan: ScoringPlan, c: int, results: list[IndicatorResult]
) -> tuple[int | Fraction, int | Fraction, tuple[Reason, ...]]:
    """A category counted by its groups and cap: (earned, possible, reasons), in plan units."""
    category = plan.categories[c]
    scale = plan.scale
    earned: dict[str, int | Fraction] = {}
    possible: dict[str, int | Fraction] = {}
    for position in category.positions:
        result = results[position]
        item = plan.indicators[position]
        earned[item.id] = plain_units(result.awarded * scale)
        counts = not item.bonus and not (plan.rescale and result.status is _NOT_APPLICABLE)
        possible[item.id] = item.units if counts else 0
    reasons: list[Reason] = []
    return category.counted(earned, reasons), category.counted(possible), tuple(reasons)


def _fraction(units: int | Fraction, scale: int) -> Fraction:
    if type(units) is int:
        return Fraction(units) if scale == 1 else Fraction(units, scale)
    return Fraction(units) / scale


def _aggregate(
    plan: ScoringPlan, earned: list[int | Fraction], possible: list[int | Fraction]
) -> tuple[Fraction, Fraction, tuple[CategoryResult, ...]]:
    """The total, its denominator and the categories' results, from points in plan units."""
    scale = plan.scale
    if plan.weighted:
        return _weighted(plan, earned, possible, *_points(plan, earned, possible))
    applicable = sum(possible)
    if applicable == plan.possible_units:
        denominator = plan.possible_points
    else:
        denominator = _fraction(applicable, scale)
    total = _made_or_fraction(sum(earned), plan.points_by_units, scale)
    if plan.rescale and denominator and denominator != plan.total_points:
        factor = plan.total_points / denominator
        points, out_of = _points(plan, earned, possible)
        return total * factor, denominator, _scaled(plan, points, out_of, factor)
    return total, denominator, _unscaled(plan, earned, possible)


def _made_or_fraction(units: int | Fraction, table: Sequence[Fraction], scale: int) -> Fraction:
    """``units`` as points: from ``table`` (made with the plan) where it lists them."""
    if type(units) is int and 0 <= units < len(table):
        return table[units]
    return _fraction(units, scale)


def _points(
    plan: ScoringPlan, earned: list[int | Fraction], possible: list[int | Fraction]
) -> tuple[list[Fraction], list[Fraction]]:
    """Each category's points and possible points, from plan units."""
    scale = plan.scale
    categories = plan.categories
    # a category's points or possible points as compiled, when they are those, are not
    # made again
    points = [
        category.all_met_points if e == category.all_met else _fraction(e, scale)
        for e, category in zip(earned, categories, strict=True)
    ]
    out_of = [
        category.possible_points if p == category.possible else _fraction(p, scale)
        for p, category in zip(possible, categories, strict=True)
    ]
    return points, out_of


def _unscaled(
    plan: ScoringPlan, earned: list[int | Fraction], possible: list[int | Fraction]
) -> tuple[CategoryResult, ...]:
    """The categories' results when nothing is scaled: a category's score is its points.
    Where every indicator of a category applies, its result is the one made with the plan
    for the units it earned (:attr:`~.plan.CategoryPlan.by_units`)."""
    scale = plan.scale
    results = []
    for c, category in enumerate(plan.categories):
        units, table = earned[c], category.by_units
        if type(units) is int and 0 <= units < len(table) and possible[c] == category.possible:
            results.append(table[units])
            continue
        points = category.all_met_points if units == category.all_met else _fraction(units, scale)
        if category.bonus:
            results.append(_bonus(plan, c, points, _ONE))
            continue
        out_of = _made_or_fraction(possible[c], plan.points_by_units, scale)
        results.append(CategoryResult(category.id, points, out_of, points, out_of))
    return tuple(results)


def _scaled(
    plan: ScoringPlan, points: list[Fraction], out_of: list[Fraction], factor: Fraction
) -> tuple[CategoryResult, ...]:
    """The categories' results when their points add up, each scaled by ``factor``."""
    return tuple(
        _bonus(plan, c, points[c], factor)
        if category.bonus
        else CategoryResult(
            category.id, points[c] * factor, out_of[c] * factor, points[c], out_of[c]
        )
        for c, category in enumerate(plan.categories)
    )


def _weighted(
    plan: ScoringPlan,
    earned: list[int | Fraction],
    possible: list[int | Fraction],
    points: list[Fraction],
    out_of: list[Fraction],
) -> tuple[Fraction, Fraction, tuple[CategoryResult, ...]]:
    """Weighted aggregation: each category's share of its points, times its weight.

    A category with no applicable points has nothing to weigh: its weight is left out and
    the others are rescaled to the total (the denominator says so); in a section, its
    siblings share the section's weight (:func:`~.model.standard.category_weights`). A bonus category's
    points are added as they are, above the total.
    """
    weights = plan.weights(possible)
    denominator = sum(weights, _ZERO)
    factor = plan.total_points / denominator if denominator else _ZERO
    total = _ZERO
    categories = []
    for c, category in enumerate(plan.categories):
        if category.bonus:
            total += points[c]
            categories.append(_bonus(plan, c, points[c], _ONE))
            continue
        share = Fraction(earned[c]) / possible[c] if possible[c] else _ZERO
        contribution = weights[c] * share * factor
        total += contribution
        maximum = weights[c] * factor if possible[c] else _ZERO
        categories.append(CategoryResult(category.id, contribution, maximum, points[c], out_of[c]))
    return total, denominator, tuple(categories)


def _bonus(plan: ScoringPlan, c: int, points: Fraction, factor: Fraction) -> CategoryResult:
    """A bonus category's result: its points (scaled as the total is), out of the most it
    can add; nothing possible, since its points are above the total."""
    category = plan.categories[c]
    most = _fraction(category.all_met, plan.scale)
    return CategoryResult(category.id, points * factor, most * factor, points, _ZERO, (), True)


def score_many(standard: Standard, evidence: Iterable[Evidence]) -> Iterator[Scorecard]:
    """Score many communities against one standard (compiled once), lazily and in order.

    .. versionadded:: 0.1.0
    """
    for item in evidence:
        yield score(standard, item)
