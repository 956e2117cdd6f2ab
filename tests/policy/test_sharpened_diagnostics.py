"""The wording of diagnostics that used to mislead: what they say, not only where they point.

Positions are asserted in test_check_fixtures.py; here each message must carry what an officer
needs to fix the pack without reading code.
"""

from __future__ import annotations

from pathlib import Path

from kcscore.policy.diagnostics import Diagnostic
from kcscore.policy.loader import check_policy
from kcscore.policy.messages import render
from kcscore.policy.yamlsource import read_yaml_text

BROKEN = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "broken"


def _only(name: str) -> Diagnostic:
    _, diagnostics = check_policy(BROKEN / name)
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


def test_total_not_100_lists_each_criterion_maximum_and_never_suggests_raising_max_score() -> None:
    d = _only("score_total")
    assert d.code == "K050"
    for lang in ("vi", "en"):
        text = d.message(lang)
        for part in ("local_raw_material 12", "labour_intensive 4", "advanced_equipment 6"):
            assert part in text, text
        _, expected, example = render(d.code, lang, d.params)
        assert expected is not None and example is not None
        assert "max_score" not in expected + example, (expected, example)
    assert render(d.code, "en", d.params)[1] == "add 3 points across the criteria, bonuses or a sum's `cap` so that they add up to 25"
    assert render(d.code, "vi", d.params)[1] == "thêm 3 điểm ở các tiêu chí, điểm cộng hoặc mức trần `cap` của một tổng để tổng bằng 25"


def test_a_repeated_start_date_names_the_parameter_and_says_two_values_start_that_day() -> None:
    d = _only("dated_same_day")
    assert d.code == "K011"
    assert d.message("en") == ("parameter 'machinery_cap_vnd': two values start on the same day, 2014-04-04 "
                               "(the other one is at line 81)")
    assert d.message("vi") == ("tham số 'machinery_cap_vnd' có hai giá trị cùng bắt đầu ngày 2014-04-04 "
                               "(giá trị kia ở dòng 81)")


def test_other_repeated_keys_keep_the_plain_duplicate_key_message() -> None:
    d = _only("duplicate_key")
    assert d.code == "K011"
    assert d.message("en").startswith("duplicate key '")
    _, problems = read_yaml_text("values:\n  2014-04-04: 1\n  2014-04-04: 2\n", "f.yaml")
    assert problems[0].message("en") == "duplicate key '2014-04-04' (already at line 2)"  # not under a parameter


def test_an_indentation_slip_says_so_in_both_languages() -> None:
    for name, indent in (("indent_slip", 2), ("indent_slip_first_key", 6)):
        d = _only(name)
        assert d.message("en") == (f"YAML syntax error: this looks like an indentation problem: this line is indented {indent} "
                                   "spaces where the lines around it at the same level have 4")
        assert d.message("vi").startswith(f"lỗi cú pháp YAML: có vẻ là lỗi thụt lề: dòng này thụt vào {indent} dấu cách")
        assert "missing required key" not in d.message("en")


def test_a_body_written_beside_its_id_is_one_indentation_error_not_five_missing_kinds() -> None:
    d = _only("indent_flattened_body")
    assert d.message("en") == (
        "YAML syntax error: this looks like an indentation problem: the keys kind, title, cite, require, fails "
        "(from line 11) line up with 'counterpart_funding' at line 10, which leaves 'counterpart_funding' empty; "
        "indent them under 'counterpart_funding'")
    assert "thụt chúng vào sâu hơn 'counterpart_funding'" in d.message("vi")
