"""Rates counted in each period (issue 10, construct 12): "at least once every half year"
is not "twice a year"; the Tianjin items 2 and 7 read them so (issue 13)."""

from __future__ import annotations

import copy
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import community_standards as cs
from community_standards.scoring.evaluate import compile_standard, score_plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "evidence"
MEETINGS = "residents_congress_meetings_per_half_year"
DISCLOSURES = "affairs_disclosures_per_quarter"


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    text = (EXAMPLES / "chunhuili_pass.toml").read_text(encoding="utf-8")
    return tomllib.loads(text, parse_float=Decimal)


def result(
    tianjin: cs.Standard, base: dict[str, Any], key: str, given: object, indicator: str
) -> cs.IndicatorResult:
    document = copy.deepcopy(base)
    document["facts"][key] = given
    evidence = cs.evidence_from_dict(document, tianjin)
    fast = cs.score(tianjin, evidence)
    slow = score_plan(compile_standard(tianjin), evidence, explain_all=True)
    assert fast == slow
    return fast.indicator(indicator)


def meeting(tianjin: cs.Standard, base: dict[str, Any], given: object) -> cs.IndicatorResult:
    return result(tianjin, base, MEETINGS, given, "residents-representative-meeting")


def test_the_examples_keep_their_results(tianjin: cs.Standard) -> None:
    found = {
        name: cs.score(tianjin, cs.load_evidence(EXAMPLES / name, tianjin))
        for name in ("chunhuili_pass.toml", "haitangyuan_fail.toml", "liuxi_exactly_80.toml")
    }
    assert found["chunhuili_pass.toml"].total == Decimal("97.25")
    assert found["haitangyuan_fail.toml"].total == Decimal("69.75")
    assert found["liuxi_exactly_80.toml"].total == 80
    assert [card.passed for card in found.values()] == [True, False, True]


def test_items_2_and_7_count_each_period(tianjin: cs.Standard) -> None:
    facts = {fact.key: fact for fact in tianjin.facts}
    assert facts[MEETINGS].each_period
    assert facts[DISCLOSURES].each_period


@pytest.mark.parametrize(
    ("given", "status"),
    [
        ([1, 1], "met"),
        ([3, 1], "met"),
        ("1; 2", "met"),
        (["2017-03-04", "2017-09-10"], "met"),
        ("1 / half_year", "met"),  # one rate in the fact's unit: every half year's
        (1, "met"),
        ([2, 0], "not_met"),
        (["2017-03-04", "2017-05-10"], "not_met"),  # both in the first half
        ("1 / year", "not_met"),  # half a meeting per half year on average: one had none
        ("2 / year", "not_assessed"),  # cannot show each half year
        ("12 / year", "not_assessed"),
    ],
)
def test_meetings_in_each_half_year(
    tianjin: cs.Standard, base: dict[str, Any], given: object, status: str
) -> None:
    assert str(meeting(tianjin, base, given).status) == status


def test_the_reasons_name_the_period_or_say_what_to_give(
    tianjin: cs.Standard, base: dict[str, Any]
) -> None:
    spring = meeting(tianjin, base, ["2017-03-04", "2017-05-10"])
    assert spring.reasons[0].en == (
        "residents' representative meetings per half year (the half year with fewer) "
        "(the second half year) 0 per half year < 1 per half year "
        "(required: convened at least once every half year)"
    )
    assert "（下半年） 0 次/半年，少于 1 次/半年" in spring.reasons[0].zh
    total = meeting(tianjin, base, "2 / year")
    assert total.reasons[0].en.endswith(
        "2 / year is a total or average over another span and cannot show each half year; "
        "give the count of each half year (such as [1, 1]) or the dates"
    )
    quarters = result(tianjin, base, DISCLOSURES, "4 / year", "affairs-disclosure")
    assert quarters.status is cs.IndicatorStatus.NOT_ASSESSED
    assert "如 [1, 1, 1, 1]" in quarters.reasons[0].zh
    missed = result(tianjin, base, DISCLOSURES, [1, 1, 0, 2], "affairs-disclosure")
    assert missed.status is cs.IndicatorStatus.NOT_MET
    assert "(quarter 3) 0 per quarter < 1 per quarter" in missed.reasons[0].en


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ([1], "is counted in each half year: give 2 counts, one for each half year"),
        (["2016-12-30", "2017-03-01"], "the dates fall in 2016, 2017"),
        ([1, -1], "cannot be negative"),
        ("-2 / year", "cannot be negative"),
    ],
)
def test_bad_period_evidence_is_refused_with_its_path(
    tianjin: cs.Standard, base: dict[str, Any], given: object, message: str
) -> None:
    document = copy.deepcopy(base)
    document["facts"][MEETINGS] = given
    with pytest.raises(cs.EvidenceError) as caught:
        cs.evidence_from_dict(document, tianjin)
    [problem] = caught.value.problems
    assert problem.path == f"facts.{MEETINGS}"
    assert message in problem.message


