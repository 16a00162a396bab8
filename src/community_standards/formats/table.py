"""A city's table: one row per community, its columns mirroring an evidence file's keys.

A table is read from CSV (UTF-8 with or without a byte-order mark; another encoding such as
GBK when named), an ``.xlsx`` workbook (its first sheet, read with python-calamine) or
Parquet. The header names each column:

* ``community.id``, ``community.name`` (both required), ``community.name_en``,
  ``community.district``, ``community.street``, ``community.assessed_on``,
  ``community.assessor``;
* one column per fact, named by its key, its unit either in the header
  (``leader_training [学时]``, then plain numbers in the cells, converted once for the
  whole column) or in each cell (``56 学时``); booleans as ``true``/``false``,
  ``是``/``否`` or ``1``/``0``;
* ``judgement.<indicator id>``: ``met`` / ``partly_met`` / ``not_met`` (or ``达标`` /
  ``部分达标`` / ``未达标``), or a number of points; ``judgement.<indicator id>.note``;
* ``not_applicable.<indicator id>``: the reason the indicator does not apply;
* ``deduction.<indicator id>.<deduction id>``: the assessor's amount of a deduction whose
  points are a range: the points for every incident together, or one amount per case
  (``5; 7.5``). ``deduction.<category id>.<deduction id>`` and
  ``deduction.total.<deduction id>``: those of a category's deduction pool and of the
  deductions from the total.

An empty cell is a value not given, like a key left out of an evidence file. A problem with
the header stops that table (:class:`~community_standards.EvidenceError`); a problem in a row
is a :class:`RowProblem` naming the row as a spreadsheet shows it (the header is row 1), the
column and what is wrong, and the other rows are read on.

Needs the optional ``table`` extra (pyarrow); ``.xlsx`` tables need the ``xlsx`` extra.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ..model.errors import EvidenceError, Problem
from ..model.evidence import Evidence, FactValue, PeriodValues
from ..model.standard import (
    TOTAL_POOL,
    Deduction,
    Fact,
    FactKind,
    Standard,
    amount_owners,
    ranged_deductions,
)
from ..model.suggest import Suggestions
from ..units.convert import UnitProblem, conversion_factor, normalise_unit, split_amount
from ..units.numbers import NumberProblem, format_number, parse_number
from .evidence import ExtraCheck, evidence_from_dict, normalise_fact, normalise_periods

__all__ = [
    "COMMUNITY_COLUMNS",
    "Column",
    "RowProblem",
    "TableLayout",
    "TableWriter",
    "amount_columns",
    "fact_cell",
    "period_average",
    "read_table",
    "row_document",
    "row_evidence",
    "table_layout",
    "table_rows",
    "table_template_csv",
    "table_template_xlsx",
    "writer_format",
]

#: The community's columns, in the order a template writes them.
COMMUNITY_COLUMNS: tuple[str, ...] = (
    "community.id",
    "community.name",
    "community.name_en",
    "community.district",
    "community.street",
    "community.assessed_on",
    "community.assessor",
)
_REQUIRED = ("community.id", "community.name")

#: The words a judgement cell may hold, and the result each means.
RESULT_WORDS: dict[str, str] = {
    "met": "met",
    "partly_met": "partly_met",
    "not_met": "not_met",
    "达标": "met",
    "部分达标": "partly_met",
    "未达标": "not_met",
}
#: The words a boolean cell may hold (compared without case), and the value each means.
BOOLEAN_WORDS: dict[str, bool] = {
    "true": True,
    "false": False,
    "是": True,
    "否": False,
    "1": True,
    "0": False,
}

_HEADER_UNIT = re.compile(r"^\s*(?P<key>[^\[\]]*?)\s*\[(?P<unit>[^\[\]]*)\]\s*$")


@attrs.frozen(kw_only=True)
class Column:
    """How one column of a table is read.

    ``role`` is ``community``, ``fact``, ``judgement``, ``note``, ``not_applicable`` or
    ``deduction``; ``key`` is the community field, the fact key or the indicator id (and
    ``deduction`` the id of that indicator's deduction whose amount the column gives);
    ``unit`` the unit the header gives (empty for none) and ``factor`` the exact factor
    from it to the fact's declared unit.

    .. versionadded:: 0.2.0
    """

    name: str
    index: int
    role: str
    key: str
    unit: str = ""
    factor: Fraction = Fraction(1)
    kind: FactKind | None = None
    deduction: str = ""


@attrs.frozen(kw_only=True)
class RowProblem:
    """One thing wrong in a row: the table, the row as a spreadsheet shows it, the column.

    ``row`` counts the header as row 1; ``column`` is the header as written (empty for the
    row as a whole). For an evidence file read from a folder, ``row`` is 0 and ``column``
    the path inside the file.

    .. versionadded:: 0.2.0
    """

    source: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:  # a problem in an evidence file: the column is its path
            return f"{self.source}: {self.column + ': ' if self.column else ''}{self.message}"
        where = f"row {self.row}" + (f", column {self.column!r}" if self.column else "")
        return f"{self.source}: {where}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        """The problem as a JSON-ready mapping (``source``, ``row``, ``column``, ``message``)."""
        return {
            "source": self.source,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@attrs.frozen(kw_only=True)
class TableLayout:
    """A table's header read against a standard: every column's meaning, checked once.

    .. versionadded:: 0.2.0
    """

    standard: Standard
    source: str
    columns: tuple[Column, ...]
    #: where a problem's path inside an evidence document is shown: path -> column name
    paths: Mapping[str, str]

    def column_for(self, path: str) -> str:
        """The column a problem at ``path`` (``facts.households``) belongs to."""
        parts = path.split(".")
        for length in range(len(parts), 0, -1):
            found = self.paths.get(".".join(parts[:length]))
            if found is not None:
                return found
        if path.startswith("facts."):
            return parts[1]
        return ""


def table_layout(
    header: Sequence[object], standard: Standard, source: str = "<table>"
) -> TableLayout:
    """Read a table's header against ``standard``; raise :class:`EvidenceError` if it is wrong.

    Every column must mean something: an unknown column would be data silently ignored.

    .. versionadded:: 0.2.0
    """
    facts = {fact.key: fact for fact in standard.facts}
    indicators = {indicator.id: indicator for _, indicator in standard.indicators()}
    owners = amount_owners(standard)
    problems: list[Problem] = []
    columns: list[Column] = []
    seen: dict[str, str] = {}
    paths: dict[str, str] = {}
    known = Suggestions(
        [
            *COMMUNITY_COLUMNS,
            *facts,
            *(f"judgement.{i}" for i in indicators),
            *(f"not_applicable.{i}" for i in indicators),
            *amount_columns(standard),
        ]
    )
    for index, raw in enumerate(header):
        name = "" if raw is None else str(raw).strip()
        where = f"row 1, column {index + 1}"
        if not name:
            problems.append(Problem(where, "the column has no name"))
            continue
        column = _column(name, index, facts, indicators, owners, known, where, problems)
        if column is None:
            continue
        identity = f"{column.role}:{column.key}:{column.deduction}"
        if identity in seen:
            problems.append(Problem(where, f"column {name!r} repeats column {seen[identity]!r}"))
            continue
        seen[identity] = name
        columns.append(column)
        paths[_path(column)] = name
    present = {column.name for column in columns if column.role == "community"}
    for required in _REQUIRED:
        if required not in present:
            problems.append(Problem("row 1", f"the table has no column {required!r}"))
    EvidenceError.collect(source, problems)
    return TableLayout(standard=standard, source=source, columns=tuple(columns), paths=paths)


def _path(column: Column) -> str:
    if column.role == "community":
        return column.name
    if column.role == "fact":
        return f"facts.{column.key}"
    if column.role == "not_applicable":
        return f"not_applicable.{column.key}"
    if column.role == "note":
        return f"judgements.{column.key}.note"
    if column.role == "deduction":
        return f"deductions.{column.key}.{column.deduction}"
    return f"judgements.{column.key}"


def amount_columns(standard: Standard) -> list[str]:
    """The columns of the assessor's amounts: ``deduction.<indicator id>.<deduction id>``
    for every deduction whose points are a range, in order; then
    ``deduction.<category id>.<deduction id>`` for those of a category's deduction pool
    and ``deduction.total.<deduction id>`` for those of the deductions from the total.

    .. versionadded:: 0.2.0
    """
    return [f"deduction.{key}.{d.id}" for key, _, d in ranged_deductions(standard)]


def _column(
    name: str,
    index: int,
    facts: Mapping[str, Any],
    indicators: Mapping[str, Any],
    owners: Mapping[str, tuple[str, tuple[Deduction, ...]]],
    known: Suggestions,
    where: str,
    problems: list[Problem],
) -> Column | None:
    def unknown(what: str) -> None:
        problems.append(Problem(where, f"column {name!r}: {what}{known(name)}"))

    if name.startswith("community."):
        if name not in COMMUNITY_COLUMNS:
            unknown("not a field of the community")
            return None
        return Column(name=name, index=index, role="community", key=name.partition(".")[2])
    for prefix, kind in (("judgement.", "judgement"), ("not_applicable.", "not_applicable")):
        if name.startswith(prefix):
            rest, role = name[len(prefix) :], kind
            if role == "judgement" and rest.endswith(".note"):
                rest, role = rest[: -len(".note")], "note"
            if rest not in indicators:
                unknown(f"the standard has no indicator {rest!r}")
                return None
            return Column(name=name, index=index, role=role, key=rest)
    match = _HEADER_UNIT.match(name)
    key, unit = (match.group("key"), match.group("unit").strip()) if match else (name, "")
    fact = facts.get(key)
    if fact is None and name.startswith("deduction."):
        return _amount_column(name, index, owners, unknown)
    if fact is None:
        unknown("the standard declares no such fact")
        return None
    factor = Fraction(1)
    if match:
        if fact.kind is FactKind.BOOLEAN:
            problems.append(Problem(where, f"fact {key!r} is yes/no and has no unit"))
            return None
        try:
            factor = conversion_factor(normalise_unit(unit), fact.unit)
        except UnitProblem as exc:
            problems.append(
                Problem(
                    where,
                    f"fact {key!r} is declared in {fact.unit or 'plain numbers'!r}; {exc}",
                )
            )
            return None
    return Column(
        name=name,
        index=index,
        role="fact",
        key=key,
        unit=unit if match else "",
        factor=factor,
        kind=fact.kind,
    )


def _amount_column(
    name: str,
    index: int,
    owners: Mapping[str, tuple[str, tuple[Deduction, ...]]],
    unknown: Any,
) -> Column | None:
    """``deduction.<indicator id>.<deduction id>`` (or a category's id, or ``total``, for a
    deduction pool's): a ranged deduction's amount."""
    owner_id, _, deduction_id = name[len("deduction.") :].rpartition(".")
    owner = owners.get(owner_id)
    pools = any(kind != "indicator" and any(d.ranged for d in ds) for kind, ds in owners.values())
    if owner is None and not pools:
        unknown(f"the standard has no indicator {owner_id!r}")
        return None
    if owner is None:
        unknown(
            f"the standard has no indicator, category with a deduction pool or "
            f"{TOTAL_POOL!r} (deductions from the total) {owner_id!r}"
        )
        return None
    kind, deductions = owner
    named = "the total" if kind == "total" else f"{kind} {owner_id!r}"
    ranged = [d.id for d in deductions if d.ranged]
    if deduction_id not in ranged:
        listed = ", ".join(map(repr, ranged)) or "none"
        unknown(
            f"{named} has no deduction {deduction_id!r} left to the "
            f"assessor (its deductions left to the assessor: {listed})"
        )
        return None
    return Column(name=name, index=index, role="deduction", key=owner_id, deduction=deduction_id)


def _amount_cell(value: object) -> object:
    """A ranged deduction's cell: one amount, or one per case (``5; 7.5``)."""
    if isinstance(value, str) and ";" in value:
        return [part.strip() for part in value.split(";") if part.strip()]
    return _number(value)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: object) -> object:
    """A cell's number as the evidence reader takes it: floats through their shortest form."""
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def row_document(layout: TableLayout, values: Sequence[object]) -> dict[str, Any]:
    """One row's cells as an evidence document (as read from an evidence TOML file).

    Header units are applied here (one exact factor for the column); every other check is
    the evidence reader's own. Raises :class:`~community_standards.EvidenceError` only for
    problems this step finds (a cell that is not a number in a column with a unit).

    .. versionadded:: 0.2.0
    """
    community: dict[str, Any] = {}
    facts: dict[str, Any] = {}
    judgements: dict[str, dict[str, Any]] = {}
    not_applicable: dict[str, Any] = {}
    deductions: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    periodic = {fact.key: fact.each_period for fact in layout.standard.facts}
    for column in layout.columns:
        value = values[column.index] if column.index < len(values) else None
        if _blank(value):
            continue
        if isinstance(value, str):
            value = value.strip()
        role = column.role
        if role == "fact":
            try:
                facts[column.key] = _fact_cell(column, value, periodic.get(column.key, False))
            except NumberProblem as exc:
                problems.append(Problem(f"facts.{column.key}", str(exc)))
        elif role == "community":
            if isinstance(value, datetime.datetime):
                value = value.date() if value.time() == datetime.time() else value
            elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                value = str(_number(value))  # an id written as a number
            community[column.key] = value
        elif role == "judgement":
            judgements.setdefault(column.key, {}).update(_judgement_cell(value))
        elif role == "note":
            judgements.setdefault(column.key, {})["note"] = str(value)
        elif role == "deduction":
            deductions.setdefault(column.key, {})[column.deduction] = _amount_cell(value)
        else:
            not_applicable[column.key] = value
    EvidenceError.collect(layout.source, problems)
    document: dict[str, Any] = {"community": community, "facts": facts}
    if judgements:
        document["judgements"] = judgements
    if not_applicable:
        document["not_applicable"] = not_applicable
    if deductions:
        document["deductions"] = deductions
    return document


def _fact_cell(column: Column, value: object, each_period: bool = False) -> object:
    if column.kind is FactKind.BOOLEAN:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float | Decimal) and value in (0, 1):
            return bool(value)
        if isinstance(value, str):
            found = BOOLEAN_WORDS.get(value.lower())
            return value if found is None else found
        return value
    if not column.unit:
        return _number(value)
    if isinstance(value, bool):
        return value  # the evidence reader says a number was expected
    if isinstance(value, str):
        number, unit = split_amount(value)
        if unit and number:
            return value  # a cell's own unit ("90 %" from a percent cell) says what it is
        if each_period and ";" in value:
            return value  # each period's count (the header's unit is the fact's own)
    if each_period and column.factor != 1:  # a rate over another span: said in its unit
        return f"{format_number(parse_number(_number(value)))} {column.unit}"
    return parse_number(_number(value)) * column.factor


