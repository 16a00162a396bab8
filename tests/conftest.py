"""Shared test configuration: hypothesis profiles and common fixtures.

Profiles: ``ci`` (fast and derandomised: the same examples every run, the default),
``random`` (as fast, but new examples each run, and the failures found are kept in the
example database under ``.hypothesis/`` and tried first next time), ``dev`` and
``thorough`` (thousands of examples), chosen with the ``HYPOTHESIS_PROFILE`` environment
variable.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
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


@contextlib.contextmanager
def writing_the_way(way: str) -> Iterator[None]:
    """Within: files are written the ``way`` named, ``"unnamed"`` (the Linux ``O_TMPFILE``
    way, where the system has it) or ``"portable"`` (a system without ``O_TMPFILE``)."""
    saved = getattr(os, "O_TMPFILE", None)
    if way == "portable" and saved is not None:
        delattr(os, "O_TMPFILE")
    try:
        yield
    finally:
        if saved is not None:
            setattr(os, "O_TMPFILE", saved)  # noqa: B010 - a final name for mypy


WAYS = ["unnamed", "portable"] if hasattr(os, "O_TMPFILE") else ["portable"]


@pytest.fixture(params=WAYS)
def write_way(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each test of writing twice: the temporary file without a name, and the portable way."""
    with writing_the_way(str(request.param)):
        yield str(request.param)


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the library's defaults, whatever language the machine running them uses."""
    for name in ("COMMUNITY_STANDARDS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
