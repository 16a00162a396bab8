"""The semantic diff: kinds of change, exact threshold comparison, renderers, laws."""

from __future__ import annotations

import json
import random
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import community_standards as cs
from community_standards import ChangeKind as K
from community_standards.cli import main
from community_standards.formats.standard import dumps_json
from community_standards.model.standard import BooleanCheck
from community_standards.versions import diff as diff_module
from community_standards.versions.diff import COMPARED_FIELDS, GROUPS, SIMILARITY
from test_derive import TIANJIN, derived_documents

ROOT = Path(__file__).resolve().parent.parent
DERIVED = ROOT / "examples" / "derived"
SAFE = (
    ROOT
    / "examples"
    / "plugin"
    / "src"
    / "safe_community_example"
    / "standards"
    / "safe_community_2024.toml"
)


@pytest.fixture(scope="module")
def hexi() -> cs.Standard:
    return cs.Registry([DERIVED], plugins=False, environment=False).get(
        "hexi-beautiful-community@2024"
    )


@pytest.fixture(scope="module")
def safe() -> cs.Standard:
    return cs.load_standard(SAFE)


def replace(standard: cs.Standard, indicator: cs.Indicator) -> cs.Standard:
    """``standard`` with the indicator of the same id replaced."""
    return attrs.evolve(
        standard,
        categories=tuple(
            attrs.evolve(
                category,
                indicators=tuple(
                    indicator if item.id == indicator.id else item for item in category.indicators
                ),
            )
            for category in standard.categories
        ),
    )


def with_checks(standard: cs.Standard, indicator_id: str, *checks: cs.Check) -> cs.Standard:
    return replace(standard, attrs.evolve(standard.indicator(indicator_id), checks=checks))


def kinds(result: cs.StandardDiff) -> list[K]:
    return [change.kind for change in result]


# --- equal standards ------------------------------------------------------------------


def test_a_standard_against_itself_is_empty() -> None:
    result = cs.diff(TIANJIN, TIANJIN)
    assert not result
    assert len(result) == 0
    assert result.keys() == frozenset()
    assert "无变更" in cs.diff_text(result)
    assert "no changes" in cs.diff_text(result, "en")
    assert cs.diff_to_dict(result)["changed"] is False


def test_every_field_of_a_standard_is_compared() -> None:
    assert {field.name for field in attrs.fields(cs.Standard)} == COMPARED_FIELDS


# --- the example ---------------------------------------------------------------------


def test_example_diff(hexi: cs.Standard) -> None:
    result = cs.diff(TIANJIN, hexi)
    assert result.old == "tianjin-beautiful-community@2017"
    assert result.new == "hexi-beautiful-community@2024"
    assert Counter(kinds(result)) == Counter(
        {
            K.METADATA_CHANGED: 8,
            K.PASS_MARK_RAISED: 1,
            K.TIER_ADDED: 2,
            K.INDICATOR_TEXT_CHANGED: 1,
            K.INDICATOR_REPOINTED: 2,
            K.CHECK_TIGHTENED: 2,
            K.CHECK_RELABELLED: 2,
        }
    )
    tightened = result.of_kind(K.CHECK_TIGHTENED)
    assert [(c.path, c.detail) for c in tightened] == [
        ("indicators.worker-training.checks", "[0].minimum"),
        ("indicators.worker-training.checks", "[1].minimum"),
    ]
    assert [(c.before, c.after) for c in tightened] == [
        (
            cs.Limit(value=Fraction(56), unit="class_period"),
            cs.Limit(value=Fraction(64), unit="class_period"),
        ),
        (
            cs.Limit(value=Fraction(40), unit="class_period"),
            cs.Limit(value=Fraction(48), unit="class_period"),
        ),
    ]
    assert tightened[0].description.zh == (
        "指标 15（worker-training）：要求提高——leader_training 最低值 56 学时 → 64 学时"
    )
    assert tightened[0].description.en == (
        "Indicator 15 (worker-training): tightened: leader_training minimum 56 class periods → 64 class periods"
    )
    [mark] = result.of_kind(K.PASS_MARK_RAISED)
    assert (mark.path, mark.before, mark.after) == ("pass_mark", 80, 85)
    assert mark.description == cs.Text(zh="合格线 80 → 85（提高）", en="Pass mark 80 → 85 (raised)")
    # a change carries its sentence and numbers; the words come from the catalogue
    assert (mark.sentence, mark.data) == ("pass_mark", (80, 85))
    assert mark.render("zh") == "合格线 80 → 85（提高）"
    assert tightened[0].data[1:] == (
        "leader_training",
        "minimum",
        cs.Limit(value=Fraction(56), unit="class_period"),
        "class_period",
        cs.Limit(value=Fraction(64), unit="class_period"),
        "class_period",
    )
    assert {c.ids[0] for c in result.of_kind(K.INDICATOR_REPOINTED)} == {
        "worker-training",
        "information-databases",
    }
    assert all(c.editorial for c in result.of_kind(K.CHECK_RELABELLED))
    assert len(result.substantive) == len(result) - 2


