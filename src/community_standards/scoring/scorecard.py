"""The result of scoring: a :class:`Scorecard` that explains every point.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from fractions import Fraction
from typing import NamedTuple

import attrs

from ..model.evidence import Community
from ..model.standard import Role

__all__ = [
    "CategoryResult",
    "IndicatorResult",
    "IndicatorStatus",
    "Reason",
    "Scorecard",
    "StandardStamp",
]


class IndicatorStatus(enum.StrEnum):
    """How an indicator came out.

    .. versionadded:: 0.1.0
    """

    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NOT_ASSESSED = "not_assessed"
    NOT_APPLICABLE = "not_applicable"


class Reason(NamedTuple):
    """Why points were lost (or not counted): a kind, where, and the numbers and texts it names.

    A reason is data, rendered into words by ``community_standards.messages.reasons``
    when it is read: ``kind`` says what happened (``"below_minimum"``, ``"missing"``,
    ``"deducted"``, ...), ``check`` is the path of the check inside the indicator
    (``checks[1]``) or the part of the rules involved (``judgement``, ``deductions[0]``,
    ``not_applicable``), and ``data`` holds the values the sentence names (texts of the
    standard, exact numbers, units). :attr:`zh`, :attr:`en` and :meth:`get` give the
    sentence.

    .. versionchanged:: 0.2.0
       A kind with its data instead of two pre-built strings; ``zh`` and ``en`` give the
       same texts as before.

    .. versionadded:: 0.1.0
    """

    kind: str
    check: str
    data: tuple[object, ...] = ()

    def get(self, language: str) -> str:
        """The reason in ``language`` (a BCP 47 tag such as ``"zh"`` or ``"en"``)."""
        return _renderer()(self.kind, self.data, language)

    @property
    def zh(self) -> str:
        """The reason in Chinese."""
        return self.get("zh")

    @property
    def en(self) -> str:
        """The reason in English."""
        return self.get("en")


@functools.cache
def _renderer() -> Callable[[str, tuple[object, ...], str], str]:
    """The renderer of reasons, imported when a reason is first read (not per reason)."""
    from ..messages.reasons import render_reason

    return render_reason


class IndicatorResult(NamedTuple):
    """One indicator's outcome: status, exact points and the reasons for points lost.

    A light immutable record (a named tuple), since a scorecard holds one per indicator
    and thousands of scorecards are made per second.

    .. versionadded:: 0.1.0
    """

    id: str
    number: str
    category: str
    status: IndicatorStatus
    awarded: Fraction
    maximum: Fraction
    reasons: tuple[Reason, ...]
    role: Role = Role.SCORED
    bonus: bool = False


class CategoryResult(NamedTuple):
    """A category's subtotal and maximum (weighted, if the standard weights categories).

    ``points`` and ``possible`` are the awarded and applicable points, as the category
    counts them (by its groups and cap); ``score`` and ``maximum`` are what the category
    contributes to the total. ``reasons`` say where a group or the cap left points out.
    A ``bonus`` category's points are above the total: ``possible`` is 0 and ``maximum``
    the most it can add.

    .. versionchanged:: 0.2.0
       ``reasons`` and ``bonus``.

    .. versionadded:: 0.1.0
    """

    id: str
    score: Fraction
    maximum: Fraction
    points: Fraction
    possible: Fraction
    reasons: tuple[Reason, ...] = ()
    bonus: bool = False


@attrs.frozen(kw_only=True)
class StandardStamp:
    """Which rules applied: the resolved standard's id, version and content hash.

    .. versionadded:: 0.1.0
    """

    id: str
    version: str
    sha256: str

    @property
    def ref(self) -> str:
        """``ID@VERSION``."""
        return f"{self.id}@{self.version}"


@attrs.frozen(kw_only=True)
class Scorecard:
    """Points per indicator with the reason for every point lost, subtotals, total, verdict.

    ``total`` is what is compared with ``pass_mark``: ``passed`` is exactly
    ``total >= pass_mark`` and no prerequisite or veto item failed (``blocked_by``).
    ``denominator`` is the number of points the total was counted out of (the applicable
    maximum); where not-applicable items are rescaled, ``total`` is scaled from it to
    ``maximum``. For a weighted standard it is the sum of the weights of the categories
    that had applicable points.

    ``effects`` say what a failed prerequisite or veto item did besides denying the rating
    (``when_failed``): a total capped, a tier lowered; ``total`` is then the capped total.

    .. versionchanged:: 0.2.0
       ``effects``.

    .. versionadded:: 0.1.0
    """

    standard: StandardStamp
    community: Community
    indicators: tuple[IndicatorResult, ...]
    categories: tuple[CategoryResult, ...]
    total: Fraction
    maximum: Fraction
    denominator: Fraction
    pass_mark: Fraction
    passed: bool
    tier: str | None
    blocked_by: tuple[str, ...] = ()
    effects: tuple[Reason, ...] = ()

    def indicator(self, indicator_id: str) -> IndicatorResult:
        """Return the result of ``indicator_id`` (:class:`KeyError` if none)."""
        for result in self.indicators:
            if result.id == indicator_id:
                return result
        raise KeyError(indicator_id)

    def by_status(self, status: IndicatorStatus) -> tuple[IndicatorResult, ...]:
        """Return the results with ``status``, in order."""
        return tuple(result for result in self.indicators if result.status is status)

    @property
    def lost(self) -> Fraction:
        """Points lost: what each category could count less what it counts, added (bonus
        categories excluded), so that a group or cap that leaves earned points out is not
        counted as a loss (the better of two alternatives earned: nothing lost).

        .. versionchanged:: 0.2.0
           counted by categories, not by indicators.
        """
        return sum(
            (c.maximum - c.score for c in self.categories if not c.bonus),
            Fraction(0),
        )
