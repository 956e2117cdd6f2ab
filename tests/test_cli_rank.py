"""`kcscore rank`, `template` and `rules doc|diff` from the command line, on the shipped samples."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kcscore.assess.contract import RankOut
from kcscore.cli import main

ROOT = Path(__file__).resolve().parent.parent
LIST_CSV = ROOT / "samples" / "applicants" / "bac-kan-2019.csv"
LIST_XLSX = ROOT / "samples" / "applicants" / "bac-kan-2019.xlsx"


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("KCSCORE_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


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


def test_csv_and_xlsx_lists_rank_the_same(runner: CliRunner) -> None:
    a = runner.invoke(main, ["rank", str(LIST_CSV), "--budget", "1.129.000.000", "--format", "json"])
    b = runner.invoke(main, ["rank", str(LIST_XLSX), "--budget", "1.129.000.000", "--format", "json"])
    pick = lambda out: [(x["id"], x["rank"], x["score"], x["funded"]) for x in json.loads(out)["assessments"]]  # noqa: E731
    assert pick(a.stdout) == pick(b.stdout)


def test_every_output_format(runner: CliRunner, tmp_path: Path) -> None:
    for ext in ("csv", "xlsx", "json", "jsonl", "md", "html"):
        out = tmp_path / f"ket-qua.{ext}"
        result = runner.invoke(main, ["rank", str(LIST_XLSX), "--budget", "1,129 tỷ", "--out", str(out)])
        assert result.exit_code == 0, (ext, result.stderr)
        assert out.stat().st_size > 1000
    with (tmp_path / "ket-qua.csv").open(encoding="utf-8-sig") as handle:
        table = list(csv.reader(handle))
    assert len(table) == 1 + 43
    errors = (tmp_path / "ket-qua.errors.csv").read_text(encoding="utf-8-sig")
    assert "Hộ gia đình" in errors
    book = openpyxl.load_workbook(tmp_path / "ket-qua.xlsx")
    assert book.sheetnames[:3] == ["Xếp hạng", "Giải trình", "Lỗi"]
    lines = (tmp_path / "ket-qua.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 48
    html = (tmp_path / "ket-qua.html").read_text(encoding="utf-8")
    assert 'id="funding-line"' in html and "BK-2019-024" in html


def test_bad_options_are_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["rank", str(LIST_CSV), "--budget", "nhiều tiền"]).exit_code == 2
    result = runner.invoke(main, ["rank", str(LIST_CSV), "--out", str(tmp_path / "x.pdf")])
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
