"""``community-standards validate``: check standard files (exit 0 valid, 2 invalid)."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ..model.errors import CommunityStandardsError
from ..versions.registry import Registry
from .shell import EXIT_BAD_INPUT, EXIT_OK

HELP = "validate standard files (exit 0 valid, 2 invalid)"


def configure(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("files", nargs="+", metavar="FILE")


def run(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    status = EXIT_OK
    for path in args.files:
        try:
            standard = registry.load_file(path)
        except CommunityStandardsError as error:
            for line in error.lines():
                print(line, file=sys.stderr)
            status = EXIT_BAD_INPUT
        else:
            out.write(
                f"{path}: valid ({standard.ref}, {sum(1 for _ in standard.indicators())} indicators)\n"
            )
    return status
