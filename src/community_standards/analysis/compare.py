"""Two assessments of one community compared: per indicator, the total and the title.

The assessments may be scored under different versions of a standard: indicators are
matched by id, so an indicator only one of them has is ``added`` or ``removed``.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs

from ..model.errors import CommunityStandardsError, Problem
from ..scoring.scorecard import IndicatorResult, IndicatorStatus, Scorecard

__all__ = [
    "Comparison",
    "Direction",
    "IndicatorChange",
    "TitleChange",
    "compare",
    "compare_to_dict",
]


class Direction(enum.StrEnum):
    """How one indicator moved from the earlier assessment to the later.

    .. versionadded:: 0.2.0
    """

    BETTER = "better"
    WORSE = "worse"
    UNCHANGED = "unchanged"
    ADDED = "added"
    REMOVED = "removed"


class TitleChange(enum.StrEnum):
    """What happened to the title (passing) between the two assessments.

    .. versionadded:: 0.2.0
    """

    KEPT = "kept"
    GAINED = "gained"
    LOST = "lost"
    NONE = "none"


@attrs.frozen(kw_only=True)
class IndicatorChange:
    """One indicator in both assessments (``before`` or ``after`` None when only one has it).

    .. versionadded:: 0.2.0
    """

    id: str
    number: str
    change: Direction
    before: IndicatorResult | None
    after: IndicatorResult | None

    @property
    def difference(self) -> Fraction:
        """Points after less points before (a missing side counts 0)."""
        return (self.after.awarded if self.after else Fraction(0)) - (
            self.before.awarded if self.before else Fraction(0)
        )


@attrs.frozen(kw_only=True)
class Comparison:
    """The result of :func:`compare`.

    ``at_risk`` is true when the community held the title (passed) and the later
    assessment does not pass: the title is lost unless the problems are rectified.
    ``warnings_before`` and ``warnings_after`` are each assessment's implausible values
    (:attr:`~community_standards.Evidence.warnings`): a change that comes from a misread
    value is worth checking before it is reported.

    .. versionchanged:: 0.2.0
       ``warnings_before`` and ``warnings_after``.

    .. versionadded:: 0.2.0
    """

    before: Scorecard
    after: Scorecard
    indicators: tuple[IndicatorChange, ...]
    warnings_before: tuple[Problem, ...] = ()
    warnings_after: tuple[Problem, ...] = ()

    @property
    def difference(self) -> Fraction:
        """The later total less the earlier."""
        return self.after.total - self.before.total

    @property
    def title(self) -> TitleChange:
        """Kept, gained, lost, or none (failed both times)."""
        was, now = self.before.passed, self.after.passed
        if was and now:
            return TitleChange.KEPT
        if now:
            return TitleChange.GAINED
        return TitleChange.LOST if was else TitleChange.NONE

    @property
    def at_risk(self) -> bool:
        """Whether a title held is at risk: it passed before and does not pass now."""
        return self.title is TitleChange.LOST

    @property
    def same_standard(self) -> bool:
        """Whether both were scored under the very same standard (id, version, content)."""
        return self.before.standard == self.after.standard

    def by_change(self, change: Direction) -> tuple[IndicatorChange, ...]:
        """The indicators that moved as ``change``, in order."""
        return tuple(item for item in self.indicators if item.change is change)


def _movement(before: IndicatorResult, after: IndicatorResult) -> Direction:
    if after.awarded > before.awarded:
        return Direction.BETTER
    if after.awarded < before.awarded:
        return Direction.WORSE
    # equal points: a gate that became met (or stopped being met) still moved
    met_before = before.status is IndicatorStatus.MET
    met_after = after.status is IndicatorStatus.MET
    if met_after and not met_before:
        return Direction.BETTER
    if met_before and not met_after:
        return Direction.WORSE
    return Direction.UNCHANGED


def compare(
    before: Scorecard,
    after: Scorecard,
    *,
    warnings_before: Sequence[Problem] = (),
    warnings_after: Sequence[Problem] = (),
) -> Comparison:
    """Compare two assessments of one community (the earlier first), indicator by indicator.

    ``warnings_before`` and ``warnings_after`` are the implausible values of each
    assessment's evidence (:attr:`~community_standards.Evidence.warnings`), kept with the
    result so every report of it shows them.

    Raises :class:`~community_standards.CommunityStandardsError` when they are of
    different communities.

    .. versionadded:: 0.2.0
    """
    if before.community.id != after.community.id:
        raise CommunityStandardsError(
            "compare",
            Problem(
                "community.id",
                f"the assessments are of different communities: {before.community.id!r} "
                f"and {after.community.id!r}",
            ),
        )
    earlier = {result.id: result for result in before.indicators}
    later = {result.id: result for result in after.indicators}
    items = []
    for result in after.indicators:
        old = earlier.get(result.id)
        change = Direction.ADDED if old is None else _movement(old, result)
        items.append(
            IndicatorChange(
                id=result.id, number=result.number, change=change, before=old, after=result
            )
        )
    for result in before.indicators:
        if result.id not in later:
            items.append(
                IndicatorChange(
                    id=result.id,
                    number=result.number,
                    change=Direction.REMOVED,
                    before=result,
                    after=None,
                )
            )
    return Comparison(
        before=before,
        after=after,
        indicators=tuple(items),
        warnings_before=tuple(warnings_before),
        warnings_after=tuple(warnings_after),
    )


def _side(card: Scorecard) -> dict[str, Any]:
    from ..formats.standard import json_ready

    return {
        "standard": card.standard.ref,
        "sha256": card.standard.sha256,
        "assessed_on": card.community.assessed_on.isoformat()
        if card.community.assessed_on
        else None,
        "total": json_ready(card.total),
        "max": json_ready(card.maximum),
        "pass_mark": json_ready(card.pass_mark),
        "passed": card.passed,
        "tier": card.tier,
        "blocked_by": list(card.blocked_by),
    }


def compare_to_dict(result: Comparison) -> dict[str, Any]:
    """The JSON form of ``result`` (the contract of ``compare --format json``).

    .. versionadded:: 0.2.0
    """
    from ..formats.standard import json_ready

    def points(side: IndicatorResult | None) -> Any:
        return None if side is None else json_ready(side.awarded)

    def status(side: IndicatorResult | None) -> str | None:
        return None if side is None else side.status.value

    return {
        "community": {"id": result.after.community.id, "name": result.after.community.name},
        "before": _side(result.before),
        "after": _side(result.after),
        "total_before": json_ready(result.before.total),
        "total_after": json_ready(result.after.total),
        "difference": json_ready(result.difference),
        "passed_before": result.before.passed,
        "passed_after": result.after.passed,
        "title": result.title.value,
        "at_risk": result.at_risk,
        "same_standard": result.same_standard,
        "counts": {m.value: len(result.by_change(m)) for m in Direction},
        **{
            f"warnings_{side}": [{"path": w.path, "message": w.message} for w in found]
            for side, found in (
                ("before", result.warnings_before),
                ("after", result.warnings_after),
            )
            if found
        },
        "indicators": [
            {
                "id": item.id,
                "number": item.number,
                "change": item.change.value,
                "before": points(item.before),
                "after": points(item.after),
                "status_before": status(item.before),
                "status_after": status(item.after),
                "difference": json_ready(item.difference),
            }
            for item in result.indicators
        ],
    }
