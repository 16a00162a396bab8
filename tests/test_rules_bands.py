"""Band tables: graded points (or deductions) from a number or a ratio, in uneven steps."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pyarrow as pa
import pytest

import community_standards as cs
from community_standards.formats.table import RowProblem, table_layout
from community_standards.formats.template import evidence_template
from community_standards.messages.checks import describe_indicator
from community_standards.scoring.columnar import score_table
from community_standards.scoring.table import score_batches

S = cs.IndicatorStatus
EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "reference" / "example-bands.toml"
TEXT = EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def graded() -> cs.Standard:
    return cs.load_standard(EXAMPLE)


def _card(standard: cs.Standard, **facts: object) -> cs.Scorecard:
    return cs.score(
        standard,
        cs.evidence_from_dict({"community": {"id": "c", "name": "n"}, "facts": facts}, standard),
    )


@pytest.mark.parametrize(
    ("saving", "points"),
    [
        ("11.9 %", 0),
        ("12 %", 1),
        ("13.9 %", 1),
        ("14 %", 2),
        ("29.99 %", 5),
        ("30 %", 10),
        ("47 %", 10),
        ("48 %", 19),
        ("100 %", 19),
        ("0.2 dimensionless", 5),
    ],
)
def test_the_band_reached_gives_its_points(graded: cs.Standard, saving: str, points: int) -> None:
    card = _card(graded, energy_saving=saving, cases=0, households=100)
    energy = card.indicator("energy")
    assert energy.awarded == points
    assert energy.status is (S.MET if points == 19 else S.NOT_MET if points == 0 else S.PARTLY_MET)
    assert len(energy.reasons) == (0 if points == 19 else 1)


@pytest.mark.parametrize(
    ("cases", "households", "left"),
    [(6, 100, 10), (7, 100, 7), (8, 100, 4), (9, 100, 0), (61, 1000, 7), (81, 1000, 0)],
)
def test_strict_bounds_deduct_only_above_the_rate(
    graded: cs.Standard, cases: int, households: int, left: int
) -> None:
    """发案率 > 6 % 扣 3, > 7 % 扣 6, > 8 % 扣 10: exactly 6 % deducts nothing."""
    card = _card(graded, energy_saving="48 %", cases=cases, households=households)
    assert card.indicator("case-rate").awarded == left
    assert card.total == 19 + left


def test_one_reason_names_the_band_and_the_next(graded: cs.Standard) -> None:
    card = _card(graded, energy_saving="14.5 %", cases=8, households=100)
    energy, rate = card.indicator("energy"), card.indicator("case-rate")
    assert [r.en for r in energy.reasons] == [
        "energy saving 14.5 % is in the band ≥ 14 % (2 points); the next is ≥ 20 % (5 points)"
    ]
    assert [r.zh for r in energy.reasons] == [
        "节能率 14.5 %，处于“不低于 14 %，得 2 分”一档；下一档为“不低于 20 %，得 5 分”"
    ]
    assert [r.en for r in rate.reasons] == [
        "households with a case per households 8 % is in the band > 7 % (minus 6 points); "
        "the next is > 8 % (minus 10 points)"
    ]
    assert energy.reasons[0].kind == "band"
    assert energy.reasons[0].check == "bands"


def test_missing_and_zero_denominators(graded: cs.Standard) -> None:
    card = _card(graded, cases=3, households=0)
    assert card.indicator("energy").status is S.NOT_ASSESSED
    assert card.indicator("energy").reasons[0].en == "no evidence: energy saving (energy_saving)"
    rate = card.indicator("case-rate")
    assert (rate.status, rate.awarded) == (S.NOT_MET, Fraction(0))
    assert rate.reasons[0].en == "households is 0: there is no ratio, read as not met"
    met = cs.loads_standard(
        TEXT.replace('effect = "deduct",', 'effect = "deduct", when_zero = "met",')
    )
    assert (
        _card(met, energy_saving="1 %", cases=3, households=0).indicator("case-rate").awarded == 10
    )


def _problems(text: str) -> list[str]:
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(text)
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


BANDS = "categories[0].indicators[0].bands"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            '{ minimum = "14 %", points = 2 }',
            '{ minimum = "11 %", points = 2 }',
            f"{BANDS}.steps[1].minimum: each step is harder to reach than the one before: "
            "minimum 11 is not above minimum 12",
        ),
        (
            '{ minimum = "14 %", points = 2 }',
            '{ more_than = "12 %", points = 2 }',
            None,  # the same limit, strict after inclusive: harder to reach
        ),
        (
            '{ minimum = "14 %", points = 2 }',
            '{ minimum = "14 %", points = 1 }',
            f"{BANDS}.steps[1].points: each step is worth more than the one before",
        ),
        (
            '{ minimum = "14 %", points = 2 }',
            '{ maximum = "14 %", points = 2 }',
            f"{BANDS}.steps: the steps bound the value from one side: all from below "
            "(minimum, more_than) or all from above (maximum, less_than)",
        ),
        (
            '{ minimum = "14 %", points = 2 }',
            '{ minimum = "14 %", maximum = "20 %", points = 2 }',
            f"{BANDS}.steps[1]: a step has one bound: minimum, more_than, maximum or less_than",
        ),
        (
            '{ minimum = "48 %", points = 19 }',
            '{ minimum = "48 %", points = 18 }',
            f"{BANDS}.steps[4].points: the top step gives 18 points; the indicator is worth 19",
        ),
        (
            '{ more_than = "8 %", points = 10 }',
            '{ more_than = "8 %", points = 11 }',
            "categories[0].indicators[1].bands.steps[2].points: the last step takes off 11 "
            "points, more than the indicator's 10",
        ),
        (
            '{ minimum = "14 %", points = 2 }',
            '{ minimum = "14 person", points = 2 }',
            f"{BANDS}.steps[1].minimum: 'person' ([person]) cannot be converted to '%' (dimensionless)",
        ),
        (
            'bands = { fact = "energy_saving",',
            'bands = { fact = "energy_savings",',
            f"{BANDS}.fact: fact 'energy_savings' is not declared in [[facts]]; did you mean 'energy_saving'?",
        ),
        (
            'bands = { fact = "energy_saving",',
            'bands = { fact = "energy_saving", numerator = "cases",',
            f"{BANDS}: bands grade a fact or a ratio (numerator and denominator), not both",
        ),
        (
            'points = 19\naward = "bands"',
            'points = 19\naward = "all"',
            'categories[0].indicators[0].award: a band table needs award = "bands"',
        ),
        (
            'points = 19\naward = "bands"',
            'points = 19\naward = "bands"\nchecks = [{ kind = "assessed", label = { en = "x" } }]',
            "categories[0].indicators[0].checks: an indicator graded by bands has no checks",
        ),
        (
            'effect = "deduct",',
            'effect = "deduct", when_zero = "not_applicable",',
            'categories[0].indicators[1].bands.when_zero: when_zero = "not_applicable" needs '
            'a standard whose not_applicable policy is "zero" or "rescale"',
        ),
    ],
)
def test_band_tables_are_validated_with_paths(old: str, new: str, problem: str | None) -> None:
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    if problem is None:
        cs.loads_standard(text)
        return
    assert problem in _problems(text)


def test_award_bands_without_a_table_is_refused() -> None:
    text = TEXT.replace('points = 19\naward = "bands"', 'points = 19\naward = "bands"\n', 1)
    start = text.index('bands = { fact = "energy_saving"')
    end = text.index("] }", start) + 3
    problems = _problems(
        text[:start] + 'checks = [{ kind = "assessed", label = { en = "x" } }]' + text[end:]
    )
    assert (
        'categories[0].indicators[0].bands: award = "bands" needs a band table (bands)' in problems
    )


def test_dump_load_show_template_and_diff(graded: cs.Standard) -> None:
    assert cs.loads_standard(cs.dumps_standard(graded)) == graded
    facts = {fact.key: fact for fact in graded.facts}
    assert describe_indicator(graded.indicator("energy"), facts, "en")[0] == (
        "energy saving (energy_saving) at least 12 %: 1 point"
    )
    assert describe_indicator(graded.indicator("case-rate"), facts, "zh") == [
        "发案户数与户数之比大于 6 %：扣 3 分",
        "发案户数与户数之比大于 7 %：扣 6 分",
        "发案户数与户数之比大于 8 %：扣 10 分",
    ]
    assert "used by: 1 energy" in evidence_template(graded)
    changed = cs.loads_standard(
        TEXT.replace('{ minimum = "30 %", points = 10 }', '{ minimum = "32 %", points = 10 }')
    )
    found = cs.diff(graded, changed).of_kind(cs.ChangeKind.INDICATOR_BANDS_CHANGED)
    assert [change.path for change in found] == ["indicators.energy.bands"]


def test_files_without_bands_load_and_dump_as_before(tianjin: cs.Standard) -> None:
    assert "bands" not in cs.dumps_standard(tianjin)
    assert all(indicator.bands is None for _, indicator in tianjin.indicators())


def test_the_columnar_engine_grades_the_same(graded: cs.Standard) -> None:
    rows = [("11 %", "6", "100"), ("48 %", "7", "100"), ("30", "9", "100"), (None, "1", "0"),
            ("0.2", "-1", "-10")]  # fmt: skip
    table = pa.table(
        {
            "community.id": [f"c{n}" for n in range(len(rows))],
            "community.name": ["n"] * len(rows),
            "energy_saving": [row[0] for row in rows],
            "cases": [row[1] for row in rows],
            "households": [row[2] for row in rows],
        }
    )
    problems: list[RowProblem] = []
    found = score_table(graded, table, problems=problems).to_pylist()
    assert [(r["indicator.energy.awarded"], r["indicator.case-rate.awarded"]) for r in found] == [
        ("0", "10"), ("19", "7"), ("10", "0"), ("0", "0"),
    ]  # fmt: skip
    expected: list[RowProblem] = []
    layout = table_layout(table.column_names, graded)
    list(score_batches(layout, table.column_names, table.to_batches(), expected))
    assert [str(p) for p in problems] == [str(p) for p in expected]
    assert {p.row for p in problems} == {6}  # both negative counts


def test_gap_stays_correct_on_bands(graded: cs.Standard) -> None:
    evidence = cs.evidence_from_dict(
        {"community": {"id": "c", "name": "n"},
         "facts": {"energy_saving": "21 %", "cases": 7, "households": 100}},
        graded,
    )  # fmt: skip
    result = cs.gap(graded, evidence, "29")
    # no fix is claimed that scoring does not bear out
    assert result.after.total >= result.card.total
    assert result.reaches is (result.after.total >= 29)
    assert result.card.total == Fraction(12)
