"""Evidence about one community, checked and normalised against a standard.

Facts are converted to the units the standard declares when the evidence is read, so
that scoring compares plain exact numbers and never calls pint.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime
import functools
import os
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeAlias

import attrs

from ..messages.catalogue import problem
from ..messages.kinds import kind_of
from ..model.errors import EvidenceError, Problem, ProblemCollector
from ..model.evidence import Community, Evidence, FactValue, Judgement, PeriodValues
from ..model.standard import (
    TOTAL_POOL,
    AssessedCheck,
    Check,
    Deduction,
    Fact,
    FactKind,
    FrequencyCheck,
    Indicator,
    NotApplicablePolicy,
    PointsRange,
    RatioCheck,
    Role,
    Standard,
    ThresholdCheck,
    allowed_points_text,
    amount_owners,
    points_allowed,
    pool_amounts,
    walk_checks,
)
from ..model.suggest import Suggestions
from ..units.convert import UnitProblem, conversion_factor, period_of, split_amount
from ..units.numbers import NumberProblem, format_number, parse_number
from .io import parse_document, read_document
from .standard import CONVERTER, Invalid, structure

__all__ = [
    "evidence_from_dict",
    "evidence_to_dict",
    "load_evidence",
    "loads_evidence",
    "looks_like_evidence",
    "normalise_fact",
    "normalise_periods",
    "read_evidence_document",
]


@attrs.frozen(kw_only=True)
class _Document:
    community: Community
    standard: str | None = None
    facts: dict[str, Any] = attrs.field(factory=dict)
    judgements: dict[str, Judgement] = attrs.field(factory=dict)
    not_applicable: dict[str, str] = attrs.field(factory=dict)
    deductions: dict[str, Any] = attrs.field(factory=dict)


def looks_like_evidence(data: Mapping[str, Any]) -> bool:
    """Whether a parsed document is evidence rather than a standard.

    Evidence has a ``[community]`` table and no top-level ``id`` (a standard always has
    one; a community's id sits in its table).

    .. versionadded:: 0.2.0
    """
    return isinstance(data.get("community"), Mapping) and "id" not in data


def normalise_fact(fact: Fact, value: object) -> FactValue:
    """Return ``value`` checked against ``fact`` and converted to its declared unit.

    Raises :class:`ValueError` with a plain sentence naming the fact and both units.
    """
    if fact.kind is FactKind.BOOLEAN:
        if not isinstance(value, bool):
            raise Invalid(
                f"fact {fact.key!r} is yes/no; expected true or false, found {kind_of(value)}"
            )
        return value
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str | Fraction | float):
        raise Invalid(f"fact {fact.key!r} is a number; found {kind_of(value)}")
    unit = ""
    number: object = value
    if isinstance(value, str):
        number, unit = split_amount(value)
        if not number:
            raise Invalid(f"fact {fact.key!r}: {value!r} does not start with a number")
    try:
        magnitude = parse_number(number)
    except NumberProblem as exc:
        raise Invalid(f"fact {fact.key!r}: {exc}") from None
    if unit:
        try:
            magnitude *= conversion_factor(unit, fact.unit)
        except UnitProblem as exc:
            raise Invalid(
                f"fact {fact.key!r} is declared in {fact.unit or 'plain numbers'!r}; {exc}"
            ) from None
    shown = f"{value!r}" if isinstance(value, str) else format_number(magnitude)
    if fact.kind is FactKind.COUNT:
        if magnitude < 0:
            raise Invalid(f"fact {fact.key!r} is a count and cannot be negative ({shown})")
        if magnitude.denominator != 1:
            raise Invalid(
                f"fact {fact.key!r} is a count of whole {fact.unit or 'items'}; {shown} is not whole"
            )
    if fact.minimum is not None and magnitude < fact.minimum:
        raise Invalid(
            f"fact {fact.key!r} is {shown}, below its smallest possible value {_bound(fact, fact.minimum)}"
        )
    if fact.maximum is not None and magnitude > fact.maximum:
        raise Invalid(
            f"fact {fact.key!r} is {shown}, above its largest possible value {_bound(fact, fact.maximum)}"
        )
    return magnitude.numerator if magnitude.denominator == 1 else magnitude


def _day(item: object) -> datetime.date | None:
    """``item`` as a date (a TOML date, or text ``YYYY-MM-DD``), or ``None``."""
    if isinstance(item, datetime.date) and not isinstance(item, datetime.datetime):
        return item
    if isinstance(item, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", item):
        try:
            return datetime.date.fromisoformat(item.strip())
        except ValueError:
            return None
    return None


def normalise_periods(fact: Fact, value: object) -> FactValue | PeriodValues:
    """Return ``value`` of a fact counted in each period (``each_period``), checked.

    Each period's count (``[1, 2]``, or ``"1; 2"`` in a table cell), the dates of the
    events (counted per period of their calendar year), or one rate: in the fact's own
    unit it is every period's rate (a plain number); in another unit (``"2 / year"``) it
    is a rate over another span, which cannot show each period.

    .. versionadded:: 0.2.0
    """
    period, periods = period_of(fact.unit)
    period = period.replace("_", " ")
    items: list[object] | None = None
    if isinstance(value, list | tuple):
        items = list(value)
    elif isinstance(value, str) and ";" in value:
        items = [part.strip() for part in value.split(";") if part.strip()]
    if items is None:
        if isinstance(value, str):
            number, written = split_amount(value)
            try:
                factor = conversion_factor(written, fact.unit) if written and number else 1
            except UnitProblem:
                factor = 1  # the reader below names the unit
            if factor != 1:  # an average over another span: it need not be whole
                try:
                    average = parse_number(number) * factor
                except NumberProblem as exc:
                    raise Invalid(f"fact {fact.key!r}: {exc}") from None
                if average < 0:
                    raise Invalid(f"fact {fact.key!r} cannot be negative ({value!r})")
                return PeriodValues(average=average, given=value.strip())
        return normalise_fact(fact, value)
    days = [_day(item) for item in items]
    if items and all(day is not None for day in days):
        found = sorted(day for day in days if day is not None)
        years = sorted({day.year for day in found})
        if len(years) > 1:
            raise Invalid(
                f"fact {fact.key!r}: the dates fall in {', '.join(map(str, years))}; "
                "give the dates of one assessment year"
            )
        tally = [0] * periods
        for day in found:
            tally[(day.month - 1) * periods // 12] += 1
        return PeriodValues(counts=tuple(tally), dates=tuple(found))
    if len(items) != periods:
        raise Invalid(
            f"fact {fact.key!r} is counted in each {period}: give {periods} counts, one for "
            f"each {period} of the year, or the dates of the events; found {len(items)}"
        )
    counts: list[int | Fraction] = []
    for item in items:
        count = normalise_fact(fact, item)
        assert not isinstance(count, bool)
        counts.append(count)
    return PeriodValues(counts=tuple(counts))


def _bound(fact: Fact, value: Fraction) -> str:
    if not fact.unit and value <= 1:
        return f"{format_number(value)} ({format_number(value * 100)} %)"
    return f"{format_number(value)} {fact.unit}".strip()


def _has_assessed(check: Check) -> bool:
    return any(isinstance(found, AssessedCheck) for _, found in walk_checks(check))


def _denominators(check: Check) -> set[str]:
    return {found.denominator for _, found in walk_checks(check) if isinstance(found, RatioCheck)}


@functools.lru_cache(maxsize=64)
def _index(standard: Standard) -> tuple[dict[str, Fact], dict[str, Indicator], tuple[str, ...]]:
    """Facts and indicators by key, and the facts ratios divide by (once per standard)."""
    indicators = {indicator.id: indicator for _, indicator in standard.indicators()}
    denominators: set[str] = set()
    for indicator in indicators.values():
        for check in indicator.checks:
            denominators |= _denominators(check)
    return {fact.key: fact for fact in standard.facts}, indicators, tuple(sorted(denominators))


def _structure(data: Mapping[str, Any], source: str) -> tuple[_Document, list[Problem]]:
    """The document's tables, and the problems of those that do not fit.

    A table with a problem (a bad date in ``[community]``) is left out, so that the other
    tables are still checked and every problem of the file is reported at once.
    """
    try:
        return structure(data, _Document, source, EvidenceError), []
    except EvidenceError as error:
        problems = list(error.problems)
    failed = {re.split(r"[.\[]", item.path, maxsplit=1)[0] for item in problems}
    rest: dict[str, Any] = {key: value for key, value in data.items() if key not in failed}
    rest.setdefault("community", {"id": "?", "name": "?"})
    try:
        return structure(rest, _Document, source, EvidenceError), problems
    except EvidenceError:
        raise EvidenceError(source, problems) from None


def _is_percent(unit: str) -> bool:
    return unit in {"%", "percent"}


@functools.lru_cache(maxsize=64)
def _rate_limits(standard: Standard) -> dict[str, Fraction]:
    """The largest limit any check sets on each fact, in the fact's unit."""
    from ..model.measures import limit_in

    units = {fact.key: fact.unit for fact in standard.facts}
    found: dict[str, Fraction] = {}
    for _, indicator in standard.indicators():
        for top in indicator.checks:
            for _, check in walk_checks(top):
                if not isinstance(check, ThresholdCheck | FrequencyCheck):
                    continue
                for limit in (check.minimum, check.maximum):
                    if limit is not None:
                        value = limit_in(limit, units[check.fact])
                        found[check.fact] = max(found.get(check.fact, value), value)
    return found


def _implausible(
    fact: Fact, given: object, value: FactValue, limit: Fraction | None
) -> Problem | None:
    """A warning for a rate whose bare number reads far from what its limit suggests.

    The rule stays the documented one (a bare number is in the fact's declared unit);
    the warning says how the number was read and how to write the other reading.
    """
    if limit is None or isinstance(value, bool) or fact.kind is FactKind.COUNT:
        return None
    bare = not isinstance(given, str) or not split_amount(given)[1]
    if not bare:
        return None
    number = Fraction(value)
    path = f"facts.{fact.key}"
    if _is_percent(fact.unit) and 0 < number <= 1 < limit:
        return problem(
            path,
            "{value} is read as {value} % (a bare number is in the fact's unit, %), "
            'far below the limit of {limit} %; if {percent} % was meant, write "{percent} %"',
            value=number,
            limit=limit,
            percent=number * 100,
        )
    if not fact.unit and number > 1 >= limit:
        return problem(
            path,
            "{value} is read as {percent} % (a bare number is a fraction of 1 for this fact), "
            'far above the limit of {limit_percent} %; if {value} % was meant, write "{value} %"',
            value=number,
            percent=number * 100,
            limit_percent=limit * 100,
        )
    return None


def _facts(
    document: _Document,
    standard: Standard,
    found: ProblemCollector,
    hint: Suggestions,
    periods: dict[str, PeriodValues],
) -> dict[str, FactValue]:
    """Each fact declared and normalised to its unit (a zero denominator is scored: the
    ratio's ``when_zero`` says what it means); a fact counted in each period and given
    period by period goes to ``periods``."""
    declared, _, _ = _index(standard)
    facts: dict[str, FactValue] = {}
    for key, value in document.facts.items():
        path = f"facts.{key}"
        fact = declared.get(key)
        if fact is None:
            found.add(path, f"fact {key!r} is not declared by {standard.ref}{hint(key)}")
            continue
        try:
            read = (
                normalise_periods(fact, value) if fact.each_period else normalise_fact(fact, value)
            )
        except Invalid as exc:
            found.add(path, str(exc))
            continue
        if isinstance(read, PeriodValues):
            periods[key] = read
        else:
            facts[key] = read
    return facts


def _judgements(
    document: _Document, standard: Standard, found: ProblemCollector, hint: Suggestions
) -> None:
    """Each judgement names an indicator with an assessed check, and gives a result or points."""
    indicators = _index(standard)[1]
    for indicator_id, judgement in document.judgements.items():
        path = f"judgements.{indicator_id}"
        indicator = indicators.get(indicator_id)
        if indicator is None:
            found.add(
                path, f"indicator {indicator_id!r} is not in {standard.ref}{hint(indicator_id)}"
            )
            continue
        if not any(_has_assessed(check) for check in indicator.checks):
            found.add(path, f"indicator {indicator_id!r} has no assessed check to judge")
        if (judgement.result is None) == (judgement.points is None):
            found.add(path, "a judgement gives either a result or points, not both or neither")
        if judgement.points is not None and not 0 <= judgement.points <= indicator.points:
            found.add(
                f"{path}.points",
                f"points must lie between 0 and {format_number(Fraction(indicator.points))}",
            )
        elif judgement.points is not None and not points_allowed(
            indicator, Fraction(judgement.points)
        ):
            found.add(
                f"{path}.points",
                f"indicator {indicator_id!r} takes {allowed_points_text(indicator)}; "
                f"{format_number(Fraction(judgement.points))} is not one of them",
            )


def _amount(value: object, name: str) -> Fraction:
    """One amount of points: a number (or a number written as text), exact."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str | Fraction | float):
        raise Invalid(f"{name}: expected a number of points, found {kind_of(value)}")
    try:
        return parse_number(value)
    except NumberProblem as exc:
        raise Invalid(f"{name}: {exc}") from None


def _points(value: Fraction) -> str:
    return format_number(value)


def _ranged_amount(
    owner: str, deduction: Deduction, value: object, facts: Mapping[str, FactValue]
) -> Fraction:
    """The assessor's amount of a ranged deduction: one number (a trigger's, or the total
    for every incident), or for incidents a list with one amount per case; checked to lie
    in the range (times the count of incidents, when the evidence gives it)."""
    assert isinstance(deduction.points, PointsRange)
    low, high = Fraction(deduction.points.minimum), Fraction(deduction.points.maximum)
    span = f"{_points(low)} to {_points(high)} points"
    name = f"deduction {deduction.id!r} of {owner}"
    count = None if deduction.when is not None else facts.get(deduction.fact)
    if isinstance(value, list | tuple):
        if deduction.when is not None:
            raise Invalid(f"{name} is taken once: give one amount ({span}), not a list")
        amounts = []
        for k, item in enumerate(value):
            amount = _amount(item, name)
            if not low <= amount <= high:
                raise Invalid(
                    f"{name}: case {k + 1}'s amount {_points(amount)} is outside {span} a case"
                )
            amounts.append(amount)
        if count and len(amounts) != count:
            raise Invalid(
                f"{name}: {len(amounts)} amounts given for {_points(Fraction(count))} cases "
                f"({deduction.fact}); give one amount per case, {span} each"
            )
        return sum(amounts, Fraction(0))
    amount = _amount(value, name)
    if deduction.when is not None:
        if not low <= amount <= high:
            raise Invalid(f"{name}: {_points(amount)} is outside {span}")
        return amount
    if not count or isinstance(count, bool):  # not known, or no incident: not read
        if amount < 0:
            raise Invalid(f"{name}: {_points(amount)} points cannot be negative")
        return amount
    if not low * count <= amount <= high * count:
        raise Invalid(
            f"{name}: {_points(amount)} is outside {_points(low * count)} to "
            f"{_points(high * count)} points for {_points(Fraction(count))} cases "
            f"({deduction.fact}), {span} each"
        )
    return amount


def _deductions(
    document: _Document,
    standard: Standard,
    facts: Mapping[str, FactValue],
    found: ProblemCollector,
    hint: Suggestions,
) -> dict[str, dict[str, Fraction]]:
    """The assessor's amounts of ranged deductions: each names an indicator, a category
    (its deduction pool) or ``"total"`` (the deductions from the total), and one of its
    deductions whose points are a range, and lies in that range."""
    owners = amount_owners(standard)
    read: dict[str, dict[str, Fraction]] = {}
    for key, amounts in document.deductions.items():
        path = f"deductions.{key}"
        owner = owners.get(key)
        if owner is None and not pool_amounts(standard):
            found.add(path, f"indicator {key!r} is not in {standard.ref}{hint(key)}")
            continue
        if owner is None:
            found.add(
                path,
                f"{key!r} is no indicator, category with a deduction pool or {TOTAL_POOL!r} "
                f"(deductions from the total) of {standard.ref}{hint(key)}",
            )
            continue
        kind, deductions = owner
        named = "the total" if kind == "total" else f"{kind} {key!r}"
        if not isinstance(amounts, Mapping):
            found.add(
                path, f"expected a table of amounts by deduction id, found {kind_of(amounts)}"
            )
            continue
        by_id = {d.id: d for d in deductions if d.id is not None}
        ranged = [name for name, d in by_id.items() if d.ranged]
        for deduction_id, value in amounts.items():
            where = f"{path}.{deduction_id}"
            deduction = by_id.get(deduction_id)
            if deduction is None:
                listed = ", ".join(map(repr, ranged)) or "none"
                found.add(
                    where,
                    f"{named} has no deduction {deduction_id!r} "
                    f"(its deductions left to the assessor: {listed})"
                    + Suggestions(ranged)(deduction_id),
                )
                continue
            if not deduction.ranged:
                found.add(
                    where,
                    f"deduction {deduction_id!r} of {named} takes a fixed "
                    f"{_points(Fraction(deduction.least))} points: it has no range for an "
                    "amount",
                )
                continue
            try:
                amount = _ranged_amount(named, deduction, value, facts)
            except Invalid as exc:
                found.add(where, str(exc))
                continue
            read.setdefault(key, {})[deduction_id] = amount
    return read


def _not_applicable(
    document: _Document, standard: Standard, found: ProblemCollector, hint: Suggestions
) -> None:
    """Each indicator claimed not applicable exists and may be."""
    indicators = _index(standard)[1]
    for indicator_id in document.not_applicable:
        path = f"not_applicable.{indicator_id}"
        indicator = indicators.get(indicator_id)
        if indicator is None:
            found.add(
                path, f"indicator {indicator_id!r} is not in {standard.ref}{hint(indicator_id)}"
            )
        elif standard.not_applicable is NotApplicablePolicy.FORBIDDEN:
            found.add(path, f"{standard.ref} does not allow indicators to be not applicable")
        elif indicator.not_applicable is False:
            found.add(path, f"indicator {indicator_id!r} always applies")
        elif indicator.role is not Role.SCORED and indicator.not_applicable is not True:
            found.add(
                path,
                f"indicator {indicator_id!r} is a {indicator.role.value}: evidence may claim it "
                "not applicable only where the standard allows it (not_applicable = true)",
            )


def _warnings(
    document: _Document,
    standard: Standard,
    declared: Mapping[str, Fact],
    facts: Mapping[str, FactValue],
) -> tuple[Problem, ...]:
    """The values that read well but look implausible (a rate above its limit, ...)."""
    limits = _rate_limits(standard)
    return tuple(
        warning
        for key, value in facts.items()
        if (warning := _implausible(declared[key], document.facts[key], value, limits.get(key)))
        is not None
    )


#: Further problems of evidence, found in what was read of it (strict mode's missing facts,
#: from the scoring plan): reported with the reader's own.
ExtraCheck: TypeAlias = Callable[[Evidence], Iterable[Problem]]


def evidence_from_dict(
    data: Mapping[str, Any],
    standard: Standard,
    source: str = "<data>",
    *,
    check: ExtraCheck | None = None,
) -> Evidence:
    """Check an evidence document against ``standard`` and normalise its facts.

    ``check``, when given, finds further problems in the evidence read (the valid part of
    it); they are reported with the document's own, in one error. Strict mode is such a
    check: :func:`community_standards.evidence_from_dict` with ``strict``. A document read
    from a workbook names, in its problems, the cells the values came from.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``check`` instead of ``strict`` (strict mode is read by the scoring plan).
    """
    cells: Mapping[str, str] | None = getattr(data, "cells", None)
    try:
        return _evidence_from_dict(data, standard, source, check=check)
    except EvidenceError as error:
        if not cells:
            raise
        from .xlsx import locate

        raise locate(error, cells) from None


def _evidence_from_dict(
    data: Mapping[str, Any], standard: Standard, source: str, *, check: ExtraCheck | None
) -> Evidence:
    document, problems = _structure(data, source)
    found = ProblemCollector()
    found.extend(problems)
    declared, indicators, _ = _index(standard)
    indicator_hint = Suggestions(indicators)  # one budget for judgements and not_applicable
    periods: dict[str, PeriodValues] = {}
    facts = _facts(document, standard, found, Suggestions(declared), periods)
    warnings = _warnings(document, standard, declared, facts)
    _judgements(document, standard, found, indicator_hint)
    _not_applicable(document, standard, found, indicator_hint)
    deductions = _deductions(document, standard, facts, found, indicator_hint)
    evidence = Evidence(
        community=document.community,
        standard=document.standard,
        read_for=standard.ref,
        warnings=warnings,
        facts=facts,
        judgements=document.judgements,
        not_applicable=document.not_applicable,
        periods=periods,
        deductions=deductions,
    )
    if check is not None:  # a fact given but refused above is named once, as refused
        found.extend(p for p in check(evidence) if p.path[6:] not in document.facts)
    found.raise_if_any(EvidenceError, source)
    return evidence


def read_evidence_document(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read an evidence file into its document: TOML, JSON (by suffix) or an ``.xlsx`` workbook.

    .. versionadded:: 0.1.0
    """
    if os.fspath(path).lower().endswith(".xlsx"):
        from .workbook import read_evidence_workbook

        return read_evidence_workbook(path)
    return read_document(path, EvidenceError)


