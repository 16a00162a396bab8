"""Scorecard reports: a JSON-ready dict, plain text and Markdown, in Chinese or English.

Pure functions from a :class:`Scorecard` (and its :class:`Standard`) to text; the same
input always gives the same bytes.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

from ..messages.catalogue import (
    N_,
    language_notices,
    ntranslate,
    problem_text,
    translate,
    translate_in,
)
from ..messages.layout import REPORT_WIDTH, column_rows, status_word, wrap
from ..messages.terminal import printable
from ..model.errors import Problem
from ..model.standard import Standard, Tier
from ..scoring.scorecard import CategoryResult, Scorecard
from ..units.numbers import show_number

__all__ = ["scorecard_markdown", "scorecard_text", "scorecard_to_dict", "tier_title"]


def _exact(value: Any) -> Any:
    from ..formats.standard import json_ready

    return json_ready(value)


def scorecard_to_dict(card: Scorecard, *, warnings: Sequence[Problem] = ()) -> dict[str, Any]:
    """Return the JSON form of ``card`` (the documented contract of ``score --format json``).

    Points are exact: decimals as JSON numbers (``2.5``), other fractions as ``"a/b"``.
    ``warnings`` (the evidence's, :attr:`~community_standards.Evidence.warnings`) are
    listed under ``"warnings"`` as ``{"path", "message"}``.

    .. versionadded:: 0.1.0
    """
    from ..formats.standard import CONVERTER

    return {
        "standard": CONVERTER.unstructure(card.standard),
        # the fields given, in the evidence file's form
        "community": _exact(CONVERTER.unstructure(card.community)),
        "total": _exact(card.total),
        "max": _exact(card.maximum),
        "denominator": _exact(card.denominator),
        "pass_mark": _exact(card.pass_mark),
        "passed": card.passed,
        "not_assessed": sum(1 for r in card.indicators if r.status.value == "not_assessed"),
        "tier": card.tier,
        "blocked_by": list(card.blocked_by),
        **(
            {
                "effects": [
                    {"zh": reason.zh, "en": reason.en, "check": reason.check}
                    for reason in card.effects
                ]
            }
            if card.effects
            else {}
        ),
        "categories": [
            {
                "id": c.id,
                "score": _exact(c.score),
                "max": _exact(c.maximum),
                "points": _exact(c.points),
                "possible": _exact(c.possible),
                **({"bonus": True} if c.bonus else {}),
                **(
                    {
                        "reasons": [
                            {"zh": reason.zh, "en": reason.en, "check": reason.check}
                            for reason in c.reasons
                        ]
                    }
                    if c.reasons
                    else {}
                ),
            }
            for c in card.categories
        ],
        "indicators": [
            {
                "id": r.id,
                "number": r.number,
                "category": r.category,
                "awarded": _exact(r.awarded),
                "max": _exact(r.maximum),
                "status": r.status.value,
                "role": r.role,
                "reasons": [
                    {"zh": reason.zh, "en": reason.en, "check": reason.check}
                    for reason in r.reasons
                ],
            }
            for r in card.indicators
        ],
        **(
            {"warnings": [{"path": w.path, "message": w.message} for w in warnings]}
            if warnings
            else {}
        ),
    }


_WORDS = {
    "community": N_("Community"),
    "standard": N_("Standard"),
    "assessed": N_("Assessed on"),
    "assessor": N_("Assessor"),
    "no": N_("No."),
    "indicator": N_("Indicator"),
    "points": N_("Points"),
    "status": N_("Status"),
    "category": N_("Category"),
    "total": N_("Total"),
    "pass_mark": N_("Pass mark"),
    "verdict": N_("Verdict"),
    "passed": N_("PASS"),
    "failed": N_("FAIL"),
    "tier": N_("Tier"),
    "blocked": N_("Blocked by prerequisite or veto items"),
    "reasons": N_("Points lost"),
}


def _words(language: str) -> dict[str, str]:
    """The report's words in ``language`` (placeholders left for the caller)."""
    return {key: translate(language, text) for key, text in _WORDS.items()}


def _subtotal(category: CategoryResult, language: str) -> str:
    """A category's points for the report: "35/60", or for a bonus category the points it
    adds above the total and the most it can ("+5 bonus, at most 6"), never "5/0"."""
    score, most = show_number(category.score), show_number(category.maximum)
    if not category.bonus and not category.maximum and category.score:
        # a category of bonus items only, worth 0 of the total
        return translate_in(language, "scorecard", "+{score} bonus", score=score)
    if not category.bonus:
        return _fraction_of(category.score, category.maximum)
    return translate_in(
        language, "scorecard", "+{score} bonus (at most {most})", score=score, most=most
    )


def _fraction_of(awarded: Fraction, maximum: Fraction) -> str:
    return f"{show_number(awarded)}/{show_number(maximum)}"


def _context(
    card: Scorecard, standard: Standard, language: str
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    words = _words(language)
    titles = {category.id: category.title.get(language) for category in standard.categories}
    texts = {indicator.id: indicator.text.get(language) for _, indicator in standard.indicators()}
    return words, titles, texts


def _header(card: Scorecard, standard: Standard, language: str, words: dict[str, str]) -> list[str]:
    community = card.community
    name = community.name_en if language == "en" and community.name_en else community.name
    lines = [f"{standard.title.get(language)} ({card.standard.ref})"]
    place = " ".join(part for part in (community.district, community.street) if part)
    lines.append(f"{words['community']}: {name} [{community.id}]" + (f"  {place}" if place else ""))
    if community.assessed_on or community.assessor:
        bits = []
        if community.assessed_on:
            bits.append(f"{words['assessed']}: {community.assessed_on.isoformat()}")
        if community.assessor:
            bits.append(f"{words['assessor']}: {community.assessor}")
        lines.append("  ".join(bits))
    return lines


def tier_title(standard: Standard | Iterable[Tier], tier: str, language: str) -> str:
    """The title of tier ``tier`` in ``language``, from ``standard`` (or its tiers).

    The id is returned when no tier of that id is known or it has no title.

    .. versionadded:: 0.2.0
    """
    tiers = standard.tiers if isinstance(standard, Standard) else standard
    for item in tiers:
        if item.id == tier:
            return item.title.get(language) or tier
    return tier


def _verdict(
    card: Scorecard, standard: Standard, words: dict[str, str], language: str
) -> list[str]:
    unassessed = sum(1 for result in card.indicators if result.status.value == "not_assessed")
    lines = [
        ntranslate(
            language,
            "{n} indicator was not assessed (no evidence for it)",
            "{n} indicators were not assessed (no evidence for them)",
            unassessed,
        ),
        f"{words['total']}: {show_number(card.total)} / {show_number(card.maximum)}   "
        f"{words['pass_mark']}: {show_number(card.pass_mark)}   "
        f"{words['verdict']}: {words['passed'] if card.passed else words['failed']}",
    ]
    if card.tier is not None:
        lines.append(f"{words['tier']}: {tier_title(standard, card.tier, language)}")
    if card.blocked_by:
        lines.append(f"{words['blocked']}: {', '.join(card.blocked_by)}")
    for reason in card.effects:
        lines.append("  - " + reason.get(language))
    if card.denominator != card.maximum:
        lines.append(
            translate(
                language,
                "not-applicable items excluded: counted out of {d}, scaled to {m}",
                d=show_number(card.denominator),
                m=show_number(card.maximum),
            )
        )
    return lines


def _warnings(warnings: Sequence[Problem], language: str) -> list[str]:
    if not warnings:
        return []
    return [translate(language, "Check these values:")] + [
        f"  ! {problem_text(item, language)}" for item in warnings
    ]


def scorecard_text(
    card: Scorecard, standard: Standard, language: str = "zh", *, warnings: Sequence[Problem] = ()
) -> str:
    """Return ``card`` as a plain-text table for a person, in ``language`` (``zh``/``en``).

    ``warnings`` (the evidence's implausible values) are listed under the header.

    .. versionadded:: 0.1.0
    """
    words, titles, texts = _context(card, standard, language)
    lines = _header(card, standard, language, words) + _warnings(warnings, language)
    lines += [f"({notice})" for notice in language_notices(standard, language)]
    by_category: dict[str, list[Any]] = {}
    for result in card.indicators:
        by_category.setdefault(result.category, []).append(result)
    for category in card.categories:
        lines.append("")
        lines.append(f"{titles[category.id]}  {_subtotal(category, language)}")
        for reason in category.reasons:
            lines.append("    - " + reason.get(language))
        rows = []
        for result in by_category.get(category.id, []):
            rows.append(
                [
                    result.number,
                    texts[result.id],
                    _fraction_of(result.awarded, result.maximum),
                    status_word(result.status.value, language),
                ]
            )
        table = column_rows(rows, [None, 64, None, None], right=[True, False, True])
        for row_lines, result in zip(table, by_category.get(category.id, []), strict=True):
            lines.extend("  " + line for line in row_lines)
            for reason in result.reasons:
                lines.extend(wrap(reason.get(language), REPORT_WIDTH, "        - ", " " * 10))
    lines.append("")
    lines.extend(_verdict(card, standard, words, language))
    return "\n".join(map(printable, lines)) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def scorecard_markdown(
    card: Scorecard, standard: Standard, language: str = "zh", *, warnings: Sequence[Problem] = ()
) -> str:
    """Return ``card`` as a Markdown report in ``language`` (``zh``/``en``).

    ``warnings`` (the evidence's implausible values) are listed under the header.

    .. versionadded:: 0.1.0
    """
    words, titles, texts = _context(card, standard, language)
    header = _header(card, standard, language, words)
    lines = [f"# {_md(header[0])}", ""] + [f"- {_md(line)}" for line in header[1:]] + [""]
    notices = language_notices(standard, language)
    lines += [f"> {_md(notice)}" for notice in notices] + ([""] if notices else [])
    if warnings:
        lines += [f"**{_md(translate(language, 'Check these values:'))}**", ""]
        lines += [f"- {_md(problem_text(item, language))}" for item in warnings] + [""]
    lines += [
        f"**{_md(line)}**" if i == 1 else _md(line)  # the first line counts the not assessed
        for i, line in enumerate(_verdict(card, standard, words, language))
    ]
    lines.append("")
    lines += [f"| {words['category']} | {words['points']} |", "| --- | ---: |"]
    for category in card.categories:
        lines.append(f"| {_md(titles[category.id])} | {_subtotal(category, language)} |")
    lines.append("")
    noted = [(c, reason) for c in card.categories for reason in c.reasons]
    lines += [f"- {_md(titles[c.id])}: {_md(reason.get(language))}" for c, reason in noted]
    lines += [""] if noted else []
    lines += [
        f"| {words['no']} | {words['indicator']} | {words['points']} | {words['status']} | {words['reasons']} |",
        "| ---: | --- | ---: | --- | --- |",
    ]
    for result in card.indicators:
        reasons = "<br>".join(_md(reason.get(language)) for reason in result.reasons)
        lines.append(
            f"| {result.number} | {_md(texts[result.id])} | {_fraction_of(result.awarded, result.maximum)} "
            f"| {status_word(result.status.value, language)} | {reasons} |"
        )
    return "\n".join(map(printable, lines)) + "\n"
