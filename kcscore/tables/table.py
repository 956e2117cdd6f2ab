"""What a reader hands to the batch: rows exactly as the officer typed them, and where they came from.

Readers do not interpret cells (numbers, dates and labels are the schema's job, in ``values.py``);
they only find the table inside the file, say what they had to skip, and keep each row's position
so every message can point the officer at the right line of the right sheet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kcscore.i18n import Message, Spoken, render

__all__ = ["RawRow", "Table", "TableError", "TableInfo"]


@dataclass
class RawRow:
    """One data row.

    ``row`` is the 1-based data row as the officer counts it (the spreadsheet line minus the
    header lines, so blank lines in between still count); ``line`` is the physical position: the
    Excel row number for XLSX, the row Excel would show for CSV (a quoted cell spanning several
    text lines is one row), the text line for JSON Lines and the line where the object starts for
    a JSON array. ``cells`` maps the header text to the raw cell. ``problem`` (a catalogue message) is set when
    the row exists but cannot be read at all (a JSON Lines line that is not an object, a formula
    without a computed value): the row must then be reported as an error, never dropped.
    """

    row: int
    line: int
    cells: dict[str, Any]
    problem: Message | None = None
    sheet_row: bool = False  # ``line`` is a row number of an Excel sheet, said "hàng Excel", not "dòng"


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


class TableError(Spoken, Exception):
    """The whole file cannot be read as a table (not a table, undecodable, sheet not found...).

    ``said`` says what is wrong and ``hint`` what to do about it, as catalogue codes and their
    parameters (``i18n/tables.py``), said in the user's language only where the error is shown;
    ``line`` is the line concerned when there is one. Bad rows are never a TableError: they are
    rows with problems.
    """

    def __init__(self, code: str, hint: str | Message | None = None, line: int | None = None,
                 **params: object) -> None:
        self.said = Message(code, {"line": line, **params})  # what is wrong; a message may say the line
        self.hint = Message(hint) if isinstance(hint, str) else hint
        self.line = line
        super().__init__(code, self.hint, line, params)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (_table_error, (self.said, self.hint, self.line))

    @classmethod
    def of(cls, what: Message, hint: Message | None = None, line: int | None = None) -> TableError:
        """A TableError saying a message already built (an encoding problem found while decoding)."""
        return cls(what.code, hint, line, **{name: value for name, value in what.params.items() if name != "line"})

    def message(self, lang: str | None = "vi") -> str:
        """The full message in one language: what is wrong, then what to do."""
        text = self.said.say(lang)
        if self.hint is None:
            return text
        return render("table.fix", lang, text=text, hint=self.hint.say(lang))

    def with_hint(self) -> Message:
        """What is wrong, then on an indented line what to do: the problem quoted in a file error."""
        return self.said if self.hint is None else Message("table.with_hint", {"text": self.said, "hint": self.hint})

    @property
    def hint_vi(self) -> str:
        return "" if self.hint is None else self.hint.say("vi")

    @property
    def hint_en(self) -> str:
        return "" if self.hint is None else self.hint.say("en")

    def __str__(self) -> str:
        return f"{self.message('vi')} ({self.message('en')})"


def _table_error(what: Message, hint: Message | None, line: int | None) -> TableError:
    """A TableError rebuilt from its parts (unpickling)."""
    return TableError.of(what, hint, line)
