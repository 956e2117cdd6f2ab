"""Finding the applicant table inside a sheet laid out by an office.

Real lists are not tidy: a title ("DANH SÁCH CƠ SỞ ĐỀ NGHỊ HỖ TRỢ KHUYẾN CÔNG NĂM 2019") and blank
lines sit above the column names, a row of column numbers "(1) (2) (3) …" may sit below them,
headers span two rows under merged group cells, a "Tổng cộng" row and the signatures close the
list, and Excel pads rows with empty columns. This module turns rows of raw cells (from CSV or
XLSX alike) into column names and data rows, and says in a warning everything it left out:
nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain
from typing import Any

from kcscore.tables import values as V
from kcscore.tables.cells import (
    column_letter,
    filled,
    first_filled,
    first_text,
    is_blank_cell,
    is_column_numbers,
    is_total,
    text_of,
)
from kcscore.i18n import Message
from kcscore.tables.merges import Merge, MergeFiller
from kcscore.tables.notes import Note, Tally, clip, listing
from kcscore.tables.table import RawRow, TableError

__all__ = ["HEADER_SEARCH", "Layout", "Place", "Record"]

Record = tuple[int, Sequence[Any]]  # (line, cells in column order)
Place = Message  # how a line is named: note.place.line ("dòng"/"line") or note.place.excel_row ("hàng Excel")

HEADER_SEARCH = 15  # the header must be among the first 15 lines
_MIN_MATCHES = 2
_NOTE_MAX_CELLS = 2  # below the total, rows this sparse are notes and signatures, not applicants


class Layout:
    """The header and the data rows of one sheet of raw records.

    Construction reads only up to the header (at most a few dozen records); :meth:`rows` then
    streams the data rows. Warnings are appended to ``warnings`` as they are found.
    """

    def __init__(
        self,
        records: Iterator[Record],
        warnings: list[str],
        *,
        place: Place,
        sheet_rows: bool = False,
        missing: Any = None,
        header_matcher: Callable[[str], bool] | None = None,
        merges: Iterable[Merge] = (),
        problems: Mapping[int, Message] | None = None,
        warn_short: bool = False,
    ) -> None:
        self._records = records
        # CSV: a row with fewer cells than the header lost its last cells (a missing separator);
        # Excel leaves trailing empty cells out by design, so XLSX rows are not warned about
        self._warn_short = warn_short
        self._short = Tally()
        self._warnings = warnings
        self._place = place
        self._sheet_rows = sheet_rows  # a row's ``line`` is an Excel row number
        self._missing = missing
        self._matcher = header_matcher
        self._merges = MergeFiller(merges)
        self._problems = problems or {}
        self._repeated: list[tuple[int, str, int, str]] = []  # (first column, its name, repeat column, its key)
        buffer = self._header_search()
        self.header_line = buffer[-1][0]
        self.header_end = self._merges.header_end(self.header_line)
        while buffer[-1][0] < self.header_end and (more := next(self._records, None)) is not None:
            buffer.append(more)
        buffer = [(line, self._merges.apply(line, values, self.header_end)) for line, values in buffer]
        header_rows = [values for line, values in buffer if line >= self.header_line]
        self._columns = self._name_columns(header_rows)
        self.headers = [name for _, name in self._columns]
        named = {index for index, _ in self._columns}
        self._width = max(named, default=-1) + 1
        self._unnamed_inside = [index for index in range(self._width) if index not in named]
        self._contiguous = not self._unnamed_inside
        self._report_skipped_above(buffer)
        self._rest = self._skip_column_numbers(chain(
            (record for record in buffer if record[0] > self.header_end),
            ((line, self._merges.apply(line, values, self.header_end)) for line, values in self._records),
        ))

    # -- the header ------------------------------------------------------------------------------

    def _matches(self, values: Sequence[Any]) -> int:
        assert self._matcher is not None
        return sum(1 for value in values if (text := text_of(value)) and self._matcher(text))

    def _header_search(self) -> list[Record]:
        """Records up to and including the header row (the last one)."""
        buffer: list[Record] = []
        for record in self._records:
            buffer.append(record)
            if self._matcher is not None and self._matches(record[1]) >= _MIN_MATCHES:
                return buffer
            if len(buffer) >= HEADER_SEARCH:
                break
        first = next((i for i, (_, values) in enumerate(buffer) if filled(values)), None)
        if first is None:
            for record in self._records:
                buffer.append(record)
                if filled(record[1]):
                    first = len(buffer) - 1
                    break
        if first is None:
            raise TableError("table.no_table")
        self._records = chain(buffer[first + 1 :], self._records)
        if self._matcher is not None:
            self._warnings.append(Note("note.no_header", search=HEADER_SEARCH, needed=_MIN_MATCHES,
                                       place=self._place, line=buffer[first][0]))
        return buffer[: first + 1]

    def _column_name(self, column: int, rows: list[Sequence[Any]]) -> str:
        parts: list[str] = []
        for values in rows:
            text = text_of(values[column]) if column < len(values) else ""
            if text and text not in parts:
                parts.append(text)
        if len(parts) <= 1:
            return parts[0] if parts else ""
        joined = " ".join(parts)
        if self._matcher is not None and not self._matcher(joined) and self._matcher(parts[-1]):
            return parts[-1]
        return joined

    def _name_columns(self, rows: list[Sequence[Any]]) -> list[tuple[int, str]]:
        width = max(len(values) for values in rows)
        columns: list[tuple[int, str]] = []
        seen: dict[str, int] = {}
        first_at: dict[str, tuple[int, str]] = {}
        renamed: list[str] = []
        for column in range(width):
            name = self._column_name(column, rows)
            if not name:
                continue
            key = V.fold(name)
            seen[key] = seen.get(key, 0) + 1
            first_at.setdefault(key, (column, name))
            if seen[key] > 1:
                first_column, first_name = first_at[key]
                if self._matcher is not None and self._matcher(name):
                    # a field's column written twice: read per row by _same_field, never dropped
                    self._repeated.append((first_column, first_name, column, f"{name} ({seen[key]})"))
                else:
                    renamed.append(f"'{name}' → '{name} ({seen[key]})'")
                name = f"{name} ({seen[key]})"
                seen[V.fold(name)] = 1
            columns.append((column, name))
        for first_column, first_name, column, _ in self._repeated:
            self._warnings.append(Note("note.column_twice", name=first_name, first=_column(first_column),
                                       second=_column(column)))
        if renamed:
            self._warnings.append(Note("note.renamed", names=listing(renamed)))
        return columns

    def _report_skipped_above(self, buffer: list[Record]) -> None:
        skipped = [(line, first_text(values)) for line, values in buffer if line < self.header_line and filled(values)]
        if not skipped:
            return
        shown = listing([f"{line} «{clip(text)}»" for line, text in skipped])
        self._warnings.append(Note("note.header_below", place=self._place, line=self.header_line, count=len(skipped),
                                   lines=shown))

    # -- the data --------------------------------------------------------------------------------

    def _skip_column_numbers(self, rest: Iterator[Record]) -> Iterator[Record]:
        """Look at the first non-blank row under the header now, so ``header_end`` (and with it
        every row number) is settled before the first row is returned."""
        peeked: list[Record] = []
        for line, values in rest:
            filled_at = filled(values)
            if not filled_at:
                peeked.append((line, values))
                continue
            if is_column_numbers(values, filled_at, len(self._columns)):
                self.header_end, peeked = line, []
                self._warnings.append(Note("note.numbering_row", place=self._place, line=line))
            else:
                peeked.append((line, values))
            break
        return chain(peeked, rest)

    def _cells(self, line: int, values: Sequence[Any], unnamed: dict[int, Tally]) -> dict[str, Any]:
        count = len(values)
        if self._warn_short and count < self._width:
            self._short.add(line)
        if self._contiguous and count >= self._width:
            cells = dict(zip(self.headers, values, strict=False))  # values may run past the header
        else:
            cells = {name: values[index] if index < count else self._missing for index, name in self._columns}
        for index in chain(self._unnamed_inside, range(self._width, count)):
            if index < count and not is_blank_cell(values[index]):
                unnamed.setdefault(index, Tally()).add(line)
        return cells

    def rows(self) -> Iterator[RawRow]:
        blank_lines, trailing_blank, notes, below_total = Tally(), Tally(), Tally(), Tally()
        total_line: int | None = None
        unnamed: dict[int, Tally] = {}
        for line, values in self._rest:
            first = first_filled(values)
            if first is None:
                trailing_blank.add(line)  # blank lines after the last row are not worth a warning
                continue
            if trailing_blank:
                blank_lines.absorb(trailing_blank)
            lead = values[first]
            if is_total(lead):
                total_line = total_line or line
                self._warnings.append(Note("note.total_row", place=self._place, line=line, lead=clip(lead)))
                continue
            if total_line is not None and len(filled(values)) <= _NOTE_MAX_CELLS:
                notes.add(f"{line} «{clip(text_of(lead))}»")
                continue
            if total_line is not None:
                below_total.add(line)
            cells = self._cells(line, values, unnamed)
            problem = self._same_field(cells) if self._repeated else None
            yield RawRow(line - self.header_end, line, cells, self._problems.get(line) or problem, self._sheet_rows)
        self._finish(blank_lines, notes, below_total, unnamed, total_line)

    def _same_field(self, cells: dict[str, Any]) -> Message | None:
        """A field whose column appears twice is read from the one the row fills; a row that fills
        both is an error naming both columns (which one is right cannot be known)."""
        problem: Message | None = None
        for first_column, first_name, column, key in self._repeated:
            value = cells.pop(key, self._missing)
            if is_blank_cell(value):
                continue
            if is_blank_cell(cells.get(first_name, self._missing)):
                cells[first_name] = value
            elif problem is None:
                first = clip(text_of(cells[first_name]) or "")
                second = clip(text_of(value) or "")
                problem = Message("row.column_twice", {"name": first_name, "first": first, "first_column": _column(first_column),
                                                       "second": second, "second_column": _column(column)})
        return problem

    def _finish(self, blank_lines: Tally, notes: Tally, below_total: Tally, unnamed: dict[int, Tally], total: int | None) -> None:
        place = self._place
        add = self._warnings.append
        if self._short:
            add(Note("note.short_rows", count=len(self._short), place=place, lines=self._short.shown()))
        if blank_lines:
            add(Note("note.blank_lines", count=len(blank_lines), place=place, lines=blank_lines.shown()))
        if notes:
            add(Note("note.signature_lines", count=len(notes), place=place, lines=notes.shown()))
        if below_total:
            add(Note("note.below_total", count=len(below_total), place=place, total=total, lines=below_total.shown()))
        for index, lines in sorted(unnamed.items()):
            add(Note("note.unnamed_column", letter=column_letter(index), count=len(lines), place=place,
                     lines=lines.shown()))
        if self._merges.copied:
            add(Note("note.merged", cells=listing(self._merges.copied)))


def _column(index: int) -> Message:
    """A column named by its position and letter, said in the message's language."""
    return Message("note.column", {"number": index + 1, "letter": column_letter(index)})
