"""`kcscore rank` end to end: choose the path for the list's size, rank, write, summarise.

Officer-sized lists go through full per-applicant assessments with the durable-rules engine. A
large list is typed into columns as it is read, so it is never held as rows, and ranked by the
columnar path (``batch.fast``). To JSON Lines that path writes the lines itself; to any other file
only the ranking keys are kept, and the full assessments are rebuilt a chunk at a time while the
file is written (``batch.stream``). ``docs/architecture.md`` has the table of routes.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from pathlib import Path
from typing import Any, NamedTuple

from kcscore.assess.result import Assessment
from kcscore.batch.result import BatchResult
from kcscore.batch.run import VECTORISE_ABOVE, run_batch
from kcscore.futuredates import submitted_warning
from kcscore.errors import OutputError, UserError
from kcscore.explain.words import words
from kcscore.wording.format import number
from kcscore.i18n import render
from kcscore.policy.ir import Policy

MAX_ERROR_LINES = 20


class RankReport(NamedTuple):
    """What ``rank`` says on stderr, and the counts its exit status depends on."""

    summary: str
    warnings: list[str]
    errors: list[str]
    counts: dict[str, int]
    missing_columns: list[str] = []
    # the ranked assessments, for ``--record``: on the chunked route rebuilt as they are read again;
    # None on the JSON Lines routes, which build no assessments
    assessments: Sequence[Assessment] | None = None


def missing_columns(policy: Policy, headers: list[str]) -> list[str]:
    """The headers of required fields that no column of the list names."""
    from kcscore.applicant import schema_for

    schema = schema_for(policy)
    present = {schema.field_for(header) for header in headers}
    return [spec.header for fid, spec in policy.fields.items() if spec.required and fid not in present]


def nothing_assessed(counts: dict[str, int], errors: list[str], lang: str, missing: list[str] = ()) -> str | None:
    """Why no applicant was assessed (the first line of a failed run), or None when some were."""
    if counts.get("assessed", 0) > 0:
        return None
    if missing and counts.get("rows", 0) > 0:
        names = ", ".join(f"'{name}'" for name in missing)
        return render("rank.none_missing_columns", lang, names=names, rows=counts["rows"])
    if counts.get("rows", 0) == 0:
        return render("rank.none_no_rows", lang)
    first = f" — {errors[0]}" if errors else ""
    return render("rank.none_all_errors", lang, rows=counts["rows"], first=first)


class InputError(UserError):
    """The list cannot be read at all (not a table, undecodable, no such sheet)."""


def open_rows(policy: Policy, path: str, sheet: str | None, encoding: str | None) -> tuple[Any, Iterator[Any]]:
    """The table's info and its rows as they are read, with the pack's headers to find the header
    line; a file that cannot be read raises InputError, whether on opening or midway."""
    from kcscore.applicant import schema_for
    from kcscore.tables.readers import iter_rows

    schema = schema_for(policy)
    with _input_errors(path):
        info, rows = iter_rows(path, sheet=sheet, encoding=encoding, header_matcher=lambda h: schema.field_for(h) is not None)

    def guarded() -> Iterator[Any]:
        with _input_errors(path):
            yield from rows

    return info, guarded()


@contextmanager
def _input_errors(path: str) -> Iterator[None]:
    """Reading errors as InputError, in both languages, naming the file."""
    from kcscore.tables.table import TableError

    try:
        yield
    except TableError as exc:
        raise InputError("error.in_file", path=path, problem=exc.with_hint()) from exc
    except OSError as exc:
        raise InputError("error.os", path=path, reason=exc.strerror or exc) from exc


def read_rows(policy: Policy, path: str, sheet: str | None, encoding: str | None) -> tuple[Any, list[Any]]:
    """The table's info and every row, with the pack's headers to find the header line."""
    info, rows = open_rows(policy, path, sheet, encoding)
    return info, list(rows)


def rank_file(policy: Policy, path: str, sheet: str | None, encoding: str | None, out: str | None, fmt: str,
              budget: int | None, as_of: dt.date | None, lang: str, engine: str, progress: bool,
              echo: Callable[..., None]) -> RankReport:
    """Read ``path`` and rank it. A large list going to a file is typed into columns as it is read
    (for JSON Lines, in two processes for a large UTF-8 JSON Lines file), never held as rows."""
    suffix = check_format(out)  # before reading: an --out that cannot be written must not cost the whole run
    if out and engine != "durable":
        if suffix == ".jsonl" and path.lower().endswith(".jsonl") and not sheet:
            from kcscore.batch.parallel import read_jsonl_columns

            parallel = read_jsonl_columns(policy, Path(path), encoding, lang)
            if parallel is not None and (parallel[0].size > VECTORISE_ABOVE or engine == "vectorised"):
                columns, _, reader_warnings = parallel
                return _rank_columns(policy, columns, out, budget, as_of, lang, _texts(reader_warnings, lang), progress)
        info, stream = open_rows(policy, path, sheet, encoding)
        head = list(islice(stream, VECTORISE_ABOVE + 1))
        if engine == "vectorised" or len(head) > VECTORISE_ABOVE:
            from kcscore.batch.columnar import ColumnReader

            columns = ColumnReader(policy, lang).add_all(_counting(chain(head, stream), progress, lang)).finish()
            del head
            warnings = _texts(getattr(info, "warnings", []) or [], lang)
            if suffix == ".jsonl":
                return _rank_columns(policy, columns, out, budget, as_of, lang, warnings, progress)
            return _rank_streamed(policy, columns, info, out, budget, as_of, lang, progress, echo)
        rows = head
    else:
        info, stream = open_rows(policy, path, sheet, encoding)
        rows = list(_counting(stream, progress, lang))
    return rank_to(policy, rows, info, out, fmt, budget, as_of, lang, engine, progress, echo)


def _rank_columns(policy: Policy, columns: Any, out: str, budget: int | None, as_of: dt.date | None, lang: str,
                  warnings: list[str], progress: bool) -> RankReport:
    """The columnar path for columns already read, with a progress bar over the assessment."""
    update, close = _progress(columns.size, progress, lang)
    try:
        return _rank_large(policy, out, budget, as_of, lang, warnings, columns=columns, update=update, close=close)
    finally:
        close()


def _texts(warnings: list[Any], lang: str) -> list[str]:
    """Reader warnings carry both languages (``.message(lang)``); others are plain text."""
    return [w.message(lang) if hasattr(w, "message") else str(w) for w in warnings]


def _rank_large(policy: Policy, out: str, budget: int | None, as_of: dt.date | None, lang: str,
                warnings: list[str], rows: list[Any] | None = None, columns: Any = None,
                update: Callable[[int], None] | None = None, close: Callable[[], None] = lambda: None) -> RankReport:
    """The columnar path for a large list written to JSON Lines, from rows or from read columns;
    ``close`` ends the progress bar (it may be called again by the caller)."""
    from kcscore.batch.fast import run_fast
    from kcscore.output.jsonl import write_lean

    collecting = gc.isenabled()
    gc.disable()  # a batch builds millions of objects and no cycles worth collecting meanwhile
    try:
        lean = run_fast(policy, rows, budget=budget, as_of=as_of, lang=lang, progress=update, columns=columns)
        if update:  # the bar ends at 100 % on its own line before the writing is announced
            update(lean.columns.size)
            close()
        with _writing(out, update is not None, lang):
            write_lean(lean, Path(out))
    finally:
        if collecting:
            gc.enable()
    if update:
        update(lean.columns.size)
    from kcscore.batch.budget import sanity_warnings

    counts = lean.summary()
    values = lean.columns.values
    future = submitted_warning(zip(values.get("id", []), values.get("submitted_on", [])), lang)
    warnings = warnings + ([future] if future else []) + sanity_warnings(lean.funding, lang)
    return RankReport(summary_line(counts, lang), warnings + lean.warnings, _error_lines(lean.errors, lang, out), counts)


def summary_line(counts: dict[str, int], lang: str) -> str:
    words = {key: render(f"status.{key}", lang) for key in ("eligible", "incomplete", "ineligible", "funded")}
    return render("rank.summary", lang, **counts, **{f"{key}_word": word for key, word in words.items()})


def _error_lines(errors: list[Any], lang: str, out: str | None) -> list[str]:
    """The bad rows for stderr: the first few when ``out`` holds them all, every one otherwise."""
    lines = []
    shown = errors[:MAX_ERROR_LINES] if out else errors
    for error in shown:
        lines.append(f"{error.where(lang)}: {error.message}")
    if len(errors) > len(shown):
        more = len(errors) - MAX_ERROR_LINES
        where = f" ({out})" if out else ""
        lines.append(render("rank.more_errors", lang, more=more, where=where))
    return lines


def _progress(total: int, show: bool, lang: str) -> tuple[Callable[[int], None] | None, Callable[[], None]]:
    if not show or total < 50:
        return None, lambda: None
    import click

    bar = click.progressbar(length=total, label=render("rank.progress", lang),
                            file=sys.stderr)
    bar.__enter__()
    state = {"done": 0}

    def update(done: int) -> None:
        if done - state["done"] >= max(1, total // 200) or done == total:
            bar.update(done - state["done"])
            state["done"] = done

    def close() -> None:  # once: the writing step closes it before the caller's own cleanup does
        if not state.get("closed"):
            state["closed"] = 1
            bar.__exit__(None, None, None)

    return update, close


READ_EVERY = 1000  # rows between two updates of the reading count


def _counting(rows: Iterator[Any], show: bool, lang: str) -> Iterator[Any]:
    """``rows`` unchanged, with a count of the rows read so far on stderr: a large spreadsheet takes
    a while to read, and a silent terminal looks like a hung one."""
    if not show:
        yield from rows
        return
    import click

    n = 0
    for n, row in enumerate(rows, start=1):
        if n % READ_EVERY == 0:
            click.echo(f"\r{render('progress.reading', lang, rows=number(n, lang))}", err=True, nl=False)
        yield row
    if n >= READ_EVERY:
        click.echo(f"\r{render('progress.reading', lang, rows=number(n, lang))}", err=True)


@contextmanager
def _writing(out: str | None, show: bool, lang: str) -> Iterator[None]:
    """Say on stderr which file is being written and, when done, how long it took: writing a large
    XLSX takes longer than scoring it, and the bar has already reached 100 %."""
    if not show or out is None:
        yield
        return
    import time

    import click

    started = time.monotonic()
    click.echo(render("progress.writing", lang, path=out), err=True, nl=False)
    try:
        yield
    finally:
        seconds = time.monotonic() - started
        click.echo(render("progress.written", lang, seconds=number(round(seconds, 1), lang)), err=True)


def check_format(out: str | None) -> str:
    """The extension of ``out`` (lower case) when ``rank`` can write it; OutputError otherwise."""
    suffix = Path(out).suffix.lower() if out else ""
    known = (".csv", ".xlsx", ".json", ".jsonl", ".md", ".html", ".pdf")
    if out and suffix not in known:
        raise OutputError("error.out.unknown_format", format=suffix or out, known=", ".join(known))
    return suffix


def rank_to(policy: Policy, rows: list[Any], info: Any, out: str | None, fmt: str, budget: int | None,
            as_of: dt.date | None, lang: str, engine: str, progress: bool,
            echo: Callable[..., None]) -> RankReport:
    """Rank ``rows`` and write the result; returns the summary line, warnings, error lines and counts."""
    suffix = check_format(out)
    warnings = _texts(getattr(info, "warnings", []) or [], lang)
    large = engine == "vectorised" or (engine == "auto" and len(rows) > VECTORISE_ABOVE)
    if large and out and suffix != ".jsonl":
        from kcscore.batch.columnar import ColumnReader

        columns = ColumnReader(policy, lang).add_all(rows).finish()
        return _rank_streamed(policy, columns, info, out, budget, as_of, lang, progress, echo)
    update, close = _progress(len(rows), progress, lang)
    try:
        if suffix == ".jsonl" and large:
            return _rank_large(policy, out or "", budget, as_of, lang, warnings, rows=rows, update=update, close=close)
        result = run_batch(policy, rows, budget=budget, as_of=as_of, lang=lang, engine=engine,
                           explain=not large, progress=update, source=getattr(info, "source", ""))
    finally:
        close()
    return _written(result, policy, info, out, fmt, lang, progress, echo)


def _rank_streamed(policy: Policy, columns: Any, info: Any, out: str, budget: int | None, as_of: dt.date | None,
                   lang: str, progress: bool, echo: Callable[..., None]) -> RankReport:
    """A large list to any file but JSON Lines: ranked from its keys, written while its assessments
    are rebuilt a chunk at a time (``batch.stream``); the report's assessments are rebuilt the same
    way if ``--record`` reads them."""
    from kcscore.batch.stream import rank_streamed

    update, close = _progress(columns.size, progress, lang)
    try:
        result = rank_streamed(policy, columns, budget, as_of, lang, getattr(info, "source", ""), update)
        if update:  # the bar ends at 100 % on its own line before the writing is announced
            update(columns.size)
    finally:
        close()
    return _written(result, policy, info, out, "", lang, progress, echo)


def _written(result: BatchResult, policy: Policy, info: Any, out: str | None, fmt: str, lang: str, progress: bool,
             echo: Callable[..., None]) -> RankReport:
    """Add the reader's and the list-wide warnings to ``result``, write it and say what was done."""
    from kcscore.batch.budget import sanity_warnings
    from kcscore.batch.stream import submitted_entries

    future = submitted_warning(submitted_entries(result), lang)
    result.warnings = (_texts(getattr(info, "warnings", []) or [], lang) + result.warnings  # the reader's too: in every report
                       + ([future] if future else []) + sanity_warnings(result.funding, lang))
    with _writing(out, progress, lang):
        _write(result, policy, out, check_format(out), fmt, lang, echo)
    counts = result.summary()
    missing = missing_columns(policy, list(getattr(info, "headers", []) or [])) if not result.assessments else []
    return RankReport(summary_line(counts, lang), result.warnings, _error_lines(result.errors, lang, out), counts, missing,
                      result.assessments)


def _write(result: BatchResult, policy: Policy, out: str | None, suffix: str, fmt: str, lang: str,
           echo: Callable[..., None]) -> None:
    if out is None:
        if fmt == "json":
            echo(json.dumps(result.to_json(words(policy)), ensure_ascii=False, indent=2))
        else:
            from kcscore.output.ranktext import render
            from kcscore.report.term import detect

            from kcscore.report.view import order_text

            # a statutory order puts groups before the score, so the score column alone does not explain it
            order = order_text(policy, lang) if policy.meta.ranking.mode == "statutory" else ""
            # fitted and coloured on a terminal, plain into a pipe or a file
            echo(render(result, policy, lang, with_errors=False, term=detect(sys.stdout),
                        order=order))  # bad rows go to stderr
        return
    from kcscore.output.writers import write_result

    write_result(result, Path(out), policy, lang)
