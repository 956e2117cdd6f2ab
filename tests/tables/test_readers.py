"""Reading applicant lists as offices really make them: encodings, titles, totals, merged cells, broken lines.

Text fixtures are committed under ``tests/fixtures/tables/`` (their bytes are the point: cp1258
with combining tone marks, Excel's UTF-16 "Unicode text", a Windows-1252 file); workbooks are
built in ``tmp_path`` with openpyxl, or from raw XML when openpyxl cannot write what Excel writes
(cached formula values, a wrong ``<dimension>``).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import pickle
import time
import tracemalloc
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcscore.tables import textsource
from kcscore.tables.readers import RawRow, TableError, iter_rows, read_table
from kcscore.tables.values import fold

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tables"
PACK_HEADERS = {
    fold(h)
    for h in ("Mã hồ sơ", "Tên cơ sở", "Xã/phường", "Số lao động", "Huyện nghèo", "Tổng kinh phí đề án (đồng)",
              "Ngày nộp hồ sơ", "Kinh phí khuyến công đề nghị (đồng)", "id", "name", "workers")
}
TONES = "\u0300\u0301\u0303\u0309\u0323"


def matcher(header: str) -> bool:
    return fold(header) in PACK_HEADERS


def cp1258_bytes(text: str) -> bytes:
    """``text`` as Windows saves it in cp1258: base letters precomposed, tone marks combining."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tones)
    return "".join(out).encode("cp1258")


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def workbook(tmp_path: Path, sheets: dict[str, list[list[Any]]], *, name: str = "ds.xlsx",
             edit: Callable[[openpyxl.Workbook], None] | None = None) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    if edit is not None:
        edit(book)
    path = tmp_path / name
    book.save(path)
    return path


def raw_workbook(tmp_path: Path, sheet_data: str, *, dimension: str = "", merges: str = "",
                 strings: list[str] = ()) -> Path:
    """A minimal .xlsx written from XML, as Excel writes it (shared strings, cached formula values)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{kind}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{main}">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}">{dimension}<sheetData>{sheet_data}</sheetData>{merges}</worksheet>'
        ),
    }
    path = tmp_path / "raw.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for member, text in parts.items():
            archive.writestr(member, text)
    return path


def by_id(rows: list[RawRow], column: str = "Mã hồ sơ") -> dict[Any, RawRow]:
    return {row.cells[column]: row for row in rows}


# ---------------------------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------------------------

SAMPLE_ROWS = [
    ["Mã hồ sơ", "Tên cơ sở", "Xã/phường"],
    ["BK-01", "Hợp tác xã Đông Hưng", "Côn Minh"],
    ["BK-02", "Hộ kinh doanh Nguyễn Thị Hường, Ẩm thực", "Thượng Quan"],
]


def sample_csv(delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(SAMPLE_ROWS)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        (sample_csv().encode("utf-8"), "utf-8", ","),
        (codecs.BOM_UTF8 + sample_csv().encode("utf-8"), "utf-8-sig", ","),
        (sample_csv("\t").encode("utf-16"), "utf-16", "\t"),  # Excel's "Unicode text": UTF-16 LE with BOM, tabs
        (sample_csv("\t").encode("utf-16-le"), "utf-16-le", "\t"),
        (cp1258_bytes(sample_csv(";")), "cp1258", ";"),
        (unicodedata.normalize("NFD", sample_csv()).encode("utf-8"), "utf-8", ","),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-tabs", "utf-16-le-no-bom", "cp1258-combining", "utf-8-nfd"],
)
def test_each_encoding_reads_back_the_same_nfc_text(tmp_path: Path, data: bytes, encoding: str, delimiter: str) -> None:
    table = read_table(write(tmp_path, "ds.csv", data))
    assert (table.format, table.encoding, table.delimiter) == ("csv", encoding, delimiter)
    assert table.headers == SAMPLE_ROWS[0]
    assert [list(row.cells.values()) for row in table.rows] == SAMPLE_ROWS[1:]
    assert [(row.row, row.line) for row in table.rows] == [(1, 2), (2, 3)]


def test_cp1258_office_file_with_title_blank_and_total_rows() -> None:
    table = read_table(FIXTURES / "danh-sach-cp1258.csv", header_matcher=matcher)
    assert (table.encoding, table.delimiter, table.header_line) == ("cp1258", ";", 4)
    rows = by_id(table.rows)
    assert list(rows) == ["BK-2019-01", "BK-2019-02", "BK-2019-03"]
    assert rows["BK-2019-02"].cells["Tên cơ sở"] == "Hộ kinh doanh Nguyễn Thị Hường"
    assert rows["BK-2019-02"].cells["Tổng kinh phí đề án (đồng)"] == "1,5 tỷ"  # raw: parsing is values.py's job
    assert rows["BK-2019-03"].cells["Tên cơ sở"] == unicodedata.normalize("NFC", "Cơ sở chế biến gỗ Đức Ưng")
    assert [(r.row, r.line) for r in table.rows] == [(1, 5), (2, 6), (4, 8)]  # the blank line 7 still counts
    text = "\n".join(table.warnings)
    assert "dòng 1 «UBND TỈNH BẮC KẠN»" in text and "DANH SÁCH CƠ SỞ ĐỀ NGHỊ" in text
    assert "dòng tổng cộng ở dòng 9" in text
    assert "1 dòng trống (dòng 7)" in text
    assert "dòng 10 «Người lập biểu»" in text


def test_excel_unicode_text_export_with_a_multiline_cell() -> None:
    table = read_table(FIXTURES / "danh-sach-unicode-text.txt")
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.rows[1].cells == {"Mã hồ sơ": "BK-02", "Tên cơ sở": "Cơ sở mây tre đan\nÔng Ích Đường",
                                   "Số lao động": "7", "Huyện nghèo": "không"}


def test_windows_1252_is_refused_rather_than_read_as_mojibake() -> None:
    with pytest.raises(TableError) as caught:
        read_table(FIXTURES / "danh-sach-windows-1252.csv")
    assert "không nhận ra bảng mã" in caught.value.vi
    assert "dòng 2" in caught.value.vi
    assert "--encoding" in caught.value.message("vi") and "--encoding" in caught.value.message("en")


def test_declared_encoding_is_used_strictly(tmp_path: Path) -> None:
    path = write(tmp_path, "ds.csv", cp1258_bytes(sample_csv(";")))
    assert read_table(path, encoding="windows-1258").rows[0].cells["Tên cơ sở"] == "Hợp tác xã Đông Hưng"
    with pytest.raises(TableError) as caught:
        read_table(path, encoding="utf-8")
    assert caught.value.line == 1  # "Mã hồ sơ" in the header is already cp1258
    with pytest.raises(TableError, match="không biết bảng mã"):
        read_table(path, encoding="tcvn-3")


@pytest.fixture
def small_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every file "large" so the streaming decoder is the one exercised."""
    monkeypatch.setattr(textsource, "SMALL_FILE", 16)
    monkeypatch.setattr(textsource, "SAMPLE", 64)


