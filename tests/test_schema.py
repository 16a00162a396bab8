"""The JSON Schemas of standard and evidence files: generated, shipped, and right."""

from __future__ import annotations

import datetime
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

import community_standards as cs
from community_standards.cli import main
from community_standards.formats.evidence import looks_like_evidence
from community_standards.formats.schema import (
    SCHEMA_NAMES,
    evidence_schema,
    schema_json,
    shipped_schema,
    standard_schema,
)

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("standards", "examples", "docs")
GENERATED = {"standard": standard_schema, "evidence": evidence_schema}


def _plain(value: Any) -> Any:
    """A parsed TOML document as the JSON data an editor's schema checker sees."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _document(path: Path) -> Any:
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    return _plain(tomllib.loads(path.read_text(encoding="utf-8-sig")))


def _files() -> list[Path]:
    found = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in {".toml", ".json"} or "_build" in path.parts:
                continue
            if path.name == "pyproject.toml" or not path.is_file():
                continue
            found.append(path)
    return found


FILES = _files()
STANDARDS = [path for path in FILES if not looks_like_evidence(_document(path))]
EVIDENCE = [path for path in FILES if looks_like_evidence(_document(path))]


def _errors(schema: dict[str, Any], document: Any) -> list[Any]:
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))


def _where(error: Any) -> list[Any]:
    """The path of the deepest problem of ``error`` (the branch of an if/then it took)."""
    while error.context:
        error = max(error.context, key=lambda sub: len(sub.absolute_path))
    return list(error.absolute_path)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_the_shipped_schema_is_the_generated_one(name: str) -> None:
    assert shipped_schema(name) == schema_json(GENERATED[name]()), (
        f"regenerate it: community-standards schema {name} "
        f"-o src/community_standards/schemas/{name}.schema.json"
    )
    jsonschema.Draft7Validator.check_schema(json.loads(shipped_schema(name)))


def test_every_file_is_found() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in FILES}
    assert "standards/tianjin_2017.toml" in names
    assert "examples/derived/hexi_2024.toml" in names
    assert len(STANDARDS) >= 6
    assert len(EVIDENCE) >= 10


@pytest.mark.parametrize("path", STANDARDS, ids=lambda p: p.name)
def test_every_bundled_example_and_docs_standard_fits(path: Path) -> None:
    assert _errors(standard_schema(), _document(path)) == []


@pytest.mark.parametrize("path", EVIDENCE, ids=lambda p: p.name)
def test_every_example_and_docs_evidence_file_fits(path: Path) -> None:
    document = _document(path)
    assert _errors(evidence_schema(), document) == []
    registry = cs.Registry([*STANDARDS], bundled=False, plugins=False, environment=False)
    standard = cs.standard_for_evidence(document, str(path), registry)
    assert _errors(evidence_schema(standard), document) == []


TIANJIN = ROOT / "standards" / "tianjin_2017.toml"


def _tianjin() -> dict[str, Any]:
    document: dict[str, Any] = _document(TIANJIN)
    return document


def _broken_standards() -> list[tuple[str, dict[str, Any], list[Any]]]:
    cases = []
    typo = _tianjin()
    typo["categories"][1]["indicators"][2]["pionts"] = typo["categories"][1]["indicators"][2].pop(
        "points"
    )
    cases.append(
        ("a misspelt key", typo, ["categories", 1, "indicators", 2])
    )  # and 'points' missing
    kind = _tianjin()
    kind["categories"][0]["indicators"][0]["checks"][0]["kind"] = "treshold"
    cases.append(
        ("an unknown check kind", kind, ["categories", 0, "indicators", 0, "checks", 0, "kind"])
    )
    points = _tianjin()
    points["pass_mark"] = "eighty"
    cases.append(("points as words", points, ["pass_mark"]))
    tier = _tianjin()
    tier["tiers"] = [{"id": "gold", "minimum": 90}]
    cases.append(("a tier without a title", tier, ["tiers", 0]))
    derived = _document(ROOT / "examples" / "derived" / "hexi_2024.toml")
    derived["indicators"]["worker-training"]["checks"][0]["minimum"] = True
    cases.append(
        (
            "a derived limit of the wrong type",
            derived,
            ["indicators", "worker-training", "checks", 0, "minimum"],
        )
    )
    return cases


@pytest.mark.parametrize(
    ("what", "document", "where"), _broken_standards(), ids=[c[0] for c in _broken_standards()]
)
def test_a_broken_standard_is_refused_at_its_place(
    what: str, document: dict[str, Any], where: list[Any]
) -> None:
    errors = _errors(standard_schema(), document)
    assert errors, what
    assert {tuple(_where(error)) for error in errors} == {tuple(where)}


def test_broken_evidence_is_refused_at_its_place() -> None:
    path = ROOT / "examples" / "evidence" / "chunhuili_pass.toml"
    document = _document(path)
    standard = cs.default_registry().load("tianjin-beautiful-community@2017")
    specific = evidence_schema(standard)
    document["community"]["assessed_on"] = "2024-13-40"
    document["facts"]["housholds"] = document["facts"].pop("households")
    first_judgement = next(iter(document["judgements"]))
    document["judgements"][first_judgement]["result"] = "done"
    found = {tuple(_where(error)) for error in _errors(specific, document)}
    assert found == {
        ("community", "assessed_on"),
        ("facts",),  # the unknown key 'housholds'
        ("judgements", first_judgement, "result"),
    }
    generic = {tuple(_where(error)) for error in _errors(evidence_schema(), document)}
    assert generic == {("community", "assessed_on"), ("judgements", first_judgement, "result")}


def test_a_fact_outside_its_bounds_is_refused_as_typed() -> None:
    standard = cs.default_registry().load("tianjin-beautiful-community@2017")
    rate = next(f for f in standard.facts if f.maximum is not None)
    schema = evidence_schema(standard, "zh")
    facts = schema["properties"]["facts"]["properties"]
    assert facts[rate.key]["description"].startswith(rate.description.zh)
    community = {"id": "c", "name": "c"}
    too_big = {"community": community, "facts": {rate.key: 2}}
    assert [_where(e) for e in _errors(schema, too_big)] == [["facts", rate.key]]
    with_unit = {"community": community, "facts": {rate.key: "85 %"}}
    assert _errors(schema, with_unit) == []  # a value with its unit is left to the reader


def test_the_command_writes_the_schemas(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["schema", "standard"]) == 0
    assert capsys.readouterr().out == shipped_schema("standard")
    target = tmp_path / "evidence.schema.json"
    argv = ["schema", "evidence", "--standard", "tianjin-beautiful-community@2017"]
    assert main([*argv, "--lang", "zh", "-o", str(target)]) == 0
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["title"].endswith("tianjin-beautiful-community@2017")
    assert "households" in written["properties"]["facts"]["properties"]


def _glob(name: str, pattern: str) -> bool:
    """Whether ``name`` matches the Unix glob ``pattern`` (``**/`` is any folders, or none)."""
    import re

    parts = re.split(r"(\*\*/|\*|\?)", pattern)
    wild = {"**/": "(?:.*/)?", "*": "[^/]*", "?": "[^/]"}
    regex = "".join(wild.get(part, re.escape(part)) for part in parts)
    return re.fullmatch(regex, name) is not None


def test_the_taplo_configuration_gives_each_file_its_schema() -> None:
    fnmatch = _glob
    assert _glob("standards/tianjin_2017.toml", "standards/**/*.toml")
    assert not _glob("examples/derived/hexi_2024.toml", "**/evidence/*.toml")
    config = tomllib.loads((ROOT / ".taplo.toml").read_text(encoding="utf-8"))

    def schema_of(path: Path) -> str | None:
        name = path.relative_to(ROOT).as_posix()
        if any(fnmatch(name, pattern) for pattern in config["exclude"]):
            return None
        chosen = None
        for rule in config["rule"]:  # the last rule that matches wins
            if any(fnmatch(name, pattern) for pattern in rule["include"]):
                chosen = rule["schema"]["path"]
        return chosen

    for path in STANDARDS:
        assert schema_of(path) == "src/community_standards/schemas/standard.schema.json", path
    for path in EVIDENCE:
        assert schema_of(path) == "src/community_standards/schemas/evidence.schema.json", path
    for rule in config["rule"]:
        assert (ROOT / rule["schema"]["path"]).is_file()
