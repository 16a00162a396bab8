"""The columnar engine: a whole table of communities scored column by column.

The engine is compiled from the same :class:`~community_standards.scoring.plan.ScoringPlan`
as the object path (:func:`~community_standards.score`), and gives the same result for
every row, status and point. It works on Arrow record batches with numpy, with no Python
loop per community:

* each fact column is read once: its cells parsed as exact decimals, its units (in the
  header, or in the cells: a handful of distinct units per column) converted by one exact
  factor each, so that a column becomes whole numbers over one common denominator;
* every check of the plan compares whole columns, exactly: a bound ``value >= num / den``
  is the integer comparison ``top * den >= num * bottom`` in 64-bit integers, and where a
  product could overflow, in exact Python integers instead;
* points are whole numbers of ``1 / S`` (``S`` is the plan's scale times the common
  denominator of the credits), totals their sums; the text of each exact number is made
  once per distinct value (Arrow dictionary columns), never once per row;
* a column of a few distinct texts (yes/no, judgements, small counts) is read once for all
  the batches with those texts, in whatever order a batch meets them, and an indicator
  whose columns are such is scored once on each combination of their texts: each row is
  then given its combination's status, text and points by one lookup.

A row the vectorised reader does not take as plainly valid (a cell in a form it does not
parse, a value out of range, a unit it cannot convert, a judgement in points that is not a
whole number of ``1 / S``, a not-applicable claim under a rescaling standard) is read and
scored by the object path instead, so its result, or its problems, are exactly the object
path's. Such rows are few in a real table; everything else is columnar.

:func:`score_batch` takes a record batch (or a pandas DataFrame) of a table and returns one
of results, so ``dask.dataframe.map_partitions`` and Spark's ``mapInArrow`` run it as it is;
:func:`score_table` scores a whole pyarrow Table or a pandas or polars DataFrame. Needs the
``table`` extra (numpy, pyarrow).

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Any, NamedTuple, TypeVar, final

import attrs

from ..formats.table import (
    BOOLEAN_WORDS,
    RESULT_WORDS,
    Column,
    RowProblem,
    TableLayout,
    fact_cell,
    period_average,
    row_evidence,
    table_layout,
)
from ..model.errors import EvidenceError, Problem
from ..model.standard import (
    TOTAL_POOL,
    Award,
    FactKind,
    FailEffect,
    Indicator,
    NotApplicablePolicy,
    Standard,
    ZeroDenominator,
    category_points,
)
from ..units.convert import UnitProblem, conversion_factor, split_amount
from ..units.numbers import format_number
from .evaluate import compile_standard, score
from .plan import (
    AllOfNode,
    AnyOfNode,
    AssessedNode,
    BandsNode,
    BooleanNode,
    Bound,
    CheckNode,
    DeductionNode,
    EachPeriodNode,
    IndicatorPlan,
    RangeNode,
    RatioNode,
    ResultNode,
    ScoringPlan,
    Side,
)
from .reading import strict_check
from .scorecard import IndicatorStatus, Scorecard
from .table import result_columns, scorecard_row

__all__ = [
    "BatchMemo",
    "ColumnarEngine",
    "columnar_engine",
    "score_batch",
    "score_stream",
    "score_table",
]

#: Statuses by their code in the engine.
STATUSES: tuple[str, ...] = tuple(status.value for status in IndicatorStatus)
_MET, _PARTLY, _NOT_MET, _NOT_ASSESSED, _NOT_APPLICABLE = range(5)
assert STATUSES == ("met", "partly_met", "not_met", "not_assessed", "not_applicable")

#: Products at or beyond this are computed in exact Python integers.
_LIMIT = 1 << 62
#: Most digits before and after the point a cell may have to be read by columns.
_INT_DIGITS, _FRAC_DIGITS = 12, 6
#: The widest span of values whose texts are made for every value in it.
_SPAN = 200_000

_T = TypeVar("_T", "_Num", "_Bool", "_Credit")

#: At most this many distinct texts of a column are read one by one, as the rows are.
_FEW = 16

#: The community's columns the results show: read as they are, not by distinct texts.
_SHOWN = ("id", "name", "district")


def _np() -> Any:
    import numpy

    return numpy


@functools.cache
def _whitespace() -> str:
    """Every character :meth:`str.strip` removes, for Arrow to trim the same."""
    return "".join(chr(c) for c in range(0x3100) if chr(c).isspace())


class _Coded(NamedTuple):
    """A column read once per distinct text: that reading (a :class:`_Num`, :class:`_Bool`
    or :class:`_Credit` of the distinct texts, a null last), and each row's index into it;
    for a reading the engine keeps (:meth:`ColumnarEngine.distinct_reading`), its token and
    where each text is among the kept ones (None: in the same places)."""

    found: Any
    codes: Any
    nulls: bool  # whether any row is blank (the last text)
    kept: int | None = None
    order: Any = None

    def rows(self, part: str) -> Any:
        """One part of the distinct texts' reading, given to every row."""
        return _spread(getattr(self.found, part), self.codes, self.nulls)


class _Rows:
    """A column's reading for every row: ``present`` where a row has one. A column read once
    per distinct text keeps that reading and each row's index (``coded``), and the rows'
    parts are looked up from it only when asked."""

    __slots__ = ("_present", "coded")

    def __init__(self, present: Any, coded: _Coded | None) -> None:
        self._present = present  # bool; None: not looked up
        self.coded = coded

    def _looked_up(self, part: str) -> Any:
        assert self.coded is not None
        return self.coded.rows(part)

    @property
    def present(self) -> Any:
        """Where a row has a value."""
        if self._present is None:
            self._present = self._looked_up("present")
        return self._present


@final
class _Num(_Rows):
    """A number column: ``num / den`` where ``present``; a check of this one fact compares
    each distinct value once."""

    __slots__ = ("_average", "_num", "den")

    def __init__(
        self,
        num: Any,
        den: int,
        present: Any,
        coded: _Coded | None = None,
        average: Any = False,
    ) -> None:
        super().__init__(present, coded)
        self._num = num  # int64 (or object of Python ints) numerators; None: not looked up
        self.den = den  # the column's common denominator
        # a fact counted in each period: where a row gives one rate over another span (a
        # yearly total), not ``present``, its average in ``num``; False: no such row
        self._average = average

    @property
    def num(self) -> Any:
        """Every row's numerator."""
        if self._num is None:
            assert self.coded is not None
            self._num = _spread(self.coded.found.num, self.coded.codes, True)
        return self._num

    @property
    def average(self) -> Any:
        """Where a row gives a rate over another span (an array), or False for none."""
        if self._average is None:
            assert self.coded is not None
            found = self.coded.found.average
            self._average = self._looked_up("average") if found is not False else False
        return self._average


class _Valued(_Rows):
    """A column's ``value`` for every row where ``present``, looked up only if asked."""

    __slots__ = ("_value",)

    def __init__(self, value: Any, present: Any, coded: _Coded | None) -> None:
        super().__init__(present, coded)
        self._value = value

    @property
    def value(self) -> Any:
        """Every row's value."""
        if self._value is None:
            self._value = self._looked_up("value")
        return self._value


@final
class _Bool(_Valued):
    """A yes/no column."""

    __slots__ = ()

    def __init__(self, value: Any, present: Any, coded: _Coded | None = None) -> None:
        super().__init__(value, present, coded)


@final
class _Credit(_Valued):
    """A credit for every row, in units of ``1 / K``; or, ``binary``, whether it is full (K,
    else 0)."""

    __slots__ = ("binary",)

    def __init__(
        self, value: Any, present: Any, binary: bool = False, coded: _Coded | None = None
    ) -> None:
        super().__init__(value, present, coded)
        self.binary = binary

    def units(self, K: int) -> Any:
        """The credit in units of ``1 / K``."""
        return self.value * K if self.binary else self.value


# -- exact integer arithmetic over arrays --------------------------------------------------


def _bound_of(array: Any) -> int:
    np = _np()
    if array.size == 0:
        return 0
    if array.dtype == object:
        return int(max(abs(int(v)) for v in array))
    return int(np.max(np.abs(array)))


def _times(array: Any, factor: int, most: int | None = None) -> Any:
    """``array * factor`` exactly: in int64 where it cannot overflow, else in Python ints
    (``most``: the largest magnitude in ``array``, where it is known)."""
    if factor == 1:
        return array
    if array.dtype != object and (
        abs(factor) >= _LIMIT
        or (_bound_of(array) if most is None else most) * abs(factor) >= _LIMIT
    ):
        array = array.astype(object)
    return array * factor


def _product(a: Any, b: Any) -> Any:
    """``a * b`` elementwise, exactly."""
    if object in (a.dtype, b.dtype) or _bound_of(a) * _bound_of(b) >= _LIMIT:
        a, b = a.astype(object), b.astype(object)
    return a * b


def _holds(bound: Bound, top: Any, bottom: Any, most: tuple[int, int] | None = None) -> Any:
    """Whether ``top / bottom`` (``bottom > 0``) keeps ``bound``: ``top * den OP num * bottom``
    (``most``: the largest magnitudes in ``top`` and ``bottom``, where they are known)."""
    np = _np()
    left = _times(top, bound.den, None if most is None else most[0])
    if isinstance(bottom, int):
        right: Any = bound.num * bottom
        if abs(right) >= _LIMIT and left.dtype != object:
            left = left.astype(object)
    else:
        right = _times(bottom, bound.num, None if most is None else most[1])
        if object in (left.dtype, right.dtype):
            left, right = left.astype(object), right.astype(object)
    side = bound.side
    if side is Side.MINIMUM:
        found = left >= right
    elif side is Side.MORE_THAN:
        found = left > right
    elif side is Side.MAXIMUM:
        found = left <= right
    else:
        found = left < right
    return np.asarray(found, dtype=bool)


def _quotient(top_fact: _Num, bottom_fact: _Num) -> tuple[Any, Any, Any, Any, tuple[int, int]]:
    """Two number columns' quotient for every row as ``top / bottom`` with ``bottom > 0``:
    (top, bottom, present, zero, bounds of the magnitudes of top and bottom); where the
    denominator is 0 (``zero``), ``bottom`` is 1. A column read once per distinct text is
    bounded, and checked for negative and zero values, on its distinct values."""
    np = _np()
    top_most, bottom_most = _most(top_fact), _most(bottom_fact)
    top = _times(top_fact.num, bottom_fact.den, top_most)
    bottom = _times(bottom_fact.num, top_fact.den, bottom_most)
    if _may_hold(bottom_fact, lambda num: num < 0):
        negative = np.asarray(bottom < 0, dtype=bool)
        if negative.any():
            top = np.where(negative, -top, top)
            bottom = np.where(negative, -bottom, bottom)
    present = top_fact.present & bottom_fact.present
    if _may_hold(bottom_fact, lambda num: num == 0, present=True):
        zero = present & np.asarray(bottom == 0, dtype=bool)
        if zero.any():
            bottom = np.where(zero, 1, bottom)
    else:
        zero = np.zeros(len(present), dtype=bool)
    top_bound = _bound_of(top) if top_most is None else top_most * bottom_fact.den
    bottom_bound = _bound_of(bottom) if bottom_most is None else bottom_most * top_fact.den
    return top, bottom, present, zero, (top_bound, max(bottom_bound, 1))


def _most(fact: _Num) -> int | None:
    """The largest magnitude of a column's numerators, from its distinct values where it is
    read by them (at least that of any row); None where it is not."""
    return None if fact.coded is None else _bound_of(fact.coded.found.num)


def _may_hold(fact: _Num, test: Callable[[Any], Any], present: bool = False) -> bool:
    """Whether ``test`` of a column's numerators may hold for a row (``present``: a row
    where it has a value): False only where no distinct value it is read by keeps it."""
    if fact.coded is None:
        return True
    found = fact.coded.found
    if found.num.dtype == object:
        return True
    held = test(found.num)
    return bool((held & found.present).any() if present else held.any())


# -- reading columns -----------------------------------------------------------------------


