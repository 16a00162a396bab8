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

import datetime
import difflib
import enum
import math
import re
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import attrs

from ..messages.checks import describe_check, describe_group
from ..model.measures import limit_in, ratio_unit
from ..model.refs import table_path
from ..model.standard import (
    CHECK_KINDS,
    DIFF,
    AllOf,
    AnyOf,
    AssessedCheck,
    BandTable,
    BooleanCheck,
    Category,
    Check,
    Department,
    Fact,
    FrequencyCheck,
    Group,
    Indicator,
    Limit,
    RatioCheck,
    ResultCheck,
    Section,
    Standard,
    Text,
    ThresholdCheck,
    Tier,
    standard_fields,
)
from ..units.convert import UnitProblem, conversion_factor, unit_label
from ..units.numbers import format_number

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
    "check": "indicators",
    "checks": "indicators",
    "fact": "facts",
    "facts": "facts",
    "department": "departments",
    "departments": "departments",
}

#: Report sections in order, with their titles in Chinese and English.
GROUPS: dict[str, Text] = {
    "standard": Text(zh="标准信息", en="Standard"),
    "rating": Text(zh="合格线与等级", en="Pass mark and tiers"),
    "categories": Text(zh="分类", en="Categories"),
    "indicators": Text(zh="指标与要求", en="Indicators and requirements"),
    "facts": Text(zh="证据事实", en="Facts (evidence)"),
    "departments": Text(zh="责任部门", en="Departments"),
    "editorial": Text(zh="文字与编排（不影响评分）", en="Editorial (no effect on scores)"),
}


@attrs.frozen(kw_only=True)
class Change:
    """One difference between two standards.

    ``path`` addresses the value changed as a derived file does (``pass_mark``,
    ``tiers``, ``categories.<id>.points``, ``indicators.<id>.checks``, ``facts.<key>``);
    ``detail`` locates it further inside that value (``[0].minimum``). ``ids`` names the
    items involved (the old and new id for a rename). ``before`` and ``after`` are the
    values on each side (``None`` for an absent one), as model values.
    ``description`` says it in a sentence, in Chinese and English.

    .. versionadded:: 0.1.0
    """

    kind: ChangeKind
    path: str
    description: Text
    ids: tuple[str, ...] = ()
    detail: str = ""
    before: Any = None
    after: Any = None

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


# --- words ----------------------------------------------------------------------------

_FIELD_WORDS: dict[str, tuple[str, str]] = {
    "id": ("标识", "ID"),
    "version": ("版本", "version"),
    "title": ("标题", "title"),
    "status": ("状态", "status"),
    "supersedes": ("所取代的版本", "supersedes"),
    "issuer": ("发布机关", "issuer"),
    "document_number": ("文号", "document number"),
    "issued": ("发布日期", "issued on"),
    "source": ("出处", "source"),
    "notes": ("说明", "notes"),
    "schema": ("格式版本", "schema"),
    "total_points": ("总分", "total points"),
    "aggregation": ("汇总方式", "aggregation"),
    "not_applicable": ("不适用项处理", "not-applicable policy"),
    "partial_credit": ("部分达标得分比例", "partial credit"),
    "pass_mark": ("合格线", "pass mark"),
    "number": ("序号", "number"),
    "text": ("内容", "text"),
    "points": ("分值", "points"),
    "award": ("计分方式", "award rule"),
    "role": ("性质", "role"),
    "bonus": ("加分项", "bonus item"),
    "deductions": ("扣分规则", "deductions"),
    "point_values": ("可给分值", "allowed points"),
    "bands": ("分档", "bands"),
    "deduction_limit": ("扣分上限", "deduction limit"),
    "whole_points": ("只给整数分", "whole points only"),
    "when_failed": ("未达到时的后果", "effect when not met"),
    "failed_cap": ("未达到时的总分上限", "total cap when not met"),
    "failed_tier": ("未达到时的最高等级", "highest tier when not met"),
    "starred": ("带星号", "starred"),
    "shares": ("分类最低得分比例", "category minimum shares"),
    "starred_above_zero": ("带星号项不得为 0 分", "no starred item at 0"),
    "not_applicable_when": ("不适用条件", "not-applicable condition"),
    "departments": ("责任部门", "departments"),
    "note": ("注释", "note"),
    "cap": ("计分上限", "cap"),
    "section": ("所属分部", "section"),
    "kind": ("类型", "kind"),
    "unit": ("单位", "unit"),
    "description": ("说明", "description"),
    "minimum": ("最低值", "minimum"),
    "maximum": ("最高值", "maximum"),
    "more_than": ("下限（不含）", "more than"),
    "less_than": ("上限（不含）", "less than"),
    "when_zero": ("分母为 0 时", "when the denominator is 0"),
    "name": ("名称", "name"),
    "duties": ("职责", "duties"),
}


