"""Impact: the same communities scored under two standards, exactly."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import community_standards as cs
from community_standards.cli import main
from community_standards.formats.io import parse_document
from community_standards.formats.standard import dumps_json
from community_standards.versions.impact import evidence_paths

ROOT = Path(__file__).resolve().parent.parent
SAFE_DIR = ROOT / "examples" / "plugin" / "src" / "safe_community_example" / "standards"
EVIDENCE = ROOT / "examples" / "evidence"
DERIVED = ROOT / "examples" / "derived"

#: A stricter and reshaped edition of the example scheme: pass mark 65, training 8 hours
#: (loosened), no garage item (its 10 points go to CCTV), 5 points off per fire hazard.
EDITION_2025 = """
extends = "example-safe-community@2024"
id = "example-safe-community"
version = "2025"
title = { zh = "平安社区评定标准（虚构示例，2025）", en = "Safe Community Rating Scheme (fictional example, 2025)" }
pass_mark = 65
remove = ["garage-fire-equipment"]

[indicators.safety-training]
checks = [{ kind = "threshold", fact = "safety_training", minimum = "8 hour" }]

[indicators.cctv-coverage]
points = 25

[indicators.fire-safety]
deductions = [{ fact = "open_fire_hazards", points = 5, limit = 15 }]
"""

COMMON = """
safety_group_established = true
households = "2000 household"
major_safety_accident = false
resident_safety_rate = "88 %"
safety_campaigns_per_quarter = "1 / quarter_year"
mediation_room = true
"""

#: Passes both: 640/9 (qualified) under 2024, 80 (good) under 2025.
STEADY = f"""
[community]
id = "steady"
name = "稳定社区"
[facts]
{COMMON}
patrol_volunteers = "60 person"
patrols_per_week = "2 / week"
safety_training = "540 minute"
cctv_coverage_rate = "95 %"
open_fire_hazards = 2
has_underground_garage = false
[judgements.mediation]
result = "partly_met"
"""

#: Fails under 2024 (170/3), passes under 2025 (exactly 65).
GAINER = f"""
[community]
id = "gainer"
name = "获评社区"
name_en = "Gainer"
[facts]
{COMMON}
patrol_volunteers = "20 person"
patrols_per_week = "2 / week"
safety_training = "9 hour"
cctv_coverage_rate = "95 %"
open_fire_hazards = 3
has_underground_garage = false
[judgements.mediation]
result = "not_met"
"""

#: Passes under 2024 (65), fails under 2025 (55).
LOSER = f"""
[community]
id = "loser"
name = "失评社区"
[facts]
{COMMON}
patrol_volunteers = "20 person"
patrols_per_week = "2 / week"
safety_training = "7 hour"
cctv_coverage_rate = "80 %"
open_fire_hazards = 0
has_underground_garage = true
garage_fire_equipment_complete = true
[judgements.mediation]
result = "met"
"""


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[cs.Standard, cs.Standard]:
    folder = tmp_path_factory.mktemp("standards")
    (folder / "safe_2025.toml").write_text(EDITION_2025, encoding="utf-8")
    found = cs.Registry([SAFE_DIR, folder], plugins=False, environment=False)
    return found.get("example-safe-community@2024"), found.get("example-safe-community@2025")


@pytest.fixture
def evidence_folder(tmp_path: Path) -> Path:
    for name, text in (
        ("a_steady.toml", STEADY),
        ("b_gainer.toml", GAINER),
        ("c_loser.toml", LOSER),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def doc(text: str) -> dict[str, Any]:
    return parse_document(text, "<test>", cs.EvidenceError)


def test_exact_totals_verdicts_and_tiers(
    editions: tuple[cs.Standard, cs.Standard], evidence_folder: Path
) -> None:
    a, b = editions
    result = cs.impact_files(a, b, [evidence_folder])
    assert (result.a, result.b) == ("example-safe-community@2024", "example-safe-community@2025")
    rows = {item.community.id: item for item in result.communities}
    assert list(rows) == ["steady", "gainer", "loser"]
    expected = {
        "steady": (
            Fraction(640, 9),
            Fraction(80),
            True,
            True,
            "qualified",
            "good",
            cs.Movement.UNCHANGED,
        ),
        "gainer": (
            Fraction(170, 3),
            Fraction(65),
            False,
            True,
            None,
            "qualified",
            cs.Movement.GAINED,
        ),
        "loser": (Fraction(65), Fraction(55), True, False, "qualified", None, cs.Movement.LOST),
    }
    for identifier, (
        total_a,
        total_b,
        passed_a,
        passed_b,
        tier_a,
        tier_b,
        movement,
    ) in expected.items():
        item = rows[identifier]
        assert (item.a.total, item.b.total) == (total_a, total_b)
        assert item.difference == total_b - total_a
        assert (item.a.passed, item.b.passed) == (passed_a, passed_b)
        assert (item.a.tier, item.b.tier) == (tier_a, tier_b)
        assert item.movement is movement
        assert item.changed
    assert isinstance(rows["steady"].difference, Fraction)
    assert rows["steady"].difference == Fraction(80, 9)
    assert (result.gained, result.lost, result.unchanged, result.changed) == (1, 1, 1, 3)
    assert rows["steady"].source == str(evidence_folder / "a_steady.toml")


def test_the_same_standard_changes_nothing(
    editions: tuple[cs.Standard, cs.Standard], evidence_folder: Path
) -> None:
    a, _ = editions
    result = cs.impact_files(a, a, [evidence_folder])
    assert [item.changed for item in result.communities] == [False, False, False]
    assert (result.gained, result.lost, result.unchanged, result.changed) == (0, 0, 3, 0)


def test_impact_agrees_with_scoring_each_standard(
    editions: tuple[cs.Standard, cs.Standard],
) -> None:
    a, b = editions
    [item] = cs.impact(a, b, [("steady.toml", doc(STEADY))]).communities
    facts_for_b = dict(doc(STEADY))
    facts_for_b["facts"] = {
        k: v for k, v in doc(STEADY)["facts"].items() if k != "has_underground_garage"
    }
    assert item.b == cs.score(b, cs.evidence_from_dict(facts_for_b, b))
    assert item.a == cs.score(a, cs.evidence_from_dict(doc(STEADY), a))


def test_facts_only_one_standard_knows_are_ignored_for_the_other(
    editions: tuple[cs.Standard, cs.Standard],
) -> None:
    a, b = editions
    with pytest.raises(cs.EvidenceError, match="has_underground_garage"):
        cs.evidence_from_dict(doc(LOSER), b)
    claim = doc(STEADY + '\n[not_applicable]\ngarage-fire-equipment = "no garage"\n')
    [item] = cs.impact(a, b, [("claim.toml", claim)]).communities
    assert item.a.indicator("garage-fire-equipment").status is cs.IndicatorStatus.NOT_APPLICABLE
    [back] = cs.impact(b, a, [("claim.toml", claim)]).communities
    assert back.b.total == item.a.total


def test_facts_neither_standard_knows_are_errors(editions: tuple[cs.Standard, cs.Standard]) -> None:
    a, b = editions
    typo = doc(STEADY.replace("cctv_coverage_rate", "cctv_coverage_rat"))
    with pytest.raises(cs.EvidenceError) as caught:
        cs.impact(a, b, [("typo.toml", typo)])
    assert caught.value.source == "typo.toml"
    assert caught.value.problems[0].path == "facts.cctv_coverage_rat"
    assert "did you mean 'cctv_coverage_rate'?" in caught.value.problems[0].message
    unknown = doc(STEADY + '\n[judgements.no-such-item]\nresult = "met"\n')
    with pytest.raises(cs.EvidenceError, match="indicator 'no-such-item' is not in"):
        cs.impact(a, b, [("unknown.toml", unknown)])


def test_strict_needs_every_fact(editions: tuple[cs.Standard, cs.Standard]) -> None:
    a, b = editions
    sparse = doc('[community]\nid = "s"\nname = "s"\n[facts]\nmediation_room = true\n')
    assert len(cs.impact(a, b, [("sparse.toml", sparse)]).communities) == 1
    with pytest.raises(cs.EvidenceError, match="missing \\(strict mode\\)"):
        cs.impact(a, b, [("sparse.toml", sparse)], strict=True)


def test_evidence_paths(evidence_folder: Path) -> None:
    single = evidence_folder / "b_gainer.toml"
    paths = list(evidence_paths([single, evidence_folder]))
    assert paths[0] == single
    assert [p.name for p in paths[1:]] == ["a_steady.toml", "b_gainer.toml", "c_loser.toml"]
    with pytest.raises(cs.EvidenceError, match="no such evidence file or folder"):
        list(evidence_paths([evidence_folder / "missing.toml"]))


def test_renderers(editions: tuple[cs.Standard, cs.Standard], evidence_folder: Path) -> None:
    a, b = editions
    result = cs.impact_files(a, b, [evidence_folder])
    text = cs.impact_text(result)
    assert text.startswith(
        "影响分析：example-safe-community@2024 → example-safe-community@2025（3 个社区）\n"
    )
    assert "获得评定 1 个，失去评定 1 个，结论不变 1 个；得分、结论或等级有变化的 3 个。" in text
    steady = next(line for line in text.splitlines() if line.startswith("稳定社区"))
    assert steady.split() == [
        "稳定社区",
        "[steady]",
        "≈71.11",
        "80",
        "≈+8.89",
        "达标",
        "达标",
        "合格",  # the tiers by their titles, not their ids
        "良好",
        "是",
    ]
    english = cs.impact_text(result, "en")
    gainer = next(line for line in english.splitlines() if line.startswith("Gainer"))
    assert gainer.split()[2:6] == ["≈56.67", "65", "≈+8.33", "FAIL"]
    assert "gains the rating" in gainer
    assert (
        "1 gain the rating, 1 lose it, 1 keep their verdict; 3 with a different total, verdict or tier."
        in english
    )
    markdown = cs.impact_markdown(result, "en")
    assert "| Community | A total | B total | Change |" in markdown
    assert (
        "| 失评社区 [loser] | 65 | 55 | -10 | PASS | FAIL | Qualified | - | loses the rating |"
        in markdown
    )
    data = json.loads(dumps_json(cs.impact_to_dict(result)))
    assert data["totals"] == {
        "communities": 3,
        "gained": 1,
        "lost": 1,
        "unchanged": 1,
        "changed": 3,
    }
    gainer_row = data["communities"][1]
    assert gainer_row["a"]["total"] == "170/3"
    assert gainer_row["b"]["total"] == 65
    assert gainer_row["difference"] == "25/3"
    assert gainer_row["movement"] == "gained"
    assert gainer_row["a"]["sha256"] != gainer_row["b"]["sha256"]
    empty = cs.impact(a, b, [])
    assert "（没有证据文件）" in cs.impact_text(empty)
    assert "(no evidence files)" in cs.impact_markdown(empty, "en")


def test_example_district_against_example_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    if not any(EVIDENCE.glob("*.toml")):
        pytest.skip("no example evidence files")
    found = cs.Registry([DERIVED], plugins=False, environment=False)
    tianjin, hexi = (
        found.get("tianjin-beautiful-community@2017"),
        found.get("hexi-beautiful-community@2024"),
    )
    result = cs.impact_files(tianjin, hexi, [EVIDENCE])
    for item in result.communities:
        document = parse_document(Path(item.source).read_bytes(), item.source, cs.EvidenceError)
        assert item.a.total == cs.score(tianjin, cs.evidence_from_dict(document, tianjin)).total
        assert item.b.total == cs.score(hexi, cs.evidence_from_dict(document, hexi)).total
        assert item.b.total <= item.a.total  # every change in the example is at least as strict
        if item.b.passed:
            assert item.a.passed
    assert result.gained == 0
    args = ["--standards-path", str(DERIVED), "impact", "tianjin-beautiful-community@2017"]
    args += ["hexi-beautiful-community@2024", str(EVIDENCE), "--format", "markdown", "--lang", "en"]
    assert main(args) == 0
    expected = (DERIVED / "impact.md").read_text(encoding="utf-8")
    assert capsys.readouterr().out == expected, (
        f"regenerate examples/derived/impact.md: community-standards {' '.join(args)}"
    )


def test_cli_impact(
    editions: tuple[cs.Standard, cs.Standard],
    evidence_folder: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = evidence_folder.parent / f"{evidence_folder.name}-standards"
    folder.mkdir()
    (folder / "safe_2025.toml").write_text(EDITION_2025, encoding="utf-8")
    base = ["--standards-path", str(SAFE_DIR), "--standards-path", str(folder), "impact"]
    refs = ["example-safe-community@2024", "example-safe-community@2025"]
    assert main([*base, *refs, str(evidence_folder), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["gained"] == 1
    out = evidence_folder / "report.md"
    assert (
        main(
            [
                *base,
                *refs,
                str(evidence_folder / "a_steady.toml"),
                "--format",
                "markdown",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert "稳定社区 [steady]" in out.read_text(encoding="utf-8")
    assert main([*base, *refs, str(evidence_folder / "missing.toml")]) == 2
    assert "no such evidence file or folder" in capsys.readouterr().err
    (evidence_folder / "d_typo.toml").write_text(
        STEADY.replace("households", "househlds"), encoding="utf-8"
    )
    assert main([*base, *refs, str(evidence_folder)]) == 2
    assert "did you mean 'households'?" in capsys.readouterr().err


def test_a_folder_gives_its_toml_json_and_xlsx_evidence(tmp_path: Path) -> None:
    for name in ("b.json", "a.toml", "c.xlsx", "notes.txt", "d.TOML"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "sub.toml").mkdir()
    found = [path.name for path in evidence_paths([tmp_path])]
    assert found == ["a.toml", "b.json", "c.xlsx", "d.TOML"]
