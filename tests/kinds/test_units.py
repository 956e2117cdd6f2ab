"""Every kind unit: its two strategies agree row by row, it reports only the statuses it declares,
and the registry and the rule-file models name the same kinds.

The checks go through the registry, never through kind names, so a new kind is checked as soon as
it is registered.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Any, get_args

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kcscore.engine.base import PythonEvaluator
from kcscore.kinds.base import STATUS_CODES, kleene
from kcscore.kinds.registry import KINDS, kind_of, names
from kcscore.policy import model as M
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from kcscore.synthetic import applicants
from tests.engine import packgen
from tests.strategies import DrawChooser, applicant_batches


def test_the_registry_and_the_rule_models_name_the_same_kinds() -> None:
    models = get_args(get_args(M.Rule)[0])
    assert sorted(m.model_fields["kind"].annotation.__args__[0] for m in models) == sorted(KINDS)


def test_orders_put_deciding_kinds_first_and_support_last() -> None:
    deciding = [k.order for k in KINDS.values() if k.decides]
    others = [k.order for k in KINDS.values() if not k.decides]
    assert max(deciding) < min(others)
    per_pack = [k.order for k in KINDS.values() if k.outcome is None]
    assert min(per_pack) > max(k.order for k in KINDS.values() if k.outcome is not None)


def test_names_lists_the_kinds_with_a_fact_in_registry_order() -> None:
    # the report groups findings by these lists: scored kinds earn or take points, deciding kinds
    # settle eligibility, and support is decided over the pack, not rule by rule
    assert names("scored") == ("criterion", "bonus", "penalty")
    assert names("decides") == ("gate", "exclusion")
    assert names("earns") == ("criterion", "bonus")


def _matrix(truths: list[list[Any]]) -> np.ndarray:
    return np.array([[1 if v is True else 0 if v is False else -1 for v in t] for t in truths], dtype=np.int8)


def check_units(policy: Policy, rows: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """Each rule decided by its unit one applicant at a time and as arrays: the same record."""
    truths = [list(t) for t in PythonEvaluator(policy.conditions).evaluate_many(rows)]
    t = kleene(_matrix(truths)) if truths else np.zeros((0, len(policy.conditions)), dtype=np.int8)
    seen: set[tuple[str, str]] = set()
    for rule in policy.rules:
        kind = kind_of(rule.kind)
        if kind.outcome is None:
            continue
        arrays = kind.vector(rule, t, len(rows))  # type: ignore[misc]
        for row, truth in enumerate(truths):
            expected = kind.outcome(rule, truth)
            where = (rule.id, row)
            assert expected.status in kind.statuses, where
            assert STATUS_CODES[arrays.status[row]] == expected.status, where
            seen.add((rule.kind, expected.status))
            if kind.scored:
                assert arrays.low[row] == pytest.approx(expected.low), where
                assert arrays.high[row] == pytest.approx(expected.high), where
                if expected.status == "scored" and arrays.decided is not None and not rule.is_sum:
                    assert (arrays.decided[row] if arrays.decided[row] >= 0 else None) == expected.outcome_index, where
                if kind.itemised(rule):  # points by items: the arrays say which items were earned
                    assert arrays.reached is not None and arrays.reached.shape == (len(rows), len(rule.outcomes)), where
                if expected.status == "scored" and arrays.reached is not None:
                    assert sorted(np.flatnonzero(arrays.reached[row]).tolist()) == sorted(expected.reached), where
            else:
                assert arrays.low is None and expected.low is None, where
    return seen


def test_default_pack_units_agree() -> None:
    policy = load_policy()
    seen = check_units(policy, applicants(policy, 800, seed=5, blank_rate=0.2))
    assert {("gate", "unknown"), ("gate", "fail"), ("criterion", "unknown"), ("flag", "raised"),
            ("criterion", "not_applicable"), ("bonus", "not_applicable")} <= seen


@settings(max_examples=40, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_pack_units_agree(data: st.DataObject) -> None:
    pack = packgen.generate(DrawChooser(data.draw))
    with tempfile.TemporaryDirectory() as folder:
        policy = load_policy(packgen.write(pack, Path(folder)))
    check_units(policy, data.draw(applicant_batches(policy, 40), label="applicants"))


def test_a_band_table_without_otherwise_reports_a_declared_status_when_nothing_matches() -> None:
    policy = load_policy()
    for rule in (r for r in policy.rules if kind_of(r.kind).scored and not r.is_sum and len(r.outcomes) > 1):
        open_ended = dataclasses.replace(rule, outcomes=tuple(o for o in rule.outcomes if o.condition is not None))
        kind = kind_of(rule.kind)
        falsehoods = [False] * len(policy.conditions)
        expected = kind.outcome(open_ended, falsehoods)  # type: ignore[misc]
        arrays = kind.vector(open_ended, kleene(_matrix([falsehoods])), 1)  # type: ignore[misc]
        assert expected.status in kind.statuses and (expected.low, expected.high) == (0.0, 0.0), rule.id
        assert STATUS_CODES[arrays.status[0]] == expected.status, rule.id


def _only(policy: Policy, rule_id: str) -> Any:
    return policy.rule(rule_id)


@pytest.mark.parametrize("applies, inner, expected", [
    (False, True, ("not_applicable", 0.0, 0.0)),  # does not apply: nothing, whatever the points would be
    (True, True, ("scored", 6.0, 6.0)),
    (True, False, ("scored", 0.0, 0.0)),
    (None, True, ("unknown", 0.0, 6.0)),  # may not apply: floor 0, up to the points it would earn
    (None, False, ("unknown", 0.0, 0.0)),
])
def test_an_applies_condition_decides_before_the_points(applies: Any, inner: Any, expected: tuple[str, float, float]) -> None:
    """advanced_equipment: applies to production contents, 6 points when the machinery is new."""
    policy = load_policy()
    rule = _only(policy, "advanced_equipment")
    truths: list[Any] = [False] * len(policy.conditions)
    truths[rule.parts["applies"]] = applies
    truths[rule.parts["when"]] = inner
    kind = kind_of(rule.kind)
    got = kind.outcome(rule, truths)  # type: ignore[misc]
    assert (got.status, got.low, got.high) == expected
    if applies is None:
        assert rule.parts["applies"] in got.unknown  # the blank applicability field is missing
    arrays = kind.vector(rule, kleene(_matrix([truths])), 1)  # type: ignore[misc]
    assert (STATUS_CODES[arrays.status[0]], arrays.low[0], arrays.high[0]) == expected
