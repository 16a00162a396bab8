"""Weights independent of points, and nested weights (sections of sub-categories).

docs/reference/example-sections.toml: 100 points, weighted; the Environment section weighs
60 and shares it 75 / 25 between Energy (10 credits) and Water (4 credits, not applicable
without a water supply, rescaled); Social weighs 40 (20 credits).
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

EXAMPLE = Path("docs/reference/example-sections.toml")
FULL: dict[str, cs.FactValue] = {
    "energy_credits": 6,
    "water_credits": 2,
    "has_water_supply": True,
    "social_credits": 10,
}


@pytest.fixture(scope="module")
def nested() -> cs.Standard:
    return cs.load_standard(EXAMPLE)


def evidence(**facts: cs.FactValue) -> cs.Evidence:
    return cs.Evidence(community=cs.Community(id="w", name="W"), facts={**FULL, **facts})


@pytest.mark.parametrize(
    ("facts", "total", "scores"),
    [
        # energy 6 of 10 credits x 45 (75 % of 60) = 27; water 2 of 4 x 15 = 7.5;
        # social 10 of 20 x 40 = 20: 54.5
        ({}, Fraction(109, 2), [27, Fraction(15, 2), 20]),
        # no water supply: water does not apply, energy takes the whole section's 60:
        # 6/10 x 60 = 36, social 20: 56 (the other section is not rescaled)
        ({"has_water_supply": False}, 56, [36, 0, 20]),
        # every credit: 45 + 15 + 40
        ({"energy_credits": 10, "water_credits": 4, "social_credits": 20}, 100, [45, 15, 40]),
    ],
)
def test_weights_in_per_cent_of_a_section(
    nested: cs.Standard,
    facts: dict[str, cs.FactValue],
    total: Fraction,
    scores: list[Fraction],
) -> None:
    card = cs.score(nested, evidence(**facts))
    assert card.total == total
    assert [c.score for c in card.categories] == scores
    assert card.denominator == 100  # the section had points: its weight counts in full


def test_points_are_counted_in_each_categorys_own_units(nested: cs.Standard) -> None:
    # 10 + 4 + 20 credits, not 100: the weights alone decide what a category adds
    assert sum(c.points for c in nested.categories) == 34
    assert cs.standard_problems(nested) == []
    card = cs.score(nested, evidence())
    got = [(int(c.points), int(c.possible)) for c in card.categories]
    assert got == [(6, 10), (2, 4), (10, 20)]
    assert all(c.points.denominator == 1 for c in card.categories)


def test_without_sections_weights_are_as_before(nested: cs.Standard) -> None:
    flat = attrs.evolve(
        nested,
        sections=(),
        categories=tuple(
            attrs.evolve(c, section=None, weight=w)
            for c, w in zip(nested.categories, (Decimal(45), Decimal(15), Decimal(40)), strict=True)
        ),
    )
    cs.validate_standard(flat)
    assert cs.score(flat, evidence()).total == Fraction(109, 2)
    # flat, a category without points gives its weight to all the others: 45 x 100/85
    # x 6/10 + 40 x 100/85 x 10/20 = (27 + 20) x 20/17
    card = cs.score(flat, evidence(has_water_supply=False))
    assert card.total == Fraction(47 * 20, 17)
    assert card.denominator == 85


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        ({"section": "enviroment"}, "categories[0].section", "did you mean 'environment'"),
        ({"weight": Decimal(70)}, "sections[0]", "add up to 95, not 100"),
    ],
)
def test_sections_are_validated(
    nested: cs.Standard, change: dict[str, object], path: str, words: str
) -> None:
    first = attrs.evolve(nested.categories[0], **change)  # type: ignore[arg-type]
    broken = attrs.evolve(nested, categories=(first, *nested.categories[1:]))
    problems = cs.standard_problems(broken)
    assert any(p.path == path and words in p.message for p in problems), problems


def test_the_top_level_weights_add_up_to_the_total(nested: cs.Standard) -> None:
    section = attrs.evolve(nested.sections[0], weight=Decimal(50))
    [problem] = cs.standard_problems(attrs.evolve(nested, sections=(section,)))
    assert problem.path == "categories"
    assert "the section and category weights add up to 90, not the total 100" in problem.message


def test_sections_need_weighted_aggregation(nested: cs.Standard) -> None:
    summed = attrs.evolve(
        nested,
        aggregation=cs.Aggregation.POINTS,
        total_points=Decimal(34),
        pass_mark=Decimal(17),
        categories=tuple(attrs.evolve(c, weight=None) for c in nested.categories),
    )
    paths = [p.path for p in cs.standard_problems(summed)]
    assert paths == ["sections", "categories[0].section", "categories[1].section"]


def test_bonus_points_in_a_weighted_category_count_by_its_weight_everywhere() -> None:
    # a bonus item of 2 beside 8 points in a category weighing 50: it adds 50 x 2/8 = 12.5
    # at most, so the most a community can score is 112.5 and a pass mark there validates
    # and is reached exactly; 112.5 + 0.5 is refused (the validator counts as scoring does)
    def standard(pass_mark: str) -> cs.Standard:
        return cs.loads_standard(f"""
