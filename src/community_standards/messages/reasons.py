"""Reasons in words: the one place a scorecard's reasons become sentences.

Scoring records each reason as a kind with its data (:class:`~community_standards.Reason`);
:func:`render_reason` turns it into a sentence in a language. Every kind has one sentence
per language here, so a new language is a new column of this module, not a change to
scoring.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from ..model.standard import Text
from ..units.numbers import format_number, show_number
from .amounts import is_counted, unit_words

__all__ = ["REASON_KINDS", "render_reason"]


def _unit(unit: str, language: str, value: Fraction | None = None) -> str:
    label = unit_words(unit, language, value)
    return f" {label}" if label else ""


def _text(value: object, language: str) -> str:
    return value.get(language) if isinstance(value, Text) else str(value)


#: For a bound not kept: the word (zh), the sign (en) relating the value to the limit,
#: and the word (zh) for what is counted (persons, households, 学时).
_RELATIONS = {
    "below_minimum": ("低于", "<", "少于"),
    "not_above": ("未超过", "≤", "未多于"),
    "above_maximum": ("高于", ">", "多于"),
    "not_below": ("不低于", "≥", "不少于"),
}


def _outside(kind: str, data: tuple[Any, ...], language: str) -> str:
    subject, top, bottom, show, written, unit, label = data
    word, sign, counted = _RELATIONS[kind]
    value = Fraction(top, bottom) * show
    shown, limit = show_number(value), format_number(Fraction(written))
    if language == "zh":
        u = _unit(unit, language)
        word = counted if is_counted(unit) else word
        text = f"{_text(subject, 'zh')} {shown}{u}，{word} {limit}{u}"
        return text + (f"（要求：{label.get('zh')}）" if label is not None else "")
    shown_unit, limit_unit = _unit(unit, language, value), _unit(unit, language, Fraction(written))
    text = f"{_text(subject, language)} {shown}{shown_unit} {sign} {limit}{limit_unit}"
    return text + (f" (required: {label.get(language)})" if label is not None else "")


#: Each side of a band's bound: its sign, and its word (zh).
_SIDES = {
    "minimum": ("≥", "不低于"),
    "more_than": (">", "大于"),
    "maximum": ("≤", "不高于"),
    "less_than": ("<", "低于"),
}


def _band_text(band: tuple[Any, ...], deduct: bool, language: str) -> str:
    side, written, unit, _, points = band
    sign, word = _SIDES[side]
    limit, u, n = format_number(Fraction(written)), _unit(unit, language), show_number(points)
    if language == "zh":
        return f"“{word} {limit}{u}，{'扣' if deduct else '得'} {n} 分”"
    noun = "point" if points == 1 else "points"
    return f"{sign} {limit}{u} ({'minus ' if deduct else ''}{n} {noun})"


def _band(data: tuple[Any, ...], language: str) -> str:
    """The band a value reached and the next one (a band table's one reason)."""
    subject, top, bottom, deduct, band, after, label = data
    _, _, unit, show, _ = band if band is not None else after
    value = f"{show_number(Fraction(top, bottom) * show)}{_unit(unit, language)}"
    name = _text(label if label is not None else subject, language)
    if language == "zh":
        if band is None:
            return f"{name} {value}，未达到任何一档；第一档为{_band_text(after, deduct, 'zh')}"
        reached = f"{name} {value}，处于{_band_text(band, deduct, 'zh')}一档"
        if after is None:
            return reached + "，已是最后一档"
        return f"{reached}；下一档为{_band_text(after, deduct, 'zh')}"
    if band is None:
        return f"{name} {value} reaches no band; the first is {_band_text(after, deduct, language)}"
    reached = f"{name} {value} is in the band {_band_text(band, deduct, language)}"
    if after is None:
        return reached + "; there is no band beyond it"
    return f"{reached}; the next is {_band_text(after, deduct, language)}"


def _zh_en(zh: Callable[..., str], en: Callable[..., str]) -> Callable[..., str]:
    def render(data: tuple[Any, ...], language: str) -> str:
        texts = [_text(item, language) if isinstance(item, Text) else item for item in data]
        return zh(*texts) if language == "zh" else en(*texts)

    return render


def _note(note: object, zh: bool) -> str:
    if not note:
        return ""
    return f"（{note}）" if zh else f" ({note})"


_SIMPLE: dict[str, Callable[[tuple[Any, ...], str], str]] = {
    "not_met": _zh_en(lambda text: f"未达到：{text}", lambda text: f"not met: {text}"),
    "should_be_false": _zh_en(
        lambda text: f"未达到：要求“{text}”为否", lambda text: f'not met: "{text}" should be false'
    ),
    "missing": _zh_en(
        lambda subject, key: f"缺少证据：{subject}（{key}）",
        lambda subject, key: f"no evidence: {subject} ({key})",
    ),
    "zero_denominator": _zh_en(
        lambda key: f"{key} 为 0，无法计算比例，按未达到计",
        lambda key: f"{key} is 0: there is no ratio, read as not met",
    ),
    "awaiting_assessment": _zh_en(
        lambda label: f"待评估：{label}", lambda label: f"awaiting assessment: {label}"
    ),
    "judged_not_met": _zh_en(
        lambda label, note: f"评估未达到：{label}{_note(note, True)}",
        lambda label, note: f"judged not met: {label}{_note(note, False)}",
    ),
    "judged_partly_met": _zh_en(
        lambda label, note: f"评估部分达到：{label}{_note(note, True)}",
        lambda label, note: f"judged partly met: {label}{_note(note, False)}",
    ),
    "not_applicable": _zh_en(
        lambda claim: f"不适用：{claim}", lambda claim: f"not applicable: {claim}"
    ),
    "deductions_capped": _zh_en(
        lambda taken, cap: f"扣分合计 {show_number(taken)} 分，以 {show_number(cap)} 分为限",
        lambda taken, cap: (
            f"deductions of {show_number(taken)} points in all, capped at {show_number(cap)}"
        ),
    ),
    "deducted_once": _zh_en(
        lambda label, off: f"{label}，扣 {show_number(off)} 分",
        lambda label, off: f"{label}: minus {show_number(off)} points",
    ),
    "deducted": _zh_en(
        lambda label, count, off: f"{label} {show_number(count)} 起，扣 {show_number(off)} 分",
        lambda label, count, off: f"{label}: {show_number(count)}, minus {show_number(off)} points",
    ),
}


def _group_rule(choose: int | None, paths: int, cap: Fraction | None, zh: bool) -> str:
    parts = []
    if choose is not None:
        parts.append(
            f"{paths} 项中得分最高的 {choose} 项计分"
            if zh
            else f"the best {choose} of {paths} count"
        )
    if cap is not None:
        parts.append(
            f"最多计 {show_number(cap)} 分" if zh else f"at most {show_number(cap)} points"
        )
    return ("，" if zh else ", ").join(parts)


_SIMPLE["group_limited"] = _zh_en(
    lambda label, choose, paths, cap, earned, counted: (
        f"{label}：{_group_rule(choose, paths, cap, True)}；"
        f"得 {show_number(earned)} 分，计 {show_number(counted)} 分"
    ),
    lambda label, choose, paths, cap, earned, counted: (
        f"{label}: {_group_rule(choose, paths, cap, False)}; "
        f"{show_number(earned)} points earned, {show_number(counted)} counted"
    ),
)
_SIMPLE["category_capped"] = _zh_en(
    lambda title, cap, earned, counted: (
        f"{title}最多计 {show_number(cap)} 分：得 {show_number(earned)} 分，计 {show_number(counted)} 分"
    ),
    lambda title, cap, earned, counted: (
        f"{title} counts at most {show_number(cap)} points: "
        f"{show_number(earned)} earned, {show_number(counted)} counted"
    ),
)

_SIMPLE["total_capped"] = _zh_en(
    lambda item, cap, was: (
        f"{item} 未达到：总分以 {show_number(cap)} 分封顶（原为 {show_number(was)} 分）"
    ),
    lambda item, cap, was: (
        f"{item} not met: the total is capped at {show_number(cap)} (was {show_number(was)})"
    ),
)
_SIMPLE["tier_lowered"] = _zh_en(
    lambda item, was, now: f"{item} 未达到：等级由{was}降为{now or '无等级'}",
    lambda item, was, now: f"{item} not met: the tier is lowered from {was} to {now or 'none'}",
)
_SIMPLE["tier_share_short"] = _zh_en(
    lambda tier, category, points, possible, share: (
        f"未授予{tier}：{category} 类得 {show_number(points)} 分（共 {show_number(possible)} 分），"
        f"该等级要求至少 {show_number(share * 100)}%"
    ),
    lambda tier, category, points, possible, share: (
        f"{tier} not given: category {category} earned {show_number(points)} of "
        f"{show_number(possible)}, the tier needs at least {show_number(share * 100)} %"
    ),
)
_SIMPLE["tier_starred_zero"] = _zh_en(
    lambda tier, item: f"未授予{tier}：带星号的 {item} 得 0 分",
    lambda tier, item: f"{tier} not given: the starred item {item} scored 0",
)


def _kept_floor(was: Fraction, taken: Fraction, now: Fraction, floor: Fraction, zh: bool) -> str:
    if now == was - taken:
        return ""
    return f"（不低于 {show_number(floor)} 分）" if zh else f" (not below {show_number(floor)})"


_SIMPLE["pool_taken"] = _zh_en(
    lambda title, taken, was, now, floor: (
        f"{title}扣分 {show_number(taken)} 分：由 {show_number(was)} 分计为 "
        f"{show_number(now)} 分{_kept_floor(was, taken, now, floor, True)}"
    ),
    lambda title, taken, was, now, floor: (
        f"{title}: {show_number(taken)} points deducted, {show_number(was)} counted as "
        f"{show_number(now)}{_kept_floor(was, taken, now, floor, False)}"
    ),
)
_SIMPLE["pool_unknown"] = _zh_en(
    lambda title, now: f"{title}扣分证据不全：按 {show_number(now)} 分计",
    lambda title, now: (
        f"{title}: evidence missing for its deductions, counted as {show_number(now)}"
    ),
)
_SIMPLE["total_deducted"] = _zh_en(
    lambda taken, was, now, floor: (
        f"从总分倒扣 {show_number(taken)} 分：{show_number(was)} → {show_number(now)}"
        f"{_kept_floor(was, taken, now, floor, True)}"
    ),
    lambda taken, was, now, floor: (
        f"{show_number(taken)} points deducted from the total: {show_number(was)} → "
        f"{show_number(now)}{_kept_floor(was, taken, now, floor, False)}"
    ),
)
_SIMPLE["total_unknown"] = _zh_en(
    lambda now: f"总分倒扣的证据不全：总分按 {show_number(now)} 分计",
    lambda now: (
        f"evidence missing for the deductions from the total: the total is {show_number(now)}"
    ),
)

_STATUS_WORDS = {
    "partly_met": ("部分达到", "partly met"),
    "not_met": ("未达到", "not met"),
    "not_applicable": ("不适用", "not applicable"),
}


def _result_not_met(data: tuple[Any, ...], language: str) -> str:
    label, indicator, status = data
    zh, en = _STATUS_WORDS[status]
    if language == "zh":
        head = f"{label.get('zh')}：" if isinstance(label, Text) else ""
        return f"未达到：{head}要求 {indicator} 达到，现为{zh}"
    head = f"{label.get('en')}: " if isinstance(label, Text) else ""
    return f"not met: {head}{indicator} must be met and is {en}"


def _result_short(data: tuple[Any, ...], language: str) -> str:
    label, indicator, points, wanted = data
    got, need = show_number(points), show_number(wanted)
    if language == "zh":
        head = f"{label.get('zh')}：" if isinstance(label, Text) else ""
        return f"未达到：{head}{indicator} 得 {got} 分，要求至少 {need} 分"
    head = f"{label.get('en')}: " if isinstance(label, Text) else ""
    return f"not met: {head}{indicator} earned {got}, needs at least {need}"


_SIMPLE["awaiting_result"] = _zh_en(
    lambda indicator: f"待评估：{indicator} 尚无结果",
    lambda indicator: f"awaiting the result of {indicator}",
)
_SIMPLE["result_not_met"] = _result_not_met
_SIMPLE["result_short"] = _result_short

#: Every kind of reason scoring gives.
REASON_KINDS: frozenset[str] = frozenset((*_RELATIONS, *_SIMPLE, "band"))

# A reason read back from a scorecard's JSON (``analysis.cards``): its words as written.
_SIMPLE["recorded"] = _zh_en(lambda zh, en: zh, lambda zh, en: en)


def render_reason(kind: str, data: tuple[Any, ...], language: str) -> str:
    """Return the reason ``kind`` with ``data`` as a sentence in ``language``.

    .. versionadded:: 0.2.0
    """
    if kind in _RELATIONS:
        return _outside(kind, data, language)
    if kind == "band":
        return _band(data, language)
    return _SIMPLE[kind](data, language)
