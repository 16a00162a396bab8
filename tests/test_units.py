"""Units: exact conversion factors, the domain's own units, and wrong dimensions."""

from __future__ import annotations

import sys
from fractions import Fraction

import pytest

from community_standards.units import convert as _units
from community_standards.units.convert import (
    UnitProblem,
    conversion_factor,
    normalise_unit,
    split_amount,
    validate_unit,
)


@pytest.mark.parametrize(
    ("source", "target", "factor"),
    [
        ("minute", "hour", Fraction(1, 60)),
        ("hour", "minute", Fraction(60)),
        ("%", "", Fraction(1, 100)),
        ("percent", "dimensionless", Fraction(1, 100)),
        ("1/half_year", "1/year", Fraction(2)),
        ("1/quarter_year", "1/year", Fraction(4)),
        ("学时", "class_period", Fraction(1)),
        ("课时", "class_period", Fraction(1)),
        ("户", "household", Fraction(1)),
        ("kilohousehold", "household", Fraction(1000)),
        ("1/季度", "1/year", Fraction(4)),
        ("foot**2", "meter**2", Fraction(145161, 1562500)),
    ],
)
def test_factors_are_exact(source: str, target: str, factor: Fraction) -> None:
    assert conversion_factor(source, target) == factor


def test_class_period_is_not_an_hour() -> None:
    with pytest.raises(
        UnitProblem,
        match=r"'class_period' \(\[class_period\]\) cannot be converted to 'hour' \(\[time\]\)",
    ):
        conversion_factor("学时", "hour")


def test_wrong_dimension_names_both_units() -> None:
    with pytest.raises(UnitProblem) as caught:
        conversion_factor("person", "household")
    assert "'person'" in str(caught.value)
    assert "'household'" in str(caught.value)


def test_unknown_unit() -> None:
    with pytest.raises(UnitProblem, match="unknown unit 'housholds'"):
        validate_unit("housholds")


@pytest.mark.parametrize("unit", sorted(_units._KNOWN_DIMENSIONS))
def test_known_dimensions_agree_with_pint(unit: str) -> None:
    quantity = _units.registry().Quantity(Fraction(1), unit or "dimensionless")
    assert _units._KNOWN_DIMENSIONS[unit] == _units._dimension_text(quantity.dimensionality)


@pytest.mark.parametrize(
    ("unit", "dimension"),
    [("m**2", "[length]**2"), ("hectare", "[length]**2"), ("m**3/person", "[length]**3/[person]")],
)
def test_areas_and_volumes(unit: str, dimension: str) -> None:
    # pint's own formatting of Fraction exponents fails on Python 3.11: not used
    assert validate_unit(unit) == dimension
    assert conversion_factor("hectare", "m**2") == 10000


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("学时", "class_period"),
        ("人", "person"),
        ("户/人", "household/person"),
        ("1 / 半年", "1/half_year"),
    ],
)
def test_aliases_normalise(alias: str, canonical: str) -> None:
    assert normalise_unit(alias) == canonical
    assert conversion_factor(alias, canonical) == 1


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("56 学时", ("56", "class_period")),
        ("2/3", ("2/3", "")),
        ("85 %", ("85", "%")),
        ("2 / half_year", ("2", "1/half_year")),
        ("4200 household", ("4200", "household")),
        ("0.5", ("0.5", "")),
        ("1e3 person", ("1e3", "person")),
        ("household", ("", "household")),
    ],
)
def test_split_amount(text: str, parts: tuple[str, str]) -> None:
    assert split_amount(text) == parts


@pytest.mark.parametrize("source", ["1/year", "1/half_year", "1/quarter_year", "1/month"])
@pytest.mark.parametrize("target", ["1/year", "1/半年", "1/季度", "1/month"])
def test_rates_per_period_convert_as_pint_converts_them(source: str, target: str) -> None:
    from community_standards.units.convert import normalise_unit, registry

    ureg = registry()
    expected = ureg.Quantity(1, normalise_unit(source)).to(normalise_unit(target)).magnitude
    assert conversion_factor(source, target) == Fraction(expected).limit_denominator(1000)


def test_identities_do_not_start_pint() -> None:
    # Checked in a fresh interpreter: loading and scoring the bundled standard with
    # evidence in its own units (or their Chinese names) never imports pint.
    import subprocess

    code = (
        "import sys, community_standards as cs;"
        "s = cs.Registry(plugins=False, environment=False).get('tianjin-beautiful-community');"
        "e = cs.evidence_from_dict({'community': {'id': 'x', 'name': 'x'}, 'facts': {'leader_training': '60 学时', 'households': '4200 户'}}, s);"
        "cs.score(s, e); print('pint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
