"""Groups of indicators and category caps: alternatives, N of M, caps.

The file docs/reference/example-groups.toml is shaped after LEED v4: the "LEED ND
location" credit (16 points) or the other location credits (10 + 6), and five
exemplary-performance points of which at most 3 count.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

import community_standards as cs

EXAMPLE = Path("docs/reference/example-groups.toml")
S = cs.IndicatorStatus


@pytest.fixture(scope="module")
def groups() -> cs.Standard:
    return cs.load_standard(EXAMPLE)


def evidence(**facts: cs.FactValue) -> cs.Evidence:
    base: dict[str, cs.FactValue] = {
        "nd_certified": False,
        "transit": False,
        "density": False,
        "ideas": 0,
    }
    return cs.Evidence(community=cs.Community(id="a", name="A"), facts={**base, **facts})


@pytest.mark.parametrize(
    ("facts", "location", "innovation"),
    [
        ({}, 0, 0),
        ({"transit": True}, 10, 0),
        ({"transit": True, "density": True}, 16, 0),
        ({"nd_certified": True}, 16, 0),
        # both paths earned: the better one counts, not 32
        ({"nd_certified": True, "transit": True, "density": True}, 16, 0),
        ({"ideas": 2}, 0, 2),
        ({"ideas": 3}, 0, 3),
        ({"ideas": 5}, 0, 3),  # five exemplary points earned, three count
    ],
)
def test_a_category_counts_by_its_groups(
    groups: cs.Standard, facts: dict[str, cs.FactValue], location: int, innovation: int
) -> None:
    card = cs.score(groups, evidence(**facts))
    lt, inn = card.categories
    assert (lt.points, inn.points) == (Fraction(location), Fraction(innovation))
    assert (lt.possible, inn.possible) == (Fraction(16), Fraction(3))
    assert card.total == location + innovation
    assert card.passed is (location + innovation >= 10)


def test_each_indicator_keeps_its_own_result_and_the_category_says_what_was_left_out(
    groups: cs.Standard,
) -> None:
    card = cs.score(groups, evidence(nd_certified=True, transit=True, ideas=4))
    assert card.indicator("LTc1").status is S.MET
    assert card.indicator("LTc2").awarded == 10
    lt, inn = card.categories
    assert [r.en for r in lt.reasons] == [
        "Location path: the best 1 of 2 count; 26 points earned, 16 counted"
    ]
    assert [r.zh for r in lt.reasons] == [
        "Location path：2 项中得分最高的 1 项计分；得 26 分，计 16 分"
    ]
    assert [r.en for r in inn.reasons] == [
        "exemplary: at most 3 points; 4 points earned, 3 counted"
    ]
    # nothing left out, nothing said
    quiet = cs.score(groups, evidence(transit=True, ideas=3))
    assert [c.reasons for c in quiet.categories] == [(), ()]


def test_category_reasons_are_written_and_read_back(groups: cs.Standard) -> None:
    from community_standards.analysis.cards import scorecard_from_dict
    from community_standards.reports.scorecard import scorecard_text, scorecard_to_dict

    card = cs.score(groups, evidence(nd_certified=True, transit=True, ideas=5))
    data = scorecard_to_dict(card)
    assert data["categories"][0]["reasons"][0]["en"].endswith("26 points earned, 16 counted")
    back = scorecard_from_dict(data)
    assert [r.en for r in back.categories[1].reasons] == [r.en for r in card.categories[1].reasons]
    assert "5 points earned, 3 counted" in scorecard_text(card, groups, "en")


def test_a_category_cap(groups: cs.Standard) -> None:
    category = groups.categories[0]
    capped = attrs.evolve(category, cap=Decimal(12), points=Decimal(12))
    standard = attrs.evolve(
        groups, categories=(capped, groups.categories[1]), total_points=Decimal(15)
    )
    cs.validate_standard(standard)
    card = cs.score(standard, evidence(nd_certified=True))
    assert card.categories[0].points == 12
    assert [r.en for r in card.categories[0].reasons] == [
        "Location and transportation counts at most 12 points: 16 earned, 12 counted"
    ]


def test_the_validator_counts_the_maximum_by_the_same_rules(groups: cs.Standard) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    # the two paths added up: 32, not the 16 one path can count
    wrong = text.replace("points = 16\n[[categories.groups]]", "points = 32\n[[categories.groups]]")
    wrong = wrong.replace("total_points = 19", "total_points = 35")
    assert wrong != text
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(wrong)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (
            "categories[0].points",
            "category 'lt' is worth 32 points but its indicators (counted by its groups and "
            "cap) add up to 16",
        )
    ]
    # a pass mark only the two paths added could reach
    with pytest.raises(cs.StandardError, match="above the most a community can score"):
        cs.loads_standard(text.replace("pass_mark = 10", "pass_mark = 20"))


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        ('paths = [["LTc1"], ["LTc2", "LTc3"]]', 'paths = [["LTc1"], ["LTc2", "LTc4"]]',
         "categories[0].groups[0].paths[1][1]",
         "'LTc4' is not an indicator of category 'lt'; did you mean 'LTc3'?"),
        ('paths = [["LTc1"], ["LTc2", "LTc3"]]', 'paths = [["LTc1"], ["LTc2", "LTc1"]]',
         "categories[0].groups[0].paths[1][1]",
         "indicator 'LTc1' is already counted at categories[0].groups[0].paths[0][0]"),
        ("choose = 1", "choose = 3", "categories[0].groups[0].choose",
         "choose is a number of paths from 1 to 2"),
        ("choose = 1", "", "categories[0].groups[0]",
         "group 'location' needs choose (how many paths count) or cap (the most it counts)"),
        ("cap = 3", "cap = -1", "categories[1].groups[0].cap", "a cap cannot be negative"),
        ('paths = [["LTc1"], ["LTc2", "LTc3"]]', 'paths = [["LTc1"], []]',
         "categories[0].groups[0].paths[1]", "a path needs at least one indicator"),
    ],
)  # fmt: skip
def test_group_problems_name_their_path(old: str, new: str, path: str, message: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(text.replace(old, new))
    found = [(p.path, p.message) for p in caught.value.problems]
    assert (path, message) in found, found


def test_groups_round_trip_and_show_in_words(groups: cs.Standard) -> None:
    from community_standards.reports.standard import standard_summary, standard_text

    assert cs.loads_standard(cs.dumps_standard(groups)) == groups
    text = standard_text(groups, "en")
    assert "counted together: Location path: the best 1 of: LTc1 | LTc2 + LTc3" in text
    assert "counted together: exemplary: IN1, IN2, IN3, IN4, IN5, at most 3 points" in text
    assert "计分组 Location path：LTc1 | LTc2＋LTc3 中得分最高的 1 项计分" in standard_text(
        groups, "zh"
    )
    summary = standard_summary(groups)
    assert summary["categories"][0]["groups"][0]["paths"] == [["LTc1"], ["LTc2", "LTc3"]]


def test_diff_names_group_changes(groups: cs.Standard) -> None:
    lt, inn = groups.categories
    changed = attrs.evolve(
        inn, groups=(attrs.evolve(inn.groups[0], cap=Decimal(2)),), points=Decimal(2)
    )
    added = attrs.evolve(lt, groups=(), cap=Decimal(16), points=Decimal(16))
    other = attrs.evolve(groups, version="2", categories=(added, changed), total_points=Decimal(18))
    cs.validate_standard(other)
    kinds = {c.kind.value: c for c in cs.diff(groups, other)}
    assert set(kinds) >= {"group.removed", "group.changed", "category.recapped"}
    assert kinds["group.changed"].path == "categories.in.groups.exemplary"
    assert kinds["group.changed"].description.en == (
        'Category "Innovation": group changed: exemplary: IN1, IN2, IN3, IN4, IN5, '
        "at most 3 points → exemplary: IN1, IN2, IN3, IN4, IN5, at most 2 points"
    )
    back = {c.kind.value for c in cs.diff(other, groups)}
    assert "group.added" in back


def test_the_columnar_engine_counts_groups_as_the_object_path(groups: cs.Standard) -> None:
    pa = pytest.importorskip("pyarrow")
    rows = [
        {"nd_certified": nd, "transit": transit, "density": density, "ideas": ideas}
        for nd in (False, True)
        for transit in (False, True)
        for density in (False, True)
        for ideas in (0, 2, 3, 5)
    ]
    table = pa.table(
        {
            "community.id": [f"c{n}" for n in range(len(rows))],
            "community.name": [f"C{n}" for n in range(len(rows))],
            **{key: [str(row[key]).lower() for row in rows] for key in rows[0]},
        }
    )
    found = cs.score_table(groups, table).to_pylist()
    bound = 0
    for n, (row, got) in enumerate(zip(rows, found, strict=True)):
        card = cs.score(groups, evidence(**row))
        lt, inn = card.categories
        assert Fraction(got["category.lt"]) == lt.score, (n, row)
        assert Fraction(got["category.in"]) == inn.score, (n, row)
        assert Fraction(got["total"]) == card.total
        assert got["passed"] is card.passed
        bound += bool(lt.reasons or inn.reasons)
    assert bound  # the rows where a group left points out are among them