@pytest.mark.usefixtures("small_sample")
class TestLargeFileEncodings:
    def ascii_head(self) -> bytes:
        return b"id;name\n" + b"BK-0;plain ascii\n" * 20

    def test_streamed_encodings_match_the_small_file_reader(self, tmp_path: Path) -> None:
        for data, encoding in [
            (codecs.BOM_UTF8 + sample_csv().encode(), "utf-8-sig"),
            (sample_csv("\t").encode("utf-16"), "utf-16"),
            (cp1258_bytes(sample_csv(";")), "cp1258"),
            (sample_csv().encode(), "utf-8"),
        ]:
            table = read_table(write(tmp_path, "big.csv", data))
            assert table.encoding == encoding
            assert [list(r.cells.values()) for r in table.rows] == SAMPLE_ROWS[1:]

    @pytest.mark.parametrize("codec", ["utf-8", "utf-16", "utf-16-le", "utf-16-be"])
    def test_any_sample_size_cuts_between_characters(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     codec: str) -> None:
        path = write(tmp_path, "big.csv", sample_csv("\t").encode(codec))
        for size in range(5, 90):
            monkeypatch.setattr(textsource, "SAMPLE", size)
            assert [list(r.cells.values()) for r in read_table(path).rows] == SAMPLE_ROWS[1:], size

    def test_cp1258_far_down_an_ascii_file_is_still_recognised(self, tmp_path: Path) -> None:
        data = self.ascii_head() + cp1258_bytes("BK-9;Hợp tác xã Đông Hưng\n")
        table = read_table(write(tmp_path, "big.csv", data))
        assert table.encoding == "cp1258"
        assert table.rows[-1].cells == {"id": "BK-9", "name": "Hợp tác xã Đông Hưng"}

    def test_windows_1252_far_down_stops_before_any_row(self, tmp_path: Path) -> None:
        data = self.ascii_head() + "DE-1;Müller Straße\n".encode("cp1252")
        with pytest.raises(TableError) as caught:
            iter_rows(write(tmp_path, "big.csv", data))  # raised on opening, not halfway through the rows
        assert caught.value.line == 22

    def test_declared_encoding_bad_byte_names_its_line(self, tmp_path: Path) -> None:
        data = self.ascii_head() + cp1258_bytes("BK-9;Hợp tác xã\n")
        with pytest.raises(TableError) as caught:
            iter_rows(write(tmp_path, "big.csv", data), encoding="utf-8")
        assert caught.value.line == 22


# ---------------------------------------------------------------------------------------------
# CSV layout
# ---------------------------------------------------------------------------------------------


def test_without_a_matcher_the_first_non_empty_row_is_the_header(tmp_path: Path) -> None:
    path = write(tmp_path, "ds.csv", "\n\nMã hồ sơ,Tên cơ sở\nBK-1,A\n")
    table = read_table(path)
    assert (table.headers, table.header_line) == (["Mã hồ sơ", "Tên cơ sở"], 3)
    assert (table.rows[0].row, table.rows[0].line) == (1, 4)
    assert table.warnings == []


