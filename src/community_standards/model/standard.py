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
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeAlias, TypeVar

import attrs

from ..units.numbers import format_number

__all__ = [
    "DEFAULT_LANGUAGES",
    "DERIVE",
    "DIFF",
    "Aggregation",
    "AllOf",
    "AnyOf",
    "AssessedCheck",
    "Award",
    "BandEffect",
    "BandStep",
    "BandTable",
    "BooleanCheck",
    "Category",
    "Check",
    "Condition",
    "Deduction",
    "Department",
    "Fact",
    "FactKind",
    "FailEffect",
    "FrequencyCheck",
    "Group",
    "Indicator",
    "Limit",
    "NotApplicablePolicy",
    "NotApplicableWhen",
    "PointsRange",
    "RatioCheck",
    "ResultCheck",
    "Role",
    "Section",
    "Standard",
    "Status",
    "Text",
    "ThresholdCheck",
    "Tier",
    "TierShare",
    "ZeroDenominator",
    "allowed_points_text",
    "bands_facts",
    "category_points",
    "category_weights",
    "check_facts",
    "check_references",
    "condition_check",
    "deduction_facts",
    "group_points",
    "indicator_facts",
    "is_language_tag",
    "points_allowed",
    "pool_facts",
    "primary_language",
    "standard_fields",
    "walk_checks",
]


#: The languages of a standard that declares none: its texts are in Chinese, English or
#: both (each text in at least one of them), as every file before 0.2 was.
DEFAULT_LANGUAGES: tuple[str, ...] = ("zh", "en")

# RFC 5646 (BCP 47) language tags: language, extended language, script, region,
# variants, extensions and private use; or a private-use tag alone
_ALPHANUM = "[A-Za-z0-9]"
_LANGUAGE_TAG = re.compile(
    r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"
    r"(?:-[A-Za-z]{4})?"
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    rf"(?:-(?:{_ALPHANUM}{{5,8}}|[0-9]{_ALPHANUM}{{3}}))*"
    rf"(?:-[0-9A-WYZa-wyz](?:-{_ALPHANUM}{{2,8}})+)*"
    rf"(?:-[xX](?:-{_ALPHANUM}{{1,8}})+)?"
    rf"|[xX](?:-{_ALPHANUM}{{1,8}})+"
)


def is_language_tag(tag: str) -> bool:
    """Whether ``tag`` is a well-formed BCP 47 language tag (``de``, ``zh-Hant``, ``en-GB``).

    >>> is_language_tag("zh-Hant"), is_language_tag("de_DE")
    (True, False)

    .. versionadded:: 0.2.0
    """
    return len(tag) <= 64 and _LANGUAGE_TAG.fullmatch(tag) is not None


def primary_language(tag: str) -> str:
    """The primary language subtag of ``tag``, in lower case (``zh-Hant`` -> ``zh``).

    .. versionadded:: 0.2.0
    """
    return tag.split("-", 1)[0].lower()