def fact_cell(column: Column, fact: Fact, value: object) -> FactValue | None:
    """One fact's cell read as a row's reading reads it: None where it is blank; raises
    :class:`ValueError` for a cell refused (the row's own reading then names the problem).

    .. versionadded:: 0.2.0
    """
    if _blank(value):
        return None
    if isinstance(value, str):
        value = value.strip()
    if fact.each_period and not _own_rate(column, fact, value):
        raise ValueError(f"fact {fact.key!r} is counted in each period: read with its row")
    return normalise_fact(fact, _fact_cell(column, value))


def period_average(column: Column, fact: Fact, value: object) -> Fraction:
    """The average, in the fact's own unit, of a cell of a fact counted in each period that
    gives one rate over another span (``"4 / year"`` for a count per half year, or a
    number under such a header unit), as a row's reading reads it; raises
    :class:`ValueError` for any other cell (the row's own reading then says what it is).

    .. versionadded:: 0.2.0
    """
    if isinstance(value, str):
        value = value.strip()
    if not fact.each_period or _blank(value) or _own_rate(column, fact, value):
        raise ValueError(f"fact {fact.key!r}: not a rate over another span")
    found = normalise_periods(fact, _fact_cell(column, value, each_period=True))
    if not isinstance(found, PeriodValues) or found.average is None:
        raise ValueError(f"fact {fact.key!r}: not a rate over another span")
    return found.average


