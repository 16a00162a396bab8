"""Changes in words: the one place a diff's changes become sentences.

The differ (:func:`community_standards.diff`) records each change with the sentence that
says it and that sentence's data (:attr:`~community_standards.Change.sentence`,
:attr:`~community_standards.Change.data`): labels, values and numbers, never words.
:func:`render_change` writes it in a language, through the message catalogue
(:mod:`community_standards.messages.catalogue`), so a new language is a new catalogue.

Labels in the data are tuples: an indicator is ``(number, id)``, a category
``(title, id)``.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..model.standard import (
    CHECK_KINDS,
    AllOf,
    AssessedCheck,
    BandTable,
    BooleanCheck,
    Check,
    Fact,
    FrequencyCheck,
    Limit,
    RatioCheck,
    ResultCheck,
    Text,
    ThresholdCheck,
    TierShare,
    condition_check,
)
from ..units.numbers import format_number
from .amounts import amount
from .catalogue import N_, translate, translate_in
from .checks import describe_check, describe_group

__all__ = ["CHANGE_SENTENCES", "check_subject", "render_change"]

#: The words for the fields of the model a change names (English; the catalogue has the
#: others). A field not listed is named by itself.
_FIELD_WORDS: dict[str, str] = {
    "id": N_("ID"),
    "version": N_("version"),
    "title": N_("title"),
    "languages": N_("languages"),
    "status": N_("status"),
    "supersedes": N_("supersedes"),
    "issuer": N_("issuer"),
    "document_number": N_("document number"),
    "issued": N_("issued on"),
    "source": N_("source"),
    "notes": N_("notes"),
    "schema": N_("schema"),
    "total_points": N_("total points"),
    "aggregation": N_("aggregation"),
    "not_applicable": N_("not-applicable policy"),
    "partial_credit": N_("partial credit"),
    "pass_mark": N_("pass mark"),
    "number": N_("number"),
    "text": N_("text"),
    "points": N_("points"),
    "award": N_("award rule"),
    "role": N_("role"),
    "bonus": N_("bonus item"),
    "deductions": N_("deductions"),
    "point_values": N_("allowed points"),
    "bands": N_("bands"),
    "deduction_limit": N_("deduction limit"),
    "whole_points": N_("whole points only"),
    "when_failed": N_("effect when not met"),
    "failed_cap": N_("total cap when not met"),
    "failed_tier": N_("highest tier when not met"),
    "starred": N_("starred"),
    "shares": N_("category minimum shares"),
    "starred_above_zero": N_("no starred item at 0"),
    "section": N_("section"),
    "floor": N_("floor"),
    "not_applicable_when": N_("not-applicable condition"),
    "departments": N_("departments"),
    "note": N_("note"),
    "cap": N_("cap"),
    "kind": N_("kind"),
    "unit": N_("unit"),
    "description": N_("description"),
    "minimum": N_("minimum"),
    "maximum": N_("maximum"),
    "more_than": N_("more than"),
    "less_than": N_("less than"),
    "when_zero": N_("when the denominator is 0"),
    "name": N_("name"),
    "duties": N_("duties"),
}


def _word(name: str, language: str) -> str:
    word = _FIELD_WORDS.get(name)
    if word is None:
        return name if language == "zh" else name.replace("_", " ")
    return translate(language, word)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def show_value(value: object, language: str) -> str:
    """A value of the model as a change shows it (texts quoted, numbers exact)."""
    if value is None:
        return translate_in(language, "diff", "(none)")
    if isinstance(value, Text):
        return translate_in(language, "diff", '"{text}"', text=value.get(language))
    if isinstance(value, bool):
        return translate(language, "yes") if value else translate(language, "no")
    if isinstance(value, Decimal | Fraction | int):
        return format_number(Fraction(value))
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        if not value:
            return translate_in(language, "diff", "(none)")
        comma = translate_in(language, "list", ", ")
        return comma.join(show_value(item, language) for item in value)
    if isinstance(value, Limit):
        return f"{format_number(value.value)} {value.unit}".strip()
    return str(value)


def _indicator(label: tuple[str, str], language: str, *, capital: bool = True) -> str:
    number, identifier = label
    if capital:
        return translate(language, "Indicator {number} ({id})", number=number, id=identifier)
    return translate(language, "indicator {number} ({id})", number=number, id=identifier)


def _category(label: tuple[Text, str], language: str, *, capital: bool = True) -> str:
    title, identifier = label
    shown = title.get(language) or identifier
    if capital:
        return translate(language, 'Category "{title}"', title=shown)
    return translate(language, 'category "{title}"', title=shown)


def _limit(limit: Limit | None, unit: str | None, language: str) -> str:
    if limit is None:
        return translate_in(language, "limit", "none")
    return amount(limit.value, limit.unit or unit or "", language)


def check_subject(check: Check) -> str:
    """What a check is about, in the standard's own names (a fact key, ``a/b``, a label)."""
    if isinstance(check, BooleanCheck | ThresholdCheck | FrequencyCheck):
        return check.fact
    if isinstance(check, RatioCheck):
        return f"{check.numerator}/{check.denominator}"
    if isinstance(check, AssessedCheck):
        return check.label.get("en") or check.label.zh
    if isinstance(check, ResultCheck):
        return check.indicator
    return "all_of" if isinstance(check, AllOf) else "any_of"


