"""Consistency rules for a structured :class:`Standard`.

Each rule reports a :class:`Problem` with the path of the offending value, so that
``validate`` can list every problem of a file at once.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

import attrs

from ..units.convert import UnitProblem, period_of, validate_unit
from ..units.numbers import format_number
from .errors import Problem, ProblemCollector, StandardError
from .measures import limit_in, ratio_unit
from .refs import is_valid_id, is_valid_version
from .standard import (
    DEFAULT_LANGUAGES,
    TOTAL_POOL,
    Aggregation,
    AllOf,
    AnyOf,
    AssessedCheck,
    Award,
    BandEffect,
    BooleanCheck,
    Category,
    Check,
    Condition,
    Deduction,
    Fact,
    FactKind,
    FailEffect,
    FrequencyCheck,
    Indicator,
    NotApplicablePolicy,
    NotApplicableWhen,
    PointsRange,
    RatioCheck,
    ResultCheck,
    Role,
    Standard,
    Text,
    ThresholdCheck,
    Tier,
    ZeroDenominator,
    allowed_points_text,
    bands_facts,
    category_points,
    category_weights,
    check_facts,
    condition_check,
    deduction_facts,
    indicator_facts,
    is_language_tag,
    points_allowed,
    pool_facts,
    walk_checks,
)
from .suggest import did_you_mean

__all__ = ["possible_points", "standard_ceiling", "standard_problems", "validate_standard"]

_SCHEMA = 1


def validate_standard(standard: Standard, source: str = "<standard>") -> None:
    """Raise :class:`StandardError` listing every inconsistency of ``standard``.

    .. versionadded:: 0.1.0
    """
    found = ProblemCollector(standard_problems(standard))
    found.raise_if_any(StandardError, source)


def _n(value: Decimal | Fraction) -> str:
    return format_number(Fraction(value))


def standard_problems(standard: Standard) -> list[Problem]:
    """Return every inconsistency of ``standard`` (an empty list when it is valid).

    The rules run level by level, each level's in one function: the standard's own
    values, each fact, each category, each indicator, each deduction and each check, then
    the totals across levels. Problems come in that order, each with its path.

    .. versionadded:: 0.1.0
    """
    found = ProblemCollector()
    context = _Context.of(standard)
    _standard_rules(standard, found)
    _language_rules(standard, found)
    for i, fact in enumerate(standard.facts):
        found.extend(_fact_problems(fact, f"facts[{i}]"))
    _settings_rules(standard, found)
    for c, category in enumerate(standard.categories):
        _category_rules(context, category, f"categories[{c}]", found)
    _total_rules(standard, found)
    _tier_rules(standard, found)
    _reference_rules(standard, found)
    pool = (standard.deductions, standard.deduction_limit, standard.floor)
    _pool_rules(context, pool, standard.total_points, "", found)
    found.extend(_pool_ids(standard))
    used = {key for _, indicator in standard.indicators() for key in indicator_facts(indicator)}
    used |= {key for key, _ in pool_facts(standard)}
    for i, fact in enumerate(standard.facts):
        if fact.key not in used:
            found.add(f"facts[{i}]", f"fact {fact.key!r} is declared but no check uses it")
    return found.problems


@attrs.frozen(kw_only=True)
class _Context:
    """What the rules of an inner level need to know of the whole standard."""

    standard: Standard
    facts: dict[str, Fact]
    departments: frozenset[str]
    seen_indicators: dict[str, str]  # indicator id -> the path where it first appears

    @classmethod
    def of(cls, standard: Standard) -> _Context:
        return cls(
            standard=standard,
            facts={fact.key: fact for fact in standard.facts},
            departments=frozenset(d.id for d in standard.departments),
            seen_indicators={},
        )


def _standard_rules(standard: Standard, found: ProblemCollector) -> None:
    """The standard's identity, and ids that must be unique."""
    if standard.schema != _SCHEMA:
        found.add(
            "schema", f"schema {standard.schema} is not supported (this library reads {_SCHEMA})"
        )
    if not is_valid_id(standard.id):
        found.add("id", f"{standard.id!r} is not a valid id (letters, digits, '.', '_' and '-')")
    if not is_valid_version(standard.version):
        found.add(
            "version",
            f"{standard.version!r} is not a valid version "
            "(visible characters without spaces, and no '@')",
        )
    if not standard.title.languages:
        found.add("title", "the title needs a text in at least one language")
    found.extend(_duplicates("facts", [fact.key for fact in standard.facts], "fact key"))
    found.extend(_duplicates("categories", [c.id for c in standard.categories], "category id"))
    found.extend(_duplicates("tiers", [t.id for t in standard.tiers], "tier id"))
    found.extend(_duplicates("departments", [d.id for d in standard.departments], "department id"))


def _texts(value: object, path: str) -> Iterator[tuple[str, Text]]:
    """Every text inside ``value`` (a part of a standard), with its path."""
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _texts(item, f"{path}[{i}]")
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            yield from _texts(getattr(value, field.name), f"{path}.{field.name}".lstrip("."))


def _language_rules(standard: Standard, found: ProblemCollector) -> None:
    """The declared languages are BCP 47 tags, and every text is in each of them.

    A standard that declares none (:data:`DEFAULT_LANGUAGES`) keeps the rule of files
    before 0.2: each text in Chinese, English or both.
    """
    declared = standard.languages
    if not declared:
        found.add("languages", "declare at least one language (a BCP 47 tag such as 'de')")
    for i, tag in enumerate(declared):
        if not is_language_tag(tag):
            found.add(f"languages[{i}]", f"{tag!r} is not a language tag (BCP 47, such as 'de')")
    found.extend(_duplicates("languages", list(declared), "language"))
    listed = ", ".join(declared)
    default = declared == DEFAULT_LANGUAGES
    for path, text in _texts(standard, ""):
        for tag in text.languages:
            if tag not in declared:
                found.add(
                    f"{path}.{tag}",
                    f"{tag!r} is not one of the standard's languages ({listed}); "
                    "add it to languages",
                )
        if default:
            continue
        for tag in filter(is_language_tag, declared):
            if tag not in text.languages:
                found.add(path, f"the text in {tag!r}, one of the standard's languages, is missing")


