"""Hostile and broken workbooks: bounded before they are read, every failure the library's.

Each workbook starts as the template the library writes, filled in with openpyxl; the
hostile ones then have a member of the archive rewritten (a huge declared dimension, a
cell far to the right, an entity definition, a bad CRC...). Reading must end quickly with
an :class:`~community_standards.EvidenceError` naming the file (and the cell where there
is one), and the command line must print one line and exit 2.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest

import community_standards as cs
from community_standards.cli import main

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("python_calamine")

from community_standards.formats.workbook import (  # noqa: E402
    evidence_workbook,
    read_evidence_workbook,
)
from conftest import bounded  # noqa: E402

SHEET = "xl/worksheets/sheet2.xml"  # the facts sheet of the template


@pytest.fixture(autouse=True)
def _no_extra_standards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cs.ENV_VAR, raising=False)


def filled(tianjin: cs.Standard, path: Path, facts: dict[str, object], **formats: str) -> Path:
    """The template with the community and ``facts`` filled in (number formats by key)."""
    path.write_bytes(evidence_workbook(tianjin))
    book = openpyxl.load_workbook(path)
    for row in book["community"].iter_rows(min_row=2):
        row[3].value = {"id": "c1", "name": "测试社区"}.get(str(row[0].value), row[3].value)
    for row in book["facts"].iter_rows(min_row=2):
        if row[0].value in facts:
            row[6].value = facts[str(row[0].value)]
            if str(row[0].value) in formats:
                row[6].number_format = formats[str(row[0].value)]
    book.save(path)
    return path


def rewrite(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, change(data) if info.filename == member else data)
    return path


_REFUSED = """
import contextlib, io
import community_standards as cs
from community_standards.cli import main
from community_standards.formats.workbook import read_evidence_workbook
try:
    read_evidence_workbook(ARGS["path"])
except cs.EvidenceError as error:
    caught = [error.source, str(error), [[p.path, p.message] for p in error.problems]]
err = io.StringIO()
with contextlib.redirect_stderr(err):
    code = main(["score", ARGS["path"]])
