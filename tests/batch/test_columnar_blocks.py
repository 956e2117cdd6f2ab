"""Blocks of JSON Lines typed as they come (``ColumnReader.add_block``) give the columns of ``add``.

The block route keeps, from one block to the next, the code each distinct raw value was given
and what it read as; a value of another type that Python finds equal (``1``, ``1.0``, ``True``),
a bad cell met again, a blank in a required field or a column that appears late must still read
exactly as the row-by-row route reads them.
"""

from __future__ import annotations

import io
import json
import math
import random
from typing import Any

import pytest

from kcscore.batch import columnar, packed
from kcscore.batch.columnar import ColumnReader, Columns
from kcscore.policy.loader import load_policy
from kcscore.tables.json_reader import JsonParser, jsonl_block, jsonl_rows
from kcscore.tables.notes import Tally


def _typed(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value), repr(value))


def _strict(columns: Columns) -> dict[str, Any]:
    return {
        "rows": columns.rows.tolist(), "lines": columns.lines.tolist(),
        "values": {name: [_typed(v) for v in column.tolist()] for name, column in columns.values.items()},
        "problems": {k: [(c.field, c.column, _typed(c.value), c.message("vi"), c.message("en")) for c in v]
                     for k, v in columns.problems.items()},
        "unknown": columns.unknown_columns,
    }


def _lines(n: int) -> list[str]:
    rnd = random.Random(5)
    out = []
    for i in range(n):
        record: dict[str, Any] = {
            "id": f"A{i}", "name": f"Cơ sở {i}", "workers": rnd.choice([1, 5, 12, None, 1.0, True, "7", -3]),
            "local_material_share": rnd.choice([81.0, 6.5, 1, True, None, "45,5%", 1.0, 150]),
            "productivity_gain_pct": rnd.random() * 50 if i % 3 else rnd.choice([1, 1.0, True, "x"]),
            "legal_form": rnd.choice(["enterprise", "cooperative", "Doanh nghiệp", "hợp tác", None, 1, True]),
            "poor_district": rnd.choice([True, False, 1, 0, 1.0, "có", "không", "maybe", None]),
            "submitted_on": rnd.choice(["2024-03-01", "2024-02-30", "15/03/2021", None, 20240301]),
            "annual_revenue_vnd": rnd.choice([10**9, 5 * 10**9 + i, None, -1, 10**16, "1,5 tỷ"]),
        }
        if i > n // 2:
            record["Ghi chú"] = "cột lạ"  # a column that appears late
            record["sector"] = rnd.choice(["agro_forestry_processing", None, "sai"])
        if i % 11 == 0:
            del record["id"]  # a blank in a required field
        out.append(json.dumps(record, ensure_ascii=False))
    return out


def _by_rows(policy: Any, text: str) -> Columns:
    rows = jsonl_rows(iter(io.StringIO(text, newline="")), [], [])
    return ColumnReader(policy).add_all(rows).finish()


def _by_blocks(policy: Any, text: str, lines_per_block: int) -> Columns:
    reader = ColumnReader(policy)
    parser, blank = JsonParser([]), Tally()
    lines = text.encode("utf-8").splitlines(keepends=True)
    number = 1
    for start in range(0, len(lines), lines_per_block):
        block = jsonl_block(b"".join(lines[start:start + lines_per_block]), number, parser, blank)
        number += block.count
        reader.add_block(block)
    return reader.finish()


@pytest.mark.parametrize("lines_per_block", [1, 7, 300])
def test_blocks_type_as_rows_do(monkeypatch: pytest.MonkeyPatch, lines_per_block: int) -> None:
    policy = load_policy()
    text = "\n".join(_lines(600)) + "\n"
    monkeypatch.setattr(columnar, "BLOCK_ROWS", 5)
    assert _strict(_by_blocks(policy, text, lines_per_block)) == _strict(_by_rows(policy, text))


def test_equal_values_of_other_types_keep_their_own_readings(monkeypatch: pytest.MonkeyPatch) -> None:
    """``True`` then ``1`` in a percent column: a bad cell, then the number one; one type a block."""
    policy = load_policy()
    rows = [{"id": "A1", "local_material_share": True}, {"id": "A2", "local_material_share": 1},
            {"id": "A3", "local_material_share": 1.0}, {"id": "A4", "local_material_share": True}]
    text = "\n".join(json.dumps(row) for row in rows) + "\n"
    monkeypatch.setattr(columnar, "BLOCK_ROWS", 1)
    got = _by_blocks(policy, text, 1)
    assert _strict(got) == _strict(_by_rows(policy, text))
    assert got.values["local_material_share"].tolist()[1:3] == [1, 1]
    assert [k for k, v in sorted(got.problems.items()) if any(c.field == "local_material_share" for c in v)] == [0, 3]


