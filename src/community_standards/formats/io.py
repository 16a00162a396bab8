"""Safe reading and atomic writing of the library's files.

Reading never executes anything: documents are TOML or JSON, decoded as UTF-8 (a
byte-order mark is accepted, Windows line endings too), refused past
:data:`MAX_BYTES` or past :data:`MAX_DEPTH` levels of nesting. Only regular files are
read: a FIFO, a device or a folder is refused before anything is read from it, and a
file name with a NUL character is refused as it is. TOML is parsed with the compiled
``tomli`` where it is installed (``pip install 'community-standards[fast]'``), else
with :mod:`tomllib`; JSON objects may not repeat a key.

Writing goes to a temporary file in the same folder that replaces the target in one
step, so an interrupted write leaves the old file intact and no partial file behind (on
Linux the temporary file has no name until that step, so not even SIGKILL leaves one): a
symbolic link is written through to the file it names, the owner and mode of a
replaced file are kept, a target that is not a regular file is refused, and so is a
read-only one unless ``force`` is given. A file with more than one hard link is refused
unless ``force`` is given, and then written into, so that every link sees the new content.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import contextlib
import enum
import errno
import functools
import json
import os
import re
import secrets
import signal
import stat
import threading
import tomllib
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from types import FrameType
from typing import Any

from ..messages.kinds import kind_of
from ..model.errors import CommunityStandardsError, Problem

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "DocumentFormat",
    "Signalled",
    "parse_document",
    "read_bytes",
    "read_document",
    "toml_parser",
    "write_atomic",
]


class DocumentFormat(enum.StrEnum):
    """The text formats documents are read from; any other name is refused.

    .. versionadded:: 0.2.0
    """

    TOML = "toml"
    JSON = "json"

    @classmethod
    def _missing_(cls, value: object) -> None:
        known = ", ".join(repr(member.value) for member in cls)
        raise ValueError(f"{value!r} is not a document format (known: {known})")


#: Largest file the loaders accept, in bytes.
MAX_BYTES = 8 * 1024 * 1024
#: Deepest nesting of tables and arrays the loaders accept.
MAX_DEPTH = 32

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int) -> str | None:
    """What a file of ``mode`` is, when it is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_bytes(
    path: str | os.PathLike[str],
    error: type[CommunityStandardsError],
    limit: int | None = None,
) -> bytes:
    """Return the bytes of the regular file ``path``, at most ``limit`` (default
    :data:`MAX_BYTES`) of them, or raise ``error`` naming the file.

    Anything but a regular file (a folder, a FIFO, a device, a socket) is refused before
    it is opened, and checked again once open (without blocking), so that swapping the
    file meanwhile cannot make the reader wait forever.

    .. versionadded:: 0.2.0
    """
    source = os.fspath(path)
    limit = MAX_BYTES if limit is None else limit
    if "\0" in source:
        raise error(source, "the file name contains a NUL character")
    try:
        kind = _not_regular(os.stat(source).st_mode)
        if kind is not None:
            raise error(source, f"cannot read the file: it is {kind}, not a regular file")
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
        descriptor = os.open(source, flags | getattr(os, "O_CLOEXEC", 0))
        try:
            kind = _not_regular(os.fstat(descriptor).st_mode)
            if kind is not None:
                raise error(source, f"cannot read the file: it is {kind}, not a regular file")
            chunks: list[bytes] = []
            size = 0
            while size <= limit:
                chunk = os.read(descriptor, limit + 1 - size)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(descriptor)
    except CommunityStandardsError:
        raise
    except OSError as exc:
        raise error(source, f"cannot read the file: {exc.strerror or exc}") from None
    except ValueError as exc:  # a name the system cannot take (NUL, surrogates...)
        raise error(source, f"cannot read the file: {exc}") from None
    return b"".join(chunks)


def read_document(
    path: str | os.PathLike[str], error: type[CommunityStandardsError]
) -> dict[str, Any]:
    """Read a TOML (or, by its ``.json`` suffix, JSON) file into a dict, or raise ``error``."""
    source = os.fspath(path)
    data = read_bytes(source, error)
    fmt = "json" if source.lower().endswith(".json") else "toml"
    return parse_document(data, source, error, fmt)


