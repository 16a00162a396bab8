"""``community-standards show``: a standard in words, as JSON, or resolved."""

from __future__ import annotations

import argparse
from typing import TextIO

from ..versions.registry import Registry
from .shell import EXIT_OK, add_output, emit, report_language

HELP = "show a standard: ID[@VERSION] or a file"


def configure(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("standard", metavar="ID[@VERSION]|FILE", help="the standard to show")
    sub.add_argument("--format", choices=["text", "json"], default="text", help="the output format")
    sub.add_argument(
        "--resolved",
        action="store_true",
        help="print the complete standard after resolving 'extends' (TOML, or JSON)",
    )
    add_output(sub)


def run(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    from ..formats.standard import dumps_json, dumps_standard, standard_to_dict

    standard = registry.load(args.standard)
    if args.resolved:
        if args.format == "json":
            emit(args, dumps_json(standard_to_dict(standard)), out)
        else:
            emit(args, dumps_standard(standard), out)
        return EXIT_OK
    if args.format == "json":
        from ..reports.standard import standard_summary

        emit(args, dumps_json(standard_summary(standard)), out)
    else:
        from ..reports.standard import standard_text

        emit(args, standard_text(standard, report_language(args, standard)), out)
    return EXIT_OK
