"""The input/output floor of ranking a generated list to JSON Lines: what reading the list and
writing the result cost with no assessment at all.

No program that reads the list's lines and writes kcscore's lines can take less than:

- reading: every line parsed with orjson, the numbers, yes/no cells and dates of the default
  pack's fields put into numpy arrays (float64 with NaN for a blank, int8 codes), the text
  fields kept as lists;
- writing: the same bytes as kcscore's output, line by line, each line made from pieces by one
  ``bytes.join`` (as a hand-vectorised writer that had cached every sentence would do).

The assessment itself (conditions as array expressions, sentences, ranking) is not done here, so
this is a lower bound of a hand-vectorised floor, not that floor: kcscore's time divided by
this time is an upper bound of kcscore's ratio to such a floor. ``--check`` compares the bytes
written with kcscore's output (``cmp``) so that both sides write exactly the same thing.

    python -m benchmarks.floor LIST.jsonl KCSCORE_OUT.jsonl [--check]
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from kcscore.policy.loader import load_policy

NUMERIC = ("integer", "money", "number", "percent")


def field_types() -> dict[str, str]:
    """The default pack's fields and their types (read before the clock starts)."""
    return {name: spec.type for name, spec in load_policy().fields.items()}


def read_columns(path: Path, types: dict[str, str]) -> tuple[dict[str, Any], int]:
    """The list's fields as arrays (numbers, yes/no, dates) or lists (text, labels)."""
    raw: dict[str, list[Any]] = {name: [] for name in types}
    n = 0
    with path.open("rb") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = orjson.loads(line)
            n += 1
            for name, column in raw.items():
                column.append(record.get(name))
    out: dict[str, Any] = {}
    for name, values in raw.items():
        kind = types[name]
        if kind in NUMERIC:
            out[name] = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        elif kind == "boolean":
            out[name] = np.array([-1 if v is None else int(v) for v in values], dtype=np.int8)
        elif kind == "date":
            out[name] = np.array([-1 if v is None else dt.date.fromisoformat(v).toordinal() for v in values],
                                 dtype=np.int32)
        else:
            out[name] = values
    return out, n


def write_lines(pieces: list[list[bytes]], out: Path) -> None:
    """Each line joined from its pieces, written a chunk at a time."""
    with out.open("wb") as handle:
        for start in range(0, len(pieces), 4000):
            handle.write(b"".join(b"".join(line) for line in pieces[start:start + 4000]))


def pieces_of(result: Path) -> list[list[bytes]]:
    """kcscore's lines cut into the pieces a cached-fragment writer would join: one per finding
    and one for the rest of the line. Cutting is not timed."""
    lines = []
    with result.open("rb") as handle:
        for line in handle:
            lines.append(line.replace(b'},{"rule"', b'},\0{"rule"').split(b"\0"))
    return lines


def measure(src: Path, result: Path, check: bool) -> tuple[float, float]:
    """Seconds to read ``src`` into arrays and to write ``result``'s bytes again."""
    types = field_types()
    start = time.perf_counter()
    _, n = read_columns(src, types)
    read = time.perf_counter() - start
    pieces = pieces_of(result)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "floor.jsonl"
        start = time.perf_counter()
        write_lines(pieces, out)
        write = time.perf_counter() - start
        if check and not filecmp.cmp(out, result, shallow=False):
            raise SystemExit(f"the floor's bytes differ from {result}")
    del n
    return read, write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("list", type=Path)
    parser.add_argument("result", type=Path, help="kcscore's JSON Lines output for the same list")
    parser.add_argument("--check", action="store_true", help="compare the bytes written with the result")
    args = parser.parse_args()
    read, write = measure(args.list, args.result, args.check)
    print(f"floor (I/O only): read {read:.2f} s, write {write:.2f} s, total {read + write:.2f} s"
          + (" — same bytes" if args.check else ""))
    sys.stdout.flush()
    os._exit(0)  # the arrays and lists need no freeing


if __name__ == "__main__":
    main()