def _word(name: str, language: str) -> str:
    zh, en = _FIELD_WORDS.get(name, (name, name.replace("_", " ")))
    return zh if language == "zh" else en


def _show(value: object, language: str) -> str:
    zh = language == "zh"
    if value is None:
        return "（无）" if zh else "(none)"
    if isinstance(value, Text):
        text = value.get(language)
        return f"「{text}」" if zh else f'"{text}"'
    if isinstance(value, bool):
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    if isinstance(value, Decimal | Fraction | int):
        return format_number(Fraction(value))
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        if not value:
            return "（无）" if zh else "(none)"
        return ("、" if zh else ", ").join(_show(item, language) for item in value)
    if isinstance(value, Limit):
        return f"{format_number(value.value)} {value.unit}".strip()
    if attrs.has(type(value)):
        from ..formats.standard import CONVERTER

        return str(CONVERTER.unstructure(value))
    return str(value)


def _indicator_label(indicator: Indicator, language: str, *, capital: bool = True) -> str:
    if language == "zh":
        return f"指标 {indicator.number}（{indicator.id}）"
    return f"{'Indicator' if capital else 'indicator'} {indicator.number} ({indicator.id})"


def _category_label(category: Category, language: str, *, capital: bool = True) -> str:
    title = category.title.get(language) or category.id
    if language == "zh":
        return f"分类「{title}」"
    return f'{"Category" if capital else "category"} "{title}"'


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _colon(language: str) -> str:
    return "：" if language == "zh" else ": "


def _limit_text(limit: Limit | None, unit: str | None, language: str) -> str:
    if limit is None:
        return "无" if language == "zh" else "none"
    label = unit_label(limit.unit or unit or "", language)
    return f"{format_number(limit.value)} {label}".strip()


def _check_text(check: Check, facts: Mapping[str, Fact], language: str) -> str:
    try:
        return describe_check(check, facts, language)
    except KeyError:
        tag = next(tag for tag, cls in CHECK_KINDS.items() if isinstance(check, cls))
        subject = _check_subject(check)
        return f"{tag} {subject}".strip()


def _check_subject(check: Check) -> str:
    if isinstance(check, BooleanCheck | ThresholdCheck | FrequencyCheck):
        return check.fact
    if isinstance(check, RatioCheck):
        return f"{check.numerator}/{check.denominator}"
    if isinstance(check, AssessedCheck):
        return check.label.get("en") or check.label.zh
    if isinstance(check, ResultCheck):
        return check.indicator
    return "all_of" if isinstance(check, AllOf) else "any_of"


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


def _say(make: Callable[[str], str]) -> Text:
    return Text(zh=make("zh"), en=make("en"))


def _field_text(name: str, old: object, new: object) -> Text:
    return _say(
        lambda lang: (
            f"{_capital(_word(name, lang))}{_colon(lang)}{_show(old, lang)} → {_show(new, lang)}"
        )
    )


def _pass_mark_text(old: Decimal, new: Decimal) -> Text:
    raised = new > old

    def make(lang: str) -> str:
        if lang == "zh":
            return (
                f"合格线 {_show(old, lang)} → {_show(new, lang)}（{'提高' if raised else '降低'}）"
            )
        return f"Pass mark {_show(old, lang)} → {_show(new, lang)} ({'raised' if raised else 'lowered'})"

    return _say(make)


