"""The command line: list, show, validate, score, template; output contracts and exit codes."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from community_standards.cli import main
from minimal import MINIMAL, document, text

HERE = Path(__file__).parent
EXAMPLES = HERE.parent / "examples" / "evidence"
TIANJIN = "tianjin-beautiful-community@2017"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "tianjin-beautiful-community" in out
    assert "bundled" in out
    code, out, _ = run(capsys, "list", "--format", "json")
    rows = json.loads(out)
    assert {
        "id": "tianjin-beautiful-community",
        "version": "2017",
        "status": "active",
    }.items() <= next(r for r in rows if r["id"] == "tianjin-beautiful-community").items()


def test_show_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", TIANJIN, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "tianjin-beautiful-community"
    assert data["version"] == "2017"
    assert data["title"] == {
        "zh": "美丽社区创建指标体系",
        "en": "Beautiful Community Creation Indicator System",
    }
    assert data["pass_mark"] == 80
    assert data["total_points"] == 100
    indicators = [i for c in data["categories"] for i in c["indicators"]]
    assert len(indicators) == 60
    assert [c["points"] for c in data["categories"]] == [18, 17, 20, 20, 12, 13]
    first = indicators[0]
    assert set(first) >= {"id", "number", "text", "points", "checks"}
    assert first["number"] == "1"
    assert first["text"]["zh"].startswith("社区党组织健全")
    assert indicators[2]["points"] == 2.5
    assert '"points": 2.5' in out


def test_show_text_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "tianjin-beautiful-community")
    assert code == 0
    assert "居民自治规范化 (18)" in out
    assert "60. [1.5]" in out
    code, out, _ = run(capsys, "show", TIANJIN, "--lang", "en")
    assert "passes at 80 or more" in out


def test_show_unknown_standard(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "tianjin-beautiful-comunity")
    assert code == 2
    assert err.count("\n") == 1
    assert "did you mean 'tianjin-beautiful-community'?" in err


def test_validate_valid_and_invalid(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(MINIMAL, encoding="utf-8")
    data = document()
    data["categories"][1]["indicators"][0]["points"] = 3
    data["facts"][0]["unit"] = "metre"
    bad = tmp_path / "bad.toml"
    bad.write_text(text(data), encoding="utf-8")
    code, out, err = run(capsys, "validate", str(good))
    assert code == 0
    assert "valid" in out
    code, out, err = run(capsys, "validate", str(good), str(bad))
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 2  # one line per error
    assert (
        f"{bad}: categories[1].points: category 'governance' is worth 6 points but its indicators add up to 6.5"
        in lines
    )
    assert "Traceback" not in err


def test_validate_bundled_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(HERE.parent / "standards" / "tianjin_2017.toml"))
    assert code == 0
    assert "60 indicators" in out


def test_score_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", str(EXAMPLES / "liuxi_exactly_80.toml"), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["standard"]["id"] == "tianjin-beautiful-community"
    assert data["standard"]["version"] == "2017"
    assert data["community"] == data["community"] | {"id": "hx-liuxi", "name": "柳溪社区"}
    assert data["total"] == 80
    assert data["max"] == 100
    assert data["pass_mark"] == 80
    assert data["passed"] is True
    assert data["tier"] is None
    assert [set(c) >= {"id", "score", "max"} for c in data["categories"]] == [True] * 6
    assert len(data["indicators"]) == 60
    for item in data["indicators"]:
        assert set(item) >= {"id", "number", "awarded", "max", "status", "reasons"}
    partly = next(i for i in data["indicators"] if i["number"] == "41")
    assert partly["awarded"] == 1.25
    assert partly["status"] == "partly_met"
    assert partly["reasons"][0]["en"].startswith("judged partly met")


def test_score_output_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("json", "markdown", "text"):
        _, first, _ = run(capsys, "score", str(EXAMPLES / "haitangyuan_fail.toml"), "--format", fmt)
        _, second, _ = run(
            capsys, "score", str(EXAMPLES / "haitangyuan_fail.toml"), "--format", fmt
        )
        assert first == second


def test_score_text_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", str(EXAMPLES / "haitangyuan_fail.toml"))
    assert code == 0
    assert "结论: 未达标（不通过）" in out
    assert "其他社区工作者" in out
    code, out, _ = run(
        capsys,
        "score",
        str(EXAMPLES / "haitangyuan_fail.toml"),
        "--lang",
        "en",
        "--format",
        "markdown",
    )
    assert out.startswith("# Beautiful Community Creation Indicator System")
    assert "| No. | Indicator | Points | Status | Points lost |" in out
    assert "**Total: 69.75 / 100" in out


def test_require_pass_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "score", str(EXAMPLES / "haitangyuan_fail.toml"), "--require-pass")[0] == 1
    assert run(capsys, "score", str(EXAMPLES / "liuxi_exactly_80.toml"), "--require-pass")[0] == 0


def test_score_bad_evidence_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "e.toml"
    path.write_text(
        '[community]\nid = "x"\nname = "x"\n[facts]\nhouseholds = "12 person"\n', encoding="utf-8"
    )
    code, out, err = run(capsys, "score", str(path))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(
        f"error: {path}: facts.households: fact 'households' is declared in 'household'"
    )
    assert "Traceback" not in err


def test_score_strict(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "e.toml"
    path.write_text(
        '[community]\nid = "x"\nname = "x"\n[facts]\nhouseholds = 3000\n', encoding="utf-8"
    )
    assert run(capsys, "score", str(path))[0] == 0
    code, _, err = run(capsys, "score", str(path), "--strict")
    assert code == 2
    assert "(strict mode)" in err


def test_score_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "score", str(tmp_path / "nope.toml"))
    assert code == 2
    assert "cannot read the file" in err


def test_score_writes_output_atomically(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "card.json"
    code, out, _ = run(
        capsys,
        "score",
        str(EXAMPLES / "chunhuili_pass.toml"),
        "--format",
        "json",
        "-o",
        str(target),
    )
    assert code == 0
    assert out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["passed"] is True
    assert [p.name for p in tmp_path.iterdir()] == ["card.json"]


def test_template_lists_every_fact_and_judgement(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from community_standards import Registry

    standard = Registry(plugins=False, environment=False).get(TIANJIN)
    code, out, _ = run(capsys, "template")
    assert code == 0
    for fact in standard.facts:
        assert f"# {fact.key} =" in out
        assert fact.description.zh in out
    assert out.count("# [judgements.") == 36
    assert "used by: 10 grid-management" in out
    # filling it in gives a valid evidence file
    filled = "\n".join(line[2:] if line.startswith("# ") else line for line in out.splitlines())
    filled = filled.replace('= "0 ', '= "1 ').replace("= 0\n", "= 1\n")  # no zero denominators
    filled = re.sub(r" =$", " = true", filled, flags=re.MULTILINE)  # yes/no facts are blank
    data = tomllib.loads(filled)
    assert len(data["facts"]) == len(standard.facts)
    path = tmp_path / "filled.toml"
    path.write_text(filled, encoding="utf-8")
    code, _, err = run(capsys, "score", str(path))
    assert code == 0, err


def test_score_unknown_standard_named_by_the_evidence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "e.toml"
    path.write_text(
        'standard = "tianjin-beautifull-community@2017"\n[community]\nid = "x"\nname = "x"\n',
        encoding="utf-8",
    )
    code, _, err = run(capsys, "score", str(path))
    assert code == 2
    assert err.startswith(
        f"error: {path}: standard: no standard with id 'tianjin-beautifull-community'"
    )
    assert "did you mean 'tianjin-beautiful-community'?" in err
    assert err.count("\n") == 1


def test_show_prints_notes_and_departments(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", TIANJIN, "--lang", "en")
    assert code == 0
    assert "        Note: The registration rate is the number of registered" in out
    assert "        Departments: Municipal Civil Affairs Bureau, " in out
    assert "\nDepartments\n  Municipal Civil Affairs Bureau [civil-affairs]\n" in out
    code, out, _ = run(capsys, "show", TIANJIN, "--lang", "zh")
    assert "        说明: 注册率按注册社区志愿者人数" in out
    assert "\n责任部门\n  市民政局 [civil-affairs]\n" in out
