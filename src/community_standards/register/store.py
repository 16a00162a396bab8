"""The register of titles: communities, every assessment and the life of each title, in SQLite.

One file, the standard library's :mod:`sqlite3`. History is never overwritten: every
assessment and every change of a title is a new row with who recorded it and when
(triggers refuse updates and deletes). Every operation is one transaction; the file is
in WAL mode with a busy timeout, so two processes writing at once both succeed (one
waits), and a process killed mid-write leaves the register as it was before that write.

The life of a title (津民发〔2017〕18号): *awarded* to a community whose assessment
passes; *re-inspected* (再巡查); problems *notified* with a rectification deadline
(整改); *rectified* and kept; or *revoked* (取消称号). See ``STATES``.

A file that is not a register (another SQLite database, or not SQLite at all), a
corrupt one, or one written by a newer version is refused with
:class:`RegisterError`, and never written to.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import datetime
import getpass
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import attrs

from ..model.errors import CommunityStandardsError
from ..scoring.scorecard import Scorecard
from ..units.numbers import format_number

__all__ = [
    "APPLICATION_ID",
    "DEFAULT_REGISTER",
    "EVENTS",
    "SCHEMA_VERSION",
    "STATES",
    "AssessmentRow",
    "EventRow",
    "Register",
    "RegisterError",
    "StatusRow",
]

#: The file used when ``--db`` is not given (in the current folder).
DEFAULT_REGISTER = "community-register.sqlite"
#: ``PRAGMA application_id`` of a register: "CSRG".
APPLICATION_ID = 0x43535247
#: The schema version this library writes (``PRAGMA user_version``).
SCHEMA_VERSION = 1

#: The kinds of event in a title's life.
EVENTS = ("awarded", "reinspected", "notified", "rectified", "revoked")
#: The states of a title: no title yet; held; re-inspected and found failing (problems);
#: problems notified, awaiting rectification by the deadline; revoked.
STATES = ("none", "titled", "problems", "rectifying", "revoked")

_SQLITE_HEADER = b"SQLite format 3\x00"

#: Each migration takes a register from version ``n`` (its index) to ``n + 1``. A written
#: migration is never edited: a change of the schema is a new migration at the end, and
#: ``tests/data/register/`` keeps a frozen register of every version for the tests.
_MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: communities, assessments, events; history is append-only
    """
    CREATE TABLE communities (
        id TEXT PRIMARY KEY,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
    ) STRICT;
    CREATE TABLE assessments (
        id INTEGER PRIMARY KEY,
        community_id TEXT NOT NULL REFERENCES communities(id),
        name TEXT NOT NULL,
        district TEXT,
        street TEXT,
        assessed_on TEXT,
        standard_id TEXT NOT NULL,
        standard_version TEXT NOT NULL,
        standard_sha256 TEXT NOT NULL,
        total TEXT NOT NULL,
        maximum TEXT NOT NULL,
        pass_mark TEXT NOT NULL,
        passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
        tier TEXT,
        scorecard TEXT NOT NULL,
        digest TEXT NOT NULL,
        source TEXT,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        UNIQUE (community_id, digest)
    ) STRICT;
    CREATE INDEX assessments_by_community ON assessments (community_id, assessed_on);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        community_id TEXT NOT NULL REFERENCES communities(id),
        kind TEXT NOT NULL
            CHECK (kind IN ('awarded', 'reinspected', 'notified', 'rectified', 'revoked')),
        on_date TEXT NOT NULL,
        deadline TEXT,
        assessment_id INTEGER REFERENCES assessments(id),
        passed INTEGER CHECK (passed IN (0, 1)),
        state TEXT NOT NULL
            CHECK (state IN ('none', 'titled', 'problems', 'rectifying', 'revoked')),
        note TEXT,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
    ) STRICT;
    CREATE INDEX events_by_community ON events (community_id, id);
    CREATE TRIGGER assessments_kept BEFORE UPDATE ON assessments
        BEGIN SELECT RAISE(ABORT, 'the register keeps history: assessments are never changed'); END;
    CREATE TRIGGER assessments_not_deleted BEFORE DELETE ON assessments
        BEGIN SELECT RAISE(ABORT, 'the register keeps history: assessments are never deleted'); END;
    CREATE TRIGGER events_kept BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the register keeps history: events are never changed'); END;
    CREATE TRIGGER events_not_deleted BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the register keeps history: events are never deleted'); END;
    """,
)
assert len(_MIGRATIONS) == SCHEMA_VERSION


class RegisterError(CommunityStandardsError):
    """A register file that cannot be used, or an operation its history does not allow.

    .. versionadded:: 0.2.0
    """


@attrs.frozen(kw_only=True)
class AssessmentRow:
    """One assessment as recorded.

    .. versionadded:: 0.2.0
    """

    id: int
    community_id: str
    name: str
    district: str | None
    assessed_on: str | None
    standard: str
    total: str
    maximum: str
    pass_mark: str
    passed: bool
    tier: str | None
    recorded_at: str
    recorded_by: str


@attrs.frozen(kw_only=True)
class EventRow:
    """One change in a title's life, as recorded.

    .. versionadded:: 0.2.0
    """

    id: int
    community_id: str
    kind: str
    on_date: str
    deadline: str | None
    assessment_id: int | None
    passed: bool | None
    state: str
    note: str | None
    recorded_at: str
    recorded_by: str


@attrs.frozen(kw_only=True)
class StatusRow:
    """A community's current title state and its last assessment.

    .. versionadded:: 0.2.0
    """

    community_id: str
    name: str
    district: str | None
    state: str
    since: str | None
    deadline: str | None
    assessed_on: str | None
    standard: str
    total: str
    passed: bool
    assessments: int


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _who(by: str | None) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except Exception:  # no user name known to the system
        return "unknown"


def _check_header(path: str) -> bool:
    """Whether ``path`` exists with content; refuse it when it is not SQLite at all."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise RegisterError(path, f"cannot read the register: {exc.strerror or exc}") from None
    if not head:
        return False
    if head != _SQLITE_HEADER:
        raise RegisterError(path, "not a register: the file is not an SQLite database")
    return True


