"""The register of titles: the life of a title, history kept, files refused, processes
writing at once, and a process killed mid-write."""

from __future__ import annotations

import datetime
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import community_standards as cs
from community_standards.cli.main import main
from community_standards.register.store import (
    SCHEMA_VERSION,
    Register,
    RegisterError,
)
from community_standards.reports import scorecard_to_dict

ROOT = Path(__file__).resolve().parent.parent
EVIDENCE = ROOT / "examples" / "evidence"
FAIL = EVIDENCE / "haitangyuan_fail.toml"
PASS = EVIDENCE / "chunhuili_pass.toml"
D = datetime.date


@pytest.fixture(scope="module")
def tianjin() -> cs.Standard:
    return cs.default_registry().load("tianjin-beautiful-community@2017")


def card_of(
    standard: cs.Standard, path: Path, **community: Any
) -> tuple[cs.Scorecard, dict[str, Any], str]:
    evidence = cs.load_evidence(path, standard)
    if community:
        evidence = attrs.evolve(evidence, community=attrs.evolve(evidence.community, **community))
    card = cs.score(standard, evidence)
    return card, scorecard_to_dict(card), str(path)


def test_the_life_of_a_title(tmp_path: Path, tianjin: cs.Standard) -> None:
    db = tmp_path / "titles.sqlite"
    with Register(db, create=True) as book:
        assert book.add([card_of(tianjin, PASS), card_of(tianjin, FAIL)], by="区民政局") == (2, 0)
        assert book.add([card_of(tianjin, PASS)]) == (0, 1)  # the same scorecard again
        assert book.record("nk-chunhuili", "awarded", on=D(2024, 6, 1)) == "titled"
        with pytest.raises(RegisterError, match="newest assessment does not pass"):
            book.record("hb-haitangyuan", "awarded")
        failing = card_of(tianjin, FAIL, id="nk-chunhuili", district="南开区")
        assert (
            book.record("nk-chunhuili", "reinspected", on=D(2025, 6, 1), card=failing) == "problems"
        )
        with pytest.raises(RegisterError, match="rectification deadline"):
            book.record("nk-chunhuili", "notified")
        assert (
            book.record(
                "nk-chunhuili", "notified", on=D(2025, 6, 5), deadline=D(2025, 9, 1), note="违建"
            )
            == "rectifying"
        )
        assert [(row.community_id, what, day) for row, what, day in book.due(D(2025, 8, 15))] == [
            ("nk-chunhuili", "rectification", "2025-09-01")
        ]
        with pytest.raises(RegisterError, match="does not pass"):
            book.record("nk-chunhuili", "rectified", card=failing)
        assert book.record("nk-chunhuili", "rectified", card=card_of(tianjin, PASS)) == "titled"
        assert book.record("nk-chunhuili", "revoked", by="市民政局") == "revoked"
        with pytest.raises(RegisterError, match="holds no title"):
            book.record("nk-chunhuili", "notified", deadline=D(2026, 1, 1))
        assessments, events = book.history("nk-chunhuili")
        assert [e.kind for e in events] == [
            "awarded",
            "reinspected",
            "notified",
            "rectified",
            "revoked",
        ]
        assert [e.state for e in events] == [
            "titled",
            "problems",
            "rectifying",
            "titled",
            "revoked",
        ]
        assert events[2].deadline == "2025-09-01"
        assert events[4].recorded_by == "市民政局"
        assert assessments[0].recorded_by == "区民政局"
        assert events[3].assessment_id == assessments[0].id  # the passing card recorded before
        status = {row.community_id: row for row in book.status()}
        assert status["nk-chunhuili"].state == "revoked"
        assert status["hb-haitangyuan"].state == "none"
        assert status["hb-haitangyuan"].total == "69.75"
        assert [row.community_id for row in book.status(district="河北区")] == ["hb-haitangyuan"]


def test_history_is_never_overwritten(tmp_path: Path, tianjin: cs.Standard) -> None:
    db = tmp_path / "titles.sqlite"
    with Register(db, create=True) as book:
        book.add([card_of(tianjin, PASS)], award=True)
    raw = sqlite3.connect(db)
    for statement in (
        "UPDATE assessments SET total = '100'",
        "DELETE FROM assessments",
        "UPDATE events SET state = 'none'",
        "DELETE FROM events",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="keeps history"):
            raw.execute(statement)
    raw.close()


FIXTURES = Path(__file__).resolve().parent / "data" / "register"


def _from_fixture(path: Path, version: int) -> None:
    """A register file as version ``version`` of the schema wrote it (a frozen SQL text)."""
    raw = sqlite3.connect(path)
    raw.executescript((FIXTURES / f"v{version}.sql").read_text(encoding="utf-8"))
    raw.execute("VACUUM")  # a real file with its header, even for version 0
    raw.close()


def _schema(path: Path) -> list[tuple[str, str, str]]:
    raw = sqlite3.connect(path)
    rows = raw.execute(
        "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name"
    ).fetchall()
    raw.close()
    return [(kind, name, " ".join(sql.split())) for kind, name, sql in rows]