def _tier_minimum_text(x: Tier, y: Tier) -> Text:
    raised = y.minimum > x.minimum

    def make(lang: str) -> str:
        title, old, new = y.title.get(lang), _show(x.minimum, lang), _show(y.minimum, lang)
        if lang == "zh":
            return f"等级「{title}」最低分 {old} → {new}（{'提高' if raised else '降低'}）"
        return f'Tier "{title}" minimum {old} → {new} ({"raised" if raised else "lowered"})'

    return _say(make)


def _tier_requirement_text(y: Tier, name: str, old: object, new: object) -> Text:
    def shown(value: object, lang: str) -> str:
        if isinstance(value, tuple):
            parts = [f"{s.category} ≥ {format_number(Fraction(s.minimum) * 100)} %" for s in value]
            return ", ".join(parts) or ("无" if lang == "zh" else "none")
        return _show(value, lang)

    def make(lang: str) -> str:
        title = y.title.get(lang)
        word = _word(name, lang)
        return f"{title}{_colon(lang)}{word} {shown(old, lang)} → {shown(new, lang)}"

    return _say(make)


def _tier_title_text(x: Tier, y: Tier) -> Text:
    return _say(
        lambda lang: (
            f"等级 {y.id} 名称 {_show(x.title, lang)} → {_show(y.title, lang)}"
            if lang == "zh"
            else f"Tier {y.id} renamed {_show(x.title, lang)} → {_show(y.title, lang)}"
        )
    )


def _tier_presence_text(tier: Tier, added: bool) -> Text:
    def make(lang: str) -> str:
        title, minimum = tier.title.get(lang), _show(tier.minimum, lang)
        if lang == "zh":
            return f"{'新增' if added else '删除'}等级「{title}」（{minimum} 分及以上）"
        return f'{"Added" if added else "Removed"} tier "{title}" ({minimum} points or more)'

    return _say(make)


def _reorder_text(zh: str, en: str) -> Text:
    return Text(zh=f"{zh}的顺序调整", en=f"The order of {en} changed")


def _category_presence_text(category: Category, added: bool) -> Text:
    def make(lang: str) -> str:
        label, points = _category_label(category, lang, capital=False), _show(category.points, lang)
        if lang == "zh":
            return f"新增{label}，{points} 分" if added else f"删除{label}（{points} 分）"
        return f"Added {label}, {points} points" if added else f"Removed {label} ({points} points)"

    return _say(make)


def _category_field_text(x: Category, y: Category, name: str) -> Text:
    old, new = getattr(x, name), getattr(y, name)

    def make(lang: str) -> str:
        if name == "title":
            if lang == "zh":
                return f"{_category_label(x, lang)}更名为「{y.title.get(lang)}」"
            return f'{_category_label(x, lang)} renamed "{y.title.get(lang)}"'
        if name == "note":
            return (
                f"{_category_label(y, lang)}注释修改"
                if lang == "zh"
                else f"{_category_label(y, lang)}: note changed"
            )
        space = "" if lang == "zh" else " "
        return f"{_category_label(y, lang)}{space}{_word(name, lang)} {_show(old, lang)} → {_show(new, lang)}"

    return _say(make)


def _section_text(old: Section | None, new: Section | None) -> Text:
    def make(lang: str) -> str:
        zh = lang == "zh"
        shown = new or old
        assert shown is not None
        title = shown.title.get(lang)
        if old is None:
            weight = format_number(Fraction(shown.weight))
            return (
                f"新增分部 {title}，权重 {weight}"
                if zh
                else f"Added section {title}, weight {weight}"
            )
        if new is None:
            return f"删除分部 {title}" if zh else f"Removed section {title}"
        if old.weight != new.weight:
            was, now = format_number(Fraction(old.weight)), format_number(Fraction(new.weight))
            return (
                f"分部 {title}：权重 {was} → {now}"
                if zh
                else f"Section {title}: weight {was} → {now}"
            )
        return f"分部 {title} 修改" if zh else f"Section {title} changed"

    return _say(make)


