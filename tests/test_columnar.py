"""The columnar engine gives the object path's result for every row, status and point."""

from __future__ import annotations

import functools
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import community_standards as cs
from community_standards.formats.table import RowProblem, read_table, table_layout
from community_standards.scoring.columnar import score_batch, score_stream, score_table
from community_standards.scoring.table import result_schema, score_batches, scorecard_row
from strategies import Generated, amount, evidence_for, standards

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples" / "evidence").glob("*.toml"))
CITY = ROOT / "examples" / "tables" / "tianjin_city.csv"


def plain(table: Any, standard: cs.Standard) -> list[dict[str, object]]:
    """Rows of a results table as plain values (dictionary columns decoded)."""
    if not isinstance(table, pa.Table):
        table = (
            pa.Table.from_batches(list(table))
            if not isinstance(table, pa.RecordBatch)
            else (pa.Table.from_batches([table]))
        )
    return list(table.cast(result_schema(standard)).to_pylist())


def row_of(
    evidence: cs.Evidence, generated: Generated, units: dict[str, str | None]
) -> dict[str, object]:
    """One community as a table row, each number written in the unit chosen for it."""
    row: dict[str, object] = {"community.id": evidence.community.id, "community.name": "n"}
    if evidence.community.district:
        row["community.district"] = evidence.community.district
    for key, value in evidence.facts.items():
        spec = generated.facts[key]
        if isinstance(value, bool):
            row[key] = ["true", "false", "是", "否", "1", "0"][(not value) + 2 * (len(key) % 3)]
            continue
        written = amount(value, spec.fact.unit, units.get(key))
        row[key] = str(written)
    for key, stated in evidence.periods.items():  # counted in each period: "1; 2", "4 / year"
        row[key] = "; ".join(map(str, stated.counts)) if stated.counts else stated.given
    for key, judgement in evidence.judgements.items():
        row[f"judgement.{key}"] = (
            str(judgement.points) if judgement.points is not None else str(judgement.result)
        )
    for key, reason in evidence.not_applicable.items():
        row[f"not_applicable.{key}"] = reason
    standard = generated.standard
    owners = {indicator.id: indicator.deductions for _, indicator in standard.indicators()}
    owners |= {category.id: category.deductions for category in standard.categories}
    owners["total"] = standard.deductions  # the pools' amounts: deduction.<pool>.<id>
    for key, amounts in evidence.deductions.items():
        for name, value in amounts.items():
            deduction = next(d for d in owners[key] if d.id == name)
            count = None if deduction.when is not None else evidence.facts.get(deduction.fact)
            if isinstance(count, int) and 1 < count <= 4 and len(name) % 2 == 0:
                # one amount per case, each the same share ("5; 5"): read with its row
                row[f"deduction.{key}.{name}"] = "; ".join(
                    [str(amount(value / count, "", None))] * count
                )
            else:
                row[f"deduction.{key}.{name}"] = str(amount(value, "", None))
    return row


@st.composite
def cities(draw: st.DrawFn) -> tuple[Generated, list[dict[str, object]]]:
    generated = draw(standards(max_categories=3, max_indicators=4))
    rows = []
    for n in range(draw(st.integers(1, 6))):
        evidence = draw(evidence_for(generated))
        units: dict[str, str | None] = {}
        for key, spec in generated.facts.items():
            if not spec.boolean:
                choices = [None, *([spec.fact.unit] if spec.fact.unit else []), *spec.alternatives]
                units[key] = draw(st.sampled_from(choices))
        row = row_of(evidence, generated, units)
        row["community.id"] = f"c{n}"
        rows.append(row)
    return generated, rows


def as_table(rows: list[dict[str, object]]) -> pa.Table:
    names = list(dict.fromkeys(name for row in rows for name in row))

    def cell(value: object) -> str | None:
        return None if value is None else str(value)

    return pa.table(
        {name: pa.array([cell(row.get(name)) for row in rows], pa.string()) for name in names}
    )