@functools.cache
def _toml() -> tuple[str, Callable[..., Any], type[Exception]]:
    """The TOML parser: compiled ``tomli`` (with its own nesting and key limits), else tomllib."""
    try:
        import tomli
        import tomli._parser as parser
    except ImportError:
        return "tomllib", tomllib.loads, tomllib.TOMLDecodeError
    # only a tomli that bounds nesting itself: a compiled parser may not recurse unbounded
    if getattr(parser, "MAX_INLINE_NESTING", None) and getattr(parser, "MAX_KEY_PARTS", None):
        return f"tomli {tomli.__version__}", tomli.loads, tomli.TOMLDecodeError
    return "tomllib", tomllib.loads, tomllib.TOMLDecodeError  # pragma: no cover - old tomli


def toml_parser() -> str:
    """Name the TOML parser in use: ``"tomli X.Y.Z"`` (compiled, faster) or ``"tomllib"``.

    .. versionadded:: 0.2.0
    """
    return _toml()[0]


def parse_document(
    data: bytes | str,
    source: str,
    error: type[CommunityStandardsError],
    fmt: DocumentFormat | str = DocumentFormat.TOML,
) -> dict[str, Any]:
    """Parse TOML or JSON text into a dict of exact values, or raise ``error``.

    ``fmt`` is a :class:`DocumentFormat` or its name; another name is a :class:`ValueError`
    (a mistake of the caller, not of the input).
    """
    fmt = DocumentFormat(fmt)
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise error(
                source, f"the text is not valid Unicode (character {exc.start} is a lone surrogate)"
            ) from None
    if len(data) > MAX_BYTES:
        raise error(source, f"the file is larger than the limit of {MAX_BYTES} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(
            source, f"the file is not UTF-8 text (byte {exc.start} cannot be decoded)"
        ) from None
    if not text.strip():
        raise error(source, "the file is empty")
    name, loads, decode_error = _toml()
    if fmt != "json" and name == "tomllib" and text.count(".") > _DOTS and _DOTTED.search(text):
        # tomllib takes time growing with the square of a key's parts (tomli bounds them)
        raise error(source, f"nesting deeper than {MAX_DEPTH} levels")
    try:
        document: object
        if fmt == "json":
            document = json.loads(
                text,
                parse_float=Decimal,
                parse_constant=_refuse_constant,
                object_pairs_hook=_object,
            )
        else:
            document = loads(text, parse_float=Decimal)
    except RecursionError:
        raise error(source, f"nesting deeper than {MAX_DEPTH} levels") from None
    except decode_error as exc:
        raise error(source, f"not valid TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        raise error(
            source, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except ValueError as exc:
        raise error(source, f"not valid {'JSON' if fmt == 'json' else 'TOML'}: {exc}") from None
    if not isinstance(document, dict):
        raise error(source, f"the document must be a table (object), not {kind_of(document)}")
    _check_tree(document, source, error, strings=fmt == "json" and _ESCAPED.search(text))
    return document


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a finite number")


class _Repeated(dict[str, Any]):
    """A JSON object that repeats a key (reported with its path after parsing)."""

    repeated: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    seen: set[str] = set()
    marked = _Repeated(result)
    marked.repeated = [key for key, _ in pairs if key in seen or seen.add(key)]  # type: ignore[func-returns-value]
    return marked


# A dotted key of many more parts than tables may nest ("a.b.c..."), where a key starts.
# Possessive quantifiers: no backtracking, so the search takes time in proportion to the
# text (a long run of spaces after a comma costs nothing more than the run).
_DOTS = MAX_DEPTH * 4
_KEY_PART = r"""(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')"""
_DOTTED = re.compile(
    rf"(?:^|[{{,])[ \t]*+\[*+[ \t]*+(?:{_KEY_PART}[ \t]*+\.[ \t]*+){{{_DOTS}}}", re.MULTILINE
)
# A JSON escape that may stand for half of a surrogate pair.
_ESCAPED = re.compile(r"\\u[dD][89abcdefABCDEF]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_tree(
    value: dict[str, Any],
    source: str,
    error: type[CommunityStandardsError],
    *,
    strings: object = False,
) -> None:
    """Nesting within :data:`MAX_DEPTH`, no repeated JSON key, no lone surrogate.

    The document's own table is level 1; a value nested below level ``MAX_DEPTH`` is
    reported with its path. Scalars are looked at only for ``strings`` (JSON with an
    escape that may be half of a surrogate pair).
    """
    problems: list[Problem] = []
    stack: list[tuple[dict[str, Any] | list[Any], int, str]] = [(value, 0, "")]
    while stack:
        item, depth, path = stack.pop()
        pairs: Iterator[tuple[str, object]]
        if isinstance(item, dict):
            if type(item) is _Repeated:
                problems.extend(
                    Problem(_join(path, key), "the key is given twice")
                    for key in dict.fromkeys(item.repeated)
                )
            if strings:
                problems.extend(
                    Problem(path, f"key {_escaped(key)} is not valid Unicode (a lone surrogate)")
                    for key in item
                    if _SURROGATE.search(key)
                )
            if item and depth >= MAX_DEPTH:
                last = _join(path, next(reversed(item)))
                problems.append(Problem(last, f"nesting deeper than {MAX_DEPTH} levels"))
                break
            pairs = ((_join(path, key), child) for key, child in item.items())
        else:
            if item and depth >= MAX_DEPTH:
                last = f"{path}[{len(item) - 1}]"
                problems.append(Problem(last, f"nesting deeper than {MAX_DEPTH} levels"))
                break
            pairs = ((f"{path}[{i}]", child) for i, child in enumerate(item))
        if not strings:
            # the common case: only containers matter, paths made only for them
            if isinstance(item, dict):
                stack.extend(
                    (child, depth + 1, _join(path, key))
                    for key, child in item.items()
                    if isinstance(child, dict | list)
                )
            else:
                stack.extend(
                    (child, depth + 1, f"{path}[{i}]")
                    for i, child in enumerate(item)
                    if isinstance(child, dict | list)
                )
            continue
        for child_path, child in pairs:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1, child_path))
            elif isinstance(child, str) and _SURROGATE.search(child):
                problems.append(
                    Problem(child_path, "the text is not valid Unicode (a lone surrogate)")
                )
    if problems:
        raise error(source, problems[:_MAX_PROBLEMS])


