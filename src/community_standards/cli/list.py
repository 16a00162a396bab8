"""``community-standards list``: every standard found, with versions, status and origin."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from ..messages.terminal import printable, problem_line
from ..versions.registry import Entry, Registry
from .shell import EXIT_OK, MAX_LINE, add_output, emit

HELP = "list every standard found, with versions, status and origin"


def configure(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--format", choices=["text", "json"], default="text", help="the output format")
    add_output(sub)


def run(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    entries = registry.entries()
    if args.format == "json":
        for problem in registry.broken_plugins():
            print(problem_line(f"warning: {problem}", MAX_LINE), file=sys.stderr)
        from ..formats.standard import dumps_json

        rows = [_row(entry) for entry in entries]
        emit(args, dumps_json(rows), out)
        return EXIT_OK
    from ..messages.layout import columns

    rows_text = [["ID", "VERSION", "STATUS", "FROM", "FILE"]]
    for e in entries:
        extra = f" (extends {e.extends})" if e.extends else ""
        rows_text.append(
            [
                e.id,
                e.version,
                e.status.value,
                e.origin,
                e.location + extra,
            ]
        )
    for problem in registry.broken_plugins():
        rows_text.append(["-", "-", "broken", problem.path, problem.message])
    rows_text = [[printable(cell) for cell in row] for row in rows_text]
    emit(args, "\n".join(columns(rows_text, [None] * 5)) + "\n", out)
    return EXIT_OK


def _row(entry: Entry) -> dict[str, Any]:
    """An entry as ``list --format json`` writes it: its fields, without the file object."""
    from ..formats.standard import CONVERTER

    row: dict[str, Any] = CONVERTER.unstructure(entry)
    row.pop("file", None)
    return row
