"""XLSX plumbing shared by the result writer and the applicant template.

- **Reproducible files.** openpyxl stamps the save time into ``docProps/core.xml`` and every zip
  entry. We save through its ``ExcelWriter`` into a zip whose entries all carry one fixed time and
  set the workbook's created/modified properties to that same time, so the same input gives a
  byte-identical workbook.
- **Text is text.** Every ``str`` becomes an explicit string cell; one that a spreadsheet could run
  as a formula also gets Excel's quote-prefix style (see ``kcscore.output.safecell``).
- **Readable columns.** Widths follow the longest text (Vietnamese diacritics need ~10 % more room),
  capped, with wrapping where text is longer than the cap.
- **Ready to print.** Every table sheet prints on A4 landscape, scaled to the page width, with its
  header row repeated on each page (``print_setup``): offices print on A4, and a ranking cut
  after the fifth column, or a second page without headers, is useless on paper.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
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
FUNDED_FILL = PatternFill("solid", fgColor="E2F0D9")  # pale green: reads as "yes" and prints light
LINE_RED = "B42318"
LINE_FONT = Font(name=DEFAULT_FONT.name, sz=DEFAULT_FONT.sz, family=DEFAULT_FONT.family,
                 scheme=DEFAULT_FONT.scheme, color=LINE_RED, bold=True)
LINE_BORDER = Border(top=Side(style="medium", color=LINE_RED), bottom=Side(style="medium", color=LINE_RED))
MARGIN_INCH = 0.4


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
FUNDED = "kcscore-funded"  # a funded applicant's row: the plain, wrapped and money cells
FUNDED_WRAP = "kcscore-funded-wrap"
FUNDED_MONEY = "kcscore-funded-money"
LINE = "kcscore-line"  # the funding line between the funded and the rest
_MARKED = {None: FUNDED, WRAP: FUNDED_WRAP, MONEY: FUNDED_MONEY}


def add_styles(wb: Workbook) -> None:
    """Register the named styles the cell helpers use; once per workbook."""
    wb.add_named_style(NamedStyle(name=WRAP, font=copy(BODY_FONT), alignment=WRAP_ALIGN))
    wb.add_named_style(NamedStyle(name=MONEY, font=copy(BODY_FONT), number_format=MONEY_FORMAT))
    wb.add_named_style(NamedStyle(name=HEADER, font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGN))
    wb.add_named_style(NamedStyle(name=FUNDED, font=copy(BODY_FONT), fill=copy(FUNDED_FILL)))
    wb.add_named_style(NamedStyle(name=FUNDED_WRAP, font=copy(BODY_FONT), fill=copy(FUNDED_FILL),
                                  alignment=WRAP_ALIGN))
    wb.add_named_style(NamedStyle(name=FUNDED_MONEY, font=copy(BODY_FONT), fill=copy(FUNDED_FILL),
                                  number_format=MONEY_FORMAT))
    wb.add_named_style(NamedStyle(name=LINE, font=copy(LINE_FONT), border=copy(LINE_BORDER)))


def print_setup(ws: Any, landscape: bool = True) -> None:
    """A4, scaled to one page wide (as many pages long as it takes), header row on every page.

    On a write-only sheet this must run before the first row is appended."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_INCH
    ws.page_margins.top = ws.page_margins.bottom = MARGIN_INCH + 0.2
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = "1:1"


@dataclass(frozen=True)
class Shown:
    """A number with its own display format, e.g. a provisional score shown as "tạm tính 62": the
    cell stays a number (it sorts and sums) while it says what kind of number it is."""

    value: float | int
    number_format: str
    text: str  # what the format shows, for the column width


@dataclass(frozen=True)
class Banner:
    """A row of a table sheet that is not data: one line of text across it (the funding line)."""

    text: str
    column: int = 0  # 0-based column the text starts in (it runs on over the empty cells to its right)


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
    if isinstance(value, Shown):
        return len(value.text)
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


class Widths:
    """The longest shown value of each column, gathered one row at a time, so a sheet's widths can
    be known before its rows are written without holding them."""

    def __init__(self, headers: Sequence[str], kinds: Sequence[str]) -> None:
        self.headers, self.kinds = list(headers), list(kinds)
        self.longest = [0] * len(headers)

    def add(self, row: Sequence[Any] | Banner) -> None:
        if isinstance(row, Banner):
            return
        longest, kinds = self.longest, self.kinds
        for i, value in enumerate(row):
            n = shown_length(value, kinds[i])
            if n > longest[i]:
                longest[i] = n

    def widths(self) -> list[tuple[float, bool]]:
        """(width, wrap) per column: wrap where the longest text would not fit in the capped width."""
        out = []
        for i, header in enumerate(self.headers):
            width = width_for(self.longest[i], header, self.kinds[i])
            out.append((width, math.ceil(self.longest[i] * VI_FACTOR) + 2 > WIDTH_CAP))
        return out


