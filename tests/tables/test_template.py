"""The applicant template: headers the reader understands, drop-downs for every list, a guide."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from kcscore.applicant import read_record, schema_for
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from kcscore.output.template import TEMPLATE_ROWS, UnsupportedTemplate, write_template


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, policy: Policy) -> Path:
    path = tmp_path_factory.mktemp("template") / "mau-ho-so.xlsx"
    write_template(policy, path)
    return path


@pytest.fixture(scope="module")
def workbook(template: Path) -> Any:
    return openpyxl.load_workbook(template)


def validations_by_column(ws: Any) -> dict[str, Any]:
    out = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            min_col, min_row, max_col, max_row = range_boundaries(str(cell_range))
            assert (min_row, max_row) == (2, TEMPLATE_ROWS + 1)
            for col in range(min_col, max_col + 1):
                out[get_column_letter(col)] = dv
    return out


def list_values(wb: Any, formula: str) -> list[str]:
    sheet, cells = formula.rsplit("!", 1)
    ws = wb[sheet.strip("'")]
    return [row[0].value for row in ws[cells.replace("$", "")]]


def test_headers_are_the_packs_vietnamese_headers_and_each_maps_to_its_field(workbook: Any, policy: Policy) -> None:
    assert workbook.sheetnames == ["Hồ sơ", "Hướng dẫn", "Danh mục"]
    ws = workbook["Hồ sơ"]
    headers = [c.value for c in ws[1]]
    assert headers == [spec.header for spec in policy.fields.values()]
    schema = schema_for(policy)
    assert [schema.field_for(h) for h in headers] == list(policy.fields)
    assert ws.freeze_panes == "C2"  # the header row, and id and name
    assert all(ws.column_dimensions[get_column_letter(i)].width >= 8 for i in range(1, len(headers) + 1))


def test_every_enum_column_has_a_drop_down_of_its_vietnamese_labels(workbook: Any, policy: Policy) -> None:
    ws = workbook["Hồ sơ"]
    by_column = validations_by_column(ws)
    enums = 0
    for i, (fid, spec) in enumerate(policy.fields.items(), start=1):
        dv = by_column.get(get_column_letter(i))
        if spec.type == "enum":
            enums += 1
            assert dv is not None and dv.type == "list", fid
            assert list_values(workbook, dv.formula1) == [label.vi for label in spec.values.values()], fid
            assert dv.allow_blank and dv.errorStyle == "warning"  # ids and aliases still accepted
        elif spec.type == "boolean":
            assert dv is not None and dv.type == "list" and dv.formula1 == '"có,không"', fid
        elif dv is not None:
            assert dv.type is None and dv.prompt  # only a help prompt, no restriction
    assert enums >= 8
    assert workbook["Danh mục"].sheet_state == "hidden"


def test_labels_chosen_from_the_drop_downs_read_back_as_enum_ids(template: Path, policy: Policy,
                                                                 tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(template)
    ws = wb["Hồ sơ"]
    by_column = validations_by_column(ws)
    headers = [c.value for c in ws[1]]
    chosen: dict[str, str] = {}
    for i, header in enumerate(headers, start=1):
        dv = by_column.get(get_column_letter(i))
        if dv is not None and dv.type == "list":
            options = list_values(wb, dv.formula1) if "!" in dv.formula1 else dv.formula1.strip('"').split(",")
            ws.cell(row=2, column=i, value=options[-1])
            chosen[header] = options[-1]
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    row = {h: c.value for h, c in zip(headers, openpyxl.load_workbook(filled)["Hồ sơ"][2]) if c.value is not None}
    typed, problems, unknown = read_record(policy, row)
    assert not unknown
    assert [p for p in problems if p.field and policy.fields[p.field].type in ("enum", "boolean")] == []
    for header, label in chosen.items():
        fid = schema_for(policy).field_for(header)
        assert fid is not None
        spec = policy.fields[fid]
        expected = list(spec.values)[-1] if spec.type == "enum" else False
        assert typed[fid] == expected, (fid, label)


def test_guide_explains_each_field_with_unit_bounds_help_and_allowed_values(workbook: Any, policy: Policy) -> None:
    ws = workbook["Hướng dẫn"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("Cột", "Mã trường", "Kiểu", "Đơn vị", "Giới hạn", "Bắt buộc")
    by_id = {r[1]: r for r in rows[1:] if r[1]}
    assert list(by_id) == list(policy.fields)
    for fid, spec in policy.fields.items():
        header, _, kind, unit, bounds, required, help_vi, help_en, allowed = by_id[fid]
        assert header == spec.header
        assert required == ("có" if spec.required else "không")
        assert (unit or None) == spec.unit
        if spec.help:
            assert help_vi == spec.help.vi and help_en == spec.help.en
        if spec.type == "enum":
            for vid, label in spec.values.items():
                assert f"{vid} = {label.vi} / {label.en}" in allowed
        if spec.min is not None and spec.type != "text":
            assert f"{spec.min:g}" in bounds
    workers = by_id["workers"]
    assert workers[2] == "Số nguyên" and workers[3] == "người" and workers[4] == "≥ 0"
    texts = [r[0] for r in rows if r[0]]
    assert any("để trống nghĩa là chưa biết" in t for t in texts)


def test_template_in_english_keeps_vietnamese_headers(tmp_path: Path, policy: Policy) -> None:
    path = tmp_path / "template.xlsx"
    write_template(policy, path, lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Applicants", "Guide", "Lists"]
    assert [c.value for c in wb["Applicants"][1]] == [spec.header for spec in policy.fields.values()]
    assert wb["Guide"]["B1"].value == "Field id"


def test_xlsx_template_is_reproducible(tmp_path: Path, policy: Policy, template: Path) -> None:
    again = tmp_path / "again.xlsx"
    write_template(policy, again)
    assert again.read_bytes() == template.read_bytes()


def test_csv_template_is_the_header_line_with_a_bom(tmp_path: Path, policy: Policy) -> None:
    path = tmp_path / "mau-ho-so.csv"
    write_template(policy, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows == [[spec.header for spec in policy.fields.values()]]
    assert '"Vùng cao, biên giới"' in raw.decode("utf-8-sig")  # a header with a comma is quoted
    assert [schema_for(policy).field_for(h) for h in rows[0]] == list(policy.fields)


def test_other_template_formats_are_refused(tmp_path: Path, policy: Policy) -> None:
    with pytest.raises(UnsupportedTemplate) as vi:
        write_template(policy, tmp_path / "mau.ods")
    assert isinstance(vi.value, ValueError) and ".xlsx" in str(vi.value) and "mẫu" in str(vi.value)
    with pytest.raises(ValueError, match="cannot write"):
        write_template(policy, tmp_path / "mau.ods", lang="en")
    assert list(tmp_path.iterdir()) == []


def test_a_filled_template_reads_back_through_the_table_reader(tmp_path: Path, policy: Policy, template: Path) -> None:
    from kcscore.proposal import read_proposal
    from kcscore.tables.readers import read_table

    sample = read_proposal(Path(__file__).resolve().parents[2] / "samples" / "proposals" / "vietnamese-labels.yaml")
    schema = schema_for(policy)
    wb = openpyxl.load_workbook(template)
    ws = wb["Hồ sơ"]
    headers = [c.value for c in ws[1]]
    by_field = {schema.field_for(k): v for k, v in sample.items()}
    for i, header in enumerate(headers, start=1):
        value = by_field.get(schema.field_for(header))
        if value is not None:
            ws.cell(row=2, column=i, value=str(value))
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    table = read_table(filled, header_matcher=lambda h: schema.field_for(h) is not None)
    assert table.sheet == "Hồ sơ" and len(table.rows) == 1
    typed, problems, unknown = read_record(policy, table.rows[0].cells)
    assert problems == [] and unknown == []
    assert typed["legal_form"] == "cooperative_group" and typed["counterpart_committed"] is True


def test_a_filled_csv_template_reads_back(tmp_path: Path, policy: Policy) -> None:
    from kcscore.tables.readers import read_table

    path = tmp_path / "mau.csv"
    write_template(policy, path)
    headers = [spec.header for spec in policy.fields.values()]
    row = {"Mã hồ sơ": "HS-01", "Tên cơ sở": "HTX Đông Hưng, Bạch Thông", "Loại hình": "Hợp tác xã"}
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerow([row.get(h, "") for h in headers])
    table = read_table(path)
    assert table.headers == headers and len(table.rows) == 1
    typed, problems, _ = read_record(policy, table.rows[0].cells)
    assert problems == [] and typed["name"] == "HTX Đông Hưng, Bạch Thông" and typed["legal_form"] == "cooperative"
