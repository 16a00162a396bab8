"""The library's errors: one sentence per problem, and values that travel (pickle, copy, pools)."""

from __future__ import annotations

import concurrent.futures
import copy
import pickle

import pytest

import community_standards as cs
from community_standards.model.errors import ProblemCollector

BROKEN = """
schema = 1
id = "broken"
version = "1"
title = { en = "Broken" }
total_points = 10
pass_mark = 20
[[categories]]
id = "only"
title = { en = "Only" }
points = 10
[[categories.indicators]]
id = "one"
number = "1"
text = { en = "One" }
points = 10
[[categories.indicators.checks]]
kind = "boolean"
fact = "missing"
"""


def load_broken() -> cs.Standard:
    return cs.loads_standard(BROKEN, "broken.toml")


def test_an_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"broken\.toml: pass_mark: the pass mark 20"):
        load_broken()


@pytest.mark.parametrize("kind", [cs.StandardError, cs.EvidenceError, cs.ResolutionError])
def test_errors_pickle_and_copy_with_every_problem(kind: type[cs.CommunityStandardsError]) -> None:
    error = kind("a.toml", [cs.Problem("facts.x", "bad"), cs.Problem("", "worse")])
    error.add_note("while reading the batch")
    for again in (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)):
        assert type(again) is kind
        assert (again.source, again.problems) == (error.source, error.problems)
        assert str(again) == "a.toml: facts.x: bad\na.toml: worse"
        assert again.__notes__ == ["while reading the batch"]


def test_an_error_crosses_a_process_pool() -> None:
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(load_broken)
        with pytest.raises(cs.StandardError) as caught:
            future.result(timeout=120)
    paths = [problem.path for problem in caught.value.problems]
    assert "pass_mark" in paths
    assert "categories[0].indicators[0].checks[0].fact" in paths
    assert caught.value.source == "broken.toml"


def test_problems_are_values() -> None:
    problem = cs.Problem("pass_mark", "too high")
    assert problem == cs.Problem("pass_mark", "too high") != cs.Problem("pass_mark", "too low")
    assert len({problem, cs.Problem("pass_mark", "too high")}) == 1
    assert pickle.loads(pickle.dumps(problem)) == problem
    assert str(problem) == "pass_mark: too high"
    assert str(cs.Problem("", "empty")) == "empty"


def test_the_collector_keeps_the_order_found_and_raises_once() -> None:
    found = ProblemCollector()
    found.raise_if_any(cs.StandardError, "none.toml")  # nothing found: nothing raised
    found.add("a", "first")
    with found.collecting():
        load_broken()
    found.extend([cs.Problem("z", "last")])
    with pytest.raises(cs.EvidenceError) as caught:
        found.raise_if_any(cs.EvidenceError, "x.toml")
    lines = caught.value.lines()
    assert lines[0] == "x.toml: a: first"
    assert lines[-1] == "x.toml: z: last"
    with pytest.raises(cs.StandardError) as alone:
        load_broken()
    assert len(lines) == 2 + len(alone.value.problems)
