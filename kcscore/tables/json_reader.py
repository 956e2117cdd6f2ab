"""JSON arrays of applicants and JSON Lines files, with every element accounted for.

A JSON array is ``[{...}, ...]`` or ``{"applicants": [...]}``; its syntax must be valid as a whole
(a broken array cannot be resynchronised), but an element that is not an object becomes a row
with a problem, not a failed file. In JSON Lines each line stands alone, so a line that is not
valid JSON, or not an object, is that row's error and the other lines are still read. Keys and
text are NFC. A key written twice in one object makes that row an error naming the key and where
both are written: ``json`` would silently keep the last value and YAML the first, and an officer
cannot know which one the applicant meant.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain, filterfalse
from operator import itemgetter
from typing import Any

from kcscore.i18n import Listed, Message
from kcscore.tables.notes import LISTED, Note, Tally, clip
from kcscore.tables.table import RawRow, TableError

__all__ = ["ARRAY_KEY", "JsonParser", "LineBlock", "array_rows", "blank_note", "jsonl_block", "jsonl_rows"]

try:  # a C decoder for large JSON Lines files; the standard library reads the same values
    import orjson as _orjson
except ImportError:  # pragma: no cover - orjson is a dependency; the fallback keeps reading correct
    _orjson = None

ARRAY_KEY = "applicants"
_BEYOND_INT64 = 2.0 ** 63


def _plain(value: dict[str, Any]) -> bool:
    """No list, and no float that could be an integer beyond 64 bits (which orjson reads as a
    float while the standard decoder keeps it exact)."""
    for item in value.values():
        cls = item.__class__
        if cls is list or (cls is float and abs(item) >= _BEYOND_INT64):
            return False
    return True
_WHITESPACE = " \t\n\r"


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(item) for item in value]
    return value  # objects are normalised as they are built, numbers need nothing


def _kind(value: Any) -> Message:
    """What a JSON value that should have been an object is instead."""
    if isinstance(value, bool):
        return Message("jsonrow.kind.boolean")
    if isinstance(value, (int, float)):
        return Message("jsonrow.kind.number")
    if isinstance(value, str):
        return Message("jsonrow.kind.string")
    if isinstance(value, list):
        return Message("jsonrow.kind.array")
    return Message("jsonrow.kind.null")


class JsonParser:
    """A JSON decoder that NFC-normalises, notes keys written twice, and collects headers in order."""

    def __init__(self, headers: list[str]) -> None:
        self.headers = headers
        self._known = set(headers)
        self.repeated: list[str] = []  # keys written twice in the objects decoded since the last reset
        self.decoder = json.JSONDecoder(object_pairs_hook=self._object)
        # for text with no backslash-u escapes: only repeated keys need the careful path
        self.fast = json.JSONDecoder(object_pairs_hook=self._pairs)

    def _pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)
        return out if len(out) == len(pairs) else self._object(pairs)

    def decode_line(self, text: str) -> Any:
        """Decode one JSON text with every string in NFC; normalising the whole text at once is
        the same as normalising each string, except inside backslash-u escapes (slow path)."""
        if "\\u" in text:
            return self.decoder.decode(text)
        if not text.isascii() and not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if _orjson is not None:
            try:
                value = _orjson.loads(text)
            except _orjson.JSONDecodeError:
                return self.fast.decode(text)  # NaN, huge integers...: the standard decoder decides
            # every key is followed by one ':' and orjson merges a repeated key silently: as many
            # ':' as keys means no key repeats; more (a repeat, or ':' inside a text) means the
            # careful decoder reads the line again
            if isinstance(value, dict) and text.count(":") == len(value) and _plain(value):
                return value
        return self.fast.decode(text)

    def _object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            key = unicodedata.normalize("NFC", key)
            if key in out:
                if key not in self.repeated:
                    self.repeated.append(key)
                continue  # the row is refused; the first value only stands in for the cell
            out[key] = _nfc(value)
        return out

    def repeated_problem(self, text: str, start: int, end: int, line: int) -> Message | None:
        """The row's problem when a key was written twice in the object just decoded from
        ``text[start:end]`` (which starts on ``line``): each key, with the lines (or the columns, on
        one line) of its first two occurrences."""
        if not self.repeated:
            return None
        shown: list[Message] = []
        for key in self.repeated[:LISTED]:
            pattern = re.compile(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:")
            places = [(line + text.count("\n", start, m.start()), m.start() - text.rfind("\n", 0, m.start()))
                      for m in pattern.finditer(text, start, end)][:2]
            if len(places) < 2:  # written with escapes: the key is still named
                shown.append(Message("jsonrow.key", {"key": key}))
            elif places[0][0] == places[1][0]:
                shown.append(Message("jsonrow.key_columns", {"key": key, "line": places[0][0],
                                                             "first": places[0][1], "second": places[1][1]}))
            else:
                shown.append(Message("jsonrow.key_lines", {"key": key, "first": places[0][0], "second": places[1][0]}))
        more = len(self.repeated) - len(shown)
        self.repeated.clear()
        return Message("jsonrow.repeated", {"keys": Listed(tuple(shown), more)})

    def cells(self, value: Any, what: Message | None = None) -> tuple[dict[str, Any], Message | None]:
        """An element's cells, or ({}, problem) when it is not an object; ``what`` names the element
        (its line, or its place in an array) in that problem."""
        if not isinstance(value, dict):
            shown = clip(json.dumps(value, ensure_ascii=False))
            return {}, Message("jsonrow.not_object", {"what": what, "kind": _kind(value), "shown": shown})
        for key in value:
            if key not in self._known:
                self._known.add(key)
                self.headers.append(key)
        return value, None


def _syntax(error: json.JSONDecodeError) -> TableError:
    return TableError("table.json_syntax", "table.hint.json_syntax", line=error.lineno, column=error.colno,
                      reason=error.msg)


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


def _expect(text: str, index: int, allowed: str) -> str:
    if index < len(text) and text[index] in allowed:
        return text[index]
    raise _syntax(json.JSONDecodeError(f"expected one of {' '.join(allowed)}", text, index))


def _array_at(text: str, parser: JsonParser) -> tuple[int, int] | None:
    """Where the applicant array starts, and whether the document was already checked to its end
    (-1 when the document is the array itself); None when the text is not one JSON value (JSON
    Lines saved as .json)."""
    index = _skip(text, 0)
    if _expect(text, index, "[{") == "[":
        return index, -1  # the array is checked as it is walked
    found: int | None = None
    keys: list[str] = []
    index = _skip(text, index + 1)
    if text.startswith("}", index):
        index += 1
    else:
        while True:
            key, index = parser.decoder.raw_decode(text, index)
            keys.append(str(key))
            index = _skip(text, index)
            _expect(text, index, ":")
            index = _skip(text, index + 1)
            if key == ARRAY_KEY:
                found = index
            _, index = parser.decoder.raw_decode(text, index)
            index = _skip(text, index)
            if _expect(text, index, ",}") == "}":
                index += 1
                break
            index = _skip(text, index + 1)
    if _skip(text, index) != len(text):
        return None
    if found is None or not text.startswith("[", found):
        shown = ", ".join(f"'{key}'" for key in keys) or "—"
        raise TableError("table.json_no_array", Message("table.hint.json_array", {"key": ARRAY_KEY}), key=ARRAY_KEY,
                         keys=shown)
    return found, len(text)


def array_rows(text: str, headers: list[str], warnings: list[str]) -> list[RawRow] | None:
    """Rows of a JSON array document; None when the text is JSON Lines instead."""
    parser = JsonParser(headers)
    try:
        found = _array_at(text, parser)
        if found is None:
            return None
        parser.repeated.clear()  # finding the array decoded it once already: its rows are checked below
        index = _skip(text, found[0] + 1)
        rows: list[RawRow] = []
        line, counted = 1, 0
        while not text.startswith("]", index):
            line += text.count("\n", counted, index)
            counted = index
            start = index
            value, index = parser.decoder.raw_decode(text, index)
            number = len(rows) + 1
            repeated = parser.repeated_problem(text, start, index, line)
            cells, problem = parser.cells(value, Message("jsonrow.element", {"number": number}))
            rows.append(RawRow(number, line, cells, problem or repeated))
            index = _skip(text, index)
            if _expect(text, index, ",]") == ",":
                index = _skip(text, index + 1)
        if found[1] < 0 and _skip(text, index + 1) != len(text):
            raise json.JSONDecodeError("Extra data", text, _skip(text, index + 1))
    except json.JSONDecodeError as error:
        raise _syntax(error) from None
    except RecursionError:  # ``[[[[…`` thousands deep: the decoder meets Python's limit
        raise TableError("table.json_too_deep", "table.hint.json_flat") from None
    except ValueError as error:  # an integer of thousands of digits, which Python refuses to convert
        raise TableError("table.json_value", reason=str(error)) from None
    return rows


def _line_row(parser: JsonParser, number: int, text: str) -> tuple[Any, Message | None] | None:
    """One line's value (or ``{}``) and its problem; None for a blank line. Headers are not noted
    here: the caller notes them in row order."""
    if not text.strip():
        return None
    text = text.rstrip("\r\n")
    try:
        value = parser.decode_line(text)
    except json.JSONDecodeError as error:
        parser.repeated.clear()
        return {}, Message("jsonrow.invalid", {"line": number, "column": error.colno, "reason": error.msg,
                                               "text": clip(text)})
    except RecursionError:  # one line too deep is that row's error; the other lines are read
        parser.repeated.clear()
        return {}, Message("jsonrow.too_deep", {"line": number})
    except ValueError as error:  # an integer of thousands of digits: that row's error too
        parser.repeated.clear()
        return {}, Message("jsonrow.value", {"line": number, "reason": str(error)})
    repeated = parser.repeated_problem(text, 0, len(text), number) if parser.repeated else None
    if not isinstance(value, dict):
        return parser.cells(value, Message("jsonrow.line", {"line": number}))
    return value, repeated


def blank_note(blank: Tally) -> Note:
    """The warning for the blank lines of a JSON Lines file."""
    return Note("note.jsonl_blank", count=len(blank), lines=blank.shown())


def jsonl_rows(lines: Iterator[str], headers: list[str], warnings: list[str], first_line: int = 1) -> Iterator[RawRow]:
    """One row per non-blank line; row and line are both the line number (``first_line`` for the
    first of ``lines``, when reading a file in parts)."""
    parser = JsonParser(headers)
    blank = Tally()
    for number, text in enumerate(lines, start=first_line):
        read = _line_row(parser, number, text)
        if read is None:
            blank.add(number)
            continue
        cells, problem = read
        parser.cells(cells)  # notes the headers of an object (a problem row has none)
        yield RawRow(number, number, cells, problem)
    if blank:
        warnings.append(blank_note(blank))


@dataclass
class LineBlock:
    """The rows of a run of JSON Lines as columns: what ``jsonl_rows`` gives for the same lines,
    turned on its side. ``columns`` holds every key's cells, None where a row lacks the key, in
    ``keys`` order (first written first); ``kinds`` the types of each column's cells."""

    count: int  # the lines read, blank ones included
    numbers: list[int]  # the line number of each row
    keys: list[str]
    columns: dict[str, Sequence[Any]]
    kinds: dict[str, set[type]]
    problems: dict[int, Message]  # index of a row in the block -> the row's problem