def _settings_rules(standard: Standard, found: ProblemCollector) -> None:
    """The pass mark, the partial credit and the total, each on its own."""
    if standard.pass_mark < 0:
        found.add("pass_mark", "the pass mark cannot be negative")
    if not 0 <= standard.partial_credit <= 1:
        found.add("partial_credit", "partial credit is a share between 0 and 1")
    if standard.total_points <= 0:
        found.add("total_points", "the total points must be more than 0")


def _category_rules(
    context: _Context, category: Category, path: str, found: ProblemCollector
) -> None:
    """One category: its id, points and weight, then its indicators, then their sum."""
    if not is_valid_id(category.id):
        found.add(f"{path}.id", f"{category.id!r} is not a valid id")
    if category.points < 0:
        found.add(f"{path}.points", "points cannot be negative")
    if category.bonus and category.weight is not None:
        found.add(
            f"{path}.weight", "a bonus category adds its points as they are: it has no weight"
        )
    elif category.bonus:
        pass
    elif context.standard.aggregation is Aggregation.WEIGHTED:
        if category.weight is None:
            found.add(f"{path}.weight", "a weighted standard needs a weight for every category")
        elif category.weight < 0:
            found.add(f"{path}.weight", "a weight cannot be negative")
    elif category.weight is not None:
        found.add(f"{path}.weight", 'weights apply only when aggregation = "weighted"')
    if not category.indicators:
        found.add(f"{path}.indicators", f"category {category.id!r} has no indicators")
    for n, indicator in enumerate(category.indicators):
        _indicator_rules(context, indicator, f"{path}.indicators[{n}]", found)
        if category.bonus and indicator.role is Role.PREREQUISITE:
            found.add(
                f"{path}.indicators[{n}].role", "a prerequisite cannot be in a bonus category"
            )
    if category.cap is not None and category.cap < 0:
        found.add(f"{path}.cap", "a cap cannot be negative")
    pool = (category.deductions, category.deduction_limit, category.floor)
    _pool_rules(context, pool, category.points, path, found)
    counted = _group_rules(context, category, path, found)
    if not counted:
        return
    indicator_sum = possible_points(category, bonus=category.bonus)
    if indicator_sum != Fraction(category.points):
        rules = " (counted by its groups and cap)" if category.groups or category.cap else ""
        what = "bonus category" if category.bonus else "category"
        found.add(
            f"{path}.points",
            f"{what} {category.id!r} is worth {_n(category.points)} points but its "
            f"indicators{rules} add up to {_n(indicator_sum)}",
        )


def possible_points(category: Category, *, bonus: bool = False) -> Fraction:
    """The most ``category`` counts when every indicator is met: by its groups and cap
    (:func:`~community_standards.model.standard.category_points`), bonus items left out
    unless ``bonus``.

    .. versionadded:: 0.2.0
    """
    full = {
        i.id: Fraction(i.points) if bonus or not (i.bonus or category.bonus) else Fraction(0)
        for i in category.indicators
    }
    found: Fraction = category_points(category, full.__getitem__, Fraction)
    return Fraction(found)


def _group_rules(context: _Context, category: Category, path: str, found: ProblemCollector) -> bool:
    """The category's groups: their ids, members and rules. Returns whether the groups
    can be counted (every member an indicator of the category, in one group only)."""
    ids = [indicator.id for indicator in category.indicators]
    found.extend(_duplicates(f"{path}.groups", [g.id for g in category.groups], "group id"))
    placed: dict[str, str] = {}
    countable = True
    for g, group in enumerate(category.groups):
        where = f"{path}.groups[{g}]"
        if not is_valid_id(group.id):
            found.add(f"{where}.id", f"{group.id!r} is not a valid id")
        if group.indicators and group.paths:
            found.add(f"{where}.paths", "give indicators or paths, not both")
        if not group.members:
            found.add(f"{where}.indicators", f"group {group.id!r} has no indicators")
            countable = False
        if group.choose is None and group.cap is None:
            found.add(
                f"{where}",
                f"group {group.id!r} needs choose (how many paths count) or cap (the most it counts)",
            )
        if group.choose is not None and not 1 <= group.choose <= max(len(group.members), 1):
            found.add(
                f"{where}.choose",
                f"choose is a number of paths from 1 to {len(group.members)}",
            )
        if group.cap is not None and group.cap < 0:
            found.add(f"{where}.cap", "a cap cannot be negative")
        key = "paths" if group.paths else "indicators"
        for m, member in enumerate(group.members):
            if not member:
                found.add(f"{where}.paths[{m}]", "a path needs at least one indicator")
            for k, indicator_id in enumerate(member):
                at = f"{where}.{key}[{m}][{k}]" if group.paths else f"{where}.{key}[{m}]"
                if indicator_id not in ids:
                    hint = did_you_mean(indicator_id, ids)
                    found.add(
                        at,
                        f"{indicator_id!r} is not an indicator of category {category.id!r}{hint}",
                    )
                    countable = False
                    continue
                first = placed.setdefault(indicator_id, at)
                if first != at:
                    found.add(at, f"indicator {indicator_id!r} is already counted at {first}")
                    countable = False
    return countable


def _condition_rules(
    context: _Context, condition: NotApplicableWhen, path: str, found: ProblemCollector
) -> None:
    """A not-applicable condition: a boolean fact's value, or a check over facts only."""
    if isinstance(condition, Condition):
        found.extend(_fact_ref(context.facts, condition.fact, f"{path}.fact", FactKind.BOOLEAN))
        return
    for inner_path, inner in walk_checks(condition, path):
        found.extend(_check_problems(inner, inner_path, context.facts))
        if isinstance(inner, AssessedCheck):
            found.add(
                inner_path,
                "a not-applicable condition is read from facts; an assessed check cannot be one",
            )


