"""Writing ranking results: what lands in each file is read back and checked, cell by cell."""

from __future__ import annotations

import copy
import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcscore import fileio
from kcscore.api import assessor_for
from kcscore.applicant import read_record
from kcscore.assess.result import Assessment
from kcscore.explain.words import words
from kcscore.i18n import Message, Twin
from kcscore.batch.result import BatchResult, CellError, Funding, RowError
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from kcscore.proposal import read_proposal
from kcscore.output import markdown, write_csv, write_json, write_xlsx
from kcscore.output.safecell import clean_text, needs_guard, safe_cell
from kcscore.output.write_book import FIXED_TIME, WIDTH_CAP
from kcscore.output.write_csv import csv_value, errors_path
from kcscore.output.write_json import dumps_pretty, stream_pretty
from kcscore.output.writers import UnsupportedFormat, write_result
from kcscore.wording.funding import SHORT, FirstShort, FundingNote

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "proposals"
STRONG, LABELS, WEAK = "strong-household-mien-dong.yaml", "vietnamese-labels.yaml", "weak-primary-processor.yaml"
INCOMPLETE, MINING = "incomplete.yaml", "mining-facility.json"
INJECTED_NAME = '=HYPERLINK("http://x.example","bấm vào")'
INJECTED_ID = "@SUM(A1)"


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="module")
def assessed(policy: Policy) -> dict[str, Assessment]:
    assessor = assessor_for(policy)
    out = {}
    for name in (STRONG, LABELS, WEAK, INCOMPLETE, MINING):
        typed, problems, _ = read_record(policy, read_proposal(SAMPLES / name))
        assert not problems
        out[name] = assessor.assess(typed)
    return out


def make_result(assessed: dict[str, Assessment], policy: Policy, budget: bool = True) -> BatchResult:
    """Three eligible applicants ranked by hand (the top two funded), one incomplete, one
    ineligible whose name and id try formula injection, and one bad input row."""
    a = {k: copy.deepcopy(v) for k, v in assessed.items()}
    eligible = [a[STRONG], a[LABELS], a[WEAK]]
    assert [x.decision for x in eligible] == ["eligible"] * 3
    assert a[INCOMPLETE].decision == "incomplete" and a[MINING].decision == "ineligible"
    for rank, x in enumerate(eligible, start=1):
        x.rank = rank
    mining = a[MINING]
    mining.name, mining.id = INJECTED_NAME, INJECTED_ID
    errors = [RowError(7, [CellError("workers", "Số lao động", "mười hai", Message("cell.as_is", {"text": Twin("không phải số nguyên", "not an integer")})),
                           CellError("submitted_on", "Ngày nộp hồ sơ", "31/02/2019", Message("cell.as_is", {"text": Twin("ngày không tồn tại", "no such day")}))],
                       "BK-2019-099")]
    funding = None
    if budget:
        for x in eligible[:2]:
            x.funded = True
        a[WEAK].funded = False
        a[WEAK].funding_note = FundingNote(SHORT, 90_000_000, 15_000_000)
        a[INCOMPLETE].funded = mining.funded = False
        committed = eligible[0].recommended_support_vnd + eligible[1].recommended_support_vnd
        funding = Funding(committed + 15_000_000, committed, 15_000_000, "skip", [x.id for x in eligible[:2]], 2,
                          a[WEAK].id, 75_000_000, FirstShort(a[WEAK].id, 3, 90_000_000, 15_000_000), [a[WEAK].id])
    return BatchResult(policy=policy.header(), assessments=[*eligible, a[INCOMPLETE], mining], errors=errors,
                       warnings=["cột 'Ghi chú' không có trong lược đồ"], lang="vi", rows=6, funding=funding,
                       source="ds-2019.xlsx")