def test_swapped_example_inverts_every_kind(hexi: cs.Standard) -> None:
    forward, backward = cs.diff(TIANJIN, hexi), cs.diff(hexi, TIANJIN)
    assert Counter(c.kind.inverse for c in forward) == Counter(kinds(backward))
    assert Counter(kinds(backward))[K.CHECK_LOOSENED] == 2
    assert Counter(kinds(backward))[K.TIER_REMOVED] == 2
    assert Counter(kinds(backward))[K.PASS_MARK_LOWERED] == 1


def test_generated_diff_files_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    for name, language in (("diff.md", "zh"), ("diff.en.md", "en")):
        args = ["--standards-path", str(DERIVED), "diff", "tianjin-beautiful-community@2017"]
        args += ["hexi-beautiful-community@2024", "--format", "markdown", "--lang", language]
        assert main(args) == 0
        expected = (DERIVED / name).read_text(encoding="utf-8")
        assert capsys.readouterr().out == expected, (
            f"regenerate examples/derived/{name}: community-standards {' '.join(args)}"
        )


# --- thresholds are compared exactly, after unit conversion ---------------------------


def training_check(minimum: str | None = None, maximum: str | None = None) -> cs.ThresholdCheck:
    def limit(text: str | None) -> cs.Limit | None:
        if text is None:
            return None
        number, _, unit = text.partition(" ")
        return cs.Limit(value=Fraction(number), unit=unit)

    label = cs.Text(zh="每年安全培训不少于10小时", en="at least 10 hours of safety training a year")
    return cs.ThresholdCheck(
        fact="safety_training", minimum=limit(minimum), maximum=limit(maximum), label=label
    )


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        ("600 minute", "10 hour", K.CHECK_RESTATED),
        ("600 minute", "36000 second", K.CHECK_RESTATED),
        ("600 minute", "601 minute", K.CHECK_TIGHTENED),
        ("600 minute", "11 hour", K.CHECK_TIGHTENED),
        ("600 minute", "9 hour", K.CHECK_LOOSENED),
        ("600 minute", "599 minute", K.CHECK_LOOSENED),
        ("600 minute", "10 person", K.CHECK_UNIT_CHANGED),
    ],
)
def test_minimum_compared_in_the_facts_unit(
    safe: cs.Standard, before: str, after: str, kind: K
) -> None:
    a = with_checks(safe, "safety-training", training_check(before))
    b = with_checks(safe, "safety-training", training_check(after))
    result = cs.diff(a, b)
    assert kinds(result) == [kind]
    [change] = result
    assert (change.path, change.detail) == ("indicators.safety-training.checks", "[0].minimum")
    assert change.editorial is (kind is K.CHECK_RESTATED)
    assert kinds(cs.diff(b, a)) == [kind.inverse]


