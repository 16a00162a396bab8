"""The thorough profile's time budget and seed rotation (``tests/conftest.py``).

Each case runs pytest on a small test file in a process of its own, with the project's
own ``conftest.py``: a property test stops at its budget and passes; a failure found
before the budget is still shrunk and reported in full after it; the seed is the date
unless given, and printed.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = (Path(__file__).resolve().parent / "conftest.py").read_text(encoding="utf-8")

SLOW = """
import time
from hypothesis import given, settings, strategies as st

@settings(max_examples=100_000)
@given(st.integers())
def test_slow(x):
    time.sleep(0.01)

@settings(max_examples=100_000)
@given(st.data())
def test_drawing(data):
    for _ in range(data.draw(st.integers(0, 5))):
        data.draw(st.lists(st.integers(), max_size=3))
    time.sleep(0.005)
"""

# passes its first examples quickly, then each example takes 0.3 s: the budget of 1 s
# is spent while the failure found early is being shrunk
FAILING = """
import time
from hypothesis import given, settings, strategies as st

calls = []

@settings(max_examples=100_000)
@given(st.integers(0, 10**6))
def test_fails(x):
    calls.append(x)
    if len(calls) > 3:
        time.sleep(0.3)
    assert x < 1000
"""


@pytest.fixture
def thorough(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("HYPOTHESIS_PROFILE", "thorough")
    monkeypatch.setenv("HYPOTHESIS_BUDGET", "1")
    monkeypatch.delenv("HYPOTHESIS_SEED", raising=False)
    pytester.makeconftest(CONFTEST)
    return pytester


def test_a_property_test_stops_at_its_budget_and_passes(thorough: pytest.Pytester) -> None:
    thorough.makepyfile(SLOW)
    result = thorough.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        ["hypothesis: profile thorough, seed *, time budget 1 s per property test"]
    )
    result.stdout.fnmatch_lines(["*::test_slow: stopped at 1 s, * examples"])
    result.stdout.fnmatch_lines(["*::test_drawing: stopped at 1 s, * examples"])
    quiet = thorough.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    quiet.stdout.fnmatch_lines(["seed *: HYPOTHESIS_SEED=* runs these examples again"])
    for line in result.stdout.lines:
        if "::test_slow: stopped at 1 s, " in line:
            examples = int(line.rsplit("stopped at 1 s, ", 1)[1].split()[0])
    # at least 0.01 s each: about a second's worth, far from the 100,000 allowed
    assert 5 < examples <= 110


def test_a_failure_found_in_time_is_shrunk_and_reported_past_the_budget(
    thorough: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HYPOTHESIS_SEED", "1")
    thorough.makepyfile(FAILING)
    result = thorough.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*test_fails(*", "*x=1000*"])  # shrunk to the least
    assert "stopped at" not in result.stdout.str()


def test_the_seed_is_the_date_unless_given(
    thorough: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    thorough.makepyfile("def test_nothing():\n    pass\n")
    today = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d")
    result = thorough.runpytest_subprocess("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines([f"hypothesis: profile thorough, seed {today} *"])
    monkeypatch.setenv("HYPOTHESIS_SEED", "4242")
    result = thorough.runpytest_subprocess("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["hypothesis: profile thorough, seed 4242 (HYPOTHESIS_SEED=4242 *"])
    result = thorough.runpytest_subprocess("-p", "no:cacheprovider", "--hypothesis-seed=7")
    result.stdout.fnmatch_lines(["hypothesis: profile thorough, seed 7 *"])


def test_the_same_seed_runs_the_same_examples(
    thorough: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HYPOTHESIS_SEED", "99")
    monkeypatch.setenv("HYPOTHESIS_BUDGET", "60")
    thorough.makepyfile(
        """
from hypothesis import given, settings, strategies as st

@settings(max_examples=20)
@given(st.integers())
def test_record(x):
    print("EXAMPLE", x)
"""
    )
    runs = [
        [line for line in thorough.runpytest_subprocess("-s").outlines if "EXAMPLE" in line]
        for _ in range(2)
    ]
    assert len(runs[0]) >= 20
    assert runs[0] == runs[1]
