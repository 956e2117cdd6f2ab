"""The ranking as an Excel workbook an officer can sort, filter and print.

Sheets (Vietnamese names; English with ``lang="en"``):
- **Xếp hạng** — one row per applicant, the same columns as the CSV; funded rows filled pale
  green and, with a budget, a red funding-line row after the last funded applicant; rank, id and
  name stay in view while scrolling right;
- **Giải trình** — one row per applicant: each condition, each criterion's points / maximum with
  its sentence and legal source, warnings, blank fields and what they hold back, the points left
  on the table, and the support formula (``kcscore.output.write_explain``);
- **Lỗi** — one row per bad cell of the input, numbered as the row Excel shows in the input file
  (where the officer will scroll to), with the field's Vietnamese label;
- **Thông tin** — the pack's id, version and sha256, the as-of date, counts and the budget line.

Every sheet prints on A4 with its header row repeated (``write_book.print_setup``).
Written in openpyxl's write-only mode (rows are streamed, styles are shared) and saved with fixed
timestamps, so the same input gives a byte-identical file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from kcscore.batch.result import BatchResult
from kcscore.fileio import write_atomic
from kcscore.policy.ir import Policy
from kcscore.output.write_book import Banner, Shown, money_cell, new_workbook, print_setup, save_reproducible, table_sheet, text_cell
from kcscore.output.write_explain import COLUMNS as EXPLAIN_COLUMNS
from kcscore.output.write_explain import KINDS as EXPLAIN_KINDS
from kcscore.output.write_explain import explanation_row
from kcscore.output.write_labels import ERROR_COLUMNS, INFO, PHRASES, SHEETS, lang_of
from kcscore.output.write_table import RankingTable, error_rows, num
from kcscore.report.view import funding_line

_ERROR_KINDS = ("int", "text", "text", "text", "long", "long")


def info_rows(result: BatchResult, policy: Policy, lang: str) -> list[tuple[str, Any, bool]]:
    """(label, value, is_money) lines of the about sheet."""
    w = INFO[lang]
    header = result.policy
    rows: list[tuple[str, Any, bool]] = [
        (w["policy"], str(header.get("id", policy.meta.id)), False),
        (w["title"], policy.meta.title.get(lang), False),
        (w["version"], str(header.get("version", policy.meta.version)), False),
        (w["sha256"], str(header.get("sha256", policy.sha256)), False),
        (w["as_of"], str(header.get("as_of") or w["as_of_each"]), False),
    ]
    if result.source:
        rows.append((w["source"], result.source, False))
    summary = result.summary()
    for key in ("rows", "assessed", "eligible", "incomplete", "ineligible", "errors"):
        rows.append((w[key], summary[key], False))
    funding = result.funding
    if funding is not None:
        rows += [(w["funded"], summary["funded"], False), (w["budget"], funding.budget, True),
                 (w["committed"], funding.committed, True), (w["left"], funding.left, True),
                 (w["rule"], w.get(funding.rule, funding.rule), False)]
        if funding.line_after_rank is not None:
            rows.append((w["line"], funding.line_after_rank, False))
        if funding.first_unfunded_id is not None:
            rows.append((w["first_unfunded"], funding.first_unfunded_id, False))
            if funding.first_unfunded_lacked is not None:
                rows.append((w["lacked"], funding.first_unfunded_lacked, True))
            if funding.first_unfunded_text:
                rows.append(("", funding.first_unfunded_text, False))
    for warning in result.warnings:
        rows.append((w["warning"], warning, False))
    return rows


def provisional(score: float, lang: str) -> Shown:
    """An incomplete applicant's score: the points its known fields already earn, said to be provisional."""
    word = PHRASES[lang]["provisional"]
    value = num(score) or 0
    return Shown(value, f'"{word} "General', f"{word} {value}")


def ranking_rows(result: BatchResult, table: RankingTable) -> tuple[list[list[Any] | Banner], list[bool]]:
    """The ranking sheet's rows with the funding line placed after the last funded applicant (before
    the first ranked one when none is funded), and which rows are funded."""
    rows: list[list[Any] | Banner] = [table.row(a) for a in result.assessments]
    marked = [bool(a.funded) for a in result.assessments]
    score = [c.key for c in table.columns].index("score")
    for row, a in zip(rows, result.assessments):
        if a.decision == "incomplete":
            row[score] = provisional(a.provisional_score, table.lang)  # type: ignore[index]
    funding = result.funding
    if funding is not None:
        head, first = funding_line(funding, table.lang)
        last = funding.line_after_rank
        above = [i for i, a in enumerate(result.assessments) if a.funded or (last is not None and a.rank == last)]
        ranked = [i for i, a in enumerate(result.assessments) if a.rank is not None]
        at = above[-1] + 1 if above else (ranked[0] if ranked else 0)
        rows.insert(at, Banner(f"{head}. {first}" if first else head))
        marked.insert(at, False)
    return rows, marked


def build_workbook(result: BatchResult, policy: Policy, lang: str) -> Any:
    lang = lang_of(lang)
    names = SHEETS[lang]
    table = RankingTable(result, policy, lang)
    wb = new_workbook(write_only=True)

    ranking, marked = ranking_rows(result, table)
    table_sheet(wb, names["ranking"], table.headers, [c.kind for c in table.columns], ranking, freeze="D2",
                marked=marked)
    del ranking

    explain = [explanation_row(a, table) for a in result.assessments]
    table_sheet(wb, names["explain"], list(EXPLAIN_COLUMNS[lang]), EXPLAIN_KINDS, explain)
    del explain

    table_sheet(wb, names["errors"], list(ERROR_COLUMNS[lang]), _ERROR_KINDS,
                list(error_rows(result.errors, policy, lang, sheet_rows=True)))

    ws = wb.create_sheet(names["info"])
    print_setup(ws, landscape=False)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 80
    w = INFO[lang]
    ws.append([text_cell(ws, w["key"]), text_cell(ws, w["value"])])
    for label, value, money in info_rows(result, policy, lang):
        shown = money_cell(ws, value) if money else (text_cell(ws, value) if isinstance(value, str) else value)
        ws.append([text_cell(ws, label), shown])
    return wb


def write_xlsx(result: BatchResult, path: Path, policy: Policy, lang: str = "vi") -> None:
    wb = build_workbook(result, policy, lang)

    def writer(handle: BinaryIO) -> None:
        save_reproducible(wb, handle)

    write_atomic(Path(path), writer)
