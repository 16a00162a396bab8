"""Gap analysis: the points short, each fix in words, and the smallest set of fixes."""

from __future__ import annotations

import io
import itertools
import json
import math
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import community_standards as cs
from community_standards.analysis.gap import Fix, Gap, apply_fixes, gap, gap_to_dict, parse_target
from community_standards.cli.main import main
from community_standards.units.numbers import show_number
from strategies import Generated, standards_and_evidence

ROOT = Path(__file__).resolve().parent.parent
FAIL = ROOT / "examples" / "evidence" / "haitangyuan_fail.toml"
PASS = ROOT / "examples" / "evidence" / "chunhuili_pass.toml"
COMMUNITY = cs.Community(id="c", name="C")


@pytest.fixture(scope="module")
def tianjin() -> cs.Standard:
    return cs.default_registry().load("tianjin-beautiful-community@2017")


@pytest.fixture(scope="module")
def failing(tianjin: cs.Standard) -> Gap:
    return gap(tianjin, cs.load_evidence(FAIL, tianjin))


def fix_of(result: Gap, number: str) -> Fix:
    return next(fix for fix in result.fixes if fix.number == number)


def test_the_failing_example_is_short_by_exactly_ten_and_a_quarter(failing: Gap) -> None:
    assert failing.card.total == Fraction("69.75")
    assert failing.short == Fraction("10.25")
    assert failing.reaches
    assert failing.exact
    assert failing.after.passed
    # three 3-point fixes and the cheapest one worth at least 1.25 more
    assert sorted(fix_of(failing, n).indicator for n in ("6", "38", "39", "37")) == sorted(
        failing.plan
    )
    assert failing.after.total == Fraction("80.25")


def test_changes_are_said_in_words_with_numbers(failing: Gap) -> None:
    grid = fix_of(failing, "10")
    assert grid.change("en") == (
        "number of grid workers 7 → 9 persons, for 1 grid worker for every 300-500 households"
    )
    assert "网格员人数 7 → 9" in grid.change("zh")
    volunteers = fix_of(failing, "36").change("en")
    assert "number of registered community volunteers 1,100 → 1,180 persons" in volunteers
    assert "number of volunteer service teams 4 → 5" in volunteers
    # a share is shown as a percentage, a judgement as the requirement itself
    assert "76 % → 80 %" in fix_of(failing, "6").change("en")
    assert fix_of(failing, "59").change("en").startswith("to be judged met: volunteer service")
    assert fix_of(failing, "10").departments == ("civil-affairs", "comprehensive-governance")


def test_the_plan_is_the_smallest_by_brute_force_on_the_example(failing: Gap) -> None:
    fixes = [fix for fix in failing.fixes if fix.fixable]
    evidence = cs.load_evidence(FAIL, failing.standard)
    for size in range(1, len(failing.plan)):
        for chosen in itertools.combinations(fixes, size):
            assert not cs.score(failing.standard, apply_fixes(evidence, chosen)).passed


def test_the_general_search_agrees_with_the_closed_form(tianjin: cs.Standard, failing: Gap) -> None:
    searched = gap(tianjin, cs.load_evidence(FAIL, tianjin), general=True)
    assert searched.plan == failing.plan
    assert searched.exact
    assert searched.searched > 0


def test_a_search_cut_short_says_so(tianjin: cs.Standard) -> None:
    result = gap(tianjin, cs.load_evidence(FAIL, tianjin), general=True, limit=10)
    assert not result.exact


def test_missing_evidence_comes_first(tianjin: cs.Standard) -> None:
    evidence = cs.load_evidence(FAIL, tianjin)
    facts = {k: v for k, v in evidence.facts.items() if k != "grid_workers"}
    result = gap(tianjin, attrs.evolve(evidence, facts=facts))
    first = result.fixes[0]
    assert first.indicator == "grid-management"
    assert first.missing
    assert "give the evidence: number of grid workers (grid_workers), 9 persons needed" in (
        first.change("en")
    )


def test_a_passing_community_needs_nothing(tianjin: cs.Standard) -> None:
    result = gap(tianjin, cs.load_evidence(PASS, tianjin))
    assert result.reached
    assert result.plan == ()
    assert result.short == 0


