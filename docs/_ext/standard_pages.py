"""Reference pages for the bundled standards, generated from their TOML files.

When the builder starts, every standard that ``Registry(plugins=False, environment=False)``
finds becomes one reStructuredText page, ``standards/generated/<id>-<version>.rst``:
its metadata and notes, its categories, every indicator with its number, points, Chinese
and English text, its checks in words in both languages (from
``community_standards.messages.checks.describe_indicator``), how it is scored, its note and the
departments responsible, then the departments' duties and the facts the evidence gives.

A page is rewritten only when its text changes, so Sphinx rebuilds exactly the pages
whose standard changed; pages of standards that are gone are removed. The folder is
git-ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

import community_standards as cs
from community_standards.formats.template import assessed_checks
from community_standards.messages.checks import describe_condition, describe_indicator
from community_standards.model.standard import check_facts, condition_check
from community_standards.units.numbers import format_number

logger = logging.getLogger(__name__)

#: Where the generated pages go, relative to the documentation's source folder.
GENERATED = Path("standards") / "generated"

_SPECIAL = re.compile(r"([\\`*_|<>\[\]])")
_LIST_START = re.compile(r"^(\s*)([-+•]\s|\d+[.)]\s|#\.\s|\.\.\s|:)")


def text(value: str) -> str:
    """``value`` as literal reST inline text (markup characters escaped, one line)."""
    value = " ".join(value.split())
    value = _SPECIAL.sub(r"\\\1", value)
    return _LIST_START.sub(r"\1\\\2", value)


def literal(value: str) -> str:
    """``value`` as an inline literal."""
    return f"``{value}``" if "``" not in value else text(value)


def number(value: Decimal | Fraction | int) -> str:
    """A number as the standard writes it (exact)."""
    return format_number(Fraction(value))


def points(value: Decimal | Fraction | int) -> str:
    """``2 points``, ``1 point``, ``2.5 points``."""
    shown = number(value)
    return f"{shown} point" if shown == "1" else f"{shown} points"


def slug(*parts: str) -> str:
    """A label usable as a reST target and an HTML anchor."""
    return "-".join(re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in parts)


def page_name(entry: cs.Entry) -> str:
    """The generated page's file name (without suffix) for ``entry``."""
    return slug(entry.id, entry.version)


def indicator_label(standard: cs.Standard, indicator: cs.Indicator) -> str:
    """The reST label of an indicator on its standard's page."""
    return slug(standard.id, standard.version, indicator.id)


def heading(title: str, char: str, *, over: bool = False) -> list[str]:
    """A section title; the rule is long enough for wide (CJK) characters."""
    rule = char * max(4, 2 * len(title))
    return [rule, title, rule, ""] if over else [title, rule, ""]


def both(value: cs.Text | None) -> str:
    """A bilingual text on one line: ``中文 · English`` (either may be absent)."""
    if value is None:
        return ""
    return " · ".join(text(part) for part in (value.zh, value.en) if part)


def paragraphs(value: cs.Text) -> list[str]:
    """A bilingual text as two paragraphs, Chinese first."""
    return [line for part in (value.zh, value.en) if part for line in (text(part), "")]


def field_list(fields: Iterable[tuple[str, str]], indent: str = "") -> list[str]:
    """A reST field list of the non-empty ``(name, body)`` pairs."""
    return [f"{indent}:{name}: {body}" for name, body in fields if body] + [""]


def bullets(lines: Iterable[str]) -> list[str]:
    """A bullet list, each item one line."""
    return [f"* {text(line)}" for line in lines]


def table(header: list[str], rows: Iterable[list[list[str]]], widths: list[int]) -> list[str]:
    """A ``list-table``; each cell is a list of reST lines."""
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        f"   :widths: {' '.join(map(str, widths))}",
        "",
    ]
    for row in [[[cell] for cell in header], *rows]:
        for i, cell in enumerate(row):
            first, *rest = cell or [""]
            lines.append(f"   {'*' if i == 0 else ' '} - {first}".rstrip())
            lines.extend(f"       {line}".rstrip() for line in rest)
    return [*lines, ""]


