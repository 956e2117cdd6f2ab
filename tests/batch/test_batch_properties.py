"""Ranking and budget invariants on generated applicant lists (issue: batch ranking)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcscore.assess.result import Assessment
from kcscore.batch.run import run_batch
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from kcscore.synthetic import applicant, thresholds

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
AS_OF = dt.date(2020, 6, 1)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


def eligible_leaning(policy: Policy, rng: random.Random, i: int, near: dict) -> dict:
    """Synthetic applicants pushed towards eligibility, with some bad rows and ties."""
    record = applicant(policy, rng, i, 0.03, near)
    if rng.random() < 0.7:
        record.update(legal_form="household_business", site_type="commune", sector="food_processing",
                      counterpart_committed=True, other_state_funding=False, environmental_violation=False,
                      pollution_risk="low", machinery_new=True, kiln_type="none")
    if rng.random() < 0.1:
        record["local_material_share"] = "nhiều"  # a bad cell
    if rng.random() < 0.05 and i > 0:
        record["id"] = f"A{i - 1:07d}"  # a duplicate id
    return record


def lists(policy: Policy):  # type: ignore[no-untyped-def]
    near = thresholds(policy)
    return st.builds(lambda seed, n: [eligible_leaning(policy, random.Random(seed * 1000 + i), i, near) for i in range(n)],
                     st.integers(0, 10**6), st.integers(1, 40))


def test_every_row_is_accounted_for_exactly_once(policy: Policy) -> None:
    @SETTINGS
    @given(lists(policy), st.integers(0, 3_000_000_000))
    def check(rows: list, budget: int) -> None:
        result = run_batch(policy, rows, budget=budget, as_of=AS_OF, explain=False)
        seen = [a.row for a in result.assessments] + [e.row for e in result.errors]
        assert sorted(seen) == list(range(1, len(rows) + 1))
        for e in result.errors:
            assert e.cells and e.message

    check()


def budgets(policy: Policy, rows: list, draw: st.DrawFn) -> int:
    """Any budget, or one that leaves exactly enough for the k-th eligible applicant in rank order
    (the sum of the first k recommended amounts, so its turn comes with ``left == amount``)."""
    if draw(st.booleans()):
        return draw(st.integers(0, 3_000_000_000))
    ranked = run_batch(policy, rows, as_of=AS_OF, explain=False).eligible
    amounts = [a.recommended_support_vnd for a in ranked]
    k = draw(st.integers(0, len(amounts)))
    return sum(amounts[:k])


def test_budget_is_never_exceeded_and_ineligible_never_funded(policy: Policy) -> None:
    @SETTINGS
    @given(lists(policy), st.data())
    def check(rows: list, data: st.DataObject) -> None:
        budget = budgets(policy, rows, data.draw)
        result = run_batch(policy, rows, budget=budget, as_of=AS_OF, explain=False)
        funded = [a for a in result.assessments if a.funded]
        total = sum(a.recommended_support_vnd for a in funded)
        assert total == result.funding.committed <= budget
        assert result.funding.left == budget - total
        assert all(a.decision == "eligible" for a in funded)
        for a in result.assessments:
            if a.decision == "ineligible":
                assert a.reasons and not a.funded
        # skip rule: an unfunded eligible applicant did not fit in what was left when its turn came,
        # and one that fits exactly (amount == left) is funded
        left = budget
        for a in result.eligible:
            if a.funded:
                assert 0 < a.recommended_support_vnd <= left
                left -= a.recommended_support_vnd
            elif a.recommended_support_vnd > 0:
                assert a.recommended_support_vnd > left

    check()


def test_a_budget_of_exactly_the_first_k_amounts_funds_exactly_those_k(policy: Policy) -> None:
    @SETTINGS
    @given(lists(policy), st.data())
    def check(rows: list, data: st.DataObject) -> None:
        ranked = run_batch(policy, rows, as_of=AS_OF, explain=False).eligible
        payable = [a for a in ranked if a.recommended_support_vnd > 0]
        k = data.draw(st.integers(0, len(payable)))
        budget = sum(a.recommended_support_vnd for a in payable[:k])
        result = run_batch(policy, rows, budget=budget, as_of=AS_OF, explain=False)
        assert [a.id for a in result.eligible if a.funded][:k] == [a.id for a in payable[:k]]
        assert result.funding.committed == budget and result.funding.left == 0

    check()


def test_ranking_does_not_depend_on_row_order(policy: Policy) -> None:
    @SETTINGS
    @given(lists(policy), st.randoms(use_true_random=False), st.integers(0, 2_000_000_000))
    def check(rows: list, shuffler: random.Random, budget: int) -> None:
        first = run_batch(policy, rows, budget=budget, as_of=AS_OF, explain=False)
        shuffled = rows[:]
        shuffler.shuffle(shuffled)
        second = run_batch(policy, shuffled, budget=budget, as_of=AS_OF, explain=False)
        summary = lambda r: [(a.id, a.decision, a.rank, a.score, a.funded) for a in r.assessments]  # noqa: E731
        assert summary(first) == summary(second)
        assert sorted(e.record_id or "" for e in first.errors) == sorted(e.record_id or "" for e in second.errors)

    check()


def test_ranks_follow_the_statutory_groups_then_score_then_declared_tie_breaks(policy: Policy) -> None:
    rows = [eligible_leaning(policy, random.Random(i), i, thresholds(policy)) for i in range(60)]
    result = run_batch(policy, rows, as_of=AS_OF, explain=False)
    eligible = result.eligible
    assert [a.rank for a in eligible] == list(range(1, len(eligible) + 1))
    assert len(eligible) >= 20

    def order(a: Assessment) -> tuple:  # type: ignore[type-arg]
        """The pack's declared order, written out: the statutory groups (area priority points, then
        group 6.2.b: local material, labour, export and recognised product, then group 6.2.a: the
        trade priority), the score, then the tie-breaks: area priority, local material,
        recognised-product and trade points, completed projects (higher first, blank last), then
        the earlier submission date (blank last), then the id."""
        prior = a.record.get("prior_projects_completed")
        six_b = sum(a.points_of(r) or 0.0 for r in ("local_raw_material", "labour_intensive", "export_market",
                                                     "recognised_product"))
        return (-a.points_of("area_priority"), -six_b, -a.points_of("trade_priority"), -a.score,
                -a.points_of("area_priority"), -a.points_of("local_raw_material"),
                -a.points_of("recognised_product"), -a.points_of("trade_priority"), prior is None, -(prior or 0),
                a.submitted_on is None, a.submitted_on or dt.date.max, a.id)

    assert [a.id for a in eligible] == [a.id for a in sorted(eligible, key=order)]


def test_stop_rule_draws_the_line_at_the_first_misfit(policy: Policy) -> None:
    from kcscore.batch.budget import select

    rows = [eligible_leaning(policy, random.Random(i), i, thresholds(policy)) for i in range(60)]
    result = run_batch(policy, rows, as_of=AS_OF, explain=False)
    eligible = [a for a in result.assessments if a.decision == "eligible"]
    assert len(eligible) >= 5
    budget = sum(a.recommended_support_vnd for a in eligible[:3]) + 1
    funding = select(result.assessments, budget, "stop")
    funded = [a.id for a in result.assessments if a.funded]
    assert funded == [a.id for a in eligible[:len(funded)]]  # a prefix of the ranking
    assert funding.first_unfunded_id == eligible[len(funded)].id
    assert funding.first_unfunded_lacked == eligible[len(funded)].recommended_support_vnd - funding.left