def _group_text(category: Category, old: Group | None, new: Group | None) -> Text:
    def make(lang: str) -> str:
        label = _category_label(category, lang)
        if new is None:
            assert old is not None
            what = describe_group(old, lang)
            return (
                f"{label}删除计分组：{what}" if lang == "zh" else f"{label}: group removed: {what}"
            )
        what = describe_group(new, lang)
        if old is None:
            return f"{label}新增计分组：{what}" if lang == "zh" else f"{label}: group added: {what}"
        was = describe_group(old, lang)
        if lang == "zh":
            return f"{label}计分组修改：{was} → {what}"
        return f"{label}: group changed: {was} → {what}"

    return _say(make)


def _indicators_reordered_text(category: Category) -> Text:
    return Text(
        zh=f"{_category_label(category, 'zh')}中指标的顺序调整",
        en=f"The order of indicators in {_category_label(category, 'en', capital=False)} changed",
    )


def _indicator_presence_text(category: Category, indicator: Indicator, added: bool) -> Text:
    def make(lang: str) -> str:
        label = _indicator_label(indicator, lang, capital=False)
        where = _category_label(category, lang, capital=False)
        text, points = _show(indicator.text, lang), _show(indicator.points, lang)
        if lang == "zh":
            if added:
                return f"新增{label}：{text}，{points} 分，属{where}"
            return f"删除{label}：{text}（{points} 分，原属{where}）"
        if added:
            return f"Added {label}: {text}, {points} points, in {where}"
        return f"Removed {label}: {text} ({points} points, was in {where})"

    return _say(make)


def _renamed_text(x: Indicator, y: Indicator) -> Text:
    return _say(
        lambda lang: (
            f"{_indicator_label(y, lang)}：标识由 {x.id} 改为 {y.id}（按内容相似匹配）"
            if lang == "zh"
            else f"{_indicator_label(y, lang)}: id {x.id} renamed {y.id} (matched by similar text)"
        )
    )


def _moved_text(y: Indicator, old: Category, new: Category) -> Text:
    def make(lang: str) -> str:
        label = _indicator_label(y, lang)
        before = _category_label(old, lang, capital=False)
        after = _category_label(new, lang, capital=False)
        if lang == "zh":
            return f"{label}：由{before}移至{after}"
        return f"{label}: moved from {before} to {after}"

    return _say(make)


def _indicator_field_text(y: Indicator, name: str, old: object, new: object) -> Text:
    def make(lang: str) -> str:
        label = _indicator_label(y, lang)
        zh = lang == "zh"
        if name == "text":
            return (
                f"{label}：内容改为{_show(new, lang)}"
                if zh
                else f"{label}: text now reads {_show(new, lang)}"
            )
        if name == "note":
            return f"{label}：注释修改" if zh else f"{label}: note changed"
        if name == "deductions":
            return f"{label}：扣分规则修改" if zh else f"{label}: deductions changed"
        if name == "bands":
            return _bands_change(label, old, new, zh)
        return f"{label}{_colon(lang)}{_word(name, lang)} {_show(old, lang)} → {_show(new, lang)}"

    return _say(make)


def _bands_change(label: str, old: object, new: object, zh: bool) -> str:
    """A band table added, removed or changed, with its steps' points before and after."""

    def steps(table: object) -> str:
        if not isinstance(table, BandTable):
            return "（无）" if zh else "(none)"
        return "/".join(format_number(Fraction(step.points)) for step in table.steps)

    if zh:
        return f"{label}：分档修改（各档分值 {steps(old)} → {steps(new)}）"
    return f"{label}: bands changed (points of the steps {steps(old)} → {steps(new)})"


def _check_presence_text(
    owner: Indicator, check: Check, facts: Mapping[str, Fact], added: bool
) -> Text:
    def make(lang: str) -> str:
        label, described = _indicator_label(owner, lang), _check_text(check, facts, lang)
        if lang == "zh":
            return f"{label}：{'新增' if added else '删除'}要求：{described}"
        return f"{label}: {'added' if added else 'removed'} requirement: {described}"

    return _say(make)


