"""Gap reports: what a community still lacks and the smallest set of fixes, as text or
Markdown, in Chinese or English.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from ..analysis.gap import Fix, Gap
from ..messages.catalogue import (
    NC_,
    language_notices,
    problem_text,
    translate,
    translate_in,
    translate_words,
)
from ..messages.layout import REPORT_WIDTH, wrap
from ..units.numbers import show_number
from .scorecard import _warnings, tier_title

__all__ = ["gap_markdown", "gap_text"]

_WORDS = {
    "community": NC_("report.gap", "Community"),
    "total": NC_("report.gap", "Total"),
    "target": NC_("report.gap", "Target"),
    "pass": NC_("report.gap", "pass"),
    "short": NC_("report.gap", "short by"),
    "reached": NC_("report.gap", "The target is reached already: nothing to fix."),
    "plan": NC_(
        "report.gap",
        "Smallest set of fixes reaching the target ({n}): {items}; total after them {after}, {verdict}",
    ),
    "none": NC_("report.gap", "No set of fixes reaches the target."),
    "inexact": NC_("report.gap", " (search limit reached: the set may not be the smallest)"),
    "fixes": NC_("report.gap", "Fixes (missing evidence first)"),
    "no": NC_("report.gap", "No."),
    "points": NC_("report.gap", "Points"),
    "change": NC_("report.gap", "What must change"),
    "departments": NC_("report.gap", "Departments"),
    "in_plan": NC_("report.gap", "plan"),
    "passes": NC_("report.gap", "passes"),
    "fails": NC_("report.gap", "still fails"),
    "missing": NC_("report.gap", "missing evidence"),
    "unfixable": NC_("report.gap", "not worked out"),
    "partial": NC_("report.gap", "partly: to {earns} points"),
    "points_word": NC_("report.gap", "points"),
}


def _words(language: str) -> dict[str, str]:
    return translate_words(language, _WORDS)


def _departments(result: Gap, fix: Fix, language: str) -> str:
    names = {d.id: d.name.get(language) for d in result.standard.departments}
    return translate_in(language, "list", ", ").join(names.get(d, d) for d in fix.departments)


def _target(result: Gap, language: str) -> str:
    words = _words(language)
    target = result.target
    if target.kind == "pass":
        return f"{words['pass']} ({show_number(target.points)})"
    if target.kind == "tier":
        title = tier_title(result.standard, target.tier, language) if target.tier else ""
        return f"{title} ({show_number(target.points)})"
    return show_number(target.points)


def _summary(result: Gap, language: str = "zh") -> list[str]:
    """The head of a gap report: community, total, target, points short and the plan."""
    words = _words(language)
    card = result.card
    community = card.community
    name = community.name_en if language == "en" and community.name_en else community.name
    lines = [
        f"{words['community']}: {name} [{community.id}]  {result.standard.title.get(language)} ({card.standard.ref})",
        f"{words['total']}: {show_number(card.total)} / {show_number(card.maximum)}   "
        f"{words['target']}: {_target(result, language)}   {words['short']}: {show_number(result.short)}",
    ]
    if result.reached:
        lines.append(words["reached"])
    elif not result.reaches:
        lines.append(words["none"] + ("" if result.exact else words["inexact"]))
    else:
        numbers = [result.standard.indicator(i).number for i in result.plan]
        verdict = words["passes"] if result.after.passed else words["fails"]
        lines.append(
            words["plan"].format(
                n=len(result.plan),
                items=", ".join(numbers),
                after=show_number(result.after.total),
                verdict=verdict,
            )
            + ("" if result.exact else words["inexact"])
        )
    return lines


def gap_text(result: Gap, language: str = "zh") -> str:
    """Return ``result`` as plain text for a person, in ``language`` (``zh``/``en``); the
    evidence's implausible values (``result.warnings``) are listed under the header.

    .. versionadded:: 0.2.0
    """
    words = _words(language)
    lines = _summary(result, language)
    notices = [f"({notice})" for notice in language_notices(result.standard, language)]
    lines[1:1] = notices + _warnings(result.warnings, language)
    if result.fixes:
        lines += ["", words["fixes"] + ":"]
    for fix in result.fixes:
        mark = "*" if fix in result.chosen else " "
        note = ""
        if fix.missing:
            note = f" [{words['missing']}]"
        if fix.partial and fix.earns is not None:
            note += f" [{words['partial'].format(earns=show_number(fix.earns))}]"
        if not fix.fixable:
            note += f" [{words['unfixable']}]"
        departments = _departments(result, fix, language)
        lines.append(
            f"{mark} {fix.number:>3}  +{show_number(fix.gain)} {words['points_word']}{note}"
            + (f"  ({departments})" if departments else "")
        )
        for edit in fix.edits:
            lines += wrap(edit.get(language), REPORT_WIDTH, "        - ", " " * 10)
        if not fix.edits:
            lines += wrap(fix.change(language), REPORT_WIDTH, "        - ", " " * 10)
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def gap_markdown(result: Gap, language: str = "zh") -> str:
    """Return ``result`` as a Markdown report in ``language`` (``zh``/``en``).

    .. versionadded:: 0.2.0
    """
    words = _words(language)
    head = _summary(result, language)
    lines = [f"# {_md(head[0])}", "", _md(head[1]), ""]
    notices = language_notices(result.standard, language)
    lines += [f"> {_md(notice)}" for notice in notices] + ([""] if notices else [])
    if result.warnings:
        lines += [f"**{_md(translate(language, 'Check these values:'))}**", ""]
        lines += [f"- {_md(problem_text(item, language))}" for item in result.warnings] + [""]
    lines += [f"**{_md(head[2])}**", ""]
    if result.fixes:
        lines += [
            f"| {words['in_plan']} | {words['no']} | {words['points']} | {words['change']} | {words['departments']} |",
            "| :-: | ---: | ---: | --- | --- |",
        ]
    for fix in result.fixes:
        mark = "✓" if fix in result.chosen else ""
        extra = f" ({words['missing']})" if fix.missing else ""
        if fix.partial and fix.earns is not None:
            extra += f" ({words['partial'].format(earns=show_number(fix.earns))})"
        lines.append(
            f"| {mark} | {fix.number} | {show_number(fix.gain)} | {_md(fix.change(language))}{extra} "
            f"| {_md(_departments(result, fix, language))} |"
        )
    return "\n".join(lines) + "\n"
