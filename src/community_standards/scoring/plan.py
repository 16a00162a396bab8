"""The scoring plan: a standard compiled once into typed nodes, each with one meaning.

:func:`build_plan` turns a :class:`~community_standards.Standard` into a
:class:`ScoringPlan`. Every unit conversion and every lookup is done here, once: a node
holds its parameters ready to compare, as exact integers in the unit of the value
compared. Every engine is derived from the plan:

* each node writes its credit, with the reason for anything short of 1, once, as source
  (``credit_source``); the explaining path (:mod:`.explaining`) inlines those lines into
  one generated function per indicator, and a node's own ``credit`` runs the same lines
  compiled alone;
* the fast path (:mod:`.fastpath`) joins the nodes' ``met_source`` expressions into one
  generated function, which says which indicators are plainly met, and explains the
  others with their indicators' generated functions;
* a columnar engine reads the same public attributes to compare whole columns.

How to walk a plan::

    plan = build_plan(standard)
    for item in plan.indicators:              # IndicatorPlan, in the standard's order
        item.category                         # index into plan.categories
        item.award                            # Award: how the checks' credits make points
        item.not_applicable_when              # CheckNode or None: met, it does not apply
        for node in item.checks:              # CheckNode: one of the classes below
            ...
        for deduction in item.deductions:     # DeductionNode
            ...
        item.bands                            # BandsNode or None (award = "bands")

A check node is one of :class:`BooleanNode` (``fact``, ``expected``),
:class:`RangeNode` (``fact``, ``low``, ``high``), :class:`RatioNode` (``numerator``,
``denominator``, ``low``, ``high``), :class:`AllOfNode` / :class:`AnyOfNode`
(``checks``) and :class:`AssessedNode`. A :class:`Bound` is the one comparison of the
library: ``value OP num / den`` with OP one of ``>=``, ``>``, ``<=``, ``<`` (its
``side``), evaluated for a value ``top / bottom`` (``bottom > 0``) as the integer
comparison ``top * den OP num * bottom``. :data:`COMPARISONS` holds that comparison as
source text; the explaining evaluator runs it compiled, the fast path inlines it.

The meaning of each node (what the docs' scoring page says):

* a check gives a *credit*: 1 met, 0 not met, a fraction for a partial judgement, or
  ``None`` when its evidence is missing;
* ``BooleanNode``: 1 when the fact is ``expected``;
* ``RangeNode``: 1 when the value keeps every bound;
* ``RatioNode``: ``numerator / denominator`` keeps every bound; a negative denominator
  is divided by as a number (``-1 / -3`` is ``1/3``); a zero denominator means what
  ``when_zero`` says (not met, met, or the indicator not applicable);
* ``AllOfNode``: 0 if any nested credit is 0, else ``None`` if any is missing, else the
  smallest; ``AnyOfNode``: 1 if any nested credit is 1, else ``None`` if any is missing,
  else the largest;
* deductions: each ``DeductionNode`` takes ``each`` per incident, at most its ``limit``;
  one with a ``span`` (a range left to the assessor) takes the evidence's amount, which
  must lie from ``count * minimum`` to ``count * maximum`` (once: from the minimum to the
  maximum), and without it leaves the indicator not assessed;
  all of them together at most the indicator's ``deduction_limit``; never below 0;
* ``BandsNode`` (an indicator's band table, not a check): the points of the last step
  whose bound the value keeps (0 when none), or, deducting, the indicator's points less
  that step's; a ratio is read as ``RatioNode`` reads it, and a zero denominator gives
  0 points (``not_met``), full points (``met``) or not applicable;
* ``AssessedNode``: from the judgement (met 1, partly met the partial credit, not met 0,
  or ``points / maximum``).

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import enum
import functools
import hashlib
import math
import types
import weakref
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeAlias

import attrs

from ..messages.amounts import period_words
from ..messages.catalogue import LANGUAGES, NC_, words_text
from ..model.evidence import Evidence, FactValue, Judgement, JudgementResult, PeriodValues
from ..model.measures import limit_in, ratio_unit
from ..model.standard import (
    Aggregation,
    AllOf,
    AnyOf,
    AssessedCheck,
    Award,
    BandEffect,
    BandStep,
    BandTable,
    BooleanCheck,
    Category,
    Check,
    Deduction,
    Fact,
    FrequencyCheck,
    Group,
    Indicator,
    Limit,
    NotApplicablePolicy,
    RatioCheck,
    ResultCheck,
    Role,
    Standard,
    Text,
    ThresholdCheck,
    ZeroDenominator,
    category_points,
    category_weights,
    check_references,
    condition_check,
    indicator_facts,
    walk_checks,
)
from ..units.convert import conversion_factor, period_of
from ..units.numbers import format_number
from .scorecard import CategoryResult, IndicatorResult, IndicatorStatus, Reason, StandardStamp

if TYPE_CHECKING:
    from .explaining import Explainer, Source

__all__ = [
    "COMPARISONS",
    "AllOfNode",
    "AnyOfNode",
    "AssessedNode",
    "BandsNode",
    "BooleanNode",
    "Bound",
    "CategoryPlan",
    "CheckNode",
    "Credit",
    "DeductionNode",
    "EachPeriodNode",
    "IndicatorPlan",
    "NotApplicableSignal",
    "RangeNode",
    "RatioNode",
    "ResultNode",
    "ScoringPlan",
    "Side",
    "TierPlan",
    "build_plan",
    "deduction_nodes",
    "floored",
    "plain_units",
    "take_deductions",
]

#: A check's credit: 1 (met), 0 (not met) or a fraction between; ``None``: evidence missing.
Credit: TypeAlias = int | Fraction

_ZERO = Fraction(0)
_ONE = Fraction(1)


class Side(enum.StrEnum):
    """Which way a :class:`Bound` limits a value: ``minimum`` is ``>=``, ``more_than`` ``>``,
    ``maximum`` ``<=``, ``less_than`` ``<``.

    .. versionadded:: 0.2.0
    """

    MINIMUM = "minimum"
    MORE_THAN = "more_than"
    MAXIMUM = "maximum"
    LESS_THAN = "less_than"


#: The comparison of each side, as source over ``top``, ``bottom``, ``num`` and ``den``:
#: ``top / bottom OP num / den`` for ``bottom > 0`` and ``den > 0``. The one definition
#: of every bound: compiled below for the explaining evaluator, inlined by the fast path.
COMPARISONS: Mapping[Side, str] = {
    Side.MINIMUM: "{top} * {den} >= {num} * {bottom}",
    Side.MORE_THAN: "{top} * {den} > {num} * {bottom}",
    Side.MAXIMUM: "{top} * {den} <= {num} * {bottom}",
    Side.LESS_THAN: "{top} * {den} < {num} * {bottom}",
}

#: The reason kind for a value that does not keep a bound of each side.
_BROKEN = {
    Side.MINIMUM: "below_minimum",
    Side.MORE_THAN: "not_above",
    Side.MAXIMUM: "above_maximum",
    Side.LESS_THAN: "not_below",
}


def _compiled_comparisons() -> dict[Side, Callable[[int, int, int, int], bool]]:
    tests: dict[Side, Callable[[int, int, int, int], bool]] = {}
    for side, template in COMPARISONS.items():
        body = template.format(top="top", bottom="bottom", num="num", den="den")
        tests[side] = eval(f"lambda top, bottom, num, den: {body}")  # the fixed text above
    return tests


_TESTS = _compiled_comparisons()


@attrs.frozen(kw_only=True)
class Bound:
    """One limit of a range or ratio: ``value <side> num / den``, in the compared unit.

    ``num / den`` is the limit converted exactly to the unit of the value compared (the
    fact's unit, or the ratio's); ``den > 0``. ``written`` and ``unit`` are the limit as
    the standard wrote it, and ``show`` the factor from the compared unit to ``unit``, for
    reasons.

    .. versionadded:: 0.2.0
    """

    side: Side
    num: int
    den: int
    written: Fraction
    unit: str
    show: Fraction

    @property
    def value(self) -> Fraction:
        """The limit in the compared unit."""
        return Fraction(self.num, self.den)

    @property
    def lower(self) -> bool:
        """Whether the bound is from below (``minimum`` or ``more_than``)."""
        return self.side in (Side.MINIMUM, Side.MORE_THAN)

    @property
    def strict(self) -> bool:
        """Whether a value equal to the limit breaks it (``more_than``, ``less_than``)."""
        return self.side in (Side.MORE_THAN, Side.LESS_THAN)

    def source(self, top: str, bottom: str) -> str:
        """The comparison as a Python expression over the names ``top`` and ``bottom``."""
        return COMPARISONS[self.side].format(top=top, bottom=bottom, num=self.num, den=self.den)

    def holds(self, top: int, bottom: int) -> bool:
        """Whether ``top / bottom`` (``bottom > 0``) keeps the bound."""
        return _TESTS[self.side](top, bottom, self.num, self.den)


class _Names:
    """Fresh local names for generated source."""

    def __init__(self) -> None:
        self.count = 0

    def new(self) -> str:
        self.count += 1
        return f"v{self.count}"


def _bounds_source(low: Bound | None, high: Bound | None, top: str, bottom: str) -> str:
    tests = [bound.source(top, bottom) for bound in (low, high) if bound is not None]
    return " and ".join(tests) or "True"


def _broken(node: RangeNode | RatioNode, top: int, bottom: int, reasons: list[Reason]) -> bool:
    """Whether ``top / bottom`` (``bottom > 0``) breaks a bound of ``node``; adds the reason.

    The reason holds the value as ``top``, ``bottom`` and the factor to the limit's
    written unit: it is made into one number only when the reason is read.
    """
    for bound in (node.low, node.high):
        if bound is not None and not bound.holds(top, bottom):
            reasons.append(
                Reason(
                    _BROKEN[bound.side],
                    node.path,
                    (node.subject, top, bottom, bound.show, bound.written, bound.unit, node.label),
                )
            )
            return True
    return False


def _kept_source(
    src: Source, node: RangeNode | RatioNode, top: str, bottom: str, out: str, into: str
) -> None:
    """Lines setting ``out`` to 0 when ``top / bottom`` (``bottom > 0``, both local names)
    breaks a bound of ``node``, with the reason added to ``into``, and to 1 otherwise:
    :func:`_broken` as source."""
    bounds = [bound for bound in (node.low, node.high) if bound is not None]
    if not bounds:
        src.line(f"{out} = 1")
        return
    subject, label = src.const(node.subject), src.const(node.label)
    for index, bound in enumerate(bounds):
        with src.block(f"{'if' if index == 0 else 'elif'} not ({bound.source(top, bottom)}):"):
            shown = f"{src.const(bound.show)}, {src.const(bound.written)}, {bound.unit!r}"
            data = f"({subject}, {top}, {bottom}, {shown}, {label})"
            kind = f"{_BROKEN[bound.side]!r}, {node.path!r}"
            src.line(f"{into}.append(NEW(Reason, ({kind}, {data})))")
            src.line(f"{out} = 0")
    with src.block("else:"):
        src.line(f"{out} = 1")


def _own_credit(
    node: BooleanNode | RangeNode | RatioNode | AssessedNode | AllOfNode | AnyOfNode,
    facts: Mapping[str, FactValue],
    context: _Context,
    reasons: list[Reason],
) -> Credit | None:
    """``node``'s credit, from its own lines compiled alone (once, when first asked)."""
    compiled = node.compiled
    if compiled is None:
        from .explaining import standalone_credit

        # a range check's own lines, also for an each-period check (its rate read as given)
        lines = node.range_source if isinstance(node, RangeNode) else node.credit_source
        compiled = standalone_credit(node, lines)
        object.__setattr__(node, "compiled", compiled)
    found: Credit | None = compiled(facts, context, reasons)
    return found