_MAX_PROBLEMS = 100


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _escaped(text: str) -> str:
    return repr(text.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace"))


# -- writing ---------------------------------------------------------------------------


class Signalled(BaseException):
    """SIGTERM or SIGHUP arrived while the library was writing a file (or running a command).

    Raised from the signal handler so that the temporary file is removed on the way
    out; ``signum`` is the signal, and ``128 + signum`` the exit status a shell expects.

    .. versionadded:: 0.2.0
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


_TERMINATING = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _raise_signalled(signum: int, frame: FrameType | None) -> None:
    raise Signalled(signum)


@contextlib.contextmanager
def terminating_raises() -> Iterator[None]:
    """Within: SIGTERM and SIGHUP raise :class:`Signalled` instead of ending the process
    at once (only where they would: in the main thread, with the default handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {}
    for signum in _TERMINATING:
        if signal.getsignal(signum) is signal.SIG_DFL:
            saved[signum] = signal.signal(signum, _raise_signalled)
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


def _refused(target: str, message: str, code: int = errno.EPERM) -> OSError:
    return OSError(code, message, target)


def _stale_temporaries(folder: str, name: str) -> None:
    """Remove temporary files a killed writer of ``name`` left (its process is gone).

    The portable way of writing leaves one when killed between creating and renaming
    it; on Linux the temporary file has no name until the last step, so only a kill in
    the instant between naming it and renaming it can leave one (complete).
    """
    prefix = f".{name}."
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
                continue
            pid = entry.name[len(prefix) :].split(".", 1)[0]
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
            except OSError:
                pass


#: Errors of ``open(O_TMPFILE)`` meaning "not here": the kernel or the file system lacks it.
_NO_TMPFILE = frozenset({errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL})
_PROC_FD = "/proc/self/fd"


def _unnamed(folder: str) -> int | None:
    """An open file without a name in ``folder`` (Linux ``O_TMPFILE``), or None where
    the system cannot make one (or could not give it a name at the end)."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir(_PROC_FD):
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        if exc.errno in _NO_TMPFILE:
            return None
        raise


def _temporary_name(folder: str, name: str) -> str:
    return os.path.join(folder, f".{name}.{os.getpid()}.{secrets.token_hex(6)}.tmp")


def _named(folder: str, name: str) -> tuple[int, str]:
    """A new temporary file beside ``name`` (the portable way): its descriptor and name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        temporary = _temporary_name(folder, name)
        try:
            return os.open(temporary, flags, 0o600), temporary
        except FileExistsError:
            continue
    raise OSError(errno.EEXIST, "no free name for a temporary file")  # pragma: no cover


def _give_name(descriptor: int, folder: str, name: str) -> str:
    """Link the unnamed file open as ``descriptor`` into ``folder`` under a temporary name."""
    anchor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    try:
        return _link_free_name(descriptor, anchor, folder, name)
    finally:
        os.close(anchor)


def _link_free_name(descriptor: int, anchor: int, folder: str, name: str) -> str:
    for _ in range(100):
        temporary = _temporary_name(folder, name)
        try:
            # given a folder descriptor, os.link calls linkat(AT_SYMLINK_FOLLOW), which
            # links the file the /proc entry stands for; without one it calls link(2),
            # which would try to link the /proc entry itself (and fail with EXDEV)
            os.link(f"{_PROC_FD}/{descriptor}", temporary, src_dir_fd=anchor, follow_symlinks=True)
        except FileExistsError:
            continue
        return temporary
    raise OSError(errno.EEXIST, "no free name for a temporary file")  # pragma: no cover


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def write_atomic(
    path: str | os.PathLike[str],
    content: str | bytes,
    *,
    force: bool = False,
    _before_replace: Callable[[Path], None] | None = None,
) -> None:
    """Write ``content`` to ``path`` atomically: all of it, or the old file untouched.

    The data goes to a temporary file in the same folder, is flushed to disk, and then
    replaces the file in one :func:`os.replace`. On Linux the temporary file is made
    with ``O_TMPFILE`` and has no name until the last step (a link and the rename
    right after it), so a process killed with SIGKILL while writing leaves nothing
    behind (killed in the instant between those two steps, it leaves one complete
    hidden temporary file); elsewhere the temporary file is a hidden
    ``.NAME.PID.RANDOM.tmp`` from the start. Either leftover is removed by the next
    write of the file once its writer is gone.

    A symbolic link is written through (the file it names is replaced, the link stays);
    a replaced file keeps its owner and mode; a new file gets the usual permissions for
    the umask. A target that is not a regular file (a FIFO, a device, a folder) is
    refused, and so is a read-only file unless ``force``. A file with more than one
    hard link is refused too (replacing it would leave the other names with the old
    content); with ``force`` the new content is written into that same file, once it is
    all in memory and the space for it is reserved, with SIGTERM, SIGHUP and SIGINT held
    back until it is written (only this way of writing is not atomic: a power cut or
    SIGKILL meanwhile can leave a mixture). SIGTERM and SIGHUP during an atomic write
    remove the temporary file before the process ends (as :class:`Signalled`). Every
    failure is an :class:`OSError` naming ``path``, never the temporary file; the old
    file is left as it was.

    .. versionchanged:: 0.2.0
       Symbolic links, hard links, owner, non-regular and read-only targets, signals;
       no temporary file is left behind by a killed writer on Linux.
    """
    shown = os.fspath(path)
    if "\0" in shown:
        raise _refused(shown, "the file name contains a NUL character", errno.EINVAL)
    data = content.encode("utf-8") if isinstance(content, str) else content
    target = os.path.realpath(shown) if os.path.islink(shown) else shown
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, shown) from None
    if info is not None:
        kind = _not_regular(info.st_mode)
        if kind is not None:
            raise _refused(shown, f"it is {kind}, not a regular file: not replaced")
        if not force and (not info.st_mode & 0o222 or not os.access(target, os.W_OK)):
            raise _refused(shown, "the file is read-only: not replaced (force it with --force)")
        if info.st_nlink > 1:
            if not force:
                raise _refused(
                    shown,
                    f"the file has {info.st_nlink:,} hard links: replacing it would break "
                    "them, not replaced (write into it with --force)",
                )
            try:
                _write_in_place(target, data, info)
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror or str(exc), shown) from None
            return
    folder, name = os.path.split(target)
    folder = folder or "."
    try:
        with terminating_raises():
            _replace(folder, name, target, data, info, _before_replace)
    except OSError as exc:
        # name the file the user asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror or str(exc), shown) from None


