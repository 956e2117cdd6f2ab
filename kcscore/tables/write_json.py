"""The ranking as JSON (CONTRACT.md §3) and as JSON Lines, streamed for very long lists.

JSON: ``BatchResult.to_json()``, UTF-8, Vietnamese as is (``ensure_ascii=False``), indent 2, keys
in the order the result models build them (fixed by code, so output is byte-identical for the
same input), strict JSON (no NaN), one trailing newline.

JSON Lines (``.jsonl``), one JSON object per line, compact, in this order:

1. ``{"policy": {...}, "lang": "vi"}`` — the pack's id, version, sha256 (and as_of);
2. one line per assessment — exactly the object of CONTRACT.md §3 (it has ``id`` and ``decision``);
3. ``{"error": {...}}`` per input row that could not be assessed — in the same file, so every
   input row appears exactly once in one file;
4. ``{"funding": {...}}`` when a budget was given;
5. ``{"summary": {...}}`` — the counts, written on close; a file without it was not finished
   (which cannot happen to a file at its final path, see below).

The stream is written to a temporary file beside the target and renamed over it on ``close()``:
the target is either the previous file or the complete new one, never a half-written one.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from kcscore.assess.result import Assessment
from kcscore.batch.result import BatchResult, Funding, RowError
from kcscore.fileio import write_text_atomic
from kcscore.policy.ir import Policy
from kcscore.tables.write_labels import lang_of

_BUFFER = 1 << 20


def dumps_pretty(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def dumps_line(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def write_json(result: BatchResult, path: Path, policy: Policy, lang: str = "vi") -> None:
    write_text_atomic(Path(path), dumps_pretty(result.to_json()))


class JsonlWriter:
    """Write assessments one line at a time without holding them; atomic on ``close()``.

    Use as a context manager: leaving the block normally publishes the file, leaving it with an
    exception removes the temporary file and leaves any previous output untouched.
    """

    def __init__(self, path: Path, policy_header: dict[str, Any], lang: str) -> None:
        self.path = Path(path)
        self.lang = lang_of(lang)
        directory = self.path.parent if str(self.path.parent) else Path(".")
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=directory)
        self._tmp = Path(tmp)
        self._handle: TextIO | None = os.fdopen(fd, "w", encoding="utf-8", newline="\n", buffering=_BUFFER)
        self.counts = {"rows": 0, "assessed": 0, "eligible": 0, "incomplete": 0, "ineligible": 0, "funded": 0,
                       "errors": 0}
        self._line({"policy": policy_header, "lang": self.lang})

    def _line(self, data: Any) -> None:
        if self._handle is None:
            raise ValueError("JsonlWriter is closed")
        self._handle.write(dumps_line(data))

    def write(self, assessment: Assessment, with_budget: bool = False) -> None:
        self._line(assessment.to_json(with_budget))
        self.counts["rows"] += 1
        self.counts["assessed"] += 1
        if assessment.decision in ("eligible", "incomplete", "ineligible"):
            self.counts[assessment.decision] += 1
        if with_budget and assessment.funded:
            self.counts["funded"] += 1

    def write_error(self, error: RowError) -> None:
        self._line({"error": error.to_json()})
        self.counts["rows"] += 1
        self.counts["errors"] += 1

    def write_funding(self, funding: Funding) -> None:
        self._line({"funding": funding.to_json()})

    def close(self) -> None:
        """Write the summary line and move the file into place. Closing twice does nothing."""
        if self._handle is None:
            return
        try:
            self._line({"summary": dict(self.counts)})
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            self._handle = None
            os.replace(self._tmp, self.path)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Drop what was written; the target path keeps whatever it had before."""
        if self._handle is not None:
            try:
                self._handle.close()
            finally:
                self._handle = None
        try:
            os.unlink(self._tmp)
        except FileNotFoundError:
            pass

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def write_jsonl(result: BatchResult, path: Path, policy: Policy, lang: str = "vi") -> None:
    with_budget = result.funding is not None
    with JsonlWriter(Path(path), result.policy, lang) as writer:
        for assessment in result.assessments:
            writer.write(assessment, with_budget)
        for error in result.errors:
            writer.write_error(error)
        if result.funding is not None:
            writer.write_funding(result.funding)
        writer.counts.update(result.summary())  # the batch knows rows it skipped; its counts win