def test_an_unreachable_target_is_said_to_be_so(tianjin: cs.Standard) -> None:
    result = gap(tianjin, cs.load_evidence(FAIL, tianjin), "101")
    assert not result.reaches
    assert result.plan == ()
    assert result.short == Fraction("31.25")


def test_an_unknown_target_is_an_error(tianjin: cs.Standard) -> None:
    with pytest.raises(cs.CommunityStandardsError, match="unknown target 'gold'"):
        parse_target(tianjin, "gold")


def test_json_contract(failing: Gap) -> None:
    data = gap_to_dict(failing, "en")
    assert data["target"] == 80
    assert data["short"] == 10.25
    assert data["reaches"] is True
    assert set(data["plan"]) == set(failing.plan)
    grid = next(f for f in data["fixes"] if f["indicator"] == "grid-management")
    assert grid["number"] == "10"
    assert grid["points"] == 2
    assert grid["edits"] == [{"kind": "fact", "key": "grid_workers", "from": 7, "to": 9}]
    assert [d["id"] for d in grid["departments"]] == ["civil-affairs", "comprehensive-governance"]


def test_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    assert main(["gap", str(FAIL), "--format", "json", "--lang", "en"], out) == 0
    data = json.loads(out.getvalue())
    assert data["short"] == 10.25
    assert len(data["plan"]) == 4
    out = io.StringIO()
    assert main(["gap", str(FAIL), "--lang", "en"], out) == 0
    assert "short by: 10.25" in out.getvalue()
    assert main(["gap", str(FAIL), "--target", "gold"], io.StringIO()) == 2
    assert capsys.readouterr().err.count("\n") == 1


# ---------------------------------------------------------------- properties