def _check(check: Check, facts: Mapping[str, Fact], language: str) -> str:
    try:
        return describe_check(check, facts, language)
    except KeyError:  # a fact the standard does not declare: the check in its own terms
        tag = next(tag for tag, cls in CHECK_KINDS.items() if isinstance(check, cls))
        return f"{tag} {check_subject(check)}".strip()


def _steps(table: object, language: str) -> str:
    if not isinstance(table, BandTable):
        return translate_in(language, "diff", "(none)")
    return "/".join(format_number(Fraction(step.points)) for step in table.steps)


def _arrow(old: object, new: object, language: str) -> dict[str, str]:
    return {"old": show_value(old, language), "new": show_value(new, language)}


_Render = Callable[[tuple[Any, ...], str], str]


def _field(data: tuple[Any, ...], language: str) -> str:
    name, old, new = data
    field = _capital(_word(name, language))
    return translate(language, "{field}: {old} → {new}", field=field, **_arrow(old, new, language))


def _pass_mark(data: tuple[Any, ...], language: str) -> str:
    old, new = data
    if new > old:
        return translate(language, "Pass mark {old} → {new} (raised)", **_arrow(old, new, language))
    return translate(language, "Pass mark {old} → {new} (lowered)", **_arrow(old, new, language))


def _tier_minimum(data: tuple[Any, ...], language: str) -> str:
    title, old, new = data
    shown = {"title": title.get(language), **_arrow(old, new, language)}
    if new > old:
        return translate(language, 'Tier "{title}" minimum {old} → {new} (raised)', **shown)
    return translate(language, 'Tier "{title}" minimum {old} → {new} (lowered)', **shown)


def _tier_title(data: tuple[Any, ...], language: str) -> str:
    identifier, old, new = data
    return translate(
        language, "Tier {id} renamed {old} → {new}", id=identifier, **_arrow(old, new, language)
    )


def _requirement(value: object, language: str) -> str:
    """A tier's requirement as a change shows it: minimum shares as per cent."""
    if isinstance(value, tuple) and value and all(isinstance(v, TierShare) for v in value):
        comma = translate_in(language, "list", ", ")
        return comma.join(
            translate(
                language,
                "{category} ≥ {share} %",
                category=share.category,
                share=format_number(Fraction(share.minimum) * 100),
            )
            for share in value
        )
    return show_value(value, language)


def _tier_requirement(data: tuple[Any, ...], language: str) -> str:
    title, name, old, new = data
    return translate(
        language,
        'Tier "{title}": {field} {old} → {new}',
        title=title.get(language),
        field=_word(name, language),
        old=_requirement(old, language),
        new=_requirement(new, language),
    )


def _section_added(data: tuple[Any, ...], language: str) -> str:
    title, weight = data
    return translate(
        language,
        'Added section "{title}", weight {weight}',
        title=title.get(language),
        weight=show_value(weight, language),
    )


def _section_removed(data: tuple[Any, ...], language: str) -> str:
    title, weight = data
    return translate(
        language,
        'Removed section "{title}" (weight {weight})',
        title=title.get(language),
        weight=show_value(weight, language),
    )


def _section_changed(data: tuple[Any, ...], language: str) -> str:
    title, old, new = data
    if old == new:
        return translate(language, 'Section "{title}" changed', title=title.get(language))
    return translate(
        language,
        'Section "{title}": weight {old} → {new}',
        title=title.get(language),
        **_arrow(old, new, language),
    )