def _own_rate(column: Column, fact: Fact, value: object) -> bool:
    """Whether a cell of a fact counted in each period is one rate in the fact's own unit
    (each period's count, or a rate over another span, is read with its row)."""
    if column.factor != 1:
        return False
    if not isinstance(value, str):
        return True
    if ";" in value:
        return False
    number, unit = split_amount(value)
    if not unit:
        return True
    try:
        return bool(number) and conversion_factor(unit, fact.unit) == 1
    except UnitProblem:
        return True  # the row's own reading names the problem


def _judgement_cell(value: object) -> dict[str, Any]:
    if isinstance(value, str):
        result = RESULT_WORDS.get(value) or RESULT_WORDS.get(value.lower())
        if result is not None:
            return {"result": result}
        try:
            return {"points": Decimal(value)} if parse_number(value) is not None else {}
        except (NumberProblem, ArithmeticError):
            return {"result": value}  # the evidence reader names the words it expects
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return {"points": _number(value)}
    return {"result": value}


def row_evidence(
    layout: TableLayout, values: Sequence[object], row: int, *, check: ExtraCheck | None = None
) -> Evidence | list[RowProblem]:
    """One row checked and normalised as an evidence file is: its :class:`Evidence`, or its
    problems (each naming ``row`` and the column); ``check`` as in
    :func:`~community_standards.formats.evidence.evidence_from_dict`.

    .. versionadded:: 0.2.0
    """
    try:
        document = row_document(layout, values)
        return evidence_from_dict(document, layout.standard, layout.source, check=check)
    except EvidenceError as error:
        return [
            RowProblem(
                source=layout.source,
                row=row,
                column=layout.column_for(problem.path),
                message=problem.message,
            )
            for problem in error.problems
        ]


