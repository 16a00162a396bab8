"""Checks and indicators in words: the sentences ``show``, the docs and diffs use.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from ..model.measures import ratio_unit
from ..model.standard import (
    AllOf,
    AnyOf,
    AssessedCheck,
    BooleanCheck,
    Check,
    Fact,
    FrequencyCheck,
    Indicator,
    Limit,
    RatioCheck,
    ThresholdCheck,
)
from ..units.convert import unit_label
from ..units.numbers import format_number

__all__ = ["describe_check", "describe_indicator"]


def _limit(limit: Limit, unit: str, language: str) -> str:
    shown = limit.unit or unit
    label = unit_label(shown, language)
    number = format_number(limit.value)
    return f"{number} {label}".strip() if label else number


def _bounds(check: ThresholdCheck | FrequencyCheck | RatioCheck, unit: str, language: str) -> str:
    low = None if check.minimum is None else _limit(check.minimum, unit, language)
    high = None if check.maximum is None else _limit(check.maximum, unit, language)
    if language == "zh":
        if low and high:
            return f"在 {low} 至 {high} 之间"
        return f"不低于 {low}" if low else f"不高于 {high}"
    if low and high:
        return f"between {low} and {high}"
    return f"at least {low}" if low else f"at most {high}"


def describe_check(check: Check, facts: Mapping[str, Fact], language: str = "en") -> str:
    """Return ``check`` as a sentence in ``language`` (``zh`` or ``en``).

    .. versionadded:: 0.1.0
    """
    zh = language == "zh"
    if isinstance(check, BooleanCheck):
        fact = facts[check.fact]
        text = (check.label or fact.description).get(language)
        if check.expected:
            return f"{text}（{check.fact}）" if zh else f"{text} ({check.fact})"
        return f"并非：{text}（{check.fact}）" if zh else f"not: {text} ({check.fact})"
    if isinstance(check, ThresholdCheck | FrequencyCheck):
        fact = facts[check.fact]
        subject = fact.description.get(language)
        return (
            f"{subject}{_bounds(check, fact.unit, language)}（{check.fact}）"
            if zh
            else f"{subject} {_bounds(check, fact.unit, language)} ({check.fact})"
        )
    if isinstance(check, RatioCheck):
        top, bottom = facts[check.numerator], facts[check.denominator]
        unit = ratio_unit(top, bottom)
        if zh:
            return f"{top.description.zh or top.key}与{bottom.description.zh or bottom.key}之比{_bounds(check, unit, language)}"
        return f"{top.description.en or top.key} per {bottom.description.en or bottom.key} {_bounds(check, unit, language)}"
    if isinstance(check, AllOf | AnyOf):
        inner = "; ".join(describe_check(c, facts, language) for c in check.checks)
        if isinstance(check, AllOf):
            return f"全部满足：{inner}" if zh else f"all of: {inner}"
        return f"满足其一：{inner}" if zh else f"any of: {inner}"
    assert isinstance(check, AssessedCheck)
    return f"评估：{check.label.get(language)}" if zh else f"assessed: {check.label.get(language)}"


def describe_indicator(
    indicator: Indicator, facts: dict[str, Fact], language: str = "en"
) -> list[str]:
    """Return the lines describing how ``indicator`` is scored."""
    lines = [describe_check(check, facts, language) for check in indicator.checks]
    for deduction in indicator.deductions:
        label = (deduction.label or facts[deduction.fact].description).get(language)
        limit = (
            ""
            if deduction.limit is None
            else (
                f"，最多扣 {format_number(Fraction(deduction.limit))} 分"
                if language == "zh"
                else f", at most {format_number(Fraction(deduction.limit))}"
            )
        )
        lines.append(
            f"每{label}扣 {format_number(Fraction(deduction.points))} 分{limit}"
            if language == "zh"
            else f"minus {format_number(Fraction(deduction.points))} per {label}{limit}"
        )
    return lines