@attrs.frozen(kw_only=True)
class Text:
    """A text in one or more languages; at least one is given.

    Chinese (``zh``) and English (``en``) have fields of their own; a text in any other
    language (a BCP 47 tag such as ``de``) is in ``others``, as ``(tag, text)`` pairs.
    :meth:`of` builds a text from a mapping of tags to texts.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 texts in any language (``others``)
    """

    zh: str = ""
    en: str = ""
    others: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, texts: Mapping[str, str]) -> Text:
        """The text with ``texts`` (language tag -> text), e.g. ``Text.of({"de": "Wasser"})``."""
        others = tuple((tag, text) for tag, text in texts.items() if tag not in ("zh", "en"))
        return cls(zh=texts.get("zh", ""), en=texts.get("en", ""), others=others)

    @property
    def languages(self) -> tuple[str, ...]:
        """The tags of the languages the text is given in (``zh`` and ``en`` first)."""
        given = [tag for tag, text in (("zh", self.zh), ("en", self.en)) if text]
        return (*given, *(tag for tag, text in self.others if text))

    def exactly(self, language: str) -> str:
        """The text in ``language`` (its tag as given, or its primary language), or ``""``."""
        for tag in (language, primary_language(language)):
            if tag == "zh" and self.zh:
                return self.zh
            if tag == "en" and self.en:
                return self.en
            for other, text in self.others:
                if other == tag and text:
                    return text
        return ""

    def get(self, language: str) -> str:
        """Return the text in ``language``, else in English, Chinese or its first language."""
        found = self.exactly(language)
        if found:
            return found
        first = next((text for _, text in self.others if text), "")
        if language == "zh":
            return self.zh or self.en or first
        return self.en or self.zh or first


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
    ``bands``: the points of the band a number or ratio reaches (:class:`BandTable`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``bands``.
    """

    ALL = "all"
    PROPORTIONAL = "proportional"
    DEDUCTION = "deduction"
    BANDS = "bands"


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

    ``step`` is the precision a quantity is recorded at, in its unit (``0.1`` for a rate
    kept to a tenth of a percent): the smallest change a person can make to it. It does
    not change scoring; gap analysis uses it for the next value above ``more_than`` or
    below ``less_than`` (a count's step is 1 unless given).

    ``each_period`` says that a rate per unit of time (``1/half_year``) is counted in
    *each* period of the assessment year: "at least once every half year" needs one in
    each half, not two in the year. Evidence then gives each period's count (``[1, 2]``),
    the dates of the events, or one rate in the fact's own unit (every period's); a rate
    over another span (``"2 / year"``) cannot show each period.

    .. versionchanged:: 0.2.0
       ``step`` and ``each_period``.

    .. versionadded:: 0.1.0
    """

    key: str
    kind: FactKind
    description: Text
    unit: str = ""
    minimum: Fraction | None = None
    maximum: Fraction | None = None
    step: Fraction | None = None
    each_period: bool = False


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


class BandEffect(enum.StrEnum):
    """What the band reached does: ``points`` gives its points; ``deduct`` takes its points
    off the indicator's.

    .. versionadded:: 0.2.0
    """

    POINTS = "points"
    DEDUCT = "deduct"


@attrs.frozen(kw_only=True)
class BandStep:
    """One step of a band table: reached when the value keeps its one bound (``minimum``
    ≥, ``more_than`` >, ``maximum`` ≤ or ``less_than`` <); worth ``points``.

    .. versionadded:: 0.2.0
    """

    points: Decimal
    minimum: Limit | None = None
    more_than: Limit | None = None
    maximum: Limit | None = None
    less_than: Limit | None = None


@attrs.frozen(kw_only=True)
class BandTable:
    """Graded points from a number (``fact``) or a ratio (``numerator`` / ``denominator``).

    ``steps`` run from the easiest to reach to the hardest, each worth more than the one
    before: bounds from below with rising limits (more is better, or for deductions, more
    is worse), or bounds from above with falling ones. The band reached is the last step
    whose bound the value keeps. With ``effect = "points"`` it gives its points (none
    reached: 0); with ``"deduct"`` its points are taken off the indicator's (none reached:
    nothing is taken). ``when_zero`` is what a ratio's denominator of 0 means: not met (0
    points), met (the indicator's points) or not applicable.

    .. versionadded:: 0.2.0
    """

    steps: tuple[BandStep, ...]
    fact: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    effect: BandEffect = BandEffect.POINTS
    when_zero: ZeroDenominator = ZeroDenominator.NOT_MET
    label: Text | None = None


@attrs.frozen(kw_only=True)
class ResultCheck:
    """Another indicator's result: it must be met, or with ``points``, earn at least so
    many points (LEED Regional Priority: one point for each listed credit earned).

    The indicator named is scored first; one not assessed leaves this check without
    evidence, one not applicable does not meet it.

    .. versionadded:: 0.2.0
    """

    indicator: str
    points: Decimal | None = None
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
    BooleanCheck
    | ThresholdCheck
    | FrequencyCheck
    | RatioCheck
    | AllOf
    | AnyOf
    | AssessedCheck
    | ResultCheck
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


def check_references(check: Check) -> Iterator[ResultCheck]:
    """Yield the :class:`ResultCheck` values in ``check`` (nested checks included): the
    references to other indicators' results.

    .. versionadded:: 0.2.0
    """
    for _, found in walk_checks(check):
        if isinstance(found, ResultCheck):
            yield found


def deduction_facts(deduction: Deduction) -> tuple[str, ...]:
    """The fact keys a deduction reads: its count, or its trigger check's facts.

    .. versionadded:: 0.2.0
    """
    if deduction.when is not None:
        return tuple(dict.fromkeys(check_facts(deduction.when)))
    return (deduction.fact,)


def bands_facts(bands: BandTable) -> tuple[str, ...]:
    """The fact keys a band table reads: its fact, or its numerator and denominator.

    .. versionadded:: 0.2.0
    """
    return tuple(key for key in (bands.fact, bands.numerator, bands.denominator) if key)


def indicator_facts(indicator: Indicator) -> tuple[str, ...]:
    """Return the keys of every fact ``indicator`` reads, once each, in order.

    Its checks' facts (nested checks included), then its deductions' and bands' facts, then the facts
    of its ``not_applicable_when`` condition: everything its result depends on besides an
    assessor's judgement.

    .. versionadded:: 0.2.0
    """
    keys = [key for check in indicator.checks for key in check_facts(check)]
    for deduction in indicator.deductions:
        keys += deduction_facts(deduction)
    if indicator.bands is not None:
        keys += bands_facts(indicator.bands)
    if indicator.not_applicable_when is not None:
        keys += check_facts(condition_check(indicator.not_applicable_when))
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
    "result": ResultCheck,
}