def _tier_added(data: tuple[Any, ...], language: str) -> str:
    title, minimum = data
    return translate(
        language,
        'Added tier "{title}" ({minimum} points or more)',
        title=title.get(language),
        minimum=show_value(minimum, language),
    )


def _tier_removed(data: tuple[Any, ...], language: str) -> str:
    title, minimum = data
    return translate(
        language,
        'Removed tier "{title}" ({minimum} points or more)',
        title=title.get(language),
        minimum=show_value(minimum, language),
    )


_REORDERED = {
    "tiers": N_("The order of tiers changed"),
    "categories": N_("The order of categories changed"),
    "facts": N_("The order of facts changed"),
    "departments": N_("The order of departments changed"),
}


def _reordered(data: tuple[Any, ...], language: str) -> str:
    (what,) = data
    return translate(language, _REORDERED[what])


def _category_added(data: tuple[Any, ...], language: str) -> str:
    label, points = data
    return translate(
        language,
        "Added {category}, {points} points",
        category=_category(label, language, capital=False),
        points=show_value(points, language),
    )


def _category_removed(data: tuple[Any, ...], language: str) -> str:
    label, points = data
    return translate(
        language,
        "Removed {category} ({points} points)",
        category=_category(label, language, capital=False),
        points=show_value(points, language),
    )


def _category_retitled(data: tuple[Any, ...], language: str) -> str:
    label, title = data
    return translate(
        language,
        '{category} renamed "{title}"',
        category=_category(label, language),
        title=title.get(language),
    )


def _category_note(data: tuple[Any, ...], language: str) -> str:
    (label,) = data
    return translate(language, "{category}: note changed", category=_category(label, language))


def _category_deductions(data: tuple[Any, ...], language: str) -> str:
    (label,) = data
    return translate(
        language, "{category}: deduction pool changed", category=_category(label, language)
    )


def _total_deductions(data: tuple[Any, ...], language: str) -> str:
    return translate(language, "The deductions from the total changed")


def _category_field(data: tuple[Any, ...], language: str) -> str:
    label, name, old, new = data
    return translate(
        language,
        "{category} {field} {old} → {new}",
        category=_category(label, language),
        field=_word(name, language),
        **_arrow(old, new, language),
    )


def _group_added(data: tuple[Any, ...], language: str) -> str:
    label, group = data
    return translate(
        language,
        "{category}: group added: {group}",
        category=_category(label, language),
        group=describe_group(group, language),
    )


def _group_removed(data: tuple[Any, ...], language: str) -> str:
    label, group = data
    return translate(
        language,
        "{category}: group removed: {group}",
        category=_category(label, language),
        group=describe_group(group, language),
    )


def _group_changed(data: tuple[Any, ...], language: str) -> str:
    label, old, new = data
    return translate(
        language,
        "{category}: group changed: {old} → {new}",
        category=_category(label, language),
        old=describe_group(old, language),
        new=describe_group(new, language),
    )


def _indicators_reordered(data: tuple[Any, ...], language: str) -> str:
    (label,) = data
    return translate(
        language,
        "The order of indicators in {category} changed",
        category=_category(label, language, capital=False),
    )


def _indicator_added(data: tuple[Any, ...], language: str) -> str:
    label, text, points, category = data
    return translate(
        language,
        "Added {indicator}: {text}, {points} points, in {category}",
        indicator=_indicator(label, language, capital=False),
        text=show_value(text, language),
        points=show_value(points, language),
        category=_category(category, language, capital=False),
    )


def _indicator_removed(data: tuple[Any, ...], language: str) -> str:
    label, text, points, category = data
    return translate(
        language,
        "Removed {indicator}: {text} ({points} points, was in {category})",
        indicator=_indicator(label, language, capital=False),
        text=show_value(text, language),
        points=show_value(points, language),
        category=_category(category, language, capital=False),
    )


def _renamed(data: tuple[Any, ...], language: str) -> str:
    label, old, new = data
    return translate(
        language,
        "{indicator}: id {old} renamed {new} (matched by similar text)",
        indicator=_indicator(label, language),
        old=old,
        new=new,
    )


