"""Comparison reports: two assessments of one community side by side, as text or Markdown.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from fractions import Fraction

from ..analysis.compare import Comparison, Direction, IndicatorChange
from ..messages.catalogue import NC_, language_notices, problem_text, translate, translate_words
from ..messages.layout import REPORT_WIDTH, width, wrap
from ..model.standard import Standard
from ..scoring.scorecard import Scorecard
from ..units.numbers import show_number
from .scorecard import tier_title

__all__ = ["compare_markdown", "compare_text"]

_WORDS = {
    "community": NC_("report.compare", "Community"),
    "before": NC_("report.compare", "Before"),
    "after": NC_("report.compare", "After"),
    "total": NC_("report.compare", "Total"),
    "passed": NC_("report.compare", "PASS"),
    "failed": NC_("report.compare", "FAIL"),
    "title": NC_("report.compare", "Title"),
    "kept": NC_("report.compare", "kept"),
    "gained": NC_("report.compare", "gained"),
    "lost": NC_("report.compare", "lost"),
    "none": NC_("report.compare", "failed both times"),
    "risk": NC_(
        "report.compare",
        "Title at risk: the later assessment does not pass; the problems must be rectified",
    ),
    "better": NC_("report.compare", "better"),
    "worse": NC_("report.compare", "worse"),
    "unchanged": NC_("report.compare", "unchanged"),
    "added": NC_("report.compare", "added"),
    "removed": NC_("report.compare", "removed"),
    "no": NC_("report.compare", "No."),
    "change": NC_("report.compare", "Change"),
    "standards": NC_(
        "report.compare", "The assessments were scored under different standards: {a} → {b}"
    ),
    "counts": NC_(
        "report.compare",
        "{better} better, {worse} worse, {unchanged} unchanged, {added} added, {removed} removed",
    ),
}


def _words(language: str) -> dict[str, str]:
    return translate_words(language, _WORDS)


def _signed(number: Fraction) -> str:
    return ("+" if number > 0 else "") + show_number(number)


def _when(card: Scorecard) -> str:
    day = card.community.assessed_on
    return f"{day.isoformat()}, " if day else ""


def _side(card: Scorecard, words: dict[str, str], standard: Standard | None, language: str) -> str:
    verdict = words["passed"] if card.passed else words["failed"]
    title = card.tier
    if card.tier and standard is not None and standard.ref == card.standard.ref:
        title = tier_title(standard, card.tier, language)
    tier = f", {title}" if title else ""
    return (
        f"{_when(card)}{card.standard.ref}: {show_number(card.total)} / "
        f"{show_number(card.maximum)} {verdict}{tier}"
    )


def _head(result: Comparison, language: str, standard: Standard | None) -> list[str]:
    words = _words(language)
    community = result.after.community
    name = community.name_en if language == "en" and community.name_en else community.name
    lines = [
        f"{words['community']}: {name} [{community.id}]",
        f"{words['before']}: {_side(result.before, words, standard, language)}",
        f"{words['after']}: {_side(result.after, words, standard, language)}",
        f"{words['total']}: {_signed(result.difference)}   {words['title']}: {words[result.title.value]}",
    ]
    if not result.same_standard and result.before.standard.ref != result.after.standard.ref:
        lines.append(
            words["standards"].format(a=result.before.standard.ref, b=result.after.standard.ref)
        )
    if result.at_risk:
        lines.append(words["risk"])
    lines.append(words["counts"].format(**{m.value: len(result.by_change(m)) for m in Direction}))
    return lines


def _checks(result: Comparison, language: str) -> list[str]:
    """Each assessment's implausible values, named by the assessment: a change that comes
    from a misread value is worth checking before it is reported."""
    words = _words(language)
    found = [(words["before"], w) for w in result.warnings_before]
    found += [(words["after"], w) for w in result.warnings_after]
    return [f"{side}: {problem_text(item, language)}" for side, item in found]


def _points(item: IndicatorChange) -> str:
    old = "—" if item.before is None else show_number(item.before.awarded)
    new = "—" if item.after is None else show_number(item.after.awarded)
    return f"{old} → {new}"


def _text_of(standard: Standard | None, item: IndicatorChange, language: str) -> str:
    if standard is None:
        return item.id
    try:
        return standard.indicator(item.id).text.get(language)
    except KeyError:
        return item.id


def compare_text(result: Comparison, language: str = "zh", standard: Standard | None = None) -> str:
    """Return ``result`` as plain text: the totals and title, then each indicator that moved.

    ``standard`` (the later one) gives the indicators' texts; without it their ids are shown.

    .. versionadded:: 0.2.0
    """
    words = _words(language)
    lines = _head(result, language, standard)
    if standard is not None:
        lines[1:1] = [f"({notice})" for notice in language_notices(standard, language)]
    checks = _checks(result, language)
    if checks:
        lines.append(translate(language, "Check these values:"))
        for line in checks:
            lines += wrap(line, REPORT_WIDTH, "  ! ", "    ")
    for direction in (Direction.WORSE, Direction.BETTER, Direction.ADDED, Direction.REMOVED):
        items = result.by_change(direction)
        if not items:
            continue
        lines += ["", f"{words[direction.value]}:"]
        for item in items:
            head = f"  {item.number:>4}  {_points(item):<14} "
            lines += wrap(_text_of(standard, item, language), REPORT_WIDTH, head, " " * width(head))
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def compare_markdown(
    result: Comparison, language: str = "zh", standard: Standard | None = None
) -> str:
    """Return ``result`` as a Markdown report in ``language``.

    .. versionadded:: 0.2.0
    """
    words = _words(language)
    head = _head(result, language, standard)
    lines = [f"# {_md(head[0])}", ""]
    notices = [] if standard is None else language_notices(standard, language)
    lines += [f"> {_md(notice)}" for notice in notices] + ([""] if notices else [])
    lines += [f"- {_md(line)}" for line in head[1:]] + [""]
    checks = _checks(result, language)
    if checks:
        lines += [f"**{_md(translate(language, 'Check these values:'))}**", ""]
        lines += [f"- {_md(line)}" for line in checks] + [""]
    lines += [
        f"| {words['no']} | {words['change']} | {words['before']} → {words['after']} | |",
        "| ---: | --- | ---: | --- |",
    ]
    for item in result.indicators:
        if item.change is Direction.UNCHANGED:
            continue
        lines.append(
            f"| {item.number} | {words[item.change.value]} | {_points(item)} "
            f"| {_md(_text_of(standard, item, language))} |"
        )
    return "\n".join(lines) + "\n"
