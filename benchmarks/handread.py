"""Reading a generated JSON Lines list into columns for the hand-vectorised floor.

Clean lists only: every cell must already have its field's JSON type (numbers as numbers, yes/no
as ``true``/``false``, enum ids, ISO dates) or be ``null``. kcscore also reads Vietnamese numbers,
labels, aliases and broken lines and reports bad cells; the floor does not, and refuses the list
instead (``NotClean``), so that it never writes other bytes than kcscore silently.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import pickle
import re
import unicodedata
from dataclasses import dataclass
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import orjson
from operator import itemgetter

NUMERIC = ("integer", "money", "number", "percent")
_PADDED = re.compile(r"(?m)^\s|\s$")  # a text that starts or ends with white space (kcscore trims it)


class NotClean(Exception):
    """The list holds something the floor does not read (it would be a bad cell or a warning in kcscore)."""


@dataclass
class Columns:
    n: int
    raw: dict[str, list[Any]]  # the text fields' cells as read (None for blank)
    num: dict[str, np.ndarray]  # numeric fields: float64, NaN for blank
    null: dict[str, np.ndarray]  # every field: bool, blank
    code: dict[str, np.ndarray]  # enum fields: index into the field's values, -1 blank
    flag: dict[str, np.ndarray]  # boolean fields: bool (False where blank)
    day: np.ndarray  # submitted_on as days since 1970, -1 where blank
    fields: dict[str, dict[str, Any]]

    def cell(self, name: str, i: int) -> Any:
        """Row ``i``'s value of a field as kcscore holds it (None for a blank)."""
        if self.null[name][i]:
            return None
        kind = self.fields[name]["type"]
        if kind in ("integer", "money"):
            return int(self.num[name][i])
        if kind in NUMERIC:
            return float(self.num[name][i])
        if kind == "boolean":
            return bool(self.flag[name][i])
        if kind == "enum":
            return list(self.fields[name]["values"])[self.code[name][i]]
        if kind == "date":
            return dt.date.fromordinal(int(self.day[i]) + 719163)
        return self.raw[name][i]


def _check(name: str, spec: dict[str, Any], cells: Sequence[Any]) -> None:
    kind = spec["type"]
    kinds = set(map(type, cells)) - {type(None)}
    if kind in ("integer", "money"):
        ok = kinds <= {int}
    elif kind in ("number", "percent"):
        ok = kinds <= {int, float}
    elif kind == "boolean":
        ok = kinds <= {bool}
    elif kind == "enum":
        ok = kinds <= {str} and set(cells) - {None} <= set(spec["values"])
    else:
        ok = kinds <= {str}
    if not ok:
        raise NotClean(f"column {name!r} holds cells the floor does not read ({sorted(k.__name__ for k in kinds)})")
    if kind == "text":
        values = set(cells) - {None}
        if not values:
            return
        limit = spec.get("max_length")
        joined = "\n".join(values)  # one pass over every distinct text, not one call per cell
        if ("" in values or (limit is not None and max(map(len, values)) > limit) or _PADDED.search(joined)
                or not unicodedata.is_normalized("NFC", joined)):
            raise NotClean(f"column {name!r} has a text too long, blank-looking, padded or not in NFC")


def _check_range(name: str, spec: dict[str, Any], values: np.ndarray) -> None:
    known = values[~np.isnan(values)]
    if not len(known):
        return
    least, most = float(known.min()), float(known.max())
    low = spec.get("min")
    if low is not None and (least < low or (spec.get("min_exclusive") and least <= low)):
        raise NotClean(f"column {name!r} has a value below its minimum")
    if spec.get("max") is not None and most > spec["max"]:
        raise NotClean(f"column {name!r} has a value above its maximum")
    if most >= 2 ** 53:
        raise NotClean(f"column {name!r} has a number too large for the floor")


PART = 16384  # lines parsed at a time: the parsed objects of one part only are held
TWO_READERS_FROM = 1 << 20  # bytes; a smaller list is read by one process


