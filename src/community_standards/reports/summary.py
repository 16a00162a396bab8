"""A city's summary written for people (Markdown) and for programs (JSON).

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from fractions import Fraction

from ..analysis.summary import NEAR_MISS_POINTS, CitySummary
from ..formats.standard import dumps_json
from ..messages.catalogue import NC_, language_notices, translate_words
from ..model.standard import Standard
from ..units.numbers import show_number

__all__ = ["summary_json", "summary_markdown"]

_WORDS = {
    "title": NC_("report.summary", "City summary"),
    "standard": NC_("report.summary", "Standard"),
    "communities": NC_("report.summary", "Communities"),
    "passed": NC_("report.summary", "Passed"),
    "pass_rate": NC_("report.summary", "Pass rate"),
    "pass_mark": NC_("report.summary", "Pass mark"),
    "totals": NC_("report.summary", "Distribution of totals"),
    "mean": NC_("report.summary", "mean"),
    "median": NC_("report.summary", "median"),
    "lowest": NC_("report.summary", "lowest"),
    "highest": NC_("report.summary", "highest"),
    "band": NC_("report.summary.band", "Total"),
    "count": NC_("report.summary", "Communities"),
    "tiers": NC_("report.summary", "Tiers"),
    "tier": NC_("report.summary", "Tier"),
    "no_tier": NC_("report.summary", "no tier"),
    "districts": NC_("report.summary", "Districts"),
    "district": NC_("report.summary", "District"),
    "mean_total": NC_("report.summary", "Mean total"),
    "categories": NC_("report.summary", "Categories: mean share of the maximum"),
    "category": NC_("report.summary", "Category"),
    "mean_score": NC_("report.summary", "Mean score"),
    "share": NC_("report.summary", "Share"),
    "shortfalls": NC_("report.summary", "Indicators most often not met"),
    "indicator": NC_("report.summary", "Indicator"),
    "not_met": NC_("report.summary", "Not met"),
    "partly_met": NC_("report.summary", "Partly met"),
    "not_assessed": NC_("report.summary", "Not assessed"),
    "points_lost": NC_("report.summary", "Points lost city-wide"),
    "near": NC_("report.summary", "Near misses (within {n} points of the pass mark)"),
    "short_by": NC_("report.summary", "Short by"),
    "name": NC_("report.summary", "Community"),
    "total": NC_("report.summary.total", "Total"),
    "blocked": NC_("report.summary", "Blocked by"),
    "none": NC_("report.summary", "none"),
    "more": NC_("report.summary", "{n} more not listed."),
    "unknown_district": NC_("report.summary", "(not given)"),
}


def _percent(value: Fraction) -> str:
    return f"{show_number(value * 100)} %"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary_markdown(
    summary: CitySummary, language: str | None = None, *, standard: Standard | None = None
) -> str:
    """The summary as a Markdown report in ``language`` (default: the summary's own).

    ``standard`` (the one scored) says, under the title, where the report falls back to
    another language.

    .. versionadded:: 0.2.0
    """
    language = language or summary.language
    words = translate_words(language, _WORDS)
    n = show_number
    notices = [] if standard is None else language_notices(standard, language)
    lines = [
        f"# {words['title']}",
        "",
        *(f"> {notice}" for notice in notices),
        *([""] if notices else []),
        f"- {words['standard']}: {summary.standard}",
        f"- {words['communities']}: {summary.communities}",
        f"- {words['passed']}: {summary.passed} ({_percent(summary.pass_rate)})",
        f"- {words['pass_mark']}: {n(summary.pass_mark)} / {n(summary.maximum)}",
        "",
        f"## {words['totals']}",
        "",
        f"{words['mean']} {n(summary.mean_total)}, {words['median']} {n(summary.median_total)}, "
        f"{words['lowest']} {n(summary.lowest_total)}, {words['highest']} {n(summary.highest_total)}",
        "",
        f"| {words['band']} | {words['count']} |",
        "| --- | ---: |",
    ]
    for index, band in enumerate(summary.bands):
        close = "]" if index == len(summary.bands) - 1 else ")"
        lines.append(f"| [{n(band.low)}, {n(band.high)}{close} | {band.communities} |")
    if summary.tiers:
        lines += ["", f"## {words['tiers']}", "", f"| {words['tier']} | {words['count']} |"]
        lines.append("| --- | ---: |")
        for tier, title, count in summary.tiers:
            lines.append(f"| {_md(title)} ({tier}) | {count} |")
        lines.append(f"| {words['no_tier']} | {summary.no_tier} |")
    lines += [
        "",
        f"## {words['districts']}",
        "",
        f"| {words['district']} | {words['communities']} | {words['passed']} | "
        f"{words['pass_rate']} | {words['mean_total']} |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for district in summary.districts:
        lines.append(
            f"| {_md(district.district or words['unknown_district'])} | {district.communities} | "
            f"{district.passed} | {_percent(district.pass_rate)} | {n(district.mean_total)} |"
        )
    lines += [
        "",
        f"## {words['categories']}",
        "",
        f"| {words['category']} | {words['mean_score']} | {words['share']} |",
        "| --- | ---: | ---: |",
    ]
    for category in summary.categories:
        lines.append(
            f"| {_md(category.title)} | {n(category.mean_score)} / {n(category.maximum)} | "
            f"{_percent(category.mean_share)} |"
        )
    lines += ["", f"## {words['shortfalls']}", ""]
    if summary.shortfalls:
        lines += [
            f"| {words['indicator']} | {words['not_met']} | {words['partly_met']} | "
            f"{words['not_assessed']} | {words['points_lost']} |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for item in summary.shortfalls:
            lines.append(
                f"| {item.number}. {_md(item.text)} | {item.not_met} | {item.partly_met} | "
                f"{item.not_assessed} | {n(item.points_lost)} |"
            )
    else:
        lines.append(words["none"])
    lines += ["", f"## {words['near'].format(n=n(NEAR_MISS_POINTS))}", ""]
    if summary.near_misses:
        lines += [
            f"| {words['name']} | {words['district']} | {words['total']} | {words['short_by']} | "
            f"{words['blocked']} |",
            "| --- | --- | ---: | ---: | --- |",
        ]
        for miss in summary.near_misses:
            lines.append(
                f"| {_md(miss.name)} ({miss.id}) | {_md(miss.district)} | {n(miss.total)} | "
                f"{n(miss.short_by)} | {', '.join(miss.blocked_by) or '-'} |"
            )
        hidden = summary.near_miss_count - len(summary.near_misses)
        if hidden:
            lines += ["", words["more"].format(n=hidden)]
    else:
        lines.append(words["none"])
    return "\n".join(lines) + "\n"


def summary_json(summary: CitySummary) -> str:
    """The summary as indented JSON (numbers as exact text).

    .. versionadded:: 0.2.0
    """
    return dumps_json(summary.to_dict())
