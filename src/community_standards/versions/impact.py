"""Impact of a change of standard: score the same communities under both versions.

:func:`impact` scores each community's evidence under standard A and under standard B
and reports, per community, both totals, the difference, the verdict and tier under
each, and whether anything changed; plus how many communities gain the rating, lose it,
or keep their verdict. All arithmetic is exact (:class:`~fractions.Fraction`).

Evidence is read against each standard separately, exactly as ``score`` reads it, with
one allowance: a fact (or a judgement, or a not-applicable claim) that only one of the
two standards knows is ignored for the other one. Evidence naming something *neither*
standard knows is still an error, with a did-you-mean, so typos are caught as strictly
as ever. This lets one set of evidence files serve both versions when B drops an
indicator (and with it the facts only that indicator used) or adds one with new facts;
a derived standard normally shares its base's facts, so for most pairs nothing is
ignored at all.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from ..formats.evidence import evidence_from_dict, read_evidence_document
from ..messages.catalogue import N_, ntranslate, translate, translate_in
from ..messages.layout import columns
from ..model.errors import EvidenceError
from ..model.evidence import Community
from ..model.standard import Standard
from ..scoring.evaluate import score
from ..scoring.scorecard import Scorecard
from ..units.numbers import show_number

__all__ = [
    "CommunityImpact",
    "Impact",
    "Movement",
    "evidence_paths",
    "impact",
    "impact_files",
    "impact_markdown",
    "impact_text",
    "impact_to_dict",
]


class Movement(enum.StrEnum):
    """How a community's verdict moves from standard A to standard B.

    .. versionadded:: 0.1.0
    """

    GAINED = "gained"
    LOST = "lost"
    UNCHANGED = "unchanged"


@attrs.frozen(kw_only=True)
class CommunityImpact:
    """One community scored under both standards.

    .. versionadded:: 0.1.0
    """

    source: str
    community: Community
    a: Scorecard
    b: Scorecard

    @property
    def difference(self) -> Fraction:
        """The total under B less the total under A (exact)."""
        return self.b.total - self.a.total

    @property
    def movement(self) -> Movement:
        """Whether the community gains the rating, loses it, or keeps its verdict."""
        if self.a.passed == self.b.passed:
            return Movement.UNCHANGED
        return Movement.GAINED if self.b.passed else Movement.LOST

    @property
    def changed(self) -> bool:
        """Whether the total, the verdict or the tier differs between A and B."""
        a, b = self.a, self.b
        return (a.total, a.passed, a.tier) != (b.total, b.passed, b.tier)


@attrs.frozen(kw_only=True)
class Impact:
    """The communities scored under standards ``a`` and ``b`` (both ``ID@VERSION``).

    .. versionadded:: 0.1.0
    """

    a: str
    b: str
    communities: tuple[CommunityImpact, ...] = ()

    def count(self, movement: Movement) -> int:
        """How many communities move as ``movement``."""
        return sum(1 for item in self.communities if item.movement is movement)

    @property
    def gained(self) -> int:
        """Communities that fail under A and pass under B."""
        return self.count(Movement.GAINED)

    @property
    def lost(self) -> int:
        """Communities that pass under A and fail under B."""
        return self.count(Movement.LOST)

    @property
    def unchanged(self) -> int:
        """Communities with the same verdict under both."""
        return self.count(Movement.UNCHANGED)

    @property
    def changed(self) -> int:
        """Communities whose total, verdict or tier differs."""
        return sum(1 for item in self.communities if item.changed)


def _only_for(document: Mapping[str, Any], standard: Standard, other: Standard) -> dict[str, Any]:
    """``document`` without what only ``other`` knows (see the module documentation)."""
    facts = {fact.key for fact in standard.facts}
    other_facts = {fact.key for fact in other.facts} - facts
    indicators = {indicator.id for _, indicator in standard.indicators()}
    other_indicators = {indicator.id for _, indicator in other.indicators()} - indicators
    trimmed = dict(document)
    for name, foreign in (
        ("facts", other_facts),
        ("judgements", other_indicators),
        ("not_applicable", other_indicators),
    ):
        table = document.get(name)
        if isinstance(table, dict):
            trimmed[name] = {key: value for key, value in table.items() if key not in foreign}
    return trimmed


def impact(
    a: Standard,
    b: Standard,
    documents: Iterable[tuple[str, Mapping[str, Any]]],
    *,
    strict: bool = False,
) -> Impact:
    """Score each evidence document under ``a`` and under ``b``.

    ``documents`` gives ``(source, parsed evidence document)`` pairs. Raises
    :class:`EvidenceError` (naming the source) for evidence that does not fit; see the
    module documentation for facts only one standard declares. ``strict`` makes a
    missing fact an error, as ``score --strict`` does.

    .. versionadded:: 0.1.0
    """
    found = []
    for source, document in documents:
        evidence_a = evidence_from_dict(_only_for(document, a, b), a, source, strict=strict)
        evidence_b = evidence_from_dict(_only_for(document, b, a), b, source, strict=strict)
        found.append(
            CommunityImpact(
                source=source,
                community=evidence_a.community,
                a=score(a, evidence_a),
                b=score(b, evidence_b),
            )
        )
    return Impact(a=a.ref, b=b.ref, communities=tuple(found))


#: The suffixes of evidence files a folder is searched for.
_EVIDENCE_SUFFIXES = frozenset({".toml", ".json", ".xlsx"})


def evidence_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield the evidence files ``paths`` names: files as given, and in folders every
    ``.toml``, ``.json`` and ``.xlsx`` file, sorted (the formats ``score`` reads).

    .. versionadded:: 0.1.0
    """
    for item in paths:
        path = Path(item)
        if path.is_dir():
            yield from sorted(
                p for p in path.iterdir() if p.suffix.lower() in _EVIDENCE_SUFFIXES and p.is_file()
            )
        elif path.exists():
            yield path
        else:
            raise EvidenceError(str(path), "no such evidence file or folder")


