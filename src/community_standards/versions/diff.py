"""Semantic diff of two standards: what changed, in terms a reader of the standard uses.

:func:`diff` compares two :class:`Standard` values and lists typed :class:`Change`
records: metadata, pass mark and tiers, categories, indicators (added, removed, renamed,
moved, renumbered, re-pointed, reworded), their checks (a threshold tightened or
loosened, compared exactly after unit conversion, so ``"60 minute"`` and ``"1 hour"``
state the same requirement), facts and departments.

Indicators are matched by id first; indicators left over on both sides are matched by
the similarity of their text (Chinese and English together, :mod:`difflib` ratio of at
least ``SIMILARITY``), and such a match is reported as a rename.

Every difference between the two values is reported, so a diff is empty exactly when
the standards are equal. Changes that alter no requirement and no rule (a limit written
in another unit, a label, a note, the order of items, a number as printed) are
*editorial*; renderers list them last.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import difflib
import enum
import math
import re
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any, TypeVar

import attrs

from ..messages.catalogue import NC_, words_text
from ..messages.changes import check_subject
from ..model.measures import limit_in, ratio_unit
from ..model.refs import table_path
from ..model.standard import (
    CHECK_KINDS,
    DIFF,
    AllOf,
    AnyOf,
    AssessedCheck,
    BooleanCheck,
    Category,
    Check,
    Deduction,
    Department,
    Fact,
    FrequencyCheck,
    Indicator,
    Limit,
    RatioCheck,
    ResultCheck,
    Standard,
    Text,
    ThresholdCheck,
    standard_fields,
)
from ..units.convert import UnitProblem, conversion_factor

__all__ = [
    "GROUPS",
    "SIMILARITY",
    "Change",
    "ChangeKind",
    "StandardDiff",
    "diff",
]

#: The least :mod:`difflib` ratio at which two indicators' texts count as the same item.
SIMILARITY = 0.6

T = TypeVar("T")


class ChangeKind(enum.StrEnum):
    """What sort of change a :class:`Change` is.

    .. versionadded:: 0.1.0
    """

    METADATA_CHANGED = "metadata.changed"
    LANGUAGES_CHANGED = "languages.changed"
    SETTING_CHANGED = "setting.changed"
    PASS_MARK_RAISED = "pass_mark.raised"
    PASS_MARK_LOWERED = "pass_mark.lowered"
    TIER_ADDED = "tier.added"
    TIER_REMOVED = "tier.removed"
    TIER_RAISED = "tier.raised"
    TIER_LOWERED = "tier.lowered"
    TIER_RETITLED = "tier.retitled"
    TIER_REQUIREMENTS_CHANGED = "tier.requirements_changed"
    TIERS_REORDERED = "tiers.reordered"
    CATEGORY_ADDED = "category.added"
    CATEGORY_REMOVED = "category.removed"
    CATEGORY_RETITLED = "category.retitled"
    CATEGORY_REPOINTED = "category.repointed"
    CATEGORY_REWEIGHTED = "category.reweighted"
    CATEGORY_NOTE_CHANGED = "category.note_changed"
    CATEGORY_RECAPPED = "category.recapped"
    CATEGORY_BONUS_CHANGED = "category.bonus_changed"
    CATEGORY_SECTION_CHANGED = "category.section_changed"
    CATEGORY_DEDUCTIONS_CHANGED = "category.deductions_changed"
    SECTION_ADDED = "section.added"
    SECTION_REMOVED = "section.removed"
    SECTION_CHANGED = "section.changed"
    GROUP_ADDED = "group.added"
    GROUP_REMOVED = "group.removed"
    GROUP_CHANGED = "group.changed"
    CATEGORIES_REORDERED = "categories.reordered"
    INDICATOR_ADDED = "indicator.added"
    INDICATOR_REMOVED = "indicator.removed"
    INDICATOR_RENAMED = "indicator.renamed"
    INDICATOR_MOVED = "indicator.moved"
    INDICATOR_RENUMBERED = "indicator.renumbered"
    INDICATOR_TEXT_CHANGED = "indicator.text_changed"
    INDICATOR_REPOINTED = "indicator.repointed"
    INDICATOR_AWARD_CHANGED = "indicator.award_changed"
    INDICATOR_ROLE_CHANGED = "indicator.role_changed"
    INDICATOR_NOTE_CHANGED = "indicator.note_changed"
    INDICATOR_GRANULARITY_CHANGED = "indicator.granularity_changed"
    INDICATOR_BANDS_CHANGED = "indicator.bands_changed"
    INDICATOR_DEDUCTION_LIMIT_CHANGED = "indicator.deduction_limit_changed"
    DEDUCTION_RANGED = "deduction.ranged"
    DEDUCTION_FIXED = "deduction.fixed"
    DEDUCTION_RANGE_CHANGED = "deduction.range_changed"
    INDICATOR_APPLICABILITY_CHANGED = "indicator.applicability_changed"
    INDICATOR_FAILURE_CHANGED = "indicator.failure_changed"
    INDICATOR_STARRED_CHANGED = "indicator.starred_changed"
    INDICATOR_CHANGED = "indicator.changed"
    INDICATORS_REORDERED = "indicators.reordered"
    CHECK_ADDED = "check.added"
    CHECK_REMOVED = "check.removed"
    CHECK_TIGHTENED = "check.tightened"
    CHECK_LOOSENED = "check.loosened"
    CHECK_RESTATED = "check.restated"
    CHECK_UNIT_CHANGED = "check.unit_changed"
    CHECK_FACT_CHANGED = "check.fact_changed"
    CHECK_CHANGED = "check.changed"
    CHECK_RELABELLED = "check.relabelled"
    CHECKS_REORDERED = "checks.reordered"
    FACT_ADDED = "fact.added"
    FACT_REMOVED = "fact.removed"
    FACT_CHANGED = "fact.changed"
    FACTS_REORDERED = "facts.reordered"
    DEPARTMENT_ADDED = "department.added"
    DEPARTMENT_REMOVED = "department.removed"
    DEPARTMENT_CHANGED = "department.changed"
    DEPARTMENTS_REORDERED = "departments.reordered"

    @property
    def inverse(self) -> ChangeKind:
        """The kind of the same change seen from the other side (added ↔ removed, ...)."""
        return _INVERSE.get(self, self)

    @property
    def editorial(self) -> bool:
        """Whether the change alters no requirement and no rule."""
        return self in _EDITORIAL

    @property
    def group(self) -> str:
        """The section a report lists the change in (see ``GROUPS``)."""
        if self.editorial:
            return "editorial"
        return _GROUP_OF[self.value.partition(".")[0]]


_PAIRS = [
    ("added", "removed"),
    ("raised", "lowered"),
    ("tightened", "loosened"),
    ("ranged", "fixed"),
]
_INVERSE: dict[ChangeKind, ChangeKind] = {}
for _kind in ChangeKind:
    for _one, _other in _PAIRS:
        for _x, _y in ((_one, _other), (_other, _one)):
            if _kind.value.endswith("." + _x):
                _INVERSE[_kind] = ChangeKind(_kind.value[: -len(_x)] + _y)

_EDITORIAL = frozenset(
    {
        ChangeKind.TIERS_REORDERED,
        ChangeKind.CATEGORY_NOTE_CHANGED,
        ChangeKind.CATEGORIES_REORDERED,
        ChangeKind.INDICATOR_RENUMBERED,
        ChangeKind.INDICATOR_NOTE_CHANGED,
        ChangeKind.INDICATORS_REORDERED,
        ChangeKind.CHECK_RESTATED,
        ChangeKind.CHECK_RELABELLED,
        ChangeKind.CHECKS_REORDERED,
        ChangeKind.FACTS_REORDERED,
        ChangeKind.DEPARTMENTS_REORDERED,
    }
)

_GROUP_OF = {
    "metadata": "standard",
    "languages": "standard",
    "setting": "standard",
    "pass_mark": "rating",
    "tier": "rating",
    "tiers": "rating",
    "category": "categories",
    "categories": "categories",
    "group": "categories",
    "section": "categories",
    "indicator": "indicators",
    "indicators": "indicators",
    "deduction": "indicators",
    "check": "indicators",
    "checks": "indicators",
    "fact": "facts",
    "facts": "facts",
    "department": "departments",
    "departments": "departments",
}

#: Report sections in order, with their titles in each language the library writes.
GROUPS: dict[str, Text] = {
    name: words_text(words)
    for name, words in {
        "standard": NC_("diff.section", "Standard"),
        "rating": NC_("diff.section", "Pass mark and tiers"),
        "categories": NC_("diff.section", "Categories"),
        "indicators": NC_("diff.section", "Indicators and requirements"),
        "facts": NC_("diff.section", "Facts (evidence)"),
        "departments": NC_("diff.section", "Departments"),
        "editorial": NC_("diff.section", "Editorial (no effect on scores)"),
    }.items()
}


@attrs.frozen(kw_only=True)
class Change:
    """One difference between two standards.

    ``path`` addresses the value changed as a derived file does (``pass_mark``,
    ``tiers``, ``categories.<id>.points``, ``indicators.<id>.checks``, ``facts.<key>``);
    ``detail`` locates it further inside that value (``[0].minimum``). ``ids`` names the
    items involved (the old and new id for a rename). ``before`` and ``after`` are the
    values on each side (``None`` for an absent one), as model values.
    ``sentence`` names the sentence that says it and ``data`` holds that sentence's
    values (labels, numbers, model values; ``community_standards.messages.changes`` says it);
    ``description`` is that sentence in Chinese and English.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``sentence`` and ``data`` instead of a ready-made ``description``, which is
       written from them.
    """

    kind: ChangeKind
    path: str
    sentence: str
    data: tuple[Any, ...] = ()
    ids: tuple[str, ...] = ()
    detail: str = ""
    before: Any = None
    after: Any = None

    @property
    def description(self) -> Text:
        """The change in a sentence, in Chinese and English."""
        return Text(zh=self.render("zh"), en=self.render("en"))

    def render(self, language: str) -> str:
        """The change in a sentence in ``language``."""
        from ..messages.changes import render_change

        return render_change(self.sentence, self.data, language)

    @property
    def editorial(self) -> bool:
        """Whether the change alters no requirement and no rule (see :class:`ChangeKind`)."""
        return self.kind.editorial


@attrs.frozen(kw_only=True)
class StandardDiff:
    """The changes from standard ``old`` to standard ``new`` (both ``ID@VERSION``).

    Falsy exactly when the two standards are equal.

    .. versionadded:: 0.1.0
    """

    old: str
    new: str
    changes: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def of_kind(self, *kinds: ChangeKind) -> tuple[Change, ...]:
        """The changes of any of ``kinds``, in order."""
        return tuple(change for change in self.changes if change.kind in kinds)

    @property
    def substantive(self) -> tuple[Change, ...]:
        """The changes that are not editorial."""
        return tuple(change for change in self.changes if not change.editorial)

    def counts(self) -> dict[str, int]:
        """How many changes of each kind, by kind value, in the order first seen."""
        found: dict[str, int] = {}
        for change in self.changes:
            found[change.kind.value] = found.get(change.kind.value, 0) + 1
        return found

    def keys(self) -> frozenset[str]:
        """The addresses changed, at the granularity of a derived file.

        A rename counts as its old id removed and its new id added (a derived file
        removes and adds), and the changes found between the renamed pair belong to
        the added one. Compare :func:`derived_overrides`.
        """
        renamed = {c.ids[1] for c in self.changes if c.kind is ChangeKind.INDICATOR_RENAMED}
        found: set[str] = set()
        for change in self.changes:
            if change.kind is ChangeKind.INDICATOR_RENAMED:
                found.update(table_path("indicators", item) for item in change.ids)
            elif change.path.startswith("indicators.") and change.ids and change.ids[0] in renamed:
                found.add(table_path("indicators", change.ids[0]))
            else:
                found.add(change.path)
        return frozenset(found)


# --- matching -------------------------------------------------------------------------


def _match(
    xs: Sequence[T], ys: Sequence[T], stages: Sequence[Callable[[T], Hashable]]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair items stage by stage: within a stage, the n-th x with a key meets the n-th y."""
    free_x, free_y = list(range(len(xs))), list(range(len(ys)))
    pairs: list[tuple[int, int]] = []
    for key in stages:
        waiting: dict[Hashable, list[int]] = {}
        for j in free_y:
            waiting.setdefault(key(ys[j]), []).append(j)
        rest: list[int] = []
        for i in free_x:
            queue = waiting.get(key(xs[i]))
            if queue:
                pairs.append((i, queue.pop(0)))
            else:
                rest.append(i)
        taken = {j for _, j in pairs}
        free_x, free_y = rest, [j for j in free_y if j not in taken]
    return sorted(pairs), free_x, free_y


