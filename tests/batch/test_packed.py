"""A packed column gives back exactly the values appended to it, whatever way it stores them."""

from __future__ import annotations

import datetime as dt
import pickle

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kcscore.batch import packed
from kcscore.batch.packed import PackedColumn

CELLS = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False),
                  st.text(max_size=4), st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 9)),
                  st.lists(st.integers(0, 3), max_size=2))


def same(got: list, want: list) -> bool:
    """Equal values of the same types: 1, 1.0 and True are equal in Python but not the same cell."""
    return len(got) == len(want) and all(type(a) is type(b) and (a == b or a != a and b != b)
                                         for a, b in zip(got, want))


def column_of(chunks: list[list]) -> PackedColumn:
    column = PackedColumn()
    for chunk in chunks:
        column.extend(chunk)
    return column


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(CELLS, max_size=30), max_size=6), st.data())
def test_values_come_back_as_given(chunks: list[list], data: st.DataObject) -> None:
    small = packed._SMALL
    packed._SMALL = data.draw(st.sampled_from([1, 3, small]))  # few distinct values: the arrays and lists too
    try:
        check_round_trips(chunks, data)
    finally:
        packed._SMALL = small


def check_round_trips(chunks: list[list], data: st.DataObject) -> None:
    want = [v for chunk in chunks for v in chunk]
    column = column_of(chunks)
    assert len(column) == len(want)
    assert same(column.tolist(), want)
    assert same([column[i] for i in range(len(want))], want)
    column.freeze()
    copy = pickle.loads(pickle.dumps(column))
    assert same(copy.tolist(), want)
    if want:
        positions = data.draw(st.lists(st.integers(0, len(want) - 1), max_size=10))
        assert same(column.take(positions), [want[p] for p in positions])
        assert same(copy.take(positions), [want[p] for p in positions])
    more = data.draw(st.lists(CELLS, max_size=10))
    copy.extend(more)  # appending after a freeze or a pickle rebuilds what appending needs
    assert same(copy.tolist(), want + more)
    other = pickle.loads(pickle.dumps(column_of(data.draw(st.lists(st.lists(CELLS, max_size=20), max_size=3)))))
    merged = column_of(chunks)
    merged.freeze()
    merged.extend_column(other)  # as the two halves of a list read by two processes are joined
    assert same(merged.tolist(), want + other.tolist())
    assert len(merged) == len(want) + len(other)


def test_each_kind_of_column_is_held_in_arrays(monkeypatch) -> None:
    monkeypatch.setattr(packed, "_SMALL", 10)
    labels = column_of([["a", "b", None] * 100])
    money = column_of([list(range(1000, 1300)), [None, 7]])
    shares = column_of([[i / 7 for i in range(300)], [None]])
    names = column_of([[f"name {i}" for i in range(300)]])
    assert [c._mode for c in (labels, money, shares, names)] == ["codes", "ints", "floats", "list"]
    assert labels._codes.dtype == np.uint16 and money._ints.dtype == np.int64 and shares._ints.dtype == np.float64
    assert money[300] is None and money[301] == 7 and type(money[301]) is int
    assert shares[300] is None and type(shares[1]) is float and shares[1] == 1 / 7


def test_whole_and_fractional_numbers_in_one_column_keep_their_types(monkeypatch) -> None:
    monkeypatch.setattr(packed, "_SMALL", 10)
    column = column_of([list(range(300)), [0.5, 2]])
    assert same(column.tolist(), list(range(300)) + [0.5, 2])
    equal = column_of([[1, 1.0, True] * 50])  # equal in Python, three different cells
    assert same(equal.tolist(), [1, 1.0, True] * 50)


def test_compares_with_lists_and_columns() -> None:
    assert PackedColumn([None, 12, None]) == [None, 12, None]
    assert PackedColumn([1, 2]) == PackedColumn([1, 2])
    assert PackedColumn([1, 2]) != [1, 3]


def test_two_halves_of_numbers_are_joined_with_their_blanks(monkeypatch) -> None:
    monkeypatch.setattr(packed, "_SMALL", 10)
    for make in (lambda i: i * 1000, lambda i: i / 7):
        first = column_of([[make(i) for i in range(200)] + [None]])
        second = pickle.loads(pickle.dumps(column_of([[None] + [make(i) for i in range(300, 500)]])))
        assert first._mode == second._mode != "codes"
        first.extend_column(second)
        want = [make(i) for i in range(200)] + [None, None] + [make(i) for i in range(300, 500)]
        assert same(first.tolist(), want) and first[200] is None and first[201] is None


def test_a_list_of_texts_is_pickled_as_one_text_and_comes_back_the_same(monkeypatch) -> None:
    """Ids and names cross between the reading processes as one text; a text holding the separator,
    an empty text or a cell that is not text keeps the list as it is."""
    monkeypatch.setattr(packed, "_SMALL", 10)
    for cells in ([f"Cơ sở {i}" for i in range(300)], [f"id {i}" for i in range(299)] + [""],
                  [""] * 2 + [f"a{i}" for i in range(300)], [f"a{i}" for i in range(300)] + ["x\x00y"],
                  [f"a{i}" for i in range(300)] + [None], [f"a{i}" for i in range(300)] + [7, "\x00"]):
        column = column_of([cells])
        assert column._mode == "list"
        copy = pickle.loads(pickle.dumps(column))
        assert same(copy.tolist(), cells) and len(copy) == len(cells)
        copy.extend(["more"])
        assert same(copy.tolist(), cells + ["more"])
    assert packed._joined([f"id {i}" for i in range(300)]) is not None  # the one-text form is used
    assert packed._joined(["a", "b\x00"]) is None and packed._joined(["a", 1]) is None and packed._joined([]) is None
