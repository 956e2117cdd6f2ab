"""An applicant whose support fits the budget that is left *exactly* is funded.

``batch.budget.select`` walks the ranked list; these lists are written by hand so the expected
funded set and the money left are plain arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kcscore.assess.assessor import Assessor
from kcscore.assess.result import Assessment
from kcscore.batch.budget import select


def ranked(assessor: Assessor, household: Callable[..., dict[str, Any]], amounts: list[int]) -> list[Assessment]:
    """Eligible applicants in this order, each recommended its own request (request < share and cap)."""
    out = []
    for position, amount in enumerate(amounts, start=1):
        a = assessor.assess(household(id=f"B{position}", requested_support_vnd=amount), explain=False)
        assert a.recommended_support_vnd == amount and a.decision == "eligible"
        a.rank = position
        out.append(a)
    return out


@pytest.mark.parametrize("rule", ["skip", "stop"])
def test_a_budget_equal_to_the_total_funds_everyone(assessor: Assessor, household: Callable[..., dict[str, Any]],
                                                    rule: str) -> None:
    applicants = ranked(assessor, household, [100_000_000, 200_000_000, 250_000_000])
    funding = select(applicants, 550_000_000, rule, "en")
    assert funding.funded_ids == ["B1", "B2", "B3"]
    assert (funding.committed, funding.left) == (550_000_000, 0)
    assert funding.first_unfunded_id is None


def test_the_last_applicant_that_fits_exactly_is_funded_under_skip(assessor: Assessor,
                                                                   household: Callable[..., dict[str, Any]]) -> None:
    # 500 tr: B1 (200) leaves 300; B2 (250) leaves 50; B3 (60) does not fit; B4 (50) fits exactly.
    applicants = ranked(assessor, household, [200_000_000, 250_000_000, 60_000_000, 50_000_000])
    funding = select(applicants, 500_000_000, "skip", "en")
    assert funding.funded_ids == ["B1", "B2", "B4"]
    assert funding.skipped_ids == ["B3"]
    assert [a.funded for a in applicants] == [True, True, False, True]
    assert funding.line_after_rank == 4
    assert (funding.committed, funding.left) == (500_000_000, 0)
    assert (funding.first_unfunded_id, funding.first_unfunded_lacked) == ("B3", 10_000_000)


def test_one_dong_short_is_not_funded(assessor: Assessor, household: Callable[..., dict[str, Any]]) -> None:
    applicants = ranked(assessor, household, [100_000_000, 200_000_000])
    funding = select(applicants, 299_999_999, "stop", "en")
    assert funding.funded_ids == ["B1"]
    assert (funding.first_unfunded_id, funding.first_unfunded_lacked) == ("B2", 1)
    assert funding.left == 199_999_999
