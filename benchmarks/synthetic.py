"""Synthetic Tianjin 2017 city tables: every value drawn fresh, units mixed across columns.

Used by the table benchmarks, and to make the example table::

    python benchmarks/synthetic.py --rows 40 --bad --seed 2017 examples/tables/tianjin_city.csv

Each column writes its unit its own way: some in the header (``leader_training [学时]``,
``households [户]``, ``residents_congress_meetings_per_half_year [1/half_year]``), some in
every cell (``"11800 人"``, ``"42 课时"``, ``"3 / year"``, ``"88 %"``), some as plain numbers in
the declared unit (a fact counted in each period is given in its own period's unit: a
yearly total says nothing of each half year, and is not assessed); booleans as
``true``/``false``, ``是``/``否`` or ``1``/``0``; judgements in English or Chinese words, one in
points. A community's values follow a quality drawn for it, so totals spread around the pass
mark.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

import community_standards as cs
from community_standards.formats.template import assessed_checks

TIANJIN = "tianjin-beautiful-community@2017"
DISTRICTS = ("和平区", "河东区", "河西区", "南开区", "河北区", "红桥区", "滨海新区", "东丽区")

# fact key -> (header suffix, cell format) for the number facts; "{v}" is the value drawn
_NUMBER_COLUMNS: dict[str, tuple[str, str]] = {
    "households": (" [户]", "{v}"),
    "resident_population": ("", "{v} 人"),
    "community_workers": (" [person]", "{v}"),
    "residents_representatives": ("", "{v} person"),
    "residents_congress_meetings_per_half_year": (" [1/half_year]", "{v}"),
    "worker_appraisals_per_year": (" [1/year]", "{v}"),
    "worker_appraisal_satisfaction_rate": (" [%]", "{p}"),
    "affairs_disclosures_per_quarter": ("", "{v}"),
    "grid_workers": ("", "{v}"),
    "college_educated_workers": ("", "{v} 人"),
    "professional_social_workers": ("", "{v}"),
    "leader_training": (" [学时]", "{d}"),
    "other_worker_training": ("", "{d} 课时"),
    "leader_awareness_rate": ("", "{p} %"),
    "service_satisfaction_rate": ("", "{f}"),
    "community_police_officers": (" [人]", "{v}"),
    "disaster_information_officers": ("", "{v}"),
    "registered_volunteers": ("", "{v} 人"),
    "social_sports_instructors": ("", "{v}"),
    "sports_meets_per_year": ("", "{v} / year"),
    "single_sport_competitions_per_year": (" [1/year]", "{v}"),
    "affected_households": ("", "{v} 户"),
    "households_consulted": (" [household]", "{v}"),
    "representatives_in_appraisal": ("", "{v}"),
}
_BOOLEAN_WORDS = (("true", "false"), ("是", "否"), ("1", "0"))
_RESULT_WORDS = (("met", "partly_met", "not_met"), ("达标", "部分达标", "未达标"))


def header(standard: cs.Standard) -> list[str]:
    """The synthetic table's header: community columns, facts, judgements."""
    names = ["community.id", "community.name", "community.district", "community.assessed_on"]
    for fact in standard.facts:
        suffix = _NUMBER_COLUMNS.get(fact.key, ("", ""))[0]
        names.append(fact.key + suffix)
    for indicator, _ in assessed_checks(standard):
        names.append(f"judgement.{indicator.id}")
    names.append("judgement.roads.note")
    return names


def _draw(rng: np.random.Generator, quality: np.ndarray, base: float, spread: float) -> np.ndarray:
    """Whole numbers around ``base`` scaled by quality: below base for weak communities."""
    value = rng.normal(base * (0.55 + 0.6 * quality), spread)
    return np.maximum(np.rint(value), 0).astype(np.int64)


