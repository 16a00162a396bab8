"""City tables: reading CSV, XLSX and Parquet rows as evidence; the batch command; the summary."""

from __future__ import annotations

import csv
import json
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import community_standards as cs
from community_standards.analysis.summary import summarise
from community_standards.cli import main
from community_standards.formats.evidence import read_evidence_document
from community_standards.formats.table import (
    RowProblem,
    TableWriter,
    read_table,
    row_evidence,
    table_layout,
    table_rows,
)
from community_standards.scoring.table import result_columns, score_rows
from community_standards.units.numbers import show_number
from minimal import MINIMAL

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples" / "evidence").glob("*.toml"))
CITY = ROOT / "examples" / "tables" / "tianjin_city.csv"


def as_row(document: dict[str, Any], *, header_units: bool = False) -> dict[str, object]:
    """An evidence document written as a table row (as a person would fill it in)."""
    row: dict[str, object] = {f"community.{k}": v for k, v in document["community"].items()}
    for key, value in document["facts"].items():
        if isinstance(value, bool):
            row[key] = "是" if value else "否"
        elif header_units and isinstance(value, str) and key == "leader_training":
            row["leader_training [学时]"] = value.split()[0]
        else:
            row[key] = str(value)
    for key, judgement in document.get("judgements", {}).items():
        if "result" in judgement:
            row[f"judgement.{key}"] = {"met": "达标", "partly_met": "部分达标"}.get(
                judgement["result"], judgement["result"]
            )
        else:
            row[f"judgement.{key}"] = str(judgement["points"])
        if "note" in judgement:
            row[f"judgement.{key}.note"] = judgement["note"]
    return row


def write_csv(path: Path, rows: list[dict[str, object]], encoding: str = "utf-8") -> Path:
    names = list(dict.fromkeys(name for row in rows for name in row))
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.DictWriter(stream, names)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_each_example_row_scores_exactly_as_its_evidence_file(
    tianjin: cs.Standard, tmp_path: Path
) -> None:
    documents = [read_evidence_document(path) for path in EXAMPLES]
    table = write_csv(
        tmp_path / "city.csv",
        [as_row(d, header_units=True) for d in documents],
        encoding="utf-8-sig",  # with a byte-order mark, as Excel writes it
    )
    header, batches = read_table(table)
    layout = table_layout(header, tianjin, str(table))
    problems: list[RowProblem] = []
    cards = [card for _, _, card in score_rows(layout, batches, header, problems)]
    assert problems == []
    expected = [cs.score(tianjin, cs.load_evidence(path, tianjin)) for path in EXAMPLES]
    assert [c.community for c in cards] == [e.community for e in expected]
    assert [c.indicators for c in cards] == [e.indicators for e in expected]
    assert [c.total for c in cards] == [e.total for e in expected]
    assert [c.total for c in cards] == [Fraction("97.25"), Fraction("69.75"), Fraction(80)]


def test_gbk_table_by_option(tianjin: cs.Standard, tmp_path: Path) -> None:
    row = as_row(read_evidence_document(EXAMPLES[0]))
    row = {k: v for k, v in row.items() if not k.endswith(".note") and k != "community.assessor"}
    table = write_csv(tmp_path / "gbk.csv", [row], encoding="gbk")
    with pytest.raises(cs.EvidenceError, match=r"not utf-8 text.*gbk"):
        read_table(table)
    header, batches = read_table(table, encoding="gbk")
    layout = table_layout(header, tianjin, str(table))
    ((_, values),) = list(table_rows(header, batches))
    evidence = row_evidence(layout, values, 2)
    assert isinstance(evidence, cs.Evidence)
    assert evidence.community.name == "春晖里社区"


def test_header_unit_converts_the_whole_column(tianjin: cs.Standard) -> None:
    layout = table_layout(
        ["community.id", "community.name", "leader_training [学时]", "households [户]"], tianjin
    )
    assert [c.factor for c in layout.columns[2:]] == [1, 1]
    evidence = row_evidence(layout, ["a", "A", "56.5", "4200"], 2)
    assert isinstance(evidence, cs.Evidence)
    assert evidence.facts == {"leader_training": Fraction(113, 2), "households": 4200}
    # a unit of another size is converted exactly, once for the column
    mini = cs.loads_standard(MINIMAL)
    layout = table_layout(["community.id", "community.name", "training [min]"], mini)
    assert layout.columns[2].factor == Fraction(1, 60)
    evidence = row_evidence(layout, ["a", "A", "90"], 2)
    assert isinstance(evidence, cs.Evidence)
    assert evidence.facts == {"training": Fraction(3, 2)}


