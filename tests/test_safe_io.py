"""Safe input and atomic output.

Loading only ever reads data: code in a file is text, nothing is evaluated or run. Size
and nesting are limited, with a clear error. ``write_atomic`` leaves either the old file
or the whole new one, never a part, and no temporary file behind; the command line's
``-o FILE`` goes through it.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import community_standards as cs
from community_standards.cli import main
from community_standards.formats import io as _io
from community_standards.formats.io import MAX_DEPTH, parse_document, read_document, write_atomic
from conftest import WAYS, writing_the_way

HERE = Path(__file__).resolve().parent
TIANJIN_FILE = HERE.parent / "standards" / "tianjin_2017.toml"

EVIL = [
    "__import__('os').system('touch {marker}')",
    "eval(\"open('{marker}', 'w')\")",
    "$(touch {marker}) `touch {marker}` ${{jndi:ldap://x}} {{{{7*7}}}}",
    "!!python/object/apply:os.system ['touch {marker}']",
    "<script>alert(1)</script>",
]

STANDARD = """
schema = 1
id = "safe"
version = "1"
title = {{ zh = "{text}", en = "{text}" }}
notes = {{ en = "{text}" }}
total_points = 2
pass_mark = 1

[[facts]]
key = "office"
kind = "boolean"
description = {{ en = "{text}" }}

[[facts]]
key = "hours"
kind = "quantity"
unit = "hour"
description = {{ en = "opening hours" }}

[[categories]]
id = "c"
title = {{ en = "{text}" }}
points = 2

[[categories.indicators]]
id = "i"
number = "{text}"
text = {{ en = "{text}" }}
points = 1

[[categories.indicators.checks]]
kind = "boolean"
fact = "office"
label = {{ en = "{text}" }}

[[categories.indicators]]
id = "j"
number = "2"
text = {{ en = "opening hours" }}
points = 1

[[categories.indicators.checks]]
kind = "threshold"
fact = "hours"
minimum = "120 minute"

