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

import json
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from kcscore.i18n import Message
from kcscore.tables.notes import Note, Tally, clip, listing
from kcscore.tables.table import RawRow, TableError

__all__ = ["ARRAY_KEY", "JsonParser", "array_rows", "jsonl_rows"]

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


def _kind(value: Any) -> tuple[str, str]:
    if isinstance(value, bool):
        return "giá trị đúng/sai", "a boolean"
    if isinstance(value, (int, float)):
        return "một số", "a number"
    if isinstance(value, str):
        return "một chuỗi", "a string"
    if isinstance(value, list):
        return "một mảng", "an array"
    return "null", "null"


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

    def repeated_problem(self, text: str, start: int, end: int, line: int) -> tuple[str, str] | None:
        """The row's problem when a key was written twice in the object just decoded from
        ``text[start:end]`` (which starts on ``line``): each key, with the lines (or the columns, on
        one line) of its first two occurrences."""
        if not self.repeated:
            return None
        shown_vi, shown_en = [], []
        for key in self.repeated:
            pattern = re.compile(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:")
            places = [(line + text.count("\n", start, m.start()), m.start() - text.rfind("\n", 0, m.start()))
                      for m in pattern.finditer(text, start, end)][:2]
            if len(places) < 2:  # written with escapes: the key is still named
                shown_vi.append(f"'{key}'")
                shown_en.append(f"'{key}'")
            elif places[0][0] == places[1][0]:
                shown_vi.append(f"'{key}' (dòng {places[0][0]}, cột {places[0][1]} và cột {places[1][1]})")
                shown_en.append(f"'{key}' (line {places[0][0]}, columns {places[0][1]} and {places[1][1]})")
            else:
                shown_vi.append(f"'{key}' (dòng {places[0][0]} và dòng {places[1][0]})")
                shown_en.append(f"'{key}' (lines {places[0][0]} and {places[1][0]})")
        self.repeated.clear()
        return (f"trường được viết hai lần trong cùng một hồ sơ: {listing(shown_vi)}; giữ lại một giá trị",
                f"field written twice in one applicant: {listing(shown_en)}; keep one value")

    def cells(self, value: Any, what: tuple[str, str]) -> tuple[dict[str, Any], tuple[str, str] | None]:
        """An element's cells, or ({}, problem) when it is not an object."""
        if not isinstance(value, dict):
            kind_vi, kind_en = _kind(value)
            shown = clip(json.dumps(value, ensure_ascii=False))
            return {}, (f"{what[0]} không phải một đối tượng JSON {{...}} mà là {kind_vi}: {shown}",
                        f"{what[1]} is not a JSON object {{...}} but {kind_en}: {shown}")
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
            cells, problem = parser.cells(value, (f"phần tử thứ {number} của mảng", f"array element {number}"))
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


def jsonl_rows(lines: Iterator[str], headers: list[str], warnings: list[str], first_line: int = 1) -> Iterator[RawRow]:
    """One row per non-blank line; row and line are both the line number (``first_line`` for the
    first of ``lines``, when reading a file in parts)."""
    parser = JsonParser(headers)
    blank = Tally()
    for number, text in enumerate(lines, start=first_line):
        if not text.strip():
            blank.add(number)
            continue
        text = text.rstrip("\r\n")
        try:
            value = parser.decode_line(text)
        except json.JSONDecodeError as error:
            parser.repeated.clear()
            yield RawRow(number, number, {}, (
                f"dòng {number} không phải JSON hợp lệ (cột {error.colno}: {error.msg}): {clip(text)}",
                f"line {number} is not valid JSON (column {error.colno}: {error.msg}): {clip(text)}",
            ))
            continue
        except RecursionError:  # one line too deep is that row's error; the other lines are read
            parser.repeated.clear()
            yield RawRow(number, number, {}, (f"dòng {number}: dữ liệu JSON lồng nhau quá sâu",
                                              f"line {number}: the JSON data is nested too deeply"))
            continue
        except ValueError as error:  # an integer of thousands of digits: that row's error too
            parser.repeated.clear()
            yield RawRow(number, number, {}, (f"dòng {number}: giá trị không đọc được: {error}",
                                              f"line {number}: a value cannot be read: {error}"))
            continue
        repeated = parser.repeated_problem(text, 0, len(text), number) if parser.repeated else None
        cells, problem = parser.cells(value, (f"dòng {number}", f"line {number}"))
        yield RawRow(number, number, cells, problem or repeated)
    if blank:
        warnings.append(Note("note.jsonl_blank", count=len(blank), lines=blank.shown()))