# --- reading files -------------------------------------------------------------------------

#: Rows read at a time from a large table.
BATCH_ROWS = 65_536


def _pyarrow(source: str) -> Any:
    """pyarrow, or the error naming the table ``source`` that needs it."""
    try:
        import pyarrow
    except ImportError:
        raise EvidenceError(
            source, "tables need pyarrow: pip install 'community-standards[table]'"
        ) from None
    return pyarrow


def read_table(
    path: str | os.PathLike[str], *, encoding: str = "utf-8", batch_rows: int = BATCH_ROWS
) -> tuple[list[str], Iterator[Any]]:
    """Open a table file: its header and an iterator of Arrow record batches of its rows.

    CSV columns are read as text (the cells exactly as written); Parquet keeps its types;
    an ``.xlsx`` workbook's first sheet is read with python-calamine, percent-formatted
    cells as percents (a cell showing ``90 %`` is ``"90 %"``). Raises
    :class:`~community_standards.EvidenceError` for a file that cannot be read.

    .. versionadded:: 0.2.0
    """
    source = os.fspath(path)
    lower = source.lower()
    try:
        if lower.endswith((".parquet", ".pq")):
            return _read_parquet(source, batch_rows)
        if lower.endswith(".xlsx"):
            return _read_xlsx(source, batch_rows)
        return _read_csv(source, encoding, batch_rows)
    except OSError as exc:
        raise EvidenceError(source, f"cannot read the file: {exc.strerror or exc}") from None