def test_title_rows_are_skipped_only_with_a_matcher(tmp_path: Path) -> None:
    path = write(tmp_path, "ds.csv", "DANH SÁCH CƠ SỞ ĐỀ NGHỊ HỖ TRỢ KHUYẾN CÔNG NĂM 2019,\n,\nMã hồ sơ,Tên cơ sở\nBK-1,A\n")
    assert read_table(path).headers == ["DANH SÁCH CƠ SỞ ĐỀ NGHỊ HỖ TRỢ KHUYẾN CÔNG NĂM 2019"]
    table = read_table(path, header_matcher=matcher)
    assert table.headers == ["Mã hồ sơ", "Tên cơ sở"]
    assert [(r.row, r.line, r.cells) for r in table.rows] == [(1, 4, {"Mã hồ sơ": "BK-1", "Tên cơ sở": "A"})]
    assert len(table.warnings) == 1 and "dòng 1 «DANH SÁCH CƠ SỞ" in table.warnings[0]
    assert table.warnings[0].en.startswith("The header is line 3")


def test_no_recognisable_header_falls_back_with_a_warning(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "ds.csv", "Code,Facility\nBK-1,A\n"), header_matcher=matcher)
    assert table.headers == ["Code", "Facility"]
    assert "Không tìm thấy dòng tên cột" in table.warnings[0]


def test_total_row_is_removed_by_name_never_by_position(tmp_path: Path) -> None:
    text = ("STT,Mã hồ sơ,Tên cơ sở,Kinh phí\n"
            "1,BK-1,Tổng công ty Miến dong,100\n"  # an applicant whose name starts with "Tổng"
            "2,Tổng,Cơ sở B,200\n"  # an id that is not the first filled cell
            ",TỔNG CỘNG:,,300\n"
            ",Người lập biểu,,Thủ trưởng đơn vị\n"
            ",(Ký và ghi rõ họ tên),,\n"
            "3,BK-3,Cơ sở thêm sau,50\n")
    table = read_table(write(tmp_path, "ds.csv", text))
    assert [r.cells["Mã hồ sơ"] for r in table.rows] == ["BK-1", "Tổng", "BK-3"]
    text = "\n".join(table.warnings)
    assert "dòng tổng cộng ở dòng 4 («TỔNG CỘNG:»)" in text
    assert "2 dòng ghi chú/chữ ký" in text and "5 «Người lập biểu»" in text
    assert "1 dòng có dữ liệu nằm dưới dòng tổng cộng (dòng 4) vẫn được đọc" in text


def test_blank_rows_are_counted_once_and_trailing_ones_ignored(tmp_path: Path) -> None:
    text = "Mã hồ sơ;Tên cơ sở\nBK-1;A\n;\n \u00a0; \nBK-2;B\n;\n;\n\n"
    table = read_table(write(tmp_path, "ds.csv", text))
    assert [(r.row, r.line) for r in table.rows] == [(1, 2), (4, 5)]
    assert table.warnings == ["Bỏ qua 2 dòng trống (dòng 3, 4)"]


def test_embedded_newlines_keep_one_row(tmp_path: Path) -> None:
    text = 'Mã hồ sơ,Tên cơ sở,Ghi chú\r\nBK-1,"Hợp tác xã\r\nĐông Hưng","a, ""b"""\r\nBK-2,C,d\r\n'
    table = read_table(write(tmp_path, "ds.csv", text))
    assert table.rows[0].cells == {"Mã hồ sơ": "BK-1", "Tên cơ sở": "Hợp tác xã\r\nĐông Hưng", "Ghi chú": 'a, "b"'}
    assert [(r.row, r.line) for r in table.rows] == [(1, 2), (2, 3)]  # as Excel numbers its rows


def test_semicolon_csv_with_vietnamese_decimal_commas(tmp_path: Path) -> None:
    text = "Mã hồ sơ;Vốn;Tỷ lệ\nBK-1;1,5 tỷ;45,5\nBK-2;250.000.000;50\nBK-3;1,129 tỷ;7,25\n"
    table = read_table(write(tmp_path, "ds.csv", text))
    assert table.delimiter == ";"
    assert table.rows[0].cells == {"Mã hồ sơ": "BK-1", "Vốn": "1,5 tỷ", "Tỷ lệ": "45,5"}


def test_excel_sep_line_names_the_delimiter_and_is_not_a_row(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "ds.csv", "sep=;\r\nMã hồ sơ;Tên cơ sở, hộ\r\nBK-1;A, B\r\n"))
    assert (table.delimiter, table.headers) == (";", ["Mã hồ sơ", "Tên cơ sở, hộ"])
    assert [(r.row, r.line, r.cells["Tên cơ sở, hộ"]) for r in table.rows] == [(1, 2, "A, B")]


def test_lenient_quotes_like_excel_but_an_unclosed_quote_stops(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "ds.csv", 'Mã hồ sơ,Tên cơ sở\nBK-1,Máy 5" inch\nBK-2,"ABC" loại 2\n'))
    assert [r.cells["Tên cơ sở"] for r in table.rows] == ['Máy 5" inch', "ABC loại 2"]
    with pytest.raises(TableError, match="không bao giờ được đóng") as caught:
        read_table(write(tmp_path, "bad.csv", 'Mã hồ sơ,Tên cơ sở\nBK-1,"Máy\nBK-2,B\nBK-3,C\n'))
    assert caught.value.line == 2


def test_duplicate_headers_are_kept_and_renamed(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "ds.csv", "Mã hồ sơ,Tên cơ sở,mã  HỒ sơ,Mã hồ sơ\nBK-1,A,BK-1b,BK-1c\n"))
    assert table.headers == ["Mã hồ sơ", "Tên cơ sở", "mã  HỒ sơ (2)", "Mã hồ sơ (3)"]
    assert table.rows[0].cells["mã  HỒ sơ (2)"] == "BK-1b"
    assert "tên cột bị trùng" in table.warnings[0].lower()


