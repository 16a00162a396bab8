"""Semantics fixed on the way: each rule as scoring applies it, and the validator agreeing."""

from __future__ import annotations

from decimal import Decimal

import pytest

import community_standards as cs

WEIGHTED = """
id = "weighted-bonus"
version = "1"
title = {{ en = "Weighted with a bonus" }}
total_points = 100
pass_mark = {pass_mark}
aggregation = "weighted"

[[facts]]
key = "a"
kind = "boolean"
description = {{ en = "a" }}

[[facts]]
key = "b"
kind = "boolean"
description = {{ en = "b" }}

[[facts]]
key = "extra"
kind = "boolean"
description = {{ en = "extra" }}

[[categories]]
id = "small"
title = {{ en = "small" }}
points = 50
weight = 20

[[categories.indicators]]
id = "a"
number = "1"
text = {{ en = "a" }}
points = 50
checks = [{{ kind = "boolean", fact = "a" }}]

[[categories.indicators]]
id = "extra"
number = "2"
text = {{ en = "extra" }}
points = 10
bonus = true
checks = [{{ kind = "boolean", fact = "extra" }}]

[[categories]]
id = "large"
title = {{ en = "large" }}
points = 50
weight = 80

[[categories.indicators]]
id = "b"
number = "3"
text = {{ en = "b" }}
points = 50
checks = [{{ kind = "boolean", fact = "b" }}]
"""


def test_a_weighted_bonus_counts_by_its_weight_in_the_validator_as_in_scoring() -> None:
    """The bonus of 10 on 50 points weighted 20 is worth 4: at most 104, not 110."""
    standard = cs.loads_standard(WEIGHTED.format(pass_mark=104))
    evidence = cs.Evidence(
        community=cs.Community(id="c", name="n"), facts={"a": True, "b": True, "extra": True}
    )
    assert cs.score(standard, evidence).total == 104
    assert cs.score(standard, evidence).passed
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(WEIGHTED.format(pass_mark=108))
    [problem] = caught.value.problems
    assert problem.path == "pass_mark"
    assert "the most a community can score (104)" in problem.message


def test_not_applicable_false_and_a_condition_contradict() -> None:
    text = WEIGHTED.format(pass_mark=50).replace(
        'aggregation = "weighted"', 'aggregation = "weighted"\nnot_applicable = "zero"'
    )
    rule = 'checks = [{ kind = "boolean", fact = "b" }]'
    both = text.replace(
        rule, rule + '\nnot_applicable = false\nnot_applicable_when = { fact = "a" }'
    )
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(both)
    [problem] = caught.value.problems
    assert problem.path == "categories[1].indicators[0].not_applicable_when"
    assert "contradicts" in problem.message
    condition_only = text.replace(rule, rule + '\nnot_applicable_when = { fact = "a" }')
    cs.loads_standard(condition_only)


GROUPED = """
id = "grouped"
version = "1"
title = { en = "Grouped" }
total_points = 10
pass_mark = 5

[[facts]]
key = "gate"
kind = "boolean"
description = { zh = "门禁", en = "a gate" }

[[facts]]
key = "guard"
kind = "boolean"
description = { zh = "保安", en = "a guard" }

[[categories]]
id = "c"
title = { en = "c" }
points = 10

[[categories.indicators]]
id = "secure"
number = "1"
text = { en = "secure" }
points = 10
checks = [{ kind = "any_of", label = { zh = "有门禁或保安", en = "a gate or a guard" }, checks = [
  { kind = "boolean", fact = "gate" }, { kind = "boolean", fact = "guard" },
] }]
"""


