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

import errno
import gc
import io
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kcscore.batch.fast import LeanBatch, lean_projection
from kcscore.batch.lines import CHUNK, LineWriter
from kcscore.batch.result import BatchResult
from kcscore.explain.words import words
from kcscore.fileio import TEMP_SUFFIX, temp_prefix, write_atomic
from kcscore.forking import fork, stop_child
from kcscore.policy.ir import Policy

PARALLEL_ABOVE = 30_000
# the kernel cannot copy between these files (other file systems, an old kernel): copy them ourselves
_NO_KERNEL_COPY = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EBADF, errno.ETXTBSY}


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


def _append(source: str, handle: BinaryIO) -> None:
    """Copy the file ``source`` to the end of ``handle``: inside the kernel where it can
    (``os.copy_file_range``), so the second half of a large list does not pass through Python's
    buffers; else through them, a block at a time."""
    handle.flush()
    with open(source, "rb") as src:
        done = 0
        try:
            out, size = handle.fileno(), os.fstat(src.fileno()).st_size
            while done < size:
                copied = os.copy_file_range(src.fileno(), out, size - done)
                if copied == 0:
                    break
                done += copied
        except (AttributeError, OSError, io.UnsupportedOperation) as error:
            if not isinstance(error, (AttributeError, io.UnsupportedOperation)) and error.errno not in _NO_KERNEL_COPY:
                raise  # the disk is full, say: a plain copy would fail too
        handle.seek(0, os.SEEK_END)  # the buffered handle follows the descriptor's new end
        src.seek(done)
        while block := src.read(1 << 22):
            handle.write(block)


def write_lean(lean: LeanBatch, path: Path) -> None:
    """Stream a large list's lines to ``path`` atomically, in two processes when that helps."""
    order = lean.order
    workers = 2 if (len(order) > PARALLEL_ABOVE and (os.cpu_count() or 1) >= 2 and hasattr(os, "fork")) else 1

    def produce(handle: BinaryIO) -> None:
        if workers == 1:
            _write_lines(lean, order, handle)
        else:
            half = len(order) // 2
            folder = Path(path).parent if str(Path(path).parent) else Path(".")
            with tempfile.TemporaryDirectory(dir=folder, prefix=temp_prefix(path), suffix=TEMP_SUFFIX) as tmp:
                second = os.path.join(tmp, "second.jsonl")
                gc.freeze()  # the collector must not walk (and so copy) every shared object in the child
                pid = fork()
                if pid == 0:  # child: the second half, then leave without the parent's cleanup
                    code = 0
                    try:
                        with open(second, "wb") as part:
                            _write_lines(lean, order[half:], part)
                    except BaseException:  # noqa: BLE001 - reported to the parent through the exit code
                        code = 1
                    os._exit(code)
                try:
                    _write_lines(lean, order[:half], handle)
                    _, status = os.waitpid(pid, 0)
                except BaseException:  # interrupted or failed: the child's half is of no use now
                    stop_child(pid)
                    raise
                finally:
                    gc.unfreeze()
                if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
                    raise RuntimeError("the second line writer failed")
                _append(second, handle)
        for error in lean.errors:
            handle.write((json.dumps({"row": error.row, "error": error.to_json()}, ensure_ascii=False) + "\n").encode("utf-8"))

    write_atomic(Path(path), produce)


def write_result_jsonl(result: BatchResult, path: Path, policy: Policy) -> None:
    write_atomic(Path(path), lambda handle: handle.writelines((line + "\n").encode("utf-8")
                                                              for line in result_lines(result, policy)))