def test_trailing_empty_columns_vanish_but_data_without_a_header_is_reported(tmp_path: Path) -> None:
    text = "Mã hồ sơ,,Tên cơ sở,,\nBK-1,,A,,\nBK-2,x,B,,y\nBK-3,,C\n"
    table = read_table(write(tmp_path, "ds.csv", text))
    assert table.headers == ["Mã hồ sơ", "Tên cơ sở"]
    assert table.rows[2].cells == {"Mã hồ sơ": "BK-3", "Tên cơ sở": "C"}
    assert [w for w in table.warnings if "Cột B không có tên cột" in w and "dòng 3" in w]
    assert [w for w in table.warnings if "Cột E không có tên cột" in w]


def test_short_rows_are_padded_with_empty_text(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "ds.csv", "Mã hồ sơ,Tên cơ sở,Xã/phường\nBK-1,A\n"))
    assert table.rows[0].cells == {"Mã hồ sơ": "BK-1", "Tên cơ sở": "A", "Xã/phường": ""}


def test_column_numbering_row_under_the_header(tmp_path: Path) -> None:
    text = "STT;Mã hồ sơ;Tên cơ sở;Số lao động\n(1);(2);(3);(4)\n1;BK-1;A;12\n"
    table = read_table(write(tmp_path, "ds.csv", text))
    assert [(r.row, r.line, r.cells["Mã hồ sơ"]) for r in table.rows] == [(1, 3, "BK-1")]
    assert table.header_line == 2
    assert "đánh số cột ở dòng 2" in table.warnings[0]


def test_an_applicant_row_is_not_a_numbering_row(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "ds.csv", "STT,Mã hồ sơ,Số lao động,Sao OCOP\n1,BK-1,2,3\n"))
    assert [r.cells["Mã hồ sơ"] for r in table.rows] == ["BK-1"] and table.warnings == []


def test_empty_file_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="mọi dòng đều trống"):
        read_table(write(tmp_path, "ds.csv", ";;\n\n"))
    with pytest.raises(TableError, match="không tìm thấy tệp"):
        read_table(tmp_path / "none.csv")
    header_only = read_table(write(tmp_path, "h.csv", "Mã hồ sơ,Tên cơ sở\n"))
    assert (header_only.headers, header_only.rows) == (["Mã hồ sơ", "Tên cơ sở"], [])


# ---------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------


def test_xlsx_keeps_cell_types_and_normalises_text(tmp_path: Path) -> None:
    rows = [["Mã hồ sơ", "Tên cơ sở", "Số lao động", "Vốn", "Ngày nộp hồ sơ", "Huyện nghèo", "Ghi chú"],
            ["BK-1", unicodedata.normalize("NFD", "Hợp tác xã Đông Hưng"), 12, 1.5e9, dt.datetime(2019, 3, 15), True, None]]
    table = read_table(workbook(tmp_path, {"Danh sách": rows}))
    assert (table.format, table.sheet, table.encoding) == ("xlsx", "Danh sách", None)
    expected = ["BK-1", "Hợp tác xã Đông Hưng", 12, 1.5e9, dt.datetime(2019, 3, 15), True, None]
    assert table.rows[0].cells == dict(zip(rows[0], expected, strict=True))
    assert (table.rows[0].row, table.rows[0].line) == (1, 2)


def test_xlsx_a_number_shown_as_a_percentage_reads_as_the_percentage_shown(tmp_path: Path) -> None:
    """Excel stores the "60%" an officer types as 0.6 in a cell formatted 0%: it reads as 60, exactly
    (0.605 as 60.5, not 60.49999999999999), with built-in and custom percentage formats; text and
    cells without a percentage format in the same column are left as they are."""
    header = ["Mã hồ sơ", "Tỷ lệ nguyên liệu tại chỗ (%)", "Mức tăng năng suất (%)", "Ghi chú"]
    rows = [header, ["BK-1", 0.6, 0.35, 0.5], ["BK-2", 0.605, 1.2, "x"], ["BK-3", "khoảng 70%", 30, None],
            ["BK-4", 45, 0.07, None]]
    formats = {"B2": "0%", "B3": "0.0%", "B4": "0%", "C2": "0.00%", "C3": '#,##0%;[Red]-#,##0%', "C5": "0%",
               "D2": '0.0" %"'}  # D2: a % sign in quoted text shows 0.5 as "0.5 %": not a percentage

    def edit(book: openpyxl.Workbook) -> None:
        for ref, code in formats.items():
            book["Danh sách"][ref].number_format = code

    table = read_table(workbook(tmp_path, {"Danh sách": rows}, edit=edit))
    got = {row.cells["Mã hồ sơ"]: [row.cells[h] for h in header[1:]] for row in table.rows}
    assert got == {"BK-1": [60.0, 35.0, 0.5], "BK-2": [60.5, 120.0, "x"], "BK-3": ["khoảng 70%", 30, None],
                   "BK-4": [45, 7.0, None]}


