"""Reading and scoring evidence files, against a bare ``tomllib.load`` of the same files.

Run from the repository root (after ``pip install -e .``)::

    python benchmarks/bench_reading.py [--files 2000] [--mixed]

It writes ``--files`` distinct evidence files for the Tianjin 2017 standard (every value
drawn fresh, see ``bench_scoring.synthetic_documents``) into a temporary folder, reads
them all once so that both measures find them in the page cache, and then reports, on
one core, with the garbage collector on and each measure's first and only pass:

* the baseline: ``tomllib.load`` of every file (what a user's own script would do first);
* the library: ``load_evidence`` (reading, the size, nesting, number and unit guards,
  checking against the standard and converting units once) and ``score`` (every
  indicator's status, points and reasons) of every file;
* their ratio. Target: at most 2.

``--tomllib`` measures the library as installed without the compiled ``tomli`` (the
``fast`` extra), on :mod:`tomllib` alone.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import tomli_w

import community_standards as cs

sys.path.insert(0, os.fspath(Path(__file__).resolve().parent))
from bench_scoring import synthetic_documents


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--mixed", action="store_true", help="facts in other units than declared")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--tomllib", action="store_true", help="the library without the compiled tomli"
    )
    args = parser.parse_args()
    from community_standards.formats import io as _io

    if args.tomllib:
        sys.modules["tomli"] = None  # type: ignore[assignment]
        _io._toml.cache_clear()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    standard = cs.Registry(plugins=False, environment=False).get("tianjin-beautiful-community@2017")
    documents = synthetic_documents(standard, args.files, random.Random(args.seed), args.mixed)

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for n, document in enumerate(documents):
            path = Path(folder) / f"community-{n:06d}.toml"
            path.write_text(tomli_w.dumps(document), encoding="utf-8")
            paths.append(path)
        size = sum(path.stat().st_size for path in paths)
        for path in paths:  # into the page cache, for both measures alike
            path.read_bytes()
        gc.collect()

        started = time.process_time()
        for path in paths:
            with path.open("rb") as handle:
                tomllib.load(handle)
        baseline = time.process_time() - started

        started = time.process_time()
        passed = 0
        for path in paths:
            card = cs.score(standard, cs.load_evidence(path, standard))
            passed += card.passed
        ours = time.process_time() - started

    print(f"{args.files} distinct evidence files, {size / args.files:,.0f} bytes each on average")
    print(f"TOML parser used by the library: {_io.toml_parser()}")
    print(f"tomllib.load:           {args.files / baseline:10,.0f} files/s")
    print(f"load_evidence + score:  {args.files / ours:10,.0f} files/s ({passed} passed)")
    print(f"ratio: {ours / baseline:.2f} x a bare tomllib.load (target: at most 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
