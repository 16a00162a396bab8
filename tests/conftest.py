"""Shared test configuration: hypothesis profiles and common fixtures.

Profiles: ``ci`` (fast and derandomised: the same examples every run, the default),
``random`` (as fast, but new examples each run, and the failures found are kept in the
example database under ``.hypothesis/`` and tried first next time), ``dev`` and
``thorough`` (thousands of examples), chosen with the ``HYPOTHESIS_PROFILE`` environment
variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

import community_standards as cs

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "random",
    max_examples=40,
    deadline=None,
    derandomize=False,
    database=DirectoryBasedExampleDatabase(Path(__file__).resolve().parent.parent / ".hypothesis"),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.register_profile(
    "thorough", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = ROOT.parent / "shared" / "seeds" / "000_54bed9722306b65d.txt"


@pytest.fixture(scope="session")
def tianjin() -> cs.Standard:
    """The bundled Tianjin 2017 standard."""
    return cs.Registry(plugins=False, environment=False).get("tianjin-beautiful-community@2017")


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the library's defaults, whatever language the machine running them uses."""
    for name in ("COMMUNITY_STANDARDS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
