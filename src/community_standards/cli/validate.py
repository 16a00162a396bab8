"""``community-standards validate``: check standard files (exit 0 valid, 2 invalid)."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ..model.errors import CommunityStandardsError
from ..versions.registry import Registry
from .shell import EXIT_BAD_INPUT, EXIT_OK, error_language, error_lines

HELP = "validate standard files (exit 0 valid, 2 invalid)"
DESCRIPTION = (
    "Check that each FILE is a valid standard: its structure, its references (extends) "
    "and its consistency (points add up, facts declared and used, tiers rising). "
    "Each problem is printed on its own line as FILE: PATH: sentence; "
    "the exit status is 0 when every file is valid and 2 otherwise."
)


def configure(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("files", nargs="+", metavar="FILE", help="standard files (TOML or JSON)")


def run(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    status = EXIT_OK
    for path in args.files:
        try:
            standard = registry.load_file(path)
        except CommunityStandardsError as error:
            for line in error_lines(error, error_language(args), prefix=False):
                print(line, file=sys.stderr)
            status = EXIT_BAD_INPUT
        else:
            out.write(
                f"{path}: valid ({standard.ref}, {sum(1 for _ in standard.indicators())} indicators)\n"
            )
    return status
