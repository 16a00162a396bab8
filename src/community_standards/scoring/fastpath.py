"""The fast path: one generated function per plan listing the indicators not plainly met.

Scoring most communities finds most indicators fully met, and for those the scorecard
entry is always the same. The fast path joins the nodes' own
:meth:`~community_standards.scoring.plan.CheckNode.met_source` expressions into one
Python function of plain comparisons of exact integers and booleans; every indicator it
does not find plainly met is explained by the nodes' ``credit`` (the same comparisons,
see :data:`~community_standards.scoring.plan.COMPARISONS`).

The same tests make a second function, ``explain_short(E, results, short)``: it runs each
indicator's generated explainer (:mod:`.explaining`) where the test fails, puts the result
in ``results`` and its position in ``short`` when it is not met. Scoring uses it; the two
functions share every test, so what ``fast`` lists is what ``explain_short`` explains.

The source is built only from ``repr`` of fact keys and indicator ids and from integers,
so no text from a standard file can become code. It is registered in :mod:`linecache`
under its own file name, so a traceback through it shows the generated line; the entry
goes when the plan does.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import itertools
import linecache
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..model.evidence import JudgementResult

if TYPE_CHECKING:
    from .plan import IndicatorPlan

__all__ = ["ExplainShort", "FastPath", "build_fast_path", "fast_path_source", "forget_source"]

#: ``(facts.get, judgements.get) -> list[int]``: the positions of the indicators that are
#: not plainly met and need the full explanation.
FastPath = Callable[[Callable[[str], Any], Callable[[str], Any]], list[int]]
#: ``(evidence, results, short) -> None``: explains the indicators not plainly met (but
#: those scored later), each result not met put in ``results`` and its position in ``short``.
ExplainShort = Callable[[Any, list[Any], list[int]], None]

_SERIAL = itertools.count(1)


def fast_path_source(indicators: Sequence[IndicatorPlan], later: Sequence[int] = ()) -> str:
    """The source of the fast-path function ``fast(F, J)`` for ``indicators``, and of
    ``explain_short(E, results, short)``, which explains those it lists but the ``later``
    ones (scored after the others, as they read their results).

    ``explain_short`` reads the indicators' plans as ``S0``, ``S1``... and their
    explainers as ``X0``, ``X1``... from its namespace."""
    from .plan import _Names

    names = _Names()
    lines = ["def fast(F, J):", "    out = []"]
    short = [
        "def explain_short(E, results, short):",
        "    F = E.facts.get",
        "    J = E.judgements.get",
    ]
    for index, item in enumerate(indicators):
        judged = f"j{index}" if item.assessed else "None"
        test = item.met_source(names, judged)
        for found in (lines, short):
            found.append(f"    # {index}: {item.id!r}")
        # an indicator that may find itself not applicable is explained through its
        # ``explain``, which says so; the others by their explainer alone
        direct = f"X{index}(S{index}, E, None, F, {judged})"
        call = direct if item.direct else f"S{index}.explain(E)"
        explained = [f"r = {call}", "if r.status is not MET_STATUS:"]
        explained += [f"    results[{index}] = r", f"    short.append({index})"]
        if index in later:
            explained = ["pass  # scored after the others"]
        if item.assessed:
            short.append(f"    {judged} = J({item.id!r})")
        if test is None:
            lines.append(f"    out.append({index})  # always explained in full")
            short += [f"    {line}" for line in explained]
            continue
        if item.assessed:
            lines.append(f"    {judged} = J({item.id!r})")
        for found in (lines, short):
            found.append(f"    if not ({test}):")
        lines.append(f"        out.append({index})")
        short += [f"        {line}" for line in explained]
    lines.append("    return out")
    return "\n".join(lines + short) + "\n"


def build_fast_path(
    indicators: Sequence[IndicatorPlan], name: str, later: Sequence[int] = ()
) -> tuple[FastPath, ExplainShort, str, str]:
    """Compile the fast path for ``indicators``; return ``fast``, ``explain_short``, their
    source and file name.

    The source is registered in :mod:`linecache` as ``<fast path NAME #N>``; the caller
    removes it with :func:`forget_source` when the function is no longer used.
    """
    from .scorecard import IndicatorStatus

    source = fast_path_source(indicators, later)
    filename = f"<fast path {name} #{next(_SERIAL)}>"
    namespace: dict[str, Any] = {"MET": JudgementResult.MET, "MET_STATUS": IndicatorStatus.MET}
    for index, item in enumerate(indicators):
        namespace[f"S{index}"], namespace[f"X{index}"] = item, item.explainer
    exec(compile(source, filename, "exec"), namespace)  # only ids, keys and integers
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    fast: FastPath = namespace["fast"]
    fast.__qualname__ = f"fast path of {name}"
    explain_short: ExplainShort = namespace["explain_short"]
    explain_short.__qualname__ = f"explaining path of {name}"
    return fast, explain_short, source, filename


def forget_source(filename: str) -> None:
    """Remove a fast path's source from :mod:`linecache`."""
    linecache.cache.pop(filename, None)
