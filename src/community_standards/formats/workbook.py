"""Evidence as a spreadsheet: a workbook for inspectors to fill in, and reading it back.

Needs the optional ``xlsx`` extra: ``pip install 'community-standards[xlsx]'`` (openpyxl
writes the workbook; python-calamine reads it back, inside the guards of ``formats.xlsx``).
The workbook has a sheet for the community, one row per fact (with its meaning in both
languages, its unit and the indicators that use it) and one row per assessed indicator.
Reading it gives the same document an evidence TOML file would, so it is checked and
scored in exactly the same way.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime
import io
import math
import os
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..model.errors import EvidenceError, Problem
from ..model.standard import (
    FactKind,
    Standard,
    indicator_facts,
    pool_facts,
    ranged_deductions,
)
from ..units.numbers import format_number
from .template import assessed_checks
from .xlsx import Sheet, cell_name, read_workbook

__all__ = ["WorkbookDocument", "evidence_workbook", "read_evidence_workbook"]

_COMMUNITY = (
    ("id", "社区编号", "community id"),
    ("name", "社区名称", "community name"),
    ("name_en", "英文名称", "name in English"),
    ("district", "区", "district"),
    ("street", "街道", "street"),
    ("assessed_on", "评估日期", "date assessed (YYYY-MM-DD)"),
    ("assessor", "评估人", "assessor"),
)
#: The community's values in an empty workbook, as in the TOML template.
_PLACEHOLDERS = {"id": "community-id", "name": "社区名称"}
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
_DEDUCTION_HEADER = ("indicator", "number", "deduction", "说明", "description", "range", "amount")


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
        # placeholders as in the TOML template, so that an unfilled workbook scores
        # (every indicator "not assessed") instead of failing on the community's name
        sheet.append([key, zh, en, _PLACEHOLDERS.get(key)])

    users: dict[str, list[str]] = defaultdict(list)
    for _, indicator in standard.indicators():
        for key in indicator_facts(indicator):
            users[key].append(indicator.number)
    for key, pool in pool_facts(standard):
        users[key].append(f"{pool} (deductions)")
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
    _deductions_sheet(book, standard)
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


def _deductions_sheet(book: Any, standard: Standard) -> None:
    """The sheet of the assessor's amounts, one row per deduction whose points are a
    range (none when the standard has no such deduction)."""
    rows = []
    for key, number, deduction in ranged_deductions(standard):
        low = format_number(Fraction(deduction.least))
        high = format_number(Fraction(deduction.most))
        label = deduction.label or (
            standard.fact(deduction.fact).description if deduction.fact else None
        )
        each = "" if deduction.when is not None else " 每例 / per case"
        rows.append([
            key, number, deduction.id,
            None if label is None else label.zh, None if label is None else label.en,
            f"{low}–{high}{each}", None,
        ])  # fmt: skip
    if not rows:
        return
    sheet = book.create_sheet("deductions")
    sheet.append(list(_DEDUCTION_HEADER))
    for row in rows:
        sheet.append(row)
    from openpyxl.utils import get_column_letter

    for index, width in enumerate((30, 8, 16, 40, 40, 18, 14), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _amount(value: object) -> object:
    """An amount's cell: a number, or one amount per case written ``5; 7.5``."""
    if isinstance(value, str) and ";" in value:
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


class WorkbookDocument(dict[str, Any]):
    """An evidence document read from a workbook, knowing the cell each value came from.

    ``cells`` maps a path in the document (``facts.households``,
    ``judgements.roads.points``) to its cell (``facts!G5``), so that a problem found when
    the document is checked can be shown where the user typed the value.

    .. versionadded:: 0.2.0
    """

    cells: dict[str, str]


_YES = frozenset({"true", "yes", "y", "是", "对", "有", "1", "√", "✓"})
_NO = frozenset({"false", "no", "n", "否", "不是", "无", "没有", "0", "×", "✗"})


def _yes_no(value: object) -> object:
    """A yes/no cell as the drop-down, a typist or a formula writes it: TRUE, 是, 1..."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal) and value in (0, 1):
        return value == 1
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
    return value


def _value(sheet: Sheet, row: int, column: int) -> object:
    """A cell's value as a TOML file would give it (a percent cell as ``"90 %"``)."""
    line = sheet.rows[row] if row < len(sheet.rows) else []
    value = line[column] if column < len(line) else None
    if isinstance(value, bool):
        return value
    if isinstance(value, float | int):
        if not math.isfinite(value):
            return str(value)
        number = Decimal(repr(value))  # what the cell shows, exactly
        if (row, column) in sheet.percent:
            return f"{format((number * 100).normalize(), 'f')} %"
        return int(number) if number == number.to_integral_value() else number
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() else value
    if isinstance(value, str):
        return value.strip()
    return value


def _blank(value: object) -> bool:
    return value is None or value == ""


