"""Writing files without losing any: whatever is at the path, and whatever happens meanwhile.

Either the new content is there in full, with the old file's owner and mode, or the old
file (or nothing) is as it was, and no temporary file remains. The command line's ``-o``
and ``--force`` go through the same writer; signals end a write cleanly.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import community_standards as cs
from community_standards.cli import main
from community_standards.formats.io import write_atomic

EVIDENCE = '[community]\nid = "c1"\nname = "示例社区"\n\n[facts]\nhouseholds = "4200 household"\n'
KINDS = ["regular", "symlink", "dangling-symlink", "fifo", "read-only", "missing-folder", "none"]


@pytest.fixture(autouse=True)
def _no_extra_standards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cs.ENV_VAR, raising=False)


def _prepare(folder: Path, kind: str, old: bytes) -> tuple[Path, Path | None]:
    """Make ``kind`` at ``folder/out``; return the path written and the file behind it."""
    path = folder / "out"
    if kind in ("regular", "read-only"):
        path.write_bytes(old)
        path.chmod(0o444 if kind == "read-only" else 0o640)
        if os.geteuid() == 0:
            os.chown(path, 65534, 65534)
        return path, path
    if kind == "symlink":
        real = folder / "real"
        real.write_bytes(old)
        real.chmod(0o600)
        path.symlink_to("real")
        return path, real
    if kind == "dangling-symlink":
        path.symlink_to("made")
        return path, folder / "made"
    if kind == "fifo":
        os.mkfifo(path)
        return path, None
    if kind == "missing-folder":
        return folder / "missing" / "out", None
    return path, path


def _check(folder: Path, kind: str, path: Path, real: Path | None, old: bytes, new: bytes,
           before: dict[str, os.stat_result], error: BaseException | None) -> None:  # fmt: skip
    names = sorted(p.name for p in folder.iterdir())
    assert not [name for name in names if name.endswith(".tmp")], names
    if error is None:
        assert real is not None
        assert real.read_bytes() == new
        if kind in before:  # replaced: owner and mode kept
            now = real.stat()
            was = before[kind]
            assert (now.st_uid, now.st_gid, stat.S_IMODE(now.st_mode)) == (
                was.st_uid,
                was.st_gid,
                stat.S_IMODE(was.st_mode),
            )
        if kind == "symlink":
            assert path.is_symlink()
        return
    assert isinstance(error, OSError)
    assert error.filename == os.fspath(path)  # the file asked for, not a temporary one
    if kind == "fifo":
        assert stat.S_ISFIFO(os.lstat(path).st_mode)
    elif kind == "missing-folder":
        assert not path.parent.exists()
    elif real is not None and real.exists():
        assert real.read_bytes() == old


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(KINDS),
    force=st.booleans(),
    old=st.binary(max_size=300),
    new=st.binary(max_size=3000),
    through=st.sampled_from(["write_atomic", "cli"]),
)
def test_whatever_the_target_nothing_is_lost(
    tmp_path: Path, kind: str, force: bool, old: bytes, new: bytes, through: str
) -> None:
    folder = tmp_path / f"case-{time.monotonic_ns()}"
    folder.mkdir()
    path, real = _prepare(folder, kind, old)
    before = {kind: real.stat()} if real is not None and real.exists() else {}
    error: BaseException | None = None
    if through == "cli":
        evidence = tmp_path / f"ev-{time.monotonic_ns()}.toml"
        evidence.write_text(EVIDENCE, encoding="utf-8")
        argv = ["score", os.fspath(evidence), "--format", "json"]
        printed = io.StringIO()
        assert main(argv, out=printed) == 0
        new = printed.getvalue().encode("utf-8")
        code = main([*argv, "-o", os.fspath(path), *(["--force"] if force else [])])
        if code != 0:
            error = OSError(0, "", os.fspath(path))
    else:
        try:
            write_atomic(path, new, force=force)
        except OSError as exc:
            error = exc
    refused = kind in {"fifo", "missing-folder"} or (kind == "read-only" and not force)
    assert (error is not None) == refused, error
    _check(folder, kind, path, real, old, new, before, error)


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


def test_a_device_is_not_replaced(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="character device") as caught:
        write_atomic("/dev/null", "x")
    assert caught.value.filename == "/dev/null"
    assert "a character device, not a regular file" in str(caught.value.strerror)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_read_only_needs_force_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evidence = tmp_path / "community.toml"
    evidence.write_text(EVIDENCE, encoding="utf-8")
    target = tmp_path / "report.md"
    target.write_text("OLD", encoding="utf-8")
    target.chmod(0o444)
    argv = ["score", os.fspath(evidence), "-o", os.fspath(target)]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"error: {target}: the file is read-only: not replaced (force it with --force)\n"
    )
    assert target.read_text(encoding="utf-8") == "OLD"
    assert main([*argv, "--force"]) == 0
    assert target.read_text(encoding="utf-8") != "OLD"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_dash_is_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evidence = tmp_path / "community.toml"
    evidence.write_text(EVIDENCE, encoding="utf-8")
    assert main(["score", os.fspath(evidence), "--format", "json"]) == 0
    printed = capsys.readouterr().out
    assert main(["score", os.fspath(evidence), "--format", "json", "-o", "-"]) == 0
    assert capsys.readouterr().out == printed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["community.toml"]


@pytest.mark.parametrize("failing", ["mkstemp", "write"])
def test_a_full_disk_names_the_output_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    import tempfile

    def full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device", "/tmp/.out.123.abc.tmp")

    if failing == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", full)
    else:
        monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "out.md"
    with pytest.raises(OSError, match="No space left") as caught:
        write_atomic(target, "x" * 10_000)
    assert caught.value.errno == errno.ENOSPC
    assert caught.value.filename == os.fspath(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_missing_folder_is_named_as_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "out.md"
    assert main(["template", "-o", os.fspath(target)]) == 2
    assert capsys.readouterr().err == f"error: {target}: No such file or directory\n"


# -- signals ----------------------------------------------------------------------------------

_WRITER = """
import sys, time
from pathlib import Path
from community_standards.cli import main
from community_standards.formats import io
real = io.write_atomic
def slow(path, content, **kwargs):
    def hook(temporary):
        Path(sys.argv[2]).write_text("ready")
        time.sleep(60)
    return real(path, content, _before_replace=hook, **kwargs)
