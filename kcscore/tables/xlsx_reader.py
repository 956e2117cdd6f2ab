"""Excel workbooks (.xlsx, .xlsm) read with openpyxl's read-only mode: one sheet, in constant memory.

Cells keep their Python types (a number stays a number, a date a datetime); formulas give the value
Excel last computed; text is NFC. A number shown as a percentage is read as the percentage shown:
Excel stores the "60%" an officer types as 0.6, and a list's percentages are on the 0-100 scale
(``Tỷ lệ nguyên liệu tại chỗ (%)``), so that cell reads as 60, exactly (decimal, not 0.6 × 100 in
binary floating point). The sheet is the one the officer names (case and diacritics do
not matter: ``--sheet "danh sach"`` finds "Danh sách") or gives by its 1-based position; without
one, the first visible sheet whose first lines hold the pack's column names (else the first that
is not empty), because a cover or summary sheet often comes first.
"""

from __future__ import annotations

import re
import unicodedata
import warnings as py_warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any, BinaryIO

from kcscore.i18n import Message
from kcscore.tables import values as V
from kcscore.tables.layout import HEADER_SEARCH, Layout, Record
from kcscore.tables.notes import Note, listing
from kcscore.tables.table import TableError
from kcscore.tables.xlsx_scan import SheetFacts, scan_sheet

__all__ = ["XlsxSheet", "open_xlsx"]

_PLACE = Message("note.place.excel_row")