def _reach(
    generated: Generated, evidence: cs.Evidence, chosen: tuple[Fix, ...], target: str
) -> bool:
    standard = generated.standard
    return parse_target(standard, target).reached(
        cs.score(standard, apply_fixes(evidence, chosen)), standard
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(standards_and_evidence(max_categories=3, max_indicators=4))
def test_the_plan_reaches_the_target_and_no_smaller_set_does(
    pair: tuple[Generated, cs.Evidence],
) -> None:
    _the_plan_is_the_smallest(*pair)


def _the_plan_is_the_smallest(generated: Generated, evidence: cs.Evidence) -> None:
    standard = generated.standard
    result = gap(standard, evidence)
    # every failed veto or prerequisite is a fix, worth points or not
    assert set(result.card.blocked_by) <= {fix.indicator for fix in result.fixes}
    fixes = tuple(fix for fix in result.fixes if fix.fixable)
    assume(len(fixes) <= 9)
    for fix in fixes:  # each fix earns its indicator fully, or the band it aims at
        own = cs.score(standard, apply_fixes(evidence, [fix])).indicator(fix.indicator)
        if fix.partial:
            assert fix.earns is not None
            assert fix.earns < own.maximum
            assert own.awarded >= fix.earns
        else:
            assert own.awarded == own.maximum
    if result.reached:
        assert result.plan == () == result.chosen
        return

    def sets(size: int) -> Iterator[tuple[Fix, ...]]:  # at most one fix of an indicator
        for chosen in itertools.combinations(fixes, size):
            if len({fix.indicator for fix in chosen}) == size:
                yield chosen

    if result.reaches:
        plan = result.chosen
        assert tuple(fix.indicator for fix in plan) == result.plan
        assert _reach(generated, evidence, plan, "pass")
        cost = sum((fix.cost for fix in plan), Fraction(0))
        for size in range(1, len(plan) + 1):
            for chosen in sets(size):
                if _reach(generated, evidence, chosen, "pass"):
                    assert size == len(plan)
                    assert sum((fix.cost for fix in chosen), Fraction(0)) >= cost
    else:
        for size in range(1, len(fixes) + 1):
            for chosen in sets(size):
                assert not _reach(generated, evidence, chosen, "pass")
    # the general search finds a set as small and as cheap
    general = gap(standard, evidence, general=True)
    assert general.reaches == result.reaches
    assert len(general.plan) == len(result.plan)
    assert sum((fix.cost for fix in general.chosen), Fraction(0)) == sum(
        (fix.cost for fix in result.chosen), Fraction(0)
    )


# ---------------------------------------------------------------- strict bounds

STRICT = """
schema = 1
id = "strict-gap"
version = "1"
title = { en = "Strict bounds" }
total_points = 10
pass_mark = 10

[[facts]]
key = "grid_workers"
kind = "count"
unit = "person"
description = { zh = "网格员人数", en = "grid workers" }

[[facts]]
key = "clearance"
kind = "quantity"
description = { zh = "破案率", en = "clearance rate" }
minimum = 0
maximum = 1

[[facts]]
key = "incident_rate"
kind = "quantity"
unit = "%"
step = 0.1
description = { zh = "发案率", en = "incident rate" }
minimum = 0

[[facts]]
key = "trained"
kind = "count"
unit = "person"
description = { zh = "受训人数", en = "people trained" }

[[facts]]
key = "staff"
kind = "count"
unit = "person"
description = { zh = "工作人员", en = "staff" }

[[categories]]
id = "safety"
title = { en = "Safety" }
points = 10

[[categories.indicators]]
id = "grid"
number = "1"
text = { en = "more than 8 grid workers" }
points = 2
checks = [{ kind = "threshold", fact = "grid_workers", more_than = 8 }]

[[categories.indicators]]
id = "clear"
number = "2"
text = { en = "clearance rate more than 85 %" }
points = 2
checks = [{ kind = "threshold", fact = "clearance", more_than = "85 %" }]

[[categories.indicators]]
id = "incidents"
number = "3"
text = { en = "incident rate below 6 %" }
points = 2
checks = [{ kind = "threshold", fact = "incident_rate", less_than = "6 %" }]

[[categories.indicators]]
id = "training"
number = "4"
text = { en = "more than two thirds of the staff trained" }
points = 2
checks = [{ kind = "ratio", numerator = "trained", denominator = "staff", more_than = "2/3" }]

[[categories.indicators]]
id = "few"
number = "5"
text = { en = "fewer than 3 grid workers per staff member" }
points = 2
checks = [{ kind = "ratio", numerator = "grid_workers", denominator = "staff", less_than = 3 }]
"""


@pytest.fixture(scope="module")
def strict() -> cs.Standard:
    return cs.loads_standard(STRICT)


def _strict_evidence(standard: cs.Standard, **facts: object) -> cs.Evidence:
    from community_standards.formats.evidence import evidence_from_dict

    values = {
        "grid_workers": 8,
        "clearance": "85 %",
        "incident_rate": "6 %",
        "trained": 8,
        "staff": 12,
    }
    values.update(facts)
    return evidence_from_dict(
        {"standard": "strict-gap@1", "community": {"id": "c", "name": "C"}, "facts": values},
        standard,
    )


def test_a_strict_bound_on_a_count_asks_for_the_next_whole_number(strict: cs.Standard) -> None:
    result = gap(strict, _strict_evidence(strict))
    grid = fix_of(result, "1")
    assert grid.fixable
    # more than 8 grid workers: 9, the next number a person can reach
    assert (
        grid.change("en")
        == "grid workers 8 → 9 persons, for grid workers more than 8 persons (grid_workers)"
    )
    assert [(e.before, e.after, e.past) for e in grid.edits] == [(8, 9, "")]


def test_a_strict_bound_on_a_quantity_without_a_step_says_more_than_in_words(
    strict: cs.Standard,
) -> None:
    result = gap(strict, _strict_evidence(strict))
    clear = fix_of(result, "2")
    assert clear.fixable
    assert clear.change("en").startswith("clearance rate 85 % → more than 85 %, for ")
    assert clear.change("zh").startswith("破案率 85 % → 大于 85 %")
    (edit,) = clear.edits
    assert edit.past == "more_than"
    assert edit.bound == Fraction(17, 20)
    # checked with the bound and one more decimal place: 0.851
    assert edit.after == Fraction(851, 1000)
    data = gap_to_dict(result, "en")
    row = next(f for f in data["fixes"] if f["number"] == "2")
    assert row["edits"] == [
        {"kind": "fact", "key": "clearance", "from": 0.85, "to": 0.851, "more_than": 0.85}
    ]


def test_a_strict_bound_on_a_quantity_with_a_step_takes_the_next_step(
    strict: cs.Standard,
) -> None:
    result = gap(strict, _strict_evidence(strict))
    incidents = fix_of(result, "3")
    # less than 6 %, recorded to 0.1 %: 5.9 %
    assert incidents.change("en").startswith("incident rate 6 → 5.9 %, for ")
    assert [e.after for e in incidents.edits] == [Fraction(59, 10)]


def test_a_strict_ratio_of_people_asks_for_whole_people(strict: cs.Standard) -> None:
    result = gap(strict, _strict_evidence(strict))
    # 8 of 12 is exactly two thirds, not more: 9 of 12
    assert [(e.key, e.after) for e in fix_of(result, "4").edits] == [("trained", 9)]
    # 36 grid workers for 12 staff is 3 per staff member, not fewer than 3: 13 staff
    # (36 / 13 < 3) rather than 35 grid workers, as a raised fact is preferred to a lowered one
    few = gap(strict, _strict_evidence(strict, grid_workers=36))
    assert [(e.key, e.after) for e in fix_of(few, "5").edits] == [("staff", 13)]


def test_the_plan_over_strict_bounds_passes(strict: cs.Standard) -> None:
    evidence = _strict_evidence(strict, grid_workers=36)
    result = gap(strict, evidence)
    assert result.reaches
    assert result.after.passed
    assert cs.score(strict, apply_fixes(evidence, result.fixes)).total == 10


def test_a_step_is_validated() -> None:
    text = STRICT.replace("step = 0.1", "step = 0")
    with pytest.raises(cs.CommunityStandardsError, match=r"facts\[2\]\.step"):
        cs.loads_standard(text)


# ---------------------------------------------------------------- properties with strict bounds


def _strictly(draw: st.DrawFn, check: cs.Check) -> cs.Check:
    """``check`` with some of its inclusive bounds made strict (where some value is left)."""
    if isinstance(check, cs.AllOf | cs.AnyOf):
        return attrs.evolve(check, checks=tuple(_strictly(draw, inner) for inner in check.checks))
    if not isinstance(check, cs.ThresholdCheck | cs.FrequencyCheck | cs.RatioCheck):
        return check
    changes: dict[str, cs.Limit | None] = {}
    if check.minimum is not None and check.maximum is None and draw(st.booleans()):
        changes = {"minimum": None, "more_than": check.minimum}
    elif check.maximum is not None and check.minimum is None and draw(st.booleans()):
        changes = {"maximum": None, "less_than": check.maximum}
    return attrs.evolve(check, **changes)  # type: ignore[arg-type]


@st.composite
def _strict_pairs(draw: st.DrawFn) -> tuple[Generated, cs.Evidence]:
    generated, evidence = draw(standards_and_evidence(max_categories=3, max_indicators=4))
    standard = generated.standard
    categories = tuple(
        attrs.evolve(
            category,
            indicators=tuple(
                attrs.evolve(
                    indicator, checks=tuple(_strictly(draw, check) for check in indicator.checks)
                )
                for indicator in category.indicators
            ),
        )
        for category in standard.categories
    )
    standard = attrs.evolve(standard, categories=categories)
    assume(not cs.standard_problems(standard))
    return attrs.evolve(generated, standard=standard), evidence


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_strict_pairs())
def test_over_strict_bounds_the_plan_is_still_the_smallest(
    pair: tuple[Generated, cs.Evidence],
) -> None:
    _the_plan_is_the_smallest(*pair)