_FLAT = frozenset({str, int, bool, type(None)})
_DICT = {dict}
_TEXTS = frozenset({str, type(None)})
_COLON = ord(":")
_NUMBERS = frozenset({int, float, bool, type(None)})


def _text(line: bytes | str) -> str:
    """A line as the per-line reader takes it: text, NFC (bytes that are not UTF-8 raise here)."""
    text = line if line.__class__ is str else line.decode("utf-8")  # type: ignore[union-attr]
    return text if text.isascii() else unicodedata.normalize("NFC", text)  # type: ignore[union-attr]


def jsonl_block(block: bytes, first_line: int, parser: JsonParser, blank: Tally) -> LineBlock:
    """The rows of ``block`` (whole UTF-8 lines, the first numbered ``first_line``), read as
    ``jsonl_rows`` reads them: the same cells, problems, headers and blank lines.

    orjson reads the plain lines straight from the bytes; a line that needs the careful decoder
    (a key written twice, a backslash-u escape, NaN, a list, a number orjson rounds, not an
    object, blank) is read again by the per-line reader. The checks are made on the whole block
    or column at a time, and line by line only when one fails. A block with a ``\\r`` (which ends
    a line of its own) or with text that is not NFC is read line by line as text.
    """
    read = None
    if _orjson is not None and b"\r" not in block:
        lines: list[Any] = block.split(b"\n")
        if not lines[-1]:
            lines.pop()
        read = _read_lines(lines, first_line, parser)
    if read is None:
        lines = list(io.StringIO(block.decode("utf-8"), newline=""))
        read = _read_lines(lines, first_line, parser)
        assert read is not None
    numbers, keys, columns, kinds, problems, blanks = read
    for number in blanks:
        blank.add(number)
    parser.cells(dict.fromkeys(keys))  # the headers, in the order rows wrote them
    return LineBlock(len(lines), numbers, keys, columns, kinds, problems)


