"""Reading ``.xlsx`` workbooks defensively: bounded before they are read, one guarded place.

A workbook is a zip archive of XML files, and each layer can be hostile: a 16 KB file may
declare a million rows, a zip member may inflate a thousandfold, an XML file may define
entities that expand without end, a cell may name a row that does not exist. So, before
any cell value is read:

1. only a regular file is read, at most :data:`~.io.MAX_BYTES` (:func:`.io.read_bytes`);
2. the archive is opened and every member inflated in bounded chunks, which checks its
   CRC and its declared size, with at most :attr:`WorkbookLimits.members` members and
   :attr:`WorkbookLimits.inflated` bytes in all;
3. every XML member is parsed as a stream (expat) refusing any document type declaration
   (so no entity can be defined); the sheets' cells are counted and their references
   checked against :attr:`WorkbookLimits.rows`, :attr:`~WorkbookLimits.columns` and
   :attr:`~WorkbookLimits.cells` (the declared dimension too), and the cells formatted as
   percent and the formulas without a computed value are noted;
4. only then are the values read, with python-calamine, inside the same guard.

Every failure on the way is the caller's error type naming the file (and the sheet), never
an exception of the zip, XML or spreadsheet libraries.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar
from xml.parsers import expat

import attrs

from ..model.errors import CommunityStandardsError, Problem
from .io import read_bytes

__all__ = [
    "EVIDENCE_LIMITS",
    "TABLE_LIMITS",
    "Sheet",
    "WorkbookLimits",
    "cell_name",
    "check_workbook",
    "locate",
    "read_workbook",
]


E = TypeVar("E", bound=CommunityStandardsError)


@attrs.frozen(kw_only=True)
class WorkbookLimits:
    """How large a workbook may be, checked before any value is read."""

    rows: int
    columns: int
    cells: int
    members: int = 1_000
    inflated: int = 64 * 1024 * 1024
    size: int = 8 * 1024 * 1024


#: An evidence workbook: a few hundred rows of a few columns; generous beyond that.
EVIDENCE_LIMITS = WorkbookLimits(rows=10_000, columns=64, cells=200_000)
#: A city's table: one row per community, a column per fact and judgement.
TABLE_LIMITS = WorkbookLimits(
    rows=1_048_576,
    columns=2_000,
    cells=20_000_000,
    inflated=1024 * 1024 * 1024,
    size=256 * 1024 * 1024,
)


@attrs.frozen(kw_only=True)
class Sheet:
    """One sheet's values (rows from A1, as python-calamine gives them) and what the XML says.

    ``percent`` holds the ``(row, column)`` (from 0) of cells formatted as percent,
    ``uncomputed`` those holding a formula without a computed value.
    """

    name: str
    rows: list[list[object]]
    percent: frozenset[tuple[int, int]]
    uncomputed: frozenset[tuple[int, int]]


def cell_name(sheet: str, row: int, column: int) -> str:
    """``"facts!G5"`` for row 4 and column 6 (from 0) of the sheet ``facts``."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{sheet}!{letters}{row + 1}"


class _Refused(Exception):
    """Raised inside the guard; turned into the caller's error with the file's name."""


_REFERENCE = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})")
_PERCENT_BUILTIN = frozenset({9, 10})


