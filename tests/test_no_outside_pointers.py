"""No file of the project points at documents outside the repository.

A reader of the repository (policy staff, a reviewer) can only follow references to what ships
with it: the in-repo reference (docs/), the README, or the legal source itself.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POINTER = re.compile(r"CONTRACT(?:\.md| §)|DESIGN\.md|STYLE\.md|(?<![\w-])domain/|\.\./shared|/work/shared")


def _tracked() -> list[Path]:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in out.decode("utf-8").split("\0") if name]


def offending_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if POINTER.search(line)]


def test_the_pattern_catches_each_kind_of_pointer() -> None:
    # spelt in pieces so that this file itself holds no pointer for a plain grep to find
    contract, design, shared = "CONTRACT" + ".md", "DESIGN" + ".md", ".." + "/shared"
    for line in (f"# Applicant record ({contract} §2)", "--format json (CONTRACT §3)", f"({design}: missing)",
                 "as reported (domain/bac-kan-news-2018.vi.txt)", f"see {shared}/STYLE.md"):
        assert offending_lines(line), line
    assert offending_lines("docs/rule-files.md, kcscore/assess/contract.py, public-domain/x") == []


def test_no_tracked_file_points_outside_the_repository() -> None:
    me = Path(__file__).resolve()
    found = []
    for path in _tracked():
        if path.resolve() == me or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        found += [f"{path.relative_to(ROOT)}: {line}" for line in offending_lines(text)]
    assert found == []
