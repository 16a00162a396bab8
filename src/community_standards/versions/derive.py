"""Derived standards: a file that ``extends`` another and states only what it changes.

A district or a later edition usually keeps most of a standard and changes a few
things: a stricter threshold, a higher pass mark, an indicator moved or dropped. A
derived file names its base with ``extends = "ID@VERSION"`` and gives its own ``id`` and
``version``; everything else is patched onto the base::

    extends = "tianjin-beautiful-community@2017"
    id = "hexi-beautiful-community"
    version = "2024"
    pass_mark = 85                      # any top-level value of a standard

    remove = ["roads"]                  # indicator or category ids

    [categories.livable-environment]    # patch a category: title, points, weight, note,
                                        # groups (replaced whole), cap
    points = 18

    [indicators.worker-training]        # patch an indicator: any of its fields
    points = 1.5
    checks = [ ... ]                    # a list replaces the base's list wholesale

    [indicators.smart-services]         # an id the base lacks adds an indicator
    category = "convenient-services"    # (``category`` on an existing one moves it)
    after = "office-informatization"
    number = "25a"
    ...

The rules, in full:

* ``id`` and ``version`` are required. ``status`` defaults to ``"active"``. The document's
  own provenance (``status``, ``supersedes``, ``issuer``, ``document_number``, ``issued``,
  ``source``) is never inherited; every other top-level value (``title``, ``notes``,
  ``total_points``, ``pass_mark``, ``aggregation``, ``not_applicable``,
  ``partial_credit``, ``schema``) is inherited unless the file gives it.
* ``[[tiers]]`` replaces the base's tiers (``tiers = []`` removes them).
* ``[[facts]]`` and ``[[departments]]`` add entries, or replace the base's entry with the
  same ``key`` or ``id``.
* ``remove`` lists indicator and category ids. Removing a category removes its
  indicators, except those an ``[indicators.<id>]`` table moves to another category.
* ``[categories.<id>]`` patches ``title``, ``points``, ``weight``, ``note``, ``groups``
  (the whole list) or ``cap``; an id the
  base lacks adds a category (``title`` and ``points`` required), placed with
  ``position`` (1 is first) or ``after = "<category-id>"``, else last.
* ``[indicators.<id>]`` patches any indicator field (``number``, ``text``, ``points``,
  ``checks``, ``award``, ``role``, ``bonus``, ``partial_credit``, ``deductions``,
  ``not_applicable``, ``not_applicable_when``, ``departments``, ``note``).
  ``category = "<id>"`` moves it to the end of that category, or to ``position`` /
  ``after = "<indicator-id>"`` there. An id the base lacks adds an indicator: it needs
  ``category`` and every required field (``number``, ``text``, ``points``).
* ``unset = ["note", ...]`` (at the top level, or in a category or indicator table)
  returns optional fields to their defaults.
* Values replace the base's values wholesale: a ``text`` table replaces both languages,
  a ``checks`` array replaces every check.
* Facts the base declared that no check uses any more are dropped; facts the derived
  file declares are kept (and must be used).

Tables are applied in this order: removals, category tables, indicator tables (each in
the order written). The result is checked like any standard, and problems are reported
with their place in the derived file (``indicators.worker-training.points``). Resolving
is idempotent: the resolved standard, written out and loaded as a plain standard, is
equal to it.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import attrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from ..formats.standard import CONVERTER, Invalid, problems_from_cattrs, standard_to_dict
from ..model.errors import ProblemCollector, StandardError
from ..model.refs import table_path
from ..model.standard import (
    DERIVE,
    Category,
    Department,
    Fact,
    Indicator,
    Standard,
    indicator_facts,
    standard_fields,
)
from ..model.suggest import did_you_mean
from ..model.validate import standard_problems

__all__ = [
    "INHERITED_FIELDS",
    "OWN_FIELDS",
    "derive",
    "derived_overrides",
    "document_path",
    "facts_used",
]

T = TypeVar("T")

#: Top-level values a derived standard takes from its base unless it gives them (the
#: fields of :class:`Standard` whose metadata ``DERIVE``
#: is ``"inherited"``).
INHERITED_FIELDS: tuple[str, ...] = standard_fields(DERIVE, "inherited")
#: Top-level values that describe the derived document itself and are never inherited.
OWN_FIELDS: tuple[str, ...] = standard_fields(DERIVE, "own")
_SCALARS = OWN_FIELDS + INHERITED_FIELDS
_TOP_KEYS = (
    "extends",
    *_SCALARS,
    "facts",
    "departments",
    "categories",
    "indicators",
    "remove",
    "unset",
)
_PLACEMENT = ("position", "after")
_CATEGORY_KEYS = (
    "title", "points", "weight", "note", "groups", "cap", "bonus", "section", "deductions",
    "deduction_limit", "floor", *_PLACEMENT, "unset",
)  # fmt: skip
_INDICATOR_FIELDS = tuple(field.name for field in attrs.fields(Indicator) if field.name != "id")
_INDICATOR_KEYS = (*_INDICATOR_FIELDS, "category", *_PLACEMENT, "unset")
_CATEGORY_FIELDS = (
    "title", "points", "weight", "note", "groups", "cap", "bonus", "section", "deductions",
    "deduction_limit", "floor",
)  # fmt: skip
_CATEGORY_HINTS = {
    "id": "the id is the table's name",
    "indicators": "indicators are added, changed and moved with [indicators.<id>] tables",
}
_INDICATOR_HINTS = {
    "id": "the id is the table's name; to change an id, remove the indicator and add it anew",
}


def _required(cls: type, name: str) -> bool:
    field = getattr(attrs.fields(cls), name)
    return field.default is attrs.NOTHING


def facts_used(categories: Iterable[Category]) -> set[str]:
    """Return the keys of every fact a check, deduction or condition of ``categories`` uses.

    .. versionadded:: 0.1.0
    """
    used: set[str] = set()
    for category in categories:
        for indicator in category.indicators:
            used.update(indicator_facts(indicator))
    return used


class _Patch:
    """Mutable working state while one derived document is applied (never escapes)."""

    def __init__(self, base: Standard, document: Mapping[str, Any]) -> None:
        self.base = base
        self.document = document
        self.found = ProblemCollector()
        self.categories: dict[str, Category] = {c.id: c for c in base.categories}
        self.members: dict[str, list[Indicator]] = {
            c.id: list(c.indicators) for c in base.categories
        }
        self.home: dict[str, str] = {i.id: c.id for c, i in base.indicators()}
        self.floating: dict[str, Indicator] = {}
        self.removed_categories: set[str] = set()
        self.removed_indicators: set[str] = set()

    def add(self, path: str, message: str) -> None:
        self.found.add(path, message)

    def structure(self, data: Mapping[str, Any], cls: type[T], path: str) -> T | None:
        try:
            return CONVERTER.structure(data, cls)
        except (
            ClassValidationError,
            IterableValidationError,
            ForbiddenExtraKeysError,
            Invalid,
        ) as exc:
            self.found.extend(problems_from_cattrs(exc, path))
            return None

    def table(self, value: object, path: str, what: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, f"expected a table of {what}")
            return None
        return value

    def unknown_keys(
        self,
        table: Mapping[str, Any],
        allowed: tuple[str, ...],
        path: str,
        hints: Mapping[str, str] | None = None,
    ) -> None:
        for key in table:
            if key in allowed:
                continue
            if hints and key in hints:
                self.add(_join(path, key), hints[key])
            else:
                self.add(_join(path, key), f"unknown key {key!r}{did_you_mean(key, list(allowed))}")

    def unset(
        self, table: Mapping[str, Any], cls: type, allowed: tuple[str, ...], path: str
    ) -> list[str]:
        value = table.get("unset", [])
        names: list[str] = []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.add(_join(path, "unset"), "expected an array of field names")
            return names
        for index, name in enumerate(value):
            where = f"{_join(path, 'unset')}[{index}]"
            if name not in allowed:
                self.add(
                    where,
                    f"{name!r} is not a field that can be unset{did_you_mean(name, list(allowed))}",
                )
            elif _required(cls, name):
                self.add(where, f"{name!r} is required and cannot be unset")
            elif name in table:
                self.add(where, f"{name!r} is both given and unset")
            else:
                names.append(name)
        return names


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def derive(base: Standard, document: Mapping[str, Any], source: str = "<data>") -> Standard:
    """Return the standard a derived ``document`` describes, applied to ``base``.

    ``document`` is a parsed derived file (it names its base with ``extends``; the caller
    resolves that reference, normally a :class:`Registry`). See the module documentation
    for the syntax. Raises :class:`StandardError` naming ``source`` and the path inside
    the derived file of every problem. Pure: ``base`` is not changed.

    .. versionadded:: 0.1.0
    """
    patch = _Patch(base, document)
    patch.unknown_keys(document, _TOP_KEYS, "")
    top = _top(patch)
    facts = _merged(patch, "facts", Fact, "key", base.facts)
    departments = _merged(patch, "departments", Department, "id", base.departments)
    category_tables = _tables(patch, "categories", "[categories.<id>]")
    indicator_tables = _tables(patch, "indicators", "[indicators.<id>]")
    _removals(patch, category_tables, indicator_tables)
    for key, table in category_tables.items():
        _category(patch, key, table)
    for key, table in indicator_tables.items():
        _indicator(patch, key, table)
    patch.found.raise_if_any(StandardError, source)
    assert top is not None  # no problems means the top level was structured
    categories = tuple(
        attrs.evolve(category, indicators=tuple(patch.members[category_id]))
        for category_id, category in patch.categories.items()
    )
    used = facts_used(categories)
    declared = _declared_keys(document.get("facts"))
    facts = tuple(fact for fact in facts if fact.key in used or fact.key in declared)
    standard = attrs.evolve(top, categories=categories, facts=facts, departments=departments)
    found = ProblemCollector()
    found.extend(
        attrs.evolve(problem, path=document_path(standard, problem.path))
        for problem in standard_problems(standard)
    )
    found.raise_if_any(StandardError, source)
    return standard


def _declared_keys(value: object) -> set[str]:
    if not isinstance(value, list):
        return set()
    return {
        item["key"] for item in value if isinstance(item, dict) and isinstance(item.get("key"), str)
    }


def _top(patch: _Patch) -> Standard | None:
    document = patch.document
    inherited = standard_to_dict(patch.base)
    data: dict[str, Any] = {key: inherited[key] for key in INHERITED_FIELDS if key in inherited}
    unset = patch.unset(document, Standard, INHERITED_FIELDS, "")
    for name in unset:
        data.pop(name, None)
    data.update({key: document[key] for key in _SCALARS if key in document})
    data["categories"] = []
    return patch.structure(data, Standard, "")


def _merged(
    patch: _Patch, name: str, cls: type[T], key: str, inherited: tuple[T, ...]
) -> tuple[T, ...]:
    value = patch.document.get(name)
    if value is None:
        return inherited
    if not isinstance(value, list):
        patch.add(name, f"expected an array of tables ([[{name}]])")
        return inherited
    merged: dict[str, T] = {getattr(item, key): item for item in inherited}
    seen: set[str] = set()
    for index, item in enumerate(value):
        path = f"{name}[{index}]"
        built = patch.structure(item, cls, path) if isinstance(item, dict) else None
        if not isinstance(item, dict):
            patch.add(path, "expected a table")
        if built is None:
            continue
        identifier = getattr(built, key)
        if identifier in seen:
            patch.add(f"{path}.{key}", f"{key} {identifier!r} is given twice")
        seen.add(identifier)
        merged[identifier] = built
    return tuple(merged.values())


def _tables(patch: _Patch, name: str, syntax: str) -> dict[str, dict[str, Any]]:
    value = patch.document.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        patch.add(name, f"in a derived standard, {name} are patched by id with {syntax} tables")
        return {}
    tables: dict[str, dict[str, Any]] = {}
    for key, table in value.items():
        checked = patch.table(table, table_path(name, key), "changes")
        if checked is not None:
            tables[key] = checked
    return tables


def _removals(
    patch: _Patch,
    category_tables: Mapping[str, Any],
    indicator_tables: Mapping[str, Mapping[str, Any]],
) -> None:
    value = patch.document.get("remove", [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        patch.add("remove", "expected an array of indicator or category ids")
        return
    known = list(patch.categories) + list(patch.home)
    for index, identifier in enumerate(value):
        path = f"remove[{index}]"
        is_category, is_indicator = identifier in patch.categories, identifier in patch.home
        if is_category and is_indicator:
            patch.add(path, f"{identifier!r} names both a category and an indicator")
        elif is_indicator:
            if identifier in indicator_tables:
                patch.add(path, f"indicator {identifier!r} is both changed and removed")
            patch.removed_indicators.add(identifier)
        elif is_category:
            if identifier in category_tables:
                patch.add(path, f"category {identifier!r} is both changed and removed")
            patch.removed_categories.add(identifier)
        else:
            hint = did_you_mean(identifier, known)
            patch.add(
                path,
                f"{identifier!r} is neither an indicator nor a category of {patch.base.ref}{hint}",
            )
    for identifier in patch.removed_indicators:
        category_id = patch.home.pop(identifier)
        patch.members[category_id] = [i for i in patch.members[category_id] if i.id != identifier]
    for category_id in patch.removed_categories:
        for indicator in patch.members.pop(category_id):
            target = indicator_tables.get(indicator.id, {}).get("category")
            del patch.home[indicator.id]
            if isinstance(target, str) and target != category_id:
                patch.floating[indicator.id] = indicator
                continue
            patch.removed_indicators.add(indicator.id)
            if indicator.id in indicator_tables:
                patch.add(
                    _join(table_path("indicators", indicator.id), "category"),
                    f"indicator {indicator.id!r} is in category {category_id!r}, which is removed; "
                    'move it with category = "<another category>" or remove it too',
                )
        del patch.categories[category_id]


def _placement(
    patch: _Patch, table: Mapping[str, Any], path: str, order: list[str], what: str
) -> int | None:
    """The index to insert at from ``position``/``after``; ``None`` for the end (or a problem)."""
    position, after = table.get("position"), table.get("after")
    if position is not None and after is not None:
        patch.add(path, "give either 'position' or 'after', not both")
        return None
    if position is not None:
        if (
            isinstance(position, bool)
            or not isinstance(position, int)
            or not 1 <= position <= len(order) + 1
        ):
            patch.add(
                _join(path, "position"), f"expected a whole number from 1 to {len(order) + 1}"
            )
            return None
        return position - 1
    if after is not None:
        if not isinstance(after, str) or after not in order:
            shown = repr(after) if isinstance(after, str) else "that"
            hint = did_you_mean(after, order) if isinstance(after, str) else ""
            patch.add(_join(path, "after"), f"{shown} is not {what}{hint}")
            return None
        return order.index(after) + 1
    return None


def _category(patch: _Patch, key: str, table: Mapping[str, Any]) -> None:
    path = table_path("categories", key)
    patch.unknown_keys(table, _CATEGORY_KEYS, path, _CATEGORY_HINTS)
    if key in patch.removed_categories:
        return  # reported with the removal
    unset = patch.unset(table, Category, _CATEGORY_FIELDS, path)
    fields = {name: table[name] for name in _CATEGORY_FIELDS if name in table}
    existing = patch.categories.get(key)
    if existing is None:
        missing = [name for name in ("title", "points") if name not in table]
        if missing:
            hint = did_you_mean(key, list(patch.categories))
            needs = " and ".join(repr(name) for name in missing)
            patch.add(
                path,
                f"category {key!r} is not in {patch.base.ref}, and a new category needs {needs}"
                + hint,
            )
            return
        if unset:
            patch.add(_join(path, "unset"), "a new category has nothing to unset")
        built = patch.structure({"id": key, **fields, "indicators": []}, Category, path)
        if built is None:
            return
        order = list(patch.categories)
        index = _placement(patch, table, path, order, "a category")
        items = list(patch.categories.items())
        items.insert(len(items) if index is None else index, (key, built))
        patch.categories = dict(items)
        patch.members[key] = []
        return
    for name in _PLACEMENT:
        if name in table:
            patch.add(
                _join(path, name),
                "only a new category can be placed; the order of existing ones is kept",
            )
    data: dict[str, Any] = CONVERTER.unstructure(existing)
    data["indicators"] = []
    for name in unset:
        data.pop(name, None)
    data.update(fields)
    built = patch.structure(data, Category, path)
    if built is not None:
        patch.categories[key] = built


def _indicator(patch: _Patch, key: str, table: Mapping[str, Any]) -> None:
    path = table_path("indicators", key)
    patch.unknown_keys(table, _INDICATOR_KEYS, path, _INDICATOR_HINTS)
    if key in patch.removed_indicators:
        return  # reported with the removal
    unset = patch.unset(table, Indicator, _INDICATOR_FIELDS, path)
    fields = {name: table[name] for name in _INDICATOR_FIELDS if name in table}
    target = table.get("category")
    if target is not None and (not isinstance(target, str) or target not in patch.categories):
        shown = repr(target) if isinstance(target, str) else "that"
        hint = did_you_mean(target, list(patch.categories)) if isinstance(target, str) else ""
        removed = isinstance(target, str) and target in patch.removed_categories
        patch.add(
            _join(path, "category"),
            f"category {shown} is removed" if removed else f"{shown} is not a category{hint}",
        )
        return
    current = patch.home.get(key)
    existing: Indicator | None
    if current is not None:
        existing = next(i for i in patch.members[current] if i.id == key)
    else:
        existing = patch.floating.pop(key, None)
    if existing is None:
        if target is None:
            hint = did_you_mean(key, list(patch.home))
            patch.add(
                path,
                f"indicator {key!r} is not in {patch.base.ref}, and a new indicator needs "
                f"'category' and its fields{hint}",
            )
            return
        if unset:
            patch.add(_join(path, "unset"), "a new indicator has nothing to unset")
        built = patch.structure({"id": key, **fields}, Indicator, path)
    else:
        data: dict[str, Any] = CONVERTER.unstructure(existing)
        for name in unset:
            data.pop(name, None)
        data.update(fields)
        built = patch.structure(data, Indicator, path)
    if built is None:
        return
    destination = target if target is not None else current
    assert destination is not None
    moving = current is None or destination != current
    if not moving:
        for name in _PLACEMENT:
            if name in table:
                patch.add(_join(path, name), "only a new or moved indicator can be placed")
        members = patch.members[destination]
        members[[i.id for i in members].index(key)] = built
        return
    if current is not None:
        patch.members[current] = [i for i in patch.members[current] if i.id != key]
    members = patch.members[destination]
    order = [i.id for i in members]
    index = _placement(patch, table, path, order, f"an indicator of category {destination!r}")
    members.insert(len(members) if index is None else index, built)
    patch.home[key] = destination


_INDICATOR_PATH = re.compile(r"^categories\[(\d+)\]\.indicators\[(\d+)\](.*)$", re.DOTALL)
_CATEGORY_PATH = re.compile(r"^categories\[(\d+)\](.*)$", re.DOTALL)
_FACT_PATH = re.compile(r"^facts\[(\d+)\](.*)$", re.DOTALL)
_DEPARTMENT_PATH = re.compile(r"^departments\[(\d+)\](.*)$", re.DOTALL)


def document_path(standard: Standard, path: str) -> str:
    """Rewrite a path into ``standard`` (``categories[1].indicators[6].points``) by ids.

    The result addresses the value as a derived file does: ``indicators.<id>.points``,
    ``categories.<id>.points``, ``facts.<key>``, ``departments.<id>``. Paths it cannot
    rewrite are returned as they are.

    .. versionadded:: 0.1.0
    """
    try:
        if match := _INDICATOR_PATH.match(path):
            category = standard.categories[int(match[1])]
            indicator = category.indicators[int(match[2])]
            return table_path("indicators", indicator.id) + match[3]
        if match := _CATEGORY_PATH.match(path):
            return table_path("categories", standard.categories[int(match[1])].id) + match[2]
        if match := _FACT_PATH.match(path):
            return table_path("facts", standard.facts[int(match[1])].key) + match[2]
        if match := _DEPARTMENT_PATH.match(path):
            return table_path("departments", standard.departments[int(match[1])].id) + match[2]
    except IndexError:
        pass
    return path


def derived_overrides(
    base: Standard, document: Mapping[str, Any], source: str = "<data>"
) -> frozenset[str]:
    """Return what a derived ``document`` changes in ``base``, as addresses.

    Each address names one value as the derived syntax does: a top-level field
    (``pass_mark``, ``title``, ``tiers``), ``facts.<key>``, ``departments.<id>``,
    ``categories.<id>`` (added or removed), ``categories.<id>.<field>``,
    ``indicators.<id>`` (added or removed) or ``indicators.<id>.<field>`` (with
    ``indicators.<id>.category`` for a move). Values the document sets to what the base
    already has are not overrides; facts dropped because nothing uses them are.
    It is :meth:`StandardDiff.keys` of ``diff(base, derive(base, document))``, by definition.

    .. versionadded:: 0.1.0
    """
    from .diff import diff

    return diff(base, derive(base, document, source)).keys()
