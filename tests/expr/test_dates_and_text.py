"""Date literals, the as-of date and contains/contains_any: parsing, types, meaning, analysis."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from kcscore.policy.asof import condition_types
from kcscore.expr import ast as A
from kcscore.expr.analysis import Analyzer
from kcscore.expr.evaluate import truth
from kcscore.expr.parser import ParseError, parse
from kcscore.expr.render import to_source
from kcscore.expr.textmatch import fold, matches
from kcscore.expr.typecheck import check
from tests.expr.conftest import FIELDS

TYPES = condition_types(FIELDS)


def problems(text: str) -> list[tuple[str, str, str, str | None]]:
    return [(p.code, text[p.span.start:p.span.end], p.en, p.suggestion) for p in check(parse(text), TYPES)]


# -- dates --------------------------------------------------------------------------------------

def test_a_date_literal_is_a_day_and_reads_back() -> None:
    node = parse('submitted_on >= date("2025-01-01")')
    assert node == A.Compare(">=", A.Field("submitted_on"), A.Date(dt.date(2025, 1, 1)))
    assert to_source(node) == 'submitted_on >= date("2025-01-01")'
    assert parse(to_source(node)) == node


@pytest.mark.parametrize("text, bad", [
    ('x < date("2025-02-30")', '"2025-02-30"'),  # not a day of the calendar
    ('x < date("01/02/2025")', '"01/02/2025"'),  # day/month order is ambiguous: ISO only
    ('x < date("2025-1-1")', '"2025-1-1"'),
    ("x < date(2025)", "2025"),
])
def test_a_date_must_be_one_quoted_iso_day(text: str, bad: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(text)
    assert text[caught.value.start:caught.value.end] == bad
    assert "date(" in caught.value.en and "date(" in caught.value.vi


def test_other_calls_are_still_refused() -> None:
    with pytest.raises(ParseError, match="cannot call functions"):
        parse("dates('2025-01-01') < x")


@pytest.mark.parametrize("text", [
    'submitted_on >= date("2025-01-01")',
    'as_of < date("2026-01-01") and submitted_on <= as_of',
    'date("2024-01-01") != as_of',
    'submitted_on in [date("2025-01-01"), date("2025-01-02")]',
])
def test_dates_compare_with_dates(text: str) -> None:
    assert problems(text) == []


@pytest.mark.parametrize("text, span, suggestion", [
    ("submitted_on > 2025", "submitted_on > 2025", 'date("2025-01-01")'),
    ('as_of >= "2025-03-01"', 'as_of >= "2025-03-01"', 'date("2025-03-01")'),
    ('workers < date("2025-01-01")', 'workers < date("2025-01-01")', 'date("2025-01-01")'),
])
def test_a_date_against_a_number_or_text_is_a_type_error_with_a_suggestion(text: str, span: str, suggestion: str) -> None:
    [(code, underlined, message, suggested)] = problems(text)
    assert (code, underlined, suggested) == ("K014", span, suggestion)
    assert "date" in message


def test_dates_take_no_arithmetic() -> None:
    assert [p[0] for p in problems('as_of + 30 > submitted_on')] == ["K014", "K014"]


def test_the_as_of_date_is_a_date_only_when_the_pack_has_no_field_of_that_name() -> None:
    assert TYPES["as_of"].kind == "date"
    own = {**FIELDS, "as_of": FIELDS["workers"]}
    assert condition_types(own)["as_of"].kind == "integer"


def test_dates_evaluate_with_blanks_unknown() -> None:
    node = parse('submitted_on <= as_of and as_of >= date("2025-01-01")')
    day = dt.date(2025, 1, 1)
    assert truth(node, {"submitted_on": day, "as_of": day}) is True
    assert truth(node, {"submitted_on": day, "as_of": day - dt.timedelta(days=1)}) is False
    assert truth(node, {"submitted_on": None, "as_of": day}) is None


# -- text ---------------------------------------------------------------------------------------

def test_folding_removes_accents_d_case_and_extra_spaces() -> None:
    nfc = "Nghiền  ĐÁ\tvôi"
    nfd = unicodedata.normalize("NFD", nfc)
    assert fold(nfc) == fold(nfd) == "nghien da voi"
    assert fold("đường Đá") == "duong da"


@pytest.mark.parametrize("text, expected", [
    ("Cơ sở nghiền đá Bằng Thành", True),
    ("CO SO NGHIEN DA", True),
    (unicodedata.normalize("NFD", "nghiền đá"), True),
    ("khai thác  cát lòng sông", True),
    ("miến dong", False),
    ("", None),
    ("   ", None),
    (None, None),
])
def test_contains_any_is_accent_and_case_insensitive_and_blank_is_unknown(text: str | None, expected: bool | None) -> None:
    node = parse('product contains_any ["nghiền đá", "khai thác cát"]')
    assert truth(node, {"product": text}) is expected
    assert matches(text, ("nghiền đá", "khai thác cát")) is expected


def test_contains_takes_one_text_and_reads_back() -> None:
    node = parse('not product contains "đá" or product contains_any ["a b"]')
    assert to_source(node) == 'not product contains "đá" or product contains_any ["a b"]'
    assert parse(to_source(node)) == node
    with pytest.raises(ParseError, match="quoted text after 'contains'"):
        parse('product contains ["a", "b"]')


def test_a_pattern_is_never_a_regular_expression() -> None:
    node = parse('product contains_any [".*", "a|b"]')
    assert truth(node, {"product": "anything"}) is False
    assert truth(node, {"product": "x .* y"}) is True


@pytest.mark.parametrize("text, message", [
    ('workers contains "12"', "applies to a text field"),
    ('new contains "có"', "applies to a text field"),
    ('product contains "a"', "too short"),
    ('product contains_any []', "is empty"),
    ('product contains_any ["ab", 12]', "quoted texts only"),
    ('product contains "' + "x" * 101 + '"', "longer than 100"),
    ('product contains_any [' + ", ".join(f'"t{i:02d}"' for i in range(51)) + "]", "more than 50"),
])
def test_contains_is_type_checked_and_bounded(text: str, message: str) -> None:
    found = problems(text)
    assert len(found) == 1 and message in found[0][2], found


def test_contains_is_for_free_text_not_for_a_list_of_values() -> None:
    [(code, underlined, message, _)] = problems('sector contains "mining"')
    assert (code, underlined) == ("K014", "sector") and "use 'in [...]'" in message
    assert problems('"nghiền đá" contains "đá"')[0][2].endswith("free-text field only; for a list of values use 'in [...]'")


def test_the_analysis_treats_the_new_forms_as_opaque_without_failing() -> None:
    analyzer = Analyzer(TYPES)
    for text in ('product contains "đá" and not product contains "đá"', 'as_of < date("2025-01-01")',
                 'date("2025-01-01") > date("2026-01-01")', 'product contains "mining" and workers > 3'):
        assert analyzer.satisfiable(parse(text)) is not False
