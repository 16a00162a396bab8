"""A city's table at scale: the columnar engine, ``batch`` end to end, and a pandas baseline.

Run from the repository root (after ``pip install -e '.[test]'``, for pandas)::

    python benchmarks/bench_tables.py [--rows 1000000]

It writes a CSV of ``--rows`` synthetic Tianjin 2017 communities (every value drawn
fresh, units mixed across columns: some in the header, some in every cell; see
``benchmarks/synthetic.py``), then measures, each in a process of its own pinned to one
core (so that every peak resident memory is that measure's own), with the garbage
collector on and each measure's first and only pass:

* columnar scoring: the table streamed from the CSV in record batches, and the CPU time
  of :meth:`ColumnarEngine.score` alone on every batch (every cell parsed, units
  converted, every indicator's status and points, category scores, totals, pass, tier;
  the reading of the CSV is timed apart, and so are the one-time start of the unit
  registry, which any first unit conversion of a process pays, and Arrow's own start, which
  the first Arrow array made from Python values pays: pyarrow then imports pandas where it
  is installed);
* ``batch city.csv --out results.parquet``: end to end, the command as a user runs it
  (reading, checking, scoring, the city's summary, writing Parquet);
* the baseline a user would write with pandas: ``read_csv``, numbers split from their
  units with ``str.extract`` and scaled by a hand-made table of unit factors, every check
  of the standard as a pandas expression over floats, totals and pass only, written
  with ``to_parquet``. It is checked against the engine's results: the number of rows
  whose pass or fail differs is printed (floats may differ at a boundary).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import community_standards as cs

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import TIANJIN, columns, header


def write_csv(path: Path, rows: int, seed: int) -> None:
    """``rows`` fresh synthetic communities as a CSV file, written 20,000 rows at a time."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    standard = cs.default_registry().load(TIANJIN)
    names = header(standard)
    rng = np.random.default_rng(seed)
    with pacsv.CSVWriter(str(path), pa.schema([(n, pa.string()) for n in names])) as writer:
        for start in range(0, rows, 20_000):
            data = columns(standard, min(20_000, rows - start), rng, start)
            writer.write_batch(
                pa.record_batch([pa.array(list(c), pa.string()) for c in data], names=names)
            )


def _peak_mb() -> float:
    """This process's own peak resident memory (``ru_maxrss`` would carry the parent's)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_columnar(table: Path) -> dict[str, Any]:
    """The engine's CPU time on every batch of the CSV, and the reading's apart."""
    import pyarrow as pa

    from community_standards.formats.table import read_table
    from community_standards.scoring.columnar import BatchMemo, columnar_engine
    from community_standards.units.convert import registry

    standard = cs.default_registry().load(TIANJIN)
    engine = columnar_engine(standard)
    started = time.process_time()
    registry()
    units = time.process_time() - started
    started = time.process_time()
    pa.array([""])  # Arrow's own start: where pandas is installed, pyarrow imports it now
    arrow = time.process_time() - started
    reading = scoring = 0.0
    rows = passed = 0
    problems: list[Any] = []
    started = time.process_time()
    names, batches = read_table(table)
    layout = engine.layout(names, str(table))
    memo = BatchMemo()  # what the table's batches share, as score_stream makes it
    row = 2
    for batch in batches:
        read = time.process_time()
        reading += read - started
        results = engine.score(layout, batch, problems, first_row=row, memo=memo)
        started = time.process_time()
        scoring += started - read
        row += batch.num_rows
        rows += results.num_rows
        passed += results.column("passed").to_numpy(zero_copy_only=False).sum()
    return {
        "rows": rows,
        "passed": int(passed),
        "problems": len(problems),
        "reading": reading,
        "scoring": scoring,
        "units": units,
        "arrow": arrow,
        "peak": _peak_mb(),
    }


def measure_batch(table: Path, out: Path) -> dict[str, Any]:
    """``community-standards batch TABLE --out OUT --quiet``, end to end."""
    from community_standards.cli import main

    started = time.process_time()
    code = main(["batch", str(table), "--out", str(out), "--quiet"])
    return {"cpu": time.process_time() - started, "code": code, "peak": _peak_mb()}


def _unit_factors(standard: cs.Standard) -> dict[str, dict[str, float]]:
    """The pandas user's table of unit factors: for each fact column, each unit it is
    written in (as the cells and the header show it) and its factor to the standard's unit.
    Written out by hand in a user's script; made here from the same conversions."""
    from community_standards.units.convert import UnitProblem, conversion_factor, normalise_unit

    cell_units = {"人", "person", "课时", "%", "学时", "户", "1/year", "1/half_year", "household"}
    factors: dict[str, dict[str, float]] = {}
    for fact in standard.facts:
        if fact.kind is cs.FactKind.BOOLEAN:
            continue
        known: dict[str, float] = {"": 1.0}
        for unit in cell_units:
            try:
                known[unit] = float(conversion_factor(normalise_unit(unit), fact.unit))
            except UnitProblem:
                continue
        if "1/year" in known:
            known["/ year"] = known["1/year"]
        factors[fact.key] = known
    return factors


