"""Comparing two assessments of one community, and scorecards read back from JSON."""

from __future__ import annotations

import io
import json
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

import community_standards as cs
from community_standards.analysis.cards import scorecard_from_dict
from community_standards.analysis.compare import Direction, TitleChange, compare, compare_to_dict
from community_standards.cli.main import main
from community_standards.reports import scorecard_to_dict
from strategies import standards_and_evidence

ROOT = Path(__file__).resolve().parent.parent
FAIL = ROOT / "examples" / "evidence" / "haitangyuan_fail.toml"
PASS = ROOT / "examples" / "evidence" / "chunhuili_pass.toml"


@pytest.fixture(scope="module")
def tianjin() -> cs.Standard:
    return cs.default_registry().load("tianjin-beautiful-community@2017")


def changed(evidence: cs.Evidence, **facts: cs.FactValue) -> cs.Evidence:
    return attrs.evolve(evidence, facts={**evidence.facts, **facts})


def test_better_worse_and_the_title(tianjin: cs.Standard) -> None:
    good = cs.load_evidence(PASS, tianjin)
    before = cs.score(tianjin, good)
    worse = changed(good, no_illegal_structures=False, grid_workers=100)
    after = cs.score(tianjin, worse)
    result = compare(before, after)
    moved = {item.id: item.change for item in result.indicators if item.change != "unchanged"}
    assert moved == {
        "illegal-structures-and-stalls": Direction.WORSE,
        "grid-management": Direction.WORSE,
    }
    assert result.difference == after.total - before.total == Fraction(-5)
    assert result.title is (TitleChange.LOST if not after.passed else TitleChange.KEPT)
    assert result.at_risk == (before.passed and not after.passed)
    back = compare(after, before)
    assert {i.id for i in back.by_change(Direction.BETTER)} == set(moved)


def test_a_different_community_is_refused(tianjin: cs.Standard) -> None:
    a = cs.score(tianjin, cs.load_evidence(PASS, tianjin))
    b = cs.score(tianjin, cs.load_evidence(FAIL, tianjin))
    with pytest.raises(cs.CommunityStandardsError, match="different communities"):
        compare(a, b)


def test_indicators_of_another_version_are_added_or_removed(tianjin: cs.Standard) -> None:
    card = cs.score(tianjin, cs.load_evidence(FAIL, tianjin))
    first, rest = card.indicators[0], card.indicators[1:]
    renamed = first._replace(id="new-item")
    later = attrs.evolve(card, indicators=(renamed, *rest))
    data = compare_to_dict(compare(card, later))
    changes = {item["id"]: item["change"] for item in data["indicators"]}
    assert changes[first.id] == "removed"
    assert changes["new-item"] == "added"
    assert data["counts"]["unchanged"] == len(rest)


@settings(max_examples=60, deadline=None)
@given(standards_and_evidence(max_categories=3, max_indicators=4))
def test_scorecard_json_reads_back_to_an_equal_scorecard(pair: tuple[object, cs.Evidence]) -> None:
    generated, evidence = pair
    standard = generated.standard  # type: ignore[attr-defined]
    card = cs.score(standard, evidence)
    text = cs.reports.dumps_json(scorecard_to_dict(card))
    from community_standards.formats.io import parse_document

    back = scorecard_from_dict(parse_document(text, "<card>", cs.EvidenceError, "json"))

    def plain(c: cs.Scorecard) -> cs.Scorecard:
        # the words of each reason, as the JSON keeps them; bonus is not in the JSON
        return attrs.evolve(
            c,
            indicators=tuple(r._replace(bonus=False, reasons=()) for r in c.indicators),
            categories=tuple(r._replace(reasons=()) for r in c.categories),
            effects=(),
        )

    assert plain(back) == plain(card)
    pairs: list[tuple[tuple[cs.Reason, ...], tuple[cs.Reason, ...]]] = [
        *((x.reasons, y.reasons) for x, y in zip(card.indicators, back.indicators, strict=True)),
        *((x.reasons, y.reasons) for x, y in zip(card.categories, back.categories, strict=True)),
        (card.effects, back.effects),
    ]
    for old_reasons, new_reasons in pairs:
        assert [(x.zh, x.en, x.check) for x in new_reasons] == [
            (x.zh, x.en, x.check) for x in old_reasons
        ]
    assert compare(card, back).difference == 0


def test_a_broken_scorecard_names_the_place() -> None:
    data = {
        "standard": {"id": "x", "version": "1", "sha256": "0"},
        "community": {"id": "c", "name": "C"},
        "indicators": [{"id": "a"}],
    }
    with pytest.raises(cs.EvidenceError, match=r"indicators\[0\]\.status"):
        scorecard_from_dict(data, "card.json")


def test_command_line_reads_evidence_and_scorecards(tmp_path: Path) -> None:
    card = tmp_path / "old.json"
    assert main(["score", str(FAIL), "--format", "json", "-o", str(card)], io.StringIO()) == 0
    newer = tmp_path / "new.toml"
    newer.write_text(
        FAIL.read_text(encoding="utf-8").replace(
            'grid_workers = "7 person"', 'grid_workers = "9 person"'
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    assert main(["compare", str(card), str(newer), "--format", "json"], out) == 0
    data = json.loads(out.getvalue())
    assert data["total_before"] == 69.75
    assert data["total_after"] == 71.75
    assert data["difference"] == 2
    assert [i["id"] for i in data["indicators"] if i["change"] == "better"] == ["grid-management"]
    assert data["passed_before"] is False
    assert data["title"] == "none"
    out = io.StringIO()
    assert main(["compare", str(card), str(newer), "--lang", "en"], out) == 0
    assert "1 better, 0 worse, 59 unchanged" in out.getvalue()
    assert main(["compare", str(PASS), str(newer)], io.StringIO()) == 2
