"""Strict and inclusive bounds (大于 versus 不低于) and what a zero denominator means."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

import community_standards as cs
from community_standards.messages.checks import describe_check

S = cs.IndicatorStatus

STANDARD = """
id = "bounds"
version = "1"
title = {{ zh = "界限", en = "Bounds" }}
total_points = 40
pass_mark = 20
not_applicable = "{policy}"

[[facts]]
key = "rate"
kind = "quantity"
description = {{ zh = "破案率", en = "clearance rate" }}
minimum = 0
maximum = 1

[[facts]]
key = "cases"
kind = "count"
description = {{ zh = "发案数", en = "cases" }}
unit = "household"

[[facts]]
key = "registered"
kind = "count"
description = {{ zh = "已登记", en = "registered" }}
unit = "household"

[[categories]]
id = "c"
title = {{ en = "c" }}
points = 40

[[categories.indicators]]
id = "above"
number = "1"
text = {{ zh = "破案率大于85%", en = "clearance above 85 %" }}
points = 10
checks = [{{ kind = "threshold", fact = "rate", more_than = "85 %" }}]

[[categories.indicators]]
id = "at-least"
number = "2"
text = {{ zh = "破案率不低于85%", en = "clearance at least 85 %" }}
points = 10
checks = [{{ kind = "threshold", fact = "rate", minimum = "85 %" }}]

[[categories.indicators]]
id = "below"
number = "3"
text = {{ zh = "破案率低于95%", en = "clearance below 95 %" }}
points = 10
checks = [{{ kind = "threshold", fact = "rate", less_than = "95 %" }}]