@st.composite
def _one_strict_check(draw: st.DrawFn) -> tuple[cs.Standard, cs.Evidence, cs.Fact, bool, Fraction]:
    """A standard of one indicator with one strict threshold on one fact, and evidence."""
    kind = draw(st.sampled_from([cs.FactKind.COUNT, cs.FactKind.QUANTITY]))
    step = None
    if kind is cs.FactKind.QUANTITY:
        step = draw(st.sampled_from([None, Fraction(1, 10), Fraction(1, 4), Fraction(5)]))
    low = draw(st.sampled_from([None, Fraction(0), Fraction(2)]))
    high = draw(st.sampled_from([None, Fraction(10), Fraction(20)]))
    fact = cs.Fact(
        key="x",
        kind=kind,
        description=cs.Text(en="x"),
        minimum=low if kind is cs.FactKind.QUANTITY else None,
        maximum=high,
        step=step,
    )
    above = draw(st.booleans())
    bound = Fraction(draw(st.integers(-5, 90)), draw(st.sampled_from([1, 2, 3, 100])))
    limit = cs.Limit(value=bound)
    check = (
        cs.ThresholdCheck(fact="x", more_than=limit)
        if above
        else cs.ThresholdCheck(fact="x", less_than=limit)
    )
    indicator = cs.Indicator(
        id="i", number="1", text=cs.Text(en="i"), points=Decimal(1), checks=(check,)
    )
    standard = cs.Standard(
        id="one",
        version="1",
        title=cs.Text(en="one"),
        total_points=Decimal(1),
        pass_mark=Decimal(1),
        categories=(
            cs.Category(id="c", title=cs.Text(en="c"), points=Decimal(1), indicators=(indicator,)),
        ),
        facts=(fact,),
    )
    lowest = (
        Fraction(0) if kind is cs.FactKind.COUNT else (low if low is not None else Fraction(-10))
    )
    highest = high if high is not None else Fraction(100)
    value = Fraction(draw(st.integers(int(lowest) * 4, int(highest) * 4)), 4)
    if kind is cs.FactKind.COUNT:
        value = Fraction(math.floor(value))
    exact = value.numerator if value.denominator == 1 else value
    return (
        standard,
        cs.Evidence(standard=standard.ref, community=COMMUNITY, facts={"x": exact}),
        fact,
        above,
        bound,
    )


