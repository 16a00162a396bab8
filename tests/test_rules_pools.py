"""Deduction pools: a category's deductions taken off what it counts, deductions from the
total (倒扣), and the floors they never go below.

docs/reference/example-pools.toml: Public order (20 points: patrols 10, mediation 10) with
a pool (2 per unresolved dispute, 3 for no safety ledger, at most 8, floor 4), Services
(10), and 1 point off the total per upheld complaint (at most 5, floor 10); 30 points,
18 to pass.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

import community_standards as cs
from community_standards.reports.standard import standard_summary, standard_text
from community_standards.scoring.evaluate import compile_standard, score_plan

EXAMPLE = Path("docs/reference/example-pools.toml")
FULL: dict[str, cs.FactValue] = {
    "patrols_held": True,
    "mediation_room": True,
    "disputes": 0,
    "ledger_kept": True,
    "service_hall": True,
    "complaints_upheld": 0,
}


@pytest.fixture(scope="module")
def pools() -> cs.Standard:
    return cs.load_standard(EXAMPLE)


def card(standard: cs.Standard, **facts: cs.FactValue | None) -> cs.Scorecard:
    given = {key: value for key, value in {**FULL, **facts}.items() if value is not None}
    return cs.score(standard, cs.Evidence(community=cs.Community(id="p", name="P"), facts=given))


@pytest.mark.parametrize(
    ("facts", "order", "total", "passed"),
    [
        ({}, 20, 30, True),
        # 3 disputes 6 + no ledger 3 = 9, at most 8: 20 - 8 = 12; 2 complaints: 22 - 2 = 20
        ({"disputes": 3, "ledger_kept": False, "complaints_upheld": 2}, 12, 20, True),
        # the pool stops at the category's floor: 10 - 8 would be 2, it is 4
        ({"patrols_held": False, "disputes": 5}, 4, 14, False),
        # below the floor already (nothing earned): the pool takes nothing more, nor raises it
        ({"patrols_held": False, "mediation_room": False, "disputes": 1}, 0, 10, False),
        # 9 complaints, at most 5: 18 - 5 = 13; 3 complaints from 10: the total's floor, 10
        ({"patrols_held": False, "disputes": 1, "complaints_upheld": 9}, 8, 13, False),
        ({"patrols_held": False, "mediation_room": False, "complaints_upheld": 3}, 0, 10, False),
        # 18 exactly passes; one complaint more does not
        ({"patrols_held": False, "disputes": 1, "complaints_upheld": 0}, 8, 18, True),
        ({"patrols_held": False, "disputes": 1, "complaints_upheld": 1}, 8, 17, False),
    ],
)  # fmt: skip
def test_pools_and_floors(
    pools: cs.Standard, facts: dict[str, cs.FactValue], order: int, total: int, passed: bool
) -> None:
    result = card(pools, **facts)
    assert result.categories[0].score == order
    assert result.total == total
    assert result.passed is passed


def test_the_reasons_name_the_numbers(pools: cs.Standard) -> None:
    result = card(pools, disputes=3, ledger_kept=False, complaints_upheld=2)
    assert [r.en for r in result.categories[0].reasons] == [
        "unresolved disputes: 3, minus 6 points",
        "no safety ledger: minus 3 points",
        "deductions of 9 points in all, capped at 8",
        "Public order: 8 points deducted, 20 counted as 12",
    ]
    assert [r.en for r in result.effects] == [
        "complaints upheld: 2, minus 2 points",
        "2 points deducted from the total: 22 → 20",
    ]
    assert result.effects[-1].zh == "从总分倒扣 2 分：22 → 20"
    floored = card(pools, patrols_held=False, disputes=5)
    assert floored.categories[0].reasons[-1].en == (
        "Public order: 8 points deducted, 10 counted as 4 (not below 4)"
    )
    assert (
        floored.categories[0].reasons[-1].zh
        == "治安秩序扣分 8 分：由 10 分计为 4 分（不低于 4 分）"
    )


def test_missing_evidence_takes_a_pool_down_to_its_floor(pools: cs.Standard) -> None:
    result = card(pools, disputes=None, complaints_upheld=None)
    assert result.categories[0].score == 4
    assert result.total == 10  # 4 + 10 = 14, the total's deductions unknown: its floor
    assert [r.en for r in result.categories[0].reasons] == [
        "no evidence: unresolved disputes (disputes)",
        "Public order: evidence missing for its deductions, counted as 4",
    ]
    assert result.effects[-1].en == (
        "evidence missing for the deductions from the total: the total is 10"
    )


def test_every_engine_scores_pools_alike(pools: cs.Standard) -> None:
    rows = [
        {},
        {"disputes": 3, "ledger_kept": False, "complaints_upheld": 2},
        {"patrols_held": False, "disputes": 5},
        {"patrols_held": False, "mediation_room": False, "complaints_upheld": 3},
        {"patrols_held": False, "disputes": 1, "complaints_upheld": 9},
    ]
    evidence = [
        cs.Evidence(community=cs.Community(id=f"c{n}", name="C"), facts={**FULL, **row})
        for n, row in enumerate(rows)
    ]
    plan = compile_standard(pools)

    for item in evidence:
        fast, full = cs.score(pools, item), score_plan(plan, item, explain_all=True)
        assert fast == full
    pa = pytest.importorskip("pyarrow")
    from community_standards.scoring.columnar import score_table

    columns: dict[str, list[object]] = {
        "community.id": [item.community.id for item in evidence],
        "community.name": [item.community.name for item in evidence],
    }
    for key in FULL:
        columns[key] = [item.facts[key] for item in evidence]
    scored = score_table(pools, pa.table(columns)).to_pylist()
    expected = [cs.score(pools, item) for item in evidence]
    assert [Fraction(str(row["total"])) for row in scored] == [e.total for e in expected]
    assert [row["passed"] for row in scored] == [e.passed for e in expected]


def test_validation_names_the_paths(pools: cs.Standard) -> None:
    order = pools.categories[0]
    bad = attrs.evolve(
        pools,
        floor=Decimal(31),
        categories=(
            attrs.evolve(order, floor=Decimal(-1), deduction_limit=Decimal(-2)),
            attrs.evolve(pools.categories[1], floor=Decimal(2)),
        ),
    )
    with pytest.raises(cs.StandardError) as caught:
        cs.validate_standard(bad, "pools.toml")
    found = {(p.path, p.message) for p in caught.value.problems}
    assert ("floor", "a floor of 31 is above the 30 points it is a floor of") in found
    assert ("categories[0].floor", "a floor cannot be negative") in found
    assert ("categories[0].deduction_limit", "a deduction limit cannot be negative") in found
    assert ("categories[1].floor", "a floor needs deductions beside it") in found
    unknown = attrs.evolve(
        pools, deductions=(cs.Deduction(fact="no_such_fact", points=Decimal(1)),)
    )
    with pytest.raises(cs.StandardError) as caught:
        cs.validate_standard(unknown, "pools.toml")
    assert any(p.path.startswith("deductions[0]") for p in caught.value.problems)


def test_show_and_diff_say_the_pools(pools: cs.Standard) -> None:
    text = standard_text(pools, "en")
    assert "from the total, down to 10: minus 1 per complaints upheld" in text
    assert "from the category, down to 4: at most 8 deducted in all" in text
    assert "本类扣分（最低 4 分）：每未化解纠纷起数扣 2 分" in standard_text(pools, "zh")
    summary = json.loads(json.dumps(standard_summary(pools), default=str))
    assert summary["categories"][0]["floor"] == 4
    order = pools.categories[0]
    changed = attrs.evolve(
        pools,
        floor=Decimal(12),
        deductions=(),
        categories=(attrs.evolve(order, floor=Decimal(2)), pools.categories[1]),
    )
    changes = cs.diff(pools, changed)
    kinds = sorted(change.kind.value for change in changes)
    assert kinds == ["category.deductions_changed", "setting.changed", "setting.changed"]
    words = sorted(change.description.en for change in changes)
    assert words == [
        'Category "Public order" floor 4 → 2',
        "Floor: 10 → 12",
        "The deductions from the total changed",
    ]


def test_pools_are_written_and_read_back(pools: cs.Standard, tmp_path: Path) -> None:
    written = tmp_path / "pools.toml"
    written.write_text(cs.dumps_standard(pools), encoding="utf-8")
    assert cs.load_standard(written) == pools


def test_the_template_names_the_pools_that_read_a_fact(pools: cs.Standard) -> None:
    from community_standards.formats.template import evidence_template

    text = evidence_template(pools)
    after = text.split("# disputes", 1)[0].rsplit("##   used by: ", 1)[1]
    assert after.strip() == "order (deductions)"
    assert "##   used by: total (deductions)" in text


def test_the_workbook_template_names_the_pools_too(pools: cs.Standard) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    import io

    from community_standards.formats.workbook import evidence_workbook

    book = openpyxl.load_workbook(io.BytesIO(evidence_workbook(pools)))
    rows = {row[0]: row[5] for row in book["facts"].iter_rows(min_row=2, values_only=True)}
    assert rows["disputes"] == "order (deductions)"
    assert rows["complaints_upheld"] == "total (deductions)"
    assert rows["patrols_held"] == "1"
