"""The ranking as CSV, and its bad rows in a side file ``<name>.errors.csv``.

Format: RFC 4180 (comma, double-quote quoting, CRLF line ends), UTF-8 **with BOM** so that Excel
opens Vietnamese text correctly on a double click. Numbers are written the way machines read
them (``250000000``, ``7.5``); text that a spreadsheet could run as a formula gets a leading
apostrophe (``kcscore.output.safecell``).

The side file is always written, header only when every row was read, so an errors file left
from an earlier run can never be mistaken for this run's. It is written before the ranking, each
atomically, and removed again when the ranking cannot be written (a failure, Ctrl-C).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from kcscore.batch.result import BatchResult
from kcscore.fileio import write_atomic
from kcscore.policy.ir import Policy
from kcscore.output.safecell import clean_text, safe_cell
from kcscore.output.write_labels import ERROR_COLUMNS, lang_of
from kcscore.output.write_table import RankingTable, error_rows, num

ENCODING = "utf-8-sig"  # UTF-8 with BOM: Excel on Windows guesses a legacy code page without it


def errors_path(path: Path) -> Path:
    """``ket-qua.csv`` -> ``ket-qua.errors.csv``, beside it."""
    path = Path(path)
    return path.with_name(f"{path.stem}.errors{path.suffix}")


def csv_value(value: Any) -> str:
    """How one typed cell looks in CSV: blank, a machine number, or guarded text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        shown = num(value)
        return str(shown)
    return safe_cell(clean_text(str(value)))


def write_rows(handle: BinaryIO, header: list[str], rows: Iterable[list[Any]]) -> None:
    """Stream rows into a binary handle as UTF-8-with-BOM CSV."""
    text = io.TextIOWrapper(handle, encoding=ENCODING, newline="", write_through=False)
    try:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([csv_value(h) for h in header])
        for row in rows:
            writer.writerow([csv_value(v) for v in row])
        text.flush()
    finally:
        text.detach()  # the handle belongs to write_atomic, which syncs and closes it


def write_csv(result: BatchResult, path: Path, policy: Policy, lang: str = "vi") -> None:
    lang = lang_of(lang)
    table = RankingTable(result, policy, lang)
    side = errors_path(path)
    write_atomic(side, lambda h: write_rows(h, list(ERROR_COLUMNS[lang]), error_rows(result.errors)))
    try:
        write_atomic(Path(path), lambda h: write_rows(h, table.headers, table.rows()))
    except BaseException:  # failed or interrupted: this run's error file must not sit beside another ranking
        side.unlink(missing_ok=True)
        raise
