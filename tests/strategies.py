"""Hypothesis strategies: whole valid standards of every shape the model allows, and evidence.

:func:`standards` draws a :class:`Generated` standard: 1 to 6 categories of 1 to 8
indicators, points in steps of 0.5, 0.1 or 1 (category and standard totals computed so
that they add up exactly), optional rising tiers, prerequisites and veto items, bonus
items, deduction and proportional awards, weighted aggregation, every not-applicable
policy, and every kind of check over facts in the domain's units. Checks share facts
(a new check often reads a fact an earlier one declared); a fact's direction
(:attr:`FactSpec.favour`) is kept only where every check reading it agrees. Ratio
denominators may be 0 (each ratio says what that means, ``when_zero``) and, for signed
amounts, negative; evidence often takes a value on a limit or one grid step either side.
Every fact is drawn with a value first (:attr:`Generated.full_marks`) and each check reading
it is drawn so that this value meets it: evidence of full marks exists by construction.

:func:`evidence_for` draws matching :class:`~community_standards.Evidence`;
:func:`evidence_document` and :func:`evidence_toml` write it as a document, with facts in
the declared units or in others (:func:`unit_choices`).
"""

from __future__ import annotations

import datetime
import functools
import itertools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import attrs
import tomli_w
from hypothesis import strategies as st

import community_standards as cs
from community_standards.model.standard import check_facts, points_allowed
from community_standards.units.convert import conversion_factor, normalise_unit
from community_standards.units.numbers import format_number

__all__ = [
    "FactSpec",
    "Generated",
    "amount",
    "evidence_document",
    "evidence_for",
    "evidence_toml",
    "fact_value",
    "full_marks_facts",
    "gates",
    "improvements",
    "judged_indicators",
    "raise_judgement",
    "standards",
    "standards_and_evidence",
    "unit_choices",
]

COUNT, QUANTITY, BOOLEAN = cs.FactKind.COUNT, cs.FactKind.QUANTITY, cs.FactKind.BOOLEAN
STEPS = (Decimal("0.5"), Decimal("0.1"), Decimal("1"))
T = TypeVar("T")

# Strategies are built once and reused: building one per draw costs more than drawing.
_BOOLEANS = st.booleans()