def _reordered(pairs: Sequence[tuple[int, int]]) -> bool:
    seconds = [j for _, j in sorted(pairs)]
    return seconds != sorted(seconds)


def _similarity(x: Indicator, y: Indicator) -> float:
    one = f"{x.text.zh}\n{x.text.en}"
    two = f"{y.text.zh}\n{y.text.en}"
    forward = difflib.SequenceMatcher(None, one, two, autojunk=False)
    if forward.real_quick_ratio() < SIMILARITY or forward.quick_ratio() < SIMILARITY:
        return 0.0  # both ratios are at most these bounds: the mean cannot reach SIMILARITY
    backward = difflib.SequenceMatcher(None, two, one, autojunk=False).ratio()
    return (forward.ratio() + backward) / 2


#: Up to this many pairs of unmatched indicators, every pair is compared.
_EVERY_PAIR = 2500
#: Most candidates compared for one unmatched indicator, when they are many.
_CANDIDATES = 8
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _grams(indicator: Indicator) -> set[str]:
    """The pieces of an indicator's text its candidates are found by: character
    trigrams of each language's text, and the numbers it names."""
    found: set[str] = set()
    for text in (indicator.text.zh, indicator.text.en.lower()):
        found.update(text[k : k + 3] for k in range(len(text) - 2))
        found.update(f"#{number}" for number in _NUMBER.findall(text))
    return found