@pytest.fixture()
def result(assessed: dict[str, Assessment], policy: Policy) -> BatchResult:
    return make_result(assessed, policy)


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM expected so Excel reads Vietnamese"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def expected_headers(policy: Policy, lang: str = "vi", budget: bool = True) -> list[str]:
    if lang == "vi":
        head = ["Hạng", "Mã hồ sơ", "Tên cơ sở", "Kết quả", "Điểm", "Điểm tối đa"]
        tail = ["Hỗ trợ đề xuất (đồng)", *(["Được hỗ trợ"] if budget else []), "Lý do", "Thông tin còn thiếu",
                "Cần lưu ý"]
    else:
        head = ["Rank", "Application id", "Facility name", "Decision", "Score", "Max score"]
        tail = ["Recommended support (VND)", *(["Funded"] if budget else []), "Reason", "Missing information",
                "Warnings"]
    return head + [r.title.get(lang) for r in policy.scored_rules] + tail


def leftover_temp_files(directory: Path) -> list[Path]:
    return [p for p in directory.iterdir() if p.name.endswith(".tmp")]


# -- safe cells ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["=1+2", "+84 912 345 678", "-Hộ A", "@SUM(A1)", "\t=1", "\r=1", "  =cmd|' /C calc'!A0",
                                  "＝1+2"])
