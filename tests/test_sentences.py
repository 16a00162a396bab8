"""Every reason and every check sentence, in Chinese and English, as the library wrote them.

The sentences of reasons (:mod:`community_standards.messages.reasons`) and of checks
(:mod:`community_standards.messages.checks`) are kept in the message catalogue. This test
holds what they said, byte for byte, for:

* the bundled standard, the example standards and the derived examples, each scored on
  its example evidence, on no evidence at all, and on variants of its evidence (every
  number scaled down, up and to zero, every yes/no flipped);
* a standard of strict bounds (``bounds.toml``), the reference's examples of failed
  gates, results and triggered deductions (``effects.toml``, ``references.toml``,
  ``deductions.toml``) and generated standards of every shape (``tests/strategies.py``),
  each with evidence drawn for it, kept as files in ``tests/data/sentences/`` so that the
  inputs stay the same when the generators change.

Each indicator's description (as ``show`` writes it), each category's rules, each group
and every reason of every scorecard (its effects too) are rendered in ``zh`` and ``en``,
and so are the reports around them (``show``; the scorecard and the gap of the example
evidence; the diffs of the derived examples), and compared with
``tests/data/sentences/expected.jsonl``. After a deliberate change of wording, write the
file anew with ``python tests/test_sentences.py --write`` (and ``--generate`` to draw
new generated standards), and read the diff.
"""

from __future__ import annotations

import json
import sys
import tomllib
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

import community_standards as cs
from community_standards.messages.checks import (
    describe_category_rules,
    describe_group,
    describe_indicator,
)
from community_standards.messages.reasons import REASON_KINDS
from community_standards.scoring.evaluate import compile_standard, score_plan

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "sentences"
EXPECTED = DATA / "expected.jsonl"
LANGUAGES = ("zh", "en")
BUNDLED = ROOT / "src" / "community_standards" / "standards" / "tianjin_2017.toml"
EXAMPLE_STANDARDS = sorted((ROOT / "examples" / "standards").glob("*.toml"))
DERIVED = sorted((ROOT / "examples" / "derived").glob("*.toml"))
EXAMPLE_EVIDENCE = sorted((ROOT / "examples" / "evidence").glob("*.toml")) + sorted(
    (ROOT / "examples" / "standards" / "evidence").glob("*.toml")
)


def _standards() -> Iterator[tuple[str, cs.Standard]]:
    registry = cs.Registry()
    for path in [BUNDLED, *EXAMPLE_STANDARDS, *DERIVED]:
        yield path.relative_to(ROOT).as_posix(), registry.load_file(path)
    for path in sorted(DATA.glob("*.toml")):
        if not path.name.endswith(".evidence.toml"):
            yield path.relative_to(ROOT).as_posix(), cs.load_standard(path)


def _scaled(value: cs.FactValue, factor: Fraction) -> cs.FactValue:
    if isinstance(value, bool):
        return not value
    return Fraction(value) * factor


def _variants(evidence: cs.Evidence) -> Iterator[cs.Evidence]:
    yield evidence
    yield cs.Evidence(community=evidence.community, standard=evidence.standard)
    for factor in (Fraction(0), Fraction(1, 2), Fraction(3, 2), Fraction(5)):
        facts = {key: _scaled(value, factor) for key, value in evidence.facts.items()}
        yield cs.Evidence(
            community=evidence.community,
            standard=evidence.standard,
            facts=facts,
            judgements=evidence.judgements,
            not_applicable=evidence.not_applicable,
        )


def _amounts_outside(evidence: cs.Evidence) -> cs.Evidence:
    """``evidence`` with every assessor's amount of a ranged deduction tripled (made in
    code: a reader refuses an amount outside its range)."""
    tripled = {
        indicator: {key: amount * 3 for key, amount in amounts.items()}
        for indicator, amounts in evidence.deductions.items()
    }
    return attrs.evolve(evidence, deductions=tripled)


def _evidence(name: str, standard: cs.Standard) -> Iterator[cs.Evidence]:
    if name.startswith("tests/"):
        for path in sorted(DATA.glob(Path(name).stem + ".*.evidence.toml")):
            evidence = cs.load_evidence(path, standard)
            yield evidence
            if evidence.deductions:  # the assessor's amounts out of their ranges
                yield _amounts_outside(evidence)
        return
    for path in EXAMPLE_EVIDENCE:
        try:
            evidence = cs.load_evidence(path, standard)
        except cs.CommunityStandardsError:
            continue  # evidence for another standard
        yield from _variants(evidence)


def rendered() -> Iterator[tuple[str, str, str, str]]:
    """(source, what, language, sentence) for every sentence of the inputs."""
    for name, standard in _standards():
        facts = {fact.key: fact for fact in standard.facts}
        plan = compile_standard(standard)
        for language in LANGUAGES:
            for category in standard.categories:
                for line in describe_category_rules(category, language, facts):
                    yield name, f"rules {category.id}", language, line
                for group in category.groups:
                    yield name, f"group {group.id}", language, describe_group(group, language)
                for indicator in category.indicators:
                    for line in describe_indicator(indicator, facts, language):
                        yield name, f"indicator {indicator.id}", language, line
        seen: set[tuple[str, str, str]] = set()
        for evidence in _evidence(name, standard):
            card = score_plan(plan, evidence, explain_all=True)
            reasons = [(f"{r.id}", reason) for r in card.indicators for reason in r.reasons]
            reasons += [(f"{c.id}", reason) for c in card.categories for reason in c.reasons]
            reasons += [("effects", reason) for reason in card.effects]
            for where, reason in reasons:
                for language in LANGUAGES:
                    line = reason.get(language)
                    key = (where, language, line)
                    if key not in seen:
                        seen.add(key)
                        yield name, f"reason {reason.kind} {where}", language, line


