"""``community-standards template``: an evidence file or workbook to fill in."""

from __future__ import annotations

import argparse
import os
from typing import Any, TextIO

from ..messages.catalogue import problem
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
        choices=list(FORMATS.values()),
        default=None,
        help="a commented TOML file, an .xlsx workbook for -o FILE (needs the xlsx extra) or "
        "a CSV table (default: by the suffix of -o FILE, else toml)",
    )
    sub.add_argument(
        "--table",
        action="store_true",
        help="the empty city table (one row per community) instead: CSV, or an .xlsx "
        "workbook with --format xlsx or -o FILE.xlsx (default: csv)",
    )
    add_output(sub)


#: The formats by the suffix of ``-o FILE``.
FORMATS = {".toml": "toml", ".xlsx": "xlsx", ".csv": "csv"}


def output_format(requested: str | None, output: str | None, default: str = "toml") -> str:
    """The format to write: ``--format``, else the suffix of ``-o FILE``, else ``default``.

    A ``--format`` that contradicts the suffix of ``-o FILE`` is an error.
    """
    suffix = os.path.splitext(output or "")[1].lower()
    by_suffix = FORMATS.get(suffix)
    if requested and by_suffix and requested != by_suffix:
        raise EvidenceError(
            output or "<template>",
            [
                problem(
                    "",
                    "-o names a {suffix} file but --format is {format}; "
                    "leave --format out or make them agree",
                    suffix=suffix,
                    format=requested,
                )
            ],
        )
    return requested or by_suffix or default


def run(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    standard = registry.load(args.standard)
    args.format = output_format(args.format, args.output, "csv" if args.table else "toml")
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
