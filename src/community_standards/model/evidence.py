"""Evidence about one community as values: who was assessed, the facts, the judgements.

Reading evidence from files lives in :mod:`community_standards.formats.evidence`; these are
the plain values that scoring works on.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TypeAlias

import attrs

from .errors import Problem

__all__ = ["Community", "Evidence", "FactValue", "Judgement", "JudgementResult", "PeriodValues"]


@attrs.frozen(kw_only=True)
class PeriodValues:
    """A rate counted in each period (a fact with ``each_period``), as the evidence gave it.

    ``counts`` are the counts of each period of the assessment year, in order (the first
    half year, then the second), in the fact's unit: given as such, or counted from the
    ``dates`` of the events. When the evidence gave only a rate over another span (``"2 /
    year"`` for a fact per half year), ``counts`` is empty, ``average`` is that rate in
    the fact's unit and ``given`` what was written: it cannot show each period.

    .. versionadded:: 0.2.0
    """

    counts: tuple[int | Fraction, ...] = ()
    dates: tuple[datetime.date, ...] = ()
    average: Fraction | None = None
    given: str = ""


#: A fact's value once read: a boolean, or an exact number in the fact's declared unit.
FactValue: TypeAlias = bool | int | Fraction


class JudgementResult(enum.StrEnum):
    """An assessor's verdict on an assessed requirement.

    .. versionadded:: 0.1.0
    """

    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"


@attrs.frozen(kw_only=True)
class Community:
    """The community assessed, and by whom and when.

    .. versionadded:: 0.1.0
    """

    id: str
    name: str
    name_en: str | None = None
    district: str | None = None
    street: str | None = None
    assessed_on: datetime.date | None = None
    assessor: str | None = None


@attrs.frozen(kw_only=True)
class Judgement:
    """An assessor's judgement of an indicator's assessed check: a result or points.

    .. versionadded:: 0.1.0
    """

    result: JudgementResult | None = None
    points: Decimal | None = None
    note: str | None = None
    evidence: str | None = None


@attrs.frozen(kw_only=True, eq=True, hash=False)
class Evidence:
    """What is known about one community, normalised to a standard's units.

    ``facts`` maps fact keys to booleans or exact numbers in the declared unit;
    ``judgements`` maps indicator ids to :class:`Judgement`; ``not_applicable`` maps
    indicator ids to the reason they do not apply. ``standard`` is the reference the
    evidence names; ``read_for`` the ``ID@VERSION`` of the standard it was checked against
    and converted to (set by the readers; scoring it against another standard is an
    error); ``warnings`` the values the reader found implausible, such as a rate of
    ``0.83`` in a ``%`` fact whose limit is 80 %. ``periods`` holds the facts counted in
    each period (``each_period``) that were given period by period, as dates, or as a
    rate over another span (:class:`PeriodValues`); such a fact is then not in ``facts``.
    ``deductions`` maps indicator ids to the assessor's amounts of their deductions whose
    points are a range, by deduction id: the points taken in all (for every incident
    together), exact.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``read_for``, ``warnings``, ``periods`` and ``deductions``.
    """

    community: Community
    standard: str | None = None
    facts: Mapping[str, FactValue] = attrs.field(factory=dict)
    judgements: Mapping[str, Judgement] = attrs.field(factory=dict)
    not_applicable: Mapping[str, str] = attrs.field(factory=dict)
    periods: Mapping[str, PeriodValues] = attrs.field(factory=dict)
    deductions: Mapping[str, Mapping[str, Fraction]] = attrs.field(factory=dict)
    read_for: str | None = attrs.field(default=None, eq=False)
    warnings: tuple[Problem, ...] = attrs.field(default=(), eq=False)
