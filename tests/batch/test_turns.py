"""Two processes writing one file's chunks in turn: every chunk once, in order, and a failure on
either side never passes for a finished file."""

from __future__ import annotations

import os
import random
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from kcscore.batch.fast import run_fast
from kcscore.output import jsonl, turns
from kcscore.output.turns import ChildFailed, write_in_turns
from kcscore.policy.loader import load_policy
from kcscore.synthetic import thresholds
from tests.batch.test_batch_properties import eligible_leaning


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """Two processes waiting for each other's offset would wait forever: fail instead."""
    def late(signum: int, frame: object) -> None:
        raise TimeoutError("the writers waited for each other")

    previous = signal.signal(signal.SIGALRM, late)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def rows():  # type: ignore[no-untyped-def]
    policy = load_policy()
    near = thresholds(policy)
    return policy, [eligible_leaning(policy, random.Random(i), i, near) for i in range(120)]


def _chunks(count: int) -> list[bytes]:
    rng = random.Random(count)
    return [f"chunk {n} ".encode() + "Hà Nội ".encode() * rng.randrange(0, 3000) + b"\n" for n in range(count)]


_BEFORE: set[int] = set()


def _children() -> set[int]:
    """This process's children, reaped or not (a zombie is still listed), from /proc."""
    out: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        out.update(int(pid) for pid in (task / "children").read_text().split())
    return out


@pytest.fixture(autouse=True)
def children_before() -> None:
    """The children other tests left running: only a writer child still there is this test's fault."""
    _BEFORE.clear()
    _BEFORE.update(_children())


def _no_child_left() -> bool:
    return _children() <= _BEFORE


@pytest.mark.parametrize("count", [0, 1, 2, 3, 8, 11])
def test_the_chunks_land_in_order_after_what_was_there(tmp_path: Path, count: int) -> None:
    chunks = _chunks(count)
    out = tmp_path / "out"
    with open(out, "wb") as handle:
        handle.write(b"before\n")
        handle.flush()
        end = write_in_turns(handle.fileno(), handle.tell(), count, lambda: chunks.__getitem__)
        handle.seek(end)
        handle.write(b"after\n")
    assert out.read_bytes() == b"before\n" + b"".join(chunks) + b"after\n"
    assert end == len(b"before\n") + sum(map(len, chunks))
    assert _no_child_left()


@pytest.mark.parametrize("count", [4, 5])
def test_a_child_that_fails_to_build_is_not_waited_for(tmp_path: Path, count: int) -> None:
    parent = os.getpid()
    chunks = _chunks(count)

    def build(n: int) -> bytes:
        if os.getpid() != parent and n == 3:
            raise RuntimeError("broken")
        return chunks[n]

    with open(tmp_path / "out", "wb") as handle, pytest.raises(ChildFailed):
        write_in_turns(handle.fileno(), 0, count, lambda: build)
    assert _no_child_left()


def test_a_child_that_fails_after_passing_its_offset_is_not_a_success(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The child passes the end of its last chunk before writing it: the parent has all it needs,
    but the chunk is not in the file, and only the child's exit says so."""
    parent = os.getpid()
    real = turns.pwrite_all

    def full(fd: int, data: bytes, offset: int) -> None:
        if os.getpid() != parent:
            raise OSError(28, "No space left on device")
        real(fd, data, offset)

    monkeypatch.setattr(turns, "pwrite_all", full)
    chunks = _chunks(2)
    with open(tmp_path / "out", "wb") as handle, pytest.raises(ChildFailed):
        write_in_turns(handle.fileno(), 0, 2, lambda: chunks.__getitem__)
    assert _no_child_left()


def test_a_parent_that_fails_stops_the_child(tmp_path: Path) -> None:
    parent = os.getpid()
    chunks = _chunks(9)

    def build(n: int) -> bytes:
        if os.getpid() == parent and n == 4:
            raise KeyboardInterrupt
        return chunks[n]

    with open(tmp_path / "out", "wb") as handle, pytest.raises(KeyboardInterrupt):
        write_in_turns(handle.fileno(), 0, 9, lambda: build)
    assert _no_child_left()


@pytest.mark.parametrize("chunk", [7, 13, 60])
def test_two_writers_write_the_bytes_of_one(tmp_path: Path, rows, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                            chunk: int) -> None:
    policy, data = rows
    lean = run_fast(policy, data, budget=800_000_000)
    jsonl.write_lean(lean, tmp_path / "one.jsonl")  # 120 rows: one process
    monkeypatch.setattr(jsonl, "PARALLEL_ABOVE", 10)
    monkeypatch.setattr(jsonl, "CHUNK", chunk)  # several chunks each
    jsonl.write_lean(lean, tmp_path / "two.jsonl")
    assert (tmp_path / "two.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.jsonl", "two.jsonl"]


@pytest.mark.parametrize("slow", ["parent", "child"])
def test_a_process_that_lags_does_not_change_the_file(tmp_path: Path, slow: str) -> None:
    """One process is slow to build: the other builds ahead and holds its chunks until their
    offsets come, and the file is the same."""
    import time

    parent = os.getpid()
    chunks = _chunks(12)

    def build(n: int) -> bytes:
        if (os.getpid() == parent) == (slow == "parent"):
            time.sleep(0.02)
        return chunks[n]

    with open(tmp_path / "out", "wb") as handle:
        end = write_in_turns(handle.fileno(), 0, len(chunks), lambda: build)
    assert (tmp_path / "out").read_bytes() == b"".join(chunks) and end == sum(map(len, chunks))
    assert _no_child_left()
