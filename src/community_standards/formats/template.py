"""An evidence file to fill in: every fact with its unit, meaning and use, every judgement.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import json
from collections import defaultdict
from fractions import Fraction

from ..messages.amounts import unit_words
from ..model.refs import table_path
from ..model.standard import (
    AssessedCheck,
    Fact,
    FactKind,
    Indicator,
    Standard,
    allowed_points_text,
    indicator_facts,
    pool_facts,
    ranged_deductions,
    walk_checks,
)
from ..units.numbers import format_number

__all__ = ["assessed_checks", "evidence_template", "fact_form", "toml_key"]


def assessed_checks(standard: Standard) -> list[tuple[Indicator, AssessedCheck]]:
    """Every assessed check with its indicator, in order."""
    return [
        (indicator, check)
        for _, indicator in standard.indicators()
        for top in indicator.checks
        for _, check in walk_checks(top)
        if isinstance(check, AssessedCheck)
    ]


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def toml_key(key: str) -> str:
    """``key`` as a TOML key: bare when it can be, quoted otherwise (``"SSc4.1"``)."""
    return table_path("", key)[1:]


def fact_form(fact: Fact) -> str:
    """What a value of ``fact`` looks like: yes/no, a rate, a number in its unit; its bounds."""
    if fact.kind is FactKind.BOOLEAN:
        return "yes/no: true or false"
    bounds = []
    if fact.minimum is not None:
        bounds.append(f"minimum {format_number(fact.minimum)}")
    if fact.maximum is not None:
        bounds.append(f"maximum {format_number(fact.maximum)}")
    whole = "a whole number" if fact.kind is FactKind.COUNT else "a number"
    if fact.unit in {"%", "percent"}:
        form = 'a rate in per cent: 85 or "85 %"'
    elif not fact.unit and fact.maximum == 1:
        form = 'a rate: 0–1 or "85 %"'
    elif fact.unit:
        label = unit_words(fact.unit, "en")
        form = f"{whole} {label if label.startswith('per ') else 'of ' + label}"
    else:
        form = whole
    if fact.each_period:  # counted in each period: each period's count, or the dates
        period = unit_words(fact.unit, "en").removeprefix("per ")
        form += f" (each {period}'s count as a list, or the dates)"
    return "; ".join([form, *bounds])


def evidence_template(standard: Standard) -> str:
    """Return a TOML evidence file for ``standard`` with every entry commented out.

    Remove the ``#`` in front of a line and give its value; a fact left out makes the
    indicators that need it ``not_assessed``.

    .. versionadded:: 0.1.0
    """
    users: dict[str, list[str]] = defaultdict(list)
    for _, indicator in standard.indicators():
        for key in indicator_facts(indicator):
            users[key].append(f"{indicator.number} {indicator.id}")
    for key, pool in pool_facts(standard):
        users[key].append(f"{pool} (deductions)")
    lines = [
        f"## Evidence for {standard.ref}: {standard.title.zh} / {standard.title.en}".rstrip(" /"),
        "## 证据文件：删去行首的“# ”并填写数值；以“##”开头的是说明。未填写的事实使相关指标记为“未评估”。",
        "## Remove the leading '# ' and give a value; lines starting '##' explain. A fact left out makes its indicators 'not assessed'.",
        '## Numbers may carry units ("56 学时", "4200 household", "85 %"); a bare number is in the unit shown.',
        "",
        f"standard = {_quote(standard.ref)}",
        "",
        "[community]",
        'id = "community-id"',
        'name = "社区名称"',
        '# name_en = "Community name"',
        '# district = "区"',
        '# street = "街道"',
        "# assessed_on = 2024-01-01",
        '# assessor = "评估人"',
        "",
        "[facts]",
    ]
    for fact in standard.facts:
        unit = f", unit: {fact.unit}" if fact.unit else ""
        lines.append(f"## {fact.description.zh} / {fact.description.en} ({fact.kind.value}{unit})")
        lines.append(f"##   {fact_form(fact)}")
        lines.append(f"##   used by: {'; '.join(users.get(fact.key, [])) or '-'}")
        if fact.kind is FactKind.BOOLEAN:
            example = ""  # left blank: true or false, never a pre-filled answer
        elif fact.unit.startswith("1/"):
            example = " " + _quote(f"0 / {fact.unit[2:]}")
        elif fact.unit:
            example = " " + _quote(f"0 {fact.unit}")
        else:
            example = " 0"
        lines.append(f"# {toml_key(fact.key)} ={example}")
    judged = assessed_checks(standard)
    if judged:
        lines += [
            "",
            '## Assessors\' judgements: result = "met" | "partly_met" | "not_met", or points = N.',
        ]
    for indicator, check in judged:
        lines += [
            "",
            f"## {indicator.number}. {check.label.zh} / {check.label.en}".rstrip(" /"),
            *(
                [f"##   points: {allowed_points_text(indicator)}"]
                if indicator.point_values or indicator.whole_points
                else []
            ),
            f"# [{table_path('judgements', indicator.id)}]",
            '# result = "met"',
            '# note = ""',
            '# evidence = ""',
        ]
    ranged = [(key, number, d) for key, number, d in ranged_deductions(standard) if d.id]
    if ranged:
        lines += [
            "",
            "## The assessor's amounts of deductions left to the assessor (评估人员酌定的扣分):",
            "## for incidents, the points for all of them, or one amount per case ([5, 7.5]).",
        ]
    headed: set[str] = set()
    for key, number, deduction in ranged:
        if key not in headed:
            headed.add(key)
            lines += ["", f"# [{table_path('deductions', key)}]"]
        low = format_number(Fraction(deduction.least))
        high = format_number(Fraction(deduction.most))
        each = "once" if deduction.when is not None else "per case"
        lines += [
            f"## {number}. {deduction.id}: {low} to {high} points {each}",
            f"# {toml_key(deduction.id or '')} = {low}",
        ]
    if standard.not_applicable.value != "forbidden":
        lines += [
            "",
            "## Indicators that do not apply, with the reason:",
            "# [not_applicable]",
            '# indicator-id = "reason"',
        ]
    return "\n".join(lines) + "\n"