import community_standards.cli.shell as shell
shell.write_atomic = slow
sys.exit(main(["template", "-o", sys.argv[1]]))
"""


def _start_writer(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    target = tmp_path / "template.toml"
    target.write_text("OLD", encoding="utf-8")
    ready = tmp_path / "ready"
    process = subprocess.Popen(
        [sys.executable, "-c", _WRITER, os.fspath(target), os.fspath(ready)],
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert time.monotonic() < deadline
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    ready.unlink()
    assert any(p.name.endswith(".tmp") for p in tmp_path.iterdir())  # mid-write
    return process, target


@pytest.mark.parametrize(
    ("signum", "code", "name"),
    [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGHUP, 129, "SIGHUP"), (signal.SIGINT, 130, "")],
)
def test_a_signal_mid_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, signum: int, code: int, name: str
) -> None:
    process, target = _start_writer(tmp_path)
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert process.returncode == code
    assert err == (f"error: ended by {name}\n" if name else "error: interrupted\n")
    assert target.read_text(encoding="utf-8") == "OLD"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["template.toml"]


def test_after_sigkill_the_old_file_is_whole_and_the_next_write_cleans_up(tmp_path: Path) -> None:
    process, target = _start_writer(tmp_path)
    process.kill()
    process.communicate(timeout=30)
    assert target.read_text(encoding="utf-8") == "OLD"
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1  # nothing can run on SIGKILL ...
    write_atomic(target, "NEW")  # ... but the next write of the file removes it
    assert target.read_text(encoding="utf-8") == "NEW"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["template.toml"]