def test_percent_formats_and_the_cells_that_carry_them() -> None:
    from kcscore.tables.xlsx_reader import is_percent_format, shown_percent
    from kcscore.tables.xlsx_scan import SheetFacts, _scan, _styled

    assert [is_percent_format(code) for code in ("0%", "0.00%", "#,##0.0%;[Red]-0%", "[<=9]0%", '0" %"', "0\\%",
                                                  "General", "#,##0")] == [True] * 4 + [False] * 4
    assert [shown_percent(v) for v in (0.605, 0.07, 1, 0.0, -0.125)] == [60.5, 7.0, 100.0, 0.0, -12.5]
    facts = SheetFacts()
    part = (b'<row r="2"><c r="B2" s="3" t="n"><v>0.6</v></c><c s="3" r="C2"><v>1</v></c>'
            b'<x:c r="D2" t="n" s="3"><v>2</v></x:c><c r="E2" s="13"><v>1</v></c><c r="F2" s="1"><v>1</v></c></row>')
    _scan(part, facts, _styled(frozenset({1, 3})))
    assert dict(facts.percent) == {2: [2, 3, 4, 6]}
    assert _styled(frozenset()) is None


def test_xlsx_office_layout_title_merged_header_merged_cells_total(tmp_path: Path) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["Danh sách"]
        sheet.merge_cells("A1:F1")
        for column in "ABCD":
            sheet.merge_cells(f"{column}3:{column}4")
        sheet.merge_cells("E3:F3")
        sheet.merge_cells("D6:D7")  # one commune merged down over two applicants
        sheet.row_dimensions[7].hidden = True

    rows = [
        ["DANH SÁCH CƠ SỞ ĐỀ NGHỊ HỖ TRỢ KHUYẾN CÔNG NĂM 2019"],
        [],
        ["STT", "Mã hồ sơ", "Tên cơ sở", "Xã/phường", "Kinh phí (đồng)", None],
        [None, None, None, None, "Tổng kinh phí đề án (đồng)", "Kinh phí khuyến công đề nghị (đồng)"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        [1, "BK-1", "HTX Nà Làng", "Côn Minh", 600_000_000, 250_000_000],
        [2, "BK-2", "Cơ sở Bưởi", None, 400_000_000, 200_000_000],
        [None, "Tổng cộng", None, None, 1_000_000_000, 450_000_000],
        [None, "Người lập biểu", None, None, "Thủ trưởng đơn vị"],
    ]
    path = workbook(tmp_path, {"Bìa": [["Sở Công Thương tỉnh Bắc Kạn"]], "Danh sách": rows}, edit=edit)
    table = read_table(path, header_matcher=matcher)
    assert table.sheet == "Danh sách"  # the cover sheet in front is passed over, and that is said
    assert table.headers == ["STT", "Mã hồ sơ", "Tên cơ sở", "Xã/phường",
                             "Tổng kinh phí đề án (đồng)", "Kinh phí khuyến công đề nghị (đồng)"]
    assert table.header_line == 5
    assert [(r.row, r.line) for r in table.rows] == [(1, 6), (2, 7)]
    assert table.rows[1].cells["Xã/phường"] == "Côn Minh"
    assert table.rows[1].cells["Kinh phí khuyến công đề nghị (đồng)"] == 200_000_000
    text = "\n".join(table.warnings)
    for expected in ("2 trang tính", "«Danh sách»", "hàng Excel 1 «DANH SÁCH", "đánh số cột ở hàng Excel 5",
                     "dòng tổng cộng ở hàng Excel 8", "hàng Excel 9 «Người lập biểu»", "D6:D7",
                     "bị ẩn trong Excel", "hàng Excel 7"):
        assert expected in text, expected


def test_xlsx_sheet_selection(tmp_path: Path) -> None:
    path = workbook(tmp_path, {"Tổng hợp": [["Huyện", "Số hồ sơ"], ["Ba Bể", 3]],
                               "Danh sách đề nghị": [["Mã hồ sơ", "Tên cơ sở"], ["BK-1", "A"]]})
    assert read_table(path).sheet == "Tổng hợp"  # without a matcher: the first sheet that is not empty
    for sheet in ("danh sách đề nghị", "DANH SACH DE NGHI", 2, "2"):
        table = read_table(path, sheet=sheet)
        assert (table.sheet, table.rows[0].cells["Mã hồ sơ"]) == ("Danh sách đề nghị", "BK-1")
    with pytest.raises(TableError) as caught:
        read_table(path, sheet="Danh sach 2020")
    assert "1. «Tổng hợp», 2. «Danh sách đề nghị»" in caught.value.vi
    with pytest.raises(TableError):
        read_table(path, sheet=3)


def test_xlsx_cached_formula_values_and_uncomputed_formulas(tmp_path: Path) -> None:
    data = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>600000000</v></c><c r="C2"><f>B2/2</f><v>300000000</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3"><v>5</v></c><c r="C3"><f>B3/2</f></c></row>'
        '<row r="4"><c r="A4" t="s"><v>5</v></c><c r="B4"><v>1</v></c>'
        '<c r="C4" t="str"><f>IF(B4&gt;2,"x","")</f><v></v></c></row>'
    )
    path = raw_workbook(tmp_path, data, dimension='<dimension ref="A1"/>',  # wrong, as some tools write it
                        strings=["Mã hồ sơ", "Tổng kinh phí", "Đề nghị", "BK-1", "BK-2", "BK-3"])
    table = read_table(path)
    assert table.headers == ["Mã hồ sơ", "Tổng kinh phí", "Đề nghị"]
    rows = by_id(table.rows)
    assert rows["BK-1"].cells["Đề nghị"] == 300_000_000 and rows["BK-1"].problem is None
    assert rows["BK-2"].cells["Đề nghị"] is None
    assert rows["BK-2"].problem is not None and "C3" in rows["BK-2"].problem.say("vi") and "C3" in rows["BK-2"].problem.say("en")
    assert rows["BK-3"].problem is None  # a formula whose result is empty text is computed