def test_text_a_spreadsheet_could_run_gets_an_apostrophe(text: str) -> None:
    assert needs_guard(text)
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["", "HKD Miến dong", "Hộ -2", "1+2", "'=1", "#N/A"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert safe_cell(text) == text


def test_numbers_stay_numbers_in_csv() -> None:
    assert csv_value(-3.0) == "-3"
    assert csv_value(7.5) == "7.5"
    assert csv_value(250_000_000) == "250000000"
    assert csv_value(None) == ""
    assert csv_value("-3") == "'-3"  # the same characters as text are guarded


def test_clean_text_normalises_and_drops_xml_control_characters() -> None:
    decomposed = "Mie\u0302\u0301n"  # "Miến" typed with combining marks
    assert clean_text(decomposed + "\x01\x0b") == "Miến"
    assert clean_text("a\tb\nc") == "a\tb\nc"


# -- CSV -------------------------------------------------------------------------------------------
def test_csv_has_every_column_in_ranked_order_with_the_values_assessed(tmp_path: Path, result: BatchResult,
                                                                        policy: Policy) -> None:
    out = tmp_path / "ket-qua.csv"
    write_result(result, out, policy)
    header, *rows = read_csv(out)
    assert header == expected_headers(policy)
    col = {name: i for i, name in enumerate(header)}
    assert [r[col["Mã hồ sơ"]] for r in rows] == [a.id if a.id != INJECTED_ID else "'" + INJECTED_ID
                                                  for a in result.assessments]
    for row, a in zip(rows, result.assessments):
        assert row[col["Hạng"]] == ("" if a.rank is None else str(a.rank))
        assert row[col["Hỗ trợ đề xuất (đồng)"]] == str(a.recommended_support_vnd)
        assert float(row[col["Điểm"]]) == a.score
        assert row[col["Điểm tối đa"]] == "100"
    assert [row[col["Được hỗ trợ"]] for row in rows] == [  # the status words every output uses
        "được hỗ trợ", "được hỗ trợ", "không đủ kinh phí còn lại", "chưa đủ thông tin", "không đủ điều kiện"]
    strong = rows[0]
    assert strong[col["Tên cơ sở"]] == "HKD Miến dong Nà Làng"
    assert strong[col["Kết quả"]] == "Đủ điều kiện"
    for rule in policy.scored_rules:
        assert float(strong[col[rule.title.vi]]) == result.assessments[0].points_of(rule.id)
    assert strong[col["Lý do"]].startswith("Điểm cao nhất: ")
    assert rows[2][col["Lý do"]] == "không đủ kinh phí còn lại: cần 90.000.000 đ, chỉ còn 15.000.000 đ"  # the funding note wins
    assert rows[3][col["Kết quả"]] == "Chưa đủ thông tin"
    assert rows[4][col["Kết quả"]] == "Không đủ điều kiện"


def test_csv_reasons_missing_and_flags_are_readable_one_liners(tmp_path: Path, result: BatchResult,
                                                                policy: Policy) -> None:
    out = tmp_path / "ket-qua.csv"
    write_result(result, out, policy)
    header, *rows = read_csv(out)
    col = {name: i for i, name in enumerate(header)}
    weak, incomplete, mining = result.assessments[2], result.assessments[3], result.assessments[4]

    flags = rows[2][col["Cần lưu ý"]].split("; ")
    assert flags == [policy.rule(f.rule).title.vi for f in weak.flags] and flags

    reason = rows[3][col["Lý do"]]
    holding = [policy.fields[m.field].title.vi for m in incomplete.missing_detail if m.holds_decision]
    assert reason.startswith("Thiếu thông tin: ") and holding and all(label in reason for label in holding)
    assert "điểm tạm tính" in reason
    assert rows[3][col["Thông tin còn thiếu"]].split("; ") == [policy.fields[f].title.vi for f in incomplete.missing]

    failing = [words(policy, "vi").finding(mining, f) for f in mining.findings if f.rule in mining.reasons]
    assert rows[4][col["Lý do"]] == "; ".join(failing)
    for rule in policy.scored_rules:  # an ineligible applicant's points count for nothing
        assert rows[4][col[rule.title.vi]] == ""
    assert all("\n" not in cell for row in rows for cell in row)


def test_csv_negative_points_are_numbers_not_guarded_text(tmp_path: Path, result: BatchResult, policy: Policy) -> None:
    penalties = [r for r in policy.scored_rules if r.kind == "penalty"]
    weak = result.assessments[2]
    negative = [r for r in penalties if (weak.points_of(r.id) or 0) < 0]
    assert negative, "the weak sample should carry a penalty"
    out = tmp_path / "ket-qua.csv"
    write_result(result, out, policy)
    header, *rows = read_csv(out)
    cell = rows[2][header.index(negative[0].title.vi)]
    assert cell.startswith("-") and float(cell) == weak.points_of(negative[0].id)


def test_csv_guards_injected_text(tmp_path: Path, result: BatchResult, policy: Policy) -> None:
    out = tmp_path / "ket-qua.csv"
    write_result(result, out, policy)
    header, *rows = read_csv(out)
    mining = rows[4]
    assert mining[header.index("Tên cơ sở")] == "'" + INJECTED_NAME
    assert mining[header.index("Mã hồ sơ")] == "'" + INJECTED_ID
    for row in rows:
        for cell in row:
            if not _is_number(cell):
                assert not needs_guard(cell), cell


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_csv_errors_go_to_a_side_file_one_line_per_bad_cell(tmp_path: Path, result: BatchResult,
                                                            policy: Policy) -> None:
    out = tmp_path / "ket-qua.csv"
    write_result(result, out, policy)
    side = tmp_path / "ket-qua.errors.csv"
    assert errors_path(out) == side
    header, *rows = read_csv(side)
    assert header == ["Dòng", "Mã hồ sơ", "Cột", "Trường", "Giá trị", "Lỗi"]
    assert rows == [["7", "BK-2019-099", "Số lao động", "workers", "mười hai", "không phải số nguyên"],
                    ["7", "BK-2019-099", "Ngày nộp hồ sơ", "submitted_on", "31/02/2019", "ngày không tồn tại"]]


def test_csv_side_file_is_rewritten_even_without_errors(tmp_path: Path, result: BatchResult, policy: Policy) -> None:
    out = tmp_path / "ket-qua.csv"
    (tmp_path / "ket-qua.errors.csv").write_text("stale from an earlier run\n", encoding="utf-8")
    result.errors = []
    write_result(result, out, policy)
    assert read_csv(tmp_path / "ket-qua.errors.csv") == [["Dòng", "Mã hồ sơ", "Cột", "Trường", "Giá trị", "Lỗi"]]


def test_csv_in_english_without_a_budget(tmp_path: Path, assessed: dict[str, Assessment], policy: Policy) -> None:
    result = make_result(assessed, policy, budget=False)
    out = tmp_path / "results.CSV"
    write_result(result, out, policy, lang="en")
    header, *rows = read_csv(out)
    assert header == expected_headers(policy, "en", budget=False)
    assert [r[header.index("Decision")] for r in rows] == ["Eligible"] * 3 + ["Incomplete", "Not eligible"]
    assert rows[0][header.index("Reason")].startswith("Top points: ")


# -- XLSX ------------------------------------------------------------------------------------------
@pytest.fixture()
def workbook(tmp_path: Path, result: BatchResult, policy: Policy) -> Any:
    out = tmp_path / "ket-qua.xlsx"
    write_result(result, out, policy)
    return openpyxl.load_workbook(out)


def test_xlsx_ranking_sheet_values_types_and_layout(workbook: Any, result: BatchResult, policy: Policy) -> None:
    assert workbook.sheetnames == ["Xếp hạng", "Giải trình", "Lỗi", "Thông tin"]
    ws = workbook["Xếp hạng"]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    assert header == expected_headers(policy)
    assert len(rows) == 1 + len(result.assessments) + 1  # and the funding line
    assert ws.freeze_panes == "D2"  # rank, id and name stay in view
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}{len(rows)}"
    col = {name: i for i, name in enumerate(header)}
    data = [row for row in rows[1:] if row[col["Mã hồ sơ"]] is not None]
    for row, a in zip(data, result.assessments, strict=True):
        assert row[col["Mã hồ sơ"]] == a.id
        assert row[col["Tên cơ sở"]] == a.name
        assert row[col["Hạng"]] == a.rank
        assert row[col["Điểm"]] == (a.provisional_score if a.decision == "incomplete" else a.score)
        assert row[col["Hỗ trợ đề xuất (đồng)"]] == a.recommended_support_vnd
    money = ws.cell(row=2, column=col["Hỗ trợ đề xuất (đồng)"] + 1)
    assert money.data_type == "n" and money.number_format == "#,##0"
    weak = result.assessments[2]
    penalty = next(r for r in policy.scored_rules if r.kind == "penalty" and (weak.points_of(r.id) or 0) < 0)
    cell = ws.cell(row=5, column=col[penalty.title.vi] + 1)  # row 4 is the funding line
    points = weak.points_of(penalty.id)
    assert points is not None and points < 0
    assert cell.data_type == "n" and cell.value == points


