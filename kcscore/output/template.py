"""``kcscore template``: an empty applicant sheet, built from the pack's schema, for officers to fill.

XLSX:
- **Hồ sơ** — row 1 holds each field's Vietnamese column header (``FieldSpec.header``, the name
  the reader matches first), frozen; every enum column has a drop-down of its Vietnamese labels
  and every yes/no column a ``có,không`` drop-down, for ``TEMPLATE_ROWS`` rows. A value outside
  the list only warns (the reader also accepts ids, aliases and ``x``), and each column with help
  text shows it when a cell is selected;
- **Hướng dẫn** — one line per field: header, field id, type, unit, bounds, required, help in
  Vietnamese and English, and the allowed values (id and both labels); then general rules;
Both visible sheets print on A4 landscape, one page wide, header row repeated; money columns are
formatted with thousands separators and date columns as DD/MM/YYYY.
- **Danh mục** (hidden) — the drop-down lists. Lists live in cells, not in the validation formula,
  because labels contain commas ("Chế biến nông, lâm, thủy sản") and Excel caps inline lists at
  255 characters.

CSV: the header line only, UTF-8 with BOM (headers with commas are quoted).
Headers and drop-down labels are Vietnamese whatever ``lang`` is (they are what the form says);
``lang`` chooses the language of the sheet names and of the guide.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from kcscore.fileio import write_atomic
from kcscore.i18n import LANGS, Message, Spoken, group, render
from kcscore.policy.ir import Policy
from kcscore.policy.model import FieldSpec
from kcscore.output.safecell import clean_text, needs_guard
from kcscore.output.write_labels import YES_NO, lang_of

TEMPLATE_ROWS = 1000
# Amounts grouped by thousands (a Vietnamese Excel shows 1.129.000.000), dates as the form writes them.
COLUMN_FORMATS = {"money": "#,##0", "date": "dd/mm/yyyy"}

SHEET = {lang: group("template.sheet", lang) for lang in LANGS}
GUIDE_COLUMNS = {lang: tuple(group("template.guide_column", lang).values()) for lang in LANGS}
TYPE = {lang: group("template.type", lang) for lang in LANGS}
RULES = {lang: list(group("template.rule", lang).values()) for lang in LANGS}
PROMPT = {lang: tuple(group("template.prompt", lang).values()) for lang in LANGS}


class UnsupportedTemplate(Spoken, ValueError):
    """A template format that cannot be written; ``message(lang)`` says which ones can."""

    def __init__(self, suffix: str, lang: str = "vi") -> None:
        self.said = Message("template.unsupported", {"suffix": suffix})
        super().__init__(self.said.say(lang))


def bounds_text(spec: FieldSpec, lang: str) -> str:
    if spec.type == "text":
        return render("field.max_chars", lang, n=spec.max_length)
    low = None if spec.min is None else f"{'>' if spec.min_exclusive else '≥'} {spec.min:g}"
    high = None if spec.max is None else f"≤ {spec.max:g}"
    if low and high and not spec.min_exclusive:
        return f"{spec.min:g} – {spec.max:g}"
    return ", ".join(p for p in (low, high) if p)


def allowed_text(spec: FieldSpec, lang: str) -> str:
    if spec.type == "enum":
        return "\n".join(f"{vid} = {label.vi} / {label.en}" for vid, label in spec.values.items())
    if spec.type == "boolean":
        return render("template.yes_no", lang)
    return ""


def guide_rows(policy: Policy, lang: str) -> list[list[str]]:
    yes, no = YES_NO[lang]
    return [[spec.header, fid, TYPE[lang][spec.type], spec.unit or "", bounds_text(spec, lang),
             yes if spec.required else no, spec.help.vi if spec.help else "", spec.help.en if spec.help else "",
             allowed_text(spec, lang)] for fid, spec in policy.fields.items()]


def _put(ws: Any, row: int, column: int, value: str, style: str | None = None) -> Any:
    """A literal text cell (never a formula) in a normal-mode sheet, with a named style."""
    text = clean_text(value)
    cell = ws.cell(row=row, column=column)
    cell.value = text
    cell.data_type = "s"
    if style is not None:
        cell.style = style
    if needs_guard(text):
        cell.quotePrefix = True
    return cell


def _validation(spec: FieldSpec, lang: str, source: str | None) -> Any:
    """A drop-down over ``source`` (warning only), or just the field's help as an input prompt."""
    from openpyxl.worksheet.datavalidation import DataValidation

    help_text = spec.help.get(lang) if spec.help else ""
    if source is None:
        if not (help_text or spec.unit):
            return None
        return DataValidation(allow_blank=True, showInputMessage=True, promptTitle=_clip(spec.header, 32),
                              prompt=_clip(help_text or spec.unit or "", 255))
    return DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                          errorStyle="warning", errorTitle=_clip(PROMPT[lang][1], 32),
                          error=_clip(f"{spec.header}: {PROMPT[lang][1]}", 225), showInputMessage=True,
                          promptTitle=_clip(spec.header, 32), prompt=_clip(help_text or PROMPT[lang][0], 255))


