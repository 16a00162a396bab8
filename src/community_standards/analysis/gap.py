"""What to fix: the points a community still lacks and the smallest set of fixes reaching a target.

For every indicator not fully earned, :func:`gap` works out the smallest change of the
evidence that earns it fully (a fact raised to its limit, a yes/no made true, a judgement
of *met*, missing evidence given) and checks it by scoring the changed evidence. Sets of
fixes are judged by scoring too, with the library's own :func:`~community_standards.score`,
so every rule of the standard (vetoes, prerequisites, weights, rescaling, tiers) counts
exactly as scoring defines it.

The smallest set has the fewest indicators; among those, the smallest change (each yes/no,
judgement or missing fact counts 1, a number its relative change). When every fix touches
only facts its own indicator reads and the standard uses only additive rules, the points of
a set are the sum of its fixes' points and the set is found exactly by a small dynamic
programme. Where categories count their indicators together (groups, alternatives, caps,
bonus categories), the total is still a sum over categories: every set of each category's
fixes is scored (up to ``CATEGORY_LIMIT`` fixes a category) and the same programme
chooses among them, exactly. Otherwise sets are scored one by one in order of size, up to
a bound, and the result says whether the search was complete (``exact``).

A strict bound asks for the next value a person can reach past it: a count's next whole
number, a quantity's next multiple of its fact's ``step``; a quantity with no step gets
"more than x" in words, checked with a value just past the bound (:class:`Edit`).

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from ..messages.amounts import unit_words
from ..messages.catalogue import NC_, translate_words
from ..model.errors import CommunityStandardsError, Problem
from ..model.evidence import Evidence, FactValue, Judgement, JudgementResult
from ..model.measures import limit_in, ratio_unit
from ..model.standard import (
    Aggregation,
    AllOf,
    AnyOf,
    AssessedCheck,
    Award,
    BandEffect,
    BandStep,
    BandTable,
    BooleanCheck,
    Category,
    Check,
    Condition,
    Deduction,
    Fact,
    FactKind,
    FrequencyCheck,
    Indicator,
    Limit,
    NotApplicablePolicy,
    RatioCheck,
    Role,
    Standard,
    Text,
    ThresholdCheck,
    Tier,
    ZeroDenominator,
    check_facts,
    condition_check,
    deduction_facts,
)
from ..scoring.evaluate import score
from ..scoring.scorecard import IndicatorStatus, Scorecard
from ..units.numbers import show_number

__all__ = ["Edit", "Fix", "Gap", "Target", "apply_fixes", "gap", "gap_to_dict", "parse_target"]

#: How many sets of fixes the general search scores at most before it stops (``exact`` false).
SEARCH_LIMIT = 20_000


@attrs.frozen(kw_only=True)
class Target:
    """What is aimed at: passing, a tier, or a number of points.

    ``kind`` is ``"pass"``, ``"tier"`` or ``"points"``; ``points`` the total aimed at.

    .. versionadded:: 0.2.0
    """

    kind: str
    points: Fraction
    tier: str | None = None

    @property
    def name(self) -> str:
        """``pass``, the tier's id, or the points."""
        if self.kind == "tier":
            return self.tier or ""
        return "pass" if self.kind == "pass" else show_number(self.points)

    def reached(self, card: Scorecard, standard: Standard) -> bool:
        """Whether ``card`` reaches this target under ``standard``."""
        if self.kind == "pass":
            return card.passed
        if self.kind == "tier":
            if card.tier is None:
                return False
            minima = {tier.id: Fraction(tier.minimum) for tier in standard.tiers}
            return minima.get(card.tier, Fraction(-1)) >= self.points
        return card.total >= self.points


def parse_target(standard: Standard, text: str = "pass") -> Target:
    """Read ``pass``, a tier's id or a number of points as a :class:`Target` of ``standard``.

    .. versionadded:: 0.2.0
    """
    if text == "pass":
        return Target(kind="pass", points=Fraction(standard.pass_mark))
    for tier in standard.tiers:
        if tier.id == text:
            return Target(kind="tier", points=Fraction(tier.minimum), tier=tier.id)
    try:
        points = Fraction(text)
    except (ValueError, ZeroDivisionError):
        choices = ", ".join(["pass", *(tier.id for tier in standard.tiers)])
        message = f"unknown target {text!r}; expected one of {choices}, or a number of points"
        raise CommunityStandardsError(standard.ref, Problem("target", message)) from None
    return Target(kind="points", points=points)


#: The frames of the changes a gap proposes, by name: (context, English).
_FRAMES: dict[str, tuple[str, str]] = {
    "give past": NC_("gap", "give the evidence: {subject} ({key}), {new} needed, for {why}"),
    "change": NC_("gap", "{subject} {old} → {new}, for {why}"),
    "give yes": NC_("gap", "give the evidence: {subject} ({key}) must be {yes}"),
    "make it so": NC_("gap", "make it so: {why}"),
    "make it not": NC_("gap", 'make it so: {why} ("{subject}" must be no)'),
    "give amount": NC_("gap", "give the evidence: {subject} ({key}), {amount} needed, for {why}"),
    "give judgement": NC_("gap", "give the assessor's judgement: {label} (to be judged met)"),
    "judge met": NC_("gap", "to be judged met: {label}"),
    "withdraw": NC_("gap", "withdraw the not-applicable claim and meet the requirement"),
    "to zero": NC_("gap", "{label} {old} → 0"),
    "not given": NC_("gap", "not given"),
    "more_than": NC_("gap", "more than {amount}"),
    "less_than": NC_("gap", "less than {amount}"),
    "yes": NC_("gap", "yes"),
    "no": NC_("gap", "no"),
    "why note": NC_("gap", "{why}: {note}"),
    "top band": NC_("gap", "the top band, {points} points"),
    "band": NC_("gap", "band {k} of {count}, {points} points"),
    "band off": NC_("gap", "at most {off} points off (band {k})"),
    "no points off": NC_("gap", "no points off"),
    "nothing found": NC_("gap", "no change of the evidence found that earns it fully"),
    "and": NC_("gap", "; "),
}


def _frames(language: str) -> dict[str, str]:
    return translate_words(language, _FRAMES)


@attrs.frozen
class _Amount:
    """A number with its fact's unit, written in the language of the sentence."""

    value: FactValue | Fraction
    unit: str


@attrs.frozen
class _Words:
    """A sentence of a gap in any language: the name of its frame and the values it names
    (texts of the standard, numbers, amounts, other sentences)."""

    sentence: str
    params: tuple[tuple[str, Any], ...] = ()

    def get(self, language: str) -> str:
        """The sentence in ``language``."""
        frames = _frames(language)
        return frames[self.sentence].format(
            **{name: _said(value, language, frames) for name, value in self.params}
        )


