"""A city's table end to end: CSV read, scored by the columnar engine, written as Parquet.

Run from the repository root (after ``pip install -e '.[table]'``)::

    python benchmarks/bench_tables.py [--rows 100000]

Every value is drawn fresh (``benchmarks/synthetic.py``: units mixed across columns). It
prints, on one core, in CPU time: the CSV written; ``batch`` end to end (CSV read, every
row checked and scored, results written to Parquet) with the columnar engine; the same
rows scored one community at a time by the object path (on the first tenth, for time);
and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
from pathlib import Path

import community_standards as cs
from community_standards.cli import main

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import TIANJIN, columns, header


def write_csv(path: Path, rows: int, seed: int) -> None:
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


def cpu(action: object) -> float:
    gc.collect()
    start = time.process_time()
    action()  # type: ignore[operator]
    return time.process_time() - start


def run(rows: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        table, out = Path(folder) / "city.csv", Path(folder) / "results.parquet"
        made = cpu(lambda: write_csv(table, rows, seed))
        print(
            f"CSV of {rows} communities written in {made:.1f} s CPU ({table.stat().st_size / 1e6:.0f} MB)"
        )
        columnar = cpu(lambda: main(["batch", str(table), "--out", str(out), "--quiet"]))
        print(
            f"batch CSV -> Parquet, columnar: {columnar:.2f} s CPU, {rows / columnar:,.0f} communities/s"
        )
        small = Path(folder) / "tenth.csv"
        write_csv(small, max(rows // 10, 1), seed + 1)
        tenth = max(rows // 10, 1)
        obj = cpu(
            lambda: main(["batch", str(small), "--engine", "object", "--out", str(out), "--quiet"])
        )
        print(
            f"batch CSV -> Parquet, object path ({tenth} rows): {obj:.2f} s CPU, {tenth / obj:,.0f} communities/s"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2017)
    options = parser.parse_args()
    run(options.rows, options.seed)