def _data_sheet(data: Any, lists: Any, policy: Policy, lang: str) -> None:
    from openpyxl.utils import get_column_letter, quote_sheetname

    from kcscore.output.write_book import HEADER, header_height, width_for

    list_column = 0
    widths = []
    for col, spec in enumerate(policy.fields.values(), start=1):
        _put(data, 1, col, spec.header, HEADER)
        letter = get_column_letter(col)
        widths.append(width_for(12, spec.header))
        data.column_dimensions[letter].width = widths[-1]
        if spec.type in COLUMN_FORMATS:  # a column style: Excel gives it to every cell typed in
            data.column_dimensions[letter].number_format = COLUMN_FORMATS[spec.type]
        source = None
        if spec.type == "enum":
            list_column += 1
            list_letter = get_column_letter(list_column)
            _put(lists, 1, list_column, spec.header)
            for r, label in enumerate(spec.values.values(), start=2):
                _put(lists, r, list_column, label.vi)
            source = f"{quote_sheetname(lists.title)}!${list_letter}$2:${list_letter}${len(spec.values) + 1}"
        elif spec.type == "boolean":
            source = '"' + ",".join(YES_NO["vi"]) + '"'
        dv = _validation(spec, lang, source)
        if dv is not None:
            dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            data.add_data_validation(dv)
    # Id and name (the form's first columns) stay in view while the officer fills to the right.
    leading = 0
    for fid in policy.fields:
        if fid not in ("id", "name"):
            break
        leading += 1
    data.freeze_panes = f"{get_column_letter(leading + 1)}2"
    data.row_dimensions[1].height = header_height([spec.header for spec in policy.fields.values()], widths)


def _guide_sheet(guide: Any, policy: Policy, lang: str) -> None:
    from openpyxl.utils import get_column_letter

    from kcscore.output.write_book import HEADER, WRAP

    for col, header in enumerate(GUIDE_COLUMNS[lang], start=1):
        _put(guide, 1, col, header, HEADER)
    rows = guide_rows(policy, lang)
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            if value:
                _put(guide, r, col, value, WRAP if col >= 7 else None)
    for offset, rule in enumerate(RULES[lang], start=len(rows) + 3):
        _put(guide, offset, 1, rule)
    for col, width in enumerate((30, 26, 22, 10, 14, 10, 50, 50, 60), start=1):
        guide.column_dimensions[get_column_letter(col)].width = width
    guide.freeze_panes = "A2"


def build_template(policy: Policy, lang: str = "vi") -> Any:
    from kcscore.output.write_book import new_workbook, print_setup

    lang = lang_of(lang)
    names = SHEET[lang]
    wb = new_workbook(write_only=False)
    data = wb.active
    data.title = names["data"]
    guide = wb.create_sheet(names["guide"])
    lists = wb.create_sheet(names["lists"])
    lists.sheet_state = "hidden"
    _data_sheet(data, lists, policy, lang)
    _guide_sheet(guide, policy, lang)
    print_setup(data)
    print_setup(guide)
    return wb


def _clip(text: str, limit: int) -> str:
    """Excel refuses validation titles over 32 and messages over 255 characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def write_template(policy: Policy, path: Path, lang: str = "vi") -> None:
    """Write the applicant template; the format follows the extension (.xlsx or .csv)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        from kcscore.output.write_csv import write_rows

        headers = [spec.header for spec in policy.fields.values()]
        write_atomic(path, lambda handle: write_rows(handle, headers, []))
        return
    if suffix != ".xlsx":
        raise UnsupportedTemplate(suffix or path.name, lang)
    wb = build_template(policy, lang)

    def writer(handle: BinaryIO) -> None:
        from kcscore.output.write_book import save_reproducible

        save_reproducible(wb, handle)

    write_atomic(path, writer)
