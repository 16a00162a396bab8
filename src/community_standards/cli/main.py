"""The ``community-standards`` command: a thin shell around the library's functions.

Exit codes: 0 done; 1 the community does not pass (only with ``score --require-pass``);
2 bad input (the error is printed on one line, without a traceback).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from ..formats.evidence import evidence_from_dict, read_evidence_document
from ..formats.io import write_atomic
from ..formats.standard import dumps_json, standard_to_dict
from ..model.errors import CommunityStandardsError, EvidenceError, Problem, ResolutionError
from ..model.standard import Standard
from ..reports.scorecard import scorecard_markdown, scorecard_text, scorecard_to_dict
from ..scoring.evaluate import score
from ..versions.registry import Registry

__all__ = ["DEFAULT_STANDARD", "main"]

#: The standard scored when neither the command line nor the evidence names one.
DEFAULT_STANDARD = "tianjin-beautiful-community@2017"

EXIT_OK, EXIT_NOT_PASSED, EXIT_BAD_INPUT = 0, 1, 2

Command = Callable[[argparse.Namespace, Registry, TextIO], int]
COMMANDS: dict[str, Command] = {}


def command(name: str) -> Callable[[Command], Command]:
    """Register a sub-command's function under ``name``."""

    def register(function: Command) -> Command:
        COMMANDS[name] = function
        return function

    return register


def emit(args: argparse.Namespace, text: str, out: TextIO) -> None:
    """Write ``text`` to ``--output`` atomically, or to ``out``."""
    target = getattr(args, "output", None)
    if target:
        write_atomic(target, text)
    else:
        out.write(text)


def load_standard_arg(registry: Registry, reference: str) -> Standard:
    """A reference ``ID[@VERSION]`` or a path to a standard file."""
    return registry.load(reference)


