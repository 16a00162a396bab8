"""Deductions whose amount is left to the assessor: "每例减 5–10 分" per incident and
"依程度扣 1–3 分" once, the amount chosen given in the evidence.

docs/reference/example-ranges.toml: one indicator of 20 points; each safety incident
minus 5 to 10 (at most 15 in all), a response of more than 30 minutes minus 1 to 3, no
ledger minus 2 (fixed).
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

import community_standards as cs
from community_standards.scoring.evaluate import compile_standard, score_plan

EXAMPLE = Path("docs/reference/example-ranges.toml")
EVIDENCE = Path("docs/reference/example-ranges-evidence.toml")
QUIET: dict[str, cs.FactValue] = {"incidents": 0, "response_minutes": 20, "ledger_kept": True}


@pytest.fixture(scope="module")
def ranged() -> cs.Standard:
    return cs.load_standard(EXAMPLE)


def evidence(amounts: dict[str, Any] | None = None, **facts: cs.FactValue) -> cs.Evidence:
    given = {key: Fraction(value) for key, value in (amounts or {}).items()}
    return cs.Evidence(
        community=cs.Community(id="r", name="R"),
        facts={**QUIET, **facts},
        deductions={"safety": given} if given else {},
    )


def document(amounts: Any = None, **facts: Any) -> str:
    data: dict[str, Any] = {
        "community": {"id": "r", "name": "R"},
        "facts": {**QUIET, **facts},
    }
    if amounts is not None:
        data["deductions"] = amounts
    return json.dumps(data)


def read(ranged: cs.Standard, amounts: Any = None, **facts: Any) -> cs.Evidence:
    return cs.loads_evidence(document(amounts, **facts), ranged, "e.json", fmt="json")


def refused(ranged: cs.Standard, amounts: Any = None, **facts: Any) -> list[str]:
    with pytest.raises(cs.EvidenceError) as caught:
        read(ranged, amounts, **facts)
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


# -- the format --------------------------------------------------------------------------


def test_a_range_is_read_and_written_as_a_table(ranged: cs.Standard) -> None:
    incident, late, ledger = ranged.indicator("safety").deductions
    assert incident.points == cs.PointsRange(minimum=Decimal(5), maximum=Decimal(10))
    assert incident.id == "incident"
    assert incident.ranged
    assert (incident.least, incident.most) == (Decimal(5), Decimal(10))
    assert late.ranged
    assert late.when is not None
    assert late.id == "late"
    assert not ledger.ranged
    assert ledger.least == ledger.most == Decimal(2)
    written = cs.dumps_standard(ranged)
    assert cs.loads_standard(written) == ranged
    assert (
        'id = "incident"\n\n[categories.indicators.deductions.points]\nminimum = 5\nmaximum = 10'
        in written
    )


def _problems(text: str) -> list[str]:
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(text, "s.toml")
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


def _with(deductions: str) -> str:
    text = EXAMPLE.read_text("utf-8")
    start = text.index("deductions = [")
    return text[:start] + f"deductions = [\n{deductions}\n]\n"


@pytest.mark.parametrize(
    ("deductions", "expected"),
    [
        (
            '{ id = "a", fact = "incidents", points = { minimum = 10, maximum = 5 } }',
            "deductions[0].points.maximum: the range's maximum 5 is below its minimum 10",
        ),
        (
            '{ id = "a", fact = "incidents", points = { minimum = -1, maximum = 5 } }',
            "deductions[0].points.minimum: a deduction's range cannot start below 0",
        ),
        (
            '{ id = "a", fact = "incidents", points = { minimum = 0, maximum = 0 } }',
            "deductions[0].points.maximum: a deduction takes off more than 0 points",
        ),
        (
            '{ fact = "incidents", points = { minimum = 5, maximum = 10 } }',
            "deductions[0].id: a deduction whose points are a range needs an id",
        ),
        (
            '{ id = "a", fact = "incidents", points = { minimum = 5, maximum = 10 } },\n'
            '{ id = "a", fact = "incidents", points = 1 }',
            "deductions[1].id: duplicate deduction id 'a'",
        ),
        (
            '{ id = "a.b", fact = "incidents", points = { minimum = 5, maximum = 10 } }',
            "deductions[0].id: deduction id 'a.b' must be letters, digits",
        ),
        (
            '{ id = "a", fact = "incidents", points = { minimum = 5, maximum = 10 }, limit = 4 }',
            "deductions[0].limit: a limit of 4 is below the range's minimum 5",
        ),
        (
            '{ id = "a", fact = "incidents", points = { minimum = 5 } }',
            "deductions[0].points.maximum: required key is missing",
        ),
        (
            '{ id = "a", fact = "incidents", points = { minimum = 5, maximum = 10, most = 3 } }',
            "deductions[0].points.most: unknown key 'most'",
        ),
        (
            '{ id = "a", fact = "incidents", points = [5, 10] }',
            "deductions[0].points: expected a number, or a range as a table",
        ),
    ],
)
def test_a_range_is_validated_with_its_path(deductions: str, expected: str) -> None:
    found = _problems(_with(deductions))
    prefix = "categories[0].indicators[0]."
    assert any(line.startswith(prefix + expected) for line in found), found


# -- scoring -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "amounts", "awarded"),
    [
        # not triggered: no amount needed
        ({}, {}, 20),
        # 2 incidents, 5 to 10 each: the assessor's 10 (the least) or 20 (the most), capped at 15
        ({"incidents": 2}, {"incident": 10}, 10),
        ({"incidents": 2}, {"incident": "27/2"}, Fraction(13, 2)),
        ({"incidents": 2}, {"incident": 20}, 5),
        # once, 1 to 3: at either bound
        ({"response_minutes": 31}, {"late": 1}, 19),
        ({"response_minutes": 31}, {"late": 3}, 17),
        # 30 minutes is not more than 30: not triggered, the amount given is not read
        ({"response_minutes": 30}, {"late": 3}, 20),
        # with the fixed one beside them
        (
            {"incidents": 1, "response_minutes": 45, "ledger_kept": False},
            {"incident": 7, "late": 2},
            9,
        ),
    ],
)
def test_the_assessor_chooses_within_the_range(
    ranged: cs.Standard, facts: dict[str, Any], amounts: dict[str, Any], awarded: Fraction
) -> None:
    card = cs.score(ranged, evidence(amounts, **facts))
    assert card.indicator("safety").awarded == awarded
    assert card == score_plan(
        compile_standard(ranged), evidence(amounts, **facts), explain_all=True
    )


def test_the_reason_says_the_amount_and_the_range(ranged: cs.Standard) -> None:
    result = cs.score(ranged, evidence({"incident": 17}, incidents=2)).indicator("safety")
    assert result.status is cs.IndicatorStatus.PARTLY_MET
    (reason,) = result.reasons
    assert reason.kind == "deducted_chosen"
    assert reason.get("en") == (
        "safety incidents: 2, minus 17 points, the assessor's amount (2 × 5 to 10); "
        "at most 15 taken"
    )
    assert reason.get("zh") == "安全事故起数 2 起，酌情扣 17 分（每例 5–10 分）；至多扣 15 分"


def test_a_missing_amount_leaves_the_indicator_not_assessed(ranged: cs.Standard) -> None:
    result = cs.score(ranged, evidence(incidents=2)).indicator("safety")
    assert result.status is cs.IndicatorStatus.NOT_ASSESSED
    assert [r.get("en") for r in result.reasons] == [
        "no evidence: the assessor's amount for safety incidents (deduction incident), "
        "from 10 to 20 points (2 × 5 to 10)"
    ]
    late = cs.score(ranged, evidence(response_minutes=40)).indicator("safety")
    assert late.status is cs.IndicatorStatus.NOT_ASSESSED
    assert late.reasons[0].get("zh") == (
        "缺少证据：到场超时的酌情扣分（扣分项 late），应在 1–3 分之间"
    )


def test_an_amount_outside_the_range_in_code_is_not_assessed(ranged: cs.Standard) -> None:
    # a reader refuses it; evidence made in code is scored as not assessed, with the reason
    for amounts, facts in (
        ({"incident": 9}, {"incidents": 2}),
        ({"late": 4}, {"response_minutes": 31}),
    ):
        result = cs.score(ranged, evidence(amounts, **facts)).indicator("safety")
        assert result.status is cs.IndicatorStatus.NOT_ASSESSED
        assert result.reasons[0].kind == "amount_outside"


def test_strict_mode_asks_for_the_amount_that_applies(ranged: cs.Standard) -> None:
    # every amount that applies and is missing, not only the first the reasons name
    assert cs.missing_facts(ranged, evidence(incidents=2, response_minutes=40)) == {
        "deductions.safety.incident": ("safety",),
        "deductions.safety.late": ("safety",),
    }
    assert cs.missing_facts(
        ranged, evidence({"incident": 10}, incidents=2, response_minutes=40)
    ) == {
        "deductions.safety.late": ("safety",),
    }
    assert cs.missing_facts(ranged, evidence()) == {}
    with pytest.raises(cs.EvidenceError) as caught:
        cs.loads_evidence(document(incidents=2), ranged, "e.json", fmt="json", strict=True)
    assert [str(p) for p in caught.value.problems] == [
        "deductions.safety.incident: the assessor's amount of deduction 'incident' of "
        "indicator 1 is missing (strict mode): from 10 to 20 points"
    ]


def test_a_trigger_without_its_fact_asks_for_that_fact(ranged: cs.Standard) -> None:
    facts = dict(QUIET)
    del facts["ledger_kept"]
    partial = cs.Evidence(community=cs.Community(id="r", name="R"), facts=facts)
    assert cs.missing_facts(ranged, partial) == {"ledger_kept": ("safety",)}


# -- evidence ----------------------------------------------------------------------------


def test_the_example_evidence_reads_and_scores() -> None:
    standard = cs.load_standard(EXAMPLE)
    read_back = cs.load_evidence(EVIDENCE, standard)
    # 3 incidents of 5, 5 and 7.5: 17.5, capped at 15; late 2; no ledger 2: 20 - 19 = 1
    assert read_back.deductions == {"safety": {"incident": Fraction(35, 2), "late": 2}}
    assert cs.score(standard, read_back).indicator("safety").awarded == 1


def test_a_total_or_one_amount_per_case(ranged: cs.Standard) -> None:
    assert read(ranged, {"safety": {"incident": 12}}, incidents=2).deductions == {
        "safety": {"incident": 12}
    }
    assert read(ranged, {"safety": {"incident": [5, "7.5"]}}, incidents=2).deductions == {
        "safety": {"incident": Fraction(25, 2)}
    }
    assert read(ranged, {"safety": {"late": "2.5"}}, response_minutes=31).deductions == {
        "safety": {"late": Fraction(5, 2)}
    }


@pytest.mark.parametrize(
    ("amounts", "facts", "expected"),
    [
        (
            {"safety": {"incident": 21}},
            {"incidents": 2},
            "deductions.safety.incident: deduction 'incident' of indicator 'safety': 21 is "
            "outside 10 to 20 points for 2 cases (incidents), 5 to 10 points each",
        ),
        (
            {"safety": {"incident": [5, 11]}},
            {"incidents": 2},
            "deductions.safety.incident: deduction 'incident' of indicator 'safety': case 2's "
            "amount 11 is outside 5 to 10 points a case",
        ),
        (
            {"safety": {"incident": [5]}},
            {"incidents": 2},
            "deductions.safety.incident: deduction 'incident' of indicator 'safety': 1 amounts "
            "given for 2 cases (incidents); give one amount per case, 5 to 10 points each",
        ),
        (
            {"safety": {"late": 0.5}},
            {"response_minutes": 31},
            "deductions.safety.late: deduction 'late' of indicator 'safety': 0.5 is outside 1 "
            "to 3 points",
        ),
        (
            {"safety": {"late": [1]}},
            {},
            "deductions.safety.late: deduction 'late' of indicator 'safety' is taken once: give "
            "one amount (1 to 3 points), not a list",
        ),
        (
            {"safety": {"late": True}},
            {},
            "deductions.safety.late: deduction 'late' of indicator 'safety': expected a number "
            "of points, found a boolean",
        ),
        (
            {"safety": {"lat": 2}},
            {},
            "deductions.safety.lat: indicator 'safety' has no deduction 'lat' (its deductions "
            "left to the assessor: 'incident', 'late'); did you mean 'late'?",
        ),
        (
            {"safty": {"late": 2}},
            {},
            "deductions.safty: indicator 'safty' is not in ranges-example@1; did you mean "
            "'safety'?",
        ),
        (
            {"safety": 3},
            {},
            "deductions.safety: expected a table of amounts by deduction id, found a number",
        ),
    ],
)
def test_an_amount_is_refused_with_its_range(
    ranged: cs.Standard, amounts: Any, facts: dict[str, Any], expected: str
) -> None:
    assert refused(ranged, amounts, **facts) == [expected]


def test_an_amount_for_a_fixed_deduction_is_refused() -> None:
    standard = cs.load_standard(EXAMPLE)
    fixed = attrs.evolve(
        standard.indicator("safety").deductions[2], id="ledger"
    )  # the fixed "no ledger" deduction, given an id
    deductions = (*standard.indicator("safety").deductions[:2], fixed)
    indicator = attrs.evolve(standard.indicator("safety"), deductions=deductions)
    category = attrs.evolve(standard.categories[0], indicators=(indicator,))
    changed = attrs.evolve(standard, categories=(category,))
    with pytest.raises(cs.EvidenceError) as caught:
        read(changed, {"safety": {"ledger": 2}})
    assert [str(p) for p in caught.value.problems] == [
        "deductions.safety.ledger: deduction 'ledger' of indicator 'safety' takes a fixed 2 "
        "points: it has no range for an amount"
    ]


def test_the_file_is_named(ranged: cs.Standard) -> None:
    with pytest.raises(cs.EvidenceError) as caught:
        read(ranged, {"safety": {"late": 9}}, response_minutes=31)
    assert str(caught.value).startswith("e.json: deductions.safety.late:")


def test_evidence_is_written_back_with_its_amounts(ranged: cs.Standard) -> None:
    from community_standards.formats.evidence import evidence_to_dict

    read_back = read(ranged, {"safety": {"incident": [5, "7.5"]}}, incidents=2)
    data = evidence_to_dict(read_back, ranged)
    assert data["deductions"] == {"safety": {"incident": Decimal("12.5")}}
    again = cs.evidence_from_dict(data, ranged)
    assert again.deductions == read_back.deductions


# -- the template, the workbook and the city table ------------------------------------------


def test_the_template_lists_the_amounts(ranged: cs.Standard) -> None:
    import tomllib

    from community_standards.formats.template import evidence_template

    text = evidence_template(ranged)
    assert "## 1. incident: 5 to 10 points per case\n# incident = 5\n" in text
    assert "## 1. late: 1 to 3 points once\n# late = 1\n" in text
    filled = text.replace("# [deductions.safety]", "[deductions.safety]")
    filled = filled.replace("# incident = 5", "incident = 5").replace("# late = 1", "late = 1")
    assert tomllib.loads(filled)["deductions"] == {"safety": {"incident": 5, "late": 1}}


def test_the_workbook_has_a_sheet_of_amounts(ranged: cs.Standard, tmp_path: Path) -> None:
    import io

    import openpyxl

    from community_standards.formats.workbook import evidence_workbook

    book = openpyxl.load_workbook(io.BytesIO(evidence_workbook(ranged)))
    sheet = book["deductions"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("indicator", "number", "deduction", "说明", "description", "range", "amount")
    assert rows[1][:3] == ("safety", "1", "incident")
    assert rows[1][5] == "5–10 每例 / per case"
    assert rows[2][5] == "1–3"
    values = {"incidents": 2, "response_minutes": 40, "ledger_kept": True}
    for row in book["facts"].iter_rows(min_row=2):
        row[6].value = values[str(row[0].value)]
    sheet["G2"] = "5; 7"
    sheet["G3"] = 4
    path = tmp_path / "filled.xlsx"
    book.save(path)
    with pytest.raises(cs.EvidenceError) as caught:
        cs.load_evidence(path, ranged)
    assert [str(p) for p in caught.value.problems] == [
        "deductions!G3: deduction 'late' of indicator 'safety': 4 is outside 1 to 3 points"
    ]
    sheet["G3"] = 3
    book.save(path)
    read_back = cs.load_evidence(path, ranged)
    assert read_back.deductions == {"safety": {"incident": 12, "late": 3}}
    assert cs.score(ranged, read_back).indicator("safety").awarded == 5


def test_a_standard_without_ranges_has_no_such_sheet() -> None:
    import io

    import openpyxl

    from community_standards.formats.workbook import evidence_workbook

    standard = cs.load_standard("docs/reference/example-deductions.toml")
    book = openpyxl.load_workbook(io.BytesIO(evidence_workbook(standard)))
    assert "deductions" not in book.sheetnames


TABLE = {
    "community.id": ["a", "b", "c", "d", "e"],
    "community.name": ["A", "B", "C", "D", "E"],
    "incidents": ["2", "2", "0", "2", "3"],
    "response_minutes [min]": ["40", "40", "20", "40", "20"],
    "ledger_kept": ["是", "是", "是", "否", "是"],
    "deduction.safety.incident": ["12", "", "", "5; 6", "17.5"],
    "deduction.safety.late": ["2", "2", "", "3", ""],
}


def _table(**changed: list[str]) -> Any:
    import pyarrow as pa

    columns = {**TABLE, **changed}
    return pa.table({name: pa.array(cells, pa.string()) for name, cells in columns.items()})


def test_the_city_table_gives_the_amounts(ranged: cs.Standard) -> None:
    from community_standards.formats.table import table_layout
    from community_standards.scoring.columnar import score_table
    from community_standards.scoring.table import score_batches

    table = _table()
    found = score_table(ranged, table).to_pylist()
    # a: 20 - 12 - 2; b: its incidents' amount missing; c: nothing applies;
    # d: 5 + 6, 3, no ledger 2: 20 - 16; e: 17.5 capped at 15
    assert [row["indicator.safety.awarded"] for row in found] == ["6", "0", "20", "4", "5"]
    assert [row["indicator.safety.status"] for row in found] == [
        "partly_met", "not_assessed", "met", "partly_met", "partly_met",
    ]  # fmt: skip
    layout = table_layout(table.column_names, ranged)
    problems: list[Any] = []
    expected = pa_rows(score_batches(layout, table.column_names, table.to_batches(), problems))
    assert found == expected
    assert not problems


def pa_rows(batches: Any) -> list[dict[str, Any]]:
    import pyarrow as pa

    return list(pa.Table.from_batches(list(batches)).to_pylist())


def test_an_amount_outside_its_range_is_a_row_problem(ranged: cs.Standard) -> None:
    from community_standards.scoring.columnar import score_table

    problems: list[Any] = []
    table = _table(**{"deduction.safety.incident": ["25", "", "", "5; 11", "17.5"]})
    found = score_table(ranged, table, problems=problems)
    assert [str(p) for p in problems] == [
        "<table>: row 2, column 'deduction.safety.incident': deduction 'incident' of indicator "
        "'safety': 25 is outside 10 to 20 points for 2 cases (incidents), 5 to 10 points each",
        "<table>: row 5, column 'deduction.safety.incident': deduction 'incident' of indicator "
        "'safety': case 2's amount 11 is outside 5 to 10 points a case",
    ]
    assert [row["community.id"] for row in found.to_pylist()] == ["b", "c", "e"]


def test_strict_tables_ask_for_the_amount(ranged: cs.Standard) -> None:
    from community_standards.scoring.columnar import score_table

    problems: list[Any] = []
    score_table(ranged, _table(), problems=problems, strict=True)
    assert [str(p) for p in problems] == [
        "<table>: row 3, column 'deduction.safety.incident': the assessor's amount of "
        "deduction 'incident' of indicator 1 is missing (strict mode): from 10 to 20 points"
    ]


def test_an_amount_column_names_a_ranged_deduction(ranged: cs.Standard) -> None:
    from community_standards.formats.table import table_layout, table_template_csv

    header = table_template_csv(ranged).strip().split(",")
    assert header[-2:] == ["deduction.safety.incident", "deduction.safety.late"]
    with pytest.raises(cs.EvidenceError) as caught:
        table_layout([*header, "deduction.safety.lat", "deduction.safty.late"], ranged, "t.csv")
    assert [str(p) for p in caught.value.problems] == [
        "row 1, column 13: column 'deduction.safety.lat': indicator 'safety' has no deduction "
        "'lat' left to the assessor (its deductions left to the assessor: 'incident', 'late'); "
        "did you mean 'deduction.safety.late'?",
        "row 1, column 14: column 'deduction.safty.late': the standard has no indicator "
        "'safty'; did you mean 'deduction.safety.late'?",
    ]


# -- diff ----------------------------------------------------------------------------------


def _with_deductions(standard: cs.Standard, *deductions: cs.Deduction) -> cs.Standard:
    indicator = attrs.evolve(standard.indicator("safety"), deductions=deductions)
    category = attrs.evolve(standard.categories[0], indicators=(indicator,))
    return attrs.evolve(standard, version="2", categories=(category,))


def test_diff_says_a_range_changed_or_a_fixed_amount_became_one(ranged: cs.Standard) -> None:
    incident, late, ledger = ranged.indicator("safety").deductions
    narrower = attrs.evolve(incident, points=cs.PointsRange(minimum=Decimal(4), maximum=Decimal(8)))
    by_degree = attrs.evolve(
        ledger, points=cs.PointsRange(minimum=Decimal(1), maximum=Decimal(2)), id="ledger"
    )
    changed = _with_deductions(ranged, narrower, late, by_degree)
    found = [c for c in cs.diff(ranged, changed) if c.kind is not cs.ChangeKind.METADATA_CHANGED]
    assert [(c.kind, c.path) for c in found] == [
        (cs.ChangeKind.DEDUCTION_RANGE_CHANGED, "indicators.safety.deductions[0].points"),
        (cs.ChangeKind.DEDUCTION_RANGED, "indicators.safety.deductions[2].points"),
    ]
    assert [c.render("en") for c in found] == [
        "Indicator 1 (safety): deduction incident: 5 to 10 points (the assessor's amount) → "
        "4 to 8 points (the assessor's amount)",
        "Indicator 1 (safety): deduction ledger: 2 points → 1 to 2 points (the assessor's amount)",
    ]
    assert (
        found[1].render("zh") == "指标 1（safety）：扣分项 ledger：2 分 → 1–2 分（由评估人员酌定）"
    )
    back = [c.kind for c in cs.diff(changed, ranged) if c.kind.group == "indicators"]
    assert back == [cs.ChangeKind.DEDUCTION_RANGE_CHANGED, cs.ChangeKind.DEDUCTION_FIXED]
    assert cs.ChangeKind.DEDUCTION_RANGED.inverse is cs.ChangeKind.DEDUCTION_FIXED


def test_other_changes_of_deductions_are_said_as_a_whole(ranged: cs.Standard) -> None:
    incident, late, ledger = ranged.indicator("safety").deductions
    fewer = _with_deductions(ranged, incident, late)
    kinds = [c.kind for c in cs.diff(ranged, fewer) if c.kind.group == "indicators"]
    assert kinds == [cs.ChangeKind.INDICATOR_CHANGED]
    relimited = _with_deductions(ranged, attrs.evolve(incident, limit=Decimal(12)), late, ledger)
    kinds = [c.kind for c in cs.diff(ranged, relimited) if c.kind.group == "indicators"]
    assert kinds == [cs.ChangeKind.INDICATOR_CHANGED]


def test_the_evidence_schema_of_a_standard_lists_its_amounts(ranged: cs.Standard) -> None:
    import tomllib

    import jsonschema

    from community_standards.formats.schema import evidence_schema

    schema = evidence_schema(ranged)
    amounts = schema["properties"]["deductions"]["properties"]["safety"]["properties"]
    assert amounts["incident"]["description"] == "5 to 10 points per case"
    assert amounts["late"]["description"] == "1 to 3 points once"
    document = tomllib.loads(EVIDENCE.read_text("utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    assert not list(validator.iter_errors(json.loads(json.dumps(document, default=str))))
    document["deductions"]["safety"]["lat"] = 2
    assert [e.message for e in validator.iter_errors(document)] == [
        "Additional properties are not allowed ('lat' was unexpected)"
    ]
