"""Deductions left to the assessor in a deduction pool: a category's (发生刑事案件每起扣
5–10 分，扣完为止) and the deductions from the total (倒扣), the amounts given under
``[deductions."<category id>"]`` and ``[deductions.total]``.

docs/reference/example-pool-ranges.toml: Public order (20 points) whose pool takes 2 per
unresolved dispute, 5 to 10 per criminal case and 3 without a ledger, never below 4;
from the total (30 points), 1 per complaint upheld and 1 to 3 for a finding of the
inspection, at most 5 in all, never below 10.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import community_standards as cs
from community_standards.messages.catalogue import problem_text

EXAMPLE = Path("docs/reference/example-pool-ranges.toml")
EVIDENCE = Path("docs/reference/example-pool-ranges-evidence.toml")
QUIET: dict[str, Any] = {
    "patrols_held": True,
    "mediation_room": True,
    "disputes": 0,
    "ledger_kept": True,
    "criminal_cases": 0,
    "service_hall": True,
    "complaints_upheld": 0,
    "inspection_passed": True,
}


@pytest.fixture(scope="module")
def pools() -> cs.Standard:
    return cs.load_standard(EXAMPLE)


def document(amounts: Any = None, **facts: Any) -> str:
    data: dict[str, Any] = {"community": {"id": "p", "name": "P"}, "facts": {**QUIET, **facts}}
    if amounts is not None:
        data["deductions"] = amounts
    return json.dumps(data)


def read(pools: cs.Standard, amounts: Any = None, **facts: Any) -> cs.Evidence:
    return cs.loads_evidence(document(amounts, **facts), pools, "e.json", fmt="json")


def refused(pools: cs.Standard, amounts: Any = None, **facts: Any) -> list[str]:
    with pytest.raises(cs.EvidenceError) as caught:
        read(pools, amounts, **facts)
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


def _problems(text: str) -> list[str]:
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(text, "s.toml")
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


# -- the format and its validation -------------------------------------------------------


def test_ranges_in_pools_load(pools: cs.Standard) -> None:
    criminal = pools.categories[0].deductions[1]
    assert criminal.ranged
    assert criminal.id == "criminal"
    finding = pools.deductions[1]
    assert finding.ranged
    assert finding.when is not None
    assert cs.loads_standard(cs.dumps_standard(pools)) == pools


def test_a_pools_range_is_validated_like_an_indicators() -> None:
    text = EXAMPLE.read_text("utf-8")
    found = _problems(text.replace('{ id = "criminal", ', "{ ", 1))
    assert any(
        line.startswith("categories[0].deductions[1].id: a deduction whose points are a range")
        for line in found
    ), found
    found = _problems(text.replace("minimum = 1, maximum = 3", "minimum = 4, maximum = 3"))
    assert any(
        line.startswith("deductions[1].points.maximum: the range's maximum 3") for line in found
    ), found
    found = _problems(text.replace('id = "finding"', 'id = "criminal"').replace(
        '{ fact = "complaints_upheld", points = 1 }',
        '{ id = "criminal", fact = "complaints_upheld", points = 1 }',
    ))  # fmt: skip
    assert "deductions[1].id: duplicate deduction id 'criminal'" in found, found


def test_a_pools_key_may_not_name_anything_else() -> None:
    text = EXAMPLE.read_text("utf-8")
    found = _problems(text.replace('id = "patrols"', 'id = "order"'))
    assert any(
        line.startswith("categories[0].id: category id 'order' is also an indicator's id")
        for line in found
    ), found
    found = _problems(text.replace('id = "hall"', 'id = "total"'))
    assert any(line.startswith("deductions: an indicator has the id 'total'") for line in found), (
        found
    )
    # without a range in the pool, the ids may meet as before
    fixed = text.replace("points = { minimum = 5, maximum = 10 }", "points = 5")
    fixed = fixed.replace('id = "patrols"', 'id = "order"')
    assert cs.loads_standard(fixed).categories[0].indicators[0].id == "order"


# -- scoring -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "amounts", "order", "total"),
    [
        ({}, None, 20, 30),
        # 2 criminal cases at 5 to 10 each: the assessor's 10 (the least) to 20 (the most)
        ({"criminal_cases": 2}, {"order": {"criminal": 10}}, 10, 20),
        ({"criminal_cases": 2}, {"order": {"criminal": [5, "13/2"]}}, Fraction(17, 2), 18.5),
        # 扣完为止: never below the floor of 4
        ({"criminal_cases": 2, "disputes": 1}, {"order": {"criminal": 20}}, 4, 14),
        # the total's finding, 1 to 3, beside a complaint: 5 at most in all
        ({"inspection_passed": False, "complaints_upheld": 1}, {"total": {"finding": 3}}, 20, 26),
        ({"inspection_passed": False, "complaints_upheld": 4}, {"total": {"finding": 3}}, 20, 25),
        # not triggered: the amount given is not read
        ({}, {"total": {"finding": 3}}, 20, 30),
    ],
)
def test_the_assessor_chooses_within_a_pools_range(
    pools: cs.Standard, facts: dict[str, Any], amounts: Any, order: Any, total: Any
) -> None:
    card = cs.score(pools, read(pools, amounts, **facts))
    assert card.categories[0].points == Fraction(order)
    assert card.total == Fraction(str(total))


def test_the_reasons_say_the_amounts(pools: cs.Standard) -> None:
    card = cs.score(pools, cs.load_evidence(EVIDENCE, pools))
    assert card.categories[0].points == 7  # 20 - 2 - (5 + 6)
    assert card.total == 14  # 17 - 1 - 2
    pool = [r.get("zh") for r in card.categories[0].reasons]
    assert "刑事案件起数 2 起，酌情扣 11 分（每例 5–10 分）" in pool, pool
    total = [r.get("zh") for r in card.effects]
    assert "检查发现问题：酌情扣 2 分（1–3 分）" in total, total


def test_a_missing_amount_takes_the_pool_to_its_floor(pools: cs.Standard) -> None:
    card = cs.score(pools, read(pools, criminal_cases=1, inspection_passed=False))
    assert card.categories[0].points == 4  # the pool's evidence missing: down to the floor
    assert card.total == 10  # 4 + 10, and the total's missing too: down to its floor
    missing = cs.missing_facts(pools, read(pools, criminal_cases=1, inspection_passed=False))
    assert missing == {
        "deductions.order.criminal": ("order",),
        "deductions.total.finding": ("total",),
    }
    assert cs.missing_facts(pools, read(pools, {"order": {"criminal": 5}}, criminal_cases=1)) == {}


def test_strict_mode_asks_for_a_pools_amount(pools: cs.Standard) -> None:
    with pytest.raises(cs.EvidenceError) as caught:
        cs.loads_evidence(
            document(None, criminal_cases=2, inspection_passed=False),
            pools, "e.json", fmt="json", strict=True,
        )  # fmt: skip
    assert [f"{p.path}: {p.message}" for p in caught.value.problems] == [
        "deductions.order.criminal: the assessor's amount of deduction 'criminal' of the "
        "deduction pool 'order' is missing (strict mode): from 10 to 20 points",
        "deductions.total.finding: the assessor's amount of deduction 'finding' of the "
        "deduction pool 'total' is missing (strict mode): from 1 to 3 points",
    ]


@pytest.mark.parametrize(
    ("amounts", "facts", "expected"),
    [
        (
            {"order": {"criminal": 25}},
            {"criminal_cases": 2},
            "deductions.order.criminal: deduction 'criminal' of category 'order': 25 is "
            "outside 10 to 20 points for 2 cases (criminal_cases), 5 to 10 points each",
        ),
        (
            {"total": {"finding": 4}},
            {},
            "deductions.total.finding: deduction 'finding' of the total: 4 is outside 1 to 3 "
            "points",
        ),
        (
            {"total": {"complaint": 1}},
            {},
            "deductions.total.complaint: the total has no deduction 'complaint' (its "
            "deductions left to the assessor: 'finding')",
        ),
        (
            {"service": {"x": 1}},
            {},
            "deductions.service: 'service' is no indicator, category with a deduction pool or "
            "'total' (deductions from the total) of pool-ranges-example@1",
        ),
    ],
)
def test_an_amount_is_refused_with_its_pool(
    pools: cs.Standard, amounts: Any, facts: dict[str, Any], expected: str
) -> None:
    assert any(line.startswith(expected) for line in refused(pools, amounts, **facts)), refused(
        pools, amounts, **facts
    )


def test_evidence_is_written_back_with_the_pools_amounts(pools: cs.Standard) -> None:
    evidence = cs.load_evidence(EVIDENCE, pools)
    data = cs.evidence_to_dict(evidence, pools)
    assert data["deductions"] == {"order": {"criminal": 11}, "total": {"finding": 2}}
    again = cs.loads_evidence(json.dumps(data, default=str), pools, "e.json", fmt="json")
    assert again.deductions == evidence.deductions


def test_the_template_and_the_workbook_list_the_pools_amounts(
    pools: cs.Standard, tmp_path: Path
) -> None:
    from community_standards.formats.template import evidence_template

    template = evidence_template(pools)
    assert "# [deductions.order]" in template
    assert "## order. criminal: 5 to 10 points per case" in template
    assert "# [deductions.total]" in template
    assert "## total. finding: 1 to 3 points once" in template


# -- the city table ----------------------------------------------------------------------

TABLE = {
    "community.id": ["a", "b", "c", "d"],
    "community.name": ["A", "B", "C", "D"],
    "patrols_held": ["是"] * 4,
    "mediation_room": ["是"] * 4,
    "disputes": ["0", "1", "0", "0"],
    "ledger_kept": ["是"] * 4,
    "criminal_cases": ["2", "2", "0", "1"],
    "service_hall": ["是"] * 4,
    "complaints_upheld": ["0", "1", "0", "0"],
    "inspection_passed": ["否", "是", "否", "是"],
    "deduction.order.criminal": ["12", "5; 6", "", ""],
    "deduction.total.finding": ["2", "", "", ""],
}


def _table(**changed: list[str]) -> Any:
    import pyarrow as pa

    columns = {**TABLE, **changed}
    return pa.table({name: pa.array(cells, pa.string()) for name, cells in columns.items()})


def test_the_city_table_gives_the_pools_amounts(pools: cs.Standard) -> None:
    from community_standards.formats.table import amount_columns, table_layout
    from community_standards.scoring.columnar import score_table
    from community_standards.scoring.table import score_batches

    assert amount_columns(pools) == ["deduction.order.criminal", "deduction.total.finding"]
    table = _table()
    found = score_table(pools, table).to_pylist()
    # a: order 20 - 12, total 18 - 2; b: order 20 - 2 - 11, total 17 - 1;
    # c: the total's finding missing: down to 10; d: the order's criminal missing: floor 4
    assert [row["total"] for row in found] == ["16", "16", "10", "14"]
    layout = table_layout(table.column_names, pools)
    problems: list[Any] = []
    expected = list(
        pa_table(score_batches(layout, table.column_names, table.to_batches(), problems))
    )
    assert found == expected
    assert not problems


def pa_table(batches: Any) -> list[dict[str, Any]]:
    import pyarrow as pa

    return list(pa.Table.from_batches(list(batches)).to_pylist())


def test_a_pools_amount_outside_its_range_is_a_row_problem(pools: cs.Standard) -> None:
    from community_standards.scoring.columnar import score_table

    problems: list[Any] = []
    table = _table(**{"deduction.total.finding": ["4", "", "", ""]})
    found = score_table(pools, table, problems=problems)
    assert [str(p) for p in problems] == [
        "<table>: row 2, column 'deduction.total.finding': deduction 'finding' of the total: "
        "4 is outside 1 to 3 points"
    ]
    assert [row["community.id"] for row in found.to_pylist()] == ["b", "c", "d"]


def test_an_amount_column_names_a_pools_ranged_deduction(pools: cs.Standard) -> None:
    from community_standards.formats.table import table_layout

    with pytest.raises(cs.EvidenceError) as caught:
        table_layout([*TABLE, "deduction.service.x", "deduction.total.complaint"], pools)
    messages = [p.message for p in caught.value.problems]
    assert any("'service'" in m for m in messages), messages
    assert any(
        "the total has no deduction 'complaint' left to the assessor" in m for m in messages
    ), messages


def test_the_workbook_has_the_pools_amounts(pools: cs.Standard, tmp_path: Path) -> None:
    import io

    import openpyxl

    from community_standards.formats.workbook import evidence_workbook

    book = openpyxl.load_workbook(io.BytesIO(evidence_workbook(pools)))
    sheet = book["deductions"]
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[:3] for row in rows[1:]] == [
        ("order", "order", "criminal"),
        ("total", "total", "finding"),
    ]
    values = {**QUIET, "criminal_cases": 2, "inspection_passed": False}
    for row in book["facts"].iter_rows(min_row=2):
        row[6].value = values[str(row[0].value)]
    sheet["G2"] = "5; 7"
    sheet["G3"] = 4
    path = tmp_path / "filled.xlsx"
    book.save(path)
    with pytest.raises(cs.EvidenceError) as caught:
        cs.load_evidence(path, pools)
    assert [str(p) for p in caught.value.problems] == [
        "deductions!G3: deduction 'finding' of the total: 4 is outside 1 to 3 points"
    ]
    sheet["G3"] = 3
    book.save(path)
    read_back = cs.load_evidence(path, pools)
    assert read_back.deductions == {"order": {"criminal": 12}, "total": {"finding": 3}}
    card = cs.score(pools, read_back)
    assert card.categories[0].points == 8  # 20 - 12
    assert card.total == 15  # 18 - 3


def test_the_evidence_schema_of_a_standard_lists_the_pools_amounts(pools: cs.Standard) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from community_standards.formats.schema import evidence_schema

    schema = evidence_schema(pools)
    amounts = schema["properties"]["deductions"]["properties"]
    assert set(amounts) == {"order", "total"}
    assert amounts["order"]["properties"]["criminal"]["description"] == "5 to 10 points per case"
    data = json.loads(document({"order": {"criminal": 12}, "total": {"finding": 2}}))
    jsonschema.validate(data, schema)


def test_strict_mode_asks_for_the_facts_the_pools_read(pools: cs.Standard) -> None:
    """A pool whose evidence is missing is taken to its floor: strict mode demands its
    counts and what its triggers read, naming the pool (the category, or the total)."""
    unknown = ("disputes", "criminal_cases", "inspection_passed")
    given = {key: value for key, value in QUIET.items() if key not in unknown}
    text = json.dumps({"community": {"id": "p", "name": "P"}, "facts": given})
    evidence = cs.loads_evidence(text, pools, "e.json", fmt="json")
    assert cs.missing_facts(pools, evidence) == {
        "disputes": ("order",),
        "criminal_cases": ("order",),
        "inspection_passed": ("total",),
    }
    card = cs.score(pools, evidence)
    assert card.categories[0].points == 4  # the floor, as strict mode warns
    with pytest.raises(cs.EvidenceError) as caught:
        cs.loads_evidence(text, pools, "e.json", fmt="json", strict=True)
    lines = [f"{p.path}: {p.message}" for p in caught.value.problems]
    assert lines == [
        "facts.disputes: fact 'disputes' is missing (strict mode); "
        "the deduction pool 'order' reads it",
        "facts.criminal_cases: fact 'criminal_cases' is missing (strict mode); "
        "the deduction pool 'order' reads it",
        "facts.inspection_passed: fact 'inspection_passed' is missing (strict mode); "
        "the deduction pool 'total' reads it",
    ]
    assert problem_text(caught.value.problems[2], "zh") == (
        "facts.inspection_passed: 缺少事实 'inspection_passed'（严格模式）；扣分池 'total' 要用到它"
    )
    complete = json.dumps({"community": {"id": "p", "name": "P"}, "facts": QUIET})
    assert cs.missing_facts(pools, cs.loads_evidence(complete, pools, "e.json", fmt="json")) == {}
