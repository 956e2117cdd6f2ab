"""`kcscore rank` end to end: choose the path for the list's size, rank, write, summarise.

Officer-sized lists, and any output that shows whole explanations (XLSX, HTML, Markdown, JSON,
CSV), go through full per-applicant assessments. A large list written to JSON Lines goes through
the columnar path, which produces the same lines (``batch.fast``) in a fraction of the time and
memory.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kcscore.batch.result import BatchResult
from kcscore.batch.run import VECTORISE_ABOVE, run_batch
from kcscore.policy.ir import Policy

MAX_ERROR_LINES = 20


class OutputError(Exception):
    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


class InputError(Exception):
    """The list cannot be read at all (not a table, undecodable, no such sheet)."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


def read_rows(policy: Policy, path: str, sheet: str | None, encoding: str | None) -> tuple[Any, list[Any]]:
    """The table's info and every row, with the pack's headers to find the header line."""
    from kcscore.applicant import schema_for
    from kcscore.tables.readers import iter_rows
    from kcscore.tables.table import TableError

    schema = schema_for(policy)
    try:
        info, rows = iter_rows(path, sheet=sheet, encoding=encoding, header_matcher=lambda h: schema.field_for(h) is not None)
        return info, list(rows)
    except TableError as exc:
        raise InputError(f"{path}: {exc.vi}" + (f"\n  {exc.hint_vi}" if exc.hint_vi else ""),
                         f"{path}: {exc.en}" + (f"\n  {exc.hint_en}" if exc.hint_en else "")) from exc
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}", f"{path}: {exc.strerror or exc}") from exc


def rank_file(policy: Policy, path: str, sheet: str | None, encoding: str | None, out: str | None, fmt: str,
              budget: int | None, as_of: dt.date | None, lang: str, engine: str, progress: bool,
              echo: Callable[..., None]) -> tuple[str, list[str], list[str]]:
    """Read ``path`` and rank it; a large JSON Lines list going to JSON Lines is read with both cores."""
    if out and out.lower().endswith(".jsonl") and engine != "durable" and path.lower().endswith(".jsonl") and not sheet:
        from kcscore.batch.parallel import read_jsonl_columns

        parallel = read_jsonl_columns(policy, Path(path), encoding, lang)
        if parallel is not None and (parallel[0].size > VECTORISE_ABOVE or engine == "vectorised"):
            columns, _, reader_warnings = parallel
            return _rank_large(policy, out, budget, as_of, lang, _texts(reader_warnings, lang), columns=columns)
    info, rows = read_rows(policy, path, sheet, encoding)
    return rank_to(policy, rows, info, out, fmt, budget, as_of, lang, engine, progress, echo)


def _texts(warnings: list[Any], lang: str) -> list[str]:
    """Reader warnings carry both languages (``.message(lang)``); others are plain text."""
    return [w.message(lang) if hasattr(w, "message") else str(w) for w in warnings]


def _rank_large(policy: Policy, out: str, budget: int | None, as_of: dt.date | None, lang: str,
                warnings: list[str], rows: list[Any] | None = None, columns: Any = None,
                update: Callable[[int], None] | None = None) -> tuple[str, list[str], list[str]]:
    """The columnar path for a large list written to JSON Lines, from rows or from read columns."""
    from kcscore.batch.fast import run_fast
    from kcscore.batch.jsonl import write_lean

    collecting = gc.isenabled()
    gc.disable()  # a batch builds millions of objects and no cycles worth collecting meanwhile
    try:
        lean = run_fast(policy, rows, budget=budget, as_of=as_of, lang=lang, progress=update, columns=columns)
        write_lean(lean, Path(out))
    finally:
        if collecting:
            gc.enable()
    if update:
        update(lean.columns.size)
    from kcscore.batch.budget import sanity_warnings

    warnings = warnings + lean.warnings + sanity_warnings(lean.funding, lang)
    return summary_line(lean.summary(), lang), warnings, _error_lines(lean.errors, lang, out)


