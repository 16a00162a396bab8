"""HTML reports people read: one self-contained file each (inline CSS and SVG, nothing
fetched, no script), in Chinese or English, with a print stylesheet for A4.

Written with jinja2 templates shipped in the package (the ``html`` extra), autoescaping
on: every text comes from a data file someone else wrote.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..analysis.compare import Comparison, Direction
from ..analysis.gap import Gap
from ..analysis.summary import CitySummary
from ..messages.catalogue import problem_text, translate
from ..messages.layout import STATUS_WORDS
from ..model.errors import Problem
from ..model.standard import Standard
from ..register.store import AssessmentRow, EventRow, StatusRow
from ..scoring.scorecard import IndicatorStatus, Scorecard
from ..units.numbers import show_number
from . import charts
from .scorecard import tier_title

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "compare_html",
    "gap_html",
    "history_html",
    "scorecard_html",
    "status_html",
    "summary_html",
]

_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "assessed": "评估日期",
        "total": "总分",
        "pass_mark": "合格线",
        "verdict": "结论",
        "passed": "达标",
        "failed": "未达标",
        "tier": "等级",
        "lost": "失分",
        "blocked": "否决或前提项未满足",
        "shares": "各类得分率与合格线",
        "pass_line": "合格线 {p} %",
        "lost_per_indicator": "各指标失分",
        "no": "序号",
        "indicator": "指标",
        "points": "得分",
        "status": "结果",
        "heading": "整改分析",
        "target": "目标",
        "short": "尚差",
        "after": "整改后",
        "chart": "各整改项可得分",
        "fixes": "整改项（缺少证据的排在最前）",
        "gain": "可得分",
        "change": "需要的变更",
        "departments": "责任部门",
        "in_plan": "入选",
        "missing": "缺证据",
        "before": "前次",
        "difference": "变化",
        "title": "称号",
        "risk": "称号有被取消的风险：本次未达标，须限期整改",
        "changed": "有变化的指标",
        "by_district": "各区达标率",
        "trend": "历次评估总分",
        "communities": "社区",
        "events": "称号记录",
        "date": "日期",
        "event": "事项",
        "recorded": "记录人与时间",
        "register": "美丽社区称号登记",
        "c_heading": "两次评估对比",
        "c_after": "本次",
        "c_before": "前次",
        "c_chart": "有变化指标的本次得分",
        "c_change": "变化",
        "city": "全市汇总",
        "pass_rate": "达标率",
        "mean": "平均分",
        "median": "中位数",
        "near": "差 5 分以内",
        "distribution": "总分分布与合格线",
        "shares_city": "各类平均得分率与合格线",
        "costly": "全市失分最多的指标",
        "near_list": "差 5 分以内未达标的社区",
        "district": "区",
        "generated": "由 community-standards 生成",
    },
    "en": {
        "assessed": "assessed",
        "total": "Total",
        "pass_mark": "Pass mark",
        "verdict": "Verdict",
        "passed": "PASS",
        "failed": "FAIL",
        "tier": "Tier",
        "lost": "Points lost",
        "blocked": "Blocked by prerequisite or veto items",
        "shares": "Share of each category's points, against the pass line",
        "pass_line": "pass line {p} %",
        "lost_per_indicator": "Points lost per indicator",
        "no": "No.",
        "indicator": "Indicator",
        "points": "Points",
        "status": "Status",
        "heading": "What to fix",
        "target": "Target",
        "short": "Short by",
        "after": "After the plan",
        "chart": "Points each fix would add",
        "fixes": "Fixes (missing evidence first)",
        "gain": "Adds",
        "change": "What must change",
        "departments": "Departments",
        "in_plan": "plan",
        "missing": "missing evidence",
        "before": "Before",
        "difference": "Change",
        "title": "Title",
        "risk": "Title at risk: the later assessment does not pass; the problems must be rectified",
        "changed": "Indicators that changed",
        "by_district": "Pass rate by district",
        "trend": "Totals over the assessments",
        "communities": "Communities",
        "events": "The title's record",
        "date": "Date",
        "event": "Event",
        "recorded": "Recorded by, at",
        "register": "Register of titles",
        "c_heading": "Two assessments compared",
        "c_after": "After",
        "c_before": "Before",
        "c_chart": "Points now, for the indicators that changed",
        "c_change": "Change",
        "city": "City summary",
        "pass_rate": "Pass rate",
        "mean": "Mean total",
        "median": "Median total",
        "near": "Within 5 points",
        "distribution": "Distribution of totals, with the pass mark",
        "shares_city": "Mean share of each category, against the pass line",
        "costly": "The indicators that cost the city most points",
        "near_list": "Communities that fail by 5 points or less",
        "district": "District",
        "generated": "Made by community-standards",
    },
}


def _words(language: str) -> dict[str, str]:
    return _WORDS["zh" if language == "zh" else "en"]


@functools.cache
def _environment() -> jinja2.Environment:
    try:
        import jinja2
    except ImportError:
        from ..model.errors import CommunityStandardsError

        raise CommunityStandardsError(
            "html", "HTML reports need jinja2: pip install 'community-standards[html]'"
        ) from None
    from importlib.resources import files

    folder = files("community_standards.reports") / "templates"

    def load(name: str) -> str:
        return (folder / name).read_text(encoding="utf-8")

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _render(template: str, language: str, **context: Any) -> str:
    words = _words(language)
    return (
        _environment()
        .get_template(template)
        .render(
            lang="zh-CN" if language == "zh" else "en",
            w=words,
            footer=words["generated"],
            **context,
        )
    )


def _name(card: Scorecard, language: str) -> str:
    community = card.community
    return community.name_en if language == "en" and community.name_en else community.name


def _status_word(status: IndicatorStatus | str, language: str) -> str:
    return STATUS_WORDS[str(status)][0 if language == "zh" else 1]


def _warning_items(warnings: Sequence[Problem], language: str) -> list[dict[str, str]]:
    return [{"path": item.path, "text": problem_text(item, language)} for item in warnings]


def scorecard_html(
    card: Scorecard, standard: Standard, language: str = "zh", *, warnings: Sequence[Problem] = ()
) -> str:
    """``card`` as a self-contained HTML page: verdict, category shares against the pass
    line, points lost per indicator, and every indicator with its reasons.

    ``warnings`` (the evidence's implausible values) are listed under the verdict, as in
    the text report.

    .. versionadded:: 0.2.0
    """
    words = _words(language)
    titles = {c.id: c.title.get(language) for c in standard.categories}
    texts = {i.id: i.text.get(language) for _, i in standard.indicators()}
    pass_share = card.pass_mark / card.maximum if card.maximum else Fraction(0)
    category_chart = charts.bars(
        words["shares"],
        [(titles.get(c.id, c.id), c.score, c.maximum) for c in card.categories],
        mark=pass_share,
        mark_label=words["pass_line"].format(p=show_number(pass_share * 100)),
        share=True,
    )
    lost = sorted(
        (
            (f"{r.number} {texts.get(r.id, r.id)}", r.maximum - r.awarded, r.maximum)
            for r in card.indicators
            if r.awarded < r.maximum and r.status is not IndicatorStatus.NOT_APPLICABLE
        ),
        key=lambda row: -row[1],
    )
    lost_chart = charts.bars(words["lost_per_indicator"], lost) if lost else ""
    categories = []
    for category in card.categories:
        rows = [
            {
                "id": r.id,
                "number": r.number,
                "text": texts.get(r.id, r.id),
                "awarded": show_number(r.awarded),
                "maximum": show_number(r.maximum),
                "status": _status_word(r.status, language),
                "lost": r.awarded < r.maximum and r.status is not IndicatorStatus.NOT_APPLICABLE,
                "reasons": [reason.get(language) for reason in r.reasons],
            }
            for r in card.indicators
            if r.category == category.id
        ]
        categories.append(
            {
                "id": category.id,
                "title": titles.get(category.id, category.id),
                "score": show_number(category.score),
                "maximum": show_number(category.maximum),
                "rows": rows,
            }
        )
    community = card.community
    scaled = ""
    if card.denominator != card.maximum:
        scaled = f"{show_number(card.denominator)} → {show_number(card.maximum)}"
    return _render(
        "scorecard.html",
        language,
        title=f"{_name(card, language)} · {show_number(card.total)}",
        community=f"{_name(card, language)} [{community.id}]",
        standard_title=standard.title.get(language),
        ref=card.standard.ref,
        place=" ".join(p for p in (community.district, community.street) if p),
        assessed=community.assessed_on.isoformat() if community.assessed_on else "",
        assessor=community.assessor or "",
        total=show_number(card.total),
        maximum=show_number(card.maximum),
        pass_mark=show_number(card.pass_mark),
        passed=card.passed,
        tier=tier_title(standard, card.tier, language) if card.tier else "",
        lost=show_number(card.lost),
        blocked=", ".join(card.blocked_by),
        scaled=scaled,
        category_chart=category_chart,
        lost_chart=lost_chart,
        categories=categories,
        warnings=_warning_items(warnings, language),
        check_values=translate(language, "Check these values:"),
    )


def gap_html(result: Gap, language: str = "zh") -> str:
    """A gap analysis as a self-contained HTML page: the points short, the plan, a chart of
    what each fix adds, and every fix with its changes and departments.

    .. versionadded:: 0.2.0
    """
    from .gap import _departments, _summary

    words = _words(language)
    standard = result.standard
    texts = {i.id: i.text.get(language) for _, i in standard.indicators()}
    fixes = [
        {
            "id": fix.indicator,
            "number": fix.number,
            "gain": show_number(fix.gain),
            "in_plan": fix in result.chosen,
            "missing": fix.missing,
            "text": texts.get(fix.indicator, fix.indicator),
            "changes": [edit.get(language) for edit in fix.edits] or [fix.change(language)],
            "departments": _departments(result, fix, language),
        }
        for fix in result.fixes
    ]
    rows = [
        (f"{fix.number} {texts.get(fix.indicator, fix.indicator)}", fix.gain, fix.points)
        for fix in result.fixes
        if fix.fixable and fix.gain > 0
    ]
    chart = charts.bars(words["chart"], rows[:20]) if rows else ""
    card = result.card
    return _render(
        "gap.html",
        language,
        title=f"{_name(card, language)} · {words['heading']}",
        community=f"{_name(card, language)} [{card.community.id}]",
        standard_title=standard.title.get(language),
        ref=card.standard.ref,
        total=show_number(card.total),
        target=show_number(result.target.points),
        target_name=f"{result.target.name} ({show_number(result.target.points)})",
        short=show_number(result.short),
        after=show_number(result.after.total),
        after_passed=result.after.passed,
        plan_ids=" ".join(result.plan),
        plan_sentence=_summary(result, language)[2],
        chart=chart,
        fixes=fixes,
        warnings=_warning_items(result.warnings, language),
        check_values=translate(language, "Check these values:"),
    )


def compare_html(result: Comparison, language: str = "zh", standard: Standard | None = None) -> str:
    """Two assessments compared, as a self-contained HTML page: both totals, the title,
    a chart of the indicators that moved, and each indicator that changed.

    .. versionadded:: 0.2.0
    """
    from .compare import _WORDS as COMPARE_WORDS

    words = _words(language)
    cwords = COMPARE_WORDS["zh" if language == "zh" else "en"]

    def text(item_id: str) -> str:
        if standard is None:
            return item_id
        try:
            return standard.indicator(item_id).text.get(language)
        except KeyError:
            return item_id

    def side(card: Scorecard) -> dict[str, Any]:
        return {
            "total": show_number(card.total),
            "passed": card.passed,
            "when": card.community.assessed_on.isoformat() if card.community.assessed_on else "",
            "ref": card.standard.ref,
            "verdict": words["passed"] if card.passed else words["failed"],
        }

    moved = [item for item in result.indicators if item.change is not Direction.UNCHANGED]
    rows = [
        {
            "id": item.id,
            "number": item.number,
            "text": text(item.id),
            "before": "—" if item.before is None else show_number(item.before.awarded),
            "after": "—" if item.after is None else show_number(item.after.awarded),
            "change": item.change.value,
            "word": cwords[item.change.value],
        }
        for item in moved
    ]
    bars_rows = [
        (
            f"{item.number} {text(item.id)}",
            item.after.awarded if item.after else Fraction(0),
            item.after.maximum
            if item.after
            else (item.before.maximum if item.before else Fraction(1)),
        )
        for item in moved
    ]
    chart = charts.bars(words["c_chart"], bars_rows) if bars_rows else ""
    notes = ""
    if result.before.standard.ref != result.after.standard.ref:
        notes = cwords["standards"].format(
            a=result.before.standard.ref, b=result.after.standard.ref
        )
    difference = result.difference
    return _render(
        "compare.html",
        language,
        title=f"{_name(result.after, language)} · {words['before']} / {words['after']}",
        community=f"{_name(result.after, language)} [{result.after.community.id}]",
        before=side(result.before),
        after=side(result.after),
        difference=("+" if difference > 0 else "") + show_number(difference),
        title_value=result.title.value,
        title_word=cwords[result.title.value],
        at_risk=result.at_risk,
        standards_note=notes,
        counts=cwords["counts"].format(**{m.value: len(result.by_change(m)) for m in Direction}),
        chart=chart,
        rows=rows,
        warnings=[
            {"path": item.path, "text": f"{side}: {problem_text(item, language)}"}
            for side, found in (
                (words["c_before"], result.warnings_before),
                (words["c_after"], result.warnings_after),
            )
            for item in found
        ],
        check_values=translate(language, "Check these values:"),
    )


def _state_word(state: str, language: str) -> str:
    from .register import STATE_WORDS

    return STATE_WORDS[state][0 if language == "zh" else 1]


def _heads(language: str) -> list[dict[str, str]]:
    from .register import status_heads

    names = status_heads(language)
    return [
        {"text": text, "cls": "n" if i == len(names) - 1 else ""} for i, text in enumerate(names)
    ]


def _status_rows(rows: Sequence[StatusRow], language: str) -> list[dict[str, Any]]:
    return [
        {
            "id": row.community_id,
            "name": row.name,
            "district": row.district or "",
            "state": row.state,
            "state_word": _state_word(row.state, language),
            "since": row.since or "",
            "deadline": row.deadline or "",
            "assessed": row.assessed_on or "",
            "total": row.total,
        }
        for row in rows
    ]


def status_html(rows: Sequence[StatusRow], language: str = "zh", *, title: str = "") -> str:
    """The register's status as a self-contained HTML page: how many titles in each state,
    the pass rate by district (newest assessments), and one row per community.

    .. versionadded:: 0.2.0
    """
    from .register import STATE_WORDS

    words = _words(language)
    counts = dict.fromkeys(STATE_WORDS, 0)
    for row in rows:
        counts[row.state] += 1
    districts: dict[str, list[bool]] = {}
    for row in rows:
        districts.setdefault(row.district or "—", []).append(row.passed)
    chart = ""
    if districts:
        chart = charts.bars(
            words["by_district"],
            [
                (name, Fraction(sum(passed)), Fraction(len(passed)))
                for name, passed in sorted(districts.items())
            ],
            share=True,
        )
    return _render(
        "status.html",
        language,
        title=title or words["register"],
        heading=title or words["register"],
        sub=(f"{len(rows)} 个社区" if language == "zh" else f"{len(rows)} communities"),
        states=[
            {"id": state, "word": _state_word(state, language), "count": count}
            for state, count in counts.items()
        ],
        chart=chart,
        trend="",
        heads=_heads(language),
        rows=_status_rows(rows, language),
        events=[],
    )


def history_html(
    status: StatusRow,
    assessments: Sequence[AssessmentRow],
    events: Sequence[EventRow],
    language: str = "zh",
) -> str:
    """One community's record as a self-contained HTML page: its totals over the
    assessments against the pass mark, its state, and every event of its title.

    .. versionadded:: 0.2.0
    """
    from ..units.numbers import parse_number

    words = _words(language)
    ordered = sorted(assessments, key=lambda a: (a.assessed_on or "", a.id))
    trend = ""
    if ordered:
        mark = parse_number(ordered[-1].pass_mark)
        trend = charts.line(
            words["trend"],
            [(a.assessed_on or f"#{a.id}", parse_number(a.total), a.passed) for a in ordered],
            maximum=max(parse_number(a.maximum) for a in ordered),
            mark=mark,
            mark_label=words["pass_mark"],
        )
    texts = []
    for e in events:
        bits = [_state_word(e.state, language), f"({e.kind})"]
        if e.deadline:
            bits.append(f"→ {e.deadline}")
        if e.note:
            bits.append(f"— {e.note}")
        texts.append(
            {
                "kind": e.kind,
                "date": e.on_date,
                "text": " ".join(bits),
                "recorded": f"{e.recorded_by}, {e.recorded_at}",
            }
        )
    return _render(
        "status.html",
        language,
        title=f"{status.name} [{status.community_id}]",
        heading=f"{status.name} [{status.community_id}]",
        sub=f"{status.district or ''} · {_state_word(status.state, language)}",
        states=[],
        chart="",
        trend=trend,
        heads=_heads(language),
        rows=_status_rows([status], language),
        events=texts,
    )


def summary_html(summary: CitySummary, language: str = "zh") -> str:
    """A city's summary as a self-contained HTML page: the distribution of totals with the
    pass mark, the pass rate by district, the categories' mean shares against the pass line,
    the indicators that cost the city most points, and the near misses.

    .. versionadded:: 0.2.0
    """
    words = _words(language)
    pass_share = summary.pass_mark / summary.maximum if summary.maximum else Fraction(0)
    line_label = words["pass_line"].format(p=show_number(pass_share * 100))
    histogram = charts.histogram(
        words["distribution"],
        [(band.low, band.high, band.communities) for band in summary.bands],
        maximum=summary.maximum,
        mark=summary.pass_mark,
        mark_label=f"{words['pass_mark']} {show_number(summary.pass_mark)}",
    )
    districts = charts.bars(
        words["by_district"],
        [
            (d.district or "—", Fraction(d.passed), Fraction(d.communities))
            for d in summary.districts
        ],
        share=True,
    )
    categories = charts.bars(
        words["shares_city"],
        [(c.title, c.mean_score, c.maximum) for c in summary.categories],
        mark=pass_share,
        mark_label=line_label,
        share=True,
    )
    costly = charts.bars(
        words["costly"],
        [
            (f"{s.number} {s.text}", s.points_lost, s.points_lost)
            for s in sorted(summary.shortfalls, key=lambda s: -s.points_lost)
        ],
    )
    return _render(
        "city.html",
        language,
        title=words["city"],
        heading=words["city"],
        standard=summary.standard,
        communities=summary.communities,
        passed=summary.passed,
        pass_rate=f"{show_number(summary.pass_rate * 100)} %",
        pass_rate_exact=show_number(summary.pass_rate),
        mean=show_number(summary.mean_total),
        mean_exact=show_number(summary.mean_total),
        median=show_number(summary.median_total),
        near_count=summary.near_miss_count,
        histogram=histogram,
        districts=districts if summary.districts else "",
        categories=categories if summary.categories else "",
        costly=costly if summary.shortfalls else "",
        near=[
            {
                "id": n.id,
                "name": n.name,
                "district": n.district,
                "total": show_number(n.total),
                "short": show_number(n.short_by),
            }
            for n in summary.near_misses
        ],
    )