def _each_period_rules(
    context: _Context, indicator: Indicator, path: str, found: ProblemCollector
) -> None:
    """A fact counted in each period is read by threshold and frequency checks only."""

    def periodic(key: str | None) -> bool:
        fact = context.facts.get(key or "")
        return fact is not None and fact.each_period

    uses: list[tuple[str, str]] = []
    for c, check in enumerate(indicator.checks):
        for inner_path, inner in walk_checks(check, f"{path}.checks[{c}]"):
            if isinstance(inner, RatioCheck):
                uses += [(inner_path, key) for key in (inner.numerator, inner.denominator)]
    if indicator.bands is not None:
        uses += [(f"{path}.bands", key) for key in bands_facts(indicator.bands)]
    if indicator.not_applicable_when is not None:
        condition = condition_check(indicator.not_applicable_when)
        uses += [(f"{path}.not_applicable_when", key) for key in check_facts(condition)]
    for where, key in uses:
        if periodic(key):
            found.add(
                where,
                f"fact {key!r} is counted in each period: only threshold and frequency "
                "checks read it",
            )


def _indicator_rules(
    context: _Context, indicator: Indicator, path: str, found: ProblemCollector
) -> None:
    """One indicator: its id, points, award, role and applicability, then its deductions
    and its checks."""
    standard = context.standard
    if not is_valid_id(indicator.id):
        found.add(f"{path}.id", f"{indicator.id!r} is not a valid id")
    first = context.seen_indicators.setdefault(indicator.id, path)
    if first != path:
        found.add(f"{path}.id", f"indicator id {indicator.id!r} is already used at {first}")
    if indicator.points < 0:
        found.add(f"{path}.points", "points cannot be negative")
    if indicator.partial_credit is not None and not 0 <= indicator.partial_credit <= 1:
        found.add(f"{path}.partial_credit", "partial credit is a share between 0 and 1")
    for d, department in enumerate(indicator.departments):
        if department not in context.departments:
            found.add(f"{path}.departments[{d}]", f"department {department!r} is not declared")
    if indicator.bands is not None or indicator.award is Award.BANDS:
        _bands_rules(context, indicator, path, found)
    if indicator.award is Award.DEDUCTION and not indicator.deductions:
        found.add(f"{path}.deductions", "a deduction award needs at least one deduction")
    if indicator.deduction_limit is not None:
        if not indicator.deductions:
            found.add(f"{path}.deduction_limit", "a deduction limit needs deductions")
        elif indicator.deduction_limit < 0:
            found.add(f"{path}.deduction_limit", "a deduction limit cannot be negative")
    if indicator.deductions and indicator.award is not Award.DEDUCTION:
        found.add(f"{path}.award", 'deductions need award = "deduction"')
    if not indicator.checks and not indicator.deductions and indicator.bands is None:
        found.add(f"{path}.checks", f"indicator {indicator.id!r} has no checks")
    _effect_rules(context, indicator, path, found)
    if indicator.role is Role.PREREQUISITE and indicator.bonus:
        found.add(f"{path}.bonus", "a prerequisite cannot be a bonus item")
    forbidden = standard.not_applicable is NotApplicablePolicy.FORBIDDEN
    if indicator.not_applicable and forbidden:
        found.add(
            f"{path}.not_applicable", 'the standard\'s policy is not_applicable = "forbidden"'
        )
    if indicator.not_applicable_when is not None and indicator.not_applicable is False:
        found.add(
            f"{path}.not_applicable_when",
            "not_applicable = false says the indicator always applies; "
            "a not_applicable_when condition contradicts it (keep one)",
        )
    if indicator.not_applicable_when is not None:
        _condition_rules(
            context, indicator.not_applicable_when, f"{path}.not_applicable_when", found
        )
        if forbidden:
            found.add(
                f"{path}.not_applicable_when",
                'the standard\'s policy is not_applicable = "forbidden"',
            )
    for k, deduction in enumerate(indicator.deductions):
        _deduction_rules(context, deduction, f"{path}.deductions[{k}]", found)
    found.extend(_deduction_ids(indicator.deductions, path))
    _each_period_rules(context, indicator, path, found)
    _granularity_rules(standard, indicator, path, found)
    assessed = 0
    for k, check in enumerate(indicator.checks):
        for check_path, inner in walk_checks(check, f"{path}.checks[{k}]"):
            if isinstance(inner, AssessedCheck):
                assessed += 1
                if assessed == 2:
                    found.add(check_path, "an indicator has at most one assessed check")
            found.extend(_check_problems(inner, check_path, context.facts, forbidden))


