"""A city's summary: how many communities pass, where, and what holds the others back.

:func:`summarise` reads a results table (the rows :mod:`community_standards.scoring.table`
describes, as a pyarrow Table, record batches, a pandas or polars DataFrame) or scorecards,
and returns a :class:`CitySummary`: plain, exact, JSON-ready values. Every sum is exact:
the points of each distinct value are read once and counted, never added in floating point.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

import attrs

from ..model.standard import Aggregation, Standard
from ..scoring.scorecard import Scorecard
from ..scoring.table import scorecard_row
from ..units.numbers import format_number, parse_number

__all__ = [
    "Band",
    "CategoryShare",
    "CitySummary",
    "DistrictSummary",
    "IndicatorShortfall",
    "NearMiss",
    "summarise",
]

#: How far below the pass mark a community is a near miss (inclusive), in points.
NEAR_MISS_POINTS = Fraction(5)
#: How many indicators the summary lists as most often not met.
TOP_INDICATORS = 10
#: The most near misses listed (the count is always exact).
NEAR_MISSES_LISTED = 1000


@attrs.frozen(kw_only=True)
class Band:
    """Communities whose total lies in ``[low, high)`` (the last band includes ``high``).

    .. versionadded:: 0.2.0
    """

    low: Fraction
    high: Fraction
    communities: int


@attrs.frozen(kw_only=True)
class DistrictSummary:
    """One district's communities: how many, how many pass, their mean total.

    .. versionadded:: 0.2.0
    """

    district: str
    communities: int
    passed: int
    pass_rate: Fraction
    mean_total: Fraction


@attrs.frozen(kw_only=True)
class CategoryShare:
    """A category's mean score across the city, and as a share of its maximum.

    .. versionadded:: 0.2.0
    """

    id: str
    title: str
    mean_score: Fraction
    maximum: Fraction
    mean_share: Fraction


@attrs.frozen(kw_only=True)
class IndicatorShortfall:
    """An indicator many communities do not meet, and the points it costs the city.

    ``points_lost`` adds up, over the communities where it is not met, partly met or not
    assessed, its maximum less the points awarded.

    .. versionadded:: 0.2.0
    """

    id: str
    number: str
    text: str
    not_met: int
    partly_met: int
    not_assessed: int
    points_lost: Fraction


@attrs.frozen(kw_only=True)
class NearMiss:
    """A community that did not pass, within 5 points of the pass mark (inclusive).

    .. versionadded:: 0.2.0
    """

    id: str
    name: str
    district: str
    total: Fraction
    short_by: Fraction
    blocked_by: tuple[str, ...]


@attrs.frozen(kw_only=True)
class CitySummary:
    """The city's picture: counts, pass rate, tiers, the spread of totals, districts,
    categories, the indicators most often not met, and the near misses.

    All numbers are exact (:class:`~fractions.Fraction` for rates and means);
    :meth:`to_dict` gives the JSON form.

    .. versionadded:: 0.2.0
    """

    standard: str
    language: str
    communities: int
    passed: int
    pass_rate: Fraction
    pass_mark: Fraction
    maximum: Fraction
    tiers: tuple[tuple[str, str, int], ...]  # (tier id, title, communities)
    no_tier: int
    mean_total: Fraction
    median_total: Fraction
    lowest_total: Fraction
    highest_total: Fraction
    bands: tuple[Band, ...]
    districts: tuple[DistrictSummary, ...]
    categories: tuple[CategoryShare, ...]
    shortfalls: tuple[IndicatorShortfall, ...]
    near_misses: tuple[NearMiss, ...]
    near_miss_count: int

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready values: numbers as exact text (``"80.5"``, ``"2/3"``)."""

        def number(value: Fraction) -> str:
            return format_number(value)

        return {
            "standard": self.standard,
            "communities": self.communities,
            "passed": self.passed,
            "pass_rate": number(self.pass_rate),
            "pass_mark": number(self.pass_mark),
            "max": number(self.maximum),
            "tiers": [
                {"id": tier, "title": title, "communities": count}
                for tier, title, count in self.tiers
            ],
            "no_tier": self.no_tier,
            "totals": {
                "mean": number(self.mean_total),
                "median": number(self.median_total),
                "lowest": number(self.lowest_total),
                "highest": number(self.highest_total),
                "bands": [
                    {"low": number(b.low), "high": number(b.high), "communities": b.communities}
                    for b in self.bands
                ],
            },
            "districts": [
                {
                    "district": d.district,
                    "communities": d.communities,
                    "passed": d.passed,
                    "pass_rate": number(d.pass_rate),
                    "mean_total": number(d.mean_total),
                }
                for d in self.districts
            ],
            "categories": [
                {
                    "id": c.id,
                    "title": c.title,
                    "mean_score": number(c.mean_score),
                    "max": number(c.maximum),
                    "mean_share": number(c.mean_share),
                }
                for c in self.categories
            ],
            "most_often_not_met": [
                {
                    "id": s.id,
                    "number": s.number,
                    "text": s.text,
                    "not_met": s.not_met,
                    "partly_met": s.partly_met,
                    "not_assessed": s.not_assessed,
                    "points_lost": number(s.points_lost),
                }
                for s in self.shortfalls
            ],
            "near_misses": {
                "within": number(NEAR_MISS_POINTS),
                "count": self.near_miss_count,
                "communities": [
                    {
                        "id": m.id,
                        "name": m.name,
                        "district": m.district,
                        "total": number(m.total),
                        "short_by": number(m.short_by),
                        "blocked_by": list(m.blocked_by),
                    }
                    for m in self.near_misses
                ],
            },
        }