id = "w"
version = "1"
title = {{ en = "w" }}
total_points = 100
pass_mark = {pass_mark}
aggregation = "weighted"
[[facts]]
key = "a"
kind = "boolean"
description = {{ en = "a" }}
[[categories]]
id = "x"
title = {{ en = "x" }}
points = 8
weight = 50
[[categories.indicators]]
id = "x1"
number = "1"
text = {{ en = "x1" }}
points = 8
checks = [{{ kind = "boolean", fact = "a" }}]
[[categories.indicators]]
id = "x2"
number = "2"
text = {{ en = "x2" }}
points = 2
bonus = true
checks = [{{ kind = "boolean", fact = "a" }}]
[[categories]]
id = "y"
title = {{ en = "y" }}
points = 3
weight = 50
[[categories.indicators]]
id = "y1"
number = "3"
text = {{ en = "y1" }}
points = 3
checks = [{{ kind = "boolean", fact = "a" }}]
""")

    top = standard("112.5")
    card = cs.score(top, cs.Evidence(community=cs.Community(id="c", name="c"), facts={"a": True}))
    assert card.total == Fraction(225, 2)
    assert card.passed
    with pytest.raises(cs.StandardError, match="above the most a community can score"):
        standard("113")


def test_the_columnar_engine_weighs_the_same(nested: cs.Standard) -> None:
    rows: list[dict[str, cs.FactValue]] = [
        {},
        {"energy_credits": 10, "water_credits": 4, "social_credits": 20},
        {"energy_credits": 0, "water_credits": 1, "social_credits": 3},
        {"energy_credits": 9, "water_credits": 3, "social_credits": 19},
    ]
    columns: dict[str, list[str]] = {"community.id": [], "community.name": []}
    for n, row in enumerate(rows):
        columns["community.id"].append(f"c{n}")
        columns["community.name"].append(f"C{n}")
        for key, value in {**FULL, **row}.items():
            columns.setdefault(key, []).append(str(value).lower())
    got = score_table(nested, pa.table(columns)).to_pylist()
    for n, row in enumerate(rows):
        assert Fraction(got[n]["total"]) == cs.score(nested, evidence(**row)).total, row


def test_show_and_diff_name_the_sections(nested: cs.Standard) -> None:
    text = standard_text(nested, "en")
    assert "section Environment: weight 60" in text
    assert "Energy (10; weight 75 % of Environment)" in text
    assert "Social (20; weight 40)" in text
    assert "能源 (10 分，权重 环境的 75%)" in standard_text(nested, "zh")
    section = attrs.evolve(nested.sections[0], weight=Decimal(55))
    social = attrs.evolve(nested.categories[2], weight=Decimal(45))
    changed = attrs.evolve(nested, sections=(section,), categories=(*nested.categories[:2], social))
    changes = cs.diff(nested, changed)
    assert sorted(c.kind.value for c in changes) == ["category.reweighted", "section.changed"]
    [moved] = [c for c in changes if c.kind.value == "section.changed"]
    assert moved.description.en == 'Section "Environment": weight 60 → 55'
    assert moved.description.zh == "分部「环境」：权重 60 → 55"
    [gone] = cs.diff(nested, attrs.evolve(nested, sections=())).of_kind(
        cs.ChangeKind.SECTION_REMOVED
    )
    assert gone.description.en == 'Removed section "Environment" (weight 60)'
