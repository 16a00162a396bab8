"""The TOML format: loading, dumping, round trips and the errors of structure."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import community_standards as cs
from minimal import MINIMAL, document, standard, text


def test_load_minimal() -> None:
    std = cs.loads_standard(MINIMAL, "mini.toml")
    assert std.ref == "mini@1.0"
    assert std.categories[1].indicators[0].points == Decimal("2.5")
    check = std.categories[1].indicators[1].checks[0]
    assert isinstance(check, cs.RatioCheck)
    assert check.minimum == cs.Limit(value=Fraction(2, 3))
    threshold = std.categories[1].indicators[0].checks[0]
    assert isinstance(threshold, cs.ThresholdCheck)
    assert threshold.minimum == cs.Limit(value=Fraction(2), unit="hour")


def test_tianjin_round_trip_is_lossless_and_stable(tianjin: cs.Standard) -> None:
    dumped = cs.dumps_standard(tianjin)
    again = cs.loads_standard(dumped, "dumped.toml")
    assert again == tianjin
    assert cs.dumps_standard(again) == dumped


def test_json_round_trip(tianjin: cs.Standard) -> None:
    text_json = cs.standard_to_json(tianjin)
    data = json.loads(text_json)
    assert data["id"] == "tianjin-beautiful-community"
    assert cs.loads_standard(text_json, "t.json", fmt="json") == tianjin


def test_points_are_written_exactly() -> None:
    dumped = cs.dumps_standard(standard())
    assert "points = 2.5\n" in dumped
    assert "total_points = 10\n" in dumped
    assert 'minimum = "2/3"' in dumped


def test_load_standard_from_file(tmp_path: Path) -> None:
    path = tmp_path / "mini.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert cs.load_standard(path).id == "mini"


def _problems(data: dict[str, object]) -> list[str]:
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(text(data), "bad.toml")
    assert caught.value.source == "bad.toml"
    return [str(p) for p in caught.value.problems]


def test_unknown_key_with_did_you_mean() -> None:
    data = document()
    data["categories"][1]["indicators"][0]["pionts"] = 2
    problems = _problems(data)
    assert problems == [
        "categories[1].indicators[0].pionts: unknown key 'pionts'; did you mean 'points'?"
    ]


def test_unknown_top_level_key() -> None:
    assert _problems(document(pass_mrak=6)) == [
        "pass_mrak: unknown key 'pass_mrak'; did you mean 'pass_mark'?"
    ]


def test_missing_required_key() -> None:
    data = document()
    del data["categories"][0]["indicators"][0]["points"]
    assert _problems(data) == ["categories[0].indicators[0].points: required key is missing"]


def test_wrong_value_type_names_the_path() -> None:
    data = document()
    data["categories"][1]["indicators"][0]["checks"][0]["minimum"] = True
    [problem] = _problems(data)
    assert problem.startswith("categories[1].indicators[0].checks[0].minimum: expected a number")


def test_unknown_check_kind() -> None:
    data = document()
    data["categories"][0]["indicators"][0]["checks"][0]["kind"] = "bolean"
    [problem] = _problems(data)
    assert problem.startswith("categories[0].indicators[0].checks[0]: 'bolean' is not a check kind")
    assert "did you mean 'boolean'?" in problem


def test_bad_enum_value() -> None:
    [problem] = _problems(document(not_applicable="rescaled"))
    assert problem.startswith("not_applicable: 'rescaled' is not one of")
    assert "did you mean 'rescale'?" in problem


def test_nan_and_infinity_are_refused() -> None:
    data = document()
    data["categories"][0]["indicators"][0]["points"] = Decimal("NaN")
    assert _problems(data) == ["categories[0].indicators[0].points: NaN is not a finite number"]
    source = MINIMAL.replace('minimum = "2 hour"', "minimum = inf")
    with pytest.raises(
        cs.StandardError, match=r"checks\[0\]\.minimum: Infinity is not a finite number"
    ):
        cs.loads_standard(source, "inf.toml")


def test_syntax_error_names_the_file() -> None:
    with pytest.raises(cs.StandardError, match=r"^broken\.toml: not valid TOML"):
        cs.loads_standard("id = ", "broken.toml")


def test_every_problem_is_listed_at_once() -> None:
    data = document(pass_mrak=6)
    data["categories"][0]["indicators"][0]["pionts"] = 2
    assert len(_problems(data)) == 2


def test_derived_document_needs_a_registry() -> None:
    with pytest.raises(cs.StandardError, match="derived standard"):
        cs.standard_from_dict({"extends": "mini@1.0"}, "d.toml")


# The bundled standard's content hash, as 0.1 computed it: how checks are tagged and
# written (cattrs' tagged union, "kind" first) must not move it.
TIANJIN_SHA256 = "e8ed4820b6a5eec3d9d025c6d9c65b37d36b12e529b1a91f85cc76fae6877a7e"


def test_the_bundled_standard_hashes_as_before() -> None:
    from community_standards.scoring.evaluate import compile_standard

    standard = cs.Registry().get("tianjin-beautiful-community@2017")
    assert compile_standard(standard).stamp.sha256 == TIANJIN_SHA256
    first = cs.standard_to_dict(standard)["categories"][0]["indicators"][0]["checks"][0]
    assert next(iter(first)) == "kind"


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        ({"fact": "x"}, "a check needs a 'kind', one of 'boolean', 'threshold'"),
        ({"kind": "kind", "fact": "x"}, "'kind' is not a check kind; expected one of 'boolean'"),
        ({"kind": 3}, "3 is not a check kind; expected one of 'boolean'"),
        ({"kind": "bolean"}, "'bolean' is not a check kind; expected one of"),
        ("boolean", "expected a table with a 'kind', found a string"),
        (["boolean"], "expected a table with a 'kind', found an array"),
        (7, "expected a table with a 'kind', found a number"),
        ({"kind": ["boolean"]}, "expected a table"),
    ],
)
def test_a_check_without_a_known_kind_is_named_with_its_path(check: Any, expected: str) -> None:
    data = document()
    data["categories"][0]["indicators"][0]["checks"] = [check]
    [problem] = _problems(data)
    assert problem.startswith(f"categories[0].indicators[0].checks[0]: {expected}")


def test_a_nested_check_without_a_kind_is_named_with_its_path() -> None:
    data = document()
    data["categories"][0]["indicators"][0]["checks"] = [
        {"kind": "any_of", "checks": [{"kind": "boolean", "fact": "x"}, {"fact": "x"}]}
    ]
    [problem] = _problems(data)
    assert problem.startswith("categories[0].indicators[0].checks[0].checks[1]: a check needs")
