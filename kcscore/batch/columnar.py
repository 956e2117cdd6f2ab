"""Read applicant rows into typed columns, one column at a time, with the rules of ``applicant.py``.

Large lists repeat the same cell texts (labels, "có", thresholds, blank cells): each distinct raw
value of a column is parsed once and reused. Every bad cell is kept with its row, column, field,
value and what was expected, exactly as ``read_record`` reports it for a single applicant.

Rows are typed in chunks of ``CHUNK`` as they arrive: only one chunk of raw cells is held at a
time, so the memory of a large list is that of its typed columns, not of its parsed lines.
A JSON Lines file read in two processes comes in blocks already turned into columns
(``add_block``): each block is typed as soon as it is read, while its cells are still in the
processor's cache, and a column of one type of value goes straight into its packed codes by the
code each distinct raw value was given before (``_coded``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from operator import is_not
from typing import Any

import numpy as np

from kcscore.applicant import (MAX_MAGNITUDE, FieldProblem, Schema, given_twice, parse_cell, required_blank,
                               schema_for)
from kcscore.batch.packed import PackedColumn
from kcscore.batch.result import CellError
from kcscore.i18n import Message
from kcscore.policy.ir import Policy
from kcscore.tables import values as V
from kcscore.tables.json_reader import LineBlock

_MISS = object()
_EDGES = frozenset(" \t\n\r\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                   "\u2028\u2029\u202f\u205f\u3000\x1c\x1d\x1e\x1f\x85\u200b\u200c\u200d\u2060\ufeff")
_BLANK = object()
_NONE = frozenset({type(None)})
_INT_OR_NONE = frozenset({int, type(None)})
_PRESENT = partial(is_not, None)
_HASHABLE = frozenset({str, int, float, bool})
# fields read through ``_coded``: every type of field. A text or whole-number column of a handful
# of distinct values (places, products, counts) then goes straight into codes, with no list of
# typed cells built first; one of mostly distinct values (ids, amounts) leaves codes at once
_CODED = frozenset({"boolean", "enum", "date", "number", "percent", "text", "integer", "money"})
_CLEAN = frozenset({"integer", "money", "number", "percent", "text"})  # fields ``_clean`` reads
_FRACTIONS = frozenset({"number", "percent"})  # fields where a float cell reads as itself
_CACHED = 100_000  # distinct values of a field whose reading is kept from one chunk to the next
CHUNK = 50_000  # raw rows held before they are typed; large enough that the per-chunk work is cheap
# rows held in columns (``add_block``) before they are typed: the cells were just read, and typing
# them while they are still in the processor's cache costs less than the work per chunk saved by
# waiting (what each distinct value reads as is kept from one chunk to the next). Measured on a
# million rows: typing a few hundred rows at once (four or five blocks of ``parallel.BLOCK``)
# costs less than typing each block of a hundred-odd rows alone
BLOCK_ROWS = 512


@dataclass
class Columns:
    # data row number and physical line (when known) of each position: lists while reading, packed once read
    rows: list[int] | PackedColumn = field(default_factory=list)
    lines: list[int | None] | PackedColumn = field(default_factory=list)
    values: dict[str, PackedColumn] = field(default_factory=dict)  # field id -> typed values (None = blank)
    problems: dict[int, list[CellError]] = field(default_factory=dict)  # position -> bad cells
    unknown_columns: list[str] = field(default_factory=list)
    sheet_rows: bool = False  # ``lines`` are Excel row numbers (said "hàng Excel")

    @property
    def size(self) -> int:
        return len(self.rows)

    def record(self, position: int) -> dict[str, Any]:
        return {name: column[position] for name, column in self.values.items()}


def _cell_error(problem: FieldProblem, lang: str) -> CellError:
    return CellError.of(problem, lang)


class ColumnReader:
    """Accumulates raw rows, then parses each column with a per-value cache."""

    def __init__(self, policy: Policy, lang: str = "vi") -> None:
        self.policy = policy
        self.schema: Schema = schema_for(policy)
        self.lang = lang
        self.raw: dict[str, list[Any]] = {}
        self.columns_of: dict[str, list[str]] = {}  # field id -> columns mapped to it, in file order
        self.out = Columns(values={fid: PackedColumn() for fid in self.schema.fields})
        self._headers: dict[str, str | None] = {}
        self._cells: list[dict[str, Any]] = []
        self._held: dict[str, list[Any]] = {}  # column -> the raw cells of the chunk (``add_block``)
        self._held_rows = 0
        self._held_kinds: dict[str, set[type]] = {}  # column -> the types of its held cells
        self._kinds: dict[str, set[type]] = {}  # column -> the types of ``raw[column]``, when known
        self._nfc = False  # every text cell is known to be NFC already
        # (field, type of its raw values) -> the packed code of each raw value (``_coded``), and
        # the raw values that are bad cells
        self._codes_by: dict[tuple[str, type | None], dict[Any, int]] = {}
        self._bad: dict[tuple[str, type | None], dict[Any, V.ValueProblem]] = {}
        self._null: dict[tuple[str, type | None], int] = {}  # the code of a blank reading
        self._read: dict[str, dict[Any, Any]] = {}  # field -> (type, value) or value -> what it reads as
        self._base = 0  # position of the first row of the chunk held in ``_cells``

    def _field(self, column: str) -> str | None:
        if column not in self._headers:
            fid = self.schema.field_for(column)
            self._headers[column] = fid
            if fid is None:
                self.out.unknown_columns.append(column)
            else:
                self.columns_of.setdefault(fid, []).append(column)
        return self._headers[column]

    def add(self, row: int, cells: dict[str, Any], problem: Message | None = None, line: int | None = None,
            sheet_row: bool = False) -> None:
        position = len(self.out.rows)
        if sheet_row:
            self.out.sheet_rows = True
        self.out.rows.append(row)
        self.out.lines.append(line)
        self._cells.append(cells)
        for column in cells:
            if column not in self._headers:
                self._field(str(column))
        if problem is not None:
            self.out.problems[position] = [CellError.row(problem, self.lang)]
        if len(self._cells) >= CHUNK:
            self._type_chunk()

    def add_block(self, block: LineBlock) -> None:
        """Add the rows of a block of JSON Lines, already in columns: only the columns mapped to
        a field are kept, until a chunk is held. Not to be mixed with ``add``."""
        n = len(block.numbers)
        base = len(self.out.rows)
        self.out.rows.extend(block.numbers)
        self.out.lines.extend(block.numbers)
        for column in block.keys:
            if column not in self._headers:
                self._field(str(column))
        for i, problem in block.problems.items():
            self.out.problems[base + i] = [CellError.row(problem, self.lang)]
        held = self._held
        if not self._held_rows and n >= BLOCK_ROWS:  # typed at once: its columns need no copy
            self._kinds = {column: set(block.kinds.get(column, _NONE)) for columns in self.columns_of.values()
                           for column in columns}
            self.raw = {column: block.columns.get(column) or [None] * n for columns in self.columns_of.values()
                        for column in columns}
            self._nfc = True
            self._type_raw(n)
            self._kinds = {}
            return
        for columns in self.columns_of.values():
            for column in columns:
                values = block.columns.get(column)
                if column not in held:
                    held[column] = [None] * self._held_rows
                    self._held_kinds[column] = set(_NONE) if self._held_rows else set()
                held[column].extend([None] * n if values is None else values)
                self._held_kinds[column] |= _NONE if values is None else block.kinds[column]
        self._held_rows += n
        self._nfc = True  # JSON Lines text is NFC as it is read
        if self._held_rows >= BLOCK_ROWS:
            self._type_chunk()

    def add_all(self, rows: Iterable[Any]) -> ColumnReader:
        for i, raw in enumerate(rows, start=1):
            if hasattr(raw, "cells"):
                self.add(getattr(raw, "row", i), raw.cells, getattr(raw, "problem", None), getattr(raw, "line", None),
                         getattr(raw, "sheet_row", False))
            else:
                self.add(i, dict(raw))
        return self

    def finish(self) -> Columns:
        """The typed columns of every row added; the reader is spent afterwards."""
        self._type_chunk()
        for column in self.out.values.values():
            column.freeze()
        self.out.rows, self.out.lines = PackedColumn(self.out.rows), PackedColumn(self.out.lines)
        self.out.rows.freeze()
        self.out.lines.freeze()
        return self.out

    def _problem(self, i: int, error: CellError) -> None:
        """Note a bad cell of the ``i``-th row of the chunk being typed."""
        self.out.problems.setdefault(self._base + i, []).append(error)

    def _type_chunk(self) -> None:
        """Type the rows held in ``_cells`` and append them to the columns; the raw cells go."""
        if self._held_rows:
            n, self.raw, self._held, self._held_rows = self._held_rows, self._held, {}, 0
            self._kinds, self._held_kinds = self._held_kinds, {}
            self._type_raw(n)
            self._kinds = {}
            return
        n = len(self._cells)
        if n == 0:
            return
        wanted = [column for columns in self.columns_of.values() for column in columns]
        if n > 5_000 and wanted:
            import pandas as pd  # only large lists come here: one C pass instead of a get per cell

            frame = pd.DataFrame(self._cells, columns=wanted, dtype=object)
            for position, column in enumerate(wanted):
                self.raw[column] = frame.iloc[:, position].tolist()
            del frame
        else:
            for column in wanted:
                self.raw[column] = [cells.get(column) for cells in self._cells]
        self._cells = []
        self._type_raw(n)

    def _type_raw(self, n: int) -> None:
        """Type the ``n`` rows whose cells are in ``raw`` (column -> cells) and append them."""
        for fid, spec in self.schema.fields.items():
            columns = self.columns_of.get(fid, [])
            if len(columns) == 1 and spec.type in _CODED and self._coded(fid, columns[0], n, spec.required):
                continue
            typed: list[Any] = [None] * n
            if columns:
                self._parse(fid, columns, typed)
            if spec.required:
                for i in range(n):
                    if typed[i] is None and not any(c.field == fid for c in self.out.problems.get(self._base + i, ())):
                        self._problem(i, _cell_error(required_blank(fid, spec), self.lang))
            self.out.values[fid].extend(typed)
        self.raw.clear()
        self._base += n

    def _coded(self, fid: str, column: str, n: int, required: bool) -> bool:
        """Type a column of one type of value (blanks aside) straight into its packed codes, by
        the code each distinct raw value was given in an earlier block: one pass over the cells
        when no value is new. False (nothing done) when that does not apply; ``_parse`` then reads
        the column. Bad cells and required blanks are noted as ``_parse`` and ``_type_raw`` note them."""
        kinds = self._kinds.get(column)
        packed = self.out.values[fid]
        spec = self.schema.fields[fid]
        if kinds is None or not packed.holds_codes:
            return False
        real = kinds - _NONE
        if len(real) > 1 or not real <= _HASHABLE:
            return False
        key = (fid, next(iter(real), None))
        codes_by = self._codes_by.setdefault(key, {})
        bad = self._bad.setdefault(key, {})
        values = self.raw[column]
        try:
            codes = np.fromiter(map(codes_by.__getitem__, values), dtype=np.int64, count=n)
        except KeyError:  # values not met before: read them, and give their readings a code
            fresh = list(set(values).difference(codes_by))
            readings = self._clean(fid, fresh, set(map(type, fresh))) if spec.type in _CLEAN else [_MISS] * len(fresh)
            for j in [j for j, reading in enumerate(readings) if reading is _MISS]:
                result = self._read_one(fid, fresh[j])
                if isinstance(result, V.ValueProblem):
                    bad[fresh[j]] = result
                    result = None
                readings[j] = None if result is _BLANK else result
            given = packed.code_for(readings, n)
            if given is None or len(codes_by) > _CACHED:
                self._codes_by.pop(key)
                self._bad.pop(key)
                self._null.pop(key, None)
                return False
            codes_by.update(zip(fresh, given))
            for reading, code in zip(readings, given):
                if reading is None:
                    self._null[key] = code  # the one code of a blank: a table holds each value once
            codes = np.fromiter(map(codes_by.__getitem__, values), dtype=np.int64, count=n)
        if bad and not bad.keys().isdisjoint(values):
            for i, value in enumerate(values):
                if value in bad:
                    self._problem(i, _cell_error(FieldProblem.of(fid, column, value, bad[value]), self.lang))
        packed.append_codes(codes)
        null = self._null.get(key)
        if required and null is not None:
            for i in np.flatnonzero(codes == null).tolist():
                if not any(c.field == fid for c in self.out.problems.get(self._base + i, ())):
                    self._problem(i, _cell_error(required_blank(fid, spec), self.lang))
        return True

    def _parse(self, fid: str, columns: list[str], typed: list[Any]) -> None:
        if len(columns) == 1 and self._parse_column(fid, columns[0], typed):
            return
        self._parse_cells(fid, columns, typed)

    def _read_one(self, fid: str, cell: Any) -> Any:
        if V.is_blank(cell):
            return _BLANK
        try:
            return parse_cell(self.schema, fid, cell)
        except V.ValueProblem as exc:
            return exc

    def _clean(self, fid: str, values: list[Any], kinds: set[type] | None) -> list[Any]:
        """Cells that read as themselves, taken as they are; the rest become _MISS.

        Whole numbers within the field's bounds are their own value; text that is already NFC,
        has no spaces or invisible characters at its edges and fits the length limit is its own
        value (``normalise_text`` would return it unchanged). Everything else goes through
        ``parse_cell``, the one reader of cells.
        """
        spec = self.schema.fields[fid]
        if spec.type in ("integer", "money", "number", "percent"):
            # parse_cell refuses a number past MAX_MAGNITUDE whatever the field's bounds: so must this
            low = max(spec.min, -MAX_MAGNITUDE) if spec.min is not None else -MAX_MAGNITUDE
            high = min(spec.max, MAX_MAGNITUDE) if spec.max is not None else MAX_MAGNITUDE
            if kinds is not None and kinds <= _INT_OR_NONE:
                # whole numbers within bounds read as themselves, blanks as None: the common
                # column, checked in C
                present = values if type(None) not in kinds else list(filter(_PRESENT, values))
                if not present:
                    return values
                least = min(present)
                if low <= least and max(present) <= high and not (spec.min_exclusive and least == low):
                    return values
            if spec.type != "percent" and any(v.__class__ is str for v in values[:64]):
                # text cells (CSV): plain digits read as the whole number parse_cell would give
                values = [int(v) if v.__class__ is str and v.isdigit() and v.isascii() and len(v) < 16 else v
                          for v in values]
            if spec.type in _FRACTIONS and kinds is not None and float in kinds:
                # a finite float within bounds reads as itself in these fields (its exact decimal
                # value, turned back into a float, is that float); NaN fails both comparisons
                if spec.min_exclusive:
                    return [v if (v.__class__ is float or v.__class__ is int) and low < v <= high else _MISS
                            for v in values]
                return [v if (v.__class__ is float or v.__class__ is int) and low <= v <= high else _MISS
                        for v in values]
            if spec.min_exclusive:
                return [v if v.__class__ is int and low < v <= high else _MISS for v in values]
            return [v if v.__class__ is int and low <= v <= high else _MISS for v in values]
        if spec.type == "text":
            limit, edges, normal = spec.max_length, _EDGES, unicodedata.is_normalized
            if self._nfc:  # no need to ask again
                return [v if (v.__class__ is str and v and len(v) <= limit and v[0] not in edges
                              and v[-1] not in edges) else _MISS for v in values]
            return [v if (v.__class__ is str and v and len(v) <= limit and v[0] not in edges and v[-1] not in edges
                          and (v.isascii() or normal("NFC", v))) else _MISS for v in values]
        raise AssertionError(f"no clean form for {spec.type} fields")

    def _parse_column(self, fid: str, column: str, typed: list[Any]) -> bool:
        """One column, read once per distinct (type, value): the loops run in C. False if a cell is
        unhashable (a JSON list), which the cell-by-cell reader then handles."""
        values = self.raw[column]
        known = self._kinds.get(column)
        rest: list[int] | None = None
        if self.schema.fields[fid].type in ("integer", "money", "number", "percent", "text"):
            clean = self._clean(fid, values, known)
            if clean is values:
                typed[:] = clean
                return True
            if _MISS not in clean:
                typed[:] = clean
                return True
            rest = [i for i, v in enumerate(clean) if v is _MISS]
            if len(rest) < len(values):
                typed[:] = [None if v is _MISS else v for v in clean]
                values = [values[i] for i in rest]
            else:
                rest = None
        kinds = set(map(type, values)) if known is None or rest is not None else set(known)
        kinds.discard(type(None))
        # one type of value (the usual column): values are their own keys; mixed types need the
        # type in the key, since 1, 1.0 and True are equal in Python but read differently
        keys: list[Any] = values if len(kinds) <= 1 else list(zip(map(type, values), values))
        try:
            distinct = set(keys)
        except TypeError:
            return False
        single = keys is values
        # what each distinct value reads as, kept from chunk to chunk (keyed as ``keys`` are)
        cache = self._read.setdefault((fid, next(iter(kinds)) if single and kinds else None), {})
        if len(cache) > _CACHED:
            cache.clear()
        results = {}
        bad = {}
        for key in distinct:
            result = cache.get(key, _MISS)
            if result is _MISS:
                result = cache[key] = self._read_one(fid, key if single else key[1])
            if isinstance(result, V.ValueProblem):
                bad[key] = result
                result = None
            results[key] = None if result is _BLANK else result
        read = list(map(results.__getitem__, keys))
        if rest is None:
            typed[:] = read
        else:
            for i, value in zip(rest, read):
                typed[i] = value
        if bad:
            for j in [j for j, key in enumerate(keys) if key in bad]:
                exc = bad[keys[j]]
                i = j if rest is None else rest[j]
                given = keys[j] if single else keys[j][1]
                self._problem(i, _cell_error(FieldProblem.of(fid, column, given, exc), self.lang))
        return True

    def _parse_cells(self, fid: str, columns: list[str], typed: list[Any]) -> None:
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
                        self._problem(i, _cell_error(given_twice(fid, given_in[i], column, cell), self.lang))
                        continue
                given_in[i] = column
                if isinstance(result, V.ValueProblem):
                    self._problem(i, _cell_error(FieldProblem.of(fid, column, cell, result), self.lang))
                else:
                    typed[i] = result
