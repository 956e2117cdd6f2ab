"""Which files make up a pack, and the content hash that identifies it.

Kept apart from the loader so that finding a checked pack in the cache does not import the
whole loader.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def _yaml_files(folder: Path) -> list[Path]:
    # only regular files: a FIFO or a device named *.yaml must not block or stream forever
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def pack_files(root: Path) -> tuple[list[Path], list[Path]]:
    """(rule files, test files) of a pack folder, sorted."""
    rule_files = _yaml_files(root)
    tests_dir = root / "tests"
    test_files = _yaml_files(tests_dir) if tests_dir.is_dir() else []
    return rule_files, test_files


def content_hash(files: list[Path], root: Path) -> str:
    """sha256 over every file's relative path and bytes: the pack's identity in every output."""
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
