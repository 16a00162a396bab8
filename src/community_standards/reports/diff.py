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
from ..model.standard import CHECK_KINDS, Check
from ..versions.diff import GROUPS, Change, StandardDiff

__all__ = ["diff_markdown", "diff_text", "diff_to_dict"]


def _grouped(result: StandardDiff) -> list[tuple[str, list[Change]]]:
    groups: dict[str, list[Change]] = {name: [] for name in GROUPS}
    for change in result.changes:
        groups[change.kind.group].append(change)
    return [(name, changes) for name, changes in groups.items() if changes]


def _headline(result: StandardDiff, language: str) -> tuple[str, str]:
    count = len(result.changes)
    editorial = sum(1 for change in result.changes if change.editorial)
    if language == "zh":
        title = f"标准变更：{result.old} → {result.new}"
        if not count:
            return title, "两个版本内容相同，无变更。"
        tail = f"（其中文字与编排 {editorial} 项）" if editorial else ""
        return title, f"共 {count} 项变更{tail}。"
    title = f"Changes from {result.old} to {result.new}"
    if not count:
        return title, "The two standards are the same: no changes."
    plural = "change" if count == 1 else "changes"
    tail = f" ({editorial} editorial)" if editorial else ""
    return title, f"{count} {plural}{tail}."


def diff_text(result: StandardDiff, language: str = "zh") -> str:
    """Return ``result`` as a plain-text change summary, grouped, one line per change.

    .. versionadded:: 0.1.0
    """
    title, summary = _headline(result, language)
    lines = [title, summary]
    for name, changes in _grouped(result):
        lines.append("")
        lines.append(
            f"{GROUPS[name].get(language)}（{len(changes)}）"
            if language == "zh"
            else f"{GROUPS[name].get(language)} ({len(changes)})"
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
    lines = [f"# {_md(title)}", "", _md(summary)]
    for name, changes in _grouped(result):
        lines += ["", f"## {GROUPS[name].get(language)}", ""]
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
