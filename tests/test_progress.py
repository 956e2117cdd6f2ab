"""``kcscore rank`` on a terminal says what it is doing while it reads and writes, not only while
it scores; without a terminal (or with --no-progress) it says nothing extra."""

from __future__ import annotations

from pathlib import Path

import pytest

from kcscore import pipeline
from kcscore.policy.loader import load_policy

SAMPLE_LIST = Path(__file__).resolve().parents[1] / "samples" / "applicants" / "bac-kan-2019.csv"


def test_reading_is_counted_every_thousand_rows(capsys: pytest.CaptureFixture[str]) -> None:
    rows = list(pipeline._counting(iter(range(2500)), True, "vi"))
    assert rows == list(range(2500))  # the rows pass through unchanged
    err = capsys.readouterr().err
    assert "Đang đọc: 1.000 dòng" in err and "Đang đọc: 2.000 dòng" in err
    assert err.rstrip().endswith("Đang đọc: 2.500 dòng")  # the final count, on its own line


def test_nothing_is_said_without_progress(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert list(pipeline._counting(iter(range(2500)), False, "en")) == list(range(2500))
    pipeline.rank_file(load_policy(), str(SAMPLE_LIST), None, None, str(tmp_path / "a.xlsx"), "text", 2_000_000_000,
                       None, "vi", "auto", False, print)
    assert capsys.readouterr().err == ""


def test_writing_names_the_file_and_its_time(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "ket-qua.xlsx"
    pipeline.rank_file(load_policy(), str(SAMPLE_LIST), None, None, str(out), "text", 2_000_000_000, None, "en",
                       "auto", True, print)
    err = capsys.readouterr().err
    assert out.exists()
    assert f"Writing {out} …" in err
    assert err.rstrip().endswith(" s")


def test_the_large_list_route_counts_its_reading_and_names_its_writing(capsys: pytest.CaptureFixture[str],
                                                                       tmp_path: Path) -> None:
    """A list past the vectorising threshold written to JSON Lines takes the columnar route: it too
    says how many rows it has read and which file it writes, after the bar has ended."""
    import json

    from kcscore.batch.run import VECTORISE_ABOVE
    from kcscore.synthetic import applicants

    policy = load_policy()
    listing = tmp_path / "lon.csv"
    rows = applicants(policy, VECTORISE_ABOVE + 500, seed=3)
    import csv

    with listing.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
    out = tmp_path / "ket-qua.jsonl"
    pipeline.rank_file(policy, str(listing), None, None, str(out), "text", 1_129_000_000, None, "vi", "auto", True, print)
    err = capsys.readouterr().err
    assert "Đang đọc: 2.000 dòng" in err and "Đang đọc: 2.500 dòng" in err
    assert f"Đang ghi {out} …" in err and err.index("Đang ghi") > err.rindex("Đang đọc")
    assert sum(1 for _ in out.open(encoding="utf-8")) == VECTORISE_ABOVE + 500 and json.loads(out.open().readline())