@attrs.frozen(kw_only=True)
class PointsRange:
    """A deduction's points left to the assessor: any amount from ``minimum`` to
    ``maximum`` (both included), per incident or once ("每例减 5–10 分": ``minimum = 5``,
    ``maximum = 10``).

    .. versionadded:: 0.2.0
    """

    minimum: Decimal
    maximum: Decimal


@attrs.frozen(kw_only=True)
class Deduction:
    """Points subtracted for each incident counted by ``fact``, up to ``limit`` in all;
    or, with ``when`` instead of ``fact``, subtracted once when the check ``when`` is met
    (the finding that costs points: "未建立台账扣 2 分", a rate below its mark).

    ``points`` is a fixed amount, or a :class:`PointsRange` the assessor chooses within
    ("每例减 5–10 分", "依程度扣 1–3 分"); the evidence then gives the amount chosen under
    the deduction's ``id``, which is unique within its indicator.

    .. versionchanged:: 0.2.0
       ``when``; ``fact`` is then left out. ``points`` may be a :class:`PointsRange`,
       with an ``id``.

    .. versionadded:: 0.1.0
    """

    fact: str = ""
    points: Decimal | PointsRange
    limit: Decimal | None = None
    label: Text | None = None
    when: Check | None = None
    id: str | None = None

    @property
    def ranged(self) -> bool:
        """Whether the assessor chooses the amount (``points`` is a range)."""
        return isinstance(self.points, PointsRange)

    @property
    def least(self) -> Decimal:
        """The fewest points it takes per incident (or once): the fixed amount, or the
        range's minimum."""
        points = self.points
        return points.minimum if isinstance(points, PointsRange) else points

    @property
    def most(self) -> Decimal:
        """The most points it takes per incident (or once): the fixed amount, or the
        range's maximum."""
        points = self.points
        return points.maximum if isinstance(points, PointsRange) else points


@attrs.frozen(kw_only=True)
class Condition:
    """A boolean fact having a value: ``not_applicable_when`` makes an indicator not applicable.

    The short form of ``BooleanCheck(fact=..., expected=equals)``; any check can be a
    condition (:data:`NotApplicableWhen`).

    .. versionadded:: 0.1.0
    """

    fact: str
    equals: bool = True


