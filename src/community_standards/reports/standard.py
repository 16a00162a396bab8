"""A standard in words: checks, indicators and the whole standard as readable text.

Used by ``community-standards show`` and by the documentation's generated pages.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..messages.catalogue import language_notices, translate, translate_in
from ..messages.checks import (
    describe_category_rules,
    describe_deductions,
    describe_indicator,
    describe_tier,
)
from ..messages.layout import REPORT_WIDTH, wrap
from ..messages.terminal import printable
from ..model.standard import (
    DEFAULT_LANGUAGES,
    Check,
    Deduction,
    Indicator,
    Standard,
)
from ..units.numbers import format_number

__all__ = ["standard_summary", "standard_text"]


def standard_summary(standard: Standard) -> dict[str, Any]:
    """The ``show --format json`` object: metadata, categories, indicators and their checks."""
    from ..formats.standard import CONVERTER, every_field_converter, json_ready

    every = every_field_converter()  # texts with both languages, tiers, facts, departments

    def indicator(item: Indicator) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": item.id,
            "number": item.number,
            "text": every.unstructure(item.text),
            "points": item.points,
            "award": item.award.value,
            "role": item.role.value,
            "checks": [CONVERTER.unstructure(check, unstructure_as=Check) for check in item.checks],
        }
        if item.deductions:
            data["deductions"] = CONVERTER.unstructure(item.deductions)
        if item.when_failed.value != "deny":
            data["when_failed"] = item.when_failed.value
            data["failed_cap"] = item.failed_cap
            data["failed_tier"] = item.failed_tier
        if item.starred:
            data["starred"] = True
        if item.departments:
            data["departments"] = list(item.departments)
        if item.note is not None:
            data["note"] = every.unstructure(item.note)
        return data

    summary: dict[str, Any] = json_ready(
        {
            "id": standard.id,
            "version": standard.version,
            "status": standard.status.value,
            "title": every.unstructure(standard.title),
            **(
                {"languages": list(standard.languages)}
                if standard.languages != DEFAULT_LANGUAGES
                else {}
            ),
            "issuer": every.unstructure(standard.issuer),
            "document_number": standard.document_number,
            "issued": standard.issued,
            "total_points": standard.total_points,
            "pass_mark": standard.pass_mark,
            "aggregation": standard.aggregation.value,
            "not_applicable": standard.not_applicable.value,
            "sections": every.unstructure(standard.sections),
            "tiers": every.unstructure(standard.tiers),
            "categories": [
                {
                    "id": category.id,
                    "title": every.unstructure(category.title),
                    "points": category.points,
                    **({"weight": category.weight} if category.weight is not None else {}),
                    **({"section": category.section} if category.section is not None else {}),
                    **({"cap": category.cap} if category.cap is not None else {}),
                    **({"bonus": True} if category.bonus else {}),
                    **(
                        {"groups": CONVERTER.unstructure(category.groups)}
                        if category.groups
                        else {}
                    ),
                    **(_pool(category.deductions, category.deduction_limit, category.floor)),
                    "indicators": [indicator(item) for item in category.indicators],
                }
                for category in standard.categories
            ],
            **(_pool(standard.deductions, standard.deduction_limit, standard.floor)),
            "facts": every.unstructure(standard.facts),
            "departments": every.unstructure(standard.departments),
        }
    )
    return summary


def _pool(deductions: Sequence[Deduction], limit: Decimal | None, floor: Decimal) -> dict[str, Any]:
    """A deduction pool's keys in a summary (none without deductions)."""
    from ..formats.standard import CONVERTER

    if not deductions:
        return {}
    return {
        "deductions": CONVERTER.unstructure(tuple(deductions)),
        "deduction_limit": limit,
        "floor": floor,
    }


def standard_text(standard: Standard, language: str = "zh") -> str:
    """Return ``standard`` as readable text: every category, indicator, points and checks."""
    facts = {fact.key: fact for fact in standard.facts}
    names = {d.id: d.name.get(language) for d in standard.departments}
    note_word = translate(language, "Note")
    departments_word = translate(language, "Departments")
    lines = [f"{standard.title.get(language)} ({standard.ref}, {standard.status.value})"]
    lines += [f"({notice})" for notice in language_notices(standard, language)]
    if standard.languages != DEFAULT_LANGUAGES:
        lines.append(translate(language, "Languages: {tags}", tags=", ".join(standard.languages)))
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
        translate_in(
            language, "show", "{total} points; passes at {mark} or more", total=total, mark=mark
        )
    )
    above = sum((Fraction(c.points) for c in standard.categories if c.bonus), Fraction(0))
    if above:
        lines.append(
            translate_in(language, "show", "bonus categories add up to {points} more", points=above)
        )
    for line in describe_deductions(standard.deductions, standard.deduction_limit, facts, language):
        floor = format_number(Fraction(standard.floor))
        lines.append(
            translate_in(
                language, "show", "from the total, down to {floor}: {line}", floor=floor, line=line
            )
        )
    if standard.tiers:
        lines.append(
            translate_in(language, "show", "a tier is given only to a community that passes")
        )
    for tier in standard.tiers:
        lines += wrap(describe_tier(tier, standard, language), REPORT_WIDTH, "  ", "    ")
    sections = {section.id: section for section in standard.sections}
    for section in standard.sections:
        weight = format_number(Fraction(section.weight))
        title = section.title.get(language)
        lines.append(
            translate_in(
                language, "show", "section {title}: weight {weight}", title=title, weight=weight
            )
        )
    for category in standard.categories:
        lines.append("")
        points = format_number(Fraction(category.points))
        if category.bonus:
            points = translate_in(
                language, "show", "bonus, up to {points} above the total", points=points
            )
        elif category.weight is not None:
            weight = format_number(Fraction(category.weight))
            inside = sections.get(category.section or "")
            if inside is not None:
                of = inside.title.get(language)
                weight = translate_in(language, "show", "{weight} % of {of}", weight=weight, of=of)
            points = translate_in(
                language, "show", "{points}; weight {weight}", points=points, weight=weight
            )
        lines.append(f"{category.title.get(language)} ({points})")
        for line in describe_category_rules(category, language, facts):
            lines.append(f"  * {line}")
        for item in category.indicators:
            marks = []
            if item.role.value != "scored":
                marks.append(item.role.value)
            if item.bonus:
                marks.append("bonus")
            if item.starred:
                marks.append("★")
            tag = f" [{', '.join(marks)}]" if marks else ""
            head = f"  {item.number:>3}. [{format_number(Fraction(item.points))}]{tag} "
            lines += wrap(item.text.get(language), REPORT_WIDTH, head, " " * 7)
            for line in describe_indicator(item, facts, language):
                lines += wrap(line, REPORT_WIDTH, "        - ", " " * 10)
            if item.note is not None and item.note.get(language):
                lines += wrap(
                    item.note.get(language), REPORT_WIDTH, f"        {note_word}: ", " " * 10
                )
            if item.departments:
                shown = ", ".join(names.get(d, d) for d in item.departments)
                lines += wrap(shown, REPORT_WIDTH, f"        {departments_word}: ", " " * 10)
    if standard.departments:
        lines += ["", departments_word]
        for department in standard.departments:
            lines.append(f"  {department.name.get(language)} [{department.id}]")
            if department.duties is not None and department.duties.get(language):
                lines += wrap(department.duties.get(language), REPORT_WIDTH, " " * 8, " " * 8)
    return "\n".join(map(printable, lines)) + "\n"
