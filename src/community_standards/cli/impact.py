"""``community-standards impact``: communities scored under two standards, compared."""

from __future__ import annotations

import argparse
from typing import TextIO

from ..versions.registry import Registry
from .shell import EXIT_OK, add_output, emit, report_language

HELP = "score communities under two standards and compare the results"


def configure(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("a", metavar="A", help="the earlier standard: ID[@VERSION] or a file")
    sub.add_argument("b", metavar="B", help="the later standard: ID[@VERSION] or a file")
    sub.add_argument(
        "evidence",
        nargs="+",
        metavar="EVIDENCE",
        help="evidence files, or folders of evidence files (.toml, .json, .xlsx)",
    )
    sub.add_argument(
        "--format", choices=["text", "markdown", "json"], default="text", help="the output format"
    )
    sub.add_argument(
        "--strict", action="store_true", help="a missing fact is an error instead of 'not assessed'"
    )
    add_output(sub)


def run(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    from ..formats.standard import dumps_json
    from ..reports.impact import impact_markdown, impact_text, impact_to_dict
    from ..versions.impact import impact_files

    a, b = registry.load_all([args.a, args.b])
    result = impact_files(a, b, args.evidence, strict=args.strict)
    language = report_language(args, b)
    if args.format == "json":
        emit(args, dumps_json(impact_to_dict(result)), out)
    elif args.format == "markdown":
        emit(args, impact_markdown(result, language, standards=(a, b)), out)
    else:
        emit(args, impact_text(result, language, standards=(a, b)), out)
    return EXIT_OK
