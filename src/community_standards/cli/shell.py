"""What every sub-command shares: exit codes, the ``-o`` option and writing the output.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import argparse
from typing import TextIO

from ..formats.io import write_atomic
from ..messages.catalogue import ENV_VAR as LANG_VAR
from ..messages.catalogue import (
    LANGUAGES,
    SOURCE_LANGUAGE,
    problem_text,
    standard_language,
    translate,
)
from ..model.errors import CommunityStandardsError
from ..model.standard import Standard
from ..versions.registry import ENV_VAR as PATH_VAR

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_NOT_PASSED",
    "EXIT_OK",
    "add_common",
    "add_output",
    "emit",
    "error_language",
    "error_lines",
    "report_language",
]

EXIT_OK, EXIT_NOT_PASSED, EXIT_BAD_INPUT = 0, 1, 2


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
        choices=list(LANGUAGES),
        default=None if top else argparse.SUPPRESS,
        help=f"the language of reports and messages (default: {LANG_VAR}, then the locale, "
        "then the standard's first language; messages: English)",
    )


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
