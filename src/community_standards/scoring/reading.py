"""Reading evidence for scoring, and strict mode: no applicable rule may wait for a fact.

The readers of :mod:`community_standards.formats.evidence` check a document against a
standard and convert its facts. Strict mode asks more, and asks it of the scoring plan
(:mod:`.plan`), so that it follows the rules exactly as scoring applies them: a fact is
demanded when an indicator that applies is left *not assessed* for want of it. A fact
that no applicable rule waits for is not demanded:

* the facts of an indicator that does not apply (its condition met, or claimed);
* the other facts of an ``any_of`` whose one check is met, or of an ``all_of`` (or an
  ``award = "all"`` indicator) that another check already fails;
* a fact read by no indicator at all.

The facts of a not-applicable condition are demanded while they could make the
indicator not apply (its condition neither met nor failed without them).

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..formats import evidence as reader
from ..messages.catalogue import problem
from ..model.errors import Problem
from ..model.evidence import Evidence, FactValue
from ..model.standard import TOTAL_POOL, Standard
from .evaluate import compile_standard
from .plan import (
    _NO_JUDGEMENT,
    AllOfNode,
    AnyOfNode,
    BooleanNode,
    CheckNode,
    DeductionNode,
    IndicatorPlan,
    NotApplicableSignal,
    RangeNode,
    RatioNode,
    ScoringPlan,
    _Context,
)
from .scorecard import IndicatorStatus

__all__ = ["evidence_from_dict", "load_evidence", "loads_evidence", "missing_facts"]


def _wanted(node: CheckNode, facts: Mapping[str, FactValue], context: _Context) -> list[str]:
    """The missing facts ``node``'s credit waits for: none when its credit is known;
    else those its nested checks without a credit wait for, or a leaf's own."""
    try:
        credit = node.credit(facts, context, [])
    except NotApplicableSignal:
        return []
    if credit is not None:
        return []
    if isinstance(node, AllOfNode | AnyOfNode):
        return [key for inner in node.checks for key in _wanted(inner, facts, context)]
    if isinstance(node, RatioNode):
        keys: tuple[str, ...] = (node.numerator, node.denominator)
    elif isinstance(node, BooleanNode | RangeNode):
        keys = (node.fact,)
    else:  # an assessed check waits for a judgement, not a fact
        keys = ()
    return [key for key in keys if facts.get(key) is None]


def _waits_for(item: IndicatorPlan, evidence: Evidence) -> list[str]:
    """The missing facts ``item``'s result waits for under ``evidence``."""
    result = item.explain(evidence)
    if result.status is IndicatorStatus.NOT_APPLICABLE:
        return []
    facts = evidence.facts
    keys: list[str] = []
    if result.status is IndicatorStatus.NOT_ASSESSED:
        context = (
            _Context(evidence.judgements.get(item.id), item.partial, item.maximum)
            if item.assessed
            else _NO_JUDGEMENT
        )
        for node in item.checks:
            keys += _wanted(node, facts, context)
        for deduction in item.deductions:
            if deduction.when is not None:
                keys += _wanted(deduction.when, facts, _NO_JUDGEMENT)
            elif facts.get(deduction.fact) is None:
                keys.append(deduction.fact)
        keys += _amounts_wanted(item, evidence)
        if item.bands is not None:
            read = (item.bands.numerator, item.bands.denominator)
            keys += [key for key in read if key is not None and facts.get(key) is None]
    condition = item.not_applicable_when
    if condition is not None and item.id not in evidence.not_applicable:
        # neither met nor failed: it may yet make the indicator not apply
        keys += _wanted(condition, facts, _NO_JUDGEMENT)
    return keys


def amount_key(item: IndicatorPlan, deduction: DeductionNode) -> str:
    """The key :func:`missing_facts` names a ranged deduction's amount by:
    ``deductions.<indicator id>.<deduction id>``.

    .. versionadded:: 0.2.0
    """
    return f"deductions.{item.id}.{deduction.id}"


