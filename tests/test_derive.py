"""Derived standards: the patch syntax, its errors, and resolution laws.

The Hypothesis strategy :func:`derived_documents` (used by ``test_diff.py`` too) writes
random but valid derived documents over the Tianjin 2017 standard: changed points,
thresholds, texts, numbers, roles and awards, moves, removals, new indicators and
categories, tiers, and no-op patches that restate the base's values.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import community_standards as cs
from community_standards.cli import main
from community_standards.formats.io import parse_document
from community_standards.formats.standard import CONVERTER
from community_standards.versions.derive import document_path, facts_used

ROOT = Path(__file__).resolve().parent.parent
DERIVED = ROOT / "examples" / "derived"
TIANJIN_REF = "tianjin-beautiful-community@2017"
TIANJIN = cs.Registry(plugins=False, environment=False).get(TIANJIN_REF)
HEADER = f'extends = "{TIANJIN_REF}"\nid = "district"\nversion = "1"\n'


def parse(text: str) -> dict[str, Any]:
    """A derived document as the registry reads it (exact decimals)."""
    return parse_document(text, "<test>", cs.StandardError)


def derived(body: str, header: str = HEADER) -> cs.Standard:
    return cs.derive(TIANJIN, parse(header + body), "district.toml")


def problems(body: str, header: str = HEADER) -> list[tuple[str, str]]:
    with pytest.raises(cs.StandardError) as caught:
        derived(body, header)
    assert caught.value.source == "district.toml"
    return [(problem.path, problem.message) for problem in caught.value.problems]


def roundtrip(standard: cs.Standard) -> cs.Standard:
    return cs.loads_standard(cs.dumps_standard(standard))


# --- the bundled example ------------------------------------------------------------


@pytest.fixture(scope="module")
def hexi() -> cs.Standard:
    return cs.Registry([DERIVED], plugins=False, environment=False).get("hexi-beautiful-community")


def test_example_overrides_what_it_says(hexi: cs.Standard) -> None:
    assert hexi.ref == "hexi-beautiful-community@2024"
    assert hexi.pass_mark == 85
    assert hexi.total_points == 100
    training = hexi.indicator("worker-training")
    assert training.points == Decimal("1.5")
    limits = [check.minimum for check in training.checks if isinstance(check, cs.ThresholdCheck)]
    assert limits == [
        cs.Limit(value=Fraction(64), unit="class_period"),
        cs.Limit(value=Fraction(48), unit="class_period"),
    ]
    assert "64学时" in training.text.zh
    assert training.note == TIANJIN.indicator("worker-training").note  # not patched: inherited
    assert hexi.indicator("information-databases").points == Decimal("0.5")
    assert [c.points for c in hexi.categories] == [c.points for c in TIANJIN.categories]
    assert [t.id for t in hexi.tiers] == ["beautiful", "model"]
    assert hexi.facts == TIANJIN.facts
    assert hexi.departments == TIANJIN.departments


def test_provenance_is_not_inherited(hexi: cs.Standard) -> None:
    assert hexi.status is cs.Status.ACTIVE
    assert (hexi.issuer, hexi.document_number, hexi.issued, hexi.source, hexi.supersedes) == (
        None,
    ) * 5
    assert hexi.title.zh.endswith("（河西区细化示例）")


def test_example_overrides_as_addresses(hexi: cs.Standard) -> None:
    document = parse((DERIVED / "hexi_2024.toml").read_text(encoding="utf-8"))
    assert cs.derived_overrides(TIANJIN, document) == {
        "id",
        "version",
        "title",
        "notes",
        "issuer",
        "document_number",
        "issued",
        "source",
        "pass_mark",
        "tiers",
        "indicators.worker-training.points",
        "indicators.worker-training.text",
        "indicators.worker-training.checks",
        "indicators.information-databases.points",
    }


def test_resolution_is_idempotent_for_the_example(hexi: cs.Standard) -> None:
    again = roundtrip(hexi)
    assert again == hexi
    assert cs.dumps_standard(again) == cs.dumps_standard(hexi)


def test_scorecard_stamps_the_resolved_standard(hexi: cs.Standard) -> None:
    evidence = cs.evidence_from_dict({"community": {"id": "c", "name": "社区"}}, hexi)
    card = cs.score(hexi, evidence)
    assert card.standard.ref == hexi.ref
    # the stamp names the content: the resolved standard written out as a plain file and
    # loaded again has the same one, its base another, and it is a SHA-256 in hex
    plain = cs.loads_standard(cs.dumps_standard(hexi), "hexi-resolved.toml")
    assert (
        cs.score(
            plain, cs.evidence_from_dict({"community": {"id": "c", "name": "社区"}}, plain)
        ).standard.sha256
        == card.standard.sha256
    )
    assert re.fullmatch(r"[0-9a-f]{64}", card.standard.sha256)
    for_tianjin = cs.evidence_from_dict({"community": {"id": "c", "name": "社区"}}, TIANJIN)
    assert card.standard.sha256 != cs.score(TIANJIN, for_tianjin).standard.sha256


def test_show_resolved_prints_a_plain_standard(
    capsys: pytest.CaptureFixture[str], hexi: cs.Standard
) -> None:
    for reference in ("hexi-beautiful-community@2024", str(DERIVED / "hexi_2024.toml")):
        code = main(["--standards-path", str(DERIVED), "show", reference, "--resolved"])
        out = capsys.readouterr().out
        assert code == 0
        assert "\nextends = " not in out
        assert cs.loads_standard(out) == hexi


def test_resolve_with_and_without_a_registry(hexi: cs.Standard) -> None:
    text = (DERIVED / "hexi_2024.toml").read_text(encoding="utf-8")
    assert cs.resolve(parse(text), "hexi.toml") == hexi
    registry = cs.Registry(plugins=False, environment=False)
    assert cs.resolve(parse(text), "hexi.toml", registry) == hexi
    plain = cs.standard_to_dict(TIANJIN)
    assert cs.resolve(plain, registry=registry) == TIANJIN


def test_a_derived_standard_can_be_extended_again(tmp_path: Path, hexi: cs.Standard) -> None:
    (tmp_path / "street.toml").write_text(
        'extends = "hexi-beautiful-community@2024"\nid = "street"\nversion = "2025"\npass_mark = 90\n',
        encoding="utf-8",
    )
    street = cs.Registry([DERIVED, tmp_path], plugins=False, environment=False).get("street")
    assert street.pass_mark == 90
    assert street.tiers == hexi.tiers
    assert street.indicator("worker-training") == hexi.indicator("worker-training")


# --- the syntax ---------------------------------------------------------------------


def test_nothing_changed_but_the_identity() -> None:
    standard = derived("")
    assert standard == attrs.evolve(
        TIANJIN,
        id="district",
        version="1",
        issuer=None,
        document_number=None,
        issued=None,
        source=None,
    )


def test_top_level_values_and_tiers() -> None:
    standard = derived(
        """