def _part(lines: list[bytes], fields: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One part of the list as arrays (numbers, yes/no, enum codes, days) and text lists."""
    try:
        rows = orjson.loads(b"[" + b",".join(lines) + b"]")
    except orjson.JSONDecodeError as exc:
        raise NotClean(f"a line is not one JSON object ({exc})") from None
    n = len(rows)
    if not all(type(r) is dict for r in rows):
        raise NotClean("a line is not a JSON object")
    names = list(fields)
    every = True
    try:  # generated lists write every field on every line: one C call per row
        raw = dict(zip(names, zip(*map(itemgetter(*names), rows))))  # tuples, one per field
    except KeyError:
        every = False
        raw = {name: tuple(r.get(name) for r in rows) for name in names}
    if not every or any(len(r) != len(names) for r in rows):
        known = set(fields)
        if any(not r.keys() <= known for r in rows):
            raise NotClean("a line has a column the pack does not declare")
    del rows
    out: dict[str, Any] = {"n": n}
    for name, spec in fields.items():
        cells = raw[name]
        _check(name, spec, cells)
        kind = spec["type"]
        if kind in NUMERIC:
            out[name] = np.array(cells, dtype=np.float64)  # None becomes NaN
        elif kind == "boolean":
            objects = np.array(cells, dtype=object)
            out[name] = np.where(np.equal(objects, None), -1, np.equal(objects, True)).astype(np.int8)
        elif kind == "enum":
            index = {value: i for i, value in enumerate(spec["values"])}
            index[None] = -1
            out[name] = np.fromiter(map(index.__getitem__, cells), dtype=np.int16, count=n)
        elif kind == "date":
            if set(map(len, filter(None, cells))) - {10}:
                raise NotClean(f"column {name!r} has a date not written YYYY-MM-DD")
            try:
                parsed = np.array(cells, dtype="datetime64[D]")
            except ValueError:
                raise NotClean(f"column {name!r} has a date that is not an ISO date") from None
            out[name] = np.where(np.isnat(parsed), -1, parsed.astype(np.int64))
        else:
            out[name] = cells
    return out


def _parts(data: bytes, fields: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    lines = data.split(b"\n")
    return [_part(lines[start:start + PART], fields) for start in range(0, len(lines), PART)]


def _halves(data: bytes) -> tuple[bytes, bytes]:
    """The list cut at the line end nearest its middle."""
    cut = data.find(b"\n", len(data) // 2)
    return (data, b"") if cut < 0 else (data[:cut], data[cut + 1:])


def _in_child(data: bytes, fields: dict[str, dict[str, Any]]) -> tuple[int, int]:
    """Fork a process that reads ``data`` and pickles its parts into a pipe: (pid, read end)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, send, leave without cleaning up
        os.close(read_end)
        try:
            payload = pickle.dumps(("ok", _parts(data, fields)) if data else ("ok", []), protocol=5)
        except NotClean as exc:
            payload = pickle.dumps(("refused", str(exc)))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write_end)
    return pid, read_end


def read(path: Path, fields: dict[str, dict[str, Any]], processes: int = 2) -> Columns:
    """The list's columns: with two processes, the second half of the file is parsed by a forked
    child while this one parses the first; each parses ``PART`` lines at a time with orjson."""
    data = path.read_bytes()
    if data.endswith(b"\n"):
        data = data[:-1]
    if not data or data.startswith(b"\n") or b"\n\n" in data or b"\r" in data:
        raise NotClean("the list has blank lines, Windows line ends or no line at all")  # (a line of spaces: orjson)
    if processes > 1 and len(data) > TWO_READERS_FROM:
        first, second = _halves(data)
        del data
        pid, pipe = _in_child(second, fields)
        del second
        try:
            parts = _parts(first, fields)
        finally:
            with os.fdopen(pipe, "rb") as handle:
                answer = pickle.loads(handle.read())
            os.waitpid(pid, 0)
        if answer[0] == "refused":
            raise NotClean(answer[1])
        parts += answer[1]
    else:
        parts = _parts(data, fields)
        del data
    return _columns(parts, fields)


def _columns(parts: list[dict[str, Any]], fields: dict[str, dict[str, Any]]) -> Columns:
    n = sum(p["n"] for p in parts)
    raw: dict[str, list[Any]] = {}
    num, null, code, flag = {}, {}, {}, {}
    day = np.full(n, -1, dtype=np.int64)
    for name, spec in fields.items():
        kind = spec["type"]
        if kind in NUMERIC:
            num[name] = np.concatenate([p[name] for p in parts])
            _check_range(name, spec, num[name])
            null[name] = np.isnan(num[name])
        elif kind == "boolean":
            values = np.concatenate([p[name] for p in parts])
            null[name], flag[name] = values < 0, values == 1
        elif kind == "enum":
            code[name] = np.concatenate([p[name] for p in parts]).astype(np.int16)
            null[name] = code[name] < 0
        elif kind == "date":
            day = np.concatenate([p[name] for p in parts])
            null[name] = day < 0
        else:
            raw[name] = list(itertools.chain.from_iterable(p[name] for p in parts))
            null[name] = np.fromiter(map(_is_none, raw[name]), dtype=bool, count=n)
    if null["id"].any() or null["name"].any():
        raise NotClean("an applicant has no id or no name")
    if len(set(raw["id"])) != n:
        raise NotClean("two applicants share an id")
    return Columns(n, raw, num, null, code, flag, day, fields)


def _is_none(value: Any) -> bool:
    return value is None