def object_path(
    standard: cs.Standard, table: pa.Table
) -> tuple[list[dict[str, object]], list[RowProblem]]:
    layout = table_layout(table.column_names, standard)
    problems: list[RowProblem] = []
    batches = list(score_batches(layout, table.column_names, table.to_batches(), problems))
    return plain(batches, standard) if batches else [], problems


@settings(max_examples=60)
@given(cities())
def test_columnar_equals_the_object_path(city: tuple[Generated, list[dict[str, object]]]) -> None:
    generated, rows = city
    standard = generated.standard
    table = as_table(rows)
    expected, expected_problems = object_path(standard, table)
    problems: list[RowProblem] = []
    found = score_table(standard, table, problems=problems)
    assert [str(p) for p in problems] == [str(p) for p in expected_problems]
    assert plain(found, standard) == expected


@settings(max_examples=60)
@given(cities())
def test_columnar_equals_the_object_path_read_by_columns(
    city: tuple[Generated, list[dict[str, object]]],
) -> None:
    """As above, with every column's distinct texts read by the vectorised reader (a long
    column's way), not one by one as the few texts of a short column are."""
    from unittest import mock

    from community_standards.scoring import columnar

    generated, rows = city
    standard = generated.standard
    table = as_table(rows)
    expected, expected_problems = object_path(standard, table)
    problems: list[RowProblem] = []
    with mock.patch.object(columnar, "_FEW", 0):
        found = score_table(standard, table, problems=problems)
    assert [str(p) for p in problems] == [str(p) for p in expected_problems]
    assert plain(found, standard) == expected


def test_tianjin_examples_row_by_row(tianjin: cs.Standard) -> None:
    from community_standards.formats.evidence import read_evidence_document
    from test_table import as_row

    rows = [as_row(read_evidence_document(path)) for path in EXAMPLES]
    table = as_table(rows)
    found = plain(score_table(tianjin, table), tianjin)
    for row, path in zip(found, EXAMPLES, strict=True):
        assert row == scorecard_row(cs.score(tianjin, cs.load_evidence(path, tianjin)))


def test_the_example_city_table(tianjin: cs.Standard) -> None:
    header, batches = read_table(CITY)
    layout = table_layout(header, tianjin, str(CITY))
    problems: list[RowProblem] = []
    found = plain(list(score_stream(layout, batches, problems)), tianjin)
    header, batches = read_table(CITY)
    expected_problems: list[RowProblem] = []
    expected = plain(list(score_batches(layout, header, batches, expected_problems)), tianjin)
    assert found == expected
    assert problems == expected_problems
    assert len(problems) == 6  # row 5, grid_workers = 0, is scored: a zero denominator


MINI = cs.loads_standard(
    """
schema = 1
id = "mini"
version = "1"
title = { en = "Mini" }
total_points = 3
pass_mark = 2

[[facts]]
key = "households"
kind = "count"
unit = "household"
description = { en = "households" }

[[facts]]
key = "workers"
kind = "count"
unit = "person"
description = { en = "workers" }

[[categories]]
id = "c"
title = { en = "C" }
points = 3

[[categories.indicators]]
id = "ratio"
number = "1"
text = { en = "ratio" }
points = 1
checks = [{ kind = "ratio", numerator = "households", denominator = "workers", minimum = "2/3", maximum = 500 }]

[[categories.indicators]]
id = "judged"
number = "2"
text = { en = "judged" }
points = 2
checks = [{ kind = "assessed", label = { en = "looks fine" } }]
"""
)


def test_two_thirds_exactly_and_huge_values_exactly() -> None:
    # 200 of 300 is exactly two thirds; products beyond 64 bits are exact too
    big = 10**17
    table = pa.table(
        {
            "community.id": ["a", "b", "c", "d"],
            "community.name": ["A", "B", "C", "D"],
            "households": ["200", "199", str(2 * big), str(2 * big - 1)],
            "workers": ["300", "300", str(3 * big), str(3 * big)],
            "judgement.judged": ["1", "达标", "partly_met", "0.5"],
        }
    )
    rows = plain(score_table(MINI, table), MINI)
    assert [r["indicator.ratio.status"] for r in rows] == ["met", "not_met", "met", "not_met"]
    assert [r["indicator.judged.awarded"] for r in rows] == ["1", "2", "1", "0.5"]
    assert [r["total"] for r in rows] == ["2", "2", "2", "0.5"]
    expected, _ = object_path(MINI, table)
    assert rows == expected