#: What ``not_applicable_when`` holds: a :class:`Condition` on a boolean fact, or any check
#: over facts (a threshold, a ratio, ``any_of``...): the indicator does not apply when it
#: is met ("fewer than 1 full-time occupant": ``ThresholdCheck(less_than=1)``).
NotApplicableWhen: TypeAlias = Condition | Check


def condition_check(condition: NotApplicableWhen) -> Check:
    """The check a not-applicable condition stands for: a :class:`Condition` is the boolean
    check of its fact; any other check is itself.

    >>> condition_check(Condition(fact="has_lift", equals=False))
    BooleanCheck(fact='has_lift', expected=False, label=None)

    .. versionadded:: 0.2.0
    """
    if isinstance(condition, Condition):
        return BooleanCheck(fact=condition.fact, expected=condition.equals)
    return condition


class FailEffect(enum.StrEnum):
    """What a prerequisite or veto item that is not met does.

    ``deny`` (the default): no pass and no tier. ``cap_total``: the total is at most the
    item's ``failed_cap``. ``lower_tier``: the tier reached is one lower (none below the
    lowest). ``cap_tier``: the tier is at most the item's ``failed_tier``.

    .. versionadded:: 0.2.0
    """

    DENY = "deny"
    CAP_TOTAL = "cap_total"
    LOWER_TIER = "lower_tier"
    CAP_TIER = "cap_tier"


