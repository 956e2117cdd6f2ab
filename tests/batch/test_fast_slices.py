"""The array outcomes of a large list do not depend on how many rows are evaluated at once, nor
on which rows the line writer evaluates together."""

from __future__ import annotations

import dataclasses
import random

import numpy as np

from kcscore.assess import vector as V
from kcscore.batch import fast
from kcscore.batch.fast import ranking_rules, run_fast
from kcscore.batch.lines import LineWriter
from kcscore.policy.loader import load_policy
from kcscore.synthetic import thresholds
from tests.batch.test_batch_properties import eligible_leaning


def _lean():  # type: ignore[no-untyped-def]
    policy = load_policy()
    near = thresholds(policy)
    data = [eligible_leaning(policy, random.Random(i), i, near) for i in range(60)]
    return policy, run_fast(policy, data, budget=800_000_000)


def test_outcomes_evaluated_in_slices_equal_one_evaluation(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    policy, lean = _lean()
    whole = fast._evaluate(policy, lean.matrix)
    monkeypatch.setattr(fast, "FRAME_ROWS", 7)
    sliced = fast._evaluate(policy, lean.matrix)
    assert whole.rules.keys() == sliced.rules.keys() == ranking_rules(policy) != set()
    for rule_id, arrays in whole.rules.items():
        other = sliced.rules[rule_id]
        for f in dataclasses.fields(arrays):
            a, b = getattr(arrays, f.name), getattr(other, f.name)
            if isinstance(a, np.ndarray):
                assert np.array_equal(a, b), (rule_id, f.name)
            else:
                assert a == b, (rule_id, f.name)
    for f in dataclasses.fields(whole):
        if f.name != "rules":
            a, b = getattr(whole, f.name), getattr(sliced, f.name)
            assert (a is None and b is None) or np.array_equal(a, b), f.name
    assert len(whole.decision) > 14 and len(set(whole.decision.tolist())) >= 2  # several slices, eligible and not


def test_ranked_batch_holds_no_rule_arrays_and_the_writer_evaluates_a_chunk_as_the_whole() -> None:
    """The rules' arrays are not kept for every row: the line writer evaluates the rows of a
    chunk, taken in any order, and reads what one evaluation of the whole list gives them."""
    policy, lean = _lean()
    assert lean.outcomes.rules == {}
    whole = V.evaluate(policy, lean.matrix)
    ks = list(range(len(lean.valid)))
    random.Random(3).shuffle(ks)
    ks = ks[:23]
    writer = LineWriter(lean)
    writer.prepare(ks)
    compared = 0
    for plan in writer.plans:
        arrays = whole.rules[plan.rule.id]
        assert plan.status == [V.STATUS_CODES[arrays.status[k]] for k in ks], plan.rule.id
        if arrays.low is not None:
            assert plan.low == [float(arrays.low[k]) for k in ks], plan.rule.id
        if arrays.decided is not None:
            assert plan.decided == [int(arrays.decided[k]) for k in ks], plan.rule.id
        compared += 1
    assert compared == len(writer.plans) > 10
    assert len({tuple(p.status) for p in writer.plans if len(set(p.status)) > 1}) > 3  # rows that differ
