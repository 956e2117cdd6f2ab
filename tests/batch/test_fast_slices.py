"""The array outcomes of a large list do not depend on how many rows are evaluated at once."""

from __future__ import annotations

import dataclasses
import random

import numpy as np

from kcscore.batch import fast
from kcscore.batch.fast import run_fast
from kcscore.policy.loader import load_policy
from kcscore.synthetic import thresholds
from tests.batch.test_batch_properties import eligible_leaning


def test_outcomes_evaluated_in_slices_equal_one_evaluation(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    policy = load_policy()
    near = thresholds(policy)
    data = [eligible_leaning(policy, random.Random(i), i, near) for i in range(60)]
    whole = run_fast(policy, data, budget=800_000_000).outcomes
    monkeypatch.setattr(fast, "FRAME_ROWS", 7)
    sliced = run_fast(policy, data, budget=800_000_000).outcomes
    assert whole.rules.keys() == sliced.rules.keys()
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