def _entries(array: Any) -> tuple[Any, Any, bool]:
    """A text column as its distinct texts and, for every row, the index of its text (the
    blank cells: one past the last, a null in :func:`_with_null`): a column is read once
    per distinct text, which in a city's table is a few per column (yes/no, judgements) or
    a few thousand (numbers)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    np = _np()
    if not pa.types.is_dictionary(array.type):
        array = pc.dictionary_encode(array)
    dictionary = array.dictionary
    if not pa.types.is_string(dictionary.type):
        dictionary = pc.cast(dictionary, pa.string())
    indices = array.indices
    nulls = bool(indices.null_count)
    if nulls:
        codes = pc.fill_null(indices, 0).to_numpy(zero_copy_only=False).astype(np.int64)
        codes[~indices.is_valid().to_numpy(zero_copy_only=False)] = len(dictionary)
    else:
        codes = indices.to_numpy(zero_copy_only=False)
    return dictionary, codes, nulls


def _with_null(dictionary: Any) -> Any:
    """A column's distinct texts (:func:`_entries`) with a null last, for its blank cells."""
    import pyarrow as pa

    return pa.concat_arrays([dictionary, pa.nulls(1, pa.string())])


def _spread(part: Any, codes: Any, nulls: bool) -> Any:
    """A value read once per distinct text, given to every row (``codes``; ``nulls``:
    whether any row is blank, the last text)."""
    np = _np()
    if not isinstance(part, np.ndarray):
        return part
    if part.dtype == bool:  # where every text (the blank one if any) agrees: no lookup
        used = part if nulls else part[:-1]
        if used.all():
            return np.ones(len(codes), dtype=bool)
        if not used.any():
            return np.zeros(len(codes), dtype=bool)
        if len(part) <= 8:  # a few texts (yes/no): compared, cheaper than looked up
            chosen = np.flatnonzero(used)
            other = np.flatnonzero(~part)
            flip = len(chosen) > len(other)
            found = codes == (other if flip else chosen)[0]
            for text in (other if flip else chosen)[1:]:
                found |= codes == text
            return ~found if flip else found
    if part.dtype == object:
        return part[codes]
    # by numpy's own index type: a lookup by narrower indices costs several times more
    return np.take(part, codes if codes.dtype == np.intp else codes.astype(np.intp))


_NUMBER = re.compile(
    rf"^(?P<sign>[+-]?)(?P<int>[0-9]{{1,{_INT_DIGITS}}})(?:\.(?P<frac>[0-9]{{1,{_FRAC_DIGITS}}}))?"
    r"[ \t]*(?P<unit>.*)$"
)
_POINTS = re.compile(
    rf"^(?P<sign>[+-]?)(?P<int>[0-9]{{1,{_INT_DIGITS}}})(?:\.(?P<frac>[0-9]{{1,{_FRAC_DIGITS}}}))?"
    r"(?P<unit>)$"
)


def _strings(array: Any) -> tuple[Any, Any]:
    """A column as trimmed text, and where it is blank (as the object path's ``strip``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(array.type) or not pa.types.is_string(array.type):
        array = pc.cast(array, pa.string())
    text = pc.utf8_trim(array, characters=_whitespace())
    blank = pc.fill_null(pc.equal(text, ""), True).to_numpy(zero_copy_only=False)
    return text, blank


def _is_text(array: Any) -> bool:
    import pyarrow as pa

    kind = array.type
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _is_number(array: Any) -> bool:
    import pyarrow as pa

    kind = array.type
    return bool(
        pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind)
    )


def _decimals(text: Any, pattern: re.Pattern[str]) -> tuple[Any, int, Any, Any]:
    """Cells as exact decimals ``value / 10**k``: (values, k, units as text, matched)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    np = _np()
    parts = pc.extract_regex(text, pattern.pattern)
    matched = pc.fill_null(pc.is_valid(parts), False).to_numpy(zero_copy_only=False)

    def field(name: str, empty: str) -> Any:
        return pc.fill_null(pc.struct_field(parts, name), empty)

    frac = field("frac", "")
    k = int(pc.max(pc.utf8_length(frac)).as_py() or 0) if len(frac) else 0
    whole = pc.cast(field("int", "0"), pa.int64()).to_numpy(zero_copy_only=False)
    values = whole * (10**k)
    if k:
        padded = pc.utf8_rpad(frac, width=k, padding="0")
        values = values + pc.cast(padded, pa.int64()).to_numpy(zero_copy_only=False)
    negative = pc.equal(field("sign", ""), "-").to_numpy(zero_copy_only=False)
    values = np.where(negative, -values, values)
    return values, k, field("unit", ""), matched


def _decimal_ints(array: Any) -> Any:
    """A decimal128 array's unscaled values as int64 (None where any would not fit)."""
    import pyarrow as pa

    np = _np()
    if not pa.types.is_decimal128(array.type):
        return None
    data = array.buffers()[1]
    pairs = np.frombuffer(data, dtype=np.int64).reshape(-1, 2)[
        array.offset : array.offset + len(array)
    ]
    low, high = pairs[:, 0], pairs[:, 1]
    valid = array.is_valid().to_numpy(zero_copy_only=False)
    if not np.all((high == (low >> 63)) | ~valid):
        return None
    return np.where(valid, low, 0)


#: A whole number Arrow's integer cast and the object path read alike.
_WHOLE = rf"^-?[0-9]{{1,{_INT_DIGITS}}}$"
#: A plain decimal both read alike ("5." and "5e3" are not: the object path refuses them).
_PLAIN = rf"^[+-]?[0-9]{{1,{_INT_DIGITS}}}(\.[0-9]{{1,{_FRAC_DIGITS}}})?$"


_PLAIN_CELL = re.compile(_PLAIN)


def _all_match(text: Any, pattern: str) -> bool:
    """Whether every cell of ``text`` that is not null matches ``pattern``."""
    import pyarrow.compute as pc

    matched = pc.match_substring_regex(text, pattern)
    return bool(pc.all(pc.fill_null(matched, True)).as_py())


def _plain_numbers(text: Any) -> tuple[Any, int] | None:
    """A text column of plain numbers as (values, k): exact, over 10**k; None if any cell is
    not a plain number both Arrow and the object path read the same way."""
    import pyarrow as pa
    import pyarrow.compute as pc

    np = _np()
    # the shapes are checked first: a failed cast costs far more than a match, and a
    # match far more than a test of the characters (the common case: ASCII digits only)
    digits = len(text) and pc.all(pc.ascii_is_decimal(text)).as_py()
    if digits and (pc.max(pc.binary_length(text)).as_py() or 0) <= _INT_DIGITS:
        ints = pc.cast(text, pa.int64())
        return pc.fill_null(ints, 0).to_numpy(zero_copy_only=False), 0
    if _all_match(text, _WHOLE):
        ints = pc.cast(text, pa.int64())
        return pc.fill_null(ints, 0).to_numpy(zero_copy_only=False), 0
    if not _all_match(text, _PLAIN):
        return None
    try:
        decimals = pc.cast(text, pa.decimal128(18, _FRAC_DIGITS))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # pragma: no cover - shape checked
        return None
    values = _decimal_ints(decimals)
    if values is None:
        return None
    k = _FRAC_DIGITS
    while k and np.all(values % 10 == 0):
        values = values // 10
        k -= 1
    return values, k