def _by_own_credit(node: EachPeriodNode | ResultNode, src: Source, out: str, into: str) -> None:
    """Lines asking ``node``'s own :meth:`credit` (a node that reads the periods or
    others' results from the context ``CTX``)."""
    src.contextual = True
    src.line(f"{out} = {src.const(node)}.credit(FACTS, CTX, {into})")


class NotApplicableSignal(Exception):
    """Raised by a node whose evidence makes its indicator not applicable (``claim`` says why).

    .. versionadded:: 0.2.0
    """

    def __init__(self, claim: str) -> None:
        super().__init__(claim)
        self.claim = claim


_NO_PERIODS: Mapping[str, PeriodValues] = types.MappingProxyType({})
_NO_AMOUNTS: Mapping[str, Fraction] = types.MappingProxyType({})


class _Context(NamedTuple):
    """What a node needs besides the facts: the judgement and the indicator's points (an
    assessed node), the facts given period by period (an each-period node), the results of
    the indicators scored before (a result node)."""

    judgement: Judgement | None
    partial: Fraction
    maximum: Fraction
    periods: Mapping[str, PeriodValues] = _NO_PERIODS
    results: Mapping[str, IndicatorResult] | None = None


_NO_JUDGEMENT = _Context(None, _ZERO, _ZERO)


@attrs.frozen(kw_only=True)
class BooleanNode:
    """A boolean fact must be ``expected``.

    .. versionadded:: 0.2.0
    """

    #: the credit is only ever 0, 1 or ``None``
    whole: ClassVar[bool] = True

    path: str
    fact: str
    expected: bool
    subject: Text  # the fact's description
    label: Text | None = None
    #: the reasons this check gives (the fact missing, the fact not as expected), made
    #: once with the node: they name only its own texts
    missing: Reason = attrs.field(init=False, eq=False, repr=False)
    failed: Reason = attrs.field(init=False, eq=False, repr=False)
    compiled: Any = attrs.field(default=None, init=False, eq=False, repr=False)

    @missing.default
    def _missing_reason(self) -> Reason:
        return Reason("missing", self.path, (self.subject, self.fact))

    @failed.default
    def _failed_reason(self) -> Reason:
        if self.label is not None or self.expected:
            return Reason("not_met", self.path, (self.label or self.subject,))
        return Reason("should_be_false", self.path, (self.subject,))

    def credit_source(self, src: Source, out: str, into: str) -> None:
        """The lines setting ``out`` to this check's credit (``F`` reads a fact), the
        reason for anything short of 1 added to ``into``: met when the fact is
        ``expected``, missing when it is not given, else not met."""
        v = src.new()
        src.line(f"{v} = F({self.fact!r})")
        with src.block(f"if {v} is {self.expected!r}:"):
            src.line(f"{out} = 1")
        with src.block(f"elif {v} is None:"):
            src.line(f"{into}.append({src.const(self.missing)})")
            src.line(f"{out} = None")
        with src.block("else:"):
            src.line(f"{into}.append({src.const(self.failed)})")
            src.line(f"{out} = 0")

    def credit(
        self, facts: Mapping[str, FactValue], context: _Context, reasons: list[Reason]
    ) -> Credit | None:
        """This check's credit for ``facts`` (reasons for anything short of 1 added)."""
        return _own_credit(self, facts, context, reasons)

    def met_source(self, names: _Names, judged: str) -> str:
        """A Python expression true exactly when :meth:`credit` is 1 (``F`` reads a fact)."""
        return f"(F({self.fact!r}) is {self.expected!r})"

    #: :meth:`met_source` is true exactly when :meth:`credit` is 1, never otherwise
    exact = True

    def claim(self, facts: Mapping[str, FactValue]) -> str:
        """What makes this check met, with the value (for a not-applicable reason)."""
        return f"{self.fact} = {str(self.expected).lower()}"


@attrs.frozen(kw_only=True)
class RangeNode:
    """A number fact must keep its bounds (a ``threshold`` or ``frequency`` check).

    .. versionadded:: 0.2.0
    """

    #: the credit is only ever 0, 1 or ``None``
    whole: ClassVar[bool] = True

    path: str
    fact: str
    low: Bound | None
    high: Bound | None
    subject: Text  # the fact's description
    label: Text | None = None
    compiled: Any = attrs.field(default=None, init=False, eq=False, repr=False)

    def range_source(self, src: Source, out: str, into: str) -> None:
        """The lines setting ``out`` to this check's credit for the fact's value (``F``
        reads it), the reason for anything short of 1 added to ``into``: missing when it
        is not given, else met when it keeps every bound."""
        v, top, bottom = src.new(), src.new("t"), src.new("b")
        src.line(f"{v} = F({self.fact!r})")
        with src.block(f"if {v} is None:"):
            missing = Reason("missing", self.path, (self.subject, self.fact))
            src.line(f"{into}.append({src.const(missing)})")
            src.line(f"{out} = None")
        with src.block("else:"):
            src.line(f"{top} = {v}.numerator")
            src.line(f"{bottom} = {v}.denominator")
            _kept_source(src, self, top, bottom, out, into)

    def credit_source(self, src: Source, out: str, into: str) -> None:
        """The lines setting ``out`` to this check's credit: :meth:`range_source`."""
        self.range_source(src, out, into)

    def credit(
        self, facts: Mapping[str, FactValue], context: _Context, reasons: list[Reason]
    ) -> Credit | None:
        """This check's credit for ``facts`` (reasons for anything short of 1 added)."""
        return _own_credit(self, facts, context, reasons)

    def met_source(self, names: _Names, judged: str) -> str:
        """A Python expression true exactly when :meth:`credit` is 1 (``F`` reads a fact)."""
        v = names.new()
        tests = _bounds_source(self.low, self.high, f"{v}.numerator", f"{v}.denominator")
        return f"(({v} := F({self.fact!r})) is not None and {tests})"

    exact = True

    def claim(self, facts: Mapping[str, FactValue]) -> str:
        """What makes this check met, with the value (for a not-applicable reason)."""
        value = facts.get(self.fact)
        assert value is not None
        assert not isinstance(value, bool)
        return f"{self.fact} = {_kept(self.low, self.high, Fraction(value))}"


#: Each period's name, by the number of periods in a year (the assessment year's order).
_PERIOD_NAMES: Mapping[int, tuple[tuple[str, str], ...]] = {
    1: (NC_("period", "the year"),),
    2: (NC_("period", "the first half year"), NC_("period", "the second half year")),
    4: (
        NC_("period", "quarter 1"),
        NC_("period", "quarter 2"),
        NC_("period", "quarter 3"),
        NC_("period", "quarter 4"),
    ),
}
#: A month's name, and the name of a period of a year of other periods.
_MONTH = NC_("period", "month {n}")
_PERIOD = NC_("period", "period {n}")
#: A check's subject in one period, and over the year on average.
_IN_PERIOD = NC_("reason.subject", "{subject} ({period})")
_ON_AVERAGE = NC_("reason.subject", "{subject} (on average)")
#: The subject of a ratio check: one fact per another.
_PER = NC_("reason.subject", "{top} per {bottom}")


@functools.cache
def period_name(periods: int, index: int) -> Text:
    """The name of period ``index`` (from 0) of a year of ``periods`` periods.

    .. versionadded:: 0.2.0
    """
    names = _PERIOD_NAMES.get(periods)
    if names is not None:
        return words_text(names[index])
    return words_text(_MONTH if periods == 12 else _PERIOD, n=index + 1)


@attrs.frozen(kw_only=True)
class EachPeriodNode(RangeNode):
    """A rate that must keep its bounds in *each* period of the year (a fact with
    ``each_period``): ``periods`` periods (named ``period``) a year.

    A rate given in the fact's own unit is every period's (read as :class:`RangeNode`
    reads it); counts given period by period, or counted from dates, must each keep the
    bounds; a rate over another span (a yearly total) fails when even its average breaks
    a bound (then some period does), and otherwise cannot say: no credit, with the reason.

    .. versionadded:: 0.2.0
    """

    period: Text  # "half year"
    periods: int

    def credit(
        self, facts: Mapping[str, FactValue], context: _Context, reasons: list[Reason]
    ) -> Credit | None:
        """This check's credit for ``facts`` and the facts given period by period."""
        given = context.periods.get(self.fact)
        if given is None:  # a rate in the fact's own unit: read as a range check reads it
            return _own_credit(self, facts, context, reasons)
        if given.counts:
            for index, count in enumerate(given.counts):
                value = Fraction(count)
                name = period_name(self.periods, index)
                subject = words_text(_IN_PERIOD, subject=self.subject, period=name)
                shown = attrs.evolve(self, subject=subject)
                if _broken(shown, value.numerator, value.denominator, reasons):
                    return 0
            return 1
        assert given.average is not None
        average = given.average
        over = attrs.evolve(
            self,
            subject=words_text(_ON_AVERAGE, subject=self.subject),
        )
        if _broken(over, average.numerator, average.denominator, reasons):
            return 0  # the average breaks a bound: so does at least one period
        example = "[" + ", ".join(["1"] * self.periods) + "]"
        data = (self.subject, given.given, self.period, example)
        reasons.append(Reason("periods_unknown", self.path, data))
        return None

    exact = False  # counts given period by period are read by credit alone

    def credit_source(self, src: Source, out: str, into: str) -> None:
        """The lines asking this check's :meth:`credit`, which reads the periods."""
        _by_own_credit(self, src, out, into)


