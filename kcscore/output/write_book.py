"""XLSX plumbing shared by the result writer and the applicant template.

- **Reproducible files.** openpyxl stamps the save time into ``docProps/core.xml`` and every zip
  entry. We save through its ``ExcelWriter`` into a zip whose entries all carry one fixed time and
  set the workbook's created/modified properties to that same time, so the same input gives a
  byte-identical workbook.
- **Text is text.** Every ``str`` becomes an explicit string cell; one that a spreadsheet could run
  as a formula also gets Excel's quote-prefix style (see ``kcscore.output.safecell``).
- **Readable columns.** Widths follow the longest text (Vietnamese diacritics need ~10 % more room),
  capped, with wrapping where text is longer than the cap.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from copy import copy
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from kcscore.output.safecell import clean_text, needs_guard

FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)  # stamped on every reproducible workbook
_ZIP_TIME = FIXED_TIME.timetuple()[:6]
MONEY_FORMAT = "#,##0"
WIDTH_CAP = 80.0
WIDTH_MIN = 6.0
HEADER_WIDTH_CAP = {"int": 10, "number": 12, "money": 14}  # long headers wrap instead of widening a number column
HEADER_WIDTH_CAP_TEXT = 28
LINE_HEIGHT = 15.0  # points per line of 11-point text
HEADER_LINES_MAX = 4
VI_FACTOR = 1.1  # Vietnamese letters with stacked diacritics render wider than ASCII
_ERROR_CODES = frozenset(ERROR_CODES)  # text openpyxl would otherwise store as an error value

# Fonts spelt out in full: a bare Font() is written as an empty <font/>, which Excel may not draw
# in the workbook's default face and size.
BODY_FONT = copy(DEFAULT_FONT)
HEADER_FONT = Font(name=DEFAULT_FONT.name, sz=DEFAULT_FONT.sz, family=DEFAULT_FONT.family,
                   scheme=DEFAULT_FONT.scheme, color=copy(DEFAULT_FONT.color), bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
WRAP_ALIGN = Alignment(wrap_text=True, vertical="top")


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose entries all carry ``FIXED_TIME`` and fixed permissions."""

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._info(str(zinfo_or_arcname))
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        info = self._info(str(arcname or filename))
        with open(filename, "rb") as source, self.open(info, "w") as target:  # a sheet openpyxl streamed to disk
            shutil.copyfileobj(source, target, 1 << 20)


def new_workbook(write_only: bool) -> Workbook:
    wb = Workbook(write_only=write_only)
    wb.properties.creator = "kcscore"
    wb.properties.lastModifiedBy = "kcscore"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    add_styles(wb)
    return wb


def save_reproducible(wb: Workbook, handle: BinaryIO) -> None:
    """Save ``wb`` into ``handle`` with fixed timestamps (see module docstring)."""
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    if wb.write_only and not wb.worksheets:
        wb.create_sheet()
    with _FixedTimeZip(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()


# -- cells ---------------------------------------------------------------------------------------
# Named styles: a cell takes one by name (a cheap copy), where setting font/alignment one by one
# would hash style objects for every cell of a 10 000-row sheet.
WRAP = "kcscore-wrap"
MONEY = "kcscore-money"
HEADER = "kcscore-header"


def add_styles(wb: Workbook) -> None:
    """Register the named styles the cell helpers use; once per workbook."""
    wb.add_named_style(NamedStyle(name=WRAP, font=copy(BODY_FONT), alignment=WRAP_ALIGN))
    wb.add_named_style(NamedStyle(name=MONEY, font=copy(BODY_FONT), number_format=MONEY_FORMAT))
    wb.add_named_style(NamedStyle(name=HEADER, font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGN))


def text_cell(ws: Any, text: str, wrap: bool = False) -> Any:
    """A cell Excel shows as the literal text, never as a formula or an error code."""
    text = clean_text(text)
    guard = needs_guard(text) or text in _ERROR_CODES
    if not guard and not wrap:
        return text
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    if wrap:
        cell.style = WRAP
    if guard:
        cell.quotePrefix = True
    return cell


def money_cell(ws: Any, value: int | None) -> Any:
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=value)
    cell.style = MONEY
    return cell


def header_cells(ws: Any, headers: Sequence[str]) -> list[Any]:
    cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=clean_text(header))
        cell.data_type = "s"
        cell.style = HEADER
        if needs_guard(header):
            cell.quotePrefix = True
        cells.append(cell)
    return cells


# -- widths --------------------------------------------------------------------------------------
def shown_length(value: Any, kind: str = "text") -> int:
    """Characters a value takes on screen: the longest line of text, or the formatted number."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    if kind == "money" and isinstance(value, (int, float)):
        return len(f"{value:,.0f}")
    return len(str(value))


def width_for(longest: int, header: str, kind: str = "text") -> float:
    chars = max(longest, min(len(header), HEADER_WIDTH_CAP.get(kind, HEADER_WIDTH_CAP_TEXT)))
    return min(WIDTH_CAP, max(WIDTH_MIN, math.ceil(chars * VI_FACTOR) + 2))


def header_height(headers: Sequence[str], widths: Sequence[float]) -> float:
    """Height of a wrapped header row, so no header is cut even where Excel does not autofit."""
    lines = 1
    for header, width in zip(headers, widths):
        room = max(width - 2, 1)
        lines = max(lines, math.ceil(len(header) * VI_FACTOR / room))
    return LINE_HEIGHT * min(lines, HEADER_LINES_MAX)


def column_widths(headers: Sequence[str], kinds: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[tuple[float, bool]]:
    """(width, wrap) per column: wrap where the longest text would not fit in the capped width."""
    longest = [0] * len(headers)
    for row in rows:
        for i, value in enumerate(row):
            n = shown_length(value, kinds[i])
            if n > longest[i]:
                longest[i] = n
    out = []
    for i, header in enumerate(headers):
        width = width_for(longest[i], header, kinds[i])
        out.append((width, math.ceil(longest[i] * VI_FACTOR) + 2 > WIDTH_CAP))
    return out


def set_widths(ws: Any, widths: Sequence[tuple[float, bool]]) -> None:
    for i, (width, _) in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def table_sheet(wb: Workbook, title: str, headers: Sequence[str], kinds: Sequence[str],
                rows: Sequence[Sequence[Any]]) -> Any:
    """A sheet with a frozen, filtered header row and fitted columns. ``kinds`` per column:
    int | number | money | text | long. Must be called on a write-only workbook."""
    ws = wb.create_sheet(title)
    widths = column_widths(headers, kinds, rows)
    set_widths(ws, widths)
    ws.row_dimensions[1].height = header_height(headers, [w for w, _ in widths])
    ws.freeze_panes = "A2"
    ws.append(header_cells(ws, headers))
    wraps = [wrap for _, wrap in widths]
    for row in rows:
        out: list[Any] = []
        for i, value in enumerate(row):
            if value == "":
                out.append(None)
            elif isinstance(value, str):
                out.append(text_cell(ws, value, wraps[i]))
            elif kinds[i] == "money" and value is not None:
                out.append(money_cell(ws, value))
            else:
                out.append(value)
        ws.append(out)
    last = get_column_letter(max(len(headers), 1))
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    return ws
