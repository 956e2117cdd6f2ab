"""A notice as a Word document laid out the way Vietnamese administrative letters are.

Officers edit and sign notices in Word, so ``.docx`` is the working format. The page follows
the clerical-work rules: A4 portrait, margins 20/20/30/15 mm, Times New Roman 13 pt; the issuing
body and the number top left, the national name and motto top right, the place and date in
italics, the title centred, the signature block right, "Nơi nhận" bottom left in 11 pt.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from kcscore.report.notice import Notice

FONT = "Times New Roman"
BODY_PT = 13
SMALL_PT = 11


def _font(run: Any, size: float = BODY_PT, bold: bool = False, italic: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)  # Word picks the East-Asian slot for some Vietnamese letters


def _para(container: Any, text: str, align: str = "justify", size: float = BODY_PT, bold: bool = False,
          italic: bool = False, indent: bool = False, after: float = 4) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    p = container.add_paragraph()
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    p.paragraph_format.space_after = Pt(after)
    if indent:
        p.paragraph_format.first_line_indent = Mm(10)
    _font(p.add_run(text), size, bold, italic)
    return p


def _page_numbers(section: Any) -> None:
    """A PAGE field centred in the header of pages 2 on; the first page's header stays empty."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    _para_align_center(paragraph)
    run = paragraph.add_run()
    _font(run)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _para_align_center(paragraph: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def build_document(notice: Notice) -> Any:
    """The python-docx Document of ``notice`` (kept apart from saving so tests can read it in memory)."""
    from docx import Document
    from docx.shared import Mm

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _page_numbers(section)
    if notice.draft:
        _para(doc, notice.draft, "center", SMALL_PT, bold=True, italic=True)

    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].text = ""
    right.paragraphs[0].text = ""
    for i, line in enumerate(notice.header_left):
        _para(left, line, "center", BODY_PT, bold=i == 1, after=0)
    for i, line in enumerate(notice.header_right):
        _para(right, line, "center", BODY_PT, bold=True, after=0)
    _para(right, notice.date_line, "center", BODY_PT, italic=True, after=0)
    for cell in (left, right):  # the empty paragraph python-docx leaves in a new cell
        first = cell.paragraphs[0]
        if not first.text:
            first._element.getparent().remove(first._element)

    _para(doc, "", after=0)
    _para(doc, notice.title, "center", 14, bold=True, after=0)
    _para(doc, notice.subject, "center", 14, bold=True, after=12)
    _para(doc, notice.addressee, "center", after=10)
    for kind, text in notice.body:
        if kind == "heading":
            _para(doc, text, "left", bold=True, after=2)
        elif kind == "bullet":
            _para(doc, f"- {text}", indent=True, after=2)
        else:
            _para(doc, text, indent=True, bold=kind == "strong")

    foot = doc.add_table(rows=1, cols=2)
    recipients, signer = foot.rows[0].cells
    _para(recipients, notice.recipients_heading, "left", 12, bold=True, italic=True, after=0)
    for line in notice.recipients:
        _para(recipients, f"- {line}", "left", SMALL_PT, after=0)
    for i, line in enumerate(notice.signer):
        _para(signer, line, "center", BODY_PT, bold=True, after=0)
    return doc


def write_notice_docx(notice: Notice, path: Path) -> None:
    """Written atomically: Word must never open half a letter."""
    from kcscore.fileio import write_atomic

    doc = build_document(notice)

    def save(handle: BinaryIO) -> None:
        doc.save(handle)

    write_atomic(path, save)
