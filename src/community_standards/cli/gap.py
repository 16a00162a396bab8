"""``community-standards gap``: what a community lacks, and the smallest set of fixes."""

from __future__ import annotations

import argparse
from typing import TextIO

from ..versions.registry import Registry
from .shell import EXIT_OK, add_output, emit, report_language

HELP = "what a community lacks to pass (or reach a tier), and the smallest set of fixes"


def configure(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("evidence", metavar="EVIDENCE", help="a TOML, JSON or .xlsx evidence file")
    sub.add_argument(
        "--standard", metavar="ID[@VERSION]|FILE", help="the standard (default: the evidence's own)"
    )
    sub.add_argument(
        "--target",
        default="pass",
        metavar="pass|TIER|POINTS",
        help="what to aim at: pass (default), a tier's id, or a number of points",
    )
    sub.add_argument(
        "--format",
        choices=["text", "markdown", "json", "html"],
        default="text",
        help="the output format (html needs the html extra)",
    )
    sub.add_argument(
        "--strict", action="store_true", help="a missing fact is an error instead of 'not assessed'"
    )
    add_output(sub)


def run(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    from ..analysis.gap import gap, gap_to_dict, parse_target
    from .inputs import evidence_and_standard

    standard, evidence = evidence_and_standard(
        args.evidence, registry, args.standard, strict=args.strict
    )
    result = gap(standard, evidence, parse_target(standard, args.target))
    language = report_language(args, standard)
    if args.format == "json":
        from ..formats.standard import dumps_json

        emit(args, dumps_json(gap_to_dict(result, language)), out)
    elif args.format == "html":
        from ..reports.html import gap_html

        emit(args, gap_html(result, language), out)
    else:
        from ..reports.gap import gap_markdown, gap_text

        render = gap_markdown if args.format == "markdown" else gap_text
        emit(args, render(result, language), out)
    return EXIT_OK