def test_booleans_and_judgement_words(tianjin: cs.Standard) -> None:
    layout = table_layout(
        [
            "community.id",
            "community.name",
            "party_org_sound",
            "waste_sorting",
            "no_littering",
            "judgement.roads",
            "judgement.roads.note",
            "judgement.healthy-habits",
        ],
        tianjin,
    )
    evidence = row_evidence(layout, ["a", "A", "是", "0", "TRUE", "部分达标", "路面", "1.5"], 2)
    assert isinstance(evidence, cs.Evidence)
    assert evidence.facts == {"party_org_sound": True, "waste_sorting": False, "no_littering": True}
    assert evidence.judgements["roads"] == cs.Judgement(
        result=cs.JudgementResult.PARTLY_MET, note="路面"
    )
    assert evidence.judgements["healthy-habits"].points == Decimal("1.5")


def test_header_problems_name_the_column(tianjin: cs.Standard) -> None:
    with pytest.raises(cs.EvidenceError) as caught:
        table_layout(
            ["community.id", "households", "housholds", "judgement.nope", "party_org_sound [人]"],
            tianjin,
        )
    text = str(caught.value)
    assert "did you mean 'households'?" in text
    assert "no indicator 'nope'" in text
    assert "yes/no and has no unit" in text
    assert "no column 'community.name'" in text
    assert "column 'housholds' repeats" not in text


def test_header_suggestions_are_the_librarys_did_you_mean(tianjin: cs.Standard) -> None:
    # names alike only in what they share ("judgement.", "-police") are not suggested,
    # as nowhere else in the library; a near miss still is
    with pytest.raises(cs.EvidenceError) as caught:
        table_layout(
            [
                "community.id",
                "community.name",
                "judgement.traffic-police",
                "judgement.grid-managment",
            ],
            tianjin,
        )
    lines = str(caught.value).splitlines()
    traffic = next(line for line in lines if "'judgement.traffic-police'" in line)
    assert "did you mean" not in traffic
    grid = next(line for line in lines if "'judgement.grid-managment'" in line)
    assert grid.endswith("did you mean 'judgement.grid-management'?")


def test_bad_rows_are_named_and_the_rest_scored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    errors = tmp_path / "errors.jsonl"
    out = tmp_path / "results.csv"
    code, _, err = run(
        capsys, "batch", str(CITY), "--out", str(out), "--errors", str(errors), "--quiet"
    )
    assert code == 2
    found = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    # row 5 has no grid worker: a zero denominator, scored (the ratio is not met)
    assert [(p["row"], p["column"]) for p in found] == [
        (9, "households [户]"),
        (13, "judgement.roads"),
        (17, "leader_awareness_rate"),
        (21, "community.name"),
        (25, "resident_population"),
        (31, "professional_social_workers"),
    ]
    assert "row 9, column 'households [户]': '四千' is not a number" in err
    with out.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 40 - 6
    assert "c0000003" in {row["community.id"] for row in rows}  # row 5, grid_workers = 0
    assert list(rows[0]) == result_columns(cs.default_registry().load(CITY_STANDARD))


CITY_STANDARD = "tianjin-beautiful-community@2017"


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet", ".xlsx"])
def test_batch_writes_every_format_exactly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, tianjin: cs.Standard, suffix: str
) -> None:
    table = write_csv(tmp_path / "city.csv", [as_row(read_evidence_document(p)) for p in EXAMPLES])
    out = tmp_path / f"results{suffix}"
    code, _, _ = run(capsys, "batch", str(table), "--out", str(out), "--quiet")
    assert code == 0
    if suffix == ".csv":
        with out.open(encoding="utf-8") as stream:
            rows: list[dict[str, Any]] = list(csv.DictReader(stream))
    elif suffix == ".jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    elif suffix == ".parquet":
        rows = pq.read_table(out).to_pylist()
    else:
        header, batches = read_table(out)
        rows = [dict(zip(header, values, strict=True)) for _, values in table_rows(header, batches)]
    assert list(rows[0]) == result_columns(tianjin)
    assert [r["total"] for r in rows] == ["97.25", "69.75", "80"]
    assert [str(r["passed"]).lower() for r in rows] == ["true", "false", "true"]
    assert rows[0]["indicator.roads.status"] == "partly_met"
    assert rows[0]["indicator.roads.awarded"] == "1"
    assert rows[0]["indicator.healthy-habits.awarded"] == "1"