@settings(max_examples=300, deadline=None)
@given(_one_strict_check())
def test_a_strict_bound_is_resolved_to_the_next_reachable_value(
    case: tuple[cs.Standard, cs.Evidence, cs.Fact, bool, Fraction],
) -> None:
    standard, evidence, fact, above, bound = case
    result = gap(standard, evidence)
    if result.reached:
        return
    (fix,) = result.fixes
    step = fact.step if fact.step is not None else (1 if fact.kind is cs.FactKind.COUNT else None)
    low = (
        fact.minimum
        if fact.minimum is not None
        else (Fraction(0) if step == 1 and fact.kind is cs.FactKind.COUNT else None)
    )
    high = fact.maximum
    if step is not None:
        # the next multiple of the step past the bound, within the fact's own range
        wanted = (
            (math.floor(bound / step) + 1) * step if above else (math.ceil(bound / step) - 1) * step
        )
        reachable = (low is None or wanted >= low) and (high is None or wanted <= high)
        assert fix.fixable == reachable
        if reachable:
            (edit,) = fix.edits
            assert edit.after == wanted
            assert not edit.past
    else:
        reachable = (high is None or bound < high) if above else (low is None or bound > low)
        assert fix.fixable == reachable
        if reachable:
            (edit,) = fix.edits
            assert edit.past == ("more_than" if above else "less_than")
            assert edit.bound == bound
            assert (edit.after > bound) if above else (edit.after < bound)
            word = "more than" if above else "less than"
            assert f"→ {word} {show_number(bound)}" in fix.change("en")


# ---------------------------------------------------------------- the example schemes

SCHEMES = ROOT / "examples" / "standards"


@pytest.mark.parametrize(
    ("scheme", "evidence", "gate"),
    [
        ("leed_v4_bdc_nc.toml", "leed-prerequisite-missed.toml", "EAp2"),
        ("breeam_communities_2012.toml", "breeam-minimum-standard-missed.toml", "RE01-M"),
        ("pingan_community.toml", "pingan-veto.toml", "no-major-fire"),
    ],
)
def test_a_failed_gate_worth_no_points_is_the_first_fix(
    scheme: str, evidence: str, gate: str
) -> None:
    standard = cs.load_standard(SCHEMES / scheme)
    result = gap(standard, cs.load_evidence(SCHEMES / "evidence" / evidence, standard))
    # enough points already: only the veto or prerequisite stands in the way
    assert result.short == 0
    assert result.plan == (gate,)
    assert result.fixes[0].indicator == gate
    assert result.after.passed


# ---------------------------------------------------------------- band tables

BANDS = Path(__file__).resolve().parent.parent / "docs" / "reference" / "example-bands.toml"