def _words(sentence: str, **params: Any) -> _Words:
    return _Words(sentence, tuple(params.items()))


@attrs.frozen
class _Why:
    """The requirement a change is for: a check of the standard, or a fact's description,
    with a note after it (the band aimed at)."""

    check: Any = None
    facts: tuple[tuple[str, Fact], ...] = ()
    text: Text | None = None
    note: _Words | None = None

    def get(self, language: str) -> str:
        if self.text is not None:
            base = self.text.get(language)
        else:
            base = _requirement(self.check, dict(self.facts), language)
        if self.note is None:
            return base
        return _frames(language)["why note"].format(why=base, note=self.note.get(language))


def _facts_of(check: Any, facts: Mapping[str, Fact]) -> tuple[tuple[str, Fact], ...]:
    """The facts ``check`` reads, for its words (as values, so that edits compare by value)."""
    return tuple((key, facts[key]) for key in dict.fromkeys(check_facts(check)) if key in facts)


def _said(value: Any, language: str, frames: Mapping[str, str]) -> str:
    if isinstance(value, Text | _Words | _Why):
        return value.get(language)
    if isinstance(value, _Amount):
        return _amount(value.value, value.unit, language)
    if isinstance(value, bool):
        return frames["yes" if value else "no"]
    return str(value)


@attrs.frozen(kw_only=True)
class Edit:
    """One change of the evidence: a fact's value, a judgement, or a not-applicable claim.

    ``kind`` is ``"fact"`` (``key`` a fact key, ``before`` its value or None when missing,
    ``after`` the new value), ``"judgement"`` (``key`` an indicator id, ``after`` ``met``) or
    ``"claim"`` (``key`` an indicator id whose not-applicable claim is withdrawn).
    ``sentence`` names the frame that says it and ``data`` the values the frame names (the
    fact, amounts in its unit, the requirement); :meth:`get`, :attr:`zh` and :attr:`en`
    write it in a language, through the message catalogue.

    ``past`` is ``"more_than"`` or ``"less_than"`` when the change is "more than
    ``bound``" (or less) of a quantity with no declared step: ``after`` is then only a
    value just past the bound that the fix was checked with, and the words give the bound.

    .. versionchanged:: 0.2.0
       ``past`` and ``bound``, for strict bounds.

    .. versionadded:: 0.2.0
    """

    kind: str
    key: str
    before: Any
    after: Any
    sentence: str
    data: tuple[tuple[str, Any], ...] = ()
    past: str = ""
    bound: Fraction | None = None

    @property
    def cost(self) -> Fraction:
        """How big the change is: 1 for a yes/no, a judgement, a claim or a missing number;
        a number's relative change (between 0 and 1) otherwise."""
        before, after = self.before, self.after
        if (
            self.kind != "fact"
            or before is None
            or isinstance(before, bool)
            or isinstance(after, bool)
        ):
            return Fraction(1)
        size = max(abs(Fraction(before)), abs(Fraction(after)))
        return Fraction(1) if not size else abs(Fraction(after) - Fraction(before)) / size

    def get(self, language: str) -> str:
        """The change in ``language``."""
        return _Words(self.sentence, self.data).get(language)

    @property
    def zh(self) -> str:
        """The change in Chinese."""
        return self.get("zh")

    @property
    def en(self) -> str:
        """The change in English."""
        return self.get("en")


@attrs.frozen(kw_only=True)
class Fix:
    """What would earn one indicator fully: the changes, their size, and what they recover.

    ``points`` is what the indicator lacks (its maximum less its award); ``gain`` what the
    total rises by when this fix alone is applied (scored), so weights and rescaling count.
    ``fixable`` is false when no change of the evidence was found that earns it fully.

    An indicator graded by a band table has one fix per band better than the one it is
    in: the fix that earns it fully (the best band) and, after it, a fix for each band
    between (``partial`` true; ``earns`` the points of that band, ``points`` what it adds).
    A plan takes at most one fix of an indicator.

    .. versionchanged:: 0.2.0
       ``partial`` and ``earns``, for band tables.

    .. versionadded:: 0.2.0
    """

    indicator: str
    number: str
    category: str
    status: IndicatorStatus
    role: str
    points: Fraction
    gain: Fraction
    edits: tuple[Edit, ...]
    departments: tuple[str, ...]
    fixable: bool = True
    partial: bool = False
    earns: Fraction | None = None

    @property
    def cost(self) -> Fraction:
        """The size of the change (the sum of its edits' costs)."""
        return sum((edit.cost for edit in self.edits), Fraction(0))

    @property
    def missing(self) -> bool:
        """Whether the indicator is not assessed: its evidence is missing."""
        return self.status is IndicatorStatus.NOT_ASSESSED

    def change(self, language: str) -> str:
        """What must change, in words."""
        frames = _frames(language)
        if not self.edits:
            return frames["nothing found"]
        return frames["and"].join(edit.get(language) for edit in self.edits)


@attrs.frozen(kw_only=True)
class Gap:
    """The result of :func:`gap`: the target, the points short, every fix, the smallest set.

    ``plan`` lists the indicator ids of the smallest set of fixes reaching the target
    (empty when it is reached already), ``chosen`` those fixes themselves (for a band
    table, the band aimed at); ``reaches`` is false when no set of the fixes
    reaches it; ``exact`` is false only when the general search stopped at its limit.
    ``after`` is the scorecard with the plan applied. ``warnings`` are the evidence's
    implausible values (:attr:`~community_standards.Evidence.warnings`): a fix worked out
    from a misread value is worth checking first.

    .. versionadded:: 0.2.0
    """

    standard: Standard
    card: Scorecard
    target: Target
    short: Fraction
    fixes: tuple[Fix, ...]
    plan: tuple[str, ...]
    reaches: bool
    exact: bool
    after: Scorecard
    searched: int = 0
    warnings: tuple[Problem, ...] = ()
    chosen: tuple[Fix, ...] = ()

    @property
    def reached(self) -> bool:
        """Whether the target is reached already."""
        return self.target.reached(self.card, self.standard)


# ---------------------------------------------------------------- numbers in words


def _num(value: FactValue | Fraction) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    exact = Fraction(value)
    if exact.denominator == 1 and abs(exact) >= 1000:
        return f"{exact.numerator:,}"
    return show_number(exact)


def _amount(value: FactValue | Fraction, unit: str, language: str) -> str:
    label = unit_words(unit, language, None if isinstance(value, bool) else Fraction(value))
    text = _num(value)
    if label in ("", "1"):
        return text
    if label == "%":
        return f"{text} %"
    return f"{text} {label}"