[[categories.indicators]]
id = "share"
number = "4"
text = {{ zh = "登记备案率达100%", en = "every case registered" }}
points = 10
checks = [{{ kind = "ratio", numerator = "registered", denominator = "cases", minimum = "100 %", maximum = "100 %"{zero} }}]
"""


def standard(policy: str = "forbidden", zero: str = "") -> cs.Standard:
    return cs.loads_standard(STANDARD.format(policy=policy, zero=zero))


def card(found: cs.Standard, **facts: Any) -> cs.Scorecard:
    document = {
        "community": {"id": "c", "name": "n"},
        "facts": {"rate": "85 %", "cases": 12, "registered": 12, **facts},
    }
    return cs.score(found, cs.evidence_from_dict(document, found))


def test_more_than_excludes_the_limit_and_minimum_includes_it() -> None:
    at = card(standard())
    assert at.indicator("above").status is S.NOT_MET
    assert at.indicator("at-least").status is S.MET
    over = card(standard(), rate="85.01 %")
    assert over.indicator("above").status is S.MET
    under = card(standard(), rate="84.99 %")
    assert under.indicator("at-least").status is S.NOT_MET


def test_less_than_excludes_the_limit() -> None:
    assert card(standard(), rate="95 %").indicator("below").status is S.NOT_MET
    assert card(standard(), rate="94.9 %").indicator("below").status is S.MET


def test_reasons_use_the_sign_of_the_bound() -> None:
    [reason] = card(standard()).indicator("above").reasons
    assert reason.kind == "not_above"
    assert reason.en == "clearance rate 85 % ≤ 85 %"
    assert reason.zh == "破案率 85 %，未超过 85 %"
    [reason] = card(standard(), rate="95 %").indicator("below").reasons
    assert reason.en == "clearance rate 95 % ≥ 95 %"
    assert reason.zh == "破案率 95 %，不低于 95 %"
    [reason] = card(standard(), rate="80 %").indicator("at-least").reasons
    assert reason.en == "clearance rate 80 % < 85 %"


def test_a_ratio_of_13_to_12_is_not_100_percent() -> None:
    found = card(standard(), registered=13).indicator("share")
    assert found.status is S.NOT_MET
    assert found.reasons[0].en == "registered per cases ≈108.33 % > 100 %"
    assert card(standard()).indicator("share").status is S.MET


@pytest.mark.parametrize(
    ("zero", "policy", "status"),
    [
        ("", "forbidden", S.NOT_MET),
        (', when_zero = "not_met"', "forbidden", S.NOT_MET),
        (', when_zero = "met"', "forbidden", S.MET),
        (', when_zero = "not_applicable"', "zero", S.NOT_APPLICABLE),
    ],
)
def test_a_zero_denominator_means_what_the_standard_says(
    zero: str, policy: str, status: cs.IndicatorStatus
) -> None:
    found = card(standard(policy, zero), cases=0, registered=0)
    result = found.indicator("share")
    assert result.status is status
    if status is S.NOT_MET:
        assert result.reasons[0].en == "cases is 0: there is no ratio, read as not met"
        assert result.reasons[0].zh == "cases 为 0，无法计算比例，按未达到计"
    if status is S.NOT_APPLICABLE:
        assert result.reasons[0].en == "not applicable: cases = 0"
        assert found.total == 20  # "above" is not met at 85 %; "share" counts as zero


def test_validation_of_bounds_names_the_paths() -> None:
    text = STANDARD.format(policy="forbidden", zero="")
    both = text.replace('more_than = "85 %"', 'minimum = "80 %", more_than = "85 %"')
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(both)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (
            "categories[0].indicators[0].checks[0].more_than",
            "minimum and more_than are two bounds on one side; keep one",
        )
    ]
    empty = text.replace('more_than = "85 %"', 'more_than = "85 %", less_than = "85 %"')
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(empty)
    assert [p.path for p in caught.value.problems] == [
        "categories[0].indicators[0].checks[0].less_than"
    ]
    assert "no value meets more_than 0.85 and less_than 0.85" in str(caught.value)
    wrong = text.replace('more_than = "85 %"', 'more_than = "85 hour"')
    with pytest.raises(cs.StandardError) as caught:
        cs.loads_standard(wrong)
    assert caught.value.problems[0].path == "categories[0].indicators[0].checks[0].more_than"


def test_not_applicable_on_zero_needs_a_policy_that_allows_it() -> None:
    with pytest.raises(cs.StandardError) as caught:
        standard("forbidden", ', when_zero = "not_applicable"')
    [problem] = caught.value.problems
    assert problem.path == "categories[0].indicators[3].checks[0].when_zero"


def test_strict_bounds_round_trip_and_show_in_words() -> None:
    found = standard("zero", ', when_zero = "met"')
    assert cs.loads_standard(cs.dumps_standard(found)) == found
    facts = {fact.key: fact for fact in found.facts}
    checks = [indicator.checks[0] for _, indicator in found.indicators()]
    assert describe_check(checks[0], facts, "zh") == "破案率大于 85 %（rate）"
    assert describe_check(checks[0], facts, "en") == "clearance rate more than 85 % (rate)"
    assert describe_check(checks[2], facts, "en") == "clearance rate less than 95 % (rate)"
    assert describe_check(checks[3], facts, "en").endswith("(met when the denominator is 0)")
    assert describe_check(checks[3], facts, "zh").endswith("（分母为 0 时视为达到）")


def test_a_standard_without_strict_bounds_dumps_as_before() -> None:
    text = cs.dumps_standard(standard())
    assert "more_than" in text
    plain = cs.dumps_standard(cs.load_standard("docs/reference/example-standard.toml"))
    assert "more_than" not in plain
    assert "less_than" not in plain
    assert "when_zero" not in plain


def test_diff_reads_minimum_to_more_than_as_tightened() -> None:
    old = standard()
    new = cs.loads_standard(
        STANDARD.format(policy="forbidden", zero="").replace(
            'minimum = "85 %" }]', 'more_than = "85 %" }]'
        )
    )
    changes = cs.diff(old, new)
    assert [c.kind for c in changes] == [cs.ChangeKind.CHECK_TIGHTENED]
    assert [c.kind for c in cs.diff(new, old)] == [cs.ChangeKind.CHECK_LOOSENED]
    zero = standard("forbidden", ', when_zero = "met"')
    assert [c.kind for c in cs.diff(old, zero)] == [cs.ChangeKind.CHECK_CHANGED]


def test_the_fast_path_and_the_evaluator_agree_on_strict_bounds() -> None:
    from community_standards.scoring.evaluate import score_plan
    from community_standards.scoring.plan import build_plan

    plan = build_plan(standard())
    for rate in (Fraction(84, 100), Fraction(85, 100), Fraction(86, 100), Fraction(95, 100)):
        evidence = cs.Evidence(
            community=cs.Community(id="c", name="n"),
            facts={"rate": rate, "cases": 12, "registered": 12},
        )
        assert score_plan(plan, evidence) == score_plan(plan, evidence, explain_all=True)


def _tianjin_facts(tianjin: cs.Standard) -> dict[str, cs.FactValue]:
    from strategies import full_marks_facts

    return dict(full_marks_facts(tianjin))


@pytest.mark.parametrize(
    ("denominator", "indicator", "status"),
    [
        ("grid_workers", "grid-management", S.NOT_MET),
        ("community_workers", "workforce-structure", S.NOT_MET),
        ("affected_households", "consultation-coverage", S.MET),
        ("residents_representatives", "appraisal-participation", S.NOT_MET),
    ],
)
def test_tianjin_reads_zero_denominators_as_its_notes_say(
    tianjin: cs.Standard, denominator: str, indicator: str, status: cs.IndicatorStatus
) -> None:
    facts = _tianjin_facts(tianjin)
    facts[denominator] = 0
    numerators = {
        c.numerator
        for _, i in tianjin.indicators()
        for c in i.checks
        if isinstance(c, cs.RatioCheck) and c.denominator == denominator
    }
    facts.update(dict.fromkeys(numerators, 0))
    evidence = cs.Evidence(community=cs.Community(id="c", name="n"), facts=facts)
    result = cs.score(tianjin, evidence).indicator(indicator)
    assert result.status is status, result


def test_tianjin_item_58_does_not_accept_13_registered_of_12(tianjin: cs.Standard) -> None:
    facts = _tianjin_facts(tianjin)
    facts.update(community_social_orgs=12, registered_or_filed_social_orgs=13)
    evidence = cs.Evidence(community=cs.Community(id="c", name="n"), facts=facts)
    result = cs.score(tianjin, evidence).indicator("community-social-organizations")
    assert result.status is S.NOT_MET
    assert "> 100 %" in result.reasons[0].en
    facts.update(registered_or_filed_social_orgs=12)
    judged = {"community-social-organizations": cs.Judgement(result=cs.JudgementResult.MET)}
    evidence = cs.Evidence(community=cs.Community(id="c", name="n"), facts=facts, judgements=judged)
    assert cs.score(tianjin, evidence).indicator("community-social-organizations").status is S.MET


ZERO_IN_ANY_OF = """
id = "zero-in-any-of"
version = "1"
title = { en = "A ratio read as not applicable beside another way to meet an item" }
total_points = 1
pass_mark = 0
not_applicable = "zero"

