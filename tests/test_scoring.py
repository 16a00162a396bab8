"""Scoring: statuses, award rules, gates, tiers, not-applicable policies and reasons."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

import community_standards as cs
from minimal import document, evidence, standard, text

HERE = Path(__file__).parent
EXAMPLES = HERE.parent / "examples" / "evidence"
S = cs.IndicatorStatus

GOOD: dict[str, Any] = {
    "permit": True,
    "incidents": 0,
    "major_incidents": 0,
    "has_lift": True,
    "lift_ok": True,
    "hours": "5 hour",
    "volunteers": "30 person",
    "residents": "300 person",
    "parks": True,
    "satisfaction": "90 %",
}
MET = {"result": "met"}


@pytest.fixture(scope="module")
def shapes() -> cs.Standard:
    return cs.load_standard(HERE / "shapes.toml")


def card_for(std: cs.Standard, facts: dict[str, Any] | None = None, **extra: Any) -> cs.Scorecard:
    data = dict(GOOD)
    data.update(facts or {})
    extra.setdefault("judgements", {"appeal": MET, "innovation": MET})
    return cs.score(std, evidence(std, data, **extra))


def test_everything_met(shapes: cs.Standard) -> None:
    card = card_for(shapes)
    assert all(r.status is S.MET for r in card.indicators)
    assert card.total == 21  # 20 and the bonus point
    assert card.maximum == 20
    assert card.denominator == 20
    assert card.passed
    assert card.tier == "gold"
    assert card.blocked_by == ()
    assert [(c.id, c.score, c.maximum) for c in card.categories] == [
        ("safety", Fraction(10), Fraction(10)),
        ("community", Fraction(11), Fraction(10)),
    ]


def test_prerequisite_blocks_the_rating(shapes: cs.Standard) -> None:
    card = card_for(shapes, {"permit": False})
    assert card.indicator("fire-permit").status is S.NOT_MET
    assert card.total == 21
    assert not card.passed
    assert card.tier is None
    assert card.blocked_by == ("fire-permit",)


def test_missing_prerequisite_evidence_blocks_too(shapes: cs.Standard) -> None:
    facts = dict(GOOD)
    del facts["permit"]
    card = cs.score(shapes, evidence(shapes, facts, judgements={"appeal": MET}))
    assert card.indicator("fire-permit").status is S.NOT_ASSESSED
    assert card.blocked_by == ("fire-permit",)


def test_veto_item_denies_the_rating_whatever_the_points(shapes: cs.Standard) -> None:
    card = card_for(shapes, {"major_incidents": 1})
    result = card.indicator("no-major-incident")
    assert result.status is S.NOT_MET
    assert result.awarded == 0
    assert card.total == 19
    assert not card.passed
    assert card.blocked_by == ("no-major-incident",)
    assert result.reasons[0].en == "major incidents 1 > 0"


@pytest.mark.parametrize(
    ("incidents", "awarded", "status"),
    [(0, 4, S.MET), (1, 3, S.PARTLY_MET), (3, 1, S.PARTLY_MET), (9, 1, S.PARTLY_MET)],
)
def test_deductions_floor_and_limit(
    shapes: cs.Standard, incidents: int, awarded: int, status: S
) -> None:
    result = card_for(shapes, {"incidents": incidents}).indicator("incident-record")
    assert result.awarded == awarded
    assert result.status is status
    if incidents:
        assert result.reasons[0].check == "deductions[0]"


def test_deduction_to_zero() -> None:
    source = (HERE / "shapes.toml").read_text(encoding="utf-8").replace("limit = 3", "limit = 10")
    std = cs.loads_standard(source, "shapes.toml")
    result = card_for(std, {"incidents": 6}).indicator("incident-record")
    assert result.awarded == 0
    assert result.status is S.NOT_MET


def test_not_applicable_rule_rescales(shapes: cs.Standard) -> None:
    card = card_for(shapes, {"has_lift": False, "lift_ok": False})
    result = card.indicator("lifts")
    assert result.status is S.NOT_APPLICABLE
    assert result.reasons[0].en == "not applicable: has_lift = false"
    assert card.denominator == 16
    # 16 of 16 counted points and the bonus point, scaled to 20: 17 * 20 / 16
    assert card.total == Fraction(85, 4)
    assert card.passed


def test_not_applicable_claim_with_reason(shapes: cs.Standard) -> None:
    card = card_for(
        shapes, {"volunteers": 0}, not_applicable={"volunteering": "no volunteer scheme yet"}
    )
    result = card.indicator("volunteering")
    assert result.status is S.NOT_APPLICABLE
    assert result.reasons[0].en == "not applicable: no volunteer scheme yet"
    assert card.denominator == 18
    assert card.total == Fraction(19 * 20, 18)


def test_not_applicable_counted_as_zero(shapes: cs.Standard) -> None:
    std = attrs.evolve(shapes, not_applicable=cs.NotApplicablePolicy.ZERO)
    card = card_for(std, {"has_lift": False})
    assert card.indicator("lifts").status is S.NOT_APPLICABLE
    assert card.denominator == 20
    assert card.total == 17


def test_proportional_credit(shapes: cs.Standard) -> None:
    result = card_for(shapes, {"hours": "150 minute"}).indicator("training")
    assert result.status is S.PARTLY_MET
    assert result.awarded == 2
    assert [r.check for r in result.reasons] == ["checks[1]"]
    # the observed value is shown in the unit the limit was written in
    assert result.reasons[0].en == "training 150 minutes < 240 minutes"
    assert result.reasons[0].zh == "培训 150 分钟，低于 240 分钟"


@pytest.mark.parametrize(
    ("judgement", "awarded", "status"),
    [
        ({"result": "met"}, 2, S.MET),
        ({"result": "partly_met"}, 1, S.PARTLY_MET),
        ({"result": "not_met", "note": "rubbish in the lanes"}, 0, S.NOT_MET),
        ({"points": 1.5}, Fraction(3, 2), S.PARTLY_MET),
        ({"points": 2}, 2, S.MET),
        ({"points": 0}, 0, S.NOT_MET),
    ],
)
def test_assessed_judgements(
    shapes: cs.Standard, judgement: dict[str, Any], awarded: Fraction, status: S
) -> None:
    result = card_for(shapes, judgements={"appeal": judgement}).indicator("appeal")
    assert result.awarded == awarded
    assert result.status is status
    if judgement.get("note"):
        assert result.reasons[0].zh == "评估未达到：环境宜人（rubbish in the lanes）"
        assert (
            result.reasons[0].en
            == "judged not met: the community is pleasant (rubbish in the lanes)"
        )


def test_missing_judgement_is_not_assessed(shapes: cs.Standard) -> None:
    result = card_for(shapes, judgements={}).indicator("appeal")
    assert result.status is S.NOT_ASSESSED
    assert result.awarded == 0
    assert result.reasons[0].en == "awaiting assessment: the community is pleasant"


def test_any_of(shapes: cs.Standard) -> None:
    assert card_for(shapes, {"parks": False}).indicator("green").status is S.MET
    result = card_for(shapes, {"parks": False, "satisfaction": "70 %"}).indicator("green")
    assert result.status is S.NOT_MET
    assert len(result.reasons) == 2


def test_ratio_is_exact() -> None:
    std = standard()
    on_the_limit = cs.score(
        std, evidence(std, {"clean": True, "training": 2, "consulted": 200, "affected": 300})
    )
    assert on_the_limit.indicator("consultation").status is S.MET
    below = cs.score(
        std, evidence(std, {"clean": True, "training": 2, "consulted": 199, "affected": 300})
    )
    result = below.indicator("consultation")
    assert result.status is S.NOT_MET
    assert result.reasons[0].en == "households consulted per households affected ≈0.6633 < 2/3"


def test_missing_fact_is_not_assessed_and_listed() -> None:
    std = standard()
    card = cs.score(std, evidence(std, {"clean": True}))
    assert card.indicator("training-hours").status is S.NOT_ASSESSED
    assert card.indicator("training-hours").reasons[0].en == "no evidence: training time (training)"
    assert card.total == 4


def test_pass_mark_is_exact() -> None:
    facts = {"clean": True, "training": "2 hour", "consulted": 1, "affected": 3}
    at_mark = standard(pass_mark=6.5)
    card = cs.score(at_mark, evidence(at_mark, facts))
    assert card.total == Fraction(13, 2)
    assert card.passed
    above = standard(pass_mark=6.6)
    assert not cs.score(above, evidence(above, facts)).passed


def test_weighted_aggregation() -> None:
    data = document(aggregation="weighted")
    data["categories"][0]["weight"] = 6
    data["categories"][1]["weight"] = 4
    std = cs.loads_standard(text(data), "w.toml")
    card = cs.score(
        std, evidence(std, {"clean": True, "training": 2, "consulted": 0, "affected": 3})
    )
    # environment: 4/4 of weight 6; governance: 2.5/6 of weight 4
    assert card.categories[0].score == 6
    assert card.categories[1].score == Fraction(5, 3)
    assert card.total == Fraction(23, 3)
    assert card.passed


def test_reasons_have_numbers_and_units_in_both_languages(tianjin: cs.Standard) -> None:
    data = {
        "community": {"id": "x", "name": "x"},
        "facts": {"other_worker_training": "32 学时", "leader_training": 60},
    }
    card = cs.score(tianjin, cs.evidence_from_dict(data, tianjin))
    result = card.indicator("worker-training")
    assert result.status is S.NOT_MET
    [reason] = result.reasons
    assert "32 学时，少于 40 学时" in reason.zh  # counted: 少于
    assert "32 class periods < 40 class periods" in reason.en
    assert reason.check == "checks[1]"


def test_scorecard_names_the_rules_it_used(tianjin: cs.Standard) -> None:
    card = cs.score(
        tianjin, cs.evidence_from_dict({"community": {"id": "x", "name": "x"}}, tianjin)
    )
    assert card.standard.ref == "tianjin-beautiful-community@2017"
    assert len(card.standard.sha256) == 64
    changed = attrs.evolve(tianjin, pass_mark=tianjin.pass_mark + 1)
    assert (
        cs.score(
            changed, cs.evidence_from_dict({"community": {"id": "x", "name": "x"}}, changed)
        ).standard.sha256
        != card.standard.sha256
    )


def test_nothing_known_scores_zero(tianjin: cs.Standard) -> None:
    card = cs.score(
        tianjin, cs.evidence_from_dict({"community": {"id": "x", "name": "x"}}, tianjin)
    )
    assert card.total == 0
    assert all(r.status is S.NOT_ASSESSED for r in card.indicators)
    assert not card.passed


# -- the example communities -----------------------------------------------------------


def example(tianjin: cs.Standard, name: str, **facts: Any) -> cs.Scorecard:
    import tomllib

    data = tomllib.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    data["facts"].update(facts)
    return cs.score(tianjin, cs.evidence_from_dict(data, tianjin, name))


def test_example_passes_comfortably(tianjin: cs.Standard) -> None:
    card = example(tianjin, "chunhuili_pass.toml")
    assert card.passed
    assert card.total >= 90


def test_example_fails_in_several_categories(tianjin: cs.Standard) -> None:
    card = example(tianjin, "haitangyuan_fail.toml")
    assert not card.passed
    assert card.total < 80
    losing = {c.id for c in card.categories if c.score < c.maximum}
    assert len(losing) >= 4
    assert all(r.reasons for r in card.indicators if r.status is not S.MET)


def test_example_exactly_80_passes(tianjin: cs.Standard) -> None:
    card = example(tianjin, "liuxi_exactly_80.toml")
    assert card.total == 80
    assert card.passed


def test_example_exactly_80_fails_one_household_short(tianjin: cs.Standard) -> None:
    card = example(tianjin, "liuxi_exactly_80.toml", households_consulted="199 household")
    assert card.total == Fraction(157, 2)
    assert not card.passed
    result = card.indicator("consultation-coverage")
    assert result.status is S.NOT_MET
    assert "< 2/3" in result.reasons[0].en


def test_79_5_fails(tianjin: cs.Standard) -> None:
    # judged partly met on a 1-point item: half a point less than exactly 80
    import tomllib

    data = tomllib.loads((EXAMPLES / "liuxi_exactly_80.toml").read_text(encoding="utf-8"))
    data["judgements"]["convenience-services"] = {"result": "partly_met"}
    card = cs.score(tianjin, cs.evidence_from_dict(data, tianjin))
    assert card.total == Fraction(159, 2)
    assert not card.passed


def test_score_many_scores_each_community_in_order_and_lazily(tianjin: cs.Standard) -> None:
    names = ["chunhuili_pass.toml", "haitangyuan_fail.toml", "liuxi_exactly_80.toml"]
    read: list[str] = []

    def evidences() -> Iterator[cs.Evidence]:
        for name in names:
            read.append(name)
            yield cs.load_evidence(EXAMPLES / name, tianjin)

    cards = cs.score_many(tianjin, evidences())
    assert read == []  # nothing is read before the first scorecard is asked for
    first = next(cards)
    assert read == names[:1]
    assert (first.community.id, first.passed) == ("nk-chunhuili", True)
    assert first.total >= 90
    rest = list(cards)
    assert read == names
    assert [card.community.id for card in rest] == ["hb-haitangyuan", "hx-liuxi"]
    assert not rest[0].passed
    assert rest[0].total < 80
    assert (rest[1].total, rest[1].passed) == (Fraction(80), True)
    assert {card.standard.ref for card in (first, *rest)} == {tianjin.ref}
    assert list(cs.score_many(tianjin, [])) == []


def test_boolean_expected_false_reason_is_not_inverted() -> None:
    data = document()
    data["categories"][0]["indicators"][0]["checks"][0]["expected"] = False
    std = cs.loads_standard(text(data), "f.toml")
    result = cs.score(std, evidence(std, {"clean": True})).indicator("clean-area")
    assert result.status is S.NOT_MET
    assert result.reasons[0].en == 'not met: "the area is clean" should be false'
    assert result.reasons[0].zh == "未达到：要求“环境整洁”为否"


def test_weighted_category_with_nothing_to_weigh_is_left_out() -> None:
    # every governance indicator is not applicable: its weight goes to the others
    data = document(aggregation="weighted", not_applicable="rescale")
    data["categories"][0]["weight"] = 6
    data["categories"][1]["weight"] = 4
    std = cs.loads_standard(text(data), "w.toml")
    claims = {"training-hours": "no staff", "consultation": "no major matters"}
    card = cs.score(std, evidence(std, {"clean": True}, not_applicable=claims))
    assert card.denominator == 6
    assert card.total == 10
    assert [(c.score, c.maximum) for c in card.categories] == [
        (Fraction(10), Fraction(10)),
        (Fraction(0), Fraction(0)),
    ]


def test_remembered_results_follow_every_input(tianjin: cs.Standard) -> None:
    def card(note: str | None, training: object) -> cs.Scorecard:
        judgement: dict[str, object] = {"result": "not_met"}
        if note is not None:
            judgement["note"] = note
        data = {
            "community": {"id": "x", "name": "x"},
            "facts": {"leader_training": training, "party_org_sound": True},
            "judgements": {"roads": judgement},
        }
        return cs.score(tianjin, cs.evidence_from_dict(data, tianjin))

    first = card("potholes", 50)
    assert card("potholes", 50) == first
    assert card("flooding", 50).indicator("roads").reasons[0].en.endswith("(flooding)")
    assert card(None, 50).indicator("roads").reasons[0].en == "judged not met: " + (
        tianjin.indicator("roads").checks[0].label.en  # type: ignore[union-attr]
    )
    assert (
        card("potholes", 57).indicator("worker-training").reasons
        != first.indicator("worker-training").reasons
    )
