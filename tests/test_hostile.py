"""Hostile input and faults: nothing read that the user did not name, nothing hangs.

Files that are not regular files (FIFOs, devices, folders) are refused before they are
read; guards before parsing take time in proportion to the text; both TOML parsers (the
compiled ``tomli`` and :mod:`tomllib`) are held to the same limits. Tests that could
hang or blow up without their fix run in a process of their own, limited in CPU time and
memory (not timed: a busy machine does not fail them, a path slower than linear does).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

import community_standards as cs
from community_standards.cli import main
from community_standards.formats import io as _io
from community_standards.formats.io import MAX_DEPTH, parse_document, read_document
from conftest import bounded

HERE = Path(__file__).resolve().parent
TIANJIN_FILE = HERE.parent / "standards" / "tianjin_2017.toml"
EVIDENCE = '[community]\nid = "c1"\nname = "n"\n[facts]\nhouseholds = "4200 household"\n'


@pytest.fixture(autouse=True)
def _no_extra_standards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cs.ENV_VAR, raising=False)


@pytest.fixture(params=["compiled", "tomllib"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test twice: with the parser the library picks, and with tomllib alone."""
    if request.param == "tomllib":
        monkeypatch.setattr(
            _io, "_toml", lambda: ("tomllib", tomllib.loads, tomllib.TOMLDecodeError)
        )
    return str(request.param)


def cli(*argv: str, timeout: float = 15) -> subprocess.CompletedProcess[str]:
    """Run the command line in a process of its own (a hang fails on the timeout)."""
    env = {k: v for k, v in os.environ.items() if k != cs.ENV_VAR}
    return subprocess.run(
        [sys.executable, "-m", "community_standards", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        env=env,
        check=False,
    )


def one_error_line(run: subprocess.CompletedProcess[str]) -> str:
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0]


# -- only regular files are read -----------------------------------------------------------


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "standard.toml"
    os.mkfifo(fifo)
    with pytest.raises(cs.StandardError) as caught:
        cs.load_standard(fifo)
    assert str(caught.value) == (
        f"{fifo}: cannot read the file: it is a FIFO (named pipe), not a regular file"
    )
    evidence = tmp_path / "community.toml"
    os.mkfifo(evidence)
    line = one_error_line(cli("score", os.fspath(evidence)))
    assert (
        line
        == f"error: {evidence}: cannot read the file: it is a FIFO (named pipe), not a regular file"
    )
    line = one_error_line(cli("validate", os.fspath(fifo)))
    assert "FIFO" in line


def test_a_fifo_in_a_folder_of_standards_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_bytes(TIANJIN_FILE.read_bytes().replace(b'"2017"', b'"2099"', 1))
    os.mkfifo(tmp_path / "b.toml")
    line = one_error_line(cli("--standards-path", os.fspath(tmp_path), "list"))
    assert f"{tmp_path / 'b.toml'}: cannot read the file: it is a FIFO" in line


def test_a_workbook_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "community.xlsx"
    os.mkfifo(fifo)
    line = one_error_line(cli("score", os.fspath(fifo)))
    assert "FIFO" in line


@pytest.mark.parametrize(("name", "kind"), [("/dev/null", "a character device"), (".", "a folder")])
def test_devices_and_folders_are_refused(name: str, kind: str) -> None:
    with pytest.raises(cs.EvidenceError) as caught:
        read_document(name, cs.EvidenceError)
    assert str(caught.value) == f"{name}: cannot read the file: it is {kind}, not a regular file"


def test_a_file_is_checked_again_once_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Swapped for a FIFO between the check and the open: still refused, without blocking."""
    path = tmp_path / "x.toml"
    path.write_text('id = "x"\n', encoding="utf-8")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    real_open = os.open

    def swapping(name: str, flags: int, *args: int) -> int:
        assert flags & os.O_NONBLOCK
        return real_open(os.fspath(fifo), flags, *args)

    monkeypatch.setattr(os, "open", swapping)
    with pytest.raises(cs.StandardError, match="it is a FIFO"):
        read_document(path, cs.StandardError)


def test_a_nul_character_in_a_file_name(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(cs.StandardError) as caught:
        cs.load_standard("standard\0.toml")
    assert caught.value.problems[0].message == "the file name contains a NUL character"
    assert main(["score", "community\0.toml"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("\n") == 1
    assert "\0" not in err
    assert "NUL character" in err


# -- guards in proportion to the text ---------------------------------------------------------


# Each guard against a quadratic path runs in a process of its own, limited in CPU time
# and memory (``bounded``): far above what a linear run takes, far below the 20-80 s the
# quadratic guards took, so a slow path coming back fails whatever the machine's load.
_PARSER = """
import tomllib
import community_standards as cs
from community_standards.formats import io as _io
if ARGS["parser"] == "tomllib":
    _io._toml = lambda: ("tomllib", tomllib.loads, tomllib.TOMLDecodeError)
