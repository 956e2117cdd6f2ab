"""The compiled conditions' columns read straight from coded arrays, without a DataFrame.

A large list is held column by column as a code per row and each distinct value once, or as a
number array with a mask of blanks (``batch.packed``). Building a pandas frame from it meant a
Python list per column and slice and a pass over every cell; here each distinct value is read
once, with the very rules ``vector_frame.frame_from_columns`` and ``FrameColumns`` apply to a cell,
and the result is spread to the rows by their codes. The answers are therefore those of the frame,
and the large-list path imports no pandas.

A column these rules do not cover plainly (a value of the wrong type, a NaN, a bool in a number
field: what ``frame_from_columns`` reports as a bad cell) is read the frame's way, through
``FrameColumns``, so that its cells are reported exactly as before.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

import numpy as np

from kcscore.engine.vector_columns import (EXACT_BELOW, FoldedText, NumColumn, TextColumn, TruthColumn,
                                           folded_text, python_value)
from kcscore.expr.types import NUMERIC_KINDS, FieldType


@dataclass
class Coded:
    """A column as a code per row into ``table`` (its distinct values, None for a blank)."""

    codes: np.ndarray  # int64
    table: Sequence[Any]
    memo: dict[str, Any] = field(default_factory=dict)  # what was read of ``table``, kept while it is shared


@dataclass
class Numbers:
    """A column of Python ints (int64 array) or floats (float64 array), ``blank`` where empty."""

    values: np.ndarray
    blank: np.ndarray  # bool


Column = Union[Coded, Numbers]


def listed(values: Sequence[Any]) -> Coded:
    """A plain list of values as a column coded by position (no value is merged with another)."""
    return Coded(np.arange(len(values), dtype=np.int64), values)


class _Fallback(Exception):
    """This column holds something the plain rules do not cover: read it as a frame does."""


class ArrayColumns:
    """``FrameColumns``' interface (``num``, ``truth``, ``text``, ``date``, ``folded``,
    ``python_record``, ``errors``) over ``Coded`` and ``Numbers`` columns of ``n`` rows; a field
    with no column is blank for every row, as in a frame built from records."""

    def __init__(self, columns: Mapping[str, Column], field_types: Mapping[str, FieldType], n: int) -> None:
        self.columns = columns
        self.types = field_types
        self.n = n
        self._cache: dict[tuple[str, str], Any] = {}
        self._python: dict[str, Any] = {}  # field -> how a row's exact value is read (``python_value``)
        self._frames: dict[str, Any] = {}  # field -> FrameColumns of that one field, for a fallback
        self._errors: dict[int, str] = {}

    @property
    def errors(self) -> dict[int, str]:
        """Rows with a cell of the wrong type: only a column read the frame's way can have one."""
        errors = dict(self._errors)
        for columns in self._frames.values():
            for row, text in columns.errors.items():
                errors.setdefault(row, text)
        return errors

    def _column(self, name: str) -> Column:
        column = self.columns.get(name)
        return column if column is not None else Coded(np.zeros(self.n, dtype=np.int64), [None])

    def _cached(self, kind: str, name: str, build: Any) -> Any:
        key = (kind, name)
        if key not in self._cache:
            try:
                self._cache[key] = build(name)
            except _Fallback:
                self._cache[key] = getattr(self._frame(name), kind)(name)
        return self._cache[key]

    def _frame(self, name: str) -> Any:
        """The field read the frame's way (imports pandas; only for a column the rules below refuse)."""
        if name not in self._frames:
            from kcscore.engine.vector_columns import FrameColumns
            from kcscore.engine.vector_frame import frame_from_columns

            frame, errors = frame_from_columns({name: self._values(name)}, {name: self.types[name]}, self.n)
            columns = FrameColumns(frame, {name: self.types[name]})
            for row, text in errors.items():
                self._errors.setdefault(row, text)
            self._frames[name] = columns
            self._python[name] = ("frame", columns)
        return self._frames[name]

    def _values(self, name: str) -> list[Any]:
        column = self._column(name)
        if isinstance(column, Coded):
            return [column.table[c] for c in column.codes.tolist()]
        values: list[Any] = column.values.tolist()
        for j in np.flatnonzero(column.blank).tolist():
            values[j] = None
        return values

    def _kind(self, name: str, *kinds: str) -> None:
        spec = self.types.get(name)
        if spec is None or not (spec.kind in kinds or ("numeric" in kinds and spec.kind in NUMERIC_KINDS)):
            raise _Fallback  # read as the frame reads a field of this kind

    # numbers ----------------------------------------------------------------------------------
    def num(self, name: str) -> NumColumn:
        return self._cached("num", name, self._num)

    def _num(self, name: str) -> NumColumn:
        """``_numeric_column`` then ``FrameColumns.num``: a float64 column (NaN blank) unless an int
        reaches 2**53, when the exact values are kept and such rows are risky."""
        self._kind(name, "numeric")
        column = self._column(name)
        if isinstance(column, Numbers):
            known = ~column.blank
            if column.values.dtype.kind == "f":
                if not np.isfinite(column.values[known]).all():
                    raise _Fallback
                values = np.where(known, column.values, np.nan)
                risky = known & (np.abs(values) >= EXACT_BELOW)
                self._python[name] = ("float", column)
                return NumColumn(values, known, risky if risky.any() else None)
            big = known & ((column.values >= EXACT_BELOW) | (column.values <= -EXACT_BELOW))
            if big.any():  # kept exact: the big rows are left to the reference evaluator
                self._python[name] = ("exact", column)
                return NumColumn(np.where(big, 0.0, column.values.astype(np.float64)), known, big)
            self._python[name] = ("float", column)
            return NumColumn(np.where(known, column.values.astype(np.float64), np.nan), known, None)
        types, values = _numbers_of(column)
        codes = column.codes
        held = types[codes]
        present = np.bincount(held, minlength=4) > 0
        if present[_OTHER]:
            raise _Fallback
        known = held != _BLANK
        big = ~(np.abs(values) < EXACT_BELOW) & (types != _BLANK)
        exact = bool(present[_INT]) and bool(big[codes].any())
        self._python[name] = ("exact" if exact else "float", column)
        if exact:  # ints kept exact, as a frame's object column: a big int reads 0.0 and is risky
            values = np.where((big & (types == _INT)) | (types == _BLANK), 0.0, values)
        risky = big[codes]
        return NumColumn(values[codes], known, risky if risky.any() else None)

    # booleans ---------------------------------------------------------------------------------
    def truth(self, name: str) -> TruthColumn:
        return self._cached("truth", name, self._truth)

    def _truth(self, name: str) -> TruthColumn:
        self._kind(name, "boolean")
        column = self._column(name)
        if not isinstance(column, Coded) or not {type(v) for v in _used(column)} <= {bool, type(None)}:
            raise _Fallback
        table = np.array([2 if v is True else 0 if v is False else 1 for v in column.table], dtype=np.uint8)
        self._python[name] = ("exact", column)
        return TruthColumn(table[column.codes])

    # strings ----------------------------------------------------------------------------------
    def text(self, name: str) -> TextColumn:
        return self._cached("text", name, self._text)

    def _text(self, name: str) -> TextColumn:
        """The distinct strings as categories and the rows' codes into them (-1 blank): what an
        enum column of a frame gives, and the same answers as a column of Python strings."""
        self._kind(name, "enum", "text")
        column = self._column(name)
        if not isinstance(column, Coded) or not {type(v) for v in _used(column)} <= {str, type(None)}:
            raise _Fallback
        categories = [v for v in column.table if isinstance(v, str)]
        recode = np.full(len(column.table) + 1, -1, dtype=np.int64)
        at = 0
        for code, v in enumerate(column.table):
            if isinstance(v, str):
                recode[code] = at
                at += 1
        codes = recode[column.codes]
        self._python[name] = ("exact", column)
        return TextColumn(codes >= 0, codes=codes, categories=categories)  # type: ignore[arg-type]

    # dates ------------------------------------------------------------------------------------
    def date(self, name: str) -> NumColumn:
        return self._cached("date", name, self._date)

    def _date(self, name: str) -> NumColumn:
        self._kind(name, "date")
        column = self._column(name)
        if not isinstance(column, Coded):
            raise _Fallback
        bad, values, known = _days_of(column)
        codes = column.codes
        if bad[codes].any():
            raise _Fallback
        self._python[name] = ("exact", column)
        return NumColumn(values[codes], known[codes], None)

    # folded text, for contains ----------------------------------------------------------------
    def folded(self, name: str) -> tuple[np.ndarray, FoldedText]:
        return self._cached("folded", name, lambda name: folded_text(self.text(name)))

    # the exact Python values, for rows the reference evaluator decides ------------------------
    def python_value(self, name: str, row: int) -> Any:
        spec = self.types.get(name)
        if name not in self._python and spec is not None and spec.kind in NUMERIC_KINDS:
            self.num(name)  # how the frame would have held it: as float64 or exactly
        how, source = self._python.get(name, ("exact", None))
        if how == "frame":
            return source.python_value(name, row)
        column = self._column(name) if source is None else source
        if isinstance(column, Numbers):
            value = None if column.blank[row] else column.values[row].item()
        else:
            value = column.table[int(column.codes[row])]
        if how == "float" and value is not None:
            value = float(value)  # the frame held it as float64
        return python_value(value, spec)

    def python_record(self, row: int, names: Sequence[str]) -> dict[str, Any]:
        return {name: self.python_value(name, row) for name in names}


