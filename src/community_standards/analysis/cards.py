"""Scorecards read back from their JSON form (``score --format json``) or from a row of a
city's results (``batch --out``), exactly.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..model.errors import EvidenceError, Problem
from ..model.evidence import Community
from ..model.standard import Role, Standard
from ..scoring.scorecard import (
    CategoryResult,
    IndicatorResult,
    IndicatorStatus,
    Reason,
    Scorecard,
    StandardStamp,
)
from ..units.numbers import NumberProblem, parse_number

__all__ = [
    "is_result_row",
    "is_scorecard_document",
    "scorecard_from_dict",
    "scorecard_from_row",
    "warnings_from_dict",
]


def is_scorecard_document(data: Mapping[str, Any]) -> bool:
    """Whether ``data`` looks like a scorecard's JSON form (rather than evidence)."""
    standard = data.get("standard")
    return isinstance(standard, dict) and "sha256" in standard and "indicators" in data


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, message: str) -> EvidenceError:
        return EvidenceError(self.source, [Problem(path, message)])

    def table(self, data: object, path: str) -> Mapping[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(path, "expected a table (object)")
        return data

    def text(self, data: Mapping[str, Any], key: str, path: str, *, optional: bool = False) -> Any:
        value = data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise self.fail(f"{path}{key}", "expected a string")
        return value

    def number(self, data: Mapping[str, Any], key: str, path: str) -> Fraction:
        value = data.get(key)
        if isinstance(value, bool) or value is None:
            raise self.fail(f"{path}{key}", "expected an exact number")
        try:
            return parse_number(value)
        except NumberProblem as exc:
            raise self.fail(f"{path}{key}", str(exc)) from None

    def array(self, data: Mapping[str, Any], key: str, path: str) -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"{path}{key}", "expected an array")
        return value


def scorecard_from_dict(data: Mapping[str, Any], source: str = "<data>") -> Scorecard:
    """Read the JSON form of a scorecard (:func:`~community_standards.reports.scorecard_to_dict`)
    back into a :class:`~community_standards.Scorecard`; problems raise
    :class:`~community_standards.EvidenceError` with their path.

    .. versionadded:: 0.2.0
    """
    r = _Reader(source)
    stamp = r.table(data.get("standard"), "standard")
    who = r.table(data.get("community"), "community")
    assessed = r.text(who, "assessed_on", "community.", optional=True)
    try:
        day = None if assessed is None else datetime.date.fromisoformat(assessed)
    except ValueError:
        raise r.fail("community.assessed_on", f"not a date: {assessed!r}") from None
    community = Community(
        id=r.text(who, "id", "community."),
        name=r.text(who, "name", "community."),
        name_en=r.text(who, "name_en", "community.", optional=True),
        district=r.text(who, "district", "community.", optional=True),
        street=r.text(who, "street", "community.", optional=True),
        assessed_on=day,
        assessor=r.text(who, "assessor", "community.", optional=True),
    )
    indicators = []
    for i, raw in enumerate(r.array(data, "indicators", "")):
        path = f"indicators[{i}]."
        item = r.table(raw, path[:-1])
        try:
            status = IndicatorStatus(str(item.get("status")))
        except ValueError:
            raise r.fail(f"{path}status", f"unknown status {item.get('status')!r}") from None
        try:
            role = Role(item.get("role", "scored"))
        except ValueError:
            raise r.fail(f"{path}role", f"unknown role {item.get('role')!r}") from None
        reasons = tuple(
            Reason(
                "recorded", str(x.get("check", "")), (str(x.get("zh", "")), str(x.get("en", "")))
            )
            for x in (r.table(x, f"{path}reasons") for x in r.array(item, "reasons", path))
        )
        indicators.append(
            IndicatorResult(
                r.text(item, "id", path),
                r.text(item, "number", path),
                r.text(item, "category", path),
                status,
                r.number(item, "awarded", path),
                r.number(item, "max", path),
                reasons,
                role,
                bool(item.get("bonus", False)),
            )
        )
    categories = []
    for i, raw in enumerate(r.array(data, "categories", "")):
        path = f"categories[{i}]."
        item = r.table(raw, path[:-1])
        notes = tuple(
            Reason(
                "recorded", str(x.get("check", "")), (str(x.get("zh", "")), str(x.get("en", "")))
            )
            for x in (r.table(x, f"{path}reasons") for x in r.array(item, "reasons", path))
        )
        categories.append(
            CategoryResult(
                r.text(item, "id", path),
                r.number(item, "score", path),
                r.number(item, "max", path),
                r.number(item, "points", path),
                r.number(item, "possible", path),
                notes,
                item.get("bonus") is True,
            )
        )
    passed = data.get("passed")
    if not isinstance(passed, bool):
        raise r.fail("passed", "expected true or false")
    tier = data.get("tier")
    return Scorecard(
        standard=StandardStamp(
            id=r.text(stamp, "id", "standard."),
            version=r.text(stamp, "version", "standard."),
            sha256=r.text(stamp, "sha256", "standard."),
        ),
        community=community,
        indicators=tuple(indicators),
        categories=tuple(categories),
        total=r.number(data, "total", ""),
        maximum=r.number(data, "max", ""),
        denominator=r.number(data, "denominator", ""),
        pass_mark=r.number(data, "pass_mark", ""),
        passed=passed,
        tier=tier if isinstance(tier, str) else None,
        blocked_by=tuple(str(x) for x in r.array(data, "blocked_by", "")),
        effects=tuple(
            Reason(
                "recorded", str(x.get("check", "")), (str(x.get("zh", "")), str(x.get("en", "")))
            )
            for x in (r.table(x, "effects") for x in r.array(data, "effects", ""))
        ),
    )


