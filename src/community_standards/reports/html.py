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
from ..messages.catalogue import (
    NC_,
    language_notices,
    ntranslate_in,
    problem_text,
    translate,
    translate_words,
)
from ..messages.layout import status_word
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

_WORDS = {
    "assessed": NC_("report.html", "assessed"),
    "total": NC_("report.html", "Total"),
    "pass_mark": NC_("report.html", "Pass mark"),
    "verdict": NC_("report.html", "Verdict"),
    "passed": NC_("report.html", "PASS"),
    "failed": NC_("report.html", "FAIL"),
    "tier": NC_("report.html", "Tier"),
    "lost": NC_("report.html", "Points lost"),
    "blocked": NC_("report.html", "Blocked by prerequisite or veto items"),
    "shares": NC_("report.html", "Share of each category's points, against the pass line"),
    "pass_line": NC_("report.html", "pass line {p} %"),
    "lost_per_indicator": NC_("report.html", "Points lost per indicator"),
    "no": NC_("report.html", "No."),
    "indicator": NC_("report.html", "Indicator"),
    "points": NC_("report.html", "Points"),
    "status": NC_("report.html", "Status"),
    "heading": NC_("report.html", "What to fix"),
    "target": NC_("report.html", "Target"),
    "short": NC_("report.html", "Short by"),
    "after": NC_("report.html", "After the plan"),
    "chart": NC_("report.html", "Points each fix would add"),
    "fixes": NC_("report.html", "Fixes (missing evidence first)"),
    "gain": NC_("report.html", "Adds"),
    "change": NC_("report.html", "What must change"),
    "departments": NC_("report.html", "Departments"),
    "in_plan": NC_("report.html", "plan"),
    "missing": NC_("report.html", "missing evidence"),
    "before": NC_("report.html", "Before"),
    "difference": NC_("report.html", "Change"),
    "title": NC_("report.html", "Title"),
    "risk": NC_(
        "report.html",
        "Title at risk: the later assessment does not pass; the problems must be rectified",
    ),
    "changed": NC_("report.html", "Indicators that changed"),
    "by_district": NC_("report.html", "Pass rate by district"),
    "trend": NC_("report.html", "Totals over the assessments"),
    "communities": NC_("report.html", "Communities"),
    "events": NC_("report.html", "The title's record"),
    "date": NC_("report.html", "Date"),
    "event": NC_("report.html", "Event"),
    "recorded": NC_("report.html", "Recorded by, at"),
    "register": NC_("report.html", "Register of titles"),
    "c_heading": NC_("report.html", "Two assessments compared"),
    "c_after": NC_("report.html", "After"),
    "c_before": NC_("report.html", "Before"),
    "c_chart": NC_("report.html", "Points now, for the indicators that changed"),
    "c_change": NC_("report.html", "Change"),
    "city": NC_("report.html", "City summary"),
    "pass_rate": NC_("report.html", "Pass rate"),
    "mean": NC_("report.html", "Mean total"),
    "median": NC_("report.html", "Median total"),
    "near": NC_("report.html", "Within 5 points"),
    "distribution": NC_("report.html", "Distribution of totals, with the pass mark"),
    "shares_city": NC_("report.html", "Mean share of each category, against the pass line"),
    "costly": NC_("report.html", "The indicators that cost the city most points"),
    "near_list": NC_("report.html", "Communities that fail by 5 points or less"),
    "district": NC_("report.html", "District"),
    "generated": NC_("report.html", "Made by community-standards"),
}


def _words(language: str) -> dict[str, str]:
    return translate_words(language, _WORDS)


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


def _render(template: str, language: str, texts_of: Standard | None = None, **context: Any) -> str:
    words = _words(language)
    notices = [] if texts_of is None else language_notices(texts_of, language)
    return (
        _environment()
        .get_template(template)
        .render(
            lang="zh-CN" if language == "zh" else language,
            w=words,
            notices=notices,
            footer=words["generated"],
            **context,
        )
    )


def _name(card: Scorecard, language: str) -> str:
    community = card.community
    return community.name_en if language == "en" and community.name_en else community.name


def _status_word(status: IndicatorStatus | str, language: str) -> str:
    return status_word(str(status), language)


def _warning_items(warnings: Sequence[Problem], language: str) -> list[dict[str, str]]:
    return [{"path": item.path, "text": problem_text(item, language)} for item in warnings]


def scorecard_html(
    card: Scorecard, standard: Standard, language: str = "zh", *, warnings: Sequence[Problem] = ()
) -> str:
    """``card`` as a self-contained HTML page: verdict (with what failed gates and
    deductions from the total did to it), category shares against the pass line, points
    lost per indicator, and every indicator with its reasons.

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
                "reasons": [reason.get(language) for reason in category.reasons],
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
        standard,
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
        effects=[reason.get(language) for reason in card.effects],
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
        standard,
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
    cwords = translate_words(language, COMPARE_WORDS)

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
        standard,
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
    from .register import state_word

    return state_word(state, language)


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
        sub=ntranslate_in(language, "register", "{n} community", "{n} communities", len(rows)),
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


def summary_html(
    summary: CitySummary, language: str = "zh", *, standard: Standard | None = None
) -> str:
    """A city's summary as a self-contained HTML page: the distribution of totals with the
    pass mark, the pass rate by district, the categories' mean shares against the pass line,
    the indicators that cost the city most points, and the near misses. ``standard`` (the
    one scored) says where the page falls back to another language.

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
        standard,
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