result = [caught, code, err.getvalue()]
"""


def refused(path: Path, fragment: str) -> list[list[str]]:
    """Read ``path`` (and score it on the command line) in a process limited in CPU time
    and memory; return the problems. Unbounded reading took minutes and gigabytes; the
    guarded reading takes under 4 s of CPU time (200,000 cells), and the bound is 30 s."""
    (source, text, problems), code, err = bounded(_REFUSED, cpu=30, path=os.fspath(path))
    assert source == os.fspath(path)
    assert fragment in text
    assert code == 2
    assert "Traceback" not in err
    assert len(err.splitlines()) == len(problems)
    return list(problems)


def _cell(reference: str, value: str, kind: str = "") -> bytes:
    typed = f' t="{kind}"' if kind else ""
    return f'<c r="{reference}"{typed}><v>{value}</v></c>'.encode()


def _into_row(data: bytes, row: int, cells: bytes) -> bytes:
    return re.sub(rb'(<row r="%d"[^>]*>)' % row, lambda m: m.group(1) + cells, data, count=1)


# -- bounded before reading -----------------------------------------------------------------


def test_a_huge_declared_dimension(tianjin: cs.Standard, tmp_path: Path) -> None:
    path = filled(tianjin, tmp_path / "c.xlsx", {"households": 4200})
    rewrite(
        path,
        SHEET,
        lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d),
    )
    assert path.stat().st_size < 32_000
    refused(path, "sheet 'facts' has a row 1,048,576 (at most 10,000)")


def test_a_cell_far_to_the_right(tianjin: cs.Standard, tmp_path: Path) -> None:
    path = filled(tianjin, tmp_path / "c.xlsx", {"households": 4200})
    rewrite(path, SHEET, lambda d: _into_row(d, 2, _cell("XFD2", "1")))
    refused(path, "sheet 'facts' has a column 16,384 (at most 64)")


def test_too_many_cells(tianjin: cs.Standard, tmp_path: Path) -> None:
    path = filled(tianjin, tmp_path / "c.xlsx", {"households": 4200})
    rows = b"".join(
        b'<row r="%d">' % r
        + b"".join(_cell(f"{chr(65 + c)}{r}", "1") for c in range(26))
        + b"</row>"
        for r in range(1000, 9000)
    )
    rewrite(path, SHEET, lambda d: d.replace(b"</sheetData>", rows + b"</sheetData>"))
    refused(path, "has more than 200,000 cells")


def test_a_member_that_inflates_too_far(tianjin: cs.Standard, tmp_path: Path) -> None:
    path = filled(tianjin, tmp_path / "c.xlsx", {"households": 4200})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", b"\0" * (80 * 1024 * 1024))
    assert path.stat().st_size < 1_000_000
    refused(path, "inflates to")


def test_a_member_lying_about_its_size(tianjin: cs.Standard, tmp_path: Path) -> None:
    path = filled(tianjin, tmp_path / "c.xlsx", {"households": 4200})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(SHEET)
    # the local header's and the central directory's uncompressed size: one byte
    for offset in (info.header_offset + 22, data.rfind(SHEET.encode()) - 46 + 24):
        data[offset : offset + 4] = (1).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    refused(path, "cannot read the workbook")


# -- broken workbooks: the library's error, never another --------------------------------------


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(SHEET)
    data[info.header_offset + 30 + len(SHEET) + 40] ^= 0xFF
    path.write_bytes(bytes(data))


BROKEN: dict[str, Callable[[Path], object]] = {
    "malformed-xml": lambda p: rewrite(p, SHEET, lambda d: d.replace(b"</sheetData>", b"<row>")),
    "bad-crc": _flip_a_byte,
    "shared-string-out-of-range": lambda p: rewrite(
        p, SHEET, lambda d: _into_row(d, 3, _cell("G3", "99999", "s"))
    ),
    "bad-cell-reference": lambda p: rewrite(p, SHEET, lambda d: _into_row(d, 3, _cell("G0", "1"))),
    "text-in-a-number-cell": lambda p: rewrite(
        p, SHEET, lambda d: _into_row(d, 3, _cell("G3", "abc", "n"))
    ),
    "entity-expansion": lambda p: rewrite(
        p,
        SHEET,
        lambda d: (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            + b"".join(b'<!ENTITY a%d "&a%d;&a%d;&a%d;">' % (i + 1, i, i, i) for i in range(9))
            + b"]>"
            + d.split(b"?>", 1)[-1]
        ),
    ),
    "not-a-zip": lambda p: p.write_bytes(b"PK\x03\x04 not really"),
    "no-workbook-part": lambda p: p.write_bytes(_zip({"hello.txt": b"hi"})),
}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("damage", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_workbook_is_the_librarys_error(
    tianjin: cs.Standard,
    tmp_path: Path,
    damage: Callable[[Path], object],
) -> None:
    path = filled(tianjin, tmp_path / "c.xlsx", {"households": 4200})
    damage(path)
    refused(path, "cannot read the workbook: ")


def test_entities_are_refused(tianjin: cs.Standard, tmp_path: Path) -> None:
    path = filled(tianjin, tmp_path / "c.xlsx", {"households": 4200})
    BROKEN["entity-expansion"](path)
    refused(path, "declares a document type (entities are not accepted)")


def test_a_bad_cell_reference_is_named(tianjin: cs.Standard, tmp_path: Path) -> None:
    path = filled(tianjin, tmp_path / "c.xlsx", {"households": 4200})
    BROKEN["bad-cell-reference"](path)
    refused(path, "sheet 'facts' has a cell with the reference 'G0'")


# -- read as the user means it ---------------------------------------------------------------


def test_errors_name_the_cell(
    tianjin: cs.Standard, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = filled(tianjin, tmp_path / "c.xlsx", {"households": "many"})
    row = next(i for i, fact in enumerate(tianjin.facts, start=2) if fact.key == "households")
    document = read_evidence_workbook(path)
    with pytest.raises(cs.EvidenceError) as caught:
        cs.evidence_from_dict(document, tianjin, os.fspath(path))
    assert caught.value.problems[0].path == f"facts!G{row}"
    assert "fact 'households'" in caught.value.problems[0].message
    assert main(["score", os.fspath(path)]) == 2
    assert f"facts!G{row}: fact 'households'" in capsys.readouterr().err


def test_a_fact_given_twice_is_refused(tianjin: cs.Standard, tmp_path: Path) -> None:
    path = filled(tianjin, tmp_path / "c.xlsx", {"households": 4200})
    book = openpyxl.load_workbook(path)
    book["facts"].append(["households", "", "", "count", "household", "", 42])
    book.save(path)
    error = refused(path, "facts.households is given twice (also in facts!G")
    assert error[0][0].startswith("facts!G")


def test_a_formula_without_a_computed_value_is_named(tianjin: cs.Standard, tmp_path: Path) -> None:
    path = filled(tianjin, tmp_path / "c.xlsx", {"households": "=4000+200"})
    row = next(i for i, fact in enumerate(tianjin.facts, start=2) if fact.key == "households")
    error = refused(path, "formula without a computed value")
    assert error[0][0] == f"facts!G{row}"


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        (True, True),
        ("TRUE", True),
        ("false", False),
        ("是", True),
        ("否", False),
        (1, True),
        (0, False),
    ],
)
def test_yes_no_cells_as_people_write_them(
    tianjin: cs.Standard, tmp_path: Path, written: object, meant: bool
) -> None:
    path = filled(tianjin, tmp_path / "c.xlsx", {"party_org_sound": written})
    evidence = cs.evidence_from_dict(read_evidence_workbook(path), tianjin, os.fspath(path))
    assert evidence.facts["party_org_sound"] is meant


def test_a_percent_cell_is_a_percent(tianjin: cs.Standard, tmp_path: Path) -> None:
    key = "worker_appraisal_satisfaction_rate"
    path = filled(tianjin, tmp_path / "c.xlsx", {key: 0.78}, **{key: "0%"})
    document = read_evidence_workbook(path)
    assert document["facts"][key] == "78 %"
    evidence = cs.evidence_from_dict(document, tianjin, os.fspath(path))
    assert evidence.facts[key] == Fraction(78, 100)


# -- a city's table workbook is held to the same guards ----------------------------------------


def _table_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["community.id", "community.name", "households"])
    book.active.append(["c1", "一", 4200])
    book.save(path)
    return path


def test_a_table_workbook_with_a_huge_dimension_is_refused(tmp_path: Path) -> None:
    path = _table_workbook(tmp_path / "city.xlsx")
    rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:ZZZ9999999"', d),
    )
    job = """
import community_standards as cs
from community_standards.formats.table import read_table
try:
    read_table(ARGS["path"])
except cs.EvidenceError as error:
    result = str(error)
"""
    assert "has a row 9,999,999" in bounded(job, path=os.fspath(path))


def test_a_table_workbook_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    import subprocess
    import sys

    fifo = tmp_path / "city.xlsx"
    os.mkfifo(fifo)
    code = "from community_standards.formats.table import read_table; import sys; read_table(sys.argv[1])"
    run = subprocess.run(
        [sys.executable, "-c", code, os.fspath(fifo)],
        capture_output=True,
        text=True,
        timeout=15,
        check=False,
    )
    assert "EvidenceError" in run.stderr
    assert "it is a FIFO (named pipe), not a regular file" in run.stderr