@attrs.frozen(kw_only=True)
class Indicator:
    """One scored item of a standard.

    ``id`` is stable across renumbering; ``number`` is the number as printed.

    ``bands`` grades its points by a number or a ratio (with ``award = "bands"``).
    ``deduction_limit`` is the most all its deductions together take off.
    ``when_failed`` says what a prerequisite or veto item that is not met does
    (:class:`FailEffect`), with ``failed_cap`` or ``failed_tier`` for the effects that
    need one. A ``starred`` indicator is one a tier with ``starred_above_zero`` needs
    above 0 points.
    ``point_values`` and ``whole_points`` say which points an assessor may give in a
    judgement: besides 0, only the values listed (LEED: 2 or 4), or only whole points.
    ``not_applicable_when`` makes it not applicable when a condition is met: a boolean
    fact's value (:class:`Condition`) or any check over facts.

    .. versionchanged:: 0.2.0
       ``bands``, ``deduction_limit``, ``point_values`` and ``whole_points``; any check
       as ``not_applicable_when``.
       ``bands``, ``deduction_limit``, ``point_values``, ``whole_points``,
       ``when_failed``, ``failed_cap``, ``failed_tier`` and ``starred``.

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
    bands: BandTable | None = None
    deduction_limit: Decimal | None = None
    point_values: tuple[Decimal, ...] = ()
    whole_points: bool = False
    not_applicable: bool | None = None
    not_applicable_when: NotApplicableWhen | None = None
    departments: tuple[str, ...] = ()
    note: Text | None = None
    when_failed: FailEffect = FailEffect.DENY
    failed_cap: Decimal | None = None
    failed_tier: str | None = None
    starred: bool = False


@attrs.frozen(kw_only=True)
class Group:
    """Indicators of one category whose points are counted together.

    The members are ``paths``: each path is one or more indicator ids whose points are
    added. ``indicators`` is the short form where each indicator is a path of its own.
    Of the paths, the ``choose`` that earn the most count (all of them when ``choose`` is
    not given), and the points counted are at most ``cap``:

    * alternatives, one path counts: ``paths = [["LTc1"], ["LTc2", "LTc3"]]``, ``choose = 1``;
    * choose N of M: ``indicators = [...]``, ``choose = 4``;
    * a cap: ``indicators = [...]``, ``cap = 3`` (at most 3 of 5 points).

    .. versionadded:: 0.2.0
    """

    id: str
    title: Text | None = None
    indicators: tuple[str, ...] = ()
    paths: tuple[tuple[str, ...], ...] = ()
    choose: int | None = None
    cap: Decimal | None = None

    @property
    def members(self) -> tuple[tuple[str, ...], ...]:
        """The paths: ``paths`` as written, or each of ``indicators`` as a path of its own."""
        return self.paths or tuple((indicator,) for indicator in self.indicators)


@attrs.frozen(kw_only=True)
class Category:
    """A group of indicators with its printed points total (and weight, if weighted).

    ``groups`` count some of its indicators together (:class:`Group`); ``cap`` is the most
    the category counts, whatever its indicators earn. ``points`` is then the most the
    category can count, by those rules (``category_points`` of every indicator's
    points).

    A ``bonus`` category's points are above the total (LEED's 100 + 10): every indicator
    in it is a bonus item, its ``points`` is the most it can add, it is left out of
    ``total_points`` and has no weight.

    Under weighted aggregation ``points`` is in the category's own units (its credits),
    independent of its ``weight``; ``section`` puts it in a :class:`Section`, its weight
    then in per cent of the section's.

    ``deductions`` are a deduction pool (本类扣完为止): taken off the points the category
    counts, all together at most ``deduction_limit``, never below ``floor`` (0 unless
    said) through them.

    .. versionchanged:: 0.2.0
       ``groups``, ``cap``, ``bonus``, ``section``, ``deductions``, ``deduction_limit``
       and ``floor``.

    .. versionadded:: 0.1.0
    """

    id: str
    title: Text
    points: Decimal
    indicators: tuple[Indicator, ...]
    weight: Decimal | None = None
    note: Text | None = None
    groups: tuple[Group, ...] = ()
    cap: Decimal | None = None
    bonus: bool = False
    section: str | None = None
    deductions: tuple[Deduction, ...] = ()
    deduction_limit: Decimal | None = None
    floor: Decimal = Decimal(0)


@attrs.frozen(kw_only=True)
class Section:
    """A weighted group of categories (sub-categories): under ``aggregation = "weighted"``,
    the section contributes at most ``weight`` to the total, and the weights of its
    categories (``section = "<id>"``) are in per cent of the section's.

    .. versionadded:: 0.2.0
    """

    id: str
    title: Text
    weight: Decimal
    note: Text | None = None


def category_weights(
    categories: Sequence[Category], sections: Sequence[Section], applicable: Sequence[bool]
) -> list[Fraction]:
    """Each category's weight in the total when ``applicable`` says which categories have
    points to earn: 0 for one without (and for a bonus category); a category outside a
    section keeps its weight; a section's weight is shared among its categories with
    points, in proportion to their weights (so a sub-category without points leaves its
    share to its siblings, not to the other sections).

    The one rule of nested weights, for the validator's maximum and every scoring engine;
    the total's denominator is the sum of the weights returned.

    >>> from decimal import Decimal as D
    >>> parts = [Category(id=i, title=Text(en=i), points=D(1), indicators=(), weight=D(w),
    ...                   section=s) for i, w, s in (("a", 40, None), ("b", 75, "x"), ("c", 25, "x"))]
    >>> x = Section(id="x", title=Text(en="x"), weight=D(60))
    >>> [str(w) for w in category_weights(parts, [x], [True, True, True])]
    ['40', '45', '15']
    >>> [str(w) for w in category_weights(parts, [x], [True, True, False])]
    ['40', '60', '0']

    .. versionadded:: 0.2.0
    """
    within: dict[str, Fraction] = {}
    for category, counts in zip(categories, applicable, strict=True):
        if counts and category.section is not None and not category.bonus:
            within[category.section] = within.get(category.section, Fraction(0)) + Fraction(
                category.weight or 0
            )
    of = {section.id: Fraction(section.weight) for section in sections}
    found: list[Fraction] = []
    for category, counts in zip(categories, applicable, strict=True):
        own = Fraction(category.weight or 0)
        if not counts or category.bonus:
            found.append(Fraction(0))
        elif category.section is None:
            found.append(own)
        else:
            shared = within[category.section]
            found.append(
                of.get(category.section, Fraction(0)) * own / shared if shared else Fraction(0)
            )
    return found


N = TypeVar("N")


def _smaller(a: Any, b: Any) -> Any:
    return a if a <= b else b


def _larger(a: Any, b: Any) -> Any:
    return b if a <= b else a


def group_points(
    paths: list[N],
    choose: int | None,
    cap: N | None,
    *,
    smaller: Any = _smaller,
    larger: Any = _larger,
) -> N:
    """The points a group counts, from each path's points: the ``choose`` largest added
    (all when ``choose`` is ``None``), at most ``cap``.

    The one definition of a group's rule, for the validator's maximum and for every
    scoring engine: the numbers may be exact fractions, integers of a unit of points, or
    whole columns of them (``smaller`` and ``larger`` then compare elementwise, as
    ``numpy.minimum`` and ``numpy.maximum``).

    >>> group_points([16, 5, 9], 1, None)
    16
    >>> group_points([1, 1, 1, 1, 1], None, 3)
    3

    .. versionadded:: 0.2.0
    """
    best = list(paths)
    if choose is not None and choose < len(best):
        n = len(best)
        for i in range(choose):  # move the largest left to the end, ``choose`` times
            for j in range(n - 1 - i):
                a, b = best[j], best[j + 1]
                best[j], best[j + 1] = smaller(a, b), larger(a, b)
        best = best[n - choose :]
    total: Any = 0
    for value in best:
        total = total + value
    found: N = total if cap is None else smaller(total, cap)
    return found


def category_points(
    category: Category,
    points: Any,
    amount: Any,
    *,
    smaller: Any = _smaller,
    larger: Any = _larger,
    report: Any = None,
) -> Any:
    """The points ``category`` counts when each indicator earns ``points(id)``: its groups
    counted by :func:`group_points`, the other indicators added, at most its ``cap``.

    ``amount`` turns a cap written in the standard (a :class:`~decimal.Decimal`) into the
    numbers added. The validator calls this with every indicator's full points (the
    category's maximum); scoring, with the points earned. ``report(group, earned,
    counted)``, when given, is called for each group (``None`` for the category's cap)
    with its points before and after its rule.

    .. versionadded:: 0.2.0
    """
    grouped: set[str] = set()
    total: Any = 0
    for group in category.groups:
        sums = []
        for path in group.members:
            found: Any = 0
            for indicator_id in path:
                found = found + points(indicator_id)
                grouped.add(indicator_id)
            sums.append(found)
        cap = None if group.cap is None else amount(group.cap)
        counted = group_points(sums, group.choose, cap, smaller=smaller, larger=larger)
        if report is not None:
            report(group, sum(sums), counted)
        total = total + counted
    for indicator in category.indicators:
        if indicator.id not in grouped:
            total = total + points(indicator.id)
    if category.cap is None:
        return total
    counted = smaller(total, amount(category.cap))
    if report is not None:
        report(None, total, counted)
    return counted


@attrs.frozen(kw_only=True)
class TierShare:
    """A tier's minimum standard for one category: at least ``minimum`` (a share from 0 to
    1) of the category's applicable points, as the category counts them.

    .. versionadded:: 0.2.0
    """

    category: str
    minimum: Decimal


@attrs.frozen(kw_only=True)
class Tier:
    """A named rating band reached at ``minimum`` points (inclusive).

    ``shares`` are minimum standards per category (BREEAM-style): the tier is given only
    when each named category earns at least its share of its applicable points (a
    category with none applicable keeps its share). With ``starred_above_zero`` the tier
    is given only when no applicable starred indicator (``starred = true``) scores 0.
    A community gets the highest tier whose minimum and requirements it keeps.

    .. versionchanged:: 0.2.0
       ``shares`` and ``starred_above_zero``.

    .. versionadded:: 0.1.0
    """

    id: str
    title: Text
    minimum: Decimal
    shares: tuple[TierShare, ...] = ()
    starred_above_zero: bool = False


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

    ``deductions`` are taken off the total (倒扣), all together at most
    ``deduction_limit``; the total never goes below ``floor`` through them.

    .. versionchanged:: 0.2.0
       ``sections``, ``deductions``, ``deduction_limit`` and ``floor``.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(metadata=_group("own", "metadata"))
    version: str = attrs.field(metadata=_group("own", "metadata"))
    title: Text = attrs.field(metadata=_group("inherited", "metadata"))
    languages: tuple[str, ...] = attrs.field(
        default=DEFAULT_LANGUAGES, metadata=_group("inherited", "metadata")
    )
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
    sections: tuple[Section, ...] = attrs.field(
        default=(), metadata=_group("inherited", "structure")
    )
    deductions: tuple[Deduction, ...] = attrs.field(
        default=(), metadata=_group("inherited", "setting")
    )
    deduction_limit: Decimal | None = attrs.field(
        default=None, metadata=_group("inherited", "setting")
    )
    floor: Decimal = attrs.field(default=Decimal(0), metadata=_group("inherited", "setting"))
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


def pool_facts(standard: Standard) -> Iterator[tuple[str, str]]:
    """(fact key, pool) for every fact a deduction pool reads: a category's pool named by
    the category's id, the deductions from the total by ``"total"``.

    .. versionadded:: 0.2.0
    """
    for category in standard.categories:
        for deduction in category.deductions:
            for key in deduction_facts(deduction):
                yield key, category.id
    for deduction in standard.deductions:
        for key in deduction_facts(deduction):
            yield key, "total"


def amount_owners(standard: Standard) -> dict[str, tuple[str, tuple[Deduction, ...]]]:
    """The keys under which evidence gives the assessor's amounts of ranged deductions
    (``[deductions."<key>"]``), each with what it names (``"indicator"``, ``"category"``
    or ``"total"``) and its deductions: every indicator's id, the id of every category
    with a deduction pool, and ``"total"`` for the deductions from the total. Where an id
    is taken twice, the indicator keeps it (the validator refuses such a standard when the
    pool has a ranged deduction).

    .. versionadded:: 0.2.0
    """
    owners: dict[str, tuple[str, tuple[Deduction, ...]]] = {}
    if standard.deductions:
        owners[TOTAL_POOL] = ("total", standard.deductions)
    for category in standard.categories:
        if category.deductions:
            owners[category.id] = ("category", category.deductions)
    for _, indicator in standard.indicators():
        owners[indicator.id] = ("indicator", indicator.deductions)
    return owners


def pool_amounts(standard: Standard) -> list[tuple[str, tuple[Deduction, ...]]]:
    """The deduction pools with deductions left to the assessor, each by the key the
    evidence gives their amounts under (the category's id, ``"total"``), with those
    deductions, in order: the categories', then the total's.

    .. versionadded:: 0.2.0
    """
    pools = [(category.id, category.deductions) for category in standard.categories]
    pools.append((TOTAL_POOL, standard.deductions))
    return [
        (key, ranged)
        for key, deductions in pools
        if (ranged := tuple(d for d in deductions if d.ranged))
    ]


def ranged_deductions(standard: Standard) -> list[tuple[str, str, Deduction]]:
    """Every deduction left to the assessor (its points a range) with the key the evidence
    gives its amount under and the name a form shows it by: an indicator's (its id, its
    number), then a category's pool's (its id, twice), then the total's (``"total"``,
    twice), in order.

    .. versionadded:: 0.2.0
    """
    found = [
        (indicator.id, indicator.number, deduction)
        for _, indicator in standard.indicators()
        for deduction in indicator.deductions
        if deduction.ranged
    ]
    found += [(key, key, d) for key, deductions in pool_amounts(standard) for d in deductions]
    return found


#: The key of the deductions from the total (倒扣) among the evidence's amounts.
TOTAL_POOL = "total"


def standard_fields(key: str, *values: str) -> tuple[str, ...]:
    """Return the names of the fields of :class:`Standard` whose metadata ``key`` is one of
    ``values``, in the order declared.

    >>> standard_fields(DIFF, "setting")
    ('total_points', 'aggregation', 'not_applicable', 'partial_credit', 'deductions', 'deduction_limit', 'floor')

    .. versionadded:: 0.2.0
    """
    return tuple(field.name for field in attrs.fields(Standard) if field.metadata[key] in values)
