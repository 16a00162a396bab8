"""Scoring speed for distinct communities, beside a naive pint baseline and a float loop.

Run from the repository root (after ``pip install -e .``)::

    python benchmarks/bench_scoring.py [--communities 5000] [--passes 3]

Every community's evidence is drawn fresh: each number is the passing example's value
times a random factor (so about one fact in eight misses its limit, and no two
communities share their inputs), booleans flip at random, judgements are drawn, and the
numbers are written in mixed units. Nothing is remembered between scorecards but the
compiled standard, so no pass is helped by an earlier one. The garbage collector stays
on; the first pass is reported, each further pass on communities drawn afresh. It
prints, on one core, in one run:

* reading evidence (parse, check, convert units once) per second;
* explained scorecards per second: every indicator's status, exact points and every
  reason (as data: its kind and numbers), and the same with every reason rendered as
  text in Chinese and English;
* a naive baseline that keeps evidence and limits as pint Quantities and compares them
  check by check, computing only the total;
* a plain loop over pre-converted floats, computing only the total (no reasons, no
  exact arithmetic): what the bare comparisons cost in Python;
* cold start: ``community-standards score`` of one example community against
  ``python -c "import pint; pint.UnitRegistry()"`` alone.

Target: at least 20,000 explained scorecards per second for distinct communities.
"""

from __future__ import annotations

import argparse
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
    standard: cs.Standard, count: int, rng: random.Random, mixed: bool = True
) -> list[dict[str, Any]]:
    """Evidence documents for ``count`` distinct communities, every value drawn fresh.

    A number is the passing example's value times a factor drawn from 0.80 to 1.60 (a
    fraction with 5 decimals; counts rounded, never 0), a share below 1 is drawn from
    0.70 to 1; a boolean keeps the example's value with probability 0.93. Numbers are
    written in the declared unit or (``mixed``) in another unit of the same dimension.
    """
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
            if isinstance(good, bool):
                facts[fact.key] = good if rng.random() < 0.93 else not good
                continue
            if fact.maximum == 1:
                value = Fraction(rng.randint(70_000, 100_000), 100_000)
            else:
                value = Fraction(good) * Fraction(rng.randint(80_000, 160_000), 100_000)
            if fact.kind is cs.FactKind.COUNT:
                value = Fraction(max(round(value), 1))
            # a fact counted in each period is given in its own period's unit (a yearly
            # total would say nothing of each half year)
            facts[fact.key] = _written(value, fact.unit, mixed and not fact.each_period, rng)
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


def float_inputs(standard: cs.Standard, evidence: list[cs.Evidence]) -> tuple[Any, ...]:
    """The float loop's inputs: facts already in the declared units, as floats; limits too."""
    from community_standards.model.measures import limit_in, ratio_unit

    facts_by_key = {f.key: f for f in standard.facts}
    limits: dict[int, tuple[Any, Any]] = {}

    def f_limit(limit: cs.Limit | None, unit: str) -> float | None:
        return None if limit is None else float(limit_in(limit, unit))

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
                elif isinstance(check, RatioCheck):
                    unit = ratio_unit(
                        facts_by_key[check.numerator], facts_by_key[check.denominator]
                    )
                else:
                    continue
                limits[id(check)] = (f_limit(check.minimum, unit), f_limit(check.maximum, unit))
    prepared = []
    for item in evidence:
        facts = {k: v if isinstance(v, bool) else float(v) for k, v in item.facts.items()}
        judgements = {k: str(v.result) for k, v in item.judgements.items()}
        prepared.append((facts, judgements))
    ids = [i.id for _, i in standard.indicators()]
    return _naive_checks(standard, None), prepared, ids, limits


def per_second(function: Callable[[], int]) -> float:
    """Items per CPU second of one run of ``function`` (this process, one core, gc on)."""
    start = time.process_time()
    done = function()
    return done / (time.process_time() - start)


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
    parser.add_argument("--communities", type=int, default=5000)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    rng = random.Random(args.seed)
    standard = cs.Registry(plugins=False, environment=False).get("tianjin-beautiful-community@2017")
    cs.score(standard, cs.load_evidence(EXAMPLE, standard))  # compile the standard once

    reading, scoring, rendering = [], [], []
    first: list[cs.Evidence] = []
    first_documents: list[dict[str, Any]] = []
    not_met = reasons = 0.0
    for number in range(args.passes):
        documents = synthetic_documents(standard, args.communities, rng)
        evidence: list[cs.Evidence] = []
        cards: list[cs.Scorecard] = []

        def read(documents: list[dict[str, Any]] = documents, out: list[Any] = evidence) -> int:
            out[:] = [cs.evidence_from_dict(doc, standard) for doc in documents]
            return len(out)

        def ours(evidence: list[cs.Evidence] = evidence, out: list[Any] = cards) -> int:
            out[:] = [cs.score(standard, item) for item in evidence]
            return len(out)

        def render(cards: list[cs.Scorecard] = cards) -> int:
            for card in cards:
                for result in card.indicators:
                    for reason in result.reasons:
                        reason.zh, reason.en  # noqa: B018 (rendered, then dropped)
            return len(cards)

        reading.append(per_second(read))
        scoring.append(per_second(ours))
        rendering.append(1 / (1 / scoring[-1] + 1 / per_second(render)))
        if number == 0:
            first, first_documents = evidence, documents
            assert len({tuple(e.facts.values()) for e in evidence}) == len(evidence)
            not_met = sum(
                r.status is not cs.IndicatorStatus.MET for c in cards for r in c.indicators
            ) / len(cards)
            reasons = sum(len(r.reasons) for c in cards for r in c.indicators) / len(cards)

    def baseline(inputs: tuple[Any, ...]) -> Callable[[], int]:
        plan, prepared, ids, limits = inputs

        def run() -> int:
            for facts, judgements in prepared:
                naive_total(plan, facts, judgements, ids, limits)
            return len(prepared)

        return run

    pint_rate = per_second(baseline(naive_inputs(standard, first_documents)))
    float_rate = per_second(baseline(float_inputs(standard, first)))
    ours_cold, pint_cold = cold_start(args.cold_runs)

    def passes(rates: list[float]) -> str:
        rest = f"; passes: {', '.join(f'{r:,.0f}' for r in rates)}" if len(rates) > 1 else ""
        return f"{rates[0]:,.0f} per second (first pass{rest})"

    print(
        f"{args.communities} distinct communities per pass, Tianjin 2017 (60 indicators), "
        f"evidence in mixed units; {not_met:.1f} indicators not fully met and "
        f"{reasons:.1f} reasons per scorecard; gc on; one core"
    )
    print(f"reading evidence (parse, check, convert units once): {passes(reading)}")
    print(f"explained scorecards (every reason as data):          {passes(scoring)}")
    print(f"explained scorecards, every reason rendered zh + en:  {passes(rendering)}")
    print(f"naive pint baseline, total only:                      {pint_rate:,.0f} per second")
    print(f"plain loop over pre-converted floats, total only:     {float_rate:,.0f} per second")
    print(
        f"library / pint baseline: {scoring[0] / pint_rate:.1f}x; "
        f"library / float loop: {scoring[0] / float_rate:.2f}x"
    )
    print(f"cold start, community-standards score one example: {ours_cold * 1000:.0f} ms")
    print(f"cold start, import pint; pint.UnitRegistry():       {pint_cold * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