def test_returns_the_kind_it_is_given(tianjin: cs.Standard) -> None:
    import pandas as pd
    import polars as pl

    table = pa.table({"community.id": ["a"], "community.name": ["A"], "waste_sorting": ["是"]})
    assert isinstance(score_table(tianjin, table), pa.Table)
    frame = score_table(tianjin, table.to_pandas())
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns)[:4] == [
        "community.id",
        "community.name",
        "community.district",
        "total",
    ]
    assert isinstance(score_table(tianjin, pl.from_arrow(table)), pl.DataFrame)
    batch = score_batch(tianjin, table.to_batches()[0])
    assert isinstance(batch, pa.RecordBatch)
    assert batch.column("indicator.sanitation.status").to_pylist() == ["not_assessed"]


def test_bad_rows_raise_unless_collected(tianjin: cs.Standard) -> None:
    table = pa.table(
        {"community.id": ["a", "b"], "community.name": ["A", "B"], "households": ["4", "x"]}
    )
    with pytest.raises(cs.EvidenceError, match="row 3, column 'households'"):
        score_table(tianjin, table)
    problems: list[RowProblem] = []
    assert score_table(tianjin, table, problems=problems).num_rows == 1
    assert [(p.row, p.column) for p in problems] == [(3, "households")]


def test_dask_map_partitions_on_the_local_scheduler(tianjin: cs.Standard) -> None:
    import dask
    import dask.dataframe as dd

    from community_standards.formats.evidence import read_evidence_document
    from test_table import as_row

    rows = [as_row(read_evidence_document(path)) for path in EXAMPLES] * 4
    for n, row in enumerate(rows):
        row["community.id"] = f"c{n}"
    frame = as_table(rows).to_pandas()
    parts = dd.from_pandas(frame, npartitions=3)  # type: ignore[no-untyped-call]
    meta = score_table(tianjin, frame.iloc[:0])
    scored = parts.map_partitions(functools.partial(score_batch, tianjin), meta=meta)
    with dask.config.set(scheduler="synchronous"):
        result = scored.compute()
    expected = score_table(tianjin, frame)
    assert result["total"].astype(str).tolist() == expected["total"].astype(str).tolist()
    assert result["total"].astype(str).tolist()[:3] == ["97.25", "69.75", "80"]


def test_typed_columns(tianjin: cs.Standard) -> None:
    table = pa.table(
        {
            "community.id": ["a", "b"],
            "community.name": ["A", "B"],
            "households [户]": pa.array([4200, 3000], pa.int64()),
            "grid_workers": pa.array([10, 10], pa.int32()),
            "waste_sorting": [True, False],
            "leader_awareness_rate [%]": pa.array(
                [Decimal("88.5"), Decimal("50")], pa.decimal128(6, 2)
            ),
            "judgement.roads": pa.array([1.0, 2.0], pa.float64()),
        }
    )
    found = plain(score_table(tianjin, table), tianjin)
    expected, _ = object_path(tianjin, table)
    assert found == expected
    assert found[0]["indicator.roads.awarded"] == "1"
    assert Fraction(str(found[1]["indicator.leadership-awareness.awarded"])) == 0


