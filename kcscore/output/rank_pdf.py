"""The ranking as a PDF to print, sign or send: A4 landscape, Vietnamese letters embedded.

Written with fpdf2, the library the notices' PDF already uses: pure Python (no browser, no system
library such as Cairo or Pango to install on an office computer), maintained, and it embeds a
subset of a TrueType font, so "Chưa đủ thông tin" prints the same on any machine and any viewer.
The font is the DejaVu Serif that ships in ``output/fonts`` (it has every Vietnamese letter with
its stacked marks). Its table layout repeats the header row on every page and never splits a row.

What it shows is what the HTML and Markdown reports show, taken from ``report.view``: the pack and
the counts, the ranking with the funding line after the last funded applicant, and the rows that
could not be assessed. Explanations stay in the HTML and XLSX: a ranking to sign fits on a few pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from kcscore.i18n import lang_of
from kcscore.batch.result import BatchResult
from kcscore.fileio import write_atomic
from kcscore.output.notice_pdf import FONTS
from kcscore.policy.ir import Policy
from kcscore.report import view as V
from kcscore.report.labels import decision_label, labels

FAMILY = "DejaVuSerif"
BODY_PT = 8.5
TITLE_PT = 14
HEADING_PT = 11
LINE_MM = 4.6
MARGIN_MM = 12
INK = (31, 41, 51)
MUTED = (82, 96, 109)
LINE_RED = (180, 35, 24)
HEAD_FILL = (221, 235, 247)
FUNDED_FILL = (226, 240, 217)  # the same pale green as the XLSX
LINE_FILL = (254, 243, 242)
# Relative widths of rank, id, name, decision, score, support, funded (funded only with a budget).
RANK_WIDTHS = (6, 14, 40, 15, 12, 16, 33)
ERROR_WIDTHS = (8, 22, 18, 18, 60)


def _pdf(title: str) -> Any:
    from fpdf import FPDF

    class Ranking(FPDF):  # type: ignore[misc]
        def footer(self) -> None:
            """Page n of N, so a loose page of a signed ranking can be put back in order."""
            self.set_y(-9)
            self.set_font(FAMILY, "", 7.5)
            self.set_text_color(*MUTED)
            self.cell(0, 4, f"{title} · {self.page_no()}/{{nb}}", align="C")

    pdf = Ranking(orientation="L", unit="mm", format="A4")
    pdf.set_margins(left=MARGIN_MM, top=MARGIN_MM, right=MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSerif.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
    pdf.add_font(FAMILY, "I", str(FONTS / "DejaVuSerif-Italic.ttf"))
    pdf.set_creator("kcscore")
    pdf.set_title(title)
    pdf.set_lang("vi")
    return pdf


def _heading(pdf: Any, text: str) -> None:
    pdf.ln(2)
    pdf.set_font(FAMILY, "B", HEADING_PT)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _summary(pdf: Any, result: BatchResult, policy: Policy, lang: str) -> None:
    t = labels(lang)
    pdf.set_font(FAMILY, "B", TITLE_PT)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 7, t["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", BODY_PT + 0.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, LINE_MM, f"{policy.meta.title.get(lang)} · {policy.meta.jurisdiction.get(lang)}",
                   new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, t["summary"])
    pairs = V.header(result, policy, lang)
    pdf.set_text_color(*INK)
    half = (len(pairs) + 1) // 2
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    top = bottom = pdf.get_y()
    for column, chunk in enumerate((pairs[:half], pairs[half:])):  # two columns of label and value
        pdf.set_y(top)
        for label, value in chunk:
            pdf.set_x(pdf.l_margin + column * width)
            pdf.set_font(FAMILY, "", BODY_PT)
            pdf.set_text_color(*MUTED)
            pdf.cell(width * 0.4, LINE_MM, label)
            pdf.set_text_color(*INK)
            pdf.multi_cell(width * 0.6 - 2, LINE_MM, value, align="L", new_x="LMARGIN", new_y="NEXT")
        bottom = max(bottom, pdf.get_y())
    pdf.set_y(bottom)
    if result.warnings:
        pdf.ln(1)
        pdf.set_font(FAMILY, "B", BODY_PT)
        pdf.multi_cell(0, LINE_MM, t["warnings"], new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", BODY_PT)
        for warning in result.warnings:
            pdf.multi_cell(0, LINE_MM, f"• {warning}", align="L", new_x="LMARGIN", new_y="NEXT")


def _ranking(pdf: Any, result: BatchResult, policy: Policy, lang: str) -> None:
    from fpdf.fonts import FontFace

    t = labels(lang)
    budget = result.funding is not None
    _heading(pdf, t["ranking"])
    pdf.set_font(FAMILY, "I", BODY_PT)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, LINE_MM, f"{t['order']}: {V.order_text(policy, lang)}", align="L", new_x="LMARGIN",
                   new_y="NEXT")
    pdf.ln(1)
    heads = [t["col_rank"], t["col_id"], t["col_name"], t["col_decision"], t["col_score"], t["col_support"]]
    widths = RANK_WIDTHS[: len(heads)]
    if budget:
        heads.append(t["col_funded"])
        widths = RANK_WIDTHS
    if not result.assessments:
        pdf.set_font(FAMILY, "", BODY_PT)
        pdf.multi_cell(0, LINE_MM, t["no_applicants"], new_x="LMARGIN", new_y="NEXT")
        return
    pdf.set_font(FAMILY, "", BODY_PT)
    pdf.set_text_color(*INK)
    align = ("RIGHT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "LEFT")[: len(heads)]
    head_style = FontFace(family=FAMILY, emphasis="BOLD", fill_color=HEAD_FILL, color=INK)
    funded_style = FontFace(fill_color=FUNDED_FILL)
    muted_style = FontFace(color=MUTED)
    line_style = FontFace(family=FAMILY, emphasis="BOLD", color=LINE_RED, fill_color=LINE_FILL)
    group_style = FontFace(family=FAMILY, emphasis="BOLD", fill_color=HEAD_FILL)
    with pdf.table(col_widths=widths, text_align=align, line_height=LINE_MM, headings_style=head_style,
                   repeat_headings=1, borders_layout="HORIZONTAL_LINES", padding=(0.6, 1.0)) as table:
        table.row(heads)
        for item in V.ranking_items(result):
            if item == V.LINE:
                head, first = V.funding_line(result.funding, lang)  # type: ignore[arg-type]
                table.row().cell(f"{head}\n{first}", colspan=len(heads), style=line_style, align="LEFT")
                continue
            if item == V.UNRANKED:
                table.row().cell(t["not_ranked"], colspan=len(heads), style=group_style, align="LEFT")
                continue
            row: V.RankRow = item  # type: ignore[assignment]
            a = row.assessment
            cells = [V.rank_text(a), a.id, a.name, decision_label(a.decision, lang), V.score_text(a, lang),
                     V.support_text(a, lang)]
            if budget:
                status = V.funded_text(row, lang)
                note = V.funding_note(a, lang)
                cells.append(f"{status}: {note}" if note and not note.startswith(status) else note or status)
            style = funded_style if row.status == "funded" else muted_style if row.status != "ranked" else None
            table.row(cells, style=style)


def _errors(pdf: Any, result: BatchResult, lang: str) -> None:
    from fpdf.fonts import FontFace

    t = labels(lang)
    rows = V.error_rows(result, lang)
    _heading(pdf, t["row_errors"])
    pdf.set_font(FAMILY, "", BODY_PT)
    pdf.set_text_color(*INK)
    if not rows:
        pdf.multi_cell(0, LINE_MM, t["no_errors"], new_x="LMARGIN", new_y="NEXT")
        return
    heads = [t["col_row"], t["col_column"], t["col_field"], t["col_value"], t["col_message"]]
    head_style = FontFace(family=FAMILY, emphasis="BOLD", fill_color=HEAD_FILL, color=INK)
    with pdf.table(col_widths=ERROR_WIDTHS, text_align="LEFT", line_height=LINE_MM, headings_style=head_style, repeat_headings=1,
                   borders_layout="HORIZONTAL_LINES", padding=(0.6, 1.0)) as table:
        table.row(heads)
        for cells in rows:
            table.row([str(c) for c in cells])


def build_ranking_pdf(result: BatchResult, policy: Policy, lang: str = "vi") -> bytes:
    """The PDF bytes of the ranking report (same input, same bytes: fpdf2 is given a fixed date)."""
    import datetime as dt

    lang = lang_of(lang)
    t = labels(lang)
    pdf = _pdf(f"{t['title']} — {policy.meta.title.get(lang)}")
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    pdf.add_page()
    _summary(pdf, result, policy, lang)
    _ranking(pdf, result, policy, lang)
    _errors(pdf, result, lang)
    return bytes(pdf.output())


def write_ranking_pdf(result: BatchResult, path: Path, policy: Policy, lang: str = "vi") -> None:
    """Written atomically, like every kcscore output."""
    data = build_ranking_pdf(result, policy, lang)

    def save(handle: BinaryIO) -> None:
        handle.write(data)

    write_atomic(Path(path), save)