def test_sixty_minutes_is_one_hour(safe: cs.Standard) -> None:
    a = with_checks(safe, "safety-training", training_check("60 minute"))
    b = with_checks(safe, "safety-training", training_check("1 hour"))
    result = cs.diff(a, b)
    assert kinds(result) == [K.CHECK_RESTATED]
    assert result.substantive == ()
    assert "要求不变" in result.changes[0].description.zh


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        ("20 hour", "1080 minute", K.CHECK_TIGHTENED),
        ("20 hour", "1260 minute", K.CHECK_LOOSENED),
        ("20 hour", "1200 minute", K.CHECK_RESTATED),
        (None, "20 hour", K.CHECK_TIGHTENED),
        ("20 hour", None, K.CHECK_LOOSENED),
    ],
)
def test_maximum_lowered_is_tightened(
    safe: cs.Standard, before: str | None, after: str | None, kind: K
) -> None:
    a = with_checks(safe, "safety-training", training_check("10 hour", before))
    b = with_checks(safe, "safety-training", training_check("10 hour", after))
    assert kinds(cs.diff(a, b)) == [kind]


def test_a_new_minimum_is_tightened_and_a_dropped_one_loosened(safe: cs.Standard) -> None:
    a = with_checks(safe, "safety-training", training_check(None, "20 hour"))
    b = with_checks(safe, "safety-training", training_check("10 hour", "20 hour"))
    assert kinds(cs.diff(a, b)) == [K.CHECK_TIGHTENED]
    assert kinds(cs.diff(b, a)) == [K.CHECK_LOOSENED]


def test_percent_and_plain_share_are_the_same_limit() -> None:
    [check] = [
        c
        for c in TIANJIN.indicator("service-satisfaction").checks
        if isinstance(c, cs.ThresholdCheck)
    ]
    assert check.minimum == cs.Limit(value=Fraction(80), unit="%")
    plain = attrs.evolve(check, minimum=cs.Limit(value=Fraction(4, 5)))
    b = with_checks(TIANJIN, "service-satisfaction", plain)
    assert kinds(cs.diff(TIANJIN, b)) == [K.CHECK_RESTATED]


def test_ratio_limits_compare_in_the_ratio_unit() -> None:
    indicator = TIANJIN.indicator("consultation-coverage")
    [ratio] = indicator.checks
    assert isinstance(ratio, cs.RatioCheck)
    higher = attrs.evolve(ratio, minimum=cs.Limit(value=Fraction(3, 4)))
    assert kinds(cs.diff(TIANJIN, with_checks(TIANJIN, indicator.id, higher))) == [
        K.CHECK_TIGHTENED
    ]
    percent = attrs.evolve(ratio, minimum=cs.Limit(value=Fraction(200, 3), unit="%"))
    assert kinds(cs.diff(TIANJIN, with_checks(TIANJIN, indicator.id, percent))) == [
        K.CHECK_RESTATED
    ]


def test_frequency_limits() -> None:
    indicator = TIANJIN.indicator("residents-representative-meeting")
    frequency = indicator.checks[0]
    assert isinstance(frequency, cs.FrequencyCheck)
    twice = attrs.evolve(frequency, minimum=cs.Limit(value=Fraction(4), unit="1/year"))
    changed = with_checks(TIANJIN, indicator.id, twice, *indicator.checks[1:])
    assert kinds(cs.diff(TIANJIN, changed)) == [K.CHECK_TIGHTENED]
    same = attrs.evolve(frequency, minimum=cs.Limit(value=Fraction(2), unit="1/year"))
    restated = with_checks(TIANJIN, indicator.id, same, *indicator.checks[1:])
    assert kinds(cs.diff(TIANJIN, restated)) == [K.CHECK_RESTATED]


# --- checks added, removed, changed ---------------------------------------------------


def test_check_added_removed_and_reordered() -> None:
    indicator = TIANJIN.indicator("party-organization")
    first, second, third = indicator.checks
    fewer = with_checks(TIANJIN, indicator.id, first, third)
    result = cs.diff(TIANJIN, fewer)
    assert kinds(result) == [K.CHECK_REMOVED]
    assert result.changes[0].before == second
    assert result.changes[0].detail == "[1]"
    assert kinds(cs.diff(fewer, TIANJIN)) == [K.CHECK_ADDED]
    assert "新增要求" in cs.diff(fewer, TIANJIN).changes[0].description.zh
    swapped = with_checks(TIANJIN, indicator.id, third, first, second)
    assert kinds(cs.diff(TIANJIN, swapped)) == [K.CHECKS_REORDERED]
    assert cs.diff(TIANJIN, swapped).changes[0].editorial