def _candidate_pairs(
    xs: Sequence[Indicator], ys: Sequence[Indicator], lone_x: Sequence[int], lone_y: Sequence[int]
) -> Iterator[tuple[int, int]]:
    """The pairs of unmatched indicators worth comparing by text.

    Few unmatched indicators: every pair. Many: each old indicator meets the new ones
    that share the most of its rarer pieces of text (trigrams or numbers found in at most
    a few new texts), up to ``_CANDIDATES`` of them and none sharing less than half as
    many as the best; so the comparisons grow with the number of indicators, not with
    its square.
    """
    if len(lone_x) * len(lone_y) <= _EVERY_PAIR:
        yield from ((i, j) for i in lone_x for j in lone_y)
        return
    postings: dict[str, list[int]] = {}
    for j in lone_y:
        for gram in _grams(ys[j]):
            postings.setdefault(gram, []).append(j)
    common = max(16, 2 * math.isqrt(len(lone_y)))
    for i in lone_x:
        shared: dict[int, int] = {}
        for gram in _grams(xs[i]):
            holders = postings.get(gram, ())
            if len(holders) <= common:
                for j in holders:
                    shared[j] = shared.get(j, 0) + 1
        ranked = sorted(shared, key=lambda j: (-shared[j], j))[:_CANDIDATES]
        # a candidate shares at least half as many pieces as the one sharing most
        yield from ((i, j) for j in sorted(ranked) if 2 * shared[j] >= shared[ranked[0]])


def _signature(check: Check) -> Hashable:
    if isinstance(check, BooleanCheck | ThresholdCheck | FrequencyCheck):
        return (_kind_of(check), check.fact)
    if isinstance(check, RatioCheck):
        return (_kind_of(check), check.numerator, check.denominator)
    if isinstance(check, ResultCheck):
        return (_kind_of(check), check.indicator)
    return _kind_of(check)


def _identity(check: Check) -> Hashable:
    return check


def _kind_of(check: Check) -> Hashable:
    return next(tag for tag, cls in CHECK_KINDS.items() if isinstance(check, cls))


# --- the comparison -------------------------------------------------------------------

