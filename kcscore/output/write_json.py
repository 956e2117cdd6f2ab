"""The ranking as JSON (keys in kcscore/assess/contract.py), streamed so a long list never becomes one huge string.

``BatchResult.to_json()``, UTF-8 without BOM, Vietnamese as is (``ensure_ascii=False``), indent 2,
keys in the order the result models build them (fixed by code, so the output is byte-identical
for the same input), strict JSON (no NaN), one trailing newline: the same bytes as
``json.dumps(..., indent=2)``. For very long lists JSON Lines (``kcscore.output.jsonl``) is the
format to use.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from kcscore.batch.result import BatchResult
from kcscore.explain.words import words
from kcscore.fileio import write_atomic
from kcscore.policy.ir import Policy


def dumps_pretty(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _pretty(value: Any, level: int) -> str:
    """``value`` as indented JSON to be placed at nesting ``level`` (JSON strings hold no raw
    newline, so re-indenting by replacing newlines is exact)."""
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False).replace("\n", "\n" + "  " * level)


def stream_pretty(data: dict[str, Any], out: TextIO) -> None:
    """Write ``dumps_pretty(data)`` piece by piece: a long list never becomes one huge string. A
    value may be an iterator, written as the list it yields and consumed once, item by item."""
    if not data:
        out.write("{}\n")
        return
    out.write("{")
    for n, (key, value) in enumerate(data.items()):
        out.write(("," if n else "") + "\n  " + json.dumps(key, ensure_ascii=False) + ": ")
        if isinstance(value, (list, Iterator)):
            empty = True
            for item in value:
                out.write(("," if not empty else "[") + "\n    " + _pretty(item, 2))
                empty = False
            out.write("[]" if empty else "\n  ]")
        else:
            out.write(_pretty(value, 1))
    out.write("\n}\n")


def write_json(result: BatchResult, path: Path, policy: Policy, lang: str = "vi") -> None:
    data = result.json_parts(words(policy))  # the assessments one at a time: a large list is rebuilt in chunks

    def writer(handle: BinaryIO) -> None:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="\n")
        try:
            stream_pretty(data, text)
            text.flush()
        finally:
            text.detach()  # write_atomic syncs and closes the handle

    write_atomic(Path(path), writer)
