"""``community-standards score``: one community's evidence file scored, as a report."""

from __future__ import annotations

import argparse
from typing import TextIO

from ..versions.registry import DEFAULT_STANDARD, Registry, standard_for_evidence
from .shell import EXIT_NOT_PASSED, EXIT_OK, add_output, emit, report_language

HELP = "score a community's evidence file"

__all__ = ["DEFAULT_STANDARD", "HELP", "configure", "run"]


def configure(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("evidence", metavar="EVIDENCE", help="a TOML, JSON or .xlsx evidence file")
    sub.add_argument(
        "--standard",
        metavar="ID[@VERSION]|FILE",
        help=f"the standard (default: the evidence's own, else {DEFAULT_STANDARD})",
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
    sub.add_argument(
        "--require-pass", action="store_true", help="exit 1 when the community does not pass"
    )
    add_output(sub)


def run(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    from ..formats.evidence import read_evidence_document
    from ..formats.standard import dumps_json
    from ..reports.scorecard import scorecard_markdown, scorecard_text, scorecard_to_dict
    from ..scoring.evaluate import score
    from ..scoring.reading import evidence_from_dict

    document = read_evidence_document(args.evidence)
    named = registry.load(args.standard) if args.standard else None
    standard = standard_for_evidence(document, args.evidence, registry, standard=named)
    evidence = evidence_from_dict(document, standard, args.evidence, strict=args.strict)
    card = score(standard, evidence)
    warnings = evidence.warnings
    language = report_language(args, standard)
    if args.format == "json":
        emit(args, dumps_json(scorecard_to_dict(card, warnings=warnings)), out)
    elif args.format == "html":
        from ..reports.html import scorecard_html

        emit(args, scorecard_html(card, standard, language, warnings=warnings), out)
    elif args.format == "markdown":
        emit(args, scorecard_markdown(card, standard, language, warnings=warnings), out)
    else:
        emit(args, scorecard_text(card, standard, language, warnings=warnings), out)
    return EXIT_NOT_PASSED if args.require_pass and not card.passed else EXIT_OK
