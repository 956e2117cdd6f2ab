"""Each broken fixture pack yields exactly its own error, at its exact place, readable in vi and en.

Every folder under ``tests/fixtures/packs/broken`` is the valid pack with one mistake (marked by a
``# broken:`` comment in the file). The table below says which code each must produce, where, and
what it should suggest; a fixture without an entry fails the suite, so none can go unchecked.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from kcscore.policy.diagnostics import Diagnostic, format_all
from kcscore.policy.loader import check_policy

PACKS = Path(__file__).resolve().parent.parent / "fixtures" / "packs"
BROKEN = PACKS / "broken"
VIETNAMESE = re.compile("[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE)
GNU = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (error|warning)\[K\d{3}\]: \S")


@dataclass(frozen=True)
class E:
    """An expected error: code, file within the pack ('' for the pack folder), line, column."""

    code: str
    file: str
    line: int
    col: int
    suggestion: str | None = None
    length: int | None = None


EXPECTED: dict[str, list[E]] = {
    "yaml_syntax": [E("K001", "rules.yaml", 7, 12)],
    "tab_indent": [E("K019", "rules.yaml", 18, 1)],
    "unknown_section": [E("K020", "rules.yaml", 70, 1, "parameters", 9)],
    "unknown_rule_key": [E("K020", "rules.yaml", 14, 5, "require", 6)],
    "unknown_kind": [E("K023", "rules.yaml", 18, 11, "exclusion", 9)],
    # the caret underlines the misspelt field inside the condition
    "unknown_field": [E("K012", "rules.yaml", 51, 55, "local_material_share", 19)],
    "unknown_input_field": [E("K012", "rules.yaml", 41, 12, "workers", 6)],
    "unknown_enum_value": [E("K013", "rules.yaml", 21, 21, "mining_mineral_processing", 8)],
    "type_error": [E("K014", "rules.yaml", 21, 11, None, 10), E("K014", "rules.yaml", 60, 11, None, 17)],
    "condition_syntax": [E("K015", "rules.yaml", 59, 33, None, 2)],
    "never_true": [E("K017", "rules.yaml", 59, 11, None, 28)],
    "division_by_zero": [E("K027", "rules.yaml", 14, 50, None, 1)],
    "band_gap": [E("K040", "rules.yaml", 28, 5)],
    "band_overlap": [E("K041", "rules.yaml", 31, 9)],
    "band_unreachable": [E("K042", "rules.yaml", 44, 9)],
    "duplicate_rule_id": [E("K051", "rules2.yaml", 3, 3)],
    "duplicate_key": [E("K011", "rules.yaml", 15, 5)],
    "dated_same_day": [E("K011", "rules.yaml", 82, 7)],
    # the parser stops a line later; the error is on the mis-indented line itself
    "indent_slip": [E("K001", "rules.yaml", 14, 3, None, 30)],
    "indent_slip_first_key": [E("K001", "rules.yaml", 11, 7, None, 10)],
    # valid YAML, but the rule's keys line up with its id: one error, not one per key
    "indent_flattened_body": [E("K001", "rules.yaml", 11, 3, None, 4)],
    "score_total": [E("K050", "policy.yaml", 8, 14)],
    "missing_citation": [E("K052", "rules.yaml", 16, 3)],
    "missing_required_key": [E("K021", "rules.yaml", 9, 3)],
    "wrong_value_type": [E("K022", "rules.yaml", 52, 13)],
    "bad_rule_id": [E("K024", "rules.yaml", 55, 3)],
    "dated_gap": [E("K060", "rules.yaml", 82, 7)],
    "dated_overlap": [E("K061", "rules.yaml", 82, 7)],
    "dated_no_citation": [E("K062", "rules.yaml", 82, 7)],
    "invalid_date": [E("K007", "rules.yaml", 82, 7)],
    "support_unknown_parameter": [E("K053", "rules.yaml", 68, 10, "machinery_cap_vnd")],
    "tie_break_unknown_criterion": [E("K053", "policy.yaml", 11, 21, "local_raw_material")],
    "case_unknown_field": [E("K071", "tests/cases.yaml", 22, 41, "local_material_share")],
    "case_unknown_rule": [E("K072", "tests/cases.yaml", 23, 23, "local_raw_material")],
    "case_unknown_base": [E("K070", "tests/cases.yaml", 25, 23, "strong_household")],
    "template_unknown_field": [E("K026", "rules.yaml", 34, 39, "local_material_share", 19)],
    "missing_policy": [E("K081", "", 1, 1)],
}


def _where(pack: Path, d: Diagnostic) -> str:
    relative = Path(d.pos.file).resolve().relative_to(pack.resolve()).as_posix()
    return "" if relative == "." else relative


def test_every_broken_fixture_has_expectations() -> None:
    assert sorted(p.name for p in BROKEN.iterdir() if p.is_dir()) == sorted(EXPECTED)


def test_the_valid_fixture_pack_is_clean() -> None:
    policy, diagnostics = check_policy(PACKS / "valid")
    assert diagnostics == []
    assert policy is not None and policy.meta.id == "mini"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_pack_reports_its_error_at_its_place(name: str) -> None:
    pack = BROKEN / name
    policy, diagnostics = check_policy(pack)
    assert policy is None
    errors = [d for d in diagnostics if d.level == "error"]
    got = sorted((d.code, _where(pack, d), d.pos.line, d.pos.col) for d in errors)
    assert got == sorted((e.code, e.file, e.line, e.col) for e in EXPECTED[name])
    for expected in EXPECTED[name]:
        match = next(d for d in errors if (d.code, d.pos.line, d.pos.col) == (expected.code, expected.line, expected.col))
        assert match.suggestion == expected.suggestion
        if expected.length is not None:
            assert match.pos.length == expected.length


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_pack_messages_read_in_both_languages(name: str) -> None:
    pack = BROKEN / name
    _, diagnostics = check_policy(pack)
    for d in diagnostics:
        vi, en = d.message("vi"), d.message("en")
        assert vi and en and vi != en
        assert VIETNAMESE.search(vi), vi
        assert not VIETNAMESE.search(en), en  # no Vietnamese leaks into --lang en
        if d.code != "K026":  # a template diagnostic quotes a placeholder on purpose
            assert not re.search(r"\{[a-z_]+\}", vi + en), (vi, en)  # every parameter filled
        if d.suggestion:
            assert d.suggestion in (d.hint("vi") or "") and "có phải ý bạn là" in (d.hint("vi") or "")
            assert "did you mean" in (d.hint("en") or "")
        record = d.to_json("en")
        assert record["code"] == d.code and record["message"] == en


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_gnu_format_is_one_line_per_problem(name: str) -> None:
    pack = BROKEN / name
    _, diagnostics = check_policy(pack)
    for lang in ("vi", "en"):
        lines = format_all(diagnostics, "gnu", lang).splitlines()
        assert len(lines) == len(diagnostics)
        for line in lines:
            found = GNU.match(line)
            assert found, line
            assert Path(found["file"]).resolve().is_relative_to(pack.resolve())


def test_text_format_underlines_the_misspelt_field_and_suggests() -> None:
    _, diagnostics = check_policy(BROKEN / "unknown_field")
    text = format_all(diagnostics, "text", "vi")
    lines = text.splitlines()
    source = next(i for i, line in enumerate(lines) if "local_materal_share > 50" in line)
    caret = lines[source + 1]
    assert caret.strip() == "^" * len("local_materal_share")
    assert caret.index("^") == lines[source].index("local_materal_share")
    assert "có phải ý bạn là 'local_material_share' (Tỷ lệ nguyên liệu tại chỗ (%))?" in text
    assert "cần: mã trường khai báo trong `fields:`" in text
    assert "ví dụ: local_material_share > 50" in text


def test_json_format_carries_code_position_expected_and_example() -> None:
    _, diagnostics = check_policy(BROKEN / "band_gap")
    records = json.loads(format_all(diagnostics, "json", "en"))
    assert [(r["code"], r["line"], r["col"]) for r in records] == [("K040", 28, 5)]
    assert "local_material_share" in records[0]["message"] and records[0]["example"] == "- {otherwise: 0}"
    assert records[0]["expected"] == "add a band for these values or an `otherwise` line"


def test_errors_in_several_files_are_all_reported_at_once(tmp_path: Path) -> None:
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(PACKS / "valid", pack)
    rules = pack / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("require: counterpart_committed", "requre: counterpart_committed")
                     .replace("input: workers", "input: worker"), encoding="utf-8")
    policy_file = pack / "policy.yaml"
    policy_file.write_text(policy_file.read_text(encoding="utf-8").replace("max_score: 22", "max_score: 23"), encoding="utf-8")
    cases = pack / "tests" / "cases.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace("local_material_share: 50", "local_materal_share: 50"), encoding="utf-8")
    policy, diagnostics = check_policy(pack)
    assert policy is None
    # the criteria total is not judged while a criterion is broken: one mistake, one message
    assert sorted(d.code for d in diagnostics) == ["K012", "K020", "K071"]


def test_a_broken_rule_is_not_reported_again_where_it_is_used(tmp_path: Path) -> None:
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(PACKS / "valid", pack)
    rules = pack / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    text = text.replace("    cite: {doc: Thông tư 46/2012/TT-BCT, article: Điều 6.2.b}\n", "", 1)  # local_raw_material
    rules.write_text(text, encoding="utf-8")
    _, diagnostics = check_policy(pack)
    # the tie-break and the test cases name local_raw_material: they are not "unknown"
    assert [(d.code, d.params.get("id")) for d in diagnostics] == [("K052", "local_raw_material")]


def test_a_broken_field_is_not_reported_again_where_it_is_used(tmp_path: Path) -> None:
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(PACKS / "valid", pack)
    policy_file = pack / "policy.yaml"
    policy_file.write_text(policy_file.read_text(encoding="utf-8").replace("workers: {type: integer,", "workers: {type: integr,"),
                           encoding="utf-8")
    _, diagnostics = check_policy(pack)
    assert [(d.code, d.suggestion) for d in diagnostics] == [("K023", "integer")]


def test_a_missing_pack_folder_is_a_diagnostic(tmp_path: Path) -> None:
    policy, diagnostics = check_policy(tmp_path / "nowhere")
    assert policy is None and [d.code for d in diagnostics] == ["K080"]
    (tmp_path / "empty").mkdir()
    policy, diagnostics = check_policy(tmp_path / "empty")
    assert policy is None and [d.code for d in diagnostics] == ["K080"]
    assert "no .yaml" in diagnostics[0].message("en") and "không có tệp .yaml" in diagnostics[0].message("vi")
