"""``community-standards validate``: check standard files (exit 0 valid, 2 invalid)."""

from __future__ import annotations

import argparse
from typing import TextIO

from ..messages.terminal import printable
from ..model.errors import CommunityStandardsError
from ..versions.registry import Registry
from .shell import EXIT_BAD_INPUT, EXIT_OK, error_language, error_lines, print_lines

HELP = "validate standard and evidence files (exit 0 valid, 2 invalid)"
DESCRIPTION = (
    "Check that each FILE is a valid standard: its structure, its references (extends) "
    "and its consistency (points add up, facts declared and used, tiers rising). "
    "An evidence file (one with a [community] table, or a workbook) is recognised and "
    "checked against its standard (the one it names, or --standard). "
    "Each problem is printed on its own line as FILE: PATH: sentence; "
    "the exit status is 0 when every file is valid and 2 otherwise."
)


def configure(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "files", nargs="+", metavar="FILE", help="standard or evidence files (TOML, JSON, .xlsx)"
    )
    sub.add_argument(
        "--standard",
        metavar="ID[@VERSION]|FILE",
        help="the standard evidence files are checked against (default: the one each names)",
    )


def run(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    status = EXIT_OK
    for path in args.files:
        try:
            out.write(printable(_validate(path, args, registry).rstrip("\n")) + "\n")
        except CommunityStandardsError as error:
            language = error_language(args)
            print_lines(error_lines(error, language, prefix=False), language=language)
            status = EXIT_BAD_INPUT
    return status


def _validate(path: str, args: argparse.Namespace, registry: Registry) -> str:
    from ..formats.evidence import evidence_from_dict, looks_like_evidence, read_evidence_document
    from ..formats.io import read_document
    from ..messages.catalogue import translate
    from ..model.errors import StandardError
    from ..versions.registry import standard_for_evidence

    language = error_language(args)
    if path.lower().endswith(".xlsx"):
        document = read_evidence_document(path)
    else:
        document = read_document(path, StandardError)
    if not looks_like_evidence(document):
        standard = registry.load_file(path)
        return (
            translate(
                language,
                "{path}: valid ({ref}, {n} indicators)",
                path=path,
                ref=standard.ref,
                n=sum(1 for _ in standard.indicators()),
            )
            + "\n"
        )
    named = registry.load(args.standard) if args.standard else None
    standard = standard_for_evidence(document, path, registry, standard=named)
    evidence = evidence_from_dict(document, standard, path)
    return (
        translate(
            language,
            "{path}: valid evidence for {ref} ({facts} facts, {judgements} judgements)",
            path=path,
            ref=standard.ref,
            facts=len(evidence.facts),
            judgements=len(evidence.judgements),
        )
        + "\n"
    )