def test_xlsx_injected_text_is_a_literal_string_cell(workbook: Any) -> None:
    ws = workbook["Xếp hạng"]
    name, rid = ws["C7"], ws["B7"]  # row 4 is the funding line
    for cell, text in ((name, INJECTED_NAME), (rid, INJECTED_ID)):
        assert cell.value == text  # shown exactly, no visible apostrophe
        assert cell.data_type == "s"  # a string, not a formula
        assert cell.quotePrefix  # and Excel keeps it text when edited
    assert ws["C2"].data_type == "s" and not ws["C2"].quotePrefix
    explain = workbook["Giải trình"]
    assert explain["C6"].value == INJECTED_NAME and explain["C6"].data_type == "s"


def test_xlsx_column_widths_fit_the_text_and_long_text_wraps(workbook: Any, result: BatchResult) -> None:
    ws = workbook["Xếp hạng"]
    header = [c.value for c in ws[1]]
    width = {h: ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i, h in enumerate(header)}
    longest_name = max(len(a.name) for a in result.assessments)
    assert longest_name * 1.1 <= width["Tên cơ sở"] <= WIDTH_CAP
    assert width["Hạng"] < 12  # short numbers do not get a wide column
    reason = ws.cell(row=7, column=header.index("Lý do") + 1)  # the mining facility's long reason
    assert len(reason.value) * 1.1 > WIDTH_CAP
    assert width["Lý do"] == WIDTH_CAP and reason.alignment.wrap_text
    assert ws.row_dimensions[1].height and ws.row_dimensions[1].height >= 15