[[categories.indicators.checks]]
kind = "assessed"
label = {{ en = "{text}" }}
"""


def _toml_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _warm_up() -> None:
    # The converters generate structuring code from the library's own classes on first
    # use (and once more after cattrs resets its cache): never from a file's content.
    for _ in range(2):
        standard = cs.loads_standard(STANDARD.format(text="warm"))
        cs.loads_evidence(
            '[community]\nid = "c"\nname = "n"\n[facts]\noffice = true\nhours = "3 hour"\n'
            '[judgements.j]\nresult = "met"\nnote = "n"\n',
            standard,
        )
        cs.load_standard(TIANJIN_FILE)


@contextlib.contextmanager
def nothing_runs() -> Iterator[list[str]]:
    """Within: evaluating, compiling or running anything fails, and is recorded."""
    _warm_up()
    calls: list[str] = []

    def refuse(name: str) -> Callable[..., Any]:
        def refused(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            raise AssertionError(f"{name} called while loading data")

        return refused

    targets: list[tuple[Any, str]] = [
        *((builtins, name) for name in ("eval", "exec", "compile", "__import__")),
        *((os, name) for name in ("system", "popen", "execv", "execve", "fork", "spawnv")),
        (subprocess, "Popen"),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name in targets]
    real_import = builtins.__import__

    def importing(name: str, *args: Any, **kwargs: Any) -> Any:
        # modules already loaded may be imported again (lazy imports); nothing new
        if name.lstrip(".") and not any(
            module == name or module.endswith("." + name.lstrip(".")) for module in sys.modules
        ):
            calls.append(f"import {name}")
        return real_import(name, *args, **kwargs)

    for owner, name in targets:
        setattr(owner, name, refuse(f"{getattr(owner, '__name__', owner)}.{name}"))
    builtins.__import__ = importing
    try:
        yield calls
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)


def test_the_guard_notices_code_being_run() -> None:
    with nothing_runs() as calls:
        with pytest.raises(AssertionError):
            eval("1 + 1")
        with pytest.raises(AssertionError):
            os.system("true")
    assert calls == ["builtins.eval", "os.system"]


@pytest.mark.parametrize("template", EVIL)
def test_loading_treats_code_as_text(
    template: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "PWNED"
    text = template.format(marker=marker)
    with nothing_runs() as calls:
        _load_evil(text)
    assert calls == []
    assert not marker.exists()
    assert list(tmp_path.iterdir()) == []


def _load_evil(text: str) -> None:
    standard = cs.loads_standard(STANDARD.format(text=_toml_text(text)), "evil.toml")
    assert standard.title.en == text
    assert standard.categories[0].indicators[0].number == text
    evidence = cs.loads_evidence(
        f'[community]\nid = "c"\nname = "{_toml_text(text)}"\n'
        f'[facts]\noffice = true\nhours = "3 hour"\n'
        f'[judgements.j]\nresult = "met"\nnote = "{_toml_text(text)}"\n',
        standard,
    )
    assert evidence.community.name == text
    assert evidence.judgements["j"].note == text
    # code where a number or a unit belongs is refused as what it is: not a number
    for value in (text, f"3 {text}", f"{text} hour"):
        with pytest.raises(cs.EvidenceError) as caught:
            cs.loads_evidence(
                f'[community]\nid = "c"\nname = "n"\n[facts]\nhours = "{_toml_text(value)}"\n',
                standard,
            )
        assert caught.value.problems[0].path == "facts.hours"
    # and as keys they are unknown keys
    with pytest.raises(cs.StandardError) as refused:
        cs.loads_standard(
            STANDARD.format(text="x").replace("pass_mark = 1\n", 'pass_mark = 1\n__class__ = "x"\n')
        )
    assert refused.value.problems[0].path == "__class__"


def test_json_documents_are_data_too(tianjin: cs.Standard) -> None:
    text = '{"community": {"id": "c", "name": "__import__(\'os\')"}, "facts": {"__proto__": 1}}'
    with nothing_runs() as calls, pytest.raises(cs.EvidenceError) as caught:
        cs.loads_evidence(text, tianjin, "evil.json", fmt="json")
    assert calls == []
    assert caught.value.problems[0].path == "facts.__proto__"


# -- limits ------------------------------------------------------------------------------


def test_size_limit_boundary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_io, "MAX_BYTES", 64)
    exact = b'id = "x"\n' + b"#" * (64 - 10) + b"\n"
    assert len(exact) == 64
    assert parse_document(exact, "exact.toml", cs.StandardError) == {"id": "x"}
    path = tmp_path / "exact.toml"
    path.write_bytes(exact)
    assert read_document(path, cs.StandardError) == {"id": "x"}
    path.write_bytes(exact + b"\n")
    with pytest.raises(cs.StandardError) as caught:
        read_document(path, cs.StandardError)
    assert str(caught.value) == f"{path}: the file is larger than the limit of 64 bytes"
    with pytest.raises(cs.EvidenceError, match="larger than the limit of 64 bytes"):
        parse_document(exact + b"\n", "big.json", cs.EvidenceError, "json")


def test_reading_stops_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A huge file is not read whole: only one byte past the limit is."""
    asked: list[int] = []
    real_read = os.read

    def recording(fd: int, size: int) -> bytes:
        asked.append(size)
        return real_read(fd, size)

    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * (_io.MAX_BYTES + 1000))
    monkeypatch.setattr(os, "read", recording)
    with pytest.raises(cs.StandardError, match="larger than the limit"):
        read_document(path, cs.StandardError)
    assert sum(asked) <= _io.MAX_BYTES + 1 + len(asked) * 0
    assert asked[0] == _io.MAX_BYTES + 1


def _nested(levels: int, fmt: str) -> str:
    """A document whose own table and ``levels - 1`` arrays nest ``levels`` deep."""
    inner = "[" * (levels - 1) + "1" + "]" * (levels - 1)
    return f'{{"a": {inner}}}' if fmt == "json" else f"a = {inner}\n"


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_nesting_limit_boundary(fmt: str) -> None:
    # MAX_DEPTH levels of tables and arrays, the document's own table included
    assert parse_document(_nested(MAX_DEPTH, fmt), "ok", cs.StandardError, fmt)
    for levels in (MAX_DEPTH + 1, MAX_DEPTH * 3, MAX_DEPTH * 10, 100_000):
        with pytest.raises(cs.StandardError) as caught:
            parse_document(_nested(levels, fmt), "deep", cs.StandardError, fmt)
        assert caught.value.problems[0].message == f"nesting deeper than {MAX_DEPTH} levels"
        assert str(caught.value).startswith("deep: ")