def pandas_baseline(table: Path, out: Path, factors: dict[str, dict[str, float]]) -> Any:
    """Score the table with pandas expressions: totals and pass only, in floats."""
    import numpy as np
    import pandas as pd

    from community_standards.scoring.evaluate import compile_standard
    from community_standards.scoring.plan import (
        AllOfNode,
        AnyOfNode,
        AssessedNode,
        BooleanNode,
        RangeNode,
        RatioNode,
        Side,
    )

    standard = cs.default_registry().load(TIANJIN)
    plan = compile_standard(standard)
    frame = pd.read_csv(table, dtype=str, keep_default_na=False)
    facts: dict[str, Any] = {}
    for name in frame.columns:
        key, _, unit = name.partition(" [")
        unit = unit.rstrip("]")
        if key not in factors and key in {f.key for f in standard.facts}:  # yes/no
            facts[key] = (
                frame[name]
                .str.lower()
                .map({"true": True, "false": False, "是": True, "否": False, "1": True, "0": False})
            )
        elif key in factors:
            parts = frame[name].str.extract(r"^\s*([-+]?\d+(?:\.\d+)?)\s*(.*?)\s*$")
            number = pd.to_numeric(parts[0], errors="coerce")
            scale = parts[1].map(factors[key]) if not unit else factors[key].get(unit, np.nan)
            facts[key] = number * scale
    words = {"met": 1.0, "达标": 1.0, "partly_met": 0.5, "部分达标": 0.5}

    def holds(side: Side, value: Any, limit: float) -> Any:
        if side is Side.MINIMUM:
            return value >= limit
        if side is Side.MORE_THAN:
            return value > limit
        if side is Side.MAXIMUM:
            return value <= limit
        return value < limit

    def credit(node: Any, item: Any) -> Any:
        if isinstance(node, BooleanNode):
            return (facts[node.fact] == node.expected).astype(float)
        if isinstance(node, RangeNode | RatioNode):
            if isinstance(node, RangeNode):
                value = facts[node.fact]
            else:
                value = facts[node.numerator] / facts[node.denominator]
            ok = pd.Series(True, index=frame.index)
            for bound in (node.low, node.high):
                if bound is not None:
                    ok &= holds(bound.side, value, bound.num / bound.den)
            return ok.astype(float)
        if isinstance(node, AssessedNode):
            cell = frame[f"judgement.{item.id}"]
            judged = cell.map(words).fillna(0.0) * 1.0
            if item.partial != 0.5:
                judged = judged.where(judged != 0.5, float(item.partial))
            points = pd.to_numeric(cell, errors="coerce") / float(item.maximum or 1)
            return judged.where(points.isna(), points)
        inner = [credit(check, item) for check in node.checks]
        if isinstance(node, AllOfNode):
            return pd.concat(inner, axis=1).min(axis=1)
        assert isinstance(node, AnyOfNode)
        return pd.concat(inner, axis=1).max(axis=1)

    total = pd.Series(0.0, index=frame.index)
    for item in plan.indicators:
        credits = [credit(node, item) for node in item.checks]
        share = pd.concat(credits, axis=1).min(axis=1) if credits else 1.0
        total += share * float(item.maximum)
    passed = total >= float(plan.pass_mark)
    result = pd.DataFrame({"community.id": frame["community.id"], "total": total, "passed": passed})
    result.to_parquet(out, index=False)
    return result


