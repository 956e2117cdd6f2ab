"""Hostile inputs an officer or a policy officer can hit on an ordinary day: an amount that means two
things, a field written twice, a rule that divides by zero, a pack folder with things that are not
files. Each is refused or reported with one clear message and its exit code, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kcscore.cli import main
from tests.packcopy import copy_pack, layer_file

ROOT = Path(__file__).resolve().parent.parent.parent
LIST_CSV = ROOT / "samples" / "applicants" / "bac-kan-2019.csv"
PROPOSAL_TOML = ROOT / "samples" / "proposals" / "hoffmann-brickworks.toml"
REQUESTED = "Kinh phí khuyến công đề nghị (đồng)"


def run(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(main, list(args))
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, output


def sample_rows() -> tuple[list[str], list[dict[str, str]]]:
    """The sample list's header and its first ten applicants (all readable)."""
    lines = LIST_CSV.read_text(encoding="utf-8").splitlines()[2:]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    rows = [row for row in reader][:10]
    return list(reader.fieldnames or []), rows


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


# --- item 6: an amount with a dot before a unit word ----------------------------------------------


@pytest.mark.parametrize(("lang", "words"), [("vi", "không rõ nghĩa"), ("en", "ambiguous")])
def test_budget_with_a_dot_before_ty_is_refused_with_both_readings(runner: CliRunner, lang: str, words: str) -> None:
    code, output = run(runner, "rank", str(LIST_CSV), "--budget", "1.129 tỷ", "--lang", lang)
    assert code == 2
    assert words in output
    assert "1.129.000.000 đ" in output and "1.129.000.000.000 đ" in output
    assert "'1,129 tỷ'" in output and "'1129 tỷ'" in output
    other = "ambiguous" if lang == "vi" else "không rõ nghĩa"
    assert other not in output  # the user's language only
    assert "--budget" in output  # names the option


def test_a_budget_far_above_every_request_is_warned_about(runner: CliRunner, tmp_path: Path) -> None:
    code, output = run(runner, "rank", str(LIST_CSV), "--budget", "1129 tỷ", "--out", str(tmp_path / "r.csv"))
    assert code == 0
    assert "gấp 251 lần tổng mức hỗ trợ đề xuất" in output


def test_a_budget_below_every_request_is_warned_about(runner: CliRunner, tmp_path: Path) -> None:
    code, output = run(runner, "rank", str(LIST_CSV), "--budget", "1 triệu", "--lang", "en", "--out",
                       str(tmp_path / "r.jsonl"), "--engine", "vectorised")
    assert code == 0
    assert "the budget 1,000,000 VND funds no applicant" in output


def test_a_sensible_budget_gets_no_budget_warning(runner: CliRunner, tmp_path: Path) -> None:
    code, output = run(runner, "rank", str(LIST_CSV), "--budget", "1,129 tỷ", "--out", str(tmp_path / "r.csv"))
    assert code == 0
    assert "ngân sách" not in output


@pytest.mark.parametrize("engine", ["durable", "vectorised"])
def test_a_money_cell_with_a_dot_before_a_unit_is_that_rows_error(runner: CliRunner, tmp_path: Path, engine: str) -> None:
    header, rows = sample_rows()
    rows[3][REQUESTED] = "1.600 triệu"
    source = write_csv(tmp_path / "list.csv", header, rows)
    out = tmp_path / "r.jsonl"
    code, output = run(runner, "rank", str(source), "--engine", engine, "--out", str(out))
    assert code == 0
    assert "dòng 4" in output and REQUESTED in output and "'1.600 triệu'" in output
    assert "1.600.000 đ" in output and "1.600.000.000 đ" in output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["row"] for line in lines) == list(range(1, 11))  # nothing dropped
    errors = [line for line in lines if "error" in line]
    assert [e["row"] for e in errors] == [4]


# --- item 4: a field written twice ------------------------------------------------------------------


def proposal_fields() -> dict[str, object]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # the same parser under its 3.10 name
        import tomli as tomllib

    return tomllib.loads(PROPOSAL_TOML.read_text(encoding="utf-8"))


def yaml_proposal(fields: dict[str, object]) -> str:
    return "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items())


@pytest.mark.parametrize(("name", "make", "vi", "en"), [
    ("p.json", lambda text: text.replace('"workers": 40,', '"workers": 40,\n  "workers": 4,'),
     "p.json:6: trường 'workers' được viết hai lần (dòng 5 và dòng 6)",
     "p.json:6: field 'workers' is written twice (lines 5 and 6)"),
    ("p.yaml", lambda text: text.replace("workers: 40\n", "workers: 40\nworkers: 4\n"),
     "p.yaml:5:1: error[K011]: khoá 'workers' bị lặp (đã có ở dòng 4)",
     "p.yaml:5:1: error[K011]: duplicate key 'workers' (already at line 4)"),
    ("p.toml", lambda text: text.replace("workers = 40\n", "workers = 40\nworkers = 4\n"),
     "p.toml:6: trường 'workers' được viết hai lần (dòng 5 và dòng 6)",
     "p.toml:6: field 'workers' is written twice (lines 5 and 6)"),
])
def test_a_proposal_with_a_field_written_twice_is_refused_naming_both_lines(
        runner: CliRunner, tmp_path: Path, name: str, make, vi: str, en: str) -> None:  # type: ignore[no-untyped-def]
    fields = proposal_fields()
    if name.endswith(".json"):
        text = json.dumps(fields, ensure_ascii=False, indent=2)
    elif name.endswith(".yaml"):
        text = yaml_proposal(fields)
    else:
        text = PROPOSAL_TOML.read_text(encoding="utf-8")
    changed = make(text)
    assert changed != text
    path = tmp_path / name
    path.write_text(changed, encoding="utf-8")
    for lang, expected in (("vi", vi), ("en", en)):
        code, output = run(runner, "score", str(path), "--lang", lang)
        assert code == 1
        assert expected.replace(name, str(path)) in output