def test_xlsx_explanation_has_findings_points_sources_missing_and_support(workbook: Any, result: BatchResult,
                                                                          policy: Policy) -> None:
    ws = workbook["Giải trình"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert header == ("Hạng", "Mã hồ sơ", "Tên cơ sở", "Kết quả", "Điểm", "Điều kiện", "Điểm theo tiêu chí",
                      "Cần lưu ý", "Thông tin còn thiếu", "Điểm còn có thể đạt", "Hỗ trợ")
    by_id = {r[1]: dict(zip(header, r)) for r in rows[1:]}
    strong = result.assessments[0]
    row = by_id[strong.id]
    scored = row["Điểm theo tiêu chí"].split("\n")
    assert len(scored) == len(policy.scored_rules)
    local = next(f for f in strong.findings if f.rule == "local_raw_material")
    said = words(policy, "vi")
    line = next(s for s in scored if said.finding(strong, local) in s)
    assert f"{local.points:g}/{local.max_points:g}" in line and local.cite["doc"] in line
    assert strong.support is not None
    assert row["Hỗ trợ"].startswith(said.support(strong)) and "250.000.000 đ" in row["Hỗ trợ"]
    assert strong.suggestions and all(f"+ {said.suggestion(strong, s)}" in row["Điểm còn có thể đạt"]
                                      for s in strong.suggestions)
    assert "✓" in row["Điều kiện"]

    incomplete = by_id[result.assessments[3].id]
    for field in result.assessments[3].missing:
        title = policy.fields[field].title.vi  # the officer's word for it, never the id
        assert f"- {title}: " in incomplete["Thông tin còn thiếu"] and field not in incomplete["Thông tin còn thiếu"]
    mining = by_id[INJECTED_ID]
    failing = [f for f in result.assessments[4].findings if f.rule in result.assessments[4].reasons]
    assert failing and all(f"✗ {said.finding(result.assessments[4], f)}" in mining["Điều kiện"] for f in failing)
    assert mining["Hỗ trợ"] is None  # no support formula for an ineligible applicant


def test_xlsx_errors_and_info_sheets(workbook: Any, result: BatchResult, policy: Policy) -> None:
    errors = list(workbook["Lỗi"].iter_rows(values_only=True))
    assert errors[0] == ("Dòng", "Mã hồ sơ", "Cột", "Trường", "Giá trị", "Lỗi")
    # the field by its title, not its id
    assert errors[1] == (7, "BK-2019-099", "Số lao động", "Số lao động", "mười hai", "không phải số nguyên")
    assert workbook["Lỗi"].freeze_panes == "A2"
    info = {k: v for k, v in workbook["Thông tin"].iter_rows(values_only=True)}
    assert info["Bộ quy tắc"] == policy.meta.id and info["Phiên bản"] == policy.meta.version
    assert info["Mã băm sha256 (tệp quy tắc)"] == policy.sha256
    assert info["Theo quy định có hiệu lực ngày"] == "theo ngày nộp của từng hồ sơ"
    assert result.funding is not None
    assert info["Ngân sách (đồng)"] == result.funding.budget and info["Còn lại (đồng)"] == 15_000_000
    assert info["Hồ sơ đầu tiên không được cấp"] == result.assessments[2].id
    assert info["Đủ điều kiện"] == 3 and info["Dòng lỗi"] == 1
    assert info["Cảnh báo"] == "cột 'Ghi chú' không có trong lược đồ"


def test_xlsx_in_english(tmp_path: Path, result: BatchResult, policy: Policy) -> None:
    out = tmp_path / "results.xlsx"
    write_result(result, out, policy, lang="en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Ranking", "Explanation", "Errors", "About"]
    assert [c.value for c in wb["Ranking"][1]] == expected_headers(policy, "en")


def test_xlsx_is_reproducible(tmp_path: Path, result: BatchResult, policy: Policy) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_result(result, first, policy)
    write_result(result, second, policy)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {FIXED_TIME.timetuple()[:6]}
    props = openpyxl.load_workbook(first).properties
    assert props.created == FIXED_TIME and props.modified == FIXED_TIME


# -- JSON and JSON Lines ---------------------------------------------------------------------------
def test_json_is_the_contract_object_in_readable_utf8(tmp_path: Path, result: BatchResult, policy: Policy) -> None:
    out = tmp_path / "ket-qua.json"
    write_result(result, out, policy)
    raw = out.read_bytes()
    assert "HKD Miến dong Nà Làng".encode() in raw  # not \u-escaped
    assert raw.decode("utf-8") == dumps_pretty(result.to_json(words(policy)))
    assert raw.startswith(b'{\n  "policy": {\n    "id": ')
    data = json.loads(raw)
    assert data["policy"]["sha256"] == policy.sha256
    assert [a["id"] for a in data["assessments"]] == [a.id for a in result.assessments]
    assert [a["funded"] for a in data["assessments"]] == [True, True, False, False, False]
    assert data["errors"][0]["row"] == 7


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(exclude_categories=["Cs"])),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20)


