"""The budget sanity warning: a budget many times every request, or one that funds nobody."""

from __future__ import annotations

from kcscore.batch.budget import TOO_LARGE, sanity_warnings
from kcscore.batch.result import Funding


def funding(budget: int, committed: int, funded: list[str], first: str | None = None, lacked: int | None = None,
            skipped: list[str] | None = None) -> Funding:
    return Funding(budget, committed, budget - committed, "skip", funded, 1 if funded else None, first, lacked, None,
                   skipped or [])


def test_no_budget_no_warning() -> None:
    assert sanity_warnings(None) == []


def test_budget_ten_times_what_everyone_gets_is_warned() -> None:
    assert sanity_warnings(funding(TOO_LARGE * 100, 100, ["A"]), "en") == [
        "the budget 1,000 VND is 10 times the total recommended support of every eligible applicant (100 VND): "
        "check the amount and its unit (tỷ, triệu)"]
    assert "gấp 10 lần" in sanity_warnings(funding(TOO_LARGE * 100, 100, ["A"]))[0]


def test_budget_just_under_ten_times_is_not_warned() -> None:
    assert sanity_warnings(funding(TOO_LARGE * 100 - 1, 100, ["A"])) == []


def test_a_large_budget_that_still_leaves_someone_out_is_not_warned() -> None:
    assert sanity_warnings(funding(10_000, 100, ["A"], skipped=["B"], first="B", lacked=5_000_000)) == []


def test_a_budget_that_funds_nobody_is_warned_with_what_the_first_needs() -> None:
    [warning] = sanity_warnings(funding(1_000, 0, [], first="BK-1", lacked=99_000, skipped=["BK-1"]), "en")
    assert warning.startswith("the budget 1,000 VND funds no applicant: BK-1, the first in line, needs 100,000 VND")


def test_nobody_eligible_is_not_a_budget_problem() -> None:
    assert sanity_warnings(funding(1_000, 0, [])) == []
