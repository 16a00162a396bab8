"""The standard model: immutable values describing a rating standard.

A :class:`Standard` holds :class:`Category` values, each holding :class:`Indicator`
values, each holding checks over declared :class:`Fact` values. Everything is frozen,
slotted and keyword-only; points are :class:`~decimal.Decimal` as written, limits are
exact :class:`~fractions.Fraction`.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TypeAlias

import attrs

from ..units.numbers import format_number

__all__ = [
    "DERIVE",
    "DIFF",
    "Aggregation",
    "AllOf",
    "AnyOf",
    "AssessedCheck",
    "Award",
    "BooleanCheck",
    "Category",
    "Check",
    "Condition",
    "Deduction",
    "Department",
    "Fact",
    "FactKind",
    "FrequencyCheck",
    "Indicator",
    "Limit",
    "NotApplicablePolicy",
    "RatioCheck",
    "Role",
    "Standard",
    "Status",
    "Text",
    "ThresholdCheck",
    "Tier",
    "ZeroDenominator",
    "allowed_points_text",
    "check_facts",
    "indicator_facts",
    "points_allowed",
    "standard_fields",
    "walk_checks",
]


@attrs.frozen(kw_only=True)
class Text:
    """A text in Chinese (``zh``) and English (``en``); at least one is given.

    .. versionadded:: 0.1.0
    """

    zh: str = ""
    en: str = ""

    def get(self, language: str) -> str:
        """Return the text in ``language``, falling back to the other language."""
        first, second = (self.zh, self.en) if language == "zh" else (self.en, self.zh)
        return first or second


class Status(enum.StrEnum):
    """Where a version of a standard is in its life.

    .. versionadded:: 0.1.0
    """

    DRAFT = "draft"
    ACTIVE = "active"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


class FactKind(enum.StrEnum):
    """What sort of value a fact holds.

    ``boolean``: yes or no. ``count``: a non-negative whole number of its unit.
    ``quantity``: any finite number of its unit (bounded by the fact's minimum and maximum).

    .. versionadded:: 0.1.0
    """

    BOOLEAN = "boolean"
    COUNT = "count"
    QUANTITY = "quantity"


class Role(enum.StrEnum):
    """What an indicator does beyond its points.

    ``scored``: points only. ``prerequisite``: must be met for any rating (LEED-style,
    usually worth 0 points). ``veto``: failing it denies the rating whatever the points
    (一票否决).

    .. versionadded:: 0.1.0
    """

    SCORED = "scored"
    PREREQUISITE = "prerequisite"
    VETO = "veto"


class Award(enum.StrEnum):
    """How an indicator's points follow from its checks.

    ``all``: all or nothing (an assessed check's partial judgement gives partial credit).
    ``proportional``: points times the mean credit of the checks.
    ``deduction``: start at full points and subtract per incident, floored at zero.

    .. versionadded:: 0.1.0
    """

    ALL = "all"
    PROPORTIONAL = "proportional"
    DEDUCTION = "deduction"


class Aggregation(enum.StrEnum):
    """How category results make the total.

    ``points``: the sum of awarded points. ``weighted``: each category contributes its
    ``weight`` times the share of its points earned (BREEAM-style).

    .. versionadded:: 0.1.0
    """

    POINTS = "points"
    WEIGHTED = "weighted"


class NotApplicablePolicy(enum.StrEnum):
    """What a not-applicable indicator does to the total.

    ``forbidden``: evidence may not claim it. ``zero``: it counts as zero points out of its
    maximum. ``rescale``: it is excluded and the total is rescaled to the standard's total
    points (the scorecard states the denominator used).

    .. versionadded:: 0.1.0
    """

    FORBIDDEN = "forbidden"
    ZERO = "zero"
    RESCALE = "rescale"


@attrs.frozen(kw_only=True)
class Limit:
    """A bound written in a standard: an exact number and the unit it was written in.

    An empty ``unit`` means the unit of the value compared (the fact's own unit, or the
    numerator's unit per the denominator's for a ratio).

    .. versionadded:: 0.1.0
    """

    value: Fraction
    unit: str = ""


@attrs.frozen(kw_only=True)
class Fact:
    """A piece of evidence the standard needs: its key, kind, unit and meaning.

    .. versionadded:: 0.1.0
    """

    key: str
    kind: FactKind
    description: Text
    unit: str = ""
    minimum: Fraction | None = None
    maximum: Fraction | None = None


@attrs.frozen(kw_only=True)
class BooleanCheck:
    """The fact must be ``expected`` (true by default).

    .. versionadded:: 0.1.0
    """

    fact: str
    expected: bool = True
    label: Text | None = None


@attrs.frozen(kw_only=True)
class ThresholdCheck:
    """The fact must lie within its bounds: ``minimum`` (≥, 不低于 / 以上), ``more_than``
    (>, 大于 / 超过), ``maximum`` (≤, 不高于) and ``less_than`` (<, 低于 / 不足).

    At most one bound from below (``minimum`` or ``more_than``) and one from above.

    .. versionchanged:: 0.2.0
       ``more_than`` and ``less_than``: strict bounds.

    .. versionadded:: 0.1.0
    """

    fact: str
    minimum: Limit | None = None
    maximum: Limit | None = None
    more_than: Limit | None = None
    less_than: Limit | None = None
    label: Text | None = None


@attrs.frozen(kw_only=True)
class FrequencyCheck:
    """A threshold on a rate per unit of time (``"1 / half_year"``).

    .. versionadded:: 0.1.0
    """

    fact: str
    minimum: Limit | None = None
    maximum: Limit | None = None
    more_than: Limit | None = None
    less_than: Limit | None = None
    label: Text | None = None


class ZeroDenominator(enum.StrEnum):
    """What a ratio whose denominator is 0 means.

    ``not_met`` (the default): the check is not met, with a reason saying the denominator
    is 0. ``met``: there is nothing to fall short of, so it is met ("every one of none").
    ``not_applicable``: the indicator does not apply (the standard's not-applicable policy
    must allow it).

    .. versionadded:: 0.2.0
    """

    NOT_MET = "not_met"
    MET = "met"
    NOT_APPLICABLE = "not_applicable"


@attrs.frozen(kw_only=True)
class RatioCheck:
    """``numerator / denominator`` must lie within the bounds, compared exactly.

    The bounds are those of :class:`ThresholdCheck`. ``when_zero`` says what a
    denominator of 0 means (:class:`ZeroDenominator`).

    .. versionchanged:: 0.2.0
       ``more_than``, ``less_than`` and ``when_zero``.

    .. versionadded:: 0.1.0
    """

    numerator: str
    denominator: str
    minimum: Limit | None = None
    maximum: Limit | None = None
    more_than: Limit | None = None
    less_than: Limit | None = None
    when_zero: ZeroDenominator = ZeroDenominator.NOT_MET
    label: Text | None = None


@attrs.frozen(kw_only=True)
class AllOf:
    """Every nested check must be met.

    .. versionadded:: 0.1.0
    """

    checks: tuple[Check, ...]
    label: Text | None = None


@attrs.frozen(kw_only=True)
class AnyOf:
    """At least one nested check must be met.

    .. versionadded:: 0.1.0
    """

    checks: tuple[Check, ...]
    label: Text | None = None


@attrs.frozen(kw_only=True)
class AssessedCheck:
    """An assessor's judgement on a qualitative requirement, given in the evidence.

    .. versionadded:: 0.1.0
    """

    label: Text


Check: TypeAlias = (
    BooleanCheck | ThresholdCheck | FrequencyCheck | RatioCheck | AllOf | AnyOf | AssessedCheck
)


def walk_checks(check: Check, path: str = "") -> Iterator[tuple[str, Check]]:
    """Yield ``(path, check)`` for ``check`` and every check nested in it, depth first.

    Nested checks' paths add ``.checks[i]`` to their parent's ``path``. Every walk over
    ``all_of`` / ``any_of`` goes through this function.

    .. versionadded:: 0.2.0
    """
    yield path, check
    if isinstance(check, AllOf | AnyOf):
        for index, inner in enumerate(check.checks):
            yield from walk_checks(inner, f"{path}.checks[{index}]")


def check_facts(check: Check) -> Iterator[str]:
    """Yield the fact keys ``check`` reads, nested checks included.

    .. versionadded:: 0.1.0
    """
    for _, found in walk_checks(check):
        if isinstance(found, BooleanCheck | ThresholdCheck | FrequencyCheck):
            yield found.fact
        elif isinstance(found, RatioCheck):
            yield found.numerator
            yield found.denominator


def indicator_facts(indicator: Indicator) -> tuple[str, ...]:
    """Return the keys of every fact ``indicator`` reads, once each, in order.

    Its checks' facts (nested checks included), then its deductions' facts, then the fact
    of its ``not_applicable_when`` condition: everything its result depends on besides an
    assessor's judgement.

    .. versionadded:: 0.2.0
    """
    keys = [key for check in indicator.checks for key in check_facts(check)]
    keys += [deduction.fact for deduction in indicator.deductions]
    if indicator.not_applicable_when is not None:
        keys.append(indicator.not_applicable_when.fact)
    return tuple(dict.fromkeys(keys))


def points_allowed(indicator: Indicator, points: Fraction) -> bool:
    """Whether ``points`` keeps ``indicator``'s granularity: 0, one of its ``point_values``
    (when it lists any), a whole number (with ``whole_points``).

    The range (0 to the indicator's points) is checked apart.

    .. versionadded:: 0.2.0
    """
    if indicator.whole_points and points.denominator != 1:
        return False
    if indicator.point_values and points != 0:
        return points in {Fraction(value) for value in indicator.point_values}
    return True


def allowed_points_text(indicator: Indicator) -> str:
    """The points ``indicator`` allows, in words: ``"0, 2 or 4"``, ``"whole points"``.

    .. versionadded:: 0.2.0
    """
    if indicator.point_values:
        values = ["0", *(format_number(Fraction(v)) for v in indicator.point_values if v)]
        return ", ".join(values[:-1]) + " or " + values[-1] + " points"
    return f"whole points from 0 to {format_number(Fraction(indicator.points))}"


#: The ``kind`` tag of each check class in the file format.
CHECK_KINDS: dict[str, type[Check]] = {
    "boolean": BooleanCheck,
    "threshold": ThresholdCheck,
    "frequency": FrequencyCheck,
    "ratio": RatioCheck,
    "all_of": AllOf,
    "any_of": AnyOf,
    "assessed": AssessedCheck,
}


@attrs.frozen(kw_only=True)
class Deduction:
    """Points subtracted for each incident counted by ``fact``, up to ``limit`` in all.

    .. versionadded:: 0.1.0
    """

    fact: str
    points: Decimal
    limit: Decimal | None = None
    label: Text | None = None


@attrs.frozen(kw_only=True)
class Condition:
    """A boolean fact having a value: ``not_applicable_when`` makes an indicator not applicable.

    .. versionadded:: 0.1.0
    """

    fact: str
    equals: bool = True


@attrs.frozen(kw_only=True)
class Indicator:
    """One scored item of a standard.

    ``id`` is stable across renumbering; ``number`` is the number as printed.

    ``point_values`` and ``whole_points`` say which points an assessor may give in a
    judgement: besides 0, only the values listed (LEED: 2 or 4), or only whole points.

    .. versionchanged:: 0.2.0
       ``point_values`` and ``whole_points``.

    .. versionadded:: 0.1.0
    """

    id: str
    number: str
    text: Text
    points: Decimal
    checks: tuple[Check, ...] = ()
    award: Award = Award.ALL
    role: Role = Role.SCORED
    bonus: bool = False
    partial_credit: Decimal | None = None
    deductions: tuple[Deduction, ...] = ()
    point_values: tuple[Decimal, ...] = ()
    whole_points: bool = False
    not_applicable: bool | None = None
    not_applicable_when: Condition | None = None
    departments: tuple[str, ...] = ()
    note: Text | None = None


@attrs.frozen(kw_only=True)
class Category:
    """A group of indicators with its printed points total (and weight, if weighted).

    .. versionadded:: 0.1.0
    """

    id: str
    title: Text
    points: Decimal
    indicators: tuple[Indicator, ...]
    weight: Decimal | None = None
    note: Text | None = None


@attrs.frozen(kw_only=True)
class Tier:
    """A named rating band reached at ``minimum`` points (inclusive).

    .. versionadded:: 0.1.0
    """

    id: str
    title: Text
    minimum: Decimal


@attrs.frozen(kw_only=True)
class Department:
    """A body answerable for indicators, with its duties.

    .. versionadded:: 0.1.0
    """

    id: str
    name: Text
    duties: Text | None = None


#: The metadata key saying how a derived standard (:func:`~community_standards.derive`)
#: gets a field of :class:`Standard`: ``"own"`` (the derived document's own, never
#: inherited), ``"inherited"`` (taken from the base unless the document gives it) or
#: ``"patched"`` (the base's entries, patched entry by entry).
DERIVE = "community_standards.derive"
#: The metadata key saying how :func:`~community_standards.diff` reports a change of a
#: field of :class:`Standard`: ``"metadata"``, ``"setting"`` or ``"structure"`` (compared
#: item by item).
DIFF = "community_standards.diff"


def _group(derive: str, diff: str) -> dict[str, str]:
    return {DERIVE: derive, DIFF: diff}


@attrs.frozen(kw_only=True, cache_hash=True)
class Standard:
    """A complete rating standard, as loaded from a TOML file.

    Each field's metadata (keys ``DERIVE`` and ``DIFF`` of this module) says how
    derivation and the diff treat it; ``standard_fields`` reads it.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(metadata=_group("own", "metadata"))
    version: str = attrs.field(metadata=_group("own", "metadata"))
    title: Text = attrs.field(metadata=_group("inherited", "metadata"))
    total_points: Decimal = attrs.field(metadata=_group("inherited", "setting"))
    pass_mark: Decimal = attrs.field(metadata=_group("inherited", "structure"))
    categories: tuple[Category, ...] = attrs.field(metadata=_group("patched", "structure"))
    facts: tuple[Fact, ...] = attrs.field(default=(), metadata=_group("patched", "structure"))
    schema: int = attrs.field(default=1, metadata=_group("inherited", "metadata"))
    status: Status = attrs.field(default=Status.ACTIVE, metadata=_group("own", "metadata"))
    supersedes: str | None = attrs.field(default=None, metadata=_group("own", "metadata"))
    issuer: Text | None = attrs.field(default=None, metadata=_group("own", "metadata"))
    document_number: str | None = attrs.field(default=None, metadata=_group("own", "metadata"))
    issued: datetime.date | None = attrs.field(default=None, metadata=_group("own", "metadata"))
    source: Text | None = attrs.field(default=None, metadata=_group("own", "metadata"))
    notes: Text | None = attrs.field(default=None, metadata=_group("inherited", "metadata"))
    aggregation: Aggregation = attrs.field(
        default=Aggregation.POINTS, metadata=_group("inherited", "setting")
    )
    not_applicable: NotApplicablePolicy = attrs.field(
        default=NotApplicablePolicy.FORBIDDEN, metadata=_group("inherited", "setting")
    )
    partial_credit: Decimal = attrs.field(
        default=Decimal("0.5"), metadata=_group("inherited", "setting")
    )
    tiers: tuple[Tier, ...] = attrs.field(default=(), metadata=_group("inherited", "structure"))
    departments: tuple[Department, ...] = attrs.field(
        default=(), metadata=_group("patched", "structure")
    )

    @property
    def ref(self) -> str:
        """``ID@VERSION``."""
        return f"{self.id}@{self.version}"

    def indicators(self) -> Iterator[tuple[Category, Indicator]]:
        """Yield every indicator with its category, in order."""
        for category in self.categories:
            for indicator in category.indicators:
                yield category, indicator

    def indicator(self, indicator_id: str) -> Indicator:
        """Return the indicator with ``indicator_id`` (:class:`KeyError` if none)."""
        for _, indicator in self.indicators():
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    def fact(self, key: str) -> Fact:
        """Return the fact declaration ``key`` (:class:`KeyError` if none)."""
        for fact in self.facts:
            if fact.key == key:
                return fact
        raise KeyError(key)


def standard_fields(key: str, *values: str) -> tuple[str, ...]:
    """Return the names of the fields of :class:`Standard` whose metadata ``key`` is one of
    ``values``, in the order declared.

    >>> standard_fields(DIFF, "setting")
    ('total_points', 'aggregation', 'not_applicable', 'partial_credit')

    .. versionadded:: 0.2.0
    """
    return tuple(field.name for field in attrs.fields(Standard) if field.metadata[key] in values)
