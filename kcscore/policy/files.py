"""Which files make up a pack, and the content hash that identifies it.

Kept apart from the loader so that finding a checked pack in the cache does not import the
whole loader.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kcscore.sha import sha256

# (vi, en) of each kind of entry a pack folder cannot be read through
_KINDS = {
    "dangling": ("liên kết tượng trưng trỏ tới chỗ không tồn tại", "a symbolic link to nothing"),
    "loop": ("liên kết tượng trưng vòng lặp", "a symbolic link loop"),
    "fifo": ("ống có tên (FIFO)", "a named pipe (FIFO)"),
    "device": ("tệp thiết bị", "a device file"),
    "socket": ("socket", "a socket"),
    "unreadable": ("không đọc được thông tin tệp", "cannot be examined"),
}


class PackFolderError(OSError):
    """Entries of a pack folder that are not regular files: the pack is read whole or not at all,
    so each is named rather than skipped (a rule file silently missing changes every result)."""

    def __init__(self, entries: list[tuple[Path, str]]) -> None:
        super().__init__(errno.EINVAL, "; ".join(f"{path}: {_KINDS[kind][1]}" for path, kind in entries))
        self.entries = entries

    @staticmethod
    def kind_text(kind: str) -> tuple[str, str]:
        return _KINDS[kind]


def _kind(path: Path) -> str | None:
    """None for a regular file or a folder (followed through symbolic links), else what it is."""
    try:
        mode = path.stat().st_mode  # follows links: a FIFO behind a link is still a FIFO
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "loop"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR) and path.is_symlink():
            return "dangling"
        return "unreadable"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "socket"


def _yaml_files(folder: Path, bad: list[tuple[Path, str]]) -> list[Path]:
    """Regular *.yaml files of ``folder``; anything else named *.yaml (a FIFO or device would block
    or stream forever, a broken link hides a file) is added to ``bad``, never opened."""
    found = []
    for entry in os.scandir(folder):
        path = Path(entry.path)
        if path.suffix not in (".yaml", ".yml"):
            continue
        kind = _kind(path)
        if kind is not None:
            bad.append((path, kind))
        elif path.is_file():
            found.append(path)
    return sorted(found)


def pack_files(root: Path) -> tuple[list[Path], list[Path]]:
    """(rule files, test files) of a pack folder, sorted; PackFolderError naming every entry that
    is not a regular file (dangling or looping link, FIFO, device), including the tests folder."""
    bad: list[tuple[Path, str]] = []
    rule_files = _yaml_files(root, bad)
    tests_dir = root / "tests"
    test_files: list[Path] = []
    if os.path.lexists(tests_dir):
        kind = _kind(tests_dir)
        if kind is not None:
            bad.append((tests_dir, kind))
        elif tests_dir.is_dir():
            test_files = _yaml_files(tests_dir, bad)
    if bad:
        raise PackFolderError(sorted(bad))
    return rule_files, test_files


def content_hash(files: list[Path], root: Path) -> str:
    """sha256 over the files' relative paths and bytes.

    A pack has two: the *rules* hash over the rule files (everything outside ``tests/``, which is
    all that decides an outcome) keys every decision, and the *tests* hash over ``tests/``, so that
    editing a test case or its comment leaves the fingerprint of past decisions unchanged. File
    bytes, not parsed values, are hashed: anyone can recompute them from the files alone, and a
    comment in a rule file (often the legal text it implements) is part of what was approved.
    Files of a base layer sit outside ``root`` and are named from it (``../national/gates.yaml``)."""
    digest = sha256()
    for name, path in sorted((Path(os.path.relpath(p, root)).as_posix(), p) for p in files):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