def scoring_words(standard: cs.Standard, indicator: cs.Indicator, assessed: bool) -> list[str]:
    """How the indicator's points follow from its checks, in English."""
    words: list[str] = []
    share = (
        indicator.partial_credit
        if indicator.partial_credit is not None
        else standard.partial_credit
    )
    if indicator.award is cs.Award.ALL:
        words.append("All or nothing: every check must be met.")
        if assessed:
            words.append(
                f"An assessed check judged partly met gives {number(share)} of the points."
            )
    elif indicator.award is cs.Award.PROPORTIONAL:
        words.append("In proportion: the points times the share of checks met.")
    else:
        words.append("Deductions: full points, less the deductions, never below zero.")
    if indicator.role is cs.Role.PREREQUISITE:
        words.append("Prerequisite: it must be met for the community to pass or reach any tier.")
    elif indicator.role is cs.Role.VETO:
        words.append("Veto (一票否决): not meeting it fails the community whatever its points.")
    if indicator.bonus:
        words.append("Bonus: its points come on top of the total.")
    if indicator.not_applicable_when is not None:
        facts = {fact.key: fact for fact in standard.facts}
        condition = describe_condition(indicator.not_applicable_when, facts, "en")
        words.append(f"{condition[:1].upper()}{condition[1:]}.")
    if standard.not_applicable is not cs.NotApplicablePolicy.FORBIDDEN:
        if indicator.not_applicable is False:
            words.append("Always applies.")
        elif indicator.not_applicable_when is None:
            words.append("The evidence may declare it not applicable, with a reason.")
    return words


_POLICY = {
    cs.NotApplicablePolicy.FORBIDDEN: "``forbidden``: every indicator applies to every community",
    cs.NotApplicablePolicy.ZERO: "``zero``: an indicator that does not apply scores 0 of its points",
    cs.NotApplicablePolicy.RESCALE: (
        "``rescale``: indicators that do not apply are left out and the total is scaled "
        "back to the full points"
    ),
}
_AGGREGATION = {
    cs.Aggregation.POINTS: "``points``: the total is the sum of the points awarded",
    cs.Aggregation.WEIGHTED: (
        "``weighted``: each category adds its weight times the share of its points earned"
    ),
}


def _metadata(entry: cs.Entry, standard: cs.Standard, root: Path) -> list[str]:
    location = entry.location
    if entry.file is not None and isinstance(entry.file, Path):
        try:
            location = entry.file.resolve().relative_to(root).as_posix()
        except ValueError:
            location = entry.location
    mark = number(standard.pass_mark)
    return field_list(
        [
            ("Reference", literal(standard.ref)),
            ("Status", literal(standard.status.value)),
            ("Extends", literal(entry.extends) if entry.extends else ""),
            ("Supersedes", literal(standard.supersedes) if standard.supersedes else ""),
            ("Issuer", both(standard.issuer)),
            ("Document number", text(standard.document_number or "")),
            ("Issued", standard.issued.isoformat() if standard.issued else ""),
            ("Source", both(standard.source)),
            (
                "Points",
                f"{number(standard.total_points)} in total; a community passes with "
                f"{mark} or more (``total >= {mark}``)",
            ),
            ("Aggregation", _AGGREGATION[standard.aggregation]),
            ("Not applicable", _POLICY[standard.not_applicable]),
            (
                "Partial credit",
                f"{number(standard.partial_credit)} of an indicator's points "
                "for an assessed check judged partly met",
            ),
            ("File", literal(location)),
        ]
    )