def _bands_rules(
    context: _Context, indicator: Indicator, path: str, found: ProblemCollector
) -> None:
    """A band table: what it grades, its steps from the easiest to reach to the hardest,
    each worth more, the last giving the indicator's points (or at most them, deducted)."""
    bands = indicator.bands
    if bands is None:
        found.add(f"{path}.bands", 'award = "bands" needs a band table (bands)')
        return
    where = f"{path}.bands"
    if indicator.award is not Award.BANDS:
        found.add(f"{path}.award", 'a band table needs award = "bands"')
    if indicator.checks:
        found.add(f"{path}.checks", "an indicator graded by bands has no checks")
    if indicator.deductions:
        found.add(f"{path}.deductions", "an indicator graded by bands has no deductions")
    unit: str | None = None
    facts = context.facts
    if bands.fact is not None:
        if bands.numerator is not None or bands.denominator is not None:
            found.add(where, "bands grade a fact or a ratio (numerator and denominator), not both")
            return
        bad = list(_fact_ref(facts, bands.fact, f"{where}.fact", FactKind.QUANTITY))
        found.extend(bad)
        unit = None if bad else facts[bands.fact].unit
        if bands.when_zero is not ZeroDenominator.NOT_MET:
            found.add(f"{where}.when_zero", "when_zero is for a ratio's denominator")
    elif bands.numerator is not None and bands.denominator is not None:
        bad = list(_fact_ref(facts, bands.numerator, f"{where}.numerator", FactKind.QUANTITY))
        bad += _fact_ref(facts, bands.denominator, f"{where}.denominator", FactKind.QUANTITY)
        found.extend(bad)
        unit = None if bad else ratio_unit(facts[bands.numerator], facts[bands.denominator])
        if (
            bands.when_zero is ZeroDenominator.NOT_APPLICABLE
            and context.standard.not_applicable is NotApplicablePolicy.FORBIDDEN
        ):
            found.add(
                f"{where}.when_zero",
                'when_zero = "not_applicable" needs a standard whose not_applicable policy '
                'is "zero" or "rescale"',
            )
    else:
        found.add(where, "bands grade a fact, or a ratio of a numerator and a denominator")
    if not bands.steps:
        found.add(f"{where}.steps", "a band table needs at least one step")
        return
    points = Fraction(indicator.points)
    sides: list[tuple[str, Fraction | None]] = []
    for s, step in enumerate(bands.steps):
        here = f"{where}.steps[{s}]"
        named = [name for pair in _BOUNDS for name in pair if getattr(step, name) is not None]
        if len(named) != 1:
            found.add(here, "a step has one bound: minimum, more_than, maximum or less_than")
            return
        name = named[0]
        value: Fraction | None = None
        if unit is not None:
            try:
                value = limit_in(getattr(step, name), unit)
            except UnitProblem as exc:
                found.add(f"{here}.{name}", str(exc))
        sides.append((name, value))
        if step.points <= 0:
            found.add(f"{here}.points", "a step is worth more than 0 points")
        elif s and step.points <= bands.steps[s - 1].points:
            found.add(f"{here}.points", "each step is worth more than the one before")
    lower = {name in _BOUNDS[0] for name, _ in sides}
    if len(lower) > 1:
        found.add(
            f"{where}.steps",
            "the steps bound the value from one side: all from below (minimum, more_than) "
            "or all from above (maximum, less_than)",
        )
        return
    rising = lower == {True}
    for s in range(1, len(sides)):
        (before, x), (name, y) = sides[s - 1], sides[s]
        if x is None or y is None:
            continue
        # harder to reach: beyond the step before, or at it with a strict bound after an
        # inclusive one (at least 12 %, then more than 12 %)
        beyond = y > x if rising else y < x
        same = y == x and name in ("more_than", "less_than") and before in ("minimum", "maximum")
        if not (beyond or same):
            found.add(
                f"{where}.steps[{s}].{name}",
                f"each step is harder to reach than the one before: {name} "
                f"{format_number(y)} is not {'above' if rising else 'below'} "
                f"{before} {format_number(x)}",
            )
    last = Fraction(bands.steps[-1].points)
    if bands.effect is BandEffect.POINTS and last != points:
        found.add(
            f"{where}.steps[{len(bands.steps) - 1}].points",
            f"the top step gives {_n(last)} points; the indicator is worth {_n(points)}",
        )
    if bands.effect is BandEffect.DEDUCT and last > points:
        found.add(
            f"{where}.steps[{len(bands.steps) - 1}].points",
            f"the last step takes off {_n(last)} points, more than the indicator's {_n(points)}",
        )


def _granularity_rules(
    standard: Standard, indicator: Indicator, path: str, found: ProblemCollector
) -> None:
    """``point_values`` and ``whole_points``: the points an assessor may give."""
    values, whole = indicator.point_values, indicator.whole_points
    if not values and not whole:
        return
    name = "point_values" if values else "whole_points"
    if not any(
        isinstance(inner, AssessedCheck)
        for check in indicator.checks
        for _, inner in walk_checks(check)
    ):
        found.add(
            f"{path}.{name}", f"{name} restricts an assessor's points: it needs an assessed check"
        )
        return
    if indicator.award is not Award.ALL:
        found.add(f"{path}.{name}", f'{name} needs award = "all" (the judgement gives the points)')
    points = Fraction(indicator.points)
    for v, value in enumerate(values):
        if not 0 < value <= points:
            found.add(
                f"{path}.point_values[{v}]",
                f"an allowed value lies above 0 and at most the indicator's {_n(points)} points",
            )
        elif v and value <= values[v - 1]:
            found.add(f"{path}.point_values[{v}]", "allowed values must rise")
    if values and values[-1] != indicator.points:
        found.add(
            f"{path}.point_values",
            f"the largest allowed value must be the indicator's {_n(points)} points "
            "(what a judgement of met gives)",
        )
    if whole:
        if points.denominator != 1:
            found.add(f"{path}.whole_points", f"the indicator's {_n(points)} points are not whole")
        for v, value in enumerate(values):
            if Fraction(value).denominator != 1:
                found.add(f"{path}.point_values[{v}]", f"{_n(value)} is not a whole number")
    share = indicator.partial_credit
    partly = points * Fraction(standard.partial_credit if share is None else share)
    if not points_allowed(indicator, partly):
        found.add(
            f"{path}.partial_credit",
            f"a judgement of partly met gives {_n(partly)} points, which {name} does not allow "
            f"({allowed_points_text(indicator)}); set partial_credit",
        )


