"""Hostile outputs, nesting, interruptions and exit codes: each case checks the exit status, the
words of the message, and that no traceback reaches the user.

Exit status (README, "Exit status"): 0 done, 1 invalid input or nothing assessed, 2 usage error or
an --out that must not or cannot be written, 70 internal error, 130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kcscore import fileio
from tests.packcopy import copy_pack
from tests.hostile.conftest import FIXTURES, ROOT, Run

CORPUS = FIXTURES / "outputs"
LIST_CSV = ROOT / "samples" / "applicants" / "bac-kan-2019.csv"
LIST_XLSX = ROOT / "samples" / "applicants" / "bac-kan-2019.xlsx"
PROPOSAL = ROOT / "samples" / "proposals" / "strong-household-mien-dong.yaml"
PACK = ROOT / "rules" / "bac-kan"
PACK_2027 = ROOT / "samples" / "packs" / "bac-kan-2027"


def _copy(source: Path, folder: Path, name: str | None = None) -> Path:
    target = folder / (name or source.name)
    shutil.copyfile(source, target)
    return target


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if fileio.TEMP_MARK in p.name)


# -- 1. no output ever replaces an input ----------------------------------------------------------

def _same_path(tmp: Path) -> tuple[list[str], Path]:
    listed = _copy(LIST_CSV, tmp, "ds.csv")
    return ["rank", listed, "--out", listed], listed


def _same_xlsx(tmp: Path) -> tuple[list[str], Path]:
    listed = _copy(LIST_XLSX, tmp, "ds.xlsx")
    return ["rank", listed, "--out", listed], listed


def _dotdot(tmp: Path) -> tuple[list[str], Path]:
    listed = _copy(LIST_CSV, tmp, "ds.csv")
    (tmp / "sub").mkdir()
    return ["rank", listed, "--out", tmp / "sub" / ".." / "ds.csv"], listed


def _symlink(tmp: Path) -> tuple[list[str], Path]:
    listed = _copy(LIST_CSV, tmp, "ds.csv")
    (tmp / "link.csv").symlink_to(listed)
    return ["rank", listed, "--out", tmp / "link.csv"], listed


def _hardlink(tmp: Path) -> tuple[list[str], Path]:
    listed = _copy(LIST_CSV, tmp, "ds.csv")
    os.link(listed, tmp / "hard.csv")
    return ["rank", listed, "--out", tmp / "hard.csv"], listed


def _sidecar(tmp: Path) -> tuple[list[str], Path]:
    listed = _copy(LIST_CSV, tmp, "r.errors.csv")
    return ["rank", listed, "--out", tmp / "r.csv"], listed


def _score_same(tmp: Path) -> tuple[list[str], Path]:
    proposal = _copy(PROPOSAL, tmp, "p.yaml")
    return ["score", proposal, "--out", proposal], proposal


def _diff_applicants(tmp: Path) -> tuple[list[str], Path]:
    listed = _copy(LIST_CSV, tmp, "d.csv")
    return ["rules", "diff", PACK, PACK_2027, "--applicants", listed, "--out", listed], listed


def _pack_copy(tmp: Path) -> Path:
    pack = tmp / "pack"
    copy_pack(PACK, pack)
    return pack


def _template_over_pack(tmp: Path) -> tuple[list[str], Path]:
    pack = _pack_copy(tmp)
    (pack / "mau-ho-so.xlsx").write_bytes(b"kept by policy staff")
    return ["template", "--rules", pack, "--out", pack / "mau-ho-so.xlsx"], pack / "mau-ho-so.xlsx"


def _doc_over_pack_file(tmp: Path) -> tuple[list[str], Path]:
    pack = _pack_copy(tmp)
    (pack / "README.md").write_text("# notes\n", encoding="utf-8")
    return ["rules", "doc", pack, "--out", pack / "README.md"], pack / "README.md"


def _doc_new_rule_file(tmp: Path) -> tuple[list[str], Path]:
    pack = _pack_copy(tmp)
    return ["rules", "doc", pack, "--out", pack / "rubric.yaml"], pack / "policy.yaml"


def _diff_over_old_pack(tmp: Path) -> tuple[list[str], Path]:
    pack = _pack_copy(tmp)
    return ["rules", "diff", pack, PACK_2027, "--out", pack / "policy.yaml"], pack / "policy.yaml"


CLASHES = {
    "same path": _same_path, "same xlsx": _same_xlsx, "dot-dot": _dotdot, "symlink": _symlink,
    "hard link": _hardlink, "errors sidecar": _sidecar, "score proposal": _score_same,
    "diff applicants": _diff_applicants, "template in pack": _template_over_pack,
    "doc over pack file": _doc_over_pack_file, "doc as rule file": _doc_new_rule_file,
    "diff over old pack": _diff_over_old_pack,
}


@pytest.mark.parametrize("case", sorted(CLASHES))
def test_an_output_that_is_an_input_is_refused_before_anything_is_read(run_cli: Run, tmp_path: Path, case: str) -> None:
    args, guarded = CLASHES[case](tmp_path)
    before = guarded.read_bytes()
    files_before = sorted(p.name for p in tmp_path.iterdir())
    result = run_cli(args, code=2)
    assert result.stderr.count("\n") == 1, result.stderr  # one line
    assert "ghi đè" in result.stderr or "bộ quy tắc" in result.stderr
    assert guarded.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before
    assert result.stdout == ""


def test_the_refusal_speaks_english_with_lang_en(run_cli: Run, tmp_path: Path) -> None:
    args, _ = _sidecar(tmp_path)
    result = run_cli([*args, "--lang", "en"], code=2)
    assert "would overwrite the input" in result.stderr and "r.errors.csv" in result.stderr


def test_an_output_beside_the_input_is_allowed(run_cli: Run, tmp_path: Path) -> None:
    listed = _copy(LIST_CSV, tmp_path, "ds.csv")
    run_cli(["rank", listed, "--out", tmp_path / "ket-qua.csv"], code=0)
    assert (tmp_path / "ket-qua.errors.csv").exists()
    assert _temps(tmp_path) == []


# -- 3. no traceback: nesting, unusable --out, bugs, interruptions -----------------------------

def _deep_json(path: Path, depth: int = 10_000) -> Path:
    path.write_text("[" * depth, encoding="utf-8")
    return path


@pytest.mark.parametrize("name,text", [
    ("deep.json", "[" * 10_000),
    ("deep-closed.json", '{"a": ' + "[" * 10_000 + "]" * 10_000 + "}"),
    ("deep.toml", "a = " + "[" * 10_000),
    ("deep.yaml", "a: " + "[" * 10_000),
    ("fifty.json", '{"a": ' * 50 + "1" + "}" * 50),
])
def test_a_deeply_nested_proposal_is_refused(run_cli: Run, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run_cli(["score", path], code=1)
    assert "quá sâu" in result.stderr
    english = run_cli(["score", path, "--lang", "en"], code=1)
    assert "nested too deep" in english.stderr or "too deeply" in english.stderr


@pytest.mark.parametrize("text", ["[" * 10_000, '{"applicants": ' + "[" * 10_000, "[" * 10_000 + "]" * 10_000])
def test_a_deeply_nested_list_is_refused(run_cli: Run, tmp_path: Path, text: str) -> None:
    path = tmp_path / "ds.json"
    path.write_text(text, encoding="utf-8")
    result = run_cli(["rank", path, "--lang", "en"], code=1)
    assert "nested too deeply" in result.stderr


def test_one_deeply_nested_json_line_is_that_rows_error(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "ds.jsonl"
    good = json.dumps({"id": "A1", "name": "HTX A"}, ensure_ascii=False)
    path.write_text(good + "\n" + "[" * 10_000 + "\n", encoding="utf-8")
    result = run_cli(["rank", path, "--lang", "en"], code=0)
    assert "line 2: the JSON data is nested too deeply" in result.stderr


def _under_a_file(tmp: Path, name: str) -> Path:
    (tmp / "file.txt").write_text("x", encoding="utf-8")
    return tmp / "file.txt" / name


COMMANDS_WITH_OUT = {
    "rank": lambda out: ["rank", LIST_CSV, "--out", out],
    "score": lambda out: ["score", PROPOSAL, "--out", out],
    "template": lambda out: ["template", "--out", out],
    "rules doc": lambda out: ["rules", "doc", "--out", out],
    "rules diff": lambda out: ["rules", "diff", PACK, PACK_2027, "--out", out],
}
SUFFIX = {"rank": "csv", "score": "txt", "template": "xlsx", "rules doc": "md", "rules diff": "xlsx"}


@pytest.mark.parametrize("command", sorted(COMMANDS_WITH_OUT))
def test_an_out_under_a_regular_file_is_one_line(run_cli: Run, tmp_path: Path, command: str) -> None:
    out = _under_a_file(tmp_path, f"out.{SUFFIX[command]}")
    result = run_cli(COMMANDS_WITH_OUT[command](out), code=2)
    assert "file.txt" in result.stderr and "không phải thư mục" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("command", sorted(COMMANDS_WITH_OUT))
def test_an_out_that_is_a_folder_is_a_usage_error(run_cli: Run, tmp_path: Path, command: str) -> None:
    result = run_cli(COMMANDS_WITH_OUT[command](tmp_path), code=2)
    assert str(tmp_path) in result.stderr


@pytest.mark.parametrize("command", sorted(COMMANDS_WITH_OUT))
def test_an_out_in_proc_is_one_line(run_cli: Run, command: str) -> None:
    if not Path("/proc/self").exists():
        pytest.skip("no /proc here")
    result = run_cli(COMMANDS_WITH_OUT[command](f"/proc/kcscore-out.{SUFFIX[command]}"), code=2)
    assert "/proc/kcscore-out" in result.stderr and "không ghi được" in result.stderr


@pytest.mark.parametrize("command", sorted(COMMANDS_WITH_OUT))
def test_an_out_name_too_long_is_one_line(run_cli: Run, tmp_path: Path, command: str) -> None:
    out = tmp_path / ("a" * 300 + "." + SUFFIX[command])
    result = run_cli(COMMANDS_WITH_OUT[command](out), code=2)
    assert "tên tệp quá dài" in result.stderr and result.stderr.count("\n") == 1


def test_an_unknown_out_format_is_refused_before_the_list_is_read(run_cli: Run, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def not_read(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the list was read")

    monkeypatch.setattr("kcscore.pipeline.read_rows", not_read)
    result = run_cli(["rank", LIST_CSV, "--out", tmp_path / "ket-qua.docx", "--lang", "en"], code=2)
    assert "cannot write '.docx'" in result.stderr


def test_an_out_that_is_a_fifo_is_refused_and_kept(run_cli: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    result = run_cli(["rank", LIST_CSV, "--out", fifo, "--lang", "en"], code=2)
    assert "is not a regular file" in result.stderr
    assert fifo.is_fifo()


def test_an_out_in_proc_from_a_real_process(tmp_path: Path) -> None:
    if not Path("/proc/self").exists():
        pytest.skip("no /proc here")
    env = {**os.environ, "KCSCORE_CACHE_DIR": str(tmp_path / "cache"), "KCSCORE_DEBUG": ""}
    done = subprocess.run([sys.executable, "-m", "kcscore", "rank", str(LIST_CSV), "--out", "/proc/ket-qua.xlsx",
                           "--lang", "en"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2
    assert done.stderr == "cannot write '/proc/ket-qua.xlsx': No such file or directory\n"
    assert done.stdout == ""


def test_an_out_in_a_folder_without_write_permission(run_cli: Run, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import kcscore.outputguard as guard

    real = os.access
    # as for a user who may not write in that folder
    monkeypatch.setattr(guard.os, "access", lambda path, mode: Path(path) != tmp_path and real(path, mode))
    result = run_cli(["rank", LIST_CSV, "--out", tmp_path / "out.csv", "--lang", "en"], code=2)
    assert f"no permission to write in '{tmp_path}'" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into any folder")
def test_an_out_in_an_unwritable_folder_is_one_line(run_cli: Run, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run_cli(["rank", LIST_CSV, "--out", locked / "out.csv", "--lang", "en"], code=2)
    finally:
        locked.chmod(0o700)
    assert "no permission" in result.stderr and "locked" in result.stderr


def test_a_write_refused_by_the_system_is_one_line_and_leaves_no_temporary_file(
        run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_src: str, _dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fileio.os, "replace", refuse)
    out = tmp_path / "ket-qua.xlsx"
    result = run_cli(["rank", LIST_CSV, "--out", out, "--lang", "en"], code=2)
    assert f"cannot write '{out}': Permission denied" in result.stderr
    assert not out.exists() and _temps(tmp_path) == []


def test_an_internal_error_is_a_short_bug_report(run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("planted")

    monkeypatch.setattr("kcscore.report.scorecard.render", broken)
    result = run_cli(["score", PROPOSAL], code=70)
    assert "lỗi nội bộ" in result.stderr and "ZeroDivisionError: planted" in result.stderr
    assert "--debug" in result.stderr and "KCSCORE_DEBUG=1" in result.stderr
    english = run_cli(["score", PROPOSAL, "--lang", "en"], code=70)
    assert "bug in kcscore" in english.stderr


def test_an_unreadable_proposal_is_one_line(run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proposal = _copy(PROPOSAL, tmp_path, "p.yaml")
    real = Path.read_bytes

    def refused(self: Path) -> bytes:
        if self.name == "p.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refused)
    result = run_cli(["score", proposal, "--lang", "en"], code=1)
    assert result.stderr == f"{proposal}: cannot read: Permission denied\n"


def test_running_out_of_memory_is_one_line(run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(*_args: object, **_kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr("kcscore.pipeline.run_batch", exhausted)
    result = run_cli(["rank", LIST_CSV, "--lang", "en"], code=1)
    assert result.stderr == "not enough memory to finish; split the list or use a machine with more memory\n"


def test_debug_lets_the_traceback_through(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from kcscore.cli import main

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("planted")

    monkeypatch.setenv("KCSCORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("kcscore.report.scorecard.render", broken)
    flagged = CliRunner().invoke(main, ["--debug", "score", str(PROPOSAL)])
    assert isinstance(flagged.exception, ZeroDivisionError)
    monkeypatch.setenv("KCSCORE_DEBUG", "1")
    by_env = CliRunner().invoke(main, ["score", str(PROPOSAL)])
    assert isinstance(by_env.exception, ZeroDivisionError)


def test_ctrl_c_in_process_exits_130(run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("kcscore.output.write_csv.RankingTable.rows", interrupted)
    out = tmp_path / "ket-qua.csv"
    result = run_cli(["rank", LIST_CSV, "--out", out], code=130)
    assert "đã dừng" in result.stderr
    assert not out.exists() and _temps(tmp_path) == []
    assert not (tmp_path / "ket-qua.errors.csv").exists()  # no error file without its ranking


_INTERRUPT_WHILE_SAVING = """
import sys
import kcscore.output.write_book as book
def interrupted(*args, **kwargs):
    raise KeyboardInterrupt