@pytest.fixture(scope="module")
def graded() -> cs.Standard:
    return cs.load_standard(BANDS)


def _graded(standard: cs.Standard, **facts: object) -> cs.Evidence:
    lines = "\n".join(f"{key} = {value!r}" for key, value in facts.items())
    return cs.loads_evidence(f'[community]\nid = "g"\nname = "g"\n[facts]\n{lines}\n', standard)


def test_a_band_table_has_a_fix_for_the_top_band_and_each_band_between(
    graded: cs.Standard,
) -> None:
    evidence = _graded(graded, energy_saving="13 %", cases=5, households=100)
    result = gap(graded, evidence)
    energy = [fix for fix in result.fixes if fix.indicator == "energy"]
    # the full fix first (to 48 %: 19 points), then the bands between, the nearest last
    assert [(fix.partial, fix.earns, fix.points) for fix in energy] == [
        (False, None, Fraction(18)),
        (True, Fraction(10), Fraction(9)),
        (True, Fraction(5), Fraction(4)),
        (True, Fraction(2), Fraction(1)),
    ]
    assert all(fix.fixable for fix in energy)
    top, *_, nearest = energy
    assert top.change("en") == (
        "energy saving 13 → 48 %, for energy saving at least 48 % (energy_saving): "
        "the top band, 19 points"
    )
    assert "最高档，得 19 分" in top.change("zh")
    assert nearest.change("en").startswith("energy saving 13 → 14 %")
    assert "band 2 of 5, 2 points" in nearest.change("en")


def test_the_plan_takes_the_band_that_is_enough(graded: cs.Standard) -> None:
    # 13 % saves 1 point, 5 of 100 households had a case (no deduction): 11 of 29; the pass
    # mark of 15 needs 4 more, and the band of 20 % (5 points) is the smallest change
    evidence = _graded(graded, energy_saving="13 %", cases=5, households=100)
    result = gap(graded, evidence)
    assert result.card.total == 11
    assert result.plan == ("energy",)
    (chosen,) = result.chosen
    assert chosen.partial
    assert chosen.earns == 5
    assert result.after.total == 15
    assert result.after.passed
    data = gap_to_dict(result, "en")
    in_plan = [fix for fix in data["fixes"] if fix["in_plan"]]
    assert [(fix["indicator"], fix["earns"]) for fix in in_plan] == [("energy", 5)]
    assert gap(graded, evidence, general=True).chosen == result.chosen


def test_a_deduction_band_is_fixed_below_its_bound(graded: cs.Standard) -> None:
    # 9 of 100 households: more than 8 %, 10 points off; at most 6 % takes nothing off
    evidence = _graded(graded, energy_saving="48 %", cases=9, households=100)
    result = gap(graded, evidence, "29")
    rates = [fix for fix in result.fixes if fix.indicator == "case-rate"]
    assert [(fix.partial, fix.earns) for fix in rates] == [
        (False, None),
        (True, Fraction(7)),
        (True, Fraction(4)),
    ]
    full, seven, four = rates

    def rate(fix: Fix) -> Fraction:
        facts = apply_fixes(evidence, [fix]).facts
        return Fraction(facts["cases"]) / Fraction(facts["households"])

    # the rate is brought to the bound of the band aimed at, not past it
    assert Fraction(5, 100) < rate(full) <= Fraction(6, 100)
    assert "no points off" in full.change("en")
    assert Fraction(6, 100) < rate(seven) <= Fraction(7, 100)
    assert "at most 3 points off (band 1)" in seven.change("en")
    assert Fraction(7, 100) < rate(four) <= Fraction(8, 100)
    assert "at most 6 points off (band 2)" in four.change("en")
    assert result.plan == ("case-rate",)
    assert result.chosen == (full,)
    needs_two = gap(graded, evidence, "23")  # 19 + 4: the band of at most 6 points off
    assert needs_two.chosen == (four,)


def test_band_fixes_in_the_reports(graded: cs.Standard) -> None:
    from community_standards.reports.gap import gap_markdown, gap_text

    evidence = _graded(graded, energy_saving="13 %", cases=5, households=100)
    result = gap(graded, evidence)
    text = gap_text(result, "en")
    assert "*   1  +4 points [partly: to 5 points]" in text
    assert "    1  +18 points" in text
    assert "部分：得 5 分" in gap_text(result, "zh")
    assert "| ✓ | 1 | 4 |" in gap_markdown(result, "en")


