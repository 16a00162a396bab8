"""What every sub-command shares: exit codes, the ``-o`` option and writing the output.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import argparse
from typing import TextIO

from ..formats.io import write_atomic

__all__ = ["EXIT_BAD_INPUT", "EXIT_NOT_PASSED", "EXIT_OK", "add_output", "emit"]

EXIT_OK, EXIT_NOT_PASSED, EXIT_BAD_INPUT = 0, 1, 2


def add_output(sub: argparse.ArgumentParser) -> None:
    """Add ``-o/--output FILE`` to a sub-command."""
    sub.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (atomically) instead of standard output",
    )


def emit(args: argparse.Namespace, text: str, out: TextIO) -> None:
    """Write ``text`` to ``--output`` atomically, or to ``out``."""
    target = getattr(args, "output", None)
    if target:
        write_atomic(target, text)
    else:
        out.write(text)
