"""Values read as the user meant them: rates, one pass over every problem, the template."""

from __future__ import annotations

import json
import tomllib
from fractions import Fraction
from pathlib import Path

import pytest

import community_standards as cs
from community_standards.cli import main
from minimal import MINIMAL

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "docs" / "tutorial"
BINJIANG = "binjiang-liveable-community@2025"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def binjiang() -> cs.Standard:
    return cs.Registry([TUTORIAL], plugins=False, environment=False).get(BINJIANG)


def test_a_bare_number_in_a_percent_fact_is_per_cent_and_flagged_when_implausible() -> None:
    standard = binjiang()  # satisfaction_rate in %, at least 85 %
    base = {"community": {"id": "c", "name": "社区"}}
    bare = cs.evidence_from_dict({**base, "facts": {"satisfaction_rate": "0.83"}}, standard)
    assert bare.facts["satisfaction_rate"] == Fraction(83, 100)  # the documented rule: 0.83 %
    [warning] = bare.warnings
    assert warning.path == "facts.satisfaction_rate"
    assert "0.83 is read as 0.83 %" in warning.message
    assert 'write "83 %"' in warning.message
    for meant in ("83 %", 83, "0.83 %"):  # a unit, or a plausible bare number: no warning
        evidence = cs.evidence_from_dict({**base, "facts": {"satisfaction_rate": meant}}, standard)
        assert evidence.warnings == ()


def test_a_bare_rate_above_one_in_a_fraction_fact_is_flagged() -> None:
    data = tomllib.loads(MINIMAL)
    data["facts"].append(
        {"key": "rate", "kind": "quantity", "description": {"zh": "满意率", "en": "rate"}}
    )
    data["categories"][0]["indicators"][0]["checks"].append(
        {"kind": "threshold", "fact": "rate", "minimum": "80 %"}
    )
    standard = cs.standard_from_dict(data)
    evidence = cs.evidence_from_dict(
        {"community": {"id": "c", "name": "c"}, "facts": {"rate": 83}}, standard
    )
    [warning] = evidence.warnings
    assert "83 is read as 8300 %" in warning.message
    assert 'write "83 %"' in warning.message


def test_the_report_flags_implausible_values(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        f'standard = "{BINJIANG}"\n[community]\nid = "c"\nname = "c"\n'
        "[facts]\nsatisfaction_rate = 0.83\n",
        encoding="utf-8",
    )
    common = ["--standards-path", str(TUTORIAL), "score", str(path)]
    code, out, err = run(capsys, *common, "--lang", "en")
    assert code == 0, err
    assert "Check these values:\n  ! facts.satisfaction_rate: 0.83 is read as 0.83 %" in out
    _, out, _ = run(capsys, *common, "--lang", "zh")
    assert "请核对以下数值：" in out
    _, out, _ = run(capsys, *common, "--format", "json")
    assert json.loads(out)["warnings"][0]["path"] == "facts.satisfaction_rate"
    _, out, _ = run(capsys, *common, "--format", "markdown", "--lang", "en")
    assert "**Check these values:**" in out


def test_every_problem_is_reported_in_one_pass(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "e.toml"
    path.write_text(
        '[community]\nid = "x"\nname = "x"\nassessed_on = "yesterday"\n'
        '[facts]\nhouseholds = "12 person"\nresident_population = -3\n'
        "worker_appraisal_satisfaction_rate = 80\n",
        encoding="utf-8",
    )
    with pytest.raises(cs.EvidenceError) as caught:
        cs.load_evidence(
            path, cs.Registry(plugins=False, environment=False).get(cs.DEFAULT_STANDARD)
        )
    paths = [problem.path for problem in caught.value.problems]
    assert paths[0].startswith("community.assessed_on")
    assert set(paths[1:]) == {
        "facts.households",
        "facts.resident_population",
        "facts.worker_appraisal_satisfaction_rate",
    }
    code, out, err = run(capsys, "score", str(path))
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 4
    assert all(line.startswith(f"error: {path}: ") for line in lines)


def test_template_yes_no_blank_forms_and_bounds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "template")
    assert code == 0
    assert "\n# party_org_sound =\n" in out
    assert "= true" not in out
    assert '##   a rate: 0–1 or "85 %"; minimum 0; maximum 1\n##   used by: 6 ' in out
    assert "##   a whole number per year\n##   used by: 6 " in out
    assert '\n# worker_appraisals_per_year = "0 / year"\n' in out
    assert (
        "##   a whole number of households\n##   used by: 10 grid-management\n# households =" in out
    )


