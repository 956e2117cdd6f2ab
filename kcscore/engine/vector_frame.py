"""Typed columns from typed applicant records, for the vectorised evaluator.

``build_frame`` turns records (``kcscore.applicant.read_record`` output) into a DataFrame of the
fields the conditions read: numbers as float64 with NaN for blank, booleans as pandas' nullable
``boolean``, enums as ``category`` (declared values first), text and dates as ``object``.

An integer column holding a value of magnitude 2**53 or more stays ``object`` (exact Python ints):
float64 would round it. A cell of the wrong type (a string in a number field, NaN or infinity, a
bool where a number is due) is not guessed at: its row is returned as an error, as the
durable-rules backend refuses such a fact.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from kcscore.engine.vector_columns import EXACT_BELOW, bad_cell
from kcscore.expr.types import NUMERIC_KINDS, FieldType


def _numeric_column(name: str, values: list[Any], errors: dict[int, str]) -> Any:
    types = set(map(type, values))
    if types <= {int, float, type(None)}:
        try:
            array = np.array(values, dtype=np.float64)
        except OverflowError:  # an int beyond float range: keep it exact
            array = None
        if array is not None:
            # NaN here is a blank, unless a float cell held NaN or infinity: count to be sure
            finite = np.isfinite(array)
            if float not in types or int(np.count_nonzero(~finite)) == values.count(None):
                if int in types and finite.any() and np.abs(array[finite]).max() >= EXACT_BELOW:
                    return pd.Series(values, dtype=object)  # float64 would round these ints
                return array
    out: list[Any] = []
    exact = True
    for row, value in enumerate(values):
        if value is None:
            out.append(None)
        elif isinstance(value, int) and not isinstance(value, bool):
            out.append(int(value))
            exact = exact and abs(value) < EXACT_BELOW
        elif isinstance(value, float) and math.isfinite(value):
            out.append(float(value))
        else:
            bad_cell(errors, row, name, value)
            out.append(None)
    if exact:
        return np.array(out, dtype=np.float64)
    return pd.Series(out, dtype=object)


def _boolean_column(name: str, values: list[Any], errors: dict[int, str]) -> Any:
    coding = {True: 2, False: 0, None: 1}
    if not set(map(type, values)) <= {bool, type(None)}:
        values = list(values)
        for row, value in enumerate(values):
            if value is not None and type(value) is not bool:
                bad_cell(errors, row, name, value)
                values[row] = None
    codes = np.fromiter(map(coding.__getitem__, values), dtype=np.uint8, count=len(values))
    return pd.arrays.BooleanArray(codes == 2, codes == 1)


def _text_column(name: str, values: list[Any], errors: dict[int, str], spec: FieldType) -> Any:
    if not set(map(type, values)) <= {str, type(None)}:
        values = list(values)
        for row, value in enumerate(values):
            if value is not None and not isinstance(value, str):
                bad_cell(errors, row, name, value)
                values[row] = None
    if spec.kind != "enum":
        return pd.Series(values, dtype=object)
    categories = list(spec.values)
    coding: dict[str | None, int] = {value: code for code, value in enumerate(categories)}
    coding[None] = -1
    for value in set(values) - coding.keys():  # kept, so "zzz" == "a" stays false, not unknown
        coding[value] = len(categories)
        categories.append(value)
    codes = np.fromiter(map(coding.__getitem__, values), dtype=np.int32, count=len(values))
    return pd.Categorical.from_codes(codes, categories=categories)


def build_frame(records: Sequence[Mapping[str, Any]], field_types: Mapping[str, FieldType]
                ) -> tuple[pd.DataFrame, dict[int, str]]:
    """The typed columns of ``records`` for the given fields, and the rows with unreadable cells."""
    columns = {name: [record.get(name) for record in records] for name in field_types}
    return frame_from_columns(columns, field_types, len(records))


def frame_from_columns(columns: Mapping[str, list[Any]], field_types: Mapping[str, FieldType], size: int
                       ) -> tuple[pd.DataFrame, dict[int, str]]:
    """The same frame from values already held column by column (large lists read as columns)."""
    errors: dict[int, str] = {}
    data: dict[str, Any] = {}
    for name, spec in field_types.items():
        values = columns.get(name)
        if values is None:
            values = [None] * size
        if spec.kind in NUMERIC_KINDS:
            data[name] = _numeric_column(name, values, errors)
        elif spec.kind == "boolean":
            data[name] = _boolean_column(name, values, errors)
        elif spec.kind in ("enum", "text"):
            data[name] = _text_column(name, values, errors, spec)
        else:
            data[name] = pd.Series(values, dtype=object)
    frame = pd.DataFrame(data, index=pd.RangeIndex(size))
    return frame, errors