@attrs.frozen
class _Reversed:
    """A text that orders backwards (the heap of near misses keeps the farthest on top, and
    among equally far ones the last by id)."""

    text: str

    def __lt__(self, other: _Reversed) -> bool:
        return self.text > other.text


class _Tally:
    """Counts gathered batch by batch: distinct values and how often each occurs."""

    def __init__(self, standard: Standard) -> None:
        self.standard = standard
        self.rows = 0
        self.passed = 0
        self.tiers: Counter[str] = Counter()
        self.totals: Counter[str] = Counter()
        self.districts: Counter[tuple[str, str, bool]] = Counter()
        self.categories: dict[str, Counter[str]] = {c.id: Counter() for c in standard.categories}
        self.indicators: dict[str, Counter[tuple[str, str]]] = {
            i.id: Counter() for _, i in standard.indicators()
        }
        # the closest near misses, as a heap whose top is the farthest of them
        self.near: list[tuple[Fraction, _Reversed, int, NearMiss]] = []
        self._seen = itertools.count()
        self.near_count = 0
        self.pass_mark = Fraction(standard.pass_mark)
        self._numbers: dict[str, Fraction] = {}

    def number(self, text: str) -> Fraction:
        value = self._numbers.get(text)
        if value is None:
            value = self._numbers[text] = parse_number(text)
        return value

    def near_miss(self, total: str) -> bool:
        value = self.number(total)
        return self.pass_mark - NEAR_MISS_POINTS <= value < self.pass_mark

    def add_row(self, row: Mapping[str, Any]) -> None:
        self.rows += 1
        passed = bool(row["passed"])
        self.passed += passed
        self.tiers[str(row["tier"] or "")] += 1
        total = str(row["total"])
        self.totals[total] += 1
        self.districts[str(row["community.district"] or ""), total, passed] += 1
        for category in self.categories:
            self.categories[category][str(row[f"category.{category}"])] += 1
        for indicator, counts in self.indicators.items():
            counts[
                str(row[f"indicator.{indicator}.status"]),
                str(row[f"indicator.{indicator}.awarded"]),
            ] += 1
        if not passed and self.near_miss(total):
            self._add_near(row)

    def _add_near(self, row: Mapping[str, Any], *, counted: bool = True) -> None:
        """List ``row`` among the near misses if it is one of the closest so far."""
        self.near_count += counted
        total = self.number(str(row["total"]))
        blocked = str(row["blocked_by"] or "")
        miss = NearMiss(
            id=str(row["community.id"]),
            name=str(row["community.name"]),
            district=str(row["community.district"] or ""),
            total=total,
            short_by=self.pass_mark - total,
            blocked_by=tuple(blocked.split(";")) if blocked else (),
        )
        key = (miss.short_by, miss.id)
        entry = (-key[0], _Reversed(key[1]), next(self._seen), miss)
        if len(self.near) < NEAR_MISSES_LISTED:
            heapq.heappush(self.near, entry)
        elif key < (-self.near[0][0], self.near[0][1].text):
            heapq.heapreplace(self.near, entry)

    def _closest(self, total: Fraction) -> bool:
        """Whether a near miss with ``total`` could still be listed."""
        if len(self.near) < NEAR_MISSES_LISTED:
            return True
        return self.pass_mark - total <= -self.near[0][0]

    def add_batch(self, batch: Any) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
        self.rows += table.num_rows
        passed = table.column("passed").cast(pa.bool_())
        self.passed += int(pc.sum(passed.cast(pa.int64())).as_py() or 0)

        def counts(*names: str) -> Iterable[tuple[tuple[Any, ...], int]]:
            grouped = table.select(list(names)).group_by(list(names)).aggregate([([], "count_all")])
            columns = [grouped.column(name).to_pylist() for name in names]
            return zip(
                zip(*columns, strict=True), grouped.column("count_all").to_pylist(), strict=True
            )

        for (tier,), n in counts("tier"):
            self.tiers[tier or ""] += n
        for (district, total, ok), n in counts("community.district", "total", "passed"):
            self.totals[total] += n
            self.districts[district or "", total, bool(ok)] += n
        for category in self.categories:
            for (value,), n in counts(f"category.{category}"):
                self.categories[category][value] += n
        for indicator, tally in self.indicators.items():
            status, awarded = f"indicator.{indicator}.status", f"indicator.{indicator}.awarded"
            for (state, value), n in counts(status, awarded):
                tally[str(state), str(value)] += n
        near = [total for total in self.totals if self.near_miss(total)]
        if near:
            totals = table.column("total").cast(pa.string())
            failed = pc.invert(passed)
            mask = pc.and_(pc.is_in(totals, value_set=pa.array(near)), failed)
            self.near_count += int(pc.sum(mask.cast(pa.int64())).as_py() or 0)
            wanted = ["community.id", "community.name", "community.district", "total", "blocked_by"]
            # the closest first; only the rows that can still be listed become Python objects
            for total in sorted(near, key=self.number, reverse=True):
                if not self._closest(self.number(total)):
                    break
                rows = table.filter(pc.and_(pc.equal(totals, total), failed))
                if not rows.num_rows:
                    continue
                rows = rows.select(wanted).sort_by("community.id").slice(0, NEAR_MISSES_LISTED)
                for row in rows.to_pylist():
                    self._add_near(row, counted=False)

    def result(self, language: str) -> CitySummary:
        standard = self.standard
        n = self.rows
        maximum = Fraction(standard.total_points)
        totals = sorted((self.number(text), count) for text, count in self.totals.items())
        total_sum = sum((value * count for value, count in totals), Fraction(0))
        width = maximum / 10
        bands = []
        for index in range(10):
            low, high = width * index, width * (index + 1)
            inside = sum(
                count
                for value, count in totals
                if low <= value < high or (index == 9 and value == high)
            )
            bands.append(Band(low=low, high=high, communities=inside))
        districts: dict[str, list[Fraction]] = {}
        for (district, total, ok), count in self.districts.items():
            entry = districts.setdefault(district, [Fraction(0), Fraction(0), Fraction(0)])
            entry[0] += count
            entry[1] += count if ok else 0
            entry[2] += self.number(total) * count
        weights = sum((Fraction(c.weight or 0) for c in standard.categories), Fraction(0))
        categories = []
        for category in standard.categories:
            if standard.aggregation is Aggregation.WEIGHTED and weights:
                top = Fraction(category.weight or 0) * maximum / weights
            else:
                top = Fraction(category.points)
            score = sum(
                (self.number(v) * c for v, c in self.categories[category.id].items()),
                Fraction(0),
            )
            mean = score / n if n else Fraction(0)
            categories.append(
                CategoryShare(
                    id=category.id,
                    title=category.title.get(language),
                    mean_score=mean,
                    maximum=top,
                    mean_share=mean / top if top else Fraction(0),
                )
            )
        shortfalls = []
        for _, indicator in standard.indicators():
            tally = self.indicators[indicator.id]
            states: Counter[str] = Counter()
            lost = Fraction(0)
            for (state, awarded), count in tally.items():
                states[state] += count
                if state in ("not_met", "partly_met", "not_assessed") and not indicator.bonus:
                    lost += (Fraction(indicator.points) - self.number(awarded)) * count
            if states["not_met"] or states["partly_met"] or states["not_assessed"]:
                shortfalls.append(
                    IndicatorShortfall(
                        id=indicator.id,
                        number=indicator.number,
                        text=indicator.text.get(language),
                        not_met=states["not_met"],
                        partly_met=states["partly_met"],
                        not_assessed=states["not_assessed"],
                        points_lost=lost,
                    )
                )
        shortfalls.sort(key=lambda s: (-s.not_met, -s.points_lost, s.number))
        titles = {tier.id: tier.title.get(language) for tier in standard.tiers}
        return CitySummary(
            standard=standard.ref,
            language=language,
            communities=n,
            passed=self.passed,
            pass_rate=Fraction(self.passed, n) if n else Fraction(0),
            pass_mark=self.pass_mark,
            maximum=maximum,
            tiers=tuple(
                (tier.id, titles[tier.id], self.tiers.get(tier.id, 0)) for tier in standard.tiers
            ),
            no_tier=self.tiers.get("", 0),
            mean_total=total_sum / n if n else Fraction(0),
            median_total=_median(totals, n),
            lowest_total=totals[0][0] if totals else Fraction(0),
            highest_total=totals[-1][0] if totals else Fraction(0),
            bands=tuple(bands),
            districts=tuple(
                DistrictSummary(
                    district=district,
                    communities=int(entry[0]),
                    passed=int(entry[1]),
                    pass_rate=entry[1] / entry[0],
                    mean_total=entry[2] / entry[0],
                )
                for district, entry in sorted(districts.items())
            ),
            categories=tuple(categories),
            shortfalls=tuple(shortfalls[:TOP_INDICATORS]),
            near_misses=tuple(sorted((m for *_, m in self.near), key=lambda m: (m.short_by, m.id))),
            near_miss_count=self.near_count,
        )