def summary_line(counts: dict[str, int], lang: str) -> str:
    if lang == "vi":
        return (f"Đã xét {counts['assessed']} hồ sơ: {counts['eligible']} đủ điều kiện, {counts['incomplete']} chưa đủ "
                f"thông tin, {counts['ineligible']} không đủ điều kiện; {counts['funded']} được hỗ trợ; "
                f"{counts['errors']} dòng lỗi (tổng {counts['rows']} dòng)")
    return (f"Assessed {counts['assessed']} applicants: {counts['eligible']} eligible, {counts['incomplete']} incomplete, "
            f"{counts['ineligible']} ineligible; {counts['funded']} funded; {counts['errors']} rows with errors "
            f"({counts['rows']} rows in all)")


def _error_lines(errors: list[Any], lang: str, out: str | None) -> list[str]:
    lines = []
    for error in errors[:MAX_ERROR_LINES]:
        lines.append(f"{error.where(lang)}: {error.message}")
    if len(errors) > MAX_ERROR_LINES:
        more = len(errors) - MAX_ERROR_LINES
        where = f" ({out})" if out else ""
        lines.append(f"… và {more} dòng lỗi khác{where}" if lang == "vi" else f"… and {more} more rows with errors{where}")
    return lines


def _progress(total: int, show: bool, lang: str) -> tuple[Callable[[int], None] | None, Callable[[], None]]:
    if not show or total < 50:
        return None, lambda: None
    import click

    bar = click.progressbar(length=total, label="Đang xét hồ sơ" if lang == "vi" else "Assessing",
                            file=click.get_text_stream("stderr"))
    bar.__enter__()
    state = {"done": 0}

    def update(done: int) -> None:
        if done - state["done"] >= max(1, total // 200) or done == total:
            bar.update(done - state["done"])
            state["done"] = done

    return update, lambda: bar.__exit__(None, None, None)


def rank_to(policy: Policy, rows: list[Any], info: Any, out: str | None, fmt: str, budget: int | None,
            as_of: dt.date | None, lang: str, engine: str, progress: bool,
            echo: Callable[..., None]) -> tuple[str, list[str], list[str]]:
    """Rank ``rows`` and write the result; returns (summary line, warnings, error lines)."""
    suffix = Path(out).suffix.lower() if out else ""
    known = (".csv", ".xlsx", ".json", ".jsonl", ".md", ".html")
    if out and suffix not in known:
        raise OutputError(f"không ghi được định dạng '{suffix or out}' (dùng: {', '.join(known)})",
                          f"cannot write '{suffix or out}' (use: {', '.join(known)})")
    warnings = _texts(getattr(info, "warnings", []) or [], lang)
    update, close = _progress(len(rows), progress, lang)
    large = engine == "vectorised" or (engine == "auto" and len(rows) > VECTORISE_ABOVE)
    try:
        if suffix == ".jsonl" and large:
            return _rank_large(policy, out or "", budget, as_of, lang, warnings, rows=rows, update=update)
        result = run_batch(policy, rows, budget=budget, as_of=as_of, lang=lang, engine=engine,
                           explain=not large, progress=update, source=getattr(info, "source", ""))
    finally:
        close()
    from kcscore.batch.budget import sanity_warnings

    result.warnings = warnings + result.warnings + sanity_warnings(result.funding, lang)  # all belong in every report
    warnings = result.warnings
    _write(result, policy, out, suffix, fmt, lang, echo)
    shown_on_stdout = out is None and fmt == "text"  # the text ranking already lists the bad rows
    return summary_line(result.summary(), lang), warnings, [] if shown_on_stdout else _error_lines(result.errors, lang, out)


def _write(result: BatchResult, policy: Policy, out: str | None, suffix: str, fmt: str, lang: str,
           echo: Callable[..., None]) -> None:
    if out is None:
        if fmt == "json":
            echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        else:
            from kcscore.report.ranktext import render

            echo(render(result, lang))
        return
    from kcscore.tables.writers import write_result

    write_result(result, Path(out), policy, lang)
