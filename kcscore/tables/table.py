"""What a reader hands to the batch: rows exactly as the officer typed them, and where they came from.

Readers do not interpret cells (numbers, dates and labels are the schema's job, in ``values.py``);
they only find the table inside the file, say what they had to skip, and keep each row's position
so every message can point the officer at the right line of the right sheet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kcscore.i18n import pick, render

__all__ = ["RawRow", "Table", "TableError", "TableInfo"]


@dataclass
class RawRow:
    """One data row.

    ``row`` is the 1-based data row as the officer counts it (the spreadsheet line minus the
    header lines, so blank lines in between still count); ``line`` is the physical position: the
    Excel row number for XLSX, the row Excel would show for CSV (a quoted cell spanning several
    text lines is one row), the text line for JSON Lines and the line where the object starts for
    a JSON array. ``cells`` maps the header text to the raw cell. ``problem`` (vi, en) is set when
    the row exists but cannot be read at all (a JSON Lines line that is not an object, a formula
    without a computed value): the row must then be reported as an error, never dropped.
    """

    row: int
    line: int
    cells: dict[str, Any]
    problem: tuple[str, str] | None = None


@dataclass
class TableInfo:
    """Everything about a table except its rows.

    When rows are streamed, ``warnings`` (and, for JSON Lines, ``headers``) are completed as the
    rows are read: read them after the row iterator is exhausted.
    """

    source: str
    format: str  # csv | xlsx | json | jsonl
    encoding: str | None  # for text formats
    sheet: str | None  # for xlsx
    headers: list[str]
    warnings: list[str] = field(default_factory=list)
    header_line: int = 0  # last line of the header, so row = line - header_line (0 for JSON)
    delimiter: str | None = None  # for csv


@dataclass
class Table(TableInfo):
    """A whole table in memory."""

    rows: list[RawRow] = field(default_factory=list)

    def __iter__(self) -> Iterator[RawRow]:
        return iter(self.rows)


class TableError(Exception):
    """The whole file cannot be read as a table (not a table, undecodable, sheet not found...).

    ``vi``/``en`` say what is wrong, ``hint_vi``/``hint_en`` what to do about it; ``line`` is the
    line concerned when there is one. Bad rows are never a TableError: they are rows with problems.
    """

    def __init__(self, vi: str, en: str, hint_vi: str = "", hint_en: str = "", line: int | None = None) -> None:
        super().__init__(vi, en, hint_vi, hint_en, line)
        self.vi = vi
        self.en = en
        self.hint_vi = hint_vi
        self.hint_en = hint_en
        self.line = line

    def message(self, lang: str = "vi") -> str:
        """The full message in one language: what is wrong, then what to do."""
        text, hint = pick(self.vi, self.en, lang), pick(self.hint_vi, self.hint_en, lang)
        if not hint:
            return text
        return render("table.fix", lang, text=text, hint=hint)

    def __str__(self) -> str:
        return f"{self.message('vi')} ({self.message('en')})"
