"""One hand-written applicant of the Bắc Kạn pack, and the assessor, shared by the pinned tests.

The applicant is written out here rather than taken from the pack's own test bases, so these
tests state their expectations independently of the pack's YAML cases. Its scorecard under
``rules/bac-kan`` on 2019-04-15 is 76 points (see the comments in ``test_support_amounts``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from kcscore.api import assessor_for
from kcscore.applicant import read_record
from kcscore.assess.assessor import Assessor
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy

HOUSEHOLD: dict[str, Any] = {
    "id": "P-001", "name": "HKD Miến dong", "legal_form": "household_business", "workers": 12,
    "annual_revenue_vnd": 2_400_000_000, "total_capital_vnd": 1_100_000_000, "site_type": "commune",
    "area_zone": "III", "poor_district": False, "highland_border": False,
    "sector": "agro_forestry_processing", "kiln_type": "none", "support_content": "advanced_machinery",
    "total_cost_vnd": 600_000_000, "requested_support_vnd": 250_000_000, "counterpart_committed": True,
    "other_state_funding": False, "local_material_share": 95, "processing_stage": "deep",
    "machinery_new": True, "productivity_gain_pct": 35, "has_trademark": True, "ocop_stars": 3,
    "typical_product_level": "province", "export_contract": False, "made_for_export": False,
    "local_workers_share": 100,
    "demonstration_kind": "new_technology",  # read only when the support content is a demonstration model
    "new_jobs": 6, "value_chain_linkage": False, "prior_projects_completed": 1,
    "projects_adjusted_or_stopped": 0, "bookkeeping": True, "premises_ready": True,
    "environmental_violation": False, "pollution_risk": "low", "submitted_on": dt.date(2019, 4, 15),
}


@pytest.fixture(scope="session")
def bac_kan() -> Policy:
    return load_policy()


@pytest.fixture(scope="session")
def assessor(bac_kan: Policy) -> Assessor:
    return assessor_for(bac_kan)


@pytest.fixture(scope="session")
def household(bac_kan: Policy) -> Callable[..., dict[str, Any]]:
    """A typed copy of HOUSEHOLD with some fields changed; a cell the schema refuses fails the test."""

    def make(**changes: Any) -> dict[str, Any]:
        record, problems, unknown = read_record(bac_kan, {**HOUSEHOLD, **changes})
        assert not problems and not unknown, (problems, unknown)
        return record

    return make
