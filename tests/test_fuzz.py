"""Fuzzing the loaders: whatever the input, only the library's own errors come out.

Arbitrary TOML documents (nested tables, arrays and scalars written with tomli_w),
mutations of the real Tianjin standard and of a real evidence file (keys deleted or
misspelled, values of other types), and arbitrary bytes are fed to ``loads_standard``,
``loads_evidence`` and ``parse_document``. Anything but a
:class:`~community_standards.CommunityStandardsError` escaping is a failure.
"""

from __future__ import annotations

import copy
import datetime
import json
import tomllib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

import community_standards as cs
from community_standards.formats.io import parse_document

HERE = Path(__file__).resolve().parent
TIANJIN_FILE = HERE.parent / "standards" / "tianjin_2017.toml"
TIANJIN_DOCUMENT = tomllib.loads(TIANJIN_FILE.read_text(encoding="utf-8"), parse_float=Decimal)

# Words the loaders know, so that generated documents get past the first key.
KEYS = (
    "schema", "id", "version", "title", "zh", "en", "total_points", "pass_mark", "categories",
    "indicators", "checks", "kind", "fact", "facts", "key", "unit", "points", "minimum",
    "maximum", "numerator", "denominator", "award", "role", "bonus", "tiers", "weight",
    "aggregation", "not_applicable", "not_applicable_when", "deductions", "community", "name",
    "judgements", "result", "standard", "extends", "households", "roads", "party_org_sound",
    "leader_training", "resident_population", "description", "issued", "assessed_on",
)  # fmt: skip
WORDS = (
    "threshold", "boolean", "ratio", "frequency", "all_of", "any_of", "assessed", "count",
    "quantity", "met", "partly_met", "not_met", "weighted", "rescale", "zero", "forbidden",
    "deduction", "proportional", "veto", "prerequisite", "3 person", "56 学时", "2 / year",
    "90 %", "1/0", "2/3", "nan", "-inf", "1e999999", "1e99999999 hour", "9**9**9 person",
    "person/household", "tianjin-beautiful-community@2017", "__import__('os')", "",
)  # fmt: skip

keys = st.sampled_from(KEYS) | st.text(max_size=8)
scalars = st.one_of(
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
    st.decimals(allow_nan=False, allow_infinity=False, places=None),
    st.sampled_from(WORDS),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(),
    st.times(),
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=25,
)
documents = st.dictionaries(keys, values, max_size=8)


def only_library_errors(call: Callable[[], object]) -> None:
    """Run ``call``; a CommunityStandardsError is fine, any other exception is not."""
    error: cs.CommunityStandardsError | None = None
    try:
        call()
    except cs.CommunityStandardsError as caught:
        error = caught
    if error is not None:
        assert error.problems
        assert str(error).startswith(error.source)


def feed(text: str | bytes, tianjin: cs.Standard) -> None:
    only_library_errors(lambda: cs.loads_standard(text, "fuzz.toml"))
    only_library_errors(lambda: cs.loads_evidence(text, tianjin, "fuzz.toml"))
    only_library_errors(lambda: parse_document(text, "fuzz.toml", cs.StandardError))
    only_library_errors(lambda: parse_document(text, "fuzz.json", cs.EvidenceError, "json"))
    only_library_errors(lambda: cs.loads_standard(text, "fuzz.json", fmt="json"))


@given(documents)
def test_arbitrary_toml_documents(tianjin: cs.Standard, document: dict[str, Any]) -> None:
    text = tomli_w.dumps(document)
    feed(text, tianjin)
    # the parsed form straight into the builders too
    only_library_errors(lambda: cs.standard_from_dict(document, "fuzz"))
    only_library_errors(lambda: cs.evidence_from_dict(document, tianjin, "fuzz"))


@given(st.binary(max_size=300))
def test_arbitrary_bytes(tianjin: cs.Standard, data: bytes) -> None:
    feed(data, tianjin)


@given(st.text(alphabet="[]{}=\"'.,#\n\r\t :-+_/0123456789eEnaifstrux\\", max_size=120))
def test_arbitrary_toml_like_text(tianjin: cs.Standard, text: str) -> None:
    feed(text, tianjin)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(node, dict):
        for key, child in node.items():
            found.extend(_paths(child, (*path, key)))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found.extend(_paths(child, (*path, index)))
    return found


TIANJIN_PATHS = _paths(TIANJIN_DOCUMENT)


def _other_type(value: Any) -> list[Any]:
    """Values of other types standing for ``value``."""
    return [
        str(value),
        [value],
        {"value": value},
        0,
        -1,
        Decimal("0.5"),
        True,
        "",
        datetime.date(2017, 3, 17),
        None,  # deleted
    ]


