"""A typed column of a large list held as arrays, read back as the same Python values.

A Python list of a million cells costs a pointer per cell plus the cell objects: at forty-odd
fields that is more than a kilobyte a row, the largest part of a large run's memory. Most
columns repeat a handful of values (labels, yes/no, thresholds, dates), so a column keeps each
distinct value once and a small integer code per row. A column of numbers with too many
distinct values for codes (amounts of money) is an int64 array (whole numbers) or a float64
array (fractions) with a mask of blanks; any other column with mostly distinct values (ids,
names) stays a list, since every row needs its own object anyway.

Reading a cell gives back the very value that was stored (``1`` stays an ``int``, ``1.0`` a
``float``, ``True`` a ``bool``): the sentences and the evaluator see what the list held.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from operator import is_
from typing import Any

import numpy as np

_SMALL = 65_535  # distinct values that uint16 codes can number
_GROW = 1.5
_SLICE = 1 << 16
_FLOAT = frozenset({float})
_FLOAT_OR_NONE = frozenset({float, type(None)})
_INT_OR_NONE = frozenset({int, type(None)})
_is_none = partial(is_, None)
_SEP = "\x00"  # between the texts of a list column, when it is pickled (``_joined``)


class PackedColumn(Sequence[Any]):
    """One column, appended to chunk by chunk (``extend``), read by position."""

    __slots__ = ("_mode", "_n", "_codes", "_table", "_index", "_raw", "_kinds", "_ints", "_blank", "_list")

    def __init__(self, values: Iterable[Any] = ()) -> None:
        self._mode = "codes"
        self._n = 0
        self._codes = np.zeros(0, dtype=np.uint16)
        self._table: list[Any] = []
        # value or (type, value) -> code, while appending (see ``_codes_of``); None once done
        self._index: dict[Any, int] | None = None
        self._raw = True
        self._kinds: set[type] = set()  # the types of the values in the table, None aside
        self._ints = np.zeros(0, dtype=np.int64)
        self._blank = np.zeros(0, dtype=bool)
        self._list: list[Any] = []
        self.extend(values)

    # -- appending -------------------------------------------------------------------------------

    def extend(self, values: Iterable[Any]) -> None:
        values = values if isinstance(values, list) else list(values)
        if len(values) > _SLICE:  # a slice at a time: coding builds a key per value
            for start in range(0, len(values), _SLICE):
                self.extend(values[start:start + _SLICE])
            return
        if not values:
            return
        if self._mode == "codes" and not self._add_codes(values):
            self._leave_codes(values)
        elif self._mode in ("ints", "floats") and not self._add_ints(values):
            self._to_list()
            self._list.extend(values)
        elif self._mode == "list":
            self._list.extend(values)
        self._n += len(values)

    def _add_codes(self, values: list[Any]) -> bool:
        """Code ``values``; False (nothing changed) when they are unhashable or too many distinct."""
        codes = self._codes_of(values, len(values))
        if codes is None:
            return False
        self._codes = self._grown(self._codes, codes)
        return True

    def _codes_of(self, values: list[Any], rows: int) -> np.ndarray | None:
        """The codes of ``values`` (new ones added to the table), or None when they are unhashable
        or the table would grow past what codes are worth for ``rows`` more rows."""
        kinds = set(map(type, values))
        kinds.discard(type(None))
        seen = self._kinds | kinds
        # one type of value (the usual column): values are their own keys; mixed types need the
        # type in the key, since 1, 1.0 and True are equal in Python but are different cells
        raw = len(seen) <= 1
        if self._index is None or raw != self._raw:
            self._index = ({v: code for code, v in enumerate(self._table)} if raw
                           else {(type(v), v): code for code, v in enumerate(self._table)})
            self._raw = raw
        index, table = self._index, self._table
        try:
            keys = values if raw else list(zip(map(type, values), values))
            fresh = set(keys).difference(index)
        except TypeError:  # a list from a JSON cell
            return None
        if len(table) + len(fresh) > max(_SMALL, (self._n + rows) // 8):
            return None
        self._kinds = seen
        for key in fresh:  # the order of the table does not matter: rows keep their own codes
            index[key] = len(table)
            table.append(key if raw else key[1])
        if len(table) > _SMALL and self._codes.dtype != np.int32:
            self._codes = self._codes.astype(np.int32)
        return np.fromiter(map(index.__getitem__, keys), dtype=self._codes.dtype, count=len(keys))

    @property
    def holds_codes(self) -> bool:
        """Whether the column still holds a code per row (``code_for`` and ``append_codes`` apply)."""
        return self._mode == "codes"

    def code_for(self, values: list[Any], rows: int) -> list[int] | None:
        """The codes of distinct ``values`` (new ones added to the table), for a reader that keeps
        codes by value and appends them with ``append_codes``; None when the column holds no codes
        or the table would grow past what codes are worth for ``rows`` more rows."""
        if self._mode != "codes":
            return None
        codes = self._codes_of(values, rows)
        return None if codes is None else codes.tolist()

    def append_codes(self, codes: np.ndarray) -> None:
        """Append rows by their codes, each one given by ``code_for`` (the column holds codes)."""
        if self._mode != "codes":
            raise ValueError("the column no longer holds codes")
        if len(self._table) > _SMALL and self._codes.dtype != np.int32:
            self._codes = self._codes.astype(np.int32)
        self._codes = self._grown(self._codes, codes.astype(self._codes.dtype, copy=False))
        self._n += len(codes)

    def extend_column(self, other: PackedColumn) -> None:
        """Append another column's values; two coded columns are merged by their codes."""
        if self._mode == "codes" and other._mode == "codes" and other._n:
            remap = self._codes_of(other._table, other._n)
            if remap is not None:
                self._codes = self._grown(self._codes, remap[other._codes[:other._n]])
                self._n += other._n
                return
        if self._mode == other._mode and self._mode in ("ints", "floats") and self._ints.dtype == other._ints.dtype:
            start = self._n
            self._ints = self._grown(self._ints, other._ints[:other._n], start)
            self._blank = self._grown(self._blank, other._blank[:other._n], start)
            self._n += other._n
            return
        self.extend(other.tolist())

    def _leave_codes(self, values: list[Any]) -> None:
        """Too many distinct values for codes: whole numbers go to an int64 array, the rest to a list."""
        held = self.tolist()
        self._codes, self._table, self._index, self._kinds = np.zeros(0, dtype=np.uint16), [], None, set()
        n = self._n
        self._n = 0
        dtype = _dtype(held + values)
        if dtype is not None:
            self._mode = "ints" if dtype is np.int64 else "floats"
            self._ints, self._blank = np.zeros(0, dtype=dtype), np.zeros(0, dtype=bool)
            self._add_ints(held)
            self._n = n
            self._add_ints(values)
        else:
            self._mode = "list"
            self._list = held + values
            self._n = n

    def _add_ints(self, values: list[Any]) -> bool:
        """Append to the number array; False (nothing changed) if a value is not of its type."""
        kinds = set(map(type, values))
        dtype = _dtype(values, kinds)
        if dtype is not None and dtype is not self._ints.dtype.type and any(v is not None for v in values):
            return False
        if dtype is None:
            return False
        if type(None) in kinds:
            blank = np.fromiter(map(_is_none, values), dtype=bool, count=len(values))
            ints = np.array([0 if v is None else v for v in values], dtype=self._ints.dtype)
        else:  # the usual chunk: numpy converts the list in one C loop
            blank = np.zeros(len(values), dtype=bool)
            ints = np.array(values, dtype=self._ints.dtype)
        start = self._n
        self._ints = self._grown(self._ints, ints, start)
        self._blank = self._grown(self._blank, blank, start)
        return True

    def _to_list(self) -> None:
        self._list = self.tolist()
        self._mode = "list"
        self._ints, self._blank = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)

    def _grown(self, array: np.ndarray, more: np.ndarray, start: int | None = None) -> np.ndarray:
        """``array`` holding ``more`` after its first ``start`` (default: the column's length)
        items, with room to spare so that appending chunk after chunk copies little."""
        start = self._n if start is None else start
        end = start + len(more)
        if end > len(array):
            bigger = np.zeros(max(end, int(len(array) * _GROW)), dtype=array.dtype)
            bigger[:start] = array[:start]
            array = bigger
        array[start:end] = more
        return array

    def freeze(self) -> None:
        """Drop what only appending needs (the index of distinct values); ``extend`` rebuilds it."""
        self._index = None
        if self._mode == "codes":
            self._codes = self._codes[:self._n].copy()
        elif self._mode in ("ints", "floats"):
            self._ints, self._blank = self._ints[:self._n].copy(), self._blank[:self._n].copy()

    # -- reading ---------------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return self.tolist()[i]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        if self._mode == "codes":
            return self._table[self._codes[i]]
        if self._mode != "list":
            return None if self._blank[i] else self._ints[i].item()
        return self._list[i]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.tolist())

    def tolist(self) -> list[Any]:
        """Every value, as a new list of the stored objects."""
        return self.take(None)

    def take(self, positions: Sequence[int] | np.ndarray | None) -> list[Any]:
        """The values at ``positions`` (all of them for None), as a list."""
        n = self._n
        if self._mode == "codes":
            codes = self._codes[:n] if positions is None else self._codes[:n][np.asarray(positions, dtype=np.int64)]
            return list(map(self._table.__getitem__, codes.tolist()))
        if self._mode != "list":
            chosen = slice(0, n) if positions is None else np.asarray(positions, dtype=np.int64)
            out: list[Any] = self._ints[:n][chosen].tolist()
            for j in np.flatnonzero(self._blank[:n][chosen]).tolist():
                out[j] = None
            return out
        return list(self._list) if positions is None else list(map(self._list.__getitem__, positions))

    def coded(self, positions: np.ndarray) -> tuple[str, Any, Any]:
        """The values at ``positions`` without a Python object per cell: ``("codes", codes,
        table)`` (the value of row j is ``table[codes[j]]``), ``("numbers", values, blank)``
        (int64 or float64; ``blank`` marks None), or ``("list", values, None)``."""
        n = self._n
        if self._mode == "codes":
            return "codes", self._codes[:n][positions].astype(np.int64), self._table
        if self._mode != "list":
            return "numbers", self._ints[:n][positions], self._blank[:n][positions]
        return "list", list(map(self._list.__getitem__, positions.tolist())), None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedColumn):
            return self.tolist() == other.tolist()
        if isinstance(other, list):
            return self.tolist() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PackedColumn({self.tolist()!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (between the reading processes) as its arrays, trimmed to its length; a list of
        texts (ids, names) as one text, which pickles in a fraction of the time of as many objects."""
        joined = _joined(self._list)
        return (_rebuild, (self._mode, self._n, self._codes[:self._n], self._table, self._ints[:self._n],
                           self._blank[:self._n], self._list if joined is None else [], joined))

    @property
    def nbytes(self) -> int:
        """The bytes of its arrays (not of the distinct values or list items they point to)."""
        return int(self._codes.nbytes + self._ints.nbytes + self._blank.nbytes + 8 * len(self._list)
                   + 8 * len(self._table))


def _joined(items: list[Any]) -> str | None:
    """``items`` as one text, each followed by the next after ``_SEP``; None unless every item is
    a ``str`` without ``_SEP`` in it (then the text splits back into the very same items)."""
    if not items:
        return None
    try:
        text = _SEP.join(items)
    except TypeError:  # an item that is not text
        return None
    return text if text.count(_SEP) == len(items) - 1 else None


def _rebuild(mode: str, n: int, codes: np.ndarray, table: list[Any], ints: np.ndarray, blank: np.ndarray,
             items: list[Any], joined: str | None = None) -> PackedColumn:
    if joined is not None:
        items = joined.split(_SEP)
    column = PackedColumn()
    column._mode, column._n, column._codes, column._table = mode, n, codes, table
    column._index, column._raw = None, True
    column._kinds = set(map(type, table)) - {type(None)}
    column._ints, column._blank, column._list = ints, blank, items
    return column


def _dtype(values: list[Any], kinds: set[type] | None = None) -> Any:
    """int64 when every value is a Python ``int`` (not a bool) that fits it, float64 when every
    value is a ``float``, blanks allowed either way; None otherwise. ``kinds``: the types of
    ``values``, when known."""
    kinds = set(map(type, values)) if kinds is None else kinds
    if kinds == _FLOAT or kinds == _FLOAT_OR_NONE:
        return np.float64
    if not kinds <= _INT_OR_NONE:
        return None
    numbers = values if type(None) not in kinds else [v for v in values if v is not None]
    return np.int64 if not numbers or (-(2**63) <= min(numbers) and max(numbers) < 2**63) else None
