"""`kcscore notices`: one Word letter per assessed applicant, read back with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from kcscore.cli import main
from kcscore.wording.numberwords import vietnamese_words
from kcscore.notices import unique_names
from tests.packcopy import copy_pack

ROOT = Path(__file__).resolve().parents[2]
LIST = ROOT / "samples" / "applicants" / "bac-kan-2019.csv"
BUDGET = "1129000000"


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample list's letters, written once for the module (43 files)."""
    tmp = tmp_path_factory.mktemp("notices")
    runner = CliRunner()
    result = runner.invoke(main, ["notices", str(LIST), "--budget", BUDGET, "--out", str(tmp / "tb")],
                           env={"KCSCORE_CACHE_DIR": str(tmp / "cache")})
    assert result.exit_code == 0, result.stderr
    return tmp / "tb", result.stderr


def text_of(path: Path) -> str:
    """Every paragraph of the letter, the header and footer tables included, one per line."""
    document = docx.Document(str(path))
    lines = []
    for table in document.tables:
        for cell in table.rows[0].cells:
            lines += [p.text for p in cell.paragraphs]
    lines += [p.text for p in document.paragraphs]
    return "\n".join(lines)


def test_one_letter_per_assessed_applicant_and_rejected_rows_in_the_summary(letters: tuple[Path, str]) -> None:
    folder, stderr = letters
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 43
    assert "BK-2019-031.docx" not in names and "BK-2019-041.docx" not in names  # rejected by the reader
    assert "dòng 31 (dòng 34 trong tệp): Tỷ lệ nguyên liệu tại chỗ (%)" in stderr
    assert "Đã viết 43 thông báo (được hỗ trợ 9, chưa đủ thông tin 1, không đủ điều kiện 7, " \
           "không đủ kinh phí còn lại 26); 5 dòng lỗi không có thông báo" in stderr


def test_funded_letter(letters: tuple[Path, str]) -> None:
    text = text_of(letters[0] / "BK-2019-024.docx")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc" in text
    assert "Số:       /TB-SCT" in text and "Nơi nhận:" in text and "Lưu: VT, QLCN." in text
    assert "Kính gửi: HTX Miến dong Xuất Hóa (mã hồ sơ BK-2019-024)" in text
    assert ("Đề án của cơ sở ĐƯỢC CHỌN hỗ trợ kinh phí khuyến công với mức 234.000.000 đ "
            "(Hai trăm ba mươi tư triệu đồng).") in text
    assert "Tổng điểm: 81/100 điểm." in text
    assert "Nguyên liệu tại chỗ chiếm 91% giá trị đầu vào (Thông tư 46/2012/TT-BCT, Điều 6.2.b): 14/14" in text
    assert "Số lao động mới tạo ra: hiện là 4; nếu đạt từ 5 trở lên sẽ được thêm 2 điểm" in text  # a verified suggestion
    assert "DỰ THẢO" in text  # the office has not filled its details in


def test_eligible_but_the_budget_ran_out(letters: tuple[Path, str]) -> None:
    text = text_of(letters[0] / "BK-2019-009.docx")  # rank 13: needs 257 tr when 32 tr are left
    assert "CHƯA ĐƯỢC CHỌN hỗ trợ vì đến lượt xét, kinh phí khuyến công còn lại không đủ cho mức hỗ trợ đề xuất " \
           "257.000.000 đ" in text
    assert "Tổng điểm: 67/100 điểm." in text
    assert "ĐƯỢC CHỌN hỗ trợ kinh phí" not in text


def test_ineligible_letter_gives_reasons_with_citations_and_no_score(letters: tuple[Path, str]) -> None:
    text = text_of(letters[0] / "BK-2019-040.docx")
    assert "KHÔNG ĐỦ ĐIỀU KIỆN" in text
    assert "- Nội dung này đã được ngân sách nhà nước hỗ trợ từ nguồn khác (TTLT 26/2014/TTLT-BTC-BCT, Điều 7.4)" in text
    assert "Tổng điểm" not in text and "Mức hỗ trợ đề xuất" not in text
    assert "Đề nghị xem xét lại" in text and "trong thời hạn 15 ngày" in text


def test_incomplete_letter_lists_what_to_supply(letters: tuple[Path, str]) -> None:
    text = text_of(letters[0] / "BK-2019-013.docx")
    assert "CHƯA ĐỦ THÔNG TIN" in text and "Điểm tạm tính trên các thông tin đã có:" in text
    assert "Thông tin cần bổ sung" in text
    assert "Cam kết vốn đối ứng: chưa quyết định được" in text and "Tỷ lệ nguyên liệu tại chỗ (%): tới 14 điểm" in text
    assert "counterpart_committed" not in text and "local_material_share" not in text  # titles, never ids