@st.composite
def mutated(
    draw: st.DrawFn, document: dict[str, Any], paths: list[tuple[Any, ...]]
) -> dict[str, Any]:
    """``document`` with one to three values deleted, retyped, replaced or renamed."""
    result = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths))
        parent: Any = result
        try:
            for step in path[:-1]:
                parent = parent[step]
            current = parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed it
        action = draw(st.sampled_from(("retype", "replace", "rename", "delete")))
        last = path[-1]
        if action == "delete" or (action == "rename" and not isinstance(parent, dict)):
            del parent[last]
        elif action == "rename":
            new = draw(st.sampled_from((f"{last}s", str(last)[:-1], str(last).upper(), "kind")))
            parent[new] = parent.pop(last)
        elif action == "retype":
            choice = draw(st.sampled_from(_other_type(current)))
            if choice is None:
                del parent[last]
            else:
                parent[last] = choice
        else:
            parent[last] = draw(values)
    return result


@given(mutated(TIANJIN_DOCUMENT, TIANJIN_PATHS))
def test_mutations_of_the_tianjin_standard(tianjin: cs.Standard, document: dict[str, Any]) -> None:
    only_library_errors(lambda: cs.loads_standard(tomli_w.dumps(document), "tianjin-mutant.toml"))
    only_library_errors(lambda: cs.standard_from_dict(document, "tianjin-mutant"))
    as_json = json.dumps(document, default=str)
    only_library_errors(lambda: cs.loads_standard(as_json, "tianjin-mutant.json", fmt="json"))


EVIDENCE_DOCUMENT: dict[str, Any] = {
    "standard": "tianjin-beautiful-community@2017",
    "community": {"id": "c1", "name": "测试社区", "assessed_on": datetime.date(2024, 6, 18)},
    "facts": {
        "households": "4200 household",
        "resident_population": "11800 person",
        "residents_representatives": 62,
        "party_org_sound": True,
        "residents_congress_meetings_per_half_year": "1 / half_year",
        "worker_appraisal_satisfaction_rate": "78 %",
        "leader_training": "56 学时",
        "grid_workers": 10,
        "affected_households": 300,
        "households_consulted": 200,
    },
    "judgements": {
        "roads": {"result": "partly_met", "note": "见记录"},
        "residents-representative-meeting": {"points": Decimal("2.5")},
    },
}
EVIDENCE_PATHS = _paths(EVIDENCE_DOCUMENT)


@given(mutated(EVIDENCE_DOCUMENT, EVIDENCE_PATHS))
def test_mutations_of_evidence(tianjin: cs.Standard, document: dict[str, Any]) -> None:
    only_library_errors(lambda: cs.loads_evidence(tomli_w.dumps(document), tianjin, "mutant.toml"))
    only_library_errors(lambda: cs.evidence_from_dict(document, tianjin, "mutant"))
    only_library_errors(lambda: cs.evidence_from_dict(document, tianjin, "mutant", strict=True))


amounts = st.one_of(
    st.sampled_from(WORDS),
    st.builds(
        "{} {}".format,
        st.sampled_from(("0", "1", "-1", "2.5", "1/3", "1e3", "1_000", "+7", ".5", "3/0")),
        st.sampled_from(
            (
                "person",
                "人",
                "hour",
                "minute",
                "%",
                "percent",
                "1/year",
                "/ half_year",
                "学时",
                "class_period",
                "household",
                "m**2",
                "m²",
                "degC",
                "year**-1",
                "(",
                "1/0",
                "person/household",
                "**",
                "9**9",
                "",
                "dimensionless",
                "kelvin",
                "µs",
            )
        ),
    ),
    st.text(max_size=12),
)


@given(
    st.dictionaries(
        st.sampled_from(
            [
                f.key
                for f in cs.Registry(plugins=False, environment=False)
                .get("tianjin-beautiful-community@2017")
                .facts
            ]
        ),
        amounts | scalars,
        max_size=6,
    )
)
def test_arbitrary_fact_values(tianjin: cs.Standard, facts: dict[str, Any]) -> None:
    document = {"community": {"id": "c1", "name": "x"}, "facts": facts}
    only_library_errors(lambda: cs.evidence_from_dict(document, tianjin, "facts"))
    try:
        evidence = cs.evidence_from_dict(document, tianjin, "facts")
    except cs.EvidenceError:
        return
    card = cs.score(tianjin, evidence)
    assert 0 <= card.total <= 100


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 100_000,
        "a = " + "{ b = " * 5_000,
        "a" + ".b" * 50_000 + " = 1",
        '"' * 100_000,
        "[" * 10_000 + "]" * 10_000,
        "x = 1e999999999",
        "x = " + "9" * 5_000,
    ],
    ids=["open-arrays", "open-tables", "dotted-keys", "quotes", "headers", "exponent", "digits"],
)
def test_pathological_text(tianjin: cs.Standard, text: str) -> None:
    feed(text, tianjin)
    feed(json.dumps({"facts": {"households": text[:1000]}}), tianjin)
