"""A new user's first hour: the small frictions of the command line, each fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from community_standards.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_city_table_template_is_csv_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "template", "--table")
    assert code == 0, err
    header = out.splitlines()[0].split(",")
    assert header[:2] == ["community.id", "community.name"]
    assert any(name.startswith("households") for name in header)


def test_the_city_table_template_follows_the_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "city.xlsx"
    code, _, err = run(capsys, "template", "--table", "-o", str(target))
    assert code == 0, err
    assert target.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("good", "bad", "expected"),
    [
        (1, 1, "1 community scored, 0 passed; 1 problem in the input"),
        (2, 3, "2 communities scored, 0 passed; 3 problems in the input"),
    ],
)
def test_the_batch_tally_counts_in_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: int, bad: int, expected: str
) -> None:
    table = tmp_path / "city.csv"
    run(capsys, "template", "--table", "-o", str(table))
    header = table.read_text(encoding="utf-8").strip().split(",")
    households = next(i for i, name in enumerate(header) if name.startswith("households"))
    rows = []
    for i in range(good + bad):
        cells = [f"c{i}", f"社区{i}"] + [""] * (len(header) - 2)
        if i >= good:
            cells[households] = "四千"
        rows.append(",".join(cells))
    table.write_text(",".join(header) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "batch", str(table), "--quiet", "--lang", "en")
    assert code == 2
    assert err.splitlines()[-1] == expected


ROOT = Path(__file__).resolve().parent.parent
EVIDENCE = ROOT / "examples" / "evidence"
DERIVED = ROOT / "examples" / "derived"
HEXI = ["--standards-path", str(DERIVED), "--standard", "hexi-beautiful-community@2024"]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_tiers_are_shown_by_their_title(capsys: pytest.CaptureFixture[str], language: str) -> None:
    title = {"zh": "美丽社区示范点", "en": "Model beautiful community"}[language]
    chunhuili = str(EVIDENCE / "chunhuili_pass.toml")
    code, out, err = run(capsys, "compare", chunhuili, chunhuili, *HEXI, "--lang", language)
    assert code == 0, err
    assert out.splitlines()[1].endswith(f", {title}")
    code, out, err = run(capsys, "gap", chunhuili, *HEXI, "--target", "model", "--lang", language)
    assert code == 0, err
    assert f": {title} (95)" in out.splitlines()[1]
    argv = ["--standards-path", str(DERIVED), "impact", "tianjin-beautiful-community@2017"]
    argv += ["hexi-beautiful-community@2024", chunhuili, "--lang", language]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert title in out
    assert " model " not in out


def test_the_html_scorecard_shows_the_tier_by_its_title() -> None:
    pytest.importorskip("jinja2")
    import community_standards as cs
    from community_standards.reports.html import scorecard_html

    registry = cs.Registry([DERIVED], plugins=False, environment=False)
    hexi = registry.get("hexi-beautiful-community@2024")
    card = cs.score(hexi, cs.load_evidence(EVIDENCE / "chunhuili_pass.toml", hexi))
    assert card.tier == "model"
    assert 'id="tier">美丽社区示范点<' in scorecard_html(card, hexi, "zh")
    assert 'id="tier">Model beautiful community<' in scorecard_html(card, hexi, "en")
