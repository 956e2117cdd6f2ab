"""Merged cells as the officer sees them: the value of the top-left cell in every cell of the range.

In the header every merge is filled (a group label over its sub-columns, a name merged down two
header rows). Below the header only merges spanning several rows are filled (a commune merged
down over the applicants of that commune); a merge across one row is left alone, because copying
a note merged across the sheet into every column would turn it into a row of data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from kcscore.tables.cells import column_letter, is_blank_cell

__all__ = ["MAX_HEADER_ROWS", "Merge", "MergeFiller"]

Merge = tuple[int, int, int, int]  # min_row, min_col, max_row, max_col (1-based, as in Excel)
MAX_HEADER_ROWS = 4


class MergeFiller:
    """Fills merged ranges row by row, in one pass over a sheet in line order."""

    def __init__(self, merges: Iterable[Merge]) -> None:
        self._starting: dict[int, list[Merge]] = defaultdict(list)
        for merge in merges:
            self._starting[merge[0]].append(merge)
        self._active: list[tuple[Merge, Any]] = []
        self.copied: list[str] = []  # merged ranges copied into data rows

    def header_end(self, header_line: int) -> int:
        """The last header line: a header cell merged down over several rows makes a multi-row header."""
        ends = [m[2] for m in self._starting.get(header_line, ()) if m[2] > m[0]]
        return min(max(ends, default=header_line), header_line + MAX_HEADER_ROWS - 1)

    def apply(self, line: int, values: Sequence[Any], header_end: int) -> Sequence[Any]:
        """``values`` of ``line`` with merged ranges filled (a copy only when something changed)."""
        for merge in self._starting.pop(line, ()):
            column = merge[1] - 1
            self._active.append((merge, values[column] if column < len(values) else None))
        if not self._active:
            return values
        self._active = [(merge, value) for merge, value in self._active if merge[2] >= line]
        out: list[Any] | None = None
        for (top, left, bottom, right), value in self._active:
            in_data = line > header_end
            if is_blank_cell(value) or (in_data and (bottom == top or top <= header_end)):
                continue
            out = out if out is not None else list(values)
            out.extend([None] * (right - len(out)))
            for column in range(left - 1, right):
                if (line, column) != (top, left - 1) and is_blank_cell(out[column]):
                    out[column] = value
            if in_data and line == top + 1:
                self.copied.append(f"{column_letter(left - 1)}{top}:{column_letter(right - 1)}{bottom}")
        return out if out is not None else values