def _moved(data: tuple[Any, ...], language: str) -> str:
    label, old, new = data
    return translate(
        language,
        "{indicator}: moved from {old} to {new}",
        indicator=_indicator(label, language),
        old=_category(old, language, capital=False),
        new=_category(new, language, capital=False),
    )


def _indicator_text(data: tuple[Any, ...], language: str) -> str:
    label, text = data
    return translate(
        language,
        "{indicator}: text now reads {text}",
        indicator=_indicator(label, language),
        text=show_value(text, language),
    )


def _indicator_note(data: tuple[Any, ...], language: str) -> str:
    (label,) = data
    return translate(language, "{indicator}: note changed", indicator=_indicator(label, language))


def _indicator_deductions(data: tuple[Any, ...], language: str) -> str:
    (label,) = data
    return translate(
        language, "{indicator}: deductions changed", indicator=_indicator(label, language)
    )


def _points_of(points: Any, language: str) -> str:
    """A deduction's points in a change: a fixed amount, or a range left to the assessor."""
    if isinstance(points, tuple):
        low, high = points
        return translate(
            language,
            "{low} to {high} points (the assessor's amount)",
            low=show_value(low, language),
            high=show_value(high, language),
        )
    return translate(language, "{points} points", points=show_value(points, language))


def _deduction_points(data: tuple[Any, ...], language: str) -> str:
    label, key, old, new = data
    return translate(
        language,
        "{indicator}: deduction {key}: {old} → {new}",
        indicator=_indicator(label, language),
        key=key,
        old=_points_of(old, language),
        new=_points_of(new, language),
    )


def _indicator_bands(data: tuple[Any, ...], language: str) -> str:
    label, old, new = data
    return translate(
        language,
        "{indicator}: bands changed (points of the steps {old} → {new})",
        indicator=_indicator(label, language),
        old=_steps(old, language),
        new=_steps(new, language),
    )


def _indicator_condition(data: tuple[Any, ...], language: str) -> str:
    label, old, new, facts_a, facts_b = data

    def words(condition: Any, facts: Any) -> str:
        if condition is None:
            return translate_in(language, "diff", "(none)")
        return describe_check(condition_check(condition), facts, language)

    return translate(
        language,
        "{indicator}: not-applicable condition {old} → {new}",
        indicator=_indicator(label, language),
        old=words(old, facts_a),
        new=words(new, facts_b),
    )


def _indicator_field(data: tuple[Any, ...], language: str) -> str:
    label, name, old, new = data
    return translate(
        language,
        "{indicator}: {field} {old} → {new}",
        indicator=_indicator(label, language),
        field=_word(name, language),
        **_arrow(old, new, language),
    )


def _check_added(data: tuple[Any, ...], language: str) -> str:
    label, check, facts = data
    return translate(
        language,
        "{indicator}: added requirement: {check}",
        indicator=_indicator(label, language),
        check=_check(check, facts, language),
    )


def _check_removed(data: tuple[Any, ...], language: str) -> str:
    label, check, facts = data
    return translate(
        language,
        "{indicator}: removed requirement: {check}",
        indicator=_indicator(label, language),
        check=_check(check, facts, language),
    )


def _checks_reordered(data: tuple[Any, ...], language: str) -> str:
    (label,) = data
    return translate(
        language,
        "{indicator}: the order of requirements changed",
        indicator=_indicator(label, language),
    )


#: A check changed as a whole: what changed about it.
_WHOLE = {
    "check_fact_changed": N_("{indicator}: now about another fact: {old} → {new}"),
    "check_assessed_changed": N_("{indicator}: assessed requirement changed: {old} → {new}"),
    "check_expected_changed": N_("{indicator}: requirement changed: {old} → {new}"),
    "check_when_zero_changed": N_(
        "{indicator}: meaning of a zero denominator changed: {old} → {new}"
    ),
    "check_points_raised": N_("{indicator}: more points asked: {old} → {new}"),
    "check_points_lowered": N_("{indicator}: fewer points asked: {old} → {new}"),
}


def _whole(sentence: str) -> _Render:
    def render(data: tuple[Any, ...], language: str) -> str:
        label, old, new, facts_old, facts_new = data
        return translate(
            language,
            _WHOLE[sentence],
            indicator=_indicator(label, language),
            old=_check(old, facts_old, language),
            new=_check(new, facts_new, language),
        )

    return render


