"""`kcscore rules check`: every problem, one line each in `--format gnu`, JSON for tools, exit 1 on error."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from kcscore.cli import main

PACKS = Path(__file__).resolve().parent.parent / "fixtures" / "packs"
GNU = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (error|warning)\[(?P<code>K\d{3})\]: (?P<message>.+)$")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["rules", "check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_default_pack_is_clean() -> None:
    code, out, err = _run()
    assert code == 0
    assert out == ""  # nothing but the summary, which goes to stderr
    assert re.fullmatch(r".+: 0 lỗi, 0 cảnh báo\n", err)


def test_valid_fixture_is_clean_in_english() -> None:
    code, out, err = _run(str(PACKS / "valid"), "--lang", "en")
    assert (code, out) == (0, "")
    assert err.endswith(": 0 error(s), 0 warning(s)\n")


def test_broken_pack_gnu_lines_in_vietnamese() -> None:
    code, out, err = _run(str(PACKS / "broken" / "unknown_field"), "--format", "gnu")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 1
    found = GNU.match(lines[0])
    assert found is not None
    assert (found["file"].endswith("unknown_field/rules.yaml"), found["line"], found["col"], found["code"]) == (True, "51", "55", "K012")
    assert found["message"] == ("trường 'local_materal_share' không có trong lược đồ; có phải ý bạn là "
                                "'local_material_share' (Tỷ lệ nguyên liệu tại chỗ (%))?")
    assert "1 lỗi, 0 cảnh báo" in err


def test_broken_pack_gnu_lines_in_english() -> None:
    code, out, _ = _run(str(PACKS / "broken" / "type_error"), "--format", "gnu", "--lang", "en")
    assert code == 1
    found = [GNU.match(line) for line in out.splitlines()]
    assert all(found)
    assert [(m["line"], m["col"], m["code"]) for m in found if m] == [("21", "11", "K014"), ("60", "11", "K014")]
    assert [m["message"] for m in found if m] == ["type error in condition: cannot compare a text with a number",
                                                  "type error in condition: cannot compare a number with a text"]


def test_broken_pack_json() -> None:
    code, out, err = _run(str(PACKS / "broken" / "band_overlap"), "--format", "json", "--lang", "en")
    assert code == 1
    assert err == ""  # JSON output stays parseable: no summary mixed in
    records = json.loads(out)
    assert [(r["code"], r["level"], r["line"], r["col"]) for r in records] == [("K041", "error", 31, 9)]
    assert records[0]["message"] == "band 2 of 'local_raw_material' overlaps band 1"
    assert records[0]["expected"] == "ranges that do not intersect" and records[0]["example"]


def test_broken_pack_text_shows_source_and_caret() -> None:
    code, out, _ = _run(str(PACKS / "broken" / "unknown_enum_value"))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].endswith(":21:21: lỗi[K013]: giá trị 'mining' không thuộc trường 'sector'")
    assert lines[1] == '        when: sector == "mining"'
    assert lines[2] == "                        ^^^^^^^^"
    assert "  có phải ý bạn là 'mining_mineral_processing'?" in lines


def test_hostile_pack_is_a_diagnostic_not_a_traceback() -> None:
    code, out, _ = _run(str(PACKS / "hostile" / "python_tag"), "--format", "gnu")
    assert code == 1
    assert "Traceback" not in out
    assert "[K004]" in out and "!!python/object/apply:os.system" in out
