"""Bonus categories (points above the total) and tiers given only with a pass.

docs/reference/example-bonus.toml: 10 points of core credits, and two bonus categories
(Innovation up to 2, Regional Priority up to 1) on top, as LEED's 100 + 10.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

import community_standards as cs

EXAMPLE = Path("docs/reference/example-bonus.toml")


@pytest.fixture(scope="module")
def bonus() -> cs.Standard:
    return cs.load_standard(EXAMPLE)


def evidence(**facts: cs.FactValue) -> cs.Evidence:
    base: dict[str, cs.FactValue] = {
        "energy": False,
        "water": False,
        "innovations": 0,
        "regional": False,
    }
    return cs.Evidence(community=cs.Community(id="a", name="A"), facts={**base, **facts})


@pytest.mark.parametrize(
    ("facts", "total", "passed", "tier"),
    [
        ({}, 0, False, None),
        ({"energy": True}, 6, True, "certified"),
        ({"energy": True, "water": True}, 10, True, "silver"),
        ({"energy": True, "water": True, "innovations": 5, "regional": True}, 13, True, "gold"),
        # bonus points make up for points lost elsewhere
        ({"water": True, "innovations": 2}, 6, True, "certified"),
        ({"innovations": 2, "regional": True}, 3, False, None),
    ],
)
def test_bonus_categories_add_above_the_total(
    bonus: cs.Standard, facts: dict[str, cs.FactValue], total: int, passed: bool, tier: str | None
) -> None:
    card = cs.score(bonus, evidence(**facts))
    assert (card.total, card.passed, card.tier) == (Fraction(total), passed, tier)
    assert card.maximum == 10
    assert card.denominator == 10  # bonus points are never in what is possible


def test_a_bonus_category_is_reported_as_bonus_never_as_points_of_zero(
    bonus: cs.Standard,
) -> None:
    from community_standards.reports.scorecard import (
        scorecard_markdown,
        scorecard_text,
        scorecard_to_dict,
    )

    card = cs.score(bonus, evidence(energy=True, innovations=2))
    core, innovation, regional = card.categories
    assert not core.bonus
    assert (innovation.bonus, innovation.score, innovation.maximum, innovation.possible) == (
        True,
        Fraction(2),
        Fraction(2),
        Fraction(0),
    )
    assert regional.bonus
    assert regional.maximum == 1
    assert all(result.bonus for result in card.indicators if result.category != "core")
    text = scorecard_text(card, bonus, "en")
    assert "Innovation  +2 bonus (at most 2)" in text
    assert "2/0" not in text
    assert "0/0" not in text
    assert "加分 +2（最多 2）" in scorecard_text(card, bonus, "zh")
    assert "+2 bonus (at most 2)" in scorecard_markdown(card, bonus, "en")
    data = scorecard_to_dict(card)
    assert data["categories"][1]["bonus"] is True
    assert "bonus" not in data["categories"][0]

    from community_standards.analysis.cards import scorecard_from_dict

    assert scorecard_from_dict(data).categories[1].bonus is True


def test_a_category_of_bonus_items_alone_is_not_shown_as_points_of_zero() -> None:
    from community_standards.reports.scorecard import scorecard_text

    text = EXAMPLE.read_text(encoding="utf-8")
    # the same category written the schema-1 way: bonus items in a category of 0 points
    legacy_text = text.replace("bonus = true\npoints = 1\n", "points = 0\n").replace(
        'checks = [{ kind = "boolean", fact = "regional" }]',
        'bonus = true\nchecks = [{ kind = "boolean", fact = "regional" }]',
    )
    legacy = cs.loads_standard(legacy_text)
    card = cs.score(legacy, evidence(energy=True, regional=True))
    assert card.total == 7
    assert not card.categories[2].bonus
    shown = scorecard_text(card, legacy, "en")
    assert "Regional priority  +1 bonus" in shown
    assert "1/0" not in shown


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        ("total_points = 10", "total_points = 13", "total_points",
         "the total is 13 points but the categories (bonus categories apart) add up to 10"),
        ("bonus = true\npoints = 2", "bonus = true\npoints = 3", "categories[1].points",
         "bonus category 'innovation' is worth 3 points but its indicators add up to 2"),
        ("minimum = 11", "minimum = 14", "tiers[2].minimum",
         "tier 'gold' needs 14, more than the most a community can score (13)"),
        ("pass_mark = 6", "pass_mark = 14", "pass_mark",
         "the pass mark 14 is above the most a community can score (13)"),
        ("bonus = true\npoints = 2", "bonus = true\npoints = 2\nweight = 2",
         "categories[1].weight", "a bonus category adds its points as they are: it has no weight"),
    ],
)  # fmt: skip
def test_bonus_problems_name_their_path(old: str, new: str, path: str, message: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(text.replace(old, new))
    found = [(p.path, p.message) for p in caught.value.problems]
    assert (path, message) in found, found


def test_a_prerequisite_cannot_be_in_a_bonus_category(bonus: cs.Standard) -> None:
    core, innovation, regional = bonus.categories
    gated = attrs.evolve(
        regional,
        indicators=(attrs.evolve(regional.indicators[0], role=cs.Role.PREREQUISITE),),
    )
    problems = cs.standard_problems(attrs.evolve(bonus, categories=(core, innovation, gated)))
    assert [(p.path, p.message) for p in problems] == [
        ("categories[2].indicators[0].role", "a prerequisite cannot be in a bonus category")
    ]


def test_weighted_standards_add_a_bonus_category_as_it_is(bonus: cs.Standard) -> None:
    core, innovation, regional = bonus.categories
    first = attrs.evolve(core, indicators=core.indicators[:1], points=Decimal(6), weight=Decimal(7))
    second = cs.Category(
        id="water",
        title=cs.Text(en="Water"),
        points=Decimal(4),
        weight=Decimal(3),
        indicators=core.indicators[1:],
    )
    weighted = attrs.evolve(
        bonus,
        aggregation=cs.Aggregation.WEIGHTED,
        categories=(first, second, innovation, regional),
    )
    cs.validate_standard(weighted)
    card = cs.score(weighted, evidence(water=True, innovations=1, regional=True))
    # water: 3 of the weights; the bonus categories add 1 + 1 as they are
    assert card.total == 5
    assert [c.score for c in card.categories] == [0, 3, 1, 1]
    with pytest.raises(cs.StandardError, match=r"most a community can score \(13\)"):
        cs.validate_standard(attrs.evolve(weighted, pass_mark=Decimal(14)))


def test_a_tier_below_the_pass_mark_is_given_only_with_a_pass(bonus: cs.Standard) -> None:
    """A tier whose minimum is below the pass mark is reached at the pass mark: a
    community that fails gets no tier, whatever its total."""
    strict = attrs.evolve(bonus, pass_mark=Decimal(10))
    cs.validate_standard(strict)
    card = cs.score(strict, evidence(energy=True))
    assert (card.total, card.passed, card.tier) == (Fraction(6), False, None)
    card = cs.score(strict, evidence(energy=True, water=True))
    assert (card.passed, card.tier) == (True, "silver")


def test_show_and_diff_say_bonus(bonus: cs.Standard) -> None:
    from community_standards.reports.standard import standard_text

    text = standard_text(bonus, "en")
    assert "Innovation (bonus, up to 2 above the total)" in text
    assert "bonus categories add up to 3 more" in text
    assert "a tier is given only to a community that passes" in text
    assert "Innovation (加分，最多 2 分)" in standard_text(bonus, "zh")
    core, innovation, regional = bonus.categories
    plain = attrs.evolve(
        regional,
        bonus=False,
        points=Decimal(0),
        indicators=(attrs.evolve(regional.indicators[0], bonus=True),),
    )
    other = attrs.evolve(bonus, version="2", categories=(core, innovation, plain))
    cs.validate_standard(other)
    kinds = [c.kind.value for c in cs.diff(bonus, other)]
    assert "category.bonus_changed" in kinds
    assert cs.loads_standard(cs.dumps_standard(bonus)) == bonus


def test_the_columnar_engine_adds_bonus_categories_as_the_object_path(bonus: cs.Standard) -> None:
    pa = pytest.importorskip("pyarrow")
    core, innovation, regional = bonus.categories
    first = attrs.evolve(core, indicators=core.indicators[:1], points=Decimal(6), weight=Decimal(7))
    second = cs.Category(
        id="water",
        title=cs.Text(en="Water"),
        points=Decimal(4),
        weight=Decimal(3),
        indicators=core.indicators[1:],
    )
    weighted = attrs.evolve(
        bonus,
        aggregation=cs.Aggregation.WEIGHTED,
        categories=(first, second, innovation, regional),
    )
    rows = [
        {"energy": e, "water": w, "innovations": i, "regional": r}
        for e in (False, True)
        for w in (False, True)
        for i in (0, 1, 2)
        for r in (False, True)
    ]
    table = pa.table(
        {
            "community.id": [f"c{n}" for n in range(len(rows))],
            "community.name": [f"C{n}" for n in range(len(rows))],
            **{key: [str(row[key]).lower() for row in rows] for key in rows[0]},
        }
    )
    for standard in (bonus, weighted):
        found = cs.score_table(standard, table).to_pylist()
        for row, got in zip(rows, found, strict=True):
            card = cs.score(standard, evidence(**row))
            assert Fraction(got["total"]) == card.total, row
            assert got["passed"] is card.passed
            assert (got["tier"] or None) == card.tier
            for category in card.categories:
                assert Fraction(got[f"category.{category.id}"]) == category.score
