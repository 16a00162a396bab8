"""The ``community-standards`` command: a thin shell around the library's functions.

Each sub-command is a module of this package with ``HELP``, ``configure(parser)`` and
``run(args, registry, out) -> exit code``; :data:`COMMANDS` lists them in the order
``--help`` shows them.

Exit codes: 0 done; 1 the community does not pass (only with ``score --require-pass``);
2 bad input (each problem printed on a line of its own, at most 20 of them, without a
traceback); 130 interrupted (Ctrl-C), 143 and 129 ended by SIGTERM and SIGHUP (an output
file is left as it was, and no temporary file behind).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any, TextIO

from ..formats.io import Signalled, terminating_raises
from ..messages.catalogue import LanguageError, chosen_language, translate
from ..messages.sentences import sentence_in
from ..model.errors import CommunityStandardsError
from ..versions.registry import Registry
from .score import DEFAULT_STANDARD
from .shell import (
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    add_common,
    error_language,
    error_lines,
    print_lines,
)

__all__ = ["COMMANDS", "DEFAULT_STANDARD", "main"]

#: The sub-commands, each a module of this package named after it.
COMMANDS: tuple[str, ...] = (
    "list",
    "show",
    "validate",
    "score",
    "batch",
    "template",
    "diff",
    "impact",
    "gap",
    "compare",
    "register",
    "schema",
)


def _command(name: str) -> ModuleType:
    return importlib.import_module(f".{name}", __package__)


def _version() -> str:
    from importlib.metadata import version

    return version("community-standards")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="community-standards",
        description="Rate communities against indicator standards kept as data.",
        epilog="Exit codes: 0 done; 1 not passed (score --require-pass); 2 bad input. "
        "--standards-path and --lang may be given before or after the command.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    add_common(parser, top=True)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        _add_command(commands, name)
    return parser


def _add_command(commands: Any, name: str) -> None:
    """Add the sub-command ``name``: its help, the common options and its own options."""
    module = _command(name)
    sub = commands.add_parser(
        name,
        help=module.HELP,
        description=getattr(module, "DESCRIPTION", module.HELP),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_common(sub, top=False)
    module.configure(sub)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse ``argv``; the standards paths given after the sub-command join those before."""
    args = _parser().parse_args(argv)
    args.standards_path = [*args.standards_path, *getattr(args, "standards_path_after", [])]
    return args


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the exit code.

    .. versionadded:: 0.1.0
    """
    out = out or sys.stdout
    args = _arguments(argv)
    try:
        args.language = chosen_language(args.lang)
    except LanguageError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    head = translate(error_language(args), "error")
    try:
        with terminating_raises():
            return _run(args, out)
    except CommunityStandardsError as error:
        print_lines(error_lines(error, error_language(args)), language=error_language(args))
        return EXIT_BAD_INPUT
    except OSError as error:
        name = f"{error.filename}: " if error.filename else ""
        reason = sentence_in(error_language(args), str(error.strerror or error))
        print_lines([f"{head}: {name}{reason}"], language=error_language(args))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"{head}: {translate(error_language(args), 'interrupted')}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Signalled as stop:
        ended = translate(
            error_language(args), "ended by {signal}", signal=signal.Signals(stop.signum).name
        )
        print(f"{head}: {ended}", file=sys.stderr)
        return 128 + stop.signum


def _run(args: argparse.Namespace, out: TextIO) -> int:
    """Run the chosen sub-command with the registry the options name."""
    code: int = _command(args.command).run(args, Registry(args.standards_path), out)
    return code