def impact_files(
    a: Standard,
    b: Standard,
    paths: Iterable[str | os.PathLike[str]],
    *,
    strict: bool = False,
) -> Impact:
    """Read evidence files (and folders of them) and return their :func:`impact`.

    .. versionadded:: 0.1.0
    """
    documents = ((str(path), read_evidence_document(path)) for path in evidence_paths(paths))
    return impact(a, b, documents, strict=strict)


# --- rendering ------------------------------------------------------------------------

_WORDS = {
    "community": N_("Community"),
    "a": N_("A total"),
    "b": N_("B total"),
    "difference": N_("Change"),
    "verdict_a": N_("A verdict"),
    "verdict_b": N_("B verdict"),
    "tier_a": N_("A tier"),
    "tier_b": N_("B tier"),
    "changed": N_("Changed"),
    "yes": N_("yes"),
    "no": N_("no"),
    "gained": N_("gains the rating"),
    "lost": N_("loses the rating"),
    "unchanged": N_("same verdict"),
    "none": N_("(no evidence files)"),
}


def _words(language: str) -> dict[str, str]:
    words = {key: translate(language, text) for key, text in _WORDS.items()}
    # a table cell: the short verdict words, not the report's "PASS"/"FAIL" headline
    words["passed"] = translate_in(language, "impact", "PASS")
    words["failed"] = translate_in(language, "impact", "FAIL")
    return words


def _title(result: Impact, language: str) -> str:
    return ntranslate(
        language,
        "Impact of {a} → {b} ({n} community)",
        "Impact of {a} → {b} ({n} communities)",
        len(result.communities),
        a=result.a,
        b=result.b,
    )


def _signed(value: Fraction) -> str:
    text = show_number(value)
    if value <= 0:
        return text
    return f"≈+{text[1:]}" if text.startswith("≈") else f"+{text}"


def _rows(result: Impact, language: str) -> tuple[dict[str, str], list[list[str]]]:
    words = _words(language)
    header = [
        words["community"],
        words["a"],
        words["b"],
        words["difference"],
        words["verdict_a"],
        words["verdict_b"],
        words["tier_a"],
        words["tier_b"],
        words["changed"],
    ]
    rows = [header]
    for item in result.communities:
        community = item.community
        name = community.name_en if language == "en" and community.name_en else community.name
        rows.append(
            [
                f"{name} [{community.id}]",
                show_number(item.a.total),
                show_number(item.b.total),
                _signed(item.difference),
                words["passed"] if item.a.passed else words["failed"],
                words["passed"] if item.b.passed else words["failed"],
                item.a.tier or "-",
                item.b.tier or "-",
                (
                    words[item.movement.value]
                    if item.movement is not Movement.UNCHANGED
                    else words["yes"]
                )
                if item.changed
                else words["no"],
            ]
        )
    return words, rows


def _totals(result: Impact, language: str) -> str:
    return translate(
        language,
        "{gained} gain the rating, {lost} lose it, {unchanged} keep their verdict; "
        "{changed} with a different total, verdict or tier.",
        gained=result.gained,
        lost=result.lost,
        unchanged=result.unchanged,
        changed=result.changed,
    )


def impact_text(result: Impact, language: str = "zh") -> str:
    """Return ``result`` as a plain-text table with the totals under it.

    .. versionadded:: 0.1.0
    """
    words, rows = _rows(result, language)
    lines = [_title(result, language), ""]
    if result.communities:
        lines += columns(
            rows,
            [None, None, None, None, None, None, None, None, None],
            right=[False, True, True, True],
        )
    else:
        lines.append(words["none"])
    lines += ["", _totals(result, language)]
    return "\n".join(lines) + "\n"


def impact_markdown(result: Impact, language: str = "zh") -> str:
    """Return ``result`` as a Markdown table with the totals under it.

    .. versionadded:: 0.1.0
    """
    words, rows = _rows(result, language)
    lines = [f"# {_title(result, language)}", ""]
    if result.communities:
        cells = [[cell.replace("|", "\\|") for cell in row] for row in rows]
        lines.append("| " + " | ".join(cells[0]) + " |")
        lines.append("| --- | ---: | ---: | ---: | --- | --- | --- | --- | --- |")
        lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
    else:
        lines.append(words["none"])
    lines += ["", _totals(result, language)]
    return "\n".join(lines) + "\n"


def impact_to_dict(result: Impact) -> dict[str, Any]:
    """Return the JSON form of ``result`` (the contract of ``impact --format json``).

    Totals are exact: decimals as JSON numbers, other fractions as ``"a/b"`` strings.

    .. versionadded:: 0.1.0
    """
    from ..formats.standard import json_ready

    def side(card: Scorecard) -> dict[str, Any]:
        return {
            "total": card.total,
            "passed": card.passed,
            "tier": card.tier,
            "blocked_by": list(card.blocked_by),
            "sha256": card.standard.sha256,
        }

    data = {
        "a": result.a,
        "b": result.b,
        "communities": [
            {
                "source": item.source,
                "id": item.community.id,
                "name": item.community.name,
                "a": side(item.a),
                "b": side(item.b),
                "difference": item.difference,
                "changed": item.changed,
                "movement": item.movement.value,
            }
            for item in result.communities
        ],
        "totals": {
            "communities": len(result.communities),
            "gained": result.gained,
            "lost": result.lost,
            "unchanged": result.unchanged,
            "changed": result.changed,
        },
    }
    result_data: dict[str, Any] = json_ready(data)
    return result_data
