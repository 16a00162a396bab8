"""A city's results as a table: one row per community, every number written exactly.

The columns are ``community.id``, ``community.name``, ``community.district``, ``total``,
``max``, ``passed``, ``tier``, ``blocked_by``, then ``category.<id>`` for every category and
``indicator.<id>.awarded`` and ``indicator.<id>.status`` for every indicator. Points are
text written exactly: a decimal where it is finite (``80.5``), otherwise ``n/d``;
``passed`` is a boolean; ``tier`` is the tier's id, empty for none; ``blocked_by`` lists the
prerequisite or veto items that denied the rating, separated by ``;``.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..formats.table import RowProblem, TableLayout, row_evidence, table_rows
from ..model.evidence import Evidence
from ..model.standard import Standard
from ..units.numbers import format_number
from .evaluate import score
from .reading import strict_check
from .scorecard import Scorecard

__all__ = [
    "result_columns",
    "result_schema",
    "results_batch",
    "score_batches",
    "score_rows",
    "scorecard_row",
]


def result_columns(standard: Standard) -> list[str]:
    """The columns of a results table for ``standard``, in order.

    .. versionadded:: 0.2.0
    """
    columns = [
        "community.id",
        "community.name",
        "community.district",
        "total",
        "max",
        "passed",
        "tier",
        "blocked_by",
    ]
    columns += [f"category.{category.id}" for category in standard.categories]
    for _, indicator in standard.indicators():
        columns += [f"indicator.{indicator.id}.awarded", f"indicator.{indicator.id}.status"]
    return columns


def scorecard_row(card: Scorecard) -> dict[str, object]:
    """One scorecard as a row of the results table (see :func:`result_columns`).

    .. versionadded:: 0.2.0
    """
    row: dict[str, object] = {
        "community.id": card.community.id,
        "community.name": card.community.name,
        "community.district": card.community.district or "",
        "total": format_number(card.total),
        "max": format_number(card.maximum),
        "passed": card.passed,
        "tier": card.tier or "",
        "blocked_by": ";".join(card.blocked_by),
    }
    for category in card.categories:
        row[f"category.{category.id}"] = format_number(category.score)
    for result in card.indicators:
        row[f"indicator.{result.id}.awarded"] = format_number(result.awarded)
        row[f"indicator.{result.id}.status"] = result.status.value
    return row


def score_rows(
    layout: TableLayout,
    batches: Iterable[Any],
    header: list[str],
    problems: list[RowProblem],
    *,
    strict: bool = False,
) -> Iterator[tuple[int, Evidence, Scorecard]]:
    """Score every row of a table one community at a time (the object path).

    Yields each valid row's number, evidence and scorecard; each bad row's problems are
    appended to ``problems`` and the row is passed over.

    .. versionadded:: 0.2.0
    """
    standard = layout.standard
    for row, values in table_rows(header, batches):
        found = row_evidence(layout, values, row, check=strict_check(layout.standard, strict))
        if isinstance(found, list):
            problems.extend(found)
            continue
        yield row, found, score(standard, found)


def result_schema(standard: Standard) -> Any:
    """The pyarrow schema of a results table: text columns, ``passed`` a boolean.

    .. versionadded:: 0.2.0
    """
    import pyarrow as pa

    return pa.schema(
        [
            (name, pa.bool_() if name == "passed" else pa.string())
            for name in result_columns(standard)
        ]
    )


def results_batch(standard: Standard, rows: list[dict[str, object]]) -> Any:
    """Rows of the results table (from :func:`scorecard_row`) as one pyarrow record batch.

    .. versionadded:: 0.2.0
    """
    import pyarrow as pa

    return pa.RecordBatch.from_pylist(rows, schema=result_schema(standard))


#: Communities per results batch on the object path.
OBJECT_BATCH = 4096


def score_batches(
    layout: TableLayout,
    header: list[str],
    batches: Iterable[Any],
    problems: list[RowProblem],
    *,
    strict: bool = False,
) -> Iterator[Any]:
    """Score a table's record batches one community at a time; yield results batches.

    Bad rows' problems are appended to ``problems``; the valid rows are scored.

    .. versionadded:: 0.2.0
    """
    rows: list[dict[str, object]] = []
    for _, _, card in score_rows(layout, batches, header, problems, strict=strict):
        rows.append(scorecard_row(card))
        if len(rows) >= OBJECT_BATCH:
            yield results_batch(layout.standard, rows)
            rows = []
    if rows:
        yield results_batch(layout.standard, rows)
