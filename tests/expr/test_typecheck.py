"""The type checker: unknown fields and enum values with suggestions, type errors with their span."""

from __future__ import annotations

import pytest

from kcscore.expr.parser import parse
from kcscore.expr.typecheck import check
from tests.expr.conftest import FIELDS


def problems(text: str) -> list[tuple[str, str, int, int, str | None]]:
    return [(p.code, text[p.span.start: p.span.end], p.span.start, p.span.end, p.suggestion) for p in check(parse(text), FIELDS)]


@pytest.mark.parametrize("text", [
    "workers >= 10 and share > 50",
    'sector in ["food_processing", "other"] and not new',
    'sector != "mining_mineral_processing" or committed == true',
    "cost * 0.5 < gain + 1 and -workers < 0",
    'product == "miến dong"',
    'sector not in ["other"]',
    "new",
])
def test_well_typed_conditions_have_no_problems(text: str) -> None:
    assert problems(text) == []


def test_unknown_field_is_underlined_with_a_suggestion() -> None:
    assert problems("workers > 1 and workes < 9") == [("K012", "workes", 16, 22, "workers")]


def test_unknown_enum_value_is_underlined_with_a_suggestion() -> None:
    assert problems('sector == "mining"') == [("K013", '"mining"', 10, 18, "mining_mineral_processing")]
    assert problems('sector in ["food_procesing"]') == [("K013", '"food_procesing"', 11, 27, "food_processing")]
    assert problems('"othr" == sector') == [("K013", '"othr"', 0, 6, "other")]


@pytest.mark.parametrize(("text", "span", "vi", "en"), [
    ("sector > 5", "sector > 5", "không so sánh được chuỗi với số", "cannot compare a text with a number"),
    ('workers == "many"', 'workers == "many"', "không so sánh được số với chuỗi", "cannot compare a number with a text"),
    ('product < "b"', 'product < "b"', "'<' không dùng cho chuỗi; dùng == hoặc !=", "'<' does not apply to text; use == or !="),
    ("new > false", "new > false", "'>' không dùng cho đúng/sai; dùng == hoặc !=", "'>' does not apply to true/false; use == or !="),
    ("workers and new", "workers", "'and' cần đúng/sai, nhưng vế này là số", "'and' needs a true/false, but this is a number"),
    ("not share", "share", "'not' cần đúng/sai, nhưng vế này là số", "'not' needs a true/false, but this is a number"),
    ("workers + 1", "workers + 1", "điều kiện phải cho kết quả đúng/sai, nhưng đây là số",
     "a condition must give true/false, but this gives a number"),
    ('workers in ["a"]', '"a"', "phần tử chuỗi trong danh sách của trường số", "a text in a list for a number"),
    ("workers in [share]", "share", "danh sách sau 'in' chỉ chứa giá trị cụ thể", "the list after 'in' may only hold literal values"),
    ("new in [true]", "new in [true]", "dùng == cho trường đúng/sai thay vì 'in'", "use == for a true/false field, not 'in'"),
    ("submitted_on > 2025", "submitted_on > 2025", "không so sánh được ngày với số",
     "cannot compare a date with a number"),
    ('-sector < 0', "sector", "'-' cần số, nhưng vế này là chuỗi", "'-' needs a number, but this is a text"),
    ("cost > 10000000000000000", "10000000000000000", "số 1e+16 vượt giới hạn ±1e+15", "the number 1e+16 is beyond ±1e+15"),
])
def test_type_errors(text: str, span: str, vi: str, en: str) -> None:
    found = check(parse(text), FIELDS)
    assert len(found) == 1, found
    problem = found[0]
    assert text[problem.span.start: problem.span.end] == span
    assert (problem.vi, problem.en) == (vi, en)


def test_every_problem_is_reported_not_just_the_first() -> None:
    codes = [p[0] for p in problems('sectr == "x" and workers == "many" and sector == "oth"')]
    assert codes == ["K012", "K014", "K013"]
