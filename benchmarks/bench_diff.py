"""Diff speed for a large standard whose indicators are partly renamed.

Run from the repository root (after ``pip install -e .``)::

    python benchmarks/bench_diff.py [--indicators 6000] [--renamed 0.1] [--passes 1]

Each pass draws a fresh standard of ``--indicators`` indicators in 60 categories: every
indicator has its own Chinese and English text (words drawn at random, with numbers), a
threshold check on a fact of its own and a boolean check on a shared one. The second
edition changes the ids of a share ``--renamed`` of the indicators (and rewords one word
of each), re-points one indicator in twenty and tightens one threshold in fifty. Both
diffs are timed in the same run, with the garbage collector on, the first pass reported:

* the diff of the two editions: renamed indicators are matched by the similarity of
  their texts, the costly part;
* the baseline a user would see otherwise: the same edition with every id kept (only
  the re-pointed and tightened indicators differ), matched by id alone.

It checks that the diff finds every rename (a renamed indicator is reported as renamed,
never as removed and added).
"""

from __future__ import annotations

import argparse
import random
import time
from decimal import Decimal
from fractions import Fraction

import attrs

import community_standards as cs
from community_standards.model.standard import BooleanCheck, Limit, ThresholdCheck

#: Chinese characters the texts are written with: 3,000 of the common ones' block.
_CHARACTERS = [chr(0x4E00 + k) for k in range(3000)]
_WORDS = [
    "community",
    "residents",
    "service",
    "centre",
    "culture",
    "health",
    "safety",
    "environment",
    "green",
    "parking",
    "elderly",
    "children",
    "property",
    "governance",
    "volunteer",
    "grid",
    "office",
    "library",
    "sports",
    "mediation",
    "patrol",
    "lighting",
    "waste",
    "sorting",
    "water",
    "drainage",
    "roads",
    "fitness",
    "clinic",
    "canteen",
]


def _text(rng: random.Random) -> cs.Text:
    zh = "".join(rng.choice(_CHARACTERS) for _ in range(rng.randint(14, 30)))
    en = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 16)))
    number = rng.randint(1, 500)
    return cs.Text(zh=f"{zh}不少于{number}处", en=f"{en}, at least {number}")


def edition(indicators: int, rng: random.Random) -> cs.Standard:
    """A fresh standard of ``indicators`` indicators in 60 categories."""
    per = indicators // 60
    facts = [cs.Fact(key="open", kind=cs.FactKind.BOOLEAN, description=cs.Text(en="open"))]
    categories = []
    for c in range(60):
        items = []
        for n in range(per):
            key = f"f{c}_{n}"
            facts.append(
                cs.Fact(key=key, kind=cs.FactKind.COUNT, description=cs.Text(en=key), unit="")
            )
            checks = (
                ThresholdCheck(fact=key, minimum=Limit(value=Fraction(rng.randint(1, 9)))),
                BooleanCheck(fact="open"),
            )
            items.append(
                cs.Indicator(
                    id=f"i{c}-{n}",
                    number=f"{c + 1}.{n + 1}",
                    text=_text(rng),
                    points=Decimal(1),
                    checks=checks,
                )
            )
        categories.append(
            cs.Category(
                id=f"c{c}", title=cs.Text(en=f"c{c}"), points=Decimal(per), indicators=tuple(items)
            )
        )
    total = Decimal(per * 60)
    return cs.Standard(
        id="big",
        version="1",
        title=cs.Text(en="big"),
        total_points=total,
        pass_mark=total / 2,
        categories=tuple(categories),
        facts=tuple(facts),
    )


def revised(
    a: cs.Standard, renamed: float, rng: random.Random, *, keep_ids: bool
) -> tuple[cs.Standard, set[str]]:
    """The second edition; with ``keep_ids`` every id stays (the baseline)."""
    names: set[str] = set()
    categories = []
    for category in a.categories:
        items = []
        for indicator in category.indicators:
            changes: dict[str, object] = {}
            if rng.random() < renamed:
                words = indicator.text.en.split(" ")
                words[rng.randrange(len(words))] = rng.choice(_WORDS)
                changes["text"] = attrs.evolve(indicator.text, en=" ".join(words))
                if not keep_ids:
                    changes["id"] = f"{indicator.id}-renamed"
                    names.add(indicator.id)
            if rng.random() < 0.05:
                changes["points"] = indicator.points * 2
            if rng.random() < 0.02:
                first = indicator.checks[0]
                assert isinstance(first, ThresholdCheck)
                assert first.minimum is not None
                tighter = Limit(value=first.minimum.value + 1)
                changes["checks"] = (attrs.evolve(first, minimum=tighter), *indicator.checks[1:])
            items.append(attrs.evolve(indicator, **changes))  # type: ignore[arg-type]
        categories.append(attrs.evolve(category, indicators=tuple(items)))
    return attrs.evolve(a, version="2", categories=tuple(categories)), names


def _timed(a: cs.Standard, b: cs.Standard) -> tuple[float, cs.StandardDiff]:
    start = time.perf_counter()
    result = cs.diff(a, b)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--indicators", type=int, default=6000)
    parser.add_argument("--renamed", type=float, default=0.1)
    parser.add_argument("--passes", type=int, default=1)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for number in range(1, args.passes + 1):
        a = edition(args.indicators, rng)
        b, names = revised(a, args.renamed, rng, keep_ids=False)
        same_ids, _ = revised(a, args.renamed, rng, keep_ids=True)
        renamed_time, result = _timed(a, b)
        kept_time, baseline = _timed(a, same_ids)
        found = {c.ids[0] for c in result.of_kind(cs.ChangeKind.INDICATOR_RENAMED)}
        assert found == names, f"{len(names - found)} renames missed"
        print(
            f"pass {number}: {args.indicators} indicators, {len(names)} renamed: "
            f"diff {renamed_time:.2f} s ({len(result)} changes); "
            f"ids kept {kept_time:.2f} s ({len(baseline)} changes); "
            f"ratio {renamed_time / kept_time:.1f}x"
        )


if __name__ == "__main__":
    main()