COMMUNITY = '[community]\nid = "c"\nname = "n"\n'
SLOW = {
    "dotted-key": "a" + ".b" * 100_000 + " = 1\n",
    "dotted-header": "[a" + ".b" * 100_000 + "]\n",
    "quoted-dotted": 'x = { y = 1, "a"' + ' . "b"' * 100_000 + " = 1 }\n",
    "exponent": "[facts]\nleader_training = 1e999999999\n",
    "digits": "[facts]\nleader_training = 0." + "7" * 4000 + "e-999999999\n",
    "power-tower-unit": '[facts]\nleader_training = "1 9**9**9 class_period"\n',
    "exponent-unit": '[facts]\nleader_training = "1 1e99999999 class_period"\n',
    "long-unit": '[facts]\nleader_training = "1 class_period' + "*hour/hour" * 50_000 + '"\n',
}


_SLOW_RUNNER = """
import json, sys, time
import community_standards as cs
standard = cs.Registry(plugins=False, environment=False).get("tianjin-beautiful-community@2017")
text = sys.stdin.read()
started = time.monotonic()
try:
    cs.loads_evidence(text, standard, "slow.toml")
except cs.CommunityStandardsError as error:
    print(json.dumps({"type": type(error).__name__, "lines": error.lines(),
                      "seconds": time.monotonic() - started}))
else:
    print(json.dumps({"type": None}))
"""


@pytest.mark.parametrize("text", SLOW.values(), ids=SLOW.keys())
def test_input_that_would_take_unbounded_time_is_refused_quickly(text: str) -> None:
    # in a process of its own: were a guard missing, this fails on the timeout, not hangs
    run = subprocess.run(
        [sys.executable, "-c", _SLOW_RUNNER],
        input=COMMUNITY + text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=True,
    )
    result = json.loads(run.stdout)
    assert result["type"] == "EvidenceError"
    assert result["seconds"] < 10
    assert len(result["lines"]) == 1
    assert result["lines"][0].startswith("slow.toml: ")
    assert len(result["lines"][0]) < 300


# -- atomic writes -----------------------------------------------------------------------


def _listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


class Interrupted(Exception):
    pass


def test_write_atomic_writes_everything_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "新内容\n" * 1000)
    assert target.read_text(encoding="utf-8") == "新内容\n" * 1000
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _listing(tmp_path) == ["report.md"]
    write_atomic(target, b"\x00\xff bytes")
    assert target.read_bytes() == b"\x00\xff bytes"
    assert _listing(tmp_path) == ["report.md"]


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644


@pytest.mark.parametrize("existing", [True, False], ids=["replacing", "creating"])
@pytest.mark.parametrize("failure", [Interrupted, KeyboardInterrupt, OSError])
def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, existing: bool, failure: type[BaseException], write_way: str
) -> None:
    target = tmp_path / "standard.toml"
    if existing:
        target.write_bytes(b"old content")
    seen: list[bytes] = []
    before = _listing(tmp_path)

    def interrupt(temporary: Path) -> None:
        seen.append(temporary.read_bytes())  # written in full, about to replace
        # the portable way, a hidden file beside the target; the other way, no name yet
        assert len(_listing(tmp_path)) == len(before) + (write_way == "portable")
        raise failure("interrupted")

    with pytest.raises(failure):
        write_atomic(target, "new content " * 100, _before_replace=interrupt)
    assert seen == [b"new content " * 100]
    assert _listing(tmp_path) == (["standard.toml"] if existing else [])
    if existing:
        assert target.read_bytes() == b"old content"


