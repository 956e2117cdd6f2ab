"""Per-row results held as arrays read back as the dicts and tuples they replace."""

from __future__ import annotations

import numpy as np

from kcscore.batch.rowarrays import ArrayMap, Figures


def test_array_map_reads_like_the_dict() -> None:
    given = {0: 3, 4: 1, 2: 2}
    ranks = ArrayMap.of(given, 6, 0, np.int64)
    assert dict(ranks) == given and len(ranks) == 3
    assert ranks.get(4) == 1 and type(ranks[4]) is int and ranks.get(1) is None and 1 not in ranks and 4 in ranks
    assert ranks.get(6) is None and -1 not in ranks
    funded = ArrayMap.of({1: True, 3: False}, 5, -1, np.int8, bool)
    assert funded.get(1) is True and funded.get(3) is False and funded.get(0, False) is False
    assert funded.count(1) == 1 and sorted(funded) == [1, 3]


def test_figures_give_back_each_rows_tuple() -> None:
    one, two = {"rule": "a"}, {"rule": "b"}
    rows = [(one, 5, 9, 10, 5, "share"), None, (two, 7, 7, 20, 10, "requested"), (one, 2**40, 2**41, 3, 1, "cap")]
    figures = Figures(rows)
    assert [figures[k] for k in range(4)] == rows and figures[0][0] is one and figures[3][0] is one
    assert len(figures) == 4
    kept = figures.take(np.array([3, 1]))
    assert [kept[0], kept[1]] == [rows[3], None]


def test_figures_beyond_int64_are_kept_as_given() -> None:
    rows = [({"rule": "a"}, 2**70, 2**70, 1, 1, "requested"), None]
    figures = Figures(rows)
    assert [figures[0], figures[1]] == rows
    assert figures.take(np.array([1, 0]))[1] == rows[0]


def test_figures_put_one_by_one_equal_figures_given_at_once() -> None:
    one, two = {"rule": "a"}, {"rule": "b"}
    rows = [(one, 5, 9, 10, 5, "share"), None, (two, 7, 7, 20, 10, "requested"), (one, 3, 3, 3, 1, "cap")]
    figures = Figures.empty(4)
    for k, row in enumerate(rows):
        if row is not None:
            figures.put(k, row)
    assert [figures[k] for k in range(4)] == rows and figures[3][0] is one and figures[2][0] is two
    figures.put(1, (two, 2**70, 1, 1, 1, "requested"))  # beyond int64: every row is kept as given from now on
    assert [figures[k] for k in range(4)] == [rows[0], (two, 2**70, 1, 1, 1, "requested"), rows[2], rows[3]]