@command("list")
def _list(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    entries = registry.entries()
    if args.format == "json":
        rows = [
            {
                "id": e.id,
                "version": e.version,
                "status": str(getattr(e.status, "value", e.status)),
                "origin": e.origin,
                "location": e.location,
                **({"extends": e.extends} if e.extends else {}),
                **({"supersedes": e.supersedes} if e.supersedes else {}),
            }
            for e in entries
        ]
        emit(args, dumps_json(rows), out)
        return EXIT_OK
    from ..messages.layout import columns

    rows_text = [["ID", "VERSION", "STATUS", "FROM", "FILE"]]
    for e in entries:
        extra = f" (extends {e.extends})" if e.extends else ""
        rows_text.append(
            [
                e.id,
                e.version,
                str(getattr(e.status, "value", e.status)),
                e.origin,
                e.location + extra,
            ]
        )
    emit(args, "\n".join(columns(rows_text, [None] * 5)) + "\n", out)
    return EXIT_OK


@command("show")
def _show(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    standard = load_standard_arg(registry, args.standard)
    if args.resolved:
        from ..formats.standard import dumps_standard

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

        emit(args, standard_text(standard, args.lang), out)
    return EXIT_OK


@command("validate")
def _validate(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
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


@command("score")
def _score(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    document = read_evidence_document(args.evidence)
    reference = args.standard or document.get("standard") or DEFAULT_STANDARD
    if not isinstance(reference, str):
        raise EvidenceError(
            args.evidence, [Problem("standard", 'expected a reference such as "id@version"')]
        )
    try:
        standard = load_standard_arg(registry, reference)
    except ResolutionError as error:
        if args.standard:
            raise
        # the reference came from the evidence file: say so, with its key
        raise EvidenceError(
            args.evidence, [Problem("standard", error.problems[0].message)]
        ) from None
    evidence = evidence_from_dict(document, standard, args.evidence, strict=args.strict)
    card = score(standard, evidence)
    if args.format == "json":
        emit(args, dumps_json(scorecard_to_dict(card)), out)
    elif args.format == "markdown":
        emit(args, scorecard_markdown(card, standard, args.lang), out)
    else:
        emit(args, scorecard_text(card, standard, args.lang), out)
    return EXIT_NOT_PASSED if args.require_pass and not card.passed else EXIT_OK


@command("template")
def _template(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    standard = load_standard_arg(registry, args.standard)
    if args.format == "xlsx":
        from ..formats.workbook import evidence_workbook

        if not args.output:
            raise EvidenceError("<template>", "an .xlsx workbook needs -o FILE")
        write_atomic(args.output, evidence_workbook(standard))
        return EXIT_OK
    from ..formats.template import evidence_template

    emit(args, evidence_template(standard), out)
    return EXIT_OK


@command("diff")
def _diff(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    from ..versions.diff import diff, diff_markdown, diff_text, diff_to_dict

    result = diff(load_standard_arg(registry, args.a), load_standard_arg(registry, args.b))
    if args.format == "json":
        emit(args, dumps_json(diff_to_dict(result)), out)
    elif args.format == "markdown":
        emit(args, diff_markdown(result, args.lang), out)
    else:
        emit(args, diff_text(result, args.lang), out)
    return EXIT_OK


@command("impact")
def _impact(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    from ..versions.impact import impact_files, impact_markdown, impact_text, impact_to_dict

    a = load_standard_arg(registry, args.a)
    b = load_standard_arg(registry, args.b)
    result = impact_files(a, b, args.evidence, strict=args.strict)
    if args.format == "json":
        emit(args, dumps_json(impact_to_dict(result)), out)
    elif args.format == "markdown":
        emit(args, impact_markdown(result, args.lang), out)
    else:
        emit(args, impact_text(result, args.lang), out)
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="community-standards",
        description="Rate communities against indicator standards kept as data.",
        epilog="Exit codes: 0 done; 1 not passed (score --require-pass); 2 bad input.",
    )
    parser.add_argument("--version", action="version", version="%(prog)s 0.1.0")
    parser.add_argument(
        "--standards-path",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder (or file) of standards to add to the bundled and installed ones; repeatable",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def output(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="write to FILE (atomically) instead of standard output",
        )

    sub = commands.add_parser(
        "list", help="list every standard found, with versions, status and origin"
    )
    sub.add_argument("--format", choices=["text", "json"], default="text")
    output(sub)

    sub = commands.add_parser("show", help="show a standard: ID[@VERSION] or a file")
    sub.add_argument("standard", metavar="ID[@VERSION]|FILE")
    sub.add_argument("--format", choices=["text", "json"], default="text")
    sub.add_argument("--lang", choices=["zh", "en"], default="zh")
    sub.add_argument(
        "--resolved",
        action="store_true",
        help="print the complete standard after resolving 'extends' (TOML, or JSON)",
    )
    output(sub)

    sub = commands.add_parser("validate", help="validate standard files (exit 0 valid, 2 invalid)")
    sub.add_argument("files", nargs="+", metavar="FILE")

    sub = commands.add_parser("score", help="score a community's evidence file")
    sub.add_argument("evidence", metavar="EVIDENCE", help="a TOML, JSON or .xlsx evidence file")
    sub.add_argument(
        "--standard",
        metavar="ID[@VERSION]|FILE",
        help=f"the standard (default: the evidence's own, else {DEFAULT_STANDARD})",
    )
    sub.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    sub.add_argument("--lang", choices=["zh", "en"], default="zh")
    sub.add_argument(
        "--strict", action="store_true", help="a missing fact is an error instead of 'not assessed'"
    )
    sub.add_argument(
        "--require-pass", action="store_true", help="exit 1 when the community does not pass"
    )
    output(sub)

    sub = commands.add_parser("template", help="write an evidence file (or workbook) to fill in")
    sub.add_argument("standard", nargs="?", default=DEFAULT_STANDARD, metavar="ID[@VERSION]|FILE")
    sub.add_argument(
        "--format",
        choices=["toml", "xlsx"],
        default="toml",
        help="a commented TOML file, or an .xlsx workbook for -o FILE (needs the xlsx extra)",
    )
    output(sub)

    sub = commands.add_parser("diff", help="list what changed between two standards")
    sub.add_argument("a", metavar="A", help="the earlier standard: ID[@VERSION] or a file")
    sub.add_argument("b", metavar="B", help="the later standard: ID[@VERSION] or a file")
    sub.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    sub.add_argument("--lang", choices=["zh", "en"], default="zh")
    output(sub)

    sub = commands.add_parser(
        "impact", help="score communities under two standards and compare the results"
    )
    sub.add_argument("a", metavar="A", help="the earlier standard: ID[@VERSION] or a file")
    sub.add_argument("b", metavar="B", help="the later standard: ID[@VERSION] or a file")
    sub.add_argument(
        "evidence", nargs="+", metavar="EVIDENCE", help="evidence files, or folders of *.toml files"
    )
    sub.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    sub.add_argument("--lang", choices=["zh", "en"], default="zh")
    sub.add_argument(
        "--strict", action="store_true", help="a missing fact is an error instead of 'not assessed'"
    )
    output(sub)

    for extend in _EXTENSIONS:
        extend(commands, output)
    return parser


#: Functions adding further sub-commands: ``(subparsers, add_output_option) -> None``.
_EXTENSIONS: list[Callable[[Any, Callable[[argparse.ArgumentParser], None]], None]] = []


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the exit code.

    .. versionadded:: 0.1.0
    """
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    try:
        registry = Registry(args.standards_path)
        return COMMANDS[args.command](args, registry, out)
    except CommunityStandardsError as error:
        print(f"error: {'; '.join(error.lines())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(
            f"error: {error.filename or ''}: {error.strerror or error}".replace(": : ", ": "),
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