_METADATA = standard_fields(DIFF, "metadata")
_SETTINGS = standard_fields(DIFF, "setting")
_STRUCTURE = standard_fields(DIFF, "structure")
_INDICATOR_KINDS = {
    "number": ChangeKind.INDICATOR_RENUMBERED,
    "text": ChangeKind.INDICATOR_TEXT_CHANGED,
    "points": ChangeKind.INDICATOR_REPOINTED,
    "award": ChangeKind.INDICATOR_AWARD_CHANGED,
    "role": ChangeKind.INDICATOR_ROLE_CHANGED,
    "note": ChangeKind.INDICATOR_NOTE_CHANGED,
    "point_values": ChangeKind.INDICATOR_GRANULARITY_CHANGED,
    "whole_points": ChangeKind.INDICATOR_GRANULARITY_CHANGED,
    "bands": ChangeKind.INDICATOR_BANDS_CHANGED,
    "deduction_limit": ChangeKind.INDICATOR_DEDUCTION_LIMIT_CHANGED,
    "not_applicable": ChangeKind.INDICATOR_APPLICABILITY_CHANGED,
    "not_applicable_when": ChangeKind.INDICATOR_APPLICABILITY_CHANGED,
    "when_failed": ChangeKind.INDICATOR_FAILURE_CHANGED,
    "failed_cap": ChangeKind.INDICATOR_FAILURE_CHANGED,
    "failed_tier": ChangeKind.INDICATOR_FAILURE_CHANGED,
    "starred": ChangeKind.INDICATOR_STARRED_CHANGED,
}
#: Every field of Standard is compared by one of these (a test checks the list).
COMPARED_FIELDS = frozenset(_METADATA + _SETTINGS + _STRUCTURE)


def _first_by(items: Sequence[T], key: Callable[[T], str]) -> dict[str, T]:
    found: dict[str, T] = {}
    for item in items:
        found.setdefault(key(item), item)
    return found


def _span(deduction: Deduction) -> tuple[Fraction, Fraction] | Fraction:
    """A deduction's points as a change shows them: the range's bounds, or the amount."""
    if deduction.ranged:
        return (Fraction(deduction.least), Fraction(deduction.most))
    return Fraction(deduction.least)


def _indicator_label(indicator: Indicator) -> tuple[str, str]:
    return (indicator.number, indicator.id)


def _category_label(category: Category) -> tuple[Text, str]:
    return (category.title, category.id)


def _plain(value: object) -> object:
    """``value`` as a change's sentence shows it: a value of the model other than a text
    or a limit as its document form."""
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    if attrs.has(type(value)) and not isinstance(value, Text | Limit):
        from ..formats.standard import CONVERTER

        return CONVERTER.unstructure(value)
    return value


_BOUND_SENTENCES = {
    ChangeKind.CHECK_TIGHTENED: "check_tightened",
    ChangeKind.CHECK_LOOSENED: "check_loosened",
    ChangeKind.CHECK_RESTATED: "check_restated",
    ChangeKind.CHECK_UNIT_CHANGED: "check_unit_changed",
}
_CATEGORY_SENTENCES = {"title": "category_retitled", "note": "category_note"}
_INDICATOR_SENTENCES = {
    "text": "indicator_text",
    "note": "indicator_note",
    "deductions": "indicator_deductions",
    "bands": "indicator_bands",
}


