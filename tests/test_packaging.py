"""The distributions carry the bundled data, and the library reads it from a zip too."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


#: What a copy of the checkout leaves out: environments, caches and earlier builds.
_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", "_build", ".*_cache",
    ".hypothesis",
)  # fmt: skip


def _entries(folder: Path) -> dict[str, int]:
    return {entry.name: entry.stat().st_mtime_ns for entry in folder.iterdir()}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and wheel, built from a copy of the checkout in a temporary folder."""
    pytest.importorskip("build")
    out = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("source") / "community-standards"
    shutil.copytree(ROOT, source, ignore=_NOT_COPIED)
    before = _entries(ROOT), _entries(ROOT / "src")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--no-isolation",
            "--sdist",
            "--wheel",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    # the build writes its build/ and egg-info in the copy, never in the checkout
    assert (_entries(ROOT), _entries(ROOT / "src")) == before
    return out


def test_wheel_contains_the_data_and_types(dist: Path) -> None:
    [wheel] = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "community_standards/standards/tianjin_2017.toml" in names
    assert "community_standards/py.typed" in names
    assert "community_standards/schemas/standard.schema.json" in names
    assert "community_standards/schemas/evidence.schema.json" in names
    assert "community_standards/locale/zh/LC_MESSAGES/community_standards.mo" in names
    assert not any(name.startswith("tests/") for name in names)
    data = zipfile.ZipFile(wheel).read("community_standards/standards/tianjin_2017.toml")
    assert data == (ROOT / "standards" / "tianjin_2017.toml").read_bytes()
    metadata = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith("entry_points.txt")))
        .decode()
    )
    assert "community-standards = community_standards.cli:main" in metadata


def test_sdist_contains_the_source_data(dist: Path) -> None:
    [sdist] = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert any(name.endswith("/standards/tianjin_2017.toml") for name in names)
    assert any(name.endswith("/src/community_standards/py.typed") for name in names)


def test_zipped_install_reads_the_bundled_standard(dist: Path) -> None:
    [wheel] = dist.glob("*.whl")
    code = (
        "import community_standards as cs;"
        "assert '.whl' in cs.__file__, cs.__file__;"
        "s = cs.Registry(plugins=False, environment=False).get('tianjin-beautiful-community');"
        "from community_standards.messages.catalogue import translate;"
        "assert translate('zh', 'Total') == '总分';"
        "print(s.ref, sum(1 for _ in s.indicators()))"
    )
    env = {**os.environ, "PYTHONPATH": str(wheel)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=dist, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "tianjin-beautiful-community@2017 60"