[[facts]]
key = "ok"
kind = "boolean"
description = { en = "a ledger is kept" }

[[facts]]
key = "served"
kind = "count"
description = { en = "matters served" }

[[facts]]
key = "matters"
kind = "count"
description = { en = "matters" }

[[categories]]
id = "c"
title = { en = "c" }
points = 1

[[categories.indicators]]
id = "either"
number = "1"
text = { en = "A ledger, or half the matters served" }
points = 1
checks = [{ kind = "any_of", checks = [
  { kind = "boolean", fact = "ok" },
  { kind = "ratio", numerator = "served", denominator = "matters", minimum = 0.5,
    when_zero = "not_applicable" },
] }]
"""


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ({"ok": True, "served": 1, "matters": 0}, S.NOT_APPLICABLE),
        ({"ok": False, "served": 1, "matters": 0}, S.NOT_APPLICABLE),
        ({"ok": True, "served": 1, "matters": 1}, S.MET),
        ({"ok": True, "matters": 0}, S.MET),
    ],
)
def test_a_zero_denominator_read_as_not_applicable_decides_inside_any_of(
    facts: dict[str, Any], status: S
) -> None:
    # the docs: a ratio over a zero denominator read as "not applicable" makes the
    # indicator not applicable wherever it stands, an any_of met another way included
    from community_standards.scoring.evaluate import compile_standard, score_plan

    found = cs.loads_standard(ZERO_IN_ANY_OF)
    given = cs.evidence_from_dict({"community": {"id": "c", "name": "n"}, "facts": facts}, found)
    [fast] = cs.score(found, given).indicators
    [slow] = score_plan(compile_standard(found), given, explain_all=True).indicators
    assert (fast.status, slow.status) == (status, status)