class _Differ:
    def __init__(self, a: Standard, b: Standard) -> None:
        self.a, self.b = a, b
        self.facts_a = _first_by(a.facts, lambda fact: fact.key)
        self.facts_b = _first_by(b.facts, lambda fact: fact.key)
        self.changes: list[Change] = []

    def add(
        self,
        kind: ChangeKind,
        path: str,
        said: tuple[str, tuple[Any, ...]],
        *,
        ids: tuple[str, ...] = (),
        before: object = None,
        after: object = None,
        detail: str = "",
    ) -> None:
        sentence, data = said
        self.changes.append(
            Change(
                kind=kind,
                path=path,
                sentence=sentence,
                data=data,
                ids=ids,
                detail=detail,
                before=before,
                after=after,
            )
        )

    def run(self) -> StandardDiff:
        a, b = self.a, self.b
        for name in _METADATA + _SETTINGS:
            old, new = getattr(a, name), getattr(b, name)
            if old != new:
                kind = (
                    ChangeKind.LANGUAGES_CHANGED
                    if name == "languages"
                    else ChangeKind.METADATA_CHANGED
                    if name in _METADATA
                    else ChangeKind.SETTING_CHANGED
                )
                said: tuple[str, tuple[Any, ...]] = (
                    ("total_deductions", ())
                    if name == "deductions"
                    else ("field", (name, _plain(old), _plain(new)))
                )
                self.add(kind, name, said, before=old, after=new)
        if a.pass_mark != b.pass_mark:
            kind = (
                ChangeKind.PASS_MARK_RAISED
                if b.pass_mark > a.pass_mark
                else ChangeKind.PASS_MARK_LOWERED
            )
            self.add(
                kind,
                "pass_mark",
                ("pass_mark", (a.pass_mark, b.pass_mark)),
                before=a.pass_mark,
                after=b.pass_mark,
            )
        self.tiers()
        self.sections()
        self.categories()
        self.indicators()
        self.keyed("facts", a.facts, b.facts)
        self.keyed("departments", a.departments, b.departments)
        return StandardDiff(old=a.ref, new=b.ref, changes=tuple(self.changes))

    def reorder(
        self,
        kind: ChangeKind,
        path: str,
        pairs: Sequence[tuple[int, int]],
        y_ids: Sequence[str],
        said: tuple[str, tuple[Any, ...]],
        ids: tuple[str, ...] = (),
    ) -> None:
        before = tuple(y_ids[j] for _, j in sorted(pairs))
        after = tuple(y_ids[j] for _, j in sorted(pairs, key=lambda pair: pair[1]))
        self.add(kind, path, said, ids=ids, before=before, after=after)

    def tiers(self) -> None:
        xs, ys = self.a.tiers, self.b.tiers
        pairs, lone_x, lone_y = _match(xs, ys, [lambda tier: tier.id])
        for i, j in sorted(pairs, key=lambda pair: pair[1]):
            x, y = xs[i], ys[j]
            if x.minimum != y.minimum:
                kind = ChangeKind.TIER_RAISED if y.minimum > x.minimum else ChangeKind.TIER_LOWERED
                self.add(
                    kind,
                    "tiers",
                    ("tier_minimum", (y.title, x.minimum, y.minimum)),
                    ids=(y.id,),
                    detail=f"{y.id}.minimum",
                    before=x.minimum,
                    after=y.minimum,
                )
            for name in ("shares", "starred_above_zero"):
                old, new = getattr(x, name), getattr(y, name)
                if old != new:
                    self.add(
                        ChangeKind.TIER_REQUIREMENTS_CHANGED,
                        "tiers",
                        ("tier_requirement", (y.title, name, old, new)),
                        ids=(y.id,),
                        detail=f"{y.id}.{name}",
                        before=old,
                        after=new,
                    )
            if x.title != y.title:
                self.add(
                    ChangeKind.TIER_RETITLED,
                    "tiers",
                    ("tier_title", (y.id, x.title, y.title)),
                    ids=(y.id,),
                    detail=f"{y.id}.title",
                    before=x.title,
                    after=y.title,
                )
        for j in lone_y:
            tier = ys[j]
            self.add(
                ChangeKind.TIER_ADDED,
                "tiers",
                ("tier_added", (tier.title, tier.minimum)),
                ids=(tier.id,),
                detail=tier.id,
                after=tier,
            )
        for i in lone_x:
            tier = xs[i]
            self.add(
                ChangeKind.TIER_REMOVED,
                "tiers",
                ("tier_removed", (tier.title, tier.minimum)),
                ids=(tier.id,),
                detail=tier.id,
                before=tier,
            )
        if _reordered(pairs):
            ids = [tier.id for tier in ys]
            said = ("reordered", ("tiers",))
            self.reorder(ChangeKind.TIERS_REORDERED, "tiers", pairs, ids, said)

    def categories(self) -> None:
        xs, ys = self.a.categories, self.b.categories
        pairs, lone_x, _ = _match(xs, ys, [lambda category: category.id])
        paired = {j: i for i, j in pairs}
        for j, y in enumerate(ys):
            path = table_path("categories", y.id)
            if j not in paired:
                self.add(
                    ChangeKind.CATEGORY_ADDED,
                    path,
                    ("category_added", (_category_label(y), y.points)),
                    ids=(y.id,),
                    after=y,
                )
                continue
            x = xs[paired[j]]
            for name, kind in (
                ("title", ChangeKind.CATEGORY_RETITLED),
                ("points", ChangeKind.CATEGORY_REPOINTED),
                ("weight", ChangeKind.CATEGORY_REWEIGHTED),
                ("note", ChangeKind.CATEGORY_NOTE_CHANGED),
                ("cap", ChangeKind.CATEGORY_RECAPPED),
                ("bonus", ChangeKind.CATEGORY_BONUS_CHANGED),
                ("section", ChangeKind.CATEGORY_SECTION_CHANGED),
                ("deductions", ChangeKind.CATEGORY_DEDUCTIONS_CHANGED),
                ("deduction_limit", ChangeKind.CATEGORY_DEDUCTIONS_CHANGED),
                ("floor", ChangeKind.CATEGORY_DEDUCTIONS_CHANGED),
            ):
                old, new = getattr(x, name), getattr(y, name)
                if old != new:
                    self.add(
                        kind,
                        f"{path}.{name}",
                        self.category_field(x, y, name),
                        ids=(y.id,),
                        before=old,
                        after=new,
                    )
            self.groups(x, y, path)
        for i in lone_x:
            x = xs[i]
            self.add(
                ChangeKind.CATEGORY_REMOVED,
                table_path("categories", x.id),
                ("category_removed", (_category_label(x), x.points)),
                ids=(x.id,),
                before=x,
            )
        if _reordered(pairs):
            ids = [category.id for category in ys]
            said = ("reordered", ("categories",))
            self.reorder(ChangeKind.CATEGORIES_REORDERED, "categories", pairs, ids, said)

    @staticmethod
    def category_field(x: Category, y: Category, name: str) -> tuple[str, tuple[Any, ...]]:
        """What a change of a category's field ``name`` is said with."""
        if name == "title":
            return ("category_retitled", (_category_label(x), y.title))
        if name == "note":
            return ("category_note", (_category_label(y),))
        if name == "deductions":
            return ("category_deductions", (_category_label(y),))
        old, new = _plain(getattr(x, name)), _plain(getattr(y, name))
        return ("category_field", (_category_label(y), name, old, new))

    def sections(self) -> None:
        """The weighted sections on both sides, matched by id."""
        before = {section.id: section for section in self.a.sections}
        after = {section.id: section for section in self.b.sections}
        for section_id, new in after.items():
            old = before.get(section_id)
            if old == new:
                continue
            path = table_path("sections", section_id)
            if old is None:
                added = ("section_added", (new.title, new.weight))
                self.add(ChangeKind.SECTION_ADDED, path, added, ids=(section_id,), after=new)
                continue
            changed = ("section_changed", (new.title, old.weight, new.weight))
            self.add(
                ChangeKind.SECTION_CHANGED, path, changed, ids=(section_id,), before=old, after=new
            )
        for section_id, old in before.items():
            if section_id not in after:
                path = table_path("sections", section_id)
                said = ("section_removed", (old.title, old.weight))
                self.add(ChangeKind.SECTION_REMOVED, path, said, ids=(section_id,), before=old)

    def groups(self, x: Category, y: Category, path: str) -> None:
        """The groups of a category on both sides, matched by id."""
        before = {group.id: group for group in x.groups}
        after = {group.id: group for group in y.groups}
        for group_id, new in after.items():
            old = before.get(group_id)
            if old == new:
                continue
            kind = ChangeKind.GROUP_ADDED if old is None else ChangeKind.GROUP_CHANGED
            self.add(
                kind,
                f"{path}.groups.{group_id}",
                ("group_added", (_category_label(y), new))
                if old is None
                else ("group_changed", (_category_label(y), old, new)),
                ids=(y.id, group_id),
                before=old,
                after=new,
            )
        for group_id, old in before.items():
            if group_id not in after:
                self.add(
                    ChangeKind.GROUP_REMOVED,
                    f"{path}.groups.{group_id}",
                    ("group_removed", (_category_label(y), old)),
                    ids=(y.id, group_id),
                    before=old,
                )

    def indicators(self) -> None:
        xs = list(self.a.indicators())
        ys = list(self.b.indicators())
        x_items, y_items = [item for _, item in xs], [item for _, item in ys]
        pairs, lone_x, lone_y = _match(x_items, y_items, [lambda item: item.id])
        scored = [
            (score, i, j)
            for i, j in _candidate_pairs(x_items, y_items, lone_x, lone_y)
            if (score := _similarity(x_items[i], y_items[j])) >= SIMILARITY
        ]
        similar: list[tuple[int, int]] = []
        free_x, free_y = set(lone_x), set(lone_y)
        for _, i, j in sorted(scored, key=lambda item: (-item[0], item[1], item[2])):
            if i in free_x and j in free_y:
                similar.append((i, j))
                free_x.discard(i)
                free_y.discard(j)
        lone_x = [i for i in lone_x if i in free_x]
        matched = {j: i for i, j in pairs + similar}
        for j, (category_y, y) in enumerate(ys):
            if j in matched:
                category_x, x = xs[matched[j]]
                self.indicator_pair(category_x, x, category_y, y)
            else:
                self.add(
                    ChangeKind.INDICATOR_ADDED,
                    table_path("indicators", y.id),
                    (
                        "indicator_added",
                        (_indicator_label(y), y.text, y.points, _category_label(category_y)),
                    ),
                    ids=(y.id,),
                    after=y,
                )
        for i in lone_x:
            category_x, x = xs[i]
            self.add(
                ChangeKind.INDICATOR_REMOVED,
                table_path("indicators", x.id),
                (
                    "indicator_removed",
                    (_indicator_label(x), x.text, x.points, _category_label(category_x)),
                ),
                ids=(x.id,),
                before=x,
            )
        y_ids = [item.id for item in y_items]
        staying: dict[str, list[tuple[int, int]]] = {}
        for j, i in matched.items():
            if xs[i][0].id == ys[j][0].id:
                staying.setdefault(ys[j][0].id, []).append((i, j))
        for category in self.b.categories:
            inside = staying.get(category.id, [])
            if _reordered(inside):
                self.reorder(
                    ChangeKind.INDICATORS_REORDERED,
                    f"{table_path('categories', category.id)}.indicators",
                    inside,
                    y_ids,
                    ("indicators_reordered", (_category_label(category),)),
                    ids=(category.id,),
                )

    def indicator_pair(
        self, category_x: Category, x: Indicator, category_y: Category, y: Indicator
    ) -> None:
        path = table_path("indicators", y.id)
        ids = (y.id,)
        if x.id != y.id:
            self.add(
                ChangeKind.INDICATOR_RENAMED,
                path,
                ("renamed", (_indicator_label(y), x.id, y.id)),
                ids=(x.id, y.id),
                before=x.id,
                after=y.id,
            )
        if category_x.id != category_y.id:
            self.add(
                ChangeKind.INDICATOR_MOVED,
                f"{path}.category",
                (
                    "moved",
                    (_indicator_label(y), _category_label(category_x), _category_label(category_y)),
                ),
                ids=ids,
                before=category_x.id,
                after=category_y.id,
            )
        for field in attrs.fields(Indicator):
            name = field.name
            old, new = getattr(x, name), getattr(y, name)
            if name == "id" or old == new:
                continue
            if name == "checks":
                self.checks(y, old, new, "", f"{path}.checks")
                continue
            if name == "deductions" and self.ranges(y, old, new, path, ids):
                continue
            self.add(
                _INDICATOR_KINDS.get(name, ChangeKind.INDICATOR_CHANGED),
                f"{path}.{name}",
                ("indicator_condition", (_indicator_label(y), old, new, self.facts_a, self.facts_b))
                if name == "not_applicable_when"
                else self.indicator_field(y, name, old, new),
                ids=ids,
                before=old,
                after=new,
            )

    def ranges(
        self,
        y: Indicator,
        xs: Sequence[Deduction],
        ys: Sequence[Deduction],
        path: str,
        ids: tuple[str, ...],
    ) -> bool:
        """The changes of deductions that differ only in their points where a range is
        involved (a fixed amount became a range, a range changed, a range became fixed),
        each said on its own; ``False`` when the deductions changed otherwise (said as a
        whole)."""
        if len(xs) != len(ys):
            return False
        found: list[tuple[int, Deduction, Deduction]] = []
        for k, (x, z) in enumerate(zip(xs, ys, strict=True)):
            if x == z:
                continue
            if attrs.evolve(x, points=z.points, id=z.id) != z or not (x.ranged or z.ranged):
                return False
            found.append((k, x, z))
        for k, x, z in found:
            kind = (
                ChangeKind.DEDUCTION_RANGE_CHANGED
                if x.ranged and z.ranged
                else ChangeKind.DEDUCTION_RANGED
                if z.ranged
                else ChangeKind.DEDUCTION_FIXED
            )
            name = z.id or x.id or f"deductions[{k}]"
            data = (_indicator_label(y), name, _span(x), _span(z))
            self.add(
                kind,
                f"{path}.deductions[{k}].points",
                ("deduction_points", data),
                ids=ids,
                before=x.points,
                after=z.points,
            )
        return True

    @staticmethod
    def indicator_field(
        y: Indicator, name: str, old: object, new: object
    ) -> tuple[str, tuple[Any, ...]]:
        """What a change of an indicator's field ``name`` is said with."""
        label = _indicator_label(y)
        sentence = _INDICATOR_SENTENCES.get(name)
        if sentence == "indicator_text":
            return (sentence, (label, new))
        if sentence == "indicator_bands":
            return (sentence, (label, old, new))
        if sentence is not None:
            return (sentence, (label,))
        return ("indicator_field", (label, name, _plain(old), _plain(new)))

    def checks(
        self, owner: Indicator, xs: Sequence[Check], ys: Sequence[Check], detail: str, path: str
    ) -> None:
        pairs, lone_x, lone_y = _match(xs, ys, [_identity, _signature, _kind_of])
        for i, j in sorted(pairs, key=lambda pair: pair[1]):
            if xs[i] != ys[j]:
                self.check_pair(owner, xs[i], ys[j], f"{detail}[{j}]", path)
        for j in lone_y:
            self.add(
                ChangeKind.CHECK_ADDED,
                path,
                ("check_added", (_indicator_label(owner), ys[j], self.facts_b)),
                ids=(owner.id,),
                detail=f"{detail}[{j}]",
                after=ys[j],
            )
        for i in lone_x:
            self.add(
                ChangeKind.CHECK_REMOVED,
                path,
                ("check_removed", (_indicator_label(owner), xs[i], self.facts_a)),
                ids=(owner.id,),
                detail=f"{detail}[{i}]",
                before=xs[i],
            )
        if _reordered(pairs):
            self.add(
                ChangeKind.CHECKS_REORDERED,
                path,
                ("checks_reordered", (_indicator_label(owner),)),
                ids=(owner.id,),
                detail=detail,
                before=tuple(xs[i] for i, _ in sorted(pairs)),
                after=tuple(ys[j] for _, j in sorted(pairs, key=lambda pair: pair[1])),
            )

    def check_pair(self, owner: Indicator, x: Check, y: Check, detail: str, path: str) -> None:
        ids = (owner.id,)

        def whole(kind: ChangeKind, sentence: str) -> None:
            data = (_indicator_label(owner), x, y, self.facts_a, self.facts_b)
            self.add(kind, path, (sentence, data), ids=ids, detail=detail, before=x, after=y)

        if _signature(x) != _signature(y):
            whole(ChangeKind.CHECK_FACT_CHANGED, "check_fact_changed")
            return
        if isinstance(x, AssessedCheck):
            whole(ChangeKind.CHECK_CHANGED, "check_assessed_changed")
            return
        if isinstance(x, BooleanCheck) and isinstance(y, BooleanCheck) and x.expected != y.expected:
            whole(ChangeKind.CHECK_CHANGED, "check_expected_changed")
        if isinstance(x, ThresholdCheck | FrequencyCheck | RatioCheck) and isinstance(
            y, ThresholdCheck | FrequencyCheck | RatioCheck
        ):
            for inclusive, strict in (("minimum", "more_than"), ("maximum", "less_than")):
                self.side(owner, x, y, (inclusive, strict), detail, path)
        if isinstance(x, ResultCheck) and isinstance(y, ResultCheck) and x.points != y.points:
            if x.points is None or y.points is None:  # met against a number of points
                whole(ChangeKind.CHECK_CHANGED, "check_expected_changed")
            elif y.points > x.points:
                whole(ChangeKind.CHECK_TIGHTENED, "check_points_raised")
            else:
                whole(ChangeKind.CHECK_LOOSENED, "check_points_lowered")
        if isinstance(x, RatioCheck) and isinstance(y, RatioCheck) and x.when_zero != y.when_zero:
            whole(ChangeKind.CHECK_CHANGED, "check_when_zero_changed")
        if isinstance(x, AllOf | AnyOf) and isinstance(y, AllOf | AnyOf) and x.checks != y.checks:
            self.checks(owner, x.checks, y.checks, f"{detail}.checks", path)
        old_label: Text | None = getattr(x, "label", None)
        new_label: Text | None = getattr(y, "label", None)
        if old_label != new_label:
            self.add(
                ChangeKind.CHECK_RELABELLED,
                path,
                (
                    "check_relabelled",
                    (_indicator_label(owner), check_subject(y), old_label, new_label),
                ),
                ids=ids,
                detail=f"{detail}.label",
                before=old_label,
                after=new_label,
            )

    def side(
        self,
        owner: Indicator,
        x: ThresholdCheck | FrequencyCheck | RatioCheck,
        y: ThresholdCheck | FrequencyCheck | RatioCheck,
        names: tuple[str, str],
        detail: str,
        path: str,
    ) -> None:
        """One side of a range (from below or above), its inclusive and strict bound as one."""
        inclusive, strict = names
        x_name = strict if getattr(x, strict) is not None else inclusive
        y_name = strict if getattr(y, strict) is not None else inclusive
        if x_name == y_name or getattr(x, x_name) is None or getattr(y, y_name) is None:
            for name in names:
                self.bound(owner, x, y, name, f"{detail}.{name}", path)
            return
        self.bound(owner, x, y, y_name, f"{detail}.{y_name}", path, old_name=x_name)

    def bound(
        self,
        owner: Indicator,
        x: ThresholdCheck | FrequencyCheck | RatioCheck,
        y: ThresholdCheck | FrequencyCheck | RatioCheck,
        name: str,
        detail: str,
        path: str,
        old_name: str | None = None,
    ) -> None:
        old: Limit | None = getattr(x, old_name or name)
        new: Limit | None = getattr(y, name)
        if old == new and old_name is None:
            return
        unit_x, unit_y = _unit_of(x, self.facts_a), _unit_of(y, self.facts_b)
        kind = _bound_kind(name, old, new, unit_x, unit_y, old_name=old_name)
        self.add(
            kind,
            path,
            (
                _BOUND_SENTENCES[kind],
                (_indicator_label(owner), check_subject(y), name, old, unit_x, new, unit_y),
            ),
            ids=(owner.id,),
            detail=detail,
            before=old,
            after=new,
        )

    def keyed(
        self,
        name: str,
        xs: Sequence[Fact | Department],
        ys: Sequence[Fact | Department],
    ) -> None:
        added, removed, changed, reordered = _KEYED_KINDS[name]
        x_ids, y_ids = [_key(item) for item in xs], [_key(item) for item in ys]
        pairs, lone_x, lone_y = _match(x_ids, y_ids, [_same])
        for i, j in sorted(pairs, key=lambda pair: pair[1]):
            x, y = xs[i], ys[j]
            if x != y:
                fields = [
                    f.name
                    for f in attrs.fields(type(x))
                    if getattr(x, f.name) != getattr(y, f.name)
                ]
                self.add(
                    changed,
                    table_path(name, y_ids[j]),
                    (f"{_SINGULAR[name]}_changed", (y_ids[j], tuple(fields))),
                    ids=(y_ids[j],),
                    before=x,
                    after=y,
                )
        for j in lone_y:
            self.add(
                added,
                table_path(name, y_ids[j]),
                (f"{_SINGULAR[name]}_added", (y_ids[j], _title(ys[j]))),
                ids=(y_ids[j],),
                after=ys[j],
            )
        for i in lone_x:
            self.add(
                removed,
                table_path(name, x_ids[i]),
                (f"{_SINGULAR[name]}_removed", (x_ids[i], _title(xs[i]))),
                ids=(x_ids[i],),
                before=xs[i],
            )
        if _reordered(pairs):
            self.reorder(reordered, name, pairs, y_ids, ("reordered", (name,)))