@attrs.frozen(kw_only=True)
class RatioNode:
    """``numerator / denominator`` of two number facts must keep its bounds.

    ``low`` and ``high`` are in the ratio's unit (the numerator's per the denominator's).
    ``when_zero`` is what a denominator of 0 means: not met (credit 0), met (credit 1),
    or not applicable (the indicator does not apply; :class:`NotApplicableSignal`).

    .. versionadded:: 0.2.0
    """

    #: the credit is only ever 0, 1 or ``None``
    whole: ClassVar[bool] = True

    path: str
    numerator: str
    denominator: str
    low: Bound | None
    high: Bound | None
    when_zero: ZeroDenominator
    subject: Text  # "A per B"
    numerator_subject: Text
    denominator_subject: Text
    label: Text | None = None
    compiled: Any = attrs.field(default=None, init=False, eq=False, repr=False)

    def credit_source(self, src: Source, out: str, into: str) -> None:
        """The lines setting ``out`` to this check's credit (``F`` reads a fact), the
        reason for anything short of 1 added to ``into``: missing when either fact is not
        given; a zero denominator as ``when_zero`` says; else met when the ratio (a
        negative denominator divided by as a number) keeps every bound."""
        top, bottom, n, d = src.new("t"), src.new("b"), src.new("n"), src.new("d")
        src.line(f"{top} = F({self.numerator!r})")
        src.line(f"{bottom} = F({self.denominator!r})")
        for name, subject, key in (
            (top, self.numerator_subject, self.numerator),
            (bottom, self.denominator_subject, self.denominator),
        ):
            with src.block(f"{'if' if name == top else 'elif'} {name} is None:"):
                missing = Reason("missing", self.path, (subject, key))
                src.line(f"{into}.append({src.const(missing)})")
                src.line(f"{out} = None")
        with src.block(f"elif not {bottom}:"):
            if self.when_zero is ZeroDenominator.MET:
                src.line(f"{out} = 1")
            elif self.when_zero is ZeroDenominator.NOT_APPLICABLE:
                src.line(f"raise NotApplicableSignal({f'{self.denominator} = 0'!r})")
            else:
                zero = Reason("zero_denominator", self.path, (self.denominator,))
                src.line(f"{into}.append({src.const(zero)})")
                src.line(f"{out} = 0")
        with src.block("else:"):
            src.line(f"{n} = {top}.numerator * {bottom}.denominator")
            src.line(f"{d} = {top}.denominator * {bottom}.numerator")
            with src.block(f"if {d} < 0:"):
                src.line(f"{n} = -{n}")
                src.line(f"{d} = -{d}")
            _kept_source(src, self, n, d, out, into)

    def credit(
        self, facts: Mapping[str, FactValue], context: _Context, reasons: list[Reason]
    ) -> Credit | None:
        """This check's credit for ``facts`` (reasons for anything short of 1 added)."""
        return _own_credit(self, facts, context, reasons)

    def met_source(self, names: _Names, judged: str) -> str:
        """A Python expression true exactly when :meth:`credit` is 1 (``F`` reads a fact).

        It asks for a positive denominator: a negative one is left to :meth:`credit`.
        """
        n, d = names.new(), names.new()
        top, bottom = f"{n}.numerator * {d}.denominator", f"{n}.denominator * {d}.numerator"
        tests = _bounds_source(self.low, self.high, top, f"({bottom})")
        return (
            f"(({n} := F({self.numerator!r})) is not None"
            f" and ({d} := F({self.denominator!r})) is not None"
            f" and {d} > 0 and {tests})"
        )

    #: a zero or negative denominator is left to :meth:`credit`
    exact = False

    def claim(self, facts: Mapping[str, FactValue]) -> str:
        """What makes this check met, with the value (for a not-applicable reason)."""
        top, bottom = facts.get(self.numerator), facts.get(self.denominator)
        assert isinstance(top, int | Fraction)
        assert isinstance(bottom, int | Fraction)
        name = f"{self.numerator} / {self.denominator}"
        if not bottom:
            return f"{self.denominator} = 0"
        return f"{name} = {_kept(self.low, self.high, Fraction(top) / Fraction(bottom))}"


@attrs.frozen(kw_only=True)
class AssessedNode:
    """An assessor's judgement of a qualitative requirement.

    .. versionadded:: 0.2.0
    """

    #: the credit may be a fraction (a judgement partly met)
    whole: ClassVar[bool] = False

    path: str
    label: Text
    #: the reasons given where no judgement is, and for a judgement not met or partly met
    #: without a note: made once with the node, as they name only its label
    awaiting: Reason = attrs.field(init=False, eq=False, repr=False)
    plain_judged: tuple[Reason, Reason] = attrs.field(init=False, eq=False, repr=False)
    compiled: Any = attrs.field(default=None, init=False, eq=False, repr=False)

    @awaiting.default
    def _awaiting_reason(self) -> Reason:
        return Reason("awaiting_assessment", self.path, (self.label,))

    @plain_judged.default
    def _plain_judged_reasons(self) -> tuple[Reason, Reason]:
        return (
            Reason("judged_not_met", "judgement", (self.label, None)),
            Reason("judged_partly_met", "judgement", (self.label, None)),
        )

    def credit_source(self, src: Source, out: str, into: str) -> None:
        """The lines setting ``out`` to this check's credit from the judgement ``JG`` (the
        indicator's partial award and points: ``src.partial``, ``src.maximum``), the reason
        for anything short of 1 added to ``into``: awaiting assessment without one, met
        when judged met, else :meth:`judged`."""
        with src.block("if JG is None:"):
            src.line(f"{into}.append({src.const(self.awaiting)})")
            src.line(f"{out} = None")
        with src.block("elif JG.result is MET:"):
            src.line(f"{out} = 1")
        with src.block("else:"):
            judged = f"JG, {src.partial}, {src.maximum}, {into}"
            src.line(f"{out} = {src.const(self)}.judged({judged})")

    def credit(
        self, facts: Mapping[str, FactValue], context: _Context, reasons: list[Reason]
    ) -> Credit | None:
        """This check's credit from the judgement (reasons for anything short of 1 added)."""
        return _own_credit(self, facts, context, reasons)

    def judged(
        self, judgement: Judgement, partial: Fraction, maximum: Fraction, reasons: list[Reason]
    ) -> Credit:
        """The credit of a judgement other than "met", of an indicator worth ``maximum``
        with the partial award ``partial`` (the reason added to ``reasons``)."""
        credit: Credit
        if judgement.points is not None:
            # points out of the indicator's; of an item worth 0 points, 0 is no verdict
            # of "met" (a prerequisite must be judged met, not given 0 of 0)
            credit = Fraction(judgement.points) / maximum if maximum else 0
        elif judgement.result is JudgementResult.PARTLY_MET:
            credit = partial
        else:
            credit = 0
        if credit.numerator >= credit.denominator:  # credit >= 1, without a Fraction comparison
            return 1
        partly = credit.numerator != 0
        note = judgement.note
        if note is None:
            reasons.append(self.plain_judged[partly])
        else:
            kind = "judged_partly_met" if partly else "judged_not_met"
            reasons.append(Reason(kind, "judgement", (self.label, note)))
        return credit

    def met_source(self, names: _Names, judged: str) -> str:
        """A Python expression true when the judgement is "met" (``judged`` names it)."""
        return f"({judged} is not None and {judged}.result is MET)"

    exact = False

    def claim(self, facts: Mapping[str, FactValue]) -> str:
        """What makes this check met (never a condition: the validator refuses it there)."""
        return self.label.get("en")


@attrs.frozen(kw_only=True)
class AllOfNode:
    """Every nested check must be met.

    .. versionadded:: 0.2.0
    """

    path: str
    checks: tuple[CheckNode, ...]
    label: Text | None = None
    compiled: Any = attrs.field(default=None, init=False, eq=False, repr=False)

    def credit_source(self, src: Source, out: str, into: str) -> None:
        """The lines setting ``out`` to this check's credit: every nested check's lines,
        their credits combined by :func:`~.explaining.lowest_source`; a label's reason,
        when the group is not met, before the nested checks' reasons."""
        from .explaining import checks_source, lowest_source

        inner = into if self.label is None else src.new("S")
        if self.label is not None:
            src.line(f"{inner} = []")
        lowest_source(src, checks_source(src, self.checks, inner), out)
        _labelled_source(self, src, out, into, inner)

    @property
    def whole(self) -> bool:
        """Whether the credit is only ever 0, 1 or ``None`` (no judgement in the group)."""
        return all(check.whole for check in self.checks)

    def credit(
        self, facts: Mapping[str, FactValue], context: _Context, reasons: list[Reason]
    ) -> Credit | None:
        """This check's credit for ``facts`` (reasons for anything short of 1 added)."""
        return _own_credit(self, facts, context, reasons)

    def met_source(self, names: _Names, judged: str) -> str:
        """A Python expression true exactly when :meth:`credit` is 1."""
        return "(" + " and ".join(c.met_source(names, judged) for c in self.checks) + ")"

    @property
    def exact(self) -> bool:
        """Whether :meth:`met_source` is true exactly when :meth:`credit` is 1."""
        return all(check.exact for check in self.checks)

    def claim(self, facts: Mapping[str, FactValue]) -> str:
        """What makes this check met, with the values (for a not-applicable reason)."""
        return "; ".join(check.claim(facts) for check in self.checks)