def _effect_rules(
    context: _Context, indicator: Indicator, path: str, found: ProblemCollector
) -> None:
    """What a failed prerequisite or veto item does: an effect for gates only, with the
    cap or tier it needs and nothing it does not."""
    effect = indicator.when_failed
    if effect is not FailEffect.DENY and indicator.role is Role.SCORED:
        found.add(
            f"{path}.when_failed",
            "when_failed is for a prerequisite or veto item (role); a scored item only loses "
            "its points",
        )
    needs_cap = effect is FailEffect.CAP_TOTAL
    if needs_cap and indicator.failed_cap is None:
        found.add(
            f"{path}.failed_cap",
            'when_failed = "cap_total" needs failed_cap (the most the total may be)',
        )
    elif not needs_cap and indicator.failed_cap is not None:
        found.add(f"{path}.failed_cap", 'failed_cap goes with when_failed = "cap_total"')
    elif indicator.failed_cap is not None and indicator.failed_cap < 0:
        found.add(f"{path}.failed_cap", "a cap cannot be negative")
    needs_tier = effect is FailEffect.CAP_TIER
    tiers = [tier.id for tier in context.standard.tiers]
    if needs_tier and indicator.failed_tier is None:
        found.add(
            f"{path}.failed_tier",
            'when_failed = "cap_tier" needs failed_tier (the highest tier left)',
        )
    elif not needs_tier and indicator.failed_tier is not None:
        found.add(f"{path}.failed_tier", 'failed_tier goes with when_failed = "cap_tier"')
    elif indicator.failed_tier is not None and indicator.failed_tier not in tiers:
        hint = did_you_mean(indicator.failed_tier, tiers)
        found.add(f"{path}.failed_tier", f"tier {indicator.failed_tier!r} is not declared{hint}")
    if effect in (FailEffect.LOWER_TIER, FailEffect.CAP_TIER) and not tiers:
        found.add(f"{path}.when_failed", f"when_failed = {effect.value!r} needs tiers")


def _deduction_rules(
    context: _Context, deduction: Deduction, path: str, found: ProblemCollector
) -> None:
    """One deduction: a count fact or a trigger check (not both), a positive number of
    points, a limit not below 0."""
    if deduction.when is not None:
        _trigger_rules(context, deduction, path, found)
    else:
        found.extend(_fact_ref(context.facts, deduction.fact, f"{path}.fact", FactKind.COUNT))
    for key in deduction_facts(deduction):
        fact = context.facts.get(key)
        if fact is not None and fact.each_period:
            found.add(
                path,
                f"fact {key!r} is counted in each period: only threshold and frequency "
                "checks read it",
            )
    points = deduction.points
    if isinstance(points, PointsRange):
        _range_rules(deduction, points, path, found)
    elif points <= 0:
        found.add(f"{path}.points", "a deduction takes off more than 0 points")
    if deduction.limit is not None and deduction.limit < 0:
        found.add(f"{path}.limit", "a deduction limit cannot be negative")
    if deduction.id is not None and not _DEDUCTION_ID.fullmatch(deduction.id):
        found.add(
            f"{path}.id",
            f"deduction id {deduction.id!r} must be letters, digits, '_' or '-' "
            "(evidence names it in a key and a column)",
        )


#: A deduction's id: a bare key in TOML evidence and a part of a table's column name.
_DEDUCTION_ID = re.compile(r"[A-Za-z0-9_-]+")


def _range_rules(
    deduction: Deduction, points: PointsRange, path: str, found: ProblemCollector
) -> None:
    """A range left to the assessor: from 0 up, its minimum not above its maximum, more
    than 0 at most, an id for the evidence to name it, a limit the range can reach."""
    low, high = points.minimum, points.maximum
    if low < 0:
        found.add(f"{path}.points.minimum", "a deduction's range cannot start below 0")
    if high < low:
        found.add(
            f"{path}.points.maximum",
            f"the range's maximum {_n(high)} is below its minimum {_n(low)}",
        )
    elif high <= 0:
        found.add(f"{path}.points.maximum", "a deduction takes off more than 0 points")
    if deduction.id is None:
        found.add(
            f"{path}.id",
            "a deduction whose points are a range needs an id: the evidence gives the "
            "assessor's amount under it",
        )
    limit = deduction.limit
    if limit is not None and 0 <= limit < low:
        found.add(
            f"{path}.limit",
            f"a limit of {_n(limit)} is below the range's minimum {_n(low)}: "
            "one incident would already take more than the limit",
        )


def _deduction_ids(deductions: tuple[Deduction, ...], path: str) -> Iterator[Problem]:
    """The ids of one indicator's (or pool's) deductions are unique (the evidence names
    them)."""
    ids = [(k, d.id) for k, d in enumerate(deductions) if d.id is not None]
    seen: set[str] = set()
    for k, value in ids:
        if value in seen:
            where = f"{path}.deductions[{k}].id" if path else f"deductions[{k}].id"
            yield Problem(where, f"duplicate deduction id {value!r}")
        seen.add(value)


def _pool_ids(standard: Standard) -> Iterator[Problem]:
    """A pool with a ranged deduction is named in the evidence by its category's id (or
    ``"total"``): that key must name nothing else, and its deductions' ids are unique."""
    indicators = {indicator.id for _, indicator in standard.indicators()}
    categories = {category.id for category in standard.categories}
    for c, category in enumerate(standard.categories):
        path = f"categories[{c}]"
        yield from _deduction_ids(category.deductions, path)
        if not any(d.ranged for d in category.deductions):
            continue
        if category.id in indicators or category.id == TOTAL_POOL:
            what = "an indicator's id" if category.id in indicators else "the total's key"
            yield Problem(
                f"{path}.id",
                f"category id {category.id!r} is also {what}: the evidence names the "
                "assessor's amounts of its pool's deductions by it, so it must be unique",
            )
    yield from _deduction_ids(standard.deductions, "")
    if any(d.ranged for d in standard.deductions) and TOTAL_POOL in indicators | categories:
        what = "an indicator" if TOTAL_POOL in indicators else "a category"
        yield Problem(
            "deductions",
            f"{what} has the id {TOTAL_POOL!r}, the key under which the evidence gives the "
            "assessor's amounts of the deductions from the total: rename it",
        )


