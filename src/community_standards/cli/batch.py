"""``community-standards batch``: a whole city's table scored in one command, with its summary.

Each TABLE is a CSV, ``.xlsx`` or Parquet file with one row per community, or a folder of
evidence files (TOML, JSON, ``.xlsx``), one community each. Bad rows do not stop the run:
each problem is printed on one line naming the row and the column, the valid rows are
scored, and the exit code is 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from ..messages.catalogue import ntranslate, translate
from ..messages.sentences import sentence_in
from ..messages.terminal import problem_line
from ..model.errors import CommunityStandardsError, EvidenceError
from ..versions.registry import Registry
from .score import DEFAULT_STANDARD
from .shell import EXIT_BAD_INPUT, EXIT_OK, MAX_LINE, error_language, report_language

if TYPE_CHECKING:
    from ..formats.table import RowProblem

HELP = "score a city's table (CSV, XLSX, Parquet or a folder of evidence files)"

_EVIDENCE_SUFFIXES = (".toml", ".json", ".xlsx")


def configure(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "tables",
        nargs="+",
        metavar="TABLE",
        help="a .csv, .xlsx or .parquet table, or a folder of evidence files",
    )
    sub.add_argument(
        "--standard", metavar="ID[@VERSION]|FILE", help=f"the standard (default {DEFAULT_STANDARD})"
    )
    sub.add_argument(
        "--out",
        metavar="FILE",
        help="write one row per community; .csv, .xlsx, .parquet or .jsonl by the suffix",
    )
    sub.add_argument(
        "--summary",
        metavar="FILE",
        help="write the city's summary: .json for JSON, .html for a page with charts "
        "(the html extra), otherwise Markdown",
    )
    sub.add_argument(
        "--errors",
        metavar="FILE",
        help="also write every problem to FILE: .csv, otherwise JSON Lines",
    )
    sub.add_argument(
        "--encoding",
        default="utf-8",
        metavar="NAME",
        help="the encoding of CSV tables (default utf-8, with or without BOM; e.g. gbk)",
    )
    sub.add_argument(
        "--strict", action="store_true", help="a missing fact is an error instead of 'not assessed'"
    )
    sub.add_argument(
        "--explain", metavar="ID", help="print the full scorecard of the community with this id"
    )
    sub.add_argument(
        "--engine",
        choices=["columnar", "object"],
        default="columnar",
        help="score whole columns at once, or one community at a time (the same results)",
    )
    sub.add_argument("--quiet", action="store_true", help="no progress bar")


def _evidence_files(folder: str) -> list[str]:
    return sorted(
        os.path.join(folder, name)
        for name in os.listdir(folder)
        if name.lower().endswith(_EVIDENCE_SUFFIXES) and not name.startswith((".", "~$"))
    )


def _progress(args: argparse.Namespace) -> Any:
    quiet = args.quiet or not sys.stderr.isatty()
    if quiet:
        return None
    from tqdm import tqdm

    return tqdm(total=None, unit=" communities", file=sys.stderr, leave=False)


def run(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    from ..analysis.summary import Summariser
    from ..formats.table import TableWriter
    from ..scoring.table import result_columns

    standard = registry.load(args.standard or DEFAULT_STANDARD)
    args.lang = report_language(args, standard)
    for path in args.tables:
        if not os.path.exists(path):
            raise EvidenceError(path, "no such file or folder")
    problems: list[RowProblem] = []
    summariser = Summariser(standard, args.lang)
    explained: list[Any] = []
    writer = TableWriter(args.out, result_columns(standard)) if args.out else None
    bar = _progress(args)
    scored = 0
    try:
        for path in args.tables:
            for batch in _results(path, standard, args, problems, explained):
                summariser.add(batch)
                if writer is not None:
                    writer.write(batch)
                scored += batch.num_rows
                if bar is not None:
                    bar.update(batch.num_rows)
                del batch  # not held while the next batch is scored
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    finally:
        if bar is not None:
            bar.close()
    if writer is not None:
        writer.close()
    summary = summariser.result()
    language = error_language(args)
    head = translate(language, "error")
    for problem in problems:
        print(problem_line(f"{head}: {_row_problem(problem, language)}", MAX_LINE), file=sys.stderr)
    if args.errors:
        _write_errors(args.errors, problems)
    _report(args, standard, summary, explained, out)
    print(_tally(language, scored, summary.passed, len(problems)), file=sys.stderr)
    return EXIT_BAD_INPUT if problems else EXIT_OK


def _row_problem(problem: RowProblem, language: str) -> str:
    """A bad row's problem in ``language``: the table, the row and column, the sentence."""
    sentence = sentence_in(language, problem.message)
    if not problem.row:  # a problem in an evidence file: the column is its path
        return f"{problem.source}: {problem.column + ': ' if problem.column else ''}{sentence}"
    if problem.column:
        where = translate(
            language, "row {row}, column {column}", row=problem.row, column=repr(problem.column)
        )
    else:
        where = translate(language, "row {row}", row=problem.row)
    return f"{problem.source}: {where}: {sentence}"