def _scaled(values: Any, k: int, factors: list[Fraction], units: Any) -> tuple[Any, int]:
    """``values / 10**k`` times each row's unit factor, over one common denominator."""
    np = _np()
    den = 10**k * math.lcm(*(f.denominator for f in factors))
    multipliers = [f.numerator * (den // (10**k * f.denominator)) for f in factors]
    if len(multipliers) == 1:
        return _times(values, multipliers[0]), den
    if max(abs(m) for m in multipliers) >= _LIMIT:
        chosen = np.array(multipliers, dtype=object)[units]
    else:
        chosen = np.array(multipliers, dtype=np.int64)[units]
    return _product(values, chosen), den


def _cell_unit(unit: str) -> str | None:
    """The unit the object path reads after a number followed by ``unit`` (with or without a
    space between), or None where it would read the number differently (``e3``, ``/3``)."""
    if unit[:1].isspace():
        return None
    spaced, joined = split_amount(f"12 {unit}"), split_amount(f"12{unit}")
    if spaced != joined or spaced[0] != "12":
        return None
    return spaced[1]


class _Reader:
    """Reads one record batch of a table into exact columns, marking rows to read one by one."""

    def __init__(
        self,
        engine: ColumnarEngine,
        batch: Any,
        distinct: bool = False,
        rows: int = 0,
        memo: BatchMemo | None = None,
    ) -> None:
        np = _np()
        self.engine = engine
        #: what the batches of this table keep from one to the next (none: this one's own)
        self.memo = BatchMemo() if memo is None else memo
        self.batch = batch
        self.n = rows if batch is None else batch.num_rows
        self.slow = np.zeros(self.n, dtype=bool)
        self.nums: dict[str, _Num] = {}
        self.bools: dict[str, _Bool] = {}
        #: the assessor's amounts of ranged deductions, by (indicator id, deduction id)
        self.amounts: dict[tuple[str, str], _Num] = {}
        self._strings: dict[int, tuple[Any, Any]] = {}
        self._entries: dict[int, tuple[Any, Any, bool]] = {}
        self._blank: dict[int, Any] = {}
        self._scratch: tuple[Any, Any, Any] | None = None
        self._facts_key: tuple[frozenset[str], frozenset[str]] | None = None
        #: whether this reader reads a column's distinct texts (not a table's rows)
        self.distinct = distinct
        #: each indicator's status codes and points once scored, for those reading them
        self.results: dict[str, tuple[Any, Any]] = {}
        #: the columns read as they are, not by distinct texts (the community's id, name)
        self.plain: set[int] = set()
        #: the indicators whose points are all of their points where met, else none
        self.all_or_nothing: set[str] = set()
        #: the indicators whose points' texts are known for every row: (indices, texts)
        self.awarded: dict[str, tuple[Any, Any]] = {}

    def column(self, column: Column) -> Any:
        return self.batch.column(column.index)

    def facts_key(self) -> tuple[frozenset[str], frozenset[str]]:
        """The facts this batch has columns of (an indicator scored on combinations reads
        a fact not among its inputs as missing only where the table has no column of it)."""
        found = self._facts_key
        if found is None:
            found = self._facts_key = (frozenset(self.nums), frozenset(self.bools))
        return found

    def scratch(self) -> tuple[Any, Any, Any]:
        """Three index arrays of the batch's length (two narrow, one of numpy's own index
        type), made once and written over each time."""
        found = self._scratch
        if found is None:
            np = _np()
            n = self.n
            found = self._scratch = (
                np.empty(n, np.int32), np.empty(n, np.int32), np.empty(n, np.intp)
            )  # fmt: skip
        return found

    def strings(self, index: int) -> tuple[Any, Any]:
        """The column at ``index`` as trimmed text and its blank cells (made once)."""
        found = self._strings.get(index)
        if found is None:
            found = self._strings[index] = _strings(self.batch.column(index))
        return found

    def entries(self, index: int) -> tuple[Any, Any, bool] | None:
        """A text column's distinct texts (:func:`_entries`: the blank cells' index is one
        past them) and each row's index; None for a column not of text, or a reader of
        distinct texts already."""
        if self.distinct or index in self.plain or not _is_text(self.batch.column(index)):
            return None
        found = self._entries.get(index)
        if found is None:
            found = self._entries[index] = _entries(self.batch.column(index))
        return found

    def blank_entries(self, index: int) -> Any:
        """Which of a text column's distinct texts (:meth:`entries`) are blank."""
        found = self._blank.get(index)
        if found is None:
            texts, _, _ = self.entries(index)  # type: ignore[misc]
            found = self._blank[index] = _strings(_with_null(texts))[1]
        return found

    def blank(self, index: int) -> Any:
        """Where the column at ``index`` is blank (null, or only spaces), for every row."""
        import pyarrow.compute as pc

        if self.entries(index) is None:
            array = self.batch.column(index)
            if _is_text(array):
                return self.strings(index)[1]
            return ~pc.is_valid(array).to_numpy(zero_copy_only=False)
        _, codes, _ = self.entries(index)  # type: ignore[misc]
        return self.blank_entries(index)[codes]

    def blank_rows(self, indices: Iterable[int]) -> Any:
        """Where every column at ``indices`` is blank: each column is read only at the rows
        still blank in the columns before it (in a filled table, none after the first)."""
        np = _np()
        rows = np.arange(self.n)
        for index in indices:
            if not rows.size:
                break
            entries = self.entries(index)
            if entries is None:
                rows = rows[self.blank(index)[rows]]
            else:
                rows = rows[self.blank_entries(index)[entries[1][rows]]]
        found = np.zeros(self.n, dtype=bool)
        found[rows] = True
        return found

    def by_entry(
        self, column: Column, read: Callable[[_Reader, Column], _T], *how: object
    ) -> _T | None:
        """``read`` of a text column done once per distinct text, then given to every row
        (None for a column not of text): the cells' problems mark their rows as slow.
        ``how`` names what ``read`` depends on besides the column and its texts: a column of
        a few distinct texts is read once for all batches with those texts (the engine keeps
        that reading)."""
        entries = self.entries(column.index)
        if entries is None:
            return None
        texts, codes, nulls = entries
        found, slow, kept, order = self.engine.distinct_reading(
            attrs.evolve(column, index=0), read, how, texts, self.memo
        )
        if slow is not None:
            self.slow |= _spread(slow, codes, nulls)
        coded = _Coded(found, codes, nulls, kept, order)  # rows' values looked up if asked
        if isinstance(found, _Num):
            return _Num(None, found.den, None, coded, None if found.average is not False else False)
        if isinstance(found, _Bool):
            return _Bool(None, None, coded)
        assert isinstance(found, _Credit)
        return _Credit(None, None, found.binary, coded)

    def number(self, column: Column) -> _Num:
        import pyarrow as pa
        import pyarrow.compute as pc

        np = _np()
        spread = self.by_entry(column, _Reader.number, "number")
        if spread is not None:
            return spread
        array = self.column(column)
        if self.distinct and len(array) <= _FEW:  # a few distinct texts: each read as a row is
            averages: list[bool] = []
            found = self._few(column, array, averages)
            den = math.lcm(*(Fraction(v).denominator for v in found if v is not None))
            tops = [0 if v is None else int(v * den) for v in found]
            big = max(map(abs, tops), default=0) >= _LIMIT
            num = np.array(tops, dtype=object if big else np.int64)
            read_as_is = [v is not None and not a for v, a in zip(found, averages, strict=True)]
            flags = np.array(averages, dtype=bool) if any(averages) else False
            return _Num(num, den, np.array(read_as_is, dtype=bool), average=flags)
        fact = self.engine.facts[column.key]
        present = pc.is_valid(array).to_numpy(zero_copy_only=False)
        average: Any = False
        if pa.types.is_integer(array.type):
            values = pc.fill_null(array, 0).cast(pa.int64()).to_numpy(zero_copy_only=False)
            num, den = _times(values, column.factor.numerator), column.factor.denominator
        elif pa.types.is_decimal(array.type) and _decimal_ints(array) is not None:
            values = _decimal_ints(array)
            k = array.type.scale
            num, den = _scaled(values, k, [column.factor], np.zeros(self.n, dtype=np.int64))
        elif _is_text(array) or pa.types.is_floating(array.type) or pa.types.is_decimal(array.type):
            if not _is_text(array) or pa.types.is_dictionary(array.type):
                array = pc.cast(array, pa.string())
            values, k, units, names, present, unmatched = self._text_numbers(array, column)
            self.slow |= unmatched
            factors: list[Fraction | None] = []
            for name in names:
                factor: Fraction | None
                unit = _cell_unit(name) if name else ""
                if not name:
                    factor = column.factor
                elif unit is None:
                    factor = None
                else:
                    try:
                        factor = conversion_factor(unit, fact.unit)
                    except UnitProblem:
                        factor = None
                factors.append(factor)
            good = np.array([f is not None for f in factors])
            self.slow |= present & ~good[units]
            usable = [f if f is not None else Fraction(1) for f in factors]
            num, den = _scaled(values, k, usable, units)
            if fact.each_period:  # a rate in another unit (a yearly total): its average
                other = np.array([f is not None and f != 1 for f in factors])
                if other.any():
                    average = present & other[units]
                    present = present & ~average
        else:  # booleans, dates...: the object path says what is wrong
            self.slow |= present
            num, den = np.zeros(self.n, dtype=np.int64), 1
        if fact.each_period and column.factor != 1 and not _is_text(array):
            average = present  # a column of a rate in another unit: its averages
            present = np.zeros(self.n, dtype=bool)
        if average is not False:  # an average need not be whole; it cannot be negative
            self.slow |= average & np.asarray(num < 0, dtype=bool)
            given = present | average
        else:
            given = present
        num = np.where(given, num, 0) if num.dtype != object else _zeroed(num, given)
        self._validate(fact, num, den, present)
        return _Num(num, den, present, average=average)

    def _text_numbers(self, raw: Any, column: Column) -> tuple[Any, int, Any, list[str], Any, Any]:
        """Numbers written as text, read in stages, the cheapest first: the whole column as
        plain numbers; else the cells ending in the first cell's unit; the rest one pattern
        at a time. Returns (values over 10**k, k, unit index per row, unit texts, present,
        cells not read)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        np = _np()
        n = self.n
        present = pc.is_valid(raw).to_numpy(zero_copy_only=False)
        first = next((cell for cell in raw.slice(0, 64).to_pylist() if cell), None)
        # a column whose first cell is a plain number is tried as plain numbers throughout
        whole = _plain_numbers(raw) if _PLAIN_CELL.match(first or "") else None
        if whole is not None:
            values, k = whole
            return values, k, np.zeros(n, dtype=np.int64), [""], present, np.zeros(n, bool)
        values = np.zeros(n, dtype=np.int64)
        k = 0
        units = np.zeros(n, dtype=np.int64)
        names = [""]
        todo = present.copy()
        head = re.match(r"[+-]?[0-9]*\.?[0-9]*", first or "")
        suffix = first[head.end() :] if first and head and head.end() else ""
        if suffix and not suffix[-1:].isspace():
            ends = pc.fill_null(pc.ends_with(raw, suffix), False).to_numpy(zero_copy_only=False)
            rows = np.flatnonzero(ends)
            chosen = raw if len(rows) == n else raw.take(pa.array(rows))
            part = pc.utf8_slice_codeunits(chosen, 0, -len(suffix))
            parsed = _plain_numbers(part)
            if parsed is not None:
                got, k = parsed
                values[rows] = got
                names.append(suffix.strip())
                units[rows] = 1
                todo &= ~ends
        unmatched = np.zeros(n, dtype=bool)
        rows = np.flatnonzero(todo)
        if rows.size:
            subset = raw.take(pa.array(rows))
            text = pc.utf8_trim(subset, characters=_whitespace())
            blank = pc.fill_null(pc.equal(text, ""), True).to_numpy(zero_copy_only=False)
            present[rows[blank]] = False
            got, k_rest, unit_text, matched = _decimals(text, _NUMBER)
            unmatched[rows[~blank & ~matched]] = True
            encoded = pc.dictionary_encode(pc.fill_null(unit_text, ""))
            offset = len(names)
            names.extend(encoded.dictionary.to_pylist())
            common = max(k, k_rest)
            values = _times(values, 10 ** (common - k))
            values[rows] = _times(got, 10 ** (common - k_rest))
            k = common
            units[rows] = offset + pc.fill_null(encoded.indices, 0).to_numpy(zero_copy_only=False)
        return values, k, units, names, present, unmatched

    def _validate(self, fact: Any, num: Any, den: int, present: Any) -> None:
        np = _np()
        bad = np.zeros(self.n, dtype=bool)
        if fact.kind is FactKind.COUNT:
            bad |= np.asarray(num < 0, dtype=bool)
            if den != 1:
                bad |= np.asarray(num % den != 0, dtype=bool)
        if fact.minimum is not None:
            low = Bound(
                side=Side.MINIMUM, num=fact.minimum.numerator, den=fact.minimum.denominator,
                written=fact.minimum, unit="", show=Fraction(1),
            )  # fmt: skip
            bad |= ~_holds(low, num, den)
        if fact.maximum is not None:
            high = Bound(
                side=Side.MAXIMUM, num=fact.maximum.numerator, den=fact.maximum.denominator,
                written=fact.maximum, unit="", show=Fraction(1),
            )  # fmt: skip
            bad |= ~_holds(high, num, den)
        self.slow |= present & bad

    def amount(self, column: Column) -> _Num:
        """An assessor's amount of a ranged deduction: a plain number of points; one
        amount per case (``5; 7``), a float or anything else is read with its row."""
        import pyarrow as pa
        import pyarrow.compute as pc

        np = _np()
        array = self.column(column)
        if pa.types.is_integer(array.type):
            present = pc.is_valid(array).to_numpy(zero_copy_only=False)
            values = pc.fill_null(array, 0).cast(pa.int64()).to_numpy(zero_copy_only=False)
            return _Num(values, 1, present)
        if not (_is_text(array) or pa.types.is_decimal(array.type)):
            self.slow |= pc.is_valid(array).to_numpy(zero_copy_only=False)
            return _Num(np.zeros(self.n, dtype=np.int64), 1, np.zeros(self.n, dtype=bool))
        text, blank = _strings(array)
        values, k, _, matched = _decimals(text, _POINTS)
        self.slow |= ~blank & ~matched
        present = ~blank & matched
        return _Num(np.where(present, values, 0), 10**k, present)

    def _few(self, column: Column, array: Any, averages: list[bool] | None = None) -> list[Any]:
        """Each cell of a short column read as a row's reading reads it (None: blank); the
        cells it refuses are marked slow (read with their rows, which name the problem).
        With ``averages``, a cell of a fact counted in each period that gives a rate over
        another span is read as its average, and marked True there."""
        fact = self.engine.facts[column.key]
        found: list[Any] = []
        for at, text in enumerate(array.to_pylist()):
            average = False
            try:
                found.append(fact_cell(column, fact, text))
            except ValueError:
                try:
                    if averages is None:
                        raise
                    found.append(period_average(column, fact, text))
                    average = True
                except ValueError:
                    self.slow[at] = True
                    found.append(None)
            if averages is not None:
                averages.append(average)
        return found

    def boolean(self, column: Column) -> _Bool:
        import pyarrow as pa
        import pyarrow.compute as pc

        np = _np()
        spread = self.by_entry(column, _Reader.boolean, "boolean")
        if spread is not None:
            return spread
        array = self.column(column)
        if self.distinct and len(array) <= _FEW:  # a few distinct texts: each read as a row is
            found = self._few(column, array)
            value = np.array([v is True for v in found], dtype=bool)
            return _Bool(value, np.array([v is not None for v in found], dtype=bool))
        present = pc.is_valid(array).to_numpy(zero_copy_only=False)
        if pa.types.is_boolean(array.type):
            value = pc.fill_null(array, False).to_numpy(zero_copy_only=False)
        elif _is_number(array):
            numbers = pc.fill_null(pc.cast(array, pa.float64()), 0).to_numpy(zero_copy_only=False)
            self.slow |= present & (numbers != 0) & (numbers != 1)
            value = numbers == 1
        elif _is_text(array):
            if pa.types.is_dictionary(array.type):
                array = pc.cast(array, pa.string())
            words = list(BOOLEAN_WORDS)
            truth = np.array([BOOLEAN_WORDS[w] for w in words], dtype=bool)
            found = pc.index_in(array, value_set=pa.array(words))
            value = truth[pc.fill_null(found, 0).to_numpy(zero_copy_only=False)]
            rows = np.flatnonzero(present & ~pc.is_valid(found).to_numpy(zero_copy_only=False))
            if rows.size:  # TRUE, spaces...: read the few such cells
                text = pc.utf8_trim(array.take(pa.array(rows)), characters=_whitespace())
                blank = pc.fill_null(pc.equal(text, ""), True).to_numpy(zero_copy_only=False)
                present[rows[blank]] = False
                again = pc.index_in(pc.utf8_lower(text), value_set=pa.array(words))
                matched = pc.is_valid(again).to_numpy(zero_copy_only=False)
                self.slow[rows[~blank & ~matched]] = True
                value[rows] = truth[pc.fill_null(again, 0).to_numpy(zero_copy_only=False)]
        else:
            self.slow |= present
            value = np.zeros(self.n, dtype=bool)
        return _Bool(value & present, present)

    def judgement(self, column: Column, item: IndicatorPlan, K: int) -> _Credit:
        """The judgement's credit in units of ``1 / K`` (``K`` is the indicator's unit of
        credit: its points in ``1 / S``, or ``M`` for an indicator of no points)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        np = _np()
        spread = self.by_entry(
            column, functools.partial(_Reader.judgement, item=item, K=K), "judgement", item.id, K
        )
        if spread is not None:
            return spread
        n = self.n
        array = self.column(column)
        words = list(RESULT_WORDS)
        partly = int(item.partial * K)
        credit_of = {"met": K, "partly_met": partly, "not_met": 0}
        if self.distinct and len(array) <= _FEW:  # a few distinct words: each read as a row is
            texts = [None if t is None or not t.strip() else t.strip() for t in array.to_pylist()]
            results = [t and (RESULT_WORDS.get(t) or RESULT_WORDS.get(t.lower())) for t in texts]
            if all(r is not None or t is None for r, t in zip(results, texts, strict=True)):
                present = np.array([t is not None for t in texts], dtype=bool)
                value = np.array([credit_of[r] if r else 0 for r in results], dtype=np.int64)
                if not item.assessed:
                    self.slow |= present
                return _Credit(value, present)
        present = pc.is_valid(array).to_numpy(zero_copy_only=False)
        if not (_is_text(array) or _is_number(array)):
            self.slow |= present
            return _Credit(np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool))
        if not _is_text(array) or pa.types.is_dictionary(array.type):
            array = pc.cast(array, pa.string())
        credits = np.array([credit_of[RESULT_WORDS[w]] for w in words], dtype=np.int64)
        found = pc.index_in(array, value_set=pa.array(words))
        value = credits[pc.fill_null(found, 0).to_numpy(zero_copy_only=False)]
        rest = present & ~pc.is_valid(found).to_numpy(zero_copy_only=False)
        rows = np.flatnonzero(rest)
        if rows.size:  # other spellings, spaces, points: read the few such cells
            text = pc.utf8_trim(array.take(pa.array(rows)), characters=_whitespace())
            blank = pc.fill_null(pc.equal(text, ""), True).to_numpy(zero_copy_only=False)
            present[rows[blank]] = False
            again = pc.coalesce(
                pc.index_in(text, value_set=pa.array(words)),
                pc.index_in(pc.utf8_lower(text), value_set=pa.array(words[:3])),
            )
            is_word = pc.is_valid(again).to_numpy(zero_copy_only=False)
            value[rows[is_word]] = credits[
                pc.fill_null(again, 0).to_numpy(zero_copy_only=False)[is_word]
            ]
            points, k, _, matched = _decimals(text, _POINTS)
            is_points = ~blank & ~is_word & matched
            self.slow[rows[~blank & ~is_word & ~matched]] = True
            if is_points.any():
                value[rows[is_points]] = self._points_credit(
                    item, K, points[is_points], k, rows[is_points]
                )
        if not item.assessed:
            self.slow |= present
        return _Credit(np.where(present, value, 0), present)

    def _points_credit(self, item: IndicatorPlan, K: int, points: Any, k: int, rows: Any) -> Any:
        """Judgements in points (``points / 10**k``) as credits of ``1 / K``; the rows where
        that is not whole, or the points are out of range, are read one by one."""
        np = _np()
        maximum = item.maximum
        bottom = 10**k * maximum.numerator
        if not bottom:  # an indicator of 0 points: points are no verdict of "met" (credit 0)
            self.slow[rows[np.asarray(points != 0, dtype=bool)]] = True
            return np.zeros(len(rows), dtype=np.int64)
        top = _times(points, K * maximum.denominator)
        whole = np.asarray(top % bottom == 0, dtype=bool)
        most = Bound(
            side=Side.MAXIMUM, num=maximum.numerator, den=maximum.denominator,
            written=maximum, unit="", show=Fraction(1),
        )  # fmt: skip
        outside = np.asarray(points < 0, dtype=bool) | ~_holds(most, points, 10**k)
        outside |= ~_granular(item.indicator, points, k)
        self.slow[rows[~whole | outside]] = True
        credit = np.where(whole & ~outside, np.asarray(top // bottom), 0)
        return np.minimum(credit.astype(np.int64), K)


def _granular(indicator: Indicator, points: Any, k: int) -> Any:
    """Where points ``points / 10**k`` keep the indicator's granularity (``points_allowed``)."""
    np = _np()
    ok = np.ones(len(points), dtype=bool)
    if indicator.whole_points:
        ok &= np.asarray(points % 10**k == 0, dtype=bool)
    if indicator.point_values:
        scaled = [Fraction(value) * 10**k for value in indicator.point_values]
        allowed = np.array([0, *(int(v) for v in scaled if v.denominator == 1)], dtype=np.int64)
        ok &= np.isin(points, allowed)
    return ok


def _zeroed(num: Any, present: Any) -> Any:
    out = num.copy()
    out[~present] = 0
    return out


class _Uncoded(Exception):
    """An indicator scored by combinations read a column that is not among them."""


_V = TypeVar("_V")


class _Only(dict[str, _V]):
    """The columns of an indicator's combinations; asking for another of the table's
    columns raises :class:`_Uncoded` (never read as missing)."""

    def __init__(self, held: dict[str, _V], table: dict[str, _V]) -> None:
        super().__init__(held)
        self.table = table

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:
            return self[key]
        if key in self.table:
            raise _Uncoded(key)
        return default


#: The readings of columns of fewer than this many distinct texts are kept for later
#: batches, at most :data:`_KEPT_READINGS` of them, and at most :data:`_KEPT_COMBINATIONS`
#: indicators scored on combinations of them (each at most :data:`_COMBINATIONS` entries).
_KEPT_TEXTS, _KEPT_READINGS, _KEPT_COMBINATIONS = 64, 4096, 512


def _read_only(found: _Num | _Bool | _Credit, slow: Any) -> None:
    """Mark a kept reading's arrays as not writable: every batch with its texts reads it."""
    np = _np()
    parts = [slow, found._present]
    if isinstance(found, _Num):
        parts += [found._num, found._average]
    else:
        parts.append(found._value)
    for part in parts:
        if isinstance(part, np.ndarray):
            part.flags.writeable = False


def _reordered(found: _T, order: Any) -> _T:
    """A reading of distinct texts (:class:`_Num`, :class:`_Bool`, :class:`_Credit`) for the
    same texts in another order: entry ``i`` is ``found``'s entry ``order[i]``. The kept
    reading is not written to: every batch with its texts reads it."""
    np = _np()

    def part(array: Any) -> Any:
        return array[order] if isinstance(array, np.ndarray) else array

    if isinstance(found, _Num):
        return _Num(part(found.num), found.den, part(found.present), average=part(found.average))
    if isinstance(found, _Bool):
        return _Bool(part(found.value), part(found.present))
    return _Credit(part(found.value), part(found.present), found.binary)


#: At most this many combinations of an indicator's columns' texts are scored as such.
_COMBINATIONS = 4096


class _Scored(NamedTuple):
    """An indicator scored on each combination of its columns' distinct texts: its text
    index and status packed (``index << 3 | status``), points, the combinations left to the
    object path (None for none), the texts, and the offset of points from text indices
    (:func:`_offset`)."""

    packed: Any
    points: Any
    slow: Any
    texts: Any  # a list of texts, or an Arrow array of them
    low: int | None

    def in_order(self, place: Any) -> _Scored:
        """The entries for combinations numbered another way: entry ``i`` is ``place[i]``."""
        slow = None if self.slow is None else self.slow[place]
        return self._replace(packed=self.packed[place], points=self.points[place], slow=slow)

    def kept_order(self, place: Any) -> _Scored:
        """The inverse of :meth:`in_order`: entry ``place[i]`` is entry ``i``."""
        np = _np()
        inverse = np.empty_like(place)
        inverse[place] = np.arange(len(place))
        return self.in_order(inverse)


#: A combination not yet scored.
_NOT_KEPT: Any = object()


class _Lifted(NamedTuple):
    """An indicator's points for every row (units of 1 / S) as its texts' indices
    (int32) plus one whole number: added to a category's points with no lookup of their own."""

    indices: Any
    low: int

    def rows(self) -> Any:
        """The points of every row, in int64."""
        np = _np()
        found = self.indices.astype(np.int64)
        if self.low:
            found += self.low
        return found


def _offset(points: Any, indices: Any) -> int | None:
    """The one whole number ``low`` with ``points == indices + low`` for every entry, or
    None where there is none (texts by distinct values, points beyond 64 bits)."""
    np = _np()
    if points.dtype == object or not points.size:
        return None
    low = int(points[0]) - int(indices[0])
    return low if bool(np.all(points - indices == low)) else None


# -- the engine ----------------------------------------------------------------------------


class _Dictionary:
    """The exact texts of numbers ``v / den``, made once per distinct value."""

    def __init__(self, den: int) -> None:
        self.den = den
        self.texts: dict[int, str] = {}
        #: the texts of a run of values made before, from the first: (first, Arrow array)
        self._run: tuple[int, Any] | None = None

    def text(self, value: int) -> str:
        found = self.texts.get(value)
        if found is None:
            found = self.texts[value] = format_number(Fraction(value, self.den))
        return found

    def span(self, low: int, high: int) -> Any:
        """The texts of every value from ``low`` to ``high``, as an Arrow array: a slice of
        the run made for the batches before where it holds them (the run grows to hold the
        values of the batches, up to :data:`_SPAN` values)."""
        import pyarrow as pa

        run = self._run
        if run is None or low < run[0] or high >= run[0] + len(run[1]):
            first, last = low, high
            if run is not None and max(high, run[0] + len(run[1]) - 1) - min(low, run[0]) <= _SPAN:
                first, last = min(low, run[0]), max(high, run[0] + len(run[1]) - 1)
            texts = pa.array([self.text(v) for v in range(first, last + 1)], pa.string())
            run = self._run = (first, texts)
        return run[1].slice(low - run[0], high - low + 1)

    def encode(self, values: Any) -> tuple[Any, Any]:
        """Indices into texts (a list, or an Arrow array of them), for an integer array."""
        np = _np()
        if values.size == 0:
            return np.zeros(0, dtype=np.int32), []
        if values.dtype != object:
            low, high = int(values.min()), int(values.max())
            if high - low <= _SPAN:
                return (values - low if low else values).astype(np.int32), self.span(low, high)
        distinct, inverse = np.unique(values, return_inverse=True)
        return inverse.astype(np.int32), [self.text(int(v)) for v in distinct]


class BatchMemo:
    """What the record batches of one table keep from one batch to the next: the readings
    of its columns of a few distinct texts (fewer than :data:`_KEPT_TEXTS`: a city's yes/no,
    judgements, small counts), by the column and the texts, and the indicators scored on
    every combination of such readings.

    The caller owns it: :func:`score_stream` and :func:`score_table` make one for each
    table they score, and a caller of :meth:`ColumnarEngine.score` passes one to the
    batches of one table. It is bounded (at most :data:`_KEPT_READINGS` readings and
    :data:`_KEPT_COMBINATIONS` indicators; started over when full), and the engine itself
    keeps nothing from one call to the next: a table is scored the same, and as fast, the
    first time as the tenth.

    .. versionadded:: 0.2.0
    """

    def __init__(self) -> None:
        #: the readings of columns of a few distinct texts, by (how, column, texts), each
        #: with its token (a number no other reading kept here has)
        self.readings: dict[tuple[object, ...], tuple[Any, Any, int]] = {}
        self.tokens = itertools.count()
        #: indicators scored on combinations of kept readings, by the indicator, the
        #: readings' tokens and the facts the table has columns of
        self.combinations: dict[tuple[object, ...], _Scored | None] = {}


class ColumnarEngine:
    """A standard compiled for whole columns: from its :class:`ScoringPlan`, once.

    Holds nothing that depends on a table: what the batches of one table share is their
    :class:`BatchMemo`.

    .. versionadded:: 0.2.0
    """

    def __init__(self, standard: Standard) -> None:
        plan: ScoringPlan = compile_standard(standard)
        self.standard = standard
        self.plan = plan
        self.facts = {fact.key: fact for fact in standard.facts}
        self.columns = result_columns(standard)
        denominators: set[str] = set()
        partial_lcm = 1
        counts_lcm = 1
        for item in plan.indicators:
            for node in _walk(item.checks):
                if isinstance(node, RatioNode):
                    denominators.add(node.denominator)
            if item.assessed:
                partial_lcm = math.lcm(partial_lcm, item.partial.denominator)
            if item.award is Award.PROPORTIONAL and item.checks:
                counts_lcm = math.lcm(counts_lcm, len(item.checks))
        self.denominators = frozenset(denominators)
        #: the facts each indicator reads (its not-applicable switch too)
        self.inputs = {
            item.id: tuple(dict.fromkeys((*item.reads, *_facts_of(_condition_of(item)))))
            for item in plan.indicators
        }
        #: credits are whole numbers of 1 / K
        self.K = partial_lcm * counts_lcm
        extra = 1
        for item in plan.indicators:
            for deduction in item.deductions:
                if deduction.limit is not None:
                    extra = math.lcm(extra, (deduction.limit * plan.scale * self.K).denominator)
            if item.deduction_limit is not None:
                extra = math.lcm(extra, (item.deduction_limit * plan.scale * self.K).denominator)
        pooled = [*plan.deductions, *(d for c in plan.categories for d in c.deductions)]
        limits = [d.limit for d in pooled] + [plan.deduction_limit]
        limits += [c.deduction_limit for c in plan.categories]
        for limit in limits:
            if limit is not None:
                extra = math.lcm(extra, (limit * plan.scale * self.K).denominator)
        #: points are whole numbers of 1 / S, S = scale * K * E
        self.M = self.K * extra
        self.S = plan.scale * self.M
        self.points = _Dictionary(self.S)
        self.full = [category.possible * self.M for category in plan.categories]
        # the gates that deny the rating; the others' effects (when_failed) are applied
        self.gates = [
            i
            for i, item in enumerate(plan.indicators)
            if item.gate and item.indicator.when_failed is FailEffect.DENY
        ]
        if plan.weighted:
            weights = plan.full_weights  # nested weights: the plan's one rule
            total = sum(weights, Fraction(0))
            factor = plan.total_points / total if total else Fraction(0)
            # a bonus category adds its points as they are, above the total
            self.coefficients = [
                Fraction(1, self.S) if category.bonus else w * factor / p if p else Fraction(0)
                for w, p, category in zip(weights, self.full, plan.categories, strict=True)
            ]
        else:
            self.coefficients = [Fraction(1, self.S)] * len(plan.categories)
        self.Q = math.lcm(*(c.denominator for c in self.coefficients)) if self.coefficients else 1
        self.totals = _Dictionary(self.Q)
        self.category_text = [_Dictionary(c.denominator) for c in self.coefficients]
        self.rescales = plan.rescale and (
            sum(self.full) == 0 or Fraction(sum(self.full), self.S) != plan.total_points
        )

    def distinct_reading(
        self, column: Column, read: Callable[[_Reader, Column], _T], how: tuple[object, ...],
        texts: Any, memo: BatchMemo,
    ) -> tuple[_T, Any, int | None, Any]:  # fmt: skip
        """``read`` of a column's distinct texts ``texts`` and a null after them (for the
        blank cells): the reading, the texts it leaves to the object path (None for none),
        and the token of a kept reading and where each text is in it (None: in its place).
        The reading of a column of fewer than :data:`_KEPT_TEXTS` texts is kept in ``memo``,
        by the texts in their sorted order, the column and ``how``, for the next batches of
        the table with those texts in any order (a city's yes/no, judgements, small
        counts): a text's reading depends on nothing else."""
        import pyarrow as pa

        np = _np()
        given: list[str] = texts.to_pylist() if len(texts) < _KEPT_TEXTS else []
        if not given or None in given or len(set(given)) != len(given):  # read as they are
            distinct = _Reader(self, pa.record_batch([_with_null(texts)], names=["cell"]), True)
            found = read(distinct, column)
            return found, distinct.slow if distinct.slow.any() else None, None, None
        ordered: list[str] = sorted(given)
        key = (how, column, tuple(ordered))
        kept = memo.readings.get(key)
        if kept is None:
            values = pa.array([*ordered, None], pa.string())
            distinct = _Reader(self, pa.record_batch([values], names=["cell"]), True)
            found, slow = read(distinct, column), distinct.slow if distinct.slow.any() else None
            _read_only(found, slow)
            if len(memo.readings) >= _KEPT_READINGS:  # a table of ever new texts: start over
                memo.readings.clear()
            # the kept reading's token (what an indicator's combinations name): never reused
            kept = memo.readings[key] = (found, slow, next(memo.tokens))
        found, slow, token = kept
        if given == ordered:
            return found, slow, token, None
        place: dict[str, int] = {text: at for at, text in enumerate(ordered)}
        order = np.array([*(place[text] for text in given), len(given)], dtype=np.intp)
        return _reordered(found, order), None if slow is None else slow[order], token, order

    def layout(self, names: Sequence[str], source: str = "<table>") -> TableLayout:
        """The layout of a table with these column names."""
        return table_layout(names, self.standard, source)

    # -- scoring one record batch --

    def score(
        self,
        layout: TableLayout,
        batch: Any,
        problems: list[RowProblem],
        *,
        first_row: int = 2,
        strict: bool = False,
        explain: str | None = None,
        explained: list[Scorecard] | None = None,
        memo: BatchMemo | None = None,
    ) -> Any:
        """Score one record batch; return the results batch of its valid rows.

        ``first_row`` is the number (as a spreadsheet shows it) of the batch's first row;
        bad rows' problems are appended to ``problems``. ``memo`` is what the batches of
        one table keep from one to the next (:class:`BatchMemo`, made by the caller once
        per table); without it the batch is read on its own.

        .. versionchanged:: 0.2.0
           ``memo``.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        np = _np()
        plan = self.plan
        reader = _Reader(self, batch, memo=memo)
        n = reader.n
        by_role: dict[tuple[str, str], Column] = {
            (c.role, f"{c.key}.{c.deduction}" if c.deduction else c.key): c for c in layout.columns
        }
        reader.plain = {
            c.index for c in layout.columns if c.role == "community" and c.key in _SHOWN
        }
        plain = reader.plain
        blank_rows = reader.blank_rows(
            sorted((c.index for c in layout.columns), key=lambda i: i not in plain)
        )
        comment = np.zeros(n, dtype=bool)
        community: dict[str, Any] = {}
        for key in _SHOWN:
            place = by_role.get(("community", key))
            if place is None:
                community[key] = pa.nulls(n, pa.string())
                continue
            array = batch.column(place.index)
            if _is_text(array):
                text, blank = reader.strings(place.index)
                community[key] = text
                if key in ("id", "name"):
                    reader.slow |= blank
                if key == "id":
                    starts = pc.starts_with(pc.fill_null(text, ""), "#")
                    comment = starts.to_numpy(zero_copy_only=False)
            else:
                community[key] = pa.nulls(n, pa.string())
                reader.slow |= True
        for column in layout.columns:
            if column.role == "community" and column.key not in _SHOWN:
                self._other_community(reader, column)
        # facts, judgements, claims
        for fact in self.standard.facts:
            place = by_role.get(("fact", fact.key))
            if place is None:
                if strict:
                    reader.slow |= True
                continue
            read: _Num | _Bool
            if fact.kind is FactKind.BOOLEAN:
                read = reader.bools[fact.key] = reader.boolean(place)
            else:
                read = reader.nums[fact.key] = reader.number(place)
            if strict:  # the rows' presence looked up only where it is asked
                reader.slow |= ~read.present
        for item in plan.indicators:  # the assessor's amounts of ranged deductions
            for deduction in item.deductions:
                if deduction.span is None:
                    continue
                assert deduction.id is not None
                place = by_role.get(("deduction", f"{item.id}.{deduction.id}"))
                given = None if place is None else reader.amount(place)
                if given is not None:
                    reader.amounts[(item.id, deduction.id)] = given
                if strict:  # one that applies without its amount: the reader says so
                    reader.slow |= True if given is None else ~given.present
        pools = [(plan.categories[c].id, plan.categories[c].deductions) for c in plan.pools]
        for owner, deductions in [*pools, (TOTAL_POOL, plan.deductions)]:  # the pools' too
            for deduction in deductions:
                if deduction.span is None:
                    continue
                assert deduction.id is not None
                place = by_role.get(("deduction", f"{owner}.{deduction.id}"))
                given = None if place is None else reader.amount(place)
                if given is not None:
                    reader.amounts[(owner, deduction.id)] = given
                if strict:  # one that applies without its amount: the reader says so
                    reader.slow |= True if given is None else ~given.present
        judged: dict[str, _Credit] = {}
        claims: dict[str, Any] = {}
        forbidden = self.standard.not_applicable is NotApplicablePolicy.FORBIDDEN
        for item in plan.indicators:
            place = by_role.get(("judgement", item.id))
            note = by_role.get(("note", item.id))
            if place is not None:
                judged[item.id] = reader.judgement(place, item, self._unit(item))
            if note is not None:
                note_blank = reader.blank(note.index)
                given = judged[item.id].present if item.id in judged else np.zeros(n, bool)
                reader.slow |= ~note_blank & ~given
            claim = by_role.get(("not_applicable", item.id))
            if claim is not None:
                array = batch.column(claim.index)
                if _is_text(array):
                    claimed = ~reader.blank(claim.index)
                else:
                    claimed = pc.is_valid(array).to_numpy(zero_copy_only=False)
                    reader.slow |= claimed
                if forbidden or not item.claimable:  # refused by the reader: read alone
                    reader.slow |= claimed
                claims[item.id] = claimed
        if plan.rescale:  # a rescaled total: read alone
            for claimed in claims.values():
                reader.slow |= claimed
            for item in plan.indicators:
                if item.not_applicable_when is not None:
                    reader.slow |= self._condition(item, reader)
        skip = blank_rows | comment
        # the scores, for every row
        earned = [np.zeros(n, dtype=np.int64) for _ in plan.categories]
        blocked = np.zeros(n, dtype=np.int64)
        failing: list[tuple[IndicatorPlan, Any]] = []
        status_codes: list[Any] = [None] * len(plan.indicators)
        awarded: list[Any] = [None] * len(plan.indicators)
        counted, later = set(plan.counted), set(plan.later)
        starred = {position for rule in plan.tier_rules for position in rule.starred}
        lows = [0] * len(plan.categories)  # what the categories' lifted points add to each row
        for position in plan.order:  # an indicator reading others' results after them
            item = plan.indicators[position]
            score_one = self._indicator if position in later else self._scored
            code, points = score_one(item, reader, judged.get(item.id), claims.get(item.id))
            status_codes[position] = code
            # an indicator's points are kept only where they are read again (by a group or
            # cap, or for their texts): fewer arrays held, less memory to map for each batch
            keep = item.id not in reader.awarded or item.category in counted or position in starred
            if isinstance(points, _Lifted):  # the texts' indices added, their offset once
                np.add(earned[item.category], points.indices, out=earned[item.category])
                lows[item.category] += points.low
                points = points.rows() if keep or plan.later else None
            else:
                earned[item.category] += points
            if plan.later:
                reader.results[item.id] = (code, points)
            awarded[position] = points if keep else None
            del points
            if item.gate:
                stop = (code != _MET) & (code != _NOT_APPLICABLE)
                if item.indicator.when_failed is FailEffect.DENY:
                    blocked |= stop.astype(np.int64) << self.gates.index(position)
                else:
                    failing.append((item, stop))
        for c, low in enumerate(lows):
            if low:
                earned[c] += low
        for c in plan.counted:  # groups and caps: the one rule of the model, by columns
            category = plan.categories[c]
            assert category.rules is not None
            by_id = {plan.indicators[p].id: awarded[p] for p in category.positions}
            earned[c] = np.asarray(
                category_points(
                    category.rules, by_id.__getitem__, lambda cap: int(Fraction(cap) * self.S),
                    smaller=np.minimum, larger=np.maximum,
                ),
                dtype=np.int64,
            ) + np.zeros(n, dtype=np.int64)  # fmt: skip
        for c in plan.pools:  # a category's deduction pool, never below its floor
            pool = plan.categories[c]
            taken, kept = self._taken(pool.deductions, pool.deduction_limit, reader, pool.id)
            low = np.minimum(earned[c], int(pool.floor * self.S))  # whole: in the plan's scale
            earned[c] = np.where(kept, np.maximum(low, earned[c] - taken), low)
        if plan.weighted:
            total = np.zeros(n, dtype=np.int64)
            for c, coefficient in enumerate(self.coefficients):
                total = total + _times(earned[c], int(coefficient * self.Q))
        else:
            total = sum(earned, np.zeros(n, dtype=np.int64))
            if self.rescales:
                reader.slow |= True
        if plan.deductions:  # deductions from the total (倒扣), down to the floor
            total = self._deduct_total(total, reader)
        for item, stop in failing:  # a failed gate's cap on the total, before the verdict
            cap = item.failed_cap
            if cap is None:
                continue
            scaled = cap * self.Q
            if scaled.denominator != 1:
                reader.slow |= stop  # not a whole number of the totals' unit: read alone
                continue
            total = np.where(stop, np.minimum(total, scaled.numerator), total)
        pass_mark = plan.pass_mark
        passed = _holds(
            Bound(side=Side.MINIMUM, num=pass_mark.numerator, den=pass_mark.denominator,
                  written=pass_mark, unit="", show=Fraction(1)),
            total, self.Q,
        ) & (blocked == 0)  # fmt: skip
        tier = np.full(n, -1, dtype=np.int64)
        for t, rule in enumerate(plan.tier_rules):
            minimum = rule.minimum
            reached = _holds(
                Bound(side=Side.MINIMUM, num=minimum.numerator, den=minimum.denominator,
                      written=minimum, unit="", show=Fraction(1)),
                total, self.Q,
            )  # fmt: skip
            for c, share in rule.shares:  # minimum standards: a share of the category's points
                if self.full[c]:
                    kept = Bound(side=Side.MINIMUM, num=share.numerator, den=share.denominator,
                                 written=share, unit="", show=Fraction(1))  # fmt: skip
                    reached &= _holds(kept, earned[c], self.full[c])
            for position in rule.starred:  # no starred item at 0
                reached &= (awarded[position] > 0) | (status_codes[position] == _NOT_APPLICABLE)
            tier = np.where(reached & passed, t, tier)  # a tier only with a pass
        for item, stop in failing:  # a failed gate lowers or caps the tier
            if item.indicator.when_failed is FailEffect.LOWER_TIER:
                tier = np.where(stop & (tier >= 0), tier - 1, tier)
            elif item.failed_tier_index is not None:
                tier = np.where(stop, np.minimum(tier, item.failed_tier_index), tier)
        # rows read one at a time: bad ones, unusual ones, the one to explain
        slow = reader.slow & ~skip
        ids = community["id"]
        if explain is not None:
            wanted = pc.fill_null(pc.equal(ids, explain), False).to_numpy(zero_copy_only=False)
            slow |= wanted & ~skip
        keep = ~skip
        replaced: dict[int, dict[str, object]] = {}
        chosen = np.flatnonzero(slow)
        picked = batch.take(pa.array(chosen)) if chosen.size else None
        cells = [column.to_pylist() for column in picked.columns] if picked is not None else []
        for at, index in enumerate(chosen.tolist()):
            values = [column[at] for column in cells]
            found = row_evidence(
                layout, values, first_row + index, check=strict_check(layout.standard, strict)
            )
            if isinstance(found, list):
                problems.extend(found)
                keep[index] = False
                continue
            card = score(self.standard, found)
            if explain is not None and found.community.id == explain and explained is not None:
                explained.append(card)
            replaced[index] = scorecard_row(card)
        all_or_nothing, awarded_texts = reader.all_or_nothing, reader.awarded
        del reader, judged, claims  # the columns read: not held while the results are made
        return self._results(
            n, keep, replaced, community, total, passed, tier, blocked, earned,
            status_codes, awarded, all_or_nothing, awarded_texts,
        )  # fmt: skip

    def _other_community(self, reader: _Reader, column: Column) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        array = reader.column(column)
        if column.key == "assessed_on":
            if pa.types.is_date(array.type):
                return
            if not _is_text(array):
                reader.slow |= pc.is_valid(array).to_numpy(zero_copy_only=False)
                return
            entries = reader.entries(column.index)
            if entries is not None:  # each distinct date checked once
                texts, codes, _ = entries
                values = _with_null(texts)
                distinct = _Reader(self, pa.record_batch([values], names=["cell"]), True)
                self._other_community(distinct, attrs.evolve(column, index=0))
                if distinct.slow.any():
                    reader.slow |= distinct.slow[codes]
                return
            text, blank = reader.strings(column.index)
            shaped = pc.fill_null(
                pc.match_substring_regex(text, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), False
            )
            parsed = pc.strptime(
                pc.if_else(shaped, text, pa.scalar(None, pa.string())),
                format="%Y-%m-%d", unit="s", error_is_null=True,
            )  # fmt: skip
            good = pc.fill_null(pc.is_valid(parsed), False).to_numpy(zero_copy_only=False)
            year0 = pc.fill_null(pc.starts_with(text, "0000"), False).to_numpy(zero_copy_only=False)
            reader.slow |= ~blank & (~good | year0)
        elif not _is_text(array):
            reader.slow |= pc.is_valid(array).to_numpy(zero_copy_only=False)

    def _scored(
        self, item: IndicatorPlan, reader: _Reader, judged: _Credit | None, claimed: Any
    ) -> tuple[Any, Any]:
        """(status codes, points in units of 1 / S) of one indicator for every row: scored
        once for each combination of its columns' distinct texts where those are few (a
        city's yes/no, judgements and small counts), else column by column."""
        found = self._combined(item, reader, judged, claimed)
        if found is None:
            return self._indicator(item, reader, judged, claimed)
        return found

    def _combined(
        self, item: IndicatorPlan, reader: _Reader, judged: _Credit | None, claimed: Any
    ) -> tuple[Any, Any] | None:
        """The indicator scored by :meth:`_indicator` on every combination of the distinct
        texts of the columns it reads, each row then given its combination's status and
        points; None where a column it reads is not read by distinct texts, or where the
        combinations are too many."""
        np = _np()
        if item.ranged:  # the assessor's amounts are columns of their own: by rows
            return None
        # (role, fact, its column read once per distinct text, how many codes)
        held: list[tuple[str, str, _Coded | None, Any, int]] = []
        coded: _Coded | None
        for key in self.inputs[item.id]:
            column: _Num | _Bool | None = reader.nums.get(key)
            if column is None:
                column = reader.bools.get(key)
            if column is None:
                continue  # not in the table: missing in every combination too
            if column.coded is None:
                return None
            role = "num" if isinstance(column, _Num) else "bool"
            coded = column.coded
            held.append((role, key, coded, coded.codes, len(coded.found.present)))
        if judged is not None:
            if judged.coded is None:
                return None
            coded = judged.coded
            held.append(("judged", "", coded, coded.codes, len(coded.found.present)))
        if claimed is not None:
            held.append(("claimed", "", None, claimed, 2))
        total = math.prod(size for *_, size in held)
        if not held or total > min(_COMBINATIONS, max(reader.n, 256)):
            return None
        # each row's combination: its columns' codes as the digits of one number; and where
        # each combination is among those of the kept readings (None: in its place)
        every = np.arange(total)
        combination, scratch, index_of = reader.scratch()
        stride = 1
        kept = True  # whether every column's reading is kept
        place: Any = None
        for _, _, coded, codes, size in held:  # in 32 bits: fewer than _COMBINATIONS
            if len(held) == 1:
                combination = codes  # one column: its codes
            elif stride == 1:
                np.copyto(combination, codes, casting="unsafe")
            else:
                np.multiply(codes, stride, out=scratch, casting="unsafe")
                np.add(combination, scratch, out=combination)
            if coded is not None and coded.kept is None:
                kept = False
            elif coded is not None and coded.order is not None:
                if place is None:
                    place = every.copy()
                place += (coded.order[every // stride % size] - every // stride % size) * stride
            stride *= size
        np.copyto(index_of, combination)  # a lookup by numpy's own index type is fastest
        memo: tuple[object, ...] | None = None
        if kept:  # the texts' readings are kept: so is the indicator scored on them
            columns = tuple((role, fact, coded and coded.kept) for role, fact, coded, _, _ in held)
            memo = (item.id, columns, reader.facts_key())
        combinations = reader.memo.combinations
        found = combinations.get(memo, _NOT_KEPT) if memo is not None else _NOT_KEPT
        if found is _NOT_KEPT:
            found = self._on_combinations(item, reader, held, total)
            if memo is not None:
                if len(combinations) >= _KEPT_COMBINATIONS:
                    combinations.clear()
                mine = found if found is None or place is None else found.kept_order(place)
                if mine is not None:
                    for part in (mine.packed, mine.points, mine.slow):
                        if part is not None:
                            part.flags.writeable = False  # read by every batch with its texts
                combinations[memo] = mine
        elif found is not None and place is not None:
            found = found.in_order(place)
        if found is None:
            return None
        if found.slow is not None:
            reader.slow |= np.take(found.slow, index_of)
        # each combination's text index and status packed in one number: one lookup per row
        packed = np.take(found.packed, index_of)
        codes_out = np.empty(reader.n, dtype=np.int8)
        np.bitwise_and(packed, 7, out=codes_out, casting="unsafe")  # a status code is below 8
        np.right_shift(packed, 3, out=packed)
        reader.awarded[item.id] = (packed, found.texts)
        if found.low is None:
            return codes_out, np.take(found.points, index_of)
        return codes_out, _Lifted(packed, found.low)  # the points: the texts' indices, lifted

    def _on_combinations(
        self, item: IndicatorPlan, reader: _Reader, held: list[tuple[str, str, Any, Any, int]],
        total: int,
    ) -> _Scored | None:  # fmt: skip
        """The indicator scored by :meth:`_indicator` on each of ``total`` combinations of
        its columns' distinct texts (the first column's code the last digit); None where it
        reads a column not among them."""
        np = _np()
        every = np.arange(total)
        mini = _Reader(self, None, rows=total)
        nums: dict[str, _Num] = {}
        bools: dict[str, _Bool] = {}
        mini_judged: _Credit | None = None
        mini_claimed: Any = None
        stride = 1
        for role, key, coded, _, size in held:
            index = every // stride % size
            stride *= size
            found: Any = None if coded is None else coded.found
            if role == "num":
                average = found.average if found.average is False else found.average[index]
                nums[key] = _Num(found.num[index], found.den, found.present[index], None, average)
            elif role == "bool":
                bools[key] = _Bool(found.value[index], found.present[index])
            elif role == "judged":
                mini_judged = _Credit(found.value[index], found.present[index], found.binary)
            else:  # the not-applicable claim
                mini_claimed = index.astype(bool)
        mini.nums = _Only(nums, reader.nums)
        mini.bools = _Only(bools, reader.bools)
        try:
            status, points = self._indicator(item, mini, mini_judged, mini_claimed)
        except _Uncoded:  # it reads a column not among its inputs: column by column
            return None
        indices, texts = self.points.encode(points)  # each combination's text, made once
        packed = (indices.astype(np.int32) << 3) | status.astype(np.int32)
        slow = mini.slow if mini.slow.any() else None
        return _Scored(packed, points, slow, texts, _offset(points, indices))

    def _unit(self, item: IndicatorPlan) -> int:
        """The unit of an indicator's credits: full credit is this many."""
        return item.units * self.M or self.M

    def _credit(
        self, node: CheckNode, reader: _Reader, judged: _Credit | None, K: int, signals: list[Any]
    ) -> _Credit:
        """A check's credit for every row, in units of ``1 / K``; a ratio whose zero
        denominator makes the indicator not applicable adds where it does to ``signals``."""
        np = _np()
        n = reader.n
        if isinstance(node, BooleanNode):
            found = reader.bools.get(node.fact)
            if found is None:
                return _Credit(np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool))
            value = found.value if node.expected else ~found.value
            return _Credit(value, found.present, binary=True)
        if isinstance(node, RangeNode):
            number = reader.nums.get(node.fact)
            if number is None:
                return _Credit(np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool))
            limits = [limit for limit in (node.low, node.high) if limit is not None]
            # a rate over another span counted in each period (a yearly total) fails where
            # even its average breaks a bound, and otherwise cannot say (as if missing)
            periodic = isinstance(node, EachPeriodNode)
            if number.coded is not None:  # each distinct value compared once
                values, codes = number.coded.found, number.coded.codes
                ok = np.ones(len(values.num), dtype=bool)
                for limit in limits:
                    ok &= _holds(limit, values.num, values.den)
                if not periodic or values.average is False:
                    return _Credit(np.take(ok, codes), number.present, binary=True)
                known = values.present | (values.average & ~ok)
                return _Credit(
                    _spread(ok & known, codes, number.coded.nulls),
                    _spread(known, codes, number.coded.nulls),
                    binary=True,
                )
            ok = np.ones(n, dtype=bool)
            for limit in limits:
                ok &= _holds(limit, number.num, number.den)
            if not periodic or number.average is False:
                return _Credit(ok, number.present, binary=True)
            known = number.present | (number.average & ~ok)
            return _Credit(ok & known, known, binary=True)
        if isinstance(node, RatioNode):
            top_fact, bottom_fact = (
                reader.nums.get(node.numerator),
                reader.nums.get(node.denominator),
            )
            if top_fact is None or bottom_fact is None:
                return _Credit(np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool))
            top, safe, present, zero, most = _quotient(top_fact, bottom_fact)
            ok = np.ones(n, dtype=bool)
            for bound in (node.low, node.high):
                if bound is not None:
                    ok &= _holds(bound, top, safe, most)
            # a zero denominator means what the check's when_zero says
            if node.when_zero is ZeroDenominator.MET:
                ok |= zero
            elif node.when_zero is ZeroDenominator.NOT_APPLICABLE:
                signals.append(zero)
            else:
                ok &= ~zero
            return _Credit(ok, present, binary=True)
        if isinstance(node, ResultNode):  # another indicator's result, scored before
            code, points = reader.results[node.indicator]
            present = code != _NOT_ASSESSED
            wanted = None if node.points is None else int(node.points * self.S)  # of 1 / S
            kept = code == _MET if wanted is None else points >= wanted
            return _Credit(kept & present, present, binary=True)
        if isinstance(node, AssessedNode):
            if judged is None:
                return _Credit(np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool))
            return judged
        inner = [self._credit(check, reader, judged, K, signals) for check in node.checks]
        if isinstance(node, AllOfNode):
            return _smallest(inner, K, n)
        assert isinstance(node, AnyOfNode)
        if all(credit.binary for credit in inner):
            full = np.zeros(n, dtype=bool)
            known = np.ones(n, dtype=bool)
            for credit in inner:
                full |= credit.present & credit.value
                known &= credit.present
            return _Credit(full, full | known, binary=True)
        known = np.ones(n, dtype=bool)
        for credit in inner:
            known &= credit.present
        full = np.zeros(n, dtype=bool)
        best = np.full(n, -1, dtype=np.int64)
        for credit in inner:
            value = credit.units(K)
            full |= credit.present & (value >= K)
            best = np.maximum(best, np.where(credit.present, value, -1))
        present = full | (known & (best >= 0))
        return _Credit(np.where(full, K, np.maximum(best, 0)), present)

    def _indicator(
        self, item: IndicatorPlan, reader: _Reader, judged: _Credit | None, claimed: Any
    ) -> tuple[Any, Any]:
        """(status codes, points in units of 1 / S) of one indicator for every row."""
        np = _np()
        n, K = reader.n, self._unit(item)
        signals: list[Any] = []
        if item.bands is not None:
            points, present = self._banded(item, item.bands, reader, signals)
            maximum = item.units * self.M
            status = np.where(points == maximum, _MET, np.where(points == 0, _NOT_MET, _PARTLY))
            return self._finish(item, reader, claimed, signals, status, points, present)
        credits = [self._credit(node, reader, judged, K, signals) for node in item.checks]
        maximum = item.units * self.M
        if item.award is Award.PROPORTIONAL:
            known = np.ones(n, dtype=bool)
            for credit in credits:
                known &= credit.present
            if not credits:
                value, present = np.full(n, K, dtype=np.int64), np.ones(n, dtype=bool)
            else:
                total = sum((c.units(K) for c in credits), np.zeros(n, dtype=np.int64))
                reader.slow |= known & (total % len(credits) != 0)
                value, present = total // len(credits), known
        else:
            found = _smallest(credits, K, n)
            if found.binary and not item.deductions:  # met or not met: no partial points
                ok, present = found.value, found.present
                if not present.all():
                    ok = ok & present
                points = ok * maximum if maximum else np.zeros(n, dtype=np.int64)
                status = (~ok).view(np.int8) * np.int8(_NOT_MET)
                if maximum:
                    reader.all_or_nothing.add(item.id)  # its points: all where met, else 0
                return self._finish(item, reader, claimed, signals, status, points, present)
            value, present = found.units(K), found.present
        if not present.all():
            value = np.where(present, value, 0)
        points = value if maximum else np.zeros(n, dtype=np.int64)
        if item.deductions:
            taken, kept = self._taken(item.deductions, item.deduction_limit, reader, item.id)
            present = present & kept
            points = np.maximum(points - taken, 0)
            status = np.where(points == maximum, _MET, np.where(points == 0, _NOT_MET, _PARTLY))
        else:  # met 0, partly met 1, not met 2
            status = (value == 0).view(np.int8) + np.int8(_PARTLY) - (value == K).view(np.int8)
        return self._finish(item, reader, claimed, signals, status, points, present)

    def _deduct_total(self, total: Any, reader: _Reader) -> Any:
        """The totals (units of 1 / Q) once the deductions from them are taken, never
        below the floor through them; rows whose numbers are no whole units are read alone."""
        np = _np()
        plan = self.plan
        taken, kept = self._taken(plan.deductions, plan.deduction_limit, reader, TOTAL_POOL)
        per = Fraction(self.Q, self.S)
        floor = plan.floor * self.Q
        if per.denominator != 1 or floor.denominator != 1:
            reader.slow |= True  # the totals' unit does not hold the points: read alone
            return total
        low = np.minimum(total, floor.numerator)
        return np.where(kept, np.maximum(low, total - _times(taken, per.numerator)), low)

    def _taken(
        self,
        deductions: Sequence[DeductionNode],
        limit: Fraction | None,
        reader: _Reader,
        owner: str = "",
    ) -> tuple[Any, Any]:
        """What ``deductions`` take off together (units of 1 / S, at most ``limit``) for
        every row, and where their evidence is all given: the one rule of deductions, for
        an indicator (``owner``, whose ranged deductions' amounts the table gives), a
        category's pool and the total."""
        np = _np()
        n = reader.n
        present = np.ones(n, dtype=bool)
        taken = np.zeros(n, dtype=np.int64)
        for deduction in deductions:
            if deduction.span is not None:  # the assessor's amount, within the range
                off, known = self._chosen(deduction, reader, owner)
                present = present & known
                taken = taken + off
                continue
            if deduction.when is not None:  # taken once where the trigger is met
                trigger = self._credit(deduction.when, reader, None, 1, [])
                present = present & trigger.present
                once = int(deduction.each * self.S)  # whole: the scale counts deductions
                taken = taken + np.where(trigger.present & (trigger.units(1) == 1), once, 0)
                continue
            count = reader.nums.get(deduction.fact)
            if count is None:
                present = np.zeros(n, dtype=bool)
                continue
            present = present & count.present
            each = deduction.each * self.S  # whole: the scale counts deductions
            off_top = _times(count.num, each.numerator)
            off_bottom = count.den * each.denominator
            whole = np.asarray(off_top % off_bottom == 0, dtype=bool)
            reader.slow |= count.present & ~whole
            off = np.asarray(off_top // off_bottom)
            if deduction.limit is not None:
                off = np.minimum(off, int(deduction.limit * self.S))
            taken = taken + off
        if limit is not None:
            taken = np.minimum(taken, int(limit * self.S))
        return taken, present

    def _chosen(self, deduction: DeductionNode, reader: _Reader, owner: str) -> tuple[Any, Any]:
        """A ranged deduction for every row: the assessor's amount (units of 1 / S, at most
        its ``limit``) where it applies, 0 where it does not, and where that is known. An
        amount the reader refuses (outside its range, negative) or not a whole number of
        1 / S is read alone, as is the row."""
        np = _np()
        n = reader.n
        assert deduction.span is not None
        assert deduction.id is not None
        low, high = (int(bound * self.S) for bound in deduction.span)  # whole: in the scale
        amount = reader.amounts.get((owner, deduction.id))
        if deduction.when is not None:
            trigger = self._credit(deduction.when, reader, None, 1, [])
            known = trigger.present
            times = np.where(trigger.present & (trigger.units(1) == 1), 1, 0)
        else:
            count = reader.nums.get(deduction.fact)
            if count is None:
                return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)
            known = count.present
            times = np.where(count.present, np.asarray(count.num // count.den), 0)
        applies = known & (times > 0)
        if amount is None:  # no column: not assessed wherever it applies
            return np.zeros(n, dtype=np.int64), known & ~applies
        top = _times(amount.num, self.S)
        whole = np.asarray(top % amount.den == 0, dtype=bool)
        given = np.asarray(top // amount.den)
        if deduction.when is not None:  # the reader checks a trigger's amount in any case
            refused = (given < low) | (given > high)
        else:
            refused = given < 0
            refused |= applies & ((given < _times(times, low)) | (given > _times(times, high)))
        reader.slow |= amount.present & (~whole | np.asarray(refused, dtype=bool))
        off = np.where(applies & amount.present, given, 0)
        if deduction.limit is not None:
            off = np.minimum(off, int(deduction.limit * self.S))
        return off.astype(np.int64), known & (~applies | amount.present)

    def _finish(
        self, item: IndicatorPlan, reader: _Reader, claimed: Any, signals: list[Any],
        status: Any, points: Any, present: Any,
    ) -> tuple[Any, Any]:  # fmt: skip
        """Not assessed where evidence is missing, then not applicable where it is."""
        np = _np()
        n = reader.n
        status = status.astype(np.int8, copy=False)
        if not present.all():
            status = np.where(present, status, np.int8(_NOT_ASSESSED))
            points = np.where(present, points, 0)
        na = np.zeros(n, dtype=bool) if claimed is None else claimed.copy()
        for signal in signals:
            na |= signal
            if self.plan.rescale:
                reader.slow |= signal  # a rescaled total: read alone
        if item.not_applicable_when is not None:
            na |= self._condition(item, reader)
        if na.any():
            status = np.where(na, np.int8(_NOT_APPLICABLE), status)
            points = np.where(na, 0, points)
        if points.dtype == object:
            reader.slow |= True  # beyond 64 bits: read alone
            points = np.zeros(n, dtype=np.int64)
        return status, points.astype(np.int64, copy=False)

    def _condition(self, item: IndicatorPlan, reader: _Reader) -> Any:
        """Where ``item``'s not-applicable condition is met (a zero denominator that says
        "not applicable" included): its node's credit, by the same rule as any check."""
        assert item.not_applicable_when is not None
        K = self._unit(item)
        signals: list[Any] = []
        credit = self._credit(item.not_applicable_when, reader, None, K, signals)
        met = credit.present & (credit.units(K) >= K)
        for signal in signals:
            met |= signal
        return met

    def _banded(
        self, item: IndicatorPlan, node: BandsNode, reader: _Reader, signals: list[Any]
    ) -> tuple[Any, Any]:
        """(points in units of 1 / S, present) of a band table for every row."""
        np = _np()
        n = reader.n
        maximum = item.units * self.M
        top_fact = reader.nums.get(node.numerator)
        bottom_fact = None if node.denominator is None else reader.nums.get(node.denominator)
        if top_fact is None or (node.denominator is not None and bottom_fact is None):
            return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)
        zero = np.zeros(n, dtype=bool)
        most: tuple[int, int] | None = None
        if bottom_fact is None:
            top, bottom, present = top_fact.num, top_fact.den, top_fact.present
        else:
            top, bottom, present, zero, most = _quotient(top_fact, bottom_fact)
        # the band reached: the last step whose bound the value keeps (0: none)
        reached = np.zeros(n, dtype=np.int64)
        for index, (bound, _) in enumerate(node.steps):
            reached = np.where(_holds(bound, top, bottom, most), index + 1, reached)
        values = [0, *(int(points * self.S) for _, points in node.steps)]
        got = np.array(values, dtype=np.int64)[reached]
        points = maximum - got if node.deduct else got
        if node.when_zero is ZeroDenominator.MET:
            points = np.where(zero, maximum, points)
        elif node.when_zero is ZeroDenominator.NOT_APPLICABLE:
            signals.append(zero)
        else:
            points = np.where(zero, 0, points)
        return np.where(present, points, 0), present

    def _results(
        self, n: int, keep: Any, replaced: dict[int, dict[str, object]],
        community: dict[str, Any], total: Any, passed: Any, tier: Any, blocked: Any,
        earned: list[Any], status_codes: list[Any], awarded: list[Any],
        all_or_nothing: set[str], awarded_texts: dict[str, tuple[Any, Any]],
    ) -> Any:  # fmt: skip
        import pyarrow as pa
        import pyarrow.compute as pc

        np = _np()
        plan = self.plan
        rows = sorted(replaced)
        take = np.array(rows, dtype=np.int64)

        def dictionary(indices: Any, texts: Any, name: str) -> Any:
            if rows:  # the texts of the rows read one by one, added where they are new
                texts = list(texts) if isinstance(texts, list) else texts.to_pylist()
                lookup = {text: i for i, text in enumerate(texts)}
                indices = indices.copy()
                for row in rows:
                    text = str(replaced[row][name])
                    found = lookup.get(text)
                    if found is None:
                        found = lookup[text] = len(texts)
                        texts.append(text)
                    indices[row] = found
            if isinstance(texts, list):
                texts = pa.array(texts, pa.string())
            return pa.DictionaryArray.from_arrays(
                pa.array(indices), texts, safe=False
            )  # the indices are the texts' places: made above

        def strings(array: Any, name: str, empty: bool = False) -> Any:
            if empty:
                array = pc.fill_null(array, "")
            if not rows:
                return array
            mask = np.zeros(n, dtype=bool)
            mask[take] = True
            return pc.replace_with_mask(
                array, pa.array(mask), pa.array([replaced[row][name] for row in rows], pa.string())
            )

        columns: dict[str, Any] = {
            "community.id": strings(community["id"], "community.id"),
            "community.name": strings(community["name"], "community.name"),
            "community.district": strings(community["district"], "community.district", True),
        }
        indices, texts = self.totals.encode(total)
        columns["total"] = dictionary(indices, texts, "total")
        columns["max"] = dictionary(
            np.zeros(n, dtype=np.int32), [format_number(plan.total_points)], "max"
        )
        passed_values = passed.copy()
        for row in rows:
            passed_values[row] = bool(replaced[row]["passed"])
        columns["passed"] = pa.array(passed_values, pa.bool_())
        statuses = pa.array(STATUSES, pa.string())
        tier_texts = ["", *(tier_id for _, tier_id in plan.tiers)]
        columns["tier"] = dictionary((tier + 1).astype(np.int32), tier_texts, "tier")
        gate_ids = [plan.indicators[g].id for g in self.gates]
        most = int(blocked.max()) if n else 0  # the gates failed, one bit each
        if most < _COMBINATIONS:  # a text for every code up to the largest
            codes, inverse = range(most + 1), blocked.astype(np.int32)
        else:
            codes, inverse = np.unique(blocked, return_inverse=True)
            inverse = inverse.astype(np.int32)
        blocked_texts = [
            ";".join(gate_ids[g] for g in range(len(gate_ids)) if int(code) >> g & 1)
            for code in codes
        ]
        columns["blocked_by"] = dictionary(inverse, blocked_texts, "blocked_by")
        for c, category in enumerate(plan.categories):
            coefficient = self.coefficients[c]
            scaled = _times(earned[c], coefficient.numerator)
            indices, texts = self.category_text[c].encode(scaled)
            columns[f"category.{category.id}"] = dictionary(
                indices, texts, f"category.{category.id}"
            )
        for position, item in enumerate(plan.indicators):
            if item.id in awarded_texts:  # known for every row
                indices, texts = awarded_texts[item.id]
            elif item.id in all_or_nothing:  # the texts of 0 and all its points, by its status
                indices = (status_codes[position] == _MET).astype(np.int32)
                texts = [self.points.text(0), self.points.text(item.units * self.M)]
            else:
                indices, texts = self.points.encode(awarded[position])
            name = f"indicator.{item.id}"
            columns[f"{name}.awarded"] = dictionary(indices, texts, f"{name}.awarded")
            columns[f"{name}.status"] = dictionary(
                status_codes[position], statuses, f"{name}.status"
            )
        batch = pa.RecordBatch.from_arrays(
            [columns[name] for name in self.columns], names=self.columns
        )
        if not keep.all():
            batch = batch.filter(pa.array(keep))
        return batch


def _smallest(credits: list[_Credit], K: int, n: int) -> _Credit:
    """All of ``credits``: 0 where any is 0, else missing where any is, else the smallest."""
    np = _np()
    if all(credit.binary for credit in credits):
        if len(credits) == 1:
            return credits[0]
        if credits and all(credit.present.all() for credit in credits):  # known everywhere
            ok = credits[0].value & credits[1].value
            for credit in credits[2:]:
                ok &= credit.value
            return _Credit(ok, credits[0].present, binary=True)
        ok = np.ones(n, dtype=bool)
        failed = np.zeros(n, dtype=bool)
        known = np.ones(n, dtype=bool)
        for credit in credits:
            if credit.present.all():
                ok &= credit.value
                failed |= ~credit.value
            else:
                ok &= credit.value & credit.present
                failed |= credit.present & ~credit.value
                known &= credit.present
        return _Credit(ok, failed | known, binary=True)
    if len(credits) == 1:
        return credits[0]
    if all(credit.present.all() for credit in credits):  # known everywhere
        # the smallest of the graded credits, and 0 wherever a met-or-not credit is not met
        graded = [credit.value for credit in credits if not credit.binary]
        lowest = graded[0]
        for value in graded[1:]:
            lowest = np.minimum(lowest, value)
        binary = [credit.value for credit in credits if credit.binary]
        if binary:
            ok = binary[0] if len(binary) == 1 else np.logical_and.reduce(binary)
            lowest = lowest * ok
        return _Credit(lowest, credits[0].present)
    known = np.ones(n, dtype=bool)
    zero = np.zeros(n, dtype=bool)
    lowest = np.full(n, K, dtype=np.int64)
    for credit in credits:  # credits are never below 0: a 0 makes the smallest 0
        value = credit.units(K)
        if credit.present.all():
            zero |= value == 0
            lowest = np.minimum(lowest, value)
        else:
            known &= credit.present
            zero |= credit.present & (value == 0)
            lowest = np.minimum(lowest, np.where(credit.present, value, K))
    return _Credit(lowest, zero | known)


def _condition_of(item: IndicatorPlan) -> tuple[CheckNode, ...]:
    return () if item.not_applicable_when is None else (item.not_applicable_when,)


def _facts_of(nodes: Iterable[CheckNode]) -> Iterator[str]:
    """The facts that checks read by name (a fact an indicator scored by combinations
    reads but is not named here is caught by the reader: then it is scored by rows)."""
    for node in _walk(nodes):
        if isinstance(node, BooleanNode | RangeNode):
            yield node.fact
        elif isinstance(node, RatioNode):
            yield from (node.numerator, node.denominator)


def _walk(nodes: Iterable[CheckNode]) -> Iterator[CheckNode]:
    for node in nodes:
        yield node
        if isinstance(node, AllOfNode | AnyOfNode):
            yield from _walk(node.checks)


@functools.lru_cache(maxsize=16)
def columnar_engine(standard: Standard) -> ColumnarEngine:
    """The columnar engine of ``standard``, compiled once (cached per standard).

    .. versionadded:: 0.2.0
    """
    return ColumnarEngine(standard)


def score_stream(
    layout: TableLayout,
    batches: Iterable[Any],
    problems: list[RowProblem],
    *,
    strict: bool = False,
    explain: str | None = None,
    explained: list[Scorecard] | None = None,
) -> Iterator[Any]:
    """Score a table's record batches as they come; yield a results batch for each.

    Memory stays bounded by one batch. Rows are numbered as a spreadsheet shows them.

    .. versionadded:: 0.2.0
    """
    engine = columnar_engine(layout.standard)
    memo = BatchMemo()  # what this table's batches share, and nothing after it
    row = 2
    remaining = iter(batches)
    while (batch := next(remaining, None)) is not None:
        results = engine.score(
            layout, batch, problems, first_row=row, strict=strict,
            explain=explain, explained=explained, memo=memo,
        )  # fmt: skip
        row += batch.num_rows
        del batch  # not held while the next batch is read
        yield results
        del results


def _as_batches(table: Any) -> tuple[str, list[str], list[Any]]:
    """(kind, column names, record batches) of a pyarrow Table/RecordBatch or a DataFrame."""
    import pyarrow as pa

    module = type(table).__module__.split(".")[0]
    if module == "pandas":
        arrow = pa.Table.from_pandas(table, preserve_index=False)
        return "pandas", list(arrow.column_names), arrow.to_batches()
    if module == "polars":
        arrow = table.to_arrow()
        return "polars", list(arrow.column_names), arrow.to_batches()
    if isinstance(table, pa.RecordBatch):
        return "batch", list(table.schema.names), [table]
    if isinstance(table, pa.Table):
        return "table", list(table.column_names), table.to_batches()
    raise TypeError(
        f"expected a pyarrow Table or RecordBatch, or a pandas or polars DataFrame, "
        f"not {type(table).__name__}"
    )


def _as_kind(kind: str, batches: list[Any], schema: Any) -> Any:
    import pyarrow as pa

    table = pa.Table.from_batches(batches, schema=schema)
    if kind == "pandas":
        return table.to_pandas()
    if kind == "polars":
        import polars

        return polars.from_arrow(table)
    if kind == "batch":
        combined = table.combine_chunks()
        return (
            combined.to_batches()[0]
            if combined.num_rows
            else pa.RecordBatch.from_pylist([], schema=schema)
        )
    return table


def _check(problems: list[RowProblem], collect: list[RowProblem] | None, source: str) -> None:
    if collect is not None:
        collect.extend(problems)
    elif problems:
        raise EvidenceError(
            source, [Problem(f"row {p.row}, column {p.column!r}", p.message) for p in problems]
        )


def score_table(
    standard: Standard,
    table: Any,
    *,
    problems: list[RowProblem] | None = None,
    strict: bool = False,
) -> Any:
    """Score a city's table: one row per community, as the table format describes.

    ``table`` is a pyarrow Table or a pandas or polars DataFrame; the results come back as
    the same kind, one row per valid community, with the results columns of
    :doc:`/reference/table-format` (exact numbers as text). Bad rows raise
    :class:`~community_standards.EvidenceError` naming every one; with a ``problems``
    list they are added to it instead, and the valid rows are scored.

    .. versionadded:: 0.2.0
    """
    kind, names, batches = _as_batches(table)
    engine = columnar_engine(standard)
    layout = engine.layout(names)
    found: list[RowProblem] = []
    results = list(score_stream(layout, batches, found, strict=strict))
    _check(found, problems, layout.source)
    schema = results[0].schema if results else _empty_schema(engine)
    return _as_kind(kind, results, schema)


def _empty_schema(engine: ColumnarEngine) -> Any:
    import pyarrow as pa

    dictionary = pa.dictionary(pa.int32(), pa.string())
    statuses = pa.dictionary(pa.int8(), pa.string())  # five words
    plain = {"community.id", "community.name", "community.district"}
    return pa.schema(
        [
            (
                name,
                pa.bool_()
                if name == "passed"
                else pa.string()
                if name in plain
                else statuses
                if name.endswith(".status")
                else dictionary,
            )
            for name in engine.columns
        ]
    )


def score_batch(
    standard: Standard,
    batch: Any,
    *,
    problems: list[RowProblem] | None = None,
    first_row: int = 2,
    strict: bool = False,
) -> Any:
    """Score one record batch (or pandas DataFrame) of a table; return the same kind.

    The function a cluster runs on each part of a table, unchanged:
    ``ddf.map_partitions(functools.partial(score_batch, standard), meta=...)`` with Dask,
    ``df.mapInArrow(lambda batches: (score_batch(standard, b) for b in batches), schema)``
    with Spark. ``first_row`` numbers the rows in problems.

    .. versionadded:: 0.2.0
    """
    kind, names, batches = _as_batches(batch)
    engine = columnar_engine(standard)
    layout = engine.layout(names)
    found: list[RowProblem] = []
    memo = BatchMemo()  # the part's batches share it; the next call makes its own
    results = [
        engine.score(layout, part, found, first_row=first_row, strict=strict, memo=memo)
        for part in batches
    ]
    _check(found, problems, layout.source)
    schema = results[0].schema if results else _empty_schema(engine)
    return _as_kind(kind, results, schema)
