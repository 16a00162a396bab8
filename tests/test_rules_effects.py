"""What a failed prerequisite or veto item does (deny, cap the total, lower the tier, cap
it at a tier) and a tier's minimum standards (category shares, no starred item at 0).

docs/reference/example-effects.toml: 100 points, Pass 40, Good 60 (energy at least half
its points), Excellent 80 (energy at least 3/4, no starred item at 0); a prerequisite
capping the total at 50, a veto lowering the tier by one, a veto capping it at Good.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pyarrow as pa
import pytest

import community_standards as cs
from community_standards.reports.scorecard import scorecard_text, scorecard_to_dict
from community_standards.scoring.columnar import score_table

EXAMPLE = Path("docs/reference/example-effects.toml")
FULL: dict[str, cs.FactValue] = {
    "metering": True,
    "saving": Fraction(35, 100),
    "fire": False,
    "complaints": 0,
    "green_space": True,
    "transit": True,
}


@pytest.fixture(scope="module")
def gated() -> cs.Standard:
    return cs.load_standard(EXAMPLE)


def evidence(**facts: cs.FactValue) -> cs.Evidence:
    return cs.Evidence(community=cs.Community(id="e", name="E"), facts={**FULL, **facts})


@pytest.mark.parametrize(
    ("facts", "total", "passed", "tier", "effects"),
    [
        ({}, 100, True, "excellent", []),
        # the prerequisite caps the total at 50: the tier follows from 50 (Pass)
        ({"metering": False}, 50, True, "pass", ["total_capped"]),
        # 10 lost elsewhere: 90, capped at 50 all the same
        ({"metering": False, "transit": False}, 50, True, "pass", ["total_capped"]),
        # 50 lost elsewhere: 50, at the cap, nothing capped
        ({"metering": False, "green_space": False}, 50, True, "pass", []),
        # already below the cap: nothing to cap, no effect
        ({"metering": False, "green_space": False, "saving": Fraction(1, 10)}, 10, False, None, []),
        # the veto lowers Excellent to Good; the other caps it at Good
        ({"fire": True}, 100, True, "good", ["tier_lowered"]),
        ({"complaints": 1}, 100, True, "good", ["tier_lowered"]),
        # Good withheld (energy 0 of 40), Pass lowered: no tier, the pass stands
        ({"fire": True, "saving": Fraction(1, 10)}, 60, True, None,
         ["tier_share_short", "tier_lowered"]),
        ({"fire": True, "saving": Fraction(1, 10), "transit": False}, 50, True, None,
         ["tier_lowered"]),
        # Good needs half of energy: 0 of 40 withholds it (60 points, Pass)
        ({"saving": Fraction(1, 10)}, 60, True, "pass", ["tier_share_short"]),
        # Excellent needs the starred transit above 0: 90 points, Good
        ({"transit": False}, 90, True, "good", ["tier_starred_zero"]),
        # both: lowered one below the tier the requirements left
        ({"transit": False, "fire": True}, 90, True, "pass",
         ["tier_starred_zero", "tier_lowered"]),
    ],
)  # fmt: skip
def test_failed_gates_and_minimum_standards(
    gated: cs.Standard,
    facts: dict[str, cs.FactValue],
    total: int,
    passed: bool,
    tier: str | None,
    effects: list[str],
) -> None:
    card = cs.score(gated, evidence(**facts))
    assert (card.total, card.passed, card.tier) == (Fraction(total), passed, tier)
    assert card.blocked_by == ()  # none of these gates denies the rating
    assert [effect.kind for effect in card.effects] == effects


def test_the_default_still_denies(gated: cs.Standard) -> None:
    denying = attrs.evolve(
        gated,
        categories=tuple(
            attrs.evolve(
                category,
                indicators=tuple(
                    attrs.evolve(
                        i, when_failed=cs.FailEffect.DENY, failed_cap=None, failed_tier=None
                    )
                    for i in category.indicators
                ),
            )
            for category in gated.categories
        ),
    )
    cs.validate_standard(denying)
    card = cs.score(denying, evidence(metering=False, fire=True))
    assert card.total == 100
    assert not card.passed
    assert card.tier is None
    assert card.blocked_by == ("metering", "no-fire")
    assert card.effects == ()


def test_effects_are_explained_with_numbers(gated: cs.Standard) -> None:
    card = cs.score(gated, evidence(metering=False, transit=False))
    assert [effect.en for effect in card.effects] == [
        "metering not met: the total is capped at 50 (was 90)",
    ]
    assert card.effects[0].zh == "metering 未达到：总分以 50 分封顶（原为 90 分）"
    text = scorecard_text(card, gated, "en")
    assert "the total is capped at 50 (was 90)" in text
    short = cs.score(gated, evidence(saving=Fraction(1, 10), fire=True))
    assert [effect.en for effect in short.effects] == [
        "Good not given: category energy earned 0 of 40, the tier needs at least 50 %",
        "no-fire not met: the tier is lowered from Pass to none",
    ]
    assert short.effects[1].zh == "no-fire 未达到：等级由合格降为无等级"
    data = scorecard_to_dict(card)
    assert [e["en"] for e in data["effects"]] == [e.en for e in card.effects]
    back = cs.scorecard_from_dict(json.loads(json.dumps(data, default=str)))
    assert [e.en for e in back.effects] == [e.en for e in card.effects]


def test_a_share_is_of_the_points_the_category_counts(gated: cs.Standard) -> None:
    # energy exactly at 3/4 keeps Excellent's share; one unit under does not
    at = attrs.evolve(gated, tiers=tuple(
        attrs.evolve(t, shares=(cs.TierShare(category="place", minimum=Decimal("0.8")),))
        if t.id == "excellent" else t
        for t in gated.tiers
    ))  # fmt: skip
    cs.validate_standard(at)
    # place: green 50 of 60 is 5/6, above 0.8
    assert cs.score(at, evidence(transit=True)).tier == "excellent"
    # green lost: place 10 of 60, and the total 50: Pass
    assert cs.score(at, evidence(green_space=False)).tier == "pass"


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        ({"when_failed": cs.FailEffect.CAP_TOTAL}, "failed_cap", "needs failed_cap"),
        ({"when_failed": cs.FailEffect.CAP_TIER}, "failed_tier", "needs failed_tier"),
        ({"failed_tier": "gold"}, "failed_tier", "goes with"),
    ],
)
def test_failure_effects_are_validated(
    gated: cs.Standard, change: dict[str, object], path: str, words: str
) -> None:
    category = gated.categories[1]
    veto = attrs.evolve(category.indicators[0], **change)  # type: ignore[arg-type]
    broken = attrs.evolve(
        gated,
        categories=(
            gated.categories[0],
            attrs.evolve(category, indicators=(veto, *category.indicators[1:])),
        ),
    )
    problems = cs.standard_problems(broken)
    assert any(p.path.endswith(path) and words in p.message for p in problems), problems


def test_a_scored_item_has_no_failure_effect(gated: cs.Standard) -> None:
    category = gated.categories[1]
    scored = attrs.evolve(category.indicators[2], when_failed=cs.FailEffect.LOWER_TIER)
    broken = attrs.evolve(
        gated,
        categories=(
            gated.categories[0],
            attrs.evolve(
                category, indicators=(*category.indicators[:2], scored, category.indicators[3])
            ),
        ),
    )
    [problem] = cs.standard_problems(broken)
    assert problem.path == "categories[1].indicators[2].when_failed"


def test_tier_requirements_are_validated(gated: cs.Standard) -> None:
    tiers = (
        attrs.evolve(
            gated.tiers[0], shares=(cs.TierShare(category="enrgy", minimum=Decimal("1.5")),)
        ),
        *gated.tiers[1:],
    )
    problems = cs.standard_problems(attrs.evolve(gated, tiers=tiers))
    assert [p.path for p in problems] == [
        "tiers[0].shares[0].category",
        "tiers[0].shares[0].minimum",
    ]
    assert "did you mean 'energy'" in problems[0].message
    assert "from 0 to 1" in problems[1].message
    unstarred = attrs.evolve(
        gated,
        categories=tuple(
            attrs.evolve(c, indicators=tuple(attrs.evolve(i, starred=False) for i in c.indicators))
            for c in gated.categories
        ),
    )
    [problem] = cs.standard_problems(unstarred)
    assert problem.path == "tiers[2].starred_above_zero"


def test_the_columnar_engine_gives_the_same_verdicts(gated: cs.Standard) -> None:
    rows: list[dict[str, cs.FactValue]] = [
        {},
        {"metering": False},
        {"metering": False, "green_space": False},
        {"fire": True},
        {"complaints": 1},
        {"saving": Fraction(1, 10)},
        {"transit": False},
        {"transit": False, "fire": True},
        {"fire": True, "saving": Fraction(1, 10), "transit": False},
    ]
    columns: dict[str, list[str]] = {"community.id": [], "community.name": []}
    for n, row in enumerate(rows):
        columns["community.id"].append(f"c{n}")
        columns["community.name"].append(f"C{n}")
        for key, value in {**FULL, **row}.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            columns.setdefault(key, []).append(text)
    got = score_table(gated, pa.table(columns)).to_pylist()
    for n, row in enumerate(rows):
        card = cs.score(gated, evidence(**row))
        assert (got[n]["tier"] or None) == card.tier, row
        assert got[n]["passed"] is card.passed, row
        assert Fraction(got[n]["total"]) == card.total, row


def test_diff_names_the_effects_and_the_requirements(gated: cs.Standard) -> None:
    tiers = (
        *gated.tiers[:2],
        attrs.evolve(gated.tiers[2], shares=(), starred_above_zero=False),
    )
    category = gated.categories[1]
    veto = attrs.evolve(category.indicators[0], when_failed=cs.FailEffect.DENY)
    changed = attrs.evolve(
        gated,
        tiers=tiers,
        categories=(
            gated.categories[0],
            attrs.evolve(category, indicators=(veto, *category.indicators[1:])),
        ),
    )
    changes = cs.diff(gated, changed)
    kinds = sorted(change.kind.value for change in changes)
    assert kinds == [
        "indicator.failure_changed",
        "tier.requirements_changed",
        "tier.requirements_changed",
    ]
    words = [change.description.en for change in changes]
    assert 'Tier "Excellent": category minimum shares energy ≥ 75 % → (none)' in words
    assert 'Tier "Excellent": no starred item at 0 yes → no' in words
    zh = [change.description.zh for change in changes]
    assert "等级「优秀」：分类最低得分比例 energy ≥ 75 % → （无）" in zh
    assert any("effect when not met lower_tier → deny" in w for w in words), words


def test_show_says_the_effects_and_the_requirements(gated: cs.Standard) -> None:
    from community_standards.reports.standard import standard_text

    text = standard_text(gated, "en")
    assert "Excellent ≥ 80; Energy at least 75 %; no starred item at 0" in text
    assert "if not met: the total is at most 50" in text
    assert "if not met: the tier is one lower" in text
    assert "[★]" in text
    zh = standard_text(gated, "zh")
    assert "未达到时：总分最多计 50 分" in zh
