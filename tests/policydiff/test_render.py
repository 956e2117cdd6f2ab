"""The comparison as text, JSON and XLSX: Vietnamese by default, deterministic, complete."""

from __future__ import annotations

import json

import openpyxl
import pytest

from kcscore.policydiff import diff_impact, diff_packs, render_text, to_json, write_xlsx
from kcscore.policydiff.labels import COLUMNS

from .conftest import BUDGET


@pytest.fixture(scope="module")
def impact(base, amended, pack_diff, fixture_rows):
    return diff_impact(base, amended, fixture_rows, budget=BUDGET, diff=pack_diff)


@pytest.fixture(scope="module")
def text_vi(pack_diff, impact) -> str:
    return render_text(pack_diff, impact)


def test_the_text_is_a_vietnamese_changelog_then_the_impact(text_vi) -> None:
    lines = text_vi.splitlines()
    assert lines[0] == "So sánh bộ quy tắc: bac-kan 2026.1 → bac-kan 2027.1"
    for heading in ("Thay đổi quy tắc: 14 thay đổi (2 thêm, 0 bỏ, 12 sửa)", "Thông tin chung", "Quy tắc", "Tham số",
                    "Đổi quyết định", "Thay đổi thứ hạng lớn nhất", "Thay đổi danh sách được hỗ trợ"):
        assert heading in lines, heading
    for line in (
        "  ~ phiên bản: 2026.1 → 2027.1",
        "  ~ local_raw_material: mức 'above 80' 14 → 16 điểm (Thông tư 46/2012/TT-BCT, Điều 6.2.b)",
        "  ~ plan_stability: mức 'at_least 2' -6 → -10 điểm (Thông tư 36/2013/TT-BCT, Điều 11)",
        "  ~ brand_packaging: mức trần: 12 → 10 (Nghị định 45/2012/NĐ-CP, Điều 4.4 và 4.5)",
        "  ~ counterpart_funding: yêu cầu: counterpart_committed → counterpart_committed and "
        "requested_support_vnd <= total_cost_vnd * 0.7 (TTLT 26/2014/TTLT-BTC-BCT, Điều 7.3; chưa xác nhận)",
        "  + tham số machinery_cap_vnd: 2026-01-01 → 350.000.000 (Nghị quyết của HĐND tỉnh về mức chi khuyến công "
        "địa phương (ví dụ minh hoạ), Điều 3; chưa xác nhận)",
        "  Đổi quyết định: 3 (2 đủ điều kiện → không đủ điều kiện, 1 không đủ điều kiện → đủ điều kiện)",
        "  Danh sách được hỗ trợ: 1 vào, 2 ra; kinh phí đã phân bổ 1.429.000.000 đ → 1.305.000.000 đ",
    ):
        assert line in lines, line
    assert any(line.startswith("  + green_production: (điểm cộng) \"Sản xuất xanh, sạch hơn\"") for line in lines)
    flip = next(line for line in lines if line.startswith("  BK-04 "))
    assert flip.endswith("— do ~ no_environmental_violation: miễn khi")
    assert "Không đủ điều kiện → Đủ điều kiện" in flip


def test_the_text_is_deterministic(base, amended, fixture_rows, text_vi) -> None:
    again = diff_impact(base, amended, fixture_rows, budget=BUDGET)
    assert render_text(diff_packs(base, amended), again) == text_vi


def test_the_text_in_english(pack_diff, impact) -> None:
    text = render_text(pack_diff, impact, "en")
    assert text.startswith("Policy pack comparison: bac-kan 2026.1 → bac-kan 2027.1\n")
    assert "  ~ local_raw_material: band 'above 80' 14 → 16 points (Thông tư 46/2012/TT-BCT, Điều 6.2.b)" in text
    assert "  + parameter machinery_cap_vnd: 2026-01-01 → 350,000,000 (" in text
    assert "Decisions flipped: 3 (2 eligible → not eligible, 1 not eligible → eligible)" in text
    assert "Green and cleaner production" in text and "Sản xuất xanh" not in text


def test_no_changes_and_no_applicants(base) -> None:
    text = render_text(diff_packs(base, base))
    assert text.splitlines()[-1] == "Hai bộ quy tắc có cùng nội dung: không có thay đổi nào."
    assert "Ảnh hưởng" not in text


def test_json_round_trips(pack_diff, impact) -> None:
    data = to_json(pack_diff, impact)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["diff"]["old"]["version"] == "2026.1" and data["diff"]["new"]["version"] == "2027.1"
    assert len(data["diff"]["changes"]) == len(pack_diff.changes)
    first = data["diff"]["changes"][0]
    assert first["key"] == "policy:policy/version" and first["text"]["vi"] == "~ phiên bản: 2026.1 → 2027.1"
    summary = data["impact"]["summary"]
    assert summary["flips"] == {"eligible→ineligible": 2, "ineligible→eligible": 1}
    assert summary["funded_entered"] == ["BK-04"]
    assert {a["id"] for a in data["impact"]["applicants"]} == {f"BK-{i:02d}" for i in range(1, 13)}
    assert to_json(pack_diff)["impact"] is None


def _rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_xlsx_has_the_three_sheets_with_their_headers(tmp_path, pack_diff, impact) -> None:
    path = tmp_path / "diff.xlsx"
    write_xlsx(pack_diff, impact, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Thay đổi", "Hồ sơ", "Danh sách hỗ trợ", "Cảnh báo"]
    changes, applicants, funded = (_rows(wb[name]) for name in wb.sheetnames[:3])
    assert changes[0] == list(COLUMNS["vi"]["changes"])
    assert applicants[0] == list(COLUMNS["vi"]["applicants"])
    assert funded[0] == list(COLUMNS["vi"]["funded"])
    assert [row[0] for row in changes[1:]] == [c.key for c in pack_diff.changes]
    assert len(applicants) == 1 + 12
    in_either = {a.id for a in impact.applicants if a.funded_old or a.funded_new}
    assert {row[0] for row in funded[1:]} == in_either
    moves = {row[0]: row[2] for row in funded[1:]}
    assert moves["BK-04"] == "vào" and moves["BK-11"] == "ra" and moves["BK-02"] == "giữ nguyên"
    assert list(tmp_path.iterdir()) == [path]  # written atomically, no temporary file left


def test_xlsx_is_reproducible_and_has_english_sheets(tmp_path, pack_diff, impact) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_xlsx(pack_diff, impact, first, "en")
    write_xlsx(pack_diff, impact, second, "en")
    assert first.read_bytes() == second.read_bytes()
    wb = openpyxl.load_workbook(first)
    assert wb.sheetnames == ["Changes", "Applicants", "Funded set", "Warnings"]
    assert _rows(wb["Applicants"])[0] == list(COLUMNS["en"]["applicants"])


def test_xlsx_without_applicants_keeps_empty_sheets(tmp_path, pack_diff) -> None:
    path = tmp_path / "changes-only.xlsx"
    write_xlsx(pack_diff, None, path)
    wb = openpyxl.load_workbook(path)
    assert [len(_rows(wb[name])) for name in wb.sheetnames] == [1 + len(pack_diff.changes), 1, 1, 1]