def test_check_about_another_fact_and_flipped_expectation() -> None:
    indicator = TIANJIN.indicator("party-organization")
    first, second, third = indicator.checks
    assert isinstance(first, cs.BooleanCheck)
    other = attrs.evolve(first, fact="mediation_mechanism_sound")
    assert kinds(cs.diff(TIANJIN, with_checks(TIANJIN, indicator.id, other, second, third))) == [
        K.CHECK_FACT_CHANGED
    ]
    flipped = attrs.evolve(first, expected=False)
    assert kinds(cs.diff(TIANJIN, with_checks(TIANJIN, indicator.id, flipped, second, third))) == [
        K.CHECK_CHANGED
    ]
    relabelled = attrs.evolve(first, label=None)
    assert kinds(
        cs.diff(TIANJIN, with_checks(TIANJIN, indicator.id, relabelled, second, third))
    ) == [K.CHECK_RELABELLED]


def test_assessed_requirement_changed_is_substantive() -> None:
    indicator = TIANJIN.indicator("public-opinion-channels")
    [assessed] = indicator.checks
    reworded = cs.AssessedCheck(
        label=cs.Text(zh="居民诉求及时回应", en="requests answered promptly")
    )
    result = cs.diff(TIANJIN, with_checks(TIANJIN, indicator.id, reworded))
    assert kinds(result) == [K.CHECK_CHANGED]
    assert not result.changes[0].editorial
    assert isinstance(assessed, cs.AssessedCheck)


def test_nested_checks_are_compared_inside() -> None:
    indicator = TIANJIN.indicator("party-organization")
    first, second, third = indicator.checks
    assert isinstance(first, cs.BooleanCheck)
    a = with_checks(TIANJIN, indicator.id, cs.AnyOf(checks=(first, second)), third)
    b = with_checks(TIANJIN, indicator.id, cs.AnyOf(checks=(first,)), third)
    result = cs.diff(a, b)
    assert kinds(result) == [K.CHECK_REMOVED]
    assert result.changes[0].detail == "[0].checks[1]"


# --- indicators, categories, tiers, facts, departments --------------------------------


def test_indicator_fields() -> None:
    roads = TIANJIN.indicator("roads")
    changed = attrs.evolve(
        roads,
        number="40a",
        text=cs.Text(zh="道路平整。", en="Roads are level."),
        points=Decimal(3),
        award=cs.Award.PROPORTIONAL,
        role=cs.Role.VETO,
        bonus=True,
        note=cs.Text(zh="注"),
        departments=("civil-affairs",),
    )
    result = cs.diff(TIANJIN, replace(TIANJIN, changed))
    assert {c.path: c.kind for c in result} == {
        "indicators.roads.number": K.INDICATOR_RENUMBERED,
        "indicators.roads.text": K.INDICATOR_TEXT_CHANGED,
        "indicators.roads.points": K.INDICATOR_REPOINTED,
        "indicators.roads.award": K.INDICATOR_AWARD_CHANGED,
        "indicators.roads.role": K.INDICATOR_ROLE_CHANGED,
        "indicators.roads.bonus": K.INDICATOR_CHANGED,
        "indicators.roads.note": K.INDICATOR_NOTE_CHANGED,
        "indicators.roads.departments": K.INDICATOR_CHANGED,
    }
    role = next(c for c in result if c.kind is K.INDICATOR_ROLE_CHANGED)
    assert role.description.en == "Indicator 40a (roads): role scored → veto"