@given(st.dictionaries(st.text(max_size=6), JSONISH, max_size=5))
def test_streamed_json_is_byte_identical_to_json_dumps(data: dict[str, Any]) -> None:
    out = io.StringIO()
    stream_pretty(data, out)
    assert out.getvalue() == dumps_pretty(data)


# -- every format ----------------------------------------------------------------------------------
FORMATS = ["csv", "xlsx", "json", "jsonl", "md"]


@pytest.mark.parametrize("ext", FORMATS)
def test_same_input_gives_byte_identical_files(tmp_path: Path, result: BatchResult, policy: Policy, ext: str) -> None:
    write_result(result, tmp_path / f"a.{ext}", policy)
    write_result(result, tmp_path / f"b.{ext}", policy)
    assert (tmp_path / f"a.{ext}").read_bytes() == (tmp_path / f"b.{ext}").read_bytes()


def _breaking_write_atomic(real: Callable[..., None]) -> Callable[..., None]:
    """write_atomic whose writer callback fails after the writer has written its content."""

    def write_atomic(path: Path, writer: Callable[[Any], None]) -> None:
        def broken(handle: Any) -> None:
            writer(handle)
            raise OSError("disk full")

        real(path, broken)

    return write_atomic


@pytest.mark.parametrize("ext", ["csv", "xlsx", "json", "md"])
def test_a_failed_write_leaves_the_previous_file_and_no_temp_file(tmp_path: Path, result: BatchResult, policy: Policy,
                                                                   monkeypatch: pytest.MonkeyPatch, ext: str) -> None:
    out = tmp_path / f"ket-qua.{ext}"
    write_result(result, out, policy)
    before = out.read_bytes()
    broken = _breaking_write_atomic(fileio.write_atomic)
    for module in (fileio, write_csv, write_json, write_xlsx):  # Markdown and HTML write through fileio
        monkeypatch.setattr(module, "write_atomic", broken)
    result.assessments[0].name = "Tên đã đổi"
    with pytest.raises(OSError):
        write_result(result, out, policy)
    assert out.read_bytes() == before
    assert not leftover_temp_files(tmp_path)


