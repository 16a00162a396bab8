"""``community-standards schema``: the JSON Schema of standard or evidence files, for editors."""

from __future__ import annotations

import argparse
from typing import TextIO

from ..versions.registry import Registry
from .shell import EXIT_OK, add_output, emit

HELP = "write the JSON Schema of standard or evidence files (for editors such as Taplo)"
DESCRIPTION = (
    "Write the JSON Schema of a file format, generated from the library's model: "
    "'standard' (plain and derived standards) or 'evidence' (with --standard, the facts "
    "and indicators of that standard). Point an editor at it with a '#:schema' line."
)


def configure(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("kind", choices=["standard", "evidence"], help="the file format to describe")
    sub.add_argument(
        "--standard",
        metavar="ID[@VERSION]|FILE",
        default=None,
        help="for evidence: offer this standard's facts and indicators, and refuse others "
        "(default: any fact)",
    )
    add_output(sub)


def run(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    from ..formats.schema import evidence_schema, schema_json, standard_schema

    if args.kind == "standard":
        schema = standard_schema()
    else:
        standard = registry.load(args.standard) if args.standard else None
        schema = evidence_schema(standard, getattr(args, "language", None) or "en")
    emit(args, schema_json(schema), out)
    return EXIT_OK