def test_renamed_indicator_is_matched_by_its_text() -> None:
    roads = TIANJIN.indicator("roads")
    renamed = replace(TIANJIN, attrs.evolve(roads, id="streets"))
    renamed = attrs.evolve(
        renamed,
        categories=tuple(
            attrs.evolve(
                c,
                indicators=tuple(
                    attrs.evolve(i, id="streets") if i.id == "roads" else i for i in c.indicators
                ),
            )
            for c in TIANJIN.categories
        ),
    )
    result = cs.diff(TIANJIN, renamed)
    assert kinds(result) == [K.INDICATOR_RENAMED]
    assert result.changes[0].ids == ("roads", "streets")
    assert result.keys() == {"indicators.roads", "indicators.streets"}
    reworded = attrs.evolve(
        renamed.indicator("streets"),
        text=cs.Text(zh="社区内道路平整，出行便利；", en=roads.text.en),
        points=Decimal(2),
    )
    result = cs.diff(TIANJIN, replace(renamed, reworded))
    assert kinds(result) == [K.INDICATOR_RENAMED, K.INDICATOR_TEXT_CHANGED]
    assert result.keys() == {"indicators.roads", "indicators.streets"}


def test_dissimilar_text_is_a_removal_and_an_addition() -> None:
    roads = TIANJIN.indicator("roads")
    other = attrs.evolve(
        roads, id="streets", text=cs.Text(zh="完全不同的内容", en="Something else entirely")
    )
    changed = attrs.evolve(
        TIANJIN,
        categories=tuple(
            attrs.evolve(c, indicators=tuple(other if i.id == "roads" else i for i in c.indicators))
            for c in TIANJIN.categories
        ),
    )
    assert sorted(kinds(cs.diff(TIANJIN, changed))) == sorted(
        [K.INDICATOR_ADDED, K.INDICATOR_REMOVED]
    )
    assert SIMILARITY == 0.6


def test_moved_and_reordered() -> None:
    first, second = TIANJIN.categories[:2]
    moved = attrs.evolve(
        TIANJIN,
        categories=(
            attrs.evolve(first, indicators=first.indicators[1:]),
            attrs.evolve(second, indicators=(first.indicators[0], *second.indicators)),
            *TIANJIN.categories[2:],
        ),
    )
    result = cs.diff(TIANJIN, moved)
    assert kinds(result) == [K.INDICATOR_MOVED]
    assert result.changes[0].path == "indicators.party-organization.category"
    assert (result.changes[0].before, result.changes[0].after) == (first.id, second.id)
    reordered = attrs.evolve(
        TIANJIN,
        categories=(
            attrs.evolve(first, indicators=first.indicators[::-1]),
            *TIANJIN.categories[1:],
        ),
    )
    result = cs.diff(TIANJIN, reordered)
    assert kinds(result) == [K.INDICATORS_REORDERED]
    assert result.changes[0].path == "categories.resident-self-governance.indicators"
    shuffled = attrs.evolve(TIANJIN, categories=TIANJIN.categories[::-1])
    assert kinds(cs.diff(TIANJIN, shuffled)) == [K.CATEGORIES_REORDERED]


def test_categories_added_removed_and_changed() -> None:
    last = TIANJIN.categories[-1]
    changed = attrs.evolve(
        last, title=cs.Text(zh="参与", en="Participation"), points=Decimal(14), note=cs.Text(en="n")
    )
    result = cs.diff(TIANJIN, attrs.evolve(TIANJIN, categories=(*TIANJIN.categories[:-1], changed)))
    assert kinds(result) == [K.CATEGORY_RETITLED, K.CATEGORY_REPOINTED, K.CATEGORY_NOTE_CHANGED]
    assert result.changes[1].description.zh == "分类「参与」分值 13 → 14"
    fewer = attrs.evolve(TIANJIN, categories=TIANJIN.categories[:-1])
    result = cs.diff(TIANJIN, fewer)
    assert Counter(kinds(result)) == Counter({K.CATEGORY_REMOVED: 1, K.INDICATOR_REMOVED: 8})
    assert Counter(kinds(cs.diff(fewer, TIANJIN))) == Counter(
        {K.CATEGORY_ADDED: 1, K.INDICATOR_ADDED: 8}
    )
    weighted = attrs.evolve(last, weight=Decimal(13))
    result = cs.diff(
        attrs.evolve(TIANJIN, categories=(*TIANJIN.categories[:-1], weighted)), TIANJIN
    )
    assert kinds(result) == [K.CATEGORY_REWEIGHTED]


