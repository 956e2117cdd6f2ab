"""Cell values as Vietnamese offices write them: accepted forms, and the rejections that protect
officers from silently wrong numbers."""

from __future__ import annotations

import datetime as dt
import pickle
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcscore.tables.values import (
    ValueProblem,
    fold,
    is_blank,
    normalise_text,
    parse_bool,
    parse_date,
    parse_money,
    parse_number,
    parse_percent,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def dotted(n: int) -> str:
    """``n`` written Vietnamese-style: 1129000000 -> "1.129.000.000"."""
    return f"{n:,}".replace(",", ".")


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [None, "", "   ", "\u00a0\t\n", "\u200b", float("nan"), Decimal("NaN")])
def test_blank_values(raw: object) -> None:
    assert is_blank(raw)
    assert normalise_text(raw) is None


@pytest.mark.parametrize("raw", [0, 0.0, False, "0", "x", []])
def test_non_blank_values(raw: object) -> None:
    assert not is_blank(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("  Hợp tác xã ", "Hợp tác xã"), (nfd("Hợp tác xã"), "Hợp tác xã"), (12.0, "12"), (7, "7"), ("\ufeffMã", "Mã")],
)
def test_normalise_text(raw: object, expected: str) -> None:
    assert normalise_text(raw) == expected


def test_fold_ignores_case_spacing_and_unicode_form() -> None:
    assert fold("  Mã  HỒ sơ ") == fold(nfd("mã hồ\u00a0sơ")) == "mã hồ sơ"
    assert fold("Mã") != fold("Ma")  # diacritics change the word


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.129.000.000", 1129000000),
        ("250.000.000", 250000000),
        ("1,5", 1.5),
        ("1,129", 1.129),
        ("1.500", 1500),
        ("1,129,000,000", 1129000000),
        ("1,129.50", 1129.5),
        ("1.129.000,50", 1129000.5),
        ("2.5", 2.5),
        ("1 129 000 000", 1129000000),
        ("1\u00a0129\u2009000\u202f000", 1129000000),
        ("1 129,5", 1129.5),
        ("-1.500", -1500),
        ("+2,5", 2.5),
        (" 42 ", 42),
        (7, 7),
        (2.25, 2.25),
        (Decimal("1.50"), 1.5),
        (Decimal("15"), 15),
    ],
)
def test_parse_number(raw: object, expected: float) -> None:
    result = parse_number(raw)
    assert result == expected
    assert isinstance(result, type(expected))


@pytest.mark.parametrize(
    "raw",
    [
        "12a",
        "1.12.000",  # bad grouping
        "1,2,3",
        "1.2.3",  # two decimal separators, or bad grouping: either way unclear
        "1,5.5,5",
        "0.500",  # 0,5 or 500?
        "1234.500",
        "1 129.000",  # spaces and a dot both grouping?
        "1  129",
        ".5",
        "5.",
        "1e6",
        "--5",
        "１２",
        True,
        False,
        float("inf"),
        float("nan"),
        None,
        "",
        [1],
    ],
)
def test_parse_number_rejects(raw: object) -> None:
    with pytest.raises(ValueProblem):
        parse_number(raw)


@pytest.mark.parametrize(("raw", "expected"), [(12.0, 12), ("12,0", 12), ("1.500", 1500), (Decimal("3.00"), 3)])
def test_parse_number_integral(raw: object, expected: int) -> None:
    result = parse_number(raw, integral=True)
    assert result == expected and isinstance(result, int)


@pytest.mark.parametrize("raw", [12.5, "1,5", "2.5"])
def test_parse_number_integral_rejects_fractions(raw: object) -> None:
    with pytest.raises(ValueProblem):
        parse_number(raw, integral=True)


def test_problem_messages_are_bilingual_with_an_example() -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_number("12a")
    problem = caught.value
    assert problem.vi == "không đọc được '12a' là một số"
    assert problem.en == "cannot read '12a' as a number"
    assert "1.129.000.000" in problem.expected_vi and "1,5" in problem.expected_en
    assert pickle.loads(pickle.dumps(problem)).vi == problem.vi