@attrs.frozen(kw_only=True)
class AnyOfNode:
    """At least one nested check must be met; the others' reasons are kept only when none is.

    .. versionadded:: 0.2.0
    """

    path: str
    checks: tuple[CheckNode, ...]
    label: Text | None = None
    compiled: Any = attrs.field(default=None, init=False, eq=False, repr=False)

    def credit_source(self, src: Source, out: str, into: str) -> None:
        """The lines setting ``out`` to this check's credit: 1 when a nested check's is 1
        (the others' reasons dropped); else ``None`` when any is missing, else the largest,
        with a label's reason when it has one and the nested checks' reasons."""
        from .explaining import checks_source

        inner, known, best = src.new("S"), src.new("k"), src.new("best")
        src.line(f"{inner} = []")
        credits = [name for name, _ in checks_source(src, self.checks, inner)]
        src.line(f"{known} = [c for c in ({', '.join(credits)},) if c is not None]")
        src.line(f"{best} = max({known}, default=None)")
        with src.block(f"if {best} is not None and {best} >= 1:"):
            src.line(f"{out} = 1")
        with src.block("else:"):
            src.line(f"{out} = {best} if len({known}) == {len(credits)} else None")
            _labelled_source(self, src, out, into, inner)

    @property
    def whole(self) -> bool:
        """Whether the credit is only ever 0, 1 or ``None`` (no judgement in the group)."""
        return all(check.whole for check in self.checks)

    def credit(
        self, facts: Mapping[str, FactValue], context: _Context, reasons: list[Reason]
    ) -> Credit | None:
        """This check's credit for ``facts`` (reasons for anything short of 1 added)."""
        return _own_credit(self, facts, context, reasons)

    def met_source(self, names: _Names, judged: str) -> str:
        """A Python expression true exactly when :meth:`credit` is 1."""
        return "(" + " or ".join(c.met_source(names, judged) for c in self.checks) + ")"

    @property
    def exact(self) -> bool:
        """Whether :meth:`met_source` is true exactly when :meth:`credit` is 1."""
        return all(check.exact for check in self.checks)

    def claim(self, facts: Mapping[str, FactValue]) -> str:
        """What makes this check met: the first nested check met, with its values."""
        for check in self.checks:
            if check.credit(facts, _NO_JUDGEMENT, []) == 1:
                return check.claim(facts)
        raise AssertionError("claimed for a check that is not met")


_SIGNS = {Side.MINIMUM: "≥", Side.MORE_THAN: ">", Side.MAXIMUM: "≤", Side.LESS_THAN: "<"}


def _kept(low: Bound | None, high: Bound | None, value: Fraction) -> str:
    """``value`` and the bounds it keeps, in the unit the first bound was written in:
    ``"0 person (< 1 person)"``."""
    bounds = [bound for bound in (low, high) if bound is not None]
    unit = f" {bounds[0].unit}" if bounds and bounds[0].unit else ""
    shown = format_number(value * bounds[0].show) if bounds else format_number(value)
    kept = ", ".join(
        f"{_SIGNS[b.side]} {format_number(b.written)}{f' {b.unit}' if b.unit else ''}"
        for b in bounds
    )
    return f"{shown}{unit} ({kept})"


@attrs.frozen(kw_only=True)
class ResultNode:
    """Another indicator's result: met (``points`` ``None``), or at least ``points`` earned.

    The indicator read is scored before this one (``ScoringPlan.later``); not assessed,
    it leaves this check without evidence; not applicable, it does not meet it.

    .. versionadded:: 0.2.0
    """

    #: the credit is only ever 0, 1 or ``None``
    whole: ClassVar[bool] = True

    path: str
    indicator: str
    points: Fraction | None
    label: Text | None = None

    def credit(
        self, facts: Mapping[str, FactValue], context: _Context, reasons: list[Reason]
    ) -> Credit | None:
        """This check's credit from the result read (reasons for anything short of 1 added)."""
        results = context.results
        found = None if results is None else results.get(self.indicator)
        if found is None or found.status is IndicatorStatus.NOT_ASSESSED:
            reasons.append(Reason("awaiting_result", self.path, (self.indicator,)))
            return None
        if self.points is None:
            if found.status is IndicatorStatus.MET:
                return 1
            status = (self.label, self.indicator, found.status.value)
            reasons.append(Reason("result_not_met", self.path, status))
            return 0
        if found.awarded >= self.points:
            return 1
        short = (self.label, self.indicator, found.awarded, self.points)
        reasons.append(Reason("result_short", self.path, short))
        return 0

    def credit_source(self, src: Source, out: str, into: str) -> None:
        """The lines asking this check's :meth:`credit`, which reads the results."""
        _by_own_credit(self, src, out, into)

    def met_source(self, names: _Names, judged: str) -> str:
        """Never plainly met: an indicator reading another's result is always explained."""
        return "False"

    exact = False  # never plainly met (see met_source)

    def claim(self, facts: Mapping[str, FactValue]) -> str:
        """A result is no not-applicable condition (the validator refuses one)."""
        raise AssertionError("a result check is not a not-applicable condition")


def _zero_not_applicable(checks: tuple[CheckNode, ...]) -> list[RatioNode]:
    """The ratios among ``checks`` (nested ones too) whose zero denominator makes the
    indicator not applicable."""
    found: list[RatioNode] = []
    for check in checks:
        if isinstance(check, AllOfNode | AnyOfNode):
            found += _zero_not_applicable(check.checks)
        elif isinstance(check, RatioNode) and check.when_zero is ZeroDenominator.NOT_APPLICABLE:
            found.append(check)
    return found


def _labelled_source(
    node: AllOfNode | AnyOfNode, src: Source, out: str, into: str, inner: str
) -> None:
    """Lines adding a group's reasons to ``into``: its label's, when it has one and its
    credit ``out`` is short of 1, then its checks' (gathered in ``inner``)."""
    if node.label is None:
        if inner != into:
            src.line(f"{into} += {inner}")
        return
    with src.block(f"if {out} is not None and {out} < 1:"):
        src.line(f"{into}.append({src.const(Reason('not_met', node.path, (node.label,)))})")
    src.line(f"{into} += {inner}")


CheckNode: TypeAlias = (
    BooleanNode
    | RangeNode
    | EachPeriodNode
    | RatioNode
    | AssessedNode
    | AllOfNode
    | AnyOfNode
    | ResultNode
)


@attrs.frozen(kw_only=True)
class DeductionNode:
    """``each`` points off per incident counted by ``fact``, at most ``limit`` in all; or,
    with a trigger ``when`` (a check node), ``each`` once where the check is met.

    .. versionadded:: 0.2.0
    """

    path: str
    fact: str
    each: Fraction
    limit: Fraction | None
    label: Text
    when: CheckNode | None = None
    #: the deduction's id (the evidence names a ranged deduction's amount by it)
    id: str | None = None
    #: a range left to the assessor: ``(minimum, maximum)`` per incident, or once; the
    #: amount taken is then the evidence's (``each`` is the minimum)
    span: tuple[Fraction, Fraction] | None = None

    def bounds(self, count: int | Fraction) -> tuple[Fraction, Fraction]:
        """The amounts an assessor may give for ``count`` incidents (1 for a trigger)."""
        assert self.span is not None
        low, high = self.span
        return low * count, high * count

    def taken(
        self,
        facts: Mapping[str, FactValue],
        reasons: list[Reason],
        amounts: Mapping[str, Fraction] = _NO_AMOUNTS,
    ) -> Fraction | None:
        """The points this deduction takes off for ``facts`` (``None``: evidence missing);
        a reason for what it took. ``amounts`` are the assessor's amounts of the
        indicator's ranged deductions, by deduction id."""
        if self.when is not None:
            scratch: list[Reason] = []
            credit = self.when.credit(facts, _NO_JUDGEMENT, scratch)
            if credit is None:  # what is missing, not why the trigger was not met
                reasons.extend(r for r in scratch if r.kind == "missing")
                return None
            if credit < 1:
                return _ZERO
            if self.span is not None:
                return self._chosen(1, amounts, reasons)
            reasons.append(Reason("deducted_once", self.path, (self.label, self.each)))
            return self.each
        count = facts.get(self.fact)
        if count is None:
            reasons.append(Reason("missing", self.path, (self.label, self.fact)))
            return None
        if not count:
            return _ZERO
        if self.span is not None:
            return self._chosen(count, amounts, reasons)
        off = self.each * count
        if self.limit is not None and off > self.limit:
            off = self.limit
        reasons.append(Reason("deducted", self.path, (self.label, count, off)))
        return off

    def _chosen(
        self, count: int | Fraction, amounts: Mapping[str, Fraction], reasons: list[Reason]
    ) -> Fraction | None:
        """A ranged deduction that applies (``count`` incidents, or 1 for a trigger met):
        the assessor's amount, which must lie in the range for that many; ``None`` when
        it is missing or outside."""
        assert self.span is not None
        assert self.id is not None
        low, high = self.span
        once = self.when is not None
        amount = amounts.get(self.id)
        data: tuple[Any, ...]
        if amount is None:
            data = (self.label, self.id, low, high, count, once)
            reasons.append(Reason("amount_missing", self.path, data))
            return None
        least, most = self.bounds(count)
        if not least <= amount <= most:
            data = (self.label, self.id, amount, low, high, count, once)
            reasons.append(Reason("amount_outside", self.path, data))
            return None
        off = amount
        if self.limit is not None and off > self.limit:
            off = self.limit
        data = (self.label, count, amount, low, high, off, once)
        reasons.append(Reason("deducted_chosen", self.path, data))
        return off


def take_deductions(
    deductions: Sequence[DeductionNode],
    facts: Mapping[str, FactValue],
    limit: Fraction | None,
    reasons: list[Reason],
    where: str = "deduction_limit",
    amounts: Mapping[str, Fraction] = _NO_AMOUNTS,
) -> Fraction | None:
    """What ``deductions`` take off together for ``facts``, at most ``limit``
    (``None``: evidence missing); the one rule of deductions, for an indicator, a
    category's pool and the total. ``amounts`` are the assessor's amounts of ranged
    deductions, by deduction id.

    .. versionadded:: 0.2.0
    """
    taken = _ZERO
    for deduction in deductions:
        off = deduction.taken(facts, reasons, amounts)
        if off is None:
            return None
        taken += off
    if limit is not None and taken > limit:
        reasons.append(Reason("deductions_capped", where, (taken, limit)))
        taken = limit
    return taken


def floored(points: Fraction, taken: Fraction | None, floor: Fraction) -> Fraction:
    """``points`` once ``taken`` is taken off, never below ``floor`` through it (points
    already below the floor stay as they are); ``taken`` ``None`` (evidence missing):
    down to the floor. The one rule of a deduction pool, a category's and the total's.

    .. versionadded:: 0.2.0
    """
    low = min(points, floor)
    return low if taken is None else max(low, points - taken)


