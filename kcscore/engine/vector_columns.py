"""Read a DataFrame of applicant columns into the arrays compiled conditions work on.

``FrameColumns`` accepts the frame ``vector_frame.build_frame`` makes and any reasonable frame a
caller built itself (nullable ``Int64``/``Float64``, int8 booleans with -1 for blank, ``str`` or
``object`` text, ``category``), and gives per field: values, a *known* mask and a *risky* mask.
A column absent from the frame is blank for every row.

Exactness. float64 holds every integer of magnitude below 2**53 (about 9.007e15) exactly, so for
such values numpy's comparisons and arithmetic give exactly Python's answers (IEEE operations are
correctly rounded, and Python converts int to float the same way). Money stays far below that
bound (about 1e13 at most); a larger value makes its row *risky*, and the evaluator decides that
row with the reference evaluator on the exact value (``python_value``). A value is never silently
rounded.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from kcscore.expr.textmatch import fold
from kcscore.expr.types import NUMERIC_KINDS, FieldType

if TYPE_CHECKING:
    import pandas as pd

EXACT_BELOW = 2**53  # float64 represents every integer of smaller magnitude exactly


def bad_cell(errors: dict[int, str], row: int, name: str, value: Any) -> None:
    errors.setdefault(row, f"field {name} holds {value!r}, which conditions cannot read")


@dataclass
class NumColumn:
    values: np.ndarray  # float64; meaningless where not known
    known: np.ndarray  # bool
    risky: np.ndarray | None  # bool: rows whose float64 value may not be the exact Python value


@dataclass
class TruthColumn:
    codes: np.ndarray  # uint8: 0 false, 1 unknown, 2 true (Kleene order, so and = min, or = max)
    risky: np.ndarray | None = None


class TextColumn:
    """Strings, with category codes when the frame had them (enum equality is then integer work)."""

    def __init__(self, known: np.ndarray, objects: np.ndarray | None = None,
                 codes: np.ndarray | None = None, categories: pd.Index | None = None) -> None:
        self.known = known
        self._objects = objects
        self.codes = codes
        self.categories = categories

    @cached_property
    def position(self) -> dict[str, int]:
        """Category -> code (a dict: ``Index.get_indexer`` costs more than a small batch)."""
        assert self.categories is not None
        return {value: code for code, value in enumerate(self.categories)}

    @cached_property
    def objects(self) -> np.ndarray:
        """Every value as a Python string; "" where blank (masked by ``known``)."""
        if self._objects is not None:
            return self._objects
        assert self.codes is not None and self.categories is not None
        table = np.array([*self.categories, ""], dtype=object)
        return table[self.codes]  # code -1 picks the trailing ""


class FoldedText:
    """A folded text column as its distinct values and a code per row: ``contains`` searches each
    distinct value once, however many rows hold it."""

    _SEP = "\x00"  # joins the distinct values for one search per pattern; a pattern holding it is searched value by value

    def __init__(self, codes: np.ndarray, table: list[str]) -> None:
        self.codes, self.table = codes, table

    def __len__(self) -> int:
        return len(self.codes)

    def nonblank(self) -> np.ndarray:
        """Rows whose folded text is not empty."""
        return np.array([bool(value) for value in self.table], dtype=bool)[self.codes] if self.table \
            else np.zeros(len(self.codes), dtype=bool)

    @cached_property
    def _joined(self) -> tuple[str, list[int]]:
        starts, at = [], 0
        for value in self.table:
            starts.append(at)
            at += len(value) + 1
        return self._SEP.join(self.table), starts

    def contains(self, pattern: str) -> np.ndarray:
        """Rows whose folded text holds ``pattern`` (plain substring, as Python's ``in``)."""
        if not self.table:
            return np.zeros(len(self.codes), dtype=bool)
        return self._holding(pattern)[self.codes]

    def _holding(self, pattern: str) -> np.ndarray:
        """For each distinct value, whether it holds ``pattern``. One ``find`` per distinct value
        that holds it, over the values joined by a separator no match can cross."""
        if not pattern or self._SEP in pattern:
            return np.array([pattern in value for value in self.table], dtype=bool)
        joined, starts = self._joined
        found = np.zeros(len(self.table), dtype=bool)
        at = joined.find(pattern)
        while at >= 0:
            which = bisect.bisect_right(starts, at) - 1
            found[which] = True
            if which + 1 >= len(starts):
                break
            at = joined.find(pattern, starts[which + 1])
        return found


def _is_blank(value: Any) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    pandas = sys.modules.get("pandas")  # pandas' NA exists only once pandas is imported
    return pandas is not None and value is pandas.NA


class FrameColumns:
    """Normalised, cached views of a frame's columns; a column absent from the frame is all blank."""

    def __init__(self, frame: pd.DataFrame, field_types: Mapping[str, FieldType]) -> None:
        self.frame = frame
        self.types = field_types
        self.n = len(frame.index)
        self.errors: dict[int, str] = {}
        self._cache: dict[tuple[str, str], Any] = {}

    def _series(self, name: str) -> pd.Series | None:
        import pandas as pd

        if name not in self.frame.columns:
            return None
        column = self.frame[name]
        if isinstance(column, pd.DataFrame):
            raise ValueError(f"the frame has more than one column named {name}")
        return column

    def _cached(self, kind: str, name: str, build: Any) -> Any:
        key = (kind, name)
        if key not in self._cache:
            self._cache[key] = build(name)
        return self._cache[key]

    # numbers ----------------------------------------------------------------------------------
    def num(self, name: str) -> NumColumn:
        return self._cached("num", name, self._num)

    def _num(self, name: str) -> NumColumn:
        import pandas as pd

        series = self._series(name)
        n = self.n
        if series is None:
            return NumColumn(np.zeros(n), np.zeros(n, dtype=bool), None)
        dtype = series.dtype
        if isinstance(dtype, np.dtype) and dtype.kind == "f":
            values = series.to_numpy(dtype=np.float64)
            known = ~np.isnan(values)
            risky = known & (np.abs(values) >= EXACT_BELOW)  # also infinities
            return NumColumn(values, known, risky if risky.any() else None)
        if isinstance(dtype, np.dtype) and dtype.kind in "iub":
            ints = series.to_numpy()
            return self._from_ints(ints, np.ones(n, dtype=bool))
        if isinstance(dtype, pd.api.extensions.ExtensionDtype) and getattr(dtype, "kind", "O") in "iubf" \
                and not isinstance(dtype, pd.CategoricalDtype):
            known = ~series.isna().to_numpy()
            if dtype.kind == "f":
                values = series.to_numpy(dtype=np.float64, na_value=0.0)
                risky = known & (np.abs(values) >= EXACT_BELOW)
                return NumColumn(values, known, risky if risky.any() else None)
            fill = False if dtype.kind == "b" else 0
            return self._from_ints(series.to_numpy(dtype=np.dtype(dtype.numpy_dtype), na_value=fill), known)
        return self._num_objects(name, series.to_numpy(dtype=object))

    @staticmethod
    def _from_ints(ints: np.ndarray, known: np.ndarray) -> NumColumn:
        if ints.dtype.kind == "b":
            return NumColumn(ints.astype(np.float64), known, None)
        risky = known & ((ints >= EXACT_BELOW) | (ints <= -EXACT_BELOW))
        return NumColumn(ints.astype(np.float64), known, risky if risky.any() else None)

    def _num_objects(self, name: str, objects: np.ndarray) -> NumColumn:
        n = len(objects)
        values = np.zeros(n)
        known = np.zeros(n, dtype=bool)
        risky = np.zeros(n, dtype=bool)
        for row, value in enumerate(objects):
            if _is_blank(value):
                continue
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
                bad_cell(self.errors, row, name, value)
                continue
            known[row] = True
            if isinstance(value, (int, np.integer)):
                if abs(int(value)) >= EXACT_BELOW:
                    risky[row] = True
                    continue
                values[row] = float(value)
            else:
                values[row] = float(value)
                risky[row] = abs(values[row]) >= EXACT_BELOW
        return NumColumn(values, known, risky if risky.any() else None)

    # booleans ---------------------------------------------------------------------------------
    def truth(self, name: str) -> TruthColumn:
        return self._cached("truth", name, self._truth)

    def _truth(self, name: str) -> TruthColumn:
        import pandas as pd

        series = self._series(name)
        n = self.n
        if series is None:
            return TruthColumn(np.ones(n, dtype=np.uint8))
        dtype = series.dtype
        if isinstance(dtype, np.dtype) and dtype.kind == "b":
            return TruthColumn(series.to_numpy().astype(np.uint8) * 2)
        if isinstance(dtype, pd.BooleanDtype):
            blank = series.isna().to_numpy()
            true = series.to_numpy(dtype=bool, na_value=False)
            return TruthColumn((true.view(np.uint8) << 1) | blank.view(np.uint8))
        if isinstance(dtype, np.dtype) and dtype.kind in "iu":
            # integer coding: 1 true, 0 false, -1 blank
            ints = series.to_numpy()
            odd = (ints != 0) & (ints != 1) & (ints != -1)
            for row in np.flatnonzero(odd):
                bad_cell(self.errors, int(row), name, ints[row])
            codes = np.where(ints == 1, 2, np.where(ints == 0, 0, 1)).astype(np.uint8)
            return TruthColumn(codes)
        if isinstance(dtype, np.dtype) and dtype.kind == "f":
            values = series.to_numpy()
            odd = ~np.isnan(values) & (values != 0) & (values != 1)
            for row in np.flatnonzero(odd):
                bad_cell(self.errors, int(row), name, values[row])
            return TruthColumn(np.where(values == 1, 2, np.where(values == 0, 0, 1)).astype(np.uint8))
        codes = np.ones(n, dtype=np.uint8)
        for row, value in enumerate(series.to_numpy(dtype=object)):
            if _is_blank(value):
                continue
            if isinstance(value, (bool, np.bool_)):
                codes[row] = 2 if value else 0
            else:
                bad_cell(self.errors, row, name, value)
        return TruthColumn(codes)

    # strings ----------------------------------------------------------------------------------
    def text(self, name: str) -> TextColumn:
        return self._cached("text", name, self._text)

    def _text(self, name: str) -> TextColumn:
        import pandas as pd

        series = self._series(name)
        n = self.n
        if series is None:
            return TextColumn(np.zeros(n, dtype=bool), objects=np.full(n, "", dtype=object))
        dtype = series.dtype
        if isinstance(dtype, pd.CategoricalDtype) and all(isinstance(c, str) for c in dtype.categories):
            codes = series.cat.codes.to_numpy()
            return TextColumn(codes >= 0, codes=codes, categories=dtype.categories)
        objects = series.to_numpy(dtype=object).copy()
        known = np.ones(n, dtype=bool)
        for row, value in enumerate(objects):
            if isinstance(value, str):
                continue
            known[row] = False
            objects[row] = ""
            if not _is_blank(value):
                bad_cell(self.errors, row, name, value)
        return TextColumn(known, objects=objects)

    # dates -----------------------------------------------------------------------------------
    def date(self, name: str) -> NumColumn:
        """Ordinal day numbers (``date.toordinal``), from ``datetime.date`` cells or a datetime64 column."""
        return self._cached("date", name, self._date)

    def _date(self, name: str) -> NumColumn:
        import pandas as pd

        series = self._series(name)
        n = self.n
        values = np.zeros(n)
        known = np.zeros(n, dtype=bool)
        if series is None:
            return NumColumn(values, known, None)
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            series = series.dt.date.astype(object).where(series.notna(), None)
        for row, value in enumerate(series.to_numpy(dtype=object)):
            if _is_blank(value) or value is pd.NaT:
                continue
            if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
                bad_cell(self.errors, row, name, value)
                continue
            values[row] = float(value.toordinal())
            known[row] = True
        return NumColumn(values, known, None)

    # folded text, for contains ----------------------------------------------------------------
    def folded(self, name: str) -> tuple[np.ndarray, FoldedText]:
        """A text column folded once by ``textmatch.fold``, and where it is known (not blank, not
        only whitespace): what ``contains`` searches."""
        return self._cached("folded", name, self._folded)

    def _folded(self, name: str) -> tuple[np.ndarray, FoldedText]:
        return folded_text(self.text(name))

    # the exact Python values, for rows the reference evaluator decides ------------------------
    def python_value(self, name: str, row: int) -> Any:
        series = self._series(name)
        if series is None:
            return None
        return python_value(series.iloc[row], self.types.get(name))

    def python_record(self, row: int, names: Sequence[str]) -> dict[str, Any]:
        return {name: self.python_value(name, row) for name in names}


def folded_text(column: TextColumn) -> tuple[np.ndarray, FoldedText]:
    """A text column folded by ``textmatch.fold``, each distinct value once, and where it is known
    (not blank, not only whitespace): what ``contains`` searches."""
    if column.codes is not None:  # categories: fold each distinct value once
        table = [fold(c) for c in column.categories] + [""]  # type: ignore[union-attr]
        codes = np.asarray(column.codes, dtype=np.int64)
        codes = np.where(codes < 0, len(table) - 1, codes)
    else:
        position: dict[Any, int] = {}
        codes = np.fromiter((position.setdefault(value, len(position)) for value in column.objects.tolist()),
                            dtype=np.int64, count=len(column.objects))
        table = [fold(value) for value in position]
    text = FoldedText(codes, table)
    return np.asarray(column.known, dtype=bool) & text.nonblank(), text


def python_value(value: Any, spec: FieldType | None) -> Any:
    """A cell as the reference evaluator reads it: None for a blank, numpy scalars as Python
    values, an integral field's whole float as an int, an integer-coded boolean as a bool."""
    if _is_blank(value):
        return None
    kind = spec.kind if spec is not None else ""
    if isinstance(value, np.generic):
        value = value.item()
    if kind in NUMERIC_KINDS and isinstance(value, float) and spec is not None and spec.integral \
            and value.is_integer():
        return int(value)  # an integral field's typed value is an int
    if kind == "boolean" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return None if value == -1 else bool(value)  # integer (or float) coded booleans
    return value