def test_xlsx_renamed_csv_and_other_disguises(tmp_path: Path) -> None:
    path = workbook(tmp_path, {"Sheet1": [["Mã hồ sơ"], ["BK-1"]]})
    renamed = tmp_path / "ds.csv"
    renamed.write_bytes(path.read_bytes())
    table = read_table(renamed)
    assert table.format == "xlsx" and "thực chất là tệp Excel" in table.warnings[0]
    with pytest.raises(TableError, match=r"\.xls"):
        read_table(write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)))
    with pytest.raises(TableError, match="HTML"):
        read_table(write(tmp_path, "web.xls", "<html><table><tr><td>Mã hồ sơ</td></tr></table></html>"))
    with pytest.raises(TableError, match="không phải tệp Excel hợp lệ"):
        read_table(write(tmp_path, "ds.xlsx", "Mã hồ sơ\nBK-1\n"))


# ---------------------------------------------------------------------------------------------
# JSON and JSON Lines
# ---------------------------------------------------------------------------------------------


def test_json_array_rows_and_their_lines(tmp_path: Path) -> None:
    text = ('[\n  {"id": "BK-1", "name": "Ho\u031b\u0323p ta\u0301c xa\u0303", "workers": 12, "id": "BK-1b"},\n'
            '  5,\n  {"id": "BK-3",\n   "poor_district": true}\n]\n')
    table = read_table(write(tmp_path, "ds.json", text))
    assert (table.format, table.headers) == ("json", ["id", "name", "workers", "poor_district"])
    first = table.rows[0]
    assert (first.row, first.line) == (1, 2)
    assert first.problem is not None
    assert (first.problem.say("vi"), first.problem.say("en")) == (
        "trường được viết hai lần trong cùng một hồ sơ: 'id' (dòng 2, cột 4 và cột 55); giữ lại một giá trị",
        "field written twice in one applicant: 'id' (line 2, columns 4 and 55); keep one value")
    assert (table.rows[1].row, table.rows[1].cells) == (2, {})
    assert table.rows[1].problem is not None and "phần tử thứ 2" in table.rows[1].problem.say("vi")
    assert table.rows[2] == RawRow(3, 4, {"id": "BK-3", "poor_district": True})
    assert table.warnings == []


def test_json_array_key_written_twice_on_two_lines(tmp_path: Path) -> None:
    text = '{"applicants": [\n {"id": "BK-1",\n  "workers": 12,\n  "workers" : 40},\n {"id": "BK-2", "workers": 5}\n]}\n'
    table = read_table(write(tmp_path, "ds.json", text))
    assert table.rows[0].problem is not None
    assert "'workers' (dòng 3 và dòng 4)" in table.rows[0].problem.say("vi")
    assert "'workers' (lines 3 and 4)" in table.rows[0].problem.say("en")
    assert table.rows[1].problem is None and table.rows[1].cells == {"id": "BK-2", "workers": 5}


def test_json_object_with_applicants(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "ds.json", '{"pack": "bac-kan", "applicants": [{"id": "BK-1"}], "n": 1}'))
    assert [r.cells for r in table.rows] == [{"id": "BK-1"}]
    with pytest.raises(TableError, match="'pack'"):
        read_table(write(tmp_path, "one.json", '{"pack": "bac-kan"}'))
    with pytest.raises(TableError) as caught:
        read_table(write(tmp_path, "bad.json", '[\n {"id": "BK-1"},\n {"id": }\n]'))
    assert caught.value.line == 3


def test_jsonl_every_line_accounted_for() -> None:
    table = read_table(FIXTURES / "ho-so-dong-hong.jsonl")
    assert table.format == "jsonl"
    assert [(r.row, r.line) for r in table.rows] == [(1, 1), (3, 3), (4, 4), (5, 5)]
    good, broken, not_object, labelled = table.rows
    assert good.cells == {"id": "BK-01", "name": "HTX Miến dong Nà Làng", "workers": 12} and good.problem is None
    assert broken.cells == {} and broken.problem is not None
    assert "dòng 3 không phải JSON hợp lệ" in broken.problem.say("vi")
    assert not_object.problem is not None
    assert "mảng" in not_object.problem.say("vi") and "array" in not_object.problem.say("en")
    assert labelled.cells["Tên cơ sở"] == "Hộ kinh doanh Ẩm thực"
    assert table.headers == ["id", "name", "workers", "Mã hồ sơ", "Tên cơ sở"]
    assert table.warnings == ["Bỏ qua 1 dòng trống (dòng 2)"]


def test_json_lines_saved_as_json(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "ds.json", '{"id": "BK-1"}\n{"id": "BK-2"}\n'))
    assert table.format == "jsonl" and [r.cells["id"] for r in table.rows] == ["BK-1", "BK-2"]
    assert "JSON Lines" in table.warnings[0]