def _categories_table(standard: cs.Standard) -> list[str]:
    weighted = standard.aggregation is cs.Aggregation.WEIGHTED
    header = ["No.", "类别", "Category", "Indicators", "Points"] + (["Weight"] if weighted else [])
    rows: list[list[list[str]]] = []
    for n, category in enumerate(standard.categories, start=1):
        numbers = [item.number for item in category.indicators]
        span = f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else numbers[0]
        row = [
            [str(n)],
            [text(category.title.zh)],
            [
                f":ref:`{text(category.title.en or category.id)} <{slug(standard.id, standard.version, 'category', category.id)}>`"
            ],
            [f"{len(numbers)} ({span})"],
            [number(category.points)],
        ]
        if weighted:
            row.append([number(category.weight or 0)])
        rows.append(row)
    total = [
        [
            "",
            "合计",
            "Total",
            str(sum(len(c.indicators) for c in standard.categories)),
            number(standard.total_points),
        ]
    ]
    if weighted:
        total[0].append(
            number(sum((c.weight or Decimal(0) for c in standard.categories), Decimal(0)))
        )
    rows.append([[f"**{cell}**" if cell else ""] for cell in total[0]])
    return table(header, rows, [5, 25, 40, 15, 10] + ([10] if weighted else []))


def _indicator(
    standard: cs.Standard,
    indicator: cs.Indicator,
    facts: dict[str, cs.Fact],
    departments: dict[str, cs.Department],
    assessed: bool,
) -> list[str]:
    title = f"{text(indicator.number)}\\. {literal(indicator.id)} — {points(indicator.points)}"
    lines = [f".. _{indicator_label(standard, indicator)}:", "", f".. rubric:: {title}", ""]
    lines += [
        ".. list-table::",
        "   :stub-columns: 1",
        "   :widths: 18 82",
        "   :class: indicator",
        "",
    ]

    def row(name: str, body: list[str]) -> None:
        if not body:
            return
        lines.append(f"   * - {name}")
        first, *rest = body
        lines.append(f"     - {first}")
        lines.extend(f"       {line}" for line in rest)

    row("中文", [text(indicator.text.zh)] if indicator.text.zh else [])
    row("English", [text(indicator.text.en)] if indicator.text.en else [])
    row("检查", bullets(describe_indicator(indicator, facts, "zh")))
    row("Checks", bullets(describe_indicator(indicator, facts, "en")))
    row("Scoring", [" ".join(scoring_words(standard, indicator, assessed))])
    if indicator.note is not None:
        row("说明", [text(indicator.note.zh)] if indicator.note.zh else [])
        row("Note", [text(indicator.note.en)] if indicator.note.en else [])
    names = [
        f"{text(departments[d].name.zh)} ({text(departments[d].name.en)})"
        if d in departments
        else literal(d)
        for d in indicator.departments
    ]
    row("Departments", ["; ".join(names)] if names else [])
    return [*lines, ""]


def _departments(standard: cs.Standard) -> list[str]:
    if not standard.departments:
        return []
    lines = heading("Departments and their duties", "-")
    lines += [
        "The bodies answerable for the indicators, with the duties the standard gives them.",
        "",
    ]
    answerable: dict[str, list[cs.Indicator]] = {}
    for _, indicator in standard.indicators():
        for department_id in indicator.departments:
            answerable.setdefault(department_id, []).append(indicator)
    for department in standard.departments:
        lines += [f".. _{slug(standard.id, standard.version, 'department', department.id)}:", ""]
        lines += [f".. rubric:: {both(department.name)} ({literal(department.id)})", ""]
        if department.duties is not None:
            lines += paragraphs(department.duties)
        items = answerable.get(department.id, [])
        if items:
            refs = ", ".join(
                f":ref:`{text(item.number)} <{indicator_label(standard, item)}>`" for item in items
            )
            lines += [f"Answerable for {len(items)} indicators: {refs}.", ""]
    return lines


def _facts(standard: cs.Standard) -> list[str]:
    if not standard.facts:
        return []
    users: dict[str, list[cs.Indicator]] = {}
    for _, indicator in standard.indicators():
        keys = [key for check in indicator.checks for key in check_facts(check)]
        keys += [deduction.fact for deduction in indicator.deductions]
        if indicator.not_applicable_when is not None:
            keys += check_facts(condition_check(indicator.not_applicable_when))
        for key in dict.fromkeys(keys):
            users.setdefault(key, []).append(indicator)
    lines = heading("Facts", "-")
    lines += [
        "What an evidence file states about a community. A number may be given in any unit "
        "of the same dimension; it is converted to the unit below when the evidence is read.",
        "",
    ]
    rows: list[list[list[str]]] = []
    for fact in standard.facts:
        bounds = []
        if fact.minimum is not None:
            bounds.append(f"≥ {number(fact.minimum)}")
        if fact.maximum is not None:
            bounds.append(f"≤ {number(fact.maximum)}")
        used = ", ".join(
            f":ref:`{text(item.number)} <{indicator_label(standard, item)}>`"
            for item in users.get(fact.key, [])
        )
        rows.append(
            [
                [literal(fact.key)],
                [fact.kind.value + (f" ({', '.join(bounds)})" if bounds else "")],
                [literal(fact.unit) if fact.unit else ""],
                [text(fact.description.zh)],
                [text(fact.description.en)],
                [used],
            ]
        )
    return lines + table(
        ["Key", "Kind", "Unit", "说明", "Description", "Used by"], rows, [22, 9, 10, 22, 27, 10]
    )