def test_yearly_totals_of_facts_counted_in_each_period_read_by_columns(
    tianjin: cs.Standard,
) -> None:
    """Items 2 and 7 count each period: a yearly total ("4 / year", or a number under a
    yearly header) fails where even its average breaks the bound, and is otherwise not
    assessed, as the object path says; the engine reads such rows by columns, not one by
    one (a city that writes yearly totals is not scored at the speed of single files)."""
    from unittest import mock

    from community_standards.scoring import columnar

    n = 40
    congress = [f"{k} / year" for k in range(n)]  # counted per half year
    disclosures = [str(k % 7) for k in range(n)]  # a yearly header: each a yearly total
    calls: list[object] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return cs.score(*args, **kwargs)

    for cells in (congress, [*congress[:3]] * 3):  # many distinct texts, and a few
        rows = len(cells)
        table = pa.table(
            {
                "community.id": [f"c{k}" for k in range(rows)],
                "community.name": ["n"] * rows,
                "residents_congress_meetings_per_half_year": cells,
                "affairs_disclosures_per_quarter [1/year]": disclosures[:rows],
            }
        )
        expected, expected_problems = object_path(tianjin, table)
        with mock.patch.object(columnar, "score", counted):
            found = plain(score_table(tianjin, table), tianjin)
        assert found == expected
        assert not expected_problems
        assert calls == []  # no row read alone
        statuses = [row["indicator.residents-representative-meeting.status"] for row in found]
        # fewer than 2 a year: some half year had none; 2 or more: which half?
        assert statuses == [
            "not_met" if k < 2 else "not_assessed" for k in (int(c.split()[0]) for c in cells)
        ]
    disclosed = [row["indicator.affairs-disclosure.status"] for row in found]
    assert disclosed == ["not_met" if k % 7 < 4 else "not_assessed" for k in range(len(found))]


@settings(max_examples=40)
@given(cities())
def test_columnar_equals_the_object_path_batch_after_batch(
    city: tuple[Generated, list[dict[str, object]]],
) -> None:
    """A memo keeps what was read of a column of few distinct texts, and each indicator
    scored on their combinations, for the batches after: the same rows in another order
    (their texts met in another order) and a dictionary-encoded copy are scored as the
    object path scores them, by one engine and one memo."""
    from community_standards.scoring.columnar import BatchMemo, ColumnarEngine

    generated, rows = city
    standard = generated.standard
    engine = ColumnarEngine(standard)
    memo = BatchMemo()
    forward = as_table(rows)
    backward = as_table(rows[::-1])
    coded = pa.table({name: forward[name].dictionary_encode() for name in forward.column_names})
    for table in (forward, backward, coded, backward):
        layout = engine.layout(table.column_names)
        expected, expected_problems = object_path(standard, table)
        problems: list[RowProblem] = []
        found = [engine.score(layout, b, problems, memo=memo) for b in table.to_batches()]
        assert [str(p) for p in problems] == [str(p) for p in expected_problems]
        assert (plain(found, standard) if found else []) == expected


def test_kept_readings_across_batches_of_the_example_city(tianjin: cs.Standard) -> None:
    """The example city (bad cells, blanks, a zero denominator) in batches of several sizes,
    forwards and backwards, by one engine: the texts of a batch met in another order than
    before are read from the kept reading, put in their order, and most indicators of a
    batch are not scored again on their combinations; every row is still the object
    path's, and so is every problem."""
    from unittest import mock

    from community_standards.scoring import columnar

    engine = columnar.ColumnarEngine(tianjin)
    memo = columnar.BatchMemo()
    header, _ = read_table(CITY)
    layout = engine.layout(header, str(CITY))
    whole = pa.Table.from_batches(list(read_table(CITY)[1]))
    reordered = mock.Mock(side_effect=columnar._reordered)
    scored = mock.Mock(side_effect=columnar.ColumnarEngine._on_combinations)

    def on_combinations(self: Any, *args: Any) -> Any:
        return scored(self, *args)

    batches = 0
    with (
        mock.patch.object(columnar, "_reordered", reordered),
        mock.patch.object(columnar.ColumnarEngine, "_on_combinations", on_combinations),
    ):
        for size in (7, 13, 40):
            for table in (whole, whole.take(list(range(whole.num_rows))[::-1])):
                parts = table.to_batches(max_chunksize=size)
                problems: list[RowProblem] = []
                found, row = [], 2
                for batch in parts:
                    found.append(engine.score(layout, batch, problems, first_row=row, memo=memo))
                    row += batch.num_rows
                expected_problems: list[RowProblem] = []
                expected = plain(
                    list(score_batches(layout, header, parts, expected_problems)), tianjin
                )
                assert plain(found, tianjin) == expected
                assert problems == expected_problems
                batches += len(parts)
    assert reordered.call_count > 0
    assert 0 < scored.call_count < batches * len(tianjin_indicators(tianjin)) // 4


