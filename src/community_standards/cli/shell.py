"""What every sub-command shares: exit codes, the ``-o`` option and writing the output.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Sequence
from typing import BinaryIO, TextIO

from ..formats.io import write_atomic
from ..messages.catalogue import ENV_VAR as LANG_VAR
from ..messages.catalogue import (
    LANGUAGES,
    SOURCE_LANGUAGE,
    ntranslate,
    problem_text,
    standard_language,
    translate,
)
from ..messages.terminal import problem_line
from ..model.errors import CommunityStandardsError
from ..model.standard import Standard
from ..versions.registry import ENV_VAR as PATH_VAR

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_PASSED",
    "EXIT_OK",
    "MAX_LINE",
    "MAX_SHOWN",
    "add_common",
    "add_output",
    "emit",
    "error_language",
    "error_lines",
    "print_lines",
    "report_language",
]

EXIT_OK, EXIT_NOT_PASSED, EXIT_BAD_INPUT = 0, 1, 2
#: Ended by Ctrl-C (SIGINT); SIGTERM and SIGHUP give 128 plus their number (143, 129).
EXIT_INTERRUPTED = 130
#: Most problems printed for one error; the rest are counted on one more line.
MAX_SHOWN = 20
#: Longest line printed for one problem (data echoed in it is shortened in the middle).
MAX_LINE = 400


def add_common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Add the options every command takes, before or after the sub-command's name.

    On the main parser they have their defaults; on a sub-command they leave what was
    given before the sub-command's name in place unless given again.
    """
    parser.add_argument(
        "--standards-path",
        action="append",
        dest="standards_path" if top else "standards_path_after",
        default=[] if top else argparse.SUPPRESS,
        metavar="DIR",
        help=f"a folder (or file) of standards to look in besides the bundled and installed "
        f"ones and {PATH_VAR}; repeatable",
    )
    parser.add_argument(
        "--lang",
        metavar="LANG",
        default=None if top else argparse.SUPPRESS,
        help=f"the language of reports and messages, a BCP 47 tag such as "
        f"{', '.join(LANGUAGES)} or de (default: {LANG_VAR}, then the locale, then the "
        "standard's first language; messages: English)",
    )


def add_output(sub: argparse.ArgumentParser) -> None:
    """Add ``-o/--output FILE`` (``-`` for standard output) and ``--force`` to a sub-command."""
    sub.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (atomically) instead of standard output; - is standard output",
    )
    sub.add_argument(
        "--force",
        action="store_true",
        help="replace the output FILE even when it is read-only; write into it when it "
        "has other hard links (not atomic)",
    )


def emit(args: argparse.Namespace, text: str | bytes, out: TextIO) -> None:
    """Write ``text`` to ``--output`` atomically, or to ``out`` (also for ``-o -``)."""
    target = getattr(args, "output", None)
    if target and target != "-":
        write_atomic(target, text, force=bool(getattr(args, "force", False)))
    elif isinstance(text, bytes):
        binary: BinaryIO | None = getattr(out, "buffer", None)
        if binary is None:
            raise OSError(errno.EINVAL, "binary output needs a file: use -o FILE", "-")
        out.flush()
        binary.write(text)
    else:
        out.write(text)


def report_language(args: argparse.Namespace, standard: Standard) -> str:
    """The language of a report: the user's choice, else the standard's first language."""
    chosen: str | None = getattr(args, "language", None)
    return chosen or standard_language(standard)


def error_language(args: argparse.Namespace | None) -> str:
    """The language of error messages: the user's choice, else English."""
    chosen: str | None = getattr(args, "language", None)
    return chosen or SOURCE_LANGUAGE


def error_lines(error: CommunityStandardsError, language: str, *, prefix: bool = True) -> list[str]:
    """One line per problem of ``error`` in ``language``: ``error: source: path: sentence``."""
    head = f"{translate(language, 'error')}: " if prefix else ""
    return [f"{head}{error.source}: {problem_text(item, language)}" for item in error.problems]


def print_lines(
    lines: Sequence[str], stream: TextIO | None = None, *, language: str = SOURCE_LANGUAGE
) -> None:
    """Print error ``lines`` on ``stream`` (standard error), made safe for a terminal.

    At most :data:`MAX_SHOWN` are printed, then how many more there are; every line is
    made a :func:`~community_standards.messages.terminal.problem_line` (a newline or an
    escape from data cannot forge a line or steer the terminal, long numbers are shortened)
    at most :data:`MAX_LINE` characters long.
    """
    stream = stream or sys.stderr
    for line in lines[:MAX_SHOWN]:
        print(problem_line(line, MAX_LINE), file=stream)
    if len(lines) > MAX_SHOWN:
        rest = len(lines) - MAX_SHOWN
        more = ntranslate(
            language,
            "… and {count} more problem",
            "… and {count} more problems",
            rest,
            count=format(rest, ","),
        )
        print(more, file=stream)
