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
from collections.abc import Iterable, Iterator
from fractions import Fraction

from ..model.evidence import Evidence
from ..model.standard import Standard
from .plan import ScoringPlan, build_plan
from .scorecard import CategoryResult, IndicatorResult, IndicatorStatus, Reason, Scorecard

__all__ = ["compile_standard", "score", "score_many", "score_plan"]

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
    # start from "every indicator met", then explain the ones that are not
    indicators = plan.indicators
    results = list(plan.all_met)
    earned: list[int | Fraction] = list(plan.all_met_earned)
    possible: list[int | Fraction] = list(plan.all_possible)
    scale = plan.scale
    blocked: list[str] = []
    if explain_all or evidence.not_applicable:  # claims are rare: explain every indicator
        positions: Iterable[int] = range(len(indicators))
    else:
        positions = plan.fast(evidence.facts.get, evidence.judgements.get)
    for position in positions:
        item = indicators[position]
        result = item.explain(evidence)
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
            earned[c] += _units(result.awarded * scale)
        if item.gate:
            blocked.append(item.id)
    notes: dict[int, tuple[Reason, ...]] = {}
    for c in plan.counted:
        earned[c], possible[c], notes[c] = _counted(plan, c, results)
    total, denominator, categories = _aggregate(plan, earned, possible)
    for c, reasons in notes.items():
        if reasons:
            categories = (
                *categories[:c],
                categories[c]._replace(reasons=reasons),
                *categories[c + 1 :],
            )
    passed = total >= plan.pass_mark and not blocked
    tier = None
    if passed:  # a tier is given only with a pass (one below the pass mark included)
        for minimum, tier_id in plan.tiers:
            if total >= minimum:
                tier = tier_id
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
    )


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
        earned[item.id] = _units(result.awarded * scale)
        counts = not item.bonus and not (plan.rescale and result.status is _NOT_APPLICABLE)
        possible[item.id] = item.units if counts else 0
    reasons: list[Reason] = []
    return category.counted(earned, reasons), category.counted(possible), tuple(reasons)


def _fraction(units: int | Fraction, scale: int) -> Fraction:
    if type(units) is int:
        return Fraction(units) if scale == 1 else Fraction(units, scale)
    return Fraction(units) / scale


def _units(value: Fraction) -> int | Fraction:
    return value.numerator if value.denominator == 1 else value


def _aggregate(
    plan: ScoringPlan, earned: list[int | Fraction], possible: list[int | Fraction]
) -> tuple[Fraction, Fraction, tuple[CategoryResult, ...]]:
    """The total, its denominator and the categories' results, from points in plan units."""
    scale = plan.scale
    n = len(earned)
    ids = [category.id for category in plan.categories]
    points = [_fraction(e, scale) for e in earned]
    out_of = [
        category.possible_points if p == category.possible else _fraction(p, scale)
        for p, category in zip(possible, plan.categories, strict=True)
    ]
    categories = []
    if plan.weighted:
        # a category with no applicable points has nothing to weigh: its weight is left
        # out and the others are rescaled to the total (the denominator says so)
        weights = [category.weight or _ZERO for category in plan.categories]
        denominator = sum((weights[c] for c in range(n) if possible[c]), _ZERO)
        factor = plan.total_points / denominator if denominator else _ZERO
        total = _ZERO
        for c in range(n):
            if plan.categories[c].bonus:  # points above the total, added as they are
                total += points[c]
                categories.append(_bonus(plan, c, points[c], _ONE))
                continue
            share = Fraction(earned[c]) / possible[c] if possible[c] else _ZERO
            contribution = weights[c] * share * factor
            total += contribution
            maximum = weights[c] * factor if possible[c] else _ZERO
            categories.append(CategoryResult(ids[c], contribution, maximum, points[c], out_of[c]))
        return total, denominator, tuple(categories)
    denominator = _fraction(sum(possible), scale)
    if plan.rescale and denominator and denominator != plan.total_points:
        factor = plan.total_points / denominator
        total = _fraction(sum(earned), scale) * factor
        for c in range(n):
            if plan.categories[c].bonus:
                categories.append(_bonus(plan, c, points[c], factor))
                continue
            categories.append(
                CategoryResult(ids[c], points[c] * factor, out_of[c] * factor, points[c], out_of[c])
            )
        return total, denominator, tuple(categories)
    total = _fraction(sum(earned), scale)
    for c in range(n):
        if plan.categories[c].bonus:
            categories.append(_bonus(plan, c, points[c], _ONE))
            continue
        categories.append(CategoryResult(ids[c], points[c], out_of[c], points[c], out_of[c]))
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
