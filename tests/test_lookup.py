"""Files found together: the standard for a piece of evidence, files named on one command line.

Data names standards only by reference (``ID@VERSION``); files are those the user names on
the command line or the folders configured.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import community_standards as cs
from community_standards.cli import main
from minimal import MINIMAL

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "evidence"
TIANJIN = "tianjin-beautiful-community@2017"
EVIDENCE = '[community]\nid = "c1"\nname = "一号社区"\n[facts]\nclean = true\n'


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def registry(*paths: Path) -> cs.Registry:
    return cs.Registry(list(paths), plugins=False, environment=False)


def own_standard(folder: Path) -> Path:
    path = folder / "mini.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def test_the_library_chooses_the_standard_of_a_piece_of_evidence(tmp_path: Path) -> None:
    mini = own_standard(tmp_path)
    found = registry(tmp_path)
    assert cs.standard_for_evidence({}, "e.toml", found).ref == cs.DEFAULT_STANDARD
    assert cs.standard_for_evidence({"standard": "mini"}, "e.toml", found).ref == "mini@1.0"
    named = found.load(mini)
    tianjin = cs.standard_for_evidence({"standard": TIANJIN}, "e.toml", found, standard=named)
    assert tianjin is named  # the caller's choice wins over the evidence's
    with pytest.raises(cs.EvidenceError) as caught:
        cs.standard_for_evidence({"standard": 2017}, "e.toml", found)
    assert caught.value.path == "standard"


@pytest.mark.parametrize("value", ["/etc/passwd", "mini.toml", "../standards/mini.toml"])
def test_the_evidence_standard_is_never_opened_as_a_file(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    value: str,
) -> None:
    own_standard(tmp_path)  # a real standard file the value could name
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "e.toml"
    path.write_text(f"standard = {json.dumps(value)}\n{EVIDENCE}", encoding="utf-8")
    with pytest.raises(cs.EvidenceError) as caught:
        cs.standard_for_evidence(cs.read_evidence_document(path), str(path), registry())
    assert caught.value.path == "standard"
    assert "looks like a file" in str(caught.value)
    code, out, err = run(capsys, "score", str(path))
    assert code == 2
    assert out == ""
    assert err.startswith(f"error: {path}: standard: {value!r} looks like a file")
    assert "--standard FILE" in err
    assert "root:" not in err


def test_an_unknown_standard_says_how_to_point_at_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "evidence").mkdir()
    path = tmp_path / "evidence" / "donghu.toml"
    path.write_text(f'standard = "qingshan-harmonious-community"\n{EVIDENCE}', encoding="utf-8")
    code, _, err = run(capsys, "score", str(path))
    assert code == 2
    assert err.count("\n") == 1
    assert f"{path}: standard: no standard with id 'qingshan-harmonious-community'" in err
    for hint in ("--standard FILE", "--standards-path DIR", "COMMUNITY_STANDARDS_PATH"):
        assert hint in err


def test_evidence_for_an_own_standard_by_file_or_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    mini = own_standard(tmp_path)
    (tmp_path / "evidence").mkdir()
    path = tmp_path / "evidence" / "c1.toml"
    path.write_text(f'standard = "mini@1.0"\n{EVIDENCE}', encoding="utf-8")
    code, out, err = run(capsys, "score", str(path), "--standard", str(mini), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["standard"]["id"] == "mini"
    code, out, err = run(capsys, "--standards-path", str(tmp_path), "score", str(path))
    assert code == 0, err
    assert "mini@1.0" in out


def _two_versions(folder: Path) -> tuple[Path, Path]:
    v1 = own_standard(folder)
    v2 = folder / "mini_2.toml"
    v2.write_text(
        'extends = "mini@1.0"\nid = "mini"\nversion = "2.0"\npass_mark = 7\n', encoding="utf-8"
    )
    return v1, v2


@pytest.mark.parametrize("order", ["earlier first", "later first"])
def test_diff_of_two_files_where_one_extends_the_other(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, order: str
) -> None:
    v1, v2 = _two_versions(tmp_path)
    a, b = (v1, v2) if order == "earlier first" else (v2, v1)
    code, out, err = run(capsys, "diff", str(a), str(b), "--format", "json")
    assert code == 0, err
    changes = json.loads(out)["changes"]
    assert any(change["path"] == "pass_mark" for change in changes)


def test_a_derived_file_alone_names_the_missing_base(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    v2 = tmp_path / "qingshan_2.toml"
    v2.write_text('extends = "qingshan@1"\nid = "qingshan"\nversion = "2"\n', encoding="utf-8")
    code, _, err = run(capsys, "show", str(v2))
    assert code == 2
    assert "extends" in err
    assert "--standards-path DIR" in err


def test_a_folder_of_standards_and_evidence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own_standard(tmp_path)
    (tmp_path / "c1.toml").write_text(f'standard = "mini"\n{EVIDENCE}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "list", "--standards-path", ".")
    assert code == 0, err
    assert "mini" in out
    assert "c1.toml" not in out
    code, out, err = run(capsys, "score", "c1.toml", "--standards-path", ".")
    assert code == 0, err
    code, _, err = run(capsys, "list", "--standards-path", "c1.toml")
    assert code == 2
    assert "this is an evidence file, not a standard" in err


def test_validate_recognises_evidence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    liuxi = EXAMPLES / "liuxi_exactly_80.toml"
    code, out, err = run(capsys, "validate", str(liuxi))
    assert code == 0, err
    assert out.startswith(f"{liuxi}: valid evidence for {TIANJIN} (")
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[community]\nid = "x"\nname = "x"\n[facts]\nhouseholds = "12 person"\nvolunteers = -1\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{bad}: facts.") for line in lines)
    assert "judgements" not in err


def test_scoring_evidence_read_for_another_standard_raises(tianjin: cs.Standard) -> None:
    mini = cs.loads_standard(MINIMAL)
    evidence = cs.loads_evidence(EVIDENCE, mini)
    assert cs.score(mini, evidence).total >= 0
    with pytest.raises(cs.EvidenceError, match="read for mini@1.0, not " + TIANJIN):
        cs.score(tianjin, evidence)
    # evidence built in Python, not read for a standard, is scored as before
    built = cs.Evidence(community=evidence.community, facts={})
    assert cs.score(tianjin, built).total == 0