# ---------------------------------------------------------------- groups and caps

GROUPED = """
id = "grouped-gap"
version = "1"
title = { en = "Alternatives and a capped group" }
total_points = 19
pass_mark = PASS
[[facts]]
key = "nd"
kind = "boolean"
description = { en = "in a certified plan" }
[[facts]]
key = "transit"
kind = "boolean"
description = { en = "transit" }
[[facts]]
key = "density"
kind = "boolean"
description = { en = "density" }
FACTS
[[categories]]
id = "lt"
title = { en = "Location" }
points = 16
[[categories.groups]]
id = "location"
paths = [["LTc1"], ["LTc2", "LTc3"]]
choose = 1
[[categories.indicators]]
id = "LTc1"
number = "1"
text = { en = "certified plan" }
points = 16
checks = [{ kind = "boolean", fact = "nd" }]
[[categories.indicators]]
id = "LTc2"
number = "2"
text = { en = "transit" }
points = 10
checks = [{ kind = "boolean", fact = "transit" }]
[[categories.indicators]]
id = "LTc3"
number = "3"
text = { en = "density" }
points = 6
checks = [{ kind = "boolean", fact = "density" }]
[[categories]]
id = "in"
title = { en = "Innovation" }
points = 3
[[categories.groups]]
id = "exemplary"
indicators = ["IN1", "IN2", "IN3", "IN4", "IN5"]
cap = 3
INDICATORS
"""


def _grouped(pass_mark: int) -> tuple[cs.Standard, cs.Evidence]:
    facts = "".join(
        f'[[facts]]\nkey = "idea{n}"\nkind = "boolean"\ndescription = {{ en = "idea {n}" }}\n'
        for n in range(1, 6)
    )
    indicators = "".join(
        f'[[categories.indicators]]\nid = "IN{n}"\nnumber = "{n}"\ntext = {{ en = "idea {n}" }}\n'
        f'points = 1\nchecks = [{{ kind = "boolean", fact = "idea{n}" }}]\n'
        for n in range(1, 6)
    )
    text = GROUPED.replace("PASS", str(pass_mark)).replace("FACTS", facts)
    standard = cs.loads_standard(text.replace("INDICATORS", indicators))
    nothing = "\n".join(
        f"{key} = false" for key in ["nd", "transit", "density", *(f"idea{n}" for n in range(1, 6))]
    )
    evidence = cs.loads_evidence(
        f'[community]\nid = "c"\nname = "c"\n[facts]\n{nothing}\n', standard
    )
    return standard, evidence


@pytest.mark.parametrize(
    ("pass_mark", "target", "size", "location"),
    [
        (10, "pass", 1, None),
        (18, "pass", 3, "LTc1"),
        (19, "pass", 4, "LTc1"),
        (19, "20", None, None),
    ],
)
def test_groups_and_caps_are_planned_exactly_without_a_search(
    pass_mark: int, target: str, size: int | None, location: str | None
) -> None:
    standard, evidence = _grouped(pass_mark)
    result = gap(standard, evidence, target)
    assert result.exact
    assert result.searched == 0  # worked out category by category, not by trying sets
    if size is None:  # 16 for the location and at most 3 for the ideas: 19 at most
        assert not result.reaches
        assert result.plan == ()
    else:
        assert result.reaches
        assert len(result.plan) == size
        assert result.after.passed
        if location is not None:
            assert location in result.plan
            assert not {"LTc2", "LTc3"} & set(result.plan)  # the other path would count less
        ideas = [i for i in result.plan if i.startswith("IN")]
        assert len(ideas) == max(0, size - 1) <= 3  # a fourth idea would count nothing
    searched = gap(standard, evidence, target, general=True)
    assert searched.searched > 0
    assert searched.reaches == result.reaches
    assert len(searched.plan) == len(result.plan)
    assert sum((f.cost for f in searched.chosen), Fraction(0)) == sum(
        (f.cost for f in result.chosen), Fraction(0)
    )
