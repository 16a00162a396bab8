"""Differences between standards in words: a plain-text and a Markdown change summary, and
the JSON form of ``diff --format json``.

The differ (:func:`community_standards.diff`) finds the changes and words each one; these
functions lay them out, grouped, with a headline.

.. versionadded:: 0.1.0
.. versionchanged:: 0.2.0
   Moved here from ``community_standards.versions.diff`` (still importable from the package).
"""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..formats.standard import CONVERTER, json_ready
from ..messages.catalogue import NC_, ntranslate_in, translate_in, translate_words
from ..model.standard import CHECK_KINDS, Check
from ..versions.diff import GROUPS, Change, StandardDiff

__all__ = ["diff_markdown", "diff_text", "diff_to_dict"]


def _grouped(result: StandardDiff) -> list[tuple[str, list[Change]]]:
    groups: dict[str, list[Change]] = {name: [] for name in GROUPS}
    for change in result.changes:
        groups[change.kind.group].append(change)
    return [(name, changes) for name, changes in groups.items() if changes]


#: The groups' headings (the catalogue has them in each language).
_GROUP_WORDS: dict[str, tuple[str, str]] = {
    "standard": NC_("diff group", "Standard"),
    "rating": NC_("diff group", "Pass mark and tiers"),
    "categories": NC_("diff group", "Categories"),
    "indicators": NC_("diff group", "Indicators and requirements"),
    "facts": NC_("diff group", "Facts (evidence)"),
    "departments": NC_("diff group", "Departments"),
    "editorial": NC_("diff group", "Editorial (no effect on scores)"),
}


def _headline(result: StandardDiff, language: str) -> tuple[str, str]:
    count = len(result.changes)
    editorial = sum(1 for change in result.changes if change.editorial)
    title = translate_in(
        language, "diff", "Changes from {old} to {new}", old=result.old, new=result.new
    )
    if not count:
        return title, translate_in(language, "diff", "The two standards are the same: no changes.")
    tail = (
        translate_in(language, "diff", " ({editorial} editorial)", editorial=editorial)
        if editorial
        else ""
    )
    summary = ntranslate_in(
        language, "diff", "{n} change{tail}.", "{n} changes{tail}.", count, tail=tail
    )
    return title, summary


def diff_text(result: StandardDiff, language: str = "zh") -> str:
    """Return ``result`` as a plain-text change summary, grouped, one line per change.

    .. versionadded:: 0.1.0
    """
    title, summary = _headline(result, language)
    groups = translate_words(language, _GROUP_WORDS)
    lines = [title, summary]
    for name, changes in _grouped(result):
        lines.append("")
        lines.append(
            translate_in(language, "diff", "{group} ({n})", group=groups[name], n=len(changes))
        )
        lines.extend(f"  - {change.description.get(language)}" for change in changes)
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("\n", " ").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def diff_markdown(result: StandardDiff, language: str = "zh") -> str:
    """Return ``result`` as a Markdown change summary: a section per group, a bullet per change.

    .. versionadded:: 0.1.0
    """
    title, summary = _headline(result, language)
    groups = translate_words(language, _GROUP_WORDS)
    lines = [f"# {_md(title)}", "", _md(summary)]
    for name, changes in _grouped(result):
        lines += ["", f"## {groups[name]}", ""]
        lines.extend(f"- {_md(change.description.get(language))}" for change in changes)
    return "\n".join(lines) + "\n"


def _plain(value: object) -> Any:
    if value is None or isinstance(value, str | bool | int | Decimal | Fraction | datetime.date):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, tuple(CHECK_KINDS.values())):
        return CONVERTER.unstructure(value, unstructure_as=Check)
    return CONVERTER.unstructure(value)


def diff_to_dict(result: StandardDiff) -> dict[str, Any]:
    """Return the JSON form of ``result`` (the contract of ``diff --format json``).

    Numbers stay exact (see :func:`community_standards.reports.dumps_json`); ``before`` and
    ``after`` are in the standard file format.

    .. versionadded:: 0.1.0
    """
    return {
        "from": result.old,
        "to": result.new,
        "changed": bool(result),
        "count": len(result),
        "counts": result.counts(),
        "changes": [
            json_ready(
                {
                    "kind": change.kind.value,
                    "group": change.kind.group,
                    "editorial": change.editorial,
                    "path": change.path,
                    **({"detail": change.detail} if change.detail else {}),
                    "ids": list(change.ids),
                    "before": _plain(change.before),
                    "after": _plain(change.after),
                    "description": CONVERTER.unstructure(change.description),
                }
            )
            for change in result.changes
        ],
    }
