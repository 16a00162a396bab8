"""``community-standards register``: the register of titles (one SQLite file).

``register --db FILE ACTION``; the file defaults to ``community-register.sqlite`` in the
current folder. Actions that write create the file when it does not exist; the others
refuse a missing file.
"""

from __future__ import annotations

import argparse
import datetime
from typing import Any, TextIO

from ..model.errors import EvidenceError
from ..versions.registry import Registry
from .shell import EXIT_OK, add_common, add_output, emit

HELP = "the register of titles: record assessments, re-inspections, rectification, revocation"

_WRITES = ("add", "award", "reinspect", "notify", "rectify", "revoke")


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def configure(sub: argparse.ArgumentParser) -> None:
    from ..register.store import DEFAULT_REGISTER

    sub.add_argument(
        "--db",
        metavar="FILE",
        default=DEFAULT_REGISTER,
        help=f"the register file (default: {DEFAULT_REGISTER} in the current folder)",
    )
    actions = sub.add_subparsers(dest="action", required=True, metavar="ACTION")

    def who(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--by", metavar="WHO", help="who records it (default: the user name)")
        parser.add_argument("--note", metavar="TEXT", help="a note kept with the record")

    def when(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--on", type=_day, metavar="DATE", help="the date (default: today)")

    add = actions.add_parser(
        "add", help="record assessments: scorecard JSON, a batch's JSON Lines, or evidence"
    )
    add.add_argument(
        "files",
        nargs="+",
        metavar="SCORECARD",
        help="score --format json output, batch --out JSON Lines, or evidence files",
    )
    add.add_argument(
        "--award",
        action="store_true",
        help="award a title to each community without one whose newest assessment passes",
    )
    add.add_argument("--by", metavar="WHO", help="who records it (default: the user name)")
    add.add_argument(
        "--standard",
        metavar="ID[@VERSION]|FILE",
        help="the standard a batch's rows were scored under, and for evidence files that "
        "name none (default: tianjin-beautiful-community@2017)",
    )
    add.add_argument(
        "--assessed-on",
        type=_day,
        metavar="DATE",
        help="the assessment date of a batch's rows that carry none",
    )
    award = actions.add_parser("award", help="award the title (the newest assessment must pass)")
    award.add_argument("community", metavar="COMMUNITY", help="the community's id")
    when(award)
    who(award)
    reinspect = actions.add_parser(
        "reinspect", help="record a re-inspection (再巡查) and its scorecard"
    )
    reinspect.add_argument(
        "file", metavar="SCORECARD", help="the re-inspection's scorecard or evidence"
    )
    when(reinspect)
    who(reinspect)
    notify = actions.add_parser(
        "notify", help="notify problems with a rectification deadline (整改)"
    )
    notify.add_argument("community", metavar="COMMUNITY", help="the community's id")
    notify.add_argument(
        "--deadline", type=_day, required=True, metavar="DATE", help="the rectification deadline"
    )
    when(notify)
    who(notify)
    rectify = actions.add_parser("rectify", help="record the rectification: the title is kept")
    rectify.add_argument("community", metavar="COMMUNITY", help="the community's id")
    rectify.add_argument(
        "file", nargs="?", metavar="SCORECARD", help="the passing scorecard after it"
    )
    when(rectify)
    who(rectify)
    revoke = actions.add_parser("revoke", help="revoke the title (取消称号)")
    revoke.add_argument("community", metavar="COMMUNITY", help="the community's id")
    when(revoke)
    who(revoke)
    status = actions.add_parser("status", help="each community's title state and last assessment")
    status.add_argument("--district", metavar="D", help="only the communities of district D")
    status.add_argument(
        "--format", choices=["text", "json", "html"], default="text", help="the output format"
    )
    add_output(status)
    due = actions.add_parser("due", help="re-inspections and rectification deadlines due")
    due.add_argument("--on", type=_day, metavar="DATE", help="as of this date (default: today)")
    due.add_argument(
        "--every", type=int, default=365, metavar="DAYS", help="re-inspect titles this often (365)"
    )
    due.add_argument(
        "--within", type=int, default=30, metavar="DAYS", help="list what falls due this soon (30)"
    )
    due.add_argument("--format", choices=["text", "json"], default="text", help="the output format")
    add_output(due)
    history = actions.add_parser("history", help="every assessment and event of a community")
    history.add_argument("community", metavar="COMMUNITY", help="the community's id")
    history.add_argument(
        "--format", choices=["text", "json", "html"], default="text", help="the output format"
    )
    add_output(history)
    export = actions.add_parser("export", help="a table as CSV or Parquet")
    export.add_argument(
        "--table",
        choices=["status", "assessments", "events"],
        default="status",
        help="which table",
    )
    export.add_argument(
        "--format",
        choices=["csv", "parquet"],
        default="csv",
        help="parquet needs the table extra and -o",
    )
    add_output(export)
    for parser in actions.choices.values():
        add_common(parser, top=False)


def _cards(
    paths: list[str],
    registry: Registry,
    reference: str | None = None,
    assessed_on: datetime.date | None = None,
) -> list[tuple[Any, dict[str, Any], str]]:
    """Scorecards from each file: scorecard JSON, JSON Lines of scorecards or of a batch's
    rows (``batch --out city.jsonl``), or evidence."""
    import json

    from ..analysis.cards import (
        is_result_row,
        is_scorecard_document,
        scorecard_from_dict,
        scorecard_from_row,
    )
    from ..formats.io import read_document
    from ..reports.scorecard import scorecard_to_dict
    from .inputs import assessment

    found: list[tuple[Any, dict[str, Any], str]] = []
    standard = None
    for path in paths:
        if path.lower().endswith((".jsonl", ".ndjson")):
            from decimal import Decimal

            try:
                with open(path, encoding="utf-8") as handle:
                    lines = handle.readlines()
            except OSError as exc:
                raise EvidenceError(path, f"cannot read the file: {exc.strerror or exc}") from None
            for n, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line, parse_float=Decimal)
                except json.JSONDecodeError as exc:
                    raise EvidenceError(path, f"line {n}: not valid JSON: {exc.msg}") from None
                where = f"{path}:{n}"
                if isinstance(row, dict) and is_result_row(row):
                    if standard is None:
                        from .inputs import DEFAULT_STANDARD

                        standard = registry.load(reference or DEFAULT_STANDARD)
                    card = scorecard_from_row(row, standard, where, assessed_on=assessed_on)
                    found.append((card, scorecard_to_dict(card), where))
                    continue
                if not isinstance(row, dict) or not is_scorecard_document(row):
                    raise EvidenceError(path, f"line {n}: neither a scorecard nor a batch's row")
                found.append((scorecard_from_dict(row, where), row, where))
            continue
        if path.lower().endswith(".json"):
            data = read_document(path, EvidenceError)
            if is_scorecard_document(data):
                found.append((scorecard_from_dict(data, path), data, path))
                continue
        card = assessment(path, registry, reference).card
        found.append((card, scorecard_to_dict(card), path))
    return found


def _language(args: argparse.Namespace) -> str:
    chosen: str | None = getattr(args, "language", None)
    return chosen or "zh"


def run(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    from ..register.store import Register

    with Register(args.db, create=args.action in _WRITES) as book:
        code: int = _ACTIONS[args.action](args, registry, book, out)
    return code


def _add(args: argparse.Namespace, registry: Registry, book: Any, out: TextIO) -> int:
    cards = _cards(args.files, registry, args.standard, args.assessed_on)
    added, skipped = book.add(cards, by=args.by, award=args.award)
    out.write(f"{args.db}: {added} assessment(s) recorded, {skipped} already there\n")
    return EXIT_OK


def _event(kind: str) -> Any:
    def action(args: argparse.Namespace, registry: Registry, book: Any, out: TextIO) -> int:
        card = None
        path = getattr(args, "file", None)
        if path:
            card = _cards([path], registry)[0]
        community = getattr(args, "community", None) or card[0].community.id  # type: ignore[index]
        state = book.record(
            community,
            kind,
            on=args.on,
            deadline=getattr(args, "deadline", None),
            note=args.note,
            by=args.by,
            card=card,
        )
        out.write(f"{community}: {kind}; title state now {state}\n")
        return EXIT_OK

    return action


def _status(args: argparse.Namespace, registry: Registry, book: Any, out: TextIO) -> int:
    from ..reports.register import status_json, status_text

    rows = book.status(args.district)
    language = _language(args)
    if args.format == "json":
        emit(args, status_json(rows), out)
    elif args.format == "html":
        from ..reports.html import status_html

        emit(args, status_html(rows, language), out)
    else:
        emit(args, status_text(rows, language), out)
    return EXIT_OK


def _due(args: argparse.Namespace, registry: Registry, book: Any, out: TextIO) -> int:
    from ..formats.standard import dumps_json

    items = book.due(args.on, every_days=args.every, within_days=args.within)
    if args.format == "json":
        emit(
            args,
            dumps_json(
                [
                    {
                        "community": row.community_id,
                        "name": row.name,
                        "district": row.district,
                        "due": what,
                        "date": day,
                        "state": row.state,
                    }
                    for row, what, day in items
                ]
            ),
            out,
        )
        return EXIT_OK
    lines = [
        f"{day}  {what:<13}  {row.community_id}  {row.name}  ({row.state})"
        for row, what, day in items
    ]
    emit(args, "\n".join(lines) + ("\n" if lines else "nothing due\n"), out)
    return EXIT_OK


def _history(args: argparse.Namespace, registry: Registry, book: Any, out: TextIO) -> int:
    import attrs

    from ..formats.standard import dumps_json

    assessments, events = book.history(args.community)
    if args.format == "html":
        from ..reports.html import history_html

        status = next(row for row in book.status() if row.community_id == args.community)
        emit(args, history_html(status, assessments, events, _language(args)), out)
        return EXIT_OK
    if args.format == "json":
        emit(
            args,
            dumps_json(
                {
                    "community": args.community,
                    "assessments": [attrs.asdict(a) for a in assessments],
                    "events": [attrs.asdict(e) for e in events],
                }
            ),
            out,
        )
        return EXIT_OK
    rows: list[tuple[str, str]] = []
    for a in assessments:
        verdict = "pass" if a.passed else "fail"
        rows.append(
            (
                a.recorded_at,
                f"{a.assessed_on or '?'}  assessment #{a.id}: {a.total} ({a.standard}) {verdict}"
                f"  recorded by {a.recorded_by} at {a.recorded_at}",
            )
        )
    for e in events:
        extra = f", deadline {e.deadline}" if e.deadline else ""
        extra += f", assessment #{e.assessment_id}" if e.assessment_id else ""
        extra += f" — {e.note}" if e.note else ""
        rows.append(
            (
                e.recorded_at,
                f"{e.on_date}  {e.kind}{extra} → {e.state}  recorded by {e.recorded_by} at {e.recorded_at}",
            )
        )
    lines = [text for _, text in sorted(rows, key=lambda r: r[0])]
    emit(args, f"{args.community}\n" + "\n".join(f"  {line}" for line in lines) + "\n", out)
    return EXIT_OK


def _export(args: argparse.Namespace, registry: Registry, book: Any, out: TextIO) -> int:
    import attrs

    if args.table == "status":
        records = [attrs.asdict(r) for r in book.status()]
    elif args.table == "assessments":
        records = [attrs.asdict(r) for r in book.assessments()]
    else:
        records = [attrs.asdict(r) for r in book.events()]
    if args.format == "parquet":
        from ..reports.register import write_parquet

        if not args.output:
            raise EvidenceError("<export>", "a Parquet file needs -o FILE")
        write_parquet(records, args.table, args.output)
        return EXIT_OK
    from ..reports.register import to_csv

    emit(args, to_csv(records, args.table), out)
    return EXIT_OK


_ACTIONS = {
    "add": _add,
    "award": _event("awarded"),
    "reinspect": _event("reinspected"),
    "notify": _event("notified"),
    "rectify": _event("rectified"),
    "revoke": _event("revoked"),
    "status": _status,
    "due": _due,
    "history": _history,
    "export": _export,
}
