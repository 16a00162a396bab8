"""A generated function listing the indicators whose checks are not all plainly met.

Scoring most communities finds most indicators fully met. For those the scorecard entry
is always the same, so the scorer only needs a yes or no, which this module computes
with one generated Python function per standard: plain comparisons of exact integers
and booleans, no calls. Anything else (a check failed, a fact missing, a judgement
other than "met", a not-applicable claim) goes through the full, explaining path.

The generated source is built only from ``repr`` of fact keys and indicator ids and from
integers, so no text from a standard file can become code.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..model.evidence import JudgementResult

__all__ = ["FastPath", "build_fast_path"]

#: ``(facts.get, judgements.get) -> list[int]``: the positions of the indicators that are
#: not plainly met and need the full explanation.
FastPath = Callable[[Callable[[str], Any], Callable[[str], Any]], list[int]]

_BOOL, _RANGE, _RATIO, _ALL, _ANY, _ASSESSED = range(6)


class _Names:
    def __init__(self) -> None:
        self.count = 0

    def new(self) -> str:
        self.count += 1
        return f"v{self.count}"


def _bounds(value: str, per: str | None, low: Any, high: Any) -> list[str]:
    # value / per  against  num / den, in integers: values may be ints or Fractions, and
    # ints have .numerator and .denominator too.
    top = f"{value}.numerator" if per is None else f"{value}.numerator * {per}.denominator"
    bottom = f"{value}.denominator" if per is None else f"{value}.denominator * {per}.numerator"
    parts = []
    for bound, op in ((low, ">="), (high, "<=")):
        if bound is None:
            continue
        left = f"{top} * {int(bound.den)}" if bound.den != 1 else top
        parts.append(f"{left} {op} {int(bound.num)} * {bottom}")
    return parts


def _expression(check: Any, names: _Names, judged: str) -> str:
    code = check.code
    if code == _BOOL:
        return f"(F({check.first!r}) is {bool(check.expected)!r})"
    if code == _RANGE:
        v = names.new()
        tests = _bounds(v, None, check.low, check.high)
        return f"(({v} := F({check.first!r})) is not None and {' and '.join(tests)})"
    if code == _RATIO:
        n, d = names.new(), names.new()
        tests = _bounds(n, d, check.low, check.high)
        return (
            f"(({n} := F({check.first!r})) is not None and ({d} := F({check.second!r})) is not None "
            f"and {d} > 0 and {' and '.join(tests)})"
        )
    if code == _ASSESSED:
        return f"({judged} is not None and {judged}.result is MET)"
    inner = [_expression(c, names, judged) for c in check.inner]
    joiner = " and " if code == _ALL else " or "
    return "(" + joiner.join(inner) + ")"


def _has_assessed(check: Any) -> bool:
    return check.code == _ASSESSED or any(_has_assessed(c) for c in check.inner)


def build_fast_path(indicators: Sequence[Any]) -> FastPath:
    """Generate the predicate for compiled indicator plans (see :mod:`._scoring`)."""
    names = _Names()
    lines = ["def fast(F, J):", "    out = []"]
    for index, item in enumerate(indicators):
        if item.deductions or item.na_when is not None or (item.proportional and not item.checks):
            lines.append(f"    out.append({index})")  # always explained in full
            continue
        judged = "None"
        if any(_has_assessed(check) for check in item.checks):
            judged = f"j{index}"
            lines.append(f"    {judged} = J({item.id!r})")
        tests = [_expression(check, names, judged) for check in item.checks] or ["True"]
        lines.append(f"    if not ({' and '.join(tests)}):")
        lines.append(f"        out.append({index})")
    lines.append("    return out")
    namespace: dict[str, Any] = {"MET": JudgementResult.MET}
    exec(compile("\n".join(lines), "<community_standards fast path>", "exec"), namespace)
    fast: FastPath = namespace["fast"]
    return fast