def test_explain_prints_one_scorecard(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "batch", str(CITY), "--explain", "c0000002", "--quiet", "--lang", "en"
    )
    assert code == 2  # the table has bad rows; the scorecard is printed all the same
    assert "c0000002" in out
    assert "Total" in out or "total" in out
    code, _, err = run(capsys, "batch", str(CITY), "--explain", "nobody", "--quiet")
    assert code == 2
    assert "no community with id 'nobody'" in err


def test_folder_of_evidence_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    summary = tmp_path / "summary.json"
    code, _, err = run(
        capsys, "batch", str(ROOT / "examples" / "evidence"), "--summary", str(summary), "--quiet"
    )
    assert code == 0, err
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["communities"] == 3
    assert data["passed"] == 2
    assert data["pass_rate"] == "2/3"
    assert data["totals"]["mean"] == "247/3"


def test_parquet_with_typed_columns(tianjin: cs.Standard, tmp_path: Path) -> None:
    table = pa.table(
        {
            "community.id": ["a", "b"],
            "community.name": ["A", "B"],
            "households [户]": pa.array([4200, 3000], pa.int64()),
            "grid_workers": pa.array([10, 10], pa.int32()),
            "party_org_sound": [True, False],
            "leader_awareness_rate": [0.88, 0.5],
        }
    )
    path = tmp_path / "city.parquet"
    pq.write_table(table, path)
    header, batches = read_table(path)
    layout = table_layout(header, tianjin, str(path))
    found = [row_evidence(layout, values, row) for row, values in table_rows(header, batches)]
    assert all(isinstance(e, cs.Evidence) for e in found)
    assert [e.facts for e in found if isinstance(e, cs.Evidence)] == [
        {"households": 4200, "grid_workers": 10, "party_org_sound": True, "leader_awareness_rate": Fraction(22, 25)},
        {"households": 3000, "grid_workers": 10, "party_org_sound": False, "leader_awareness_rate": Fraction(1, 2)},
    ]  # fmt: skip


def test_xlsx_percent_cells_read_as_percent(tianjin: cs.Standard, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["community.id", "community.name", "leader_awareness_rate [%]", "service_satisfaction_rate"]
    )
    sheet.append(["a", "A", 0.9, 0.9])
    sheet.append(["b", "B", 85, 0.5])
    sheet["C2"].number_format = "0%"  # shows 90 %
    sheet["D2"].number_format = "0.0%"  # shows 90.0 %
    path = tmp_path / "city.xlsx"
    book.save(path)
    header, batches = read_table(path)
    layout = table_layout(header, tianjin, str(path))
    found = [row_evidence(layout, values, row) for row, values in table_rows(header, batches)]
    assert [e.facts for e in found if isinstance(e, cs.Evidence)] == [
        {"leader_awareness_rate": Fraction(9, 10), "service_satisfaction_rate": Fraction(9, 10)},
        {"leader_awareness_rate": Fraction(17, 20), "service_satisfaction_rate": Fraction(1, 2)},
    ]


def test_table_templates_read_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, tianjin: cs.Standard
) -> None:
    code, out, _ = run(capsys, "template", "--format", "csv", "--table")
    assert code == 0
    header = next(csv.reader([out]))
    layout = table_layout(header, tianjin)
    assert {c.key for c in layout.columns if c.role == "fact"} == {f.key for f in tianjin.facts}
    assert "leader_training [学时]" in header
    assert "leader_awareness_rate [%]" in header
    workbook = tmp_path / "city.xlsx"
    code, _, _ = run(capsys, "template", "--format", "xlsx", "--table", "-o", str(workbook))
    assert code == 0
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    sheet = book.active
    assert [c.value for c in sheet[1]] == header
    assert str(sheet["A2"].value).startswith("#")
    assert sheet.data_validations.dataValidation  # drop-downs
    sheet.append(["x1", "新社区"] + [None] * (len(header) - 2))
    book.save(workbook)
    code, _, err = run(
        capsys, "batch", str(workbook), "--quiet", "--summary", str(tmp_path / "s.md")
    )
    assert code == 0, err
    assert "1 community scored, 0 passed" in err