status = "draft"
supersedes = "district@0"
issued = 2024-01-02
pass_mark = 75.5
partial_credit = 0.25
notes = { zh = "说明", en = "notes" }

[[tiers]]
id = "bronze"
title = { zh = "铜", en = "Bronze" }
minimum = 75.5

[[tiers]]
id = "gold"
title = { zh = "金", en = "Gold" }
minimum = 95
"""
    )
    assert standard.status is cs.Status.DRAFT
    assert standard.supersedes == "district@0"
    assert str(standard.issued) == "2024-01-02"
    assert standard.pass_mark == Decimal("75.5")
    assert standard.partial_credit == Decimal("0.25")
    assert standard.notes == cs.Text(zh="说明", en="notes")
    assert [(t.id, t.minimum) for t in standard.tiers] == [
        ("bronze", Decimal("75.5")),
        ("gold", 95),
    ]
    with_tiers = attrs.evolve(TIANJIN, tiers=standard.tiers)
    assert cs.derive(with_tiers, parse(HEADER + "tiers = []\n")).tiers == ()
    assert cs.derive(with_tiers, parse(HEADER)).tiers == standard.tiers


def test_unset_inherited_optional_values() -> None:
    assert derived('unset = ["notes"]\n').notes is None
    assert ("unset[0]", "'pass_mark' is required and cannot be unset") in problems(
        'unset = ["pass_mark"]\n'
    )
    assert problems('unset = ["issuer"]\n')[0][1].startswith(
        "'issuer' is not a field that can be unset"
    )
    assert problems('notes = { zh = "x" }\nunset = ["notes"]\n') == [
        ("unset[0]", "'notes' is both given and unset")
    ]


def test_patch_indicator_fields() -> None:
    standard = derived(
        """