def _read_lines(lines: list[Any], first_line: int, parser: JsonParser) -> tuple[Any, ...] | None:
    """Read ``lines`` (bytes for orjson, or text for the per-line reader); None when orjson read
    text that is not NFC (the caller then reads the block as text)."""
    cells: list[Any] = [None] * len(lines)
    slow: list[int] = list(range(len(lines)))  # the lines still to be read by the per-line reader
    if lines and lines[0].__class__ is bytes:
        loads, error = _orjson.loads, _orjson.JSONDecodeError
        try:
            cells = list(map(loads, lines))  # every line JSON: the usual block, read in one C loop
        except error:
            cells = []
            for line in lines:
                try:
                    cells.append(loads(line))
                except error:
                    cells.append(None)
        if set(map(type, cells)) == _DICT:
            fast, slow = list(range(len(cells))), []
        else:
            fast = [i for i, value in enumerate(cells) if value.__class__ is dict]
            slow = [i for i, value in enumerate(cells) if value.__class__ is not dict]
        _check_plain(lines, cells, fast, slow)
    problems: dict[int, Message] = {}
    blanks: list[int] = []
    for i in sorted(set(slow)):
        read = _line_row(parser, first_line + i, _text(lines[i]))
        if read is None:
            blanks.append(i)
            continue
        cells[i], problem = read
        if problem is not None:
            problems[i] = problem
    numbers = list(range(first_line, first_line + len(lines)))
    if blanks:
        gone = set(blanks)
        kept = [i for i in range(len(lines)) if i not in gone]
        where = {i: j for j, i in enumerate(kept)} if problems else {}
        problems = {where[i]: problem for i, problem in problems.items()}
        cells = [cells[i] for i in kept]
        numbers = [numbers[i] for i in kept]
    keys, columns, kinds = _columns(cells)
    if lines and lines[0].__class__ is bytes and not _normalised(keys, columns, kinds):
        return None
    if _rounded(columns, kinds):  # a list or a float past 2**63 somewhere: find its rows
        again = [i for i, row in enumerate(cells) if not (i in problems or _plain(row))]
        for i in again:
            read = _line_row(parser, numbers[i], _text(lines[numbers[i] - first_line]))
            assert read is not None  # the line was an object
            cells[i], problem = read
            if problem is not None:
                problems[i] = problem
        if again:
            keys, columns, kinds = _columns(cells)
    return numbers, keys, columns, kinds, problems, [first_line + i for i in blanks]