def test_period_evidence_is_written_back_as_given(
    tianjin: cs.Standard, base: dict[str, Any]
) -> None:
    import tomli_w

    for given in ([1, 2], ["2017-03-04", "2017-09-10"], "2 / year"):
        document = copy.deepcopy(base)
        document["facts"][MEETINGS] = given
        evidence = cs.evidence_from_dict(document, tianjin)
        again = cs.loads_evidence(tomli_w.dumps(cs.evidence_to_dict(evidence, tianjin)), tianjin)
        assert again.periods == evidence.periods
        assert cs.score(tianjin, again) == cs.score(tianjin, evidence)


def test_the_columnar_engine_reads_them_as_the_object_path(
    tianjin: cs.Standard, base: dict[str, Any]
) -> None:
    pa = pytest.importorskip("pyarrow")
    from community_standards.scoring.columnar import score_table
    from test_table import as_row

    cells = ["1; 1", "2; 0", "2 / year", "1 / year", "1", "1 / half_year"]
    rows = []
    for n, cell in enumerate(cells):
        row = as_row(copy.deepcopy(base))
        row["community.id"] = f"c{n}"
        row[MEETINGS] = cell
        rows.append(row)
    names = list(rows[0])
    table = pa.table({name: pa.array([str(r[name]) for r in rows], pa.string()) for name in names})
    found = [
        row["indicator.residents-representative-meeting.status"]
        for row in score_table(tianjin, table).to_pylist()
    ]
    assert found == ["met", "not_met", "not_assessed", "not_met", "met", "met"]
    # a column headed in another unit is a yearly total in every row
    yearly = table.rename_columns([f"{MEETINGS} [1/year]" if n == MEETINGS else n for n in names])
    statuses = [
        row["indicator.residents-representative-meeting.status"]
        for row in score_table(tianjin, yearly.slice(4, 1)).to_pylist()
    ]
    assert statuses == ["not_met"]  # 1 a year: half a meeting per half year on average


def test_a_workbook_cell_gives_each_period(tianjin: cs.Standard, tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    from community_standards.formats.workbook import evidence_workbook, read_evidence_workbook
    from test_spreadsheet import fill

    text = (EXAMPLES / "liuxi_exactly_80.toml").read_text(encoding="utf-8")
    document = tomllib.loads(text, parse_float=Decimal)
    document["facts"][MEETINGS] = "2; 0"
    path = tmp_path / "liuxi.xlsx"
    path.write_bytes(evidence_workbook(tianjin))
    fill(path, document)
    card = cs.score(tianjin, cs.evidence_from_dict(read_evidence_workbook(path), tianjin))
    assert card.indicator("residents-representative-meeting").status is cs.IndicatorStatus.NOT_MET
    assert card.total == 77


def test_validation_of_each_period_facts() -> None:
    text = (ROOT / "docs" / "reference" / "example-standard.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text, parse_float=Decimal)
    facts = data["facts"]
    boolean = next(f for f in facts if f["kind"] == "boolean")
    boolean["each_period"] = True
    counted = next(f for f in facts if f["kind"] != "boolean" and "/" not in f.get("unit", "/"))
    counted["each_period"] = True
    with pytest.raises(cs.StandardError) as caught:
        cs.standard_from_dict(data)
    found = {(p.path, p.message) for p in caught.value.problems}
    at = f"facts[{facts.index(boolean)}].each_period"
    assert (at, "a boolean fact is not counted in periods") in found
    at = f"facts[{facts.index(counted)}].each_period"
    assert any(path == at and "is not a rate per period" in message for path, message in found)


@pytest.mark.parametrize(
    ("unit", "en", "zh"),
    [
        ("1/year", "year", "年"),
        ("1/half_year", "half year", "半年"),
        ("1/半年", "half year", "半年"),
        ("1/quarter_year", "quarter", "季度"),
        ("1/month", "month", "月"),
    ],
)
def test_each_period_is_named_from_the_catalogue(unit: str, en: str, zh: str) -> None:
    # the period's name is the catalogue's word for it, not a slice of the unit's words
    from community_standards.messages.amounts import period_words
    from community_standards.messages.checks import describe_check

    assert period_words(unit) == cs.Text(zh=zh, en=en)
    fact = cs.Fact(
        key="visits", kind=cs.FactKind.COUNT, unit=unit, each_period=True,
        description=cs.Text(zh="走访次数", en="visits"),
    )  # fmt: skip
    check = cs.FrequencyCheck(fact="visits", minimum=cs.Limit(value=Fraction(2), unit=unit))
    assert describe_check(check, {"visits": fact}, "en").endswith(f", in each {en} (visits)")
    assert f"每个{zh}分别计" in describe_check(check, {"visits": fact}, "zh")


def test_a_rate_per_period_is_required() -> None:
    from community_standards.messages.amounts import period_words

    with pytest.raises(ValueError, match="not a rate per period"):
        period_words("person")
