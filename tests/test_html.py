"""HTML reports as a person would see them: parsed, their numbers checked against the
library's, every text escaped, nothing fetched."""

from __future__ import annotations

import datetime
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

import community_standards as cs
from community_standards.analysis.compare import compare
from community_standards.analysis.gap import gap
from community_standards.register.store import Register
from community_standards.reports import scorecard_to_dict
from community_standards.reports.html import (
    compare_html,
    gap_html,
    history_html,
    scorecard_html,
    status_html,
)
from community_standards.units.numbers import show_number

pytest.importorskip("jinja2")

ROOT = Path(__file__).resolve().parent.parent
FAIL = ROOT / "examples" / "evidence" / "haitangyuan_fail.toml"
PASS = ROOT / "examples" / "evidence" / "chunhuili_pass.toml"


class Page(HTMLParser):
    """Every element with its attributes, and the text inside each element with an id."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, str] = {}
        self._open: list[str | None] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        self.elements.append((tag, found))
        if tag not in ("meta", "rect", "line", "circle", "polyline", "br", "path"):
            self._open.append(found.get("id"))
            if found.get("id"):
                self.texts[found["id"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("meta", "rect", "line", "circle", "polyline", "br", "path") and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for ident in self._open:
            if ident:
                self.texts[ident] += data

    def having(self, attribute: str) -> list[dict[str, str]]:
        return [found for _, found in self.elements if attribute in found]

    def tags(self) -> set[str]:
        return {tag for tag, _ in self.elements}


@pytest.fixture(scope="module")
def tianjin() -> cs.Standard:
    return cs.default_registry().load("tianjin-beautiful-community@2017")


def self_contained(page: Page) -> None:
    assert "script" not in page.tags()
    assert "link" not in page.tags()
    assert "img" not in page.tags()
    for _, found in page.elements:
        for key in ("src", "href"):
            assert not found.get(key, "").startswith(("http", "//")), found


def test_scorecard_page_numbers(tianjin: cs.Standard) -> None:
    card = cs.score(tianjin, cs.load_evidence(FAIL, tianjin))
    page = Page(scorecard_html(card, tianjin, "en"))
    self_contained(page)
    assert page.having("id")
    assert page.texts["total"].strip() == "69.75 / 100"
    assert page.texts["verdict"].strip() == "FAIL"
    rows = {r["data-indicator"]: r for r in page.having("data-indicator")}
    assert len(rows) == 60
    for result in card.indicators:
        assert rows[result.id]["data-awarded"] == show_number(result.awarded)
    bars = [b for b in page.having("data-value") if "data-max" in b]
    by_label = {b["data-label"]: b for b in bars}
    for category, share in zip(tianjin.categories, card.categories, strict=True):
        bar = by_label[category.title.get("en")]
        assert bar["data-value"] == show_number(share.score)
        assert bar["data-max"] == show_number(share.maximum)
    assert [m["data-mark"] for m in page.having("data-mark")] == ["0.8"]
    # points lost per indicator: one bar for each indicator not fully earned
    lost = [b for b in bars if b["data-label"][:1].isdigit()]
    assert len(lost) == sum(1 for r in card.indicators if r.awarded < r.maximum)


def test_texts_from_data_are_escaped(tianjin: cs.Standard) -> None:
    evidence = cs.load_evidence(FAIL, tianjin)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    evidence = attrs.evolve(evidence, community=attrs.evolve(evidence.community, name=hostile))
    text = scorecard_html(cs.score(tianjin, evidence), tianjin, "zh")
    page = Page(text)
    self_contained(page)
    assert "&lt;script&gt;" in text


def test_gap_page_numbers(tianjin: cs.Standard) -> None:
    result = gap(tianjin, cs.load_evidence(FAIL, tianjin))
    text = gap_html(result, "zh")
    page = Page(text)
    self_contained(page)
    short = next(e for e in page.having("id") if e["id"] == "short")
    assert short["data-value"] == "10.25"
    plan = next(e for e in page.having("data-plan"))
    assert plan["data-plan"].split() == list(result.plan)
    rows = page.having("data-in-plan")
    assert {r["data-indicator"] for r in rows if r["data-in-plan"] == "true"} == set(result.plan)
    assert [r["data-indicator"] for r in rows] == [f.indicator for f in result.fixes]
    assert "网格员人数 7 → 9 人（每300-500户配有1名网格员）" in text


def test_compare_page_numbers(tianjin: cs.Standard) -> None:
    good = cs.load_evidence(PASS, tianjin)
    before = cs.score(tianjin, good)
    after = cs.score(
        tianjin, attrs.evolve(good, facts={**good.facts, "no_illegal_structures": False})
    )
    result = compare(before, after)
    page = Page(compare_html(result, "en", tianjin))
    self_contained(page)
    values = {e["id"]: e for e in page.having("id") if "data-value" in e}
    assert values["total-before"]["data-value"] == show_number(before.total)
    assert values["total-after"]["data-value"] == show_number(after.total)
    assert values["difference"]["data-value"] == "-3"
    assert [(r["data-indicator"], r["data-change"]) for r in page.having("data-change")] == [
        ("illegal-structures-and-stalls", "worse")
    ]


def test_register_pages(tmp_path: Path, tianjin: cs.Standard) -> None:
    with Register(tmp_path / "r.sqlite", create=True) as book:
        for path in (PASS, FAIL):
            card = cs.score(tianjin, cs.load_evidence(path, tianjin))
            book.add([(card, scorecard_to_dict(card), str(path))], award=True)
        later = cs.load_evidence(PASS, tianjin)
        later = attrs.evolve(
            later, community=attrs.evolve(later.community, assessed_on=datetime.date(2025, 5, 1))
        )
        card = cs.score(tianjin, later)
        book.record("nk-chunhuili", "reinspected", card=(card, scorecard_to_dict(card), None))
        rows = book.status()
        page = Page(status_html(rows, "en"))
        self_contained(page)
        counts = {e["data-state"]: e["data-count"] for e in page.having("data-count")}
        assert counts == {
            "none": "1",
            "titled": "1",
            "problems": "0",
            "rectifying": "0",
            "revoked": "0",
        }
        rates = {
            b["data-label"]: (b["data-value"], b["data-max"]) for b in page.having("data-label")
        }
        assert rates == {"南开区": ("1", "1"), "河北区": ("0", "1")}
        status = next(r for r in rows if r.community_id == "nk-chunhuili")
        assessments, events = book.history("nk-chunhuili")
        page = Page(history_html(status, assessments, events, "zh"))
        self_contained(page)
        points = [(c["data-label"], c["data-value"]) for c in page.having("data-label")]
        assert points == [("2024-05-20", "97.25"), ("2025-05-01", "97.25")]
        assert [e["data-event"] for e in page.having("data-event")] == ["awarded", "reinspected"]


def test_city_summary_page(tianjin: cs.Standard) -> None:
    from community_standards.analysis.summary import summarise
    from community_standards.reports.html import summary_html

    cards = []
    for i, path in enumerate([PASS, FAIL, PASS, FAIL, FAIL]):
        evidence = cs.load_evidence(path, tianjin)
        community = attrs.evolve(evidence.community, id=f"c{i}")
        cards.append(cs.score(tianjin, attrs.evolve(evidence, community=community)))
    summary = summarise(tianjin, cards, language="en")
    page = Page(summary_html(summary, "en"))
    self_contained(page)
    values = {e["id"]: e["data-value"] for e in page.having("id") if "data-value" in e}
    assert values["communities"] == "5"
    assert values["passed"] == "2"
    assert values["pass-rate"] == "0.4"
    columns = [(c["data-low"], c["data-high"], c["data-count"]) for c in page.having("data-count")]
    assert sum(int(count) for _, _, count in columns) == 5
    assert ("60", "70", "3") in columns  # three at 69.75
    assert ("90", "100", "2") in columns  # two at 97.25
    assert "80" in [m["data-mark"] for m in page.having("data-mark")]
    rates = {b["data-label"]: (b["data-value"], b["data-max"]) for b in page.having("data-label")}
    assert rates["南开区"] == ("2", "2")
    assert rates["河北区"] == ("0", "3")
    costly = [b for b in page.having("data-label") if b["data-label"][:1].isdigit()]
    lost = [Fraction(b["data-value"]) for b in costly]
    assert lost == sorted(lost, reverse=True)
    assert lost[0] == max(s.points_lost for s in summary.shortfalls)


# ---------------------------------------------------------------- implausible values

TUTORIAL = ROOT / "docs" / "tutorial"


def _implausible(tmp_path: Path) -> Path:
    """Evidence of the tutorial's standard with a satisfaction rate written 0.83 (read as
    0.83 %, far below its 85 % limit: the reader warns)."""
    path = tmp_path / "c.toml"
    path.write_text(
        'standard = "binjiang-liveable-community@2025"\n[community]\nid = "c"\nname = "c"\n'
        "[facts]\nsatisfaction_rate = 0.83\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("command", ["score", "gap"])
def test_implausible_values_are_shown_in_the_html_as_in_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    from community_standards.cli.main import main

    evidence = _implausible(tmp_path)
    common = ["--standards-path", str(TUTORIAL), command, str(evidence)]
    assert main([*common, "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "facts.satisfaction_rate: 0.83 is read as 0.83 %" in text
    for language, heading in (("en", "Check these values:"), ("zh", "请核对以下数值：")):
        page_file = tmp_path / f"{command}-{language}.html"
        assert main([*common, "--format", "html", "--lang", language, "-o", str(page_file)]) == 0
        page = Page(page_file.read_text(encoding="utf-8"))
        self_contained(page)
        assert page.texts["warnings"].strip().startswith(heading)
        (item,) = list(page.having("data-path"))
        assert item["data-path"] == "facts.satisfaction_rate"
        assert "0.83" in page.texts["warnings"]
        assert "85" in page.texts["warnings"]
    # evidence without implausible values has no such section
    plain = tmp_path / "plain.html"
    assert main(["score", str(PASS), "--format", "html", "-o", str(plain)]) == 0
    assert "warnings" not in Page(plain.read_text(encoding="utf-8")).texts


def test_gap_json_and_text_carry_the_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from community_standards.cli.main import main

    common = ["--standards-path", str(TUTORIAL), "gap", str(_implausible(tmp_path))]
    assert main([*common, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [w["path"] for w in data["warnings"]] == ["facts.satisfaction_rate"]
    assert main([*common, "--format", "markdown", "--lang", "en"]) == 0
    assert "**Check these values:**" in capsys.readouterr().out


def test_compare_shows_each_assessments_implausible_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from community_standards.cli.main import main

    later = _implausible(tmp_path)
    earlier = tmp_path / "earlier.toml"
    earlier.write_text(
        later.read_text(encoding="utf-8").replace("0.83", '"83 %"'), encoding="utf-8"
    )
    common = ["--standards-path", str(TUTORIAL), "compare"]
    # the later assessment's misread value is named, with the assessment it belongs to
    assert main([*common, str(earlier), str(later), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "Check these values:\n  ! After: facts.satisfaction_rate: 0.83 is read as 0.83 %" in text
    assert "Before:" not in text.split("Check these values:")[1]
    assert main([*common, str(later), str(earlier), "--lang", "en"]) == 0
    assert "  ! Before: facts.satisfaction_rate" in capsys.readouterr().out
    assert main([*common, str(earlier), str(later), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [w["path"] for w in data["warnings_after"]] == ["facts.satisfaction_rate"]
    assert "warnings_before" not in data
    assert main([*common, str(earlier), str(later), "--format", "markdown", "--lang", "zh"]) == 0
    assert "**请核对以下数值：**" in capsys.readouterr().out
    page_file = tmp_path / "compare.html"
    assert main([*common, str(earlier), str(later), "--format", "html", "-o", str(page_file)]) == 0
    page = Page(page_file.read_text(encoding="utf-8"))
    self_contained(page)
    (item,) = list(page.having("data-path"))
    assert item["data-path"] == "facts.satisfaction_rate"
    assert "0.83" in page.texts["warnings"]
    # a scorecard written with its warnings keeps them when it is compared
    card = tmp_path / "later.json"
    assert main(["--standards-path", str(TUTORIAL), "score", str(later), "--format", "json",
                 "-o", str(card)]) == 0  # fmt: skip
    assert main([*common, str(earlier), str(card), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["warnings_after"][0]["message"].startswith("0.83 is read as 0.83 %")


def test_category_reasons_are_in_the_markdown_and_html_scorecards() -> None:
    from community_standards.reports.scorecard import scorecard_markdown

    groups = cs.load_standard(ROOT / "docs" / "reference" / "example-groups.toml")
    evidence = cs.Evidence(
        community=cs.Community(id="a", name="A"),
        facts={"nd_certified": True, "transit": True, "density": False, "ideas": 5},
    )
    card = cs.score(groups, evidence)
    said = "exemplary: at most 3 points; 5 points earned, 3 counted"
    markdown = scorecard_markdown(card, groups, "en")
    assert f"- Innovation: {said}" in markdown
    assert "- Location and transportation: Location path: the best 1 of 2 count" in markdown
    page = Page(scorecard_html(card, groups, "en"))
    assert page.texts["reasons-in"].strip() == said
    assert page.texts["reasons-lt"].startswith("Location path")
    quiet = cs.score(groups, attrs.evolve(evidence, facts={**evidence.facts, "ideas": 3}))
    quiet_page = Page(scorecard_html(quiet, groups, "en"))
    assert "reasons-in" not in quiet_page.texts


def test_points_lost_count_what_the_categories_count(tianjin: cs.Standard) -> None:
    groups = cs.load_standard(ROOT / "docs" / "reference" / "example-groups.toml")
    evidence = cs.Evidence(
        community=cs.Community(id="a", name="A"),
        facts={"nd_certified": True, "transit": False, "density": False, "ideas": 5},
    )
    card = cs.score(groups, evidence)
    # the certified plan earns the location's 16 (the other path counts nothing more) and
    # three of five ideas count: nothing is lost, though two indicators earned 0
    assert card.total == card.maximum == 19
    assert card.lost == 0
    failing = cs.score(
        tianjin, cs.load_evidence(ROOT / "examples/evidence/haitangyuan_fail.toml", tianjin)
    )
    assert failing.lost == failing.maximum - failing.total == Fraction(1025, 100) + 20


def test_the_html_scorecard_shows_what_failed_gates_did() -> None:
    gated = cs.load_standard(ROOT / "docs" / "reference" / "example-effects.toml")
    facts: dict[str, cs.FactValue] = {
        "metering": False,
        "saving": Fraction(35, 100),
        "fire": True,
        "complaints": 0,
        "green_space": True,
        "transit": True,
    }
    card = cs.score(gated, cs.Evidence(community=cs.Community(id="e", name="E"), facts=facts))
    page = Page(scorecard_html(card, gated, "en"))
    assert "the total is capped at 50 (was 100)" in page.texts["effects"]
    assert (
        "总分以 50 分封顶（原为 100 分）"
        in Page(scorecard_html(card, gated, "zh")).texts["effects"]
    )
    kept = {**facts, "metering": True, "fire": False}
    clear = cs.score(gated, cs.Evidence(community=cs.Community(id="e", name="E"), facts=kept))
    assert not clear.effects
    assert "effects" not in Page(scorecard_html(clear, gated, "en")).texts
