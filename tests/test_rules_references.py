"""References to other indicators' results (LEED Regional Priority).

docs/reference/example-references.toml: EAc2 graded 2 / 4 / 6 by energy saving, SSc4 and
LTc5 worth 2 each (10 points); a Regional Priority bonus category of three 1-point credits
(EAc2 at 4 points or more, SSc4 met, LTc5 met), counting at most 2.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pyarrow as pa
import pytest

import community_standards as cs
from community_standards.reports.standard import standard_text
from community_standards.scoring.columnar import score_table

EXAMPLE = Path("docs/reference/example-references.toml")
FULL: dict[str, cs.FactValue] = {
    "energy_saving": Fraction(25, 100),
    "rainwater": True,
    "transit": True,
}


@pytest.fixture(scope="module")
def regional() -> cs.Standard:
    return cs.load_standard(EXAMPLE)


def evidence(**facts: cs.FactValue) -> cs.Evidence:
    return cs.Evidence(community=cs.Community(id="r", name="R"), facts={**FULL, **facts})


@pytest.mark.parametrize(
    ("facts", "credits", "total"),
    [
        # 4 + 2 + 2 = 8; all three regional credits earned, at most 2 counted: 10
        ({}, [1, 1, 1], 10),
        # EAc2 at 2 points: RPc1 not earned; 2 + 2 + 2 = 6, +2 = 8
        ({"energy_saving": Fraction(15, 100)}, [0, 1, 1], 8),
        # and LTc5 not met: 2 + 2 + 0 = 4, +1 = 5
        ({"energy_saving": Fraction(15, 100), "transit": False}, [0, 1, 0], 5),
        # EAc2 at 6 points keeps "at least 4": 6 + 0 + 0 = 6, +1 = 7
        ({"energy_saving": Fraction(35, 100), "rainwater": False, "transit": False}, [1, 0, 0], 7),
    ],
)
def test_one_point_for_each_listed_credit_earned(
    regional: cs.Standard, facts: dict[str, cs.FactValue], credits: list[int], total: int
) -> None:
    card = cs.score(regional, evidence(**facts))
    assert [card.indicator(i).awarded for i in ("RPc1", "RPc2", "RPc3")] == credits
    assert card.total == total


def test_a_reference_is_explained_with_numbers(regional: cs.Standard) -> None:
    card = cs.score(regional, evidence(energy_saving=Fraction(15, 100), transit=False))
    [short] = card.indicator("RPc1").reasons
    assert short.en == (
        "not met: Optimise energy performance, 4 points: EAc2 earned 2, needs at least 4"
    )
    assert short.zh == "未达到：优化能源性能 4 分：EAc2 得 2 分，要求至少 4 分"
    [unmet] = card.indicator("RPc3").reasons
    assert unmet.en == "not met: LTc5 must be met and is not met"


def test_an_unassessed_reference_leaves_the_reader_unassessed(regional: cs.Standard) -> None:
    facts = dict(FULL)
    del facts["transit"]
    card = cs.score(regional, cs.Evidence(community=cs.Community(id="r", name="R"), facts=facts))
    assert card.indicator("LTc5").status is cs.IndicatorStatus.NOT_ASSESSED
    result = card.indicator("RPc3")
    assert result.status is cs.IndicatorStatus.NOT_ASSESSED
    assert [r.en for r in result.reasons] == ["awaiting the result of LTc5"]


def test_a_reader_before_what_it_reads_is_scored_after_it(regional: cs.Standard) -> None:
    # the Regional Priority category first: the results it reads are still scored first
    moved = attrs.evolve(regional, categories=tuple(reversed(regional.categories)))
    cs.validate_standard(moved)
    card = cs.score(moved, evidence(energy_saving=Fraction(15, 100)))
    assert [r.awarded for r in card.indicators[:3]] == [0, 1, 1]
    assert card.total == 8


def _reading(regional: cs.Standard, check: cs.ResultCheck, at: int = 0) -> cs.Standard:
    rp = regional.categories[1]
    first = attrs.evolve(rp.indicators[at], checks=(check,))
    indicators = (*rp.indicators[:at], first, *rp.indicators[at + 1 :])
    return attrs.evolve(
        regional, categories=(regional.categories[0], attrs.evolve(rp, indicators=indicators))
    )


@pytest.mark.parametrize(
    ("check", "path", "words"),
    [
        (cs.ResultCheck(indicator="EAc3"), "indicator", "did you mean 'EAc2'"),
        (cs.ResultCheck(indicator="RPc1"), "indicator", "cannot read its own result"),
        (cs.ResultCheck(indicator="EAc2", points=Decimal(7)), "points", "from 0 to 6"),
        (cs.ResultCheck(indicator="EAc2", points=Decimal(0)), "points", "more than 0"),
    ],
)
def test_references_are_validated(
    regional: cs.Standard, check: cs.ResultCheck, path: str, words: str
) -> None:
    problems = cs.standard_problems(_reading(regional, check))
    assert [p.path for p in problems] == [f"categories[1].indicators[0].checks[0].{path}"]
    assert words in problems[0].message


def test_a_circle_of_references_is_refused(regional: cs.Standard) -> None:
    one = _reading(regional, cs.ResultCheck(indicator="RPc2"), 0)
    both = _reading(one, cs.ResultCheck(indicator="RPc1"), 1)
    [problem] = cs.standard_problems(both)
    assert problem.message.endswith("RPc1 -> RPc2 -> RPc1")


def test_the_columnar_engine_reads_the_same_results(regional: cs.Standard) -> None:
    rows: list[dict[str, cs.FactValue]] = [
        {},
        {"energy_saving": Fraction(15, 100)},
        {"energy_saving": Fraction(15, 100), "transit": False},
        {"energy_saving": Fraction(35, 100), "rainwater": False, "transit": False},
        {"energy_saving": Fraction(2, 100), "rainwater": False},
    ]
    columns: dict[str, list[str]] = {"community.id": [], "community.name": []}
    for n, row in enumerate(rows):
        columns["community.id"].append(f"c{n}")
        columns["community.name"].append(f"C{n}")
        for key, value in {**FULL, **row}.items():
            columns.setdefault(key, []).append(str(value).lower())
    got = score_table(regional, pa.table(columns)).to_pylist()
    for n, row in enumerate(rows):
        card = cs.score(regional, evidence(**row))
        assert Fraction(got[n]["total"]) == card.total, row
        for result in card.indicators:
            assert Fraction(got[n][f"indicator.{result.id}.awarded"]) == result.awarded, row


def test_show_and_diff(regional: cs.Standard) -> None:
    text = standard_text(regional, "en")
    assert "Optimise energy performance, 4 points (EAc2 earns at least 4)" in text
    assert "- SSc4 met" in text
    assert "SSc4 达到" in standard_text(regional, "zh")
    stricter = _reading(
        regional, cs.ResultCheck(indicator="EAc2", points=Decimal(6), label=None), 0
    )
    kinds = sorted(c.kind.value for c in cs.diff(regional, stricter))
    assert kinds == ["check.relabelled", "check.tightened"]


def test_gates_not_met_are_named_in_the_standards_order(regional: cs.Standard) -> None:
    # a prerequisite reading a result comes first but is scored after the one it reads;
    # blocked_by still names the gates not met in the standard's order, in both engines
    rp, credits = reversed(regional.categories)
    first = attrs.evolve(rp.indicators[0], role=cs.Role.PREREQUISITE)
    rp = attrs.evolve(rp, bonus=False, indicators=(first, *rp.indicators[1:]))
    ssc4 = next(i for i in credits.indicators if i.id == "SSc4")
    gate = attrs.evolve(ssc4, role=cs.Role.PREREQUISITE)
    credits = attrs.evolve(
        credits, indicators=tuple(gate if i is ssc4 else i for i in credits.indicators)
    )
    gated = attrs.evolve(regional, categories=(rp, credits), total_points=Decimal(12))
    cs.validate_standard(gated)
    row: dict[str, cs.FactValue] = {"energy_saving": Fraction(15, 100), "rainwater": False}
    card = cs.score(gated, evidence(**row))
    assert card.blocked_by == ("RPc1", "SSc4")
    columns = {"community.id": ["c"], "community.name": ["C"]}
    columns |= {key: [str(value).lower()] for key, value in {**FULL, **row}.items()}
    assert score_table(gated, pa.table(columns)).to_pylist()[0]["blocked_by"] == "RPc1;SSc4"
