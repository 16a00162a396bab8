"""Finding standards: bundled ones, plugins, and folders the user names.

A :class:`Registry` looks in three places, in this order:

1. the standards bundled with the library (``community_standards.standards``);
2. packages registered under the entry-point group ``community_standards.standards``:
   the entry point names a package whose ``*.toml`` files are standards, or a callable
   returning an iterable of files (:class:`~importlib.resources.abc.Traversable` or paths);
3. folders named by the caller, then by ``COMMUNITY_STANDARDS_PATH`` (separated like
   ``PATH``); evidence files in those folders are recognised and skipped;
4. standard files the user names (:meth:`Registry.add`, :meth:`Registry.load_file`):
   they are part of the lookup from then on, so a file may ``extend`` another file
   named beside it by its ``ID@VERSION``, and an evidence file may name it.

Files are read with :mod:`importlib.resources`, so zipped and editable installs work.
Two sources offering the same ``ID@VERSION`` is an error naming both; a file the user
names replaces what the other sources offer under its reference.

Data refers to standards only by reference: an evidence document's ``standard`` and a
standard's ``extends`` are ``ID`` or ``ID@VERSION``, never a file to open
(:func:`standard_for_evidence`).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import types
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs

from ..formats.evidence import looks_like_evidence
from ..formats.io import MAX_BYTES, parse_document, read_document
from ..formats.standard import standard_from_dict
from ..messages.catalogue import problem
from ..messages.kinds import kind_of
from ..model.errors import EvidenceError, Problem, ResolutionError, StandardError
from ..model.refs import format_ref, is_valid_id, is_valid_version, parse_ref, version_key
from ..model.standard import Standard, Status
from ..model.suggest import did_you_mean
from .derive import derive

__all__ = [
    "DEFAULT_STANDARD",
    "ENTRY_POINT_GROUP",
    "ENV_VAR",
    "Entry",
    "Registry",
    "default_registry",
    "resolve",
    "standard_for_evidence",
]

#: The entry-point group other packages use to ship standards.
ENTRY_POINT_GROUP = "community_standards.standards"
#: Longest chain of standards extending one another (each a derived standard of the next).
MAX_EXTENDS = 32
#: The environment variable naming extra folders of standards.
ENV_VAR = "COMMUNITY_STANDARDS_PATH"
#: The standard evidence is read against when neither the caller nor the evidence names one.
DEFAULT_STANDARD = "tianjin-beautiful-community@2017"


@attrs.frozen(kw_only=True)
class Entry:
    """One standard file a registry found: its reference, status and origin.

    ``origin`` is ``"bundled"``, ``"plugin <name> (<distribution>)"``, ``"path"`` (a
    folder of standards) or ``"named"`` (a file named by the user); ``location`` names
    the file.

    .. versionadded:: 0.1.0
    """

    id: str
    version: str
    status: Status
    origin: str
    location: str
    extends: str | None = None
    supersedes: str | None = None
    file: Traversable | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def ref(self) -> str:
        """``ID@VERSION``."""
        return format_ref(self.id, self.version)


def _read(file: Traversable, location: str) -> dict[str, Any]:
    if isinstance(file, Path):
        return read_document(file, StandardError)
    with file.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    fmt = "json" if location.lower().endswith(".json") else "toml"
    return parse_document(data, location, StandardError, fmt)


def _toml_files(root: Traversable) -> Iterator[Traversable]:
    if not root.is_dir():
        return
    for child in sorted(root.iterdir(), key=lambda item: item.name):
        if child.is_file() and child.name.endswith(".toml"):
            yield child


def _plugin_files(loaded: object) -> Iterator[Traversable]:
    if isinstance(loaded, types.ModuleType):
        yield from _toml_files(importlib.resources.files(loaded))
        return
    if callable(loaded):
        produced: Iterable[Traversable | os.PathLike[str] | str] = loaded()
        for item in produced:
            if isinstance(item, str | os.PathLike):
                yield Path(item)
            else:
                yield item
        return
    raise TypeError("an entry point must name a package of standards or a callable")


@functools.cache
def _plugin_entries() -> tuple[tuple[tuple[str, str, Traversable], ...], tuple[Problem, ...]]:
    """The standard files every plugin offers, and one problem per plugin that cannot load."""
    found: list[tuple[str, str, Traversable]] = []
    broken: list[Problem] = []
    import importlib.metadata  # only when plugins are looked for: it costs at start-up

    for point in sorted(
        importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name
    ):
        distribution = point.dist.name if point.dist is not None else "?"
        origin = f"plugin {point.name} ({distribution})"
        try:
            files = list(_plugin_files(point.load()))
        except Exception as exc:  # a broken plugin must not break the others, nor the library
            broken.append(
                Problem(
                    f"entry point {point.name!r}", f"cannot load the standards of {origin}: {exc}"
                )
            )
            continue
        found.extend((origin, f"{distribution}:{file.name}", file) for file in files)
    return tuple(found), tuple(broken)


class Registry:
    """Standards by reference, from bundled files, plugins and folders.

    ``Registry()`` looks everywhere; pass ``bundled=False``, ``plugins=False`` or
    ``environment=False`` to leave a place out, and ``paths`` for folders (or single
    files) of your own. Loaded standards are cached.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        paths: Sequence[str | os.PathLike[str]] = (),
        *,
        bundled: bool = True,
        plugins: bool = True,
        environment: bool = True,
    ) -> None:
        self._paths = [Path(path) for path in paths]
        if environment:
            self._paths += [
                Path(part) for part in os.environ.get(ENV_VAR, "").split(os.pathsep) if part
            ]
        self._bundled = bundled
        self._plugins = plugins
        self._entries: dict[str, Entry] | None = None
        self._documents: dict[str, dict[str, Any]] = {}
        self._standards: dict[str, Standard] = {}

    def _sources(self) -> Iterator[tuple[str, str, Traversable]]:
        if self._bundled:
            for file in _toml_files(importlib.resources.files("community_standards.standards")):
                yield "bundled", f"community_standards:{file.name}", file
        if self._plugins:
            yield from _plugin_entries()[0]
        for path in self._paths:
            if path.is_dir():
                for file in sorted(path.glob("*.toml")):
                    yield "folder", str(file), file
            elif path.is_file():
                yield "path", str(path), path
            else:
                raise ResolutionError(str(path), "no such file or folder of standards")

    def broken_plugins(self) -> tuple[Problem, ...]:
        """One problem per installed plugin whose standards cannot be loaded.

        A broken plugin is left out and every other standard is still found; ``list``
        shows these problems, and a lookup that finds nothing mentions them.

        .. versionadded:: 0.2.0
        """
        return _plugin_entries()[1] if self._plugins else ()

    def entries(self) -> list[Entry]:
        """Every standard found, sorted by id and version."""
        if self._entries is None:
            entries: dict[str, Entry] = {}
            for origin, location, file in self._sources():
                document = _read(file, location)
                if looks_like_evidence(document):
                    if origin == "folder":
                        continue  # evidence kept beside the standards: not a standard
                    raise ResolutionError(
                        location,
                        [
                            problem(
                                "",
                                "this is an evidence file, not a standard; "
                                "give it to score or validate instead of --standards-path",
                            )
                        ],
                    )
                entry = _entry(document, "path" if origin == "folder" else origin, location, file)
                if entry.ref in entries:
                    other = entries[entry.ref]
                    raise ResolutionError(
                        location,
                        f"{entry.ref} is offered twice: by {other.location} ({other.origin}) and by {location} ({entry.origin})",
                    )
                entries[entry.ref] = entry
                self._documents[entry.ref] = document
            self._entries = dict(
                sorted(entries.items(), key=lambda item: (item[1].id, version_key(item[1].version)))
            )
        return list(self._entries.values())

    def find(self, reference: str) -> Entry:
        """Return the entry ``reference`` names; a bare ``ID`` means its newest active version."""
        identifier, version = parse_ref(reference)
        entries = [entry for entry in self.entries() if entry.id == identifier]
        if not entries:
            known = sorted({entry.id for entry in self.entries()})
            hint = did_you_mean(identifier, known)
            broken = list(self.broken_plugins())
            if hint:
                raise ResolutionError(
                    reference,
                    [
                        problem(
                            "",
                            "no standard with id {id!r}{hint} If not, name its file with "
                            "--standard FILE or its folder with --standards-path DIR, or list "
                            "its folder in {variable}",
                            id=identifier,
                            hint=hint,
                            variable=ENV_VAR,
                        ),
                        *broken,
                    ],
                )
            raise ResolutionError(
                reference,
                [
                    problem(
                        "",
                        "no standard with id {id!r} (known: {known}); name its file with "
                        "--standard FILE or its folder with --standards-path DIR "
                        "(in Python: Registry([DIR])), or list its folder in {variable}",
                        id=identifier,
                        known=", ".join(known) or "none",
                        variable=ENV_VAR,
                    ),
                    *broken,
                ],
            )
        if version is None:
            active = [entry for entry in entries if entry.status == Status.ACTIVE]
            if not active:
                raise ResolutionError(
                    reference,
                    f"{identifier!r} has no active version; name one of {', '.join(e.version for e in entries)}",
                )
            return max(active, key=lambda entry: version_key(entry.version))
        for entry in entries:
            if entry.version == version:
                return entry
        raise ResolutionError(
            reference,
            [
                problem(
                    "",
                    "{id!r} has no version {version!r}; it has {versions} (name the file of "
                    "another version with --standard FILE or its folder with --standards-path DIR)",
                    id=identifier,
                    version=version,
                    versions=", ".join(e.version for e in entries),
                )
            ],
        )

    def get(self, reference: str) -> Standard:
        """Return the resolved, validated standard ``reference`` names.

        .. versionadded:: 0.1.0
        """
        return self._load(self.find(reference).ref, ())

    def _load(self, ref: str, chain: tuple[str, ...]) -> Standard:
        if ref in self._standards:
            return self._standards[ref]
        entry = self.find(ref)
        document = self._documents[entry.ref]
        standard = self.build(document, entry.location, (*chain, entry.ref))
        self._standards[ref] = standard
        return standard

    def build(self, document: dict[str, Any], source: str, chain: tuple[str, ...] = ()) -> Standard:
        """Build a standard from a parsed document, resolving ``extends`` through this registry."""
        base_ref = document.get("extends")
        if base_ref is None:
            return standard_from_dict(document, source)
        if not isinstance(base_ref, str):
            raise StandardError(
                source, [Problem("extends", 'expected a reference such as "id@version"')]
            )
        try:
            base_entry = self.find(base_ref)
        except ResolutionError as exc:
            raise ResolutionError(
                source,
                [
                    Problem(
                        "extends", f"{' -> '.join((*chain, base_ref))}: {exc.problems[0].message}"
                    )
                ],
            ) from None
        if len(chain) >= MAX_EXTENDS:
            shown = " -> ".join((*chain[:2], "…", *chain[-2:], base_entry.ref))
            raise ResolutionError(
                source,
                [Problem("extends", f"extends goes deeper than {MAX_EXTENDS} standards: {shown}")],
            )
        if base_entry.ref in chain:
            raise ResolutionError(
                source,
                [
                    Problem(
                        "extends", f"extends forms a cycle: {' -> '.join((*chain, base_entry.ref))}"
                    )
                ],
            )
        base = self._load(base_entry.ref, chain)
        return derive(base, document, source)

    def add(self, path: str | os.PathLike[str]) -> Entry | None:
        """Make the standard file ``path`` part of the lookup; return its entry.

        From then on its ``ID@VERSION`` finds it (for ``extends`` and evidence), in place
        of what another source offers under the same reference. Returns ``None`` for a
        file without a string ``id`` and ``version`` (it cannot be found by reference;
        :meth:`load_file` reports what is wrong with it).

        .. versionadded:: 0.2.0
        """
        location = os.fspath(path)
        document = read_document(path, StandardError)
        if looks_like_evidence(document):
            raise StandardError(
                location,
                [
                    problem(
                        "",
                        "this is an evidence file (it has a [community] table), not a standard",
                    )
                ],
            )
        if not all(isinstance(document.get(key), str) for key in ("id", "version")):
            return None
        entry = _entry(document, "named", location, Path(path))
        self.entries()
        assert self._entries is not None
        self._entries[entry.ref] = entry
        self._documents[entry.ref] = document
        self._standards.clear()  # what was built on a replaced file is built again
        return entry

    def load_file(self, path: str | os.PathLike[str]) -> Standard:
        """Load a standard file, resolving ``extends`` through this registry.

        The file becomes part of the lookup (:meth:`add`).
        """
        entry = self.add(path)
        if entry is None:
            document = read_document(path, StandardError)
            return self.build(document, os.fspath(path), (_file_ref(document),))
        return self._load(entry.ref, ())

    def load(self, reference_or_path: str | os.PathLike[str]) -> Standard:
        """Load ``ID[@VERSION]`` from the registry, or a file if the argument is a path."""
        text = os.fspath(reference_or_path)
        if is_path(text):
            return self.load_file(text)
        return self.get(text)

    def load_all(self, references_or_paths: Sequence[str | os.PathLike[str]]) -> list[Standard]:
        """Load several standards named together: the files among them are added first.

        So ``load_all(["v1.toml", "v2.toml"])`` works when ``v2`` extends ``v1`` by its
        ``ID@VERSION``, in either order.

        .. versionadded:: 0.2.0
        """
        for item in references_or_paths:
            if is_path(os.fspath(item)):
                self.add(item)
        return [self.load(item) for item in references_or_paths]


