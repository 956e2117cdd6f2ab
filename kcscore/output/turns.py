"""Two processes write one file's chunks in turn, each straight into its place.

A large JSON Lines file is built by two processes. When each wrote a half, the second half went
to a file of its own, which the first then copied after its own half: half the output written
twice, and the copy done by one process alone at the end, while the other core sat idle. Here
the chunks are dealt out in turn (this process the even ones, a forked child the odd ones); a
chunk's place in the file is known once the chunk before it is built, so the two pass each other
the end of each chunk through a pipe, as eight bytes, and write with ``os.pwrite`` at that
offset. Each byte is written once, both cores build and write to the end, and neither holds more
than the chunk it is on. The offset is passed before the chunk is written, so that the two
writes can overlap.

A child that fails exits with an error code (and its pipe closes, so this process never waits
for an offset that cannot come); this process then raises, and the caller's atomic write removes
the incomplete file. If this process fails or is interrupted, it kills the child first.
"""

from __future__ import annotations

import gc
import os
import select
import struct
from collections import deque
from collections.abc import Callable

from kcscore.forking import fork, stop_child

_OFFSET = struct.Struct("<Q")
AHEAD = 1  # built chunks a process may hold while their offsets have not come (memory: ~17 MB each)

# builds chunk ``n`` (0, 1, …) of the file; made in each process, after the fork, so that its
# caches are that process's own and nothing built in one is copied into the other
Builder = Callable[[int], bytes]


class ChildFailed(RuntimeError):
    """The forked writer of the odd chunks ended without writing them all."""


def _send(fd: int, offset: int) -> None:
    """Pass ``offset`` on; the other process having ended (its end of the pipe closed) is the same
    failure as an offset that never comes, whichever of the two a busy machine lets happen first."""
    try:
        os.write(fd, _OFFSET.pack(offset))  # eight bytes: a pipe writes them whole
    except BrokenPipeError as exc:
        raise ChildFailed("the other line writer stopped before taking its offset") from exc


def _receive(fd: int) -> int:
    data = b""
    while len(data) < _OFFSET.size:
        more = os.read(fd, _OFFSET.size - len(data))
        if not more:  # the other process ended without passing it: it failed or was killed
            raise ChildFailed("the other line writer stopped before passing its offset")
        data += more
    return int(_OFFSET.unpack(data)[0])


def pwrite_all(fd: int, data: bytes, offset: int) -> None:
    """Write all of ``data`` at ``offset`` of ``fd`` (a write may take only part of it)."""
    view = memoryview(data)
    while view:
        done = os.pwrite(fd, view, offset)
        offset += done
        view = view[done:]


def _ready(fd: int) -> bool:
    """Whether an offset is waiting in the pipe ``fd`` (or the pipe has closed): reading would not block."""
    return bool(select.select([fd], [], [], 0)[0])


def _my_turns(fd: int, first: int, count: int, build: Builder, receive: int, send: int,
              start: int, always_send: bool) -> int:
    """Build and write chunks ``first``, ``first + 2``, … of ``count``; returns the end of the last.

    A built chunk waits (at most ``AHEAD`` of them) while its offset has not come, and the next is
    built meanwhile: on a busy machine the other process is often off its core for a while, and
    two processes that each waited for the other at every chunk would go at the pace of the slower
    of the two at every step, not over the whole file.
    """
    end = start
    waiting: deque[tuple[int, bytes]] = deque()
    for n in range(first, count, 2):
        waiting.append((n, build(n)))
        while waiting and (len(waiting) > AHEAD or n + 2 >= count or waiting[0][0] == 0 or _ready(receive)):
            m, data = waiting.popleft()
            at = start if m == 0 else _receive(receive)
            end = at + len(data)
            if always_send or m + 1 < count:
                _send(send, end)
            pwrite_all(fd, data, at)
    return end


def write_in_turns(fd: int, start: int, count: int, make_builder: Callable[[], Builder]) -> int:
    """Write chunks ``0 … count-1`` to ``fd`` one after another from ``start``, the even ones
    built here and the odd ones by a forked child; returns the offset after the last chunk.

    Returns only once the child has written all of its chunks and exited cleanly; raises
    :class:`ChildFailed` if it did not. ``fd`` must be a regular file opened for writing.
    """
    if count <= 1:
        end = start
        if count == 1:
            data = make_builder()(0)
            pwrite_all(fd, data, start)
            end += len(data)
        return end
    to_child_r, to_child_w = os.pipe()
    to_parent_r, to_parent_w = os.pipe()
    gc.freeze()  # the collector must not walk (and so copy) every shared object in the child
    try:
        pid = fork()
        if pid == 0:  # child: the odd chunks, then leave without the parent's cleanup
            code = 0
            try:
                os.close(to_child_w)
                os.close(to_parent_r)
                _my_turns(fd, 1, count, make_builder(), to_child_r, to_parent_w, start, always_send=True)
            except BaseException:  # noqa: BLE001 - reported to the parent through the exit code
                code = 1
            os._exit(code)
        os.close(to_child_r)
        os.close(to_parent_w)
        to_child_r = to_parent_w = -1
        try:
            end = _my_turns(fd, 0, count, make_builder(), to_parent_r, to_child_w, start, always_send=False)
            if (count - 1) % 2 == 1:  # the child wrote the last chunk: it passes its end
                end = _receive(to_parent_r)
            _, status = os.waitpid(pid, 0)
        except BaseException:  # interrupted or failed: the child's chunks are of no use now
            stop_child(pid)
            raise
    finally:
        gc.unfreeze()
        for fd_ in (to_child_r, to_child_w, to_parent_r, to_parent_w):
            if fd_ >= 0:
                try:
                    os.close(fd_)
                except OSError:
                    pass
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        raise ChildFailed("the second line writer failed")
    return end
