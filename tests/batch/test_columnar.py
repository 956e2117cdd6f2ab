"""Column-at-a-time reading gives exactly what the per-applicant reader gives, bad cells included."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcscore.applicant import read_record
from kcscore.batch.columnar import ColumnReader
from kcscore.i18n import Message
from kcscore.policy.loader import load_policy
from kcscore.synthetic import applicant, thresholds


@pytest.fixture(scope="module")
def policy():  # type: ignore[no-untyped-def]
    return load_policy()


def office_row(policy, rng: random.Random, i: int, near) -> dict:  # type: ignore[no-untyped-def]
    """A row as an office types it: Vietnamese headers and labels, number forms, some junk."""
    record = applicant(policy, rng, i, 0.1, near)
    out = {}
    for name, value in record.items():
        spec = policy.fields[name]
        key = spec.header if rng.random() < 0.5 else name
        if value is not None and rng.random() < 0.5:
            if spec.type == "enum":
                value = spec.values[value].vi
            elif spec.type == "boolean":
                value = rng.choice(["có", "x", "1", "true"]) if value else rng.choice(["không", "0", "false"])
            elif spec.type == "money":
                value = f"{value:,}".replace(",", ".")
            elif spec.type == "date":
                value = value.strftime("%d/%m/%Y")
            elif spec.type in ("percent", "number"):
                value = str(value).replace(".", ",")
        if rng.random() < 0.03:
            value = rng.choice(["???", "12a", "31/02/2020", "nhiều", -5, "1.12.000", 10**16, -(10**16), "10000000000000000"])
        out[key] = value
    if rng.random() < 0.1:
        out["Ghi chú"] = "cột lạ"
    return out


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 60))
def test_columns_match_the_record_reader(policy, seed: int, n: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    near = thresholds(policy)
    rows = [office_row(policy, rng, i, near) for i in range(n)]
    columns = ColumnReader(policy).add_all(rows).finish()
    assert columns.size == n
    for position, raw in enumerate(rows):
        typed, problems, unknown = read_record(policy, raw)
        got = columns.problems.get(position, [])
        assert sorted((p.field, str(p.value)) for p in problems) == sorted((c.field, str(c.value)) for c in got)
        if not problems:
            assert columns.record(position) == typed
        assert set(unknown) <= set(columns.unknown_columns)


def test_columns_that_appear_late_and_broken_rows(policy) -> None:  # type: ignore[no-untyped-def]
    reader = ColumnReader(policy)
    reader.add(1, {"id": "A1", "name": "Một"})
    reader.add(2, {"id": "A2", "name": "Hai", "Số lao động": "12"})
    reader.add(3, {}, problem=Message("jsonrow.too_deep", {"line": 3}))
    columns = reader.finish()
    assert columns.values["workers"] == [None, 12, None]
    assert columns.problems[2][0].message() == "dòng 3: dữ liệu JSON lồng nhau quá sâu"
    assert columns.problems[2][0].message("en") == "line 3: the JSON data is nested too deeply"
    assert 0 not in columns.problems and 1 not in columns.problems


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 40), st.integers(1, 7))
def test_chunked_typing_gives_the_columns_of_one_pass(policy, seed: int, n: int, chunk: int) -> None:  # type: ignore[no-untyped-def]
    """Rows typed a few at a time (a column may first appear in a later chunk, a row may be
    broken) give the same values, bad cells and unknown columns as rows typed all at once."""
    import kcscore.batch.columnar as columnar

    rng = random.Random(seed)
    near = thresholds(policy)
    rows = [office_row(policy, rng, i, near) for i in range(n)]
    whole = ColumnReader(policy).add_all(rows).finish()
    saved = columnar.CHUNK
    columnar.CHUNK = chunk
    try:
        reader = ColumnReader(policy)
        for i, cells in enumerate(rows, start=1):
            reader.add(i, cells, ("dòng hỏng", "broken line") if i % 11 == 0 else None)
        chunked = reader.finish()
    finally:
        columnar.CHUNK = saved
    assert chunked.values == whole.values
    assert chunked.unknown_columns == whole.unknown_columns
    for position in range(n):
        want = [(c.field, c.column, str(c.value), c.message()) for c in whole.problems.get(position, [])]
        if (position + 1) % 11 == 0:
            want = [(None, None, "None", "dòng hỏng")] + want
        got = [(c.field, c.column, str(c.value), c.message()) for c in chunked.problems.get(position, [])]
        assert got == want, position
