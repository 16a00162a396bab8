"""A time- and memory-bounded fuzz job: generated TOML, JSON and workbooks in a jail.

The job runs in a process of its own with ``resource`` limits (address space and CPU
time) and a per-input alarm: whatever hypothesis generates, reading it (and scoring it
when it reads) must end with a result or the library's own error, each input within
:data:`PER_INPUT` seconds, and the whole job within its limits. Anything else escaping,
an input that takes too long, or the process being killed by its limits, fails the test.

The default run is small (``FUZZ_EXAMPLES``, default 25 per kind); a long run is
``FUZZ_EXAMPLES=2000 pytest tests/test_fuzz_bounded.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
#: Seconds one generated input may take to be read and scored.
PER_INPUT = 5
#: Address space of the job, in bytes.
MEMORY = 3 * 1024**3

_JOB = r"""
import io, json, os, random, resource, signal, sys, zipfile
resource.setrlimit(resource.RLIMIT_AS, (__MEMORY__, __MEMORY__))
resource.setrlimit(resource.RLIMIT_CPU, (__CPU__, __CPU__ + 5))
sys.path.insert(0, __HERE__)
import tomli_w
from hypothesis import HealthCheck, given, settings, strategies as st
import community_standards as cs
from community_standards.formats.evidence import read_evidence_document
from test_fuzz import documents, mutated, EVIDENCE_DOCUMENT, EVIDENCE_PATHS

class TooSlow(BaseException):
    pass

def alarm(signum, frame):
    raise TooSlow()

signal.signal(signal.SIGALRM, alarm)
tianjin = cs.Registry(plugins=False, environment=False).get("tianjin-beautiful-community@2017")
counts = {"inputs": 0, "errors": 0}

def bounded(call):
    counts["inputs"] += 1
    signal.alarm(__PER_INPUT__)
    try:
        call()
    except cs.CommunityStandardsError as error:
        assert error.problems and str(error).startswith(error.source)
        counts["errors"] += 1
    finally:
        signal.alarm(0)

def read_and_score(path):
    document = read_evidence_document(path)
    cs.score(tianjin, cs.evidence_from_dict(document, tianjin, path))

def as_file(name, data):
    path = os.path.join(__FOLDER__, name)
    with open(path, "wb") as stream:
        stream.write(data)
    return path

common = settings(max_examples=__EXAMPLES__, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))

@common
@given(documents | mutated(EVIDENCE_DOCUMENT, EVIDENCE_PATHS))
def toml_and_json(document):
    text = tomli_w.dumps(document)
    bounded(lambda: cs.loads_standard(text, "fuzz.toml"))
    bounded(lambda: read_and_score(as_file("fuzz.toml", text.encode())))
    shown = json.dumps(document, default=str)
    bounded(lambda: cs.loads_standard(shown, "fuzz.json", fmt="json"))
    bounded(lambda: read_and_score(as_file("fuzz.json", shown.encode())))

from community_standards.formats.workbook import evidence_workbook
import openpyxl
TEMPLATE = evidence_workbook(tianjin)
cells = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(),
                  st.text(max_size=30), st.sampled_from(["=1/0", "=A1", "TRUE", "是", "90 %", "1e999"]))

@common
@given(st.lists(st.tuples(st.integers(0, 80), st.integers(0, 10), cells), max_size=12),
       st.lists(st.tuples(st.integers(0, 20000), st.integers(0, 255)), max_size=4),
       st.booleans())
def workbooks(edits, flips, truncate):
    book = openpyxl.load_workbook(io.BytesIO(TEMPLATE))
    sheets = book.worksheets
    for row, column, value in edits:
        sheet = sheets[row % len(sheets)]
        try:
            sheet.cell(row=row + 1, column=column + 1).value = value
        except Exception:
            pass
    out = io.BytesIO()
    book.save(out)
    data = bytearray(out.getvalue())
    for offset, byte in flips:
        data[offset % len(data)] = byte
    if truncate:
        data = data[: len(data) // 2]
    bounded(lambda: read_and_score(as_file("fuzz.xlsx", bytes(data))))

@common
@given(st.binary(max_size=2000))
def arbitrary_bytes(data):
    for name in ("fuzz.toml", "fuzz.json", "fuzz.xlsx"):
        bounded(lambda: read_and_score(as_file(name, data)))

toml_and_json()
workbooks()
arbitrary_bytes()
print(json.dumps(counts))
"""


def test_generated_inputs_end_in_bounded_time_and_memory(tmp_path: Path) -> None:
    examples = int(os.environ.get("FUZZ_EXAMPLES", "25"))
    job = (
        _JOB.replace("__MEMORY__", str(MEMORY))
        .replace("__CPU__", str(60 + examples))
        .replace("__PER_INPUT__", str(PER_INPUT))
        .replace("__EXAMPLES__", str(examples))
        .replace("__HERE__", repr(os.fspath(HERE)))
        .replace("__FOLDER__", repr(os.fspath(tmp_path)))
    )
    env = {key: value for key, value in os.environ.items() if key != "COMMUNITY_STANDARDS_PATH"}
    run = subprocess.run(
        [sys.executable, "-c", job],
        capture_output=True,
        text=True,
        timeout=120 + examples * 3,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    counts = json.loads(run.stdout.splitlines()[-1])
    assert counts["inputs"] >= examples * 4
    assert 0 < counts["errors"] <= counts["inputs"]


@pytest.mark.parametrize("limit", ["memory", "time"])
def test_the_jail_holds(tmp_path: Path, limit: str) -> None:
    """The limits are real: a job that breaks them is stopped, and the test would see it."""
    job = (
        "import resource, signal\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY}, {MEMORY}))\n"
        "signal.signal(signal.SIGALRM, lambda *a: (_ for _ in ()).throw(SystemExit(9)))\n"
        "signal.alarm(1)\n"
        + ("x = bytearray(4 * 1024**3)\n" if limit == "memory" else "while True: pass\n")
    )
    run = subprocess.run(
        [sys.executable, "-c", job], capture_output=True, text=True, timeout=30, check=False
    )
    assert run.returncode != 0
    assert ("MemoryError" in run.stderr) if limit == "memory" else run.returncode == 9
