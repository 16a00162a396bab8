"""The explaining path: each indicator's checks compiled into one function from the nodes'
own lines, and a node's credit alone compiled from the same lines."""

from __future__ import annotations

import gc
import linecache
import traceback
from decimal import Decimal
from fractions import Fraction
from typing import Any

import community_standards as cs
from community_standards.scoring.evaluate import score_plan
from community_standards.scoring.explaining import explainer_source
from community_standards.scoring.plan import build_plan

T = cs.Text(zh="文", en="text")


def _standard(*checks: cs.Check, label: cs.Text = T, partial: Decimal | None = None) -> cs.Standard:
    facts = (
        cs.Fact(key="n0", kind=cs.FactKind.QUANTITY, description=label),
        cs.Fact(key="n1", kind=cs.FactKind.QUANTITY, description=label),
        cs.Fact(key="b0", kind=cs.FactKind.BOOLEAN, description=label),
    )
    indicator = cs.Indicator(
        id="i", number="1", text=label, points=Decimal(4), checks=checks, partial_credit=partial
    )
    return cs.Standard(
        id="t", version="1", title=T, total_points=Decimal(4), pass_mark=Decimal(0),
        categories=(cs.Category(id="c", title=T, points=Decimal(4), indicators=(indicator,)),),
        facts=facts,
    )  # fmt: skip


def _evidence(judgements: dict[str, cs.Judgement] | None = None, **facts: Any) -> cs.Evidence:
    return cs.Evidence(
        community=cs.Community(id="c", name="n"), facts=facts, judgements=judgements or {}
    )


def test_a_traceback_through_an_explainer_shows_its_line_and_the_entry_goes_with_it() -> None:
    plan = build_plan(_standard(cs.ThresholdCheck(fact="n0", minimum=cs.Limit(value=Fraction(1)))))
    item = plan.indicators[0]
    try:
        item.explain(_evidence(n0="not a number"))
    except AttributeError as exc:
        text = "".join(traceback.format_exception(exc))
    else:  # pragma: no cover
        raise AssertionError("a string has no numerator")
    assert "<explaining 'i' #" in text
    assert ".numerator" in text  # the generated line itself, read back from linecache
    filename = item.explainer.__code__.co_filename
    assert linecache.getline(filename, 1).startswith("def explain(S, E, RS, F, JG):")
    del plan, item
    gc.collect()
    assert filename not in linecache.cache


def test_no_text_of_the_standard_becomes_source() -> None:
    hostile = cs.Text(zh='"); import os; os.exit(1); ("', en="__import__('os').system('x')")
    standard = _standard(
        cs.BooleanCheck(fact="b0", label=hostile),
        cs.ThresholdCheck(fact="n0", minimum=cs.Limit(value=Fraction(1)), label=hostile),
        cs.AssessedCheck(label=hostile),
        label=hostile,
    )
    plan = build_plan(standard)
    source, _ = explainer_source(plan.indicators[0])
    assert "import os" not in source
    assert "__import__" not in source
    card = score_plan(plan, _evidence(b0=False, n0=Fraction(0)))
    [result] = card.indicators
    assert result.status is cs.IndicatorStatus.NOT_MET
    assert [r.kind for r in result.reasons] == ["not_met", "below_minimum", "awaiting_assessment"]
    assert result.reasons[0].data == (hostile,)


def test_every_check_is_read_and_gives_its_reason_in_the_standard_order() -> None:
    standard = _standard(
        cs.ThresholdCheck(fact="n0", minimum=cs.Limit(value=Fraction(2)), maximum=cs.Limit(value=Fraction(5))),
        cs.BooleanCheck(fact="b0"),
        cs.RatioCheck(numerator="n0", denominator="n1", minimum=cs.Limit(value=Fraction(1, 2))),
    )  # fmt: skip
    plan = build_plan(standard)
    [result] = score_plan(plan, _evidence(n0=Fraction(6), b0=None, n1=Fraction(-3))).indicators
    # 6 breaks the maximum; b0 is missing; 6 / -3 is read as the number -2 < 1/2
    assert [r.kind for r in result.reasons] == ["above_maximum", "missing", "below_minimum"]
    assert result.status is cs.IndicatorStatus.NOT_MET  # a check not met outweighs one missing
    assert result.reasons[2].data[1:3] == (-6, 3)  # the ratio's value as numerator, denominator
    [alone] = score_plan(plan, _evidence(n0=Fraction(3), n1=Fraction(1))).indicators
    assert alone.status is cs.IndicatorStatus.NOT_ASSESSED  # b0 missing, the others met
    assert [r.kind for r in alone.reasons] == ["missing"]


def test_a_negative_ratio_is_divided_as_a_number_in_the_explainer_and_alone() -> None:
    """−1 / −3 is 1/3: under a minimum of 1/2 it is not met (a lost sign test would make
    it −1 / 3 or read −1 ≥ −3 · 1/2 as met)."""
    ratio = cs.RatioCheck(numerator="n0", denominator="n1", minimum=cs.Limit(value=Fraction(1, 2)))
    plan = build_plan(_standard(ratio))
    evidence = _evidence(n0=Fraction(-1), n1=Fraction(-3))
    [result] = score_plan(plan, evidence).indicators
    assert result.status is cs.IndicatorStatus.NOT_MET
    assert result.reasons[0].data[1:3] == (1, 3)
    node = plan.indicators[0].checks[0]
    reasons: list[cs.Reason] = []
    assert node.credit(evidence.facts, plan.indicators[0].context(evidence), reasons) == 0
    assert reasons == list(result.reasons)
    [kept] = score_plan(plan, _evidence(n0=Fraction(-2), n1=Fraction(-3))).indicators
    assert kept.status is cs.IndicatorStatus.MET


def test_judgements_give_the_smallest_credit_of_the_checks() -> None:
    standard = _standard(
        cs.BooleanCheck(fact="b0"), cs.AssessedCheck(label=T), partial=Decimal("0.25")
    )
    plan = build_plan(standard)
    partly = cs.Judgement(result=cs.JudgementResult.PARTLY_MET)
    [result] = score_plan(plan, _evidence(b0=True, judgements={"i": partly})).indicators
    assert (result.status, result.awarded) == (cs.IndicatorStatus.PARTLY_MET, Fraction(1))
    points = cs.Judgement(result=cs.JudgementResult.PARTLY_MET, points=Decimal(3))
    [scored] = score_plan(plan, _evidence(b0=True, judgements={"i": points})).indicators
    assert scored.awarded == Fraction(3)
    [lost] = score_plan(plan, _evidence(b0=False, judgements={"i": partly})).indicators
    assert (lost.status, lost.awarded) == (cs.IndicatorStatus.NOT_MET, Fraction(0))
    assert [r.kind for r in lost.reasons] == ["not_met", "judged_partly_met"]
