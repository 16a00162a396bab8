"""Safe reading and atomic writing of the library's files.

Reading never executes anything: documents are TOML or JSON, decoded as UTF-8 (a
byte-order mark is accepted, Windows line endings too), refused past
:data:`MAX_BYTES` or past :data:`MAX_DEPTH` levels of nesting. Writing goes to a
temporary file in the same folder that replaces the target in one step, so an
interrupted write leaves the old file intact and no partial file behind.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..messages.kinds import kind_of
from ..model.errors import CommunityStandardsError, Problem

__all__ = ["MAX_BYTES", "MAX_DEPTH", "parse_document", "read_document", "write_atomic"]

#: Largest file the loaders accept, in bytes.
MAX_BYTES = 8 * 1024 * 1024
#: Deepest nesting of tables and arrays the loaders accept.
MAX_DEPTH = 32


def read_document(
    path: str | os.PathLike[str], error: type[CommunityStandardsError]
) -> dict[str, Any]:
    """Read a TOML (or, by its ``.json`` suffix, JSON) file into a dict, or raise ``error``."""
    source = os.fspath(path)
    try:
        with open(source, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise error(source, f"cannot read the file: {exc.strerror or exc}") from None
    fmt = "json" if source.lower().endswith(".json") else "toml"
    return parse_document(data, source, error, fmt)


def parse_document(
    data: bytes | str,
    source: str,
    error: type[CommunityStandardsError],
    fmt: str = "toml",
) -> dict[str, Any]:
    """Parse TOML or JSON text into a dict of exact values, or raise ``error``."""
    if isinstance(data, str):
        data = data.encode("utf-8")
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
    _check_brackets(text, source, error)
    if fmt != "json" and _DOTTED.search(text):
        raise error(source, f"nesting deeper than {MAX_DEPTH} levels")
    try:
        document: object
        if fmt == "json":
            document = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
        else:
            document = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise error(source, f"not valid TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        raise error(
            source, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except ValueError as exc:
        raise error(source, f"not valid {'JSON' if fmt == 'json' else 'TOML'}: {exc}") from None
    except RecursionError:
        raise error(source, f"nesting deeper than {MAX_DEPTH} levels") from None
    if not isinstance(document, dict):
        raise error(source, f"the document must be a table (object), not {kind_of(document)}")
    _check_depth(document, source, error)
    return document


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a finite number")


# A dotted key of many more parts than tables may nest ("a.b.c..."), where a key starts: the
# TOML parser takes time growing with the square of their number.
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_DOTTED = re.compile(
    rf"(?:^|[{{,])[ \t]*\[*[ \t]*(?:{_KEY_PART}[ \t]*\.[ \t]*){{{MAX_DEPTH * 4}}}", re.MULTILINE
)


def _check_brackets(text: str, source: str, error: type[CommunityStandardsError]) -> None:
    # A cheap guard before parsing: the parsers recurse on nested arrays and tables.
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH * 4:
                raise error(source, f"nesting deeper than {MAX_DEPTH} levels")
        elif char in "]}":
            depth = max(depth - 1, 0)


def _check_depth(value: object, source: str, error: type[CommunityStandardsError]) -> None:
    stack: list[tuple[object, int, str]] = [(value, 0, "")]
    while stack:
        item, depth, path = stack.pop()
        if depth > MAX_DEPTH:
            raise error(source, [Problem(path, f"nesting deeper than {MAX_DEPTH} levels")])
        if isinstance(item, dict):
            stack.extend(
                (child, depth + 1, f"{path}.{key}" if path else str(key))
                for key, child in item.items()
            )
        elif isinstance(item, list):
            stack.extend((child, depth + 1, f"{path}[{i}]") for i, child in enumerate(item))


def write_atomic(
    path: str | os.PathLike[str],
    content: str | bytes,
    *,
    _before_replace: Callable[[Path], None] | None = None,
) -> None:
    """Write ``content`` to ``path`` atomically: all of it, or the old file untouched.

    The data goes to a temporary file beside ``path``, is flushed to disk, and then
    replaces ``path`` in one :func:`os.replace`. If anything fails, the temporary file
    is removed and the error propagates.
    """
    target = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or Path(".")
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            with contextlib.suppress(OSError):
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temporary, 0o666 & ~umask)
        if _before_replace is not None:
            _before_replace(Path(temporary))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
