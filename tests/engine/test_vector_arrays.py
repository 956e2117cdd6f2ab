"""The conditions read from coded columns (``vector_arrays``) answer exactly as from a frame.

Large lists reach the evaluator as the reader's packed columns (``batch.packed``), a code per row
into distinct values, or a number array. ``ArrayColumns`` reads them without pandas; here every
kind of field, with blanks, values at and past 2**53, ints past float range, and cells of the
wrong type (read the frame's way), gives the truths and the bad rows of the frame built from the
same rows.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys

import numpy as np
import pytest

from kcscore.batch.fast import _Coded
from kcscore.batch.packed import PackedColumn
from kcscore.engine.vector_arrays import ArrayColumns, Numbers, listed
from kcscore.engine.vector_columns import FoldedText
from kcscore.engine.vector_frame import frame_from_columns
from kcscore.engine.vectorised import VectorisedEvaluator
from kcscore.expr.parser import parse
from kcscore.expr.types import FieldType

TYPES = {
    "x": FieldType("number"), "n": FieldType("integer"), "m": FieldType("money"), "ok": FieldType("boolean"),
    "e": FieldType("enum", ("a", "b", "c")), "note": FieldType("text"), "day": FieldType("date"),
    "gone": FieldType("number"), "as_of": FieldType("date"),
}
CONDITIONS = [
    "x > 2", "x + n >= 9007199254740992", "x - n < 0", "m * 1000 > 5", "n / x > 1", "n == 9007199254740993",
    "m in [0, 1, 2.5, 9007199254740993]", "ok", "not ok or n > 1", "e == \"a\"", "e != \"b\"", "e in [\"a\", \"zzz\"]",
    "e == note", "note contains_any [\"da\", \"đá vôi\", \"xay\"]", "note contains \"y\"", "note == \"\"",
    'day < date("2025-01-01")', "day <= as_of", 'day in [date("2024-01-01")]', "gone > 1 or x > 1", "m", "note",
]
SAFE = {
    "x": [None, 0, 1, -1, 5, 2.5, -0.0, 3.0, 1e16, -7.25],
    "n": [None, 0, 1, 2, 7, 2**53 - 1],
    "m": [None, 0, 1, 2, 1000, 123456789],
    "ok": [None, True, False],
    "e": [None, "a", "b", "c", "zzz", "", " "],
    "note": [None, "Nghiền đá", "nghien da xay", "", "  ", "đá vôi", "x\x00y", "a", "ĐÁ VÔI hộc"],
    "day": [None, dt.date(2024, 1, 1), dt.date(2025, 5, 5), dt.date(2024, 12, 31)],
    "as_of": [dt.date(2025, 1, 1), dt.date(2024, 6, 1)],
}
EDGES = {  # each makes the frame keep exact values, mark rows risky, or report a bad cell
    "n": [2**53, -(2**53), 2**53 + 1, 10**400, True, "7", 2.0, float("nan")],
    "x": [2.0**53, float("inf"), 2**60, "x", False],
    "m": [9007199254740993, 10**30, 1.5],
    "ok": [1, "có", 0.0],
    "e": [3, 1.0],
    "note": [4, b"x"],
    "day": [dt.datetime(2024, 1, 1, 5), "2024-01-01", 20240101],
}


def _compare(columns: dict[str, list], positions: list[int], conditions: list[str] = CONDITIONS) -> None:
    """The truths and bad rows of rows ``positions`` read both ways."""
    nodes = [parse(c) for c in conditions]
    evaluator = VectorisedEvaluator(nodes, TYPES)
    chosen = {name: [values[p] for p in positions] for name, values in columns.items()}
    frame, built = frame_from_columns(chosen, TYPES, len(positions))
    expected, errors = evaluator._matrix(frame)
    packed = {name: PackedColumn(values) for name, values in columns.items() if name != "as_of"}
    days = None
    if "as_of" in columns:
        distinct = list(dict.fromkeys(chosen["as_of"]))
        days = (np.array([distinct.index(d) for d in chosen["as_of"]], dtype=np.int64), distinct)
    memos: dict = {}
    for _ in range(2):  # the second time from what the first read of each table (``memo``)
        arrays = ArrayColumns(_Coded(packed, np.asarray(positions, dtype=np.int64), days, memos), TYPES, len(positions))
        got, got_errors = evaluator._matrix_of(arrays)
        assert got.tolist() == expected.tolist()
        assert set(got_errors) == set(errors) | set(built)


@pytest.mark.parametrize("seed", range(12))
def test_coded_columns_give_the_frames_truths(seed: int) -> None:
    rng = random.Random(seed)
    size = rng.choice([1, 7, 60, 300])
    edgy = seed % 3 != 0
    columns = {}
    for name, values in SAFE.items():
        if rng.random() < 0.15 and name not in ("as_of",):
            continue  # a field with no column: blank for every row
        pool = values + (EDGES.get(name, []) if edgy and rng.random() < 0.5 else [])
        columns[name] = [rng.choice(pool) for _ in range(size)]
    positions = sorted(rng.sample(range(size), rng.randint(1, size)))
    if rng.random() < 0.5:
        rng.shuffle(positions)
    _compare(columns, positions)


def _numbers(values: list, dtype: type) -> Numbers:
    return Numbers(np.array([0 if v is None else v for v in values], dtype=dtype), np.array([v is None for v in values]))


@pytest.mark.parametrize("seed", range(6))
def test_number_arrays_give_the_frames_truths(seed: int) -> None:
    """Columns with too many distinct values for codes are int64 or float64 arrays with blanks."""
    rng = random.Random(seed)
    size = 200
    ints = [rng.choice([None, rng.randint(-10**6, 10**6), 2**53 - 1, 2**53, -(2**53) - 5, 2**62]) if seed % 2
            else rng.choice([None, rng.randint(-10**6, 10**6), 7]) for _ in range(size)]
    floats = [rng.choice([None, rng.random() * 100 - 50, 2.5, 2.0**53, 1e300]) for _ in range(size)]
    rows = {"n": ints, "x": floats, "m": [rng.choice([None, 1, 2, 1000]) for _ in range(size)],
            "ok": [rng.choice([None, True, False]) for _ in range(size)]}
    quick = [c for c in CONDITIONS if "9007199254740993" not in c]  # such a literal sends every row to the reference
    evaluator = VectorisedEvaluator([parse(c) for c in quick], TYPES)
    frame, built = frame_from_columns(rows, TYPES, size)
    expected, errors = evaluator._matrix(frame)
    columns = {"n": _numbers(ints, np.int64), "x": _numbers(floats, np.float64), "m": listed(rows["m"]),
               "ok": listed(rows["ok"])}
    got, got_errors = evaluator._matrix_of(ArrayColumns(columns, TYPES, size))
    assert got.tolist() == expected.tolist()
    assert set(got_errors) == set(errors) | set(built) == set()


def test_a_column_of_many_distinct_numbers_is_an_array() -> None:
    many = list(range(70_000))
    assert PackedColumn(many).coded(np.arange(3))[0] == "numbers"
    assert PackedColumn([v + 0.5 for v in many]).coded(np.arange(3))[0] == "numbers"


def test_folded_text_finds_each_pattern_once_per_distinct_value() -> None:
    table = ["nghien da", "", "da voi", "x\x00da", "cat"]
    text = FoldedText(np.array([0, 1, 2, 3, 4, 0, 2], dtype=np.int64), table)
    for pattern in ("da", "a", "nghien da", "\x00", "", "t", "i d", "da\x00", "zz"):
        assert text.contains(pattern).tolist() == [pattern in table[c] for c in text.codes.tolist()]
    assert text.nonblank().tolist() == [True, False, True, True, True, True, True]


def test_the_large_list_path_imports_no_pandas() -> None:
    """pandas costs a fifth of a second to import; the columnar route must not need it."""
    code = ("import sys\n"
            "from kcscore.batch.columnar import ColumnReader\n"
            "from kcscore.batch.fast import run_fast\n"
            "from kcscore.policy.loader import load_policy\n"
            "policy = load_policy()\n"
            "reader = ColumnReader(policy, 'vi')\n"
            "reader.add(1, {'id': 'A1', 'name': 'x', 'submitted_on': '2025-03-01', 'product': 'nghiền đá'})\n"
            "lean = run_fast(policy, columns=reader.finish())\n"
            "assert len(lean.valid) + len(lean.errors) == 1\n"
            "print('pandas' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
