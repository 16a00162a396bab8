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
from conftest import WAYS, writing_the_way

EVIDENCE = '[community]\nid = "c1"\nname = "示例社区"\n\n[facts]\nhouseholds = "4200 household"\n'
KINDS = [
    "regular",
    "symlink",
    "dangling-symlink",
    "hard-link",
    "fifo",
    "read-only",
    "missing-folder",
    "none",
]


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
    if kind == "hard-link":
        path.write_bytes(old)
        path.chmod(0o640)
        os.link(path, folder / "other")
        return path, path
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
        if kind == "hard-link":  # written into: the other name sees the new content too
            assert os.path.samefile(path, folder / "other")
            assert (folder / "other").read_bytes() == new
        return
    assert isinstance(error, OSError)
    assert error.filename == os.fspath(path)  # the file asked for, not a temporary one
    if kind == "fifo":
        assert stat.S_ISFIFO(os.lstat(path).st_mode)
    elif kind == "missing-folder":
        assert not path.parent.exists()
    elif real is not None and real.exists():
        assert real.read_bytes() == old
    if kind == "hard-link" and error.strerror:
        assert error.strerror.startswith("the file has 2 hard links")
        assert os.path.samefile(path, folder / "other")


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(KINDS),
    force=st.booleans(),
    old=st.binary(max_size=300),
    new=st.binary(max_size=3000),
    through=st.sampled_from(["write_atomic", "cli"]),
    way=st.sampled_from(WAYS),
)
def test_whatever_the_target_nothing_is_lost(
    tmp_path: Path, kind: str, force: bool, old: bytes, new: bytes, through: str, way: str
) -> None:
    folder = tmp_path / f"case-{time.monotonic_ns()}"
    folder.mkdir()
    path, real = _prepare(folder, kind, old)
    with writing_the_way(way):
        _write(tmp_path, folder, kind, path, real, force, old, new, through)


def _write(tmp_path: Path, folder: Path, kind: str, path: Path, real: Path | None,
           force: bool, old: bytes, new: bytes, through: str) -> None:  # fmt: skip
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
    refused = kind in {"fifo", "missing-folder"} or (
        kind in {"read-only", "hard-link"} and not force
    )
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


def test_a_hard_link_is_refused_and_forced_written_into(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], write_way: str
) -> None:
    evidence = tmp_path / "community.toml"
    evidence.write_text(EVIDENCE, encoding="utf-8")
    target = tmp_path / "report.md"
    target.write_text("OLD", encoding="utf-8")
    os.link(target, tmp_path / "second.md")
    os.link(target, tmp_path / "third.md")
    argv = ["score", os.fspath(evidence), "-o", os.fspath(target)]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"error: {target}: the file has 3 hard links: replacing it would break them, "
        "not replaced (write into it with --force)\n"
    )
    assert (tmp_path / "third.md").read_text(encoding="utf-8") == "OLD"
    inode = target.stat().st_ino
    assert main([*argv, "--force"]) == 0
    written = target.read_text(encoding="utf-8")
    assert "tianjin-beautiful-community@2017" in written
    assert target.stat().st_ino == inode
    assert target.stat().st_nlink == 3
    assert (tmp_path / "second.md").read_text(encoding="utf-8") == written
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "community.toml",
        "report.md",
        "second.md",
        "third.md",
    ]


def test_a_forced_write_into_a_hard_link_finds_a_full_disk_before_changing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.md"
    target.write_bytes(b"OLD" * 1000)
    os.link(target, tmp_path / "other.md")

    def full(*args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "posix_fallocate", full)
    with pytest.raises(OSError, match="No space left") as caught:
        write_atomic(target, "x" * 100_000, force=True)
    assert caught.value.filename == os.fspath(target)
    assert (tmp_path / "other.md").read_bytes() == b"OLD" * 1000


