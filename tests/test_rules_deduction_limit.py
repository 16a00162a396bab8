"""An indicator's deduction limit: all its deductions together take off at most so much."""

from __future__ import annotations

from fractions import Fraction

import pyarrow as pa
import pytest

import community_standards as cs
from community_standards.messages.checks import describe_indicator
from community_standards.scoring.columnar import score_table

STANDARD = """
id = "capped"
version = "1"
title = { zh = "扣分上限", en = "Capped" }
total_points = 10
pass_mark = 0

[[facts]]
key = "fights"
kind = "count"
description = { zh = "纠纷", en = "disputes" }

[[facts]]
key = "fires"
kind = "count"
description = { zh = "火情", en = "fires" }

[[categories]]
id = "c"
title = { en = "c" }
points = 10

[[categories.indicators]]
id = "order"
number = "1"
text = { zh = "每起纠纷扣 2 分，每起火情扣 3 分，本项扣分以 6.5 分为限", en = "order" }
points = 10
award = "deduction"
deduction_limit = 6.5
deductions = [{ fact = "fights", points = 2 }, { fact = "fires", points = 3, limit = 6 }]
"""


@pytest.fixture(scope="module")
def capped() -> cs.Standard:
    return cs.loads_standard(STANDARD)


@pytest.mark.parametrize(
    ("fights", "fires", "left"),
    [(0, 0, 10), (1, 1, 5), (2, 0, 6), (2, 1, Fraction(7, 2)), (9, 9, Fraction(7, 2))],
)
def test_all_deductions_together_stop_at_the_limit(
    capped: cs.Standard, fights: int, fires: int, left: Fraction
) -> None:
    evidence = cs.Evidence(
        community=cs.Community(id="c", name="n"), facts={"fights": fights, "fires": fires}
    )
    result = cs.score(capped, evidence).indicator("order")
    assert result.awarded == left
    if fights * 2 + min(fires * 3, 6) > Fraction(13, 2):
        assert result.reasons[-1].en == (
            f"deductions of {fights * 2 + min(fires * 3, 6)} points in all, capped at 6.5"
        )
        assert result.reasons[-1].zh.endswith("以 6.5 分为限")
    table = pa.table(
        {"community.id": ["c"], "community.name": ["n"], "fights": [fights], "fires": [fires]}
    )
    found = score_table(capped, table).to_pylist()[0]
    assert Fraction(found["indicator.order.awarded"]) == left


def test_validated_shown_and_diffed(capped: cs.Standard) -> None:
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(STANDARD.replace("deduction_limit = 6.5", "deduction_limit = -1"))
    assert [str(p) for p in caught.value.problems] == [
        "categories[0].indicators[0].deduction_limit: a deduction limit cannot be negative"
    ]
    facts = {fact.key: fact for fact in capped.facts}
    assert describe_indicator(capped.indicator("order"), facts, "zh")[-1] == "扣分合计最多 6.5 分"
    assert describe_indicator(capped.indicator("order"), facts, "en")[-1] == (
        "at most 6.5 deducted in all"
    )
    other = cs.loads_standard(STANDARD.replace("deduction_limit = 6.5", "deduction_limit = 8"))
    kinds = [change.kind for change in cs.diff(capped, other)]
    assert kinds == [cs.ChangeKind.INDICATOR_DEDUCTION_LIMIT_CHANGED]
    assert "deduction_limit" not in cs.dumps_standard(
        cs.load_standard("docs/reference/example-standard.toml")
    )