def _column(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _parse_xml(data: bytes, member: str, handlers: dict[str, Any] | None = None) -> None:
    """Parse ``data`` with expat as a stream, refusing any document type declaration."""
    parser = expat.ParserCreate()

    def doctype(*_: object) -> None:
        raise _Refused(f"{member} declares a document type (entities are not accepted)")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    for name, handler in (handlers or {}).items():
        setattr(parser, name, handler)
    try:
        view = memoryview(data)
        for start in range(0, len(data), 1 << 20):
            parser.Parse(bytes(view[start : start + (1 << 20)]), False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise _Refused(
            f"{member} is not well-formed XML ({expat.errors.messages[exc.code]})"
        ) from None


class _SheetScan:
    """Counts a sheet's cells and checks their references, as expat reads its XML."""

    def __init__(self, name: str, limits: WorkbookLimits, percent_styles: set[int]) -> None:
        self.name = name
        self.limits = limits
        self.percent_styles = percent_styles
        self.cells = 0
        self.row = -1
        self.column = -1
        self.percent: set[tuple[int, int]] = set()
        self.uncomputed: set[tuple[int, int]] = set()
        self._formula = False
        self._value = False
        self._inside = False
        self._where = (0, 0)

    def _bound(self, row: int, column: int) -> None:
        if row >= self.limits.rows:
            raise _Refused(
                f"sheet {self.name!r} has a row {row + 1:,} (at most {self.limits.rows:,})"
            )
        if column >= self.limits.columns:
            raise _Refused(
                f"sheet {self.name!r} has a column {column + 1:,} (at most {self.limits.columns:,})"
            )

    def _reference(self, text: str) -> tuple[int, int]:
        match = _REFERENCE.fullmatch(text)
        if match is None or int(match.group(2)) == 0:
            raise _Refused(f"sheet {self.name!r} has a cell with the reference {text[:20]!r}")
        return int(match.group(2)) - 1, _column(match.group(1))

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "dimension":
            for part in attributes.get("ref", "").split(":"):
                if part:
                    self._bound(*self._reference(part))
        elif tag == "row":
            number = attributes.get("r")
            self.row = int(number) - 1 if number and number.isdigit() else self.row + 1
            self.column = -1
            self._bound(max(self.row, 0), 0)
        elif tag == "c":
            reference = attributes.get("r")
            if reference:
                self.row, self.column = self._reference(reference)
            else:
                self.column += 1
            self._bound(self.row, self.column)
            self.cells += 1
            if self.cells > self.limits.cells:
                raise _Refused(f"sheet {self.name!r} has more than {self.limits.cells:,} cells")
            self._where = (self.row, self.column)
            self._formula = self._value = False
            style = attributes.get("s", "")
            if style.isdigit() and int(style) in self.percent_styles:
                self.percent.add(self._where)
        elif tag == "f":
            self._formula = True
        elif tag in ("v", "is"):
            self._inside = True

    def text(self, data: str) -> None:
        if self._inside and data.strip():
            self._value = True

    def end(self, tag: str) -> None:
        if tag in ("v", "is"):
            self._inside = False
        elif tag == "c" and self._formula and not self._value:
            self.uncomputed.add(self._where)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _inflate(archive: zipfile.ZipFile, limits: WorkbookLimits) -> dict[str, bytes]:
    """Every member inflated, within the limits (zipfile checks each CRC at its end)."""
    members = archive.infolist()
    if len(members) > limits.members:
        raise _Refused(f"the archive has {len(members):,} members (at most {limits.members:,})")
    declared = sum(member.file_size for member in members)
    if declared > limits.inflated:
        raise _Refused(f"the archive inflates to {declared:,} bytes (at most {limits.inflated:,})")
    contents: dict[str, bytes] = {}
    total = 0
    for member in members:
        if member.is_dir():
            continue
        chunks = []
        with archive.open(member) as stream:
            while chunk := stream.read(1 << 20):
                total += len(chunk)
                if total > limits.inflated:
                    raise _Refused(f"the archive inflates to more than {limits.inflated:,} bytes")
                chunks.append(chunk)
        contents[member.filename] = b"".join(chunks)
    return contents


def _styles(contents: dict[str, bytes]) -> set[int]:
    """The cell styles (indexes into cellXfs) whose number format shows a percent."""
    formats = set(_PERCENT_BUILTIN)
    styles: list[int] = []
    inside = [False]

    def start(tag: str, attributes: dict[str, str]) -> None:
        name = _local(tag)
        if name == "numFmt":
            code = re.sub(r'"[^"]*"|\\.', "", attributes.get("formatCode", ""))
            ident = attributes.get("numFmtId", "")
            if "%" in code and ident.isdigit():
                formats.add(int(ident))
        elif name == "cellXfs":
            inside[0] = True
        elif name == "xf" and inside[0]:
            ident = attributes.get("numFmtId", "0")
            styles.append(int(ident) if ident.isdigit() else 0)

    def end(tag: str) -> None:
        if _local(tag) == "cellXfs":
            inside[0] = False

    data = contents.get("xl/styles.xml")
    if data is not None:
        _parse_xml(data, "xl/styles.xml", {"StartElementHandler": start, "EndElementHandler": end})
    return {index for index, ident in enumerate(styles) if ident in formats}


def _sheet_files(contents: dict[str, bytes]) -> dict[str, str]:
    """Each sheet's name and the member holding its XML."""
    sheets: list[tuple[str, str]] = []
    targets: dict[str, str] = {}

    def book(tag: str, attributes: dict[str, str]) -> None:
        if _local(tag) == "sheet":
            ident = next((v for k, v in attributes.items() if _local(k) == "id"), "")
            sheets.append((attributes.get("name", ""), ident))

    def relation(tag: str, attributes: dict[str, str]) -> None:
        if _local(tag) == "Relationship":
            targets[attributes.get("Id", "")] = attributes.get("Target", "")

    if "xl/workbook.xml" not in contents:
        raise _Refused("the archive has no xl/workbook.xml: it is not an .xlsx workbook")
    _parse_xml(contents["xl/workbook.xml"], "xl/workbook.xml", {"StartElementHandler": book})
    rels = "xl/_rels/workbook.xml.rels"
    if rels in contents:
        _parse_xml(contents[rels], rels, {"StartElementHandler": relation})
    files: dict[str, str] = {}
    for name, ident in sheets:
        target = targets.get(ident, "")
        files[name] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return files


def _scan(
    contents: dict[str, bytes], wanted: Iterable[str] | None, limits: WorkbookLimits
) -> tuple[dict[str, _SheetScan], list[str]]:
    for member, data in contents.items():
        if member.endswith((".xml", ".rels")) and (b"<!DOCTYPE" in data or b"<!ENTITY" in data):
            raise _Refused(f"{member} declares a document type (entities are not accepted)")
    percent_styles = _styles(contents)
    files = _sheet_files(contents)
    names = list(files) if wanted is None else [name for name in wanted if name in files]
    scans: dict[str, _SheetScan] = {}
    for name in names:
        member = files[name]
        if member not in contents:
            raise _Refused(f"sheet {name!r} is missing from the archive ({member})")
        scan = _SheetScan(name, limits, percent_styles)
        _parse_xml(
            contents[member],
            member,
            {
                "StartElementHandler": lambda tag, attrs_, scan=scan: scan.start(
                    _local(tag), attrs_
                ),
                "EndElementHandler": lambda tag, scan=scan: scan.end(_local(tag)),
                "CharacterDataHandler": scan.text,
            },
        )
        scans[name] = scan
    return scans, list(files)


def locate(error: E, cells: Mapping[str, str]) -> E:
    """``error`` with each problem's path replaced by the cell it came from, where known.

    The document's path stays in the message when the message does not name it already.
    """
    located = []
    for problem in error.problems:
        path, cell = problem.path, None
        while path and cell is None:
            cell = cells.get(path)
            path = path.rpartition(".")[0]
        if cell is None:
            located.append(problem)
            continue
        last = problem.path.rpartition(".")[2]
        message = (
            problem.message if last in problem.message else f"{problem.path}: {problem.message}"
        )
        located.append(Problem(cell, message))
    return type(error)(error.source, located)


def check_workbook(
    path: str,
    error: type[CommunityStandardsError],
    limits: WorkbookLimits,
    sheets: Iterable[str] | None = None,
) -> bytes:
    """Read the workbook at ``path`` and check it within ``limits``; return its bytes.

    For a reader of its own (python-calamine on the bytes returned): the file is a
    regular file, its archive is whole, its XML declares no entity, and the ``sheets``
    (default: all) stay within the rows, columns and cells allowed.
    """
    data = read_bytes(path, error, limits.size)
    if len(data) > limits.size:
        raise error(path, f"the file is larger than the limit of {limits.size} bytes")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            contents = _inflate(archive, limits)
        _scan(contents, None if sheets is None else list(sheets), limits)
    except _Refused as exc:
        raise error(path, f"cannot read the workbook: {exc}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise error(path, f"cannot read the workbook: not a valid .xlsx archive ({exc})") from None
    except Exception as exc:  # zlib and others, for a damaged archive
        raise error(path, f"cannot read the workbook: {_first_line(exc)}") from None
    return data


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def read_workbook(
    path: str,
    error: type[CommunityStandardsError],
    *,
    sheets: Iterable[str] | None = None,
    limits: WorkbookLimits = EVIDENCE_LIMITS,
) -> tuple[dict[str, Sheet], list[str]]:
    """Read the ``sheets`` (default: all) of the workbook at ``path``, within ``limits``.

    Returns the sheets read, by name, and the names of every sheet of the workbook.
    Raises ``error`` naming ``path`` for anything wrong with the file, its archive, its
    XML or its cells.
    """
    data = read_bytes(path, error, limits.size)
    if len(data) > limits.size:
        raise error(path, f"the file is larger than the limit of {limits.size} bytes")
    wanted = None if sheets is None else list(sheets)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            contents = _inflate(archive, limits)
        scans, names = _scan(contents, wanted, limits)
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        found = {}
        for name, scan in scans.items():
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            found[name] = Sheet(
                name=name,
                rows=[list(row) for row in rows],
                percent=frozenset(scan.percent),
                uncomputed=frozenset(scan.uncomputed),
            )
    except ImportError:  # pragma: no cover - depends on the environment
        raise error(
            path, "workbooks need python-calamine: pip install 'community-standards[xlsx]'"
        ) from None
    except _Refused as exc:
        raise error(path, f"cannot read the workbook: {exc}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise error(path, f"cannot read the workbook: not a valid .xlsx archive ({exc})") from None
    except Exception as exc:  # python-calamine raises its own types for a broken workbook
        raise error(path, f"cannot read the workbook: {_first_line(exc)}") from None
    return found, names
