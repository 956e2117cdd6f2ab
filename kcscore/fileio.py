"""Atomic writes: a report is either the complete new file or the old one, never half written.

Temporary files are made beside the output (so the final rename stays on one file system) and
carry kcscore's own mark, ``.<name>.kcscore-XXXXXXXX.tmp``. They are removed when a write fails
or is interrupted; one left by a killed process (SIGKILL, power loss) is swept by the next write
into the same folder once it is older than :data:`STALE_AFTER` seconds, so large runs never pile
up hidden files of hundreds of megabytes.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TextIO

TEMP_MARK = ".kcscore-"
TEMP_SUFFIX = ".tmp"
STALE_AFTER = 24 * 3600  # a write in progress is never this old; an abandoned one is
# mkstemp/mkdtemp add eight characters from [a-z0-9_]: only our own names match
_OURS = re.compile(r"^\..*" + re.escape(TEMP_MARK) + r"[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + r"$")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def temp_prefix(path: Path) -> str:
    """The start of every temporary name for ``path``: hidden, and marked as kcscore's."""
    return f".{Path(path).name}{TEMP_MARK}"


def is_own_temp(name: str) -> bool:
    return bool(_OURS.match(name))


def sweep_stale(directory: Path, now: float | None = None) -> list[Path]:
    """Remove kcscore temporary files and folders in ``directory`` older than ``STALE_AFTER``;
    returns what was removed. Anything that is not ours, or that vanishes meanwhile, is left."""
    removed: list[Path] = []
    limit = (time.time() if now is None else now) - STALE_AFTER
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        if not is_own_temp(entry.name):
            continue
        try:
            if entry.stat(follow_symlinks=False).st_mtime >= limit:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def write_atomic(path: Path, writer: Callable[[BinaryIO], None]) -> None:
    """Write through ``writer`` into a temporary file beside ``path``, then rename it into place.

    An ``OSError`` of the file system (no permission, not a folder, disk full) becomes an
    :class:`kcscore.errors.OutputError` naming ``path``; the temporary file never outlives a
    failure or an interruption.
    """
    from kcscore.errors import OutputError, write_failed

    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    tmp: str | None = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        sweep_stale(directory)
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=directory)
        with os.fdopen(fd, "wb") as handle:
            writer(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is for colleagues too
        os.replace(tmp, path)
        tmp = None
    except OutputError:
        raise
    except OSError as error:
        raise write_failed(path, error) from error
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass


def write_text_spooled(path: Path, produce: Callable[[TextIO, TextIO], None]) -> None:
    """Write a UTF-8 text file atomically as it is produced: ``produce(spool, out)`` writes to
    ``out`` and may park a later section of the file in ``spool``, a temporary file, until the
    part before it is written (a report's explanations wait while its ranking table is written),
    so neither part is ever held whole in memory."""

    def writer(handle: BinaryIO) -> None:
        out = io.TextIOWrapper(handle, encoding="utf-8", newline="\n")
        try:
            with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as spool:
                produce(spool, out)
            out.flush()
        finally:
            out.detach()  # write_atomic syncs and closes the handle

    write_atomic(path, writer)


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, lambda handle: handle.write(text.encode("utf-8")))