def _records(
    sheet: Sheet, header: tuple[str, ...], problems: list[Problem]
) -> list[tuple[int, dict[str, object]]]:
    """The sheet's rows below its header, as (row, {column name: value})."""
    first = [str(_value(sheet, 0, c) or "").strip() for c in range(len(header))]
    if tuple(first) != header:
        problems.append(
            Problem(
                cell_name(sheet.name, 0, 0),
                f"the sheet's first row must be {', '.join(header)}",
            )
        )
        return []
    found = []
    for row in range(1, len(sheet.rows)):
        values = {name: _value(sheet, row, c) for c, name in enumerate(header)}
        if all(_blank(value) for value in values.values()):
            continue
        found.append((row, values))
    return found


def read_evidence_workbook(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a filled-in workbook into an evidence document (as from an evidence TOML file).

    Empty value cells are left out, like facts left out of a TOML file. The workbook is
    bounded and checked before it is read (``formats.xlsx``). Yes/no cells may be written
    TRUE/FALSE, 是/否 or 1/0; a cell formatted as percent is read as a percent. A fact,
    judgement or not-applicable claim given twice, and a formula without a computed
    value, are errors naming their cells (``facts!G5``). The document returned is a
    ``WorkbookDocument``: problems found when it is checked name their cells too.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Read with python-calamine inside one guard; cells named in errors.
    """
    source = os.fspath(path)
    names = ("community", "facts", "judgements", "not_applicable", "deductions")
    sheets, present = read_workbook(source, EvidenceError, sheets=names)
    problems: list[Problem] = []
    for name in names[:3]:
        if name not in present:
            problems.append(Problem(name, f"the workbook has no sheet {name!r}"))
    EvidenceError.collect(source, problems)
    document = WorkbookDocument(community={}, facts={})
    cells: dict[str, str] = {}
    document.cells = cells
    seen: dict[str, str] = {}

    def place(target: dict[str, Any], key: str, value: object, where: str, doc_path: str) -> None:
        if doc_path in seen:
            problems.append(Problem(where, f"{doc_path} is given twice (also in {seen[doc_path]})"))
            return
        seen[doc_path] = where
        target[key] = value
        cells[doc_path] = where

    def check_computed(sheet: Sheet, row: int, column: int) -> bool:
        if (row, column) in sheet.uncomputed:
            problems.append(
                Problem(
                    cell_name(sheet.name, row, column),
                    "the cell holds a formula without a computed value: type the value, "
                    "or open and save the workbook in a spreadsheet program",
                )
            )
            return False
        return True

    community = sheets["community"]
    for row, record in _records(community, ("field", "说明", "description", "value"), problems):
        field, value = str(record.get("field") or ""), record.get("value")
        if not check_computed(community, row, 3) or _blank(value):
            continue
        where = cell_name("community", row, 3)
        if field == "standard":
            place(document, "standard", value, where, "standard")
        else:
            place(document["community"], field, value, where, f"community.{field}")
    facts = sheets["facts"]
    for row, record in _records(facts, _FACT_HEADER, problems):
        key, value = str(record.get("key") or ""), record.get("value")
        if not check_computed(facts, row, 6) or _blank(value):
            continue
        if str(record.get("kind") or "").strip() == FactKind.BOOLEAN.value:
            value = _yes_no(value)
        place(document["facts"], key, value, cell_name("facts", row, 6), f"facts.{key}")
    judged = sheets["judgements"]
    judgements: dict[str, Any] = {}
    for row, record in _records(judged, _JUDGEMENT_HEADER, problems):
        indicator = str(record.get("indicator") or "")
        entry: dict[str, object] = {}
        for column, key in enumerate(_JUDGEMENT_HEADER):
            if key not in ("result", "points", "note", "evidence"):
                continue
            value = record.get(key)
            if check_computed(judged, row, column) and not _blank(value):
                entry[key] = value
                cells[f"judgements.{indicator}.{key}"] = cell_name("judgements", row, column)
        if entry:
            place(
                judgements,
                indicator,
                entry,
                cell_name("judgements", row, 0),
                f"judgements.{indicator}",
            )
    if judgements:
        document["judgements"] = judgements
    if "not_applicable" in sheets:
        na = sheets["not_applicable"]
        claims: dict[str, Any] = {}
        for row, record in _records(na, _NA_HEADER, problems):
            indicator = str(record.get("indicator") or "")
            if check_computed(na, row, 1):
                place(
                    claims,
                    indicator,
                    record.get("reason"),
                    cell_name("not_applicable", row, 1),
                    f"not_applicable.{indicator}",
                )
        if claims:
            document["not_applicable"] = claims
    if "deductions" in sheets:
        sheet = sheets["deductions"]
        amounts: dict[str, dict[str, Any]] = {}
        column = _DEDUCTION_HEADER.index("amount")
        for row, record in _records(sheet, _DEDUCTION_HEADER, problems):
            indicator = str(record.get("indicator") or "")
            deduction = str(record.get("deduction") or "")
            value = record.get("amount")
            if not check_computed(sheet, row, column) or _blank(value):
                continue
            place(
                amounts.setdefault(indicator, {}),
                deduction,
                _amount(value),
                cell_name("deductions", row, column),
                f"deductions.{indicator}.{deduction}",
            )
        if amounts:
            document["deductions"] = amounts
    EvidenceError.collect(source, problems)
    return document
