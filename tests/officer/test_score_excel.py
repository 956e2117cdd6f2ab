"""`kcscore score` reads a filled one-applicant template and one row of a list chosen with --id."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from kcscore.cli import main

ROOT = Path(__file__).resolve().parents[2]
LIST = ROOT / "samples" / "applicants" / "bac-kan-2019.csv"
XLSX_LIST = ROOT / "samples" / "applicants" / "bac-kan-2019.xlsx"


def _sample_row(record_id: str) -> dict[str, str]:
    rows = list(csv.reader(LIST.open(encoding="utf-8-sig")))
    header = next(r for r in rows if len(r) > 1 and r[1] == "Mã hồ sơ")
    return dict(zip(header, next(r for r in rows if len(r) > 1 and r[1] == record_id)))


def _filled_template(runner: CliRunner, tmp_path: Path, changes: dict[str, str] | None = None) -> Path:
    """The sheet `kcscore template` writes, filled the way an officer would: one row under the headers."""
    blank = tmp_path / "blank.xlsx"
    assert runner.invoke(main, ["template", "--out", str(blank)]).exit_code == 0
    book = openpyxl.load_workbook(blank)
    sheet = book.worksheets[0]
    values = {**_sample_row("BK-2019-024"), **(changes or {})}
    for column, cell in enumerate(sheet[1], start=1):
        if cell.value in values:
            sheet.cell(2, column).value = values[cell.value]
    filled = tmp_path / "hoso.xlsx"
    book.save(filled)
    return filled


def test_filled_template_scores_like_the_list_row(runner: CliRunner, tmp_path: Path) -> None:
    from_sheet = runner.invoke(main, ["score", str(_filled_template(runner, tmp_path))])
    from_list = runner.invoke(main, ["score", str(LIST), "--id", "BK-2019-024"])
    assert from_sheet.exit_code == 0 and from_list.exit_code == 0, from_sheet.stderr + from_list.stderr
    assert from_sheet.stdout.splitlines()[0] == ("HTX Miến dong Xuất Hóa — ĐỦ ĐIỀU KIỆN — 81/100 điểm — "
                                                 "đề xuất hỗ trợ 234.000.000 đ")
    assert from_sheet.stdout == from_list.stdout


def test_a_bad_cell_is_named_by_row_and_column(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["score", str(_filled_template(runner, tmp_path, {"Số lao động": "nhiều"}))])
    assert result.exit_code == 1
    assert "hoso.xlsx: dòng 2, cột «Số lao động»: workers = 'nhiều': không đọc được 'nhiều' là một số" in result.stderr


def test_list_row_error_names_the_spreadsheet_line(runner: CliRunner) -> None:
    result = runner.invoke(main, ["score", str(XLSX_LIST), "--id", "BK-2019-031", "--lang", "en"])
    assert result.exit_code == 1
    assert "row 34, column 'Tỷ lệ nguyên liệu tại chỗ (%)'" in result.stderr


def test_unknown_id_suggests_a_close_one(runner: CliRunner) -> None:
    result = runner.invoke(main, ["score", str(LIST), "--id", "BK-2019-24"])
    assert result.exit_code == 1
    assert "không có hồ sơ mã 'BK-2019-24'; có phải 'BK-2019-024'?" in result.stderr


def test_id_matches_regardless_of_case_and_spaces(runner: CliRunner) -> None:
    result = runner.invoke(main, ["score", str(XLSX_LIST), "--id", " bk-2019-032 "])
    assert result.exit_code == 0
    assert result.stdout.startswith("HTX Miến dong Nhạn Môn — ĐỦ ĐIỀU KIỆN — 79/100")


def test_a_list_without_id_asks_for_one(runner: CliRunner) -> None:
    result = runner.invoke(main, ["score", str(LIST), "--lang", "en"])
    assert result.exit_code == 1
    assert "holds 48 applicant rows; choose one with --id (e.g. BK-2019-001" in result.stderr
