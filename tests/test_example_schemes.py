"""The real-shaped schemes of ``examples/standards/``: each scored on its three evidence
files, with the totals, tiers and verdicts worked out by hand from the scheme's rules (the
working is in the comments), never taken from the library's output."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import attrs
import pytest

import community_standards as cs

FOLDER = Path(__file__).resolve().parent.parent / "examples" / "standards"
EVIDENCE = FOLDER / "evidence"


def scheme(name: str) -> cs.Standard:
    return cs.load_standard(FOLDER / name)


def card(standard: cs.Standard, name: str) -> cs.Scorecard:
    return cs.score(standard, cs.load_evidence(EVIDENCE / name, standard))


# ---------------------------------------------------------------- LEED v4 BD+C


@pytest.fixture(scope="module")
def leed() -> cs.Standard:
    return scheme("leed_v4_bdc_nc.toml")


def test_leed_gold(leed: cs.Standard) -> None:
    result = card(leed, "leed-gold.toml")
    # IP 1; LT 1+0+3+3+1+1+0 = 9; SS 1+1+1+2+2+1 = 8; WE 2+4+1+1 = 8;
    # EA 3+10+1+0+1+1+2 = 18; MR 3+1+1+1+2 = 8; EQ 2+2+1+1+1+1+2+1+0 = 11
    # base 1+9+8+8+18+8+11 = 63, innovation 4+1 = 5 on top: 68, Gold (60-79)
    assert result.total == 68
    assert result.passed
    assert result.tier == "gold"
    assert result.blocked_by == ()


def test_leed_a_missed_prerequisite_denies_certification(leed: cs.Standard) -> None:
    result = card(leed, "leed-prerequisite-missed.toml")
    # the same 68 points as the Gold building, but EAp2 (Minimum Energy Performance)
    # not met: no certification at any level
    assert result.total == 68
    assert not result.passed
    assert result.tier is None
    assert result.blocked_by == ("EAp2",)


def test_leed_silver_at_its_bottom(leed: cs.Standard) -> None:
    result = card(leed, "leed-silver-exactly.toml")
    # IP 0; LT 1+2+2+2+1+0+0 = 8; SS 1+1+0+1+1+0 = 4; WE 1+2+0+1 = 4;
    # EA 2+13+0+0+1+1+0 = 17; MR 2+1+1+0+1 = 5; EQ 1+2+1+1+1+1+1+1+0 = 9
    # base 8+4+4+17+5+9 = 47, innovation 2+1 = 3: exactly 50, Silver (50-59)
    assert result.total == 50
    assert result.passed
    assert result.tier == "silver"


def test_leed_points_are_whole(leed: cs.Standard) -> None:
    evidence = cs.load_evidence(EVIDENCE / "leed-gold.toml", leed)
    document = cs.read_evidence_document(EVIDENCE / "leed-gold.toml")
    document["judgements"]["EAc2"] = {"points": Fraction(21, 2)}
    with pytest.raises(cs.CommunityStandardsError, match="EAc2"):
        cs.evidence_from_dict(document, leed)
    assert evidence.judgements["EAc2"].points == 10


# ---------------------------------------------------------------- 平安社区


@pytest.fixture(scope="module")
def pingan() -> cs.Standard:
    return scheme("pingan_community.toml")


def test_pingan_clean_community(pingan: cs.Standard) -> None:
    result = card(pingan, "pingan-clean.toml")
    # item 2: no incident, 15 of 15; 4.1: 4 / 2000 = 0.2 %, at the limit of 不超过 0.2 %:
    # kept, 5; 4.2: no drug users, the ratio 0/0 read as kept, 5. 15 + 5 + 5 = 25 >= 22.5
    assert result.total == 25
    assert result.passed
    assert result.indicator("new-drug-users").awarded == 5


def test_pingan_deductions_by_incidents(pingan: cs.Standard) -> None:
    result = card(pingan, "pingan-deductions.toml")
    # item 2: a solved vicious case 3, an ordinary fire 1, two gangs 2 x 3 = 6 but at
    # most 3: 15 - (3 + 1 + 3) = 8; 4.1: 0.2 %, kept, 5; 4.2: 3 / 15 = 20 %, at the
    # limit, kept, 5. 8 + 5 + 5 = 18 < 22.5: fails
    assert result.indicator("public-order").awarded == 8
    assert result.total == 18
    assert not result.passed


def test_pingan_a_veto_denies_the_title_whatever_the_points(pingan: cs.Standard) -> None:
    result = card(pingan, "pingan-veto.toml")
    # 15 + 5 (1 / 2400 is below 0.2 %) + 5 (0 / 3) = 25, but the major fire vetoes it
    assert result.total == 25
    assert not result.passed
    assert result.blocked_by == ("no-major-fire",)


def test_pingan_just_above_a_limit_is_not_kept(pingan: cs.Standard) -> None:
    evidence = cs.load_evidence(EVIDENCE / "pingan-clean.toml", pingan)
    facts = dict(evidence.facts) | {"new_drug_users": 5}  # 5 / 2000 = 0.25 % > 0.2 %
    result = cs.score(pingan, attrs.evolve(evidence, facts=facts))
    assert result.indicator("new-drug-users").awarded == 0
    assert result.total == 20  # 25 - 5


# ---------------------------------------------------------------- BREEAM Communities


@pytest.fixture(scope="module")
def breeam() -> cs.Standard:
    return scheme("breeam_communities_2012.toml")


def test_breeam_weights_in_per_cent(breeam: cs.Standard) -> None:
    result = card(breeam, "breeam-very-good.toml")
    # a category adds its weight times the share of its credits:
    #   GO 9.3 x 7/9 = 217/30; SE 42.7 x 29/42 = 1769/60; RE 21.6 x 16/30 = 288/25;
    #   LE 14.7 x 6/10 = 441/50; TM 11.7 x 7/9 = 91/10
    # over 300: 2170 + 8845 + 3456 + 2646 + 2730 = 19847, so 19847/300 = 66.1566...
    # Very good (55 to below 70)
    assert result.total == Fraction(19847, 300)
    assert result.passed
    assert result.tier == "very-good"


def test_breeam_a_minimum_standard_missed_is_unclassified(breeam: cs.Standard) -> None:
    result = card(breeam, "breeam-minimum-standard-missed.toml")
    # the same credits, 19847/300, but RE 01's minimum standard not met: no rating
    assert result.total == Fraction(19847, 300)
    assert not result.passed
    assert result.tier is None
    assert result.blocked_by == ("RE01-M",)


def test_breeam_excellent_at_exactly_seventy(breeam: cs.Standard) -> None:
    result = card(breeam, "breeam-excellent-exactly.toml")
    # GO 9/9 -> 9.3; SE 42/42 -> 42.7; RE 21.6 x 6/30 = 4.32; LE 14.7 x 4/10 = 5.88;
    # TM 11.7 x 6/9 = 7.8. 9.3 + 42.7 + 4.32 + 5.88 + 7.8 = 70 exactly: Excellent
    assert result.total == 70
    assert result.tier == "excellent"