def load_evidence(
    path: str | os.PathLike[str], standard: Standard, *, check: ExtraCheck | None = None
) -> Evidence:
    """Read an evidence file (TOML; JSON or ``.xlsx`` by suffix) and check it against
    ``standard`` (``check`` as in :func:`evidence_from_dict`).

    .. versionadded:: 0.1.0
    """
    return evidence_from_dict(read_evidence_document(path), standard, os.fspath(path), check=check)


def loads_evidence(
    text: str | bytes,
    standard: Standard,
    source: str = "<string>",
    *,
    fmt: str = "toml",
    check: ExtraCheck | None = None,
) -> Evidence:
    """Read evidence from TOML (or JSON) text and check it against ``standard`` (``check``
    as in :func:`evidence_from_dict`).

    .. versionadded:: 0.1.0
    """
    return evidence_from_dict(
        parse_document(text, source, EvidenceError, fmt), standard, source, check=check
    )


def evidence_to_dict(evidence: Evidence, standard: Standard) -> dict[str, Any]:
    """Return the document form of ``evidence``, facts written in the standard's units."""
    facts: dict[str, Any] = {}
    for key in sorted(evidence.facts):
        value = evidence.facts[key]
        if isinstance(value, bool):
            facts[key] = value
            continue
        unit = standard.fact(key).unit
        number = format_number(Fraction(value))
        facts[key] = f"{number} {unit}" if unit else CONVERTER.unstructure(Fraction(value))
    data: dict[str, Any] = {}
    if evidence.standard is not None:
        data["standard"] = evidence.standard
    data["community"] = CONVERTER.unstructure(evidence.community)
    for key in sorted(evidence.periods):
        given = evidence.periods[key]
        facts[key] = (
            list(given.dates)
            if given.dates
            else [CONVERTER.unstructure(Fraction(count)) for count in given.counts]
            if given.counts
            else given.given
        )
    data["facts"] = dict(sorted(facts.items()))
    if evidence.judgements:
        data["judgements"] = {
            key: CONVERTER.unstructure(evidence.judgements[key])
            for key in sorted(evidence.judgements)
        }
    if evidence.not_applicable:
        data["not_applicable"] = dict(sorted(evidence.not_applicable.items()))
    if evidence.deductions:
        data["deductions"] = {
            key: {name: CONVERTER.unstructure(amount) for name, amount in sorted(amounts.items())}
            for key, amounts in sorted(evidence.deductions.items())
        }
    return data
