"""A block of JSON Lines read into columns (``jsonl_block``) holds what ``jsonl_rows`` reads line by line.

orjson reads the plain lines from the bytes and every check is made on the whole block or a
column at once; each line that needs the careful decoder must still come out as the per-line
reader gives it: the same values of the same types, problems, headers and blank lines.
"""

from __future__ import annotations

import io
import json
import math
import unicodedata
from typing import Any

import pytest

from kcscore.tables.json_reader import JsonParser, jsonl_block, jsonl_rows
from kcscore.tables.notes import Tally

PLAIN = {"id": "A1", "name": "Cơ sở số 1", "workers": 12, "share": 81.5, "poor": True, "note": None}

# each a line that orjson alone would read differently from the per-line reader, or not at all
AWKWARD = {
    "repeated key": '{"id": "A2", "workers": 1, "workers": 2}',
    "repeated key, colon in a text": '{"id": "A:3", "id": "x"}',
    "escape": '{"id": "A4", "name": "C\\u01a1 s\\u01a1\\u0300"}',
    "escape in a key": '{"n\\u0061me": "x", "id": "A5"}',
    "NaN": '{"id": "A6", "share": NaN}',
    "Infinity": '{"id": "A7", "share": -Infinity}',
    "list": '{"id": "A8", "workers": [1, 2, 18446744073709551616]}',
    "integer past 64 bits": '{"id": "A9", "workers": 18446744073709551616}',
    "negative integer past 64 bits": '{"id": "A10", "workers": -9223372036854775809}',
    "float past 2**63": '{"id": "A11", "workers": 1.5e19}',
    "largest unsigned": '{"id": "A12", "workers": 18446744073709551615}',
    "nested object": '{"id": "A13", "workers": {"a": 1, "a": 2}}',
    "not an object": '[{"id": "A14"}]',
    "a number": "42",
    "broken": '{"id": "A15", "workers": ',
    "blank": "",
    "spaces": "   \t",
    "wide space": "\u3000",
    "two objects": '{"id": "A16"} {"id": "A17"}',
    "missing and extra keys": '{"id": "A18", "Ghi chú": "lạ"}',
    "other key order": '{"workers": 3, "id": "A19", "name": "B"}',
    "deep": "[" * 5000 + "]" * 5000,
    "huge integer": '{"id": "A20", "workers": ' + "9" * 5000 + "}",
}


def _typed(value: Any) -> Any:
    """A value with its type, so that 1, 1.0 and True differ, and NaN equals itself."""
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    if isinstance(value, list):
        return (list, [_typed(v) for v in value])
    if isinstance(value, dict):
        return (dict, {k: _typed(v) for k, v in value.items()})
    return (type(value), value)


def _per_line(text: str) -> tuple[list[Any], list[str], list[str]]:
    """What ``jsonl_rows`` reads from the lines of ``text``, in NFC as every file reader gives them."""
    headers: list[str] = []
    warnings: list[Any] = []
    lines = (unicodedata.normalize("NFC", line) for line in io.StringIO(text, newline=""))
    rows = [(row.row, {k: _typed(v) for k, v in row.cells.items()}, row.problem)
            for row in jsonl_rows(lines, headers, warnings, 5)]
    return rows, headers, [str(w) for w in warnings]


def _in_blocks(data: bytes, size: int) -> tuple[list[Any], list[str], list[str]]:
    headers: list[str] = []
    parser, blank = JsonParser(headers), Tally()
    rows: list[Any] = []
    number, start = 5, 0
    while start < len(data):  # blocks of about ``size`` bytes, cut after a line break
        cut = data.find(b"\n", start + size)
        end = len(data) if cut < 0 else cut + 1
        block = jsonl_block(data[start:end], number, parser, blank)
        for i, line in enumerate(block.numbers):
            cells = {key: _typed(block.columns[key][i]) for key in block.keys}
            rows.append((line, cells, block.problems.get(i)))
        number += block.count
        start = end
    warnings = [] if not blank else [f"bỏ qua {len(blank)} dòng trống (dòng {blank.shown()})"]
    return rows, headers, [w.lower() for w in warnings]


def _same(text: str, size: int = 1 << 20) -> None:
    rows, headers, warnings = _per_line(text)
    got_rows, got_headers, got_warnings = _in_blocks(text.encode("utf-8"), size)
    # a block holds every key for every row (None where the row lacks it): compare the keys a row has
    got_rows = [(line, {k: v for k, v in cells.items() if k in dict(expected[1]) or v != (type(None), None)}, problem)
                for (line, cells, problem), expected in zip(got_rows, rows)]
    assert got_rows == [(line, {k: v for k, v in cells.items()}, problem) for line, cells, problem in rows]
    assert got_headers == headers
    assert got_warnings == [w.lower() for w in warnings]


@pytest.mark.parametrize("case", sorted(AWKWARD))
def test_an_awkward_line_among_plain_ones_reads_as_the_per_line_reader_reads_it(case: str) -> None:
    plain = json.dumps(PLAIN, ensure_ascii=False)
    _same("\n".join([plain, AWKWARD[case], plain, plain]) + "\n")


def test_every_awkward_line_at_once_and_in_small_blocks() -> None:
    plain = json.dumps(PLAIN, ensure_ascii=False)
    text = "\n".join(line for case in sorted(AWKWARD) for line in (plain, AWKWARD[case])) + "\n" + plain
    for size in (1, 50, 400, 1 << 20):
        _same(text, size)


def test_text_not_in_nfc_is_normalised_as_the_per_line_reader_does() -> None:
    decomposed = unicodedata.normalize("NFD", "Hợp tác xã Nghệ An")
    lines = [json.dumps(PLAIN, ensure_ascii=False),
             json.dumps({**PLAIN, "name": decomposed}, ensure_ascii=False),
             json.dumps({**PLAIN, unicodedata.normalize("NFD", "Ghi chú"): "x"}, ensure_ascii=False),
             json.dumps({**PLAIN, "name": decomposed, "x": 2}, ensure_ascii=False)[:-1] + ', "x": 3}']
    text = "\n".join(lines) + "\n"
    _same(text)
    got, _, _ = _in_blocks(text.encode("utf-8"), 1 << 20)
    assert got[1][1]["name"] == (str, unicodedata.normalize("NFC", decomposed))


def test_carriage_returns_end_lines_as_the_per_line_reader_ends_them() -> None:
    plain = json.dumps(PLAIN, ensure_ascii=False)
    _same(plain + "\r\n" + plain + "\r" + AWKWARD["repeated key"] + "\r\n\r\n" + plain)


def test_bytes_that_are_not_utf8_fail_the_block() -> None:
    plain = json.dumps(PLAIN, ensure_ascii=False).encode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        jsonl_block(plain + b"\n" + b'{"id": "\xff"}\n', 1, JsonParser([]), Tally())
