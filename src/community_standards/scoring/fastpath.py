"""The fast path: one generated function per plan listing the indicators not plainly met.

Scoring most communities finds most indicators fully met, and for those the scorecard
entry is always the same. The fast path joins the nodes' own
:meth:`~community_standards.scoring.plan.CheckNode.met_source` expressions into one
Python function of plain comparisons of exact integers and booleans; every indicator it
does not find plainly met is explained by the nodes' ``credit`` (the same comparisons,
see :data:`~community_standards.scoring.plan.COMPARISONS`).

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

__all__ = ["FastPath", "build_fast_path", "fast_path_source", "forget_source"]

#: ``(facts.get, judgements.get) -> list[int]``: the positions of the indicators that are
#: not plainly met and need the full explanation.
FastPath = Callable[[Callable[[str], Any], Callable[[str], Any]], list[int]]

_SERIAL = itertools.count(1)


def fast_path_source(indicators: Sequence[IndicatorPlan]) -> str:
    """The source of the fast-path function ``fast(F, J)`` for ``indicators``."""
    from .plan import _Names

    names = _Names()
    lines = ["def fast(F, J):", "    out = []"]
    for index, item in enumerate(indicators):
        judged = f"j{index}" if item.assessed else "None"
        test = item.met_source(names, judged)
        lines.append(f"    # {index}: {item.id!r}")
        if test is None:
            lines.append(f"    out.append({index})  # always explained in full")
            continue
        if item.assessed:
            lines.append(f"    {judged} = J({item.id!r})")
        lines.append(f"    if not ({test}):")
        lines.append(f"        out.append({index})")
    lines.append("    return out")
    return "\n".join(lines) + "\n"


def build_fast_path(indicators: Sequence[IndicatorPlan], name: str) -> tuple[FastPath, str, str]:
    """Compile the fast path for ``indicators``; return the function, its source and file name.

    The source is registered in :mod:`linecache` as ``<fast path NAME #N>``; the caller
    removes it with :func:`forget_source` when the function is no longer used.
    """
    source = fast_path_source(indicators)
    filename = f"<fast path {name} #{next(_SERIAL)}>"
    namespace: dict[str, Any] = {"MET": JudgementResult.MET}
    exec(compile(source, filename, "exec"), namespace)  # only ids, keys and integers
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    fast: FastPath = namespace["fast"]
    fast.__qualname__ = f"fast path of {name}"
    return fast, source, filename


def forget_source(filename: str) -> None:
    """Remove a fast path's source from :mod:`linecache`."""
    linecache.cache.pop(filename, None)
