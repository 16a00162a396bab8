"""The impact of a change of standard in words: a plain-text and a Markdown table of each
community's totals and verdicts under both standards, and the JSON form of
``impact --format json``.

.. versionadded:: 0.1.0
.. versionchanged:: 0.2.0
   Moved here from ``community_standards.versions.impact`` (still importable from the
   package).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ..formats.standard import json_ready
from ..messages.catalogue import N_, language_notices, ntranslate, translate, translate_in
from ..messages.layout import columns
from ..model.standard import Standard
from ..scoring.scorecard import Scorecard
from ..units.numbers import show_number
from ..versions.impact import Impact, Movement
from .scorecard import tier_title

__all__ = ["impact_markdown", "impact_text", "impact_to_dict"]


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
                tier_title(result.tiers_a, item.a.tier, language) if item.a.tier else "-",
                tier_title(result.tiers_b, item.b.tier, language) if item.b.tier else "-",
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


def _notices(standards: Sequence[Standard], language: str) -> list[str]:
    """What the report says once when it falls back (for either standard, said once)."""
    found = (notice for standard in standards for notice in language_notices(standard, language))
    return list(dict.fromkeys(found))


def impact_text(result: Impact, language: str = "zh", *, standards: Sequence[Standard] = ()) -> str:
    """Return ``result`` as a plain-text table with the totals under it.

    ``standards`` (A and B) say, under the title, where the report falls back to another
    language than ``language``.

    .. versionchanged:: 0.2.0
       ``standards``.

    .. versionadded:: 0.1.0
    """
    words, rows = _rows(result, language)
    lines = [_title(result, language)]
    lines += [f"({notice})" for notice in _notices(standards, language)] + [""]
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


def impact_markdown(
    result: Impact, language: str = "zh", *, standards: Sequence[Standard] = ()
) -> str:
    """Return ``result`` as a Markdown table with the totals under it.

    ``standards`` (A and B) say, under the title, where the report falls back to another
    language than ``language``.

    .. versionchanged:: 0.2.0
       ``standards``.

    .. versionadded:: 0.1.0
    """
    words, rows = _rows(result, language)
    lines = [f"# {_title(result, language)}", ""]
    notices = _notices(standards, language)
    lines += [f"> {notice}" for notice in notices] + ([""] if notices else [])
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
