"""Dated values tile time to the day: a one-day overlap or a one-day gap is an error.

A cap with two values in force on one day, or none on one day, decides a support amount by
accident. ``until`` is inclusive, so ``until: 2018-05-14`` followed by ``2018-05-15`` tiles exactly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kcscore.policy.dated import build_parameter
from kcscore.policy.diagnostics import Pos
from kcscore.policy.model import Parameter

POS = Pos("support.yaml", 1, 1)
NEXT = dt.date(2018, 5, 15)


def cap(first_until: dt.date | None, second_value: float | None = 300_000_000) -> Parameter:
    values: dict[str, Any] = {
        "2014-04-04": {"value": 200_000_000, "cite": {"doc": "TTLT 26/2014"}, "until": first_until},
        NEXT.isoformat(): {"value": second_value, "cite": {"doc": "Thông tư 28/2018"}},
    }
    return Parameter.model_validate({"title": {"vi": "Mức trần", "en": "Cap"}, "unit": "vnd", "values": values})


# Where each value's line is in support.yaml: an error points at the value it is about.
LINES = {dt.date(2014, 4, 4): Pos("support.yaml", 4, 7), NEXT: Pos("support.yaml", 5, 7)}


def codes(param: Parameter) -> list[tuple[str, dict[str, Any], Pos]]:
    _, diagnostics = build_parameter("cap", param, POS, LINES)
    return [(d.code, d.params, d.pos) for d in diagnostics]


def test_until_the_day_before_the_next_value_tiles_exactly() -> None:
    ir, diagnostics = build_parameter("cap", cap(dt.date(2018, 5, 14)), POS, {})
    assert diagnostics == []
    assert ir is not None
    assert [(s, e) for s, e, _ in ir.periods] == [(dt.date(2014, 4, 4), dt.date(2018, 5, 14)), (NEXT, None)]


def test_no_until_ends_the_day_before_the_next_value() -> None:
    ir, diagnostics = build_parameter("cap", cap(None), POS, {})
    assert diagnostics == [] and ir is not None
    assert ir.periods[0][1] == dt.date(2018, 5, 14)


def test_an_until_on_the_next_start_is_a_one_day_overlap() -> None:
    assert codes(cap(NEXT)) == [("K061", {"param": "cap", "start": "2018-05-15", "end": "2018-05-15"}, LINES[NEXT])]


def test_an_until_two_days_before_the_next_start_is_a_one_day_gap() -> None:
    assert codes(cap(dt.date(2018, 5, 13))) == [
        ("K060", {"param": "cap", "start": "2018-05-14", "end": "2018-05-14"}, LINES[NEXT])]


def test_a_null_value_after_a_gap_ends_the_previous_value_on_purpose() -> None:
    ir, diagnostics = build_parameter("cap", cap(dt.date(2018, 5, 13), None), POS, {})
    assert diagnostics == [] and ir is not None
    assert [(s, e) for s, e, _ in ir.periods] == [(dt.date(2014, 4, 4), dt.date(2018, 5, 13))]


@pytest.mark.parametrize("day, found", [
    (dt.date(2014, 4, 3), None), (dt.date(2014, 4, 4), 200_000_000), (dt.date(2018, 5, 14), 200_000_000),
    (NEXT, 300_000_000), (dt.date(2099, 12, 31), 300_000_000)])
def test_the_value_in_force_on_each_boundary_day(day: dt.date, found: int | None) -> None:
    ir, _ = build_parameter("cap", cap(dt.date(2018, 5, 14)), POS, {})
    assert ir is not None
    hit = ir.at(day)
    assert (hit[0].value if hit else None) == found


def _values(**entries: dict[str, Any]) -> Parameter:
    values = {day: {"cite": {"doc": "TTLT 26/2014"}, **entry} for day, entry in entries.items()}
    return Parameter.model_validate({"title": {"vi": "Mức trần", "en": "Cap"}, "unit": "vnd", "values": values})


def test_three_values_each_end_the_day_before_the_next() -> None:
    param = _values(**{"2014-04-04": {"value": 1}, "2016-01-01": {"value": 2}, "2018-05-15": {"value": 3}})
    ir, diagnostics = build_parameter("cap", param, POS, {})
    assert diagnostics == [] and ir is not None
    assert [(s, e, v.value) for s, e, v in ir.periods] == [
        (dt.date(2014, 4, 4), dt.date(2015, 12, 31), 1), (dt.date(2016, 1, 1), dt.date(2018, 5, 14), 2),
        (NEXT, None, 3)]


def test_a_value_in_force_for_one_day_only() -> None:
    param = _values(**{"2014-04-04": {"value": 1, "until": "2014-04-04"}, "2014-04-05": {"value": 2}})
    ir, diagnostics = build_parameter("cap", param, POS, {})
    assert diagnostics == [] and ir is not None
    assert [(s, e) for s, e, _ in ir.periods] == [(dt.date(2014, 4, 4), dt.date(2014, 4, 4)), (dt.date(2014, 4, 5), None)]


def test_an_until_before_its_own_start_is_reported_at_that_value() -> None:
    param = _values(**{"2014-04-04": {"value": 1, "until": "2014-04-03"}, "2018-05-15": {"value": 2}})
    assert codes(param) == [("K061", {"param": "cap", "start": "2014-04-04", "end": "2014-04-03"},
                             LINES[dt.date(2014, 4, 4)])]


def test_an_error_on_a_value_without_a_known_line_points_at_the_parameter() -> None:
    param = _values(**{"2014-04-04": {"value": 1, "until": "2014-04-03"}})
    _, diagnostics = build_parameter("cap", param, POS, {})
    assert [(d.code, d.pos) for d in diagnostics] == [("K061", POS), ("K063", POS)]


def test_a_parameter_whose_only_value_is_null_has_no_values() -> None:
    ir, diagnostics = build_parameter("cap", _values(**{"2014-04-04": {"value": None}}), POS, {})
    assert ir is None
    assert [(d.code, d.params, d.pos, d.level) for d in diagnostics] == [("K063", {"param": "cap"}, POS, "error")]


@pytest.mark.parametrize(("until", "code"), [(NEXT, "K061"), (dt.date(2018, 5, 13), "K060")])
def test_an_overlap_or_gap_at_a_value_without_a_known_line_points_at_the_parameter(until: dt.date, code: str) -> None:
    _, diagnostics = build_parameter("cap", cap(until), POS, {})
    assert [(d.code, d.pos) for d in diagnostics] == [(code, POS)]


def test_a_null_value_after_a_gap_is_looked_up_as_the_next_value_not_any_other() -> None:
    param = _values(**{"2014-04-04": {"value": 1, "until": "2015-06-30"}, "2016-01-01": {"value": None},
                       "2017-01-01": {"value": 3}})
    ir, diagnostics = build_parameter("cap", param, POS, {})
    assert diagnostics == [] and ir is not None
    assert [(s, e, v.value) for s, e, v in ir.periods] == [
        (dt.date(2014, 4, 4), dt.date(2015, 6, 30), 1), (dt.date(2017, 1, 1), None, 3)]


def test_the_built_parameter_keeps_its_id_spec_and_position() -> None:
    spec = cap(None)
    ir, _ = build_parameter("machinery_cap_vnd", spec, POS, {})
    assert ir is not None
    assert (ir.id, ir.spec, ir.pos) == ("machinery_cap_vnd", spec, POS)