[indicators.roads]
number = "40a"
award = "proportional"
role = "veto"
departments = ["civil-affairs"]
note = { zh = "注", en = "note" }
text = { zh = "道路平整。", en = "Roads are level." }
"""
    )
    roads = standard.indicator("roads")
    assert roads.number == "40a"
    assert roads.award is cs.Award.PROPORTIONAL
    assert roads.role is cs.Role.VETO
    assert roads.departments == ("civil-affairs",)
    assert roads.note == cs.Text(zh="注", en="note")
    assert roads.text == cs.Text(zh="道路平整。", en="Roads are level.")
    assert roads.checks == TIANJIN.indicator("roads").checks
    assert derived('[indicators.worker-training]\nunset = ["note", "departments"]\n').indicator(
        "worker-training"
    ) == attrs.evolve(TIANJIN.indicator("worker-training"), note=None, departments=())


def test_move_an_indicator_and_place_it() -> None:
    standard = derived(
        """
[indicators.roads]
category = "convenient-services"
after = "office-informatization"

[categories.convenient-services]
points = 22

[categories.livable-environment]
points = 18
"""
    )
    services = next(c for c in standard.categories if c.id == "convenient-services")
    ids = [i.id for i in services.indicators]
    assert ids[ids.index("office-informatization") + 1] == "roads"
    assert "roads" not in [
        i.id for c in standard.categories if c.id == "livable-environment" for i in c.indicators
    ]
    first = derived(
        """
[indicators.roads]
category = "convenient-services"
position = 1
[categories.convenient-services]
points = 22
[categories.livable-environment]
points = 18
"""
    )
    assert (
        next(c for c in first.categories if c.id == "convenient-services").indicators[0].id
        == "roads"
    )


def test_add_a_category_with_new_indicators_and_facts() -> None:
    standard = derived(
        """
total_points = 103

[[facts]]
key = "smart_platform"
kind = "boolean"
description = { zh = "建有智慧社区平台", en = "a smart community platform is in place" }

[[facts]]
key = "platform_users"
kind = "count"
unit = "person"
description = { zh = "平台注册居民人数", en = "residents registered on the platform" }

[[departments]]
id = "data-bureau"
name = { zh = "区数据局", en = "District Data Bureau" }

[categories.smart-community]
title = { zh = "智慧社区", en = "Smart Community" }
points = 3
after = "convenient-services"

[indicators.smart-platform]
category = "smart-community"
number = "61"
text = { zh = "建有智慧社区平台。", en = "A smart community platform is in place." }
points = 1
departments = ["data-bureau"]
checks = [{ kind = "boolean", fact = "smart_platform" }]

[indicators.platform-users]
category = "smart-community"
position = 1
number = "62"
text = { zh = "平台注册居民不少于500人。", en = "At least 500 residents are registered on the platform." }
points = 2
checks = [{ kind = "threshold", fact = "platform_users", minimum = "500 person" }]
"""
    )
    ids = [c.id for c in standard.categories]
    assert ids[ids.index("convenient-services") + 1] == "smart-community"
    smart = standard.categories[ids.index("smart-community")]
    assert [i.id for i in smart.indicators] == ["platform-users", "smart-platform"]
    assert [f.key for f in standard.facts[-2:]] == ["smart_platform", "platform_users"]
    assert standard.departments[-1].id == "data-bureau"
    assert roundtrip(standard) == standard


def test_replace_a_fact_by_key() -> None:
    standard = derived(
        """
[[facts]]
key = "leader_training"
kind = "quantity"
unit = "class_period"
minimum = 0
description = { zh = "书记、主任培训学时", en = "class periods of training of the secretary and director" }
"""
    )
    keys = [f.key for f in standard.facts]
    assert keys == [f.key for f in TIANJIN.facts]
    assert standard.fact("leader_training").description.zh == "书记、主任培训学时"


def test_removal_drops_facts_nothing_uses() -> None:
    standard = derived(
        """
