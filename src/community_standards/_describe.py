"""A standard in words: checks, indicators and the whole standard as readable text.

Used by ``community-standards show`` and by the documentation's generated pages.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ._model import (
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
    Standard,
    ThresholdCheck,
)
from ._numbers import format_number
from ._units import unit_label

__all__ = ["describe_check", "describe_indicator", "standard_summary", "standard_text"]


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


def describe_check(check: Check, facts: dict[str, Fact], language: str = "en") -> str:
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
        from ._validate import ratio_unit

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


def standard_summary(standard: Standard) -> dict[str, Any]:
    """The ``show --format json`` object: metadata, categories, indicators and their checks."""
    from ._format import CONVERTER, json_ready

    def indicator(item: Indicator) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": item.id,
            "number": item.number,
            "text": {"zh": item.text.zh, "en": item.text.en},
            "points": item.points,
            "award": item.award.value,
            "role": item.role.value,
            "checks": [CONVERTER.unstructure(check, unstructure_as=Check) for check in item.checks],
        }
        if item.deductions:
            data["deductions"] = CONVERTER.unstructure(item.deductions)
        if item.departments:
            data["departments"] = list(item.departments)
        if item.note is not None:
            data["note"] = {"zh": item.note.zh, "en": item.note.en}
        return data

    summary: dict[str, Any] = json_ready(
        {
            "id": standard.id,
            "version": standard.version,
            "status": standard.status.value,
            "title": {"zh": standard.title.zh, "en": standard.title.en},
            "issuer": None
            if standard.issuer is None
            else {"zh": standard.issuer.zh, "en": standard.issuer.en},
            "document_number": standard.document_number,
            "issued": standard.issued,
            "total_points": standard.total_points,
            "pass_mark": standard.pass_mark,
            "aggregation": standard.aggregation.value,
            "not_applicable": standard.not_applicable.value,
            "tiers": [
                {"id": t.id, "title": {"zh": t.title.zh, "en": t.title.en}, "minimum": t.minimum}
                for t in standard.tiers
            ],
            "categories": [
                {
                    "id": category.id,
                    "title": {"zh": category.title.zh, "en": category.title.en},
                    "points": category.points,
                    **({"weight": category.weight} if category.weight is not None else {}),
                    "indicators": [indicator(item) for item in category.indicators],
                }
                for category in standard.categories
            ],
            "facts": [
                {
                    "key": f.key,
                    "kind": f.kind.value,
                    "unit": f.unit,
                    "description": {"zh": f.description.zh, "en": f.description.en},
                }
                for f in standard.facts
            ],
            "departments": [
                {"id": d.id, "name": {"zh": d.name.zh, "en": d.name.en}}
                for d in standard.departments
            ],
        }
    )
    return summary


def standard_text(standard: Standard, language: str = "zh") -> str:
    """Return ``standard`` as readable text: every category, indicator, points and checks."""
    facts = {fact.key: fact for fact in standard.facts}
    zh = language == "zh"
    lines = [f"{standard.title.get(language)} ({standard.ref}, {standard.status.value})"]
    if standard.document_number or standard.issued:
        lines.append(
            " ".join(
                part
                for part in (
                    standard.document_number,
                    standard.issued.isoformat() if standard.issued else None,
                )
                if part
            )
        )
    total, mark = (
        format_number(Fraction(standard.total_points)),
        format_number(Fraction(standard.pass_mark)),
    )
    lines.append(
        f"总分 {total} 分，{mark} 分及以上为合格"
        if zh
        else f"{total} points; passes at {mark} or more"
    )
    for tier in standard.tiers:
        lines.append(f"  {tier.title.get(language)} ≥ {format_number(Fraction(tier.minimum))}")
    for category in standard.categories:
        lines.append("")
        lines.append(f"{category.title.get(language)} ({format_number(Fraction(category.points))})")
        for item in category.indicators:
            marks = []
            if item.role.value != "scored":
                marks.append(item.role.value)
            if item.bonus:
                marks.append("bonus")
            tag = f" [{', '.join(marks)}]" if marks else ""
            lines.append(
                f"  {item.number:>3}. [{format_number(Fraction(item.points))}]{tag} {item.text.get(language)}"
            )
            for line in describe_indicator(item, facts, language):
                lines.append(f"        - {line}")
    return "\n".join(lines) + "\n"
