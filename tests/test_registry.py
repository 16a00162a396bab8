"""Finding standards: bundled, folders, the environment; versions; duplicates; extends chains."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import community_standards as cs
from community_standards.cli import main
from community_standards.versions.registry import _plugin_entries

TIANJIN_REF = "tianjin-beautiful-community@2017"
TIANJIN = cs.Registry(plugins=False, environment=False).get(TIANJIN_REF)


def registry(*paths: Path) -> cs.Registry:
    return cs.Registry(list(paths), plugins=False, environment=False)


def derived_file(
    folder: Path, name: str, identifier: str, version: str, extends: str = TIANJIN_REF, **extra: str
) -> Path:
    lines = [f'extends = "{extends}"', f'id = "{identifier}"', f'version = "{version}"']
    lines += [f'{key} = "{value}"' for key, value in extra.items()]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def plain_file(
    folder: Path, name: str, identifier: str, version: str, status: str = "active"
) -> Path:
    standard = attrs.evolve(TIANJIN, id=identifier, version=version, status=cs.Status(status))
    path = folder / name
    path.write_text(cs.dumps_standard(standard), encoding="utf-8")
    return path


def test_bundled_standard_is_found() -> None:
    found = registry()
    [entry] = [e for e in found.entries() if e.id == "tianjin-beautiful-community"]
    assert (entry.ref, entry.origin, entry.location) == (
        TIANJIN_REF,
        "bundled",
        "community_standards:tianjin_2017.toml",
    )
    assert entry.status is cs.Status.ACTIVE
    standard = found.get("tianjin-beautiful-community")
    assert standard.ref == TIANJIN_REF
    assert sum(1 for _ in standard.indicators()) == 60
    assert found.get(TIANJIN_REF) is standard
    assert registry().get(TIANJIN_REF) == standard
    assert cs.Registry(bundled=False, plugins=False, environment=False).entries() == []


def test_a_folder_of_standards(tmp_path: Path) -> None:
    derived_file(tmp_path, "district.toml", "district", "2024")
    plain_file(tmp_path, "other.toml", "other", "1")
    (tmp_path / "notes.txt").write_text("not a standard", encoding="utf-8")
    found = registry(tmp_path)
    refs = {e.ref: e for e in found.entries()}
    assert set(refs) == {TIANJIN_REF, "district@2024", "other@1"}
    assert refs["district@2024"].origin == "path"
    assert refs["district@2024"].extends == TIANJIN_REF
    assert refs["district@2024"].location == str(tmp_path / "district.toml")
    assert found.get("district").pass_mark == 80
    assert found.get("other@1") == attrs.evolve(TIANJIN, id="other", version="1")


def test_a_single_file(tmp_path: Path) -> None:
    path = derived_file(tmp_path, "district.toml", "district", "2024")
    assert registry(path).get("district@2024").ref == "district@2024"
    assert registry().load(path).ref == "district@2024"
    assert registry().load(str(path)).ref == "district@2024"


def test_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    derived_file(one, "a.toml", "from-one", "1")
    derived_file(two, "b.toml", "from-two", "1")
    monkeypatch.setenv(cs.ENV_VAR, os.pathsep.join([str(one), "", str(two)]))
    refs = {e.ref for e in cs.Registry(plugins=False).entries()}
    assert {"from-one@1", "from-two@1"} <= refs
    assert "from-one@1" not in {
        e.ref for e in cs.Registry(plugins=False, environment=False).entries()
    }
    assert cs.ENV_VAR == "COMMUNITY_STANDARDS_PATH"


def test_command_line_path_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    derived_file(tmp_path, "district.toml", "district", "2024")
    assert main(["--standards-path", str(tmp_path), "list", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    row = next(r for r in rows if r["id"] == "district")
    assert row["extends"] == TIANJIN_REF
    assert row["origin"] == "path"


def test_bare_id_means_the_newest_active_version(tmp_path: Path) -> None:
    derived_file(tmp_path, "2019.toml", "tianjin-beautiful-community", "2019", status="superseded")
    derived_file(tmp_path, "2024.toml", "tianjin-beautiful-community", "2024")
    derived_file(tmp_path, "2030.toml", "tianjin-beautiful-community", "2030", status="draft")
    found = registry(tmp_path)
    assert found.find("tianjin-beautiful-community").version == "2024"
    assert found.get("tianjin-beautiful-community").ref == "tianjin-beautiful-community@2024"
    assert found.get("tianjin-beautiful-community@2030").status is cs.Status.DRAFT
    versions = [e.version for e in found.entries() if e.id == "tianjin-beautiful-community"]
    assert versions == ["2017", "2019", "2024", "2030"]


def test_no_active_version(tmp_path: Path) -> None:
    derived_file(tmp_path, "a.toml", "drafty", "1", status="draft")
    derived_file(tmp_path, "b.toml", "drafty", "2", status="withdrawn")
    with pytest.raises(
        cs.ResolutionError, match=r"'drafty' has no active version; name one of 1, 2"
    ):
        registry(tmp_path).get("drafty")
    assert registry(tmp_path).get("drafty@2").status is cs.Status.WITHDRAWN


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("2017", "2024"),
        ("2017-03-17", "2017-11-02"),
        ("1.9", "1.10"),
        ("1.0", "1.0.1"),
        ("2.0", "10.0"),
        ("2024", "2024.1"),
        ("1.0.1", "1.0.rc1"),
    ],
)
def test_version_order(tmp_path: Path, older: str, newer: str) -> None:
    assert cs.version_key(older) < cs.version_key(newer)
    derived_file(tmp_path, "a.toml", "ordered", newer)
    derived_file(tmp_path, "b.toml", "ordered", older)
    found = registry(tmp_path)
    assert found.find("ordered").version == newer
    assert [e.version for e in found.entries() if e.id == "ordered"] == [older, newer]


def test_references_are_parsed() -> None:
    assert cs.parse_ref("a@1.0") == ("a", "1.0")
    assert cs.parse_ref(" a ") == ("a", None)
    assert cs.parse_ref("a@") == ("a", None)


def test_duplicate_reference_names_both_sources(tmp_path: Path) -> None:
    first = derived_file(tmp_path, "a.toml", "twice", "1")
    second = derived_file(tmp_path, "b.toml", "twice", "1")
    with pytest.raises(cs.ResolutionError) as caught:
        registry(tmp_path).entries()
    message = str(caught.value)
    assert f"twice@1 is offered twice: by {first} (path) and by {second} (path)" in message
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    copy = plain_file(elsewhere, "tianjin-copy.toml", "tianjin-beautiful-community", "2017")
    with pytest.raises(cs.ResolutionError) as caught:
        registry(copy).entries()
    assert "by community_standards:tianjin_2017.toml (bundled) and by" in str(caught.value)
    assert str(copy) in str(caught.value)


def test_unknown_references() -> None:
    with pytest.raises(cs.ResolutionError, match="did you mean 'tianjin-beautiful-community'"):
        registry().get("tianjin-beautiful-comunity")
    with pytest.raises(cs.ResolutionError, match="has no version '1999'; it has 2017"):
        registry().get("tianjin-beautiful-community@1999")
    with pytest.raises(cs.ResolutionError, match="no such file or folder of standards"):
        registry(Path("/no/such/folder")).entries()


def test_a_cycle_names_the_chain(tmp_path: Path) -> None:
    a = derived_file(tmp_path, "a.toml", "a", "1", extends="b@1")
    b = derived_file(tmp_path, "b.toml", "b", "1", extends="a@1")
    with pytest.raises(cs.ResolutionError) as caught:
        registry(tmp_path).get("a")
    assert caught.value.source == str(b)
    assert caught.value.path == "extends"
    assert "extends forms a cycle: a@1 -> b@1 -> a@1" in str(caught.value)
    with pytest.raises(cs.ResolutionError, match=r"cycle: b@1 -> a@1 -> b@1"):
        registry(tmp_path).get("b@1")
    assert a.exists()


def test_a_standard_extending_itself(tmp_path: Path) -> None:
    derived_file(tmp_path, "self.toml", "self", "1", extends="self@1")
    with pytest.raises(cs.ResolutionError, match=r"cycle: self@1 -> self@1"):
        registry(tmp_path).get("self")


def test_a_dangling_extends_names_the_chain(tmp_path: Path) -> None:
    middle = derived_file(tmp_path, "middle.toml", "middle", "1", extends="missing@1")
    derived_file(tmp_path, "top.toml", "top", "1", extends="middle@1")
    with pytest.raises(cs.ResolutionError) as caught:
        registry(tmp_path).get("top")
    assert caught.value.source == str(middle)
    assert caught.value.path == "extends"
    assert "top@1 -> middle@1 -> missing@1: no standard with id 'missing'" in str(caught.value)
    derived_file(tmp_path, "old.toml", "old", "1", extends="tianjin-beautiful-community@1999")
    with pytest.raises(
        cs.ResolutionError,
        match=r"old@1 -> tianjin-beautiful-community@1999: .*has no version '1999'",
    ):
        registry(tmp_path).get("old")


def test_a_derived_file_outside_the_registry(tmp_path: Path) -> None:
    path = derived_file(
        tmp_path, "outside.toml", "outside", "1", extends="tianjin-beautiful-community"
    )
    standard = registry().load_file(path)
    assert standard.ref == "outside@1"
    loop = derived_file(tmp_path, "loop.toml", "loop", "1", extends="nowhere")
    with pytest.raises(
        cs.ResolutionError, match=r"loop@1 -> nowhere: no standard with id 'nowhere'"
    ):
        registry().load_file(loop)


def test_extends_must_be_a_reference(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('extends = 3\nid = "bad"\nversion = "1"\n', encoding="utf-8")
    with pytest.raises(cs.StandardError, match=r"extends: expected a reference"):
        registry().load_file(path)


def test_a_standard_without_an_id_cannot_be_listed(tmp_path: Path) -> None:
    (tmp_path / "anonymous.toml").write_text(
        f'extends = "{TIANJIN_REF}"\nversion = "1"\n', encoding="utf-8"
    )
    with pytest.raises(
        cs.StandardError, match="a standard needs a string 'id' to be found by reference"
    ):
        registry(tmp_path).entries()


def test_errors_in_a_derived_file_name_it(tmp_path: Path) -> None:
    path = tmp_path / "district.toml"
    path.write_text(
        f'extends = "{TIANJIN_REF}"\nid = "district"\nversion = "1"\n[indicators.worker-training]\npoints = 2\n',
        encoding="utf-8",
    )
    with pytest.raises(cs.StandardError) as caught:
        registry(tmp_path).get("district")
    assert caught.value.lines() == [
        f"{path}: categories.scientific-management.points: category 'scientific-management' is worth "
        "17 points but its indicators add up to 18"
    ]


@pytest.fixture
def broken_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An installed distribution whose entry point names a module that does not exist."""
    info = tmp_path / "broken_standards-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: broken-standards\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[{cs.ENTRY_POINT_GROUP}]\nbroken = no_such_module_of_standards\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    _plugin_entries.cache_clear()
    yield
    _plugin_entries.cache_clear()