def _check_relabelled(data: tuple[Any, ...], language: str) -> str:
    label, subject, old, new = data
    return translate(
        language,
        "{indicator}: label of requirement {subject} {old} → {new}",
        indicator=_indicator(label, language),
        subject=subject,
        **_arrow(old, new, language),
    )


#: A bound of a check changed: how it changed the requirement.
_BOUNDS = {
    "check_tightened": N_("{indicator}: tightened: {subject} {field} {old} → {new}"),
    "check_loosened": N_("{indicator}: loosened: {subject} {field} {old} → {new}"),
    "check_restated": N_(
        "{indicator}: restated, same requirement: {subject} {field} {old} → {new}"
    ),
    "check_unit_changed": N_(
        "{indicator}: unit changed, not comparable: {subject} {field} {old} → {new}"
    ),
}


def _bound(sentence: str) -> _Render:
    def render(data: tuple[Any, ...], language: str) -> str:
        label, subject, name, old, old_unit, new, new_unit = data
        return translate(
            language,
            _BOUNDS[sentence],
            indicator=_indicator(label, language),
            subject=subject,
            field=_word(name, language),
            old=_limit(old, old_unit, language),
            new=_limit(new, new_unit, language),
        )

    return render


def _fields(changed: Sequence[str], language: str) -> str:
    comma = translate_in(language, "list", ", ")
    return comma.join(_word(name, language) for name in changed)


def _fact_changed(data: tuple[Any, ...], language: str) -> str:
    identifier, changed = data
    return translate(
        language, "Fact {id} changed: {fields}", id=identifier, fields=_fields(changed, language)
    )


def _department_changed(data: tuple[Any, ...], language: str) -> str:
    identifier, changed = data
    return translate(
        language,
        "Department {id} changed: {fields}",
        id=identifier,
        fields=_fields(changed, language),
    )


_KEYED = {
    "fact_added": N_("Added fact {id}: {title}"),
    "fact_removed": N_("Removed fact {id}: {title}"),
    "department_added": N_("Added department {id}: {title}"),
    "department_removed": N_("Removed department {id}: {title}"),
}


def _keyed(sentence: str) -> _Render:
    def render(data: tuple[Any, ...], language: str) -> str:
        identifier, title = data
        return translate(language, _KEYED[sentence], id=identifier, title=title.get(language))

    return render


_SENTENCES: dict[str, _Render] = {
    "field": _field,
    "pass_mark": _pass_mark,
    "tier_minimum": _tier_minimum,
    "tier_title": _tier_title,
    "tier_added": _tier_added,
    "tier_removed": _tier_removed,
    "tier_requirement": _tier_requirement,
    "section_added": _section_added,
    "section_removed": _section_removed,
    "section_changed": _section_changed,
    "reordered": _reordered,
    "category_added": _category_added,
    "category_removed": _category_removed,
    "category_retitled": _category_retitled,
    "category_note": _category_note,
    "category_field": _category_field,
    "category_deductions": _category_deductions,
    "total_deductions": _total_deductions,
    "group_added": _group_added,
    "group_removed": _group_removed,
    "group_changed": _group_changed,
    "indicators_reordered": _indicators_reordered,
    "indicator_added": _indicator_added,
    "indicator_removed": _indicator_removed,
    "renamed": _renamed,
    "moved": _moved,
    "indicator_text": _indicator_text,
    "indicator_note": _indicator_note,
    "indicator_deductions": _indicator_deductions,
    "deduction_points": _deduction_points,
    "indicator_bands": _indicator_bands,
    "indicator_field": _indicator_field,
    "indicator_condition": _indicator_condition,
    "check_added": _check_added,
    "check_removed": _check_removed,
    "checks_reordered": _checks_reordered,
    **{sentence: _whole(sentence) for sentence in _WHOLE},
    "check_relabelled": _check_relabelled,
    **{sentence: _bound(sentence) for sentence in _BOUNDS},
    "fact_changed": _fact_changed,
    "department_changed": _department_changed,
    **{sentence: _keyed(sentence) for sentence in _KEYED},
}

#: Every sentence a change may be said with.
CHANGE_SENTENCES: frozenset[str] = frozenset(_SENTENCES)


def render_change(sentence: str, data: tuple[Any, ...], language: str) -> str:
    """Return the change said by ``sentence`` with ``data``, in ``language``.

    .. versionadded:: 0.2.0
    """
    return _SENTENCES[sentence](data, language)