def column_widths(headers: Sequence[str], kinds: Sequence[str], rows: Iterable[Sequence[Any] | Banner]) -> list[tuple[float, bool]]:
    """(width, wrap) per column: wrap where the longest text would not fit in the capped width."""
    gathered = Widths(headers, kinds)
    for row in rows:
        gathered.add(row)
    return gathered.widths()


def set_widths(ws: Any, widths: Sequence[tuple[float, bool]]) -> None:
    for i, (width, _) in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _marked(ws: Any, value: Any) -> Any:
    """``value`` (a plain value or a styled cell) in a funded row's fill."""
    if value is None or not hasattr(value, "style"):
        value = WriteOnlyCell(ws, value=value)
        if isinstance(value.value, str):
            value.data_type = "s"
        value.style = FUNDED
        return value
    guard = value.quotePrefix  # a named style resets it; a guarded text must stay guarded
    value.style = _MARKED.get(value.style if value.style in (WRAP, MONEY) else None, FUNDED)
    if guard:
        value.quotePrefix = True
    return value


def _banner(ws: Any, banner: Banner, width: int) -> list[Any]:
    cells = []
    for i in range(width):
        cell = WriteOnlyCell(ws, value=clean_text(banner.text) if i == banner.column else None)
        if i == banner.column:
            cell.data_type = "s"
        cell.style = LINE
        cells.append(cell)
    return cells


def table_sheet(wb: Workbook, title: str, headers: Sequence[str], kinds: Sequence[str],
                rows: Sequence[Sequence[Any] | Banner], freeze: str = "A2",
                marked: Sequence[bool] | None = None) -> Any:
    """A sheet with a frozen, filtered header row and fitted columns, set up to print on A4.
    ``kinds`` per column: int | number | money | text | long. ``freeze`` is the first cell that
    scrolls ("C2" keeps two columns in view too); ``marked[i]`` fills row ``i`` as funded; a
    ``Banner`` row is one line of text across the sheet. Must be called on a write-only workbook."""
    sheet = TableSheet(wb, title, headers, kinds, column_widths(headers, kinds, rows), freeze)
    for index, row in enumerate(rows):
        sheet.append(row, marked is not None and marked[index])
    return sheet.close()


class TableSheet:
    """``table_sheet`` written one row at a time, for rows too many to hold: the widths
    (``Widths``) are known beforehand. Several can be filled side by side; ``close`` each."""

    def __init__(self, wb: Workbook, title: str, headers: Sequence[str], kinds: Sequence[str],
                 widths: Sequence[tuple[float, bool]], freeze: str = "A2") -> None:
        ws = self.ws = wb.create_sheet(title)
        self.headers, self.kinds = list(headers), list(kinds)
        set_widths(ws, widths)
        ws.row_dimensions[1].height = header_height(headers, [w for w, _ in widths])
        ws.freeze_panes = freeze
        print_setup(ws)
        ws.append(header_cells(ws, headers))
        self.wraps = [wrap for _, wrap in widths]
        self.count = 0

    def append(self, row: Sequence[Any] | Banner, marked: bool = False) -> None:
        ws, kinds, wraps = self.ws, self.kinds, self.wraps
        self.count += 1
        if isinstance(row, Banner):
            ws.append(_banner(ws, row, len(self.headers)))
            return
        out: list[Any] = []
        for i, value in enumerate(row):
            if value == "":
                out.append(None)
            elif isinstance(value, str):
                out.append(text_cell(ws, value, wraps[i]))
            elif kinds[i] == "money" and value is not None:
                out.append(money_cell(ws, value))
            elif isinstance(value, Shown):
                cell = WriteOnlyCell(ws, value=value.value)
                cell.number_format = value.number_format
                out.append(cell)
            else:
                out.append(value)
        if marked:
            out = [_marked(ws, value) for value in out]
        ws.append(out)

    def close(self) -> Any:
        """Set the filter over the rows written; the sheet."""
        last = get_column_letter(max(len(self.headers), 1))
        self.ws.auto_filter.ref = f"A1:{last}{self.count + 1}"
        return self.ws
