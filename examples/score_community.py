"""Score a community with the Python API: load, score, read the scorecard, write JSON.

Run from the repository root::

    python examples/score_community.py examples/evidence/liuxi_exactly_80.toml
"""

from __future__ import annotations

import sys
from pathlib import Path

import community_standards as cs
from community_standards.reports import dumps_json, scorecard_to_dict, show_number


def main(path: Path) -> int:
    registry = cs.Registry()
    standard = registry.get("tianjin-beautiful-community@2017")
    evidence = cs.load_evidence(path, standard)
    card = cs.score(standard, evidence)

    n = show_number
    print(
        f"{card.community.name}: {n(card.total)} / {n(card.maximum)}, pass mark {n(card.pass_mark)}"
    )
    print(
        "passed" if card.passed else "not passed",
        f"(rules: {card.standard.ref}, sha256 {card.standard.sha256[:12]})",
    )
    for category in card.categories:
        print(f"  {category.id:<28} {n(category.score)} / {n(category.maximum)}")
    for result in card.indicators:
        if result.status is not cs.IndicatorStatus.MET:
            print(
                f"  ({result.number}) {result.status.value}: {n(result.awarded)}/{n(result.maximum)}"
            )
            for reason in result.reasons:
                print(f"      {reason.en}")

    # Exact arithmetic: the total is a Fraction, compared with the pass mark exactly.
    assert card.passed == (card.total >= card.pass_mark and not card.blocked_by)

    # The same scorecard as the JSON the command line prints with --format json.
    Path("scorecard.json").write_text(dumps_json(scorecard_to_dict(card)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(
        main(Path(sys.argv[1] if len(sys.argv) > 1 else "examples/evidence/chunhuili_pass.toml"))
    )
