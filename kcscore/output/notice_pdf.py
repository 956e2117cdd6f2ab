"""A notice as PDF: the copy to file or send, beside the ``.docx`` the office edits.

fpdf2 writes the PDF with DejaVu Serif embedded (subset). The letter must print the same on
any computer, so the font ships with kcscore (``output/fonts``, Bitstream Vera licence) rather
than being looked up on the system; DejaVu covers every Vietnamese letter with its stacked
marks (ặ, ỡ, Ở …), and its serif face is the closest freely redistributable match to the
Times New Roman the clerical rules ask for. The layout mirrors ``notice_docx``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from kcscore.report.notice import Notice

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVuSerif"
BODY_PT = 12  # DejaVu is wider than Times New Roman: 12 pt fills the line as Times 13 pt does
SMALL_PT = 10
LINE_MM = 6.0


def _pdf() -> Any:
    from fpdf import FPDF

    class Letter(FPDF):  # type: ignore[misc]
        def header(self) -> None:
            """Page numbers from page 2 on, centred in the top margin; none on the first page."""
            if self.page_no() > 1:
                self.set_y(10)
                self.set_font(FAMILY, "", BODY_PT)
                self.cell(0, LINE_MM, str(self.page_no()), align="C")
                self.set_y(20)

    pdf = Letter(orientation="P", unit="mm", format="A4")
    pdf.set_margins(left=30, top=20, right=15)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSerif.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
    pdf.add_font(FAMILY, "I", str(FONTS / "DejaVuSerif-Italic.ttf"))
    pdf.set_creator("kcscore")
    return pdf


def _lines(pdf: Any, x: float, width: float, lines: Sequence[tuple[str, str, float]], align: str = "C") -> float:
    """Write ``(text, style, size)`` lines in a column starting at ``x``; returns the y under them."""
    for text, style, size in lines:
        pdf.set_x(x)
        pdf.set_font(FAMILY, style, size)
        pdf.multi_cell(width, LINE_MM, text, align=align, new_x="LMARGIN", new_y="NEXT")
    return float(pdf.get_y())


def _fitting(pdf: Any, lines: list[str], width: float) -> float:
    """The largest size up to the body's at which every bold line fits on one line of ``width``:
    the national name must not break in two."""
    size = float(BODY_PT)
    while size > 8:
        pdf.set_font(FAMILY, "B", size)
        if all(pdf.get_string_width(line) + 2 * pdf.c_margin <= width for line in lines):
            break
        size -= 0.5
    return size


def build_pdf(notice: Notice) -> bytes:
    """The PDF bytes of ``notice``."""
    pdf = _pdf()
    pdf.add_page()
    left, width = pdf.l_margin, pdf.w - pdf.l_margin - pdf.r_margin
    if notice.draft:
        _lines(pdf, left, width, [(notice.draft, "B", SMALL_PT)])
    top = pdf.get_y()
    column = width * 0.38
    size = _fitting(pdf, notice.header_right, width - column)
    left_bottom = _lines(pdf, left, column, [(line, "B" if i == 1 else "", size)
                                               for i, line in enumerate(notice.header_left)])
    pdf.set_y(top)
    right_lines = [(line, "B", size) for line in notice.header_right] + [(notice.date_line, "I", size)]
    right_bottom = _lines(pdf, left + column, width - column, right_lines)
    pdf.set_y(max(left_bottom, right_bottom) + LINE_MM)
    _lines(pdf, left, width, [(notice.title, "B", BODY_PT + 1), (notice.subject, "B", BODY_PT + 1)])
    pdf.ln(LINE_MM / 2)
    _lines(pdf, left, width, [(notice.addressee, "", BODY_PT)])
    pdf.ln(LINE_MM / 2)
    for kind, text in notice.body:
        if kind == "heading":
            _lines(pdf, left, width, [(text, "B", BODY_PT)], align="L")
        elif kind == "bullet":
            _lines(pdf, left + 8, width - 8, [(f"- {text}", "", BODY_PT)], align="J")
        else:
            _lines(pdf, left, width, [(text, "B" if kind == "strong" else "", BODY_PT)], align="J")
    pdf.ln(LINE_MM)
    top = pdf.get_y()
    recipients = [(notice.recipients_heading, "B", SMALL_PT + 1)] + [(f"- {r}", "", SMALL_PT) for r in notice.recipients]
    below_recipients = _lines(pdf, left, column, recipients, align="L")
    pdf.set_y(top)
    below_signer = _lines(pdf, left + column, width - column, [(line, "B", BODY_PT) for line in notice.signer])
    pdf.set_y(max(below_recipients, below_signer))
    return bytes(pdf.output())


def write_notice_pdf(notice: Notice, path: Path) -> None:
    """Written atomically, like every kcscore output."""
    from kcscore.fileio import write_atomic

    data = build_pdf(notice)

    def save(handle: BinaryIO) -> None:
        handle.write(data)

    write_atomic(path, save)
