"""A criterion whose input is blank is reported at its floor band: the fewest points any value
could give, and among bands with equal points the later one (the fall-back ``otherwise``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kcscore.assess import outcomes as O
from kcscore.assess.assessor import Assessor
from kcscore.policy.ir import Policy


@pytest.mark.parametrize(("rule_id", "blank", "floor_label", "low", "high"), [
    # above 80 → 14, above 50 → 10, otherwise 0: floor 0 ("otherwise", the third band)
    ("local_raw_material", "local_material_share", "otherwise", 0, 14),
    # at least 2 → −6, at least 1 → −3, otherwise 0: floor −6 (the first band)
    ("plan_stability", "projects_adjusted_or_stopped", "at_least 2", -6, 0),
    # deep 10, not applicable 5, primary 0: floor 0 (the last band)
    ("deep_processing", "processing_stage", "is primary", 0, 6),
])
def test_the_floor_band_of_a_blank_criterion(bac_kan: Policy, assessor: Assessor,
                                             household: Callable[..., dict[str, Any]],
                                             rule_id: str, blank: str, floor_label: str, low: float, high: float) -> None:
    rule = bac_kan.rule(rule_id)
    outcome = O.scored(rule, assessor.evaluator.evaluate(household(**{blank: None})))
    assert outcome.status == "unknown"
    assert outcome.outcome_index is not None
    assert rule.outcomes[outcome.outcome_index].label == floor_label
    assert (outcome.low, outcome.high) == (low, high)


def test_a_blank_zone_reports_the_otherwise_band(bac_kan: Policy, assessor: Assessor,
                                                 household: Callable[..., dict[str, Any]]) -> None:
    """area_priority: highland 12, zone III 11, II 10, I 9, poor district 7, otherwise 0. The
    household is neither highland nor in a poor district, so a blank zone leaves 11, 10, 9 or 0."""
    rule = bac_kan.rule("area_priority")
    outcome = O.scored(rule, assessor.evaluator.evaluate(household(area_zone=None)))
    assert outcome.status == "unknown" and outcome.outcome_index is not None
    assert rule.outcomes[outcome.outcome_index].label == "otherwise"
    assert (outcome.low, outcome.high) == (0, 11)
    assert outcome.reached == [1, 2, 3, 5]
