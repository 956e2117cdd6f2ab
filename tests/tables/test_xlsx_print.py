"""The XLSX ranking and the applicant template, read back with openpyxl: set up to print on A4,
the funded rows and the funding line visible, numbers an officer can trust on paper."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kcscore.i18n import Message, Twin
from kcscore.batch.result import BatchResult, CellError, RowError
from kcscore.output.template import write_template
from kcscore.output.write_book import FUNDED_FILL, LINE_RED
from kcscore.output.writers import write_result
from kcscore.policy.ir import Policy

from .test_writers import assessed, make_result, policy  # noqa: F401  (fixtures shared with the writer tests)


@pytest.fixture()
def result(assessed: Any, policy: Policy) -> BatchResult:
    out = make_result(assessed, policy)
    out.errors.append(RowError(31, [CellError("local_material_share", "Tỷ lệ nguyên liệu tại chỗ (%)", "khoảng 70",
                                              Message("cell.as_is", {"text": Twin("không đọc được", "unreadable")}))], "BK-2019-031", line=34))
    return out


@pytest.fixture()
def book(tmp_path: Path, result: BatchResult, policy: Policy) -> Any:
    out = tmp_path / "ket-qua.xlsx"
    write_result(result, out, policy)
    return openpyxl.load_workbook(out)


def _assert_a4(ws: Any, landscape: bool = True) -> None:
    assert ws.page_setup.paperSize == 9, ws.title  # A4 in the OOXML paper-size table
    assert ws.page_setup.orientation == ("landscape" if landscape else "portrait"), ws.title
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title


def test_every_result_sheet_prints_on_a4_one_page_wide_with_its_header_repeated(book: Any) -> None:
    for name in ("Xếp hạng", "Giải trình", "Lỗi"):
        ws = book[name]
        _assert_a4(ws)
        assert ws.print_title_rows == "$1:$1", name
    _assert_a4(book["Thông tin"], landscape=False)


def test_ranking_keeps_rank_id_and_name_in_view(book: Any) -> None:
    ws = book["Xếp hạng"]
    assert ws.freeze_panes == "D2"
    assert [c.value for c in ws[1]][:3] == ["Hạng", "Mã hồ sơ", "Tên cơ sở"]


def test_funded_rows_are_filled_and_the_others_are_not(book: Any, result: BatchResult) -> None:
    ws = book["Xếp hạng"]
    filled = {}
    for row in ws.iter_rows(min_row=2):
        if row[1].value is None:
            continue
        colours = {c.fill.fgColor.rgb for c in row if c.fill.fill_type == "solid"}
        filled[row[1].value] = colours
    for a in result.assessments:
        expected = {"00" + FUNDED_FILL.fgColor.rgb[-6:]} if a.funded else set()
        assert filled[a.id] == expected, (a.id, filled[a.id])


def test_funding_line_row_sits_after_the_last_funded_applicant(book: Any, result: BatchResult) -> None:
    ws = book["Xếp hạng"]
    rows = list(ws.iter_rows(min_row=2))
    lines = [i for i, row in enumerate(rows) if row[1].value is None]
    assert len(lines) == 1
    line = rows[lines[0]]
    assert str(line[0].value).startswith("Ranh giới kinh phí: đã phân bổ")
    assert line[0].font.b and line[0].font.color.rgb.endswith(LINE_RED)
    assert line[0].border.top.style == "medium"
    last_funded = [a.id for a in result.assessments if a.funded][-1]
    assert rows[lines[0] - 1][1].value == last_funded
    assert not any(r[1].value in {a.id for a in result.assessments if a.funded} for r in rows[lines[0]:])


def test_incomplete_applicant_shows_its_provisional_score(book: Any, result: BatchResult) -> None:
    ws = book["Xếp hạng"]
    incomplete = next(a for a in result.assessments if a.decision == "incomplete")
    assert incomplete.provisional_score > 0 and incomplete.score == 0
    row = next(r for r in ws.iter_rows(min_row=2) if r[1].value == incomplete.id)
    score = row[4]
    assert score.value == incomplete.provisional_score and score.data_type == "n"
    assert "tạm tính" in score.number_format


def test_error_rows_are_numbered_as_excel_shows_them_with_field_titles(book: Any, policy: Policy) -> None:
    rows = list(book["Lỗi"].iter_rows(values_only=True))
    share = next(r for r in rows if r[1] == "BK-2019-031")
    assert share[0] == 34  # the line the officer scrolls to, not the 31st data row
    assert share[3] == policy.fields["local_material_share"].title.vi
    assert all(r[3] not in policy.fields for r in rows[1:])  # no field id left


def test_template_prints_on_a4_with_money_formats_and_the_lists_hidden(tmp_path: Path, policy: Policy) -> None:
    out = tmp_path / "mau.xlsx"
    write_template(policy, out)
    book = openpyxl.load_workbook(out)
    data, guide, lists = book.worksheets
    _assert_a4(data)
    _assert_a4(guide)
    assert data.print_title_rows == "$1:$1" and guide.print_title_rows == "$1:$1"
    assert data.freeze_panes == "C2"  # id and name stay in view while filling to the right
    assert lists.sheet_state == "hidden"
    headers = {c.value: c.column_letter for c in data[1]}
    formats = {fid: data.column_dimensions[headers[spec.header]].number_format for fid, spec in policy.fields.items()}
    money = [fid for fid, spec in policy.fields.items() if spec.type == "money"]
    assert money and all(formats[fid] == "#,##0" for fid in money)  # 1.129.000.000 in a Vietnamese Excel
    assert formats["submitted_on"] == "dd/mm/yyyy"
    assert formats["name"] == "General"
