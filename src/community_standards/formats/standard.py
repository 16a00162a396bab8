"""The standard file format: TOML (or JSON) to :class:`Standard` and back, with cattrs.

Loading runs in three steps, each reporting every problem with its path: parse the
document (:mod:`._io`), structure it into the model with cattrs (types, unknown keys
with a did-you-mean, missing keys), then check that it is consistent
(:func:`.validate_standard`). Dumping is stable: the same standard gives the same bytes.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime
import enum
import functools
import json
import os
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar, get_origin

import attrs
import cattrs
import tomli_w
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.strategies import configure_tagged_union

from ..messages.kinds import kind_of
from ..model.errors import CommunityStandardsError, Problem, StandardError
from ..model.standard import (
    CHECK_KINDS,
    Check,
    Condition,
    Deduction,
    Limit,
    PointsRange,
    Standard,
    Text,
    is_language_tag,
)
from ..model.suggest import Suggestions, did_you_mean
from ..units.convert import split_amount
from ..units.numbers import NumberProblem, format_number, parse_number, to_decimal
from .io import parse_document, read_document

__all__ = [
    "Invalid",
    "dumps_json",
    "dumps_standard",
    "every_field_converter",
    "json_ready",
    "load_standard",
    "loads_standard",
    "make_converter",
    "problems_from_cattrs",
    "standard_from_dict",
    "standard_to_dict",
    "standard_to_json",
    "structure",
]

T = TypeVar("T")


class Invalid(ValueError):
    """A value of the wrong type or form; its message is shown as it is."""


def _str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise Invalid(f"expected a string, found {kind_of(value)}")
    return value


def _bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, found {kind_of(value)}")
    return value


def _int(value: object, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"expected a whole number, found {kind_of(value)}")
    return value


def _decimal(value: object, _: object) -> Decimal:
    # floats come only from Python callers; they are read through their shortest repr
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise Invalid(f"expected a number, found {kind_of(value)}")
    try:
        return to_decimal(parse_number(value))
    except NumberProblem as exc:
        raise Invalid(str(exc)) from None


def _fraction(value: object, _: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str | float):
        raise Invalid(f"expected a number, found {kind_of(value)}")
    try:
        return parse_number(value)
    except NumberProblem as exc:
        raise Invalid(str(exc)) from None


def _limit(value: object, _: object) -> Limit:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str | float):
        raise Invalid(
            f'expected a number or a string such as "56 class_period", found {kind_of(value)}'
        )
    if not isinstance(value, str):
        return Limit(value=_fraction(value, None))
    number, unit = split_amount(value)
    if not number:
        raise Invalid(f"{value!r} does not start with a number")
    try:
        return Limit(value=parse_number(number), unit=unit)
    except NumberProblem as exc:
        raise Invalid(str(exc)) from None


def _text(value: object, _: object) -> Text:
    """A table of texts by language tag (``{ zh = "…", en = "…" }``, ``{ de = "…" }``)."""
    if not isinstance(value, dict):
        raise Invalid("expected a table")
    errors: list[Exception] = []
    for tag, text in value.items():
        if not isinstance(tag, str) or not is_language_tag(tag):
            error: Exception = Invalid(
                f"{tag!r} is not a language tag (BCP 47, such as 'zh', 'en' or 'de')"
                + (did_you_mean(tag, ["zh", "en"]) if isinstance(tag, str) else "")
            )
        elif not isinstance(text, str):
            error = Invalid(f"expected a string, found {kind_of(text)}")
        else:
            continue
        error.__notes__ = [AttributeValidationNote(f"Structuring text {tag!r}", str(tag), str)]
        errors.append(error)
    if errors:
        raise ClassValidationError("While structuring Text", errors, Text)
    return Text.of(value)


def _dump_text(value: Text) -> dict[str, str]:
    given = {"zh": value.zh, "en": value.en, **dict(value.others)}
    return {tag: text for tag, text in given.items() if text}


def _date(value: object, _: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        raise Invalid("expected a date (YYYY-MM-DD) without a time")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(f"expected a date such as 2017-03-17, found {kind_of(value)}")


def _is_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, enum.Enum)


def _enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, str):
        try:
            return cls(value)
        except ValueError:
            pass
    allowed = [member.value for member in cls]
    shown = repr(value) if isinstance(value, str) else kind_of(value)
    hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
    raise Invalid(f"{shown} is not one of {', '.join(map(repr, allowed))}{hint}")


def _is_tuple(cls: Any) -> bool:
    return get_origin(cls) is tuple


def _array(converter: cattrs.Converter) -> Callable[[Any], Any]:
    """A hook factory for ``tuple[X, ...]``: cattrs' own, after refusing what is not an array."""

    def factory(cls: Any) -> Any:
        inner = homogenous_tuple_structure_factory(cls, converter)

        def structure(value: object, _: object) -> Any:
            if not isinstance(value, list | tuple):
                raise Invalid(f"expected an array, found {kind_of(value)}")
            return inner(value, cls)

        return structure

    return factory