def _normalised(keys: list[str], columns: dict[str, Sequence[Any]], kinds: dict[str, set[type]]) -> bool:
    """Every key and text cell is NFC: then the lines read as they would once normalised (a line
    that orjson reads has text only inside its strings). ASCII text is NFC at no cost."""
    nfc = partial(unicodedata.is_normalized, "NFC")
    if not all(map(nfc, keys)):
        return False
    for key, kind in kinds.items():
        if str not in kind:
            continue
        column = columns[key]
        if kind <= _TEXTS:
            if not all(map(nfc, filterfalse(str.isascii, filter(None, column)))):
                return False
        elif not all(nfc(v) for v in column if v.__class__ is str):
            return False
    return True


def _check_plain(lines: list[bytes], cells: list[Any], fast: list[int], slow: list[int]) -> None:
    """Send to ``slow`` the objects orjson read whose line needs the careful decoder: a backslash-u
    escape (its text is normalised after decoding), or a key written twice (orjson keeps the last
    one silently). Every key is followed by one ':', so as many ':' as keys in all the lines
    means no line has more than its keys; only otherwise are the lines counted one by one."""
    import numpy as np  # only large JSON Lines lists come here

    texts = b"\n".join([lines[i] for i in fast]) if len(fast) < len(lines) else b"\n".join(lines)
    if b"\\" in texts:  # a backslash somewhere: look for the escapes line by line
        for i in fast:
            if b"\\u" in lines[i]:
                slow.append(i)
    colons = int(np.count_nonzero(np.frombuffer(texts, dtype=np.uint8) == _COLON))
    if colons != (sum(map(len, cells)) if len(fast) == len(lines) else sum(len(cells[i]) for i in fast)):
        slow.extend(i for i in fast if lines[i].count(b":") != len(cells[i]))