def test_a_csv_write_that_dies_midway_leaves_the_previous_file(tmp_path: Path, result: BatchResult, policy: Policy,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "ket-qua.csv"
    write_result(result, out, policy)
    before = out.read_bytes()
    calls = {"n": 0}
    real = write_csv.csv_value

    def dies_on_the_third_row(value: Any) -> str:
        calls["n"] += 1
        if calls["n"] > 3 * len(expected_headers(policy)):
            raise MemoryError("killed")
        return real(value)

    monkeypatch.setattr(write_csv, "csv_value", dies_on_the_third_row)
    with pytest.raises(MemoryError):
        write_result(result, out, policy)
    assert out.read_bytes() == before
    assert not leftover_temp_files(tmp_path)


@pytest.mark.parametrize("name", ["bao-cao.docx", "ket-qua.txt", "ket-qua"])
def test_unknown_extension_is_refused_in_the_chosen_language(tmp_path: Path, result: BatchResult, policy: Policy,
                                                             name: str) -> None:
    with pytest.raises(ValueError) as vi:
        write_result(result, tmp_path / name, policy)
    assert isinstance(vi.value, UnsupportedFormat)
    assert "không ghi được" in str(vi.value) and ".xlsx" in str(vi.value)
    with pytest.raises(UnsupportedFormat) as en:
        write_result(result, tmp_path / name, policy, lang="en")
    assert str(en.value).startswith("cannot write") and en.value.said == vi.value.said
    assert list(tmp_path.iterdir()) == []


def test_a_real_batch_lands_every_row_once_across_ranking_and_errors(tmp_path: Path, policy: Policy) -> None:
    from kcscore.batch.run import run_batch

    raw = [read_proposal(SAMPLES / name) for name in (STRONG, LABELS, WEAK, INCOMPLETE, MINING)]
    bad = dict(read_proposal(SAMPLES / STRONG), id="BK-2019-777", workers="mười hai")
    result = run_batch(policy, [*raw, bad], budget=300_000_000)
    write_result(result, tmp_path / "ket-qua.csv", policy)
    write_result(result, tmp_path / "ket-qua.xlsx", policy)
    header, *rows = read_csv(tmp_path / "ket-qua.csv")
    _, *error_rows = read_csv(tmp_path / "ket-qua.errors.csv")
    ranked_ids = [r[header.index("Mã hồ sơ")] for r in rows]
    assert sorted(ranked_ids + [e[1] for e in error_rows]) == sorted(str(r.get("id") or r.get("Mã hồ sơ")) for r in
                                                                     [*raw, bad])
    assert [r[header.index("Hạng")] for r in rows if r[header.index("Hạng")]] == ["1", "2", "3"]
    funded = [r[header.index("Mã hồ sơ")] for r in rows if r[header.index("Được hỗ trợ")] == "được hỗ trợ"]
    assert result.funding is not None and funded == result.funding.funded_ids
    wb = openpyxl.load_workbook(tmp_path / "ket-qua.xlsx")
    assert [c.value for c in wb["Xếp hạng"]["B"][1:] if c.value is not None] == ranked_ids  # less the funding line
    assert wb["Lỗi"]["B2"].value == "BK-2019-777"


@pytest.mark.parametrize("ext", FORMATS)
def test_an_empty_batch_still_gives_a_valid_file_with_headers(tmp_path: Path, policy: Policy, ext: str) -> None:
    empty = BatchResult(policy=policy.header(), assessments=[], errors=[], warnings=[], lang="vi", rows=0)
    out = tmp_path / f"rong.{ext}"
    write_result(empty, out, policy)
    if ext == "csv":
        assert read_csv(out) == [expected_headers(policy, budget=False)]
    elif ext == "xlsx":
        ws = openpyxl.load_workbook(out)["Xếp hạng"]
        assert [c.value for c in ws[1]] == expected_headers(policy, budget=False) and ws.max_row == 1
    elif ext == "json":
        assert json.loads(out.read_bytes())["assessments"] == []
    elif ext == "jsonl":
        assert out.read_text(encoding="utf-8") == ""  # no applicants, no bad rows: no lines
    else:
        assert policy.meta.id in out.read_text(encoding="utf-8")


def test_control_characters_and_decomposed_text_are_cleaned_for_excel(tmp_path: Path, result: BatchResult,
                                                                       policy: Policy) -> None:
    result.assessments[0].name = "HKD Mie\u0302\u0301n dong\x07 Nà Làng"
    out = tmp_path / "ket-qua.xlsx"
    write_result(result, out, policy)
    assert openpyxl.load_workbook(out)["Xếp hạng"]["C2"].value == "HKD Miến dong Nà Làng"