#: Errors of linking an unnamed file into its folder meaning "not here" (no /proc, a file
#: system without hard links): the portable way is taken instead.
_NO_LINK = frozenset({errno.EXDEV, errno.ENOENT, errno.EPERM, errno.EOPNOTSUPP, errno.ENOTDIR})


def _replace(
    folder: str,
    name: str,
    target: str,
    data: bytes,
    info: os.stat_result | None,
    hook: Callable[[Path], None] | None,
) -> None:
    """Write ``data`` to a temporary file in ``folder`` and rename it over ``target``."""
    _stale_temporaries(folder, name)
    descriptor = _unnamed(folder)
    if descriptor is not None:
        temporary = ""
        try:
            _fill(descriptor, data, info, hook, f"{_PROC_FD}/{descriptor}")
            try:
                temporary = _give_name(descriptor, folder, name)
            except OSError as exc:
                if exc.errno not in _NO_LINK:
                    raise
        finally:
            os.close(descriptor)
        if temporary:  # named a moment ago: renamed at once, or removed
            _rename(temporary, target, folder)
            return
    descriptor, temporary = _named(folder, name)
    try:
        _fill(descriptor, data, info, hook, temporary)
    except BaseException:
        os.close(descriptor)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    os.close(descriptor)
    _rename(temporary, target, folder)


