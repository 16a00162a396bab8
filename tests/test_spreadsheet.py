"""Spreadsheet evidence: a workbook to fill in, read back and scored like a TOML file."""

from __future__ import annotations

import itertools
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

import community_standards as cs

openpyxl = pytest.importorskip("openpyxl")

from community_standards.formats.template import evidence_template  # noqa: E402
from community_standards.formats.workbook import evidence_workbook, read_evidence_workbook  # noqa: E402

EXAMPLES = Path(__file__).parent.parent / "examples" / "evidence"


def fill(path: Path, document: dict[str, object]) -> None:
    book = openpyxl.load_workbook(path)
    community = book["community"]
    fields = document["community"]
    assert isinstance(fields, dict)
    for row in community.iter_rows(min_row=2):
        if row[0].value in fields:
            row[3].value = fields[row[0].value]
    facts = document["facts"]
    assert isinstance(facts, dict)
    for row in book["facts"].iter_rows(min_row=2):
        value = facts.get(row[0].value)
        row[6].value = float(value) if isinstance(value, Decimal) else value
    judgements = document.get("judgements", {})
    assert isinstance(judgements, dict)
    for row in book["judgements"].iter_rows(min_row=2):
        entry = judgements.get(row[0].value, {})
        row[4].value = entry.get("result")
        row[5].value = entry.get("points")
        row[6].value = entry.get("note")
    book.save(path)


def test_workbook_has_every_fact_and_judgement(tianjin: cs.Standard, tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    path.write_bytes(evidence_workbook(tianjin))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["community", "facts", "judgements"]
    keys = [row[0] for row in book["facts"].iter_rows(min_row=2, values_only=True)]
    assert keys == [fact.key for fact in tianjin.facts]
    assert book["judgements"].max_row - 1 == 36
    blank = read_evidence_workbook(path)
    # the community's id and name hold placeholders, as in the TOML template
    community = {"id": "community-id", "name": "社区名称"}
    assert blank == {"standard": tianjin.ref, "community": community, "facts": {}}


def test_filled_workbook_scores_like_the_toml_file(tianjin: cs.Standard, tmp_path: Path) -> None:
    source = EXAMPLES / "liuxi_exactly_80.toml"
    document = tomllib.loads(source.read_text(encoding="utf-8"), parse_float=Decimal)
    path = tmp_path / "liuxi.xlsx"
    path.write_bytes(evidence_workbook(tianjin))
    fill(path, document)
    read = read_evidence_workbook(path)
    from_sheet = cs.score(tianjin, cs.evidence_from_dict(read, tianjin, str(path)))
    from_toml = cs.score(tianjin, cs.load_evidence(source, tianjin))
    assert from_sheet.total == from_toml.total == 80
    assert from_sheet.indicators == from_toml.indicators


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(cs.EvidenceError, match="cannot read the workbook"):
        read_evidence_workbook(path)


def test_cli_template_and_score_a_workbook(
    tianjin: cs.Standard, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from community_standards.cli import main

    path = tmp_path / "liuxi.xlsx"
    assert main(["template", "--format", "xlsx", "-o", str(path)]) == 0
    document = tomllib.loads(
        (EXAMPLES / "liuxi_exactly_80.toml").read_text(encoding="utf-8"), parse_float=Decimal
    )
    fill(path, document)
    capsys.readouterr()
    assert main(["score", str(path), "--format", "json"]) == 0
    assert '"total": 80,' in capsys.readouterr().out
    assert main(["template", "--format", "xlsx"]) == 2
    assert "needs -o FILE" in capsys.readouterr().err


SAFE_COMMUNITY = (
    Path(__file__).parent.parent
    / "examples/plugin/src/safe_community_example/standards/safe_community_2024.toml"
)


def test_used_by_names_the_same_indicators_as_the_toml_template(tmp_path: Path) -> None:
    # the safe-community standard has an indicator that only a not_applicable_when condition
    # ties to a fact (has_underground_garage): both templates must name it
    standard = cs.load_standard(SAFE_COMMUNITY)
    template = evidence_template(standard).splitlines()
    from_template: dict[str, list[str]] = {}
    for line, following in itertools.pairwise(template):
        if line.startswith("##   used by: "):
            key = following.removeprefix("# ").partition(" =")[0]
            used = line.removeprefix("##   used by: ")
            from_template[key] = [] if used == "-" else [u.split()[0] for u in used.split("; ")]
    path = tmp_path / "blank.xlsx"
    path.write_bytes(evidence_workbook(standard))
    rows = openpyxl.load_workbook(path)["facts"].iter_rows(min_row=2, values_only=True)
    from_workbook = {row[0]: str(row[5]).split(", ") if row[5] else [] for row in rows}
    assert from_workbook == from_template
    assert from_workbook["has_underground_garage"] == ["6"]
