"""The catalogue of bad input (``tests/bad_input``): every file fails the way it should.

Each case names the exact exception type, the path of the problem inside the file and a
fragment of its sentence (``bad_input/cases.toml``). The library must raise that error,
naming the file and the path; the command line must print one line per problem on
stderr, without a traceback, and exit with status 2.
"""

from __future__ import annotations

import os
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import community_standards as cs
from community_standards.cli import main
from community_standards.formats.io import MAX_BYTES, read_document

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "bad_input"
CASES: dict[str, list[dict[str, Any]]] = tomllib.loads(
    (CATALOGUE / "cases.toml").read_text(encoding="utf-8")
)
ERRORS: dict[str, type[cs.CommunityStandardsError]] = {
    "StandardError": cs.StandardError,
    "EvidenceError": cs.EvidenceError,
    "ResolutionError": cs.ResolutionError,
}
DEFAULT_STANDARD = "tianjin-beautiful-community@2017"
TIANJIN_FILE = HERE.parent / "standards" / "tianjin_2017.toml"


def _ids(cases: list[dict[str, Any]]) -> list[str]:
    return [Path(case["file"]).stem if "registry" not in case else case["file"] for case in cases]


@pytest.fixture(autouse=True)
def _no_extra_standards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cs.ENV_VAR, raising=False)


def load_standard_case(path: Path, registry: Path | None = None) -> cs.Standard:
    """Load a standard file the way the library's callers do."""
    if registry is None:
        return cs.load_standard(path)
    return cs.Registry([registry], bundled=False, plugins=False, environment=False).load_file(path)


def load_evidence_case(path: Path) -> cs.Evidence:
    """Read an evidence file against the standard it names (default: Tianjin), as
    ``score`` does."""
    document = read_document(path, cs.EvidenceError)
    registry = cs.Registry(plugins=False, environment=False)
    standard = cs.standard_for_evidence(document, os.fspath(path), registry)
    return cs.evidence_from_dict(document, standard, os.fspath(path))


def check_error(error: cs.CommunityStandardsError, case: dict[str, Any], path: Path) -> None:
    assert type(error) is ERRORS[case["error"]]
    assert isinstance(error, cs.CommunityStandardsError)
    source = CATALOGUE / case.get("source", case["file"])
    assert error.source == os.fspath(source)
    assert len(error.problems) == case.get("problems", 1), error.problems
    problem = error.problems[0]
    if case.get("prefix"):
        assert problem.path.startswith(case["path"]), problem.path
    else:
        assert problem.path == case["path"]
    assert case["message"] in problem.message
    text = str(error)
    assert os.fspath(source) in text
    assert f"{source}: {problem.path}: " in text if problem.path else f"{source}: " in text
    assert len(text.splitlines()) == len(error.problems)


