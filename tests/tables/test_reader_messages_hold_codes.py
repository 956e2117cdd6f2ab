"""A reader's whole-file errors and warnings are catalogue codes with parameters (``i18n/tables.py``),
said in the user's language where they are shown; the readers never build sentences themselves."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

from kcscore.i18n import Message
from kcscore.i18n.catalogue import CATALOGUE
from kcscore.tables.encoding import EncodingProblem, decode_bytes
from kcscore.tables.notes import Note
from kcscore.tables.table import TableError
from kcscore.tables.textsource import table_error

ROOT = Path(__file__).resolve().parents[2] / "kcscore"
BUILT = {"TableError", "Note", "EncodingProblem", "_save_as_xlsx"}


def test_every_reader_message_names_a_catalogue_code() -> None:
    """``TableError(f"…", f"…")`` or ``Note("…", "…")`` would say the words where they are found;
    each names a code of the catalogue instead, with its parameters as keywords."""
    wrong, seen = [], 0
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in BUILT):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                seen += 1
                if first.value not in CATALOGUE:
                    wrong.append(f"{where}: unknown code {first.value!r}")
                hint = node.args[1] if len(node.args) > 1 else None
                if isinstance(hint, ast.Constant) and isinstance(hint.value, str) and hint.value not in CATALOGUE:
                    wrong.append(f"{where}: unknown hint code {hint.value!r}")
                if any(isinstance(arg, ast.JoinedStr) for arg in node.args):
                    wrong.append(f"{where}: built from sentences")
            elif isinstance(first, ast.JoinedStr):
                wrong.append(f"{where}: built from sentences")
    assert wrong == [] and seen > 40


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_table_error_is_said_in_the_language_asked_and_crosses_a_process(lang: str) -> None:
    error = TableError("table.csv_unclosed", "table.hint.csv_close_quote", line=7, row=5)
    again = pickle.loads(pickle.dumps(error))
    assert again.said == error.said and again.hint == error.hint and again.line == 7
    said = again.message(lang)
    assert ("dòng 5 (dòng 7" in said) if lang == "vi" else ("row 5 (text line 7)" in said)
    other = "en" if lang == "vi" else "vi"
    assert again.message(other) != said
    assert again.with_hint().say(lang) == error.said.say(lang) + "\n  " + error.hint.say(lang)


def test_a_warning_is_its_vietnamese_text_and_keeps_its_code_across_a_process() -> None:
    note = Note("note.total_row", place=Message("note.place.excel_row"), line=12, lead="Tổng cộng")
    assert note == "Bỏ qua dòng tổng cộng ở hàng Excel 12 («Tổng cộng»)"
    assert note.message("en") == "Skipped the total row at Excel row 12 («Tổng cộng»)"
    again = pickle.loads(pickle.dumps([note]))[0]
    assert type(again) is Note and again.code == "note.total_row" and again.message("en") == note.message("en")


def test_an_encoding_problem_says_where_the_bad_byte_is_in_both_languages() -> None:
    with pytest.raises(EncodingProblem) as caught:
        decode_bytes(b"a;b\nc;d\nH\xf5\xf2p\n", "utf-8")
    problem = pickle.loads(pickle.dumps(caught.value))
    assert (problem.offset, problem.line) == (9, 3)
    assert problem.message("vi").endswith("ở vị trí 9 (dòng 3)") and problem.message("en").endswith("offset 9 (line 3)")
    error = table_error(problem)
    assert error.line == 3 and error.message("en").startswith(problem.message("en"))
    assert "--encoding" in error.message("en") and "--encoding" in error.message("vi")


def test_a_json_example_in_a_hint_keeps_its_braces() -> None:
    """A hint without parameters that shows a JSON object writes its braces as ``{{ }}``: the
    template is still formatted, so the user reads single braces."""
    error = TableError("table.json_too_deep", "table.hint.json_flat")
    assert error.message("en").endswith('write each applicant as a flat {"field": value} object')
    assert error.message("vi").endswith('mỗi hồ sơ là một đối tượng {"trường": giá trị} không lồng nhau')


def test_a_json_row_that_cannot_be_read_holds_a_code_said_in_either_language(tmp_path: Path) -> None:
    """Every kind of unreadable JSON Lines row (broken, too deep, a huge number, not an object, a key
    written twice) keeps its problem as a catalogue message until it is shown, across a process too;
    many repeated keys are named up to the limit of a listing and counted beyond it."""
    from kcscore.tables.readers import read_table

    repeated = "{" + ", ".join(f'"k{i}": 1, "k{i}": 2' for i in range(10)) + "}"
    lines = ['{"id": "A1", "workers": 3', "[" * 100_000 + "]" * 100_000, '{"id": "A3", "workers": ' + "9" * 5000 + "}",
             "[1, 2]", repeated]
    path = tmp_path / "ds.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = read_table(path).rows
    problems = [pickle.loads(pickle.dumps(row.problem)) for row in rows]
    assert all(isinstance(p, Message) for p in problems)
    assert [p.code for p in problems] == ["jsonrow.invalid", "jsonrow.too_deep", "jsonrow.value", "jsonrow.not_object",
                                          "jsonrow.repeated"]
    vi, en = [p.say("vi") for p in problems], [p.say("en") for p in problems]
    assert vi[0].startswith("dòng 1 không phải JSON hợp lệ (cột ") and en[0].startswith("line 1 is not valid JSON")
    assert vi[2].startswith("dòng 3: giá trị không đọc được") and en[2].startswith("line 3: a value cannot be read")
    assert vi[3] == "dòng 4 không phải một đối tượng JSON {...} mà là một mảng: [1, 2]"
    assert en[3] == "line 4 is not a JSON object {...} but an array: [1, 2]"
    assert vi[4] == ("trường được viết hai lần trong cùng một hồ sơ: "
                     + ", ".join(f"'k{i}' (dòng 5, cột {2 + 18 * i} và cột {11 + 18 * i})" for i in range(8))
                     + ", … (+2); giữ lại một giá trị")
    assert en[4].startswith("field written twice in one applicant: 'k0' (line 5, columns 2 and 11), 'k1' (line 5, ")
    assert en[4].endswith(", … (+2); keep one value")
