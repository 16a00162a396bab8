"""``community-standards template``: an evidence file or workbook to fill in."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..model.errors import EvidenceError
from ..versions.registry import Registry
from .score import DEFAULT_STANDARD
from .shell import EXIT_OK, add_output, emit

HELP = "write an evidence file (or workbook) to fill in"


def configure(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "standard",
        nargs="?",
        default=DEFAULT_STANDARD,
        metavar="ID[@VERSION]|FILE",
        help="the standard the evidence is for",
    )
    sub.add_argument(
        "--format",
        choices=["toml", "xlsx", "csv"],
        default="toml",
        help="a commented TOML file, or an .xlsx workbook for -o FILE (needs the xlsx extra)",
    )
    sub.add_argument(
        "--table",
        action="store_true",
        help="the empty city table (one row per community) instead: --format csv or xlsx",
    )
    add_output(sub)


def run(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    standard = registry.load(args.standard)
    if args.table or args.format == "csv":
        return _table(args, standard, out)
    if args.format == "xlsx":
        from ..formats.workbook import evidence_workbook

        if not args.output:
            raise EvidenceError("<template>", "an .xlsx workbook needs -o FILE")
        emit(args, evidence_workbook(standard), out)
        return EXIT_OK
    from ..formats.template import evidence_template

    emit(args, evidence_template(standard), out)
    return EXIT_OK


def _table(args: argparse.Namespace, standard: Any, out: TextIO) -> int:
    from ..formats.table import table_template_csv, table_template_xlsx

    if args.format == "xlsx":
        if not args.output:
            raise EvidenceError("<template>", "an .xlsx workbook needs -o FILE")
        emit(args, table_template_xlsx(standard), out)
    elif args.format == "csv" and args.table:
        emit(args, table_template_csv(standard), out)
    else:
        raise EvidenceError("<template>", "a city table is --format csv or xlsx, with --table")
    return EXIT_OK
