"""JSON Lines: the same lines for small and large lists; complete files only; every row once."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from kcscore.output import jsonl
from kcscore.batch.fast import run_fast
from kcscore.batch.run import run_batch
from kcscore.policy.loader import load_policy
from kcscore.synthetic import thresholds
from tests.batch.test_batch_properties import eligible_leaning


@pytest.fixture(scope="module")
def rows():  # type: ignore[no-untyped-def]
    policy = load_policy()
    near = thresholds(policy)
    return policy, [eligible_leaning(policy, random.Random(i), i, near) for i in range(120)]


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_small_and_large_paths_write_the_same_lines(tmp_path: Path, rows, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    policy, data = rows
    small = run_batch(policy, data, budget=800_000_000, engine="durable", explain=False)
    jsonl.write_result_jsonl(small, tmp_path / "small.jsonl", policy)
    monkeypatch.setattr(jsonl, "PARALLEL_ABOVE", 10)  # force the two-process writer
    jsonl.write_lean(run_fast(policy, data, budget=800_000_000), tmp_path / "large.jsonl")
    a, b = read(tmp_path / "small.jsonl"), read(tmp_path / "large.jsonl")
    assert a == b
    rows_seen = sorted(line["row"] for line in a)
    assert rows_seen == list(range(1, len(data) + 1))
    assert sum("error" in line for line in a) == len(small.errors) > 0
    funded = [line for line in a if line.get("funded")]
    assert sum(line["recommended_support_vnd"] for line in funded) == small.funding.committed <= 800_000_000
    assert all(line["policy"]["id"] == "bac-kan" for line in a if "error" not in line)


def test_a_failed_write_leaves_the_previous_file(tmp_path: Path, rows, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    policy, data = rows
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    lean = run_fast(policy, data[:30])

    def broken(self, k):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(jsonl.LineWriter, "chunk", broken)
    with pytest.raises(RuntimeError):
        jsonl.write_lean(lean, out)
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_lines_do_not_depend_on_the_chunk_size(rows) -> None:  # type: ignore[no-untyped-def]
    from kcscore.batch.lines import LineWriter, lines

    policy, data = rows
    lean = run_fast(policy, data, budget=800_000_000)
    every = [list(lines(lean, chunk)) for chunk in (1, 7, len(data) + 1)]
    assert every[0] == every[1] == every[2]
    assert len(every[0]) == len(data)
    texts = "\n".join(every[0])
    assert '"status":"unknown"' in texts and '"decision":"ineligible"' in texts and '"decision":"eligible"' in texts
    writer = LineWriter(lean)  # a row asked for on its own is prepared on its own
    assert [writer.line(k) for k in reversed(lean.order)] == every[0][len(lean.order) - 1::-1]


def test_lines_do_not_depend_on_how_many_rows_the_evaluator_types_at_once(rows, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kcscore.batch import fast
    from kcscore.batch.lines import lines

    policy, data = rows
    whole = list(lines(run_fast(policy, data, budget=800_000_000)))
    monkeypatch.setattr(fast, "FRAME_ROWS", 7)
    sliced = run_fast(policy, data, budget=800_000_000)
    assert list(lines(sliced)) == whole
    assert sliced.errors and len(sliced.valid) < len(data)  # rows dropped before slicing: positions still line up
