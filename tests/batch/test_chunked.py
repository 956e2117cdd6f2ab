"""A large list ranked from its keys and assessed again a chunk at a time (``batch.stream``) gives
the result, and every file, that the whole list assessed at once by ``run_batch`` gives."""

from __future__ import annotations

import gc
import random
import weakref
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kcscore import pipeline
from kcscore.batch.columnar import ColumnReader
from kcscore.batch.result import BatchResult
from kcscore.batch.run import run_batch
from kcscore.explain.words import words
from kcscore.batch.stream import ChunkedAssessments, RankingMismatch, rank_streamed
from kcscore.output.markdown import _write_lines
from kcscore.output.writers import write_result
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from kcscore.synthetic import thresholds
from tests.batch.test_batch_properties import eligible_leaning

BUDGET = 3_000_000_000  # funds some and not others, so the line, the skipped and the notes all show


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="module")
def records(policy: Policy) -> list[dict[str, Any]]:
    near = thresholds(policy)
    rows = [eligible_leaning(policy, random.Random(i), i, near) for i in range(90)]
    rows[3]["workers"] = "nhiều"  # a bad cell
    rows[40]["id"] = rows[41]["id"]  # a duplicated id: both rows are errors
    rows[7]["wrokers"] = 5  # an unknown column, said with the field it may mean
    rows[60]["submitted_on"] = None  # no submission date: the as-of date is today
    return rows


def _streamed(policy: Policy, records: list[dict[str, Any]], budget: int | None, chunk: int) -> BatchResult:
    columns = ColumnReader(policy, "vi").add_all(records).finish()
    return rank_streamed(policy, columns, budget, None, "vi", chunk=chunk)


def _whole(policy: Policy, records: list[dict[str, Any]], budget: int | None) -> BatchResult:
    return run_batch(policy, records, budget=budget, lang="vi", engine="vectorised", explain=False)


@pytest.mark.parametrize("budget", [BUDGET, None])
@pytest.mark.parametrize("chunk", [1, 7, 1000])
def test_chunked_result_is_the_whole_lists(policy: Policy, records: list[dict[str, Any]], budget: int | None,
                                          chunk: int) -> None:
    streamed, whole = _streamed(policy, records, budget, chunk), _whole(policy, records, budget)
    assert isinstance(streamed.assessments, ChunkedAssessments)
    said = words(policy)
    got, expected = streamed.to_json(said), whole.to_json(said)
    assert got == expected
    assert streamed.summary() == whole.summary()
    summary = got["summary"]
    assert summary["errors"] >= 3 and summary["assessed"] + summary["errors"] == 90
    if budget is not None:  # the line falls inside the list: funded and unfunded eligible rows both
        assert 0 < summary["funded"] < summary["eligible"]
    assert any("wrokers" in w and "workers" in w for w in streamed.warnings)
    # a second pass rebuilds the same assessments
    assert [a.to_json(said, budget is not None) for a in streamed.assessments] == expected["assessments"]


@pytest.mark.parametrize("suffix", [".csv", ".json", ".md", ".html", ".pdf"])
def test_every_format_writes_the_same_bytes_from_chunks(tmp_path: Path, policy: Policy,
                                                        records: list[dict[str, Any]], suffix: str) -> None:
    streamed, whole = _streamed(policy, records, BUDGET, 4), _whole(policy, records, BUDGET)
    write_result(streamed, tmp_path / f"chunks{suffix}", policy)
    write_result(whole, tmp_path / f"whole{suffix}", policy)
    assert (tmp_path / f"chunks{suffix}").read_bytes() == (tmp_path / f"whole{suffix}").read_bytes()


def test_xlsx_from_chunks_has_the_whole_lists_cells(tmp_path: Path, policy: Policy,
                                                    records: list[dict[str, Any]]) -> None:
    streamed, whole = _streamed(policy, records, BUDGET, 4), _whole(policy, records, BUDGET)
    write_result(streamed, tmp_path / "chunks.xlsx", policy)
    write_result(whole, tmp_path / "whole.xlsx", policy)
    got, expected = openpyxl.load_workbook(tmp_path / "chunks.xlsx"), openpyxl.load_workbook(tmp_path / "whole.xlsx")
    assert got.sheetnames == expected.sheetnames
    for name in got.sheetnames:
        cells = [[(c.value, c.style, c.number_format, c.fill.fgColor.rgb) for c in row] for row in got[name].iter_rows()]
        assert cells == [[(c.value, c.style, c.number_format, c.fill.fgColor.rgb) for c in row]
                         for row in expected[name].iter_rows()], name
        assert got[name].auto_filter.ref == expected[name].auto_filter.ref
        assert ({k: d.width for k, d in got[name].column_dimensions.items()}
                == {k: d.width for k, d in expected[name].column_dimensions.items()})


def test_only_one_chunk_of_assessments_is_alive_at_a_time(policy: Policy, records: list[dict[str, Any]]) -> None:
    chunk = 5
    streamed = _streamed(policy, records, BUDGET, chunk)
    seen: list[weakref.ref[Any]] = []
    most = 0
    gc.collect()
    for a in streamed.assessments:
        seen.append(weakref.ref(a))
        del a
        most = max(most, sum(ref() is not None for ref in seen))
    assert len(seen) == streamed.summary()["assessed"]
    assert most <= chunk