# --- money ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,129 tỷ", 1129000000),
        ("1,129 tỉ", 1129000000),
        ("500 triệu", 500000000),
        ("500tr", 500000000),
        ("1 tỷ 129 triệu", 1129000000),
        ("2 triệu 500 nghìn", 2500000),
        ("250 ngàn", 250000),
        ("300k", 300000),
        ("250.000.000 đ", 250000000),
        ("250.000.000đ", 250000000),
        ("1,5 tỷ đồng", 1500000000),
        ("VND 1.000", 1000),
        ("1.000 VNĐ", 1000),
        ("1.000 vnđ", 1000),
        ("1.000 ₫", 1000),
        (nfd("1 TỶ 129 TRIỆU ĐỒNG"), 1129000000),
        ("-2 triệu", -2000000),
        (1129000000.0, 1129000000),
        (Decimal("1E+3"), 1000),
        (5, 5),
    ],
)
def test_parse_money(raw: object, expected: int) -> None:
    result = parse_money(raw)
    assert result == expected and isinstance(result, int)


@pytest.mark.parametrize(
    "raw",
    [
        "1,0000000001 triệu",  # not a whole number of đồng
        "1,129",  # Vietnamese decimal: 1,129 đồng
        "1 tỷ 2",  # spoken shorthand for 1,2 tỷ: not guessed
        "500 triệu 1 tỷ",
        "1 triệu 2 triệu",
        "1 tỷ 1500 triệu",
        "1 tỷ -5 triệu",
        "tỷ",
        "abc",
        "12 USD",
        1.5,
        True,
        None,
        "  ",
    ],
)
def test_parse_money_rejects(raw: object) -> None:
    with pytest.raises(ValueProblem):
        parse_money(raw)


@given(st.integers(min_value=0, max_value=10**30))
def test_dotted_numbers_round_trip(n: int) -> None:
    assert parse_money(dotted(n)) == n
    assert parse_number(dotted(n)) == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=999))
def test_ty_trieu_decompositions(billions: int, millions: int) -> None:
    expected = billions * 10**9 + millions * 10**6
    assert_money_or_ambiguous(f"{dotted(billions)} tỷ {millions} triệu", expected)
    assert parse_money(f"{dotted(billions)},{millions:03d} tỷ") == expected
    assert_money_or_ambiguous(f"{dotted(billions * 1000 + millions)} triệu", expected)


def assert_money_or_ambiguous(text: str, expected: int) -> None:
    """One dot then three digits before a unit word ("1.500 triệu") is refused as ambiguous; every
    other grouping ("1.500.000 triệu", "500 triệu") reads as written."""
    if re.search(r"(?<![\d.])\d{1,3}\.\d{3} ", text):
        with pytest.raises(ValueProblem, match="ambiguous"):
            parse_money(text)
    else:
        assert parse_money(text) == expected


# --- percentages ------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [("45", 45.0), ("45%", 45.0), ("45,5 %", 45.5), (45.5, 45.5), (3, 3.0)])
def test_parse_percent(raw: object, expected: float) -> None:
    assert parse_percent(raw) == expected


@pytest.mark.parametrize("raw", ["%", "45%%", "45a", "% 45", True, None])
def test_parse_percent_rejects(raw: object) -> None:
    with pytest.raises(ValueProblem):
        parse_percent(raw)


# --- booleans ---------------------------------------------------------------------------------

TRUE_WORDS = ["true", "1", "có", "x", "yes", "y", "đúng", "rồi", "đã có"]
FALSE_WORDS = ["false", "0", "không", "ko", "no", "n", "sai", "chưa", "chưa có"]


BOOL_EXAMPLES = [(w, True) for w in TRUE_WORDS] + [(w, False) for w in FALSE_WORDS]


@pytest.mark.parametrize(
    ("raw", "expected"),
    BOOL_EXAMPLES + [(True, True), (False, False), (1, True), (0, False), (1.0, True), ("  CÓ ", True)],
)
def test_parse_bool(raw: object, expected: bool) -> None:
    assert parse_bool(raw) is expected


