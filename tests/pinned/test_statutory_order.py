"""The statutory ranking order of the Bắc Kạn pack, worked out by hand.

Circular 46/2012 Art. 6.3: area priority first, then trade, group 6.2.b before group 6.2.a; the
pack declares `ranking: {mode: statutory, priority: [area, "6.2b", "6.2a"]}` and ranks by the
points of each group in turn, then by the score, then by its tie-breaks. Every applicant is the
76-point household (conftest.py: area 11, group 6.2.b 14 + 0 + 0 + 6 = 20, group 6.2.a 4) with
the changes in its comment; several outrank an applicant with a higher score, so a merit order
cannot pass this test, and the merit order of the same list is pinned too.
"""

from __future__ import annotations

import dataclasses
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcscore.assess.assessor import Assessor
from kcscore.batch.ranking import priority_points, priority_rules, rank
from kcscore.policy.ir import Policy
from kcscore.policy.loader import check_policy
from tests.packcopy import copy_pack

ROOT = Path(__file__).resolve().parents[2]

# id: (changes, score, (area, group 6.2.b, group 6.2.a))
APPLICANTS: dict[str, tuple[dict[str, Any], float, tuple[float, float, float]]] = {
    # no priority area (0, −11), export contract (+2): 67. Last: the area decides first.
    "S1": ({"area_zone": "none", "export_contract": True}, 67, (0, 22, 4)),
    # highland/border 12 (+1), 30 % local material 0 (−14): 63, the lowest score, yet first.
    "S2": ({"highland_border": True, "local_material_share": 30}, 63, (12, 6, 4)),
    # the household itself.
    "S3": ({}, 76, (11, 20, 4)),
    # handicrafts: trade 1 (−3); 5-star OCOP: recognised 8 (+2); 20 workers: labour 2 (+2): 77,
    # group 6.2.b 14 + 2 + 0 + 8 = 24.
    "S4": ({"sector": "handicrafts", "extracts_minerals_on_site": False, "ocop_stars": 5, "workers": 20}, 77, (11, 24, 1)),
    # handicrafts (−3), value chain (+6): 79, but group 6.2.a 1 puts it after S3 and S7.
    "S5": ({"sector": "handicrafts", "extracts_minerals_on_site": False, "value_chain_linkage": True}, 79, (11, 20, 1)),
    # handicrafts (−3), export contract (+2): 75; group 6.2.b 22 beats S3's 20 although its
    # 6.2.a points (1) and its score are lower: 6.2.b comes before 6.2.a.
    "S6": ({"sector": "handicrafts", "extracts_minerals_on_site": False, "export_contract": True}, 75, (11, 22, 1)),
    # value chain (+6): 82, the same groups as S3, so the score decides between them.
    "S7": ({"value_chain_linkage": True}, 82, (11, 20, 4)),
}
STATUTORY = ["S2", "S4", "S6", "S7", "S3", "S5", "S1"]
MERIT = ["S7", "S5", "S4", "S3", "S6", "S1", "S2"]


def _assessed(assessor: Assessor, household: Callable[..., dict[str, Any]]) -> list[Any]:
    out = []
    for applicant_id, (changes, score, groups) in APPLICANTS.items():
        a = assessor.assess(household(id=applicant_id, **changes), explain=False)
        assert (a.decision, a.score) == ("eligible", score), applicant_id
        assert tuple(priority_points(assessor.policy, a.points_of)) == groups, applicant_id
        out.append(a)
    return out


def test_the_default_pack_declares_the_statutory_order(bac_kan: Policy) -> None:
    assert (bac_kan.meta.ranking.mode, bac_kan.meta.ranking.priority) == ("statutory", ("area", "6.2b", "6.2a"))
    assert priority_rules(bac_kan) == [("area_priority",),
                                       ("local_raw_material", "labour_intensive", "export_market", "recognised_product"),
                                       ("trade_priority",)]


def test_area_then_group_6_2_b_then_6_2_a_then_the_score(bac_kan: Policy, assessor: Assessor,
                                                          household: Callable[..., dict[str, Any]]) -> None:
    assessments = _assessed(assessor, household)
    for seed in range(4):  # the input order never matters
        random.Random(seed).shuffle(assessments)
        ordered = rank(bac_kan, assessments)
        assert [a.id for a in ordered] == STATUTORY
        assert [a.rank for a in ordered] == list(range(1, len(STATUTORY) + 1))


def test_the_same_list_in_merit_mode_ranks_by_score(bac_kan: Policy, assessor: Assessor,
                                                     household: Callable[..., dict[str, Any]]) -> None:
    ranking = bac_kan.meta.ranking.model_copy(update={"mode": "merit", "priority": ()})
    merit = dataclasses.replace(bac_kan, meta=bac_kan.meta.model_copy(update={"ranking": ranking}))
    assert [a.id for a in rank(merit, _assessed(assessor, household))] == MERIT


@settings(max_examples=30, deadline=None)
@given(st.permutations(list(APPLICANTS)), st.sets(st.sampled_from(list(APPLICANTS))))
def test_the_statutory_order_of_any_subset_in_any_order_is_the_pinned_order(
        bac_kan: Policy, assessor: Assessor, household: Callable[..., dict[str, Any]],
        order: list[str], dropped: set[str]) -> None:
    by_id = {a.id: a for a in _assessed(assessor, household)}
    chosen = [by_id[i] for i in order if i not in dropped]
    assert [a.id for a in rank(bac_kan, chosen)] == [i for i in STATUTORY if i not in dropped]


def _pack_with(tmp_path: Path, old: str, new: str) -> Path:
    pack = tmp_path / "bac-kan"
    copy_pack(ROOT / "rules" / "bac-kan", pack, ignore=shutil.ignore_patterns("tests"))
    policy = pack / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    assert old in text
    policy.write_text(text.replace(old, new), encoding="utf-8")
    return pack


def test_a_priority_group_no_rule_carries_is_an_unknown_reference(tmp_path: Path) -> None:
    pack = _pack_with(tmp_path, 'priority: [area, "6.2b", "6.2a"]', 'priority: [aera, "6.2b", "6.2a"]')
    policy, diagnostics = check_policy(pack)
    assert policy is None
    assert [(d.code, d.params["name"], d.suggestion) for d in diagnostics] == [("K053", "aera", "area")]


@pytest.mark.parametrize("old, new", [
    ('    priority: [area, "6.2b", "6.2a"]\n', ""),  # statutory without its groups
    ("    mode: statutory\n", "    mode: merit\n"),  # merit with groups it would ignore
])
def test_the_mode_and_its_groups_go_together(tmp_path: Path, old: str, new: str) -> None:
    policy, diagnostics = check_policy(_pack_with(tmp_path, old, new))
    assert policy is None and any("priority" in d.message("en") for d in diagnostics)