def _read_parquet(source: str, batch_rows: int) -> tuple[list[str], Iterator[Any]]:
    _pyarrow(source)
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(source)
    except OSError:
        raise
    except Exception as exc:  # pyarrow raises ArrowInvalid for a file that is not Parquet
        raise EvidenceError(source, f"not a Parquet file: {exc}") from None
    header = list(handle.schema_arrow.names)
    return header, _guarded(source, handle.iter_batches(batch_size=batch_rows))


def _guarded(source: str, batches: Iterable[Any]) -> Iterator[Any]:
    pa = _pyarrow(source)
    try:
        yield from batches
    except pa.ArrowException as exc:
        raise EvidenceError(source, f"cannot read the table: {exc}") from None


def _read_csv(source: str, encoding: str, batch_rows: int) -> tuple[list[str], Iterator[Any]]:
    pa = _pyarrow(source)
    import pyarrow.csv as pacsv

    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in {"utf-8", "utf8"} else encoding
    with open(source, "rb") as handle:
        head = handle.read(1 << 20)
    try:
        text = head.decode(codec, errors="strict")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 8:  # not only a character cut at the end of the sample
            raise EvidenceError(
                source,
                f"the file is not {encoding} text (byte {exc.start} cannot be decoded)"
                + ("; name its encoding with --encoding, e.g. gbk" if codec == "utf-8-sig" else ""),
            ) from None
        text = head[: exc.start].decode(codec)
    except LookupError:
        raise EvidenceError(source, f"unknown encoding {encoding!r}") from None
    if not text.strip():
        raise EvidenceError(source, "the file is empty")
    header = next(csv.reader(io.StringIO(text)), [])
    names = [name.strip() for name in header]
    if len(set(names)) != len(names):
        # leave the repeated names to the layout, which names them
        names = [f"{name}\x00{index}" for index, name in enumerate(names)]
    read = pacsv.ReadOptions(
        encoding="utf8" if codec == "utf-8-sig" else encoding,
        column_names=names,
        skip_rows=1,
        block_size=1 << 20,
        use_threads=False,  # one core: threads cost more CPU than they save
    )
    # the cells as text; where a column repeats its texts (facts, judgements), as a
    # dictionary of its distinct texts, which the columnar engine reads once each
    unique = {"community.id", "community.name", "community.name_en"}
    coded = pa.dictionary(pa.int32(), pa.string())
    convert = pacsv.ConvertOptions(
        column_types={name: pa.string() if name in unique else coded for name in names},
        strings_can_be_null=True,
        null_values=[""],
        quoted_strings_can_be_null=True,
    )
    try:
        reader = pacsv.open_csv(source, read_options=read, convert_options=convert)
    except pa.ArrowException as exc:
        raise EvidenceError(source, f"cannot read the table: {_arrow_message(exc)}") from None
    return [str(name) for name in header], _rebatch(source, reader, batch_rows)


