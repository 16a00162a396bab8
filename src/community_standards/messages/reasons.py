"""Reasons in words: the one place a scorecard's reasons become sentences.

Scoring records each reason as a kind with its data (:class:`~community_standards.Reason`);
:func:`render_reason` turns it into a sentence in a language. Each kind's frame is a
sentence of the message catalogue (:mod:`community_standards.messages.catalogue`, context
``reason``), written in English here and translated in each language's catalogue; the
frame is filled in with the reason's texts, numbers and units. A new language is a new
catalogue, not a change to scoring or to this module.

The frames of a language are looked up once and kept (:func:`_frames`), so that rendering
a reason costs a dictionary lookup and :meth:`str.format`.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from ..model.standard import Text
from ..units.numbers import format_number, show_number
from .amounts import is_counted, unit_words
from .catalogue import NC_, NCP_, library_language, ntranslate_in, plural_count, translate_words

__all__ = ["REASON_KINDS", "render_reason"]

#: Every frame of a reason, by name: (context, English).
_FRAMES: dict[str, tuple[str, str]] = {
    # a bound not kept: what is counted (persons, households, 学时) and what is measured
    # may take other words in a language (少于 / 低于)
    "below_minimum.counted": NC_("reason.counted", "{subject} {value} < {limit}"),
    "below_minimum.measured": NC_("reason.measured", "{subject} {value} < {limit}"),
    "not_above.counted": NC_("reason.counted", "{subject} {value} ≤ {limit}"),
    "not_above.measured": NC_("reason.measured", "{subject} {value} ≤ {limit}"),
    "above_maximum.counted": NC_("reason.counted", "{subject} {value} > {limit}"),
    "above_maximum.measured": NC_("reason.measured", "{subject} {value} > {limit}"),
    "not_below.counted": NC_("reason.counted", "{subject} {value} ≥ {limit}"),
    "not_below.measured": NC_("reason.measured", "{subject} {value} ≥ {limit}"),
    "required": NC_("reason", "{reason} (required: {label})"),
    # a band table: the sides of a band's bound
    "side.minimum": NC_("reason.band", "≥"),
    "side.more_than": NC_("reason.band", ">"),
    "side.maximum": NC_("reason.band", "≤"),
    "side.less_than": NC_("reason.band", "<"),
    "band.none": NC_("reason", "{name} {value} reaches no band; the first is {first}"),
    "band.reached": NC_("reason", "{name} {value} is in the band {band}"),
    "band.last": NC_("reason", "{reached}; there is no band beyond it"),
    "band.next": NC_("reason", "{reached}; the next is {next}"),
    # the other kinds
    "not_met": NC_("reason", "not met: {text}"),
    "should_be_false": NC_("reason", 'not met: "{text}" should be false'),
    "missing": NC_("reason", "no evidence: {subject} ({key})"),
    "zero_denominator": NC_("reason", "{key} is 0: there is no ratio, read as not met"),
    "periods_unknown": NC_(
        "reason",
        "{subject}: {given} is a total or average over another span and cannot show each "
        "{period}; give the count of each {period} (such as {example}) or the dates",
    ),
    "awaiting_assessment": NC_("reason", "awaiting assessment: {label}"),
    "judged_not_met": NC_("reason", "judged not met: {label}{note}"),
    "judged_partly_met": NC_("reason", "judged partly met: {label}{note}"),
    "note": NC_("reason", " ({note})"),
    "not_applicable": NC_("reason", "not applicable: {claim}"),
    "deductions_capped": NC_("reason", "deductions of {taken} points in all, capped at {cap}"),
    "deducted": NC_("reason", "{label}: {count}, minus {off} points"),
    "group_limited": NC_("reason", "{label}: {rule}; {earned} points earned, {counted} counted"),
    "group.best": NC_("reason", "the best {choose} of {paths} count"),
    "group.cap": NC_("reason", "at most {cap} points"),
    "group.and": NC_("reason", ", "),
    "category_capped": NC_(
        "reason", "{title} counts at most {cap} points: {earned} earned, {counted} counted"
    ),
    "deducted_once": NC_("reason", "{label}: minus {off} points"),
    # a range left to the assessor (每例减 5–10 分, 依程度扣 1–3 分)
    "deducted_chosen": NC_(
        "reason",
        "{label}: {count}, minus {amount} points, the assessor's amount ({count} × {low} to {high})",
    ),
    "deducted_chosen_once": NC_(
        "reason", "{label}: minus {amount} points, the assessor's amount ({low} to {high})"
    ),
    "deducted_limited": NC_("reason", "{reason}; at most {off} taken"),
    "amount_missing": NC_(
        "reason",
        "no evidence: the assessor's amount for {label} (deduction {key}), from {least} to "
        "{most} points ({count} × {low} to {high})",
    ),
    "amount_missing_once": NC_(
        "reason",
        "no evidence: the assessor's amount for {label} (deduction {key}), from {low} to "
        "{high} points",
    ),
    "amount_outside": NC_(
        "reason",
        "{label}: the assessor's amount {amount} is outside {least} to {most} points "
        "({count} × {low} to {high})",
    ),
    "amount_outside_once": NC_(
        "reason", "{label}: the assessor's amount {amount} is outside {low} to {high} points"
    ),
    # a failed gate's effect, and a tier withheld
    "total_capped": NC_("reason", "{item} not met: the total is capped at {cap} (was {was})"),
    "tier_lowered": NC_("reason", "{item} not met: the tier is lowered from {was} to {now}"),
    "tier.none": NC_("reason.tier", "none"),
    "tier_share_short": NC_(
        "reason",
        "{tier} not given: category {category} earned {points} of {possible}, "
        "the tier needs at least {share} %",
    ),
    "tier_starred_zero": NC_("reason", "{tier} not given: the starred item {item} scored 0"),
    # another indicator's result
    "awaiting_result": NC_("reason", "awaiting the result of {indicator}"),
    "result_not_met": NC_("reason", "not met: {head}{indicator} must be met and is {status}"),
    "result_short": NC_(
        "reason", "not met: {head}{indicator} earned {points}, needs at least {wanted}"
    ),
    "result.head": NC_("reason", "{label}: "),
    "status.partly_met": NC_("reason.status", "partly met"),
    "status.not_met": NC_("reason.status", "not met"),
    "status.not_applicable": NC_("reason.status", "not applicable"),
    # a deduction pool: a category's, and the total's (倒扣)
    "pool_taken": NC_("reason", "{title}: {taken} points deducted, {was} counted as {now}"),
    "pool_unknown": NC_("reason", "{title}: evidence missing for its deductions, counted as {now}"),
    "total_deducted": NC_("reason", "{taken} points deducted from the total: {was} → {now}"),
    "total_unknown": NC_(
        "reason", "evidence missing for the deductions from the total: the total is {now}"
    ),
    "floor_kept": NC_("reason", "{reason} (not below {floor})"),
}

#: A band's step: its bound and its points (a number of points, or points taken off).
_STEP = NCP_("reason.band", "{side} {limit} ({points} point)", "{side} {limit} ({points} points)")
_STEP_OFF = NCP_(
    "reason.band",
    "{side} {limit} (minus {points} point)",
    "{side} {limit} (minus {points} points)",
)


@functools.cache
def _frames(language: str) -> dict[str, str]:
    """Every frame of a reason in ``language`` (looked up once per language)."""
    return translate_words(language, _FRAMES)


@functools.lru_cache(maxsize=4096)
def _limit(written: Fraction) -> str:
    """A limit of the standard, written exactly (the standard's few limits, once each)."""
    return format_number(Fraction(written))


def _unit(unit: str, language: str, value: Fraction | None = None) -> str:
    label = unit_words(unit, language, value)
    return f" {label}" if label else ""


def _text(value: object, language: str) -> str:
    return value.get(language) if isinstance(value, Text) else str(value)


def _outside(kind: str, data: tuple[Any, ...], language: str) -> str:
    """A bound not kept: the value, the bound and, for a labelled check, its label."""
    subject, top, bottom, show, written, unit, label = data
    value = Fraction(top, bottom) * show
    frames = _frames(language)
    frame = frames[_COUNTED[kind] if is_counted(unit) else _MEASURED[kind]]
    text = frame.format(
        subject=_text(subject, language),
        value=show_number(value) + _unit(unit, language, value),
        limit=_limit(written) + _unit(unit, language, written),
    )
    if label is None:
        return text
    return frames["required"].format(reason=text, label=label.get(language))


def _band_text(band: tuple[Any, ...], deduct: bool, language: str) -> str:
    side, written, unit, _, points = band
    context, singular, plural = _STEP_OFF if deduct else _STEP
    return ntranslate_in(
        language,
        context,
        singular,
        plural,
        plural_count(points),
        side=_frames(language)[f"side.{side}"],
        limit=_limit(written) + _unit(unit, language),
        points=show_number(points),
    )


def _band(data: tuple[Any, ...], language: str) -> str:
    """The band a value reached and the next one (a band table's one reason)."""
    subject, top, bottom, deduct, band, after, label = data
    _, _, unit, show, _ = band if band is not None else after
    value = f"{show_number(Fraction(top, bottom) * show)}{_unit(unit, language)}"
    name = _text(label if label is not None else subject, language)
    frames = _frames(language)
    if band is None:
        first = _band_text(after, deduct, language)
        return frames["band.none"].format(name=name, value=value, first=first)
    reached = frames["band.reached"].format(
        name=name, value=value, band=_band_text(band, deduct, language)
    )
    if after is None:
        return frames["band.last"].format(reached=reached)
    return frames["band.next"].format(reached=reached, next=_band_text(after, deduct, language))


def _note(note: object, frames: dict[str, str]) -> str:
    return frames["note"].format(note=note) if note else ""


def _group_rule(
    choose: int | None, paths: int, cap: Fraction | None, frames: dict[str, str]
) -> str:
    parts = []
    if choose is not None:
        parts.append(frames["group.best"].format(choose=choose, paths=paths))
    if cap is not None:
        parts.append(frames["group.cap"].format(cap=show_number(cap)))
    return frames["group.and"].join(parts)


def _pooled(frame: str, frames: dict[str, str], data: list[Any], **names: object) -> str:
    """A pool's deductions taken: ``data`` ends with (taken, was, now, floor); the floor
    is named when it kept the points from going lower."""
    taken, was, now, floor = data[-4:]
    numbers = {"taken": show_number(taken), "was": show_number(was), "now": show_number(now)}
    text = frames[frame].format(**names, **numbers)
    if now == was - taken:
        return text
    return frames["floor_kept"].format(reason=text, floor=show_number(floor))


def _chosen(frames: dict[str, str], data: list[Any]) -> str:
    """A ranged deduction taken: (label, count, amount, low, high, off, once)."""
    label, count, amount, low, high, off, once = data
    numbers = {"amount": show_number(amount), "low": show_number(low), "high": show_number(high)}
    if once:
        text = frames["deducted_chosen_once"].format(label=label, **numbers)
    else:
        text = frames["deducted_chosen"].format(label=label, count=show_number(count), **numbers)
    if off == amount:
        return text
    return frames["deducted_limited"].format(reason=text, off=show_number(off))


def _amount(kind: str, frames: dict[str, str], data: list[Any]) -> str:
    """A ranged deduction's amount missing or outside its range: the range for the count."""
    if kind == "amount_missing":
        label, key, low, high, count, once = data
        given: dict[str, object] = {"key": key}
    else:
        label, key, amount, low, high, count, once = data
        given = {"amount": show_number(amount)}
    numbers = {"low": show_number(low), "high": show_number(high)}
    if once:
        return frames[f"{kind}_once"].format(label=label, **given, **numbers)
    return frames[kind].format(
        label=label, **given, **numbers, count=show_number(count),
        least=show_number(low * count), most=show_number(high * count),
    )  # fmt: skip


def _head(label: object, frames: dict[str, str]) -> str:
    """A result check's label before its reason, when it has one."""
    return frames["result.head"].format(label=label) if label is not None else ""


_Fill = Callable[[dict[str, str], list[Any]], str]

#: The kinds said by one frame: how each fills its frame from the reason's data (texts
#: of the standard already in the language).
_SIMPLE: dict[str, _Fill] = {
    "not_met": lambda f, d: f["not_met"].format(text=d[0]),
    "should_be_false": lambda f, d: f["should_be_false"].format(text=d[0]),
    "missing": lambda f, d: f["missing"].format(subject=d[0], key=d[1]),
    "zero_denominator": lambda f, d: f["zero_denominator"].format(key=d[0]),
    "periods_unknown": lambda f, d: f["periods_unknown"].format(
        subject=d[0], given=d[1], period=d[2], example=d[3]
    ),
    "awaiting_assessment": lambda f, d: f["awaiting_assessment"].format(label=d[0]),
    "judged_not_met": lambda f, d: f["judged_not_met"].format(label=d[0], note=_note(d[1], f)),
    "judged_partly_met": lambda f, d: f["judged_partly_met"].format(
        label=d[0], note=_note(d[1], f)
    ),
    "not_applicable": lambda f, d: f["not_applicable"].format(claim=d[0]),
    "deductions_capped": lambda f, d: f["deductions_capped"].format(
        taken=show_number(d[0]), cap=show_number(d[1])
    ),
    "deducted": lambda f, d: f["deducted"].format(
        label=d[0], count=show_number(d[1]), off=show_number(d[2])
    ),
    "group_limited": lambda f, d: f["group_limited"].format(
        label=d[0],
        rule=_group_rule(d[1], d[2], d[3], f),
        earned=show_number(d[4]),
        counted=show_number(d[5]),
    ),
    "category_capped": lambda f, d: f["category_capped"].format(
        title=d[0], cap=show_number(d[1]), earned=show_number(d[2]), counted=show_number(d[3])
    ),
    "deducted_once": lambda f, d: f["deducted_once"].format(label=d[0], off=show_number(d[1])),
    "deducted_chosen": _chosen,
    "amount_missing": lambda f, d: _amount("amount_missing", f, d),
    "amount_outside": lambda f, d: _amount("amount_outside", f, d),
    "total_capped": lambda f, d: f["total_capped"].format(
        item=d[0], cap=show_number(d[1]), was=show_number(d[2])
    ),
    "tier_lowered": lambda f, d: f["tier_lowered"].format(
        item=d[0], was=d[1], now=d[2] if d[2] is not None else f["tier.none"]
    ),
    "tier_share_short": lambda f, d: f["tier_share_short"].format(
        tier=d[0],
        category=d[1],
        points=show_number(d[2]),
        possible=show_number(d[3]),
        share=show_number(d[4] * 100),
    ),
    "tier_starred_zero": lambda f, d: f["tier_starred_zero"].format(tier=d[0], item=d[1]),
    "awaiting_result": lambda f, d: f["awaiting_result"].format(indicator=d[0]),
    "result_not_met": lambda f, d: f["result_not_met"].format(
        head=_head(d[0], f), indicator=d[1], status=f[f"status.{d[2]}"]
    ),
    "pool_taken": lambda f, d: _pooled("pool_taken", f, d, title=d[0]),
    "pool_unknown": lambda f, d: f["pool_unknown"].format(title=d[0], now=show_number(d[1])),
    "total_deducted": lambda f, d: _pooled("total_deducted", f, d),
    "total_unknown": lambda f, d: f["total_unknown"].format(now=show_number(d[0])),
    "result_short": lambda f, d: f["result_short"].format(
        head=_head(d[0], f), indicator=d[1], points=show_number(d[2]), wanted=show_number(d[3])
    ),
}

#: The kinds of a bound not kept, and their frames for what is counted and measured.
_RELATIONS = frozenset({"below_minimum", "not_above", "above_maximum", "not_below"})
_COUNTED = {kind: f"{kind}.counted" for kind in _RELATIONS}
_MEASURED = {kind: f"{kind}.measured" for kind in _RELATIONS}

#: Every kind of reason scoring gives.
REASON_KINDS: frozenset[str] = frozenset((*_RELATIONS, *_SIMPLE, "band"))


def render_reason(kind: str, data: tuple[Any, ...], language: str) -> str:
    """Return the reason ``kind`` with ``data`` as a sentence in ``language``.

    .. versionadded:: 0.2.0
    """
    fill = _SIMPLE.get(kind)
    if fill is not None:
        texts = [item.get(language) if isinstance(item, Text) else item for item in data]
        return fill(_frames(language), texts)
    if kind in _RELATIONS:
        return _outside(kind, data, language)
    if kind == "band":
        return _band(data, language)
    if kind == "recorded":
        # a reason read back from a scorecard's JSON (``analysis.cards``): its words as written
        zh, en = data
        return str(zh if library_language(language) == "zh" else en)
    raise KeyError(f"no sentence for a reason of kind {kind!r}")