@pytest.mark.usefixtures("broken_plugin")
def test_a_broken_plugin_breaks_no_other_lookup(capsys: pytest.CaptureFixture[str]) -> None:
    found = cs.Registry(environment=False)
    assert found.get(TIANJIN_REF) == TIANJIN
    [problem] = found.broken_plugins()
    assert problem.path == "entry point 'broken'"
    assert "plugin broken (broken-standards)" in problem.message
    assert "no_such_module_of_standards" in problem.message
    with pytest.raises(cs.ResolutionError, match="cannot load the standards of plugin broken"):
        found.get("no-such-standard")
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert TIANJIN_REF.partition("@")[0] in out
    [row] = [line for line in out.splitlines() if "broken" in line]
    assert "entry point 'broken'" in row
    assert main(["list", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert {row["id"] for row in json.loads(captured.out)} >= {TIANJIN_REF.partition("@")[0]}
    assert "warning: entry point 'broken': cannot load" in captured.err


def test_an_unknown_status_is_refused_where_the_file_is_found(tmp_path: Path) -> None:
    derived_file(tmp_path, "odd.toml", "odd", "1", status="retired")
    with pytest.raises(cs.StandardError, match=r"odd\.toml: status: 'retired' is not one of"):
        registry(tmp_path).entries()
