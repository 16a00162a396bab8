"""The bundled Tianjin 2017 standard against its source document (津民发〔2017〕18号, Annex 1)."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

import community_standards as cs
from community_standards.model.standard import AssessedCheck, BooleanCheck, Check, RatioCheck

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_54bed9722306b65d.txt"

# The item points exactly as printed in Annex 1, items 1 to 60.
PRINTED_POINTS = [
    "2", "3", "2.5", "2", "2", "3", "1.5", "2",  # 居民自治规范化 (8 items)
    "1.5", "2", "1.5", "1", "1.5", "1.5", "1", "1.5", "1", "1.5", "1", "1", "1",  # 管理手段科学化 (13)
    "1.5", "1", "1", "1", "1", "2", "1.5", "1", "1.5", "1", "1", "1.5", "1.5", "1", "1", "1.5",  # 办事服务便捷化 (16)
    "3", "3", "2", "2.5", "2.5", "2.5", "2.5", "2",  # 人文环境宜居化 (8)
    "2", "2", "1.5", "1.5", "1.5", "1.5", "2",  # 生活方式文明化 (7)
    "1.5", "2", "2", "1.5", "1.5", "1.5", "1.5", "1.5",  # 群众参与广泛化 (8)
]  # fmt: skip
CATEGORIES = [
    ("居民自治规范化", 8, 18),
    ("管理手段科学化", 13, 17),
    ("办事服务便捷化", 16, 20),
    ("人文环境宜居化", 8, 20),
    ("生活方式文明化", 7, 12),
    ("群众参与广泛化", 8, 13),
]

# Every number in the items that carry numbers, as exact limits in the facts' units.
NUMERIC_LIMITS: dict[str, set[Fraction]] = {
    "2": {Fraction(1)},  # 每半年至少召开1次
    "6": {Fraction(1), Fraction(4, 5)},  # 每年至少1次; 满意率不低于80%
    "7": {Fraction(1)},  # 每季度公开一次
    "10": {Fraction(300), Fraction(500)},  # 每300-500户配有1名网格员
    "14": {Fraction(4, 5), Fraction(2)},  # 大专以上学历不低于80%; 至少有2名专业社会工作者
    "15": {Fraction(56), Fraction(40)},  # 56学时; 40学时
    "16": {Fraction(4, 5)},
    "19": {Fraction(1)},
    "20": {Fraction(1)},
    "28": {Fraction(1), Fraction(2)},  # 1-2个 organisations and projects
    "36": {Fraction(1, 10), Fraction(5)},  # 10%; 不少于5支
    "37": {Fraction(4, 5)},
    "50": {Fraction(1, 1000), Fraction(1), Fraction(4), Fraction(2)},
    "55": {Fraction(50)},
    "56": {Fraction(2, 3)},
    "57": {Fraction(9, 10)},
    "58": {Fraction(10), Fraction(1)},  # 不少于10个; 登记备案率达100%
}


def _limits(standard: cs.Standard, indicator: cs.Indicator) -> set[Fraction]:
    from community_standards.model.measures import limit_in, ratio_unit

    facts = {fact.key: fact for fact in standard.facts}
    found: set[Fraction] = set()

    def walk(check: Check) -> None:
        if isinstance(check, cs.AllOf | cs.AnyOf):
            for inner in check.checks:
                walk(inner)
            return
        if isinstance(check, BooleanCheck | AssessedCheck):
            return
        if isinstance(check, RatioCheck):
            unit = ratio_unit(facts[check.numerator], facts[check.denominator])
        else:
            unit = facts[check.fact].unit
        for limit in (check.minimum, check.maximum):
            if limit is not None:
                found.add(limit_in(limit, unit))

    for check in indicator.checks:
        walk(check)
    return found


def test_identity(tianjin: cs.Standard) -> None:
    assert tianjin.id == "tianjin-beautiful-community"
    assert tianjin.version == "2017"
    assert tianjin.document_number == "津民发〔2017〕18号"
    assert tianjin.issued is not None
    assert tianjin.issued.isoformat() == "2017-03-17"
    assert tianjin.title.zh == "美丽社区创建指标体系"
    assert tianjin.title.en
    assert tianjin.status is cs.Status.ACTIVE


def test_sixty_indicators_numbered_as_printed(tianjin: cs.Standard) -> None:
    indicators = [indicator for _, indicator in tianjin.indicators()]
    assert len(indicators) == 60
    assert [i.number for i in indicators] == [str(n) for n in range(1, 61)]
    assert len({i.id for i in indicators}) == 60
    assert all(not i.id[0].isdigit() for i in indicators), "ids are stable names, not numbers"


def test_points_exactly_as_printed(tianjin: cs.Standard) -> None:
    points = [indicator.points for _, indicator in tianjin.indicators()]
    assert points == [Decimal(p) for p in PRINTED_POINTS]


def test_categories_and_totals(tianjin: cs.Standard) -> None:
    assert [(c.title.zh, len(c.indicators), c.points) for c in tianjin.categories] == [
        (title, count, Decimal(points)) for title, count, points in CATEGORIES
    ]
    for category in tianjin.categories:
        assert sum(i.points for i in category.indicators) == category.points
    assert tianjin.total_points == 100
    assert sum(c.points for c in tianjin.categories) == 100
    assert tianjin.pass_mark == 80


def test_every_indicator_bilingual_and_checked(tianjin: cs.Standard) -> None:
    for _, indicator in tianjin.indicators():
        assert indicator.text.zh, indicator.id
        assert indicator.text.en, indicator.id
        assert indicator.checks, indicator.id
        assert indicator.departments, indicator.id


@pytest.mark.parametrize("number", list(NUMERIC_LIMITS))
def test_every_number_is_a_machine_check(tianjin: cs.Standard, number: str) -> None:
    indicator = next(i for _, i in tianjin.indicators() if i.number == number)
    assert _limits(tianjin, indicator) == NUMERIC_LIMITS[number]


def test_items_without_numbers_have_no_numeric_checks(tianjin: cs.Standard) -> None:
    for _, indicator in tianjin.indicators():
        if indicator.number not in NUMERIC_LIMITS:
            assert _limits(tianjin, indicator) == set(), indicator.number


def test_class_period_is_its_own_unit(tianjin: cs.Standard) -> None:
    units = {fact.key: fact.unit for fact in tianjin.facts}
    assert units["leader_training"] == "class_period"
    assert units["other_worker_training"] == "class_period"


@pytest.mark.parametrize("number", ["10", "15", "22"])
def test_interpretations_are_explained(tianjin: cs.Standard, number: str) -> None:
    indicator = next(i for _, i in tianjin.indicators() if i.number == number)
    assert indicator.note is not None
    assert indicator.note.zh
    assert indicator.note.en


def test_departments_of_annex_2(tianjin: cs.Standard) -> None:
    names = [d.name.zh for d in tianjin.departments]
    assert names == [
        "市民政局", "市委组织部", "市综治办", "市公安局", "市司法局",
        "市财政局", "市国土房管局", "市市容园林委", "市综合执法局",
    ]  # fmt: skip
    assert all(d.duties is not None and d.duties.zh and d.duties.en for d in tianjin.departments)


def _annex_1(text: str) -> str:
    start = text.index("附件1")
    end = text.index("附件2", start + 10)
    return text[start:end]


@pytest.mark.skipif(not SEED.exists(), reason="the source document is not beside the repository")
def test_texts_and_points_match_the_source(tianjin: cs.Standard) -> None:
    annex = _annex_1(SEED.read_text(encoding="utf-8"))
    # item texts: "（n）text" up to the end of the line; item 43 is broken over two lines
    joined = re.sub(r"无垃圾堆放\s+等现象", "无垃圾堆放等现象", annex)
    items = dict(re.findall(r"（(\d+)）(.+)", joined))
    assert len(items) == 60
    for _, indicator in tianjin.indicators():
        assert items[indicator.number].strip() == indicator.text.zh, indicator.number
    # the points: the first number after each item's text (category totals come after it)
    lines = [line.strip() for line in joined.splitlines() if line.strip()]
    printed = []
    for index, line in enumerate(lines):
        if re.match(r"（\d+）\S", line):
            printed.append(next(x for x in lines[index + 1 :] if re.fullmatch(r"\d+(\.\d+)?", x)))
    assert printed == PRINTED_POINTS
    assert [i.points for _, i in tianjin.indicators()] == [Decimal(p) for p in printed]
    assert "总分值100分。累计得分在80分以上的为美丽社区" in SEED.read_text(encoding="utf-8")