def test_template_quotes_keys_that_need_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tomllib.loads(MINIMAL)
    data["facts"][0]["key"] = "clean.area"
    data["categories"][0]["indicators"][0]["checks"] = [
        {"kind": "boolean", "fact": "clean.area"},
    ]
    data["categories"][1]["indicators"][0]["id"] = "SSc4.1"
    data["categories"][1]["indicators"][0]["checks"] = [
        {"kind": "assessed", "label": {"zh": "培训", "en": "training"}}
    ]
    data["facts"] = [f for f in data["facts"] if f["key"] != "training"]
    import tomli_w

    path = tmp_path / "dotted.toml"
    path.write_bytes(tomli_w.dumps(data).encode())
    code, out, err = run(capsys, "template", str(path))
    assert code == 0, err
    assert '\n# "clean.area" =\n' in out
    assert '\n# [judgements."SSc4.1"]\n' in out
    filled = "\n".join(line[2:] if line.startswith("# ") else line for line in out.splitlines())
    filled = filled.replace('"clean.area" =', '"clean.area" = true').replace("= 0\n", "= 1\n")
    filled = filled.replace('= "0 ', '= "1 ')
    parsed = tomllib.loads(filled)
    assert parsed["facts"]["clean.area"] is True
    assert parsed["judgements"]["SSc4.1"]["result"] == "met"


def test_template_format_by_suffix(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    target = tmp_path / "t.xlsx"
    code, _, err = run(capsys, "template", "-o", str(target))
    assert code == 0, err
    assert target.read_bytes()[:2] == b"PK"  # a workbook, not TOML text
    toml = tmp_path / "t.toml"
    assert run(capsys, "template", "-o", str(toml))[0] == 0
    assert toml.read_text(encoding="utf-8").startswith("## Evidence for")
    code, _, err = run(capsys, "template", "--format", "toml", "-o", str(tmp_path / "x.xlsx"))
    assert code == 2
    assert "-o names a .xlsx file but --format is toml" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_an_unfilled_template_says_how_many_were_not_assessed_before_the_verdict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, template, _ = run(capsys, "template")
    path = tmp_path / "blank.toml"
    path.write_text(template, encoding="utf-8")
    code, out, err = run(capsys, "score", str(path), "--lang", "en")
    assert code == 0, err
    lines = out.splitlines()
    notice = lines.index("60 indicators were not assessed (no evidence for them)")
    verdict = next(i for i, line in enumerate(lines) if "Verdict: FAIL" in line)
    assert notice < verdict
    _, out, _ = run(capsys, "score", str(path), "--format", "json")
    assert json.loads(out)["not_assessed"] == 60
    _, out, _ = run(
        capsys,
        "score",
        str(ROOT / "examples" / "evidence" / "liuxi_exactly_80.toml"),
        "--lang",
        "en",
    )
    assert "0 indicators were not assessed" in out


def test_reports_show_tiers_by_title(capsys: pytest.CaptureFixture[str]) -> None:
    derived = str(ROOT / "examples" / "derived")
    chunhuili = str(ROOT / "examples" / "evidence" / "chunhuili_pass.toml")
    common = [
        "--standards-path",
        derived,
        "score",
        chunhuili,
        "--standard",
        "hexi-beautiful-community",
    ]
    _, out, _ = run(capsys, *common, "--lang", "zh")
    assert "\n等级: 美丽社区示范点\n" in out  # 95.75 under the district version
    _, out, _ = run(capsys, *common, "--lang", "en", "--format", "markdown")
    tier = next(line for line in out.splitlines() if line.startswith("Tier: "))
    assert tier == "Tier: Model beautiful community"
    _, out, _ = run(capsys, *common, "--format", "json")
    assert json.loads(out)["tier"] == "model"  # the JSON keeps the id
