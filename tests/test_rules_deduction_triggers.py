"""Deductions triggered by any check (a yes/no fact, a threshold, a ratio), beside
deductions counted per incident.

docs/reference/example-deductions.toml: one indicator of 20 points; no ledger minus 2,
satisfaction below 80 % minus 5, a case rate above 1 % minus 3, minus 1 per dispute.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import attrs
import pyarrow as pa
import pytest

import community_standards as cs
from community_standards.scoring.columnar import score_table

EXAMPLE = Path("docs/reference/example-deductions.toml")
FULL: dict[str, cs.FactValue] = {
    "ledger_kept": True,
    "satisfaction": Fraction(85, 100),
    "cases": 1,
    "households": 100,
    "disputes": 0,
}


@pytest.fixture(scope="module")
def triggered() -> cs.Standard:
    return cs.load_standard(EXAMPLE)


def evidence(**facts: cs.FactValue) -> cs.Evidence:
    return cs.Evidence(community=cs.Community(id="d", name="D"), facts={**FULL, **facts})


@pytest.mark.parametrize(
    ("facts", "awarded"),
    [
        ({}, 20),
        ({"ledger_kept": False}, 18),
        # below 80 % (低于: strict): 79.9 % triggers, 80 % does not
        ({"satisfaction": Fraction(799, 1000)}, 15),
        ({"satisfaction": Fraction(80, 100)}, 20),
        # above 1 % (超过: strict): 1 of 100 does not trigger, 2 of 100 does
        ({"cases": 2}, 17),
        # every finding and three disputes: 20 - 2 - 5 - 3 - 3 = 7
        ({"ledger_kept": False, "satisfaction": Fraction(1, 2), "cases": 5, "disputes": 3}, 7),
        # never below 0
        ({"ledger_kept": False, "satisfaction": Fraction(1, 2), "cases": 5, "disputes": 30}, 0),
    ],
)
def test_a_finding_costs_its_points_once(
    triggered: cs.Standard, facts: dict[str, cs.FactValue], awarded: int
) -> None:
    assert cs.score(triggered, evidence(**facts)).indicator("order").awarded == awarded


def test_reasons_name_each_finding(triggered: cs.Standard) -> None:
    result = cs.score(triggered, evidence(ledger_kept=False, cases=2)).indicator("order")
    assert [r.en for r in result.reasons] == [
        "no ledger: minus 2 points",
        "households with a case per households more than 1 %: minus 3 points",
    ]
    assert result.reasons[0].zh == "未建立台账，扣 2 分"


def test_a_trigger_without_its_fact_is_not_assessed(triggered: cs.Standard) -> None:
    facts = dict(FULL)
    del facts["ledger_kept"]
    card = cs.score(triggered, cs.Evidence(community=cs.Community(id="d", name="D"), facts=facts))
    result = card.indicator("order")
    assert result.status is cs.IndicatorStatus.NOT_ASSESSED
    assert [r.kind for r in result.reasons] == ["missing"]


def test_triggers_are_validated(triggered: cs.Standard) -> None:
    indicator = triggered.categories[0].indicators[0]
    first = indicator.deductions[0]
    bad = (
        attrs.evolve(first, fact="disputes"),  # a count beside a trigger
        attrs.evolve(first, when=cs.AssessedCheck(label=cs.Text(en="judged"))),
        attrs.evolve(first, when=cs.BooleanCheck(fact="ledger")),
        cs.Deduction(points=first.points),  # neither
    )
    changed = attrs.evolve(indicator, deductions=(*bad, *indicator.deductions[1:]))
    broken = attrs.evolve(
        triggered, categories=(attrs.evolve(triggered.categories[0], indicators=(changed,)),)
    )
    problems = {(p.path, p.message.split(":")[0]) for p in cs.standard_problems(broken)}
    base = "categories[0].indicators[0].deductions"
    paths = {path for path, _ in problems}
    assert f"{base}[0].fact" in paths
    assert f"{base}[1].when" in paths
    assert f"{base}[2].when.fact" in paths
    assert f"{base}[3].fact" in paths


def test_the_columnar_engine_takes_the_same(triggered: cs.Standard) -> None:
    rows: list[dict[str, cs.FactValue]] = [
        {},
        {"ledger_kept": False},
        {"satisfaction": Fraction(799, 1000)},
        {"satisfaction": Fraction(80, 100), "cases": 2},
        {"ledger_kept": False, "satisfaction": Fraction(1, 2), "cases": 5, "disputes": 3},
        {"households": 0},
    ]
    columns: dict[str, list[str]] = {"community.id": [], "community.name": []}
    for n, row in enumerate(rows):
        columns["community.id"].append(f"c{n}")
        columns["community.name"].append(f"C{n}")
        for key, value in {**FULL, **row}.items():
            columns.setdefault(key, []).append(str(value).lower())
    got = score_table(triggered, pa.table(columns)).to_pylist()
    for n, row in enumerate(rows):
        card = cs.score(triggered, evidence(**row))
        assert Fraction(got[n]["indicator.order.awarded"]) == card.indicator("order").awarded, row


def test_show_and_the_round_trip(triggered: cs.Standard) -> None:
    from community_standards.reports.standard import standard_text

    text = standard_text(triggered, "en")
    assert "minus 5 if residents' satisfaction less than 80 % (satisfaction)" in text
    assert "未建立台账：并非：建立工作台账（ledger_kept）时扣 2 分" in standard_text(
        triggered, "zh"
    )
    assert cs.loads_standard(cs.dumps_standard(triggered)) == triggered