def tianjin_indicators(standard: cs.Standard) -> list[object]:
    return [indicator for _, indicator in standard.indicators()]


def test_texts_of_numbers_made_once_across_batches() -> None:
    """The texts of a run of points are made once and sliced for the batches after, the run
    growing to hold theirs; the texts are those of each value, exactly."""
    import numpy as np

    from community_standards.scoring.columnar import _Dictionary, _offset
    from community_standards.units.numbers import format_number

    texts = _Dictionary(6)
    for values in ([5, 7, 6], [1, 9], [3], [-4, 2], [10**6, 10**6 + 2], [0, 10**7]):
        array = np.array(values, dtype=np.int64)
        indices, found = texts.encode(array)
        found = found if isinstance(found, list) else found.to_pylist()
        assert [found[i] for i in indices] == [format_number(Fraction(v, 6)) for v in values]
        low = _offset(array, indices)
        assert low is None or list(array) == [i + low for i in indices]
    assert _offset(np.array([3, 9], dtype=np.int64), np.array([0, 1], dtype=np.int32)) is None
    assert _offset(np.array([3, 4], dtype=np.int64), np.array([0, 1], dtype=np.int32)) == 3


def test_combinations_kept_for_the_columns_a_table_has() -> None:
    """An indicator scored on combinations reads a fact not among its inputs as missing only
    where the table has no column of it: what is kept for one table is not given to another
    table with the same texts that has that column (scored by rows there, as it must be)."""
    from community_standards.scoring.columnar import BatchMemo, ColumnarEngine
    from minimal import MINIMAL

    standard = cs.loads_standard(MINIMAL)
    engine = ColumnarEngine(standard)
    memo = BatchMemo()  # shared by both tables: what one keeps must not mislead the other
    engine.inputs["consultation"] = ("consulted",)  # its denominator not named: read anyway
    consulted = ["2", "3", "2", "1"]
    without = pa.table({"community.id": list("abcd"), "community.name": list("abcd"),
                        "consulted": consulted})  # fmt: skip
    with_it = without.append_column("affected", pa.array(["3", "3", "4", "2"]))
    for table in (without, with_it):
        layout = engine.layout(table.column_names)
        found = plain(
            [engine.score(layout, b, [], memo=memo) for b in table.to_batches()], standard
        )
        expected, _ = object_path(standard, table)
        assert found == expected
    assert [row["indicator.consultation.status"] for row in found] == [
        "met", "met", "not_met", "not_met"
    ]  # fmt: skip


def test_the_engine_keeps_nothing_from_one_table_to_the_next(tianjin: cs.Standard) -> None:
    """What the batches of a table share is their own memo: scoring the same table again
    reads and scores it all again (a first pass is never helped by an earlier one), and a
    memo shared by the batches is what saves the work within a table."""
    from unittest import mock

    from community_standards.scoring import columnar

    whole = pa.Table.from_batches(list(read_table(CITY)[1]))
    engine = columnar.columnar_engine(tianjin)
    layout = engine.layout(whole.column_names, str(CITY))
    scored = mock.Mock(side_effect=columnar.ColumnarEngine._on_combinations)

    def on_combinations(self: Any, *args: Any) -> Any:
        return scored(self, *args)

    counts = []
    with mock.patch.object(columnar.ColumnarEngine, "_on_combinations", on_combinations):
        for _ in range(2):
            scored.reset_mock()
            first = columnar.score_table(tianjin, whole, problems=[])
            counts.append(scored.call_count)
        scored.reset_mock()
        alone = [engine.score(layout, b, []) for b in whole.to_batches(max_chunksize=8)]
        on_their_own = scored.call_count
        scored.reset_mock()
        memo = columnar.BatchMemo()
        shared = [engine.score(layout, b, [], memo=memo) for b in whole.to_batches(max_chunksize=8)]
        with_memo = scored.call_count
    assert counts[0] == counts[1] > 0
    assert with_memo < on_their_own
    assert plain(shared, tianjin) == plain(alone, tianjin)
    assert first.num_rows == sum(batch.num_rows for batch in alone)
