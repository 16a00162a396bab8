"""The library's exception types: every failure of input is one of these.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

__all__ = [
    "CommunityStandardsError",
    "EvidenceError",
    "Problem",
    "ProblemCollector",
    "ResolutionError",
    "StandardError",
]


def _params(
    value: Mapping[str, object] | Iterable[tuple[str, object]] | None,
) -> tuple[tuple[str, object], ...]:
    if value is None:
        return ()
    return tuple(value.items() if isinstance(value, Mapping) else value)


@attrs.frozen
class Problem:
    """One thing wrong with an input: where it is and a plain sentence saying what.

    ``path`` is the location inside the document, such as
    ``categories[2].indicators[4].checks[0].minimum``; empty for the whole document.
    ``message`` is the English sentence; ``template`` and ``params``, when given, are its
    source in the message catalogue and the values filled in, so that it can be written
    in another language (``community_standards.messages.catalogue.problem_text``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``template`` and ``params``; an attrs class (equality, hashing, ``repr`` and
       pickling from its fields; ``template`` and ``params`` take no part in equality).
    """

    path: str
    message: str
    template: str | None = attrs.field(default=None, kw_only=True, eq=False, repr=False)
    params: tuple[tuple[str, object], ...] = attrs.field(
        default=(), kw_only=True, eq=False, repr=False, converter=_params
    )

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@attrs.define
class ProblemCollector:
    """Problems gathered while one input is read, raised together at the end.

    Rules add problems as they find them (:meth:`add`, :meth:`extend`); a step that raises
    the library's error on its own is run inside :meth:`collecting`, which keeps its
    problems and goes on. :meth:`raise_if_any` ends the reading: it raises ``error`` with
    every problem found, in the order found, or returns when there is none.

    >>> collector = ProblemCollector()
    >>> collector.add("pass_mark", "the pass mark cannot be negative")
    >>> with collector.collecting():
    ...     raise StandardError("x.toml", Problem("id", "not a valid id"))
    >>> [str(problem) for problem in collector.problems]
    ['pass_mark: the pass mark cannot be negative', 'id: not a valid id']

    .. versionadded:: 0.2.0
    """

    problems: list[Problem] = attrs.field(factory=list)

    def add(self, path: str, message: str) -> None:
        """Add the problem ``message`` at ``path``."""
        self.problems.append(Problem(path, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add every problem of ``problems``."""
        self.problems.extend(problems)

    @contextlib.contextmanager
    def collecting(self) -> Iterator[None]:
        """Run a step that may raise the library's error, keeping its problems."""
        try:
            yield
        except CommunityStandardsError as error:
            self.problems.extend(error.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self, error: type[CommunityStandardsError], source: str) -> None:
        """Raise ``error(source, problems)`` if any problem was found."""
        if self.problems:
            raise error(source, list(self.problems))


class CommunityStandardsError(ValueError):
    """Base class of every error the library raises about its input.

    ``source`` names the file (or ``<string>``), ``problems`` lists each problem
    with its path inside the document. ``str(error)`` is one line per problem, each
    ``source: path: sentence``.

    It is a :class:`ValueError` (input of the right type but a wrong value, as
    ``packaging.metadata.InvalidMetadata`` is), and it can be pickled and copied, so
    it crosses a process pool whole.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       A subclass of :class:`ValueError`; picklable.
    """

    def __init__(self, source: str, problems: Sequence[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.__str__())

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.source, self.problems), self.__dict__ or None)

    def lines(self) -> list[str]:
        """Return one line per problem: ``source: path: sentence``."""
        return [f"{self.source}: {problem}" for problem in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())

    @property
    def path(self) -> str:
        """The path of the first problem (convenience for single-problem errors)."""
        return self.problems[0].path if self.problems else ""

    @classmethod
    def collect(cls, source: str, problems: Iterable[Problem]) -> None:
        """Raise ``cls`` with ``problems`` if there are any."""
        found = list(problems)
        if found:
            raise cls(source, found)


class StandardError(CommunityStandardsError):
    """A standard file (or a standard built in Python) is malformed or inconsistent.

    .. versionadded:: 0.1.0
    """


class EvidenceError(CommunityStandardsError):
    """An evidence file does not fit the standard it is scored against.

    .. versionadded:: 0.1.0
    """


class ResolutionError(CommunityStandardsError):
    """A reference ``ID@VERSION`` names no standard, is ambiguous, or ``extends`` forms a cycle.

    .. versionadded:: 0.1.0
    """