def test_warnings_carry_english_and_survive_pickling(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "ds.csv", "a,b\n1,2\n,\n3,4\n"))
    warning = table.warnings[0]
    assert warning.en == "Skipped 1 blank line(s) (line 3)"
    assert pickle.loads(pickle.dumps(warning)).en == warning.en


# ---------------------------------------------------------------------------------------------
# Scale
# ---------------------------------------------------------------------------------------------


def test_streaming_200_000_rows_in_constant_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        handle.write("DANH SÁCH CƠ SỞ ĐỀ NGHỊ HỖ TRỢ\nMã hồ sơ;Tên cơ sở;Xã/phường;Kinh phí;Ngày nộp hồ sơ\n")
        for start in range(0, 200_000, 10_000):
            handle.write("".join(f"BK-{i:06d};Hợp tác xã Đông Hưng {i};Côn Minh;1.129.000.000;15/03/2019\n"
                                 for i in range(start, start + 10_000)))
    assert path.stat().st_size > textsource.SMALL_FILE  # the streaming path, not the whole-file one
    tracemalloc.start()
    try:
        started = time.perf_counter()
        info, rows = iter_rows(path, header_matcher=matcher)
        count = sum(1 for _ in rows)
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"\n200 000 CSV rows streamed in {seconds:.1f} s (under tracemalloc), peak {peak / 2**20:.1f} MiB")
    assert count == 200_000
    assert (info.encoding, info.header_line) == ("utf-8-sig", 2)
    assert peak < 20 * 2**20


# ---------------------------------------------------------------------------------------------
# Round trip
# ---------------------------------------------------------------------------------------------

VIETNAMESE = [unicodedata.normalize(form, base + tone) for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
              for tone in ("", *TONES) for form in ("NFC", "NFD")]
CELL = st.lists(st.sampled_from(VIETNAMESE + list("bcdđghklmnpqrstvxĐBCGHT0123456789 ,;.'\"\n-()%")), max_size=25).map("".join)
HEADERS = ["Mã hồ sơ", "Tên cơ sở", "Ghi chú"]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(CELL, CELL), min_size=1, max_size=8),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258", "xlsx"]))
def test_random_vietnamese_cells_read_back_identical(tmp_path: Path, cells: list[tuple[str, str]], encoding: str) -> None:
    rows = [[f"BK-{i}", name, note] for i, (name, note) in enumerate(cells, start=1)]
    if encoding == "xlsx":
        path = workbook(tmp_path, {"Danh sách": [HEADERS, *rows]})
        expected = [[nfc(c) if c else None for c in row] for row in rows]
    else:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";" if encoding == "cp1258" else ",").writerows([HEADERS, *rows])
        text = buffer.getvalue()
        path = write(tmp_path, "ds.csv", cp1258_bytes(text) if encoding == "cp1258" else text.encode(encoding))
        expected = [[nfc(c) for c in row] for row in rows]
    table = read_table(path)
    assert table.headers == HEADERS
    assert [list(r.cells.values()) for r in table.rows] == expected
    assert [r.row for r in table.rows] == list(range(1, len(rows) + 1))


def test_rows_feed_the_pack_schema() -> None:
    """The lead's matcher and record reader take these rows as they are."""
    from kcscore.applicant import read_record, schema_for
    from kcscore.policy.loader import load_policy

    policy = load_policy()
    schema = schema_for(policy)
    table = read_table(FIXTURES / "danh-sach-cp1258.csv", header_matcher=lambda h: schema.field_for(h) is not None)
    records = [read_record(policy, row.cells) for row in table.rows]
    assert [typed["total_cost_vnd"] for typed, _, _ in records] == [1_129_000_000, 1_500_000_000, 500_000_000]
    assert [typed["submitted_on"] for typed, _, _ in records] == [dt.date(2019, 3, 15), dt.date(2019, 3, 20),
                                                                  dt.date(2019, 3, 22)]
    assert all(not problems and unknown == ["STT"] for _, problems, unknown in records)


def test_a_number_counted_in_per_cent_reads_a_percent_sign() -> None:
    """``Mức tăng năng suất (%)`` is a number of unit %: "30%" (a CSV saved from Excel writes it so)
    reads as 30, as a percentage field reads it; without the sign nothing changes (30 stays the
    whole number 30); a money or count field still refuses a percent sign."""
    from kcscore.applicant import parse_cell, schema_for
    from kcscore.policy.loader import load_policy
    from kcscore.tables.values import ValueProblem

    schema = schema_for(load_policy())
    assert schema.fields["productivity_gain_pct"].unit == "%"
    read = [parse_cell(schema, "productivity_gain_pct", raw) for raw in ("30%", " 12,5 % ", "30", 30, "1.200")]
    assert read == [30.0, 12.5, 30, 30, 1200] and type(read[2]) is int
    for fid in ("workers", "total_cost_vnd"):
        with pytest.raises(ValueProblem):
            parse_cell(schema, fid, "30%")


