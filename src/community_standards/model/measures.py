"""What a limit or a ratio of two facts is measured in: shared by validation, scoring and diffs.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from fractions import Fraction

from ..units.convert import conversion_factor
from .standard import Fact, Limit

__all__ = ["limit_in", "ratio_unit"]


def ratio_unit(numerator: Fact, denominator: Fact) -> str:
    """The unit a ratio of two facts is compared in (``""`` when the units cancel)."""
    if numerator.unit == denominator.unit:
        return ""
    top = numerator.unit or "1"
    bottom = denominator.unit or "1"
    return top if bottom == "1" else f"{top}/({bottom})" if "/" in bottom else f"{top}/{bottom}"


def limit_in(limit: Limit, unit: str) -> Fraction:
    """Return ``limit`` as a magnitude in ``unit`` (a bare number is already in it)."""
    if not limit.unit:
        return limit.value
    return limit.value * conversion_factor(limit.unit, unit)