def _requirement(check: Check, facts: Mapping[str, Fact], language: str) -> str:
    from ..messages.checks import describe_check

    label = getattr(check, "label", None)
    if isinstance(label, Text):
        return label.get(language)
    return describe_check(check, dict(facts), language)


def _share(fact: Fact) -> bool:
    """Whether ``fact`` is a plain share between 0 and 1 (shown as a percentage)."""
    return fact.unit == "" and fact.maximum == 1 and fact.kind is FactKind.QUANTITY


def _fact_edit(
    fact: Fact,
    before: FactValue | None,
    after: FactValue,
    why: _Why,
    past: tuple[str, Fraction] | None = None,
) -> Edit:
    """The edit setting ``fact`` to ``after``, in words; ``why`` is the requirement;
    ``past`` the open bound ``after`` is just beyond (the words then name the bound)."""
    subject, key = fact.description, fact.key
    words: _Words
    if past is not None and not isinstance(after, bool):
        side, bound = past
        if _share(fact):
            new = _words(side, amount=f"{_num(bound * 100)} %")
            old = None if before is None else f"{_num(Fraction(before) * 100)} %"
        else:
            new = _words(side, amount=_Amount(bound, fact.unit))
            old = None if before is None else _num(before)
        if old is None:
            words = _words("give past", subject=subject, key=key, new=new, why=why)
        else:
            words = _words("change", subject=subject, old=old, new=new, why=why)
        return Edit(
            kind="fact",
            key=key,
            before=before,
            after=after,
            sentence=words.sentence,
            data=words.params,
            past=side,
            bound=bound,
        )
    if isinstance(after, bool):
        if before is None:
            words = _words("give yes", subject=subject, key=key, yes=after)
        elif after:
            words = _words("make it so", why=why)
        else:
            words = _words("make it not", why=why, subject=subject)
        return Edit(
            kind="fact",
            key=key,
            before=before,
            after=after,
            sentence=words.sentence,
            data=words.params,
        )
    if before is None:
        amount = _Amount(after, fact.unit)
        words = _words("give amount", subject=subject, key=key, amount=amount, why=why)
    elif _share(fact):
        was, now = f"{_num(Fraction(before) * 100)} %", f"{_num(Fraction(after) * 100)} %"
        words = _words("change", subject=subject, old=was, new=now, why=why)
    else:
        new_amount = _Amount(after, fact.unit)
        words = _words("change", subject=subject, old=_num(before), new=new_amount, why=why)
    return Edit(
        kind="fact", key=key, before=before, after=after, sentence=words.sentence, data=words.params
    )


# ---------------------------------------------------------------- satisfying one check


class _Work:
    """The evidence being changed for one indicator: facts, judgement, edits in order."""

    def __init__(self, standard: Standard, evidence: Evidence, indicator: Indicator) -> None:
        self.standard = standard
        self.facts_by_key = {fact.key: fact for fact in standard.facts}
        self.values: dict[str, FactValue] = dict(evidence.facts)
        self.indicator = indicator
        self.judgement = evidence.judgements.get(indicator.id)
        self.edits: dict[tuple[str, str], Edit] = {}
        self.ok = True

    def copy(self) -> _Work:
        other = _Work.__new__(_Work)
        other.standard, other.facts_by_key = self.standard, self.facts_by_key
        other.values, other.indicator = dict(self.values), self.indicator
        other.judgement, other.edits, other.ok = self.judgement, dict(self.edits), self.ok
        return other

    def set(
        self,
        key: str,
        value: FactValue,
        why: _Why,
        past: tuple[str, Fraction] | None = None,
    ) -> None:
        fact = self.facts_by_key[key]
        previous = self.edits.get(("fact", key))
        before = previous.before if previous is not None else self.values.get(key)
        self.values[key] = value
        self.edits[("fact", key)] = _fact_edit(fact, before, value, why, past)

    def cost(self) -> Fraction:
        return sum((edit.cost for edit in self.edits.values()), Fraction(0))


@attrs.frozen(kw_only=True)
class _Range:
    """Where a value must lie: from ``low`` to ``high``, each bound open (strict) or not."""

    low: Fraction | None = None
    high: Fraction | None = None
    low_open: bool = False
    high_open: bool = False

    def holds(self, value: Fraction) -> bool:
        """Whether ``value`` lies in the range."""
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            return False
        return self.high is None or not (
            value > self.high or (self.high_open and value == self.high)
        )

    def empty(self) -> bool:
        """Whether no value lies in the range."""
        if self.low is None or self.high is None:
            return False
        return self.low > self.high or (self.low == self.high and (self.low_open or self.high_open))


#: How many decimal places a bound may have before the open-bound nudge stops looking.
_PLACES = 6


def _beyond(bound: Fraction, direction: int, other: Fraction | None, other_open: bool) -> Fraction:
    """A value just past the open ``bound`` (upwards for ``direction`` 1) where no step is
    declared: the bound with one decimal place more than it is written with, 1 in that
    place (85 → 85.1, 0.85 → 0.851), made ten times smaller until it is short of ``other``."""
    places = next((k for k in range(_PLACES + 1) if (bound * 10**k).denominator == 1), _PLACES)
    nudge = Fraction(1, 10 ** (places + 1))
    value = bound + direction * nudge
    while other is not None and (
        (value - other) * direction > 0 or (other_open and value == other)
    ):
        nudge /= 10
        value = bound + direction * nudge
    return value


def _on_grid(fact: Fact, rng: _Range) -> tuple[_Range, Fraction | None]:
    """``rng`` within the fact's own bounds, snapped to the fact's step (1 for a count):
    the values a person can reach. Returns the range and the step (None if none)."""
    low, high, low_open, high_open = rng.low, rng.high, rng.low_open, rng.high_open
    if fact.minimum is not None and (low is None or fact.minimum > low):
        low, low_open = fact.minimum, False
    if fact.maximum is not None and (high is None or fact.maximum < high):
        high, high_open = fact.maximum, False
    step = fact.step if fact.step is not None else None
    if step is None and fact.kind is FactKind.COUNT:
        step = Fraction(1)
    if step is not None:
        if low is not None:
            low = (math.floor(low / step) + 1 if low_open else math.ceil(low / step)) * step
        if high is not None:
            high = (math.ceil(high / step) - 1 if high_open else math.floor(high / step)) * step
        low_open = high_open = False
    if fact.kind is FactKind.COUNT:
        low = Fraction(0) if low is None else max(Fraction(0), low)
    return _Range(low=low, high=high, low_open=low_open, high_open=high_open), step