def _pool_rules(
    context: _Context,
    pool: tuple[tuple[Deduction, ...], Decimal | None, Decimal],
    points: Decimal,
    path: str,
    found: ProblemCollector,
) -> None:
    """A deduction pool (a category's, or the total's): each deduction as an indicator's,
    a limit not below 0, a floor from 0 to the points, both only beside deductions."""
    deductions, limit, floor = pool
    prefix = f"{path}." if path else ""
    for k, deduction in enumerate(deductions):
        _deduction_rules(context, deduction, f"{prefix}deductions[{k}]", found)
    if limit is not None and limit < 0:
        found.add(f"{prefix}deduction_limit", "a deduction limit cannot be negative")
    if limit is not None and not deductions:
        found.add(f"{prefix}deduction_limit", "a deduction limit needs deductions beside it")
    if floor < 0:
        found.add(f"{prefix}floor", "a floor cannot be negative")
    elif floor > points:
        found.add(
            f"{prefix}floor",
            f"a floor of {format_number(Fraction(floor))} is above the "
            f"{format_number(Fraction(points))} points it is a floor of",
        )
    if floor and not deductions:
        found.add(f"{prefix}floor", "a floor needs deductions beside it")


def _trigger_rules(
    context: _Context, deduction: Deduction, path: str, found: ProblemCollector
) -> None:
    """A deduction triggered by a check: no count beside it, and a check over facts only
    (no judgement, no other indicator's result, no ratio that makes the item not apply)."""
    assert deduction.when is not None
    if deduction.fact:
        found.add(
            f"{path}.fact",
            "a deduction counts incidents of a fact or is triggered by a check (when), not both",
        )
    if deduction.limit is not None:
        found.add(f"{path}.limit", "a triggered deduction is taken once: it has no limit")
    for inner, check in walk_checks(deduction.when, f"{path}.when"):
        found.extend(_check_problems(check, inner, context.facts))
        if isinstance(check, AssessedCheck | ResultCheck):
            found.add(
                inner,
                "a deduction is triggered by facts: an assessed or result check cannot trigger it",
            )
        if isinstance(check, RatioCheck) and check.when_zero is ZeroDenominator.NOT_APPLICABLE:
            found.add(
                f"{inner}.when_zero",
                'a deduction\'s trigger cannot make the indicator not applicable: use "met" '
                'or "not_met"',
            )


def _total_rules(standard: Standard, found: ProblemCollector) -> None:
    """Across levels: the categories add up to the total, the weights too, and the pass
    mark can be reached."""
    category_sum = sum(
        (Fraction(c.points) for c in standard.categories if not c.bonus), Fraction(0)
    )
    weighted = standard.aggregation is Aggregation.WEIGHTED
    # weighted: each category's credits are in its own units; the weights make the total
    if not weighted and category_sum != Fraction(standard.total_points):
        apart = " (bonus categories apart)" if any(c.bonus for c in standard.categories) else ""
        found.add(
            "total_points",
            f"the total is {_n(standard.total_points)} points but the categories{apart} add up "
            f"to {_n(category_sum)}",
        )
    if weighted:
        _weight_rules(standard, found)
    else:
        if standard.sections:
            found.add("sections", 'sections weigh categories: they need aggregation = "weighted"')
        for c, category in enumerate(standard.categories):
            if category.section is not None:
                found.add(
                    f"categories[{c}].section", 'sections apply only when aggregation = "weighted"'
                )
    ceiling = standard_ceiling(standard)
    if standard.pass_mark > ceiling:
        found.add(
            "pass_mark",
            f"the pass mark {_n(standard.pass_mark)} is above the most a community can score ({_n(ceiling)})",
        )


def _weight_rules(standard: Standard, found: ProblemCollector) -> None:
    """Weighted: the top-level weights (sections and the categories outside them) add up to
    the total; each section's categories' weights add up to 100 (per cent of the
    section's); sections are declared, used and not negative."""
    sections = {section.id: section for section in standard.sections}
    found.extend(_duplicates("sections", [s.id for s in standard.sections], "section id"))
    inside: dict[str, Fraction] = {}
    top = sum((Fraction(s.weight) for s in standard.sections), Fraction(0))
    for c, category in enumerate(standard.categories):
        weight = Fraction(category.weight or 0)
        if category.section is None:
            top += weight
        elif category.section not in sections:
            hint = did_you_mean(category.section, list(sections))
            found.add(
                f"categories[{c}].section", f"section {category.section!r} is not declared{hint}"
            )
        elif category.bonus:
            found.add(f"categories[{c}].section", "a bonus category has no weight, nor a section")
        else:
            inside[category.section] = inside.get(category.section, Fraction(0)) + weight
    if top != Fraction(standard.total_points):
        what = "the section and category weights" if sections else "the category weights"
        found.add(
            "categories",
            f"{what} add up to {_n(top)}, not the total {_n(standard.total_points)}",
        )
    for s, section in enumerate(standard.sections):
        if not is_valid_id(section.id):
            found.add(f"sections[{s}].id", f"{section.id!r} is not a valid id")
        if section.weight < 0:
            found.add(f"sections[{s}].weight", "a weight cannot be negative")
        if section.id not in inside:
            found.add(f"sections[{s}]", f"section {section.id!r} has no category")
        elif inside[section.id] != 100:
            found.add(
                f"sections[{s}]",
                f"the weights of section {section.id!r}'s categories add up to "
                f"{_n(inside[section.id])}, not 100 (per cent of the section)",
            )