def test_tiers() -> None:
    good = cs.Tier(id="good", title=cs.Text(zh="良好", en="Good"), minimum=Decimal(80))
    best = cs.Tier(id="best", title=cs.Text(zh="优秀", en="Best"), minimum=Decimal(90))
    a = attrs.evolve(TIANJIN, tiers=(good, best))
    b = attrs.evolve(
        TIANJIN,
        tiers=(
            attrs.evolve(good, minimum=Decimal(85)),
            attrs.evolve(best, title=cs.Text(en="Top")),
        ),
    )
    assert kinds(cs.diff(a, b)) == [K.TIER_RAISED, K.TIER_RETITLED]
    assert kinds(cs.diff(b, a)) == [K.TIER_LOWERED, K.TIER_RETITLED]
    assert kinds(cs.diff(TIANJIN, a)) == [K.TIER_ADDED, K.TIER_ADDED]
    assert kinds(cs.diff(a, attrs.evolve(a, tiers=(best, good)))) == [K.TIERS_REORDERED]
    assert cs.diff(a, b).keys() == {"tiers"}


def test_metadata_and_settings() -> None:
    changed = attrs.evolve(
        TIANJIN,
        status=cs.Status.SUPERSEDED,
        document_number=None,
        partial_credit=Decimal("0.25"),
        aggregation=cs.Aggregation.POINTS,
        not_applicable=cs.NotApplicablePolicy.ZERO,
    )
    result = cs.diff(TIANJIN, changed)
    assert [(c.kind, c.path) for c in result] == [
        (K.METADATA_CHANGED, "status"),
        (K.METADATA_CHANGED, "document_number"),
        (K.SETTING_CHANGED, "not_applicable"),
        (K.SETTING_CHANGED, "partial_credit"),
    ]
    assert result.changes[0].description.en == "Status: active → superseded"
    assert result.changes[1].description.zh == "文号：津民发〔2017〕18号 → （无）"


def test_facts_and_departments() -> None:
    fact = TIANJIN.fact("leader_training")
    changed_fact = attrs.evolve(
        fact, unit="hour", description=cs.Text(zh="培训小时", en="training hours")
    )
    facts = tuple(changed_fact if f.key == fact.key else f for f in TIANJIN.facts)
    extra = cs.Fact(
        key="extra", kind=cs.FactKind.BOOLEAN, description=cs.Text(zh="额外", en="extra")
    )
    department = cs.Department(id="data", name=cs.Text(zh="数据局", en="Data bureau"))
    b = attrs.evolve(
        TIANJIN,
        facts=(*facts[1:], extra),
        departments=(*TIANJIN.departments[1:], department),
    )
    result = cs.diff(TIANJIN, b)
    assert [(c.kind, c.path) for c in result] == [
        (K.FACT_CHANGED, "facts.leader_training"),
        (K.FACT_ADDED, "facts.extra"),
        (K.FACT_REMOVED, "facts.households"),
        (K.DEPARTMENT_ADDED, "departments.data"),
        (K.DEPARTMENT_REMOVED, "departments.civil-affairs"),
    ]
    assert result.changes[0].description.zh == "事实 leader_training 修改：说明、单位"
    assert result.changes[0].description.en == "Fact leader_training changed: description, unit"
    reordered = attrs.evolve(
        TIANJIN, facts=TIANJIN.facts[::-1], departments=TIANJIN.departments[::-1]
    )
    assert kinds(cs.diff(TIANJIN, reordered)) == [K.FACTS_REORDERED, K.DEPARTMENTS_REORDERED]


def test_kinds_have_inverses_and_groups() -> None:
    assert K.CHECK_TIGHTENED.inverse is K.CHECK_LOOSENED
    assert K.INDICATOR_REMOVED.inverse is K.INDICATOR_ADDED
    assert K.PASS_MARK_LOWERED.inverse is K.PASS_MARK_RAISED
    assert K.INDICATOR_MOVED.inverse is K.INDICATOR_MOVED
    assert all(kind.inverse.inverse is kind for kind in K)
    assert {kind.group for kind in K} == set(GROUPS)