_KEYED_KINDS = {
    "facts": (
        ChangeKind.FACT_ADDED,
        ChangeKind.FACT_REMOVED,
        ChangeKind.FACT_CHANGED,
        ChangeKind.FACTS_REORDERED,
    ),
    "departments": (
        ChangeKind.DEPARTMENT_ADDED,
        ChangeKind.DEPARTMENT_REMOVED,
        ChangeKind.DEPARTMENT_CHANGED,
        ChangeKind.DEPARTMENTS_REORDERED,
    ),
}


_SINGULAR = {"facts": "fact", "departments": "department"}


def _title(item: Fact | Department) -> Text:
    return item.description if isinstance(item, Fact) else item.name


def _key(item: Fact | Department) -> str:
    return item.key if isinstance(item, Fact) else item.id


def _same(item: str) -> Hashable:
    return item


def _unit_of(check: Check, facts: Mapping[str, Fact]) -> str | None:
    """The unit ``check`` compares in, or ``None`` if a fact it names is not declared."""
    if isinstance(check, ThresholdCheck | FrequencyCheck):
        fact = facts.get(check.fact)
        return None if fact is None else fact.unit
    if isinstance(check, RatioCheck):
        top, bottom = facts.get(check.numerator), facts.get(check.denominator)
        return None if top is None or bottom is None else ratio_unit(top, bottom)
    return None