remove = ["worker-training"]
total_points = 99
pass_mark = 79
[categories.scientific-management]
points = 16
"""
    )
    keys = {f.key for f in standard.facts}
    assert {"leader_training", "other_worker_training"}.isdisjoint(keys)
    assert keys == facts_used(standard.categories)
    assert len(keys) == len(TIANJIN.facts) - 2


def test_a_fact_the_file_declares_must_be_used() -> None:
    found = problems(
        """
[[facts]]
key = "unused_fact"
kind = "boolean"
description = { zh = "未使用", en = "unused" }
"""
    )
    assert found == [("facts.unused_fact", "fact 'unused_fact' is declared but no check uses it")]


def test_remove_a_category_keeping_an_indicator() -> None:
    standard = derived(
        """
remove = ["broad-participation"]
total_points = 88.5
pass_mark = 70
[indicators.regular-volunteering]
category = "civilized-lifestyles"
[categories.civilized-lifestyles]
points = 13.5
"""
    )
    assert "broad-participation" not in [c.id for c in standard.categories]
    assert standard.categories[-1].indicators[-1].id == "regular-volunteering"
    with pytest.raises(KeyError):
        standard.indicator("building-self-governance")


# --- errors name the file and the place in it ------------------------------------


def test_unknown_keys_with_a_suggestion() -> None:
    found = problems(
        """
pasmark = 85
[indicators.worker-training]
pionts = 2
[categories.scientific-management]
titel = { zh = "x" }
"""
    )
    assert ("pasmark", "unknown key 'pasmark'; did you mean 'pass_mark'?") in found
    assert (
        "indicators.worker-training.pionts",
        "unknown key 'pionts'; did you mean 'points'?",
    ) in found
    assert (
        "categories.scientific-management.titel",
        "unknown key 'titel'; did you mean 'title'?",
    ) in found


def test_wrong_types_have_paths() -> None:
    found = problems('pass_mark = "high"\n[indicators.worker-training]\npoints = "two"\n')
    assert ("pass_mark", "expected a number, found a string") in found
    assert ("indicators.worker-training.points", "expected a number, found a string") in found


def test_bad_check_in_a_patch() -> None:
    found = problems('[indicators.roads]\nchecks = [{ kind = "treshold", fact = "x" }]\n')
    assert found[0][0] == "indicators.roads.checks[0]"
    assert "did you mean 'threshold'?" in found[0][1]


def test_off_category_total_names_the_category_and_both_sums() -> None:
    found = problems("[indicators.worker-training]\npoints = 2\n")
    assert found == [
        (
            "categories.scientific-management.points",
            "category 'scientific-management' is worth 17 points but its indicators add up to 18",
        )
    ]


def test_validation_problems_use_indicator_addresses() -> None:
    found = problems('[indicators.roads]\nchecks = [{ kind = "boolean", fact = "no_such_fact" }]\n')
    assert found[0][0] == "indicators.roads.checks[0].fact"
    assert "'no_such_fact' is not declared" in found[0][1]


def test_unknown_ids_with_suggestions() -> None:
    found = problems(
        """
