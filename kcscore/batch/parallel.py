"""Read a large JSON Lines list into typed columns with both cores.

Reading and typing a hundred thousand rows is the longest single step of a large ranking and it
runs on one core. A UTF-8 JSON Lines file can be cut at a line break: two forked children read
and type a half each, and their columns come back through temporary files. Unpickled here, the
columns lie packed in memory; typed here, they would lie scattered among the freed raw cells.
Each child reads its half a block at a time (``BLOCK`` bytes, cut at a line break), so neither
the file's bytes nor its decoded text are ever held whole. Row numbers, bad cells and warnings
are those the one-process reader gives (``tests/batch/test_parallel.py`` compares them).
"""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import tempfile
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from kcscore.batch.columnar import ColumnReader, Columns
from kcscore.forking import fork, stop_child
from kcscore.policy.ir import Policy
from kcscore.tables.json_reader import JsonParser, blank_note, jsonl_block
from kcscore.tables.notes import Tally

PARALLEL_BYTES = 8 * 1024 * 1024


# bytes parsed at once: the objects orjson makes of 128 KB of lines (a hundred-odd rows) still fit
# in a core's own cache while they are turned into columns; 512 KB blocks spilled out of it and
# read a million rows about a seventh slower. ``ColumnReader`` types a few blocks at once
BLOCK = 128 * 1024


def _blocks(path: Path, start: int, end: int) -> Iterator[bytes]:
    """Bytes ``start`` to ``end`` of ``path``, a block at a time, each cut after its last line
    break (the last block takes what is left): a UTF-8 character never contains the byte of
    ``\n``, and ``\r\n`` stays whole, so the lines are those of the whole text read at once."""
    with open(path, "rb") as handle:
        handle.seek(start)
        left = end - start
        carry = b""
        while left > 0:
            block = handle.read(min(BLOCK, left))
            if not block:
                break
            left -= len(block)
            block = carry + block
            cut = block.rfind(b"\n") + 1 if left > 0 else len(block)
            carry = block[cut:]
            if cut:
                yield block[:cut]
        if carry:
            yield carry


def _line_break_after(path: Path, start: int) -> int:
    """The offset just past the first line break at or after ``start``; -1 when there is none."""
    with open(path, "rb") as handle:
        handle.seek(start)
        offset = start
        while block := handle.read(1 << 16):
            found = block.find(b"\n")
            if found >= 0:
                return offset + found + 1
            offset += len(block)
    return -1


def _count_lines(path: Path, start: int, end: int) -> int:
    """The line breaks between bytes ``start`` and ``end`` of ``path``."""
    count = 0
    with open(path, "rb") as handle:
        handle.seek(start)
        left = end - start
        while left > 0 and (block := handle.read(min(BLOCK, left))):
            left -= len(block)
            count += block.count(b"\n")
    return count


def _columns(policy: Policy, path: Path, start: int, end: int, first_line: int, lang: str
             ) -> tuple[Columns, list[str], Tally]:
    """The typed columns of bytes ``start`` to ``end`` (whose first line is ``first_line``), with
    the headers ``jsonl_rows`` would give and the blank lines it would warn about (counted, so that
    the parent says those of both halves in one warning): a block of lines is read into columns at
    once (``jsonl_block``) and typed with the others of its chunk."""
    headers: list[str] = []
    parser = JsonParser(headers)
    blank = Tally()
    reader = ColumnReader(policy, lang)
    number = first_line
    for block in _blocks(path, start, end):
        lines = jsonl_block(block, number, parser, blank)
        number += lines.count
        reader.add_block(lines)
    return reader.finish(), headers, blank


def _merge(first: Columns, second: Columns) -> Columns:
    offset = first.size
    for mine, theirs in ((first.rows, second.rows), (first.lines, second.lines)):
        mine.extend_column(theirs)
        mine.freeze()
    for name, values in second.values.items():
        first.values[name].extend_column(values)
        first.values[name].freeze()
    for position, cells in second.problems.items():
        first.problems[position + offset] = cells
    for column in second.unknown_columns:
        if column not in first.unknown_columns:
            first.unknown_columns.append(column)
    return first


def _type_in_child(policy: Policy, path: Path, start: int, end: int, first_line: int, lang: str, out: str) -> int:
    """Fork a child that types bytes ``start`` to ``end`` and pickles its columns to ``out``;
    the child's id. The child leaves without the parent's cleanup; a non-zero exit means failure."""
    pid = fork()
    if pid == 0:
        code = 0
        try:
            result = _columns(policy, path, start, end, first_line, lang)
            with open(out, "wb") as handle:
                pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - the parent then reads the file itself
            code = 1
        os._exit(code)
    return pid


def read_jsonl_columns(policy: Policy, path: Path, encoding: str | None, lang: str = "vi"
                       ) -> tuple[Columns, list[str], list[Any]] | None:
    """Columns of a UTF-8 JSON Lines file read in two processes; None when that does not apply
    (another encoding, a small file, one core): the one-process reader then reads it."""
    if encoding not in (None, "utf-8", "utf-8-sig") or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return None
    size = path.stat().st_size
    if size < PARALLEL_BYTES:
        return None
    with open(path, "rb") as handle:
        start = 3 if handle.read(3) == b"\xef\xbb\xbf" else 0
    cut = _line_break_after(path, start + (size - start) // 2)
    if cut < 0:
        return None
    first_lines = _count_lines(path, start, cut)
    folder = tempfile.mkdtemp(prefix="kcscore-")
    pids: list[int] = []
    try:
        halves = [(start, cut, 1), (cut, size, first_lines + 1)]
        outs = [os.path.join(folder, f"half{n}.pickle") for n in range(len(halves))]
        gc.freeze()
        try:
            for (begin, end, first_line), out in zip(halves, outs):
                pids.append(_type_in_child(policy, path, begin, end, first_line, lang, out))
            statuses = [os.waitpid(pid, 0)[1] for pid in pids]
            pids = []
        except BaseException:  # interrupted or failed: stop the children too
            for pid in pids:
                stop_child(pid)
            raise
        finally:
            gc.unfreeze()
        if any(not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 for status in statuses):
            return None  # not UTF-8 after all, or a failure: the one-process reader reads it and says why
        parts = []
        for out in outs:
            with open(out, "rb") as handle:
                parts.append(pickle.load(handle))  # our own children's files, never user input
    finally:  # the temporary folder goes whatever happened, an interruption included
        shutil.rmtree(folder, ignore_errors=True)
    (first, headers, blank), (second, more_headers, more_blank) = parts
    for header in more_headers:
        if header not in headers:
            headers.append(header)
    blank.absorb(more_blank)  # the second half's blank lines come after the first's
    return _merge(first, second), headers, [blank_note(blank)] if blank else []