def standard_ceiling(standard: Standard) -> Fraction:
    """The most a community can score (exactly), by the rules scoring adds up by.

    Each category counts by its groups and cap (:func:`possible_points`, the one rule
    scoring uses too). Summed points: the categories with their bonus items. Weighted:
    each category's weight times the share it can earn, its points with its bonus items
    over its points, the weights of categories without points left out and the rest
    scaled to the total.

    .. versionadded:: 0.2.0
    """
    if not all(_countable(category) for category in standard.categories):
        return Fraction(standard.total_points)
    if standard.aggregation is not Aggregation.WEIGHTED:
        base = sum((possible_points(c) for c in standard.categories), Fraction(0))
        most = sum((possible_points(c, bonus=True) for c in standard.categories), Fraction(0))
        return Fraction(standard.total_points) + most - base
    above = sum(
        (possible_points(c, bonus=True) for c in standard.categories if c.bonus), Fraction(0)
    )
    points = [possible_points(c) for c in standard.categories]
    weights = category_weights(standard.categories, standard.sections, [bool(p) for p in points])
    reached = sum(
        (
            weight * possible_points(category, bonus=True) / own
            for category, weight, own in zip(standard.categories, weights, points, strict=True)
            if own and not category.bonus
        ),
        Fraction(0),
    )
    denominator = sum(weights, Fraction(0))
    most = reached * Fraction(standard.total_points) / denominator if denominator else Fraction(0)
    return most + above


def _countable(category: Category) -> bool:
    ids = {indicator.id for indicator in category.indicators}
    members = [i for group in category.groups for path in group.members for i in path]
    return set(members) <= ids and len(members) == len(set(members))


def _tier_rules(standard: Standard, found: ProblemCollector) -> None:
    """Tiers rise, and each can be reached."""
    ceiling = standard_ceiling(standard)
    previous: Decimal | None = None
    for t, tier in enumerate(standard.tiers):
        if previous is not None and tier.minimum <= previous:
            found.add(
                f"tiers[{t}].minimum",
                f"tiers must be in rising order: {_n(tier.minimum)} is not above {_n(previous)}",
            )
        if tier.minimum > ceiling:
            found.add(
                f"tiers[{t}].minimum",
                f"tier {tier.id!r} needs {_n(tier.minimum)}, more than the most a community can score ({_n(ceiling)})",
            )
        previous = tier.minimum
        _tier_requirements(standard, tier, f"tiers[{t}]", found)


def _tier_requirements(standard: Standard, tier: Tier, path: str, found: ProblemCollector) -> None:
    """A tier's minimum standards: shares of declared, counted categories from 0 to 1, each
    category once; starred items to keep above 0 when the tier asks for it."""
    categories = {category.id: category for category in standard.categories}
    seen: set[str] = set()
    for s, share in enumerate(tier.shares):
        where = f"{path}.shares[{s}]"
        category = categories.get(share.category)
        if category is None:
            hint = did_you_mean(share.category, list(categories))
            found.add(f"{where}.category", f"category {share.category!r} is not declared{hint}")
        elif category.bonus:
            found.add(
                f"{where}.category",
                f"category {share.category!r} is a bonus category: it has no share to keep",
            )
        if share.category in seen:
            found.add(f"{where}.category", f"category {share.category!r} is named twice")
        seen.add(share.category)
        if not 0 <= share.minimum <= 1:
            found.add(
                f"{where}.minimum",
                f"a share is from 0 to 1 (0.4 is 40 %), not {_n(share.minimum)}",
            )
    starred = any(indicator.starred for _, indicator in standard.indicators())
    if tier.starred_above_zero and not starred:
        found.add(
            f"{path}.starred_above_zero",
            "no indicator is starred (starred = true): there is nothing to keep above 0",
        )


def _reference_rules(standard: Standard, found: ProblemCollector) -> None:
    """References to other indicators' results: to a declared indicator other than the
    one referring, for points above 0 and within its points, and never round in a circle
    (an indicator must be scored before the ones that read its result)."""
    indicators = {indicator.id: indicator for _, indicator in standard.indicators()}
    reads: dict[str, set[str]] = {}
    for c, category in enumerate(standard.categories):
        for n, indicator in enumerate(category.indicators):
            for i, check in enumerate(indicator.checks):
                base = f"categories[{c}].indicators[{n}].checks[{i}]"
                for inner, found_check in walk_checks(check, base):
                    if not isinstance(found_check, ResultCheck):
                        continue
                    target = indicators.get(found_check.indicator)
                    if target is None:
                        hint = did_you_mean(found_check.indicator, list(indicators))
                        found.add(
                            f"{inner}.indicator",
                            f"indicator {found_check.indicator!r} is not declared{hint}",
                        )
                        continue
                    if target.id == indicator.id:
                        found.add(f"{inner}.indicator", "an indicator cannot read its own result")
                        continue
                    reads.setdefault(indicator.id, set()).add(target.id)
                    points = found_check.points
                    if points is not None and not 0 < points <= target.points:
                        found.add(
                            f"{inner}.points",
                            f"indicator {target.id!r} earns from 0 to {_n(target.points)} points: "
                            f"ask for more than 0 and at most that, not {_n(points)}",
                        )
    cycle = _cycle(reads)
    if cycle:
        found.add(
            "categories",
            "indicators read each other's results in a circle: " + " -> ".join(cycle),
        )


