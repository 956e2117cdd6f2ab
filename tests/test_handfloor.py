"""The hand-vectorised floor of ``benchmarks/handfloor.py`` writes kcscore's bytes.

The floor spells the default pack's rules out by hand, so a change of the pack (a band, a
sentence, a cap) that the floor does not follow makes its lines differ from kcscore's. This test
runs the floor's ``--check`` on a small generated list (kcscore's large-list route, which the floor
copies, with ``--engine vectorised``) and fails with the first line that differs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_floor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "benchmarks.handfloor", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_floor_writes_kcscores_bytes(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import write_jsonl

    src = tmp_path / "list.jsonl"
    write_jsonl(src, 400, seed=3)
    done = run_floor(str(src), "--check")
    assert done.returncode == 0 and "same bytes" in done.stdout, (
        "benchmarks/handfloor.py no longer writes kcscore's bytes for the default pack: the floor must follow "
        "the pack (rules/bac-kan on rules/national) and kcscore's wording; update it with them.\n"
        + done.stdout + done.stderr)


def test_floor_refuses_a_list_it_does_not_read(tmp_path: Path) -> None:
    """A cell kcscore would read (a Vietnamese number) or report is refused, never written differently."""
    src = tmp_path / "list.jsonl"
    src.write_text(json.dumps({"id": "A1", "name": "Cơ sở 1", "workers": "12"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    done = run_floor(str(src))
    assert done.returncode != 0
    assert "clean generated lists only" in done.stderr and "'workers'" in done.stderr


def test_floor_imports_none_of_kcscores_assessment(tmp_path: Path) -> None:
    """The floor is written by hand: it reads the pack's YAML, and asks kcscore only for the pack's hash."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import write_jsonl

    src = tmp_path / "list.jsonl"
    write_jsonl(src, 50, seed=5)
    code = ("import sys; from pathlib import Path; from benchmarks.handfloor import Floor, write; "
            f"write(Floor().run(Path({str(src)!r})), Path({str(tmp_path / 'out.jsonl')!r})); "
            "print(' '.join(m for m in sys.modules if m.startswith('kcscore.')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    imported = done.stdout.split()
    assert imported, "the floor should at least read the pack's hash with kcscore.policy.layers"
    forbidden = ("kcscore.batch", "kcscore.assess", "kcscore.engine", "kcscore.expr", "kcscore.wording")
    assert not [m for m in imported if m.startswith(forbidden)]


def test_two_processes_write_what_one_writes(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The forked reader and writer (used from 1 MiB and 20 000 lines) give the bytes of one process."""
    sys.path.insert(0, str(ROOT))
    from benchmarks import handlines, handread
    from benchmarks.generate import write_jsonl
    from benchmarks.handfloor import Floor, write

    src = tmp_path / "list.jsonl"
    write_jsonl(src, 300, seed=9)
    floor = Floor()
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    write(floor.run(src, processes=1), one, processes=1)
    monkeypatch.setattr(handread, "TWO_READERS_FROM", 0)
    monkeypatch.setattr(handlines, "TWO_WRITERS_FROM", 0)
    write(floor.run(src, processes=2), two, processes=2)
    assert one.read_bytes() == two.read_bytes()
    assert one.read_bytes().count(b"\n") == 300
    assert not list(tmp_path.glob("*.second-half"))
