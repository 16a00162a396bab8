"""``community-standards diff``: what changed between two standards."""

from __future__ import annotations

import argparse
from typing import TextIO

from ..versions.registry import Registry
from .shell import EXIT_OK, add_output, emit, report_language

HELP = "list what changed between two standards"


def configure(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("a", metavar="A", help="the earlier standard: ID[@VERSION] or a file")
    sub.add_argument("b", metavar="B", help="the later standard: ID[@VERSION] or a file")
    sub.add_argument(
        "--format", choices=["text", "markdown", "json"], default="text", help="the output format"
    )
    add_output(sub)


def run(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    from ..formats.standard import dumps_json
    from ..reports.diff import diff_markdown, diff_text, diff_to_dict
    from ..versions.diff import diff

    a, b = registry.load_all([args.a, args.b])
    result = diff(a, b)
    language = report_language(args, b)
    if args.format == "json":
        emit(args, dumps_json(diff_to_dict(result)), out)
    elif args.format == "markdown":
        emit(args, diff_markdown(result, language), out)
    else:
        emit(args, diff_text(result, language), out)
    return EXIT_OK
