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

from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from kcscore.assess.result import Assessment
from kcscore.batch.result import BatchResult
from kcscore.fileio import write_atomic
from kcscore.policy.ir import Policy
from kcscore.output.write_book import (Banner, Shown, TableSheet, Widths, money_cell, new_workbook, print_setup,
                                       save_reproducible, table_sheet, text_cell)
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
            first = funding.first_unfunded_text(lang)
            if first:
                rows.append(("", first, False))
    for warning in result.warnings:
        rows.append((w["warning"], warning, False))
    return rows


def provisional(score: float, lang: str) -> Shown:
    """An incomplete applicant's score: the points its known fields already earn, said to be provisional."""
    word = PHRASES[lang]["provisional"]
    value = num(score) or 0
    return Shown(value, f'"{word} "General', f"{word} {value}")


def ranking_rows(result: BatchResult, table: RankingTable) -> Iterator[tuple[list[Any] | Banner, bool, Assessment | None]]:
    """The ranking sheet's rows, one at a time, with the funding line placed after the last funded
    applicant (before the first ranked one when none is funded): (row, funded, its assessment; None
    for the line)."""
    funding = result.funding
    at = None if funding is None else line_index(result)
    banner = None
    if funding is not None:
        head, first = funding_line(funding, table.lang)
        banner = Banner(f"{head}. {first}" if first else head)
    score = [c.key for c in table.columns].index("score")
    index = -1
    for index, a in enumerate(result.assessments):
        if index == at:
            yield banner, False, None  # type: ignore[misc]
        row = table.row(a)
        if a.decision == "incomplete":
            row[score] = provisional(a.provisional_score, table.lang)
        yield row, bool(a.funded), a
    if index + 1 == at:
        yield banner, False, None  # type: ignore[misc]


def line_index(result: BatchResult) -> int:
    """How many applicant rows precede the funding line on the ranking sheet: the applicants down to
    the rank ``Funding.line_after_rank`` (eligible ones come first, ranked 1, 2, …). When none is
    funded, before the first row, or after the last when some applicant is not ranked at all."""
    counts = result.summary()
    last = result.funding.line_after_rank if result.funding is not None else None
    if last is not None:
        return last
    return counts["assessed"] if counts["assessed"] > counts["eligible"] else 0


def build_workbook(result: BatchResult, policy: Policy, lang: str) -> Any:
    """The workbook, its two applicant sheets filled side by side: the applicants are read once to
    fit the columns and once to write them, one at a time."""
    lang = lang_of(lang)
    names = SHEETS[lang]
    table = RankingTable(result, policy, lang)
    wb = new_workbook(write_only=True)
    rank_kinds = [c.kind for c in table.columns]
    explain_heads = list(EXPLAIN_COLUMNS[lang])
    rank_widths, explain_widths = Widths(table.headers, rank_kinds), Widths(explain_heads, EXPLAIN_KINDS)
    for row, _, a in ranking_rows(result, table):
        rank_widths.add(row)
        if a is not None:
            explain_widths.add(explanation_row(a, table))
    ranking = TableSheet(wb, names["ranking"], table.headers, rank_kinds, rank_widths.widths(), freeze="D2")
    explain = TableSheet(wb, names["explain"], explain_heads, EXPLAIN_KINDS, explain_widths.widths())
    for row, funded, a in ranking_rows(result, table):
        ranking.append(row, funded)
        if a is not None:
            explain.append(explanation_row(a, table))
    ranking.close()
    explain.close()

    table_sheet(wb, names["errors"], list(ERROR_COLUMNS[lang]), _ERROR_KINDS,
                list(error_rows(result.errors, policy, lang)))

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