# --- renderers and the command ---------------------------------------------------------


def test_text_and_markdown(hexi: cs.Standard) -> None:
    result = cs.diff(TIANJIN, hexi)
    text = cs.diff_text(result)
    assert text.startswith(
        "标准变更：tianjin-beautiful-community@2017 → hexi-beautiful-community@2024\n"
    )
    assert "共 18 项变更（其中文字与编排 2 项）。" in text
    assert "\n合格线与等级（3）\n  - 合格线 80 → 85（提高）\n" in text
    assert text.index("\n指标与要求（") < text.index("\n文字与编排（")
    english = cs.diff_text(result, "en")
    assert "18 changes (2 editorial)." in english
    assert "  - Pass mark 80 → 85 (raised)\n" in english
    markdown = cs.diff_markdown(result, "en")
    assert markdown.startswith(
        "# Changes from tianjin-beautiful-community@2017 to hexi-beautiful-community@2024\n"
    )
    assert "\n## Pass mark and tiers\n\n- Pass mark 80 → 85 (raised)\n" in markdown
    assert "leader\\_training" in markdown


def test_json_form(hexi: cs.Standard) -> None:
    data: dict[str, Any] = json.loads(dumps_json(cs.diff_to_dict(cs.diff(TIANJIN, hexi))))
    assert (data["from"], data["to"], data["changed"], data["count"]) == (
        "tianjin-beautiful-community@2017",
        "hexi-beautiful-community@2024",
        True,
        18,
    )
    assert data["counts"]["check.tightened"] == 2
    tightened = [c for c in data["changes"] if c["kind"] == "check.tightened"]
    assert tightened[0] == {
        "kind": "check.tightened",
        "group": "indicators",
        "editorial": False,
        "path": "indicators.worker-training.checks",
        "detail": "[0].minimum",
        "ids": ["worker-training"],
        "before": "56 class_period",
        "after": "64 class_period",
        "description": {
            "zh": "指标 15（worker-training）：要求提高——leader_training 最低值 56 学时 → 64 学时",
            "en": "Indicator 15 (worker-training): tightened: leader_training minimum 56 class periods → 64 class periods",
        },
    }
    points = next(c for c in data["changes"] if c["path"] == "indicators.worker-training.points")
    assert (points["before"], points["after"]) == (1, 1.5)
    tier = next(c for c in data["changes"] if c["kind"] == "tier.added")
    assert tier["after"] == {
        "id": "beautiful",
        "title": {"zh": "美丽社区", "en": "Beautiful community"},
        "minimum": 85,
    }