def _dump_decimal(value: Decimal) -> int | Decimal:
    value = to_decimal(Fraction(value))
    return int(value) if value == value.to_integral_value() else value


def _dump_fraction(value: Fraction) -> int | Decimal | str:
    if value.denominator == 1:
        return value.numerator
    text = format_number(value)
    return text if "/" in text else Decimal(text)


def _dump_limit(value: Limit) -> int | Decimal | str:
    if not value.unit:
        return _dump_fraction(value.value)
    return f"{format_number(value.value)} {value.unit}"


def make_converter(
    check_type: Any = Check,
    check_kinds: Mapping[str, type] = CHECK_KINDS,
    *,
    omit_if_default: bool = True,
) -> cattrs.Converter:
    """Return the converter used for standards and evidence (strict, detailed, minimal output).

    With ``omit_if_default=False`` every field is written, defaults too (the stable keys
    of a report).
    """
    converter = cattrs.Converter(
        forbid_extra_keys=True, detailed_validation=True, omit_if_default=omit_if_default
    )
    converter.register_structure_hook(str, _str)
    converter.register_structure_hook(bool, _bool)
    converter.register_structure_hook(int, _int)
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_structure_hook(Fraction, _fraction)
    converter.register_structure_hook(Limit, _limit)
    converter.register_structure_hook(Text, _text)
    converter.register_structure_hook(datetime.date, _date)
    converter.register_structure_hook_func(_is_enum, _enum)
    # str's hook is found by single dispatch before any predicate: string enums need theirs there too.
    converter.register_structure_hook(enum.StrEnum, _enum)
    # cattrs makes a tuple of any iterable: of a string's letters, or a table's keys
    converter.register_structure_hook_factory(_is_tuple, _array(converter))
    converter.register_unstructure_hook(Decimal, _dump_decimal)
    converter.register_unstructure_hook(Fraction, _dump_fraction)
    converter.register_unstructure_hook(Limit, _dump_limit)
    converter.register_unstructure_hook(Text, _dump_text)
    converter.register_unstructure_hook_func(_is_enum, lambda member: member.value)
    converter.register_unstructure_hook(datetime.date, lambda day: day)
    _configure_checks(converter, check_type, check_kinds)
    _condition_hooks(converter, check_type)
    _configure_deductions(converter)
    return converter


def _condition_hooks(converter: cattrs.Converter, check_type: Any) -> None:
    """``not_applicable_when``: a table with a ``kind`` is a check, any other a
    :class:`Condition` (``{ fact = "...", equals = false }``), written back as it was."""
    condition = Condition | check_type

    def structure_condition(value: object, _: object) -> Any:
        if isinstance(value, dict) and "kind" in value:
            return converter.structure(value, check_type)
        return converter.structure(value, Condition)

    def unstructure_condition(value: Any) -> Any:
        if isinstance(value, Condition):
            return converter.unstructure(value, unstructure_as=Condition)
        return converter.unstructure(value, unstructure_as=check_type)

    def is_condition(cls: Any) -> bool:
        return bool(cls == condition or cls == condition | None)

    converter.register_structure_hook_func(is_condition, structure_condition)
    converter.register_unstructure_hook_func(is_condition, unstructure_condition)


def _configure_checks(
    converter: cattrs.Converter, check_type: Any, check_kinds: Mapping[str, type]
) -> None:
    """The check union, tagged by ``kind`` with cattrs' tagged-union strategy.

    Each member is written with its ``kind`` first, as files write it (the content hash
    of a standard covers that order); :func:`problems_from_cattrs` says what is wrong
    with a missing or unknown tag in the library's words.
    """
    tags = {cls: tag for tag, cls in check_kinds.items()}
    for cls, tag in tags.items():
        body = converter.get_unstructure_hook(cls)
        converter.register_unstructure_hook(cls, _kind_first(tag, body))
    configure_tagged_union(check_type, converter, tag_generator=tags.__getitem__, tag_name="kind")
    _CHECK_UNIONS[check_type] = tuple(check_kinds)
    # a check that may be left out (a deduction's trigger): None, or a check as above
    maybe = check_type | None
    converter.register_structure_hook_func(
        lambda cls: cls == maybe,
        lambda value, _: None if value is None else converter.structure(value, check_type),
    )
    converter.register_unstructure_hook_func(
        lambda cls: cls == maybe,
        lambda value: None if value is None else converter.unstructure(value, check_type),
    )
    _CHECK_UNIONS[maybe] = tuple(check_kinds)