def _rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    raw = sqlite3.connect(path)
    tables = [
        name for (name,) in raw.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
    ]
    rows = {table: raw.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in tables}
    raw.close()
    return rows


def test_there_is_a_frozen_register_of_every_schema_version() -> None:
    assert sorted(p.name for p in FIXTURES.glob("v*.sql")) == sorted(
        f"v{version}.sql" for version in range(SCHEMA_VERSION + 1)
    )


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_migrations_from_every_earlier_version(
    tmp_path: Path, tianjin: cs.Standard, version: int
) -> None:
    db = tmp_path / "old.sqlite"
    _from_fixture(db, version)
    kept = _rows(db)
    with Register(db) as book:
        assert book.version == SCHEMA_VERSION
        book.add([card_of(tianjin, FAIL, id="later")], award=True)
    # the migrated schema is the one a new register gets, and nothing recorded is lost
    fresh = tmp_path / "fresh.sqlite"
    Register(fresh, create=True).close()
    assert _schema(db) == _schema(fresh)
    now = _rows(db)
    for table, rows in kept.items():
        assert now[table][: len(rows)] == rows


def test_the_current_version_opens_unchanged_and_reads_its_history(
    tmp_path: Path, tianjin: cs.Standard
) -> None:
    db = tmp_path / "current.sqlite"
    _from_fixture(db, SCHEMA_VERSION)
    fresh = tmp_path / "fresh.sqlite"
    Register(fresh, create=True).close()
    # the migrations still make exactly the frozen schema: a written migration was not edited
    assert _schema(db) == _schema(fresh)
    with Register(db) as book:
        assert book.version == SCHEMA_VERSION
        states = {row.community_id: (row.state, row.total, row.passed) for row in book.status()}
        assert states == {
            "nk-chunhuili": ("titled", "97.25", True),
            "hb-haitangyuan": ("none", "69.75", False),
        }
        assert book.scorecard_json(1)["total"] == 97.25
        # the bundled standard changed after the fixture was frozen (items 2 and 7 count
        # each period): its hash differs, so today's card is a new assessment, and adding
        # it again is recognised as recorded before
        card = card_of(tianjin, PASS)
        assert card[0].standard.sha256 != book.scorecard_json(1)["standard"]["sha256"]
        assert book.add([card]) == (1, 0)
        assert book.add([card]) == (0, 1)


@pytest.mark.parametrize("version", [SCHEMA_VERSION + 1, SCHEMA_VERSION + 40, -1])
def test_a_version_no_library_wrote_is_refused(tmp_path: Path, version: int) -> None:
    db = tmp_path / "unknown.sqlite"
    _from_fixture(db, SCHEMA_VERSION)
    raw = sqlite3.connect(db)
    raw.execute(f"PRAGMA user_version = {version}")
    raw.commit()
    raw.close()
    before = db.read_bytes()
    with pytest.raises(RegisterError, match=f"schema version {version}"):
        Register(db)
    assert db.read_bytes() == before


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


