"""``rules diff --applicants`` warns when the list has no column for a field the new pack reads."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kcscore.cli import main
from kcscore.packs import default_pack_path
from tests.packcopy import copy_pack, layer_file

LIST = Path(__file__).resolve().parents[2] / "samples" / "applicants" / "bac-kan-2019.csv"
FIELD = """  key_crop:
    type: boolean
    title: {vi: Sản phẩm thuộc cây trồng chủ lực, en: Product of a key crop}
    header: Cây trồng chủ lực
"""
GATE = """
  key_crop_only:
    kind: gate
    title: {vi: Chỉ hỗ trợ cây trồng chủ lực, en: Key crops only}
    cite: {doc: Nghị quyết tỉnh, article: Điều 1}
    require: key_crop
    fails: {vi: Sản phẩm không thuộc cây trồng chủ lực, en: Not a key crop}
"""


@pytest.fixture()
def packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("KCSCORE_NO_CACHE", "1")
    old, new = tmp_path / "old" / "bac-kan", tmp_path / "new" / "bac-kan"  # each with its own national base
    copy_pack(default_pack_path(), old)
    copy_pack(old, new, ignore=shutil.ignore_patterns("tests"))
    for name, added in (("fields.yaml", FIELD), ("gates.yaml", GATE)):
        path = layer_file(new, name)
        path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")
    return old, new


def _list(tmp_path: Path, add: str | None = None, drop: str | None = None) -> Path:
    """The sample list with one column added (every applicant answering 'có') or one dropped."""
    rows = list(csv.reader(LIST.read_text(encoding="utf-8-sig").splitlines()))
    head = next(i for i, r in enumerate(rows) if "Mã hồ sơ" in r)
    out = []
    for i, row in enumerate(rows):
        if i >= head and row:
            if drop is not None:
                row = row[:rows[head].index(drop)] + row[rows[head].index(drop) + 1:]
            if add is not None:
                row = [*row, add if i == head else "có"]
        out.append(row)
    target = tmp_path / "list.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(out)
    return target


def _incomplete(result_stdout: str) -> int:
    data = json.loads(result_stdout)["impact"]
    return sum(a["decision"]["new"] == "incomplete" for a in data["applicants"])


def test_a_field_the_new_pack_added_is_named_with_the_decisions_waiting_on_it(packs: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = packs
    runner = CliRunner()
    lacking = runner.invoke(main, ["rules", "diff", str(old), str(new), "--applicants", str(LIST), "--format", "json"])
    assert lacking.exit_code == 0, lacking.stderr
    [warning] = json.loads(lacking.stdout)["impact"]["missing_columns"]
    assert (warning["field"], warning["header"], warning["added"]) == ("key_crop", "Cây trồng chủ lực", True)
    assert warning["missing"] == warning["applicants"] == 43
    known = runner.invoke(main, ["rules", "diff", str(old), str(new), "--applicants", str(_list(tmp_path, add="Cây trồng chủ lực")),
                                 "--format", "json"])
    assert json.loads(known.stdout)["impact"]["missing_columns"] == []
    # every applicant left incomplete waits on the column, and knowing it settles some of them
    assert warning["incomplete"] == _incomplete(lacking.stdout) > _incomplete(known.stdout)
    assert (f"cảnh báo: danh sách hồ sơ không có cột 'Cây trồng chủ lực' (trường key_crop, trường mới của bộ quy tắc mới): "
            f"mọi hồ sơ để trống; 43/43 hồ sơ có kết quả phụ thuộc vào nó theo bộ mới, trong đó {warning['incomplete']} hồ sơ "
            "chưa đủ thông tin để xét") in lacking.stderr


def test_a_used_column_dropped_from_the_list_is_named_in_english_and_in_the_workbook(packs: tuple[Path, Path], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    old, _ = packs
    listing = _list(tmp_path, drop="Khu vực")
    out = tmp_path / "diff.xlsx"
    result = CliRunner().invoke(main, ["rules", "diff", str(old), str(old), "--applicants", str(listing), "--lang", "en",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "warning: the applicant list has no column 'Khu vực' (field area_zone): every applicant is blank;" in result.stderr
    rows = list(load_workbook(out)["Warnings"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Missing column", "Field", "New field") and rows[1][:3] == ("Khu vực", "area_zone", "no")
    assert rows[1][3] > 0
