"""A plugin package really installed: the registry finds its standard through the entry point.

The example plugin (``examples/plugin``) is built and installed with pip into a temporary
folder, which is put on ``sys.path``; ``importlib.metadata`` then finds its dist-info
and entry point just as for a package installed in site-packages.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import community_standards as cs
from community_standards.cli import main
from community_standards.formats.io import read_document
from community_standards.versions.registry import _plugin_entries

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "examples" / "plugin"
EVIDENCE = PLUGIN / "evidence" / "example_community.toml"
DISTRIBUTION = "community-standards-safe-community-example"
ORIGIN = f"plugin safe-community-example ({DISTRIBUTION})"


def _builds_without_isolation() -> bool:
    """Whether the installed setuptools can build a wheel by itself (no download needed)."""
    version = tuple(int(part) for part in importlib.metadata.version("setuptools").split(".")[:2])
    return version >= (70, 1) or importlib.util.find_spec("wheel") is not None


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("plugin")
    source = work / "source"  # a copy, so that the build leaves nothing in the repository
    shutil.copytree(
        PLUGIN, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
    )
    target = work / "site-packages"
    command = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-input", "--quiet"]
    command += ["--disable-pip-version-check", "--target", str(target)]
    if _builds_without_isolation():
        command.append("--no-build-isolation")
    result = subprocess.run(
        [*command, str(source)], capture_output=True, text=True, check=False, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(target))
    importlib.invalidate_caches()
    _plugin_entries.cache_clear()
    try:
        yield target
    finally:
        sys.path.remove(str(target))
        for name in [
            name for name in sys.modules if name.partition(".")[0] == "safe_community_example"
        ]:
            del sys.modules[name]
        importlib.invalidate_caches()
        _plugin_entries.cache_clear()


def evidence(**facts: Any) -> dict[str, Any]:
    document = read_document(EVIDENCE, cs.EvidenceError)
    document["facts"] = {**document["facts"], **facts}
    return document


def test_the_distribution_declares_the_entry_point(installed: Path) -> None:
    points = importlib.metadata.entry_points(group=cs.ENTRY_POINT_GROUP)
    [point] = [p for p in points if p.name == "safe-community-example"]
    assert point.value == "safe_community_example.standards"
    assert point.dist is not None
    assert point.dist.name == DISTRIBUTION
    assert (
        installed / "safe_community_example" / "standards" / "safe_community_2024.toml"
    ).is_file()


def test_the_registry_lists_the_plugin_standard(installed: Path) -> None:
    entries = {entry.ref: entry for entry in cs.Registry(environment=False).entries()}
    entry = entries["example-safe-community@2024"]
    assert entry.origin == ORIGIN
    assert entry.location == f"{DISTRIBUTION}:safe_community_2024.toml"
    assert entry.status is cs.Status.ACTIVE
    assert "example-safe-community@2024" not in {
        e.ref for e in cs.Registry(plugins=False, environment=False).entries()
    }


def test_scoring_against_the_plugin_standard(installed: Path) -> None:
    standard = cs.Registry(environment=False).get("example-safe-community")
    assert [tier.minimum for tier in standard.tiers] == [60, 75, 90]
    card = cs.score(standard, cs.evidence_from_dict(evidence(), standard))
    assert card.total == Fraction(640, 9)  # 64 of the 90 applicable points, rescaled to 100
    assert card.denominator == 90
    assert card.passed
    assert card.tier == "qualified"
    assert card.blocked_by == ()
    awarded = {result.id: (int(result.awarded), result.status) for result in card.indicators}
    assert all(result.awarded.denominator == 1 for result in card.indicators)
    assert awarded == {
        "safety-group": (0, cs.IndicatorStatus.MET),
        "patrol-team": (5, cs.IndicatorStatus.PARTLY_MET),
        "safety-training": (0, cs.IndicatorStatus.NOT_MET),
        "cctv-coverage": (15, cs.IndicatorStatus.MET),
        "fire-safety": (9, cs.IndicatorStatus.PARTLY_MET),
        "garage-fire-equipment": (0, cs.IndicatorStatus.NOT_APPLICABLE),
        "mediation": (5, cs.IndicatorStatus.PARTLY_MET),
        "no-major-accident": (0, cs.IndicatorStatus.MET),
        "resident-safety": (15, cs.IndicatorStatus.MET),
        "safety-publicity": (15, cs.IndicatorStatus.MET),
    }


def test_veto_and_prerequisite(installed: Path) -> None:
    standard = cs.Registry(environment=False).get("example-safe-community@2024")
    vetoed = cs.score(
        standard, cs.evidence_from_dict(evidence(major_safety_accident=True), standard)
    )
    assert (vetoed.total, vetoed.passed, vetoed.tier, vetoed.blocked_by) == (
        Fraction(640, 9),
        False,
        None,
        ("no-major-accident",),
    )
    unprepared = cs.score(
        standard, cs.evidence_from_dict(evidence(safety_group_established=False), standard)
    )
    assert (unprepared.passed, unprepared.blocked_by) == (False, ("safety-group",))
    garage = cs.score(
        standard,
        cs.evidence_from_dict(
            evidence(has_underground_garage=True, garage_fire_equipment_complete=True), standard
        ),
    )
    assert (garage.total, garage.denominator, garage.tier) == (
        Fraction(74),
        Fraction(100),
        "qualified",
    )


def test_the_command_line_finds_the_plugin(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list"]) == 0
    assert "example-safe-community" in capsys.readouterr().out
    assert main(["score", str(EVIDENCE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["standard"]["id"], data["total"], data["passed"], data["tier"]) == (
        "example-safe-community",
        "640/9",
        True,
        "qualified",
    )


def test_a_derived_standard_can_extend_a_plugin_standard(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "district.toml").write_text(
        'extends = "example-safe-community@2024"\nid = "district-safe"\nversion = "1"\npass_mark = 75\n',
        encoding="utf-8",
    )
    standard = cs.Registry([tmp_path], environment=False).get("district-safe")
    card = cs.score(standard, cs.evidence_from_dict(evidence(), standard))
    # the pass mark raised above the "qualified" tier: a failing community is not qualified
    assert (card.total, card.passed, card.tier) == (Fraction(640, 9), False, None)
    with pytest.raises(cs.ResolutionError, match="no standard with id 'example-safe-community'"):
        cs.Registry([tmp_path], plugins=False, environment=False).get("district-safe")
