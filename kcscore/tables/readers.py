"""Reading applicant lists as district offices really send them: CSV, XLSX, JSON and JSON Lines.

Every reader returns the same thing: the column headers as written, and raw rows that remember
where they came from (``row`` as the officer counts data rows, ``line`` as Excel or an editor
shows it). Cells are not interpreted here; the schema does that, so that a bad cell becomes an
error on that row and never a failed file. What the reader had to skip (titles, blank lines, a
total row, signatures) is said in ``warnings``; a file that cannot be read as a table at all
raises :class:`TableError`, in Vietnamese and English.

``read_table`` returns everything in memory; ``iter_rows`` streams the rows of CSV and JSON Lines
in constant memory (100 000 to a million rows), and of XLSX through openpyxl's read-only mode.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from kcscore.i18n import Message
from kcscore.tables.csv_reader import records as csv_records
from kcscore.tables.json_reader import array_rows, jsonl_rows
from kcscore.tables.layout import Layout
from kcscore.tables.notes import Note
from kcscore.tables.table import RawRow, Table, TableError, TableInfo
from kcscore.tables.textsource import open_text

__all__ = ["FORMATS", "RawRow", "Table", "TableError", "TableInfo", "detect_format", "iter_rows", "iter_table", "read_table"]

FORMATS = ("csv", "xlsx", "json", "jsonl")
HeaderMatcher = Callable[[str], bool]

_EXTENSIONS = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
}
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and also any password-protected Excel file
_HTML = (b"<!doctype html", b"<html", b"<table", b"<?xml")
_CSV_PLACE = Message("note.place.line")


def _save_as_xlsx(code: str, **params: object) -> TableError:
    return TableError(code, "table.hint.save_as_xlsx", **params)


def detect_format(path: Path, head: bytes, warnings: list[str]) -> str:
    """The format from the file's first bytes when they are unambiguous, else from its extension.

    Offices rename files freely (an Excel workbook saved as ``.csv``, a web system's HTML page
    saved as ``.xls``), so the content wins over the name, with a warning when they disagree.
    """
    suffix = path.suffix.lower()
    named = _EXTENSIONS.get(suffix)
    if head.startswith(_ZIP):
        if named not in (None, "xlsx"):
            warnings.append(Note("note.xlsx_named_otherwise", suffix=suffix))
        return "xlsx"
    if head.startswith(_OLE):
        raise _save_as_xlsx("table.old_excel")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_HTML):
        raise _save_as_xlsx("table.html_page")
    if named == "xlsx":
        raise _save_as_xlsx("table.not_excel", suffix=suffix)
    if named is not None:
        return named
    start = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if start[:1] in (b"[", b"{"):
        return "json"
    if suffix == ".xls":
        warnings.append(Note("note.xls_text"))
    return "csv"


def _check_path(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(4096)
    except FileNotFoundError:
        raise TableError("table.not_found", path=path) from None
    except IsADirectoryError:
        raise TableError("table.is_folder", path=path) from None
    except OSError as error:
        raise TableError("table.unreadable", path=path, reason=error.strerror) from None


def _ignored(option: str, fmt: str, warnings: list[str]) -> None:
    warnings.append(Note("note.option_ignored", option=option, format=fmt))


def _xlsx(path: Path, sheet: str | int | None, matcher: HeaderMatcher | None,
          warnings: list[str]) -> tuple[TableInfo, Iterator[RawRow]]:
    from kcscore.tables.xlsx_reader import open_xlsx

    book = open_xlsx(str(path), sheet, matcher, warnings)
    info = TableInfo(str(path), "xlsx", None, book.title, book.layout.headers, warnings, book.layout.header_end)

    def rows() -> Iterator[RawRow]:
        try:
            yield from book.layout.rows()
        finally:
            book.close()

    return info, rows()


def _csv(path: Path, encoding: str | None, delimiter: str | None, matcher: HeaderMatcher | None,
         warnings: list[str]) -> tuple[TableInfo, Iterator[RawRow]]:
    source = open_text(path, encoding)
    used, records = csv_records(source.lines, delimiter)
    layout = Layout(records, warnings, place=_CSV_PLACE, missing="", header_matcher=matcher, warn_short=True)
    info = TableInfo(str(path), "csv", source.encoding, None, layout.headers, warnings, layout.header_end, used)
    return info, layout.rows()


def _json(path: Path, fmt: str, encoding: str | None, warnings: list[str]) -> tuple[TableInfo, Iterator[RawRow]]:
    source = open_text(path, encoding)
    headers: list[str] = []
    if fmt == "jsonl":
        info = TableInfo(str(path), "jsonl", source.encoding, None, headers, warnings)
        return info, jsonl_rows(source.lines, headers, warnings)
    text = "".join(source.lines)
    if not text.strip():
        raise TableError("table.json_empty")
    rows = array_rows(text, headers, warnings)
    if rows is None:
        warnings.append(Note("note.json_lines"))
        info = TableInfo(str(path), "jsonl", source.encoding, None, headers, warnings)
        return info, jsonl_rows(iter(io.StringIO(text, newline="")), headers, warnings)
    return TableInfo(str(path), "json", source.encoding, None, headers, warnings), iter(rows)


def iter_rows(
    path: str | os.PathLike[str],
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    header_matcher: HeaderMatcher | None = None,
    format: str | None = None,
    delimiter: str | None = None,
) -> tuple[TableInfo, Iterator[RawRow]]:
    """Open a table and stream its rows.

    The file is opened, its encoding checked and its header found before this returns, so a
    TableError comes before any row. ``info.warnings`` (and, for JSON Lines, ``info.headers``) are
    complete once the iterator is exhausted. ``sheet`` is a name (case and diacritics ignored)
    or a 1-based position; ``header_matcher`` tells a column name of the pack, to find the header
    under a title; ``format`` (csv, xlsx, json, jsonl) and ``delimiter`` override detection.
    """
    file = Path(path)
    warnings: list[str] = []
    head = _check_path(file)
    if format is not None and format not in FORMATS:
        raise TableError("table.unknown_format", format=format, known=", ".join(FORMATS))
    fmt = format or detect_format(file, head, warnings)
    if sheet is not None and fmt != "xlsx":
        _ignored("--sheet", fmt.upper(), warnings)
    if encoding is not None and fmt == "xlsx":
        _ignored("--encoding", "Excel", warnings)
    if fmt == "xlsx":
        return _xlsx(file, sheet, header_matcher, warnings)
    if fmt == "csv":
        return _csv(file, encoding, delimiter, header_matcher, warnings)
    return _json(file, fmt, encoding, warnings)


iter_table = iter_rows


def read_table(
    path: str | os.PathLike[str],
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    header_matcher: HeaderMatcher | None = None,
    format: str | None = None,
    delimiter: str | None = None,
) -> Table:
    """Read a whole table into memory (see :func:`iter_rows` for the arguments)."""
    info, rows = iter_rows(path, sheet=sheet, encoding=encoding, header_matcher=header_matcher,
                           format=format, delimiter=delimiter)
    listed = list(rows)
    return Table(info.source, info.format, info.encoding, info.sheet, info.headers, info.warnings,
                 info.header_line, info.delimiter, rows=listed)