def _applies(deduction: DeductionNode, facts: Mapping[str, FactValue]) -> int | Fraction | None:
    """How many times a deduction applies for ``facts``: its count, 1 for a trigger met, 0
    when it does not, ``None`` when that is not known."""
    if deduction.when is not None:
        try:
            credit = deduction.when.credit(facts, _NO_JUDGEMENT, [])
        except NotApplicableSignal:
            return None
        return None if credit is None else 1 if credit == 1 else 0
    count = facts.get(deduction.fact)
    return None if count is None or isinstance(count, bool) else count


def _amounts_wanted(item: IndicatorPlan, evidence: Evidence) -> list[str]:
    """The assessor's amounts ``item`` waits for: of each ranged deduction that applies."""
    if not item.ranged:
        return []
    given = evidence.deductions.get(item.id, {})
    return [
        amount_key(item, deduction)
        for deduction in item.deductions
        if deduction.span is not None
        and deduction.id not in given
        and _applies(deduction, evidence.facts)
    ]


def _pools(plan: ScoringPlan) -> list[tuple[str, tuple[DeductionNode, ...]]]:
    """Each deduction pool's owner (a category's id, or ``"total"``) and its deductions."""
    pools = [(plan.categories[c].id, plan.categories[c].deductions) for c in plan.pools]
    pools.append((TOTAL_POOL, plan.deductions))
    return pools


def _pool_facts_wanted(plan: ScoringPlan, evidence: Evidence) -> list[tuple[str, str]]:
    """The missing facts the deduction pools wait for (key, pool): a count, or what a
    trigger's check waits for (a pool whose evidence is missing is taken to its floor)."""
    facts = evidence.facts
    wanted = []
    for owner, deductions in _pools(plan):
        for deduction in deductions:
            if deduction.when is not None:
                keys = _wanted(deduction.when, facts, _NO_JUDGEMENT)
            else:
                keys = [deduction.fact] if facts.get(deduction.fact) is None else []
            wanted += [(key, owner) for key in keys]
    return wanted


def _pools_wanted(plan: ScoringPlan, evidence: Evidence) -> list[tuple[str, str, DeductionNode]]:
    """The assessor's amounts the deduction pools wait for (key, pool, deduction): of each
    ranged deduction of a category's pool or of the total that applies."""
    wanted = []
    for owner, deductions in _pools(plan):
        given = evidence.deductions.get(owner, {})
        for deduction in deductions:
            if (
                deduction.span is not None
                and deduction.id not in given
                and _applies(deduction, evidence.facts)
            ):
                wanted.append((f"deductions.{owner}.{deduction.id}", owner, deduction))
    return wanted


def missing_facts(standard: Standard, evidence: Evidence) -> dict[str, tuple[str, ...]]:
    """The facts missing from ``evidence`` that an applicable rule of ``standard`` waits
    for, each with the ids of the indicators waiting (strict mode's demand).

    The facts a category's deduction pool or the deductions from the total wait for are
    named too, waited for by the category's id or by ``"total"``. The assessor's amount of
    a deduction left to the assessor (its points a range) that applies is named as
    ``deductions.<indicator id>.<deduction id>``; one of a category's deduction pool as
    ``deductions.<category id>.<deduction id>``, waited for by the category's id, and one
    of the deductions from the total as ``deductions.total.<deduction id>``, waited for by
    ``"total"``.

    .. versionchanged:: 0.2.0
       the facts the deduction pools wait for.

    .. versionadded:: 0.2.0
    """
    found: dict[str, list[str]] = {}
    plan = compile_standard(standard)
    for item in plan.indicators:
        for key in dict.fromkeys(_waits_for(item, evidence)):
            found.setdefault(key, []).append(item.id)
    for key, owner in dict.fromkeys(_pool_facts_wanted(plan, evidence)):
        found.setdefault(key, []).append(owner)
    for key, owner, _ in _pools_wanted(plan, evidence):
        found.setdefault(key, []).append(owner)
    return {key: tuple(ids) for key, ids in found.items()}