def _checks_reordered_text(owner: Indicator) -> Text:
    return _say(
        lambda lang: (
            f"{_indicator_label(owner, lang)}：要求的顺序调整"
            if lang == "zh"
            else f"{_indicator_label(owner, lang)}: the order of requirements changed"
        )
    )


def _check_whole_text(
    owner: Indicator,
    x: Check,
    y: Check,
    facts_x: Mapping[str, Fact],
    facts_y: Mapping[str, Fact],
    words: tuple[str, str],
) -> Text:
    def make(lang: str) -> str:
        label, word = _indicator_label(owner, lang), words[0] if lang == "zh" else words[1]
        return (
            f"{label}{_colon(lang)}{word}{_colon(lang)}"
            f"{_check_text(x, facts_x, lang)} → {_check_text(y, facts_y, lang)}"
        )

    return _say(make)


def _relabel_text(owner: Indicator, subject: str, old: Text | None, new: Text | None) -> Text:
    def make(lang: str) -> str:
        label, shown = _indicator_label(owner, lang), f"{_show(old, lang)} → {_show(new, lang)}"
        if lang == "zh":
            return f"{label}：要求 {subject} 的标注{shown}"
        return f"{label}: label of requirement {subject} {shown}"

    return _say(make)


_BOUND_WORDS = {
    ChangeKind.CHECK_TIGHTENED: ("要求提高", "tightened"),
    ChangeKind.CHECK_LOOSENED: ("要求放宽", "loosened"),
    ChangeKind.CHECK_RESTATED: ("写法改变，要求不变", "restated, same requirement"),
    ChangeKind.CHECK_UNIT_CHANGED: ("单位改变，无法比较", "unit changed, not comparable"),
}


def _bound_text(
    owner: Indicator,
    kind: ChangeKind,
    subject: str,
    name: str,
    old: tuple[Limit | None, str | None],
    new: tuple[Limit | None, str | None],
) -> Text:
    def make(lang: str) -> str:
        label = _indicator_label(owner, lang)
        shown = f"{_limit_text(*old, lang)} → {_limit_text(*new, lang)}"
        if lang == "zh":
            return f"{label}：{_BOUND_WORDS[kind][0]}——{subject} {_word(name, lang)} {shown}"
        return f"{label}: {_BOUND_WORDS[kind][1]}: {subject} {_word(name, lang)} {shown}"

    return _say(make)