def test_a_column_that_leaves_codes_reads_on_from_the_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Too many distinct values for codes, in a block of one type or of mixed types (which ``_parse``
    reads): the column leaves codes, and a value met before must not be appended as a code."""
    policy = load_policy()
    shares = [0.5] * 40 + [(i % 60) / 7 if i % 2 else str(i) for i in range(200)] + [0.5] * 40 + \
        [i / 7 for i in range(100)]
    text = "\n".join(json.dumps({"id": f"A{i}", "productivity_gain_pct": share, "legal_form": "enterprise"})
                     for i, share in enumerate(shares)) + "\n"
    monkeypatch.setattr(packed, "_SMALL", 10)
    monkeypatch.setattr(columnar, "BLOCK_ROWS", 3)
    got = _by_blocks(policy, text, 40)
    assert _strict(got) == _strict(_by_rows(policy, text))
    assert not got.values["productivity_gain_pct"].holds_codes and got.values["legal_form"].holds_codes


def test_a_required_field_read_through_codes_notes_its_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blank in a required yes/no or choice field is a bad cell, unless the cell was bad already."""
    policy = load_policy()
    for fid in ("legal_form", "poor_district", "submitted_on", "local_material_share"):
        monkeypatch.setitem(policy.fields, fid, policy.fields[fid].model_copy(update={"required": True}))
    monkeypatch.setattr(columnar, "BLOCK_ROWS", 4)
    text = "\n".join(_lines(120)) + "\n"
    got = _by_blocks(policy, text, 9)
    assert _strict(got) == _strict(_by_rows(policy, text))
    blanks = [k for k, v in got.problems.items() if any(c.field == "legal_form" and c.value is None for c in v)]
    assert blanks


def _number_and_text_lines(n: int) -> list[str]:
    """Text, whole-number and fractional columns with cells that read as themselves and cells that
    do not (spaces at the edges, too long, out of bounds, a whole float, NaN, a yes/no, text digits).
    No -0.0: a table of codes holds one value for 0.0 and -0.0, which Python finds equal, on
    every route, and which of the two it keeps depends on the order values are met."""
    rnd = random.Random(11)
    out = []
    for i in range(n):
        record: dict[str, Any] = {
            "id": rnd.choice([f"A{i}", f" A{i}", f"A{i}\u00a0", "x" * 70, "", "   ", i, None]),
            "name": f"Cơ sở {i % 37}",
            "commune": rnd.choice(["xã A", " xã A", "xã A ", "", None, 5, 5.5, True, "xã\u00a0B", "Cơ sở"]),
            "workers": rnd.choice([1, 5, -3, 0, 1.0, 2.5, True, "7", " 8", None, 10**16, 10**15, -(2**63)]),
            "total_cost_vnd": rnd.choice([0, 1, 10**9 + i, -1, 0.0, 1.5, "1,5 tỷ", None, 10**16, 10**15, "0"]),
            "ocop_stars": rnd.choice([0, 5, 6, -1, 3.0, None, False]),
            "productivity_gain_pct": rnd.choice([rnd.random() * 100, 0.0, 10000.0, 10000.5, -1.5, 1e300,
                                                 5, True, "12,5", float("nan"), float("inf"), None]),
            "local_workers_share": rnd.choice([45.5, 100.0, 100.1, 0, 101, "45%", 1e-300, None]),
        }
        out.append(json.dumps(record, ensure_ascii=False))
    return out


@pytest.mark.parametrize("small", [65_535, 10])
@pytest.mark.parametrize("lines_per_block", [1, 9, 400])
def test_text_and_number_columns_go_into_codes_as_rows_read_them(monkeypatch: pytest.MonkeyPatch, small: int,
                                                                  lines_per_block: int) -> None:
    """A text, whole-number or fractional column typed straight into codes (and, with few codes
    allowed, one that leaves them) reads every cell, the bad ones too, as the row-by-row route does."""
    policy = load_policy()
    text = "\n".join(_number_and_text_lines(500)) + "\n"
    monkeypatch.setattr(packed, "_SMALL", small)
    monkeypatch.setattr(columnar, "BLOCK_ROWS", 5)
    got = _by_blocks(policy, text, lines_per_block)
    assert _strict(got) == _strict(_by_rows(policy, text))
    if small > 1000:
        assert all(got.values[fid].holds_codes for fid in ("commune", "workers", "total_cost_vnd", "id"))
