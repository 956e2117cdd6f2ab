"""Support amounts pinned in whole đồng at the rounding and cut-over boundaries.

Support = min(requested, share × total cost, cap in force on the as-of date), the share amount
floored to whole đồng (TTLT 26/2014 and Thông tư 28/2018 pay no fraction of a đồng, and rounding
up would pay 1 đ more than the share allows). Every expectation below is worked by hand from
``rules/bac-kan/support.yaml``; both the per-applicant path and the vectorised batch path must
give it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from kcscore.assess.assessor import AssessmentError, Assessor
from kcscore.batch.run import run_batch
from kcscore.policy.ir import Policy

# (support_content, total cost, requested, as_of, expected amount, set by)
SHARE_ROUNDING = [
    # machinery 50 %: 400 000 001 × 50 % = 200 000 000,5 → 200 000 000 (request 250 tr, cap 300 tr)
    ("advanced_machinery", 400_000_001, 250_000_000, dt.date(2019, 4, 15), 200_000_000, "share"),
    # machinery 50 %: 399 999 999 × 50 % = 199 999 999,5 → 199 999 999
    ("advanced_machinery", 399_999_999, 250_000_000, dt.date(2019, 4, 15), 199_999_999, "share"),
    # demonstration 30 %: 2 000 000 003 × 30 % = 600 000 000,9 → 600 000 000 (request 700 tr, cap 1 000 tr)
    ("demonstration_model", 2_000_000_003, 700_000_000, dt.date(2019, 4, 15), 600_000_000, "share"),
    # demonstration 30 %: 1 000 000 001 × 30 % = 300 000 000,3 → 300 000 000
    ("demonstration_model", 1_000_000_001, 700_000_000, dt.date(2019, 4, 15), 300_000_000, "share"),
]

# The machinery cap is 200 tr from 2014-04-04 through 2018-05-14 and 300 tr from 2018-05-15
# (the 2014 value has no `until`, so it ends the day before the next one starts).
# Cost 1 000 tr, request 400 tr: the share (500 tr) and the request are above both caps.
CAP_CUTOVER = [
    (dt.date(2014, 4, 4), 200_000_000),   # first day of the first period
    (dt.date(2018, 5, 14), 200_000_000),  # last day of the first period
    (dt.date(2018, 5, 15), 300_000_000),  # first day of the second period
    (dt.date(2030, 1, 1), 300_000_000),   # the open-ended last period
]


@pytest.mark.parametrize(("content", "cost", "requested", "as_of", "amount", "set_by"), SHARE_ROUNDING)
def test_the_share_amount_is_floored_to_whole_dong(assessor: Assessor, household: Callable[..., dict[str, Any]],
                                                   content: str, cost: int, requested: int, as_of: dt.date,
                                                   amount: int, set_by: str) -> None:
    record = household(support_content=content, total_cost_vnd=cost, requested_support_vnd=requested)
    a = assessor.assess(record, as_of=as_of, explain=False)
    assert a.decision == "eligible"
    assert a.recommended_support_vnd == amount
    assert a.support is not None and a.support.set_by == set_by


@pytest.mark.parametrize(("as_of", "cap"), CAP_CUTOVER, ids=[d.isoformat() for d, _ in CAP_CUTOVER])
def test_the_machinery_cap_in_force_on_each_side_of_the_cutover(assessor: Assessor,
                                                               household: Callable[..., dict[str, Any]],
                                                               as_of: dt.date, cap: int) -> None:
    record = household(total_cost_vnd=1_000_000_000, requested_support_vnd=400_000_000)
    a = assessor.assess(record, as_of=as_of, explain=False)
    assert a.recommended_support_vnd == cap
    assert a.support is not None and a.support.set_by == "cap"


def test_the_day_before_the_first_period_has_no_cap(assessor: Assessor, household: Callable[..., dict[str, Any]]) -> None:
    """2014-04-03 precedes every value: an error naming the parameter, never a silent 0."""
    record = household(total_cost_vnd=1_000_000_000, requested_support_vnd=400_000_000)
    with pytest.raises(AssessmentError, match="2014-04-03"):
        assessor.assess(record, as_of=dt.date(2014, 4, 3), explain=False)


def test_the_vectorised_batch_path_gives_the_same_pinned_amounts(bac_kan: Policy,
                                                                household: Callable[..., dict[str, Any]]) -> None:
    """The large-list path computes support with its own array code; pin it to the same figures."""
    rows = [household(id=f"S{i}", support_content=c, total_cost_vnd=cost, requested_support_vnd=req)
            for i, (c, cost, req, _, _, _) in enumerate(SHARE_ROUNDING)]
    result = run_batch(bac_kan, rows, as_of=dt.date(2019, 4, 15), engine="vectorised", explain=False)
    got = {a.id: a.recommended_support_vnd for a in result.assessments}
    assert got == {f"S{i}": amount for i, (_, _, _, _, amount, _) in enumerate(SHARE_ROUNDING)}
    cutover = [household(id=f"C{i}", total_cost_vnd=1_000_000_000, requested_support_vnd=400_000_000,
                         submitted_on=day) for i, (day, _) in enumerate(CAP_CUTOVER)]
    result = run_batch(bac_kan, cutover, engine="vectorised", explain=False)
    assert {a.id: a.recommended_support_vnd for a in result.assessments} == \
        {f"C{i}": cap for i, (_, cap) in enumerate(CAP_CUTOVER)}
