"""The library's exception types: every failure of input is one of these.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "CommunityStandardsError",
    "EvidenceError",
    "Problem",
    "ResolutionError",
    "StandardError",
]


class Problem:
    """One thing wrong with an input: where it is and a plain sentence saying what.

    ``path`` is the location inside the document, such as
    ``categories[2].indicators[4].checks[0].minimum``; empty for the whole document.
    ``message`` is the English sentence; ``template`` and ``params``, when given, are its
    source in the message catalogue and the values filled in, so that it can be written
    in another language (``community_standards.messages.catalogue.problem_text``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``template`` and ``params``.
    """

    __slots__ = ("message", "params", "path", "template")

    def __init__(
        self,
        path: str,
        message: str,
        *,
        template: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.path = path
        self.message = message
        self.template = template
        self.params: tuple[tuple[str, object], ...] = tuple((params or {}).items())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.path, self.message) == (other.path, other.message)

    def __hash__(self) -> int:
        return hash((self.path, self.message))

    def __repr__(self) -> str:
        return f"Problem({self.path!r}, {self.message!r})"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class CommunityStandardsError(Exception):
    """Base class of every error the library raises about its input.

    ``source`` names the file (or ``<string>``), ``problems`` lists each problem
    with its path inside the document. ``str(error)`` is one line per problem, each
    ``source: path: sentence``.

    .. versionadded:: 0.1.0
    """

    def __init__(self, source: str, problems: Sequence[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.__str__())

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