def _within(fact: Fact, current: FactValue | None, rng: _Range) -> tuple[FactValue, str] | None:
    """The value of ``fact`` nearest ``current`` within ``rng`` (None if there is none),
    with ``"more_than"`` or ``"less_than"`` when it is only a value just past an open bound
    (no step declared), else ``""``.

    The resolution of a strict bound is the next value a person can reach: a count's next
    whole number (more than 8 grid workers: 9), a quantity's next multiple of its declared
    ``step``; without a step, a value just past the bound (:func:`_beyond`), and the
    change says "more than x" in words.
    """
    rng, _ = _on_grid(fact, rng)
    if rng.empty():
        return None
    side = ""
    if current is None or isinstance(current, bool):
        if rng.low is not None:
            target, side = rng.low, "more_than" if rng.low_open else ""
        elif rng.holds(Fraction(0)):
            target = Fraction(0)
        else:
            assert rng.high is not None
            target, side = rng.high, "less_than" if rng.high_open else ""
    elif rng.holds(Fraction(current)):
        return current, ""
    elif rng.low is not None and current <= rng.low:
        target, side = rng.low, "more_than" if rng.low_open else ""
    else:
        assert rng.high is not None
        target, side = rng.high, "less_than" if rng.high_open else ""
    if side == "more_than":
        target = _beyond(target, 1, rng.high, rng.high_open)
    elif side == "less_than":
        target = _beyond(target, -1, rng.low, rng.low_open)
    return (target.numerator if target.denominator == 1 else target), side


def _range(check: ThresholdCheck | FrequencyCheck | RatioCheck, unit: str) -> _Range:
    """The range ``check``'s bounds allow, in ``unit``."""
    low = check.more_than if check.more_than is not None else check.minimum
    high = check.less_than if check.less_than is not None else check.maximum
    return _Range(
        low=None if low is None else limit_in(low, unit),
        high=None if high is None else limit_in(high, unit),
        low_open=check.more_than is not None,
        high_open=check.less_than is not None,
    )


def _usage(standard: Standard) -> dict[str, int]:
    """How many indicators read each fact."""
    counts: dict[str, int] = {}
    for _, indicator in standard.indicators():
        for key in _reads(indicator):
            counts[key] = counts.get(key, 0) + 1
    return counts


def _reads(indicator: Indicator) -> set[str]:
    keys = {key for check in indicator.checks for key in check_facts(check)}
    keys |= {key for deduction in indicator.deductions for key in deduction_facts(deduction)}
    if indicator.not_applicable_when is not None:
        keys |= set(check_facts(condition_check(indicator.not_applicable_when)))
    return keys


def _satisfy(
    check: object, work: _Work, usage: Mapping[str, int], note: _Words | None = None
) -> None:
    """Change ``work`` as little as possible so that ``check`` is met (``work.ok`` false if
    no change is found); ``note`` is said after the requirement."""
    if not isinstance(check, _CHECKS):
        work.ok = False  # a kind of check this analysis does not know
        return
    facts = work.facts_by_key
    why = _Why(check=check, facts=_facts_of(check, facts), note=note)
    if isinstance(check, BooleanCheck):
        if work.values.get(check.fact) is not check.expected:
            work.set(check.fact, check.expected, why)
        return
    if isinstance(check, ThresholdCheck | FrequencyCheck):
        fact = facts[check.fact]
        rng = _range(check, fact.unit)
        current = work.values.get(check.fact)
        found = _within(fact, current, rng)
        if found is None:
            work.ok = False
        elif current is None or isinstance(current, bool) or found[0] != current:
            work.set(check.fact, found[0], why, _past(found[1], rng))
        return
    if isinstance(check, RatioCheck):
        _satisfy_ratio(check, work, usage, why)
        return
    if isinstance(check, AllOf):
        for inner in check.checks:
            _satisfy(inner, work, usage)
        return
    if isinstance(check, AnyOf):
        best: _Work | None = None
        for inner in check.checks:
            trial = work.copy()
            _satisfy(inner, trial, usage)
            if trial.ok and (best is None or trial.cost() < best.cost()):
                best = trial
        if best is None:
            work.ok = False
            return
        work.values, work.judgement, work.edits = best.values, best.judgement, best.edits
        return
    judgement = work.judgement
    if judgement is None or judgement.result is not JudgementResult.MET:
        work.judgement = Judgement(result=JudgementResult.MET)
        before = None if judgement is None else (judgement.result or judgement.points)
        sentence = "give judgement" if judgement is None else "judge met"
        work.edits[("judgement", work.indicator.id)] = Edit(
            kind="judgement",
            key=work.indicator.id,
            before=None if before is None else str(before),
            after="met",
            sentence=sentence,
            data=(("label", check.label),),
        )


def _past(side: str, rng: _Range) -> tuple[str, Fraction] | None:
    """The open bound a value was nudged past, for the words ("more than 85 %")."""
    if side == "more_than" and rng.low is not None:
        return side, rng.low
    if side == "less_than" and rng.high is not None:
        return side, rng.high
    return None


def _satisfy_ratio(check: RatioCheck, work: _Work, usage: Mapping[str, int], why: _Why) -> None:
    facts = work.facts_by_key
    top, bottom = facts[check.numerator], facts[check.denominator]
    rng = _range(check, ratio_unit(top, bottom))
    low, high = rng.low, rng.high
    n, d = work.values.get(check.numerator), work.values.get(check.denominator)
    if isinstance(n, bool) or isinstance(d, bool):
        work.ok = False
        return
    if n is not None and d is not None:
        if d > 0 and rng.holds(Fraction(n) / Fraction(d)):
            return
        if d == 0 and check.when_zero is ZeroDenominator.MET:
            return
    # what to change: rather raise a fact than lower one (more grid workers, not fewer
    # households), then a fact fewer indicators read, then the smaller change
    Option = tuple[tuple[bool, int, Fraction, int], str, FactValue, tuple[str, Fraction] | None]
    options: list[Option] = []
    if d is not None and d > 0:
        # n / d within the range  <=>  n within the range times d
        top_range = _Range(
            low=None if low is None else low * d,
            high=None if high is None else high * d,
            low_open=rng.low_open,
            high_open=rng.high_open,
        )
        found = _within(top, n, top_range)
        if found is not None:
            lower = n is not None and found[0] < n
            options.append(
                (
                    (lower, usage.get(top.key, 0), _relative(n, found[0]), 0),
                    top.key,
                    found[0],
                    _past(found[1], top_range),
                )
            )
    if n is not None and n > 0 and (high is not None or low is not None):
        # n / d' within the range  <=>  d' within [n / high, n / low] for d' > 0, each end
        # open where the opposite bound of the ratio is (more than x: d' below n / x)
        bottom_range = _Range(
            low=n / high if high is not None and high > 0 else None,
            high=n / low if low is not None and low > 0 else None,
            low_open=rng.high_open,
            high_open=rng.low_open,
        )
        if high is not None and high <= 0:
            bottom_range = _Range(low=Fraction(1), high=Fraction(0))  # nothing positive works
        found = _within(bottom, d, bottom_range)
        if found is not None and found[0] > 0:
            lower = d is not None and found[0] < d
            options.append(
                (
                    (lower, usage.get(bottom.key, 0), _relative(d, found[0]), 1),
                    bottom.key,
                    found[0],
                    _past(found[1], bottom_range),
                )
            )
    if not options:
        work.ok = False
        return
    _, key, value, past = min(options, key=lambda option: option[0])
    work.set(key, value, why, past)