def test_a_header_with_a_footnote_mark_or_a_column_number_names_its_field(tmp_path: Path) -> None:
    """Official forms print "Số lao động (*)" (a footnote, or a required field), "Số lao động*" or
    "Tổng kinh phí (1)" (the column's number), often over two lines of one cell: the field is still
    found, in the workbook's header line too; anything else after the header is not guessed at."""
    from kcscore.applicant import read_record, schema_for
    from kcscore.policy.loader import load_policy

    policy = load_policy()
    schema = schema_for(policy)
    found = {h: schema.field_for(h) for h in ("Số lao\nđộng (*)", "Số lao động*", "Số lao động (**)",
                                               "Tổng kinh phí đề án (đồng) (1)", "Số lao động (123)",
                                               "Số lao động (người)", "(*)", "*")}
    assert found == {"Số lao\nđộng (*)": "workers", "Số lao động*": "workers", "Số lao động (**)": "workers",
                     "Tổng kinh phí đề án (đồng) (1)": "total_cost_vnd", "Số lao động (123)": None,
                     "Số lao động (người)": None, "(*)": None, "*": None}
    rows = [["Mã hồ sơ (*)", "Tên cơ sở (*)", "Số lao\nđộng (*)", "Ghi chú"], ["BK-1", "HTX Đông Hưng", 12, "x"]]
    table = read_table(workbook(tmp_path, {"Danh sách": rows}),
                       header_matcher=lambda h: schema.field_for(h) is not None)
    typed, problems, unknown = read_record(policy, table.rows[0].cells)
    assert (typed["id"], typed["name"], typed["workers"], problems, unknown) == ("BK-1", "HTX Đông Hưng", 12, [],
                                                                                  ["Ghi chú"])


def test_jsonl_fast_decoder_never_hides_what_the_careful_one_sees(tmp_path: Path) -> None:
    """Repeated keys, a value holding '":', NaN and escapes read as the standard decoder reads them."""
    text = "\n".join([
        '{"id": "A1", "name": "Cơ sở", "workers": 3, "workers": 5}',
        '{"id": "A2", "name": "say \\":\\" here", "workers": 4}',
        '{"id": "A3", "name": "Ne\\u0301t", "workers": NaN}',
        '{"id": "A4", "name": "Nghe\u0302\u0301", "workers": 12345678901234567890123}',
    ]) + "\n"
    path = tmp_path / "list.jsonl"
    path.write_text(text, encoding="utf-8")
    table = read_table(path)
    cells = [row.cells for row in table.rows]
    assert table.rows[0].problem is not None
    assert "'workers' (line 1, columns 31 and 45)" in table.rows[0].problem.say("en")
    assert [row.problem for row in table.rows[1:]] == [None, None, None]
    assert cells[1]["name"] == 'say ":" here'
    assert cells[2]["name"] == "Nét" and cells[2]["workers"] != cells[2]["workers"]  # NaN
    assert cells[3]["name"] == "Nghế" and cells[3]["workers"] == 12345678901234567890123


def test_jsonl_key_written_twice_is_that_rows_error_however_it_is_spaced(tmp_path: Path) -> None:
    """orjson merges a repeated key silently; a space before the ':' must not hide the repeat."""
    path = tmp_path / "list.jsonl"
    path.write_text('{"id": "A1", "workers": 3, "workers" : 5, "name": "X"}\n{"id": "A2", "workers": 4}\n'
                    '{"id": "A3", "workers": 4, "Số lao động": 7}\n', encoding="utf-8")
    table = read_table(path)
    assert table.rows[0].problem is not None
    assert table.rows[0].problem.say("en") == ("field written twice in one applicant: 'workers' (line 1, columns 14 and 28); "
                                        "keep one value")
    assert table.rows[1].problem is None and table.rows[1].cells == {"id": "A2", "workers": 4}
    assert table.rows[2].problem is None  # two spellings of one field: the field reader refuses them


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_fields_column_written_twice_is_read_per_row_and_both_filled_is_an_error(tmp_path: Path, suffix: str) -> None:
    grid = [["Mã hồ sơ", "Số lao động", "Tên cơ sở", "số  lao động"], ["BK-1", "12", "A", "40"], ["BK-2", "", "B", "7"],
            ["BK-3", "5", "C", ""]]
    if suffix == ".csv":
        path = write(tmp_path, "ds.csv", "\n".join(",".join(row) for row in grid) + "\n")
    else:
        book = openpyxl.Workbook()
        for row in grid:
            book.active.append([cell or None for cell in row])
        path = tmp_path / "ds.xlsx"
        book.save(path)
    known = {fold(h) for h in ("Mã hồ sơ", "Số lao động", "Tên cơ sở")}
    info, rows = iter_rows(str(path), header_matcher=lambda header: fold(header) in known)
    first, second, third = list(rows)
    assert first.problem is not None and (first.problem.say("vi"), first.problem.say("en")) == (
        "cột 'Số lao động' có hai lần và dòng này điền cả hai: '12' (cột thứ 2 (B)) và '40' (cột thứ 4 (D)); giữ lại một cột",
        "column 'Số lao động' appears twice and this row fills both: '12' (column 2 (B)) and '40' (column 4 (D)); keep one column")
    assert second.problem is None and second.cells["Số lao động"] in ("7", 7)
    assert third.problem is None and third.cells["Số lao động"] in ("5", 5)
    assert not any("(2)" in key for row in (first, second, third) for key in row.cells)
    assert any("appears twice (column 2 (B) and column 4 (D))" in w.message("en") for w in info.warnings)