def _configure_deductions(converter: cattrs.Converter) -> None:
    """A deduction is written in the order of its fields, ``fact`` first as it always was
    (the content hash of a standard covers the written order); its ``points`` are a
    number, or a table ``{ minimum = 5, maximum = 10 }`` (a :class:`PointsRange`)."""
    amount = Decimal | PointsRange

    def structure_points(value: object, _: object) -> Decimal | PointsRange:
        if isinstance(value, dict):
            return converter.structure(value, PointsRange)
        if isinstance(value, list):
            raise Invalid("expected a number, or a range as a table: { minimum = 5, maximum = 10 }")
        return _decimal(value, Decimal)

    def unstructure_points(value: Decimal | PointsRange) -> Any:
        if isinstance(value, PointsRange):
            return converter.unstructure(value, PointsRange)
        return _dump_decimal(value)

    converter.register_structure_hook_func(lambda cls: cls == amount, structure_points)
    converter.register_unstructure_hook_func(lambda cls: cls == amount, unstructure_points)
    written = converter.get_unstructure_hook(Deduction)
    order = [field.name for field in attrs.fields(Deduction)]

    def unstructure_deduction(value: Deduction) -> dict[str, Any]:
        body: dict[str, Any] = written(value)
        return {name: body[name] for name in order if name in body}

    converter.register_unstructure_hook(Deduction, unstructure_deduction)