def _relative(before: FactValue | None, after: FactValue) -> Fraction:
    if before is None:
        return Fraction(1)
    size = max(abs(Fraction(before)), abs(Fraction(after)))
    return Fraction(0) if not size else abs(Fraction(after) - Fraction(before)) / size


# ---------------------------------------------------------------- band tables

#: A band's bound turned round: failing ``minimum`` x is keeping ``less_than`` x, and so on.
_NEGATED = {
    "minimum": "less_than",
    "more_than": "maximum",
    "maximum": "more_than",
    "less_than": "minimum",
}


@attrs.frozen(kw_only=True)
class _Band:
    """One outcome of a band table: the points the indicator earns at least, the one-bound
    check a value keeps exactly when it earns them, and the words for it."""

    earns: Fraction
    check: ThresholdCheck | RatioCheck
    words: _Words


def _step_bound(step: BandStep) -> tuple[str, Limit]:
    for name in ("minimum", "more_than", "maximum", "less_than"):
        limit = getattr(step, name)
        if limit is not None:
            return name, limit
    raise AssertionError("a band step has one bound")  # the validator makes sure of it


def _bound_check(bands: BandTable, name: str, limit: Limit) -> ThresholdCheck | RatioCheck:
    """The check a value keeps exactly when it keeps the bound ``name`` ``limit``."""
    bound: dict[str, Any] = {name: limit}
    if bands.fact is not None:
        return ThresholdCheck(fact=bands.fact, **bound)
    assert bands.numerator is not None
    assert bands.denominator is not None
    return RatioCheck(
        numerator=bands.numerator,
        denominator=bands.denominator,
        when_zero=bands.when_zero,
        **bound,
    )


def _bands(indicator: Indicator) -> list[_Band]:
    """What a band table can give, from the least to the most: for points, each band
    reached (its bound kept); for deductions, each smaller deduction (the bound of the
    band above it failed), down to none."""
    bands = indicator.bands
    assert bands is not None
    steps, count = bands.steps, len(bands.steps)
    found = []
    if bands.effect is BandEffect.POINTS:
        for k, step in enumerate(steps):
            name, limit = _step_bound(step)
            p = show_number(Fraction(step.points))
            if k == count - 1:
                words = _words("top band", points=p)
            else:
                words = _words("band", k=k + 1, count=count, points=p)
            found.append(
                _Band(
                    earns=Fraction(step.points),
                    check=_bound_check(bands, name, limit),
                    words=words,
                )
            )
        return found
    full = Fraction(indicator.points)
    for k in range(count - 1, -1, -1):
        name, limit = _step_bound(steps[k])
        off = Fraction(steps[k - 1].points) if k else Fraction(0)
        words = _words("band off", off=show_number(off), k=k) if k else _words("no points off")
        found.append(
            _Band(
                earns=full - off,
                check=_bound_check(bands, _NEGATED[name], limit),
                words=words,
            )
        )
    return found


def _indicator_fix(
    standard: Standard,
    evidence: Evidence,
    indicator: Indicator,
    usage: Mapping[str, int],
    band: _Band | None = None,
) -> tuple[dict[tuple[str, str], Edit], dict[str, FactValue], Judgement | None, bool, bool]:
    """The edits that earn ``indicator`` fully (as far as this analysis can tell), or, for a
    band table, at least the points of ``band`` (its best band when none is given)."""
    work = _Work(standard, evidence, indicator)
    withdraw = False
    if indicator.id in evidence.not_applicable:
        withdraw = True
        work.edits[("claim", indicator.id)] = Edit(
            kind="claim",
            key=indicator.id,
            before=evidence.not_applicable[indicator.id],
            after=None,
            sentence="withdraw",
        )
    condition = indicator.not_applicable_when
    if isinstance(condition, Condition) and work.values.get(condition.fact) is condition.equals:
        fact = work.facts_by_key[condition.fact]
        work.set(condition.fact, not condition.equals, _Why(text=fact.description))
    for check in indicator.checks:
        _satisfy(check, work, usage)
    if indicator.bands is not None:
        aim = band if band is not None else _bands(indicator)[-1]
        _satisfy(aim.check, work, usage, aim.words)
    deduction: Deduction
    for deduction in indicator.deductions:
        if deduction.when is not None:
            continue  # a finding's trigger: no fix is worked out for it (rescoring says)
        count = work.values.get(deduction.fact)
        if count is None or (not isinstance(count, bool) and count != 0):
            fact = work.facts_by_key[deduction.fact]
            label = deduction.label or fact.description
            before = count
            work.values[deduction.fact] = 0
            work.edits[("fact", deduction.fact)] = Edit(
                kind="fact",
                key=deduction.fact,
                before=before,
                after=0,
                sentence="to zero",
                data=(
                    ("label", label),
                    ("old", _words("not given") if before is None else _num(before)),
                ),
            )
    return work.edits, work.values, work.judgement, work.ok, withdraw


def _evolve(
    evidence: Evidence,
    values: Mapping[str, FactValue],
    judgements: Mapping[str, Judgement],
    withdrawn: Iterable[str],
) -> Evidence:
    gone = set(withdrawn)
    claims = {k: v for k, v in evidence.not_applicable.items() if k not in gone}
    # a fact counted in each period and set by a fix: the rate of every period now
    periods = {k: v for k, v in evidence.periods.items() if k not in values}
    return attrs.evolve(
        evidence, facts=values, judgements=judgements, not_applicable=claims, periods=periods
    )


