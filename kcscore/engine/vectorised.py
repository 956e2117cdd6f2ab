"""Evaluate a pack's conditions for many applicants at once, over numpy/pandas columns.

For large batches the per-applicant engine is the bottleneck; here every condition is one series
of column operations over all applicants (``vector_compile``), on typed columns (``vector_frame``
builds them from records, ``vector_columns`` reads them). The answers are exactly those of the
reference evaluator (``kcscore.expr.evaluate``), which ``tests/engine/test_agreement.py`` checks,
together with durable-rules, on applicants generated around every threshold of the default pack
and of generated packs.

Exactness bound: numbers are compared and computed in float64, which is exact for integers of
magnitude below 2**53 (~9.007e15 đồng, about 900 times the largest money amount a facility
states). A row holding a larger value, or whose arithmetic reaches that magnitude, is evaluated
by the reference evaluator instead, on the exact values (``build_frame`` keeps such columns as
Python ints), so nothing is ever silently rounded.

pandas is imported only to read a frame (``truth_matrix``, records): the large-list path reads
coded arrays (``truth_matrix_of``, ``vector_arrays``) and the single-proposal path never imports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from kcscore.engine.base import EngineError, Record, Truth
from kcscore.engine.vector_compile import Compiler, Context
from kcscore.expr import ast as A
from kcscore.expr.evaluate import truth as reference_truth
from kcscore.expr.types import FieldType

if TYPE_CHECKING:
    import pandas as pd

    from kcscore.engine.vector_arrays import ArrayColumns
    from kcscore.engine.vector_columns import FrameColumns
    from kcscore.policy.ir import Policy

_TO_INT8 = np.array([0, -1, 1], dtype=np.int8)  # internal codes (false, unknown, true) -> 0, -1, 1
_TO_PYTHON = np.array([None, False, True], dtype=object)  # indexed by int8 code + 1


def columns_from_records(records: Sequence[Mapping[str, Any]], field_types: Mapping[str, FieldType]) -> pd.DataFrame:
    """Typed columns for ``records``: numbers float64 (NaN blank; object when an int would not fit
    float64 exactly), booleans nullable ``boolean``, enums ``category``, text ``object``.

    Raises ``EngineError`` when a cell holds a value of the wrong type for its field.
    """
    from kcscore.engine.vector_frame import build_frame

    frame, errors = build_frame(records, field_types)
    if errors:
        row = min(errors)
        raise EngineError(f"record {row}: {errors[row]}")
    return frame


class TruthRows(Sequence[list[Truth]]):
    """Truths per record, as Python lists made a block at a time from the int8 matrix (a list
    per record for a million records would cost far more memory than the matrix).

    Reading a record that could not be evaluated raises ``EngineError``, so a batch reports that
    one record and goes on with the others.
    """

    BLOCK = 4096

    def __init__(self, matrix: np.ndarray, errors: dict[int, str]) -> None:
        self.matrix = matrix
        self.errors = errors
        self._block_start = -1
        self._block: list[list[Truth]] = []

    def __len__(self) -> int:
        return len(self.matrix)

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same truths (so it compares like the list it stands for)."""
        if not isinstance(other, Sequence) or isinstance(other, str) or len(other) != len(self):
            return False
        return all(mine == theirs for mine, theirs in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    @overload
    def __getitem__(self, index: int) -> list[Truth]: ...

    @overload
    def __getitem__(self, index: slice) -> list[list[Truth]]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        position = index + len(self) if index < 0 else index
        if not 0 <= position < len(self):
            raise IndexError(index)
        if position in self.errors:
            raise EngineError(self.errors[position])
        start = position - position % self.BLOCK
        if start != self._block_start:
            block = self.matrix[start:start + self.BLOCK]
            self._block = _TO_PYTHON[block.astype(np.intp) + 1].tolist()
            self._block_start = start
        return list(self._block[position - start])


class VectorisedEvaluator:
    """The conditions of a pack compiled once into column operations; see the module docstring."""

    name = "vectorised"
    vectorised = True

    def __init__(self, conditions: list[A.Node], field_types: dict[str, FieldType]) -> None:
        self.conditions = list(conditions)
        self.count = len(self.conditions)
        self.reads = [A.fields_of(node) for node in self.conditions]
        names = dict.fromkeys(name for fields in self.reads for name in fields)
        missing = [name for name in names if name not in field_types]
        if missing:
            raise ValueError(f"conditions read fields without a declared type: {', '.join(missing)}")
        self.field_types = {name: field_types[name] for name in names}
        compiler = Compiler(self.field_types)
        self._steps = [compiler.truth(node) for node in self.conditions]

    # -- whole columns ---------------------------------------------------------------------------
    def _matrix(self, frame: pd.DataFrame) -> tuple[np.ndarray, dict[int, str]]:
        from kcscore.engine.vector_columns import FrameColumns

        return self._matrix_of(FrameColumns(frame, self.field_types))

    def _matrix_of(self, columns: FrameColumns | ArrayColumns) -> tuple[np.ndarray, dict[int, str]]:
        context = Context(columns)
        n = columns.n
        out = np.empty((n, self.count), dtype=np.int8, order="F")
        errors: dict[int, str] = {}
        with np.errstate(all="ignore"):  # blank rows hold meaningless values; they are masked
            for j, step in enumerate(self._steps):
                result = step(context)
                out[:, j] = _TO_INT8[np.broadcast_to(result.codes, (n,))]
                if result.risky is not None:
                    for row in np.flatnonzero(np.broadcast_to(result.risky, (n,))):
                        self._exactly(columns, out, int(row), j, errors)
        errors.update(columns.errors)
        return out, errors

    def _exactly(self, columns: FrameColumns | ArrayColumns, out: np.ndarray, row: int, j: int, errors: dict[int, str]) -> None:
        """Decide one condition for one row with the reference evaluator, on exact values."""
        record = columns.python_record(row, self.reads[j])
        try:
            truth = reference_truth(self.conditions[j], record)
        except (ArithmeticError, TypeError) as exc:
            errors.setdefault(row, f"condition {j} cannot be evaluated: {exc}")
            truth = None
        out[row, j] = -1 if truth is None else int(truth)

    def truth_matrix(self, columns: pd.DataFrame) -> np.ndarray:
        """int8 array (rows × conditions): 1 true, 0 false, -1 unknown.

        A column missing from the frame is blank for every row. Raises ``EngineError`` naming the
        first row with an unreadable cell.
        """
        return _checked(*self._matrix(columns))

    def truth_matrix_of(self, columns: ArrayColumns) -> np.ndarray:
        """``truth_matrix`` of columns held as coded arrays (``vector_arrays``), with no frame."""
        return _checked(*self._matrix_of(columns))

    # -- records ---------------------------------------------------------------------------------
    def evaluate_all(self, records: Sequence[Record]) -> TruthRows:
        """Truths for each record, computed for all of them at once."""
        from kcscore.engine.vector_frame import build_frame

        frame, build_errors = build_frame(records, self.field_types)
        matrix, errors = self._matrix(frame)
        errors.update(build_errors)
        return TruthRows(matrix, errors)

    def evaluate(self, record: Record) -> list[Truth]:
        return self.evaluate_all([record])[0]

    def evaluate_many(self, records: Iterable[Record]) -> Iterator[list[Truth]]:
        yield from self.evaluate_all(list(records))


def _checked(matrix: np.ndarray, errors: dict[int, str]) -> np.ndarray:
    """The matrix, or ``EngineError`` naming the first row with an unreadable cell."""
    if errors:
        row = min(errors)
        raise EngineError(f"row {row}: {errors[row]}")
    return matrix


def vectorised_engine(policy: Policy) -> VectorisedEvaluator:
    """The vectorised evaluator for a pack, built once per loaded pack."""
    from kcscore.engine.packengine import compiled

    return compiled(policy).vectorised