def is_path(text: str) -> bool:
    """Whether a command-line argument names a file rather than ``ID[@VERSION]``."""
    return text.endswith((".toml", ".json")) or os.sep in text or Path(text).is_file()


def standard_for_evidence(
    document: Mapping[str, Any],
    source: str,
    registry: Registry | None = None,
    *,
    standard: Standard | None = None,
) -> Standard:
    """The standard to read an evidence document against.

    ``standard``, when the caller names one (``score --standard``), wins. Otherwise the
    document's ``standard`` key names it by reference (``ID`` or ``ID@VERSION``),
    found in ``registry`` (the default registry if ``None``); without the key,
    :data:`DEFAULT_STANDARD`. The key is never opened as a file: a value that looks
    like a path, or names no known standard, is an :class:`EvidenceError` at
    ``standard`` saying how to give the standard's file.

    .. versionadded:: 0.2.0
    """
    if standard is not None:
        return standard
    registry = registry or default_registry()
    reference = document.get("standard", DEFAULT_STANDARD)
    if not isinstance(reference, str) or not reference.strip():
        raise EvidenceError(
            source,
            [problem("standard", 'expected a reference such as "id@version"')],
        )
    if "/" in reference or "\\" in reference or reference.lower().endswith((".toml", ".json")):
        raise EvidenceError(
            source,
            [
                problem(
                    "standard",
                    "{value!r} looks like a file; evidence names its standard by reference "
                    '("id" or "id@version"), and the standard\'s file is given with '
                    "--standard FILE or --standards-path DIR",
                    value=reference[:80],
                )
            ],
        )
    try:
        return registry.get(reference)
    except ResolutionError as error:
        raise EvidenceError(source, [_at("standard", item) for item in error.problems]) from None


