"""Evidence: checked against the standard's fact declarations and normalised once."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import community_standards as cs
from minimal import evidence, standard


def bad(facts: dict[str, Any], **extra: Any) -> list[str]:
    with pytest.raises(cs.EvidenceError) as caught:
        evidence(standard(), facts, **extra)
    assert caught.value.source == "c1.toml"
    return [str(problem) for problem in caught.value.problems]


def test_facts_are_normalised_to_the_declared_units() -> None:
    found = evidence(
        standard(), {"clean": True, "training": "90 minute", "consulted": "200 户", "affected": 300}
    )
    assert found.facts == {
        "clean": True,
        "training": Fraction(3, 2),
        "consulted": 200,
        "affected": 300,
    }


def test_decimal_and_fraction_numbers() -> None:
    found = evidence(standard(), {"training": Decimal("2.5"), "consulted": "1e2 household"})
    assert found.facts["training"] == Fraction(5, 2)
    assert found.facts["consulted"] == 100


def test_unknown_fact_with_did_you_mean() -> None:
    assert bad({"trainign": "2 hour"}) == [
        "facts.trainign: fact 'trainign' is not declared by mini@1.0; did you mean 'training'?"
    ]


def test_wrong_type() -> None:
    assert bad({"clean": "yes"}) == [
        "facts.clean: fact 'clean' is yes/no; expected true or false, found a string"
    ]
    assert bad({"training": True}) == [
        "facts.training: fact 'training' is a number; found a boolean"
    ]


def test_wrong_dimension_names_the_fact_and_both_units() -> None:
    [problem] = bad({"training": "2 household"})
    assert problem.startswith("facts.training: fact 'training' is declared in 'hour';")
    assert "'household'" in problem
    assert "cannot be converted to 'hour'" in problem


def test_negative_count() -> None:
    assert bad({"consulted": -3}) == [
        "facts.consulted: fact 'consulted' is a count and cannot be negative (-3)"
    ]


def test_count_must_be_whole() -> None:
    [problem] = bad({"consulted": "2.5 household"})
    assert "is not whole" in problem


def test_a_zero_denominator_is_evidence_like_any_other() -> None:
    found = evidence(standard(), {"consulted": 0, "affected": 0})
    assert found.facts["affected"] == 0


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), "inf hour", "nan"])
def test_nan_and_infinity(value: object) -> None:
    [problem] = bad({"training": value})
    assert problem.startswith("facts.training: fact 'training':")


def test_above_the_largest_possible_value(tianjin: cs.Standard) -> None:
    data = {"community": {"id": "x", "name": "x"}, "facts": {"service_satisfaction_rate": "150 %"}}
    with pytest.raises(cs.EvidenceError) as caught:
        cs.evidence_from_dict(data, tianjin, "x.toml")
    [problem] = caught.value.problems
    assert problem.path == "facts.service_satisfaction_rate"
    assert "above its largest possible value 1 (100 %)" in problem.message


def test_percent_and_fraction_are_the_same(tianjin: cs.Standard) -> None:
    def rate(value: object) -> object:
        data = {
            "community": {"id": "x", "name": "x"},
            "facts": {"service_satisfaction_rate": value},
        }
        return cs.evidence_from_dict(data, tianjin).facts["service_satisfaction_rate"]

    assert rate("85 %") == rate("0.85") == rate(Decimal("0.85")) == Fraction(17, 20)


def test_judgement_for_an_unknown_indicator() -> None:
    [problem] = bad({}, judgements={"clean-aera": {"result": "met"}})
    assert (
        problem
        == "judgements.clean-aera: indicator 'clean-aera' is not in mini@1.0; did you mean 'clean-area'?"
    )


def test_judgement_needs_an_assessed_check() -> None:
    [problem] = bad({}, judgements={"clean-area": {"result": "met"}})
    assert problem == "judgements.clean-area: indicator 'clean-area' has no assessed check to judge"


def test_not_applicable_forbidden() -> None:
    [problem] = bad({}, not_applicable={"clean-area": "no open space"})
    assert (
        problem
        == "not_applicable.clean-area: mini@1.0 does not allow indicators to be not applicable"
    )


def test_community_is_required() -> None:
    with pytest.raises(cs.EvidenceError) as caught:
        cs.evidence_from_dict({"facts": {}}, standard(), "e.toml")
    assert [str(p) for p in caught.value.problems] == ["community: required key is missing"]


def test_missing_fact_is_not_an_error_unless_strict() -> None:
    std = standard()
    assert evidence(std, {"clean": True}).facts == {"clean": True}
    with pytest.raises(cs.EvidenceError) as caught:
        cs.evidence_from_dict(
            {"community": {"id": "c", "name": "c"}, "facts": {"clean": True}},
            std,
            "e.toml",
            strict=True,
        )
    assert {p.path for p in caught.value.problems} == {
        "facts.training",
        "facts.consulted",
        "facts.affected",
    }


def test_evidence_round_trip(tmp_path: Path) -> None:
    import tomli_w

    std = standard()
    first = evidence(
        std, {"clean": True, "training": "90 minute", "consulted": 200, "affected": 300}
    )
    path = tmp_path / "e.toml"
    path.write_text(tomli_w.dumps(cs.evidence_to_dict(first, std)), encoding="utf-8")
    again = cs.load_evidence(path, std)
    assert again == first
