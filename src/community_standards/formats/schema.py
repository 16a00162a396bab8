"""JSON Schemas of the standard and evidence files, generated from the model.

The schemas are not written by hand: :func:`standard_schema` and :func:`evidence_schema`
walk the attrs classes the files are structured into (:class:`~community_standards.Standard`
and its parts, the evidence document's :class:`~community_standards.Community` and
:class:`~community_standards.Judgement`), with the same rules the readers apply: every
key not declared is refused, a key without a default is required, a check is chosen by
its ``kind``, points are numbers, limits and exact bounds are numbers or strings
(``"56 class_period"``, ``"1/3"``), dates are TOML dates. A derived standard (a file with
``extends``) has the shape of :mod:`~community_standards.versions.derive`'s patches,
built from the same classes.

A schema catches the shape of a file as it is typed (keys, types, the ``kind`` of a
check); what needs the whole standard (a fact that is never declared, points that do not
add up) is left to ``community-standards validate``. The schemas are JSON Schema draft 7,
which Taplo (the TOML language server behind VS Code's *Even Better TOML*) reads; the
package ships them as ``community_standards/schemas/standard.schema.json`` and
``evidence.schema.json`` (see :func:`shipped_schema`), and ``community-standards schema``
writes them.

>>> schema = standard_schema()
>>> schema["if"], sorted(schema["definitions"]["Standard"]["required"])
({'required': ['extends']}, ['categories', 'id', 'pass_mark', 'title', 'total_points', 'version'])
>>> evidence_schema()["required"]
['community']

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import datetime
import enum
import importlib.resources
import json
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Union, get_args, get_origin

import attrs

from ..model.evidence import Community, Judgement
from ..model.standard import (
    CHECK_KINDS,
    TOTAL_POOL,
    Category,
    Check,
    Condition,
    Deduction,
    Department,
    Fact,
    FactKind,
    Indicator,
    Limit,
    PointsRange,
    Standard,
    Text,
    Tier,
    ranged_deductions,
)
from ..units.numbers import format_number
from .evidence import _Document as EVIDENCE_DOCUMENT

__all__ = [
    "SCHEMA_DIALECT",
    "SCHEMA_NAMES",
    "evidence_schema",
    "schema_json",
    "shipped_schema",
    "standard_schema",
]

#: The JSON Schema dialect of the generated schemas (the newest Taplo reads).
SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"
#: The schemas the package ships, by name: ``community_standards/schemas/<name>.schema.json``.
SCHEMA_NAMES: tuple[str, ...] = ("standard", "evidence")

_ID = "https://community-standards.invalid/schemas/{name}.schema.json"
_NUMBER_OR_TEXT = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "pattern": r"^\s*[-+0-9.]"},
    ]
}


def _description(cls: type) -> str:
    """The first paragraph of ``cls``'s docstring, on one line."""
    text = (cls.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(text.split())


class _Builder:
    """Schemas of the attrs classes reached from a root, as JSON Schema definitions."""

    def __init__(self) -> None:
        self.definitions: dict[str, Any] = {}
        self._atoms: dict[Any, Callable[[], dict[str, Any]]] = {
            str: lambda: {"type": "string"},
            bool: lambda: {"type": "boolean"},
            int: lambda: {"type": "integer"},
            Decimal: lambda: {"type": "number"},
            Fraction: lambda: dict(_NUMBER_OR_TEXT),
            Limit: lambda: {
                **_NUMBER_OR_TEXT,
                "description": 'a number, or a number and its unit such as "56 class_period"',
            },
            datetime.date: lambda: {"type": "string", "format": "date"},
        }

    def of(self, hint: Any) -> dict[str, Any]:
        """The schema of a value of type ``hint``."""
        if hint is Check:
            return self.check()
        if hint is Text:
            self.definitions["Text"] = {
                "type": "object",
                "description": "A text by language tag (BCP 47): zh, en, de, zh-Hant...",
                "additionalProperties": {"type": "string"},
                "minProperties": 1,
            }
            return {"$ref": "#/definitions/Text"}
        if hint in self._atoms:
            return self._atoms[hint]()
        if hint is Any:
            return {}
        origin = get_origin(hint)
        if origin in (Union, types.UnionType):
            options = [arg for arg in get_args(hint) if arg is not type(None)]
            if Condition in options:  # not_applicable_when: a condition or any check
                return {"anyOf": [self.reference(Condition), self.check()]}
            if len(options) == 1:
                return self.of(options[0])
            return {"anyOf": [self.of(option) for option in options]}
        if origin is tuple:
            return {"type": "array", "items": self.of(get_args(hint)[0])}
        if origin in (dict, Mapping):
            return {"type": "object", "additionalProperties": self.of(get_args(hint)[1])}
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return {"enum": [member.value for member in hint]}
        if isinstance(hint, type) and attrs.has(hint):
            return self.reference(hint)
        raise TypeError(f"no JSON Schema for {hint!r}: teach formats/schema.py its file form")

    def reference(self, cls: type) -> dict[str, Any]:
        """A reference to ``cls``'s definition (made on first use)."""
        name = cls.__name__
        if name not in self.definitions:
            self.definitions[name] = {}  # reserved: a class may contain itself
            self.definitions[name] = self.object(cls)
        return {"$ref": f"#/definitions/{name}"}

    def object(
        self,
        cls: type,
        *,
        leave_out: tuple[str, ...] = (),
        optional: bool = False,
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The schema of a table structured into ``cls`` (unknown keys refused).

        ``leave_out`` names fields the table does not have; ``optional`` makes every field
        optional (a patch); ``extra`` adds keys that are not fields.
        """
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            if field.name in leave_out:
                continue
            properties[field.name] = self.of(hints[field.name])
            if field.default is attrs.NOTHING and not optional:
                required.append(field.name)
        properties.update(extra or {})
        schema: dict[str, Any] = {"type": "object", "description": _description(cls)}
        schema["properties"] = properties
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema

    def check(self) -> dict[str, Any]:
        """A check: one of the check kinds, chosen by its ``kind``."""
        if "Check" not in self.definitions:
            self.definitions["Check"] = {}
            kinds = []
            for tag, cls in CHECK_KINDS.items():
                body = self.object(cls)
                body["properties"] = {"kind": {"const": tag}, **body["properties"]}
                body["required"] = ["kind", *body.get("required", [])]
                self.definitions[f"{cls.__name__}"] = body
                kinds.append(
                    {
                        "if": {"properties": {"kind": {"const": tag}}, "required": ["kind"]},
                        "then": {"$ref": f"#/definitions/{cls.__name__}"},
                    }
                )
            self.definitions["Check"] = {
                "type": "object",
                "description": "A check, chosen by its kind.",
                "properties": {"kind": {"enum": list(CHECK_KINDS)}},
                "required": ["kind"],
                "allOf": kinds,
            }
        return {"$ref": "#/definitions/Check"}


def _text_list(description: str) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string"}, "description": description}


def _placement(what: str) -> dict[str, Any]:
    return {
        "position": {"type": "integer", "minimum": 1, "description": f"1 is the first {what}"},
        "after": {"type": "string", "description": f"the id of the {what} to follow"},
        "unset": _text_list("optional fields returned to their defaults"),
    }


def _derived(builder: _Builder) -> dict[str, Any]:
    """A derived standard: ``extends``, the values it changes and its patch tables."""
    top = builder.object(
        Standard,
        leave_out=("categories",),
        optional=True,
        extra={
            "extends": {"type": "string", "description": "the base standard, ID@VERSION"},
            "categories": {
                "type": "object",
                "description": "[categories.<id>]: a category patched or added",
                "additionalProperties": builder.object(
                    Category,
                    leave_out=("id", "indicators"),
                    optional=True,
                    extra=_placement("category"),
                ),
            },
            "indicators": {
                "type": "object",
                "description": "[indicators.<id>]: an indicator patched, moved or added",
                "additionalProperties": builder.object(
                    Indicator,
                    leave_out=("id",),
                    optional=True,
                    extra={
                        "category": {"type": "string", "description": "the category to move it to"},
                        **_placement("indicator"),
                    },
                ),
            },
            "remove": _text_list("indicator and category ids removed"),
            "unset": _text_list("top-level values returned to their defaults"),
        },
    )
    top["required"] = ["extends", "id", "version"]
    top["description"] = "A derived standard: it extends another and states what it changes."
    return top


def _document(
    title: str, builder: _Builder, name: str, body: dict[str, Any], **more: Any
) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": _ID.format(name=name),
        "title": title,
        **body,
        **more,
        "definitions": dict(sorted(builder.definitions.items())),
    }


def standard_schema() -> dict[str, Any]:
    """The JSON Schema of a standard file (TOML or JSON), plain or derived (``extends``).

    .. versionadded:: 0.2.0
    """
    builder = _Builder()
    plain = builder.reference(Standard)
    derived = _derived(builder)
    builder.definitions["DerivedStandard"] = derived
    for cls in (Category, Indicator, Fact, Tier, Department):
        builder.reference(cls)
    return _document(
        "A community_standards standard file",
        builder,
        "standard",
        {"type": "object"},
        **{"if": {"required": ["extends"]}, "then": {"$ref": "#/definitions/DerivedStandard"}},
        **{"else": plain},
    )


def _fact_value(fact: Fact | None, language: str) -> dict[str, Any]:
    if fact is None:
        return {"type": ["boolean", "number", "string"]}
    if fact.kind is FactKind.BOOLEAN:
        return {"type": "boolean", "description": fact.description.get(language)}
    unit = f" [{fact.unit}]" if fact.unit else ""
    number: dict[str, Any] = {"type": "integer" if fact.kind is FactKind.COUNT else "number"}
    if fact.minimum is not None:
        number["minimum"] = _json_bound(fact.minimum)
    if fact.maximum is not None:
        number["maximum"] = _json_bound(fact.maximum)
    return {
        "anyOf": [number, {"type": "string", "pattern": r"^\s*[-+0-9.]"}],
        "description": f"{fact.description.get(language)}{unit}",
    }


def _json_bound(value: Fraction) -> int | float:
    # JSON Schema bounds are JSON numbers; a bound that is not a whole number is written
    # with the float nearest it (the readers compare exactly).
    return value.numerator if value.denominator == 1 else float(value)


def evidence_schema(standard: Standard | None = None, language: str = "en") -> dict[str, Any]:
    """The JSON Schema of an evidence file; for ``standard``, with its facts and indicators.

    Without ``standard`` a fact is any yes/no, number or text; with it, ``[facts]`` offers
    the standard's fact keys (described in ``language``, with their units and bounds) and
    refuses others, and ``[judgements]`` and ``[not_applicable]`` its indicator ids.

    .. versionadded:: 0.2.0
    """
    builder = _Builder()
    body = builder.object(EVIDENCE_DOCUMENT)
    body["description"] = "Evidence about one community, for the standard it names."
    properties = body["properties"]
    properties["facts"] = {"type": "object", "additionalProperties": _fact_value(None, language)}
    amount: dict[str, Any] = {
        "anyOf": [{"type": "number"}, {"type": "array", "items": {"type": "number"}}],
        "description": "the assessor's amount of a deduction left to the assessor: the "
        "points taken in all, or one amount per case",
    }
    properties["deductions"] = {
        "type": "object",
        "description": "the assessor's amounts of deductions whose points are a range, by "
        "indicator id and deduction id",
        "additionalProperties": {"type": "object", "additionalProperties": amount},
    }
    name = "evidence"
    if standard is not None:
        name = f"evidence-{standard.id}-{standard.version}"
        judgement = builder.reference(Judgement)
        texts = {
            indicator.id: f"{indicator.number} {indicator.text.get(language)}"
            for _, indicator in standard.indicators()
        }
        properties["standard"] = {"enum": [standard.ref, standard.id]}
        properties["facts"] = {
            "type": "object",
            "properties": {fact.key: _fact_value(fact, language) for fact in standard.facts},
            "additionalProperties": False,
        }
        properties["judgements"] = {
            "type": "object",
            "properties": {key: {**judgement, "description": text} for key, text in texts.items()},
            "additionalProperties": False,
        }
        properties["not_applicable"] = {
            "type": "object",
            "properties": {
                key: {"type": "string", "description": f"why it does not apply: {text}"}
                for key, text in texts.items()
            },
            "additionalProperties": False,
        }
        properties["deductions"] = _amounts_schema(standard, amount, texts)
    builder.reference(Community)
    title = "A community_standards evidence file"
    if standard is not None:
        title += f" for {standard.ref}"
    return _document(title, builder, name, body)


def _amounts_schema(
    standard: Standard, amount: Mapping[str, Any], texts: Mapping[str, str]
) -> dict[str, Any]:
    """``[deductions]`` for ``standard``: its indicators with deductions left to the
    assessor, each with those deductions' ids and ranges; then the categories' pools and
    the total's (``total``) with such deductions."""
    found: dict[str, Any] = {}
    grouped: dict[str, list[Deduction]] = {}
    for key, _, deduction in ranged_deductions(standard):
        grouped.setdefault(key, []).append(deduction)
    for key, deductions in grouped.items():
        ranged: dict[str, Any] = {}
        for deduction in deductions:
            points = deduction.points
            if not isinstance(points, PointsRange) or deduction.id is None:
                continue
            low, high = (
                format_number(Fraction(points.minimum)),
                format_number(Fraction(points.maximum)),
            )
            each = "once" if deduction.when is not None else "per case"
            ranged[deduction.id] = {**amount, "description": f"{low} to {high} points {each}"}
        if ranged:
            if key in texts:
                description = texts[key]
            elif key == TOTAL_POOL:
                description = "the deductions from the total"
            else:
                description = f"the deduction pool of category {key}"
            found[key] = {
                "type": "object",
                "description": description,
                "properties": ranged,
                "additionalProperties": False,
            }
    return {"type": "object", "properties": found, "additionalProperties": False}


def schema_json(schema: Mapping[str, Any]) -> str:
    """``schema`` as the JSON text the package ships (stable, indented, UTF-8).

    .. versionadded:: 0.2.0
    """
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def shipped_schema(name: str) -> str:
    """The text of the schema the package ships as ``schemas/<name>.schema.json``.

    ``name`` is one of :data:`SCHEMA_NAMES`.

    .. versionadded:: 0.2.0
    """
    if name not in SCHEMA_NAMES:
        raise ValueError(f"{name!r} is not one of {', '.join(SCHEMA_NAMES)}")
    resource = importlib.resources.files("community_standards") / "schemas"
    return (resource / f"{name}.schema.json").read_text(encoding="utf-8")
