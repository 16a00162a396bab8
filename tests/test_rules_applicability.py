"""Not-applicable conditions from any check, and strict mode demanding only the facts that
the applicable rules wait for (issue 10, construct 10)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

import community_standards as cs
from community_standards.cli.main import main
from community_standards.messages.checks import describe_indicator
from community_standards.scoring.evaluate import compile_standard, score_plan

STANDARD = """
id = "offices"
version = "1"
title = { zh = "健康办公", en = "Healthy offices" }
total_points = 30
pass_mark = 10
not_applicable = "rescale"

[[facts]]
key = "occupants"
kind = "count"
unit = "person"
description = { zh = "专职人员", en = "full-time occupants" }

[[facts]]
key = "racks"
kind = "count"
unit = "person"
description = { zh = "自行车位", en = "bicycle places" }

[[facts]]
key = "floors"
kind = "count"
description = { zh = "楼层数", en = "floors" }

[[facts]]
key = "lifts"
kind = "count"
description = { zh = "电梯数", en = "lifts" }

[[facts]]
key = "ramp"
kind = "boolean"
description = { zh = "有坡道", en = "a ramp" }

[[facts]]
key = "stair_lift"
kind = "boolean"
description = { zh = "有爬楼机", en = "a stair lift" }

[[categories]]
id = "c"
title = { zh = "类", en = "c" }
points = 30

[[categories.indicators]]
id = "bikes"
number = "1"
text = { en = "Bicycle racks for a tenth of the occupants" }
points = 10
checks = [{ kind = "ratio", numerator = "racks", denominator = "occupants", minimum = "10 %" }]
not_applicable_when = { kind = "threshold", fact = "occupants", less_than = "1 person" }

[[categories.indicators]]
id = "access"
number = "2"
text = { en = "Step-free access" }
points = 10
checks = [{ kind = "any_of", checks = [
  { kind = "boolean", fact = "ramp" }, { kind = "boolean", fact = "stair_lift" },
] }]
not_applicable_when = { kind = "all_of", checks = [
  { kind = "threshold", fact = "floors", maximum = 1 },
  { kind = "ratio", numerator = "lifts", denominator = "floors", minimum = 1 },
] }

