"""Two processes read a JSON Lines list into exactly the columns one process reads."""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

import pytest

from kcscore.batch import parallel
from kcscore.batch.columnar import ColumnReader
from kcscore.policy.loader import load_policy
from kcscore.synthetic import thresholds
from kcscore.tables.readers import iter_rows
from tests.batch.test_batch_properties import eligible_leaning


def write_list(path: Path, n: int) -> None:
    policy = load_policy()
    near = thresholds(policy)
    lines = []
    for i in range(n):
        record = eligible_leaning(policy, random.Random(i), i, near)
        record = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in record.items()}
        if i % 17 == 0:
            record["name"] = unicodedata.normalize("NFD", "Hợp tác xã Nghệ số") + str(i)
        if i % 29 == 0:
            record["Ghi chú"] = "cột lạ"
        lines.append(json.dumps(record, ensure_ascii=False))
        if i % 41 == 0:
            lines.append("")  # a blank line
        if i % 53 == 0:
            lines.append("{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_two_processes_read_what_one_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    policy = load_policy()
    path = tmp_path / "list.jsonl"
    write_list(path, 400)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 1000)
    got = parallel.read_jsonl_columns(policy, path, None)
    assert got is not None
    columns, headers, warnings = got
    info, rows = iter_rows(path)
    expected = ColumnReader(policy).add_all(rows).finish()
    assert columns.rows == expected.rows and columns.lines == expected.lines
    assert columns.values == expected.values
    assert {k: [(c.field, c.message()) for c in v] for k, v in columns.problems.items()} == \
        {k: [(c.field, c.message()) for c in v] for k, v in expected.problems.items()}
    assert columns.unknown_columns == expected.unknown_columns == ["Ghi chú"]
    # one warning for the blank lines of both halves, as the one-process reader gives it
    assert [w.message("en") for w in warnings] == [w.message("en") for w in info.warnings]
    assert len(warnings) == 1 and "dòng trống" in str(warnings[0])


def test_small_or_foreign_files_are_left_to_the_one_process_reader(tmp_path: Path) -> None:
    policy = load_policy()
    path = tmp_path / "list.jsonl"
    write_list(path, 20)
    assert parallel.read_jsonl_columns(policy, path, None) is None  # below the size threshold
    assert parallel.read_jsonl_columns(policy, path, "cp1258") is None


def test_both_halves_refuse_a_key_written_twice_and_an_ambiguous_amount(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    policy = load_policy()
    path = tmp_path / "list.jsonl"
    write_list(path, 400)
    lines = path.read_text(encoding="utf-8").splitlines()
    objects = [number for number, line in enumerate(lines, start=1) if line.startswith("{\"")]
    early, late = objects[2], objects[-3]  # one in the half this process reads, one in the child's
    for number in (early, late):
        record = json.loads(lines[number - 1])
        record["requested_support_vnd"] = "1.500 triệu"
        lines[number - 1] = json.dumps(record, ensure_ascii=False).replace('"workers": ', '"workers": 1, "workers": ', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 1000)
    got = parallel.read_jsonl_columns(policy, path, None, "en")
    assert got is not None
    columns = got[0]
    for number in (early, late):
        position = columns.rows.index(number)
        messages = " | ".join(c.message() for c in columns.problems[position])
        assert "field written twice in one applicant: 'workers'" in messages
        assert "'1.500 triệu' is ambiguous" in messages


@pytest.mark.parametrize("block", [7, 64, 4096])
def test_small_blocks_a_bom_and_crlf_read_as_the_whole_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            block: int) -> None:
    """Reading a block at a time cuts lines, multi-byte letters and CRLF pairs across blocks; the
    columns, rows and physical lines must still be those of the one-process reader."""
    policy = load_policy()
    path = tmp_path / "list.jsonl"
    write_list(path, 120)
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 1000)
    monkeypatch.setattr(parallel, "BLOCK", block)
    got = parallel.read_jsonl_columns(policy, path, None)
    assert got is not None
    columns = got[0]
    _, rows = iter_rows(path)
    expected = ColumnReader(policy).add_all(rows).finish()
    assert columns.rows == expected.rows and columns.lines == expected.lines
    assert columns.values == expected.values
    assert {k: [c.message() for c in v] for k, v in columns.problems.items()} == \
        {k: [c.message() for c in v] for k, v in expected.problems.items()}


@pytest.mark.parametrize("block", [300, 1 << 20])
def test_awkward_lines_read_in_two_processes_as_in_one_types_and_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     block: int) -> None:
    """Lines orjson alone would read otherwise (NaN, escapes, integers past 64 bits, lists, keys
    written twice, text not in NFC) among plain ones: the same values of the same types."""
    from tests.batch.test_columnar_blocks import _strict
    from tests.tables.test_json_block import AWKWARD

    policy = load_policy()
    path = tmp_path / "list.jsonl"
    write_list(path, 300)
    lines = path.read_text(encoding="utf-8").splitlines()
    for n, case in enumerate(sorted(AWKWARD)):
        lines.insert(7 * n + 3, AWKWARD[case].replace('"workers"', '"total_cost_vnd"').replace('"share"', '"ocop_stars"'))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 1000)
    monkeypatch.setattr(parallel, "BLOCK", block)
    got = parallel.read_jsonl_columns(policy, path, None)
    assert got is not None
    columns, headers, _ = got
    info, rows = iter_rows(path)
    expected = ColumnReader(policy).add_all(rows).finish()
    assert _strict(columns) == _strict(expected)
    assert headers == info.headers
