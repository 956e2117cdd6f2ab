"""Read applicant rows into typed columns, one column at a time, with the rules of ``applicant.py``.

Large lists repeat the same cell texts (labels, "có", thresholds, blank cells): each distinct raw
value of a column is parsed once and reused. Every bad cell is kept with its row, column, field,
value and what was expected, exactly as ``read_record`` reports it for a single applicant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kcscore.applicant import FieldProblem, Schema, parse_cell, schema_for
from kcscore.batch.result import CellError
from kcscore.policy.ir import Policy
from kcscore.tables import values as V

_MISS = object()
_BLANK = object()


@dataclass
class Columns:
    rows: list[int] = field(default_factory=list)  # data row number of each position
    lines: list[int | None] = field(default_factory=list)  # physical line of each position, when known
    values: dict[str, list[Any]] = field(default_factory=dict)  # field id -> typed values (None = blank)
    problems: dict[int, list[CellError]] = field(default_factory=dict)  # position -> bad cells
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.rows)

    def record(self, position: int) -> dict[str, Any]:
        return {name: column[position] for name, column in self.values.items()}


def _cell_error(problem: FieldProblem, lang: str) -> CellError:
    other = "en" if lang == "vi" else "vi"
    return CellError(problem.field, problem.column, problem.value, problem.message(lang), problem.message(other))


class ColumnReader:
    """Accumulates raw rows, then parses each column with a per-value cache."""

    def __init__(self, policy: Policy, lang: str = "vi") -> None:
        self.policy = policy
        self.schema: Schema = schema_for(policy)
        self.lang = lang
        self.raw: dict[str, list[Any]] = {}
        self.columns_of: dict[str, list[str]] = {}  # field id -> columns mapped to it, in file order
        self.out = Columns()
        self._headers: dict[str, str | None] = {}
        self._cells: list[dict[str, Any]] = []

    def _field(self, column: str) -> str | None:
        if column not in self._headers:
            fid = self.schema.field_for(column)
            self._headers[column] = fid
            if fid is None:
                self.out.unknown_columns.append(column)
            else:
                self.columns_of.setdefault(fid, []).append(column)
        return self._headers[column]

    def add(self, row: int, cells: dict[str, Any], problem: tuple[str, str] | None = None, line: int | None = None) -> None:
        position = len(self.out.rows)
        self.out.rows.append(row)
        self.out.lines.append(line)
        self._cells.append(cells)
        for column in cells:
            if column not in self._headers:
                self._field(str(column))
        if problem is not None:
            vi, en = problem
            self.out.problems[position] = [CellError(None, None, None, vi if self.lang == "vi" else en,
                                                     en if self.lang == "vi" else vi)]

    def add_all(self, rows: Iterable[Any]) -> ColumnReader:
        for i, raw in enumerate(rows, start=1):
            if hasattr(raw, "cells"):
                self.add(getattr(raw, "row", i), raw.cells, getattr(raw, "problem", None), getattr(raw, "line", None))
            else:
                self.add(i, dict(raw))
        return self

    def finish(self) -> Columns:
        n = len(self.out.rows)
        for columns in self.columns_of.values():
            for column in columns:
                self.raw[column] = [cells.get(column) for cells in self._cells]
        self._cells.clear()
        for fid, spec in self.schema.fields.items():
            columns = self.columns_of.get(fid, [])
            typed: list[Any] = [None] * n
            if columns:
                self._parse(fid, columns, typed)
            if spec.required:
                for i in range(n):
                    if typed[i] is None and not any(c.field == fid for c in self.out.problems.get(i, ())):
                        problem = FieldProblem(fid, spec.header, None, "bắt buộc nhưng để trống", "required but blank",
                                               spec.title.vi, spec.title.en)
                        self.out.problems.setdefault(i, []).append(_cell_error(problem, self.lang))
            self.out.values[fid] = typed
        self.raw.clear()
        return self.out

    def _parse(self, fid: str, columns: list[str], typed: list[Any]) -> None:
        cache: dict[tuple[type, Any], Any] = {}
        given_in: dict[int, str] = {}
        for column in columns:
            for i, cell in enumerate(self.raw[column]):
                if cell is None:
                    continue
                try:
                    key: tuple[type, Any] | None = (cell.__class__, cell)
                    result = cache.get(key, _MISS)  # type: ignore[arg-type]
                except TypeError:  # an unhashable cell (a list from JSON): read it on its own
                    key, result = None, _MISS
                if result is _MISS:
                    if V.is_blank(cell):
                        result = _BLANK
                    else:
                        try:
                            result = parse_cell(self.schema, fid, cell)
                        except V.ValueProblem as exc:
                            result = exc
                    if key is not None:
                        cache[key] = result
                if result is _BLANK:
                    continue
                if i in given_in:
                    if typed[i] is not None:
                        problem = FieldProblem(fid, column, cell, f"trường '{fid}' có hai cột ('{given_in[i]}' và '{column}')",
                                               f"field '{fid}' given twice ('{given_in[i]}' and '{column}')")
                        self.out.problems.setdefault(i, []).append(_cell_error(problem, self.lang))
                        continue
                given_in[i] = column
                if isinstance(result, V.ValueProblem):
                    problem = FieldProblem(fid, column, cell, result.vi, result.en, result.expected_vi, result.expected_en)
                    self.out.problems.setdefault(i, []).append(_cell_error(problem, self.lang))
                else:
                    typed[i] = result