def test_unknown_newer_and_corrupt_files_are_refused_and_left_alone(
    tmp_path: Path, tianjin: cs.Standard, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database\n", encoding="utf-8")
    other = tmp_path / "other.sqlite"
    raw = sqlite3.connect(other)
    raw.execute("CREATE TABLE t (x)")
    raw.commit()
    raw.close()
    newer = tmp_path / "newer.sqlite"
    with Register(newer, create=True) as book:
        book.add([card_of(tianjin, PASS)])
    raw = sqlite3.connect(newer)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    corrupt = tmp_path / "corrupt.sqlite"
    with Register(corrupt, create=True) as book:
        book.add([card_of(tianjin, PASS, id=f"c{i}") for i in range(40)])
    data = bytearray(corrupt.read_bytes())
    data[4096 * 2 : 4096 * 4] = b"\x5a" * (4096 * 2)
    corrupt.write_bytes(bytes(data))
    for path, message in (
        (text, "not an SQLite database"),
        (other, "another application"),
        (newer, "newer than this library"),
        (corrupt, "corrupt|not a register"),
    ):
        before = _bytes(path)
        with pytest.raises(RegisterError, match=message):
            Register(path, create=True)
        assert main(["register", "--db", str(path), "add", str(PASS)], io.StringIO()) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err
        assert _bytes(path) == before
        assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_only_the_named_file_is_opened(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite"
    assert main(["register", "--db", str(missing), "status"], io.StringIO()) == 2
    assert not missing.exists()
    assert list(tmp_path.iterdir()) == []


_WRITER = """
import sys, time, attrs
import community_standards as cs
from community_standards.register.store import Register
from community_standards.reports import scorecard_to_dict
db, prefix, count, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
standard = cs.default_registry().load("tianjin-beautiful-community@2017")
evidence = cs.load_evidence(sys.argv[5], standard)
def card(i):
    c = cs.score(standard, attrs.evolve(evidence, community=attrs.evolve(evidence.community, id=f"{prefix}{i}")))
    return c, scorecard_to_dict(c), None
cards = [card(i) for i in range(count)]
with Register(db, create=True) as book:
    if mode == "many":
        for item in cards:
            book.add([item])
    else:
        def slowly(n):
            print(n, flush=True)
            time.sleep(0.02)
        book.add(cards, progress=slowly)
print("done", flush=True)
"""


def _writer(db: Path, prefix: str, count: int, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(db), prefix, str(count), mode, str(PASS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_writing_at_once_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "titles.sqlite"
    writers = [_writer(db, prefix, 25, "many") for prefix in ("a", "b")]
    finished = [(writer, *writer.communicate(timeout=300)) for writer in writers]
    for writer, out, err in finished:  # both waited for before either is judged
        assert writer.returncode == 0, err
        assert out.strip().endswith("done")
    with Register(db) as book:
        ids = {row.community_id for row in book.status()}
    assert ids == {f"{p}{i}" for p in "ab" for i in range(25)}


def test_opening_while_another_creates_the_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # another process creates the register's schema just after this one has read the
    # application id of the new, empty file: what it reads next must be of the same state
    # of the file, or it takes the half-seen register for another application's database
    from community_standards.register import store

    db = tmp_path / "titles.sqlite"
    empty = sqlite3.connect(db)
    empty.execute("PRAGMA journal_mode = WAL")  # where the creating process has got to
    empty.close()
    real = sqlite3.connect
    created: list[int] = []

    class Interrupted(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            cursor = super().execute(sql, *args)
            if sql == "PRAGMA application_id" and not created:
                created.append(1)
                with Register(db, create=True):  # the other process, all at once
                    pass
            return cursor

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        opened: sqlite3.Connection = (
            real(*args, **kwargs) if created else real(*args, factory=Interrupted, **kwargs)
        )
        return opened

    monkeypatch.setattr(sqlite3, "connect", connect)
    with Register(db, create=True) as book:
        assert book.version == store.SCHEMA_VERSION
    assert created == [1]


def test_a_process_killed_mid_write_leaves_the_register_as_it_was(
    tmp_path: Path, tianjin: cs.Standard
) -> None:
    db = tmp_path / "titles.sqlite"
    with Register(db, create=True) as book:
        book.add([card_of(tianjin, PASS)], award=True)
    writer = _writer(db, "k", 200, "one")
    assert writer.stdout is not None
    for line in writer.stdout:
        if line.strip() == "50":  # well inside its one transaction
            break
    os.kill(writer.pid, signal.SIGKILL)
    writer.communicate(timeout=60)
    assert writer.returncode == -signal.SIGKILL
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    raw.close()
    with Register(db) as book:
        assert [row.community_id for row in book.status()] == ["nk-chunhuili"]
        book.add([card_of(tianjin, FAIL)])  # and it is writable again
        assert len(book.status()) == 2


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "titles.sqlite")
    card = tmp_path / "card.json"
    assert main(["score", str(PASS), "--format", "json", "-o", str(card)], io.StringIO()) == 0
    lines = tmp_path / "city.jsonl"
    row = json.loads(card.read_text(encoding="utf-8"))
    row["community"]["id"] = "nk-other"
    lines.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    out = io.StringIO()
    assert (
        main(["register", "--db", db, "add", str(card), str(lines), str(FAIL), "--award"], out) == 0
    )
    assert "3 assessment(s) recorded" in out.getvalue()
    out = io.StringIO()
    assert main(["register", "--db", db, "status", "--format", "json"], out) == 0
    states = {row["community_id"]: row["state"] for row in json.loads(out.getvalue())}
    assert states == {"nk-chunhuili": "titled", "nk-other": "titled", "hb-haitangyuan": "none"}
    assert (
        main(
            ["register", "--db", db, "notify", "nk-other", "--deadline", "2025-01-31"],
            io.StringIO(),
        )
        == 0
    )
    out = io.StringIO()
    assert main(["register", "--db", db, "due", "--on", "2025-01-10", "--format", "json"], out) == 0
    due = json.loads(out.getvalue())
    assert {(d["community"], d["due"]) for d in due} >= {("nk-other", "rectification")}
    out = io.StringIO()
    assert main(["register", "--db", db, "history", "nk-other"], out) == 0
    assert "notified, deadline 2025-01-31" in out.getvalue()
    out = io.StringIO()
    assert main(["register", "--db", db, "export", "--table", "assessments"], out) == 0
    csv_lines = out.getvalue().splitlines()
    assert csv_lines[0].startswith("id,community_id,name")
    assert len(csv_lines) == 4
    parquet = tmp_path / "status.parquet"
    assert (
        main(
            ["register", "--db", db, "export", "--format", "parquet", "-o", str(parquet)],
            io.StringIO(),
        )
        == 0
    )
    import pyarrow.parquet as pq

    table = pq.read_table(parquet)
    assert sorted(table.column("community_id").to_pylist()) == [
        "hb-haitangyuan",
        "nk-chunhuili",
        "nk-other",
    ]
    assert main(["register", "--db", db, "revoke", "hb-haitangyuan"], io.StringIO()) == 2
    assert "holds no title" in capsys.readouterr().err