def test_a_group_label_names_the_requirement_in_reasons_and_in_words() -> None:
    from community_standards.messages.checks import describe_check

    standard = cs.loads_standard(GROUPED)
    community = cs.Community(id="c", name="n")
    failed = cs.score(
        standard, cs.Evidence(community=community, facts={"gate": False, "guard": False})
    )
    reasons = failed.indicator("secure").reasons
    assert [(r.check, r.en) for r in reasons] == [
        ("checks[0]", "not met: a gate or a guard"),
        ("checks[0].checks[0]", "not met: a gate"),
        ("checks[0].checks[1]", "not met: a guard"),
    ]
    assert reasons[0].zh == "未达到：有门禁或保安"
    met = cs.score(standard, cs.Evidence(community=community, facts={"gate": False, "guard": True}))
    assert met.indicator("secure").reasons == ()
    facts = {fact.key: fact for fact in standard.facts}
    check = standard.indicator("secure").checks[0]
    assert (
        describe_check(check, facts, "en")
        == "a gate or a guard: any of: a gate (gate); a guard (guard)"
    )
    assert describe_check(check, facts, "zh").startswith("有门禁或保安——满足其一：")


def test_a_zero_point_prerequisite_judged_zero_points_is_not_met() -> None:
    text = GROUPED.replace("total_points = 10", 'total_points = 10\nnot_applicable = "zero"')
    text += """
[[categories.indicators]]
id = "plan"
number = "P1"
text = { en = "a plan" }
points = 0
role = "prerequisite"
checks = [{ kind = "assessed", label = { en = "a plan exists" } }]
"""
    standard = cs.loads_standard(text)
    community = cs.Community(id="c", name="n")
    judged = {"plan": cs.Judgement(points=Decimal(0))}
    card = cs.score(
        standard,
        cs.Evidence(community=community, facts={"gate": True, "guard": True}, judgements=judged),
    )
    assert card.indicator("plan").status is cs.IndicatorStatus.NOT_MET
    assert card.blocked_by == ("plan",)
    assert not card.passed
    met = {"plan": cs.Judgement(result=cs.JudgementResult.MET)}
    card = cs.score(
        standard,
        cs.Evidence(community=community, facts={"gate": True, "guard": True}, judgements=met),
    )
    assert card.passed


GATED = """
id = "gated"
version = "1"
title = {{ en = "Gated" }}
total_points = 10
pass_mark = 5
not_applicable = "{policy}"

[[facts]]
key = "a"
kind = "boolean"
description = {{ en = "a" }}

[[facts]]
key = "safe"
kind = "boolean"
description = {{ en = "no serious incident" }}

[[categories]]
id = "c"
title = {{ en = "c" }}
points = 10

[[categories.indicators]]
id = "gate"
number = "1"
text = {{ en = "no serious incident" }}
points = 0
role = "veto"
{allowed}checks = [{{ kind = "boolean", fact = "safe" }}]

[[categories.indicators]]
id = "scored"
number = "2"
text = {{ en = "a" }}
points = 10
checks = [{{ kind = "boolean", fact = "a" }}]
"""

CLAIM = {
    "standard": "gated@1",
    "community": {"id": "x", "name": "X"},
    "facts": {"a": True, "safe": False},
    "not_applicable": {"gate": "we had no incidents worth counting"},
}


@pytest.mark.parametrize("policy", ["zero", "rescale"])
def test_evidence_cannot_declare_a_gate_away_unless_the_standard_allows_it(policy: str) -> None:
    standard = cs.loads_standard(GATED.format(policy=policy, allowed=""))
    with pytest.raises(cs.EvidenceError) as caught:
        cs.evidence_from_dict(CLAIM, standard)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (
            "not_applicable.gate",
            "indicator 'gate' is a veto: evidence may claim it not applicable only where the "
            "standard allows it (not_applicable = true)",
        )
    ]
    # built in Python, the claim is not honoured: the veto fails and blocks
    evidence = cs.Evidence(
        community=cs.Community(id="x", name="X"),
        facts={"a": True, "safe": False},
        not_applicable={"gate": "no"},
    )
    card = cs.score(standard, evidence)
    assert card.indicator("gate").status is cs.IndicatorStatus.NOT_MET
    assert (card.passed, card.blocked_by) == (False, ("gate",))
    # allowed for that item, the claim holds
    allowed = cs.loads_standard(GATED.format(policy=policy, allowed="not_applicable = true\n"))
    card = cs.score(allowed, cs.evidence_from_dict(CLAIM, allowed))
    assert card.indicator("gate").status is cs.IndicatorStatus.NOT_APPLICABLE
    assert card.passed