class Register:
    """An open register file. Use as a context manager, or call :meth:`close`.

    ``create`` allows a new file to be made at ``path``; otherwise a missing file is an
    error. Opening checks the file (SQLite, this application, a known schema version,
    ``quick_check``) before anything is written, and migrates an older schema.

    .. versionadded:: 0.2.0
    """

    def __init__(
        self, path: str | os.PathLike[str], *, create: bool = False, timeout: float = 30
    ) -> None:
        self.path = os.fspath(path)
        self._existing = 0  # the row an assessment recorded before has
        exists = _check_header(self.path)
        if not exists and not create and not os.path.exists(self.path):
            raise RegisterError(
                self.path, "no register here (record assessments with 'register add' first)"
            )
        mode = "rwc" if create else "rw"
        uri = "file:" + _uri_path(self.path) + f"?mode={mode}"
        try:
            self._db = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise RegisterError(self.path, f"cannot open the register: {exc}") from None
        try:
            self._open(exists)
        except BaseException:
            self._db.close()
            raise

    def _open(self, exists: bool) -> None:
        db = self._db
        try:
            # one read transaction: all three from one state of the file, even while another
            # process creates the register (each statement alone could see its schema
            # committed between them, and take it for another application's database)
            db.execute("BEGIN")
            try:
                application = db.execute("PRAGMA application_id").fetchone()[0]
                version = db.execute("PRAGMA user_version").fetchone()[0]
                tables = db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
            finally:
                db.execute("ROLLBACK")
        except sqlite3.DatabaseError as exc:
            raise RegisterError(self.path, f"not a register: {exc}") from None
        if exists and application != APPLICATION_ID and (tables or version):
            raise RegisterError(self.path, "not a register: another application's SQLite database")
        if version > SCHEMA_VERSION:
            raise RegisterError(
                self.path,
                f"the register has schema version {version}, newer than this library's "
                f"{SCHEMA_VERSION}: upgrade community-standards",
            )
        if version < 0:
            raise RegisterError(
                self.path, f"the register has schema version {version}, which no version wrote"
            )
        if exists:
            try:
                check = db.execute("PRAGMA quick_check").fetchone()[0]
            except sqlite3.DatabaseError as exc:
                raise RegisterError(self.path, f"the register is corrupt: {exc}") from None
            if check != "ok":
                first = " ".join(str(check).replace("***", "").split("\n")[:2]).strip()
                raise RegisterError(
                    self.path, f"the register is corrupt ({' '.join(first.split())})"
                )
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute("PRAGMA foreign_keys = ON")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        if version < SCHEMA_VERSION:
            self.migrate(version)

    def migrate(self, version: int) -> None:
        """Bring the schema from ``version`` to ``SCHEMA_VERSION``, one transaction."""
        with self._transaction():
            current = self._db.execute("PRAGMA user_version").fetchone()[0]
            if current != version:  # another process migrated it meanwhile
                version = current
            for step in range(version, SCHEMA_VERSION):
                for statement in _statements(_MIGRATIONS[step]):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {step + 1}")
            self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        """The schema version of the open file."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        else:
            db.execute("COMMIT")

    # ------------------------------------------------------------ writing

    def add(
        self,
        cards: Iterable[tuple[Scorecard, dict[str, Any], str | None]],
        *,
        by: str | None = None,
        award: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> tuple[int, int]:
        """Record assessments (scorecard, its JSON form, its source), all in one transaction.

        A scorecard already recorded for the community (the same JSON) is skipped. With
        ``award``, a community without a title whose newest assessment passes is awarded
        one on its assessment date. Returns (recorded, skipped).
        """
        who, now = _who(by), _now()
        added = skipped = 0
        with self._transaction() as db:
            for n, (card, data, source) in enumerate(cards, 1):
                if self._insert(db, card, data, source, who, now) is None:
                    skipped += 1
                else:
                    added += 1
                if progress is not None:
                    progress(n)
            if award:
                for (community,) in db.execute("SELECT id FROM communities ORDER BY id").fetchall():
                    state = self._state(db, community)
                    latest = self._latest(db, community)
                    if state in ("none", "revoked") and latest is not None and latest["passed"]:
                        self._event(
                            db, community, "awarded", latest["assessed_on"] or now[:10], who, now,
                            assessment=latest["id"], passed=True, state="titled",
                        )  # fmt: skip
        return added, skipped

    def _insert(
        self,
        db: sqlite3.Connection,
        card: Scorecard,
        data: dict[str, Any],
        source: str | None,
        who: str,
        now: str,
    ) -> int | None:
        import hashlib

        text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        community = card.community
        db.execute(
            "INSERT OR IGNORE INTO communities (id, recorded_at, recorded_by) VALUES (?, ?, ?)",
            (community.id, now, who),
        )
        cursor = db.execute(
            "INSERT OR IGNORE INTO assessments (community_id, name, district, street, assessed_on,"
            " standard_id, standard_version, standard_sha256, total, maximum, pass_mark, passed,"
            " tier, scorecard, digest, source, recorded_at, recorded_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                community.id,
                community.name,
                community.district,
                community.street,
                community.assessed_on.isoformat() if community.assessed_on else None,
                card.standard.id,
                card.standard.version,
                card.standard.sha256,
                format_number(card.total),
                format_number(card.maximum),
                format_number(card.pass_mark),
                int(card.passed),
                card.tier,
                text,
                digest,
                source,
                now,
                who,
            ),
        )
        if cursor.rowcount:
            return cursor.lastrowid
        self._existing = int(
            db.execute(
                "SELECT id FROM assessments WHERE community_id = ? AND digest = ?",
                (community.id, digest),
            ).fetchone()[0]
        )
        return None

    def _event(
        self,
        db: sqlite3.Connection,
        community: str,
        kind: str,
        on: str,
        who: str,
        now: str,
        *,
        state: str,
        assessment: int | None = None,
        passed: bool | None = None,
        deadline: str | None = None,
        note: str | None = None,
    ) -> None:
        db.execute(
            "INSERT INTO events (community_id, kind, on_date, deadline, assessment_id, passed,"
            " state, note, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                community, kind, on, deadline, assessment,
                None if passed is None else int(passed), state, note, now, who,
            ),
        )  # fmt: skip

    def _state(self, db: sqlite3.Connection, community: str) -> str:
        row = db.execute(
            "SELECT state FROM events WHERE community_id = ? ORDER BY id DESC LIMIT 1", (community,)
        ).fetchone()
        return "none" if row is None else str(row[0])

    def _latest(self, db: sqlite3.Connection, community: str) -> sqlite3.Row | None:
        db.row_factory = sqlite3.Row
        try:
            row: sqlite3.Row | None = db.execute(
                "SELECT * FROM assessments WHERE community_id = ?"
                " ORDER BY coalesce(assessed_on, '') DESC, id DESC LIMIT 1",
                (community,),
            ).fetchone()
        finally:
            db.row_factory = None
        return row

    def _known(self, db: sqlite3.Connection, community: str) -> None:
        if db.execute("SELECT 1 FROM communities WHERE id = ?", (community,)).fetchone() is None:
            raise RegisterError(self.path, f"community {community!r} is not in the register")

    def record(
        self,
        community: str,
        kind: str,
        *,
        on: datetime.date | None = None,
        deadline: datetime.date | None = None,
        note: str | None = None,
        by: str | None = None,
        card: tuple[Scorecard, dict[str, Any], str | None] | None = None,
    ) -> str:
        """Record one event of ``community``'s title (one of ``EVENTS``); return the new
        state. ``card`` (re-inspection, rectification) records that assessment with it.

        Refused (:class:`RegisterError`) where the title's history does not allow it:
        awarding needs a passing newest assessment and no title held; re-inspecting and
        notifying need a title; rectifying needs a notification (and, if a scorecard is
        given, a passing one); revoking needs a title.
        """
        if kind not in EVENTS:
            raise RegisterError(
                self.path, f"unknown event {kind!r}; expected one of {', '.join(EVENTS)}"
            )
        who, now = _who(by), _now()
        day = (on or datetime.date.today()).isoformat()
        with self._transaction() as db:
            assessment: int | None = None
            passed: bool | None = None
            if card is not None:
                if card[0].community.id != community:
                    raise RegisterError(
                        self.path,
                        f"the scorecard is of {card[0].community.id!r}, not of {community!r}",
                    )
                assessment = self._insert(db, *card, who, now)
                if assessment is None:  # recorded before: that row
                    assessment = self._existing
                passed = card[0].passed
            self._known(db, community)
            state = self._state(db, community)
            latest = self._latest(db, community)
            new = self._transition(
                community, kind, state, latest, card is not None, passed, deadline
            )
            if kind == "awarded" and latest is not None:
                assessment, passed = int(latest["id"]), bool(latest["passed"])
            self._event(
                db, community, kind, day, who, now, state=new, assessment=assessment,
                passed=passed, deadline=None if deadline is None else deadline.isoformat(), note=note,
            )  # fmt: skip
        return new

    def _transition(
        self,
        community: str,
        kind: str,
        state: str,
        latest: sqlite3.Row | None,
        carded: bool,
        passed: bool | None,
        deadline: datetime.date | None,
    ) -> str:
        def refuse(why: str) -> RegisterError:
            return RegisterError(self.path, f"{community}: cannot record '{kind}': {why}")

        titled = state in ("titled", "problems", "rectifying")
        if kind == "awarded":
            if titled:
                raise refuse("it holds a title already")
            if latest is None or not latest["passed"]:
                raise refuse("its newest assessment does not pass")
            return "titled"
        if kind == "reinspected":
            if not titled:
                raise refuse(f"it holds no title (state: {state})")
            if not carded:
                raise refuse("a re-inspection records its scorecard")
            return "titled" if passed else "problems"
        if kind == "notified":
            if not titled:
                raise refuse(f"it holds no title (state: {state})")
            if deadline is None:
                raise refuse("a notification gives the rectification deadline")
            return "rectifying"
        if kind == "rectified":
            if state != "rectifying":
                raise refuse(f"no problems were notified (state: {state})")
            if carded and not passed:
                raise refuse("the scorecard given does not pass")
            return "titled"
        if not titled:
            raise refuse(f"it holds no title (state: {state})")
        return "revoked"

    # ------------------------------------------------------------ reading

    def status(self, district: str | None = None) -> list[StatusRow]:
        """One row per community: its title state and its newest assessment."""
        db = self._db
        rows = []
        for (community,) in db.execute("SELECT id FROM communities ORDER BY id").fetchall():
            latest = self._latest(db, community)
            if latest is None:
                continue
            if district is not None and latest["district"] != district:
                continue
            event = db.execute(
                "SELECT state, on_date, deadline FROM events WHERE community_id = ?"
                " ORDER BY id DESC LIMIT 1",
                (community,),
            ).fetchone()
            count = db.execute(
                "SELECT count(*) FROM assessments WHERE community_id = ?", (community,)
            ).fetchone()[0]
            rows.append(
                StatusRow(
                    community_id=community,
                    name=latest["name"],
                    district=latest["district"],
                    state="none" if event is None else event[0],
                    since=None if event is None else event[1],
                    deadline=None if event is None or event[0] != "rectifying" else event[2],
                    assessed_on=latest["assessed_on"],
                    standard=f"{latest['standard_id']}@{latest['standard_version']}",
                    total=latest["total"],
                    passed=bool(latest["passed"]),
                    assessments=int(count),
                )
            )
        return rows

    def due(
        self, on: datetime.date | None = None, *, every_days: int = 365, within_days: int = 30
    ) -> list[tuple[StatusRow, str, str]]:
        """What is due by ``on`` (today) plus ``within_days``: re-inspections of titles last
        inspected ``every_days`` or more before, and rectification deadlines. Each item is
        (community, ``"reinspection"`` or ``"rectification"``, the date due)."""
        today = on or datetime.date.today()
        horizon = today + datetime.timedelta(days=within_days)
        items = []
        for row in self.status():
            if row.state == "rectifying" and row.deadline and row.deadline <= horizon.isoformat():
                items.append((row, "rectification", row.deadline))
            elif row.state in ("titled", "problems"):
                last = self._last_inspection(row.community_id)
                if last is None:
                    continue
                when = (
                    datetime.date.fromisoformat(last) + datetime.timedelta(days=every_days)
                ).isoformat()
                if when <= horizon.isoformat():
                    items.append((row, "reinspection", when))
        return sorted(items, key=lambda item: (item[2], item[0].community_id))

    def _last_inspection(self, community: str) -> str | None:
        row = self._db.execute(
            "SELECT max(on_date) FROM events WHERE community_id = ?"
            " AND kind IN ('awarded', 'reinspected', 'rectified')",
            (community,),
        ).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def history(self, community: str) -> tuple[list[AssessmentRow], list[EventRow]]:
        """Every assessment and every event of ``community``, in the order recorded."""
        self._known(self._db, community)
        return self.assessments(community), self.events(community)

    def assessments(self, community: str | None = None) -> list[AssessmentRow]:
        """Every assessment (of ``community``), in the order recorded."""
        where, args = ("WHERE community_id = ?", (community,)) if community else ("", ())
        return [
            AssessmentRow(
                id=r[0],
                community_id=r[1],
                name=r[2],
                district=r[3],
                assessed_on=r[4],
                standard=f"{r[5]}@{r[6]}",
                total=r[7],
                maximum=r[8],
                pass_mark=r[9],
                passed=bool(r[10]),
                tier=r[11],
                recorded_at=r[12],
                recorded_by=r[13],
            )
            for r in self._db.execute(
                "SELECT id, community_id, name, district, assessed_on, standard_id,"
                " standard_version, total, maximum, pass_mark, passed, tier, recorded_at,"
                " recorded_by"
                f" FROM assessments {where} ORDER BY id",
                args,
            )
        ]

    def events(self, community: str | None = None) -> list[EventRow]:
        """Every event (of ``community``), in the order recorded."""
        where, args = ("WHERE community_id = ?", (community,)) if community else ("", ())
        return [
            EventRow(
                id=r[0],
                community_id=r[1],
                kind=r[2],
                on_date=r[3],
                deadline=r[4],
                assessment_id=r[5],
                passed=None if r[6] is None else bool(r[6]),
                state=r[7],
                note=r[8],
                recorded_at=r[9],
                recorded_by=r[10],
            )
            for r in self._db.execute(
                "SELECT id, community_id, kind, on_date, deadline, assessment_id, passed, state,"
                f" note, recorded_at, recorded_by FROM events {where} ORDER BY id",
                args,
            )
        ]

    def totals(self, community: str) -> list[tuple[str | None, str, str, bool]]:
        """(assessed on, standard, exact total, passed) of each assessment, oldest first."""
        return [
            (r.assessed_on, r.standard, r.total, r.passed)
            for r in sorted(self.assessments(community), key=lambda r: (r.assessed_on or "", r.id))
        ]

    def scorecard_json(self, assessment: int) -> dict[str, Any]:
        """The JSON form of the scorecard recorded as ``assessment``."""
        row = self._db.execute(
            "SELECT scorecard FROM assessments WHERE id = ?", (assessment,)
        ).fetchone()
        if row is None:
            raise RegisterError(self.path, f"no assessment {assessment}")
        value: dict[str, Any] = json.loads(row[0])
        return value


def _uri_path(path: str) -> str:
    from urllib.parse import quote

    return quote(os.path.abspath(path))


def _statements(script: str) -> Sequence[str]:
    """Split a migration into statements (triggers keep their inner ``;``)."""
    statements, current = [], ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