@attrs.frozen(kw_only=True)
class BandsNode:
    """A band table: the points of the last step whose bound the value keeps.

    The value is a fact (``numerator`` only, ``denominator`` ``None``) or the ratio
    ``numerator / denominator`` (a negative denominator divided by as a number, a zero
    one meaning what ``when_zero`` says). ``steps`` are :class:`Bound` values with their
    points, from the easiest to reach to the hardest; ``deduct`` takes the points of the
    band reached off ``maximum`` instead of giving them.

    .. versionadded:: 0.2.0
    """

    path: str
    numerator: str
    denominator: str | None
    steps: tuple[tuple[Bound, Fraction], ...]
    deduct: bool
    when_zero: ZeroDenominator
    subject: Text  # the fact's description, or "A per B"
    numerator_subject: Text
    denominator_subject: Text | None
    label: Text | None = None

    def _value(
        self, facts: Mapping[str, FactValue], reasons: list[Reason]
    ) -> tuple[int, int] | int | None:
        """``(top, bottom)`` with ``bottom > 0``; 0 for a zero denominator; ``None`` missing."""
        top = facts.get(self.numerator)
        if top is None:
            reasons.append(Reason("missing", self.path, (self.numerator_subject, self.numerator)))
            return None
        if self.denominator is None:
            return top.numerator, top.denominator
        bottom = facts.get(self.denominator)
        if bottom is None:
            reasons.append(
                Reason("missing", self.path, (self.denominator_subject, self.denominator))
            )
            return None
        if not bottom:
            return 0
        n, d = top.numerator * bottom.denominator, top.denominator * bottom.numerator
        return (-n, -d) if d < 0 else (n, d)

    def reached(self, top: int, bottom: int) -> int:
        """How many steps ``top / bottom`` reaches (the band reached is the last of them)."""
        count = 0
        for index, (bound, _) in enumerate(self.steps):
            if bound.holds(top, bottom):
                count = index + 1
        return count

    def awarded(
        self, facts: Mapping[str, FactValue], maximum: Fraction, reasons: list[Reason]
    ) -> Fraction | None:
        """The indicator's points for ``facts`` (``None``: evidence missing); the reason
        names the band reached and the next one whenever points are short of ``maximum``."""
        value = self._value(facts, reasons)
        if value is None:
            return None
        if value == 0:
            if self.when_zero is ZeroDenominator.MET:
                return maximum
            if self.when_zero is ZeroDenominator.NOT_APPLICABLE:
                raise NotApplicableSignal(f"{self.denominator} = 0")
            reasons.append(Reason("zero_denominator", self.path, (self.denominator,)))
            return _ZERO
        assert isinstance(value, tuple)
        top, bottom = value
        count = self.reached(top, bottom)
        got = self.steps[count - 1][1] if count else _ZERO
        points = maximum - got if self.deduct else got
        if points != maximum:
            band = None if not count else self._band(count - 1)
            after = None if count == len(self.steps) else self._band(count)
            data = (self.subject, top, bottom, self.deduct, band, after, self.label)
            reasons.append(Reason("band", self.path, data))
        return points

    def _band(self, index: int) -> tuple[str, Fraction, str, Fraction, Fraction]:
        bound, points = self.steps[index]
        return (bound.side.value, bound.written, bound.unit, bound.show, points)

    def met_source(self, names: _Names, judged: str, maximum: Fraction) -> str:
        """A Python expression true exactly when :meth:`awarded` gives ``maximum``: the
        top step reached (when it is worth ``maximum``), or, for deductions, no step."""
        n = names.new()
        if self.denominator is None:
            present = f"({n} := F({self.numerator!r})) is not None"
            top, bottom = f"{n}.numerator", f"{n}.denominator"
        else:
            d = names.new()
            present = (
                f"({n} := F({self.numerator!r})) is not None"
                f" and ({d} := F({self.denominator!r})) is not None and {d} > 0"
            )
            top, bottom = f"{n}.numerator * {d}.denominator", f"({n}.denominator * {d}.numerator)"
        if self.deduct:
            kept = " or ".join(bound.source(top, bottom) for bound, _ in self.steps)
            return f"({present} and not ({kept}))"
        if self.steps[-1][1] != maximum:
            return "False"
        return f"({present} and {self.steps[-1][0].source(top, bottom)})"


_NONE: tuple[Reason, ...] = ()
#: ``tuple.__new__``: a named tuple of the scorecard made from all its fields at once
_NEW: Any = tuple.__new__


def plain_units(value: Fraction) -> int | Fraction:
    """``value`` (points in plan units) as an ``int`` when it is whole.

    .. versionadded:: 0.2.0
    """
    return value.numerator if value.denominator == 1 else value


_MET, _PARTLY, _NOT_MET = IndicatorStatus.MET, IndicatorStatus.PARTLY_MET, IndicatorStatus.NOT_MET
_NOT_ASSESSED, _NOT_APPLICABLE = IndicatorStatus.NOT_ASSESSED, IndicatorStatus.NOT_APPLICABLE


def _fixed_reasons(checks: Sequence[CheckNode]) -> list[tuple[Reason, IndicatorStatus]]:
    """The reasons made with the nodes among ``checks`` (nested ones too), each with the
    status of an indicator that falls short by it alone."""
    found: list[tuple[Reason, IndicatorStatus]] = []
    for check in checks:
        if isinstance(check, AllOfNode | AnyOfNode):
            found += _fixed_reasons(check.checks)
        elif isinstance(check, BooleanNode):
            found += [(check.missing, _NOT_ASSESSED), (check.failed, _NOT_MET)]
        elif isinstance(check, AssessedNode):
            found += [(check.awaiting, _NOT_ASSESSED), (check.plain_judged[0], _NOT_MET)]
            found.append((check.plain_judged[1], _PARTLY))
    return found


