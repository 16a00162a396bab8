"""The register's tables for people and programs: text, JSON, CSV and Parquet.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from typing import Any

import attrs

from ..messages.catalogue import NC_, translate_words
from ..messages.layout import columns
from ..register.store import AssessmentRow, EventRow, StatusRow

__all__ = [
    "STATE_WORDS",
    "state_word",
    "status_heads",
    "status_json",
    "status_text",
    "to_csv",
    "write_parquet",
]

#: The title states in words (each marked for the catalogue; :func:`state_word`).
STATE_WORDS: dict[str, tuple[str, str]] = {
    "none": NC_("title state", "no title"),
    "titled": NC_("title state", "titled"),
    "problems": NC_("title state", "problems found"),
    "rectifying": NC_("title state", "rectifying"),
    "revoked": NC_("title state", "revoked"),
}

_HEADS = {
    "community": NC_("register", "Community"),
    "name": NC_("register", "Name"),
    "district": NC_("register", "District"),
    "title": NC_("register", "Title"),
    "since": NC_("register", "Since"),
    "deadline": NC_("register", "Deadline"),
    "assessed": NC_("register", "Assessed"),
    "total": NC_("register", "Total"),
    "verdict": NC_("register", "Verdict"),
    "pass": NC_("register", "pass"),
    "fail": NC_("register", "fail"),
}


def state_word(state: str, language: str = "zh") -> str:
    """A title state (``titled``, ``rectifying``...) in words in ``language``.

    .. versionadded:: 0.2.0
    """
    return translate_words(language, {state: STATE_WORDS[state]})[state]


_TABLES: dict[str, type] = {"status": StatusRow, "assessments": AssessmentRow, "events": EventRow}


def status_heads(language: str = "zh") -> list[str]:
    """The column heads of the status table (community, name, district, title state, since,
    deadline, last assessed, total).

    .. versionadded:: 0.2.0
    """
    words = translate_words(language, _HEADS)
    keys = ("community", "name", "district", "title", "since", "deadline", "assessed", "total")
    return [words[key] for key in keys]


def status_text(rows: Sequence[StatusRow], language: str = "zh") -> str:
    """One line per community: id, name, district, title state, deadline, last assessment.

    .. versionadded:: 0.2.0
    """
    words = translate_words(language, _HEADS)
    head = [*status_heads(language), words["verdict"]]
    if language == "en":
        head = [word.upper() for word in head]
    table = [head]
    for row in rows:
        table.append(
            [
                row.community_id,
                row.name,
                row.district or "",
                state_word(row.state, language),
                row.since or "",
                row.deadline or "",
                row.assessed_on or "",
                row.total,
                words["pass" if row.passed else "fail"],
            ]
        )
    return "\n".join(columns(table, [None] * len(head))) + "\n"


def status_json(rows: Sequence[StatusRow]) -> str:
    """The status rows as JSON (a list of objects).

    .. versionadded:: 0.2.0
    """
    from ..formats.standard import dumps_json

    return dumps_json([attrs.asdict(row) for row in rows])


def to_csv(records: Sequence[dict[str, Any]], table: str) -> str:
    """``records`` of the register's ``table`` as CSV with a header row (UTF-8 text).

    .. versionadded:: 0.2.0
    """
    names = [field.name for field in attrs.fields(_TABLES[table])]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(record)
    return buffer.getvalue()


def write_parquet(
    records: Sequence[dict[str, Any]], table: str, path: str | os.PathLike[str]
) -> None:
    """Write ``records`` of the register's ``table`` to a Parquet file (needs ``pyarrow``,
    the ``table`` extra), atomically. Totals stay exact text (``"69.75"``, ``"1/3"``).

    .. versionadded:: 0.2.0
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        from ..model.errors import CommunityStandardsError

        raise CommunityStandardsError(
            os.fspath(path), "Parquet needs pyarrow: pip install 'community-standards[table]'"
        ) from None
    from ..formats.io import write_atomic

    names = [field.name for field in attrs.fields(_TABLES[table])]
    data = pa.table({name: [record[name] for record in records] for name in names})
    buffer = pa.BufferOutputStream()
    pq.write_table(data, buffer)
    write_atomic(path, buffer.getvalue().to_pybytes())