@pytest.mark.parametrize("broken", ["fsync", "replace", "write", "chmod"])
def test_a_failing_system_call_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str, write_way: str
) -> None:
    target = tmp_path / "out.json"
    target.write_text('{"old": true}', encoding="utf-8")

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    if broken == "write":
        real_write = os.write

        def write(fd: int, data: Any) -> int:
            if fd > 2:
                real_write(fd, bytes(data)[: len(data) // 2])
                fail()
            return real_write(fd, data)

        monkeypatch.setattr(os, "write", write)
    else:
        monkeypatch.setattr(os, "fchmod" if broken == "chmod" else broken, fail)
    if broken == "chmod":
        write_atomic(target, '{"new": true}')  # permissions are best effort
        assert target.read_text(encoding="utf-8") == '{"new": true}'
    else:
        with pytest.raises(OSError, match="No space left"):
            write_atomic(target, '{"new": true}')
        assert target.read_text(encoding="utf-8") == '{"old": true}'
    assert _listing(tmp_path) == ["out.json"]


def test_writing_into_a_missing_folder_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "missing" / "out.txt", "x")
    assert _listing(tmp_path) == []


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    old=st.binary(max_size=2000),
    new=st.binary(max_size=2000) | st.text(max_size=500),
    failure=st.sampled_from(["none", "hook", "fsync", "replace"]),
)
@pytest.mark.parametrize("way", WAYS)
def test_a_file_is_always_whole_old_or_whole_new(
    tmp_path: Path, old: bytes, new: bytes | str, failure: str, way: str
) -> None:
    folder = tmp_path / f"case-{time.monotonic_ns()}"
    folder.mkdir()
    target = folder / "file"
    target.write_bytes(old)
    expected = new.encode("utf-8") if isinstance(new, str) else new

    def hook(_: Path) -> None:
        if failure == "hook":
            raise Interrupted

    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        if failure == "fsync":
            raise OSError(errno.EIO, "I/O error")
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        if failure == "replace":
            raise OSError(errno.EXDEV, "cross-device link")
        real_replace(src, dst)

    os.fsync, os.replace = fsync, replace  # type: ignore[assignment]
    try:
        with writing_the_way(way):
            write_atomic(target, new, _before_replace=hook)
    except (Interrupted, OSError):
        assert failure != "none"
        assert target.read_bytes() == old
    else:
        assert failure == "none"
        assert target.read_bytes() == expected
    finally:
        os.fsync, os.replace = real_fsync, real_replace
    assert _listing(folder) == ["file"]


# -- the command line's -o FILE ----------------------------------------------------------


EVIDENCE = '[community]\nid = "c1"\nname = "示例社区"\n\n[facts]\nhouseholds = "4200 household"\n'


@pytest.fixture
def evidence_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(cs.ENV_VAR, raising=False)
    path = tmp_path / "community.toml"
    path.write_text(EVIDENCE, encoding="utf-8")
    return path


def _commands(evidence: Path) -> dict[str, list[str]]:
    return {
        "score": ["score", os.fspath(evidence), "--format", "markdown"],
        "template": ["template"],
        "show": ["show", "tianjin-beautiful-community@2017"],
        "list": ["list"],
    }


@pytest.mark.parametrize("command", ["score", "template", "show", "list"])
def test_output_option_writes_the_same_text(
    command: str, evidence_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _commands(evidence_file)[command]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    target = evidence_file.parent / "out.md"
    target.write_text("OLD", encoding="utf-8")
    assert main([*argv, "-o", os.fspath(target)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""
    assert target.read_text(encoding="utf-8") == printed
    assert _listing(evidence_file.parent) == ["community.toml", "out.md"]


@pytest.mark.parametrize("command", ["score", "template", "show", "list"])
def test_output_interrupted_by_a_failing_replace_keeps_the_old_file(
    command: str,
    evidence_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = evidence_file.parent / "out.md"
    target.write_text("OLD", encoding="utf-8")

    def fail(src: Any, dst: Any) -> None:
        raise OSError(errno.EIO, "Input/output error", os.fspath(dst))

    monkeypatch.setattr(os, "replace", fail)
    assert main([*_commands(evidence_file)[command], "-o", os.fspath(target)]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.err.splitlines() == [f"error: {target}: Input/output error"]
    assert target.read_text(encoding="utf-8") == "OLD"
    assert _listing(evidence_file.parent) == ["community.toml", "out.md"]


def test_output_interrupted_by_the_user_keeps_the_old_file(
    evidence_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = evidence_file.parent / "report.md"
    target.write_text("OLD", encoding="utf-8")

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    assert main([*_commands(evidence_file)["score"], "-o", os.fspath(target)]) == 130
    assert capsys.readouterr().err == "error: interrupted\n"
    assert target.read_text(encoding="utf-8") == "OLD"
    assert _listing(evidence_file.parent) == ["community.toml", "report.md"]


def test_bad_input_writes_no_output_file(
    evidence_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evidence_file.write_text(EVIDENCE + "househods = 3\n", encoding="utf-8")
    target = evidence_file.parent / "report.md"
    assert main(["score", os.fspath(evidence_file), "-o", os.fspath(target)]) == 2
    assert "facts.househods" in capsys.readouterr().err
    assert not target.exists()
    assert _listing(evidence_file.parent) == ["community.toml"]


def test_the_bundled_standard_is_read_as_data(tianjin: cs.Standard) -> None:
    with nothing_runs() as calls:
        loaded = cs.load_standard(TIANJIN_FILE)
    assert calls == []
    assert loaded == tianjin