def standard_page(entry: cs.Entry, standard: cs.Standard, root: Path) -> str:
    """The reST page of ``standard`` (found as ``entry``)."""
    facts = {fact.key: fact for fact in standard.facts}
    departments = {department.id: department for department in standard.departments}
    judged = {indicator.id for indicator, _ in assessed_checks(standard)}
    source = literal(entry.location)
    lines = [
        f".. This page is generated by docs/_ext/standard_pages.py from {entry.location}.",
        "   Do not edit it: edit the standard's TOML file.",
        "",
        f".. _{slug('standard', standard.id, standard.version)}:",
        "",
        *heading(f"{both(standard.title)} ({text(standard.version)})", "=", over=True),
    ]
    if standard.status is not cs.Status.ACTIVE:
        lines += [".. note::", "", f"   This version is ``{standard.status.value}``.", ""]
    lines += [
        f"Generated from {source} when the documentation was built: every category and "
        f"indicator of ``{standard.ref}``, with its checks in words.",
        "",
        *_metadata(entry, standard, root),
    ]
    if standard.notes is not None:
        lines += heading("Notes", "-")
        lines += paragraphs(standard.notes)
    lines += heading("Categories", "-")
    lines += _categories_table(standard)
    if standard.tiers:
        lines += heading("Tiers", "-")
        rows = [
            [[literal(t.id)], [text(t.title.zh)], [text(t.title.en)], [f"≥ {number(t.minimum)}"]]
            for t in standard.tiers
        ]
        lines += table(["Tier", "名称", "Title", "Points"], rows, [20, 25, 35, 20])
    for n, category in enumerate(standard.categories, start=1):
        lines += [f".. _{slug(standard.id, standard.version, 'category', category.id)}:", ""]
        lines += heading(f"{n}\\. {both(category.title)}", "-")
        weight = f", weight {number(category.weight)}" if category.weight is not None else ""
        lines += [
            f"{points(category.points)}{weight}; {len(category.indicators)} indicators "
            f"(category id {literal(category.id)}).",
            "",
        ]
        if category.note is not None:
            lines += paragraphs(category.note)
        for indicator in category.indicators:
            lines += _indicator(standard, indicator, facts, departments, indicator.id in judged)
    lines += _departments(standard)
    lines += _facts(standard)
    return "\n".join(lines).rstrip() + "\n"


def write_pages(srcdir: Path, registry: cs.Registry | None = None) -> list[Path]:
    """Write one page per standard under ``srcdir / GENERATED``; return the pages written."""
    registry = registry or cs.Registry(plugins=False, environment=False)
    folder = srcdir / GENERATED
    folder.mkdir(parents=True, exist_ok=True)
    root = srcdir.resolve().parent
    wanted: dict[Path, str] = {}
    for entry in registry.entries():
        standard = registry.get(entry.ref)
        wanted[folder / f"{page_name(entry)}.rst"] = standard_page(entry, standard, root)
    changed = []
    for path, content in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            changed.append(path)
    for stale in folder.glob("*.rst"):
        if stale not in wanted:
            stale.unlink()
    return changed


def _generate(app: Sphinx) -> None:
    changed = write_pages(Path(app.srcdir))
    for path in changed:
        logger.info("standard_pages: wrote %s", path.relative_to(app.srcdir))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", _generate)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
