"""Command-line examples whose output is produced when the documentation is built.

``.. cli-example:: community-standards score examples/evidence/x.toml`` runs the command
(in this process, through ``community_standards.cli.main.main``) and shows it with its output
as a console block, so the documented output is always what the program prints. Options:

``:cwd:``
    folder to run in, relative to the repository root (default: the root);
``:returncode:``
    the exit code expected (default 0); any other code is a build warning;
``:head:`` / ``:tail:``
    show only the first or last N lines of the output (the rest is marked ``...``);
``:stderr:``
    show what the command writes to standard error too (error messages).

Files named on the command line, and the bundled standards, become dependencies of the
page: editing them rebuilds it. Once every page is read, each sub-command of
``community-standards`` must have been shown with ``--help`` somewhere; a command left
out is a warning.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from env_names import NameTable
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata

PROGRAM = "community-standards"
logger = logging.getLogger(__name__)


@contextlib.contextmanager
def _environment(cwd: Path) -> Iterator[None]:
    """Run as a user would in ``cwd``: 80 columns, no extra standards folders."""
    saved = {key: os.environ.get(key) for key in ("COLUMNS", "COMMUNITY_STANDARDS_PATH")}
    os.environ["COLUMNS"] = "80"
    os.environ.pop("COMMUNITY_STANDARDS_PATH", None)
    try:
        with contextlib.chdir(cwd):
            yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run ``community-standards`` with ``argv``; return the exit code, stdout and stderr."""
    from community_standards.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with _environment(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv, out=out)
        except SystemExit as exit_:  # --help and usage errors leave through argparse
            code = exit_.code if isinstance(exit_.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def commands() -> list[str]:
    """The sub-commands the program offers."""
    import argparse

    from community_standards.cli.main import _parser

    for action in _parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def _cut(lines: list[str], head: int | None, tail: int | None) -> list[str]:
    if head is not None and len(lines) > head:
        return [*lines[:head], "..."]
    if tail is not None and len(lines) > tail:
        return ["...", *lines[-tail:]]
    return lines


class CliExample(SphinxDirective):
    """``.. cli-example:: community-standards ARGS``: the command and its real output."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "cwd": directives.unchanged,
        "returncode": directives.nonnegative_int,
        "head": directives.positive_int,
        "tail": directives.positive_int,
        "stderr": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        command = self.arguments[0].strip()
        words = shlex.split(command)
        if not words or words[0] != PROGRAM:
            logger.warning(
                "cli-example: the command must start with %r: %s",
                PROGRAM,
                command,
                location=self.get_location(),
                type="cli_output",
                subtype="command",
            )
            return []
        root = Path(self.env.srcdir).parent
        cwd = (root / self.options.get("cwd", ".")).resolve()
        for word in words[1:]:
            path = cwd / word
            if not word.startswith("-") and path.is_file():
                self.env.note_dependency(str(path))
        for toml in sorted((root / "standards").glob("*.toml")):
            self.env.note_dependency(str(toml))
        code, out, err = run(words[1:], cwd)
        expected = self.options.get("returncode", 0)
        if code != expected:
            logger.warning(
                "cli-example: %r exited with %d, expected %d: %s",
                command,
                code,
                expected,
                (err or out).strip()[:500],
                location=self.get_location(),
                type="cli_output",
                subtype="returncode",
            )
        if words[-1] in {"--help", "-h"}:
            _shown_help(self.env)[" ".join(words[1:-1])] = self.env.docname
        lines = out.splitlines()
        lines = _cut(lines, self.options.get("head"), self.options.get("tail"))
        if "stderr" in self.options:
            lines += err.splitlines()
        text = "\n".join([f"$ {command}", *lines])
        if code != 0:
            text += f"\n$ echo $?\n{code}"
        block = nodes.literal_block(text, text, language="console")
        self.set_source_info(block)
        return [block]


_TABLE = NameTable("cli_output_help")
_shown_help = _TABLE.get


def _check(app: Sphinx, env: BuildEnvironment) -> None:
    shown = _shown_help(env)
    for name in commands():
        if name not in shown:
            logger.warning(
                "the command '%s %s' is not documented: add '.. cli-example:: %s %s --help' "
                "to docs/reference/cli.md",
                PROGRAM,
                name,
                PROGRAM,
                name,
                type="cli_output",
                subtype="undocumented",
            )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_directive("cli-example", CliExample)
    _TABLE.connect(app)
    app.connect("env-check-consistency", _check)
    return {
        "version": "1",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 1,
    }
