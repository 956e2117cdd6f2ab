"""The sample 2027 amendment is what tools/build_amendment_2027.py builds from the default pack.

Its rule files are an overlay written by the script (the default pack's rules with the 2027
edits), never edited by hand: an edit to the default pack must reach the sample by re-running
the script, and an edit whose text the default pack no longer has must stop the script.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "build_amendment_2027.py"


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(root / "tools" / "build_amendment_2027.py"), *args],
                          capture_output=True, text=True, timeout=120, cwd=root)


def test_the_committed_sample_is_the_script_s_output() -> None:
    done = _run(ROOT, "--check")
    assert done.returncode == 0, done.stderr


def _scratch(tmp_path: Path) -> Path:
    """A copy of what the script reads and writes: the script, the packs, and kcscore itself."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "samples" / "packs", tmp_path / "samples" / "packs")
    shutil.copytree(ROOT / "tools", tmp_path / "tools")
    shutil.copytree(ROOT / "kcscore", tmp_path / "kcscore", ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    return tmp_path


def test_a_hand_edit_of_the_sample_is_caught(tmp_path: Path) -> None:
    root = _scratch(tmp_path)
    criteria = root / "samples" / "packs" / "bac-kan-2027" / "criteria.yaml"
    criteria.write_text(criteria.read_text(encoding="utf-8").replace("points: 16", "points: 15"), encoding="utf-8")
    done = _run(root, "--check")
    assert done.returncode == 1 and "criteria.yaml: differs from a rebuild" in done.stderr


def test_an_edit_of_the_default_pack_reaches_the_sample(tmp_path: Path) -> None:
    root = _scratch(tmp_path)
    criteria = root / "rules" / "bac-kan" / "criteria.yaml"
    text = criteria.read_text(encoding="utf-8")
    assert text.count("      - {above: 50, points: 10}") == 1
    criteria.write_text(text.replace("      - {above: 50, points: 10}", "      - {above: 50, points: 9}"), encoding="utf-8")
    assert _run(root, "--check").returncode == 1
    assert _run(root).returncode == 0
    rebuilt = (root / "samples" / "packs" / "bac-kan-2027" / "criteria.yaml").read_text(encoding="utf-8")
    assert "- {above: 50, points: 9}" in rebuilt and "- {above: 80, points: 16}" in rebuilt


def test_an_edit_that_no_longer_fits_stops_the_script(tmp_path: Path) -> None:
    root = _scratch(tmp_path)
    exclusions = root / "rules" / "bac-kan" / "exclusions.yaml"
    text = exclusions.read_text(encoding="utf-8")
    assert text.count('    exempt: support_content == "pollution_treatment"\n') == 1
    exclusions.write_text(text.replace('    exempt: support_content == "pollution_treatment"\n', "", 1), encoding="utf-8")
    done = _run(root)
    assert done.returncode == 2 and "no_environmental_violation" in done.stderr
