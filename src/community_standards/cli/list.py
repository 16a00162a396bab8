"""``community-standards list``: every standard found, with versions, status and origin."""

from __future__ import annotations

import argparse
from typing import TextIO

from ..messages.terminal import printable
from ..versions.registry import Registry
from .shell import EXIT_OK, add_output, emit

HELP = "list every standard found, with versions, status and origin"


def configure(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--format", choices=["text", "json"], default="text", help="the output format")
    add_output(sub)


def run(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    entries = registry.entries()
    if args.format == "json":
        from ..formats.standard import dumps_json

        rows = [
            {
                "id": e.id,
                "version": e.version,
                "status": str(getattr(e.status, "value", e.status)),
                "origin": e.origin,
                "location": e.location,
                **({"extends": e.extends} if e.extends else {}),
                **({"supersedes": e.supersedes} if e.supersedes else {}),
            }
            for e in entries
        ]
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
                str(getattr(e.status, "value", e.status)),
                e.origin,
                e.location + extra,
            ]
        )
    rows_text = [[printable(cell) for cell in row] for row in rows_text]
    emit(args, "\n".join(columns(rows_text, [None] * 5)) + "\n", out)
    return EXIT_OK
