"""JSON Lines output: one applicant per line in report order, then one line per bad row.

Each line is an assessment object (the keys of kcscore/assess/contract.py) carrying its findings' rule, kind, status,
points and sentence, the missing fields, reasons, flags, support and the pack's id, version and
sha256; a bad row is ``{"row": n, "error": {...}}``. Findings are every scored rule plus the
gates and exclusions that say something (failed, unknown, exempt) and the flags raised: a
"condition met" line for each of a dozen gates would triple a large file and tell nothing. Small and large lists give the same lines: small
ones are projected from full assessments, large ones are built from arrays (``batch.lines``).
Large outputs are built by two processes when the machine has two cores; the file appears
atomically once complete.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kcscore.batch.fast import LeanBatch, lean_projection
from kcscore.batch.lines import CHUNK, LineWriter
from kcscore.batch.result import BatchResult
from kcscore.explain.words import words
from kcscore.fileio import write_atomic
from kcscore.output.turns import Builder, write_in_turns
from kcscore.policy.ir import Policy

PARALLEL_ABOVE = 30_000


def result_lines(result: BatchResult, policy: Policy) -> Iterator[str]:
    """Lines for a list assessed the per-applicant way, their sentences said from ``policy``."""
    said = words(policy)
    with_budget = result.funding is not None
    policy = {"id": result.policy["id"], "version": result.policy["version"], "sha256": result.policy["sha256"]}
    for a in result.assessments:
        data = lean_projection(a.to_json(said, with_budget))
        data["row"] = a.row
        data["policy"] = policy
        yield json.dumps(data, ensure_ascii=False)
    for error in result.errors:
        yield json.dumps({"row": error.row, "error": error.to_json()}, ensure_ascii=False)


def _write_lines(lean: LeanBatch, ks: list[int], handle: BinaryIO, chunk: int = CHUNK) -> None:
    """The lines of rows ``ks``, in that order, one write per chunk of rows (``batch.lines.LineWriter``)."""
    writer = LineWriter(lean)
    for start in range(0, len(ks), chunk):
        handle.write(writer.chunk(ks[start:start + chunk]))


def write_lean(lean: LeanBatch, path: Path) -> None:
    """Stream a large list's lines to ``path`` atomically, in two processes when that helps
    (``output.turns``: each writes its chunks straight into their place in the file)."""
    order = lean.order
    workers = 2 if (len(order) > PARALLEL_ABOVE and (os.cpu_count() or 1) >= 2 and hasattr(os, "fork")) else 1

    def produce(handle: BinaryIO) -> None:
        if workers == 1:
            _write_lines(lean, order, handle)
        else:
            def builder() -> Builder:
                writer = LineWriter(lean)
                return lambda n: writer.chunk(order[n * CHUNK:(n + 1) * CHUNK])

            handle.flush()
            count = -(-len(order) // CHUNK)
            end = write_in_turns(handle.fileno(), handle.tell(), count, builder)
            handle.seek(end)
        for error in lean.errors:
            handle.write((json.dumps({"row": error.row, "error": error.to_json()}, ensure_ascii=False) + "\n").encode("utf-8"))

    write_atomic(Path(path), produce)


def write_result_jsonl(result: BatchResult, path: Path, policy: Policy) -> None:
    write_atomic(Path(path), lambda handle: handle.writelines((line + "\n").encode("utf-8")
                                                              for line in result_lines(result, policy)))