[[categories.indicators]]
id = "lift"
number = "3"
text = { en = "A lift" }
points = 10
checks = [{ kind = "threshold", fact = "lifts", minimum = 1 }]
not_applicable_when = { fact = "ramp" }
"""


@pytest.fixture(scope="module")
def offices() -> cs.Standard:
    return cs.loads_standard(STANDARD)


def evidence(**facts: object) -> cs.Evidence:
    return cs.Evidence(community=cs.Community(id="c", name="n"), facts=facts)  # type: ignore[arg-type]


def engines(standard: cs.Standard, given: cs.Evidence) -> list[tuple[str, str, object]]:
    """Each indicator's status and points by the fast path and by the explaining evaluator,
    after checking that the two agree."""
    fast = cs.score(standard, given)
    slow = score_plan(compile_standard(standard), given, explain_all=True)
    found: list[tuple[str, str, object]] = [
        (r.id, str(r.status), r.awarded) for r in fast.indicators
    ]
    assert found == [(r.id, str(r.status), r.awarded) for r in slow.indicators]
    assert fast.total == slow.total
    return found


def test_a_numeric_condition_makes_an_indicator_not_applicable_with_the_value(
    offices: cs.Standard,
) -> None:
    given = evidence(occupants=0, racks=0, floors=3, lifts=0, ramp=False, stair_lift=True)
    card = cs.score(offices, given)
    bikes = card.indicator("bikes")
    assert bikes.status is cs.IndicatorStatus.NOT_APPLICABLE
    assert [r.en for r in bikes.reasons] == ["not applicable: occupants = 0 person (< 1 person)"]
    assert bikes.reasons[0].zh == "不适用：occupants = 0 person (< 1 person)"
    # rescaled: 10 of the 20 points that apply, on 30
    assert card.denominator == 20
    assert card.total == 15


def test_a_condition_not_met_or_without_its_value_leaves_the_indicator_applicable(
    offices: cs.Standard,
) -> None:
    assert engines(offices, evidence(occupants=20, racks=2, ramp=False, lifts=1, floors=3))[0] == (
        "bikes",
        "met",
        10,
    )
    card = cs.score(offices, evidence(racks=2))
    assert card.indicator("bikes").status is cs.IndicatorStatus.NOT_ASSESSED


def test_a_nested_condition_with_a_ratio(offices: cs.Standard) -> None:
    # one floor and a lift on it: step-free access does not apply
    found = engines(offices, evidence(floors=1, lifts=1, occupants=5, racks=1, ramp=False))
    assert found[1] == ("access", "not_applicable", 0)
    card = cs.score(offices, evidence(floors=1, lifts=1, occupants=5, racks=1, ramp=False))
    assert card.indicator("access").reasons[0].en == (
        "not applicable: floors = 1 (≤ 1); lifts / floors = 1 (≥ 1)"
    )
    # two floors: it applies, and neither a ramp nor a stair lift is there
    given = evidence(floors=2, lifts=2, occupants=5, racks=1, ramp=False, stair_lift=False)
    assert engines(offices, given)[1] == ("access", "not_met", 0)
    # no floors at all: the ratio's zero denominator is "not met", so the condition is not
    found = engines(offices, evidence(floors=0, lifts=0, ramp=True, occupants=5, racks=1))
    assert found[1] == ("access", "met", 10)


@pytest.mark.parametrize(
    "facts",
    [
        {"occupants": 0, "racks": 0},
        {"occupants": 1, "racks": 0},
        {"occupants": 10, "racks": 1, "floors": 1, "lifts": 1},
        {"floors": 1, "lifts": 0, "ramp": True},
        {"floors": 0, "lifts": 0, "ramp": False, "stair_lift": False},
        {"floors": 5, "lifts": 1, "ramp": True},
        {},
    ],
)
def test_the_columnar_engine_reads_conditions_as_the_plan_does(
    offices: cs.Standard, facts: dict[str, object]
) -> None:
    pa = pytest.importorskip("pyarrow")
    from community_standards.scoring.columnar import score_table

    expected = engines(offices, evidence(**facts))
    columns: dict[str, list[object]] = {"community.id": ["c"], "community.name": ["n"]}
    for key, value in facts.items():
        columns[key] = [str(value).lower()]
    table = score_table(
        offices, pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()})
    )
    row = table.to_pylist()[0]
    for indicator_id, status, _ in expected:
        assert row[f"indicator.{indicator_id}.status"] == status, indicator_id


def test_validation_names_the_condition_s_problems_by_path() -> None:
    bad = STANDARD.replace('fact = "occupants", less_than', 'fact = "ocupants", less_than')
    bad = bad.replace(
        '{ kind = "threshold", fact = "floors", maximum = 1 }',
        '{ kind = "assessed", label = { en = "judged" } }',
    )
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(bad)
    found = {(p.path, p.message) for p in caught.value.problems}
    assert (
        "categories[0].indicators[0].not_applicable_when.fact",
        "fact 'ocupants' is not declared in [[facts]]; did you mean 'occupants'?",
    ) in found
    assert (
        "categories[0].indicators[1].not_applicable_when.checks[0]",
        "a not-applicable condition is read from facts; an assessed check cannot be one",
    ) in found
    forbidden = STANDARD.replace('not_applicable = "rescale"', "")
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(forbidden)
    assert {p.path for p in caught.value.problems} >= {
        "categories[0].indicators[0].not_applicable_when"
    }


def test_a_condition_round_trips_and_keeps_its_short_form(offices: cs.Standard) -> None:
    again = cs.loads_standard(cs.dumps_standard(offices))
    assert again == offices
    assert isinstance(offices.indicator("lift").not_applicable_when, cs.Condition)
    assert isinstance(offices.indicator("bikes").not_applicable_when, cs.ThresholdCheck)
    assert 'not_applicable_when = { kind = "threshold"' in cs.dumps_standard(offices).replace(
        "\n", " "
    ) or "[categories.indicators.not_applicable_when]" in cs.dumps_standard(offices)


def test_show_and_diff_say_the_condition_in_words(offices: cs.Standard) -> None:
    facts = {fact.key: fact for fact in offices.facts}
    lines = describe_indicator(offices.indicator("bikes"), facts, "en")
    assert lines[-1] == "not applicable when: full-time occupants less than 1 person (occupants)"
    zh = describe_indicator(offices.indicator("bikes"), facts, "zh")
    assert zh[-1] == "不适用条件：专职人员少于 1 人（occupants）"
    changed = cs.loads_standard(
        STANDARD.replace('less_than = "1 person"', 'less_than = "2 person"').replace(
            'version = "1"', 'version = "2"'
        )
    )
    [change] = [c for c in cs.diff(offices, changed).changes if c.ids == ("bikes",)]
    assert change.kind is cs.ChangeKind.INDICATOR_APPLICABILITY_CHANGED
    assert change.description.en == (
        "Indicator 1 (bikes): not-applicable condition full-time occupants less than 1 person "
        "(occupants) → full-time occupants less than 2 persons (occupants)"
    )
    assert change.description.zh == (
        "指标 1（bikes）：不适用条件 专职人员少于 1 人（occupants） → 专职人员少于 2 人（occupants）"
    )


# -- strict mode ---------------------------------------------------------------------


def read(standard: cs.Standard, facts: Mapping[str, object], strict: bool) -> cs.Evidence:
    document = {"community": {"id": "c", "name": "n"}, "facts": facts}
    return cs.evidence_from_dict(document, standard, "c.toml", strict=strict)


def test_strict_mode_does_not_demand_what_an_any_of_made_irrelevant(
    offices: cs.Standard,
) -> None:
    # the ramp is there: the stair lift is irrelevant; the lift indicator does not apply
    given = {"occupants": 0, "ramp": True, "floors": 2, "lifts": 0}
    assert cs.missing_facts(offices, read(offices, given, strict=False)) == {}
    evidence_read = read(offices, given, strict=True)
    assert cs.score(offices, evidence_read).indicator("access").status is cs.IndicatorStatus.MET


def test_strict_mode_demands_what_an_applicable_rule_waits_for(offices: cs.Standard) -> None:
    given = {"occupants": 10, "ramp": False, "floors": 2}
    assert cs.missing_facts(offices, read(offices, given, strict=False)) == {
        "racks": ("bikes",),
        "lifts": ("lift",),  # not for access's condition: two floors already fail it
        "stair_lift": ("access",),
    }
    with pytest.raises(cs.EvidenceError) as caught:
        read(offices, given, strict=True)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("facts.racks", "fact 'racks' is missing (strict mode); indicator 1 reads it"),
        ("facts.stair_lift", "fact 'stair_lift' is missing (strict mode); indicator 2 reads it"),
        ("facts.lifts", "fact 'lifts' is missing (strict mode); indicator 3 reads it"),
    ]


def test_strict_mode_reports_with_the_other_problems_in_one_pass(offices: cs.Standard) -> None:
    with pytest.raises(cs.EvidenceError) as caught:
        read(offices, {"occupants": -1, "ramp": "yes"}, strict=True)
    paths = [p.path for p in caught.value.problems]
    assert paths[:2] == ["facts.occupants", "facts.ramp"]  # refused, and named once
    assert paths.count("facts.occupants") == 1
    assert paths.count("facts.ramp") == 1
    assert "facts.racks" in paths


def test_a_failed_check_makes_the_others_of_an_indicator_irrelevant() -> None:
    tianjin = cs.Registry().get("tianjin-beautiful-community@2017")
    given = read(tianjin, {"party_org_sound": False}, strict=False)
    missing = cs.missing_facts(tianjin, given)
    assert "party_committee_open_direct_election" not in missing
    assert missing["major_matters_decided_by_residents_congress"] == (
        "residents-representative-meeting",
    )


def test_the_command_line_strict_mode(
    offices: cs.Standard, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standard = tmp_path / "offices.toml"
    standard.write_text(STANDARD, encoding="utf-8")
    evidence_file = tmp_path / "c.toml"
    evidence_file.write_text(
        'standard = "offices@1"\n[community]\nid = "c"\nname = "n"\n'
        "[facts]\noccupants = 0\nramp = true\nfloors = 2\nlifts = 0\n",
        encoding="utf-8",
    )
    args = ["score", str(evidence_file), "--standard", str(standard), "--strict", "--lang", "en"]
    assert main(args) == 0
    assert "not applicable: occupants = 0 person (< 1 person)" in capsys.readouterr().out
    evidence_file.write_text(
        evidence_file.read_text(encoding="utf-8").replace("ramp = true", "ramp = false"),
        encoding="utf-8",
    )
    assert main(args) == 2
    err = capsys.readouterr().err
    assert (
        "facts.stair_lift: fact 'stair_lift' is missing (strict mode); indicator 2 reads it" in err
    )
    assert "racks" not in err


def test_gap_rescores_a_standard_with_numeric_conditions(offices: cs.Standard) -> None:
    given = evidence(occupants=10, racks=0, floors=2, lifts=0, ramp=False, stair_lift=False)
    assert cs.score(offices, given).total == 0
    found = cs.gap(offices, given, "pass")
    assert found.reaches
    assert found.exact
    fixed = cs.apply_fixes(given, [f for f in found.fixes if f.indicator in found.plan])
    assert cs.score(offices, fixed).total == found.after.total >= 10