def _bound_kind(
    name: str,
    old: Limit | None,
    new: Limit | None,
    unit_x: str | None,
    unit_y: str | None,
    *,
    old_name: str | None = None,
) -> ChangeKind:
    """Compare two limits exactly, ``new`` converted into the unit ``old`` is compared in.

    ``old_name`` is the old bound's name when the side changed between inclusive and
    strict (``minimum`` to ``more_than``): at the same value, strict is tighter.
    """
    if old is None:
        return ChangeKind.CHECK_TIGHTENED
    if new is None:
        return ChangeKind.CHECK_LOOSENED
    target = unit_x if unit_x is not None else old.unit
    written = unit_y if unit_y is not None else new.unit
    try:
        value_x = limit_in(old, target)
        value_y = limit_in(new, written) * conversion_factor(written, target)
    except UnitProblem:
        return ChangeKind.CHECK_UNIT_CHANGED
    if value_x == value_y:
        if old_name is None or old_name == name:
            return ChangeKind.CHECK_RESTATED
        now_strict = name in ("more_than", "less_than")
        return ChangeKind.CHECK_TIGHTENED if now_strict else ChangeKind.CHECK_LOOSENED
    if (value_y > value_x) == (name in ("minimum", "more_than")):
        return ChangeKind.CHECK_TIGHTENED
    return ChangeKind.CHECK_LOOSENED


def diff(a: Standard, b: Standard) -> StandardDiff:
    """Return the changes that turn standard ``a`` into standard ``b``.

    Pure; the result is empty (falsy) exactly when ``a == b``. Swapping the arguments
    swaps added with removed, raised with lowered and tightened with loosened.

    .. versionadded:: 0.1.0
    """
    return _Differ(a, b).run()