def _fill(
    descriptor: int,
    data: bytes,
    info: os.stat_result | None,
    hook: Callable[[Path], None] | None,
    shown: str,
) -> None:
    """Write all of ``data``, flush it to disk, give the file the old one's owner and mode."""
    _write_all(descriptor, data)
    os.fsync(descriptor)
    _permissions(descriptor, info)
    if hook is not None:
        hook(Path(shown))


def _rename(temporary: str, target: str, folder: str) -> None:
    """Rename ``temporary`` over ``target`` (removing it if that fails), then flush the folder."""
    try:
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):
        anchor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
        try:
            os.fsync(anchor)
        finally:
            os.close(anchor)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Within: SIGTERM, SIGHUP and SIGINT wait (and are delivered on the way out)."""
    held = {*_TERMINATING, signal.SIGINT}
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


#: Errors of ``posix_fallocate`` meaning the file system cannot reserve space ahead.
_NO_FALLOCATE = frozenset({errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS})


def _write_in_place(target: str, data: bytes, info: os.stat_result) -> None:
    """Write ``data`` into the file ``target`` itself (its hard links see it too)."""
    flags = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(target, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        now = os.fstat(descriptor)
        if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino) or _not_regular(now.st_mode):
            raise OSError(errno.EAGAIN, "the file was replaced meanwhile: not written")
        if data and hasattr(os, "posix_fallocate"):
            try:  # the space first: a full disk is found before a byte is changed
                os.posix_fallocate(descriptor, 0, len(data))
            except OSError as exc:
                if exc.errno not in _NO_FALLOCATE:
                    raise
        with _signals_held():
            os.lseek(descriptor, 0, os.SEEK_SET)
            _write_all(descriptor, data)
            os.ftruncate(descriptor, len(data))
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _permissions(descriptor: int, info: os.stat_result | None) -> None:
    if info is None:
        with contextlib.suppress(OSError):
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(descriptor, 0o666 & ~umask)
        return
    now = os.fstat(descriptor)
    if (info.st_uid, info.st_gid) != (now.st_uid, now.st_gid):
        try:
            os.fchown(descriptor, info.st_uid, info.st_gid)
        except PermissionError:
            # not allowed to give it back to its owner: the group at least, else refuse
            with contextlib.suppress(OSError):
                os.fchown(descriptor, -1, info.st_gid)
            if info.st_uid != os.fstat(descriptor).st_uid:
                raise OSError(
                    errno.EPERM, "the file's owner could not be kept: not replaced"
                ) from None
    with contextlib.suppress(OSError):
        os.fchmod(descriptor, stat.S_IMODE(info.st_mode))
