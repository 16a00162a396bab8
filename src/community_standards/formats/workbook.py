"""Evidence as a spreadsheet: a workbook for inspectors to fill in, and reading it back.

Needs the optional ``xlsx`` extra (openpyxl): ``pip install 'community-standards[xlsx]'``.
The workbook has a sheet for the community, one row per fact (with its meaning in both
languages, its unit and the indicators that use it) and one row per assessed indicator.
Reading it gives the same document an evidence TOML file would, so it is checked and
scored in exactly the same way.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime
import io
import os
from collections import defaultdict
from decimal import Decimal
from typing import Any

from ..model.errors import EvidenceError, Problem
from ..model.standard import FactKind, Standard, indicator_facts
from .io import read_bytes
from .template import assessed_checks

__all__ = ["evidence_workbook", "read_evidence_workbook"]

_COMMUNITY = (
    ("id", "社区编号", "community id"),
    ("name", "社区名称", "community name"),
    ("name_en", "英文名称", "name in English"),
    ("district", "区", "district"),
    ("street", "街道", "street"),
    ("assessed_on", "评估日期", "date assessed (YYYY-MM-DD)"),
    ("assessor", "评估人", "assessor"),
)
_FACT_HEADER = ("key", "说明", "description", "kind", "unit", "used by", "value")
_JUDGEMENT_HEADER = (
    "indicator",
    "number",
    "要求",
    "requirement",
    "result",
    "points",
    "note",
    "evidence",
)
_NA_HEADER = ("indicator", "reason")


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - depends on the environment
        raise EvidenceError(
            "<xlsx>", "spreadsheets need openpyxl: pip install 'community-standards[xlsx]'"
        ) from None
    return openpyxl


def evidence_workbook(standard: Standard) -> bytes:
    """Return an ``.xlsx`` workbook to fill in with evidence for ``standard``.

    .. versionadded:: 0.1.0
    """
    openpyxl = _openpyxl()
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "community"
    sheet.append(["field", "说明", "description", "value"])
    sheet.append(["standard", "标准", "standard (ID@VERSION)", standard.ref])
    for key, zh, en in _COMMUNITY:
        sheet.append([key, zh, en, None])

    users: dict[str, list[str]] = defaultdict(list)
    for _, indicator in standard.indicators():
        for key in indicator_facts(indicator):
            users[key].append(indicator.number)
    facts = book.create_sheet("facts")
    facts.append(list(_FACT_HEADER))
    yes_no = DataValidation(type="list", formula1='"TRUE,FALSE"', allow_blank=True)
    facts.add_data_validation(yes_no)
    for row, fact in enumerate(standard.facts, start=2):
        facts.append([
            fact.key, fact.description.zh, fact.description.en, fact.kind.value, fact.unit,
            ", ".join(users.get(fact.key, [])), None,
        ])  # fmt: skip
        if fact.kind is FactKind.BOOLEAN:
            yes_no.add(f"{get_column_letter(_FACT_HEADER.index('value') + 1)}{row}")

    judged = book.create_sheet("judgements")
    judged.append(list(_JUDGEMENT_HEADER))
    results = DataValidation(type="list", formula1='"met,partly_met,not_met"', allow_blank=True)
    judged.add_data_validation(results)
    for row, (indicator, check) in enumerate(assessed_checks(standard), start=2):
        judged.append(
            [indicator.id, indicator.number, check.label.zh, check.label.en, None, None, None, None]
        )
        results.add(f"{get_column_letter(_JUDGEMENT_HEADER.index('result') + 1)}{row}")
    if standard.not_applicable.value != "forbidden":
        na = book.create_sheet("not_applicable")
        na.append(list(_NA_HEADER))
    for ws, widths in (
        (sheet, (14, 12, 28, 40)),
        (facts, (34, 40, 48, 10, 14, 12, 18)),
        (judged, (30, 8, 48, 48, 12, 8, 30, 30)),
    ):
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, float):
        return Decimal(repr(value))  # what the cell shows, exactly
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip()
    return value


def _rows(sheet: Any, header: tuple[str, ...], path: str, source: str) -> list[dict[str, object]]:
    rows = list(sheet.iter_rows(values_only=True))
    if not rows or tuple(str(c or "").strip() for c in rows[0][: len(header)]) != header:
        raise EvidenceError(
            source, [Problem(path, f"the sheet's first row must be {', '.join(header)}")]
        )
    return [
        {key: _cell(value) for key, value in zip(header, row, strict=False)}
        for row in rows[1:]
        if any(value not in (None, "") for value in row)
    ]


def read_evidence_workbook(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a filled-in workbook into an evidence document (as from an evidence TOML file).

    Empty value cells are left out, like facts left out of a TOML file.

    .. versionadded:: 0.1.0
    """
    openpyxl = _openpyxl()
    source = os.fspath(path)
    data = read_bytes(source, EvidenceError)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise EvidenceError(source, f"cannot read the workbook: {exc}") from None
    try:
        for name in ("community", "facts", "judgements"):
            if name not in book.sheetnames:
                raise EvidenceError(source, [Problem(name, f"the workbook has no sheet {name!r}")])
        document: dict[str, Any] = {"community": {}, "facts": {}}
        for row in _rows(
            book["community"], ("field", "说明", "description", "value"), "community", source
        ):
            field, value = str(row.get("field") or ""), row.get("value")
            if value in (None, ""):
                continue
            if field == "standard":
                document["standard"] = value
            else:
                document["community"][field] = value
        for row in _rows(book["facts"], _FACT_HEADER, "facts", source):
            if row.get("value") not in (None, ""):
                document["facts"][str(row["key"])] = row["value"]
        judgements: dict[str, Any] = {}
        for row in _rows(book["judgements"], _JUDGEMENT_HEADER, "judgements", source):
            entry = {key: row.get(key) for key in ("result", "points", "note", "evidence")}
            entry = {key: value for key, value in entry.items() if value not in (None, "")}
            if entry:
                judgements[str(row["indicator"])] = entry
        if judgements:
            document["judgements"] = judgements
        if "not_applicable" in book.sheetnames:
            claims = {
                str(row["indicator"]): row.get("reason")
                for row in _rows(book["not_applicable"], _NA_HEADER, "not_applicable", source)
            }
            if claims:
                document["not_applicable"] = claims
    finally:
        book.close()
    return document
