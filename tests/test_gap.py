"""Gap analysis: the points short, each fix in words, and the smallest set of fixes."""

from __future__ import annotations

import io
import itertools
import json
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings

import community_standards as cs
from community_standards.analysis.gap import Fix, Gap, apply_fixes, gap, gap_to_dict, parse_target
from community_standards.cli.main import main
from strategies import Generated, standards_and_evidence

ROOT = Path(__file__).resolve().parent.parent
FAIL = ROOT / "examples" / "evidence" / "haitangyuan_fail.toml"
PASS = ROOT / "examples" / "evidence" / "chunhuili_pass.toml"


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
    generated, evidence = pair
    standard = generated.standard
    result = gap(standard, evidence)
    fixes = tuple(fix for fix in result.fixes if fix.fixable)
    assume(len(fixes) <= 9)
    for fix in fixes:  # each fix earns its indicator fully
        own = cs.score(standard, apply_fixes(evidence, [fix])).indicator(fix.indicator)
        assert own.awarded == own.maximum
    if result.reached:
        assert result.plan == ()
        return
    by_id = {fix.indicator: fix for fix in fixes}
    if result.reaches:
        plan = tuple(by_id[i] for i in result.plan)
        assert _reach(generated, evidence, plan, "pass")
        cost = sum((fix.cost for fix in plan), Fraction(0))
        for size in range(1, len(plan) + 1):
            for chosen in itertools.combinations(fixes, size):
                if _reach(generated, evidence, chosen, "pass"):
                    assert size == len(plan)
                    assert sum((fix.cost for fix in chosen), Fraction(0)) >= cost
    else:
        for size in range(1, len(fixes) + 1):
            for chosen in itertools.combinations(fixes, size):
                assert not _reach(generated, evidence, chosen, "pass")
    # the general search finds a set as small and as cheap
    general = gap(standard, evidence, general=True)
    assert general.reaches == result.reaches
    assert len(general.plan) == len(result.plan)
    assert sum((by_id[i].cost for i in general.plan), Fraction(0)) == sum(
        (by_id[i].cost for i in result.plan), Fraction(0)
    )