def _arrow_message(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text.replace("CSV parse error: ", "")


def _rebatch(source: str, reader: Any, batch_rows: int) -> Iterator[Any]:
    """The reader's small blocks (cheap to parse) joined into batches of ``batch_rows``
    rows (cheap to score: the engine's work per batch is paid once for many rows)."""
    pa = _pyarrow(source)
    waiting: list[Any] = []
    rows = 0

    def joined() -> Any:
        if len(waiting) == 1:
            return waiting[0]
        return pa.Table.from_batches(waiting).combine_chunks().to_batches()[0]

    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        except pa.ArrowException as exc:
            raise EvidenceError(source, f"cannot read the table: {_arrow_message(exc)}") from None
        while batch.num_rows:
            room = batch_rows - rows
            waiting.append(batch.slice(0, room))
            rows += waiting[-1].num_rows
            batch = batch.slice(room)
            if rows >= batch_rows:
                ready = joined()
                waiting, rows = [], 0  # let the blocks go while the batch is scored
                yield ready
    if rows:
        ready = joined()
        waiting = []
        yield ready


def _read_xlsx(source: str, batch_rows: int) -> tuple[list[str], Iterator[Any]]:
    pa = _pyarrow(source)
    try:
        import python_calamine
    except ImportError:  # pragma: no cover - depends on the environment
        raise EvidenceError(
            source, "spreadsheets need python-calamine: pip install 'community-standards[xlsx]'"
        ) from None
    from .xlsx import TABLE_LIMITS, check_workbook

    # a regular file, a whole archive, no entities, rows and cells within bounds
    data = check_workbook(source, EvidenceError, TABLE_LIMITS)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except OSError:
        raise
    except Exception as exc:  # calamine raises its own types for a file that is not a workbook
        raise EvidenceError(source, f"cannot read the workbook: {exc}") from None
    if not rows:
        raise EvidenceError(source, "the workbook's first sheet is empty")
    percent = _percent_cells(source)
    header = [str(cell).strip() if cell not in (None, "") else "" for cell in rows[0]]
    width = len(header)

    def cell(value: object, row: int, col: int) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float | int):
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            if (row, col) in percent:
                return f"{_plain(number * 100)} %"
            return _plain(number)
        if isinstance(value, datetime.datetime):
            return value.date().isoformat() if value.time() == datetime.time() else str(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)

    def batches() -> Iterator[Any]:
        data = rows[1:]
        # a trailing unit or description row written by the template starts with '#'
        for start in range(0, len(data), batch_rows):
            chunk = data[start : start + batch_rows]
            columns = [
                pa.array(
                    [
                        cell(line[c] if c < len(line) else None, start + r + 1, c)
                        for r, line in enumerate(chunk)
                    ],
                    type=pa.string(),
                )
                for c in range(width)
            ]
            yield pa.RecordBatch.from_arrays(
                columns, names=[f"{name}\x00{i}" for i, name in enumerate(header)]
            )

    return header, batches()


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*?\ss="([0-9]+)"')
_NUMFMT = re.compile(rb'<numFmt [^>]*numFmtId="([0-9]+)"[^>]*formatCode="([^"]*)"')
_XF = re.compile(rb"<xf [^>]*?/?>")
_XF_FORMAT = re.compile(rb'numFmtId="([0-9]+)"')
_SHEET = re.compile(rb'<sheet [^>]*?r:id="([^"]+)"')
_RELATION = re.compile(rb"<Relationship [^>]*>")
_BUILTIN_PERCENT = {9, 10}


def _percent_cells(source: str) -> set[tuple[int, int]]:
    """The cells of the first sheet formatted as percent: ``(row, column)`` from 0.

    python-calamine gives a cell's value but not its number format, so the workbook's
    styles are read here: the formats whose code shows ``%``, the cell styles using them,
    and the first sheet's cells with those styles.
    """
    found: set[tuple[int, int]] = set()
    try:
        with zipfile.ZipFile(source) as archive:
            styles = archive.read("xl/styles.xml") if "xl/styles.xml" in archive.namelist() else b""
            percent_formats = set(_BUILTIN_PERCENT)
            for ident, code in _NUMFMT.findall(styles):
                if b"%" in re.sub(rb'"[^"]*"|\\.', b"", code):
                    percent_formats.add(int(ident))
            xfs_block = (
                styles.split(b"<cellXfs", 1)[1].split(b"</cellXfs>", 1)[0]
                if b"<cellXfs" in styles
                else b""
            )
            percent_styles = set()
            for index, xf in enumerate(_XF.findall(xfs_block)):
                match = _XF_FORMAT.search(xf)
                if match and int(match.group(1)) in percent_formats:
                    percent_styles.add(index)
            if not percent_styles:
                return found
            sheet = _first_sheet(archive)
            carry = b""
            with archive.open(sheet) as stream:
                while chunk := stream.read(1 << 20):
                    data = carry + chunk
                    cut = data.rfind(b"<c ")
                    body, carry = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
                    for letters, number, style in _CELL.findall(body):
                        if int(style) in percent_styles:
                            found.add((int(number) - 1, _column_index(letters)))
                for letters, number, style in _CELL.findall(carry):
                    if int(style) in percent_styles:
                        found.add((int(number) - 1, _column_index(letters)))
    except (KeyError, zipfile.BadZipFile, IndexError):
        return found
    return found


def _first_sheet(archive: zipfile.ZipFile) -> str:
    book = archive.read("xl/workbook.xml")
    first = _SHEET.search(book)
    if first is not None:
        relations = archive.read("xl/_rels/workbook.xml.rels")
        for relation in _RELATION.findall(relations):
            ident = re.search(rb'Id="([^"]+)"', relation)
            target = re.search(rb'Target="([^"]+)"', relation)
            if ident and target and ident.group(1) == first.group(1):
                name = target.group(1).decode()
                return name.lstrip("/") if name.startswith("/") else f"xl/{name}"
    return "xl/worksheets/sheet1.xml"


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (letter - 64)
    return index - 1