@pytest.mark.parametrize("failing", ["create", "write", "fsync"])
def test_a_full_disk_names_the_output_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str, write_way: str
) -> None:
    def full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device", "/tmp/.out.123.abc.tmp")

    real_open, real_write = os.open, os.write
    creating = os.O_CREAT | getattr(os, "O_TMPFILE", os.O_CREAT)

    def open_full(name: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & creating:
            full()
        return real_open(name, flags, *args, **kwargs)

    def write_full(fd: int, data: Any) -> int:
        if fd > 2:
            real_write(fd, bytes(data)[:10])
            full()
        return real_write(fd, data)

    mocked = {
        "create": ("open", open_full),
        "write": ("write", write_full),
        "fsync": ("fsync", full),
    }
    monkeypatch.setattr(os, *mocked[failing])
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
import os, sys, time
from pathlib import Path
from community_standards.cli import main
from community_standards.formats import io
if sys.argv[3] == "portable":
    del os.O_TMPFILE
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


def _start_writer(tmp_path: Path, way: str) -> tuple[subprocess.Popen[str], Path]:
    """A writer stopped with all of the new content written, just before it is renamed."""
    target = tmp_path / "template.toml"
    target.write_text("OLD", encoding="utf-8")
    ready = tmp_path / "ready"
    process = subprocess.Popen(
        [sys.executable, "-c", _WRITER, os.fspath(target), os.fspath(ready), way],
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
    # mid-write: a temporary file with a name only the portable way
    temporaries = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(temporaries) == (1 if way == "portable" else 0), temporaries
    return process, target


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(
    ("signum", "code", "name"),
    [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGHUP, 129, "SIGHUP"), (signal.SIGINT, 130, "")],
)
def test_a_signal_mid_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, signum: int, code: int, name: str, way: str
) -> None:
    process, target = _start_writer(tmp_path, way)
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert process.returncode == code
    assert err == (f"error: ended by {name}\n" if name else "error: interrupted\n")
    assert target.read_text(encoding="utf-8") == "OLD"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["template.toml"]


@pytest.mark.skipif("unnamed" not in WAYS, reason="the system has no O_TMPFILE")
def test_after_sigkill_mid_write_nothing_is_left(tmp_path: Path) -> None:
    process, target = _start_writer(tmp_path, "unnamed")
    process.kill()
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == "OLD"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["template.toml"]


_LOOP = """
import os, sys
from community_standards.formats.io import write_atomic
if sys.argv[2] == "portable":
    del os.O_TMPFILE
data = [bytes([n]) * (1 << 20) for n in range(4)]
open(sys.argv[1] + ".ready", "w").close()
n = 0
while True:
    write_atomic(sys.argv[1], data[n % 4])
    n += 1
"""


@pytest.mark.skipif("unnamed" not in WAYS, reason="the system has no O_TMPFILE")
def test_sigkill_at_any_moment_of_writing_leaves_a_whole_file_and_nothing_else(
    tmp_path: Path,
) -> None:
    """Writers killed at moments spread over their writes: the file is whole, and no
    temporary file is left, except one (complete) when the kill fell in the instant
    between naming it and renaming it, which the next write removes."""
    target = tmp_path / "out.bin"
    for delay in (0.0, 0.013, 0.029, 0.047, 0.071, 0.113, 0.17, 0.23):
        ready = tmp_path / "out.bin.ready"
        process = subprocess.Popen([sys.executable, "-c", _LOOP, os.fspath(target), "unnamed"])
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert time.monotonic() < deadline
            assert process.poll() is None
            time.sleep(0.005)
        time.sleep(delay)
        process.kill()
        process.wait(timeout=30)
        ready.unlink()
        names = sorted(p.name for p in tmp_path.iterdir())
        left = [name for name in names if name.startswith(".out.bin.") and name.endswith(".tmp")]
        assert len(left) <= 1, names
        assert sorted([*left, "out.bin"]) == sorted({*names, "out.bin"}), names
        for path in [*([target] if target.exists() else []), *(tmp_path / n for n in left)]:
            data = path.read_bytes()
            assert len(data) == 1 << 20
            assert data == data[:1] * len(data)
    write_atomic(target, b"last")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_after_sigkill_the_portable_way_the_next_write_cleans_up(tmp_path: Path) -> None:
    process, target = _start_writer(tmp_path, "portable")
    process.kill()
    process.communicate(timeout=30)
    assert target.read_text(encoding="utf-8") == "OLD"
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1  # nothing can run on SIGKILL ...
    with writing_the_way("portable"):
        write_atomic(target, "NEW")  # ... but the next write of the file removes it
    assert target.read_text(encoding="utf-8") == "NEW"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["template.toml"]