def columns(standard: cs.Standard, n: int, rng: np.random.Generator, start: int = 0) -> list[Any]:
    """``n`` fresh communities as a list of columns (each a list or array of cell texts)."""
    quality = rng.beta(6, 1.6, n)
    out: list[Any] = [
        [f"c{start + i:07d}" for i in range(n)],
        [f"社区{start + i}" for i in range(n)],
        np.array(DISTRICTS)[rng.integers(0, len(DISTRICTS), n)].tolist(),
        [
            f"2024-{m:02d}-{d:02d}"
            for m, d in zip(rng.integers(1, 13, n), rng.integers(1, 29, n), strict=True)
        ],
    ]
    population = rng.integers(3000, 20000, n)
    households = population // 3 + rng.integers(0, 200, n)
    representatives = _draw(rng, quality, 60, 6)
    workers = rng.integers(8, 30, n)
    values: dict[str, np.ndarray] = {
        "households": households,
        "resident_population": population,
        "community_workers": workers,
        "residents_representatives": representatives,
        "grid_workers": np.maximum(households // rng.integers(250, 560, n), 1),
        "college_educated_workers": np.minimum(
            workers,
            np.rint(workers * (0.5 + 0.45 * quality + rng.normal(0, 0.05, n)))
            .astype(np.int64)
            .clip(0),
        ),
        "registered_volunteers": np.rint(population * (0.05 + 0.1 * quality)).astype(np.int64),
        "social_sports_instructors": np.rint(population * (0.0006 + 0.0008 * quality)).astype(
            np.int64
        ),
        "affected_households": rng.integers(30, 600, n),
        "representatives_in_appraisal": np.minimum(
            representatives, np.rint(representatives * (0.8 + 0.2 * quality)).astype(np.int64)
        ),
    }
    values["households_consulted"] = np.rint(
        values["affected_households"] * (0.4 + 0.5 * quality)
    ).astype(np.int64)
    for index, fact in enumerate(standard.facts):
        key = fact.key
        if fact.kind is cs.FactKind.BOOLEAN:
            yes, no = _BOOLEAN_WORDS[index % len(_BOOLEAN_WORDS)]
            flags = rng.random(n) < (0.55 + 0.45 * quality)
            out.append(np.where(flags, yes, no).tolist())
            continue
        pattern = _NUMBER_COLUMNS.get(key, ("", "{v}"))[1]
        if "{p}" in pattern:  # a percentage with one decimal
            cells = np.round(np.clip(rng.normal(70 + 25 * quality, 6), 0, 100), 1)
            out.append([pattern.format(p=f"{c:.1f}") for c in cells])
        elif "{f}" in pattern:  # a rate as a plain fraction
            cells = np.round(np.clip(rng.normal(0.7 + 0.25 * quality, 0.06), 0, 1), 3)
            out.append([pattern.format(f=f"{c:.3f}") for c in cells])
        elif "{d}" in pattern:  # class periods, in halves
            cells = np.maximum(rng.normal(30 + 30 * quality, 6), 0)
            out.append([pattern.format(d=f"{np.floor(c * 2) / 2:g}") for c in cells])
        else:
            drawn = values.get(key)
            if drawn is None:
                drawn = _draw(rng, quality, 2 if "per" in key or "officers" in key else 6, 0.8)
                if key in {"social_work_service_orgs", "social_work_service_projects"}:
                    drawn = np.clip(drawn, 0, 3)
            if key == "registered_or_filed_social_orgs":
                drawn = np.minimum(drawn, values.setdefault("community_social_orgs", drawn))
            if key == "community_social_orgs":
                drawn = values.setdefault(key, _draw(rng, quality, 11, 2))
            out.append([pattern.format(v=v) for v in drawn.tolist()])
    for index, (indicator, _) in enumerate(assessed_checks(standard)):
        if indicator.id == "healthy-habits":  # judged in points, in halves
            top = float(indicator.points)
            points = np.floor(np.clip(rng.normal(top * quality, 0.4), 0, top) * 2) / 2
            out.append([f"{p:g}" for p in points])
            continue
        words = _RESULT_WORDS[index % 2]
        draw = rng.random(n)
        chosen = np.where(draw < 0.3 + 0.7 * quality, 0, np.where(draw < 0.5 + 0.5 * quality, 1, 2))
        out.append(np.array(words)[chosen].tolist())
    out.append(np.where(rng.random(n) < 0.1, "路面待修", "").tolist())
    return out


def rows(standard: cs.Standard, n: int, seed: int, start: int = 0) -> Iterator[list[str]]:
    """``n`` fresh rows of cell texts."""
    data = columns(standard, n, np.random.default_rng(seed), start)
    yield from (list(row) for row in zip(*data, strict=True))


#: Problems planted in the example table: (row index, column, bad cell).
BAD_CELLS = (
    (3, "grid_workers", "0"),
    (7, "households [户]", "四千"),
    (11, "judgement.roads", "达到"),
    (15, "leader_awareness_rate", "120 %"),
    (19, "community.name", ""),
    (23, "resident_population", "11800 学时"),
    (29, "professional_social_workers", "-1"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--bad", action="store_true", help="plant the problems of BAD_CELLS")
    args = parser.parse_args(argv)
    standard = cs.default_registry().load(TIANJIN)
    names = header(standard)
    table = list(rows(standard, args.rows, args.seed))
    if args.bad:
        for index, column, cell in BAD_CELLS:
            if index < len(table):
                table[index][names.index(column)] = cell
    with args.out.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(names)
        writer.writerows(table)
    print(f"{len(table)} communities written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
