"""Per-row results of a large list held as arrays, read like the dicts and lists they replace.

A Python dict entry or tuple per row costs a hundred bytes or more; at a million rows the rank,
the funding flag and the support figures of every row came to hundreds of megabytes. Here each
is one numpy array (or a few), and reading one row builds its Python value on demand.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np


class ArrayMap(Mapping[int, Any]):
    """Row index -> value, for the rows whose entry is not ``absent``; ``convert`` makes the
    Python value (``int`` for a rank, ``bool`` for a funding flag)."""

    def __init__(self, array: np.ndarray, absent: int, convert: type = int) -> None:
        self.array, self.absent, self.convert = array, absent, convert

    @classmethod
    def of(cls, items: dict[int, Any], size: int, absent: int, dtype: Any, convert: type = int) -> ArrayMap:
        array = np.full(size, absent, dtype=dtype)
        if items:
            array[np.fromiter(items.keys(), dtype=np.int64, count=len(items))] = list(items.values())
        return cls(array, absent, convert)

    def __getitem__(self, k: int) -> Any:
        if not 0 <= k < len(self.array):
            raise KeyError(k)
        value = self.array[k]
        if value == self.absent:
            raise KeyError(k)
        return self.convert(value)

    def __contains__(self, k: object) -> bool:
        return isinstance(k, (int, np.integer)) and 0 <= k < len(self.array) and self.array[k] != self.absent

    def __iter__(self) -> Iterator[int]:
        return iter(np.flatnonzero(self.array != self.absent).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self.array != self.absent))

    def count(self, value: Any) -> int:
        """How many rows hold ``value``."""
        return int(np.count_nonzero(self.array == value))


class Figures(Sequence[Any]):
    """Each row's support figures ``(shared, amount, requested, cost, share amount, set by)`` or
    None; ``shared`` is one dict for all the rows of a rule under one period of its values."""

    def __init__(self, rows: Sequence[tuple[dict[str, Any], int, int, int, int, str] | None]) -> None:
        self.plain: list[Any] | None = None  # the rows as given, when a figure does not fit int64
        try:
            self._pack(rows)
        except OverflowError:
            self.plain = list(rows)

    @classmethod
    def empty(cls, n: int) -> Figures:
        """``n`` rows without figures, to ``put`` them in one by one."""
        return cls([None] * n)

    def put(self, k: int, figures: tuple[dict[str, Any], int, int, int, int, str]) -> None:
        """Row ``k``'s figures; held as given from then on if a number does not fit int64."""
        if self.plain is None:
            base, value, requested, cost, share_amount, set_by = figures
            try:
                self.numbers[k] = (value, requested, cost, share_amount)
            except OverflowError:
                self.plain = [self[i] for i in range(len(self))]
            else:
                which = self._shared_at.get(id(base))
                if which is None:
                    which = self._shared_at[id(base)] = len(self.shared)
                    self.shared.append(base)
                how = self._set_by_at.get(set_by)
                if how is None:
                    how = self._set_by_at[set_by] = len(self.set_by)
                    self.set_by.append(set_by)
                self.which[k], self.how[k] = which, how
                return
        self.plain[k] = figures  # type: ignore[index]

    def _pack(self, rows: Sequence[tuple[dict[str, Any], int, int, int, int, str] | None]) -> None:
        n = len(rows)
        self.shared: list[dict[str, Any]] = []
        self.set_by: list[str] = []
        self._shared_at: dict[int, int] = {}  # id of a shared dict (held in ``shared``) -> its index
        self._set_by_at: dict[str, int] = {}
        shared_at, set_by_at = self._shared_at, self._set_by_at
        self.which = np.full(n, -1, dtype=np.int32)
        self.how = np.zeros(n, dtype=np.int8)
        self.numbers = np.zeros((n, 4), dtype=np.int64)  # amount, requested, cost, share amount
        held = [k for k, row in enumerate(rows) if row is not None]
        for k in held:
            base, value, requested, cost, share_amount, set_by = rows[k]  # type: ignore[misc]
            if id(base) not in shared_at:
                shared_at[id(base)] = len(self.shared)
                self.shared.append(base)
            if set_by not in set_by_at:
                set_by_at[set_by] = len(self.set_by)
                self.set_by.append(set_by)
            self.which[k] = shared_at[id(base)]
            self.how[k] = set_by_at[set_by]
            self.numbers[k] = (value, requested, cost, share_amount)

    def __len__(self) -> int:
        return len(self.which) if self.plain is None else len(self.plain)

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if self.plain is not None:
            return self.plain[k]
        which = int(self.which[k])
        if which < 0:
            return None
        value, requested, cost, share_amount = self.numbers[k].tolist()
        return self.shared[which], value, requested, cost, share_amount, self.set_by[int(self.how[k])]

    def put_many(self, rows: np.ndarray, bases: Sequence[dict[str, Any] | None], base_of: np.ndarray,
                 set_by: Sequence[str], how_of: np.ndarray, numbers: np.ndarray) -> None:
        """``put`` for many rows at once: row ``rows[j]`` gets ``bases[base_of[j]]``,
        ``set_by[how_of[j]]`` and ``numbers[j]`` (amount, requested, cost, share amount; int64)."""
        if self.plain is not None:
            for j, k in enumerate(rows.tolist()):
                value, requested, cost, share_amount = numbers[j].tolist()
                self.put(k, (bases[int(base_of[j])], value, requested, cost, share_amount, set_by[int(how_of[j])]))  # type: ignore[arg-type]
            return
        base_at = np.full(len(bases), -1, dtype=np.int32)
        for b in np.unique(base_of).tolist():
            base = bases[b]
            which = self._shared_at.get(id(base))
            if which is None:
                which = self._shared_at[id(base)] = len(self.shared)
                self.shared.append(base)  # type: ignore[arg-type]
            base_at[b] = which
        how_at = np.zeros(len(set_by), dtype=np.int8)
        for h in np.unique(how_of).tolist():
            name = set_by[h]
            how = self._set_by_at.get(name)
            if how is None:
                how = self._set_by_at[name] = len(self.set_by)
                self.set_by.append(name)
            how_at[h] = how
        self.which[rows] = base_at[base_of]
        self.how[rows] = how_at[how_of]
        self.numbers[rows] = numbers

    def amounts(self, rows: np.ndarray) -> list[int]:
        """The recommended amount of each of ``rows`` (0 for a row without figures), as ints."""
        if self.plain is not None:
            return [0 if self.plain[k] is None else int(self.plain[k][1]) for k in rows.tolist()]
        return np.where(self.which[rows] >= 0, self.numbers[rows, 0], 0).tolist()

    def take(self, kept: np.ndarray) -> Figures:
        """The figures of rows ``kept``, in that order."""
        out = Figures([])
        if self.plain is not None:
            out.plain = [self.plain[k] for k in kept.tolist()]
            return out
        out.shared, out.set_by, out._shared_at, out._set_by_at = self.shared, self.set_by, self._shared_at, self._set_by_at
        out.which, out.how, out.numbers = self.which[kept], self.how[kept], self.numbers[kept]
        return out
