"""The editable install (``pip install -e .``) is one that type checkers follow.

setuptools makes an editable install either a ``.pth`` file naming the source folder,
which mypy and pyright read, or an import hook, which they cannot follow (a user's
``mypy --strict`` then finds no ``community_standards``). The package's layout (every
package under ``src/``) is what makes setuptools choose the ``.pth`` file; this test
builds the editable wheel from a copy of the checkout, installs it into a new
environment and runs mypy there on a user's script.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", "_build", ".*_cache",
    ".hypothesis", "docs", "benchmarks",
)  # fmt: skip

SCRIPT = """\
import community_standards as cs

standard = cs.load_standard("standard.toml")
wrong: int = standard
reveal_type(cs.score)
"""


@pytest.fixture(scope="module")
def editable(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A new environment with the checkout (a copy) installed in editable mode."""
    hooks = pytest.importorskip("pyproject_hooks")
    pytest.importorskip("setuptools")
    source = tmp_path_factory.mktemp("source") / "community-standards"
    shutil.copytree(ROOT, source, ignore=_NOT_COPIED, symlinks=True)
    wheels = tmp_path_factory.mktemp("wheels")
    caller = hooks.BuildBackendHookCaller(
        str(source), "setuptools.build_meta", runner=hooks.quiet_subprocess_runner
    )
    with warnings.catch_warnings():  # setuptools' notes on data folders, as in any build
        warnings.simplefilter("ignore", hooks.BuildBackendWarning)
        wheel = wheels / caller.build_editable(str(wheels))
    environment = tmp_path_factory.mktemp("env") / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(environment)],
        check=True,
        capture_output=True,
    )
    python = environment / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with zipfile.ZipFile(wheel) as archive:  # installing a wheel is unpacking it
        archive.extractall(purelib)
    return source, python


def test_the_editable_install_is_a_path_file(editable: tuple[Path, Path]) -> None:
    source, python = editable
    purelib = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    [pth] = purelib.glob("*community_standards*.pth")
    lines = pth.read_text(encoding="utf-8").split()
    assert not any(line.startswith("import") for line in lines), "an import hook"
    assert [Path(line).resolve() for line in lines] == [(source / "src").resolve()]
    assert (source / "src" / "community_standards" / "py.typed").is_file()
    assert (source / "src" / "community_standards" / "standards" / "tianjin_2017.toml").is_file()


def test_mypy_finds_the_real_types_through_the_editable_install(
    editable: tuple[Path, Path], tmp_path: Path
) -> None:
    pytest.importorskip("mypy")
    _, python = editable
    (tmp_path / "user.py").write_text(SCRIPT, encoding="utf-8")
    (tmp_path / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--python-executable",
            str(python),
            "user.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "MYPYPATH"}},
    )
    out = result.stdout
    assert "Cannot find implementation or library stub" not in out, out
    assert 'expression has type "Standard", variable has type "int"' in out, out
    assert "community_standards.scoring.scorecard.Scorecard" in out, out
    assert "Found 1 error in 1 file" in out, out


def test_the_data_folder_is_the_package_s() -> None:
    # standards/ at the top of the checkout is a link to the package's data, kept for
    # the paths the documentation and the tests give
    top = ROOT / "standards"
    assert top.resolve() == (ROOT / "src" / "community_standards" / "standards").resolve()
    assert b'id = "tianjin-beautiful-community"' in (top / "tianjin_2017.toml").read_bytes()