def table_rows(header: Sequence[str], batches: Iterable[Any]) -> Iterator[tuple[int, list[object]]]:
    """Every row of a table that holds a community, with its number as a spreadsheet shows it.

    Blank rows are passed over, and so are comment rows (their ``community.id`` cell starts
    with ``#``, as the units and descriptions rows of a template do).

    .. versionadded:: 0.2.0
    """
    try:
        id_index = [str(name).strip() for name in header].index("community.id")
    except ValueError:
        id_index = -1
    row = 1
    for batch in batches:
        columns = [column.to_pylist() for column in batch.columns]
        for values in zip(*columns, strict=True):
            row += 1
            if all(_blank(value) for value in values):
                continue
            first = values[id_index] if id_index >= 0 else None
            if isinstance(first, str) and first.lstrip().startswith("#"):
                continue
            yield row, list(values)


# --- writing results -----------------------------------------------------------------------

#: The formats a results table is written in, by the output file's suffix.
WRITERS: dict[str, str] = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def writer_format(path: str | os.PathLike[str]) -> str:
    """The format a results file is written in, from its suffix; :class:`EvidenceError` if none.

    .. versionadded:: 0.2.0
    """
    target = os.fspath(path)
    suffix = os.path.splitext(target)[1].lower()
    if suffix not in WRITERS:
        raise EvidenceError(
            target,
            f"cannot tell the format from {suffix or 'no suffix'!r}; "
            f"use one of {', '.join(sorted(WRITERS))}",
        )
    return WRITERS[suffix]


class TableWriter:
    """Writes record batches to a results file as they come, then puts it in place at once.

    The rows go to a temporary file beside the target, which replaces it only when
    :meth:`close` is called after every batch: an interrupted run leaves no half-written
    file. Use as a context manager.

    .. versionadded:: 0.2.0
    """

    def __init__(self, path: str | os.PathLike[str], columns: Sequence[str]) -> None:
        import tempfile

        self.path = os.fspath(path)
        self.format = writer_format(self.path)
        self.columns = list(columns)
        if self.format != "xlsx":  # said before anything is made beside the target
            _pyarrow(self.path)
        folder = os.path.dirname(os.path.abspath(self.path))
        handle, self._temporary = tempfile.mkstemp(
            prefix=f".{os.path.basename(self.path)}.", suffix=".tmp", dir=folder
        )
        os.close(handle)
        self._writer: Any = None
        self._stream: Any = None
        self._schema: Any = None
        self._rows: list[list[object]] = []

    def write(self, batch: Any) -> None:
        """Append the rows of one record batch (with the results columns)."""
        pa = _pyarrow(self.path)
        batch = batch.select(self.columns) if hasattr(batch, "select") else batch
        if self._schema is None:
            self._schema = batch.schema
        elif batch.schema != self._schema:  # batches from both engines: one schema in the file
            batch = pa.Table.from_batches([batch]).cast(self._schema).combine_chunks()
            batch = batch.to_batches()[0] if batch.num_rows else None
            if batch is None:
                return
        if self.format == "parquet":
            import pyarrow.parquet as pq

            if self._writer is None:
                self._writer = pq.ParquetWriter(self._temporary, batch.schema)
            self._writer.write_batch(batch)
        elif self.format == "csv":
            import pyarrow.csv as pacsv

            if self._writer is None:
                self._writer = pacsv.CSVWriter(
                    self._temporary,
                    batch.schema,
                    write_options=pacsv.WriteOptions(quoting_style="needed"),
                )
            self._writer.write_batch(batch)
        elif self.format == "jsonl":
            import json

            if self._stream is None:
                self._stream = open(self._temporary, "w", encoding="utf-8")  # noqa: SIM115
            for row in pa.Table.from_batches([batch]).to_pylist():
                self._stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            names = batch.schema.names
            data = [column.to_pylist() for column in batch.columns]
            self._rows.extend([list(values) for values in zip(*data, strict=True)])
            self.columns = list(names)

    def close(self) -> None:
        """Finish the file and put it in place of the target (when finishing it fails,
        the target is left as it was and the temporary file removed)."""
        try:
            self._finish()
        except BaseException:
            self.abort()
            raise

    def _finish(self) -> None:
        if self._writer is not None:
            self._writer.close()
        if self._stream is not None:
            self._stream.close()
        if self.format == "xlsx":
            from .workbook import _openpyxl

            book = _openpyxl().Workbook(write_only=True)
            sheet = book.create_sheet("results")
            sheet.append(self.columns)
            for values in self._rows:
                sheet.append(values)
            book.save(self._temporary)
        elif self._writer is None and self._stream is None:
            self._empty()
        os.replace(self._temporary, self.path)

    def _empty(self) -> None:
        pa = _pyarrow(self.path)
        schema = pa.schema([(name, pa.string()) for name in self.columns])
        if self.format == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(schema.empty_table(), self._temporary)
        elif self.format == "csv":
            with open(self._temporary, "w", encoding="utf-8", newline="") as stream:
                csv.writer(stream).writerow(self.columns)

    def abort(self) -> None:
        """Leave the target as it was and remove the temporary file."""
        import contextlib

        for handle in (self._writer, self._stream):
            if handle is not None:
                with contextlib.suppress(Exception):
                    handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._temporary)

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