def apply_fixes(evidence: Evidence, fixes: Iterable[Fix]) -> Evidence:
    """Return ``evidence`` with every edit of ``fixes`` made (later ones win on the same key).

    .. versionadded:: 0.2.0
    """
    values: dict[str, FactValue] = dict(evidence.facts)
    judgements: dict[str, Judgement] = dict(evidence.judgements)
    withdrawn: list[str] = []
    for fix in fixes:
        for edit in fix.edits:
            if edit.kind == "fact":
                values[edit.key] = edit.after
            elif edit.kind == "judgement":
                judgements[edit.key] = Judgement(result=JudgementResult.MET)
            else:
                withdrawn.append(edit.key)
    return _evolve(evidence, values, judgements, withdrawn)


# ---------------------------------------------------------------- which rules are additive


_KNOWN: dict[type, frozenset[str]] = {
    Limit: frozenset({"value", "unit"}),
    BooleanCheck: frozenset({"fact", "expected", "label"}),
    ThresholdCheck: frozenset({"fact", "minimum", "maximum", "more_than", "less_than", "label"}),
    FrequencyCheck: frozenset({"fact", "minimum", "maximum", "more_than", "less_than", "label"}),
    RatioCheck: frozenset(
        {"numerator", "denominator", "minimum", "maximum", "more_than", "less_than", "label"}
    ),
    AllOf: frozenset({"checks", "label"}),
    AnyOf: frozenset({"checks", "label"}),
    AssessedCheck: frozenset({"label"}),
    Deduction: frozenset({"fact", "points", "limit", "label"}),
    Condition: frozenset({"fact", "equals"}),
    Standard: frozenset(
        [
            "id",
            "version",
            "title",
            "total_points",
            "pass_mark",
            "categories",
            "facts",
            "schema",
            "status",
            "supersedes",
            "issuer",
            "document_number",
            "issued",
            "source",
            "notes",
            "aggregation",
            "not_applicable",
            "partial_credit",
            "tiers",
            "departments",
        ]
    ),
    Category: frozenset(["id", "title", "points", "indicators", "weight", "note"]),
    Indicator: frozenset(
        [
            "id",
            "number",
            "text",
            "points",
            "checks",
            "award",
            "role",
            "bonus",
            "partial_credit",
            "deductions",
            "point_values",
            "whole_points",
            "bands",
            "not_applicable",
            "not_applicable_when",
            "departments",
            "note",
        ]
    ),
    Tier: frozenset(["id", "title", "minimum"]),
}
_AGGREGATIONS = frozenset({Aggregation.POINTS.value, Aggregation.WEIGHTED.value})
_AWARDS = (Award.ALL, Award.PROPORTIONAL, Award.DEDUCTION, Award.BANDS)
_ROLES = (Role.SCORED, Role.PREREQUISITE, Role.VETO)
_CHECKS = (BooleanCheck, ThresholdCheck, FrequencyCheck, RatioCheck, AllOf, AnyOf, AssessedCheck)


def _plain(value: object, extra: frozenset[str] = frozenset()) -> bool:
    """Whether ``value`` uses only the fields this analysis knows, or ``extra`` (others at
    their default)."""
    known = _KNOWN.get(type(value))
    if known is None:
        return True
    known = known | extra
    cls: Any = type(value)
    for field in attrs.fields(cls):
        if field.name in known:
            continue
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
        if getattr(value, field.name) != default:
            return False
    return True


def _known_check(check: Check) -> bool:
    if not isinstance(check, _CHECKS) or not _plain(check):
        return False
    if isinstance(check, AllOf | AnyOf):
        return all(_known_check(inner) for inner in check.checks)
    limits = tuple(
        getattr(check, name, None) for name in ("minimum", "maximum", "more_than", "less_than")
    )
    return all(limit is None or _plain(limit) for limit in limits)


#: The rules of a category that count its indicators together: groups, a cap, bonus.
_CATEGORY_RULES = frozenset({"groups", "cap", "bonus"})


def _additive(standard: Standard, category_rules: frozenset[str] = frozenset()) -> bool:
    """Whether the total is the sum of the indicators' own contributions (and passing is
    the total against a mark with no failed gate), as the rules this analysis knows are;
    with ``category_rules``, whether it is a sum of the categories' contributions, each
    counting its own indicators by those rules (:data:`_CATEGORY_RULES`)."""
    if not _plain(standard) or not all(_plain(tier) for tier in standard.tiers):
        return False
    if str(standard.aggregation) not in _AGGREGATIONS:
        return False
    for category in standard.categories:
        if not _plain(category, category_rules):
            return False
        for indicator in category.indicators:
            if not _plain(indicator) or indicator.award not in _AWARDS:
                return False
            if indicator.role not in _ROLES or not all(map(_known_check, indicator.checks)):
                return False
            if not all(map(_plain, indicator.deductions)):
                return False
            condition = indicator.not_applicable_when
            if condition is not None and (
                not isinstance(condition, Condition) or not _plain(condition)
            ):  # a condition over numbers: the general search rescores
                return False
    return True


# ---------------------------------------------------------------- the search