@attrs.frozen(kw_only=True, weakref_slot=True)
class IndicatorPlan:
    """One indicator ready to score: its checks as nodes and its points as exact numbers.

    ``units`` is ``maximum`` counted in the plan's unit of points (``1 / plan.scale``).

    .. versionadded:: 0.2.0
    """

    indicator: Indicator
    id: str
    number: str
    category: int
    category_id: str
    role: Role
    bonus: bool
    award: Award
    maximum: Fraction
    units: int
    partial: Fraction
    checks: tuple[CheckNode, ...]
    deductions: tuple[DeductionNode, ...]
    deduction_limit: Fraction | None
    bands: BandsNode | None
    not_applicable_when: CheckNode | None  # met: the indicator does not apply
    reads: tuple[str, ...]
    assessed: bool  # whether a judgement is read
    periodic: bool = False  # whether a fact counted in each period is read
    met: IndicatorResult  # the result when every check is met
    #: the index in ``plan.tiers`` of the highest tier left when this gate is not met
    failed_tier_index: int | None = None
    #: the ids of the indicators whose results this one reads (scored before it)
    refers: tuple[str, ...] = ()
    #: whether a deduction's amount is left to the assessor (read from the evidence)
    ranged: bool = False
    #: ``maximum * partial`` (the points of a judgement "partly met") and the same in plan
    #: units: worked out once with the plan, as most partial awards are that one
    partly_met: Fraction = attrs.field(init=False, eq=False, repr=False)
    partly_met_units: int | Fraction = attrs.field(init=False, eq=False, repr=False)

    #: whether the partial award lies strictly between none and all of the points
    partly_proper: bool = attrs.field(init=False, eq=False, repr=False)

    @partly_met.default
    def _partly_met(self) -> Fraction:
        return self.maximum * self.partial

    @partly_proper.default
    def _partly_proper(self) -> bool:
        return 0 < self.partly_met < self.maximum

    @partly_met_units.default
    def _partly_met_units(self) -> int | Fraction:
        return plain_units(self.partial * self.units)

    #: the results made once with the plan, by the id of the one reason each gives: the
    #: indicator's result when a single check falls short with a reason that names only
    #: the standard's texts (a fact missing or not as expected, no judgement, a judgement
    #: without a note), which is most results short of full marks. Never added to.
    alone: Mapping[int, IndicatorResult] = attrs.field(init=False, eq=False, repr=False)

    @alone.default
    def _alone(self) -> Mapping[int, IndicatorResult]:
        found: dict[int, IndicatorResult] = {}
        for reason, status in _fixed_reasons(self.checks):
            awarded = self.partly_met if status is _PARTLY else _ZERO
            found[id(reason)] = self._made(status, awarded, (reason,))
        return types.MappingProxyType(found)

    #: ``explainer(self, evidence, results, facts.get, judgement)``: the indicator's checks
    #: compiled into one function from their nodes' ``credit_source`` (:mod:`.explaining`)
    explainer: Explainer = attrs.field(init=False, eq=False, repr=False)

    @explainer.default
    def _explainer(self) -> Explainer:
        from .explaining import build_explainer, forget_source

        explainer, filename = build_explainer(self)
        weakref.finalize(self, forget_source, filename)
        return explainer

    #: whether the indicator must be met to pass (a prerequisite or veto item)
    gate: bool = attrs.field(init=False, eq=False, repr=False)
    #: whether the explainer alone gives the result: nothing may find the indicator not
    #: applicable (a condition, a ratio's or band table's zero denominator, a trigger)
    direct: bool = attrs.field(init=False, eq=False, repr=False)

    @gate.default
    def _gate(self) -> bool:
        return self.role is not Role.SCORED

    @direct.default
    def _direct(self) -> bool:
        return (
            self.not_applicable_when is None
            and self.bands is None
            and not self.deductions
            and not _zero_not_applicable(self.checks)
        )

    def met_source(self, names: _Names, judged: str) -> str | None:
        """A Python expression true only when the indicator is plainly met, or ``None``
        when it must always be explained (deductions, a proportional award without checks).
        """
        if self.deductions or self.refers or (self.award is Award.PROPORTIONAL and not self.checks):
            return None
        condition = self.not_applicable_when
        if condition is not None and not condition.exact:
            return None
        tests = [check.met_source(names, judged) for check in self.checks] or ["True"]
        if self.bands is not None:
            tests = [self.bands.met_source(names, judged, self.maximum)]
        if condition is not None:
            tests.insert(0, f"(not {condition.met_source(names, judged)})")
        for ratio in _zero_not_applicable(self.checks):
            # a zero denominator read as "not applicable" decides wherever the ratio is,
            # an any_of met another way included
            top, bottom = repr(ratio.numerator), repr(ratio.denominator)
            tests.insert(0, f"(F({top}) is None or F({bottom}) != 0)")
        return " and ".join(tests)

    def explain(
        self, evidence: Evidence, results: Mapping[str, IndicatorResult] | None = None
    ) -> IndicatorResult:
        """The indicator's result for ``evidence``, with the reason for every point lost.

        ``results`` are the results of the indicators it ``refers`` to, by id.
        """
        if evidence.not_applicable or self.not_applicable_when is not None:
            claim = self._not_applicable(evidence)
            if claim is not None:
                reason = Reason("not_applicable", "not_applicable", (claim,))
                return self._result(_NOT_APPLICABLE, _ZERO, (reason,))
        try:
            judgement = evidence.judgements.get(self.id) if self.assessed else None
            return self.explainer(self, evidence, results, evidence.facts.get, judgement)
        except NotApplicableSignal as signal:
            reason = Reason("not_applicable", "not_applicable", (signal.claim,))
            return self._result(_NOT_APPLICABLE, _ZERO, (reason,))

    def finish(
        self, evidence: Evidence, credit: Credit | None, reasons: list[Reason]
    ) -> IndicatorResult:
        """The indicator's result when its checks give ``credit`` with ``reasons``: not
        assessed without a credit, else the points the credit gives less the deductions."""
        if credit is None:
            status, awarded = _NOT_ASSESSED, _ZERO
        elif type(credit) is int:  # 0 or 1, most credits (compared without a Fraction)
            status, awarded = (_MET, self.maximum) if credit else (_NOT_MET, _ZERO)
        elif credit is self.partial and self.partly_proper:  # "partly met", worked out once
            status, awarded = _PARTLY, self.partly_met
        elif credit == 0:
            status, awarded = _NOT_MET, _ZERO
        elif credit == 1:
            status, awarded = _MET, self.maximum
        else:  # the partial award of a judgement "partly met" is worked out once
            status = _PARTLY
            awarded = self.partly_met if credit is self.partial else self.maximum * credit
        if self.deductions and credit is not None:
            left = self._deduct(evidence, awarded, reasons)
            if left is None:
                status, awarded = _NOT_ASSESSED, _ZERO
            else:
                status, awarded = self._status(left), left
        if len(reasons) == 1:  # the result made with the plan, when it is this one
            made = self.alone.get(id(reasons[0]))
            if made is not None and made.status is status and made.awarded is awarded:
                return made
        return self._made(status, awarded, tuple(reasons) if reasons else _NONE)

    def context(
        self, evidence: Evidence, results: Mapping[str, IndicatorResult] | None = None
    ) -> _Context:
        """What the checks read besides facts: the assessor's judgement and the partial
        award, the facts given period by period (an each-period check), the results of the
        indicators referred to."""
        periods = evidence.periods if self.periodic else _NO_PERIODS
        if not self.assessed:
            if results is None and not self.periodic:
                return _NO_JUDGEMENT
            return _Context(None, _ZERO, _ZERO, periods, results)
        judgement = evidence.judgements.get(self.id)
        return _Context(judgement, self.partial, self.maximum, periods, results)

    def _status(self, points: Fraction) -> IndicatorStatus:
        """Met at full marks, not met at none, partly met between."""
        return _MET if points == self.maximum else _NOT_MET if points == 0 else _PARTLY

    def banded(self, facts: Mapping[str, FactValue]) -> IndicatorResult:
        """The result of an indicator awarded by its band table."""
        assert self.bands is not None
        reasons: list[Reason] = []
        points = self.bands.awarded(facts, self.maximum, reasons)
        if points is None:
            return self._result(_NOT_ASSESSED, _ZERO, tuple(reasons))
        return self._result(self._status(points), points, tuple(reasons) if reasons else _NONE)

    @property
    def failed_cap(self) -> Fraction | None:
        """The most the total may be when this gate is not met (``cap_total``)."""
        cap = self.indicator.failed_cap
        return None if cap is None else Fraction(cap)

    @property
    def claimable(self) -> bool:
        """Whether evidence may claim the indicator not applicable: a prerequisite or veto
        item only where the standard allows it (``not_applicable = true``)."""
        if self.role is Role.SCORED:
            return self.indicator.not_applicable is not False
        return self.indicator.not_applicable is True

    def _not_applicable(self, evidence: Evidence) -> str | None:
        claim = (
            evidence.not_applicable.get(self.id)
            if evidence.not_applicable and self.claimable
            else None
        )
        condition = self.not_applicable_when
        if claim is None and condition is not None:
            try:  # the condition's own reasons (a value missing) are not the indicator's
                met = condition.credit(evidence.facts, _NO_JUDGEMENT, []) == 1
            except NotApplicableSignal as signal:  # a ratio's zero denominator says so
                return signal.claim
            if met:
                claim = condition.claim(evidence.facts)
        return claim

    def _deduct(
        self, evidence: Evidence, awarded: Fraction, reasons: list[Reason]
    ) -> Fraction | None:
        amounts = evidence.deductions.get(self.id, _NO_AMOUNTS) if self.ranged else _NO_AMOUNTS
        taken = take_deductions(
            self.deductions, evidence.facts, self.deduction_limit, reasons, amounts=amounts
        )
        return None if taken is None else max(_ZERO, awarded - taken)

    def _result(
        self, status: IndicatorStatus, awarded: Fraction, reasons: tuple[Reason, ...]
    ) -> IndicatorResult:
        if len(reasons) == 1:  # the result made with the plan, when it is this one
            made = self.alone.get(id(reasons[0]))
            if made is not None and made.status is status and made.awarded is awarded:
                return made
        return self._made(status, awarded, reasons)

    def _made(
        self, status: IndicatorStatus, awarded: Fraction, reasons: tuple[Reason, ...]
    ) -> IndicatorResult:
        # the named tuple made as a tuple is (its own ``__new__`` is a call in Python)
        made: IndicatorResult = _NEW(IndicatorResult, (
            self.id, self.number, self.category_id, status, awarded, self.maximum, reasons,
            self.role, self.bonus,
        ))  # fmt: skip
        return made


#: The most plan units a table made with the plan lists (:attr:`CategoryPlan.by_units`,
#: :attr:`ScoringPlan.points_by_units`): beyond, points are made when scored.
TABLE_LIMIT = 4096


@attrs.frozen(kw_only=True)
class CategoryPlan:
    """A category's id, weight and points counted in the plan's unit (bonus items apart).

    ``rules`` is the category when it counts its indicators by groups or a cap
    (:func:`~community_standards.model.standard.category_points`), else ``None`` (its
    indicators' points are added). ``positions`` are its indicators' places in
    ``plan.indicators``.

    .. versionadded:: 0.2.0
    """

    id: str
    weight: Fraction | None
    possible: int  # in units of 1 / scale, bonus items excluded
    all_met: int  # earned when every indicator is met, bonus items included
    possible_points: Fraction  # possible / scale
    title: Text = attrs.field(factory=Text)
    rules: Category | None = None
    positions: tuple[int, ...] = ()
    scale: int = 1
    bonus: bool = False  # a bonus category: its points are above the total
    #: the category's deduction pool: taken off what it counts, at most ``deduction_limit``,
    #: never below ``floor`` through it
    deductions: tuple[DeductionNode, ...] = ()
    deduction_limit: Fraction | None = None
    floor: Fraction = _ZERO
    all_met_points: Fraction = attrs.field(init=False, eq=False, repr=False)  # all_met / scale
    #: the category's result for each whole number of plan units it may earn (index),
    #: when every indicator in it applies and nothing is scaled; made with the plan (not
    #: for a bonus category, nor past :data:`TABLE_LIMIT` units)
    by_units: tuple[CategoryResult, ...] = attrs.field(init=False, eq=False, repr=False)

    @all_met_points.default
    def _all_met_points(self) -> Fraction:
        return Fraction(self.all_met, self.scale)

    @by_units.default
    def _by_units(self) -> tuple[CategoryResult, ...]:
        if self.bonus or self.all_met > TABLE_LIMIT:
            return ()
        out_of = self.possible_points
        points = [Fraction(units, self.scale) for units in range(self.all_met + 1)]
        return tuple(CategoryResult(self.id, got, out_of, got, out_of) for got in points)

    def pooled(
        self,
        facts: Mapping[str, FactValue],
        counted: int | Fraction,
        reasons: list[Reason],
        amounts: Mapping[str, Fraction] = _NO_AMOUNTS,
    ) -> int | Fraction:
        """What the category counts, in plan units, once its pool's deductions are taken
        (never below the floor through them; evidence missing for a deduction, or the
        assessor's amount of a ranged one: down to the floor, with the reason).
        ``amounts`` are the assessor's amounts of the pool's ranged deductions."""
        was = Fraction(counted, self.scale)
        taken = take_deductions(
            self.deductions, facts, self.deduction_limit, reasons, amounts=amounts
        )
        now = floored(was, taken, self.floor)
        if taken is None:
            reasons.append(Reason("pool_unknown", "deductions", (self.title, now)))
        elif now != was:
            data = (self.title, taken, was, now, self.floor)
            reasons.append(Reason("pool_taken", "deductions", data))
        left = now * self.scale
        return left.numerator if left.denominator == 1 else left

    def amount(self, points: Decimal) -> int:
        """Points written in the standard (a cap) in units of ``1 / scale``."""
        return int(Fraction(points) * self.scale)

    def counted(
        self, units: Mapping[str, int | Fraction], reasons: list[Reason] | None = None
    ) -> int | Fraction:
        """The units this category counts when its indicators earn ``units`` (by id), by
        its groups and cap; a reason added to ``reasons`` for each rule that left points
        out."""
        assert self.rules is not None
        report = None
        if reasons is not None:
            scale = self.scale

            def report(
                group: Group | None, earned: int | Fraction, counted: int | Fraction
            ) -> None:
                if counted >= earned:
                    return
                got, kept = Fraction(earned, scale), Fraction(counted, scale)
                if group is None:
                    cap = Fraction(self.rules.cap or 0)  # type: ignore[union-attr]
                    reasons.append(Reason("category_capped", "cap", (self.title, cap, got, kept)))
                    return
                label = group.title or Text(zh=group.id, en=group.id)
                cap_of = None if group.cap is None else Fraction(group.cap)
                data = (label, group.choose, len(group.members), cap_of, got, kept)
                reasons.append(Reason("group_limited", f"groups.{group.id}", data))

        found: int | Fraction = category_points(
            self.rules, units.__getitem__, self.amount, report=report
        )
        return found