def measure_pandas(table: Path, out: Path) -> dict[str, Any]:
    """The pandas baseline, end to end (reading, scoring, writing Parquet)."""
    standard = cs.default_registry().load(TIANJIN)
    factors = _unit_factors(standard)
    started = time.process_time()
    result = pandas_baseline(table, out, factors)
    cpu = time.process_time() - started
    return {"cpu": cpu, "passed": int(result["passed"].sum()), "peak": _peak_mb()}


def _child(kind: str, table: Path, out: Path) -> dict[str, Any]:
    found = subprocess.run(
        [sys.executable, __file__, "--measure", kind, str(table), str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(found.stdout.strip().splitlines()[-1])
    return result


def _disagreements(ours: Path, theirs: Path) -> int:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    schema = pa.schema([("community.id", pa.string()), ("passed", pa.bool_())])
    mine = pq.read_table(ours, columns=["community.id", "passed"]).cast(schema)
    other = pq.read_table(theirs, columns=["community.id", "passed"]).cast(schema)
    joined = mine.join(other, "community.id", right_suffix=".pandas")
    return int(pc.sum(pc.not_equal(joined["passed"], joined["passed.pandas"])).as_py() or 0)


def run(rows: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        table = Path(folder) / "city.csv"
        started = time.process_time()
        write_csv(table, rows, seed)
        made = time.process_time() - started
        size = table.stat().st_size / 1e6
        print(f"CSV of {rows:,} distinct communities written in {made:.1f} s CPU ({size:,.0f} MB)")
        ours, theirs = Path(folder) / "results.parquet", Path(folder) / "pandas.parquet"
        columnar = _child("columnar", table, ours)
        batch = _child("batch", table, ours)
        baseline = _child("pandas", table, theirs)
        differ = _disagreements(ours, theirs)
    scoring = columnar["scoring"]
    print(f"one core, {os.cpu_count()} on the machine; load {os.getloadavg()[0]:.1f}")
    print(
        f"columnar scoring (cells parsed, every status and point, totals, pass, tier): "
        f"{scoring:.2f} s CPU, {columnar['rows'] / scoring:,.0f} rows/s "
        f"(CSV read apart: {columnar['reading']:.2f} s; unit registry start apart: "
        f"{columnar['units']:.2f} s; Arrow's start apart: {columnar['arrow']:.2f} s; "
        f"peak {columnar['peak']:.0f} MB)"
    )
    print(
        f"batch CSV -> Parquet, end to end: {batch['cpu']:.2f} s CPU, "
        f"{rows / batch['cpu']:,.0f} rows/s, peak resident memory {batch['peak']:.0f} MB"
    )
    print(
        f"pandas baseline CSV -> Parquet (totals and pass only, floats): {baseline['cpu']:.2f} s "
        f"CPU, {rows / baseline['cpu']:,.0f} rows/s, peak resident memory {baseline['peak']:.0f} MB"
    )
    print(
        f"batch / pandas: {batch['cpu'] / baseline['cpu']:.2f} x (target: at most 2); "
        f"passed: {columnar['passed']:,} (engine), {baseline['passed']:,} (pandas), "
        f"{differ} rows judged differently"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--measure", nargs=3, metavar=("KIND", "TABLE", "OUT"), help="internal")
    options = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    if options.measure:
        kind, table, out = options.measure
        measures = {
            "columnar": lambda: measure_columnar(Path(table)),
            "batch": lambda: measure_batch(Path(table), Path(out)),
            "pandas": lambda: measure_pandas(Path(table), Path(out)),
        }
        print(json.dumps(measures[kind]()))
    else:
        run(options.rows, options.seed)
