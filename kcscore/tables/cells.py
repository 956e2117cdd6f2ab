"""What one row of raw cells is, at a glance: blank, a "Tổng cộng" total, a row numbering the columns.

These checks run on every row of lists with up to a million rows, so each has a cheap test first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from kcscore.tables import values as V

__all__ = [
    "column_letter", "filled", "first_filled", "first_text", "is_blank_cell", "is_column_numbers", "is_total", "text_of",
]

_TOTAL = re.compile(r"(tổng cộng|tổng số|tổng|cộng|tong cong|tong so|tong|cong|total)\s*[:.]?\s*(\(.*\))?")
_COLUMN_NUMBER = re.compile(r"\(?(\d{1,3}|[a-zđ])\)?")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def column_letter(index: int) -> str:
    """Excel's name of the 0-based column ``index`` (0 -> A, 26 -> AA), for CSV too: officers
    open CSV files in Excel and see these letters."""
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def is_blank_cell(value: Any) -> bool:
    """``values.is_blank`` with a fast path for ordinary text (this runs for every cell)."""
    if value is None:
        return True
    if type(value) is str:
        text = value.strip()
        return not text or ((text[0] in _INVISIBLE or text[-1] in _INVISIBLE) and V.is_blank(value))
    return V.is_blank(value)


def text_of(value: Any) -> str:
    return V.normalise_text(value) or ""


def filled(values: Sequence[Any]) -> list[int]:
    return [index for index, value in enumerate(values) if not is_blank_cell(value)]


def first_filled(values: Sequence[Any]) -> int | None:
    for index, value in enumerate(values):
        if not is_blank_cell(value):
            return index
    return None


def is_total(value: Any) -> bool:
    """A "Tổng cộng" / "Cộng" / "Tổng số" label (cheap checks first: this runs on every row)."""
    if not isinstance(value, str) or len(value) > 40 or value.lstrip()[:1].lower() not in ("t", "c"):
        return False
    return _TOTAL.fullmatch(V.fold(value)) is not None


def first_text(values: Sequence[Any]) -> str:
    return next((text_of(value) for value in values if not is_blank_cell(value)), "")


def is_column_numbers(values: Sequence[Any], filled_at: list[int], columns: int) -> bool:
    """A row "(1) (2) (3) …" or "A B 1 2 …" numbering the columns, as official forms have under
    their header: at least 3 cells (and half the columns), all small numbers or single letters,
    the numbers increasing."""
    if len(filled_at) < 3 or len(filled_at) < columns // 2:
        return False
    texts = [V.fold(text_of(values[index])) for index in filled_at]
    if not all(_COLUMN_NUMBER.fullmatch(text) for text in texts):
        return False
    numbers = [int(text.strip("()")) for text in texts if text.strip("()").isdigit()]
    return len(numbers) >= 2 and all(a < b for a, b in pairwise(numbers))
