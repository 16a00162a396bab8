"""The fast path against the explaining evaluator, on standards built to be awkward.

Both are derived from one plan; here they must agree on every status, point and reason.
The standards share a few facts between many checks, and the evidence takes zero,
negative and boundary values (the limits are drawn from the same few numbers as the
values), so that every comparison is tried on, just under and just over its limit and
every ratio with a zero or negative denominator.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import given
from hypothesis import strategies as st

import community_standards as cs
from community_standards.scoring.evaluate import score_plan
from community_standards.scoring.plan import build_plan

NUMBERS: tuple[int | Fraction, ...] = (
    -3,
    -1,
    0,
    1,
    2,
    3,
    Fraction(1, 3),
    Fraction(-1, 3),
    Fraction(1, 2),
    Fraction(2, 3),
)
BOOLEANS = ("b0", "b1")
AMOUNTS = ("n0", "n1", "n2")
T = cs.Text(en="x")

numbers: st.SearchStrategy[int | Fraction] = st.sampled_from(NUMBERS)
limits = st.one_of(st.none(), numbers.map(lambda value: cs.Limit(value=Fraction(value))))


@st.composite
def checks(draw: st.DrawFn, depth: int = 0, assessed: bool = True) -> cs.Check:
    kinds = ["boolean", "threshold", "ratio"] + (["assessed"] if assessed else [])
    if depth < 2:
        kinds += ["all_of", "any_of"]
    kind = draw(st.sampled_from(kinds))
    label = draw(st.none() | st.just(cs.Text(en="required")))
    if kind == "boolean":
        return cs.BooleanCheck(
            fact=draw(st.sampled_from(BOOLEANS)), expected=draw(st.booleans()), label=label
        )
    if kind in ("threshold", "ratio"):
        low, high = draw(limits), draw(limits)
        if low is None and high is None:
            low = cs.Limit(value=Fraction(draw(numbers)))
        # each side inclusive (minimum, maximum) or strict (more_than, less_than)
        strict_low, strict_high = draw(st.booleans()), draw(st.booleans())
        bounds = {
            "more_than" if strict_low else "minimum": low,
            "less_than" if strict_high else "maximum": high,
        }
        if kind == "threshold":
            return cs.ThresholdCheck(fact=draw(st.sampled_from(AMOUNTS)), label=label, **bounds)
        return cs.RatioCheck(
            numerator=draw(st.sampled_from(AMOUNTS)),
            denominator=draw(st.sampled_from(AMOUNTS)),
            when_zero=draw(st.sampled_from(list(cs.ZeroDenominator))),
            label=label,
            **bounds,
        )
    if kind == "assessed":
        return cs.AssessedCheck(label=cs.Text(en="judged"))
    inner = tuple(draw(st.lists(checks(depth + 1, assessed=False), min_size=1, max_size=3)))
    return (cs.AllOf if kind == "all_of" else cs.AnyOf)(checks=inner, label=label)


@st.composite
def band_tables(draw: st.DrawFn, points: int) -> cs.BandTable:
    """A band table over a shared fact or ratio; its steps need not rise (the engines
    must agree on any table: the band reached is the last step whose bound is kept)."""
    steps = []
    for _ in range(draw(st.integers(1, 3))):
        side = draw(st.sampled_from(("minimum", "more_than", "maximum", "less_than")))
        limit = cs.Limit(value=Fraction(draw(numbers)))
        worth = Decimal(draw(st.integers(1, points)))
        steps.append(cs.BandStep(points=worth, **{side: limit}))
    effect = draw(st.sampled_from(list(cs.BandEffect)))
    if draw(st.booleans()):
        return cs.BandTable(steps=tuple(steps), fact=draw(st.sampled_from(AMOUNTS)), effect=effect)
    return cs.BandTable(
        steps=tuple(steps),
        numerator=draw(st.sampled_from(AMOUNTS)),
        denominator=draw(st.sampled_from(AMOUNTS)),
        effect=effect,
        when_zero=draw(st.sampled_from(list(cs.ZeroDenominator))),
    )


#: a not-applicable condition: none, a boolean fact's value, or any check over facts
conditions = (
    st.none()
    | st.builds(cs.Condition, fact=st.sampled_from(BOOLEANS))
    | checks(depth=1, assessed=False)
)


@st.composite
def indicators(draw: st.DrawFn, index: int) -> cs.Indicator:
    award = draw(st.sampled_from(list(cs.Award)))
    if award is cs.Award.BANDS:
        points = draw(st.sampled_from((1, 3, 4)))
        return cs.Indicator(
            id=f"i{index}",
            number=str(index),
            text=T,
            points=Decimal(points),
            award=award,
            bands=draw(band_tables(points)),
            role=draw(st.sampled_from(list(cs.Role))),
            not_applicable_when=draw(conditions),
        )
    found = draw(st.lists(checks(), min_size=0 if award is cs.Award.DEDUCTION else 1, max_size=3))
    deductions: tuple[cs.Deduction, ...] = ()
    if award is cs.Award.DEDUCTION:
        deductions = (
            cs.Deduction(
                fact="incidents",
                points=Decimal(draw(st.sampled_from((1, 2, 5)))),
                limit=draw(st.none() | st.just(Decimal(3))),
            ),
        )
        if draw(st.booleans()):  # a range left to the assessor, per incident or once
            span = cs.PointsRange(
                minimum=Decimal(1), maximum=Decimal(draw(st.sampled_from((1, 3))))
            )
            trigger = draw(st.none() | checks(depth=1, assessed=False))
            fact = "incidents" if trigger is None else ""
            ranged = cs.Deduction(fact=fact, when=trigger, points=span, id="chosen")
            deductions = (ranged, *deductions)
    when = draw(conditions)
    return cs.Indicator(
        id=f"i{index}",
        number=str(index),
        text=T,
        points=Decimal(draw(st.sampled_from((0, 1, 3, 4)))),
        checks=tuple(found),
        award=award,
        role=draw(st.sampled_from(list(cs.Role))),
        deductions=deductions,
        deduction_limit=draw(st.none() | st.sampled_from((Decimal(0), Decimal(2), Decimal("2.5"))))
        if deductions
        else None,
        not_applicable_when=when,
    )


@st.composite
def standards(draw: st.DrawFn) -> cs.Standard:
    items = tuple(draw(indicators(i)) for i in range(draw(st.integers(1, 6))))
    points = sum((i.points for i in items), Decimal(0))
    facts = tuple(
        cs.Fact(key=key, kind=cs.FactKind.BOOLEAN, description=T) for key in BOOLEANS
    ) + tuple(
        cs.Fact(key=key, kind=cs.FactKind.QUANTITY, description=T)
        for key in (*AMOUNTS, "incidents")
    )
    category = cs.Category(id="c", title=T, points=points, indicators=items)
    return cs.Standard(
        id="awkward",
        version="1",
        title=T,
        total_points=max(points, Decimal(1)),
        pass_mark=Decimal(0),
        categories=(category,),
        facts=facts,
        not_applicable=draw(st.sampled_from(list(cs.NotApplicablePolicy))),
    )


judgements = st.one_of(
    st.none(),
    st.builds(cs.Judgement, result=st.sampled_from(list(cs.JudgementResult))),
    st.builds(cs.Judgement, points=st.sampled_from((Decimal(0), Decimal(1), Decimal("1.5")))),
)


@st.composite
def evidence_for(draw: st.DrawFn, standard: cs.Standard) -> cs.Evidence:
    facts: dict[str, cs.FactValue] = {}
    for key in BOOLEANS:
        value = draw(st.none() | st.booleans())
        if value is not None:
            facts[key] = value
    for key in (*AMOUNTS, "incidents"):
        number = draw(st.none() | numbers)
        if number is not None:
            facts[key] = number
    found = {}
    amounts: dict[str, dict[str, Fraction]] = {}
    for _, indicator in standard.indicators():
        judgement = draw(judgements)
        if judgement is not None:
            found[indicator.id] = judgement
        if any(d.ranged for d in indicator.deductions):
            # missing, at a bound, between, or outside the range (evidence made in code)
            chosen = draw(st.none() | st.sampled_from((0, 1, 2, 3, 4, 6, 9)).map(Fraction))
            if chosen is not None:
                amounts[indicator.id] = {"chosen": chosen}
    return cs.Evidence(
        community=cs.Community(id="c", name="n"), facts=facts, judgements=found, deductions=amounts
    )


@given(st.data())
def test_the_fast_path_and_the_explaining_evaluator_agree(data: st.DataObject) -> None:
    standard = data.draw(standards())
    evidence = data.draw(evidence_for(standard))
    plan = build_plan(standard)
    listed = set(plan.fast(evidence.facts.get, evidence.judgements.get))
    for position, item in enumerate(plan.indicators):
        explained = item.explain(evidence)
        if position not in listed:
            # passed over as plainly met: exactly the result of every check met
            assert explained == item.met, (item.id, explained)
    fast, full = score_plan(plan, evidence), score_plan(plan, evidence, explain_all=True)
    assert fast == full
    for result in full.indicators:
        for reason in result.reasons:
            assert reason.zh
            assert reason.en


@given(st.data())
def test_every_comparison_is_the_one_the_docs_state(data: st.DataObject) -> None:
    """A range check alone: met exactly when the value keeps each bound as the docs say
    (minimum <=, more_than <, maximum >=, less_than >), in both paths."""
    low, high = data.draw(limits), data.draw(limits)
    strict_low, strict_high = data.draw(st.booleans()), data.draw(st.booleans())
    value = data.draw(numbers)
    check = cs.ThresholdCheck(
        fact="n0",
        minimum=None if strict_low else low,
        more_than=low if strict_low else None,
        maximum=None if strict_high else high,
        less_than=high if strict_high else None,
    )
    indicator = cs.Indicator(id="i", number="1", text=T, points=Decimal(1), checks=(check,))
    facts = (cs.Fact(key="n0", kind=cs.FactKind.QUANTITY, description=T),)
    category = cs.Category(id="c", title=T, points=Decimal(1), indicators=(indicator,))
    standard = cs.Standard(
        id="one", version="1", title=T, total_points=Decimal(1), pass_mark=Decimal(0),
        categories=(category,), facts=facts,
    )  # fmt: skip
    evidence = cs.Evidence(community=cs.Community(id="c", name="n"), facts={"n0": value})
    above = low is None or (value > low.value if strict_low else value >= low.value)
    below = high is None or (value < high.value if strict_high else value <= high.value)
    expected = above and below
    plan = build_plan(standard)
    assert (plan.fast(evidence.facts.get, evidence.judgements.get) == []) is expected
    status = score_plan(plan, evidence, explain_all=True).indicators[0].status
    assert (status is cs.IndicatorStatus.MET) is expected


def test_a_traceback_through_the_fast_path_shows_its_source() -> None:
    import linecache
    import traceback

    standard = cs.Standard(
        id="t", version="1", title=T, total_points=Decimal(1), pass_mark=Decimal(0),
        categories=(cs.Category(id="c", title=T, points=Decimal(1), indicators=(
            cs.Indicator(id="i", number="1", text=T, points=Decimal(1),
                         checks=(cs.ThresholdCheck(fact="n0", minimum=cs.Limit(value=Fraction(1))),)),
        )),),
        facts=(cs.Fact(key="n0", kind=cs.FactKind.QUANTITY, description=T),),
    )  # fmt: skip
    plan = build_plan(standard)
    try:
        nothing: dict[str, object] = {}
        plan.fast({"n0": "not a number"}.get, nothing.get)
    except AttributeError as exc:
        text = "".join(traceback.format_exception(exc))
    else:  # pragma: no cover
        raise AssertionError("a string has no numerator")
    assert "v1 := F('n0')" in text
    filename = plan.fast.__code__.co_filename
    assert linecache.getline(filename, 1).startswith("def fast(F, J):")
    del plan
    import gc

    gc.collect()
    assert filename not in linecache.cache


def test_a_plan_holds_no_memo_of_results() -> None:
    standard = cs.load_standard("docs/reference/example-standard.toml")
    plan = build_plan(standard)
    before = attrs.asdict(plan, recurse=False)
    # the results made with the plan (one per reason made with a node) are never added to
    made = [dict(item.alone) for item in plan.indicators]
    assert any(made)
    community = cs.Community(id="c", name="n")
    for number in range(20):
        score_plan(plan, cs.Evidence(community=community, facts={"volunteers": number}))
    assert attrs.asdict(plan, recurse=False) == before
    assert [dict(item.alone) for item in plan.indicators] == made


@given(st.data())
def test_band_tables_agree_in_both_paths(data: st.DataObject) -> None:
    """One band table alone, on shared facts near every limit: the fast path passes over
    it only when the explaining evaluator gives it full points."""
    points = data.draw(st.sampled_from((1, 3, 4)))
    indicator = cs.Indicator(
        id="b", number="1", text=T, points=Decimal(points), award=cs.Award.BANDS,
        bands=data.draw(band_tables(points)),
    )  # fmt: skip
    facts = tuple(cs.Fact(key=key, kind=cs.FactKind.QUANTITY, description=T) for key in AMOUNTS)
    category = cs.Category(id="c", title=T, points=Decimal(points), indicators=(indicator,))
    standard = cs.Standard(
        id="bands", version="1", title=T, total_points=Decimal(points), pass_mark=Decimal(0),
        categories=(category,), facts=facts, not_applicable=cs.NotApplicablePolicy.ZERO,
    )  # fmt: skip
    values = {key: data.draw(st.none() | numbers) for key in AMOUNTS}
    evidence = cs.Evidence(
        community=cs.Community(id="c", name="n"),
        facts={key: value for key, value in values.items() if value is not None},
    )
    plan = build_plan(standard)
    explained = plan.indicators[0].explain(evidence)
    passed_over = plan.fast(evidence.facts.get, evidence.judgements.get) == []
    if passed_over:
        assert explained == plan.indicators[0].met
    assert score_plan(plan, evidence) == score_plan(plan, evidence, explain_all=True)


def test_a_result_made_with_the_plan_is_given_only_where_it_is_the_result() -> None:
    """A judgement partly met, or given points, without a note: the same reason, each
    with its own points; a fact not as expected: not met, the same result every time."""
    indicator = cs.Indicator(
        id="i", number="1", text=T, points=Decimal(4),
        checks=(cs.BooleanCheck(fact="b0"), cs.AssessedCheck(label=cs.Text(en="judged"))),
    )  # fmt: skip
    facts = (cs.Fact(key="b0", kind=cs.FactKind.BOOLEAN, description=T),)
    category = cs.Category(id="c", title=T, points=Decimal(4), indicators=(indicator,))
    standard = cs.Standard(
        id="one", version="1", title=T, total_points=Decimal(4), pass_mark=Decimal(0),
        categories=(category,), facts=facts,
    )  # fmt: skip
    plan = build_plan(standard)
    community = cs.Community(id="c", name="n")

    def result(b0: bool, judgement: cs.Judgement) -> cs.IndicatorResult:
        evidence = cs.Evidence(community=community, facts={"b0": b0}, judgements={"i": judgement})
        return score_plan(plan, evidence).indicators[0]

    partly = result(True, cs.Judgement(result=cs.JudgementResult.PARTLY_MET))
    assert (partly.status, partly.awarded) == (cs.IndicatorStatus.PARTLY_MET, Fraction(2))
    given = result(True, cs.Judgement(points=Decimal(1)))
    assert (given.status, given.awarded) == (cs.IndicatorStatus.PARTLY_MET, Fraction(1))
    assert given.reasons == partly.reasons
    noted = result(True, cs.Judgement(result=cs.JudgementResult.NOT_MET, note="leaks"))
    assert noted.reasons[0].data[1] == "leaks"
    first = result(False, cs.Judgement(result=cs.JudgementResult.MET))
    again = result(False, cs.Judgement(result=cs.JudgementResult.MET))
    assert first == again
    assert (first.status, first.awarded, first.reasons[0].kind) == (
        cs.IndicatorStatus.NOT_MET, Fraction(0), "not_met",
    )  # fmt: skip