def _plain(text: str) -> str:
    """Folded text without diacritics, for forgiving sheet-name matching (đ counts as d)."""
    decomposed = unicodedata.normalize("NFD", V.fold(text).replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _not_found(sheet: str | int, names: list[str]) -> TableError:
    shown = ", ".join(f"{i}. «{name}»" for i, name in enumerate(names, start=1))
    return TableError("table.sheet_not_found", "table.hint.sheet", sheet=sheet, sheets=shown)


def _pick(worksheets: list[Any], sheet: str | int) -> Any:
    names = [unicodedata.normalize("NFC", ws.title) for ws in worksheets]
    if isinstance(sheet, int):
        if 1 <= sheet <= len(worksheets):
            return worksheets[sheet - 1]
        raise _not_found(sheet, names)
    for key in (V.fold, _plain):
        found = [ws for ws, name in zip(worksheets, names, strict=True) if key(name) == key(sheet)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise _not_found(sheet, names)
    if sheet.strip().isdigit():
        return _pick(worksheets, int(sheet))
    raise _not_found(sheet, names)


def _score(ws: Any, matcher: Callable[[str], bool] | None) -> int:
    """How well a sheet's first lines look like an applicant list: 2 for a header of the pack,
    1 for any content, 0 for an empty sheet."""
    best = 0
    for values in ws.iter_rows(max_row=HEADER_SEARCH, values_only=True):
        texts = [V.normalise_text(value) for value in values]
        if any(texts):
            best = max(best, 1)
            if matcher is None or sum(1 for text in texts if text and matcher(text)) >= 2:
                return 2
    return best


def _first_table(worksheets: list[Any], matcher: Callable[[str], bool] | None) -> Any:
    """The first visible sheet holding the applicant list: officers often keep a cover or a
    summary sheet in front of it (the choice is always reported in a warning)."""
    visible = [ws for ws in worksheets if ws.sheet_state == "visible"] or worksheets
    scores = []
    for ws in visible:
        scores.append(_score(ws, matcher))
        if scores[-1] == 2:
            return ws
    return visible[scores.index(max(scores))]


def _load(path: str) -> tuple[Any, BinaryIO]:
    """The workbook and the open file under it (read-only mode reads from it until closed).

    A file object, not the path, is given to openpyxl: it refuses paths whose extension is not
    .xlsx, and offices rename files (an .xlsx saved as .csv is still an .xlsx)."""
    import openpyxl  # imported here: reading CSV or JSON must not pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    handle = open(path, "rb")  # noqa: SIM115 - closed with the workbook
    try:
        with py_warnings.catch_warnings():
            py_warnings.simplefilter("ignore")  # openpyxl's notes on unsupported extensions mean nothing to an officer
            return openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False), handle
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as error:
        handle.close()
        raise TableError("table.excel_unopenable", "table.hint.resave_xlsx", reason=str(error)) from None
    except BaseException:
        handle.close()
        raise


_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # quoted text, an escaped character, [colour] or [<=9]
_BUILTIN_PERCENT = frozenset({9, 10})  # Excel's built-in 0% and 0.00%
_FIRST_CUSTOM = 164  # number format ids below are built in


def is_percent_format(code: str) -> bool:
    """Whether a number format shows its number as a percentage (times 100, with a % sign): a ``%``
    outside quoted text, escapes and brackets (``0.0%``, ``#,##0%;[Red]-0%``, but not ``0" %"``)."""
    return "%" in _LITERAL.sub("", code)


def percent_styles(book: Any) -> frozenset[int]:
    """The cell styles of ``book`` (the ``s`` index of a cell) whose number format is a percentage.
    Read from openpyxl's parsed styles; a workbook whose styles cannot be read has none."""
    try:
        styles, custom = book._cell_styles, book._number_formats
        found = set()
        for index, style in enumerate(styles):
            number = style.numFmtId
            if number in _BUILTIN_PERCENT or (number >= _FIRST_CUSTOM and number - _FIRST_CUSTOM < len(custom)
                                               and is_percent_format(str(custom[number - _FIRST_CUSTOM]))):
                found.add(index)
        return frozenset(found)
    except (AttributeError, TypeError):
        return frozenset()


def shown_percent(value: int | float) -> float:
    """0.605 shown as "60.5%" reads as 60.5: the stored number times 100 in decimal, so that the
    binary rounding of 0.605 does not leave 60.49999999999999."""
    return float(Decimal(repr(float(value))) * 100)


def _uncomputed(cells: list[str]) -> Message:
    return Message("row.uncomputed", {"cells": listing(cells)})


class XlsxSheet:
    """One sheet of an open workbook: its title, its layout (header found) and its rows."""

    def __init__(self, path: str, sheet: str | int | None, header_matcher: Callable[[str], bool] | None,
                 warnings: list[str]) -> None:
        self._book, self._handle = _load(path)
        try:
            worksheets = list(self._book.worksheets)
            if not worksheets:
                raise TableError("table.no_sheet")
            ws = _pick(worksheets, sheet) if sheet is not None else _first_table(worksheets, header_matcher)
            self.title = unicodedata.normalize("NFC", ws.title)
            if sheet is None and len(worksheets) > 1:
                names = ", ".join(f"«{unicodedata.normalize('NFC', w.title)}»" for w in worksheets)
                warnings.append(Note("note.sheets", count=len(worksheets), names=names, title=self.title))
            member = getattr(ws, "_worksheet_path", None)
            facts = scan_sheet(path, member, percent_styles(self._book)) if member else SheetFacts()
            ws.reset_dimensions()  # a wrong <dimension> in the file must not cut rows or columns short
            problems = {line: _uncomputed(cells) for line, cells in facts.uncomputed.items()}
            self.layout = Layout(self._records(ws, facts.percent), warnings, place=_PLACE, sheet_rows=True, missing=None,
                                 header_matcher=header_matcher, merges=facts.merges, problems=problems)
            hidden = [line for line in facts.hidden_rows if line > self.layout.header_end]
            if hidden:
                warnings.append(Note("note.hidden_rows", count=len(hidden), rows=listing(hidden)))
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _records(ws: Any, percent: Mapping[int, list[int]]) -> Iterator[Record]:
        """Each line's cells, text in NFC and a number shown as a percentage read as shown."""
        normalize = unicodedata.normalize
        for line, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [normalize("NFC", value) if type(value) is str else value for value in values]
            for column in percent.get(line, ()):
                if column <= len(cells) and type(cells[column - 1]) in (int, float):
                    cells[column - 1] = shown_percent(cells[column - 1])
            yield line, cells

    def close(self) -> None:
        self._book.close()
        self._handle.close()


def open_xlsx(path: str, sheet: str | int | None, header_matcher: Callable[[str], bool] | None,
              warnings: list[str]) -> XlsxSheet:
    return XlsxSheet(path, sheet, header_matcher, warnings)