def strict_problems(standard: Standard, evidence: Evidence) -> list[Problem]:
    """One problem per fact :func:`missing_facts` finds, at ``facts.KEY``, naming the
    indicators that read it.

    .. versionadded:: 0.2.0
    """
    numbers = {indicator.id: indicator.number for _, indicator in standard.indicators()}
    declared = {fact.key for fact in standard.facts}
    plan = compile_standard(standard)
    ranged = {
        amount_key(item, deduction): (item, deduction)
        for item in plan.indicators
        for deduction in item.deductions
        if deduction.span is not None
    }
    pooled = {key: (owner, d) for key, owner, d in _pools_wanted(plan, evidence)}
    found: list[Problem] = []
    for key, ids in missing_facts(standard, evidence).items():
        if key in pooled and key not in declared and key not in ranged:
            owner, deduction = pooled[key]
            least, most = deduction.bounds(_applies(deduction, evidence.facts) or 1)
            found.append(
                problem(
                    key,
                    "the assessor's amount of deduction {deduction!r} of the deduction pool "
                    "{pool!r} is missing (strict mode): from {least} to {most} points",
                    deduction=deduction.id,
                    pool=owner,
                    least=least,
                    most=most,
                )
            )
            continue
        if key in ranged and key not in declared:
            item, deduction = ranged[key]
            least, most = deduction.bounds(_applies(deduction, evidence.facts) or 1)
            found.append(
                problem(
                    key,
                    "the assessor's amount of deduction {deduction!r} of indicator {number} "
                    "is missing (strict mode): from {least} to {most} points",
                    deduction=deduction.id,
                    number=item.number,
                    least=least,
                    most=most,
                )
            )
            continue
        readers = [numbers[i] for i in ids if i in numbers]
        if not readers:  # waited for by deduction pools alone
            found.append(
                problem(
                    "facts." + key,
                    "fact {key!r} is missing (strict mode); the deduction pool {pools} reads it",
                    key=key,
                    pools=", ".join(repr(i) for i in ids),
                )
            )
            continue
        found.append(
            problem(
                "facts." + key,  # a path, not a sentence (an f-string here defeats extraction)
                "fact {key!r} is missing (strict mode); indicator {numbers} reads it",
                key=key,
                numbers=", ".join(readers),
            )
        )
    return found


def strict_check(standard: Standard, strict: bool) -> Any:
    """Strict mode's check of evidence read for ``standard`` (``None`` when not ``strict``)."""
    return functools.partial(strict_problems, standard) if strict else None


def evidence_from_dict(
    data: Mapping[str, Any], standard: Standard, source: str = "<data>", *, strict: bool = False
) -> Evidence:
    """Check an evidence document against ``standard`` and normalise its facts.

    With ``strict``, a missing fact that an applicable rule waits for is an error too
    (:func:`missing_facts`), reported with the document's other problems. A document read
    from a workbook names, in its problems, the cells the values came from.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``strict`` demands only the facts the applicable rules wait for.
    """
    return reader.evidence_from_dict(data, standard, source, check=strict_check(standard, strict))


def load_evidence(
    path: str | os.PathLike[str], standard: Standard, *, strict: bool = False
) -> Evidence:
    """Read an evidence file (TOML; JSON or ``.xlsx`` by suffix) and check it against
    ``standard`` (``strict`` as in :func:`evidence_from_dict`).

    .. versionadded:: 0.1.0
    """
    return reader.load_evidence(path, standard, check=strict_check(standard, strict))


def loads_evidence(
    text: str | bytes,
    standard: Standard,
    source: str = "<string>",
    *,
    fmt: str = "toml",
    strict: bool = False,
) -> Evidence:
    """Read evidence from TOML (or JSON) text and check it against ``standard`` (``strict``
    as in :func:`evidence_from_dict`).

    .. versionadded:: 0.1.0
    """
    return reader.loads_evidence(
        text, standard, source, fmt=fmt, check=strict_check(standard, strict)
    )