book.save_reproducible = interrupted
from kcscore.cli import main
sys.argv = ["kcscore", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("args", [["rank", str(LIST_CSV), "--out", "ket-qua.xlsx"],
                                  ["rules", "diff", str(PACK), str(PACK_2027), "--out", "diff.xlsx"]])
def test_ctrl_c_while_saving_a_workbook_prints_no_stack(tmp_path: Path, args: list[str]) -> None:
    env = {**os.environ, "KCSCORE_CACHE_DIR": str(tmp_path / "cache"), "KCSCORE_DEBUG": ""}
    done = subprocess.run([sys.executable, "-c", _INTERRUPT_WHILE_SAVING, *args], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 130
    assert done.stderr == "đã dừng (Ctrl-C)\n"
    assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == []


def _large_jsonl(path: Path, rows: int) -> None:
    import csv

    with (CORPUS / "three-rows.csv").open(encoding="utf-8", newline="") as source:
        samples = [{k: v for k, v in row.items() if k != "STT"} for row in csv.DictReader(source)]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(rows):
            cells = dict(samples[i % len(samples)])
            cells["Mã hồ sơ"] = f"BK-{i:07d}"
            handle.write(json.dumps(cells, ensure_ascii=False, default=str) + "\n")


@pytest.fixture(scope="module")
def large_list(tmp_path_factory: pytest.TempPathFactory) -> Path:
    listed = tmp_path_factory.mktemp("large") / "big.jsonl"
    _large_jsonl(listed, 120_000)
    return listed


@pytest.mark.parametrize("signum,code,words", [(signal.SIGINT, 130, "đã dừng (Ctrl-C)"),
                                               (signal.SIGTERM, 143, "đã dừng theo yêu cầu (SIGTERM)")])
def test_a_signal_on_a_large_run_cleans_up_and_exits_128_plus_it(tmp_path: Path, large_list: Path, signum: int,
                                                                  code: int, words: str) -> None:
    listed = large_list
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "ket-qua.jsonl"
    env = {**os.environ, "KCSCORE_CACHE_DIR": str(tmp_path / "cache"), "KCSCORE_DEBUG": ""}
    # as from a terminal: a shell that starts a job in the background (CI runners do) leaves SIGINT
    # ignored, and a process started so is meant to let Ctrl-C pass it by
    proc = subprocess.Popen([sys.executable, "-m", "kcscore", "rank", str(listed), "--out", str(out), "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    def writing() -> bool:  # a temporary file with lines in it (the guard's empty probe does not count)
        for path in out_dir.iterdir():
            try:
                if fileio.TEMP_MARK in path.name and path.is_file() and path.stat().st_size > 0:
                    return True
            except FileNotFoundError:
                continue
        return False

    while time.monotonic() < deadline and proc.poll() is None and not writing():
        time.sleep(0.02)
    assert proc.poll() is None, ("the run ended before it could be interrupted", proc.communicate())
    # Freeze the run first, so that on a loaded machine it cannot finish writing between the look
    # and the signal; the temporary file still being there then proves the signal lands mid-write.
    proc.send_signal(signal.SIGSTOP)
    try:
        assert writing(), "the run finished writing before it could be interrupted"
        proc.send_signal(signum)
    finally:
        proc.send_signal(signal.SIGCONT)
    stdout, stderr = proc.communicate(timeout=120)
    text = stdout.decode() + stderr.decode()
    assert proc.returncode == code, text[-2000:]
    assert words in text and "Traceback" not in text
    assert not out.exists() and _temps(out_dir) == []


# -- 5. exit codes: nothing assessed is a failure, a partial run is not ---------------------------

@pytest.mark.parametrize("listed,args,first", [
    (CORPUS / "no-id-columns.csv", [], "không xét được hồ sơ nào: tệp thiếu cột bắt buộc 'Mã hồ sơ', 'Tên cơ sở'"),
    (CORPUS / "one-column.csv", [], "không xét được hồ sơ nào: tệp thiếu cột bắt buộc 'Mã hồ sơ', 'Tên cơ sở'"),
    (LIST_CSV, ["--encoding", "utf-16"], "không xét được hồ sơ nào: tệp không có dòng hồ sơ nào"),
    (CORPUS / "empty.csv", [], "empty.csv: tệp không có bảng dữ liệu nào"),
])
def test_a_rank_that_assessed_nothing_exits_1_with_the_reason_first(run_cli: Run, listed: Path, args: list[str],
                                                                      first: str) -> None:
    result = run_cli(["rank", listed, *args], code=1)
    assert first in result.stderr.splitlines()[0], result.stderr


@pytest.mark.parametrize("name,text", [("empty.jsonl", ""), ("blank.jsonl", "\n\n"), ("empty-array.json", "[]")])
def test_a_json_list_with_no_applicant_exits_1(run_cli: Run, tmp_path: Path, name: str, text: str) -> None:
    listed = tmp_path / name
    listed.write_text(text, encoding="utf-8")
    result = run_cli(["rank", listed, "--lang", "en"], code=1)
    assert result.stderr.startswith("no applicant was assessed: the file holds no applicant rows")


def test_a_csv_cell_over_the_size_limit_is_one_line(run_cli: Run, tmp_path: Path) -> None:
    listed = tmp_path / "ds.csv"
    listed.write_text("Mã hồ sơ,Tên cơ sở\nA1," + "x" * 300_000 + "\n", encoding="utf-8")
    result = run_cli(["rank", listed, "--lang", "en"], code=1)
    assert "cannot read the CSV at row 2" in result.stderr and "field larger than field limit" in result.stderr


def test_an_integer_of_thousands_of_digits_is_one_line(run_cli: Run, tmp_path: Path) -> None:
    huge = "9" * 5000
    array = tmp_path / "ds.json"
    array.write_text(f'[{{"id": "A1", "name": "HTX A", "workers": {huge}}}]', encoding="utf-8")
    assert "cannot be read" in run_cli(["rank", array, "--lang", "en"], code=1).stderr
    lines = tmp_path / "ds.jsonl"
    lines.write_text(f'{{"id": "A1", "name": "HTX A"}}\n{{"id": "A2", "workers": {huge}}}\n', encoding="utf-8")
    assert "line 2: a value cannot be read" in run_cli(["rank", lines, "--lang", "en"], code=0).stderr
    proposal = tmp_path / "p.json"
    proposal.write_text(f'{{"workers": {huge}}}', encoding="utf-8")
    assert "a value cannot be read" in run_cli(["score", proposal, "--lang", "en"], code=1).stderr


def test_nothing_assessed_in_english(run_cli: Run) -> None:
    result = run_cli(["rank", CORPUS / "one-column.csv", "--lang", "en"], code=1)
    assert result.stderr.startswith("no applicant was assessed: the file has no required column 'Mã hồ sơ'")


def test_some_bad_rows_and_ineligible_applicants_are_still_success(run_cli: Run) -> None:
    result = run_cli(["rank", LIST_CSV], code=0)
    assert "5 dòng lỗi" in result.stderr and "7 không đủ điều kiện" in result.stderr


# -- 8. smaller: short rows, future dates, temporary files, stdout vs stderr --------------------

def test_a_row_shorter_than_the_header_is_named(run_cli: Run) -> None:
    result = run_cli(["rank", CORPUS / "short-row.csv", "--lang", "en"], code=0)
    assert "1 row(s) have fewer cells than the header (line 3)" in result.stderr
    full = run_cli(["rank", CORPUS / "three-rows.csv", "--lang", "en"], code=0)
    assert "fewer cells" not in full.stderr


def test_a_submission_date_in_the_future_is_warned_about(run_cli: Run) -> None:
    result = run_cli(["score", CORPUS / "future-submission.yaml"], code=0)
    assert "cảnh báo: 1 hồ sơ có ngày nộp sau hôm nay" in result.stderr and "15/04/2091" in result.stderr
    today = run_cli(["score", PROPOSAL], code=0)
    assert "sau hôm nay" not in today.stderr


def test_future_submissions_in_a_list_are_warned_about(run_cli: Run, tmp_path: Path) -> None:
    text = (CORPUS / "three-rows.csv").read_text(encoding="utf-8")
    listed = tmp_path / "ds.csv"
    assert "06/05/2019" in text
    listed.write_text(text.replace("06/05/2019", "06/05/2091", 1), encoding="utf-8")
    result = run_cli(["rank", listed, "--lang", "en"], code=0)
    assert "1 applicant(s) submitted after today" in result.stderr and "(2091-05-06)" in result.stderr


def test_an_as_of_after_today_is_warned_about(run_cli: Run) -> None:
    later = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    result = run_cli(["score", PROPOSAL, "--as-of", later, "--lang", "en"], code=0)
    assert f"warning: --as-of {later} is after today" in result.stderr
    past = run_cli(["score", PROPOSAL, "--as-of", "2019-04-15", "--lang", "en"], code=0)
    assert "after today" not in past.stderr


def test_stale_temporary_files_are_swept_and_others_kept(run_cli: Run, tmp_path: Path) -> None:
    stale = tmp_path / ".old.jsonl.kcscore-abcd1234.tmp"
    stale.write_bytes(b"x" * 1000)
    stale_dir = tmp_path / ".old.jsonl.kcscore-zz9_zz9_.tmp"
    stale_dir.mkdir()
    (stale_dir / "second.jsonl").write_bytes(b"y")
    fresh = tmp_path / ".other.csv.kcscore-efgh5678.tmp"
    fresh.write_bytes(b"being written")
    foreign = tmp_path / ".notes.abcd1234.tmp"
    foreign.write_bytes(b"someone else's")
    old = time.time() - fileio.STALE_AFTER - 60
    for path in (stale, stale_dir, foreign):
        os.utime(path, (old, old))
    run_cli(["rank", LIST_CSV, "--out", tmp_path / "ket-qua.jsonl"], code=0)
    assert not stale.exists() and not stale_dir.exists()
    assert fresh.exists() and foreign.exists()


def test_without_out_stdout_holds_only_the_ranking(run_cli: Run) -> None:
    result = run_cli(["rank", LIST_CSV], code=0)
    assert "khoảng 70" not in result.stdout and "Dòng lỗi" not in result.stdout
    assert "BK-2019-024" in result.stdout
    assert "dòng 31 (dòng 34 trong tệp)" in result.stderr and "khoảng 70" in result.stderr
    assert "Đã xét 43 hồ sơ" in result.stderr


def test_the_guard_is_a_library_function(tmp_path: Path) -> None:
    from kcscore.errors import OutputError
    from kcscore.outputguard import check_outputs, rank_outputs

    listed = _copy(LIST_CSV, tmp_path, "x.errors.csv")
    with pytest.raises(OutputError):
        check_outputs(rank_outputs(tmp_path / "x.csv"), files=[listed])
    check_outputs(rank_outputs(tmp_path / "y.csv"), files=[listed], folders=[PACK])


def test_no_catch_all_handler_outside_the_safety_net() -> None:
    found = [str(path.relative_to(ROOT))
             for path in sorted((ROOT / "kcscore").rglob("*.py"))
             for line in path.read_text(encoding="utf-8").splitlines()
             if "except Exception" in line]
    assert found == ["kcscore/safenet.py"]


def test_every_row_bad_names_the_first_bad_row(run_cli: Run, tmp_path: Path) -> None:
    import re

    text = (CORPUS / "three-rows.csv").read_text(encoding="utf-8")
    listed = tmp_path / "ds.csv"
    listed.write_text(re.sub(r"BK-2019-\d+", "BK-2019-001", text), encoding="utf-8")
    result = run_cli(["rank", listed], code=1)
    first = result.stderr.splitlines()[0]
    assert first.startswith("không xét được hồ sơ nào: cả 3 dòng đều lỗi — dòng 1") and "bị trùng" in first