@functools.cache
def _ints(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


@functools.cache
def _one_of(options: tuple[Any, ...], _types: tuple[type, ...]) -> st.SearchStrategy[Any]:
    # keyed by the options' types too: (Fraction(1),) and (Decimal(1),) are equal tuples
    return st.sampled_from(options)


def _pick(draw: st.DrawFn, options: Sequence[T]) -> T:
    picked: T = draw(_one_of(tuple(options), tuple(map(type, options))))
    return picked


def _maybe(draw: st.DrawFn, value: T) -> T | None:
    return value if draw(_BOOLEANS) else None


def _day(draw: st.DrawFn, first: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=draw(_ints(0, 5000)))


@attrs.frozen(kw_only=True)
class FactSpec:
    """A generated fact and what evidence may say about it.

    Values lie between ``low`` and ``high`` (``None``: no bound) on a grid of fractions
    with the given ``denominators``. ``alternatives`` are other units the value may be
    written in. ``favour`` is +1 when a higher value never scores less, -1 when a lower
    one never does, 0 when there is no such direction; for a boolean, ``expected`` is the
    value its check wants (``None``: no direction). ``boundaries`` are the limits that
    checks compare the fact with (in its unit), for evidence to land on.
    """

    fact: cs.Fact
    low: Fraction | None = None
    high: Fraction | None = None
    denominators: tuple[int, ...] = (1,)
    alternatives: tuple[str, ...] = ()
    favour: int = 0
    expected: bool | None = None
    boundaries: tuple[Fraction, ...] = ()

    @property
    def key(self) -> str:
        return self.fact.key

    @property
    def unit(self) -> str:
        return self.fact.unit

    @property
    def boolean(self) -> bool:
        return self.fact.kind is BOOLEAN


@attrs.frozen(kw_only=True)
class Generated:
    """A generated, valid standard with the specification of each of its facts."""

    standard: cs.Standard
    step: Decimal
    facts: Mapping[str, FactSpec]
    #: (numerator, denominator, limit in the ratio's unit, as a number of the two facts'
    #: units) for each ratio bound, so that evidence can land exactly on it
    ratio_limits: tuple[tuple[str, str, Fraction], ...] = ()
    #: a value of every fact meeting every check that reads it (and reaching the top of
    #: every band table): drawn with each fact, and each check drawn around it
    full_marks: Mapping[str, cs.FactValue] = attrs.field(factory=dict)

    @property
    def bonus(self) -> bool:
        return any(indicator.bonus for _, indicator in self.standard.indicators())


# (stem, kind, declared unit, low, high, denominators, other units, declared bounds)
_Template = tuple[str, cs.FactKind, str, int, int, tuple[int, ...], tuple[str, ...], bool]

_AMOUNTS: tuple[_Template, ...] = (
    ("residents", COUNT, "person", 0, 60, (1,), ("persons", "people", "人"), False),
    ("homes", COUNT, "household", 0, 60, (1,), ("households", "户"), False),
    ("teams", COUNT, "", 0, 40, (1,), ("dimensionless",), False),
    ("training", QUANTITY, "class_period", 0, 80, (1, 2, 4), ("学时", "课时"), True),
    ("patrol", QUANTITY, "minute", 0, 240, (1, 2, 3), ("hour", "second"), True),
    ("opening", QUANTITY, "hour", 0, 40, (1, 4, 10), ("minute", "day"), True),
    ("share", QUANTITY, "", 0, 1, (3, 4, 10, 100), ("%", "percent"), True),
    ("rate", QUANTITY, "%", 0, 100, (1, 2, 10), ("percent", "dimensionless"), True),
    ("balance", QUANTITY, "hour", -12, 12, (1, 2), ("minute",), False),
)
_RATES: tuple[_Template, ...] = (
    ("meetings", COUNT, "1/year", 0, 24, (1,), ("1/half_year", "1/quarter_year", "1/month"), False),
    ("visits", COUNT, "1/half_year", 0, 12, (1,), ("1/year", "1/quarter_year"), False),
    ("drills", QUANTITY, "1/quarter_year", 0, 6, (1, 2), ("1/year", "1/half_year"), True),
)

_WORDS = ("整洁", "安全", "服务", "议事", "文明", "绿化", "志愿", "培训", "公开", "调解")


def _text(draw: st.DrawFn, what: str) -> cs.Text:
    word = _pick(draw, _WORDS)
    choice = draw(_ints(0, 2))
    if choice == 0:
        return cs.Text(zh=word)
    if choice == 1:
        return cs.Text(en=what)
    return cs.Text(zh=word, en=what)


def _joined(first: int, second: int) -> int:
    """The direction of a fact read by two checks: kept only where they agree."""
    return first if first == second else 0


class _Facts:
    """The facts a standard under construction declares, each with its specification.

    A new check often reuses a fact declared before (of the same template, so its unit and
    range fit); the fact's direction is then kept only where both checks agree. Each fact
    gets a value when it is declared (``witness``) and every check reading it is drawn so
    that this value meets it: together they are evidence with full marks.
    """

    def __init__(self) -> None:
        self.specs: dict[str, FactSpec] = {}
        self.stems: dict[str, str] = {}
        self.witness: dict[str, cs.FactValue] = {}
        self.directed: set[str] = set()  # the facts a check has given a direction
        self.ratio_limits: list[tuple[str, str, Fraction]] = []
        self.zero_not_applicable = False  # whether a ratio may read 0 as "not applicable"
        self.unperiodic: set[str] = set()  # facts a condition reads: never counted by period

    def add(self, spec: FactSpec, kind: str) -> str:
        self.specs[spec.key] = spec
        self.stems[spec.key] = kind
        return spec.key

    def new_key(self, stem: str) -> str:
        return f"{stem}_{len(self.specs)}"

    def _reused(self, draw: st.DrawFn, kind: str) -> str | None:
        """An earlier fact of ``kind``, about one time in three when there is one."""
        earlier = [key for key, known in self.stems.items() if known == kind]
        if earlier and draw(_ints(0, 2)) == 0:
            return _pick(draw, earlier)
        return None

    def bound(self, key: str, *values: Fraction) -> None:
        """Record limits the fact is compared with (in its unit)."""
        spec = self.specs[key]
        found = tuple(sorted({*spec.boundaries, *values}))
        self.specs[key] = attrs.evolve(spec, boundaries=found)

    def direct(self, key: str, favour: int) -> None:
        """A check reading the numeric fact ``key`` favours it in direction ``favour``."""
        spec = self.specs[key]
        joined = favour if key not in self.directed else _joined(spec.favour, favour)
        self.directed.add(key)
        self.specs[key] = attrs.evolve(spec, favour=joined)

    def undirect(self, keys: Iterable[str]) -> None:
        """The facts ``keys`` favour no direction (a deduction's trigger reads them: meeting
        it costs points), whatever other checks read them."""
        for key in keys:
            self.directed.add(key)
            self.specs[key] = attrs.evolve(self.specs[key], favour=0, expected=None)

    def unperiod(self, keys: Iterable[str]) -> None:
        """The facts ``keys`` are never counted in each period (a condition or a
        deduction's trigger reads them), whatever other checks read them."""
        for key in keys:
            spec = self.specs[key]
            self.specs[key] = attrs.evolve(spec, fact=attrs.evolve(spec.fact, each_period=False))
            self.unperiodic.add(key)

    def boolean(self, draw: st.DrawFn, expected: bool | None) -> str:
        """A boolean fact for a check wanting ``expected`` (its witness), or for a condition
        (``expected`` ``None``, any witness)."""
        key = self._reused(draw, "has")
        if key is not None and expected is not None and self.witness[key] is not expected:
            key = None  # a check its witness does not meet: a new fact instead
        if key is not None:
            spec = self.specs[key]
            agreed = spec.expected if spec.expected is expected else None
            self.specs[key] = attrs.evolve(spec, expected=agreed)
            return key
        key = self.new_key("has")
        fact = cs.Fact(key=key, kind=BOOLEAN, description=_text(draw, key))
        self.witness[key] = draw(_BOOLEANS) if expected is None else expected
        return self.add(FactSpec(fact=fact, expected=expected), "has")

    def numeric(
        self, draw: st.DrawFn, template: _Template, favour: int | None = None, *, share: bool = True
    ) -> str:
        """A numeric fact of ``template``: an earlier one (if ``share``) or a new one with a
        witness drawn from its range; ``favour``, if known, is the reading check's direction."""
        stem, kind, unit, lo, hi, denominators, others, declare = template
        # the same stem, unit, kind and range: one fact may serve both checks
        same = f"{stem}:{unit}:{kind}:{lo}:{hi}:{denominators}:{declare}"
        key = self._reused(draw, same) if share else None
        if key is not None:
            if favour is not None:
                self.direct(key, favour)
            return key
        key = self.new_key(stem)
        fact = cs.Fact(
            key=key,
            kind=kind,
            unit=unit,
            description=_text(draw, key),
            minimum=Fraction(lo) if declare and kind is QUANTITY else None,
            maximum=Fraction(hi)
            if declare and kind is QUANTITY and stem in ("share", "rate")
            else None,
        )
        spec = FactSpec(
            fact=fact,
            low=Fraction(lo),
            high=Fraction(hi),
            denominators=denominators,
            alternatives=others,
        )
        self.witness[key] = _exact(_grid_value(draw, Fraction(lo), Fraction(hi), denominators))
        self.add(spec, same)
        if favour is not None:
            self.direct(key, favour)
        return key


def _grid_value(
    draw: st.DrawFn, low: Fraction, high: Fraction, denominators: Sequence[int]
) -> Fraction:
    denominator = _pick(draw, tuple(denominators))
    first = -((-low.numerator * denominator) // low.denominator)
    last = (high.numerator * denominator) // high.denominator
    return Fraction(draw(_ints(first, last)), denominator)


def _limit(draw: st.DrawFn, value: Fraction, unit: str, others: Sequence[str]) -> cs.Limit:
    """``value`` (in ``unit``) written bare, in ``unit``, or in another unit, exactly."""
    written = _pick(draw, ("", unit, *others))
    if not written:
        return cs.Limit(value=value)
    # the unit as a loaded file has it ("persons" is read as "person")
    return cs.Limit(value=value * conversion_factor(unit, written), unit=normalise_unit(written))


def _bounds(
    draw: st.DrawFn,
    low: Fraction,
    high: Fraction,
    denominators: Sequence[int],
    unit: str,
    others: Sequence[str],
    around: Fraction | None,
) -> tuple[cs.Limit | None, cs.Limit | None, int, tuple[Fraction, ...]]:
    """A minimum, a maximum or both (on the grid of ``denominators`` within ``low`` and
    ``high``, whole numbers), the direction that favours the value, and the limits'
    values in ``unit``. ``around``, if given, is a value the limits must keep."""
    below = high if around is None else min(high, around)  # the highest minimum allowed
    above = low if around is None else max(low, around)  # the lowest maximum allowed
    sides = [
        *(("minimum",) if below >= low else ()),
        *(("maximum",) if above <= high else ()),
        *(("both",) if low <= below and above <= high else ()),
    ]
    which = _pick(draw, sides)
    if which == "minimum":
        first = _grid_value(draw, low, below, denominators)
        return _limit(draw, first, unit, others), None, 1, (first,)
    if which == "maximum":
        first = _grid_value(draw, above, high, denominators)
        return None, _limit(draw, first, unit, others), -1, (first,)
    first = _grid_value(draw, low, below, denominators)
    second = _grid_value(draw, max(first, above), high, denominators)
    return _limit(draw, first, unit, others), _limit(draw, second, unit, others), 0, (first, second)


# ratios: (numerator template, denominator template, limits' range, limits' denominators)
_COUNTED: _Template = ("people", COUNT, "person", 0, 60, (1,), ("persons", "人"), False)
_HOMES_COUNTED: _Template = ("homes", COUNT, "household", 0, 60, (1,), ("households", "户"), False)
_PEOPLE_COUNTED: _Template = ("people", COUNT, "person", 0, 60, (1,), ("persons", "人"), False)
_SIGNED: _Template = ("change", QUANTITY, "hour", -12, 12, (1, 2), ("minute",), False)
_SIGNED_BASE: _Template = ("change", QUANTITY, "hour", -12, 12, (1, 2), ("minute",), False)
_RATIO_LIMITS = (1, 2, 3, 4, 10, 1000)


def _ratio(draw: st.DrawFn, facts: _Facts, label: cs.Text | None) -> cs.Check:
    """A ratio of counts (its denominator may be 0) or of signed amounts (also negative).

    A denominator that may be 0 or negative has no direction (0 turns the ratio into
    ``when_zero``, a negative one turns the comparison round); over a signed denominator
    the numerator has none either.
    """
    signed = draw(_ints(0, 3)) == 0
    if signed:
        top, bottom, low, high = _SIGNED, _SIGNED_BASE, Fraction(-2), Fraction(2)
    else:
        top, bottom = _COUNTED, _pick(draw, (_PEOPLE_COUNTED, _HOMES_COUNTED))
        low, high = Fraction(0), Fraction(2)
    same = top[2] == bottom[2]
    limit_unit = "" if same else f"{top[2]}/{bottom[2]}"
    limit_others: tuple[str, ...] = ("%",) if same else ()
    numerator = facts.numeric(draw, top)
    denominator = facts.numeric(draw, bottom, 0)
    facts.bound(denominator, Fraction(0))  # evidence lands on 0 and either side of it
    witness = Fraction(facts.witness[denominator])
    around = Fraction(facts.witness[numerator]) / witness if witness else None
    minimum, maximum, favour, values = _bounds(
        draw, low, high, _RATIO_LIMITS, limit_unit, limit_others, around
    )
    facts.direct(numerator, 0 if signed else favour)
    facts.ratio_limits.extend((numerator, denominator, value) for value in values)
    # a zero denominator of the witness must meet the check (or make it not apply)
    zero = (
        [cs.ZeroDenominator.MET]
        if not witness
        else [cs.ZeroDenominator.NOT_MET, cs.ZeroDenominator.MET]
    )
    if facts.zero_not_applicable:
        zero.append(cs.ZeroDenominator.NOT_APPLICABLE)
    return cs.RatioCheck(
        numerator=numerator,
        denominator=denominator,
        minimum=minimum,
        maximum=maximum,
        when_zero=_pick(draw, zero),
        label=label,
    )


def _leaf(draw: st.DrawFn, facts: _Facts, assessed: list[bool]) -> cs.Check:
    kinds = ["boolean", "threshold", "frequency", "ratio"]
    if not assessed:
        kinds.append("assessed")
    kind = _pick(draw, kinds)
    label = _maybe(draw, cs.Text(en=f"requires {kind}"))
    if kind == "boolean":
        expected = draw(_BOOLEANS)
        key = facts.boolean(draw, expected)
        return cs.BooleanCheck(fact=key, expected=expected, label=label)
    if kind in ("threshold", "frequency"):
        template = _pick(draw, _AMOUNTS if kind == "threshold" else _RATES)
        _, _, unit, lo, hi, denominators, others, _ = template
        key = facts.numeric(draw, template)
        minimum, maximum, favour, values = _bounds(
            draw, Fraction(lo), Fraction(hi), denominators, unit, others,
            Fraction(facts.witness[key]),
        )  # fmt: skip
        facts.direct(key, favour)
        facts.bound(key, *values)
        periodic = key not in facts.unperiodic
        if kind == "frequency" and periodic and draw(_ints(0, 2)) == 0:  # in each period
            spec = facts.specs[key]
            facts.specs[key] = attrs.evolve(spec, fact=attrs.evolve(spec.fact, each_period=True))
        if kind == "threshold":
            return cs.ThresholdCheck(fact=key, minimum=minimum, maximum=maximum, label=label)
        return cs.FrequencyCheck(fact=key, minimum=minimum, maximum=maximum, label=label)
    if kind == "ratio":
        return _ratio(draw, facts, label)
    assessed.append(True)
    return cs.AssessedCheck(label=cs.Text(zh="评估", en=f"judged {len(facts.specs)}"))


def _check(draw: st.DrawFn, facts: _Facts, assessed: list[bool], depth: int = 0) -> cs.Check:
    if depth < 2 and draw(_ints(0, 5)) == 0:
        inner = tuple(_check(draw, facts, assessed, depth + 1) for _ in range(draw(_ints(1, 3))))
        label = _maybe(draw, cs.Text(en="a group"))
        if draw(_BOOLEANS):
            return cs.AllOf(checks=inner, label=label)
        return cs.AnyOf(checks=inner, label=label)
    return _leaf(draw, facts, assessed)


def _trigger(draw: st.DrawFn, facts: _Facts) -> cs.Check:
    """A deduction's trigger: a check of facts (none assessed, no ratio whose zero
    denominator makes it not apply); the facts it reads favour no direction."""
    applies, facts.zero_not_applicable = facts.zero_not_applicable, False
    trigger = _check(draw, facts, [True])
    facts.zero_not_applicable = applies
    facts.undirect(check_facts(trigger))
    facts.unperiod(check_facts(trigger))
    return trigger


def _points(draw: st.DrawFn, step: Decimal, low: int = 0, high: int = 30) -> Decimal:
    return step * draw(_ints(low, high))


def _indicator(
    draw: st.DrawFn,
    facts: _Facts,
    *,
    index: int,
    step: Decimal,
    policy: cs.NotApplicablePolicy,
    bonus_allowed: bool,
    departments: Sequence[str],
    plain: bool,
    triggers: bool = True,
) -> cs.Indicator:
    role = cs.Role.SCORED if plain else _pick(draw, list(cs.Role))
    bonus = (
        not plain and role is not cs.Role.PREREQUISITE and bonus_allowed and draw(_ints(0, 6)) == 0
    )
    if plain:
        points = _points(draw, step, low=1)
    elif role is cs.Role.PREREQUISITE and draw(_BOOLEANS):
        points = Decimal(0)
    else:
        points = _points(draw, step)
    award = cs.Award.ALL if plain else _pick(draw, list(cs.Award))
    facts.zero_not_applicable = policy is not cs.NotApplicablePolicy.FORBIDDEN and not plain
    bands = None
    if award is cs.Award.BANDS:
        bands = _band_table(draw, facts, points, step) if points else None
        if bands is None:
            award = cs.Award.ALL
    assessed: list[bool] = []
    smallest = 0 if award is cs.Award.DEDUCTION else 1
    count = 0 if bands is not None else draw(_ints(smallest, 4))
    checks = tuple(_check(draw, facts, assessed) for _ in range(count))
    deductions: tuple[cs.Deduction, ...] = ()
    deduction_limit: Decimal | None = None
    if award is cs.Award.DEDUCTION:
        found = []
        for d in range(draw(_ints(1, 2))):
            unit = _pick(draw, ("", "1/year"))
            template = (
                "incidents",
                COUNT,
                unit,
                0,
                8,
                (1,),
                ("1/half_year",) if unit else (),
                False,
            )
            off: Decimal | cs.PointsRange = _points(draw, step, low=1, high=6)
            ranged = draw(_ints(0, 2)) == 0  # a range left to the assessor
            if ranged:
                low = _points(draw, step, low=0, high=4)
                high = low + _points(draw, step, low=0, high=6)
                off = cs.PointsRange(minimum=low, maximum=high or step)
            name = f"d{d}" if ranged or draw(_ints(0, 3)) == 0 else None
            if triggers and draw(_ints(0, 2)) == 0:  # a finding that costs points once
                trigger = _trigger(draw, facts)
                label = _maybe(draw, cs.Text(en="a finding"))
                found.append(cs.Deduction(when=trigger, points=off, label=label, id=name))
                continue
            key = facts.numeric(draw, template, -1)
            facts.witness[key] = 0  # full marks: nothing to deduct
            limit = _maybe(draw, step * draw(_ints(0, 12)))
            if isinstance(off, cs.PointsRange) and limit is not None:
                limit = max(limit, off.minimum)  # a limit the range can reach
            found.append(cs.Deduction(fact=key, points=off, limit=limit, id=name))
        deductions = tuple(found)
        deduction_limit = _maybe(draw, step * draw(_ints(0, 12)))
    not_applicable: bool | None = None
    when: cs.Condition | cs.Check | None = None
    if policy is not cs.NotApplicablePolicy.FORBIDDEN and not plain:
        not_applicable = _pick(draw, (None, True, False))
        # a condition on an indicator that always applies is a contradiction the
        # validator refuses
        if not_applicable is not False and draw(_ints(0, 3)) == 0:
            if draw(_BOOLEANS):
                when = cs.Condition(fact=facts.boolean(draw, None), equals=draw(_BOOLEANS))
            else:  # any check over facts (no assessed one)
                when = _check(draw, facts, [True], depth=1)
                facts.unperiod(check_facts(when))  # a condition reads no fact by period
                for key in check_facts(when):  # no way of these is "better": it may not apply
                    facts.specs[key] = attrs.evolve(facts.specs[key], favour=0, expected=None)
    partial = _pick(draw, (None, Decimal(0), Decimal("0.25"), Decimal("0.5"), Decimal(1)))
    point_values: tuple[Decimal, ...] = ()
    whole = False
    if assessed and award is cs.Award.ALL and points and draw(_ints(0, 2)) == 0:
        point_values, whole, partial = _granularity(draw, points, step)
    chosen = [department for department in departments if draw(_BOOLEANS)]
    return cs.Indicator(
        id=f"i{index}",
        number=str(index + 1),
        text=_text(draw, f"indicator {index + 1}"),
        points=points,
        checks=checks,
        award=award,
        role=role,
        bonus=bonus,
        partial_credit=partial,
        deductions=deductions,
        deduction_limit=deduction_limit,
        bands=bands,
        point_values=point_values,
        whole_points=whole,
        not_applicable=not_applicable,
        not_applicable_when=when,
        departments=tuple(chosen),
        note=_maybe(draw, cs.Text(en="a note")),
    )


def _band_table(
    draw: st.DrawFn, facts: _Facts, points: Decimal, step: Decimal
) -> cs.BandTable | None:
    """A valid band table over a new fact or ratio: steps harder to reach one after the
    other, each worth more; ``None`` when ``points`` has too few steps of the grid."""
    worths = int(points / step)
    count = min(draw(_ints(1, 4)), worths)
    deduct = draw(_BOOLEANS)
    lower = draw(_BOOLEANS)  # bounds from below: higher values reach further
    reach = 1 if lower else -1
    favour = -reach if deduct else reach  # a deduction reached is worse
    ratio = draw(_ints(0, 2)) == 0
    denominators: tuple[int, ...]
    others: tuple[str, ...]
    if ratio:
        top: _Template = ("people", COUNT, "person", 0, 60, (1,), ("persons", "人"), False)
        bottom: _Template = ("base", COUNT, "person", 0, 60, (1,), ("persons",), False)
        low, high, denominators = Fraction(0), Fraction(2), (1, 2, 3, 4, 10, 100)
        unit, others = "", ("%",)
    else:
        template = _pick(draw, _AMOUNTS)
        _, _, unit, lo, hi, denominators, others, _ = template
        low, high = Fraction(lo), Fraction(hi)
    limits = sorted({_grid_value(draw, low, high, denominators) for _ in range(count)})
    k = len(limits)
    if deduct:
        drawn = st.lists(_ints(1, worths), min_size=k, max_size=k, unique=True)
        chosen = sorted(draw(drawn))
    else:
        drawn = st.lists(_ints(1, worths - 1), min_size=k - 1, max_size=k - 1, unique=True)
        chosen = [*sorted(draw(drawn)), worths] if k > 1 else [worths]
    if not lower:
        limits.reverse()
    steps = []
    for value, worth in zip(limits, chosen, strict=True):
        strict = draw(_BOOLEANS)
        # at the ends of the values a fact takes, the side that keeps full marks reachable
        if value == low:
            strict = deduct if lower else strict and deduct
        elif value == high:
            strict = strict and deduct if lower else deduct
        side = (
            ("more_than" if strict else "minimum")
            if lower
            else ("less_than" if strict else "maximum")
        )
        steps.append(cs.BandStep(points=step * worth, **{side: _limit(draw, value, unit, others)}))
    effect = cs.BandEffect.DEDUCT if deduct else cs.BandEffect.POINTS
    # new facts, their witness the table's full marks (later checks may share them)
    if ratio:
        numerator = facts.numeric(draw, top, favour, share=False)
        denominator = facts.numeric(draw, bottom, 0, share=False)
        facts.bound(denominator, Fraction(0))
        zero = [cs.ZeroDenominator.NOT_MET, cs.ZeroDenominator.MET]
        if facts.zero_not_applicable:
            zero.append(cs.ZeroDenominator.NOT_APPLICABLE)
        table = cs.BandTable(
            steps=tuple(steps),
            numerator=numerator,
            denominator=denominator,
            effect=effect,
            when_zero=_pick(draw, zero),
        )
    else:
        table = cs.BandTable(
            steps=tuple(steps),
            fact=facts.numeric(draw, template, favour, share=False),
            effect=effect,
        )
    declared = {key: spec.fact for key, spec in facts.specs.items()}
    full = _full_band_values(table, points, declared)
    assert full, table  # the ends of the values keep full marks reachable
    facts.witness.update(full)
    return table


def _granularity(
    draw: st.DrawFn, points: Decimal, step: Decimal
) -> tuple[tuple[Decimal, ...], bool, Decimal]:
    """Allowed points of an assessed indicator (values on the step's grid, or whole points,
    or both) and a partial credit whose points they allow."""
    whole = points == points.to_integral_value() and draw(_BOOLEANS)
    unit = Decimal(1) if whole else step
    grid = [unit * k for k in range(1, int(points / unit) + 1)]
    values: tuple[Decimal, ...] = ()
    if not whole or draw(_BOOLEANS):
        extra = {value for value in grid if draw(_ints(0, 3)) == 0}
        values = tuple(sorted({*extra, points}))
    # a share written as a decimal: partly / points must be one exactly
    allowed = [
        value
        for value in (Decimal(0), *(values or grid))
        if _decimal_share(Fraction(value) / Fraction(points))
    ]
    partly = Fraction(_pick(draw, tuple(allowed))) / Fraction(points)
    return values, whole, Decimal(partly.numerator) / Decimal(partly.denominator)


def _decimal_share(share: Fraction) -> bool:
    d = share.denominator
    for prime in (2, 5):
        while d % prime == 0:
            d //= prime
    return d == 1


def _split(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    """``total`` as ``parts`` non-negative whole numbers adding up to it exactly."""
    cuts = sorted(draw(_ints(0, total)) for _ in range(parts - 1))
    edges = [0, *cuts, total]
    return [edges[i + 1] - edges[i] for i in range(parts)]


def _groups(
    draw: st.DrawFn, indicators: Sequence[cs.Indicator], c: int, step: Decimal
) -> tuple[tuple[cs.Group, ...], Decimal | None]:
    """Groups over some of a category's indicators (alternatives, N of M, caps), and
    perhaps a cap on the category. The first category's first indicator is left out of
    them, so that every standard has points to score."""
    free = list(indicators[1:] if c == 0 else indicators)
    groups = []
    for g in range(draw(_ints(0, 2))):
        if not free:
            break
        members = [i for i in free if draw(_BOOLEANS)] or [free[0]]
        free = [i for i in free if i not in members]
        ids = [i.id for i in members]
        as_paths = len(ids) > 1 and draw(_BOOLEANS)
        paths: tuple[tuple[str, ...], ...] = ()
        if as_paths:
            cuts = sorted({draw(_ints(1, len(ids) - 1)) for _ in range(draw(_ints(1, 2)))})
            edges = [0, *cuts, len(ids)]
            paths = tuple(tuple(ids[a:b]) for a, b in itertools.pairwise(edges))
        count = len(paths) if as_paths else len(ids)
        choose = _maybe(draw, draw(_ints(1, count)))
        cap = _maybe(draw, step * draw(_ints(0, 12)))
        if choose is None and cap is None:
            choose = 1
        groups.append(
            cs.Group(
                id=f"g{c}-{g}",
                title=_maybe(draw, cs.Text(en=f"group {g}", zh=f"第 {g} 组")),
                indicators=() if as_paths else tuple(ids),
                paths=paths,
                choose=choose,
                cap=cap,
            )
        )
    cap = step * draw(_ints(0, 40)) if c and draw(_ints(0, 4)) == 0 else None
    return tuple(groups), cap


def _effect(
    draw: st.DrawFn, indicator: cs.Indicator, tiers: Sequence[cs.Tier], step: Decimal
) -> cs.Indicator:
    """What a failed prerequisite or veto item does: deny (mostly), cap the total, lower
    the tier or cap it at a named tier."""
    if indicator.role is cs.Role.SCORED or draw(_ints(0, 2)) == 0:
        return indicator
    choices = [cs.FailEffect.CAP_TOTAL]
    if tiers:
        choices += [cs.FailEffect.LOWER_TIER, cs.FailEffect.CAP_TIER]
    effect = _pick(draw, choices)
    if effect is cs.FailEffect.CAP_TOTAL:
        return attrs.evolve(indicator, when_failed=effect, failed_cap=step * draw(_ints(0, 40)))
    if effect is cs.FailEffect.CAP_TIER:
        return attrs.evolve(indicator, when_failed=effect, failed_tier=_pick(draw, tiers).id)
    return attrs.evolve(indicator, when_failed=effect)


def _sections(
    draw: st.DrawFn, categories: list[cs.Category]
) -> tuple[list[cs.Category], tuple[cs.Section, ...]]:
    """Perhaps one section of some counted categories: the section weighs what they
    weighed together, and their weights become per cent of it (adding up to 100)."""
    members = [c for c, category in enumerate(categories) if not category.bonus]
    if not members or draw(_ints(0, 2)) == 0:
        return categories, ()
    chosen = draw(st.lists(st.sampled_from(members), unique=True, min_size=1, max_size=3))
    weight = sum((categories[c].weight or Decimal(0) for c in chosen), Decimal(0))
    shares = iter(_split(draw, 100, len(chosen)))
    for c in sorted(chosen):
        categories[c] = attrs.evolve(categories[c], weight=Decimal(next(shares)), section="sec")
    section = cs.Section(id="sec", title=cs.Text(en="A section"), weight=weight)
    return categories, (section,)


def nested_weights(
    categories: Sequence[cs.Category], sections: Sequence[cs.Section], counts: Sequence[bool]
) -> list[Fraction]:
    """Each category's weight in the total, as the docs state nested weights: a category
    without points to earn (or a bonus one) weighs 0; outside a section its own weight; in
    one, the section's weight shared among its categories with points by their weights."""
    of = {section.id: Fraction(section.weight) for section in sections}
    shared: dict[str, Fraction] = {}
    for category, yes in zip(categories, counts, strict=True):
        if yes and not category.bonus and category.section is not None:
            shared[category.section] = shared.get(category.section, Fraction(0)) + Fraction(
                category.weight or 0
            )
    found = []
    for category, yes in zip(categories, counts, strict=True):
        weight = Fraction(category.weight or 0)
        if not yes or category.bonus:
            found.append(Fraction(0))
        elif category.section is None:
            found.append(weight)
        else:
            part = shared[category.section]
            found.append(of[category.section] * weight / part if part else Fraction(0))
    return found


def _pool_deductions(
    draw: st.DrawFn, facts: _Facts, step: Decimal, triggers: bool
) -> tuple[cs.Deduction, ...]:
    found = []
    for d in range(draw(_ints(1, 2))):
        each: Decimal | cs.PointsRange = _points(draw, step, low=1, high=6)
        ranged = draw(_ints(0, 2)) == 0  # a range left to the assessor (扣 5–10 分)
        if ranged:
            low = _points(draw, step, low=0, high=4)
            high = low + _points(draw, step, low=0, high=6)
            each = cs.PointsRange(minimum=low, maximum=high or step)
        name = f"p{d}" if ranged else None
        if triggers and draw(_ints(0, 2)) == 0:  # a finding that costs points once
            found.append(cs.Deduction(when=_trigger(draw, facts), points=each, id=name))
            continue
        template = ("incidents", COUNT, "", 0, 8, (1,), (), False)
        key = facts.numeric(draw, template, -1)
        facts.witness[key] = 0  # full marks: nothing to deduct
        limit = _maybe(draw, step * draw(_ints(0, 12)))
        if isinstance(each, cs.PointsRange) and limit is not None:
            limit = max(limit, each.minimum)  # a limit the range can reach
        found.append(cs.Deduction(fact=key, points=each, limit=limit, id=name))
    return tuple(found)


def _floor(draw: st.DrawFn, step: Decimal, points: Decimal) -> Decimal:
    """A floor from 0 to ``points``, often 0."""
    return min(points, step * draw(_ints(0, 3)))


def _pools(
    draw: st.DrawFn,
    categories: list[cs.Category],
    facts: _Facts,
    step: Decimal,
    triggers: bool,
    total_points: Decimal,
) -> tuple[list[cs.Category], dict[str, Any]]:
    """Perhaps a deduction pool on some categories (taken off what they count, down to a
    floor) and deductions from the total (倒扣, down to a floor)."""
    out = []
    for category in categories:
        if not category.bonus and draw(_ints(0, 4)) == 0:
            category = attrs.evolve(  # noqa: PLW2901
                category,
                deductions=_pool_deductions(draw, facts, step, triggers),
                deduction_limit=_maybe(draw, step * draw(_ints(0, 12))),
                floor=_floor(draw, step, category.points),
            )
        out.append(category)
    total: dict[str, Any] = {}
    if draw(_ints(0, 4)) == 0:
        total = {
            "deductions": _pool_deductions(draw, facts, step, triggers),
            "deduction_limit": _maybe(draw, step * draw(_ints(0, 12))),
            "floor": _floor(draw, step, total_points),
        }
    return out, total


def _references(draw: st.DrawFn, categories: list[cs.Category], step: Decimal) -> list[cs.Category]:
    """Some indicators also read an earlier indicator's result (met, or at least some
    points of it): no circle, since only earlier ones are read."""
    if draw(_ints(0, 2)) == 0:
        return categories
    seen: list[cs.Indicator] = []
    out = []
    for category in categories:
        indicators = []
        for drawn in category.indicators:
            indicator = drawn
            takes = indicator.checks and indicator.bands is None and indicator.award in (
                cs.Award.ALL, cs.Award.PROPORTIONAL, cs.Award.DEDUCTION,
            )  # fmt: skip
            if seen and takes and draw(_ints(0, 3)) == 0:
                target = _pick(draw, seen)
                units = int(target.points / step)
                points = step * draw(_ints(1, units)) if units and draw(st.booleans()) else None
                label = _maybe(draw, cs.Text(en=f"earns {target.id}"))
                read = cs.ResultCheck(indicator=target.id, points=points, label=label)
                indicator = attrs.evolve(indicator, checks=(*indicator.checks, read))
            seen.append(indicator)
            indicators.append(indicator)
        out.append(attrs.evolve(category, indicators=tuple(indicators)))
    return out


def _tier_requirements(
    draw: st.DrawFn, categories: list[cs.Category], tiers: tuple[cs.Tier, ...]
) -> tuple[list[cs.Category], tuple[cs.Tier, ...]]:
    """Minimum standards on some tiers: shares of counted categories (0, a quarter, half,
    all), and starred items that must score above 0 (some indicators starred)."""
    if not tiers or draw(_ints(0, 2)) == 0:
        return categories, tiers
    starred = draw(st.booleans())
    if starred:
        categories = [
            attrs.evolve(
                category,
                indicators=tuple(
                    attrs.evolve(indicator, starred=draw(st.booleans()))
                    for indicator in category.indicators
                ),
            )
            for category in categories
        ]
    any_starred = any(i.starred for c in categories for i in c.indicators)
    counted = [c.id for c in categories if not c.bonus]
    shares = (Decimal(0), Decimal("0.25"), Decimal("0.5"), Decimal(1))
    ruled = []
    for tier in tiers:
        names = draw(st.lists(st.sampled_from(counted), unique=True, max_size=2)) if counted else []
        ruled.append(
            attrs.evolve(
                tier,
                shares=tuple(
                    cs.TierShare(category=name, minimum=_pick(draw, shares)) for name in names
                ),
                starred_above_zero=any_starred and draw(st.booleans()),
            )
        )
    return categories, tuple(ruled)


def counted_most(category: cs.Category, *, bonus: bool) -> Decimal:
    """The most ``category`` counts with every indicator met, as the format's reference
    states it: a group adds its paths, keeps the ``choose`` best, at most ``cap``; the
    category adds its groups and other indicators, at most its ``cap``."""

    def points(indicator: cs.Indicator) -> Decimal:
        counts = bonus or not (indicator.bonus or category.bonus)
        return indicator.points if counts else Decimal(0)

    by_id = {indicator.id: indicator for indicator in category.indicators}
    grouped: set[str] = set()
    total = Decimal(0)
    for group in category.groups:
        paths = group.paths or tuple((i,) for i in group.indicators)
        sums = sorted(
            (sum((points(by_id[i]) for i in path), Decimal(0)) for path in paths), reverse=True
        )
        grouped.update(i for path in paths for i in path)
        kept = sum(sums[: group.choose] if group.choose is not None else sums, Decimal(0))
        total += kept if group.cap is None else min(kept, group.cap)
    total += sum((points(i) for i in category.indicators if i.id not in grouped), Decimal(0))
    return total if category.cap is None else min(total, category.cap)


@st.composite
def standards(
    draw: st.DrawFn,
    *,
    steps: Sequence[Decimal] = STEPS,
    aggregations: Sequence[cs.Aggregation] = tuple(cs.Aggregation),
    policies: Sequence[cs.NotApplicablePolicy] = tuple(cs.NotApplicablePolicy),
    bonus: bool = True,
    groups: bool = True,
    effects: bool = True,
    references: bool = True,
    triggers: bool = True,
    max_categories: int = 6,
    max_indicators: int = 8,
) -> Generated:
    """A whole valid standard (it passes :func:`validate_standard`)."""
    step = _pick(draw, tuple(steps))
    aggregation = _pick(draw, tuple(aggregations))
    policy = _pick(draw, tuple(policies))
    departments = tuple(f"dept-{n}" for n in range(draw(_ints(0, 2))))
    facts = _Facts()
    categories = []
    index = 0
    for c in range(draw(_ints(1, max_categories))):
        indicators = []
        for n in range(draw(_ints(1, max_indicators))):
            indicators.append(
                _indicator(
                    draw,
                    facts,
                    index=index,
                    step=step,
                    policy=policy,
                    bonus_allowed=bonus,
                    departments=departments,
                    plain=c == 0 and n == 0,
                    triggers=triggers,
                )
            )
            index += 1
        drawn, cap = _groups(draw, indicators, c, step) if groups else ((), None)
        # a bonus category (points above the total): no prerequisites in it
        above = bonus and c > 0 and draw(_ints(0, 4)) == 0
        if above:
            indicators = [
                attrs.evolve(i, role=cs.Role.SCORED) if i.role is cs.Role.PREREQUISITE else i
                for i in indicators
            ]
        category = cs.Category(
            id=f"c{c}",
            title=_text(draw, f"category {c}"),
            points=Decimal(0),
            indicators=tuple(indicators),
            groups=drawn,
            cap=cap,
            bonus=above,
        )
        categories.append(attrs.evolve(category, points=counted_most(category, bonus=above)))
    total = sum((category.points for category in categories if not category.bonus), Decimal(0))
    units = int(total / step)
    if aggregation is cs.Aggregation.WEIGHTED:
        counted_categories = [category for category in categories if not category.bonus]
        weights = iter(_split(draw, units, len(counted_categories)))
        categories = [
            category if category.bonus else attrs.evolve(category, weight=step * next(weights))
            for category in categories
        ]
        categories, sections = _sections(draw, categories)
    else:
        sections = ()
    bonus_units = int(
        sum(
            (counted_most(c, bonus=True) - counted_most(c, bonus=False) for c in categories),
            Decimal(0),
        )
        / step
    )
    ceiling = units + bonus_units
    if aggregation is cs.Aggregation.WEIGHTED:
        # the most a weighted total can reach: each category's weight times the share it
        # can earn (bonus included), the weights of categories without points left out
        reached = Fraction(0)
        added = sum((Fraction(c.points) for c in categories if c.bonus), Fraction(0))
        weights_in = nested_weights(categories, sections, [bool(c.points) for c in categories])
        for category, weight in zip(categories, weights_in, strict=True):
            if category.points and not category.bonus:
                best = Fraction(counted_most(category, bonus=True))
                reached += weight * best / Fraction(category.points)
        counted = sum(weights_in, Fraction(0))
        most = reached * Fraction(total) / counted if counted else Fraction(0)
        ceiling = int((most + added) / Fraction(step))
    pass_mark = step * draw(_ints(0, ceiling))
    minima = sorted({draw(_ints(0, ceiling)) for _ in range(draw(_ints(0, 3)))})
    tiers = tuple(
        cs.Tier(id=f"tier-{n}", title=cs.Text(en=f"Tier {n}"), minimum=step * minimum)
        for n, minimum in enumerate(minima)
    )
    if effects:
        categories = [
            attrs.evolve(
                category,
                indicators=tuple(
                    _effect(draw, indicator, tiers, step) for indicator in category.indicators
                ),
            )
            for category in categories
        ]
    if effects:
        categories, tiers = _tier_requirements(draw, categories, tiers)
    if references:
        categories = _references(draw, categories, step)
    pools: dict[str, Any] = {}
    if effects:
        categories, pools = _pools(draw, categories, facts, step, triggers, total)
    declared = [spec.fact for spec in facts.specs.values()]
    standard = cs.Standard(
        id=_pick(draw, ("generated", "gen.std", "gen_2024-1")),
        version=_pick(draw, ("1", "2024", "1.0.2")),
        title=_text(draw, "a generated standard"),
        total_points=total,
        pass_mark=pass_mark,
        categories=tuple(categories),
        facts=tuple(declared),
        status=_pick(draw, list(cs.Status)),
        supersedes=_maybe(draw, "generated@0"),
        issuer=_maybe(draw, cs.Text(zh="民政局", en="Civil Affairs Bureau")),
        document_number=_maybe(draw, "〔2024〕1号"),
        issued=_maybe(draw, _day(draw, datetime.date(2000, 1, 1))),
        aggregation=aggregation,
        not_applicable=policy,
        partial_credit=_pick(draw, (Decimal("0.5"), Decimal(0), Decimal("0.25"), Decimal(1))),
        tiers=tiers,
        sections=sections,
        **pools,
        departments=tuple(cs.Department(id=d, name=cs.Text(en=d)) for d in departments),
    )
    cs.validate_standard(standard, "<generated>")
    return Generated(
        standard=standard,
        step=step,
        facts=dict(facts.specs),
        ratio_limits=tuple(facts.ratio_limits),
        full_marks=dict(facts.witness),
    )


def fact_value(spec: FactSpec) -> st.SearchStrategy[bool | int | Fraction]:
    """A value of the fact in its declared unit (an ``int`` when whole)."""

    @st.composite
    def values(draw: st.DrawFn) -> bool | int | Fraction:
        return _value(draw, spec)

    return values()


def _value(draw: st.DrawFn, spec: FactSpec) -> bool | int | Fraction:
    if spec.boolean:
        return draw(_BOOLEANS)
    assert spec.low is not None
    assert spec.high is not None
    if spec.boundaries and draw(_ints(0, 2)) == 0:
        # on a limit, or one grid step either side of it (within the fact's range)
        grid = Fraction(1, max(spec.denominators))
        value = _pick(draw, spec.boundaries) + grid * draw(_ints(-1, 1))
        value = min(max(value, spec.low), spec.high)
    else:
        value = _grid_value(draw, spec.low, spec.high, spec.denominators)
    return _exact(value)


def _exact(value: Fraction) -> int | Fraction:
    return value.numerator if value.denominator == 1 else value


def _on_ratio_limits(draw: st.DrawFn, generated: Generated, facts: dict[str, cs.FactValue]) -> None:
    """Move some ratios' numerators onto a limit (times the denominator given), or one
    grid step either side, where that value is one the numerator can take."""
    for numerator, denominator, limit in generated.ratio_limits:
        if numerator not in facts or denominator not in facts or draw(_ints(0, 3)):
            continue
        spec = generated.facts[numerator]
        assert spec.low is not None
        assert spec.high is not None
        grid = Fraction(1, max(spec.denominators))
        value = limit * Fraction(facts[denominator]) + grid * draw(_ints(-1, 1))
        if spec.low <= value <= spec.high and (value / grid).denominator == 1:
            facts[numerator] = _exact(value)


def judged_indicators(standard: cs.Standard) -> list[cs.Indicator]:
    """The indicators with an assessed check (those a judgement may be given for)."""

    def has(check: cs.Check) -> bool:
        if isinstance(check, cs.AssessedCheck):
            return True
        if isinstance(check, cs.AllOf | cs.AnyOf):
            return any(has(inner) for inner in check.checks)
        return False

    return [
        indicator for _, indicator in standard.indicators() if any(has(c) for c in indicator.checks)
    ]


def gates(standard: cs.Standard) -> set[str]:
    """Ids of the prerequisite and veto indicators that deny the rating when failed."""
    return {
        i.id
        for _, i in standard.indicators()
        if i.role is not cs.Role.SCORED and i.when_failed is cs.FailEffect.DENY
    }


def _judgement(draw: st.DrawFn, indicator: cs.Indicator, step: Decimal) -> cs.Judgement:
    note = _pick(draw, (None, "看过现场", "seen on site", "见记录 | see records"))
    if draw(_ints(0, 3)) == 0:
        most = int(indicator.points / step)
        given = step * draw(_ints(0, most))
        if not points_allowed(indicator, Fraction(given)):
            given = _pick(draw, (Decimal(0), indicator.points))  # always allowed
        return cs.Judgement(points=given, note=note)
    return cs.Judgement(result=_pick(draw, list(cs.JudgementResult)), note=note)


_NAME = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs", "Pd", "Po"]),
    min_size=1,
    max_size=12,
)


@st.composite
def evidence_for(
    draw: st.DrawFn,
    generated: Generated,
    *,
    complete: bool | None = None,
    not_applicable: bool = True,
) -> cs.Evidence:
    """Evidence for the generated standard: facts for some or all, judgements, N/A claims.

    ``complete``: every fact and judgement given (True), some (False), either (None).
    """
    standard = generated.standard
    everything = draw(_BOOLEANS) if complete is None else complete
    facts: dict[str, cs.FactValue] = {}
    periods: dict[str, cs.PeriodValues] = {}
    for key, spec in generated.facts.items():
        if everything or draw(_ints(0, 4)) > 0:
            facts[key] = _value(draw, spec)
            if spec.fact.each_period and draw(_ints(0, 2)) == 0:
                periods[key] = _period_values(draw, spec)
                del facts[key]
    _on_ratio_limits(draw, generated, facts)
    judgements = {}
    for indicator in judged_indicators(standard):
        if everything or draw(_BOOLEANS):
            judgements[indicator.id] = _judgement(draw, indicator, generated.step)
    amounts = _amounts(draw, standard, facts, generated.step, everything)
    claims = {}
    if not_applicable and standard.not_applicable is not cs.NotApplicablePolicy.FORBIDDEN:
        for _, indicator in standard.indicators():
            # a prerequisite or veto item may be claimed only where the standard says so
            claimable = (
                indicator.not_applicable is True
                if indicator.role is not cs.Role.SCORED
                else indicator.not_applicable is not False
            )
            if claimable and draw(_ints(0, 5)) == 0:
                claims[indicator.id] = _pick(draw, ("无此设施", "no such facility", "n/a"))
    community = cs.Community(
        id=_pick(draw, ("c1", "hx-liuxi", "社区-7")),
        name=draw(_NAME),
        name_en=_maybe(draw, "Test Community"),
        district=_maybe(draw, "河西区"),
        street=_maybe(draw, "示例街道"),
        assessed_on=_maybe(draw, _day(draw, datetime.date(2017, 1, 1))),
        assessor=_maybe(draw, "评估组"),
    )
    return cs.Evidence(
        community=community,
        standard=_maybe(draw, standard.ref),
        facts=facts,
        judgements=judgements,
        not_applicable=claims,
        periods=periods,
        deductions=amounts,
    )


def _amounts(
    draw: st.DrawFn,
    standard: cs.Standard,
    facts: Mapping[str, cs.FactValue],
    step: Decimal,
    everything: bool,
) -> dict[str, dict[str, Fraction]]:
    """The assessor's amounts of the ranged deductions, as a reader accepts them: for
    incidents counted, from count × minimum to count × maximum (the bounds often), for a
    trigger within the range; every one with ``everything``, else some left out."""
    found: dict[str, dict[str, Fraction]] = {}
    owners = [(indicator.id, indicator.deductions) for _, indicator in standard.indicators()]
    owners += [(category.id, category.deductions) for category in standard.categories]
    owners.append(("total", standard.deductions))  # the pools' keys in the evidence
    for owner, deductions in owners:
        for deduction in deductions:
            points = deduction.points
            if not isinstance(points, cs.PointsRange) or deduction.id is None:
                continue
            times = 1 if deduction.when is not None else facts.get(deduction.fact)
            if not everything and draw(_ints(0, 3)) == 0:
                continue  # left out: not assessed where it applies
            if times is None or isinstance(times, bool):
                continue  # its count not given: scoring cannot read it
            low, high = Fraction(points.minimum) * times, Fraction(points.maximum) * times
            grid = Fraction(step)
            steps = int((high - low) / grid)
            chosen = _pick(draw, (low, high, low + grid * draw(_ints(0, steps))))
            found.setdefault(owner, {})[deduction.id] = min(chosen, high)
    return found


def _period_values(draw: st.DrawFn, spec: FactSpec) -> cs.PeriodValues:
    """A fact counted in each period given period by period, or as a rate over the year."""
    from community_standards.units.convert import period_of

    per_year = period_of(spec.fact.unit)[1]
    if per_year == 1 or draw(_BOOLEANS):  # a rate per year is its own periods' rate
        counts = tuple(_value(draw, spec) for _ in range(per_year))
        return cs.PeriodValues(counts=tuple(c for c in counts if not isinstance(c, bool)))
    total = draw(_ints(0, 24))
    return cs.PeriodValues(average=Fraction(total, per_year), given=f"{total} / year")


def standards_and_evidence(**options: Any) -> st.SearchStrategy[tuple[Generated, cs.Evidence]]:
    """A generated standard with evidence for it (``options`` go to :func:`standards`)."""
    return standards(**options).flatmap(lambda g: st.tuples(st.just(g), evidence_for(g)))


def amount(value: bool | int | Fraction, declared: str, unit: str | None) -> Any:
    """A fact's value (in its ``declared`` unit) as written in a document, in ``unit``.

    ``None`` writes a bare number (meaning the declared unit); a unit ``1/x`` is written
    the way people write rates, ``"3 / x"``.
    """
    if isinstance(value, bool):
        return value
    if unit is None:
        exact = Fraction(value)
        if exact.denominator == 1:
            return exact.numerator
        text = format_number(exact)
        return text if "/" in text else Decimal(text)
    converted = format_number(Fraction(value) * conversion_factor(declared, unit))
    if unit.startswith("1/"):
        return f"{converted} / {unit[2:]}"
    return f"{converted} {unit}".strip()


def unit_choices(
    generated: Generated, evidence: cs.Evidence
) -> st.SearchStrategy[dict[str, str | None]]:
    """For each numeric fact the evidence gives, the unit to write it in (None: bare)."""
    keys = [key for key in evidence.facts if not generated.facts[key].boolean]

    def written(spec: FactSpec) -> tuple[str | None, ...]:
        others = spec.alternatives
        if spec.fact.each_period:  # a rate over another span is no count of each period
            others = tuple(u for u in others if conversion_factor(u, spec.fact.unit) == 1)
        return (None, *([spec.unit] if spec.unit else []), *others)

    options = {key: st.sampled_from(written(generated.facts[key])) for key in keys}
    return st.fixed_dictionaries(options)


def evidence_document(
    generated: Generated,
    evidence: cs.Evidence,
    units: Mapping[str, str | None] | None = None,
    order: Sequence[str] | None = None,
) -> dict[str, Any]:
    """``evidence`` as a document, facts in ``units`` (default: bare) and in ``order``."""
    units = units or {}
    keys = list(order) if order is not None else list(evidence.facts)
    facts = {
        key: amount(evidence.facts[key], generated.facts[key].unit, units.get(key)) for key in keys
    }
    for key, given in evidence.periods.items():  # counted in each period, as given
        unit = generated.facts[key].unit
        facts[key] = [amount(c, unit, None) for c in given.counts] if given.counts else given.given
    community = {
        name: value for name, value in attrs.asdict(evidence.community).items() if value is not None
    }
    document: dict[str, Any] = {}
    if evidence.standard is not None:
        document["standard"] = evidence.standard
    document["community"] = community
    document["facts"] = facts
    judgements: dict[str, Any] = {}
    for key, judgement in evidence.judgements.items():
        entry: dict[str, Any] = {}
        if judgement.result is not None:
            entry["result"] = judgement.result.value
        if judgement.points is not None:
            entry["points"] = judgement.points
        if judgement.note is not None:
            entry["note"] = judgement.note
        judgements[key] = entry
    if judgements:
        document["judgements"] = judgements
    if evidence.not_applicable:
        document["not_applicable"] = dict(evidence.not_applicable)
    if evidence.deductions:
        document["deductions"] = {
            key: {name: amount(value, "", None) for name, value in given.items()}
            for key, given in evidence.deductions.items()
        }
    return document


def evidence_toml(
    generated: Generated,
    evidence: cs.Evidence,
    units: Mapping[str, str | None] | None = None,
    order: Sequence[str] | None = None,
) -> str:
    """``evidence`` as TOML text (see :func:`evidence_document`)."""
    return tomli_w.dumps(evidence_document(generated, evidence, units, order))


def raise_judgement(
    judgement: cs.Judgement, indicator: cs.Indicator, step: Decimal
) -> cs.Judgement | None:
    """A judgement at least as good (not_met → partly_met → met, or more points), or None."""
    if judgement.result is cs.JudgementResult.NOT_MET:
        return attrs.evolve(judgement, result=cs.JudgementResult.PARTLY_MET)
    if judgement.result is cs.JudgementResult.PARTLY_MET:
        return attrs.evolve(judgement, result=cs.JudgementResult.MET)
    if judgement.points is not None and judgement.points + step <= indicator.points:
        return attrs.evolve(judgement, points=judgement.points + step)
    return None


@st.composite
def improvements(draw: st.DrawFn, generated: Generated, evidence: cs.Evidence) -> cs.Evidence:
    """``evidence`` with one fact moved the way its check favours, or one judgement raised.

    Facts without a direction, and judgements already at their best, are left alone (the
    evidence may come back unchanged).
    """
    movable = [
        key
        for key in evidence.facts
        if (
            generated.facts[key].favour
            if not generated.facts[key].boolean
            else generated.facts[key].expected is not None
        )
    ]
    judged = list(evidence.judgements)
    choices = [("fact", key) for key in movable] + [("judgement", key) for key in judged]
    if not choices:
        return evidence
    what, key = _pick(draw, choices)
    if what == "judgement":
        indicator = generated.standard.indicator(key)
        better = raise_judgement(evidence.judgements[key], indicator, generated.step)
        if better is None:
            return evidence
        return attrs.evolve(evidence, judgements={**evidence.judgements, key: better})
    spec = generated.facts[key]
    value = evidence.facts[key]
    new: cs.FactValue
    if spec.boolean:
        new = bool(spec.expected)
    else:
        assert spec.low is not None
        assert spec.high is not None
        current = Fraction(value)
        if spec.favour > 0:
            moved = _grid_value(draw, current, spec.high, spec.denominators)
        else:
            moved = _grid_value(draw, spec.low, current, spec.denominators)
        new = moved.numerator if moved.denominator == 1 else moved
    amounts = _amounts_for(generated.standard, evidence.deductions, key, new)
    return attrs.evolve(evidence, facts={**evidence.facts, key: new}, deductions=amounts)


def _amounts_for(
    standard: cs.Standard,
    amounts: Mapping[str, Mapping[str, Fraction]],
    key: str,
    count: cs.FactValue,
) -> dict[str, dict[str, Fraction]]:
    """The assessor's amounts once the count ``key`` is ``count``: an amount per incident
    counted by it kept within the range for that many (the nearest, never more than
    before), as an assessor re-assessing fewer incidents would; fixed amounts of one
    count can be evidence the library refuses for another."""
    owners: list[tuple[str, tuple[cs.Deduction, ...]]] = [
        (indicator.id, indicator.deductions) for _, indicator in standard.indicators()
    ]
    owners += [(category.id, category.deductions) for category in standard.categories]
    owners.append(("total", standard.deductions))
    found = {owner: dict(given) for owner, given in amounts.items()}
    for owner, deductions in owners:
        for deduction in deductions:
            given = found.get(owner, {})
            if not deduction.ranged or deduction.when is not None or deduction.fact != key:
                continue
            if deduction.id not in given or isinstance(count, bool) or not count:
                continue
            least, most = Fraction(deduction.least) * count, Fraction(deduction.most) * count
            given[deduction.id] = min(max(given[deduction.id], least), most)
    return found


def full_marks_facts(standard: cs.Standard) -> dict[str, cs.FactValue]:
    """Fact values meeting every fact-based check of ``standard`` (booleans as expected,
    numbers within every threshold, ratio numerators raised until their ratios are met).

    A standard may ask for the impossible; callers check the result by scoring it.
    """
    from community_standards.model.measures import limit_in, ratio_unit

    declared = {fact.key: fact for fact in standard.facts}
    low: dict[str, Fraction] = {}
    high: dict[str, Fraction] = {}
    booleans: dict[str, bool] = {}
    ratios: list[cs.RatioCheck] = []

    def visit(check: cs.Check) -> None:
        if isinstance(check, cs.BooleanCheck):
            booleans[check.fact] = check.expected
        elif isinstance(check, cs.ThresholdCheck | cs.FrequencyCheck):
            unit = declared[check.fact].unit
            if check.minimum is not None:
                value = limit_in(check.minimum, unit)
                low[check.fact] = max(low.get(check.fact, value), value)
            if check.maximum is not None:
                value = limit_in(check.maximum, unit)
                high[check.fact] = min(high.get(check.fact, value), value)
        elif isinstance(check, cs.RatioCheck):
            ratios.append(check)
        elif isinstance(check, cs.AllOf | cs.AnyOf):
            for inner in check.checks:
                visit(inner)

    for _, indicator in standard.indicators():
        for check in indicator.checks:
            visit(check)
    values: dict[str, cs.FactValue] = {}
    for key, fact in declared.items():
        if fact.kind is BOOLEAN:
            values[key] = booleans.get(key, False)
            continue
        value = low.get(key, high.get(key, Fraction(1)))
        if fact.minimum is not None:
            value = max(value, fact.minimum)
        if fact.kind is COUNT:
            value = Fraction(
                max(-(-value.numerator // value.denominator), 1 if key not in high else 0)
            )
        values[key] = value.numerator if value.denominator == 1 else value
    for _ in range(len(ratios) + 1):
        for ratio in ratios:
            unit = ratio_unit(declared[ratio.numerator], declared[ratio.denominator])
            whole = declared[ratio.numerator].kind is COUNT
            if whole and ratio.minimum is not None and ratio.maximum is not None:
                # a denominator making the narrowest range hold a whole numerator
                scale = limit_in(ratio.minimum, unit).denominator
                values[ratio.denominator] = Fraction(values[ratio.denominator]).numerator * scale
            per = Fraction(values[ratio.denominator])
            current = Fraction(values[ratio.numerator])
            if ratio.minimum is not None:
                needed = limit_in(ratio.minimum, unit) * per
                if current < needed:
                    current = (
                        Fraction(-(-needed.numerator // needed.denominator)) if whole else needed
                    )
            if ratio.maximum is not None:
                allowed = limit_in(ratio.maximum, unit) * per
                if current > allowed:
                    current = (
                        Fraction(allowed.numerator // allowed.denominator) if whole else allowed
                    )
            values[ratio.numerator] = current.numerator if current.denominator == 1 else current
    for _, indicator in standard.indicators():
        if indicator.bands is not None:
            values.update(_full_band_values(indicator.bands, indicator.points, declared))
    return values


def _full_band_values(
    bands: cs.BandTable, points: Decimal, declared: Mapping[str, cs.Fact]
) -> dict[str, cs.FactValue]:
    """Values giving a band table its full points, found near each step's limit (whole
    numbers for counts, over a denominator of 100000 for a ratio)."""
    from community_standards.model.measures import limit_in, ratio_unit

    if bands.fact is not None:
        fact = declared[bands.fact]
        unit = fact.unit
    else:
        assert bands.numerator is not None
        assert bands.denominator is not None
        fact = declared[bands.numerator]
        unit = ratio_unit(fact, declared[bands.denominator])
    limits = []
    for step in bands.steps:
        for side in ("minimum", "more_than", "maximum", "less_than"):
            limit = getattr(step, side)
            if limit is not None:
                limits.append((side, limit_in(limit, unit), Fraction(step.points)))

    def awarded(value: Fraction) -> Fraction:
        got = Fraction(0)
        for side, limit, worth in limits:
            kept = {
                "minimum": value >= limit, "more_than": value > limit,
                "maximum": value <= limit, "less_than": value < limit,
            }[side]  # fmt: skip
            if kept:
                got = worth
        return Fraction(points) - got if bands.effect is cs.BandEffect.DEDUCT else got

    # whole numbers for a count, else a hair either side of each limit
    whole = fact.kind is COUNT
    per = 100_000 if bands.denominator is not None else 1 if whole else 100_000
    candidates = sorted(
        {(limit * per).__floor__() + d for _, limit, _ in limits for d in (-per, -1, 0, 1, 2, per)}
    )
    for top in candidates:
        value = Fraction(top, per)
        if (whole or bands.denominator is not None) and value < 0:
            continue
        if fact.minimum is not None and value < fact.minimum:
            continue
        if fact.maximum is not None and value > fact.maximum:
            continue
        if awarded(value) == points:
            if bands.denominator is None:
                return {fact.key: top if per == 1 else value}
            return {fact.key: top, bands.denominator: per}
    return {}