def _tally(language: str, scored: int, passed: int, problems: int) -> str:
    """The closing line: how many communities were scored and passed, how many problems."""
    line = ntranslate(
        language,
        "{n} community scored, {passed} passed",
        "{n} communities scored, {passed} passed",
        scored,
        passed=passed,
    )
    if problems:
        line += ntranslate(
            language, "; {n} problem in the input", "; {n} problems in the input", problems
        )
    return line


def _report(
    args: argparse.Namespace, standard: Any, summary: Any, explained: list[Any], out: TextIO
) -> None:
    from ..formats.io import write_atomic
    from ..reports.scorecard import scorecard_text
    from ..reports.summary import summary_json, summary_markdown

    if args.summary:
        suffix = args.summary.lower()
        if suffix.endswith(".json"):
            text = summary_json(summary)
        elif suffix.endswith((".html", ".htm")):
            from ..reports.html import summary_html

            text = summary_html(summary, args.lang, standard=standard)
        else:
            text = summary_markdown(summary, args.lang, standard=standard)
        write_atomic(args.summary, text)
    if args.explain is not None:
        if not explained:
            raise EvidenceError(
                ", ".join(args.tables), f"no community with id {args.explain!r} was scored"
            )
        for card in explained:
            out.write(scorecard_text(card, standard, args.lang))
    elif not args.out and not args.summary:
        out.write(summary_markdown(summary, args.lang, standard=standard))


def _results(
    path: str,
    standard: Any,
    args: argparse.Namespace,
    problems: list[Any],
    explained: list[Any],
) -> Iterator[Any]:
    from ..formats.table import RowProblem, read_table, table_layout

    if os.path.isdir(path):
        yield from _folder(path, standard, args, problems, explained)
        return
    try:
        header, batches = read_table(path, encoding=args.encoding)
        layout = table_layout(header, standard, path)
    except CommunityStandardsError as error:
        problems.extend(
            RowProblem(source=error.source, row=0, column=problem.path, message=problem.message)
            for problem in error.problems
        )
        return
    try:
        if args.engine == "object":
            yield from _object_path(layout, header, batches, args, problems, explained)
        else:
            from ..scoring.columnar import score_stream

            yield from score_stream(
                layout,
                batches,
                problems,
                strict=args.strict,
                explain=args.explain,
                explained=explained,
            )
    except CommunityStandardsError as error:  # the file broke off while being read
        problems.extend(
            RowProblem(source=error.source, row=0, column=problem.path, message=problem.message)
            for problem in error.problems
        )


def _object_path(
    layout: Any,
    header: list[str],
    batches: Any,
    args: argparse.Namespace,
    problems: list[Any],
    explained: list[Any],
) -> Iterator[Any]:
    from ..scoring.table import OBJECT_BATCH, results_batch, score_rows, scorecard_row

    rows: list[dict[str, object]] = []
    for _, evidence, card in score_rows(layout, batches, header, problems, strict=args.strict):
        if evidence.community.id == args.explain:
            explained.append(card)
        rows.append(scorecard_row(card))
        if len(rows) >= OBJECT_BATCH:
            yield results_batch(layout.standard, rows)
            rows = []
    if rows:
        yield results_batch(layout.standard, rows)


def _folder(
    folder: str,
    standard: Any,
    args: argparse.Namespace,
    problems: list[Any],
    explained: list[Any],
) -> Iterator[Any]:
    from ..formats.evidence import read_evidence_document
    from ..formats.table import RowProblem
    from ..scoring.evaluate import score
    from ..scoring.reading import evidence_from_dict
    from ..scoring.table import OBJECT_BATCH, results_batch, scorecard_row

    rows: list[dict[str, object]] = []
    for path in _evidence_files(folder):
        try:
            document = read_evidence_document(path)
            named = document.get("standard")
            if isinstance(named, str) and named not in (standard.ref, standard.id):
                raise EvidenceError(
                    path, f"names the standard {named!r}; this run scores {standard.ref}"
                )
            evidence = evidence_from_dict(document, standard, path, strict=args.strict)
        except CommunityStandardsError as error:
            problems.extend(
                RowProblem(source=error.source, row=0, column=problem.path, message=problem.message)
                for problem in error.problems
            )
            continue
        card = score(standard, evidence)
        if evidence.community.id == args.explain:
            explained.append(card)
        rows.append(scorecard_row(card))
        if len(rows) >= OBJECT_BATCH:
            yield results_batch(standard, rows)
            rows = []
    if rows:
        yield results_batch(standard, rows)


def _write_errors(target: str, problems: list[Any]) -> None:
    import csv
    import io
    import json

    from ..formats.io import write_atomic

    if target.lower().endswith(".csv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["source", "row", "column", "message"])
        for problem in problems:
            writer.writerow([problem.source, problem.row, problem.column, problem.message])
        write_atomic(target, buffer.getvalue())
    else:
        write_atomic(
            target,
            "".join(json.dumps(p.to_dict(), ensure_ascii=False) + "\n" for p in problems),
        )