def reports() -> Iterator[tuple[str, str, str, str]]:
    """(source, what, language, report) for the reports whose words are the library's:
    ``show`` of every standard; the scorecard (text, Markdown) and the gap of each example
    evidence; the diff of each derived standard from its base."""
    from community_standards.reports.diff import diff_markdown, diff_text
    from community_standards.reports.gap import gap_markdown, gap_text
    from community_standards.reports.scorecard import scorecard_markdown, scorecard_text
    from community_standards.reports.standard import standard_text

    registry = cs.Registry()
    for name, standard in _standards():
        for language in LANGUAGES:
            yield name, "show", language, standard_text(standard, language)
        if name.startswith("tests/"):
            continue
        for path in EXAMPLE_EVIDENCE:
            if tomllib.loads(path.read_text("utf-8")).get("standard") != standard.ref:
                continue
            evidence = cs.load_evidence(path, standard)
            card = cs.score(standard, evidence)
            what = path.relative_to(ROOT).as_posix()
            for language in LANGUAGES:
                yield name, f"scorecard {what}", language, scorecard_text(card, standard, language)
                markdown = scorecard_markdown(card, standard, language)
                yield name, f"scorecard.md {what}", language, markdown
            if path.parent.name == "evidence" and path.parent.parent.name == "examples":
                found = cs.gap(standard, evidence)  # the bundled standard's (the others' are slow)
                for language in LANGUAGES:
                    yield name, f"gap {what}", language, gap_text(found, language)
                    yield name, f"gap.md {what}", language, gap_markdown(found, language)
    for path in DERIVED:
        base = tomllib.loads(path.read_text("utf-8"))["extends"]
        changes = cs.diff(registry.get(base), registry.load_file(path))
        what = path.relative_to(ROOT).as_posix()
        for language in LANGUAGES:
            yield what, "diff", language, diff_text(changes, language)
            yield what, "diff.md", language, diff_markdown(changes, language)


def _lines() -> list[str]:
    found = [*rendered(), *reports()]
    return [json.dumps(list(item), ensure_ascii=False) for item in found]


def test_every_sentence_reads_as_before() -> None:
    expected = EXPECTED.read_text(encoding="utf-8").splitlines()
    actual = _lines()
    assert len(actual) == len(expected)
    differ = [(old, new) for old, new in zip(expected, actual, strict=True) if old != new]
    assert not differ, f"{len(differ)} sentences differ; the first: {differ[:3]}"


def test_the_sentences_cover_every_reason_kind() -> None:
    whats = [json.loads(line)[1] for line in EXPECTED.read_text("utf-8").splitlines()]
    kinds = {what.split()[1] for what in whats if what.startswith("reason ")}
    assert kinds >= REASON_KINDS, sorted(REASON_KINDS - kinds)


def _generate(count: int, keep: int) -> None:
    """Draw ``count`` generated standards with evidence; keep ``keep`` distinct ones as files."""
    import tomli_w
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from strategies import Generated, evidence_document, evidence_for, standards

    for old in DATA.glob("generated_*.toml"):
        old.unlink()
    drawn: list[tuple[Generated, list[cs.Evidence]]] = []

    @settings(max_examples=count, database=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        generated = data.draw(standards())
        evidence = [data.draw(evidence_for(generated, complete=c)) for c in (True, False, None)]
        drawn.append((generated, evidence))

    draw()
    chosen = _diverse(drawn, keep)
    for number, (generated, evidence) in enumerate(chosen):
        stem = DATA / f"generated_{number:03d}"
        stem.with_suffix(".toml").write_text(cs.dumps_standard(generated.standard), "utf-8")
        for which, item in enumerate(evidence):
            text = tomli_w.dumps(evidence_document(generated, item))
            Path(f"{stem}.{which}.evidence.toml").write_text(text, "utf-8")


def _diverse(drawn: list[tuple[Any, list[cs.Evidence]]], keep: int) -> list[Any]:
    """Distinct drawn standards: first those that add a reason kind, then the largest."""
    distinct: dict[str, tuple[Any, list[cs.Evidence], set[str]]] = {}
    for generated, evidence in drawn:
        plan = compile_standard(generated.standard)
        kinds = {
            reason.kind
            for item in evidence
            for card in [score_plan(plan, item, explain_all=True)]
            for reasons in [
                *(result.reasons for result in card.indicators),
                *(result.reasons for result in card.categories),
            ]
            for reason in reasons
        }
        distinct.setdefault(cs.dumps_standard(generated.standard), (generated, evidence, kinds))
    pool = sorted(distinct.values(), key=lambda item: -len(item[2]))
    chosen: list[Any] = []
    covered: set[str] = set()
    for generated, evidence, kinds in pool:
        if kinds - covered:
            chosen.append((generated, evidence))
            covered |= kinds
    for generated, evidence, _ in pool:
        if len(chosen) >= keep:
            break
        if not any(generated is other for other, _ in chosen):
            chosen.append((generated, evidence))
    return chosen


if __name__ == "__main__":
    DATA.mkdir(parents=True, exist_ok=True)
    if "--generate" in sys.argv:
        _generate(300, 16)
    if "--write" in sys.argv:
        EXPECTED.write_text("".join(line + "\n" for line in _lines()), "utf-8")