_BLANK, _INT, _FLOAT, _OTHER = 0, 1, 2, 3  # what a table value is, for ``_num``


def _numbers_of(column: Coded) -> tuple[np.ndarray, np.ndarray]:
    """For each table value: what it is (``_BLANK``, ``_INT``, ``_FLOAT`` finite, ``_OTHER``: a
    bool, a text, NaN or infinity) and its float64 value (NaN for a blank or other; infinity for
    an int past float range). Read once per table, however many slices share it."""
    found = column.memo.get("num")
    if found is None:
        size = len(column.table)
        types = np.full(size, _OTHER, dtype=np.int8)
        values = np.full(size, np.nan)
        for code, v in enumerate(column.table):
            kind = type(v)
            if v is None:
                types[code] = _BLANK
            elif kind is int:
                types[code] = _INT
                try:
                    values[code] = float(v)
                except OverflowError:
                    values[code] = math.inf
            elif kind is float and math.isfinite(v):
                types[code], values[code] = _FLOAT, v
        found = column.memo["num"] = (types, values)
    return found


def _days_of(column: Coded) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each table value: whether it is not a date (a datetime, a text...), its day number, and
    whether it is known (a date). Read once per table."""
    found = column.memo.get("date")
    if found is None:
        size = len(column.table)
        bad, values, known = np.zeros(size, dtype=bool), np.zeros(size), np.zeros(size, dtype=bool)
        for code, v in enumerate(column.table):
            if v is None:
                continue
            if isinstance(v, dt.datetime) or not isinstance(v, dt.date):
                bad[code] = True
                continue
            values[code], known[code] = float(v.toordinal()), True
        found = column.memo["date"] = (bad, values, known)
    return found


def _used(column: Coded) -> list[Any]:
    """The distinct values some row of ``column`` holds (the table may hold others)."""
    if len(column.codes) == 0:
        return []
    present = np.bincount(column.codes, minlength=len(column.table)) > 0
    return [column.table[code] for code in np.flatnonzero(present).tolist()]