@attrs.frozen(kw_only=True)
class TierPlan:
    """A tier ready to give: its minimum and its requirements, by position.

    ``shares`` are ``(category index, share)``: the category must earn at least that share
    of its applicable points. ``starred`` are the positions of the indicators that must
    score above 0 (unless not applicable).

    .. versionadded:: 0.2.0
    """

    id: str
    title: Text
    minimum: Fraction
    shares: tuple[tuple[int, Fraction], ...] = ()
    starred: tuple[int, ...] = ()

    def withheld(
        self, categories: Sequence[CategoryResult], results: Sequence[IndicatorResult]
    ) -> Reason | None:
        """The reason this tier is withheld from a community whose categories and
        indicators came out so, or ``None`` when every requirement is kept."""
        for c, share in self.shares:
            category = categories[c]
            if category.possible and category.points < share * category.possible:
                data = (self.title, category.id, category.points, category.possible, share)
                return Reason("tier_share_short", f"tiers.{self.id}", data)
        for position in self.starred:
            result = results[position]
            if result.status is not _NOT_APPLICABLE and not result.awarded:
                return Reason("tier_starred_zero", f"tiers.{self.id}", (self.title, result.id))
        return None


@attrs.frozen(kw_only=True, weakref_slot=True)
class ScoringPlan:
    """A standard compiled for scoring: every indicator and category, points in exact units.

    Points are counted as integers of ``1 / scale``: every indicator's points, partial
    award and deduction is a whole number of that unit.

    .. versionadded:: 0.2.0
    """

    standard: Standard
    stamp: StandardStamp
    indicators: tuple[IndicatorPlan, ...]
    categories: tuple[CategoryPlan, ...]
    scale: int
    total_points: Fraction
    pass_mark: Fraction
    tiers: tuple[tuple[Fraction, str], ...]
    rescale: bool
    weighted: bool
    #: the positions in ``categories`` of those counted by groups or a cap
    counted: tuple[int, ...] = attrs.field(default=())
    #: the tiers with their requirements, in rising order (``tiers`` without them)
    tier_rules: tuple[TierPlan, ...] = attrs.field(default=())
    #: the positions of the indicators that read others' results, in an order where each
    #: comes after every indicator it reads: they are scored after all the others
    later: tuple[int, ...] = attrs.field(default=())
    #: every position, those in ``later`` last: the order the engines score in
    order: tuple[int, ...] = attrs.field(default=())
    #: deductions from the total (倒扣), at most ``deduction_limit``, down to ``floor``
    deductions: tuple[DeductionNode, ...] = attrs.field(default=())
    deduction_limit: Fraction | None = attrs.field(default=None)
    floor: Fraction = attrs.field(default=_ZERO)
    #: the positions in ``categories`` of those with a deduction pool
    pools: tuple[int, ...] = attrs.field(default=())
    #: (facts.get, judgements.get) -> positions of the indicators not plainly met
    fast: Callable[[Callable[[str], Any], Callable[[str], Any]], list[int]] = attrs.field(
        eq=False, repr=False
    )
    #: (evidence, results, short): explains what ``fast`` lists (:mod:`.fastpath`)
    explain_short: Callable[[Evidence, list[IndicatorResult], list[int]], None] = attrs.field(
        eq=False, repr=False
    )
    source: str = attrs.field(eq=False, repr=False)  # the fast path's generated source

    @functools.cached_property
    def all_met(self) -> tuple[IndicatorResult, ...]:
        """Every indicator's result when all are met."""
        return tuple(item.met for item in self.indicators)

    @functools.cached_property
    def all_met_earned(self) -> tuple[int, ...]:
        """Each category's points (in plan units) when every indicator is met."""
        return tuple(category.all_met for category in self.categories)

    @functools.cached_property
    def full_weights(self) -> tuple[Fraction, ...]:
        """Each category's weight in the total when every category has points to earn."""
        applicable = [bool(category.possible) for category in self.categories]
        return tuple(category_weights(self.standard.categories, self.standard.sections, applicable))

    def weights(self, possible: Sequence[int | Fraction]) -> Sequence[Fraction]:
        """Each category's weight in the total when the categories have ``possible``
        points to earn (:func:`~community_standards.model.standard.category_weights`)."""
        if all(p == c.possible for p, c in zip(possible, self.categories, strict=True)):
            return self.full_weights
        applicable = [bool(p) for p in possible]
        return category_weights(self.standard.categories, self.standard.sections, applicable)

    @functools.cached_property
    def all_possible(self) -> tuple[int, ...]:
        """Each category's possible points (in plan units), bonus items excluded."""
        return tuple(category.possible for category in self.categories)

    @functools.cached_property
    def possible_units(self) -> int:
        """The points possible when every indicator applies, in plan units (bonus items
        excluded)."""
        return sum(self.all_possible)

    @functools.cached_property
    def possible_points(self) -> Fraction:
        """:attr:`possible_units` as points."""
        return Fraction(self.possible_units, self.scale)

    @functools.cached_property
    def points_by_units(self) -> tuple[Fraction, ...]:
        """The points of each whole number of plan units a community may earn (index),
        up to every indicator met (none past :data:`TABLE_LIMIT` units)."""
        most = sum(category.all_met for category in self.categories)
        if most > TABLE_LIMIT:
            return ()
        return tuple(Fraction(units, self.scale) for units in range(most + 1))


# -- building the plan ---------------------------------------------------------------------


def _bound(limit: Limit | None, side: Side, unit: str) -> Bound | None:
    if limit is None:
        return None
    value = limit_in(limit, unit)
    show = _ONE if not limit.unit else 1 / conversion_factor(limit.unit, unit)
    return Bound(
        side=side,
        num=value.numerator,
        den=value.denominator,
        written=limit.value,
        unit=limit.unit or unit,
        show=show,
    )


def _lower(check: ThresholdCheck | FrequencyCheck | RatioCheck, unit: str) -> Bound | None:
    if check.more_than is not None:
        return _bound(check.more_than, Side.MORE_THAN, unit)
    return _bound(check.minimum, Side.MINIMUM, unit)


def _upper(check: ThresholdCheck | FrequencyCheck | RatioCheck, unit: str) -> Bound | None:
    if check.less_than is not None:
        return _bound(check.less_than, Side.LESS_THAN, unit)
    return _bound(check.maximum, Side.MAXIMUM, unit)


def _ratio_subject(top: Fact, bottom: Fact) -> Text:
    # each fact's description in the language, or in another when it has none there
    shown = {
        "top": Text.of({language: top.description.get(language) for language in LANGUAGES}),
        "bottom": Text.of({language: bottom.description.get(language) for language in LANGUAGES}),
    }
    return words_text(_PER, **shown)


def _node(check: Check, path: str, facts: Mapping[str, Fact]) -> CheckNode:
    if isinstance(check, BooleanCheck):
        fact = facts[check.fact]
        return BooleanNode(
            path=path,
            fact=check.fact,
            expected=check.expected,
            subject=fact.description,
            label=check.label,
        )
    if isinstance(check, ThresholdCheck | FrequencyCheck) and facts[check.fact].each_period:
        fact = facts[check.fact]
        periods = period_of(fact.unit)[1]
        return EachPeriodNode(
            path=path,
            fact=check.fact,
            low=_lower(check, fact.unit),
            high=_upper(check, fact.unit),
            subject=fact.description,
            label=check.label,
            period=period_words(fact.unit),
            periods=periods,
        )
    if isinstance(check, ThresholdCheck | FrequencyCheck):
        fact = facts[check.fact]
        return RangeNode(
            path=path,
            fact=check.fact,
            low=_lower(check, fact.unit),
            high=_upper(check, fact.unit),
            subject=fact.description,
            label=check.label,
        )
    if isinstance(check, RatioCheck):
        top, bottom = facts[check.numerator], facts[check.denominator]
        unit = ratio_unit(top, bottom)
        subject = _ratio_subject(top, bottom)
        return RatioNode(
            path=path,
            numerator=check.numerator,
            denominator=check.denominator,
            low=_lower(check, unit),
            high=_upper(check, unit),
            when_zero=check.when_zero,
            subject=subject,
            numerator_subject=top.description,
            denominator_subject=bottom.description,
            label=check.label,
        )
    if isinstance(check, AllOf | AnyOf):
        inner = tuple(_node(c, f"{path}.checks[{i}]", facts) for i, c in enumerate(check.checks))
        kind = AllOfNode if isinstance(check, AllOf) else AnyOfNode
        return kind(path=path, checks=inner, label=check.label)
    if isinstance(check, ResultCheck):
        points = None if check.points is None else Fraction(check.points)
        return ResultNode(path=path, indicator=check.indicator, points=points, label=check.label)
    assert isinstance(check, AssessedCheck)
    return AssessedNode(path=path, label=check.label)


def _share(standard: Standard, indicator: Indicator) -> Fraction:
    share = indicator.partial_credit
    return Fraction(standard.partial_credit if share is None else share)


def _steps(indicator: Indicator) -> tuple[BandStep, ...]:
    return () if indicator.bands is None else indicator.bands.steps


def _bands_node(bands: BandTable, facts: Mapping[str, Fact]) -> BandsNode:
    if bands.fact is not None:
        fact = facts[bands.fact]
        unit, subject = fact.unit, fact.description
        numerator, denominator = bands.fact, None
        numerator_subject, denominator_subject = subject, None
    else:
        assert bands.numerator is not None
        assert bands.denominator is not None
        top, bottom = facts[bands.numerator], facts[bands.denominator]
        unit = ratio_unit(top, bottom)
        subject = _ratio_subject(top, bottom)
        numerator, denominator = bands.numerator, bands.denominator
        numerator_subject, denominator_subject = top.description, bottom.description
    steps = []
    for step in bands.steps:
        side, limit = next(
            (side, getattr(step, side.value))
            for side in Side
            if getattr(step, side.value) is not None
        )
        bound = _bound(limit, side, unit)
        assert bound is not None
        steps.append((bound, Fraction(step.points)))
    return BandsNode(
        path="bands",
        numerator=numerator,
        denominator=denominator,
        steps=tuple(steps),
        deduct=bands.effect is BandEffect.DEDUCT,
        when_zero=bands.when_zero,
        subject=subject,
        numerator_subject=numerator_subject,
        denominator_subject=denominator_subject,
        label=bands.label,
    )


