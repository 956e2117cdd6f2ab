"""`kcscore rank`, `template` and `rules doc|diff` from the command line, on the shipped samples."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kcscore.assess.contract import RankOut
from kcscore.cli import main

ROOT = Path(__file__).resolve().parent.parent
LIST_CSV = ROOT / "samples" / "applicants" / "bac-kan-2019.csv"
LIST_XLSX = ROOT / "samples" / "applicants" / "bac-kan-2019.xlsx"


# The 48-row sample ranked under rules/bac-kan with a budget of 1 129 000 000 đ: (id BK-2019-…,
# score, recommended support in millions of đồng, funded), in rank order. The pack ranks in the
# statutory order (area points, then group 6.2.b points, then group 6.2.a points, then the score).
# Worked by hand for some rows:
# - 024: highland 12 + local 91 % → 14 + deep 6 + agro-forestry processing trade 4 + productivity
#   40 % → 10 + new machinery 6 + trademark 4 + 53 workers → 4 + local workers 60 % → 2 + 4 new jobs
#   → 1 + value chain 6 + OCOP 3★ → 6 + capacity 4 + 0 + 2 = 81; support min(234 tr, 50 % × 600 tr,
#   cap 300 tr) = 234 tr. Area 12, group 6.2.b 14 + 4 + 0 + 6 = 24, group 6.2.a 4.
# - 027 has the same three group totals (12, 24, 4) and 69 points, so it comes second, before
#   019 (area 12, group 6.2.b 19) although 019 scores 75,64: 59 of the 78 points that apply to its
#   project (productivity, new machinery and deep processing do not), scaled to 100.
# - 032 (79) is only sixth: its area priority is 11 (zone III), below the four highland applicants.
# - 029, 016 and 037 are handicraft makers (group 6.2.a 1): each comes right after the applicant
#   with the same area and 6.2.b points and a 6.2.a trade (011, 005).
# - Funding (skip rule): 234 + 300 + 35 + 300 + 20 + 150 = 1 039 tr, 90 tr left; 034 (300 tr) is
#   the first to miss; 011 (25) and 005 (33) fit, 32 tr left; 022 (25) fits and leaves 7 tr, which
#   no one below needs so little of. Allocated 1 122 000 000, left 7 000 000.
EXPECTED_RANKING = [
    ("024", 81, 234, True), ("027", 69, 300, True), ("019", 75.64, 35, True), ("004", 62, 300, True),
    ("014", 60.26, 20, True), ("032", 79, 150, True), ("034", 64, 300, False), ("011", 65, 25, True),
    ("029", 55.97, 123, False), ("005", 75.64, 33, True), ("016", 69.23, 215, False), ("037", 55.13, 265, False),
    ("009", 67, 257, False), ("003", 66, 179, False), ("008", 59, 300, False), ("022", 70.51, 25, True),
    ("030", 70, 99, False), ("025", 67, 125, False), ("033", 66, 300, False), ("026", 73.08, 35, False),
    ("038", 66.67, 30, False), ("002", 55, 19, False), ("028", 52, 182, False), ("021", 67.95, 20, False),
    ("007", 48, 81, False), ("018", 49, 300, False), ("044", 69, 37, False), ("017", 53, 90, False),
    ("045", 60.26, 20, False), ("012", 72, 22, False), ("036", 83.33, 35, False), ("001", 63, 150, False),
    ("020", 66.67, 35, False), ("047", 54, 61, False), ("015", 54, 90, False),
]
EXPECTED_IDS = [f"BK-2019-{n}" for n, *_ in EXPECTED_RANKING]
EXPECTED_FUNDED = [f"BK-2019-{n}" for n, _, _, funded in EXPECTED_RANKING if funded]
INCOMPLETE = ["BK-2019-013"]
INELIGIBLE = [f"BK-2019-{n}" for n in ("006", "010", "023", "040", "043", "046", "048")]
REPORT_ORDER = EXPECTED_IDS + INCOMPLETE + INELIGIBLE


def test_rank_json_accounts_for_every_row_within_budget(runner: CliRunner) -> None:
    result = runner.invoke(main, ["rank", str(LIST_CSV), "--budget", "1,129 tỷ", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    parsed = RankOut.model_validate(data)
    rows = sorted([a["row"] for a in data["assessments"]] + [e.row for e in parsed.errors])
    assert rows == list(range(1, 49))
    assert data["funding"]["committed_vnd"] <= 1_129_000_000
    assert sum(a.recommended_support_vnd for a in parsed.assessments if a.funded) == data["funding"]["committed_vnd"]
    ranks = [a.rank for a in parsed.assessments if a.decision == "eligible"]
    assert ranks == list(range(1, len(ranks) + 1))
    bad = {e.row: e for e in parsed.errors}
    assert set(bad) == {31, 35, 39, 41, 42}
    assert bad[35].field == "legal_form" and "Hộ gia đình" in bad[35].message
    assert "Đã xét 43 hồ sơ" in result.stderr and "'STT'" in result.stderr
    eligible = [(a.id, a.score, a.recommended_support_vnd, a.funded) for a in parsed.assessments if a.decision == "eligible"]
    assert eligible == [(f"BK-2019-{n}", score, millions * 1_000_000, funded) for n, score, millions, funded in EXPECTED_RANKING]
    assert [a.id for a in parsed.assessments] == REPORT_ORDER
    assert [a.id for a in parsed.assessments if a.decision == "incomplete"] == INCOMPLETE
    funding = data["funding"]
    assert funding["funded"] == EXPECTED_FUNDED
    assert (funding["committed_vnd"], funding["left_vnd"]) == (1_122_000_000, 7_000_000)
    assert funding["funding_line_after_rank"] == 16
    assert (funding["first_unfunded"]["id"], funding["first_unfunded"]["lacked_vnd"]) == ("BK-2019-034", 210_000_000)


def test_terminal_ranking_names_a_missing_answer_by_its_title(runner: CliRunner) -> None:
    for lang, line in (("vi", "thiếu Cam kết vốn đối ứng, Tỷ lệ nguyên liệu tại chỗ (%)"),
                       ("en", "missing Counterpart funding committed, Local raw-material share (%)")):
        result = runner.invoke(main, ["--lang", lang, "rank", str(LIST_CSV)])
        assert result.exit_code == 0, result.stderr
        incomplete = next(x for x in result.stdout.splitlines() if "BK-2019-013" in x)
        assert incomplete.endswith(line)


def test_csv_and_xlsx_lists_rank_the_same(runner: CliRunner) -> None:
    a = runner.invoke(main, ["rank", str(LIST_CSV), "--budget", "1.129.000.000", "--format", "json"])
    b = runner.invoke(main, ["rank", str(LIST_XLSX), "--budget", "1.129.000.000", "--format", "json"])
    pick = lambda out: [(x["id"], x["rank"], x["score"], x["funded"]) for x in json.loads(out)["assessments"]]  # noqa: E731
    assert pick(a.stdout) == pick(b.stdout)
    assert [x[0] for x in pick(b.stdout)] == REPORT_ORDER


def test_every_output_format(runner: CliRunner, tmp_path: Path) -> None:
    for ext in ("csv", "xlsx", "json", "jsonl", "md", "html"):
        out = tmp_path / f"ket-qua.{ext}"
        result = runner.invoke(main, ["rank", str(LIST_XLSX), "--budget", "1,129 tỷ", "--out", str(out)])
        assert result.exit_code == 0, (ext, result.stderr)
        assert out.stat().st_size > 1000
    with (tmp_path / "ket-qua.csv").open(encoding="utf-8-sig") as handle:
        table = list(csv.DictReader(handle))
    assert [r["Mã hồ sơ"] for r in table] == REPORT_ORDER
    assert [r["Hạng"] for r in table[:len(EXPECTED_RANKING)]] == [str(i) for i in range(1, len(EXPECTED_RANKING) + 1)]
    assert [r["Mã hồ sơ"] for r in table if r["Được hỗ trợ"] == "được hỗ trợ"] == EXPECTED_FUNDED
    assert [(r["Điểm"], r["Hỗ trợ đề xuất (đồng)"]) for r in table[:len(EXPECTED_RANKING)]] == \
        [(str(score), str(millions * 1_000_000)) for _, score, millions, _ in EXPECTED_RANKING]
    first = table[0]
    assert (first["Ưu tiên địa bàn"], first["Lợi thế vùng nguyên liệu tại chỗ"], first["Kết quả"]) == ("12", "14", "Đủ điều kiện")
    with (tmp_path / "ket-qua.errors.csv").open(encoding="utf-8-sig") as handle:
        errors = list(csv.DictReader(handle))
    # Rows numbered as Excel shows them (the header is on row 3), in the .csv as in the errors sheet.
    assert [(e["Dòng"], e["Trường"]) for e in errors] == [
        ("34", "local_material_share"), ("38", "legal_form"), ("42", "submitted_on"), ("44", "id"), ("45", "id")]
    assert errors[1]["Giá trị"] == "Hộ gia đình"
    book = openpyxl.load_workbook(tmp_path / "ket-qua.xlsx")
    assert book.sheetnames[:3] == ["Xếp hạng", "Giải trình", "Lỗi"]
    sheet = list(book["Xếp hạng"].iter_rows(values_only=True))
    line = [row for row in sheet if row[1] is None]
    assert len(line) == 1 and str(line[0][0]).startswith("Ranh giới kinh phí")
    assert sheet[sheet.index(line[0]) - 1][1] == EXPECTED_FUNDED[-1]  # right after the last funded applicant
    assert [row[1] for row in sheet[1:] if row[1] is not None] == REPORT_ORDER
    assert sheet[1][:5] == (1, "BK-2019-024", "HTX Miến dong Xuất Hóa", "Đủ điều kiện", 81)
    assert [row[:2] for row in list(book["Lỗi"].iter_rows(values_only=True))[1:]] == \
        [(34, "BK-2019-031"), (38, "BK-2019-035"), (42, "BK-2019-039"), (44, "BK-2019-041"), (45, "BK-2019-041")]
    lines = [json.loads(line) for line in (tmp_path / "ket-qua.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 48
    assert [x["id"] for x in lines if "rank" in x][:len(REPORT_ORDER)] == REPORT_ORDER
    assert [x["id"] for x in lines if x.get("funded")] == EXPECTED_FUNDED
    whole = json.loads((tmp_path / "ket-qua.json").read_text(encoding="utf-8"))
    assert [x["id"] for x in whole["assessments"]] == REPORT_ORDER
    assert whole["funding"]["funded"] == EXPECTED_FUNDED
    markdown = (tmp_path / "ket-qua.md").read_text(encoding="utf-8")
    md_rows = re.findall(r"^\| (\d+) \| (BK-2019-\d+) \|", markdown, flags=re.M)
    assert md_rows == [(str(i), ident) for i, ident in enumerate(EXPECTED_IDS, start=1)]
    assert "- Đã phân bổ: 1.122.000.000 đ" in markdown and "- Còn lại: 7.000.000 đ" in markdown
    html = (tmp_path / "ket-qua.html").read_text(encoding="utf-8")
    html_order = re.findall(r'data-id="([^"]+)"|id="(funding-line)"', html)
    flat = [a or b for a, b in html_order]
    assert flat[:len(EXPECTED_IDS) + 1] == EXPECTED_IDS[:16] + ["funding-line"] + EXPECTED_IDS[16:]
    assert "BK-2019-034 (hạng 7) cần 300.000.000 đ nhưng chỉ còn 90.000.000 đ" in html


def test_bad_options_are_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["rank", str(LIST_CSV), "--budget", "nhiều tiền"]).exit_code == 2
    result = runner.invoke(main, ["rank", str(LIST_CSV), "--out", str(tmp_path / "x.docx")])  # .pdf is written since the PDF ranking
    assert result.exit_code == 2 and ".xlsx" in result.stderr
    missing = runner.invoke(main, ["rank", str(tmp_path / "none.csv")])
    assert missing.exit_code == 1 and "none.csv" in missing.stderr and "Traceback" not in missing.stderr


def test_template_round_trips_through_the_reader(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "hoso.xlsx"
    assert runner.invoke(main, ["template", "--out", str(out)]).exit_code == 0
    headers = [c.value for c in openpyxl.load_workbook(out).worksheets[0][1]]
    assert "Mã hồ sơ" in headers and "Tỷ lệ nguyên liệu tại chỗ (%)" in headers


def test_rules_doc_and_diff(runner: CliRunner, tmp_path: Path) -> None:
    doc = runner.invoke(main, ["rules", "doc", "--lang", "en"])
    assert doc.exit_code == 0 and "Local raw-material advantage" in doc.stdout
    diff = runner.invoke(main, ["rules", "diff", str(ROOT / "rules" / "bac-kan"), str(ROOT / "samples" / "packs" / "bac-kan-2027"),
                                "--applicants", str(LIST_CSV), "--budget", "1,129 tỷ", "--format", "json"])
    assert diff.exit_code == 0, diff.stderr
    data = json.loads(diff.stdout)
    assert data and "local_raw_material" in json.dumps(data, ensure_ascii=False)


def test_error_files_number_a_csv_row_as_the_file_shows_it(runner: CliRunner, tmp_path: Path) -> None:
    """A title and a blank line above the header: the bad applicant is the 2nd data row but line 5
    of the file, and line 5 is where an officer looks, in the .csv error file and in the report."""
    with LIST_CSV.open(encoding="utf-8-sig", newline="") as handle:
        title, blank, header, first, second, *rest = list(csv.reader(handle))
    assert (len(title), blank) == (1, [])  # the title and the blank line above the header
    second[header.index("Số lao động")] = "mười hai"
    source = tmp_path / "danh-sach.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([title, blank, header, first, second, *rest])
    for ext in ("csv", "html"):
        result = runner.invoke(main, ["rank", str(source), "--out", str(tmp_path / f"ket-qua.{ext}")])
        assert result.exit_code == 0, result.stderr
    assert "dòng 2 (dòng 5 trong tệp)" in result.stderr
    with (tmp_path / "ket-qua.errors.csv").open(encoding="utf-8-sig") as handle:
        bad = [(e["Dòng"], e["Mã hồ sơ"], e["Cột"]) for e in csv.DictReader(handle) if e["Mã hồ sơ"] == second[1]]
    assert bad == [("5", second[1], "Số lao động")]
    report = (tmp_path / "ket-qua.html").read_text(encoding="utf-8")
    assert re.search(r"<td[^>]*>5</td>\s*<td[^>]*>Số lao động</td>", report), "the report numbers it as line 5"


@pytest.mark.parametrize("engine", ["durable", "vectorised"])
def test_a_duplicate_id_names_the_other_row_as_the_file_shows_it(runner: CliRunner, tmp_path: Path,
                                                                   engine: str) -> None:
    """BK-2019-041 is on lines 44 and 45 of the sample list (data rows 41 and 42): each error names
    the other by its line, the numbering the error file uses, on both engines."""
    out = tmp_path / "ket-qua.csv"
    result = runner.invoke(main, ["rank", str(LIST_CSV), "--engine", engine, "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "dòng 42 (dòng 45 trong tệp): id: mã hồ sơ 'BK-2019-041' bị trùng (cũng ở dòng 44 trong tệp)" \
        in result.stderr
    with (tmp_path / "ket-qua.errors.csv").open(encoding="utf-8-sig") as handle:
        twice = [(e["Dòng"], e["Lỗi"]) for e in csv.DictReader(handle) if e["Mã hồ sơ"] == "BK-2019-041"]
    assert twice == [("44", "mã hồ sơ 'BK-2019-041' bị trùng (cũng ở dòng 45 trong tệp)"),
                     ("45", "mã hồ sơ 'BK-2019-041' bị trùng (cũng ở dòng 44 trong tệp)")]


@pytest.mark.parametrize("engine", ["durable", "vectorised"])
def test_a_bad_excel_row_is_named_as_excel_names_it(runner: CliRunner, tmp_path: Path, engine: str) -> None:
    """In a workbook the reader's warnings say "hàng Excel 3"; a bad row and a duplicate id are named
    the same way ("hàng Excel 45"), not as a line of a text file, on both engines and in English."""
    out = tmp_path / "ket-qua.csv"
    result = runner.invoke(main, ["rank", str(LIST_XLSX), "--engine", engine, "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "hàng Excel 3" in result.stderr  # the reader's own warning about the header
    assert "dòng 42 (hàng Excel 45): id: mã hồ sơ 'BK-2019-041' bị trùng (cũng ở hàng Excel 44)" in result.stderr
    assert "dòng 31 (hàng Excel 34): Tỷ lệ nguyên liệu tại chỗ (%)" in result.stderr
    assert "trong tệp" not in result.stderr
    with (tmp_path / "ket-qua.errors.csv").open(encoding="utf-8-sig") as handle:
        twice = [(e["Dòng"], e["Lỗi"]) for e in csv.DictReader(handle) if e["Mã hồ sơ"] == "BK-2019-041"]
    assert twice == [("44", "mã hồ sơ 'BK-2019-041' bị trùng (cũng ở hàng Excel 45)"),
                     ("45", "mã hồ sơ 'BK-2019-041' bị trùng (cũng ở hàng Excel 44)")]
    english = runner.invoke(main, ["rank", str(LIST_XLSX), "--engine", engine, "--lang", "en"])
    assert "row 41 (Excel row 44): id: duplicate application id 'BK-2019-041' (also on Excel row 45)" \
        in english.stderr


@pytest.mark.parametrize("engine", ["durable", "vectorised"])
def test_percentages_typed_with_a_percent_sign_in_excel_rank_as_typed(runner: CliRunner, tmp_path: Path,
                                                                      engine: str) -> None:
    """An officer who types "60%" in Excel gets a cell holding 0.6 formatted 0%: the list must rank
    exactly as the same list with 60 typed plainly (it once read as 0.6 %, and the facility lost the
    local raw-material points)."""
    book = openpyxl.load_workbook(LIST_XLSX)
    sheet = book.active
    header = [cell.value for cell in sheet[3]]
    changed = 0
    for name in ("Tỷ lệ nguyên liệu tại chỗ (%)", "Tỷ lệ lao động địa phương (%)", "Mức tăng năng suất (%)"):
        for row in sheet.iter_rows(min_row=4, min_col=header.index(name) + 1, max_col=header.index(name) + 1):
            cell = row[0]
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                cell.value, cell.number_format = cell.value / 100, "0%"
                changed += 1
    assert changed > 60
    typed = tmp_path / "percent.xlsx"
    book.save(typed)
    results = []
    for source in (LIST_XLSX, typed):
        out = tmp_path / f"{source.stem}.json"
        result = runner.invoke(main, ["rank", str(source), "--engine", engine, "--budget", "1,129 tỷ", "--out", str(out)])
        assert result.exit_code == 0, result.stderr
        data = json.loads(out.read_text(encoding="utf-8"))
        results.append([(a["id"], a["decision"], a["score"], a["rank"], a["recommended_support_vnd"])
                        for a in data["assessments"]])
    assert results[0] == results[1] and len(results[0]) == 43


@pytest.mark.parametrize("out", ["ket-qua.jsonl", "ket-qua.csv"])
def test_an_unknown_column_is_named_on_one_line_with_its_guess_on_every_route(runner: CliRunner, tmp_path: Path,
                                                                             out: str) -> None:
    """A header typed over two lines of a cell that no field reads is quoted on one line, with the
    field it may mean, whether the list is ranked per applicant or by the columnar path."""
    with LIST_CSV.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[2] = [*rows[2], "Số lao\nđộng nữ"]
    rows[3:] = [[*row, "3"] if len(row) > 5 else row for row in rows[3:]]
    source = tmp_path / "danh-sach.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    said = []
    for engine in ("durable", "vectorised"):
        result = runner.invoke(main, ["rank", str(source), "--engine", engine, "--out", str(tmp_path / out)])
        assert result.exit_code == 0, result.stderr
        said.append([line for line in result.stderr.splitlines() if "không có trong lược đồ" in line])
    assert said[0] == said[1] == ["cảnh báo: Bỏ qua các cột không có trong lược đồ: 'STT', "
                                  "'Số lao động nữ' (có phải 'Số lao động'?)"]