# --- the empty city table --------------------------------------------------------------------

_HEADER_UNITS = {"person": "人", "household": "户", "class_period": "学时"}


def _template_columns(standard: Standard) -> list[tuple[str, str, str, str, str]]:
    """(header, unit shown, kind, description zh, description en) of every column."""
    from .template import assessed_checks

    names = {
        "community.id": ("社区编号", "community id"),
        "community.name": ("社区名称", "community name"),
        "community.name_en": ("英文名称", "name in English"),
        "community.district": ("区", "district"),
        "community.street": ("街道", "street"),
        "community.assessed_on": ("评估日期（YYYY-MM-DD）", "date assessed (YYYY-MM-DD)"),
        "community.assessor": ("评估人", "assessor"),
    }
    out = [(name, "", "text", zh, en) for name, (zh, en) in names.items()]
    for fact in standard.facts:
        if fact.kind is FactKind.BOOLEAN:
            out.append((fact.key, "", "boolean", fact.description.zh, fact.description.en))
            continue
        unit = _HEADER_UNITS.get(fact.unit, fact.unit)
        if not unit and fact.kind is FactKind.QUANTITY and fact.maximum == 1:
            unit = "%"
        header = f"{fact.key} [{unit}]" if unit else fact.key
        out.append((header, unit, fact.kind.value, fact.description.zh, fact.description.en))
    for indicator, check in {
        indicator.id: (indicator, check) for indicator, check in assessed_checks(standard)
    }.values():
        out.append(
            (
                f"judgement.{indicator.id}",
                "",
                "judgement",
                f"{indicator.number}. {check.label.zh}",
                f"{indicator.number}. {check.label.en}",
            )
        )
    for owner, number, deduction in ranged_deductions(standard):
        low = format_number(Fraction(deduction.least))
        high = format_number(Fraction(deduction.most))
        label = deduction.label or (
            standard.fact(deduction.fact).description if deduction.fact else None
        )
        what = {"zh": "", "en": ""} if label is None else {"zh": label.zh, "en": label.en}
        each_zh, each_en = ("", "") if deduction.when is not None else ("每例", " per case")
        out.append(
            (
                f"deduction.{owner}.{deduction.id}",
                "",
                "amount",
                f"{number}. {what['zh']}酌情扣分（{each_zh}{low}–{high} 分）",
                f"{number}. {what['en']}: the assessor's amount ({low} to {high} points{each_en})",
            )
        )
    if standard.not_applicable.value != "forbidden":
        for _, indicator in standard.indicators():
            if indicator.not_applicable is not False:
                out.append(
                    (
                        f"not_applicable.{indicator.id}",
                        "",
                        "text",
                        f"{indicator.number}. 不适用的理由",
                        f"{indicator.number}. why it does not apply",
                    )
                )
    return out


def table_template_csv(standard: Standard) -> str:
    """The empty city table for ``standard`` as CSV: its header row, ready to fill.

    .. versionadded:: 0.2.0
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(
        [name for name, *_ in _template_columns(standard)]
    )
    return buffer.getvalue()


def table_template_xlsx(standard: Standard) -> bytes:
    """The empty city table for ``standard`` as an ``.xlsx`` workbook.

    Row 1 is the header; rows 2 to 4 (their ``community.id`` cell starts with ``#``, so
    reading passes over them) give each column's unit and its meaning in Chinese and
    English. Yes/no and judgement columns have drop-down lists. Fill in from row 5.

    .. versionadded:: 0.2.0
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from .workbook import _openpyxl

    book = _openpyxl().Workbook()
    sheet = book.active
    sheet.title = "communities"
    columns = _template_columns(standard)
    sheet.append([name for name, *_ in columns])
    sheet.append(["# 单位 / unit", *(unit for _, unit, *_ in columns[1:])])
    sheet.append(["# 说明", *(zh for *_, zh, _ in columns[1:])])
    sheet.append(["# description", *(en for *_, en in columns[1:])])
    yes_no = DataValidation(type="list", formula1='"是,否,true,false"', allow_blank=True)
    results = DataValidation(
        type="list", formula1='"达标,部分达标,未达标,met,partly_met,not_met"', allow_blank=True
    )
    sheet.add_data_validation(yes_no)
    sheet.add_data_validation(results)
    for index, (name, _, kind, _, _) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(name) + 2))
        if kind == "boolean":
            yes_no.add(f"{letter}5:{letter}10004")
        elif kind == "judgement":
            results.add(f"{letter}5:{letter}10004")
    sheet.freeze_panes = "C5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
