"""What openpyxl's fast read-only mode does not tell: merged cells, formulas without a value, hidden
rows, and which cells are shown as percentages.

Read-only mode (the only one that reads a 100 000-row sheet in constant memory) forgets merged
ranges, and with ``data_only`` a formula whose result was never computed (a file written by a
script and never opened in Excel) reads as an empty cell: an applicant's cost would silently
become "unknown". Hidden (or filtered-out) rows are read like any other, though the officer does
not see them. A cell formatted as a percentage holds 0.6 where the officer typed and sees "60%".
One streaming pass over the sheet's XML finds all four.
"""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from kcscore.tables.merges import Merge

__all__ = ["SheetFacts", "column_index", "scan_sheet"]

_CHUNK = 1024 * 1024
_REF = rb"([A-Z]{1,3})(\d+)"
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"" + _REF + rb"(?::" + _REF + rb")?\"")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s/>]")
_CELL_START = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"" + _REF + rb"\"")
_CELL_END = re.compile(rb"</(?:\w+:)?c>|<(?:\w+:)?c\b")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_EMPTY_VALUE = re.compile(rb"<(?:\w+:)?v\s*/?>")
_HIDDEN_ROW = re.compile(rb"<(?:\w+:)?row\b(?=[^>]*?\bhidden=\"(?:1|true)\")[^>]*?\br=\"(\d+)\"")
_ROW_END = re.compile(rb"</(?:\w+:)?row>")


def column_index(letters: bytes | str) -> int:
    """1-based column number of Excel letters (A -> 1, AA -> 27)."""
    number = 0
    for char in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + ord(char) - 64
    return number


@dataclass
class SheetFacts:
    merges: list[Merge] = field(default_factory=list)
    uncomputed: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))  # line -> cell refs
    hidden_rows: list[int] = field(default_factory=list)
    percent: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))  # line -> 1-based columns


def _cell_before(part: bytes, end: int) -> re.Match[bytes] | None:
    """The start tag of the cell holding the formula at ``end`` (tags may carry a prefix, ``<x:c``)."""
    plain = part.rfind(b"<c ", 0, end)
    prefixed = part.rfind(b":c ", 0, end)
    if prefixed > plain:
        plain = part.rfind(b"<", 0, prefixed)
    return _CELL_START.match(part, plain) if plain >= 0 else None


def _scan_formulas(part: bytes, facts: SheetFacts) -> None:
    """Formula cells with no cached value. A formula whose result is the empty text (``t="str"``
    with an empty ``<v>``) is computed and blank, as Excel shows it; no ``<v>`` at all, or an empty
    one on a number cell, means the file was never recalculated."""
    for match in _FORMULA.finditer(part):
        start = _cell_before(part, match.start())
        if start is None:
            continue
        end = _CELL_END.search(part, match.end())
        body = part[match.end() : end.start() if end else len(part)]
        if _VALUE.search(body):
            continue
        tag = part[start.start() : part.find(b">", start.start())]
        if b't="str"' in tag and _EMPTY_VALUE.search(body):
            continue
        letters, line = start.group(1).decode(), int(start.group(2))
        facts.uncomputed[line].append(f"{letters}{line}")


def _styled(styles: frozenset[int]) -> re.Pattern[bytes] | None:
    """The start tag of a cell whose style is one of ``styles`` (its ``s`` attribute), wherever the
    attribute stands in the tag; None when there is no such style."""
    if not styles:
        return None
    ids = b"|".join(str(s).encode() for s in sorted(styles))
    return re.compile(rb"<(?:\w+:)?c\b(?=[^>]*?\bs=\"(?:" + ids + rb")\")[^>]*?\br=\"" + _REF + rb"\"")


def _scan(part: bytes, facts: SheetFacts, percent: re.Pattern[bytes] | None = None) -> None:
    # Plain substring tests first: most sheets have none of the three, and `in` is far faster than a regex.
    if (b"<f" in part or b":f" in part) and _FORMULA.search(part):
        _scan_formulas(part, facts)
    if b"hidden=" in part:
        facts.hidden_rows.extend(int(m.group(1)) for m in _HIDDEN_ROW.finditer(part))
    if percent is not None:
        for m in percent.finditer(part):
            facts.percent[int(m.group(2))].append(column_index(m.group(1)))
    if b"mergeCell" not in part:
        return
    for m in _MERGE.finditer(part):
        top, left = int(m.group(2)), column_index(m.group(1))
        bottom, right = (int(m.group(4)), column_index(m.group(3))) if m.group(3) else (top, left)
        facts.merges.append((top, left, bottom, right))


def scan_sheet(path: str, member: str, percent_styles: frozenset[int] = frozenset()) -> SheetFacts:
    """Scan one worksheet part of an .xlsx file, in chunks cut at row ends; ``percent_styles`` are
    the cell styles (indices into the workbook's cell formats) that show a number as a percentage."""
    facts = SheetFacts()
    percent = _styled(percent_styles)
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        pending = b""
        while chunk := stream.read(_CHUNK):
            data = pending + chunk
            cut = data.rfind(b"</row>") + 6  # a prefixed </x:row> is rarer: fall back to the regex
            if cut < 6:
                cut = max((end.end() for end in _ROW_END.finditer(data)), default=0)
            _scan(data[:cut], facts, percent)
            pending = data[cut:]
        _scan(pending, facts, percent)
    return facts