def gap(
    standard: Standard,
    evidence: Evidence,
    target: Target | str = "pass",
    *,
    limit: int = SEARCH_LIMIT,
    general: bool = False,
) -> Gap:
    """What ``evidence`` lacks to reach ``target`` under ``standard``, and the smallest fix.

    ``target`` is a :class:`Target` or ``"pass"``, a tier's id, or points. ``limit`` bounds
    how many sets the general search scores; ``general`` forces that search (it is used
    automatically where fixes share facts or the standard has rules that are not additive).

    .. versionadded:: 0.2.0
    """
    if isinstance(target, str):
        target = parse_target(standard, target)
    card = score(standard, evidence)
    usage = _usage(standard)
    readers: dict[str, set[str]] = {}
    for _, indicator in standard.indicators():
        for key in _reads(indicator):
            readers.setdefault(key, set()).add(indicator.id)
    fixes: list[Fix] = []
    unfixable: list[Fix] = []
    independent = True
    for result in card.indicators:
        if result.status is IndicatorStatus.MET and result.awarded >= result.maximum:
            continue
        if result.status is IndicatorStatus.NOT_APPLICABLE and (
            standard.not_applicable is not NotApplicablePolicy.ZERO or result.bonus
        ):
            continue
        if (
            result.awarded >= result.maximum
            and result.status is not IndicatorStatus.NOT_ASSESSED
            and result.id not in card.blocked_by  # a failed gate worth 0 points: fix it first
        ):
            continue
        indicator = standard.indicator(result.id)
        aims: list[_Band | None] = [None]
        if indicator.bands is not None:  # then each band between, the nearest last
            aims += [b for b in _bands(indicator)[:-1] if b.earns > result.awarded][::-1]
        for aim in aims:
            fix = _fix(standard, evidence, card, result, indicator, usage, aim)
            if fix.fixable:
                for edit in fix.edits:
                    if edit.kind == "fact" and readers.get(edit.key, set()) - {result.id}:
                        independent = False
            if fix.partial and not fix.fixable:
                continue  # a band between that no change was found for: the full fix says it
            (fixes if fix.fixable else unfixable).append(fix)
    short = max(Fraction(0), target.points - card.total)
    full = {f.indicator: f for f in fixes + unfixable if not f.partial}
    ordered = sorted(
        fixes + unfixable,
        key=lambda f: (
            not full[f.indicator].missing,
            f.indicator not in card.blocked_by,  # then the failed vetoes and prerequisites
            not full[f.indicator].fixable,
            -full[f.indicator].gain,
            -full[f.indicator].points,
            _position(standard, f),
            f.partial,  # a band table's fixes for the bands between follow its full fix
            -f.points,
        ),
    )
    if target.reached(card, standard):
        return Gap(
            standard=standard, card=card, target=target, short=short, fixes=tuple(ordered),
            plan=(), reaches=True, exact=True, after=card, warnings=evidence.warnings,
        )  # fmt: skip
    chosen: tuple[int, ...] | None
    exact, searched = True, 0
    required = _required(fixes, card, target)
    groups: list[tuple[bool, list[_Option]]] | None = None
    if not general and independent and required is not None:
        if _additive(standard):
            groups = _indicator_options(fixes, required)
        elif _additive(standard, _CATEGORY_RULES):  # groups and caps: sets within a category
            groups = _category_options(standard, evidence, card, fixes, required)
    if groups is None and required is not None:
        general = True  # no closed form: sets of fixes scored one by one
    chosen = None
    if groups is not None:
        chosen = _knapsack(groups, target.points - card.total)
        if chosen is not None:
            after = score(standard, apply_fixes(evidence, (fixes[i] for i in chosen)))
            if not target.reached(after, standard):
                chosen, general = None, True  # the closed form does not hold: search
    if general:
        chosen, exact, searched = _search(standard, evidence, fixes, target, limit)
    if chosen is None:
        after = score(standard, apply_fixes(evidence, (f for f in fixes if not f.partial)))
        return Gap(
            standard=standard, card=card, target=target, short=short, fixes=tuple(ordered),
            plan=(), reaches=False, exact=exact, after=after, searched=searched,
            warnings=evidence.warnings,
        )  # fmt: skip
    picked = sorted((fixes[i] for i in chosen), key=ordered.index)
    after = score(standard, apply_fixes(evidence, picked))
    return Gap(
        standard=standard, card=card, target=target, short=short, fixes=tuple(ordered),
        plan=tuple(fix.indicator for fix in picked), reaches=True, exact=exact, after=after,
        searched=searched, warnings=evidence.warnings, chosen=tuple(picked),
    )  # fmt: skip


def _fix(
    standard: Standard,
    evidence: Evidence,
    card: Scorecard,
    result: Any,
    indicator: Indicator,
    usage: Mapping[str, int],
    aim: _Band | None,
) -> Fix:
    """The fix of one indicator (for a band table, towards ``aim``), checked by scoring
    the evidence with it: fixable when the indicator then earns what was aimed at."""
    edits, values, judgement, ok, withdraw = _indicator_fix(
        standard, evidence, indicator, usage, aim
    )
    goal = result.maximum if aim is None else aim.earns
    fix = Fix(
        indicator=result.id,
        number=result.number,
        category=result.category,
        status=result.status,
        role=result.role,
        points=goal - result.awarded,
        gain=Fraction(0),
        edits=tuple(edits.values()),
        departments=indicator.departments,
        fixable=False,
        partial=aim is not None,
        earns=None if aim is None else aim.earns,
    )
    if not ok:
        return fix
    judgements = dict(evidence.judgements)
    if judgement is not None:
        judgements[indicator.id] = judgement
    changed = _evolve(evidence, values, judgements, [indicator.id] if withdraw else [])
    after = score(standard, changed)
    own = after.indicator(result.id)
    if aim is None and not (own.status is IndicatorStatus.MET and own.awarded == own.maximum):
        return fix
    if aim is not None and own.awarded < aim.earns:
        return fix
    return attrs.evolve(fix, fixable=True, gain=after.total - card.total)


def _position(standard: Standard, fix: Fix) -> int:
    for i, (_, indicator) in enumerate(standard.indicators()):
        if indicator.id == fix.indicator:
            return i
    return -1


def _cost_key(fixes: Sequence[Fix], chosen: Iterable[int]) -> tuple[Fraction, tuple[int, ...]]:
    picked = tuple(sorted(chosen))
    return sum((fixes[i].cost for i in picked), Fraction(0)), picked


#: The most fixes of one category whose every set the category-wise plan scores (2 ** n).
CATEGORY_LIMIT = 10

#: One way to fix part of the standard: (what the total rises by, the size of the change,
#: the fixes, by index).
_Option = tuple[Fraction, Fraction, tuple[int, ...]]


def _required(fixes: Sequence[Fix], card: Scorecard, target: Target) -> list[int] | None:
    """The fixes every plan must take: the failed vetoes and prerequisites (None when one
    of them has no fix, so no plan can pass); none for a target of points."""
    if target.kind == "points":
        return []
    required = [
        i for i, fix in enumerate(fixes) if fix.indicator in card.blocked_by and not fix.partial
    ]
    return None if len(required) < len(set(card.blocked_by)) else required


def _indicator_options(
    fixes: Sequence[Fix], required: Sequence[int]
) -> list[tuple[bool, list[_Option]]]:
    """Each indicator's fixes as options of their own, when a set's points are the sum of
    its fixes' gains: (whether the indicator must be fixed, its options)."""
    gates = {fixes[i].indicator for i in required}
    groups: list[tuple[bool, list[_Option]]] = [
        (True, [(fixes[i].gain, fixes[i].cost, (i,))]) for i in required
    ]
    by_indicator: dict[str, list[_Option]] = {}
    for i, fix in enumerate(fixes):
        if fix.indicator not in gates and fix.gain > 0:
            by_indicator.setdefault(fix.indicator, []).append((fix.gain, fix.cost, (i,)))
    return groups + [(False, options) for options in by_indicator.values()]


