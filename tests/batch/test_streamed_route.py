"""A large list going to JSON Lines is typed into columns as it is read; the file it writes is the
one the list read whole and ranked by the same columnar path writes."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from kcscore import pipeline
from kcscore.policy.loader import load_policy
from kcscore.synthetic import thresholds
from tests.batch.test_batch_properties import eligible_leaning


def write_csv(path: Path, n: int) -> None:
    policy = load_policy()
    near = thresholds(policy)
    records = [eligible_leaning(policy, random.Random(i), i, near) for i in range(n)]
    records[3]["workers"] = "nhiều"  # a bad cell: the row goes to the error lines, not lost
    names = list(dict.fromkeys(name for record in records for name in record))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names)
        writer.writeheader()
        for record in records:
            writer.writerow({k: ("" if v is None else v.isoformat() if hasattr(v, "isoformat") else v)
                             for k, v in record.items()})


@pytest.mark.parametrize("engine", ["auto", "vectorised"])
def test_streamed_csv_to_jsonl_writes_what_the_whole_list_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 engine: str) -> None:
    policy = load_policy()
    source = tmp_path / "list.csv"
    write_csv(source, 40)
    monkeypatch.setattr(pipeline, "VECTORISE_ABOVE", 12)  # 40 rows are a large list here
    streamed, whole = tmp_path / "streamed.jsonl", tmp_path / "whole.jsonl"
    report = pipeline.rank_file(policy, str(source), None, None, str(streamed), "text", 10**9, None, "vi", engine,
                                False, print)
    info, rows = pipeline.read_rows(policy, str(source), None, None)
    expected = pipeline._rank_large(policy, str(whole), 10**9, None, "vi", [], rows=rows)
    assert streamed.read_bytes() == whole.read_bytes()
    assert report.counts == expected.counts and report.counts["rows"] == 40 and report.counts["errors"] >= 1
    assert report.errors == expected.errors
    assert any(line.startswith("dòng 4") and "nhiều" in line for line in report.errors)
