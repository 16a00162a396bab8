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

from ..units.convert import UnitProblem, validate_unit
from ..units.numbers import format_number
from .errors import Problem, StandardError
from .measures import limit_in, ratio_unit
from .standard import (
    Aggregation,
    AllOf,
    AnyOf,
    AssessedCheck,
    Award,
    BooleanCheck,
    Check,
    Fact,
    FactKind,
    FrequencyCheck,
    NotApplicablePolicy,
    RatioCheck,
    Role,
    Standard,
    ThresholdCheck,
    walk_checks,
)
from .suggest import did_you_mean

__all__ = ["standard_problems", "validate_standard"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SCHEMA = 1


def validate_standard(standard: Standard, source: str = "<standard>") -> None:
    """Raise :class:`StandardError` listing every inconsistency of ``standard``.

    .. versionadded:: 0.1.0
    """
    StandardError.collect(source, standard_problems(standard))


def _n(value: Decimal | Fraction) -> str:
    return format_number(Fraction(value))


def standard_problems(standard: Standard) -> list[Problem]:
    """Return every inconsistency of ``standard`` (an empty list when it is valid).

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    add = problems.append
    if standard.schema != _SCHEMA:
        add(
            Problem(
                "schema",
                f"schema {standard.schema} is not supported (this library reads {_SCHEMA})",
            )
        )
    if not _ID.match(standard.id):
        add(Problem("id", f"{standard.id!r} is not a valid id (letters, digits, '.', '_' and '-')"))
    if not standard.version.strip() or "@" in standard.version:
        add(Problem("version", f"{standard.version!r} is not a valid version"))
    if not (standard.title.zh or standard.title.en):
        add(Problem("title", "the title needs a text in at least one language"))
    problems.extend(_duplicates("facts", [fact.key for fact in standard.facts], "fact key"))
    problems.extend(_duplicates("categories", [c.id for c in standard.categories], "category id"))
    problems.extend(_duplicates("tiers", [t.id for t in standard.tiers], "tier id"))
    problems.extend(
        _duplicates("departments", [d.id for d in standard.departments], "department id")
    )
    seen_indicators: dict[str, str] = {}
    facts = {fact.key: fact for fact in standard.facts}
    used: set[str] = set()
    departments = {d.id for d in standard.departments}

    for i, fact in enumerate(standard.facts):
        problems.extend(_fact_problems(fact, f"facts[{i}]"))

    if standard.pass_mark < 0:
        add(Problem("pass_mark", "the pass mark cannot be negative"))
    if not 0 <= standard.partial_credit <= 1:
        add(Problem("partial_credit", "partial credit is a share between 0 and 1"))
    if standard.total_points <= 0:
        add(Problem("total_points", "the total points must be more than 0"))

    category_sum = Decimal(0)
    bonus_sum = Decimal(0)
    weight_sum = Decimal(0)
    for c, category in enumerate(standard.categories):
        cpath = f"categories[{c}]"
        if not _ID.match(category.id):
            add(Problem(f"{cpath}.id", f"{category.id!r} is not a valid id"))
        if category.points < 0:
            add(Problem(f"{cpath}.points", "points cannot be negative"))
        if standard.aggregation is Aggregation.WEIGHTED:
            if category.weight is None:
                add(
                    Problem(
                        f"{cpath}.weight", "a weighted standard needs a weight for every category"
                    )
                )
            else:
                weight_sum += category.weight
                if category.weight < 0:
                    add(Problem(f"{cpath}.weight", "a weight cannot be negative"))
        elif category.weight is not None:
            add(Problem(f"{cpath}.weight", 'weights apply only when aggregation = "weighted"'))
        if not category.indicators:
            add(Problem(f"{cpath}.indicators", f"category {category.id!r} has no indicators"))
        indicator_sum = Decimal(0)
        for n, indicator in enumerate(category.indicators):
            ipath = f"{cpath}.indicators[{n}]"
            if not _ID.match(indicator.id):
                add(Problem(f"{ipath}.id", f"{indicator.id!r} is not a valid id"))
            if indicator.id in seen_indicators:
                add(
                    Problem(
                        f"{ipath}.id",
                        f"indicator id {indicator.id!r} is already used at {seen_indicators[indicator.id]}",
                    )
                )
            else:
                seen_indicators[indicator.id] = ipath
            if indicator.points < 0:
                add(Problem(f"{ipath}.points", "points cannot be negative"))
            if indicator.bonus:
                bonus_sum += indicator.points
            else:
                indicator_sum += indicator.points
            if indicator.partial_credit is not None and not 0 <= indicator.partial_credit <= 1:
                add(Problem(f"{ipath}.partial_credit", "partial credit is a share between 0 and 1"))
            for d, department in enumerate(indicator.departments):
                if department not in departments:
                    add(
                        Problem(
                            f"{ipath}.departments[{d}]",
                            f"department {department!r} is not declared",
                        )
                    )
            if indicator.award is Award.DEDUCTION and not indicator.deductions:
                add(
                    Problem(f"{ipath}.deductions", "a deduction award needs at least one deduction")
                )
            if indicator.deductions and indicator.award is not Award.DEDUCTION:
                add(Problem(f"{ipath}.award", 'deductions need award = "deduction"'))
            if not indicator.checks and not indicator.deductions:
                add(Problem(f"{ipath}.checks", f"indicator {indicator.id!r} has no checks"))
            if indicator.role is Role.PREREQUISITE and indicator.bonus:
                add(Problem(f"{ipath}.bonus", "a prerequisite cannot be a bonus item"))
            if (
                indicator.not_applicable
                and standard.not_applicable is NotApplicablePolicy.FORBIDDEN
            ):
                add(
                    Problem(
                        f"{ipath}.not_applicable",
                        'the standard\'s policy is not_applicable = "forbidden"',
                    )
                )
            if indicator.not_applicable_when is not None:
                key = indicator.not_applicable_when.fact
                used.add(key)
                problems.extend(
                    _fact_ref(facts, key, f"{ipath}.not_applicable_when.fact", FactKind.BOOLEAN)
                )
                if standard.not_applicable is NotApplicablePolicy.FORBIDDEN:
                    add(
                        Problem(
                            f"{ipath}.not_applicable_when",
                            'the standard\'s policy is not_applicable = "forbidden"',
                        )
                    )
            for k, deduction in enumerate(indicator.deductions):
                dpath = f"{ipath}.deductions[{k}]"
                used.add(deduction.fact)
                problems.extend(_fact_ref(facts, deduction.fact, f"{dpath}.fact", FactKind.COUNT))
                if deduction.points <= 0:
                    add(Problem(f"{dpath}.points", "a deduction takes off more than 0 points"))
                if deduction.limit is not None and deduction.limit < 0:
                    add(Problem(f"{dpath}.limit", "a deduction limit cannot be negative"))
            assessed = 0
            for k, check in enumerate(indicator.checks):
                for path, found in walk_checks(check, f"{ipath}.checks[{k}]"):
                    if isinstance(found, AssessedCheck):
                        assessed += 1
                        if assessed == 2:
                            add(Problem(path, "an indicator has at most one assessed check"))
                    problems.extend(_check_problems(found, path, facts, used))
        if indicator_sum != category.points:
            add(
                Problem(
                    f"{cpath}.points",
                    f"category {category.id!r} is worth {_n(category.points)} points but its "
                    f"indicators add up to {_n(indicator_sum)}",
                )
            )
        category_sum += category.points
    if category_sum != standard.total_points:
        add(
            Problem(
                "total_points",
                f"the total is {_n(standard.total_points)} points but the categories add up to "
                f"{_n(category_sum)}",
            )
        )
    if standard.aggregation is Aggregation.WEIGHTED and weight_sum != standard.total_points:
        add(
            Problem(
                "categories",
                f"the category weights add up to {_n(weight_sum)}, not the total {_n(standard.total_points)}",
            )
        )
    ceiling = standard.total_points + bonus_sum
    if standard.pass_mark > ceiling:
        add(
            Problem(
                "pass_mark",
                f"the pass mark {_n(standard.pass_mark)} is above the most a community can score ({_n(ceiling)})",
            )
        )
    previous: Decimal | None = None
    for t, tier in enumerate(standard.tiers):
        if previous is not None and tier.minimum <= previous:
            add(
                Problem(
                    f"tiers[{t}].minimum",
                    f"tiers must be in rising order: {_n(tier.minimum)} is not above {_n(previous)}",
                )
            )
        if tier.minimum > ceiling:
            add(
                Problem(
                    f"tiers[{t}].minimum",
                    f"tier {tier.id!r} needs {_n(tier.minimum)}, more than the most a community can score ({_n(ceiling)})",
                )
            )
        previous = tier.minimum
    for i, fact in enumerate(standard.facts):
        if fact.key not in used:
            add(Problem(f"facts[{i}]", f"fact {fact.key!r} is declared but no check uses it"))
    return problems


def _duplicates(path: str, values: list[str], what: str) -> Iterator[Problem]:
    counts = Counter(values)
    reported: set[str] = set()
    for index, value in enumerate(values):
        if counts[value] > 1 and value not in reported and values.index(value) != index:
            reported.add(value)
            yield Problem(f"{path}[{index}]", f"duplicate {what} {value!r}")


def _fact_problems(fact: Fact, path: str) -> Iterator[Problem]:
    if not re.match(r"^[A-Za-z_][A-Za-z0-9_.-]*$", fact.key):
        yield Problem(f"{path}.key", f"{fact.key!r} is not a valid fact key")
    if fact.kind is FactKind.BOOLEAN:
        if fact.unit:
            yield Problem(f"{path}.unit", "a boolean fact has no unit")
        if fact.minimum is not None or fact.maximum is not None:
            yield Problem(path, "a boolean fact has no minimum or maximum")
        return
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


def _limits(
    check: ThresholdCheck | FrequencyCheck | RatioCheck, path: str, unit: str | None
) -> Iterator[Problem]:
    if check.minimum is None and check.maximum is None:
        yield Problem(path, "a threshold needs a minimum, a maximum or both")
        return
    values: dict[str, Fraction] = {}
    for name, limit in (("minimum", check.minimum), ("maximum", check.maximum)):
        if limit is None:
            continue
        if unit is None:
            continue
        try:
            values[name] = limit_in(limit, unit)
        except UnitProblem as exc:
            yield Problem(f"{path}.{name}", str(exc))
    if "minimum" in values and "maximum" in values and values["minimum"] > values["maximum"]:
        yield Problem(f"{path}.maximum", "the maximum is below the minimum")


def _check_problems(
    check: Check, path: str, facts: dict[str, Fact], used: set[str]
) -> Iterator[Problem]:
    if isinstance(check, BooleanCheck):
        used.add(check.fact)
        yield from _fact_ref(facts, check.fact, f"{path}.fact", FactKind.BOOLEAN)
    elif isinstance(check, ThresholdCheck | FrequencyCheck):
        used.add(check.fact)
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
        used.update((check.numerator, check.denominator))
        bad = list(_fact_ref(facts, check.numerator, f"{path}.numerator", FactKind.QUANTITY))
        bad += list(_fact_ref(facts, check.denominator, f"{path}.denominator", FactKind.QUANTITY))
        yield from bad
        unit = None if bad else ratio_unit(facts[check.numerator], facts[check.denominator])
        yield from _limits(check, path, unit)
    elif isinstance(check, AllOf | AnyOf):
        if not check.checks:
            yield Problem(f"{path}.checks", "needs at least one check")
    elif isinstance(check, AssessedCheck) and not (check.label.zh or check.label.en):
        yield Problem(f"{path}.label", "an assessed check needs a label saying what is judged")