def test_an_assessor_that_disagrees_with_the_ranking_is_an_error(policy: Policy, records: list[dict[str, Any]]) -> None:
    streamed = _streamed(policy, records, BUDGET, 7)
    assert isinstance(streamed.assessments, ChunkedAssessments)
    streamed.assessments.decisions[10] = "ineligible" if streamed.assessments.decisions[10] != "ineligible" else "eligible"
    with pytest.raises(RankingMismatch):
        list(streamed.assessments)


@pytest.mark.parametrize("suffix", [".csv", ".md"])
def test_rank_file_streams_a_large_list_and_writes_the_whole_lists_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                        policy: Policy, records: list[dict[str, Any]],
                                                                        suffix: str) -> None:
    import json

    source = tmp_path / "list.jsonl"
    source.write_text("".join(json.dumps({k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in r.items()},
                                         ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    monkeypatch.setattr(pipeline, "VECTORISE_ABOVE", 30)  # 90 rows are a large list here
    made: list[BatchResult] = []
    real = pipeline._written

    def spy(result: BatchResult, *args: Any, **kwargs: Any) -> Any:
        made.append(result)
        return real(result, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_written", spy)
    out = tmp_path / f"streamed{suffix}"
    report = pipeline.rank_file(policy, str(source), None, None, str(out), "text", BUDGET, None, "vi", "auto", False,
                                print)
    assert isinstance(made[0].assessments, ChunkedAssessments)  # the large list took the chunked route
    assert report.assessments is made[0].assessments  # what --record reads, rebuilt again, not held
    info, rows = pipeline.read_rows(policy, str(source), None, None)
    whole = _whole(policy, rows, BUDGET)
    whole.warnings, whole.source = made[0].warnings, made[0].source
    write_result(whole, tmp_path / f"whole{suffix}", policy)
    assert out.read_bytes() == (tmp_path / f"whole{suffix}").read_bytes()
    assert report.counts == whole.summary()


@pytest.mark.parametrize("lines", [["a"], ["", "a", "", "", "b", ""], ["# t", "", "x", "", ""], ["", "", "z"]])
def test_markdown_lines_are_written_as_one_joined_document(lines: list[str]) -> None:
    import io

    out = io.StringIO()
    _write_lines(iter(lines), out)
    assert out.getvalue() == "\n".join(lines).rstrip("\n") + "\n"


def test_submission_dates_are_read_from_the_columns_in_report_order(policy: Policy, records: list[dict[str, Any]]) -> None:
    from kcscore.batch.stream import submitted_entries

    streamed, whole = _streamed(policy, records, BUDGET, 7), _whole(policy, records, BUDGET)
    assert list(submitted_entries(streamed)) == [(a.id, a.submitted_on) for a in whole.assessments]
    assert list(submitted_entries(whole)) == [(a.id, a.submitted_on) for a in whole.assessments]


def test_record_of_a_chunked_run_lists_the_decisions_of_the_whole_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                       policy: Policy) -> None:
    """``--record`` reads the chunked assessments once more instead of ranking the list again."""
    import json

    from click.testing import CliRunner

    from kcscore import recheck
    from kcscore.cli import main

    root = Path(__file__).resolve().parents[2]
    listing = root / "samples" / "applicants" / "bac-kan-2019.csv"
    monkeypatch.setenv("KCSCORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(pipeline, "VECTORISE_ABOVE", 10)  # the sample's 48 rows are a large list here

    def no_second_run(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("ranked again")

    monkeypatch.setattr(recheck, "rank_assessments", no_second_run)
    record = tmp_path / "rec.json"
    result = CliRunner().invoke(main, ["rank", str(listing), "--budget", "1129000000", "--out", str(tmp_path / "o.csv"),
                                       "--record", str(record), "--no-progress"])
    assert result.exit_code == 0, result.stderr
    decisions = json.loads(record.read_text(encoding="utf-8"))["decisions"]
    info, rows = pipeline.read_rows(policy, str(listing), None, None)
    whole = run_batch(policy, rows, budget=1_129_000_000, lang="vi", engine="vectorised", explain=False)
    from kcscore.decisionrecord import decision_of

    assert decisions == [decision_of(a) for a in whole.assessments] and len(decisions) == 43


@pytest.mark.parametrize("budget", [1, BUDGET, 10**15])
def test_the_funding_line_falls_below_every_funded_and_above_every_unfunded_applicant(
        policy: Policy, records: list[dict[str, Any]], budget: int) -> None:
    from kcscore.report import view as V

    eligible = {a.id for a in _whole(policy, records, None).assessments if a.decision == "eligible"}
    only_eligible = [r for r in records if r["id"] in eligible]
    for rows in (records, only_eligible):
        result = _streamed(policy, rows, budget, 7)
        items = list(V.ranking_items(result))
        assert items.count(V.LINE) == 1
        at = items.index(V.LINE)
        above = [i for i in items[:at] if not isinstance(i, str)]
        below = [i for i in items[at:] if not isinstance(i, str)]
        assert all(row.assessment.decision == "eligible" for row in above)
        assert not any(row.assessment.funded for row in below)
        assert len(above) == (result.funding.line_after_rank or 0)
        if budget == 1:
            assert at == 0
        if budget == 10**15 and rows is only_eligible:
            assert at == len(items) - 1  # everyone funded: the line closes the table
        assert (V.UNRANKED in items) == (rows is records)