def test_summary_of_the_examples(tianjin: cs.Standard) -> None:
    cards = [cs.score(tianjin, cs.load_evidence(path, tianjin)) for path in EXAMPLES]
    summary = summarise(tianjin, cards)
    assert summary.communities == 3
    assert summary.passed == 2
    assert summary.pass_rate == Fraction(2, 3)
    assert summary.mean_total == Fraction(97.25 + 69.75 + 80) / 3
    assert summary.median_total == 80
    assert [b.communities for b in summary.bands][6:] == [1, 0, 1, 1]
    assert {d.district: d.passed for d in summary.districts} == {
        "南开区": 1,
        "河北区": 0,
        "河西区": 1,
    }
    assert summary.near_miss_count == 0  # 69.75 is more than 5 below 80
    lost = {s.id: s.points_lost for s in summary.shortfalls}
    expected = sum(
        (c.indicator("sanitation").maximum - c.indicator("sanitation").awarded for c in cards),
        Fraction(0),
    )
    assert lost["sanitation"] == expected
    # a table of results gives the same summary as the scorecards
    from community_standards.scoring.table import results_batch, scorecard_row

    table = pa.Table.from_batches([results_batch(tianjin, [scorecard_row(c) for c in cards])])
    assert summarise(tianjin, table) == summary
    assert summarise(tianjin, table.to_pandas()) == summary


def test_near_misses_within_five_points(tianjin: cs.Standard) -> None:
    cards = [cs.score(tianjin, cs.load_evidence(path, tianjin)) for path in EXAMPLES]
    from community_standards.scoring.table import scorecard_row

    rows = [scorecard_row(c) for c in cards]
    near = dict(rows[1], **{"total": "75", "community.id": "edge"})
    far = dict(rows[1], **{"total": "74.75", "community.id": "far"})
    summary = summarise(tianjin, [near, far, rows[0]])
    assert [m.id for m in summary.near_misses] == ["edge"]
    assert summary.near_misses[0].short_by == 5


def test_the_near_misses_listed_are_the_closest(
    tianjin: cs.Standard, monkeypatch: pytest.MonkeyPatch
) -> None:
    from community_standards.analysis import summary as module
    from community_standards.scoring.table import results_batch, scorecard_row

    monkeypatch.setattr(module, "NEAR_MISSES_LISTED", 3)
    failing = scorecard_row(cs.score(tianjin, cs.load_evidence(EXAMPLES[1], tianjin)))
    # far ones first: a summary listing the first it meets would list them
    totals = ["75", "75.5", "76", "79", "78.5", "79.75", "79", "77"]
    rows = [
        dict(failing, **{"total": total, "community.id": f"c{i}"}) for i, total in enumerate(totals)
    ]
    expected = [("c5", "79.75"), ("c3", "79"), ("c6", "79")]
    table = pa.Table.from_batches([results_batch(tianjin, rows)])
    halves = [table.slice(0, 4), table.slice(4)]
    for results in (rows, table, halves, list(reversed(rows))):
        summary = summarise(tianjin, results)
        assert summary.near_miss_count == len(totals)
        listed = [(m.id, show_number(m.total)) for m in summary.near_misses]
        assert listed == expected


def test_batch_without_pyarrow_names_the_table_and_makes_no_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if the table extra were missing
    table = "examples/tables/tianjin_city.csv"
    code, _, err = run(capsys, "batch", table)
    assert code == 2
    assert f"{table}: tables need pyarrow" in err
    assert "Traceback" not in err
    out = tmp_path / "results.parquet"
    code, _, err = run(capsys, "batch", table, "--out", str(out))
    assert code == 2
    assert f"{out}: tables need pyarrow" in err
    assert list(tmp_path.iterdir()) == []  # no results, no temporary file beside them


def test_a_results_file_that_cannot_be_finished_leaves_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "results.csv"
    target.write_text("kept\n", encoding="utf-8")
    writer = TableWriter(target, ["community.id"])

    def broken() -> None:
        raise OSError("the disk is full")

    monkeypatch.setattr(writer, "_empty", broken)
    with pytest.raises(OSError, match="the disk is full"):
        writer.close()
    assert [p.name for p in tmp_path.iterdir()] == ["results.csv"]
    assert target.read_text(encoding="utf-8") == "kept\n"
