"""The array version of the outcome rules agrees with the per-applicant version on every row."""

from __future__ import annotations

import numpy as np
import pytest

from kcscore.assess import outcomes as O
from kcscore.assess import vector as V
from kcscore.assess.support import choose
from kcscore.engine.base import PythonEvaluator
from kcscore.policy.loader import load_policy
from kcscore.synthetic import applicants


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    policy = load_policy()
    rows = applicants(policy, 1500, seed=11, blank_rate=0.15)
    truths = PythonEvaluator(policy.conditions).evaluate_many(rows)
    as_list = [list(t) for t in truths]
    matrix = np.array([[1 if v is True else 0 if v is False else -1 for v in t] for t in as_list], dtype=np.int8)
    return policy, as_list, V.evaluate(policy, matrix)


def test_each_rule_matches_row_by_row(case) -> None:  # type: ignore[no-untyped-def]
    policy, truths, vec = case
    assert any(V.STATUS_CODES[s] == "unknown" for arrays in vec.rules.values() for s in arrays.status[:200])
    assert any(arrays.may_not_apply is not None and arrays.may_not_apply.any() for arrays in vec.rules.values())
    for row, t in enumerate(truths):
        for rule in policy.rules:
            if rule.kind == "support":
                continue
            arrays = vec.rules[rule.id]
            if rule.kind == "gate":
                expected = O.gate(rule, t)
            elif rule.kind == "exclusion":
                expected = O.exclusion(rule, t)
            elif rule.kind == "flag":
                expected = O.flag(rule, t)
            else:
                expected = O.scored(rule, t)
                assert arrays.low[row] == pytest.approx(expected.low)
                assert arrays.high[row] == pytest.approx(expected.high)
                if expected.status == "scored" and arrays.decided is not None and not rule.is_sum:
                    assert (arrays.decided[row] if arrays.decided[row] >= 0 else None) == expected.outcome_index
                if arrays.reached is not None and expected.status == "scored":
                    assert sorted(np.flatnonzero(arrays.reached[row]).tolist()) == sorted(expected.reached)
                open_rows = arrays.may_not_apply
                assert (bool(open_rows[row]) if open_rows is not None else False) == expected.may_not_apply, (rule.id, row)
            assert V.STATUS_CODES[arrays.status[row]] == expected.status, (rule.id, row)


def test_support_choice_and_decision_match(case) -> None:  # type: ignore[no-untyped-def]
    policy, truths, vec = case
    supports = policy.of_kind("support")
    for row, t in enumerate(truths):
        plan = choose(policy, t)
        status = {"chosen": 0, "unknown": 1, "none": 2}[plan.status]
        assert vec.support_status[row] == status
        if plan.rule is not None and plan.status == "chosen":
            assert supports[vec.support_rule[row]].id == plan.rule.id
        failing = any(O.gate(r, t).status == "fail" for r in policy.of_kind("gate")) or \
            any(O.exclusion(r, t).status == "excluded" for r in policy.of_kind("exclusion"))
        assert bool(vec.ineligible[row]) == failing