def _kind_first(tag: str, body: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: {"kind": tag, **body(value)}


#: Each check union configured (the library's, and any a plugin's converter has) with
#: its kinds: what a check without a known ``kind`` is told.
_CHECK_UNIONS: dict[Any, tuple[str, ...]] = {}
_UNKNOWN = object()  # the document's value at a path is not known


def _check_problem(
    value: object, sub: BaseException, kinds: tuple[str, ...], path: str
) -> Problem | None:
    """What is wrong with the tag of the check ``value`` (``None``: nothing; the problem,
    if any, is inside the check)."""
    listed = ", ".join(map(repr, kinds))
    if value is _UNKNOWN:  # only the error is known: cattrs' hook found no such tag
        if not isinstance(sub, KeyError) or len(sub.args) != 1:
            return None
        value = {} if sub.args[0] == "kind" else {"kind": sub.args[0]}
    if not isinstance(value, dict):
        return Problem(path, f"expected a table with a 'kind', found {kind_of(value)}")
    kind = value.get("kind")
    if kind is None:
        return Problem(path, f"a check needs a 'kind', one of {listed}")
    try:
        known = kind in dict.fromkeys(kinds)
    except TypeError:  # a kind that is a table or an array
        return None
    if known:
        return None
    hint = did_you_mean(kind, list(kinds)) if isinstance(kind, str) else ""
    return Problem(path, f"{kind!r} is not a check kind; expected one of {listed}{hint}")


def _child(data: object, name: object) -> object:
    """The part of ``data`` that cattrs structured under ``name`` (a key or an index)."""
    try:
        return data[name]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return _UNKNOWN


CONVERTER = make_converter()


@functools.cache
def every_field_converter() -> cattrs.Converter:
    """The converter that writes every field of the model's values, defaults too.

    .. versionadded:: 0.2.0
    """
    return make_converter(omit_if_default=False)


def _join(path: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else name


def problems_from_cattrs(
    exc: BaseException, path: str = "", data: object = _UNKNOWN
) -> list[Problem]:
    """Turn a cattrs validation error tree into :class:`Problem` values with paths.

    ``data``, the document that was structured, lets a check's problem with its ``kind``
    name what was found.
    """
    found: list[Problem] = []
    if isinstance(exc, ForbiddenExtraKeysError):
        names = [field.name for field in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        hint = Suggestions(names)
        for key in sorted(exc.extra_fields):
            found.append(Problem(_join(path, key), f"unknown key {key!r}" + hint(key)))
    elif isinstance(exc, ClassValidationError | IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            name: object = (
                getattr(note, "index", None)
                if isinstance(exc, IterableValidationError)
                else getattr(note, "name", "")
            )
            child = _join(path, name if isinstance(name, int) else str(name))
            value = _UNKNOWN if data is _UNKNOWN else _child(data, name)
            kinds = _CHECK_UNIONS.get(getattr(note, "type", None))
            tagged = None if kinds is None else _check_problem(value, sub, kinds, child)
            if tagged is not None:
                found.append(tagged)
            elif isinstance(sub, KeyError):
                found.append(Problem(child, "required key is missing"))
            else:
                found.extend(problems_from_cattrs(sub, child, value))
        for sub in without:
            found.extend(problems_from_cattrs(sub, path, data))
    elif isinstance(exc, Invalid):
        found.append(Problem(path, str(exc)))
    elif isinstance(exc, AttributeError | TypeError) and path:
        found.append(Problem(path, "expected a table"))
    else:
        found.append(Problem(path, f"invalid value ({exc})"))
    return found


def structure(
    data: Mapping[str, Any],
    cls: type[T],
    source: str,
    error: type[CommunityStandardsError],
    converter: cattrs.Converter = CONVERTER,
) -> T:
    """Structure ``data`` into ``cls`` or raise ``error`` listing every problem."""
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError, Invalid) as exc:
        raise error(source, problems_from_cattrs(exc, data=data)) from None


def standard_from_dict(
    data: Mapping[str, Any], source: str = "<data>", *, validate: bool = True
) -> Standard:
    """Build a :class:`Standard` from a parsed document and validate it.

    A document with ``extends`` is a derived standard: resolve it with
    :func:`community_standards.resolve` (or load it through a :class:`Registry`).
    """
    if "extends" in data:
        raise StandardError(
            source,
            [
                Problem(
                    "extends",
                    "this is a derived standard; load it through a Registry to resolve it",
                )
            ],
        )
    standard = structure(data, Standard, source, StandardError)
    if validate:
        from ..model.validate import validate_standard

        validate_standard(standard, source)
    return standard


def load_standard(path: str | os.PathLike[str]) -> Standard:
    """Load and validate a standard file (TOML, or JSON by its ``.json`` suffix).

    .. versionadded:: 0.1.0
    """
    return standard_from_dict(read_document(path, StandardError), os.fspath(path))


def loads_standard(text: str | bytes, source: str = "<string>", fmt: str = "toml") -> Standard:
    """Load and validate a standard from TOML (or JSON) text.

    .. versionadded:: 0.1.0
    """
    return standard_from_dict(parse_document(text, source, StandardError, fmt), source)


def _ordered(data: dict[str, Any], first: tuple[str, ...]) -> dict[str, Any]:
    head = {key: data[key] for key in first if key in data}
    return {**head, **{key: value for key, value in data.items() if key not in head}}


_TOP = (
    "schema",
    "id",
    "version",
    "status",
    "supersedes",
    "title",
    "languages",
    "issuer",
    "document_number",
    "issued",
    "source",
    "notes",
    "total_points",
    "pass_mark",
    "aggregation",
    "not_applicable",
    "partial_credit",
)


def standard_to_dict(standard: Standard) -> dict[str, Any]:
    """Return the document form of ``standard`` (what :func:`dumps_standard` writes)."""
    data: dict[str, Any] = CONVERTER.unstructure(standard)
    data["schema"] = standard.schema
    data["id"], data["version"] = standard.id, standard.version
    return _ordered(data, _TOP)


def dumps_standard(standard: Standard) -> str:
    """Return ``standard`` as TOML text; stable, and loading it gives an equal standard.

    .. versionadded:: 0.1.0
    """
    return tomli_w.dumps(standard_to_dict(standard), multiline_strings=False)


def json_ready(value: Any) -> Any:
    """Return ``value`` with exact numbers made JSON-safe (decimals as numbers, ``a/b`` as strings)."""
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(item) for item in value]
    if isinstance(value, Fraction):
        value = _dump_fraction(value)
    if isinstance(value, Decimal):
        return _json_number(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _json_number(value: Decimal) -> int | float | str:
    # A JSON number is written with the exact digits when a float's shortest repr has them.
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else format(value, "f")


def _json_default(value: object) -> Any:
    if isinstance(value, Fraction):
        value = _dump_fraction(value)
        if not isinstance(value, Decimal):
            return value
    if isinstance(value, Decimal):
        return _json_number(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps_json(value: Any) -> str:
    """Serialise ``value`` as stable, exact, indented JSON (see :func:`json_ready`)."""
    return json.dumps(value, ensure_ascii=False, indent=2, default=_json_default) + "\n"


def standard_to_json(standard: Standard) -> str:
    """Return ``standard`` as JSON text in the same shape as the TOML document."""
    return dumps_json(standard_to_dict(standard))