def _columns(cells: list[dict[str, Any]]) -> tuple[list[str], dict[str, Sequence[Any]], dict[str, set[type]]]:
    """Every key of ``cells`` in the order first written, its column and the types in it. Rows
    that all have the first row's keys are read with one ``itemgetter``."""
    keys: list[str] = []
    columns: dict[str, Sequence[Any]] = {}
    first = next((row for row in cells if row), None)
    if first is None:
        return keys, columns, {}
    keys = list(first)
    width = len(keys)
    try:
        if set(map(len, cells)) != {width}:
            raise KeyError
        if width == 1:
            columns = {keys[0]: [row[keys[0]] for row in cells]}
        else:
            columns = dict(zip(keys, zip(*map(itemgetter(*keys), cells))))  # type: ignore[arg-type]
    except KeyError:
        keys = list(dict.fromkeys(chain.from_iterable(cells)))
        columns = {key: [row.get(key) for row in cells] for key in keys}
    kinds = {key: set(map(type, column)) for key, column in columns.items()}
    return keys, columns, kinds


def _rounded(columns: dict[str, Sequence[Any]], kinds: dict[str, set[type]]) -> bool:
    """True when some cell is a list, or a float that orjson may have rounded from an integer
    beyond 64 bits: the rows holding one are read again by the careful decoder."""
    for key, kind in kinds.items():
        if kind <= _FLAT:
            continue
        if list in kind or dict in kind:
            return True
        if float in kind:
            column = columns[key]
            if kind <= _NUMBERS:  # max and min compare in C: a closer look only near the edge
                numbers = column if type(None) not in kind else [v for v in column if v is not None]
                if max(numbers) < _BEYOND_INT64 and min(numbers) > -_BEYOND_INT64:
                    continue
            if any(v.__class__ is float and abs(v) >= _BEYOND_INT64 for v in column):
                return True
    return False
