"""Reading a generated JSON Lines list into columns for the hand-vectorised floor.

Clean lists only: every cell must already have its field's JSON type (numbers as numbers, yes/no
as ``true``/``false``, enum ids, ISO dates) or be ``null``. kcscore also reads Vietnamese numbers,
labels, aliases and broken lines and reports bad cells; the floor does not, and refuses the list
instead (``NotClean``), so that it never writes other bytes than kcscore silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
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
    raw: dict[str, list[Any]]  # every field's cells as read (None for blank)
    num: dict[str, np.ndarray]  # numeric fields: float64, NaN for blank
    null: dict[str, np.ndarray]  # every field: bool, blank
    code: dict[str, np.ndarray]  # enum fields: index into the field's values, -1 blank
    flag: dict[str, np.ndarray]  # boolean fields: bool (False where blank)
    day: np.ndarray  # submitted_on as days since 1970, -1 where blank


def _check(name: str, spec: dict[str, Any], cells: list[Any]) -> None:
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


def read(path: Path, fields: dict[str, dict[str, Any]]) -> Columns:
    """Every line parsed with orjson (the whole file in one array), then one list per field."""
    data = path.read_bytes()
    if data.endswith(b"\n"):
        data = data[:-1]
    if not data or data.startswith(b"\n") or b"\n\n" in data or b"\r" in data:
        raise NotClean("the list has blank lines, Windows line ends or no line at all")  # (a line of spaces: below)
    try:
        rows = orjson.loads(b"[" + data.replace(b"\n", b",") + b"]")
    except orjson.JSONDecodeError as exc:
        raise NotClean(f"a line is not one JSON object ({exc})") from None
    n = len(rows)
    if not all(type(r) is dict for r in rows):
        raise NotClean("a line is not a JSON object")
    known = set(fields)
    names = list(fields)
    take = itemgetter(*names)
    every = n > 0
    try:  # generated lists write every field on every line: one C call per row
        raw = dict(zip(names, map(list, zip(*map(take, rows))))) if n else {name: [] for name in names}
    except KeyError:
        every = False
        raw = {name: [r.get(name) for r in rows] for name in names}
    if not every or any(len(r) != len(names) for r in rows):
        if any(not r.keys() <= known for r in rows):
            raise NotClean("a line has a column the pack does not declare")
    del rows
    num, null, code, flag = {}, {}, {}, {}
    for name, spec in fields.items():
        cells = raw[name]
        _check(name, spec, cells)
        kind = spec["type"]
        if kind in NUMERIC:
            num[name] = np.array(cells, dtype=np.float64)  # None becomes NaN
            _check_range(name, spec, num[name])
            null[name] = np.isnan(num[name])
            continue
        objects = np.array(cells, dtype=object)
        null[name] = np.equal(objects, None)
        if kind == "boolean":
            flag[name] = np.equal(objects, True)
        elif kind == "enum":
            index = {value: i for i, value in enumerate(spec["values"])}
            index[None] = -1
            code[name] = np.fromiter(map(index.__getitem__, cells), dtype=np.int16, count=n)
    ids = raw["id"]
    if null["id"].any() or null["name"].any():
        raise NotClean("an applicant has no id or no name")
    if len(set(ids)) != n:
        raise NotClean("two applicants share an id")
    dates = [d for d in raw["submitted_on"] if d is not None]
    if set(map(len, dates)) - {10}:
        raise NotClean("a submission date is not written YYYY-MM-DD")
    try:
        parsed = np.array(raw["submitted_on"], dtype="datetime64[D]")
    except ValueError:
        raise NotClean("a submission date is not an ISO date") from None
    days = np.where(null["submitted_on"], -1, parsed.astype(np.int64))
    return Columns(n, raw, num, null, code, flag, days)