def _cycle(reads: dict[str, set[str]]) -> list[str]:
    """A circle in ``reads`` (indicator -> the indicators whose results it reads), as the
    ids round it with the first again at the end, or ``[]``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for after in sorted(reads.get(node, ())):
            if state.get(after) == 1:
                return [*path[path.index(after) :], after]
            if after not in state:
                found = visit(after)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for start in sorted(reads):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return []


def _duplicates(path: str, values: list[str], what: str) -> Iterator[Problem]:
    counts = Counter(values)
    reported: set[str] = set()
    for index, value in enumerate(values):
        if counts[value] > 1 and value not in reported and values.index(value) != index:
            reported.add(value)
            yield Problem(f"{path}[{index}]", f"duplicate {what} {value!r}")


def _fact_problems(fact: Fact, path: str) -> Iterator[Problem]:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", fact.key):
        yield Problem(f"{path}.key", f"{fact.key!r} is not a valid fact key")
    if fact.kind is FactKind.BOOLEAN:
        if fact.unit:
            yield Problem(f"{path}.unit", "a boolean fact has no unit")
        if fact.minimum is not None or fact.maximum is not None:
            yield Problem(path, "a boolean fact has no minimum or maximum")
        if fact.step is not None:
            yield Problem(f"{path}.step", "a boolean fact has no step")
        if fact.each_period:
            yield Problem(f"{path}.each_period", "a boolean fact is not counted in periods")
        return
    if fact.each_period:
        try:
            period_of(fact.unit)
        except UnitProblem as exc:
            yield Problem(f"{path}.each_period", f"counted in each period: {exc}")
    if fact.step is not None and fact.step <= 0:
        yield Problem(f"{path}.step", f"the step must be above 0, not {format_number(fact.step)}")
    elif fact.step is not None and fact.kind is FactKind.COUNT and fact.step.denominator != 1:
        yield Problem(f"{path}.step", "a count's step is a whole number")
    try:
        validate_unit(fact.unit)
    except UnitProblem as exc:
        yield Problem(f"{path}.unit", str(exc))
    if fact.minimum is not None and fact.maximum is not None and fact.minimum > fact.maximum:
        yield Problem(f"{path}.maximum", "the maximum is below the minimum")
    if fact.kind is FactKind.COUNT and fact.minimum is not None and fact.minimum < 0:
        yield Problem(f"{path}.minimum", "a count cannot be negative")


def _fact_ref(
    facts: dict[str, Fact], key: str, path: str, kind: FactKind | None
) -> Iterator[Problem]:
    fact = facts.get(key)
    if fact is None:
        hint = did_you_mean(key, facts)
        yield Problem(path, f"fact {key!r} is not declared in [[facts]]{hint}")
        return
    if kind is FactKind.BOOLEAN and fact.kind is not FactKind.BOOLEAN:
        yield Problem(path, f"fact {key!r} is a {fact.kind.value}, not a boolean")
    elif kind is FactKind.COUNT and fact.kind is not FactKind.COUNT:
        yield Problem(path, f"fact {key!r} is a {fact.kind.value}, not a count")
    elif kind is FactKind.QUANTITY and fact.kind is FactKind.BOOLEAN:
        yield Problem(path, f"fact {key!r} is a boolean, not a number")


_BOUNDS = (("minimum", "more_than"), ("maximum", "less_than"))


def _limits(
    check: ThresholdCheck | FrequencyCheck | RatioCheck, path: str, unit: str | None
) -> Iterator[Problem]:
    written = {
        name: getattr(check, name)
        for pair in _BOUNDS
        for name in pair
        if getattr(check, name) is not None
    }
    if not written:
        yield Problem(path, "a threshold needs a bound: minimum, more_than, maximum or less_than")
        return
    for inclusive, strict in _BOUNDS:
        if inclusive in written and strict in written:
            yield Problem(
                f"{path}.{strict}", f"{inclusive} and {strict} are two bounds on one side; keep one"
            )
    values: dict[str, Fraction] = {}
    for name, limit in written.items():
        if unit is None:
            continue
        try:
            values[name] = limit_in(limit, unit)
        except UnitProblem as exc:
            yield Problem(f"{path}.{name}", str(exc))
    lows = [name for name in _BOUNDS[0] if name in values]
    highs = [name for name in _BOUNDS[1] if name in values]
    if lows and highs:
        low, high = lows[0], highs[0]
        exclusive = low == "more_than" or high == "less_than"
        if values[low] > values[high] or (exclusive and values[low] == values[high]):
            yield Problem(
                f"{path}.{high}",
                f"no value meets {low} {format_number(values[low])} and "
                f"{high} {format_number(values[high])}"
                if exclusive
                else "the maximum is below the minimum",
            )


def _check_problems(
    check: Check, path: str, facts: dict[str, Fact], not_applicable_forbidden: bool = False
) -> Iterator[Problem]:
    if isinstance(check, BooleanCheck):
        yield from _fact_ref(facts, check.fact, f"{path}.fact", FactKind.BOOLEAN)
    elif isinstance(check, ThresholdCheck | FrequencyCheck):
        bad = list(_fact_ref(facts, check.fact, f"{path}.fact", FactKind.QUANTITY))
        yield from bad
        fact = facts.get(check.fact)
        unit = fact.unit if fact is not None and not bad else None
        if isinstance(check, FrequencyCheck) and unit is not None:
            try:
                dimension = validate_unit(unit)
            except UnitProblem:
                dimension = ""
            if dimension.replace(" ", "") not in {"1/[time]"}:
                yield Problem(
                    f"{path}.fact",
                    f"a frequency needs a fact per unit of time, and {check.fact!r} is in {unit!r}",
                )
        yield from _limits(check, path, unit)
    elif isinstance(check, RatioCheck):
        bad = list(_fact_ref(facts, check.numerator, f"{path}.numerator", FactKind.QUANTITY))
        bad += list(_fact_ref(facts, check.denominator, f"{path}.denominator", FactKind.QUANTITY))
        yield from bad
        unit = None if bad else ratio_unit(facts[check.numerator], facts[check.denominator])
        yield from _limits(check, path, unit)
        if check.when_zero is ZeroDenominator.NOT_APPLICABLE and not_applicable_forbidden:
            yield Problem(
                f"{path}.when_zero",
                'when_zero = "not_applicable" needs a standard whose not_applicable policy '
                'is "zero" or "rescale"',
            )
    elif isinstance(check, AllOf | AnyOf):
        if not check.checks:
            yield Problem(f"{path}.checks", "needs at least one check")
    elif isinstance(check, AssessedCheck) and not check.label.languages:
        yield Problem(f"{path}.label", "an assessed check needs a label saying what is judged")
