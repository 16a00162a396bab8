"""Shared test configuration: hypothesis profiles and common fixtures.

Profiles: ``ci`` (fast and derandomised: the same examples every run, the default),
``random`` (as fast, but new examples each run, and the failures found are kept in the
example database under ``.hypothesis/`` and tried first next time), ``dev`` and
``thorough`` (up to 3,000 examples a test), chosen with the ``HYPOTHESIS_PROFILE``
environment variable.

The thorough profile is meant to run nightly: each property test gets a time budget
(``HYPOTHESIS_BUDGET`` seconds, default :data:`THOROUGH_BUDGET`) after which it stops
generating examples, and the examples come from a seed that changes each day (the date,
``YYYYMMDD``; ``HYPOTHESIS_SEED`` fixes it), printed in the header of the run so that a
night's failure can be run again. The tests that reached their budget are listed at the
end, with the number of examples each ran.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, is_hypothesis_test, settings
from hypothesis.database import DirectoryBasedExampleDatabase
from hypothesis.errors import HypothesisException

import community_standards as cs

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "random",
    max_examples=40,
    deadline=None,
    derandomize=False,
    database=DirectoryBasedExampleDatabase(Path(__file__).resolve().parent.parent / ".hypothesis"),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.register_profile(
    "thorough",
    max_examples=3000,
    deadline=None,
    database=None,  # the seed alone says which examples run: a failure is found again
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)

#: Seconds each property test may spend generating examples in the thorough profile
#: (``HYPOTHESIS_BUDGET`` overrides it, in any profile).
THOROUGH_BUDGET = 10.0


def _budget() -> float | None:
    given = os.environ.get("HYPOTHESIS_BUDGET")
    if given:
        return float(given)
    return THOROUGH_BUDGET if PROFILE == "thorough" else None


def _seed() -> int | None:
    """``HYPOTHESIS_SEED``, else in the thorough profile the date (UTC) as ``YYYYMMDD``:
    a new seed each day, the same all day, so a night's failure is found again by day."""
    given = os.environ.get("HYPOTHESIS_SEED")
    if given:
        return int(given)
    if PROFILE == "thorough":
        return int(datetime.datetime.now(datetime.UTC).strftime("%Y%m%d"))
    return None


BUDGET = _budget()
_STOPPED: list[tuple[str, int]] = []


class _BudgetSpent(BaseException):
    """A property test used up its time budget (not a failure: every example run passed)."""


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Give hypothesis the seed of the rotation, unless one is given with --hypothesis-seed."""
    seed = _seed()
    if seed is not None and config.getoption("hypothesis_seed", None) is None:
        config.option.hypothesis_seed = str(seed)


def pytest_report_header(config: pytest.Config) -> str:
    seed = config.getoption("hypothesis_seed", None)
    budget = f"{BUDGET:g} s per property test" if BUDGET is not None else "none"
    shown = f"{seed} (HYPOTHESIS_SEED={seed} to run the same examples again)" if seed else "none"
    return f"hypothesis: profile {PROFILE}, seed {shown}, time budget {budget}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """In a budget: stop a property test's search for examples once its time is spent.

    The clock is looked at after each example that passed; past the budget the test
    ends, passed, having run every example so far without a failure. Once an example
    has failed, the clock is not looked at again: the failure is shrunk and reported in
    full, as without a budget.
    """
    test = getattr(item, "obj", None)
    if BUDGET is None or not is_hypothesis_test(test):
        return (yield)
    assert test is not None
    inner = test.hypothesis.inner_test
    started = time.monotonic()
    state = {"examples": 0, "failed": False}

    def within_budget(*args: Any, **kwargs: Any) -> Any:
        try:
            result = inner(*args, **kwargs)
        except Exception as error:
            if not isinstance(error, HypothesisException):  # assume() is not a failure
                state["failed"] = True
            raise
        state["examples"] += 1
        # looked at once the example has drawn all it draws (st.data() draws in the test;
        # ending an example before its draws would make hypothesis see a flaky strategy)
        if not state["failed"] and time.monotonic() - started > BUDGET:
            raise _BudgetSpent
        return result

    test.hypothesis.inner_test = within_budget
    try:
        return (yield)
    except _BudgetSpent:
        _STOPPED.append((item.nodeid, int(state["examples"])))
        return None
    finally:
        test.hypothesis.inner_test = inner


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """The tests that reached their budget, and the seed again (the header is not shown
    with ``-q``)."""
    seed = config.getoption("hypothesis_seed", None)
    if not (_STOPPED or (seed and BUDGET is not None)):
        return
    terminalreporter.section("hypothesis time budget")
    for nodeid, examples in _STOPPED:
        terminalreporter.write_line(f"{nodeid}: stopped at {BUDGET:g} s, {examples} examples")
    if seed:
        terminalreporter.write_line(
            f"seed {seed}: HYPOTHESIS_SEED={seed} runs these examples again"
        )


ROOT = Path(__file__).resolve().parent.parent

#: CPU seconds a hang guard's process may use: far above a linear run (a second or two,
#: the interpreter's start included), far below the quadratic paths they guard (20-80 s).
GUARD_CPU = 10
#: Address space a hang guard's process may use, in bytes.
GUARD_MEMORY = 2 * 1024**3

_BOUNDED = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu} + 2))
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
sys.path.insert(0, {tests!r})
ARGS = json.loads(sys.argv[1])
{job}
used = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"result": result, "cpu": used.ru_utime + used.ru_stime}}))
"""