def _at(path: str, item: Problem) -> Problem:
    """``item`` moved to ``path`` (its sentence, and what translates it, kept)."""
    return Problem(path, item.message, template=item.template, params=dict(item.params))


def _file_ref(document: dict[str, Any]) -> str:
    identifier, version = document.get("id"), document.get("version")
    return format_ref(str(identifier), str(version))


def _entry(document: dict[str, Any], origin: str, location: str, file: Traversable) -> Entry:
    problems = []
    for key, valid in (("id", is_valid_id), ("version", is_valid_version)):
        value = document.get(key)
        if not isinstance(value, str):
            problems.append(
                Problem(key, f"a standard needs a string {key!r} to be found by reference")
            )
        elif not valid(value):
            # before listing it: "1" and "1 " (or "x\n") would name two standards as one
            problems.append(Problem(key, f"{value!r} is not a valid {key}"))
    status = document.get("status", "active")
    if not isinstance(status, str):
        problems.append(Problem("status", f"expected a string, found {kind_of(status)}"))
    elif status not in Status._value2member_map_:
        allowed = ", ".join(repr(member.value) for member in Status)
        problems.append(Problem("status", f"{status!r} is not one of {allowed}"))
    if problems:
        raise StandardError(location, problems)
    extends = document.get("extends")
    supersedes = document.get("supersedes")
    return Entry(
        id=document["id"],
        version=document["version"],
        status=Status(status),
        origin=origin,
        location=location,
        extends=extends if isinstance(extends, str) else None,
        supersedes=supersedes if isinstance(supersedes, str) else None,
        file=file,
    )


_DEFAULT: list[Registry] = []


def default_registry() -> Registry:
    """The shared registry of bundled, plugin and ``COMMUNITY_STANDARDS_PATH`` standards.

    .. versionadded:: 0.1.0
    """
    if not _DEFAULT:
        _DEFAULT.append(Registry())
    return _DEFAULT[0]


def resolve(
    document: Mapping[str, Any], source: str = "<data>", registry: Registry | None = None
) -> Standard:
    """Build the standard a parsed document describes, derived or not.

    A document with ``extends`` is resolved against its base, found in ``registry``
    (by default :func:`default_registry`: bundled, plugin and
    ``COMMUNITY_STANDARDS_PATH`` standards); any other document is loaded as it is.

    .. versionadded:: 0.1.0
    """
    return (registry or default_registry()).build(dict(document), source)
