"""Each consistency rule of a standard, with the path and sentence it reports."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

import community_standards as cs
from minimal import document, text


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(text(data), "bad.toml")
    return [str(problem) for problem in caught.value.problems]


def test_minimal_is_valid() -> None:
    assert cs.standard_problems(cs.loads_standard(text(document()), "ok.toml")) == []


def test_category_points_must_equal_its_indicators() -> None:
    data = document()
    data["categories"][1]["indicators"][0]["points"] = 3
    assert problems(data) == [
        "categories[1].points: category 'governance' is worth 6 points but its indicators add up to 6.5"
    ]


def test_categories_must_add_up_to_the_total() -> None:
    assert problems(document(total_points=12)) == [
        "total_points: the total is 12 points but the categories add up to 10"
    ]


def test_duplicate_ids() -> None:
    data = document()
    data["categories"][1]["indicators"][1]["id"] = "training-hours"
    data["categories"][1]["id"] = "environment"
    found = problems(data)
    assert "categories[1]: duplicate category id 'environment'" in found
    assert any(
        p.startswith(
            "categories[1].indicators[1].id: indicator id 'training-hours' is already used"
        )
        for p in found
    )


def test_duplicate_fact_keys() -> None:
    data = document()
    data["facts"].append(dict(data["facts"][0]))
    assert "facts[4]: duplicate fact key 'clean'" in problems(data)


def test_check_must_use_a_declared_fact() -> None:
    data = document()
    data["categories"][0]["indicators"][0]["checks"][0]["fact"] = "claen"
    found = problems(data)
    assert (
        "categories[0].indicators[0].checks[0].fact: fact 'claen' is not declared in [[facts]]; did you mean 'clean'?"
        in found
    )


def test_check_kind_must_fit_the_fact() -> None:
    data = document()
    data["categories"][0]["indicators"][0]["checks"][0]["fact"] = "training"
    assert (
        "categories[0].indicators[0].checks[0].fact: fact 'training' is a quantity, not a boolean"
        in problems(data)
    )


def test_unknown_unit() -> None:
    data = document()
    data["facts"][1]["unit"] = "hourz"
    found = problems(data)
    assert "facts[1].unit: unknown unit 'hourz'" in found


def test_limit_in_the_wrong_dimension() -> None:
    data = document()
    data["categories"][1]["indicators"][0]["checks"][0]["minimum"] = "2 household"
    [problem] = problems(data)
    assert problem.startswith("categories[1].indicators[0].checks[0].minimum: 'household'")
    assert "'hour'" in problem
    assert "cannot be converted" in problem


def test_class_period_is_not_an_hour() -> None:
    data = document()
    data["categories"][1]["indicators"][0]["checks"][0]["minimum"] = "2 学时"
    [problem] = problems(data)
    assert "cannot be converted" in problem


def test_limit_in_another_unit_of_the_same_dimension_is_fine() -> None:
    data = document()
    data["categories"][1]["indicators"][0]["checks"][0]["minimum"] = "120 minute"
    std = cs.loads_standard(text(data), "ok.toml")
    assert std.categories[1].indicators[0].checks[0] == cs.ThresholdCheck(
        fact="training", minimum=cs.Limit(value=Fraction(120), unit="minute")
    )


def test_minimum_above_maximum() -> None:
    data = document()
    data["categories"][1]["indicators"][0]["checks"][0]["maximum"] = "60 minute"
    assert problems(data) == [
        "categories[1].indicators[0].checks[0].maximum: the maximum is below the minimum"
    ]


def test_threshold_needs_a_bound() -> None:
    data = document()
    del data["categories"][1]["indicators"][0]["checks"][0]["minimum"]
    assert problems(data) == [
        "categories[1].indicators[0].checks[0]: a threshold needs a bound: minimum, more_than, "
        "maximum or less_than"
    ]


def test_frequency_needs_a_rate() -> None:
    data = document()
    data["categories"][1]["indicators"][0]["checks"][0]["kind"] = "frequency"
    assert (
        "categories[1].indicators[0].checks[0].fact: a frequency needs a fact per unit of time, and 'training' is in 'hour'"
        in problems(data)
    )


def test_tiers_must_rise() -> None:
    tiers = [
        {"id": "gold", "title": {"en": "Gold"}, "minimum": 8},
        {"id": "silver", "title": {"en": "Silver"}, "minimum": 7},
    ]
    assert problems(document(tiers=tiers)) == [
        "tiers[1].minimum: tiers must be in rising order: 7 is not above 8"
    ]


def test_weights_only_when_weighted() -> None:
    data = document()
    data["categories"][0]["weight"] = 50
    assert problems(data) == [
        'categories[0].weight: weights apply only when aggregation = "weighted"'
    ]
    data = document(aggregation="weighted")
    data["categories"][0]["weight"] = 4
    found = problems(data)
    assert "categories[1].weight: a weighted standard needs a weight for every category" in found


def test_weights_add_up_to_the_total() -> None:
    data = document(aggregation="weighted")
    data["categories"][0]["weight"] = 5
    data["categories"][1]["weight"] = 6
    assert problems(data) == ["categories: the category weights add up to 11, not the total 10"]


def test_not_applicable_forbidden_by_policy() -> None:
    data = document()
    data["categories"][0]["indicators"][0]["not_applicable"] = True
    assert problems(data) == [
        'categories[0].indicators[0].not_applicable: the standard\'s policy is not_applicable = "forbidden"'
    ]


def test_pass_mark_within_reach() -> None:
    assert problems(document(pass_mark=11)) == [
        "pass_mark: the pass mark 11 is above the most a community can score (10)"
    ]


def test_negative_points() -> None:
    data = document()
    data["categories"][0]["indicators"][0]["points"] = -4
    data["categories"][0]["points"] = -4
    data["total_points"] = 2
    found = problems(data)
    assert "categories[0].indicators[0].points: points cannot be negative" in found


def test_unused_fact() -> None:
    data = document()
    data["facts"].append({"key": "spare", "kind": "boolean", "description": {"en": "unused"}})
    assert problems(data) == ["facts[4]: fact 'spare' is declared but no check uses it"]


def test_one_assessed_check_per_indicator() -> None:
    data = document()
    data["categories"][0]["indicators"][0]["checks"] += [
        {"kind": "assessed", "label": {"en": "tidy"}},
        {"kind": "assessed", "label": {"en": "pleasant"}},
    ]
    assert problems(data) == [
        "categories[0].indicators[0].checks[2]: an indicator has at most one assessed check"
    ]


def test_deductions_need_the_deduction_award() -> None:
    data = document()
    data["facts"].append({"key": "incidents", "kind": "count", "description": {"en": "incidents"}})
    data["categories"][0]["indicators"][0]["deductions"] = [{"fact": "incidents", "points": 1}]
    assert problems(data) == [
        'categories[0].indicators[0].award: deductions need award = "deduction"'
    ]


def test_undeclared_department() -> None:
    data = document()
    data["categories"][0]["indicators"][0]["departments"] = ["housing"]
    assert problems(data) == [
        "categories[0].indicators[0].departments[0]: department 'housing' is not declared"
    ]


def test_validate_standard_api_raises_with_source() -> None:
    std = cs.loads_standard(text(document()), "ok.toml")
    import attrs

    broken = attrs.evolve(std, total_points=std.total_points + 1)
    with pytest.raises(cs.StandardError) as caught:
        cs.validate_standard(broken, "built-in-python")
    assert caught.value.source == "built-in-python"
    assert caught.value.path == "total_points"


def test_a_suggestion_is_not_made_from_a_shared_ending_alone() -> None:
    from community_standards.model.suggest import did_you_mean

    known = ["tianjin-beautiful-community", "pingan-community", "grid-management"]
    assert did_you_mean("wenming-community", known) == ""
    assert did_you_mean("hexi-community", known) == ""
    assert did_you_mean("grid-workers", known) == ""
    assert did_you_mean("pingan-comunity", known) == "; did you mean 'pingan-community'?"
    assert did_you_mean("grid-managment", known) == "; did you mean 'grid-management'?"
    assert did_you_mean("househods", ["households"]) == "; did you mean 'households'?"