def check_cli(
    capsys: pytest.CaptureFixture[str], argv: list[str], case: dict[str, Any], lines: int
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert captured.out == ""
    err = captured.err.splitlines()
    assert len(err) == lines, captured.err
    source = CATALOGUE / case.get("source", case["file"])
    assert os.fspath(source) in err[0]
    assert case["path"].split("[")[0] in err[0]


@pytest.mark.parametrize("case", CASES["standards"], ids=_ids(CASES["standards"]))
def test_bad_standard(case: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    path = CATALOGUE / case["file"]
    registry = CATALOGUE / case["registry"] if "registry" in case else None
    with pytest.raises(cs.CommunityStandardsError) as caught:
        load_standard_case(path, registry)
    check_error(caught.value, case, path)
    if registry is None and path.suffix == ".toml":
        # the same bytes given as text fail the same way, named by the source given
        with pytest.raises(cs.CommunityStandardsError) as again:
            cs.loads_standard(path.read_bytes(), os.fspath(path))
        assert again.value.problems == caught.value.problems
    argv = ["validate", os.fspath(path)]
    if registry is not None:
        argv = ["--standards-path", os.fspath(registry), *argv]
    check_cli(capsys, argv, case, lines=case.get("problems", 1))


@pytest.mark.parametrize("case", CASES["evidence"], ids=_ids(CASES["evidence"]))
def test_bad_evidence(case: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    path = CATALOGUE / case["file"]
    with pytest.raises(cs.CommunityStandardsError) as caught:
        load_evidence_case(path)
    check_error(caught.value, case, path)
    check_cli(capsys, ["score", os.fspath(path)], case, lines=1)


def test_the_catalogue_is_complete() -> None:
    listed = {case["file"] for group in CASES.values() for case in group}
    kept = {
        path.relative_to(CATALOGUE).as_posix()
        for path in CATALOGUE.rglob("*")
        if path.is_file() and path.name != "cases.toml"
    }
    # every file is a case, except the valid bases that derived standards extend
    assert kept - listed == {"extends/cycle/b.toml", "extends/missing_version/base.toml"}
    assert listed <= kept
    assert len(CASES["standards"]) + len(CASES["evidence"]) >= 40
    assert {case["error"] for group in CASES.values() for case in group} == set(ERRORS)


# -- generated rather than kept: files past the size limit --------------------------------


def _oversized(path: Path, head: bytes) -> Path:
    padding = b"# " + b"x" * 78 + b"\n"
    with path.open("wb") as stream:
        stream.write(head)
        size = len(head)
        while size <= MAX_BYTES:
            stream.write(padding)
            size += len(padding)
    assert path.stat().st_size > MAX_BYTES
    return path


def test_a_standard_over_the_size_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _oversized(tmp_path / "huge.toml", TIANJIN_FILE.read_bytes())
    with pytest.raises(cs.StandardError) as caught:
        cs.load_standard(path)
    assert type(caught.value) is cs.StandardError
    assert str(caught.value) == f"{path}: the file is larger than the limit of {MAX_BYTES} bytes"
    with pytest.raises(cs.StandardError):
        cs.loads_standard(path.read_bytes(), "huge.toml")
    case = {"file": path, "path": ""}
    check_cli(capsys, ["validate", os.fspath(path)], case, lines=1)


def test_evidence_over_the_size_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _oversized(tmp_path / "huge.toml", b'[community]\nid = "c1"\nname = "x"\n')
    with pytest.raises(cs.EvidenceError) as caught:
        load_evidence_case(path)
    assert type(caught.value) is cs.EvidenceError
    assert str(caught.value) == f"{path}: the file is larger than the limit of {MAX_BYTES} bytes"
    check_cli(capsys, ["score", os.fspath(path)], {"file": path, "path": ""}, lines=1)


# -- not bad at all: a byte-order mark and Windows line endings simply work ---------------


def _windows(data: bytes, bom: bool) -> bytes:
    data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return (b"\xef\xbb\xbf" if bom else b"") + data


@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_a_standard_with_bom_and_crlf_loads(
    tmp_path: Path, tianjin: cs.Standard, bom: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tianjin.toml"
    path.write_bytes(_windows(TIANJIN_FILE.read_bytes(), bom))
    assert b"\r\n" in path.read_bytes()
    assert cs.load_standard(path) == tianjin
    assert cs.loads_standard(path.read_bytes()) == tianjin
    as_json = tmp_path / "tianjin.json"
    as_json.write_bytes(_windows(cs.standard_to_json(tianjin).encode("utf-8"), bom))
    assert cs.load_standard(as_json) == tianjin
    assert main(["validate", os.fspath(path), os.fspath(as_json)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.count(": valid (tianjin-beautiful-community@2017, 60 indicators)") == 2


@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_evidence_with_bom_and_crlf_loads(
    tmp_path: Path, tianjin: cs.Standard, bom: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        '# 证据\nstandard = "tianjin-beautiful-community@2017"\n\n'
        '[community]\nid = "c1"\nname = "测试社区"\n\n'
        '[facts]\nhouseholds = "4200 户"\nparty_org_sound = true\n'
        'worker_appraisal_satisfaction_rate = "85 %"\n\n'
        '[judgements.roads]\nresult = "met"\nnote = """two\nlines"""\n'
    )
    plain = cs.loads_evidence(text, tianjin)
    path = tmp_path / "community.toml"
    path.write_bytes(_windows(text.encode("utf-8"), bom))
    loaded = cs.load_evidence(path, tianjin)
    assert loaded.facts == plain.facts
    assert plain.facts == {
        "households": 4200,
        "party_org_sound": True,
        "worker_appraisal_satisfaction_rate": Fraction(17, 20),
    }
    assert loaded.community == plain.community
    assert loaded.judgements["roads"].result is cs.JudgementResult.MET
    assert main(["score", os.fspath(path), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert '"id": "c1"' in captured.out