remove = ["roadz"]
[indicators.worker-trainin]
points = 1
[categories.scientific-managment]
points = 3
"""
    )
    assert found[0] == (
        "remove[0]",
        "'roadz' is neither an indicator nor a category of tianjin-beautiful-community@2017; did you mean 'roads'?",
    )
    assert (
        "categories.scientific-managment",
        "category 'scientific-managment' is not in tianjin-beautiful-community@2017, and a new "
        "category needs 'title'; did you mean 'scientific-management'?",
    ) in found
    assert (
        "indicators.worker-trainin",
        "indicator 'worker-trainin' is not in tianjin-beautiful-community@2017, and a new indicator "
        "needs 'category' and its fields; did you mean 'worker-training'?",
    ) in found


def test_new_indicator_needs_its_fields() -> None:
    found = problems('[indicators.new-item]\ncategory = "roads-and-more"\n')
    assert found[0][0] == "indicators.new-item.category"
    found = problems('[indicators.new-item]\ncategory = "livable-environment"\npoints = 1\n')
    assert ("indicators.new-item.number", "required key is missing") in found
    assert ("indicators.new-item.text", "required key is missing") in found


def test_array_syntax_is_refused_with_the_right_one() -> None:
    found = problems('[[categories]]\nid = "x"\n')
    assert found == [
        (
            "categories",
            "in a derived standard, categories are patched by id with [categories.<id>] tables",
        )
    ]
    found = problems(
        '[categories.roads-and-more]\nindicators = []\ntitle = { zh = "x" }\npoints = 0\n'
    )
    assert found[0] == (
        "categories.roads-and-more.indicators",
        "indicators are added, changed and moved with [indicators.<id>] tables",
    )
    assert problems('[indicators.roads]\nid = "streets"\n')[0][0] == "indicators.roads.id"
    assert problems("facts = 3\n") == [("facts", "expected an array of tables ([[facts]])")]
    assert problems('remove = "roads"\n') == [
        ("remove", "expected an array of indicator or category ids")
    ]


def test_placement_errors() -> None:
    assert problems("[indicators.roads]\nposition = 1\n") == [
        ("indicators.roads.position", "only a new or moved indicator can be placed")
    ]
    assert problems('[categories.livable-environment]\nafter = "roads"\n') == [
        (
            "categories.livable-environment.after",
            "only a new category can be placed; the order of existing ones is kept",
        )
    ]
    found = problems('[indicators.roads]\ncategory = "convenient-services"\nposition = 99\n')
    assert found[0] == ("indicators.roads.position", "expected a whole number from 1 to 17")
    found = problems(
        '[indicators.roads]\ncategory = "convenient-services"\nafter = "roadz"\nposition = 2\n'
    )
    assert found[0] == ("indicators.roads", "give either 'position' or 'after', not both")
    found = problems('[indicators.roads]\ncategory = "convenient-services"\nafter = "sanitation"\n')
    assert found[0][0] == "indicators.roads.after"
    assert found[0][1].startswith(
        "'sanitation' is not an indicator of category 'convenient-services'"
    )


def test_conflicting_removals() -> None:
    found = problems('remove = ["roads"]\n[indicators.roads]\npoints = 1\n')
    assert found[0] == ("remove[0]", "indicator 'roads' is both changed and removed")
    found = problems(
        'remove = ["livable-environment"]\n[categories.livable-environment]\npoints = 1\n'
    )
    assert found[0] == ("remove[0]", "category 'livable-environment' is both changed and removed")
    found = problems('remove = ["livable-environment"]\n[indicators.roads]\npoints = 1\n')
    assert found[0][0] == "indicators.roads.category"
    assert "which is removed" in found[0][1]
    found = problems(
        'remove = ["livable-environment"]\n[indicators.worker-training]\ncategory = "livable-environment"\n'
    )
    assert (
        "indicators.worker-training.category",
        "category 'livable-environment' is removed",
    ) in found


def test_duplicate_fact_in_the_file() -> None:
    fact = '[[facts]]\nkey = "k"\nkind = "boolean"\ndescription = { zh = "k" }\n'
    assert ("facts[1].key", "key 'k' is given twice") in problems(fact + fact)


def test_document_path_leaves_unknown_paths() -> None:
    assert document_path(TIANJIN, "categories[99].points") == "categories[99].points"
    assert document_path(TIANJIN, "pass_mark") == "pass_mark"
    assert document_path(TIANJIN, "categories[0].indicators[1].checks[0]") == (
        "indicators.residents-representative-meeting.checks[0]"
    )
    assert document_path(TIANJIN, "departments[0].name") == "departments.civil-affairs.name"


# --- random derived documents -------------------------------------------------------

#: Sentences for added indicators: unlike each other and unlike the Tianjin texts, so
#: that the same sentence always comes with the same id and fact.
NEW_ITEMS = (
    ("建有社区微型消防站", "A community micro fire station is in place"),
    ("电动自行车集中充电", "Electric bicycles are charged at shared points"),
    ("老年助餐点正常运营", "The meal service for older residents operates"),
    ("快递柜覆盖全部楼栋", "Parcel lockers serve every building"),
    ("雨水花园维护良好", "Rain gardens are kept in good order"),
    ("儿童友好空间开放", "A child-friendly space is open"),
)
POINTS = [Decimal(value) for value in ("0", "0.5", "1", "1.5", "2", "3", "4")]


def _check_document(check: cs.Check) -> dict[str, Any]:
    data: dict[str, Any] = CONVERTER.unstructure(check, unstructure_as=cs.Check)
    return data


def _limit_text(limit: cs.Limit) -> str | Decimal | int:
    dumped: str | Decimal | int = CONVERTER.unstructure(limit)
    return dumped


def _restated(limit: cs.Limit) -> cs.Limit:
    """The same limit written another way (for a limit compared in plain numbers)."""
    if limit.unit == "%":
        return cs.Limit(value=limit.value / 100)
    return cs.Limit(value=limit.value * 100, unit="%")


def _threshold_slots() -> list[tuple[str, int, cs.Limit, bool]]:
    """Checks with only a minimum: indicator, index, the limit, and whether it is a plain number."""
    slots = []
    for _, indicator in TIANJIN.indicators():
        for index, check in enumerate(indicator.checks):
            if (
                isinstance(check, cs.ThresholdCheck | cs.FrequencyCheck | cs.RatioCheck)
                and check.minimum
                and not check.maximum
            ):
                unit = (
                    TIANJIN.fact(check.fact).unit
                    if not isinstance(check, cs.RatioCheck)
                    else TIANJIN.fact(check.numerator).unit
                    + "/"
                    + TIANJIN.fact(check.denominator).unit
                )
                plain = unit == "" or (
                    isinstance(check, cs.RatioCheck) and len(set(unit.split("/"))) == 1
                )
                slots.append((indicator.id, index, check.minimum, plain))
    return slots


SLOTS = _threshold_slots()
HOME = {indicator.id: category.id for category, indicator in TIANJIN.indicators()}
SIZES = {category.id: len(category.indicators) for category in TIANJIN.categories}


@st.composite
def derived_documents(draw: st.DrawFn, name: str = "district") -> dict[str, Any]:
    """A valid derived document over Tianjin 2017 (as parsed from TOML)."""
    document: dict[str, Any] = {"extends": TIANJIN_REF, "id": name, "version": "1"}
    indicators: dict[str, dict[str, Any]] = {}
    categories: dict[str, dict[str, Any]] = {}
    delta = dict.fromkeys(SIZES, Decimal(0))
    sizes = dict(SIZES)
    remove: list[str] = []
    order = draw(st.permutations(sorted(HOME)))
    operations = draw(
        st.lists(
            st.sampled_from(
                [
                    "points",
                    "threshold",
                    "restate",
                    "remove",
                    "move",
                    "number",
                    "text",
                    "award",
                    "role",
                    "unset",
                    "noop",
                ]
            ),
            max_size=6,
        )
    )
    for operation, indicator_id in zip(operations, order, strict=False):
        if indicator_id in indicators or indicator_id in remove:
            continue
        indicator = TIANJIN.indicator(indicator_id)
        home = HOME[indicator_id]
        if operation == "points":
            points = draw(st.sampled_from(POINTS))
            indicators[indicator_id] = {"points": points}
            delta[home] += points - indicator.points
        elif operation in {"threshold", "restate"}:
            slot_id, index, limit, plain = draw(st.sampled_from(SLOTS))
            if slot_id in indicators or slot_id in remove or (operation == "restate" and not plain):
                continue
            checks = [_check_document(check) for check in TIANJIN.indicator(slot_id).checks]
            if operation == "threshold":
                factors = [Fraction(1, 2), Fraction(3, 4), Fraction(1), Fraction(5, 4), Fraction(2)]
                new = cs.Limit(value=limit.value * draw(st.sampled_from(factors)), unit=limit.unit)
            else:
                new = _restated(limit)
            checks[index]["minimum"] = _limit_text(new)
            indicators[slot_id] = {"checks": checks}
        elif operation == "remove":
            if sizes[home] == 1:
                continue
            remove.append(indicator_id)
            sizes[home] -= 1
            delta[home] -= indicator.points
        elif operation == "move":
            target_category = draw(st.sampled_from(sorted(set(SIZES) - {home})))
            if sizes[home] == 1:
                continue
            table: dict[str, Any] = {"category": target_category}
            if draw(st.booleans()):
                table["position"] = 1
            indicators[indicator_id] = table
            sizes[home] -= 1
            sizes[target_category] += 1
            delta[home] -= indicator.points
            delta[target_category] += indicator.points
        elif operation == "number":
            indicators[indicator_id] = {"number": indicator.number + "a"}
        elif operation == "text":
            indicators[indicator_id] = {
                "text": {
                    "zh": indicator.text.zh + "（修订）",
                    "en": indicator.text.en + " (revised)",
                }
            }
        elif operation == "award":
            indicators[indicator_id] = {"award": "proportional"}
        elif operation == "role":
            indicators[indicator_id] = {
                "role": draw(st.sampled_from(["veto", "prerequisite", "scored"]))
            }
        elif operation == "unset":
            indicators[indicator_id] = {"unset": ["note", "departments"]}
        else:  # a patch that restates the base's own values is no override
            indicators[indicator_id] = {"points": indicator.points, "number": indicator.number}
    facts = []
    for index in draw(st.lists(st.integers(0, len(NEW_ITEMS) - 1), unique=True, max_size=2)):
        zh, en = NEW_ITEMS[index]
        category_id = draw(st.sampled_from(sorted(SIZES)))
        facts.append(
            {"key": f"new_fact_{index}", "kind": "boolean", "description": {"zh": zh, "en": en}}
        )
        indicators[f"new-item-{index}"] = {
            "category": category_id,
            "number": f"N{index}",
            "text": {"zh": zh + "。", "en": en + "."},
            "points": Decimal(1),
            "checks": [{"kind": "boolean", "fact": f"new_fact_{index}"}],
        }
        delta[category_id] += 1
    if facts:
        document["facts"] = facts
    base_points = {category.id: category.points for category in TIANJIN.categories}
    for category_id, change in delta.items():
        if change:
            categories[category_id] = {"points": base_points[category_id] + change}
    if draw(st.booleans()):
        category_id = draw(st.sampled_from(sorted(SIZES)))
        categories.setdefault(category_id, {})["title"] = {"zh": "新标题", "en": "New title"}
    total = TIANJIN.total_points + sum(delta.values())
    if total != TIANJIN.total_points:
        document["total_points"] = total
    document["pass_mark"] = min(
        total, draw(st.sampled_from([Decimal(60), Decimal(80), Decimal("85.5")]))
    )
    if draw(st.booleans()):
        top = min(total, draw(st.sampled_from([Decimal(85), Decimal(90)])))
        document["tiers"] = [
            {"id": "good", "title": {"zh": "良好", "en": "Good"}, "minimum": Decimal(70)},
            {"id": "excellent", "title": {"zh": "优秀", "en": "Excellent"}, "minimum": top},
        ]
    if draw(st.booleans()):
        document["title"] = {"zh": TIANJIN.title.zh + "（修订）", "en": TIANJIN.title.en}
    if remove:
        document["remove"] = remove
    if indicators:
        document["indicators"] = indicators
    if categories:
        document["categories"] = categories
    return document


@given(derived_documents())
def test_random_derived_documents_resolve_idempotently(document: dict[str, Any]) -> None:
    standard = cs.derive(TIANJIN, document, "random.toml")
    assert roundtrip(standard) == standard
    cs.validate_standard(standard)
    assert {f.key for f in standard.facts} == facts_used(standard.categories)


@given(derived_documents())
def test_the_same_document_twice_changes_nothing_more(document: dict[str, Any]) -> None:
    once = cs.derive(TIANJIN, document, "random.toml")
    again = dict(document)
    again.pop("remove", None)
    again["indicators"] = {
        key: {name: value for name, value in table.items() if name not in {"position", "after"}}
        for key, table in document.get("indicators", {}).items()
    }
    assert cs.derive(once, again, "again.toml") == once