def _category_options(
    standard: Standard,
    evidence: Evidence,
    card: Scorecard,
    fixes: Sequence[Fix],
    required: Sequence[int],
) -> list[tuple[bool, list[_Option]]] | None:
    """Each category's sets of fixes as options, each scored, when the total is a sum of
    the categories' contributions (groups and caps count within a category): (whether the
    category must be fixed, its options). None when a category has more than
    :data:`CATEGORY_LIMIT` fixes."""
    home = {indicator.id: category.id for category in standard.categories
            for indicator in category.indicators}  # fmt: skip
    by_category: dict[str, list[int]] = {}
    for i, fix in enumerate(fixes):
        by_category.setdefault(home[fix.indicator], []).append(i)
    groups = []
    for members in by_category.values():
        if len(members) > CATEGORY_LIMIT:
            return None
        must = [i for i in members if i in required]
        options: list[_Option] = []
        for size in range(1, len(members) + 1):
            for chosen in itertools.combinations(members, size):
                if not set(must) <= set(chosen):
                    continue
                if len({fixes[i].indicator for i in chosen}) < size:
                    continue  # at most one fix of an indicator
                total = score(standard, apply_fixes(evidence, (fixes[i] for i in chosen))).total
                gain = total - card.total
                if gain >= 0 or must:
                    options.append(
                        (gain, sum((fixes[i].cost for i in chosen), Fraction(0)), chosen)
                    )
        groups.append((bool(must), options))
    return groups


def _knapsack(
    groups: Sequence[tuple[bool, Sequence[_Option]]], need: Fraction
) -> tuple[int, ...] | None:
    """The smallest set reaching ``need`` points: at most one option of each group (exactly
    one of a group that must be fixed), fewest fixes first, then the least change.

    A dynamic programme over (how many fixes, points reached, capped at what is needed),
    keeping the least change; the groups that must be fixed go first, uncapped, so a fix
    that lowers the total there is counted exactly.
    """
    # states[j]: points -> (cost, chosen) for sets of j fixes
    states: list[dict[Fraction, tuple[Fraction, tuple[int, ...]]]] = [
        {Fraction(0): (Fraction(0), ())}
    ]
    ordered = sorted(groups, key=lambda group: not group[0])
    for g, (must, options) in enumerate(ordered):
        capped = not must or all(not later[0] for later in ordered[g + 1 :])
        grown: list[dict[Fraction, tuple[Fraction, tuple[int, ...]]]] = (
            [{} for _ in states] if must else [dict(level) for level in states]
        )
        for j, level in enumerate(states):
            for points, (spent, chosen) in level.items():
                for gain, cost, members in options:
                    reached = points + gain
                    if capped:
                        reached = min(need, reached)
                    k = j + len(members)
                    while len(grown) <= k:
                        grown.append({})
                    candidate = (spent + cost, tuple(sorted((*chosen, *members))))
                    best = grown[k].get(reached)
                    if best is None or candidate < best:
                        grown[k][reached] = candidate
        states = [_frontier(level) if capped else level for level in grown]
    for level in states:
        found = [value for points, value in level.items() if points >= need]
        if found:
            return min(found)[1]
    return None


def _frontier(
    states: dict[Fraction, tuple[Fraction, tuple[int, ...]]],
) -> dict[Fraction, tuple[Fraction, tuple[int, ...]]]:
    """Drop states that another beats on points and change at once."""
    kept: dict[Fraction, tuple[Fraction, tuple[int, ...]]] = {}
    best: tuple[Fraction, tuple[int, ...]] | None = None
    for points in sorted(states, reverse=True):
        value = states[points]
        if best is None or value < best:
            kept[points] = value
            best = value
    return kept


def _search(
    standard: Standard, evidence: Evidence, fixes: Sequence[Fix], target: Target, limit: int
) -> tuple[tuple[int, ...] | None, bool, int]:
    """Score sets of fixes by increasing size; the first size with a set reaching the
    target gives the one with the least change. Returns (set, complete, sets scored)."""
    searched = 0
    for size in range(1, len(fixes) + 1):
        best: tuple[Fraction, tuple[int, ...]] | None = None
        for chosen in itertools.combinations(range(len(fixes)), size):
            if len({fixes[i].indicator for i in chosen}) < size:
                continue  # at most one fix of an indicator (a band table has several)
            if searched >= limit:
                return (None if best is None else best[1]), False, searched
            searched += 1
            card = score(standard, apply_fixes(evidence, (fixes[i] for i in chosen)))
            if target.reached(card, standard):
                key = _cost_key(fixes, chosen)
                if best is None or key < best:
                    best = key
        if best is not None:
            return best[1], True, searched
    return None, True, searched


# ---------------------------------------------------------------- JSON


def gap_to_dict(result: Gap, language: str = "zh") -> dict[str, Any]:
    """The JSON form of ``result`` (the contract of ``gap --format json``); changes in words
    in ``language``.

    .. versionadded:: 0.2.0
    """
    from ..formats.standard import json_ready

    names = {d.id: d.name.get(language) for d in result.standard.departments}
    card = result.card
    return {
        "standard": {"id": card.standard.id, "version": card.standard.version},
        "community": {"id": card.community.id, "name": card.community.name},
        "target": json_ready(result.target.points),
        "target_name": result.target.name,
        "total": json_ready(card.total),
        "passed": card.passed,
        "tier": card.tier,
        "blocked_by": list(card.blocked_by),
        "short": json_ready(result.short),
        "reaches": result.reaches,
        "exact": result.exact,
        "plan": list(result.plan),
        "total_after_plan": json_ready(result.after.total),
        "passed_after_plan": result.after.passed,
        "tier_after_plan": result.after.tier,
        **(
            {"warnings": [{"path": w.path, "message": w.message} for w in result.warnings]}
            if result.warnings
            else {}
        ),
        "fixes": [
            {
                "indicator": fix.indicator,
                "number": fix.number,
                "category": fix.category,
                "status": fix.status.value,
                "role": fix.role,
                "missing_evidence": fix.missing,
                "points": json_ready(fix.points),
                "gain": json_ready(fix.gain),
                "fixable": fix.fixable,
                "in_plan": fix in result.chosen,
                **(
                    {"partial": True, "earns": json_ready(fix.earns)}
                    if fix.partial and fix.earns is not None
                    else {}
                ),
                "change": fix.change(language),
                "edits": [
                    {
                        "kind": edit.kind,
                        "key": edit.key,
                        "from": json_ready(edit.before)
                        if isinstance(edit.before, Fraction)
                        else edit.before,
                        "to": json_ready(edit.after)
                        if isinstance(edit.after, Fraction)
                        else edit.after,
                    }
                    | ({edit.past: json_ready(edit.bound)} if edit.past else {})
                    for edit in fix.edits
                ],
                "departments": [{"id": d, "name": names.get(d, d)} for d in fix.departments],
            }
            for fix in result.fixes
        ],
    }
