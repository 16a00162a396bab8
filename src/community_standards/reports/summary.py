"""A city's summary written for people (Markdown) and for programs (JSON).

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from fractions import Fraction

from ..analysis.summary import NEAR_MISS_POINTS, CitySummary
from ..formats.standard import dumps_json
from ..units.numbers import show_number

__all__ = ["summary_json", "summary_markdown"]

_WORDS = {
    "zh": {
        "title": "全市汇总",
        "standard": "标准",
        "communities": "社区数",
        "passed": "达标",
        "pass_rate": "达标率",
        "pass_mark": "达标线",
        "totals": "总分分布",
        "mean": "平均",
        "median": "中位数",
        "lowest": "最低",
        "highest": "最高",
        "band": "分数段",
        "count": "社区数",
        "tiers": "等级",
        "tier": "等级",
        "no_tier": "未定级",
        "districts": "各区",
        "district": "区",
        "mean_total": "平均总分",
        "categories": "各类得分率",
        "category": "类别",
        "mean_score": "平均得分",
        "share": "得分率",
        "shortfalls": "未达标最多的指标",
        "indicator": "指标",
        "not_met": "未达标",
        "partly_met": "部分达标",
        "not_assessed": "未评估",
        "points_lost": "全市失分",
        "near": "差一点达标（距达标线 {n} 分以内）",
        "short_by": "差",
        "name": "社区",
        "total": "总分",
        "blocked": "否决项",
        "none": "无",
        "more": "另有 {n} 个未列出。",
        "unknown_district": "（未填）",
    },
    "en": {
        "title": "City summary",
        "standard": "Standard",
        "communities": "Communities",
        "passed": "Passed",
        "pass_rate": "Pass rate",
        "pass_mark": "Pass mark",
        "totals": "Distribution of totals",
        "mean": "mean",
        "median": "median",
        "lowest": "lowest",
        "highest": "highest",
        "band": "Total",
        "count": "Communities",
        "tiers": "Tiers",
        "tier": "Tier",
        "no_tier": "no tier",
        "districts": "Districts",
        "district": "District",
        "mean_total": "Mean total",
        "categories": "Categories: mean share of the maximum",
        "category": "Category",
        "mean_score": "Mean score",
        "share": "Share",
        "shortfalls": "Indicators most often not met",
        "indicator": "Indicator",
        "not_met": "Not met",
        "partly_met": "Partly met",
        "not_assessed": "Not assessed",
        "points_lost": "Points lost city-wide",
        "near": "Near misses (within {n} points of the pass mark)",
        "short_by": "Short by",
        "name": "Community",
        "total": "Total",
        "blocked": "Blocked by",
        "none": "none",
        "more": "{n} more not listed.",
        "unknown_district": "(not given)",
    },
}


def _percent(value: Fraction) -> str:
    return f"{show_number(value * 100)} %"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary_markdown(summary: CitySummary, language: str | None = None) -> str:
    """The summary as a Markdown report in ``language`` (default: the summary's own).

    .. versionadded:: 0.2.0
    """
    words = _WORDS["zh" if (language or summary.language) == "zh" else "en"]
    n = show_number
    lines = [
        f"# {words['title']}",
        "",
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