"""

_SPACED = (
    _PARSER
    + """
text = open(ARGS["file"], encoding="utf-8").read()
spaced = text.replace('notes = { zh = "', 'notes = { zh = "，' + "," + " " * 60_000, 1)
assert spaced != text
result = cs.loads_standard(spaced).ref
"""
)

# the nesting guard's pattern before it was made possessive (it backtracked)
_BACKTRACKING = (
    r"""(?:^|[{,])[ \t]*\[*[ \t]*(?:(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*\.[ \t]*){128}"""
)


def test_a_valid_standard_with_a_comma_and_many_spaces_loads(parser: str) -> None:
    result = bounded(_SPACED, parser=parser, file=os.fspath(TIANJIN_FILE))
    assert result == "tianjin-beautiful-community@2017"


def test_the_bound_catches_a_quadratic_guard() -> None:
    """The backtracking pattern the nesting guard once had, put back: the bound stops it."""
    job = _SPACED.replace(
        "result =", "import re\n_io._DOTTED = re.compile(ARGS['old'], re.MULTILINE)\nresult ="
    )
    with pytest.raises(pytest.fail.Exception, match="more than 10 s of CPU time"):
        bounded(job, parser="tomllib", file=os.fspath(TIANJIN_FILE), old=_BACKTRACKING)


@pytest.mark.parametrize(
    "text",
    [
        "'x = [1,' + ' ' * 200_000 + '2]\\n'",
        "'{' + ' ' * 200_000",
        "'a = {' + ',' * 100_000",
        "'[' + ' ' * 100_000 + 'a.b]\\n'",
        "'x = [1,' + ' ' * 200_000 + '2]\\n' + 'a' + '.b' * 200 + ' = 1\\n'",
    ],
    ids=["spaces-after-comma", "spaces-after-brace", "commas", "spaces-in-a-header", "and-dots"],
)
def test_guards_take_time_in_proportion_to_the_text(parser: str, text: str) -> None:
    job = (
        _PARSER
        + f"""
result = []
try:
    _io.parse_document({text}, "spaces.toml", cs.StandardError)
except cs.StandardError as error:
    result = error.lines()
"""
    )
    assert len(bounded(job, parser=parser)) <= 1


@pytest.mark.parametrize("parts", [MAX_DEPTH * 4 + 1, 5_000, 200_000])
def test_long_dotted_keys_are_refused_by_either_parser(parser: str, parts: int) -> None:
    job = (
        _PARSER
        + """
try:
    _io.parse_document("a" + ".b" * ARGS["parts"] + " = 1\\n", "dotted.toml", cs.StandardError)
except cs.StandardError as error:
    result = error.problems[0].message
"""
    )
    assert bounded(job, parser=parser, parts=parts) == f"nesting deeper than {MAX_DEPTH} levels"


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_nesting_is_limited_without_a_pre_check(parser: str, fmt: str) -> None:
    inner = "[" * 100_000 + "]" * 100_000
    text = f'{{"a": {inner}}}' if fmt == "json" else f"a = {inner}\n"
    with pytest.raises(cs.StandardError) as caught:
        parse_document(text, "deep", cs.StandardError, fmt)
    assert caught.value.problems[0].message == f"nesting deeper than {MAX_DEPTH} levels"
    # brackets inside strings are text, not nesting
    quoted = json.dumps({"a": "[" * 10_000}) if fmt == "json" else f"a = '{'[' * 10_000}'\n"
    assert parse_document(quoted, "quoted", cs.StandardError, fmt) == {"a": "[" * 10_000}


def test_both_parsers_read_the_bundled_files_alike(parser: str, tianjin: cs.Standard) -> None:
    assert cs.load_standard(TIANJIN_FILE) == tianjin
    for path in sorted((HERE.parent / "examples" / "evidence").glob("*.toml")):
        assert read_document(path, cs.EvidenceError) == tomllib.loads(
            path.read_text(encoding="utf-8"), parse_float=__import__("decimal").Decimal
        )


def test_the_parser_in_use_is_named() -> None:
    assert _io.toml_parser().startswith(("tomli ", "tomllib"))


# -- output that cannot be forged, and is bounded --------------------------------------------


def test_data_cannot_forge_a_line_or_steer_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evidence = tmp_path / "community.toml"
    evidence.write_text(
        EVIDENCE + '"x\\nerror: all good\\u001b[2J\\u0000\\u202e" = 1\n', encoding="utf-8"
    )
    assert main(["score", os.fspath(evidence)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "\x1b" not in err
    assert "\0" not in err
    assert "\u202e" not in err
    assert "x\\nerror: all good\\x1b[2J\\x00\\u202e" in err
    # and a file name too
    odd = tmp_path / "a\nerror: b.toml"
    odd.write_text("x = ", encoding="utf-8")
    assert main(["validate", os.fspath(odd)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "a\\nerror: b.toml" in err


def test_a_text_report_escapes_what_comes_from_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evidence = tmp_path / "community.toml"
    evidence.write_text(
        EVIDENCE.replace('name = "n"', 'name = "n\\u001b]0;owned\\u0007\\nforged line"'),
        encoding="utf-8",
    )
    assert main(["score", os.fspath(evidence), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "n\\x1b]0;owned\\x07\\nforged line" in out
    assert not any(line.startswith("forged line") for line in out.splitlines())


def test_many_unknown_facts_take_little_time_and_few_lines(tmp_path: Path) -> None:
    facts = "".join(f"unknown_fact_{n} = 1\n" for n in range(20_000))
    evidence = tmp_path / "community.toml"
    evidence.write_text(EVIDENCE + facts, encoding="utf-8")
    job = """
import contextlib, io
from community_standards.cli import main
err = io.StringIO()
with contextlib.redirect_stderr(err):
    code = main(["score", ARGS["file"]])
result = [code, err.getvalue()]
"""
    code, err = bounded(job, file=os.fspath(evidence))  # quadratic suggestions took 22 s
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 21, lines[-3:]
    assert lines[-1] == "… and 19,980 more problems"
    assert all(len(line) <= 400 for line in lines)


def test_a_huge_value_is_shortened_in_the_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    evidence = tmp_path / "community.toml"
    evidence.write_text(EVIDENCE + f'"{"k" * 50_000}" = 1\n', encoding="utf-8")
    assert main(["score", os.fspath(evidence)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert len(err) <= 401
    assert "more)…" in err


# -- registries: what a folder of standards may not do ------------------------------------------


def _demo_standard(identifier: str = "demo", version: str = '"1"', extra: str = "") -> str:
    text = (HERE / "bad_input" / "standards" / "09_number_for_string.toml").read_text("utf-8")
    text = text.replace("version = 1\n", f"version = {version}\n{extra}", 1)
    return text.replace('id = "catalogue-demo"', f'id = "{identifier}"', 1)


@pytest.mark.parametrize("command", ["list", "show", "score"])
def test_a_status_of_the_wrong_type_in_a_folder(tmp_path: Path, command: str) -> None:
    (tmp_path / "odd.toml").write_text(_demo_standard(extra="status = []\n"), encoding="utf-8")
    evidence = HERE.parent / "examples" / "evidence" / "chunhuili_pass.toml"
    argv = {"list": ["list"], "show": ["show", "demo@1"], "score": ["score", os.fspath(evidence)]}
    run = cli("--standards-path", os.fspath(tmp_path), *argv[command])
    line = one_error_line(run)
    assert f"{tmp_path / 'odd.toml'}: status: expected a string, found an array" in line


def test_one_version_written_two_ways_is_not_listed_twice(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(_demo_standard("x", '"1"'), encoding="utf-8")
    (tmp_path / "b.toml").write_text(_demo_standard("x", '"1 "'), encoding="utf-8")
    registry = cs.Registry([tmp_path], bundled=False, plugins=False, environment=False)
    with pytest.raises(cs.StandardError) as caught:
        registry.entries()
    assert caught.value.source == os.fspath(tmp_path / "b.toml")
    assert caught.value.problems[0].path == "version"
    assert caught.value.problems[0].message == "'1 ' is not a valid version"


def test_a_long_chain_of_extends_is_refused_without_recursing(tmp_path: Path) -> None:
    (tmp_path / "s000.toml").write_text(_demo_standard("s000"), encoding="utf-8")
    for n in range(1, 600):
        (tmp_path / f"s{n:03d}.toml").write_text(
            f'extends = "s{n - 1:03d}@1"\nid = "s{n:03d}"\nversion = "1"\n', encoding="utf-8"
        )
    registry = cs.Registry([tmp_path], bundled=False, plugins=False, environment=False)
    assert registry.get("s020@1").ref == "s020@1"  # a chain within the limit resolves
    with pytest.raises(cs.ResolutionError) as caught:
        registry.get("s599@1")
    assert caught.value.problems[0].path == "extends"
    assert "extends goes deeper than 32 standards" in caught.value.problems[0].message
    assert len(str(caught.value)) < 300


def test_points_of_30_significant_digits_add_up_exactly(tianjin: cs.Standard) -> None:
    text = _demo_standard()
    fine = "00000000000000000000000000001"  # with the 3 or 6 before: 30 significant digits
    text = text.replace("total_points = 10\n", f"total_points = 10.{fine}\n", 1)
    text = text.replace("points = 6\n", f"points = 6.{fine}\n", 1)  # the first category
    text = text.replace("points = 3\n", f"points = 3.{fine}\n", 1)  # its first indicator
    standard = cs.loads_standard(text)  # sums rounded at 28 digits used to refuse it
    assert standard.total_points == Decimal(f"10.{fine}")
    points = [indicator.points for _, indicator in standard.indicators()]
    assert sum(map(Fraction, points), Fraction(0)) == Fraction(Decimal(f"10.{fine}"))


# -- long numbers are shortened in every problem line -------------------------------------------

_LONG = "9" * 900


def _standard_with(old: str, new: str) -> str:
    text = _demo_standard()
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("case", "kept"),
    [
        ("evidence-value", "is a count and cannot be negative ('-"),
        ("pass-mark", "is above the most a community can score (10)"),
        ("points", "is worth 6 points but its indicators add up to "),
        ("table-cell", "is not whole"),
    ],
)
def test_every_long_number_is_shortened_in_a_problem_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, kept: str
) -> None:
    if case == "evidence-value":
        path = tmp_path / "community.toml"
        path.write_text(EVIDENCE.replace('"4200 household"', f'"-{_LONG} household"'), "utf-8")
        argv = ["score", os.fspath(path)]
    elif case == "table-cell":
        pytest.importorskip("pyarrow")
        path = tmp_path / "city.csv"
        path.write_text(f'community.id,community.name,households\nc1,一,"{_LONG}.5"\n', "utf-8")
        argv = ["batch", os.fspath(path), "--standard", "tianjin-beautiful-community@2017"]
    else:
        path = tmp_path / "standard.toml"
        old, new = {
            "pass-mark": ("pass_mark = 6\n", f"pass_mark = {_LONG}\n"),
            "points": ("points = 3\n", f"points = {_LONG}\n"),
        }[case]
        path.write_text(_standard_with(old, new), encoding="utf-8")
        argv = ["validate", os.fspath(path)]
    assert main(argv) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if "more digits)…" in line]
    assert len(lines) == 1, lines
    line = lines[0]
    assert kept in line
    assert re.search(r"\d{16}…\(8\d\d more digits\)…\d{6,8}", line)  # head, count, tail
    assert max(len(run) for run in re.findall(r"\d+", line)) <= 16
    assert len(line) < 300  # each number shortened, not the line cut at its limit
    assert "more)…" not in line


def test_short_numbers_and_other_text_are_left_alone(capsys: pytest.CaptureFixture[str]) -> None:
    from community_standards.cli.shell import print_lines

    digits32 = "1" * 32
    line = f"error: f.toml: x: {digits32} and 1,048,576 and 10.00000000000000000000000000001"
    print_lines([line])
    assert capsys.readouterr().err == line + "\n"
