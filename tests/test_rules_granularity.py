"""Point granularity: the points an assessor may give (LEED: 2 or 4; whole points only)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import community_standards as cs
from community_standards.formats.table import RowProblem, table_layout
from community_standards.formats.template import evidence_template
from community_standards.messages.checks import describe_indicator
from community_standards.scoring.columnar import score_table
from community_standards.scoring.table import score_batches

STANDARD = """
id = "leed-like"
version = "1"
title = { en = "LEED-like" }
total_points = 7
pass_mark = 2

[[facts]]
key = "metered"
kind = "boolean"
description = { en = "energy is metered" }

[[categories]]
id = "ea"
title = { en = "Energy and atmosphere" }
points = 7

[[categories.indicators]]
id = "EAc2"
number = "EAc2"
text = { en = "Optimise energy performance" }
points = 4
point_values = [2, 4]
checks = [{ kind = "assessed", label = { en = "energy modelled" } }]

[[categories.indicators]]
id = "EAc3"
number = "EAc3"
text = { en = "Advanced energy metering" }
points = 3
whole_points = true
partial_credit = 0
checks = [
  { kind = "boolean", fact = "metered" },
  { kind = "assessed", label = { en = "metering plan" } },
]
"""


@pytest.fixture(scope="module")
def standard() -> cs.Standard:
    return cs.loads_standard(STANDARD)


def _evidence(standard: cs.Standard, points: dict[str, str]) -> cs.Evidence:
    judged = "".join(f"[judgements.{key}]\npoints = {value}\n" for key, value in points.items())
    text = f'[community]\nid = "c"\nname = "n"\n[facts]\nmetered = true\n{judged}'
    return cs.loads_evidence(text, standard)


def test_allowed_points_score_as_given(standard: cs.Standard) -> None:
    card = cs.score(standard, _evidence(standard, {"EAc2": "2", "EAc3": "2"}))
    assert [r.awarded for r in card.indicators] == [2, 2]
    assert card.total == 4
    card = cs.score(standard, _evidence(standard, {"EAc2": "0", "EAc3": "3"}))
    assert [r.awarded for r in card.indicators] == [0, 3]


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (
            {"EAc2": "3"},
            "judgements.EAc2.points: indicator 'EAc2' takes 0, 2 or 4 points; 3 is not one of them",
        ),
        (
            {"EAc2": "1"},
            "judgements.EAc2.points: indicator 'EAc2' takes 0, 2 or 4 points; 1 is not one of them",
        ),
        (
            {"EAc3": "1.5"},
            "judgements.EAc3.points: indicator 'EAc3' takes whole points from 0 to 3; "
            "1.5 is not one of them",
        ),
    ],
)
def test_points_outside_the_allowed_values_are_an_evidence_error(
    standard: cs.Standard, points: dict[str, str], message: str
) -> None:
    with pytest.raises(cs.EvidenceError) as caught:
        _evidence(standard, points)
    assert [f"{p.path}: {p.message}" for p in caught.value.problems] == [message]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "point_values = [2, 4]",
            "point_values = [4, 2]",
            "categories[0].indicators[0].point_values[1]: allowed values must rise",
        ),
        (
            "point_values = [2, 4]",
            "point_values = [2, 3]",
            "categories[0].indicators[0].point_values: the largest allowed value must be the "
            "indicator's 4 points (what a judgement of met gives)",
        ),
        (
            "point_values = [2, 4]",
            "point_values = [0, 4]",
            "categories[0].indicators[0].point_values[0]: an allowed value lies above 0 and at "
            "most the indicator's 4 points",
        ),
        (
            "point_values = [2, 4]",
            "point_values = [1, 4]",
            "categories[0].indicators[0].partial_credit: a judgement of partly met gives 2 "
            "points, which point_values does not allow (0, 1 or 4 points); set partial_credit",
        ),
        (
            "partial_credit = 0\n",
            "partial_credit = 0.5\n",
            "categories[0].indicators[1].partial_credit: a judgement of partly met gives 1.5 "
            "points, which whole_points does not allow (whole points from 0 to 3); set "
            "partial_credit",
        ),
        (
            'checks = [{ kind = "assessed", label = { en = "energy modelled" } }]',
            'award = "proportional"\n'
            'checks = [{ kind = "assessed", label = { en = "energy modelled" } }]',
            'categories[0].indicators[0].point_values: point_values needs award = "all" '
            "(the judgement gives the points)",
        ),
        (
            'checks = [{ kind = "assessed", label = { en = "energy modelled" } }]',
            'checks = [{ kind = "boolean", fact = "metered" }]',
            "categories[0].indicators[0].point_values: point_values restricts an assessor's "
            "points: it needs an assessed check",
        ),
    ],
)
def test_granularity_is_validated_with_paths(old: str, new: str, problem: str) -> None:
    assert old in STANDARD
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(STANDARD.replace(old, new, 1))
    assert problem in [f"{p.path}: {p.message}" for p in caught.value.problems]


def test_files_without_granularity_dump_as_before(standard: cs.Standard) -> None:
    text = cs.dumps_standard(standard)
    assert "point_values = [\n    2,\n    4,\n]" in text
    assert "whole_points = true" in text
    assert cs.loads_standard(text) == standard
    plain = cs.load_standard("docs/reference/example-standard.toml")
    assert "point_values" not in cs.dumps_standard(plain)
    assert "whole_points" not in cs.dumps_standard(plain)


def test_show_template_and_diff_name_the_allowed_points(standard: cs.Standard) -> None:
    facts = {fact.key: fact for fact in standard.facts}
    assert describe_indicator(standard.indicator("EAc2"), facts, "en")[-1] == (
        "an assessor gives 0, 2 or 4 points"
    )
    assert describe_indicator(standard.indicator("EAc2"), facts, "zh")[-1] == (
        "评估给分只取 0、2、4 分"
    )
    assert describe_indicator(standard.indicator("EAc3"), facts, "zh")[-1] == "评估给分只取整数分"
    template = evidence_template(standard)
    assert "##   points: 0, 2 or 4 points\n# [judgements.EAc2]" in template
    assert "##   points: whole points from 0 to 3\n# [judgements.EAc3]" in template
    changed = cs.loads_standard(
        STANDARD.replace("point_values = [2, 4]", "point_values = [1, 2, 4]")
    )
    changes = cs.diff(standard, changed)
    found = changes.of_kind(cs.ChangeKind.INDICATOR_GRANULARITY_CHANGED)
    assert len(found) == 1
    assert found[0].path.endswith(".point_values")
    assert "allowed points 2, 4 → 1, 2, 4" in found[0].description.en


def _rows(standard: cs.Standard, cells: list[str]) -> pa.Table:
    return pa.table(
        {
            "community.id": [f"c{n}" for n in range(len(cells))],
            "community.name": ["n"] * len(cells),
            "metered": ["true"] * len(cells),
            "judgement.EAc2": cells,
            "judgement.EAc3": ["met"] * len(cells),
        }
    )


def test_the_columnar_engine_refuses_the_same_rows(standard: cs.Standard) -> None:
    table = _rows(standard, ["2", "3", "4", "0", "1.0", "2.0", "met", "4.5"])
    problems: list[RowProblem] = []
    found = score_table(standard, table, problems=problems)
    layout = table_layout(table.column_names, standard)
    expected: list[RowProblem] = []
    list(score_batches(layout, table.column_names, table.to_batches(), expected))
    assert [str(p) for p in problems] == [str(p) for p in expected]
    assert [p.row for p in problems] == [3, 6, 9]
    assert found.column("indicator.EAc2.awarded").to_pylist() == ["2", "4", "0", "2", "4"]


@given(
    values=st.lists(st.integers(1, 8), min_size=1, max_size=4, unique=True).map(sorted),
    whole=st.booleans(),
    given_points=st.sampled_from([Fraction(n, 2) for n in range(19)]),
)
def test_what_an_assessor_may_give_is_what_the_docs_say(
    values: list[int], whole: bool, given_points: Fraction
) -> None:
    """The reference: 0 to the indicator's points; 0 or one of ``point_values`` when listed;
    a whole number with ``whole_points``."""
    top = Decimal(values[-1])
    indicator = cs.Indicator(
        id="i", number="1", text=cs.Text(en="i"), points=top, partial_credit=Decimal(0),
        point_values=tuple(Decimal(v) for v in values), whole_points=whole,
        checks=(cs.AssessedCheck(label=cs.Text(en="judged")),),
    )  # fmt: skip
    standard = cs.Standard(
        id="g", version="1", title=cs.Text(en="g"), total_points=top, pass_mark=Decimal(0),
        categories=(cs.Category(id="c", title=cs.Text(en="c"), points=top, indicators=(indicator,)),),
    )  # fmt: skip
    cs.validate_standard(standard)
    expected = (
        0 <= given_points <= values[-1]
        and (given_points == 0 or given_points in values)
        and (not whole or given_points.denominator == 1)
    )
    document = {
        "community": {"id": "c", "name": "n"},
        "judgements": {"i": {"points": Decimal(given_points.numerator) / given_points.denominator}},
    }
    try:
        evidence = cs.evidence_from_dict(document, standard)
    except cs.EvidenceError:
        accepted = False
    else:
        accepted = True
        assert cs.score(standard, evidence).total == given_points
    assert accepted is expected