def test_a_proposal_giving_a_field_under_two_names_is_refused_naming_both(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(yaml_proposal(proposal_fields()).replace("workers: 40\n", "workers: 40\nSố lao động: 4\n"), encoding="utf-8")
    code, output = run(runner, "score", str(path), "--lang", "en")
    assert code == 1
    assert "field 'workers' given twice ('workers' and 'Số lao động')" in output


@pytest.mark.parametrize("engine", ["durable", "vectorised"])
def test_a_list_row_with_a_key_written_twice_is_that_rows_error(runner: CliRunner, tmp_path: Path, engine: str) -> None:
    header, rows = sample_rows()
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    lines[2] = lines[2].replace('"Số lao động": ', '"Số lao động": "1", "Số lao động": ', 1)
    source = tmp_path / "list.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    code, output = run(runner, "rank", str(source), "--engine", engine, "--out", str(out), "--lang", "en")
    assert code == 0
    assert "row 3: field written twice in one applicant: 'Số lao động' (line 3, columns" in output
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["row"] for line in results) == list(range(1, 11))
    assert [line["row"] for line in results if "error" in line] == [3]


# --- item 7: a pack folder with entries that are not files ---------------------------------------------


VALID_PACK = ROOT / "tests" / "fixtures" / "packs" / "valid"


@pytest.mark.parametrize("command", [["rules", "check"], ["score", str(PROPOSAL_TOML), "--rules"]])
def test_a_pack_with_a_dangling_link_a_loop_and_a_pipe_is_refused_naming_each(
        runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    import os
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(VALID_PACK, pack)
    os.symlink("nowhere.yaml", pack / "gone.yaml")
    os.symlink("loop.yaml", pack / "loop.yaml")
    os.mkfifo(pack / "tests" / "pipe.yaml")
    code, output = run(runner, *command, str(pack), "--lang", "en")
    assert code == 1
    for name, kind in (("gone.yaml", "a symbolic link to nothing"), ("loop.yaml", "a symbolic link loop"),
                       ("tests/pipe.yaml", "a named pipe (FIFO)")):
        assert f"/{name}' is {kind}: a pack must be read whole" in output


# --- item 7: a division by zero in a rule ----------------------------------------------------------------


def test_rules_check_refuses_a_constant_division_by_zero_at_its_place(runner: CliRunner, tmp_path: Path) -> None:
    import shutil

    pack = tmp_path / "bac-kan"
    copy_pack(ROOT / "rules" / "bac-kan", pack)
    gates = layer_file(pack, "gates.yaml")
    text = gates.read_text(encoding="utf-8")
    assert "    require: workers <= 200 and" in text
    gates.write_text(text.replace("    require: workers <= 200 and", "    require: workers / 0 > 1 and workers <= 200 and"),
                     encoding="utf-8")
    line = gates.read_text(encoding="utf-8").splitlines().index(
        next(line for line in gates.read_text(encoding="utf-8").splitlines() if "workers / 0" in line)) + 1
    code, output = run(runner, "rules", "check", str(pack), "--format", "gnu", "--lang", "en")
    assert code == 1
    assert f"gates.yaml:{line}:24: error[K027]: division by zero" in output
    code, output = run(runner, "rank", str(LIST_CSV), "--rules", str(pack))
    assert code != 0 and "K027" in output


def test_a_divisor_field_at_zero_gives_the_same_decision_on_every_evaluator(runner: CliRunner, tmp_path: Path) -> None:
    """The warned case at run time: the ratio is unknown for that applicant on every evaluator alike."""
    import shutil

    from kcscore.expr.evaluate import truth
    from kcscore.expr.parser import parse

    pack = tmp_path / "bac-kan"
    copy_pack(ROOT / "rules" / "bac-kan", pack)
    gates = layer_file(pack, "gates.yaml")
    gates.write_text(gates.read_text(encoding="utf-8").replace(
        "    require: workers <= 200 and", "    require: annual_revenue_vnd / workers >= 0 and workers <= 200 and"), encoding="utf-8")
    code, output = run(runner, "rules", "check", str(pack), "--lang", "en")
    assert code == 0 and "warning[K028]" in output
    header, rows = sample_rows()
    rows[0]["Số lao động"] = "0"
    source = write_csv(tmp_path / "list.csv", header, rows)
    found = {}
    for engine in ("durable", "vectorised"):
        out = tmp_path / f"{engine}.jsonl"
        code, _ = run(runner, "rank", str(source), "--rules", str(pack), "--engine", engine, "--out", str(out))
        assert code == 0
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        found[engine] = {line["row"]: (line["decision"], line["missing"]) for line in lines if "decision" in line}
    assert found["durable"] == found["vectorised"]
    assert truth(parse("annual_revenue_vnd / workers >= 0"), {"annual_revenue_vnd": 5, "workers": 0}) is None
    assert found["durable"][1][0] != "eligible"  # never funded on a ratio that has no value


def test_a_proposal_money_field_with_a_dot_before_a_unit_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    text = PROPOSAL_TOML.read_text(encoding="utf-8")
    assert "requested_support_vnd = 300_000_000\n" in text
    path.write_text(text.replace("requested_support_vnd = 300_000_000\n", 'requested_support_vnd = "300.000 nghìn"\n'),
                    encoding="utf-8")
    code, output = run(runner, "score", str(path), "--lang", "en")
    assert code == 1
    assert "'300.000 nghìn' is ambiguous: is it 300.000 đ" in output and "or 300.000.000 đ" in output