def bounded(job: str, *, cpu: int = GUARD_CPU, memory: int = GUARD_MEMORY, **args: Any) -> Any:
    """Run ``job`` (Python that sets ``result`` to something JSON can write) in a process
    of its own, limited to ``cpu`` seconds of CPU time and ``memory`` bytes; return ``result``.

    The job sees ``ARGS`` (the keyword arguments) and can import the test modules. Going
    over a limit fails the test, saying which: CPU time, not the time on the clock, so a
    busy machine does not make a guard fail, and a path slower than linear still does.
    A job that blocks without using the CPU (reading a FIFO) ends at a generous timeout.
    """
    source = _BOUNDED.format(
        cpu=cpu, memory=memory, tests=os.fspath(ROOT / "tests"), job=textwrap.dedent(job)
    )
    env = {key: value for key, value in os.environ.items() if key != cs.ENV_VAR}
    try:
        run = subprocess.run(
            [sys.executable, "-c", source, json.dumps(args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
            timeout=cpu * 10 + 60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the job did not end (blocked?) within {cpu * 10 + 60} s")
    if run.returncode == -signal.SIGXCPU:
        pytest.fail(f"the job used more than {cpu} s of CPU time: a path slower than linear?")
    if "MemoryError" in run.stderr:
        pytest.fail(f"the job needed more than {memory:,} bytes of memory")
    assert run.returncode == 0, run.stderr[-3000:]
    answer = json.loads(run.stdout.splitlines()[-1])
    log = os.environ.get("GUARD_CPU_LOG")  # where to note the CPU time each job used
    if log:
        with open(log, "a", encoding="utf-8") as stream:
            test = os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" ", 1)[0]
            stream.write(f"{answer['cpu']:.2f}\t{test}\n")
    return answer["result"]


EXAMPLES = ROOT / "examples"
SEED = ROOT.parent / "shared" / "seeds" / "000_54bed9722306b65d.txt"


@pytest.fixture(scope="session")
def tianjin() -> cs.Standard:
    """The bundled Tianjin 2017 standard."""
    return cs.Registry(plugins=False, environment=False).get("tianjin-beautiful-community@2017")


@contextlib.contextmanager
def writing_the_way(way: str) -> Iterator[None]:
    """Within: files are written the ``way`` named, ``"unnamed"`` (the Linux ``O_TMPFILE``
    way, where the system has it) or ``"portable"`` (a system without ``O_TMPFILE``)."""
    saved = getattr(os, "O_TMPFILE", None)
    if way == "portable" and saved is not None:
        delattr(os, "O_TMPFILE")
    try:
        yield
    finally:
        if saved is not None:
            setattr(os, "O_TMPFILE", saved)  # noqa: B010 - a final name for mypy


WAYS = ["unnamed", "portable"] if hasattr(os, "O_TMPFILE") else ["portable"]


@pytest.fixture(params=WAYS)
def write_way(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each test of writing twice: the temporary file without a name, and the portable way."""
    with writing_the_way(str(request.param)):
        yield str(request.param)


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the library's defaults, whatever language the machine running them uses."""
    for name in ("COMMUNITY_STANDARDS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
