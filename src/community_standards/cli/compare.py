"""``community-standards compare``: two assessments of one community, indicator by indicator."""

from __future__ import annotations

import argparse
from typing import TextIO

from ..versions.registry import Registry
from .shell import EXIT_OK, add_output, emit, report_language

HELP = "compare two assessments of one community (evidence or scorecard JSON)"


def configure(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "old", metavar="OLD", help="the earlier assessment: evidence, or scorecard JSON"
    )
    sub.add_argument("new", metavar="NEW", help="the later assessment: evidence, or scorecard JSON")
    sub.add_argument(
        "--standard",
        metavar="ID[@VERSION]|FILE",
        help="the standard for evidence files that name none (default: each file's own)",
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
    from ..analysis.compare import compare, compare_to_dict
    from .inputs import assessment

    old = assessment(args.old, registry, args.standard, strict=args.strict)
    new = assessment(args.new, registry, args.standard, strict=args.strict)
    standard = new.standard
    result = compare(old.card, new.card, warnings_before=old.warnings, warnings_after=new.warnings)
    if standard is not None:
        language = report_language(args, standard)
    else:  # two scorecards read back from JSON: no standard's languages to go by
        language = getattr(args, "language", None) or "zh"
    if args.format == "json":
        from ..formats.standard import dumps_json

        emit(args, dumps_json(compare_to_dict(result)), out)
    elif args.format == "html":
        from ..reports.html import compare_html

        emit(args, compare_html(result, language, standard), out)
    else:
        from ..reports.compare import compare_markdown, compare_text

        render = compare_markdown if args.format == "markdown" else compare_text
        emit(args, render(result, language, standard), out)
    return EXIT_OK