def _scale(standard: Standard) -> int:
    scale = 1
    for _, indicator in standard.indicators():
        values: tuple[Fraction, ...] = (
            Fraction(indicator.points),
            Fraction(indicator.points) * _share(standard, indicator),
            *(Fraction(d.least) for d in indicator.deductions),
            *(Fraction(d.most) for d in indicator.deductions),
            *(Fraction(step.points) for step in _steps(indicator)),
            *(
                Fraction(found.points)
                for check in indicator.checks
                for found in check_references(check)
                if found.points is not None
            ),
        )
        for value in values:
            scale = math.lcm(scale, Fraction(value).denominator)
    pools = [*standard.deductions, *(d for c in standard.categories for d in c.deductions)]
    amounts = [standard.deduction_limit, standard.floor]
    amounts += [amount for d in pools for amount in (d.least, d.most, d.limit)]
    for amount in amounts:
        if amount is not None:
            scale = math.lcm(scale, Fraction(amount).denominator)
    for category in standard.categories:
        caps = [category.cap, category.deduction_limit, category.floor]
        caps += [group.cap for group in category.groups]
        for cap in caps:
            if cap is not None:
                scale = math.lcm(scale, Fraction(cap).denominator)
    return scale


def _content_hash(standard: Standard) -> str:
    from ..formats.standard import standard_to_json

    return hashlib.sha256(standard_to_json(standard).encode("utf-8")).hexdigest()


def _indicator_plan(
    standard: Standard, indicator: Indicator, c: int, category: Category, scale: int,
    facts: Mapping[str, Fact],
) -> IndicatorPlan:  # fmt: skip
    """One indicator compiled: its checks, deductions and bands as nodes, points exact."""
    maximum = Fraction(indicator.points)
    bonus = indicator.bonus or category.bonus
    tier_ids = [tier.id for tier in standard.tiers]
    failed_tier = indicator.failed_tier
    tier_index = tier_ids.index(failed_tier) if failed_tier in tier_ids else None
    when = indicator.not_applicable_when
    return IndicatorPlan(
        indicator=indicator,
        id=indicator.id,
        number=indicator.number,
        category=c,
        category_id=category.id,
        role=indicator.role,
        bonus=bonus,
        award=indicator.award,
        maximum=maximum,
        units=int(maximum * scale),
        partial=_share(standard, indicator),
        checks=tuple(
            _node(check, f"checks[{i}]", facts) for i, check in enumerate(indicator.checks)
        ),
        deductions=_deduction_nodes(indicator, facts),
        ranged=any(deduction.ranged for deduction in indicator.deductions),
        deduction_limit=_fraction_or_none(indicator.deduction_limit),
        bands=None if indicator.bands is None else _bands_node(indicator.bands, facts),
        not_applicable_when=None
        if when is None
        else _node(condition_check(when), "not_applicable_when", facts),
        reads=indicator_facts(indicator),
        assessed=_assessed(indicator),
        periodic=any(facts[key].each_period for key in indicator_facts(indicator)),
        failed_tier_index=tier_index,
        refers=tuple(
            dict.fromkeys(
                found.indicator for check in indicator.checks for found in check_references(check)
            )
        ),
        met=_met_result(indicator, category.id, bonus),
    )


def _fraction_or_none(value: Decimal | None) -> Fraction | None:
    return None if value is None else Fraction(value)


def _deduction_nodes(indicator: Indicator, facts: Mapping[str, Fact]) -> tuple[DeductionNode, ...]:
    """The indicator's deductions, each labelled (by the fact's description by default)."""
    return deduction_nodes(indicator.deductions, facts, "deductions")


def deduction_nodes(
    deductions: Sequence[Deduction], facts: Mapping[str, Fact], path: str
) -> tuple[DeductionNode, ...]:
    """Deductions compiled, each labelled: by its ``label``, else the fact counted, else
    the trigger check in words.

    .. versionadded:: 0.2.0
    """
    return tuple(_deduction_node(d, facts, f"{path}[{i}]") for i, d in enumerate(deductions))


def _deduction_node(deduction: Deduction, facts: Mapping[str, Fact], path: str) -> DeductionNode:
    from ..messages.checks import describe_check

    when = deduction.when
    if deduction.label is not None:
        label = deduction.label
    elif when is None:
        label = facts[deduction.fact].description
    else:
        label = Text(zh=describe_check(when, facts, "zh"), en=describe_check(when, facts, "en"))
    span = (Fraction(deduction.least), Fraction(deduction.most)) if deduction.ranged else None
    return DeductionNode(
        path=path,
        fact=deduction.fact,
        each=Fraction(deduction.least),
        limit=_fraction_or_none(deduction.limit),
        label=label,
        when=None if when is None else _node(when, f"{path}.when", facts),
        id=deduction.id,
        span=span,
    )


def _assessed(indicator: Indicator) -> bool:
    """Whether any of the indicator's checks, nested ones included, reads a judgement."""
    return any(
        isinstance(found, AssessedCheck)
        for check in indicator.checks
        for _, found in walk_checks(check)
    )


def _met_result(indicator: Indicator, category_id: str, bonus: bool) -> IndicatorResult:
    """The indicator's result when it is plainly met: full marks, no reasons."""
    maximum = Fraction(indicator.points)
    return IndicatorResult(
        indicator.id, indicator.number, category_id, _MET, maximum, maximum, _NONE,
        indicator.role, bonus,
    )  # fmt: skip


def _category_plan(
    category: Category, mine: list[IndicatorPlan], start: int, scale: int,
    facts: Mapping[str, Fact],
) -> CategoryPlan:  # fmt: skip
    """A category compiled: its weight, rules and points in plan units (bonus items apart)."""
    plan = CategoryPlan(
        deductions=deduction_nodes(category.deductions, facts, "deductions"),
        deduction_limit=_fraction_or_none(category.deduction_limit),
        floor=Fraction(category.floor),
        id=category.id,
        weight=_fraction_or_none(category.weight),
        possible=0,
        all_met=0,
        possible_points=_ZERO,
        title=category.title,
        rules=category if category.groups or category.cap is not None else None,
        positions=tuple(range(start, start + len(mine))),
        scale=scale,
        bonus=category.bonus,
    )
    if plan.rules is None:
        possible = sum(item.units for item in mine if not item.bonus)
        all_met = sum(item.units for item in mine)
    else:
        possible = int(plan.counted({i.id: 0 if i.bonus else i.units for i in mine}))
        all_met = int(plan.counted({i.id: i.units for i in mine}))
    return attrs.evolve(
        plan, possible=possible, all_met=all_met, possible_points=Fraction(possible, scale)
    )


def _stamp(standard: Standard) -> StandardStamp:
    """Which standard a scorecard was scored against: id, version and content hash."""
    return StandardStamp(id=standard.id, version=standard.version, sha256=_content_hash(standard))


def _later(indicators: Sequence[IndicatorPlan]) -> tuple[int, ...]:
    """The positions of the indicators that read others' results, each after the ones it
    reads (the validator refuses a circle)."""
    where = {item.id: p for p, item in enumerate(indicators)}
    order: list[int] = []
    placed: set[int] = set()

    def place(p: int) -> None:
        if p in placed:
            return
        placed.add(p)
        for other in indicators[p].refers:
            if indicators[where[other]].refers:
                place(where[other])
        order.append(p)

    for p, item in enumerate(indicators):
        if item.refers:
            place(p)
    return tuple(order)


def _tier_plans(standard: Standard, indicators: Sequence[IndicatorPlan]) -> tuple[TierPlan, ...]:
    where = {category.id: c for c, category in enumerate(standard.categories)}
    starred = tuple(p for p, item in enumerate(indicators) if item.indicator.starred)
    return tuple(
        TierPlan(
            id=tier.id,
            title=tier.title,
            minimum=Fraction(tier.minimum),
            shares=tuple((where[share.category], Fraction(share.minimum)) for share in tier.shares),
            starred=starred if tier.starred_above_zero else (),
        )
        for tier in standard.tiers
    )


def build_plan(standard: Standard) -> ScoringPlan:
    """Compile ``standard`` (valid) into a :class:`ScoringPlan`; pure, not cached.

    :func:`community_standards.scoring.evaluate.compile_standard` caches it per standard.

    .. versionadded:: 0.2.0
    """
    from .fastpath import build_fast_path, forget_source

    facts = {fact.key: fact for fact in standard.facts}
    scale = _scale(standard)
    items: list[IndicatorPlan] = []
    categories: list[CategoryPlan] = []
    for c, category in enumerate(standard.categories):
        mine = [
            _indicator_plan(standard, indicator, c, category, scale, facts)
            for indicator in category.indicators
        ]
        categories.append(_category_plan(category, mine, len(items), scale, facts))
        items.extend(mine)
    indicators = tuple(items)
    later = _later(indicators)
    fast, explain_short, source, filename = build_fast_path(indicators, standard.ref, later)
    plan = ScoringPlan(
        standard=standard,
        stamp=_stamp(standard),
        indicators=indicators,
        categories=tuple(categories),
        scale=scale,
        total_points=Fraction(standard.total_points),
        pass_mark=Fraction(standard.pass_mark),
        tiers=tuple((Fraction(tier.minimum), tier.id) for tier in standard.tiers),
        rescale=standard.not_applicable is NotApplicablePolicy.RESCALE,
        weighted=standard.aggregation is Aggregation.WEIGHTED,
        counted=tuple(c for c, category in enumerate(categories) if category.rules is not None),
        tier_rules=_tier_plans(standard, indicators),
        later=later,
        deductions=deduction_nodes(standard.deductions, facts, "deductions"),
        deduction_limit=_fraction_or_none(standard.deduction_limit),
        floor=Fraction(standard.floor),
        pools=tuple(c for c, category in enumerate(standard.categories) if category.deductions),
        order=(*(p for p in range(len(indicators)) if p not in later), *later),
        fast=fast,
        explain_short=explain_short,
        source=source,
    )
    weakref.finalize(plan, forget_source, filename)
    return plan