def _median(totals: list[tuple[Fraction, int]], n: int) -> Fraction:
    if not n:
        return Fraction(0)
    wanted = [(n - 1) // 2, n // 2]
    found: list[Fraction] = []
    seen = 0
    for value, count in totals:
        while wanted and wanted[0] < seen + count:
            found.append(value)
            wanted.pop(0)
        seen += count
    return (found[0] + found[1]) / 2


class Summariser:
    """Builds a :class:`CitySummary` from results that arrive batch by batch.

    ``add`` takes a record batch or table of results, a results row, or a scorecard;
    ``result`` gives the summary of everything added so far.

    .. versionadded:: 0.2.0
    """

    def __init__(self, standard: Standard, language: str = "zh") -> None:
        self._tally = _Tally(standard)
        self._language = language

    def add(self, results: Any) -> None:
        """Count one record batch, table, results row (a mapping) or :class:`Scorecard`."""
        if isinstance(results, Scorecard):
            self._tally.add_row(scorecard_row(results))
        elif isinstance(results, Mapping):
            self._tally.add_row(results)
        else:
            self._tally.add_batch(results)

    def result(self) -> CitySummary:
        """The summary of every community added."""
        return self._tally.result(self._language)


def summarise(standard: Standard, results: Any, *, language: str = "zh") -> CitySummary:
    """Summarise a city's results against ``standard``.

    ``results`` is a results table (a pyarrow Table, a pandas or polars DataFrame, an
    iterable of record batches) of the columns the ``batch`` command writes, or an
    iterable of :class:`~community_standards.Scorecard`. ``language`` chooses the titles.

    .. versionadded:: 0.2.0
    """
    summariser = Summariser(standard, language)
    module = type(results).__module__.split(".")[0]
    if module == "pandas":
        import pyarrow as pa

        summariser.add(pa.Table.from_pandas(results, preserve_index=False))
    elif module == "polars":
        summariser.add(results.to_arrow())
    elif module == "pyarrow":
        summariser.add(results)
    else:
        for item in results:
            summariser.add(item)
    return summariser.result()
