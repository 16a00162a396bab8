"""The library's sentences come from its catalogue, not from Chinese and English written
side by side in the code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import community_standards

SOURCE = Path(community_standards.__file__).parent
#: The model defines Text itself; everything above it takes its sentences from the catalogue.
MODULES = sorted(
    path for path in SOURCE.rglob("*.py") if "model" not in path.relative_to(SOURCE).parts
)
_CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _inline_texts(tree: ast.AST) -> list[int]:
    """The lines of ``Text(zh=...)`` calls whose Chinese is written in the code."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name != "Text":
            continue
        for keyword in node.keywords:
            value = keyword.value
            if keyword.arg != "zh":
                continue
            if isinstance(value, ast.JoinedStr) or (
                isinstance(value, ast.Constant)
                and isinstance(value.value, str)
                and _CHINESE.search(value.value)
            ):
                lines.append(node.lineno)
    return lines


def test_the_scan_finds_an_inline_sentence() -> None:
    tree = ast.parse('x = Text(zh=f"{a}（平均）", en=f"{a} (on average)")\ny = Text(zh="分类")')
    assert _inline_texts(tree) == [1, 2]
    assert _inline_texts(ast.parse("z = Text(zh=group.id, en=group.id)")) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_no_sentence_is_written_inline(path: Path) -> None:
    found = _inline_texts(ast.parse(path.read_text(encoding="utf-8")))
    assert found == [], f"{path.name}: Text(zh=...) written in the code at lines {found}"