def test_office_template_fills_the_letter_and_stop_rule_says_below_the_line(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    copy_pack(ROOT / "rules" / "bac-kan", pack)
    policy = pack / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("when_not_fit: skip", "when_not_fit: stop"),
                      encoding="utf-8")
    office = tmp_path / "so-cong-thuong.yaml"
    office.write_text(
        "office:\n"
        "  parent_body: UBND TỈNH BẮC KẠN\n"
        "  number: 'Số: 112/TB-SCT'\n"
        "  place: Bắc Kạn\n"
        "  signer_name: Nguyễn Văn An\n"
        "  contact: Phòng Quản lý công nghiệp, điện thoại 0209 3870 000\n"
        "  review_days: '10'\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["notices", str(LIST), "--rules", str(pack), "--budget", BUDGET, "--out",
                                       str(tmp_path / "tb"), "--template", str(office)],
                                env={"KCSCORE_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 0, result.stderr
    funded = text_of(tmp_path / "tb" / "BK-2019-024.docx")
    assert "UBND TỈNH BẮC KẠN" in funded and "Số: 112/TB-SCT" in funded and "Nguyễn Văn An" in funded
    assert "Bắc Kạn, ngày" in funded and "DỰ THẢO" not in funded
    assert "trong thời hạn 10 ngày" in funded and "tới Phòng Quản lý công nghiệp, điện thoại 0209 3870 000" in funded
    first_out = text_of(tmp_path / "tb" / "BK-2019-034.docx")  # rank 7: the first that did not fit
    assert "kinh phí khuyến công còn lại không đủ" in first_out
    below = text_of(tmp_path / "tb" / "BK-2019-011.docx")  # rank 8: below the line once selection stops
    assert "CHƯA ĐƯỢC CHỌN hỗ trợ vì xếp hạng 8, dưới ranh giới kinh phí khuyến công năm 2019" in below


def test_a_misspelt_template_key_is_refused_with_a_guess(tmp_path: Path) -> None:
    bad = tmp_path / "office.yaml"
    bad.write_text("office:\n  signer_nam: Nguyễn Văn An\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["notices", str(LIST), "--budget", BUDGET, "--out", str(tmp_path / "tb"),
                                       "--template", str(bad)], env={"KCSCORE_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 2
    assert "khóa 'office.signer_nam' không có trong mẫu; có phải 'signer_name'?" in result.stderr
    assert not (tmp_path / "tb").exists()


def test_english_letter(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["notices", str(LIST), "--budget", BUDGET, "--out", str(tmp_path / "tb"),
                                       "--lang", "en"], env={"KCSCORE_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 0, result.stderr
    text = text_of(tmp_path / "tb" / "BK-2019-024.docx")
    assert "Your proposal IS SELECTED for industrial-promotion support of 234,000,000 VND." in text
    assert "Total score: 81/100 points." in text


def test_ids_that_clean_to_one_file_name_get_distinct_names() -> None:
    assert unique_names(["A/1", "A_1", "a_1", "B"]) == ["A_1.docx", "A_1-2.docx", "a_1-3.docx", "B.docx"]


@pytest.mark.parametrize(("amount", "words"), [
    (250_000_000, "Hai trăm năm mươi triệu"),
    (234_000_000, "Hai trăm ba mươi tư triệu"),
    (1_129_000_000, "Một tỷ một trăm hai mươi chín triệu"),
    (35_000_000, "Ba mươi lăm triệu"),
    (21_000, "Hai mươi mốt nghìn"),
    (105, "Một trăm lẻ năm"),
    (115, "Một trăm mười lăm"),
    (1_005_000, "Một triệu không trăm lẻ năm nghìn"),
    (10, "Mười"),
    (14, "Mười bốn"),
    (11, "Mười một"),
    (51, "Năm mươi mốt"),
    (24, "Hai mươi tư"),
    (14_000, "Mười bốn nghìn"),
    (1_000_000_000_000, "Một nghìn tỷ"),
])
def test_amounts_in_words(amount: int, words: str) -> None:
    assert vietnamese_words(amount) == words


def test_pdf_copy_embeds_dejavu_and_reads_back_in_vietnamese(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    result = CliRunner().invoke(main, ["notices", str(LIST), "--budget", BUDGET, "--out", str(tmp_path / "tb"), "--pdf"],
                                env={"KCSCORE_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 0, result.stderr
    assert "kèm 43 bản PDF" in result.stderr
    reader = pypdf.PdfReader(str(tmp_path / "tb" / "BK-2019-024.pdf"))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n" in text  # on one line: the header size fits it
    assert "Kính gửi: HTX Miến dong Xuất Hóa (mã hồ sơ BK-2019-024)" in text
    assert "(Hai trăm ba mươi tư triệu đồng)" in text
    fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVuSerif" in name for name in fonts)
    assert len(reader.pages) == 2 and reader.pages[1].extract_text().lstrip().startswith("2")
    assert "\n1\n" not in reader.pages[0].extract_text()[:40]


def test_docx_page_is_a4_with_page_numbers_from_page_two(letters: tuple[Path, str]) -> None:
    document = docx.Document(str(letters[0] / "BK-2019-024.docx"))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and "PAGE" not in section.first_page_header._element.xml
    fonts = {run.font.name for p in document.paragraphs for run in p.runs}
    assert fonts == {"Times New Roman"}


def test_a_template_that_is_not_yaml_is_refused_before_ranking(tmp_path: Path) -> None:
    bad = tmp_path / "office.yaml"
    bad.write_text("office: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["notices", str(LIST), "--budget", BUDGET, "--out", str(tmp_path / "tb"),
                                       "--template", str(bad), "--lang", "en"],
                                env={"KCSCORE_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}: invalid YAML")
    assert not (tmp_path / "tb").exists()