@pytest.mark.parametrize("raw", ["có lẽ", "2", 2, 0.5, "", None, "đã"])
def test_parse_bool_rejects_and_lists_accepted_words(raw: object) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_bool(raw)
    assert "chưa có" in caught.value.expected_vi


@given(
    st.sampled_from(BOOL_EXAMPLES),
    st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]),
    st.sampled_from([str.lower, str.upper, str.title]),
    st.text(" \t\u00a0", max_size=3),
)
def test_parse_bool_any_form(word_answer: tuple[str, bool], form: str, case: Callable[[str], str], padding: str) -> None:
    word, answer = word_answer
    assert parse_bool(padding + unicodedata.normalize(form, case(word)) + padding) is answer


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15/05/2018", dt.date(2018, 5, 15)),
        ("5/6/2020", dt.date(2020, 6, 5)),
        ("05/06/2020", dt.date(2020, 6, 5)),
        ("15-05-2018", dt.date(2018, 5, 15)),
        ("15.05.2018", dt.date(2018, 5, 15)),
        ("2018-05-15", dt.date(2018, 5, 15)),
        ("29/02/2020", dt.date(2020, 2, 29)),
        (dt.date(2020, 1, 2), dt.date(2020, 1, 2)),
        (dt.datetime(2020, 1, 2, 13, 30), dt.date(2020, 1, 2)),
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),
        (43831, dt.date(2020, 1, 1)),
        (43831.75, dt.date(2020, 1, 1)),
        (2958465, dt.date(9999, 12, 31)),
    ],
)
def test_parse_date(raw: object, expected: dt.date) -> None:
    result = parse_date(raw)
    assert result == expected and type(result) is dt.date


@pytest.mark.parametrize(
    "raw",
    ["31/02/2020", "29/02/2019", "15/05/18", "2018/05/15", "15/05-2018", "43831", "hôm qua",
     0, 60, 2958466, -5, True, float("nan"), None],
)
def test_parse_date_rejects(raw: object) -> None:
    with pytest.raises(ValueProblem):
        parse_date(raw)


def test_month_day_order_is_never_guessed() -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_date("12/31/2020")
    assert "DD/MM/YYYY" in caught.value.vi and "DD/MM/YYYY" in caught.value.en


def test_excel_serials_match_excel() -> None:
    """Serial 45000 is 2023-03-15 in Excel; a float serial keeps its date, dropping the time."""
    assert parse_date(45000) == parse_date(45000.999) == dt.date(2023, 3, 15)


# --- a dot before a unit word -------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "small", "large", "write_small", "write_large"), [
    ("1.129 tỷ", "1.129.000.000", "1.129.000.000.000", "1,129 tỷ", "1129 tỷ"),
    ("1.129tỷ", "1.129.000.000", "1.129.000.000.000", "1,129 tỷ", "1129 tỷ"),
    ("1.500 triệu", "1.500.000", "1.500.000.000", "1,500 triệu", "1500 triệu"),
    ("250.000 nghìn đồng", "250.000", "250.000.000", "250,000 nghìn", "250000 nghìn"),
    ("2 tỷ 1.500 nghìn", "1.500", "1.500.000", "1,500 nghìn", "1500 nghìn"),
])
def test_dot_before_unit_word_is_refused_with_both_readings(raw: str, small: str, large: str,
                                                            write_small: str, write_large: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_money(raw)
    for text in (caught.value.vi, caught.value.en):
        assert f"{small} đ" in text and f"{large} đ" in text
        assert f"'{write_small}'" in text and f"'{write_large}'" in text
    assert "không rõ nghĩa" in caught.value.vi and "ambiguous" in caught.value.en


@pytest.mark.parametrize(("raw", "expected"), [
    ("1,129 tỷ", 1_129_000_000), ("1.129.000.000", 1_129_000_000), ("1129 tỷ", 1_129_000_000_000),
    ("1.129.000 triệu", 1_129_000_000_000), ("1.5 tỷ", 1_500_000_000), ("1 tỷ 129 triệu", 1_129_000_000),
    ("1.129.000.000 đ", 1_129_000_000),
])
def test_unambiguous_amounts_with_units_still_read(raw: str, expected: int) -> None:
    assert parse_money(raw) == expected
