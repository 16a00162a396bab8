"""The explaining path: one generated function per indicator, from its nodes' templates.

Each check node of the plan writes its credit once, as source:
:meth:`~community_standards.scoring.plan.BooleanNode.credit_source` (and the same method
of every other node) emits the lines that give the node's credit and add its reasons.
Two things are compiled from those lines:

* the indicator's *explainer* (:func:`build_explainer`): every check's lines inlined one
  after another, their credits combined as the indicator's award says, and the result
  made by :meth:`~community_standards.scoring.plan.IndicatorPlan.finish`;
* a node's own :meth:`credit` (:func:`standalone_credit`), used where a node is read on
  its own (a not-applicable condition, a deduction's trigger, the facts a result waits
  for): the same lines, alone in a function.

So a rule is written once, and the explaining evaluator runs it without a call per node.
The fast path (:mod:`.fastpath`) is derived from the nodes' ``met_source`` expressions;
the differential property tests keep the two equal.

The source is built only from ``repr`` of fact keys, indicator ids and paths, from
integers, and from names bound to the plan's own values, so no text from a standard file
becomes code. Each explainer is registered in :mod:`linecache` under its own file name,
so a traceback through it shows the generated line; the entry goes with the indicator.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import contextlib
import itertools
import linecache
from collections.abc import Callable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeAlias

from ..model.evidence import JudgementResult
from ..model.standard import Award
from .scorecard import IndicatorStatus, Reason

if TYPE_CHECKING:
    from ..model.evidence import Evidence, Judgement
    from .plan import CheckNode, IndicatorPlan
    from .scorecard import IndicatorResult

__all__ = [
    "Explainer",
    "Source",
    "build_explainer",
    "checks_source",
    "explainer_source",
    "forget_source",
    "lowest_source",
    "standalone_credit",
]

#: ``(indicator plan, evidence, results read, facts.get, judgement) -> IndicatorResult``.
Explainer: TypeAlias = (
    "Callable[[IndicatorPlan, Evidence, Mapping[str, IndicatorResult] | None,"
    " Callable[[str], Any], Judgement | None], IndicatorResult]"
)

_SERIAL = itertools.count(1)
_NOT_ASSESSED, _NOT_MET = IndicatorStatus.NOT_ASSESSED, IndicatorStatus.NOT_MET


class Source:
    """Lines of generated source, the fresh local names they use, and the constants they
    read (each bound to a name of its own in the function's namespace)."""

    def __init__(self) -> None:
        from .plan import NotApplicableSignal

        self.lines: list[str] = []
        self.depth = 1
        self.count = 0
        self.namespace: dict[str, Any] = {
            "Fraction": Fraction,
            "Reason": Reason,
            "NEW": tuple.__new__,  # a named tuple from all its fields at once
            "MET": JudgementResult.MET,
            "PARTLY_MET": JudgementResult.PARTLY_MET,
            "NotApplicableSignal": NotApplicableSignal,
        }
        self._constants: dict[int, str] = {}
        #: whether a node read itself through its own ``credit`` (the lines then need
        #: ``FACTS`` and ``CTX``, the facts and the context)
        self.contextual = False
        #: the expressions of the indicator's partial award and points (an assessed check)
        self.partial, self.maximum = "S.partial", "S.maximum"

    def new(self, stem: str = "v") -> str:
        """A fresh local name."""
        self.count += 1
        return f"{stem}{self.count}"

    def const(self, value: object) -> str:
        """The name the generated code reads ``value`` by (the same name for the same object)."""
        name = self._constants.get(id(value))
        if name is None:
            name = self._constants[id(value)] = f"K{len(self._constants)}"
            self.namespace[name] = value
        return name

    def line(self, text: str) -> None:
        """Add one line at the current depth."""
        self.lines.append("    " * self.depth + text)

    def first(self, *texts: str) -> None:
        """Put lines before all the others, at the function's own depth (what the lines
        already written turned out to need)."""
        self.lines[:0] = ["    " + text for text in texts]

    @contextlib.contextmanager
    def block(self, head: str) -> Iterator[None]:
        """A line opening a block (``if ...:``), and the lines added inside it."""
        self.line(head)
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1

    def text(self, head: str) -> str:
        """The function: ``head`` and the lines."""
        return head + "\n" + "\n".join(self.lines) + "\n"


def lowest_source(src: Source, credits: Sequence[tuple[str, bool]], out: str) -> None:
    """Lines setting ``out`` to the credit of checks that must all be met: 0 if any
    credit is 0; else ``None`` if any is missing; else the smallest (1 without checks).

    ``credits`` are the names of the checks' credits, each with whether it is *whole*
    (only ever 0, 1 or ``None``: every check but a judgement, or a group of them).
    """
    if not credits:
        src.line(f"{out} = 1")
        return
    if len(credits) == 1:
        src.line(f"{out} = {credits[0][0]}")
        return
    # a whole credit is compared with 0 as an int; another without comparing a Fraction
    # with an int, which is slow: "is not None and not"
    zero = [f"{c} == 0" if whole else f"({c} is not None and not {c})" for c, whole in credits]
    with src.block(f"if {' or '.join(zero)}:"):
        src.line(f"{out} = 0")
    with src.block(f"elif {' or '.join(f'{c} is None' for c, _ in credits)}:"):
        src.line(f"{out} = None")
    with src.block("else:"):
        # the smallest: every whole credit left is 1 and every other 1 (an int) or a
        # fraction between 0 and 1, so only the fractions are compared
        parts = [c for c, whole in credits if not whole]
        if len(parts) <= 1:
            src.line(f"{out} = {parts[0] if parts else 1}")
            return
        src.line(f"{out} = 1")
        for credit in parts:
            smaller = f"type({out}) is int or {credit} < {out}"
            with src.block(f"if type({credit}) is not int and ({smaller}):"):
                src.line(f"{out} = {credit}")


def _mean_source(src: Source, credits: Sequence[tuple[str, bool]], out: str) -> None:
    """Lines setting ``out`` to the mean of the credits (``None`` if any is missing; 1
    without checks): a proportional award."""
    if not credits:
        src.line(f"{out} = 1")
        return
    missing = " or ".join(f"{c} is None" for c, _ in credits)
    total = " + ".join(c for c, _ in credits)
    src.line(f"{out} = None if {missing} else Fraction({total}, {len(credits)})")


def checks_source(src: Source, checks: Sequence[CheckNode], into: str) -> list[tuple[str, bool]]:
    """Every check's lines, one after another, their reasons added to ``into``; the names
    of their credits, each with whether it is whole (0, 1 or ``None``)."""
    credits = []
    for check in checks:
        out = src.new("c")
        check.credit_source(src, out, into)
        credits.append((out, check.whole))
    return credits


def explainer_source(item: IndicatorPlan) -> tuple[str, dict[str, Any]]:
    """The source of ``explain(S, E, RS, F, JG)`` for ``item`` and the names it reads.

    ``S`` is the indicator's plan, ``E`` the evidence, ``RS`` the results of the
    indicators it refers to (or ``None``), ``F`` reads a fact (``E.facts.get``) and ``JG``
    is the indicator's judgement (or ``None``).
    """
    src = Source()
    head = f"def explain(S, E, RS, F, JG):  # {item.id!r}"
    if item.bands is not None:
        src.line("return S.banded(E.facts)")
        return src.text(head), src.namespace
    credits = checks_source(src, item.checks, "R")
    if item.award is Award.PROPORTIONAL:
        _mean_source(src, credits, "credit")
    else:
        lowest_source(src, credits, "credit")
    if not item.deductions:
        # the result made with the plan for one reason alone, as ``finish`` gives it, is
        # looked up here for the two outcomes that have one (not met, not assessed)
        alone = src.const(item.alone)
        statuses = f"{src.const(_NOT_ASSESSED)} if credit is None else {src.const(_NOT_MET)}"
        with src.block("if len(R) == 1 and (credit is None or credit == 0):"):
            src.line(f"made = {alone}.get(id(R[0]))")
            with src.block(f"if made is not None and made.status is ({statuses}):"):
                src.line("return made")
    src.line("return S.finish(E, credit, R)")
    # what the checks' lines read besides the facts and the judgement
    src.first(*(("FACTS = E.facts", "CTX = S.context(E, RS)") if src.contextual else ()), "R = []")
    return src.text(head), src.namespace


def build_explainer(item: IndicatorPlan) -> tuple[Explainer, str]:
    """Compile ``item``'s explainer; return it and the file name it is registered under
    in :mod:`linecache` (the caller removes it with :func:`forget_source`)."""
    source, namespace = explainer_source(item)
    filename = f"<explaining {item.id!r} #{next(_SERIAL)}>"
    exec(compile(source, filename, "exec"), namespace)  # ids, keys, integers, names
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    explain: Explainer = namespace["explain"]
    explain.__qualname__ = f"explainer of {item.id}"
    return explain, filename


def standalone_credit(
    node: CheckNode, lines: Callable[[Source, str, str], None]
) -> Callable[..., Any]:
    """``credit(FACTS, CTX, R)`` compiled from ``node``'s own ``lines`` (its
    ``credit_source``): its credit for the facts ``FACTS`` and the context ``CTX``
    (reasons added to ``R``)."""
    src = Source()
    src.partial, src.maximum = "CTX.partial", "CTX.maximum"
    src.line("F = FACTS.get")
    src.line("JG = CTX.judgement")
    lines(src, "credit", "R")
    src.line("return credit")
    source = src.text("def credit(FACTS, CTX, R):")
    exec(compile(source, f"<credit of {node.path}>", "exec"), src.namespace)
    found: Callable[..., Any] = src.namespace["credit"]
    return found


def forget_source(filename: str) -> None:
    """Remove an explainer's source from :mod:`linecache`."""
    linecache.cache.pop(filename, None)
