"""The library's English sentences about input, recognised so that they can be translated.

Most errors about input are written where they are found, in English, as plain sentences
(``unknown key 'aggregaton'; did you mean 'aggregation'?``). Each such sentence's form is
listed here once, with ``{name}`` where its data go, and marked for the message catalogue
like every other sentence of the library; :func:`recognise` finds the form a sentence has
and its data, and :func:`sentence_in` writes it in another language from the catalogue.
Data inside a sentence that is itself one of these sentences (the kind of a value, the
reason a file cannot be read, a "did you mean" hint) is translated too; data proper
(keys, values, ids, file names) is kept as written.

>>> sentence_in("zh", "unknown key 'aggregaton'; did you mean 'aggregation'?")
"未知的键 'aggregaton'；是否应为 'aggregation'？"
>>> sentence_in("zh", "expected a number, found a string")
'应为数字，实为字符串'
>>> recognise("no such sentence") is None
True

``tests/test_catalogue.py`` walks the catalogue of bad input under ``--lang zh`` and fails
on any sentence of the library this module does not recognise, so a new message or a
changed wording is caught.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import functools
import re

from .catalogue import N_, SOURCE_LANGUAGE, translate

__all__ = ["SENTENCES", "recognise", "sentence_in"]

#: The forms of the library's sentences about input, as written in English.
SENTENCES: tuple[str, ...] = (
    N_("not valid TOML: {detail}"),
    N_("not valid TOML: {detail} (at line {line}, column {column})"),
    N_("not valid JSON: {detail}"),
    N_("not valid JSON: {detail} (line {line}, column {column})"),
    N_("the file is empty"),
    N_("the document must be a table (object), not {kind}"),
    N_("the file is larger than the limit of {limit} bytes"),
    N_("the file is not UTF-8 text (byte {byte} cannot be decoded)"),
    N_("nesting deeper than {depth} levels"),
    N_("the key is given twice"),
    N_("the text is not valid Unicode (a lone surrogate)"),
    N_("the text is not valid Unicode (character {index} is a lone surrogate)"),
    N_("key {key} is not valid Unicode (a lone surrogate)"),
    N_("cannot read the file: it is {kind}, not a regular file"),
    N_("cannot read the file: {reason}"),
    N_("the file name contains a NUL character"),
    N_("No such file or directory"),
    N_("Permission denied"),
    N_("Is a directory"),
    N_("Not a directory"),
    N_("Read-only file system"),
    N_("No space left on device"),
    N_("File name too long"),
    N_("Too many levels of symbolic links"),
    N_("a string"),
    N_("a number"),
    N_("a boolean"),
    N_("a table"),
    N_("an array"),
    N_("a date"),
    N_("a date and time"),
    N_("a time"),
    N_("nothing (null)"),
    N_("; did you mean {choice!r}?"),
    N_("required key is missing"),
    N_("unknown key {key!r}{hint}"),
    N_("expected a table"),
    N_("expected a string, found {kind}"),
    N_("expected true or false, found {kind}"),
    N_("expected a whole number, found {kind}"),
    N_("expected a number, found {kind}"),
    N_("expected a number, found a boolean ({value})"),
    N_("expected an array, found {kind}"),
    N_("expected a table with a 'kind', found {kind}"),
    N_('expected a number or a string such as "56 class_period", found {kind}'),
    N_("expected a date such as 2017-03-17, found {kind}"),
    N_("expected a date (YYYY-MM-DD) without a time"),
    N_("{value} is not one of {allowed}{hint}"),
    N_("a check needs a 'kind', one of {kinds}"),
    N_("{kind!r} is not a check kind; expected one of {kinds}{hint}"),
    N_("invalid value ({detail})"),
    N_("this is a derived standard; load it through a Registry to resolve it"),
    N_("{value!r} does not start with a number"),
    N_("{value!r} divides by zero"),
    N_("{value} is not a finite number"),
    N_("{value} is not a number"),
    N_("{value} is not a whole number"),
    N_("{value} has no finite decimal expansion"),
    N_(
        "numbers of more than {digits} digits, or beyond 1e{digits} or 1e-{digits}, are not accepted"
    ),
    N_("unknown unit {unit!r}"),
    N_(
        "unit {unit!r} has a number or a power too large to work with (a power is a whole number of one or two digits)"
    ),
    N_("{source} ({source_dimension}) cannot be converted to {target} ({target_dimension})"),
    N_("converting {source} to {target} takes a factor beyond 1e{digits} or 1e-{digits}"),
    N_("unit {unit!r}... is longer than 100 characters"),
    N_("a plain number"),
    N_("dimensionless"),
    N_("indicator id {id!r} is already used at {first}"),
    N_("duplicate {what} {value!r}"),
    N_("category id"),
    N_("fact key"),
    N_("tier id"),
    N_("department id"),
    N_("category {id!r} is worth {points} points but its indicators add up to {total}"),
    N_("the total is {points} points but the categories add up to {total}"),
    N_("points cannot be negative"),
    N_("the pass mark cannot be negative"),
    N_("the pass mark {mark} is above the most a community can score ({ceiling})"),
    N_("tiers must be in rising order: {minimum} is not above {previous}"),
    N_("tier {id!r} needs {minimum}, more than the most a community can score ({ceiling})"),
    N_("fact {key!r} is a boolean, not a number"),
    N_("fact {key!r} is a {kind}, not a boolean"),
    N_("fact {key!r} is a {kind}, not a count"),
    N_("fact {key!r} is not declared in [[facts]]{hint}"),
    N_("fact {key!r} is declared but no check uses it"),
    N_("schema {schema} is not supported (this library reads {supported})"),
    N_("{id!r} is not a valid id (letters, digits, '.', '_' and '-')"),
    N_("{id!r} is not a valid id"),
    N_("{key!r} is not a valid fact key"),
    N_("{version!r} is not a valid version (visible characters without spaces, and no '@')"),
    N_("a weighted standard needs a weight for every category"),
    N_('weights apply only when aggregation = "weighted"'),
    N_("a weight cannot be negative"),
    N_("the category weights add up to {total}, not the total {points}"),
    N_('the standard\'s policy is not_applicable = "forbidden"'),
    N_("a deduction award needs at least one deduction"),
    N_('deductions need award = "deduction"'),
    N_("a deduction takes off more than 0 points"),
    N_("a deduction limit cannot be negative"),
    N_("an indicator has at most one assessed check"),
    N_("an assessed check needs a label saying what is judged"),
    N_("partial credit is a share between 0 and 1"),
    N_("the maximum is below the minimum"),
    N_("{inclusive} and {strict} are two bounds on one side; keep one"),
    N_("a threshold needs a bound: minimum, more_than, maximum or less_than"),
    N_("a frequency needs a fact per unit of time, and {fact!r} is in {unit!r}"),
    N_("a boolean fact has no unit"),
    N_("a boolean fact has no minimum or maximum"),
    N_("a count cannot be negative"),
    N_("a prerequisite cannot be a bonus item"),
    N_("category {id!r} has no indicators"),
    N_("indicator {id!r} has no checks"),
    N_("needs at least one check"),
    N_("department {id!r} is not declared"),
    N_("the title needs a text in at least one language"),
    N_("the total points must be more than 0"),
    N_("indicator {id!r} always applies"),
    N_(
        "not_applicable = false says the indicator always applies; a not_applicable_when condition contradicts it (keep one)"
    ),
    N_(
        'when_zero = "not_applicable" needs a standard whose not_applicable policy is "zero" or "rescale"'
    ),
    N_('expected a reference such as "id@version"'),
    N_("extends forms a cycle: {chain}"),
    N_("extends goes deeper than {depth} standards: {chain}"),
    N_("{chain}: {detail}"),
    N_(
        "no standard with id {id!r} (known: {known}); name its file with --standard FILE or its folder with --standards-path DIR (in Python: Registry([DIR])), or list its folder in {variable}"
    ),
    N_(
        "{id!r} has no version {version!r}; it has {versions} (name the file of another version with --standard FILE or its folder with --standards-path DIR)"
    ),
    N_("no standard with id {id!r}{hint}"),
    N_("{id!r} has no active version; name one of {versions}"),
    N_("{ref} is offered twice: by {first} ({first_origin}) and by {second} ({second_origin})"),
    N_("a standard needs a string {key!r} to be found by reference"),
    N_("no such file or folder of standards"),
    N_("no such evidence file or folder"),
    N_("expected an array of indicator or category ids"),
    N_("expected an array of field names"),
    N_("{key} {id!r} is given twice"),
    N_("{id!r} names both a category and an indicator"),
    N_("{id!r} is neither an indicator nor a category of {ref}{hint}"),
    N_("category {id!r} is both changed and removed"),
    N_("indicator {id!r} is both changed and removed"),
    N_(
        "indicator {id!r} is not in {ref}, and a new indicator needs 'category' and its fields{hint}"
    ),
    N_(
        'indicator {id!r} is in category {category!r}, which is removed; move it with category = "<another category>" or remove it too'
    ),
    N_("give either 'position' or 'after', not both"),
    N_("only a new category can be placed; the order of existing ones is kept"),
    N_("only a new or moved indicator can be placed"),
    N_("a new category has nothing to unset"),
    N_("a new indicator has nothing to unset"),
    N_("{name!r} is both given and unset"),
    N_("{name!r} is not a field that can be unset{hint}"),
    N_("{name!r} is required and cannot be unset"),
    N_("expected a table of {what}"),
    N_("expected a whole number from 1 to {last}"),
    N_("in a derived standard, {name} are patched by id with {syntax} tables"),
    N_("fact {key!r} is not declared by {ref}{hint}"),
    N_("fact {key!r} is yes/no; expected true or false, found {kind}"),
    N_("fact {key!r} is a number; found {kind}"),
    N_("fact {key!r} is a count and cannot be negative ({value})"),
    N_("fact {key!r} is a count of whole {unit}; {value} is not whole"),
    N_("fact {key!r} is declared in {unit!r}; {detail}"),
    N_("fact {key!r}: {value!r} does not start with a number"),
    N_("fact {key!r}: {detail}"),
    N_("fact {key!r} is {value}, above its largest possible value {bound}"),
    N_("fact {key!r} is {value}, below its smallest possible value {bound}"),
    N_("fact {key!r} is missing (strict mode)"),
    N_("fact {key!r} is yes/no and has no unit"),
    N_("indicator {id!r} is not in {ref}{hint}"),
    N_("indicator {id!r} has no assessed check to judge"),
    N_("a judgement gives either a result or points, not both or neither"),
    N_("points must lie between 0 and {points}"),
    N_("{ref} does not allow indicators to be not applicable"),
    N_("{value!r} is not a valid {key}"),
    N_("row {row}, column {column}"),
    N_("row {row}"),
    N_("cannot read the table: {detail}"),
    N_("cannot read the workbook: {detail}"),
    N_("cannot read the workbook: not a valid .xlsx archive ({detail})"),
    N_("column {name!r} repeats column {first!r}"),
    N_("column {name!r}: {detail}{hint}"),
    N_("the column has no name"),
    N_("the table has no column {name!r}"),
    N_("the workbook has no sheet {name!r}"),
    N_("the workbook's first sheet is empty"),
    N_("unknown encoding {name!r}"),
    N_(
        "the cell holds a formula without a computed value: type the value, or open and save the workbook in a spreadsheet program"
    ),
    N_("{key} is given twice (also in {first})"),
    N_("not a Parquet file: {detail}"),
)

#: What the data of a placeholder look like, by its name (any text, by default).
_SHAPES = {
    "hint": r"(?:; did you mean .+\?)?",
    "chain": r".+? -> .+?",
}
_REPR = r"'(?:[^'\\]|\\.)*'" + "|" + r'"(?:[^"\\]|\\.)*"'
_FIELD = re.compile(r"\{(\w+)(![rsa])?\}")


def _order(template: str) -> tuple[bool, int]:
    # a sentence's frame before the sentences inside it: forms that start with words
    # first ("not valid JSON: {detail}" before "{value} is not a finite number"), then
    # the forms with the most words
    return not template.startswith("{"), len(_FIELD.sub("", template))


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    found = []
    for template in sorted(set(SENTENCES), key=_order, reverse=True):
        parts, end, named = [], 0, set()
        for match in _FIELD.finditer(template):
            parts.append(re.escape(template[end : match.start()]))
            name, conversion = match.group(1), match.group(2)
            if name in named:  # the same data again
                parts.append(f"(?P={name})")
            else:
                shape = _REPR if conversion == "!r" else _SHAPES.get(name, ".+?")
                parts.append(f"(?P<{name}>{shape})")
                named.add(name)
            end = match.end()
        parts.append(re.escape(template[end:]))
        found.append((re.compile("".join(parts), re.DOTALL), template))
    return tuple(found)


def recognise(text: str) -> tuple[str, dict[str, str]] | None:
    """The form of ``text`` among :data:`SENTENCES` and its data, or ``None``.

    .. versionadded:: 0.2.0
    """
    for pattern, template in _patterns():
        match = pattern.fullmatch(text)
        if match is not None:
            return template, match.groupdict()
    return None


def sentence_in(language: str, text: str) -> str:
    """``text`` (one of the library's English sentences) in ``language``.

    A sentence that is not recognised is returned as it is.

    .. versionadded:: 0.2.0
    """
    if language == SOURCE_LANGUAGE:
        return text
    found = recognise(text)
    if found is None:
        return text
    template, data = found
    values: dict[str, object] = {}
    for name, value in data.items():
        as_written = not value or re.fullmatch(_REPR, value) is not None
        values[name] = value if as_written else sentence_in(language, value)
    # the data are already written (a repr keeps its quotes): fill them in as they are
    plain = _FIELD.sub(lambda match: "{" + match.group(1) + "}", translate(language, template))
    return plain.format(**values)
