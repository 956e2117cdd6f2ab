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
from kcscore.batch.result import standing
from kcscore.wording.funding import say



def said(a: Assessment, lang: str) -> str | None:
    """The funding note as the reports say it: selection records facts, the words come at the edge."""
    return None if a.funding_note is None else say(a.funding_note, lang)

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
    funding = select(applicants, 550_000_000, rule)
    assert funding.funded_ids == ["B1", "B2", "B3"]
    assert (funding.committed, funding.left) == (550_000_000, 0)
    assert (funding.first_unfunded_id, funding.first_unfunded_lacked, funding.first_unfunded) == (None, None, None)
    assert funding.skipped_ids == [] and funding.line_after_rank == 3


def test_a_budget_too_small_for_anyone(assessor: Assessor, household: Callable[..., dict[str, Any]]) -> None:
    applicants = ranked(assessor, household, [100_000_000])
    funding = select(applicants, 99_999_999, "skip")
    assert (funding.funded_ids, funding.line_after_rank, funding.committed) == ([], None, 0)
    assert said(applicants[0], "vi") == "không đủ kinh phí còn lại: cần 100.000.000 đ, chỉ còn 99.999.999 đ"


def test_the_last_applicant_that_fits_exactly_is_funded_under_skip(assessor: Assessor,
                                                                   household: Callable[..., dict[str, Any]]) -> None:
    # 500 tr: B1 (200) leaves 300; B2 (250) leaves 50; B3 (60) does not fit; B4 (50) fits exactly.
    applicants = ranked(assessor, household, [200_000_000, 250_000_000, 60_000_000, 50_000_000])
    funding = select(applicants, 500_000_000, "skip")
    assert funding.funded_ids == ["B1", "B2", "B4"]
    assert funding.skipped_ids == ["B3"]
    assert [a.funded for a in applicants] == [True, True, False, True]
    assert funding.line_after_rank == 4
    assert (funding.committed, funding.left) == (500_000_000, 0)
    assert (funding.first_unfunded_id, funding.first_unfunded_lacked) == ("B3", 10_000_000)


def test_one_dong_short_is_not_funded(assessor: Assessor, household: Callable[..., dict[str, Any]]) -> None:
    applicants = ranked(assessor, household, [100_000_000, 200_000_000])
    funding = select(applicants, 299_999_999, "stop")
    assert funding.funded_ids == ["B1"]
    assert (funding.first_unfunded_id, funding.first_unfunded_lacked) == ("B2", 1)
    assert funding.left == 199_999_999


@pytest.mark.parametrize(("lang", "skipped", "first"), [
    ("vi", "không đủ kinh phí còn lại: cần 60.000.000 đ, chỉ còn 50.000.000 đ",
     "B3 (hạng 3) cần 60.000.000 đ nhưng chỉ còn 50.000.000 đ: thiếu 10.000.000 đ"),
    ("en", "not enough money left: needs 60,000,000 VND, only 50,000,000 VND left",
     "B3 (rank 3) needs 60,000,000 VND but only 50,000,000 VND is left: 10,000,000 VND short"),
])
def test_what_the_skip_rule_tells_the_applicant_it_passed_over(assessor: Assessor, household: Callable[..., dict[str, Any]],
                                                               lang: str, skipped: str, first: str) -> None:
    applicants = ranked(assessor, household, [200_000_000, 250_000_000, 60_000_000, 50_000_000])
    funding = select(applicants, 500_000_000, "skip")
    assert said(applicants[2], lang) == skipped
    assert funding.first_unfunded_text(lang) == first
    assert [a.funding_note for a in applicants if a.funded] == [None, None, None]


@pytest.mark.parametrize(("lang", "line", "below", "nothing"), [
    ("vi", "không đủ kinh phí còn lại: cần 150.000.000 đ, chỉ còn 100.000.000 đ", "dưới ranh giới kinh phí", "không có mức hỗ trợ đề xuất"),
    ("en", "not enough money left: needs 150,000,000 VND, only 100,000,000 VND left", "below the funding line", "no recommended support"),
])
def test_the_stop_rule_draws_the_line_and_nothing_below_it_is_funded(assessor: Assessor,
                                                                      household: Callable[..., dict[str, Any]],
                                                                      lang: str, line: str, below: str, nothing: str) -> None:
    # 300 tr: B1 (200) leaves 100; B2 (150) does not fit and draws the line; B3 (50) would fit
    # but is below the line; B4 is recommended nothing; B5 is ineligible.
    applicants = ranked(assessor, household, [200_000_000, 150_000_000, 50_000_000, 0])
    refused = assessor.assess(household(id="B5", environmental_violation=True), explain=False)
    assert refused.decision == "ineligible"
    funding = select([*applicants, refused], 300_000_000, "stop")
    assert funding.funded_ids == ["B1"] and funding.skipped_ids == []
    assert [a.funded for a in [*applicants, refused]] == [True, False, False, False, False]
    assert [said(a, lang) for a in applicants] == [None, line, below, nothing]
    assert refused.funding_note is None
    assert [standing(a, funding) for a in [*applicants, refused]] == [
        "funded", "not_enough_budget", "below_line", "no_support", "ineligible"]
    assert (funding.committed, funding.left, funding.line_after_rank) == (200_000_000, 100_000_000, 1)
    assert (funding.first_unfunded_id, funding.first_unfunded_lacked) == ("B2", 50_000_000)
    assert (funding.budget, funding.rule) == (300_000_000, "stop")


def test_one_dong_is_funded_and_nothing_is_not(assessor: Assessor, household: Callable[..., dict[str, Any]]) -> None:
    # 100 000 001 đ: B1 (100 tr) leaves 1 đ; B2 (0 đ) is recommended nothing; B3 (1 đ) fits exactly;
    # B4 (1 đ) finds nothing left.
    applicants = ranked(assessor, household, [100_000_000, 0, 1, 1])
    funding = select(applicants, 100_000_001, "skip")
    assert funding.funded_ids == ["B1", "B3"] and funding.skipped_ids == ["B4"]
    assert [said(a, "en") for a in applicants] == [
        None, "no recommended support", None, "not enough money left: needs 1 VND, only 0 VND left"]


def test_an_applicant_not_eligible_in_the_middle_of_the_list_is_passed_over(assessor: Assessor,
                                                                            household: Callable[..., dict[str, Any]]) -> None:
    first, last = ranked(assessor, household, [100_000_000, 50_000_000])
    refused = assessor.assess(household(id="R1", environmental_violation=True), explain=False)
    funding = select([first, refused, last], 200_000_000, "skip")
    assert funding.funded_ids == ["B1", "B2"]
    assert [a.funded for a in (first, refused, last)] == [True, False, True]
