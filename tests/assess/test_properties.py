"""Invariants of an assessment under the default pack, checked on generated applicants."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcscore.api import assessor_for
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from tests.strategies import applicants

AS_OF = dt.date(2020, 6, 1)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


# Values that pass every gate and exclusion of the Bắc Kạn pack; half the drawn applicants get
# them, so the invariants are checked on eligible applicants too, not only on refused ones.
PASSING = {"legal_form": "household_business", "site_type": "commune", "sector": "food_processing",
           "counterpart_committed": True, "other_state_funding": False, "environmental_violation": False,
           "pollution_risk": "low", "machinery_new": True, "kiln_type": "none"}


def records(policy: Policy) -> st.SearchStrategy[dict]:  # type: ignore[type-arg]
    """Applicants drawn value by value through Hypothesis (tests/strategies.py), so a failure shrinks
    to the smallest record that shows it; half of them pass the gates."""
    return st.builds(lambda record, passing: {**record, **PASSING} if passing else record,
                     applicants(policy), st.booleans())


def test_score_stays_within_the_maximum(policy: Policy) -> None:
    assessor = assessor_for(policy)

    @SETTINGS
    @given(records(policy))
    def check(record: dict) -> None:
        a = assessor.assess(record, as_of=AS_OF, explain=False)
        assert 0 <= a.score <= a.max_score == policy.meta.max_score
        assert 0 <= a.provisional_score <= a.upper_score <= a.max_score
        for f in a.findings:
            if f.points is not None and f.kind in ("criterion", "bonus"):
                assert 0 <= f.points <= f.max_points

    check()


def test_every_ineligible_applicant_has_a_reason(policy: Policy) -> None:
    assessor = assessor_for(policy)

    @SETTINGS
    @given(records(policy))
    def check(record: dict) -> None:
        a = assessor.assess(record, as_of=AS_OF, explain=False)
        if a.decision == "ineligible":
            assert a.reasons
            failing = {f.rule: f.status for f in a.findings if f.rule in a.reasons}
            assert set(failing) == set(a.reasons)
            assert set(failing.values()) <= {"fail", "excluded"}
            assert a.score == 0 and a.recommended_support_vnd == 0
        if a.decision == "incomplete":
            assert a.missing and any(m.holds_decision for m in a.missing_detail)
        if a.decision == "eligible":
            assert not a.reasons

    check()


def test_declared_monotonic_criteria_never_lose_points_when_the_input_improves(policy: Policy) -> None:
    assessor = assessor_for(policy)
    monotonic = [r for r in policy.scored_rules if getattr(r.spec, "monotonic", None)]
    assert len(monotonic) >= 4

    @SETTINGS
    @given(records(policy), st.sampled_from(monotonic), st.floats(0, 1), st.floats(0, 1))
    def check(record: dict, rule, a: float, b: float) -> None:  # type: ignore[no-untyped-def]
        spec = policy.fields[rule.spec.input]
        low_bound = spec.min if spec.min is not None else 0.0
        high_bound = spec.max if spec.max is not None else 200.0
        lo, hi = sorted((low_bound + a * (high_bound - low_bound), low_bound + b * (high_bound - low_bound)))
        if spec.type in ("integer", "money"):
            lo, hi = int(lo), int(hi)
        worse, better = (lo, hi) if rule.spec.monotonic == "increasing" else (hi, lo)
        p_worse = assessor.assess({**record, rule.spec.input: worse}, as_of=AS_OF, explain=False).points_of(rule.id)
        p_better = assessor.assess({**record, rule.spec.input: better}, as_of=AS_OF, explain=False).points_of(rule.id)
        assert p_better >= p_worse

    check()


def test_a_blank_never_raises_the_score(policy: Policy) -> None:
    """Missing is not false and not 0: a blank field earns the floor, never more than the real value,
    and its upper score is a bound: whatever value is filled in, its score is not higher (a blank
    that may make rules not apply lets the rest scale up: tests/assess/test_upper_bound.py)."""
    assessor = assessor_for(policy)
    optional = [name for name, spec in policy.fields.items() if not spec.required]

    @SETTINGS
    @given(records(policy), st.sampled_from(optional))
    def check(record: dict, name: str) -> None:
        full = assessor.assess(record, as_of=AS_OF, explain=False)
        blanked = assessor.assess({**record, name: None}, as_of=AS_OF, explain=False)
        assert blanked.provisional_score <= full.provisional_score + 1e-9
        assert blanked.upper_score >= full.upper_score - 1e-9
        if full.decision == "eligible" and blanked.decision == "eligible":
            assert blanked.score <= full.score + 1e-9

    check()


def test_suggestions_deliver_the_gain_they_promise(policy: Policy) -> None:
    assessor = assessor_for(policy)

    @settings(max_examples=60, deadline=None)
    @given(records(policy))
    def check(record: dict) -> None:
        a = assessor.assess(record, as_of=AS_OF, explain=True)
        for s in a.suggestions:
            assert s.changes and s.field in s.changes
            changed = assessor.assess({**record, **s.changes}, as_of=AS_OF, explain=False)
            assert s.gain > 0
            assert changed.provisional_score == pytest.approx(a.provisional_score + s.gain)
            assert all(policy.fields[name].actionable for name in s.changes)

    check()
