"""Scoring speed and cold start, measured against a naive pint baseline.

Run from the repository root (after ``pip install -e .``)::

    python benchmarks/bench_scoring.py [--communities 2000] [--repeat 3]

It prints, on one core:

* full scorecards per second (every indicator's status, points and reasons) for
  synthetic Tianjin 2017 evidence written in mixed units, normalised once when read;
* a naive baseline that keeps evidence and thresholds as pint Quantities and compares
  them check by check, computing only the total: with mixed units, and with every unit
  already matching; and the library's ratio to each;
* cold start: ``community-standards score`` of one example community against
  ``python -c "import pint; pint.UnitRegistry()"`` alone.

Targets: at least 20,000 scorecards per second; at least 8 times the mixed-unit
baseline; at least the matching-unit baseline; cold start no slower than pint's.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import community_standards as cs
from community_standards.model.standard import (
    AllOf,
    AnyOf,
    AssessedCheck,
    BooleanCheck,
    Check,
    FrequencyCheck,
    RatioCheck,
    ThresholdCheck,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "evidence" / "chunhuili_pass.toml"

# Each unit the standard declares, and other units the same value may be written in,
# with the factor from the declared unit to the other one.
OTHER_UNITS: dict[str, list[tuple[str, Fraction]]] = {
    "": [("%", Fraction(100)), ("", Fraction(1))],
    "1/half_year": [("1/year", Fraction(2)), ("1/half_year", Fraction(1))],
    "1/year": [("1/half_year", Fraction(1, 2)), ("1/quarter_year", Fraction(1, 4))],
    "1/quarter_year": [("1/year", Fraction(4)), ("1/季度", Fraction(1))],
    "class_period": [("学时", Fraction(1)), ("kiloclass_period", Fraction(1, 1000))],
    "household": [("户", Fraction(1)), ("kilohousehold", Fraction(1, 1000))],
    "person": [("人", Fraction(1)), ("person", Fraction(1))],
}


def _written(value: Fraction, unit: str, mixed: bool, rng: random.Random) -> object:
    if not mixed:
        return f"{_plain(value)} {unit}".strip() if unit else _plain(value)
    other, factor = rng.choice(OTHER_UNITS.get(unit, [(unit, Fraction(1))]))
    converted = value * factor
    text = _plain(converted)
    return f"{text} {other}".strip() if other else text


def _plain(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return str(Decimal(value.numerator) / Decimal(value.denominator))


def synthetic_documents(
    standard: cs.Standard, count: int, mixed: bool, seed: int = 7, failure: float = 0.12
) -> list[dict[str, Any]]:
    """Evidence documents for ``count`` communities.

    Each fact takes the value of the passing example community, or with probability
    ``failure`` a random value that may break a limit; judgements are mostly "met".
    Numbers are written in the declared unit, or (``mixed``) in another unit of the
    same dimension: percent or a plain fraction, per year or per half year, 学时 or
    class periods, kilohousehold or household.
    """
    rng = random.Random(seed)
    base = cs.load_evidence(EXAMPLE, standard).facts
    assessed = [
        i.id
        for _, i in standard.indicators()
        if any(isinstance(c, AssessedCheck) for c in i.checks)
    ]
    documents = []
    for n in range(count):
        facts: dict[str, object] = {}
        for fact in standard.facts:
            good = base[fact.key]
            broken = rng.random() < failure
            if isinstance(good, bool):
                facts[fact.key] = (not good) if broken else good
                continue
            value = Fraction(good)
            if broken:
                value = (
                    Fraction(rng.randint(0, 100), 100)
                    if fact.maximum == 1
                    else value * Fraction(rng.randint(0, 20), 10)
                )
                if fact.kind is cs.FactKind.COUNT:
                    value = Fraction(max(round(value), 1))  # counts divide ratios: never 0
            facts[fact.key] = _written(value, fact.unit, mixed, rng)
        judgements = {
            ind: {"result": rng.choices(["met", "partly_met", "not_met"], weights=[80, 12, 8])[0]}
            for ind in assessed
        }
        documents.append(
            {
                "standard": standard.ref,
                "community": {"id": f"c{n}", "name": f"社区{n}"},
                "facts": facts,
                "judgements": judgements,
            }
        )
    return documents


# -- the naive baseline ----------------------------------------------------------------


def _naive_checks(standard: cs.Standard, ureg: Any) -> list[tuple[Fraction, list[Check]]]:
    return [(Fraction(i.points), list(i.checks)) for _, i in standard.indicators()]


def naive_total(
    plan: list[tuple[Fraction, list[Check]]],
    facts: dict[str, Any],
    judgements: dict[str, str],
    ids: list[str],
    limits: dict[int, tuple[Any, Any]],
) -> Fraction:
    """Score with pint Quantities compared check by check; only the total."""
    total = Fraction(0)

    def ok(check: Check, indicator: str) -> bool:
        if isinstance(check, BooleanCheck):
            return bool(facts.get(check.fact) is check.expected)
        if isinstance(check, ThresholdCheck | FrequencyCheck):
            value = facts[check.fact]
            low, high = limits[id(check)]
            return (low is None or value >= low) and (high is None or value <= high)
        if isinstance(check, RatioCheck):
            value = facts[check.numerator] / facts[check.denominator]
            low, high = limits[id(check)]
            return (low is None or value >= low) and (high is None or value <= high)
        if isinstance(check, AllOf):
            return all(ok(c, indicator) for c in check.checks)
        if isinstance(check, AnyOf):
            return any(ok(c, indicator) for c in check.checks)
        return judgements.get(indicator) == "met"

    for (points, checks), indicator in zip(plan, ids, strict=True):
        if all(ok(check, indicator) for check in checks):
            total += points
    return total


def naive_inputs(standard: cs.Standard, documents: list[dict[str, Any]]) -> tuple[Any, ...]:
    from community_standards.units.convert import registry, split_amount

    ureg = registry()
    Q = ureg.Quantity
    facts_by_key = {f.key: f for f in standard.facts}
    limits: dict[int, tuple[Any, Any]] = {}

    def q_limit(limit: cs.Limit | None, unit: str) -> Any:
        if limit is None:
            return None
        return Q(float(limit.value), limit.unit or unit or "dimensionless")

    def walk(check: Check) -> Iterator[Check]:
        yield check
        if isinstance(check, AllOf | AnyOf):
            for inner in check.checks:
                yield from walk(inner)

    for _, indicator in standard.indicators():
        for top in indicator.checks:
            for check in walk(top):
                if isinstance(check, ThresholdCheck | FrequencyCheck):
                    unit = facts_by_key[check.fact].unit
                    limits[id(check)] = (q_limit(check.minimum, unit), q_limit(check.maximum, unit))
                elif isinstance(check, RatioCheck):
                    top_unit, bottom_unit = (
                        facts_by_key[check.numerator].unit,
                        facts_by_key[check.denominator].unit,
                    )
                    unit = "" if top_unit == bottom_unit else f"{top_unit}/{bottom_unit}"
                    limits[id(check)] = (q_limit(check.minimum, unit), q_limit(check.maximum, unit))
    prepared = []
    for document in documents:
        facts: dict[str, Any] = {}
        for key, value in document["facts"].items():
            if isinstance(value, bool):
                facts[key] = value
            else:
                number, unit = split_amount(str(value))
                facts[key] = Q(
                    float(Fraction(number)), unit or facts_by_key[key].unit or "dimensionless"
                )
        judgements = {k: v["result"] for k, v in document["judgements"].items()}
        prepared.append((facts, judgements))
    ids = [i.id for _, i in standard.indicators()]
    return _naive_checks(standard, ureg), prepared, ids, limits


def rate(function: Callable[[], int], repeat: int) -> float:
    """Best items per CPU second (of this one process, on one core) over ``repeat`` runs.

    The cyclic garbage collector is paused while timing, as :mod:`timeit` does: nothing
    scored here forms reference cycles, and its passes over thousands of live results
    would measure the collector rather than the code.
    """
    best = 0.0
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            done = function()
            elapsed = time.process_time() - start
        finally:
            gc.enable()
        best = max(best, done / elapsed)
    return best


def cold_start(runs: int) -> tuple[float, float]:
    """Median wall time of the CLI scoring one example, and of pint's registry alone."""
    exe = Path(sys.executable).parent / "community-standards"
    cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "community_standards"]
    env = dict(os.environ)

    def timed(command: list[str]) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    ours = timed([*cli, "score", str(EXAMPLE)])
    pint_alone = timed([sys.executable, "-c", "import pint; pint.UnitRegistry()"])
    return ours, pint_alone


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--communities", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument(
        "--failure",
        type=float,
        default=0.12,
        help="share of facts given a value that may break a limit",
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    standard = cs.Registry(plugins=False, environment=False).get("tianjin-beautiful-community@2017")
    mixed_documents = synthetic_documents(
        standard, args.communities, mixed=True, failure=args.failure
    )
    matching_documents = synthetic_documents(
        standard, args.communities, mixed=False, failure=args.failure
    )

    start = time.perf_counter()
    evidence = [cs.evidence_from_dict(doc, standard) for doc in mixed_documents]
    reading = len(evidence) / (time.perf_counter() - start)

    cards: list[cs.Scorecard] = []

    def ours() -> int:
        cards[:] = [cs.score(standard, item) for item in evidence]
        return len(cards)

    ours_rate = rate(ours, args.repeat)
    assert all(len(card.indicators) == 60 for card in cards)
    reasons = sum(len(r.reasons) for card in cards for r in card.indicators) / len(cards)
    not_met = sum(
        r.status is not cs.IndicatorStatus.MET for card in cards for r in card.indicators
    ) / len(cards)

    naive_mixed = naive_inputs(standard, mixed_documents)
    naive_matching = naive_inputs(standard, matching_documents)

    def baseline(inputs: tuple[Any, ...]) -> Callable[[], int]:
        plan, prepared, ids, limits = inputs

        def run() -> int:
            for facts, judgements in prepared:
                naive_total(plan, facts, judgements, ids, limits)
            return len(prepared)

        return run

    mixed_rate = rate(baseline(naive_mixed), args.repeat)
    matching_rate = rate(baseline(naive_matching), args.repeat)
    ours_cold, pint_cold = cold_start(args.cold_runs)

    print(
        f"communities: {args.communities} (Tianjin 2017, 60 indicators, evidence in mixed units, "
        f"{args.failure:.0%} of facts off their limits)"
    )
    print(f"reading evidence (parse + normalise units once): {reading:,.0f} communities/s")
    print(f"library, full scorecards:                        {ours_rate:,.0f} scorecards/s")
    print(f"  (per scorecard: {not_met:.1f} of 60 indicators not fully met, {reasons:.1f} reasons)")
    print(f"naive pint baseline, mixed units, total only:    {mixed_rate:,.0f} communities/s")
    print(f"naive pint baseline, matching units, total only: {matching_rate:,.0f} communities/s")
    print(f"ratio to the mixed-unit baseline:    {ours_rate / mixed_rate:.1f}x (target >= 8x)")
    print(f"ratio to the matching-unit baseline: {ours_rate / matching_rate:.2f}x (target >= 1x)")
    print(f"cold start, community-standards score one example: {ours_cold * 1000:.0f} ms")
    print(f"cold start, import pint; pint.UnitRegistry():       {pint_cold * 1000:.0f} ms")
    print(f"cold-start ratio (ours / pint alone): {ours_cold / pint_cold:.2f} (target <= 1)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
