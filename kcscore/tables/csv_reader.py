"""CSV records as Excel shows them: the delimiter guessed, quoted cells spanning lines kept whole.

Vietnamese Excel saves CSV with ``;`` (the comma is the decimal mark), Excel's "Unicode text" uses
tabs, everything else uses commas, so the delimiter is chosen by which one splits the first lines
into the most rows of the same width. Quotes are read leniently, as Excel reads them
(``"ABC" loại 2`` is the cell ``ABC loại 2``), except for a quote never closed: that swallows the
rest of the file into one cell, so it stops the read instead.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from itertools import chain

from kcscore.tables.layout import Record
from kcscore.tables.table import TableError

__all__ = ["DELIMITERS", "records", "sniff_delimiter"]

DELIMITERS = (",", ";", "\t", "|")
_SNIFF_LINES = 100
_SNIFF_CHARS = 64 * 1024
_EOF = "\ue000kcscore:end-of-file\ue000"  # a private-use marker appended after the last line
_SEP_LINE = re.compile(r"(?i)sep=(.)")


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that gives the most records of one common width (ties: the earlier in
    ``DELIMITERS``); ``,`` when no candidate splits anything."""
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter) if len(row) > 1)
        except csv.Error:  # a cell over csv's size limit: the reader proper reports it with its line
            continue
        if not widths:
            continue
        width, count = widths.most_common(1)[0]
        if (count, width) > best_score:
            best, best_score = delimiter, (count, width)
    return best


def _unclosed(row: int, line: int) -> TableError:
    return TableError("table.csv_unclosed", "table.hint.csv_close_quote", line=line, row=row)


def records(lines: Iterator[str], delimiter: str | None = None) -> tuple[str, Iterator[Record]]:
    """The delimiter used, and (row as Excel numbers it, cells) for every record, blank ones included.

    A first line ``sep=;`` (Excel writes it, and hides it when opening the file) names the
    delimiter and is not a row.
    """
    head: list[str] = []
    size = 0
    for line in lines:
        head.append(line)
        size += len(line)
        if len(head) >= _SNIFF_LINES or size >= _SNIFF_CHARS:
            break
    hint = _SEP_LINE.fullmatch(head[0].rstrip("\r\n")) if head else None
    if hint is not None:
        head = head[1:]
    chosen = delimiter or (hint.group(1) if hint else sniff_delimiter(head))
    return chosen, _records(chain(head, lines), chosen, first_line=2 if hint else 1)


def _records(lines: Iterator[str], delimiter: str, first_line: int) -> Iterator[Record]:
    reader = csv.reader(chain(lines, [_EOF]), delimiter=delimiter, strict=False)
    row, line = 0, first_line
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise TableError("table.csv_unreadable", "table.hint.csv_quotes", line=line, row=row + 1,
                             reason=str(error)) from None
        row += 1
        if cells and cells[-1].endswith(_EOF):
            if len(cells) == 1 and cells[0] == _EOF:
                return
            raise _unclosed(row, line)
        yield row, cells
        line = reader.line_num + first_line
