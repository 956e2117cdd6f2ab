"""Divisions by zero found before any applicant is assessed: a constant zero is an error, a field
whose declared range allows 0 is a warning unless the condition already requires it above zero."""

from __future__ import annotations

import pytest

from kcscore.expr.division import division_problems
from kcscore.expr.parser import parse
from kcscore.expr.types import FieldType
from tests.expr.conftest import FIELDS

FIELDS_WITH_RANGES = {**FIELDS, "members": FieldType("integer", minimum=1), "delta": FieldType("number"),
                      "debt": FieldType("money", maximum=-1)}


def found(text: str) -> list[tuple[str, str, str, tuple[tuple[str, str], ...]]]:
    return [(p.level, p.code, text[p.span.start:p.span.end], p.params) for p in division_problems(parse(text), FIELDS_WITH_RANGES)]


@pytest.mark.parametrize(("text", "divisor"), [
    ("workers / 0 > 1", "0"),
    ("gain / 0.0 > 1", "0.0"),
    ("gain / (2 - 2) > 1", "2 - 2"),
    ("gain / -0 > 1", "-0"),
    ("committed or (stars + gain / (3 * 0)) >= 2", "3 * 0"),
    ("not (gain / 0 > 1)", "0"),
    ("gain / 0 in [1, 2]", "0"),
])
def test_a_constant_zero_divisor_is_an_error_at_the_divisor(text: str, divisor: str) -> None:
    assert found(text) == [("error", "K027", divisor, ())]


@pytest.mark.parametrize("text", ["gain / workers > 1", "gain / share > 1", "gain / delta > 1", "gain / -workers > 1",
                                  "committed and gain / workers > 1"])
def test_a_field_divisor_whose_range_allows_zero_is_a_warning(text: str) -> None:
    [(level, code, _, params)] = found(text)
    assert (level, code) == ("warning", "K028")
    assert dict(params)["field"] in ("workers", "share", "delta")


@pytest.mark.parametrize("text", [
    "gain / members > 1",            # min: 1
    "gain / cost > 1",               # min: 0 exclusive
    "gain / debt > 1",               # max: -1
    "gain / 2 > 1", "gain * 0 > 1", "gain - 0 > 1",
    "workers > 0 and gain / workers > 1",
    "0 < workers and gain / workers > 1",
    "workers >= 1 and gain / workers > 1",
    "workers != 0 and gain / workers > 1",
])
def test_no_problem_where_the_divisor_cannot_be_zero(text: str) -> None:
    assert found(text) == []


def test_a_guard_that_allows_zero_does_not_silence_the_warning() -> None:
    assert [p[1] for p in found("workers >= 0 and gain / workers > 1")] == ["K028"]
    assert [p[1] for p in found("workers > 0 or gain / workers > 1")] == ["K028"]