def test_cli_diff(capsys: pytest.CaptureFixture[str]) -> None:
    hexi_file = str(DERIVED / "hexi_2024.toml")
    assert main(["diff", "tianjin-beautiful-community", hexi_file, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 18
    assert main(["diff", hexi_file, hexi_file]) == 0
    assert "无变更" in capsys.readouterr().out
    assert main(["diff", "tianjin-beautiful-community", "no-such-standard"]) == 2
    assert "no standard with id 'no-such-standard'" in capsys.readouterr().err


# --- laws -----------------------------------------------------------------------------


def resolved(document: dict[str, Any]) -> cs.Standard:
    return cs.derive(TIANJIN, document, "random.toml")


@given(derived_documents())
def test_law_a_standard_has_no_diff_with_itself(document: dict[str, Any]) -> None:
    standard = resolved(document)
    assert not cs.diff(standard, standard)
    assert not cs.diff(standard, cs.loads_standard(cs.dumps_standard(standard)))


@given(derived_documents("one"), derived_documents("one"))
def test_law_empty_exactly_when_equal(first: dict[str, Any], second: dict[str, Any]) -> None:
    a, b = resolved(first), resolved(second)
    assert (not cs.diff(a, b)) == (a == b)
    assert (not cs.diff(TIANJIN, a)) == (a == TIANJIN)


@given(derived_documents())
def test_law_derived_diff_names_exactly_the_overrides(document: dict[str, Any]) -> None:
    standard = resolved(document)
    assert cs.diff(TIANJIN, standard).keys() == cs.derived_overrides(TIANJIN, document)


def canonical(change: cs.Change, *, swapped: bool) -> tuple[Any, ...]:
    kind = change.kind.inverse if swapped else change.kind
    before, after = (change.after, change.before) if swapped else (change.before, change.after)
    return (kind, change.path, repr(before), repr(after))


@given(derived_documents("one"), derived_documents("two"))
def test_law_swapping_inverts_the_changes(first: dict[str, Any], second: dict[str, Any]) -> None:
    a, b = resolved(first), resolved(second)
    forward, backward = cs.diff(a, b), cs.diff(b, a)
    assert Counter(canonical(c, swapped=True) for c in forward) == Counter(
        canonical(c, swapped=False) for c in backward
    )
    added = Counter(c.kind for c in forward)
    removed = Counter(c.kind for c in backward)
    assert added[K.INDICATOR_ADDED] == removed[K.INDICATOR_REMOVED]
    assert added[K.CHECK_TIGHTENED] == removed[K.CHECK_LOOSENED]


@given(derived_documents(), st.sampled_from(["zh", "en"]))
def test_law_every_change_is_one_line_in_every_rendering(
    document: dict[str, Any], language: str
) -> None:
    result = cs.diff(TIANJIN, resolved(document))
    text = cs.diff_text(result, language)
    for change in result:
        line = change.description.get(language)
        assert "\n" not in line
        assert f"  - {line}\n" in text
    assert json.loads(dumps_json(cs.diff_to_dict(result)))["count"] == len(result)


def _many_indicators(rng: random.Random, count: int) -> cs.Standard:
    characters = [chr(0x4E00 + k) for k in range(3000)]
    words = [
        "community",
        "residents",
        "service",
        "centre",
        "culture",
        "health",
        "safety",
        "green",
        "parking",
    ]
    items = tuple(
        cs.Indicator(
            id=f"i{n}",
            number=str(n + 1),
            text=cs.Text(
                zh="".join(rng.choice(characters) for _ in range(rng.randint(12, 24))),
                en=" ".join(rng.choice(words) for _ in range(rng.randint(6, 12))) + f" {n}",
            ),
            points=Decimal(1),
            checks=(BooleanCheck(fact="open"),),
        )
        for n in range(count)
    )
    category = cs.Category(id="c", title=cs.Text(en="c"), points=Decimal(count), indicators=items)
    fact = cs.Fact(key="open", kind=cs.FactKind.BOOLEAN, description=cs.Text(en="open"))
    return cs.Standard(
        id="many",
        version="1",
        title=cs.Text(en="many"),
        total_points=Decimal(count),
        pass_mark=Decimal(1),
        categories=(category,),
        facts=(fact,),
    )


def test_many_renames_are_found_as_when_every_pair_is_compared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 70 renamed of 240: more pairs than are compared one by one, so candidates come from
    # the index of text pieces; the result is the one comparing every pair gives
    rng = random.Random(7)
    a = _many_indicators(rng, 240)
    renamed = set(rng.sample(range(240), 70))
    items = []
    for n, old in enumerate(a.categories[0].indicators):
        if n in renamed:
            zh = old.text.zh
            cut = rng.randrange(len(zh))
            text = attrs.evolve(old.text, zh=zh[:cut] + "改" + zh[cut + 1 :])
            items.append(attrs.evolve(old, id=f"{old.id}-new", text=text))
        else:
            items.append(old)
    b = attrs.evolve(a, categories=(attrs.evolve(a.categories[0], indicators=tuple(items)),))
    assert diff_module._EVERY_PAIR < 70 * 70
    indexed = cs.diff(a, b)
    pairs = {c.ids for c in indexed.of_kind(cs.ChangeKind.INDICATOR_RENAMED)}
    assert pairs == {(f"i{n}", f"i{n}-new") for n in renamed}
    assert not indexed.of_kind(cs.ChangeKind.INDICATOR_ADDED, cs.ChangeKind.INDICATOR_REMOVED)
    monkeypatch.setattr(diff_module, "_EVERY_PAIR", 10**9)
    assert cs.diff(a, b) == indexed