def _keyed_text(name: str, kind: str, item: Fact | Department, changed: Sequence[str]) -> Text:
    identifier = item.key if isinstance(item, Fact) else item.id
    title = item.description if isinstance(item, Fact) else item.name

    def make(lang: str) -> str:
        zh = lang == "zh"
        what = (
            ("事实" if name == "facts" else "责任部门")
            if zh
            else ("fact" if name == "facts" else "department")
        )
        fields = ("、" if zh else ", ").join(_word(field, lang) for field in changed)
        if kind == "changed":
            return (
                f"{what} {identifier} 修改：{fields}"
                if zh
                else f"{_capital(what)} {identifier} changed: {fields}"
            )
        if zh:
            return f"{'新增' if kind == 'added' else '删除'}{what} {identifier}：{title.get(lang)}"
        return f"{'Added' if kind == 'added' else 'Removed'} {what} {identifier}: {title.get(lang)}"

    return _say(make)


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
        description: Text,
        *,
        ids: tuple[str, ...] = (),
        before: object = None,
        after: object = None,
        detail: str = "",
    ) -> None:
        self.changes.append(
            Change(
                kind=kind,
                path=path,
                description=description,
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
                    ChangeKind.METADATA_CHANGED if name in _METADATA else ChangeKind.SETTING_CHANGED
                )
                self.add(kind, name, _field_text(name, old, new), before=old, after=new)
        if a.pass_mark != b.pass_mark:
            kind = (
                ChangeKind.PASS_MARK_RAISED
                if b.pass_mark > a.pass_mark
                else ChangeKind.PASS_MARK_LOWERED
            )
            self.add(
                kind,
                "pass_mark",
                _pass_mark_text(a.pass_mark, b.pass_mark),
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
        description: Text,
        ids: tuple[str, ...] = (),
    ) -> None:
        before = tuple(y_ids[j] for _, j in sorted(pairs))
        after = tuple(y_ids[j] for _, j in sorted(pairs, key=lambda pair: pair[1]))
        self.add(kind, path, description, ids=ids, before=before, after=after)

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
                    _tier_minimum_text(x, y),
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
                        _tier_requirement_text(y, name, old, new),
                        ids=(y.id,),
                        detail=f"{y.id}.{name}",
                        before=old,
                        after=new,
                    )
            if x.title != y.title:
                self.add(
                    ChangeKind.TIER_RETITLED,
                    "tiers",
                    _tier_title_text(x, y),
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
                _tier_presence_text(tier, added=True),
                ids=(tier.id,),
                detail=tier.id,
                after=tier,
            )
        for i in lone_x:
            tier = xs[i]
            self.add(
                ChangeKind.TIER_REMOVED,
                "tiers",
                _tier_presence_text(tier, added=False),
                ids=(tier.id,),
                detail=tier.id,
                before=tier,
            )
        if _reordered(pairs):
            ids = [tier.id for tier in ys]
            self.reorder(
                ChangeKind.TIERS_REORDERED, "tiers", pairs, ids, _reorder_text("等级", "tiers")
            )

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
                    _category_presence_text(y, added=True),
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
            ):
                old, new = getattr(x, name), getattr(y, name)
                if old != new:
                    self.add(
                        kind,
                        f"{path}.{name}",
                        _category_field_text(x, y, name),
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
                _category_presence_text(x, added=False),
                ids=(x.id,),
                before=x,
            )
        if _reordered(pairs):
            ids = [category.id for category in ys]
            description = _reorder_text("分类", "categories")
            self.reorder(ChangeKind.CATEGORIES_REORDERED, "categories", pairs, ids, description)

    def sections(self) -> None:
        """The weighted sections on both sides, matched by id."""
        before = {section.id: section for section in self.a.sections}
        after = {section.id: section for section in self.b.sections}
        for section_id, new in after.items():
            old = before.get(section_id)
            if old == new:
                continue
            kind = ChangeKind.SECTION_ADDED if old is None else ChangeKind.SECTION_CHANGED
            path = table_path("sections", section_id)
            self.add(kind, path, _section_text(old, new), ids=(section_id,), before=old, after=new)
        for section_id, old in before.items():
            if section_id not in after:
                path = table_path("sections", section_id)
                self.add(
                    ChangeKind.SECTION_REMOVED, path, _section_text(old, None),
                    ids=(section_id,), before=old,
                )  # fmt: skip

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
                _group_text(y, old, new),
                ids=(y.id, group_id),
                before=old,
                after=new,
            )
        for group_id, old in before.items():
            if group_id not in after:
                self.add(
                    ChangeKind.GROUP_REMOVED,
                    f"{path}.groups.{group_id}",
                    _group_text(y, old, None),
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
                    _indicator_presence_text(category_y, y, added=True),
                    ids=(y.id,),
                    after=y,
                )
        for i in lone_x:
            category_x, x = xs[i]
            self.add(
                ChangeKind.INDICATOR_REMOVED,
                table_path("indicators", x.id),
                _indicator_presence_text(category_x, x, added=False),
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
                    _indicators_reordered_text(category),
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
                _renamed_text(x, y),
                ids=(x.id, y.id),
                before=x.id,
                after=y.id,
            )
        if category_x.id != category_y.id:
            self.add(
                ChangeKind.INDICATOR_MOVED,
                f"{path}.category",
                _moved_text(y, category_x, category_y),
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
            self.add(
                _INDICATOR_KINDS.get(name, ChangeKind.INDICATOR_CHANGED),
                f"{path}.{name}",
                _indicator_field_text(y, name, old, new),
                ids=ids,
                before=old,
                after=new,
            )

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
                _check_presence_text(owner, ys[j], self.facts_b, added=True),
                ids=(owner.id,),
                detail=f"{detail}[{j}]",
                after=ys[j],
            )
        for i in lone_x:
            self.add(
                ChangeKind.CHECK_REMOVED,
                path,
                _check_presence_text(owner, xs[i], self.facts_a, added=False),
                ids=(owner.id,),
                detail=f"{detail}[{i}]",
                before=xs[i],
            )
        if _reordered(pairs):
            self.add(
                ChangeKind.CHECKS_REORDERED,
                path,
                _checks_reordered_text(owner),
                ids=(owner.id,),
                detail=detail,
                before=tuple(xs[i] for i, _ in sorted(pairs)),
                after=tuple(ys[j] for _, j in sorted(pairs, key=lambda pair: pair[1])),
            )

    def check_pair(self, owner: Indicator, x: Check, y: Check, detail: str, path: str) -> None:
        ids = (owner.id,)

        def whole(kind: ChangeKind, words: tuple[str, str]) -> None:
            description = _check_whole_text(owner, x, y, self.facts_a, self.facts_b, words)
            self.add(kind, path, description, ids=ids, detail=detail, before=x, after=y)

        if _signature(x) != _signature(y):
            whole(ChangeKind.CHECK_FACT_CHANGED, ("要求改为针对另一事实", "now about another fact"))
            return
        if isinstance(x, AssessedCheck):
            whole(ChangeKind.CHECK_CHANGED, ("评估要求修改", "assessed requirement changed"))
            return
        if isinstance(x, BooleanCheck) and isinstance(y, BooleanCheck) and x.expected != y.expected:
            whole(ChangeKind.CHECK_CHANGED, ("要求修改", "requirement changed"))
        if isinstance(x, ThresholdCheck | FrequencyCheck | RatioCheck) and isinstance(
            y, ThresholdCheck | FrequencyCheck | RatioCheck
        ):
            for inclusive, strict in (("minimum", "more_than"), ("maximum", "less_than")):
                self.side(owner, x, y, (inclusive, strict), detail, path)
        if isinstance(x, ResultCheck) and isinstance(y, ResultCheck) and x.points != y.points:
            tighter = (y.points or Decimal(0)) > (x.points or Decimal(0))
            if x.points is None or y.points is None:  # met against a number of points
                whole(ChangeKind.CHECK_CHANGED, ("要求修改", "requirement changed"))
            else:
                whole(
                    ChangeKind.CHECK_TIGHTENED if tighter else ChangeKind.CHECK_LOOSENED,
                    ("要求的得分提高", "more points asked")
                    if tighter
                    else ("要求的得分降低", "fewer points asked"),
                )
        if isinstance(x, RatioCheck) and isinstance(y, RatioCheck) and x.when_zero != y.when_zero:
            whole(
                ChangeKind.CHECK_CHANGED,
                ("分母为 0 时的含义修改", "meaning of a zero denominator changed"),
            )
        if isinstance(x, AllOf | AnyOf) and isinstance(y, AllOf | AnyOf) and x.checks != y.checks:
            self.checks(owner, x.checks, y.checks, f"{detail}.checks", path)
        old_label: Text | None = getattr(x, "label", None)
        new_label: Text | None = getattr(y, "label", None)
        if old_label != new_label:
            self.add(
                ChangeKind.CHECK_RELABELLED,
                path,
                _relabel_text(owner, _check_subject(y), old_label, new_label),
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
            _bound_text(owner, kind, _check_subject(y), name, (old, unit_x), (new, unit_y)),
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
                    _keyed_text(name, "changed", y, fields),
                    ids=(y_ids[j],),
                    before=x,
                    after=y,
                )
        for j in lone_y:
            self.add(
                added,
                table_path(name, y_ids[j]),
                _keyed_text(name, "added", ys[j], ()),
                ids=(y_ids[j],),
                after=ys[j],
            )
        for i in lone_x:
            self.add(
                removed,
                table_path(name, x_ids[i]),
                _keyed_text(name, "removed", xs[i], ()),
                ids=(x_ids[i],),
                before=xs[i],
            )
        if _reordered(pairs):
            words = ("事实", "facts") if name == "facts" else ("责任部门", "departments")
            self.reorder(reordered, name, pairs, y_ids, _reorder_text(*words))


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