def warnings_from_dict(data: Mapping[str, Any], source: str = "<data>") -> tuple[Problem, ...]:
    """The evidence's implausible values kept in a scorecard's JSON form (its
    ``"warnings"``, each ``{"path", "message"}``); none when it has no such key.

    .. versionadded:: 0.2.0
    """
    r = _Reader(source)
    found = []
    for i, raw in enumerate(r.array(data, "warnings", "")):
        item = r.table(raw, f"warnings[{i}]")
        found.append(
            Problem(
                r.text(item, "path", f"warnings[{i}]."),
                r.text(item, "message", f"warnings[{i}]."),
            )
        )
    return tuple(found)


def is_result_row(data: Mapping[str, Any]) -> bool:
    """Whether ``data`` is a row of a city's results table (``batch --out``)."""
    return "community.id" in data and "total" in data and "passed" in data


def scorecard_from_row(
    row: Mapping[str, Any],
    standard: Standard,
    source: str = "<row>",
    *,
    assessed_on: datetime.date | None = None,
) -> Scorecard:
    """A scorecard from one row of a city's results table (``batch --out``, see
    :mod:`community_standards.scoring.table`), scored under ``standard``.

    The row carries points and statuses but not the reasons, so the scorecard has none.

    .. versionadded:: 0.2.0
    """
    from ..scoring.evaluate import compile_standard

    r = _Reader(source)
    day = row.get("community.assessed_on") or None
    try:
        when = assessed_on if day is None else datetime.date.fromisoformat(str(day))
    except ValueError:
        raise r.fail("community.assessed_on", f"not a date: {day!r}") from None

    def text(key: str) -> str | None:
        value = row.get(key)
        return None if value in (None, "") else str(value)

    community = Community(
        id=r.text(row, "community.id", ""),
        name=r.text(row, "community.name", ""),
        name_en=text("community.name_en"),
        district=text("community.district"),
        street=text("community.street"),
        assessed_on=when,
    )
    indicators = []
    for category, indicator in standard.indicators():
        key = f"indicator.{indicator.id}."
        status = row.get(key + "status")
        try:
            found = IndicatorStatus(str(status))
        except ValueError:
            raise r.fail(key + "status", f"unknown status {status!r}") from None
        indicators.append(
            IndicatorResult(
                indicator.id,
                indicator.number,
                category.id,
                found,
                r.number(row, key + "awarded", ""),
                Fraction(indicator.points),
                (),
                indicator.role,
                indicator.bonus,
            )
        )
    categories = []
    for category in standard.categories:
        points = r.number(row, f"category.{category.id}", "")
        out_of = Fraction(category.points)
        categories.append(CategoryResult(category.id, points, out_of, points, out_of))
    passed = row.get("passed")
    if isinstance(passed, str) and passed.lower() in ("true", "false"):
        passed = passed.lower() == "true"
    if not isinstance(passed, bool):
        raise r.fail("passed", "expected true or false")
    blocked = str(row.get("blocked_by") or "")
    maximum = r.number(row, "max", "")
    return Scorecard(
        standard=compile_standard(standard).stamp,
        community=community,
        indicators=tuple(indicators),
        categories=tuple(categories),
        total=r.number(row, "total", ""),
        maximum=maximum,
        denominator=maximum,
        pass_mark=Fraction(standard.pass_mark),
        passed=passed,
        tier=text("tier"),
        blocked_by=tuple(blocked.split(";")) if blocked else (),
    )
