"""Ranking among applicants with the same score follows every declared key, in order.

In merit mode (the Bắc Kạn pack with its statutory priority groups taken off, ``merit`` below; the
statutory order is pinned in test_statutory_order.py) the pack ranks by score, then area priority points, local raw-material points,
recognised-product points, trade-priority points and completed projects (each higher first), then the earlier
submission date, then the application id. Each applicant below differs from the one ranked just
after it in exactly one key, and ids run *against* the expected order wherever an earlier key
decides, so dropping, reordering or reversing any key changes the ranking.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import pytest

from kcscore.assess.assessor import Assessor
from kcscore.batch.ranking import key_parts, rank
from kcscore.policy.ir import Policy
from kcscore.policy.model import TieBreak

EARLY = dt.date(2019, 4, 10)


@pytest.fixture
def merit(bac_kan: Policy) -> Policy:
    """The default pack ranked in merit mode: score first, then its tie-breaks."""
    ranking = bac_kan.meta.ranking.model_copy(update={"mode": "merit", "priority": ()})
    return dataclasses.replace(bac_kan, meta=bac_kan.meta.model_copy(update={"ranking": ranking}))

# id: changes to the 76-point household, and the score they keep (worked out in each comment).
APPLICANTS: dict[str, tuple[dict[str, Any], float]] = {
    # export contract +2: 78, ranks first on score alone although every tie key is lower or later.
    "T9": ({"export_contract": True, "area_zone": "II", "local_material_share": 90, "prior_projects_completed": 1,
            "new_jobs": 10, "local_workers_share": 50, "workers": 20}, 78),
    # highland/border area 12 (+1), 10 new jobs 4 (+1), local workforce 50 % 2 (−2): 76, area priority 12.
    "T8": ({"highland_border": True, "new_jobs": 10, "local_workers_share": 50}, 76),
    # 3 completed projects: implementation capacity is still 4 + 2 + 2 = 8, score 76; more experience.
    "T7": ({"prior_projects_completed": 3}, 76),
    # submitted five days earlier: 76.
    "T6": ({"submitted_on": EARLY}, 76),
    # the plain household: 76, ties with T5 on every key up to the id.
    "T3": ({}, 76),
    "T5": ({}, 76),
    # mechanics: trade priority 2 (−2), export +2: 76; five completed projects would put it before
    # T7 if the trade-priority key were dropped (same capacity 8, then the id).
    "T4": ({"sector": "mechanics_electrical", "export_contract": True, "prior_projects_completed": 5}, 76),
    # district typical product, no OCOP stars: recognised 4 (−2), export +2: 76.
    "T2": ({"typical_product_level": "district", "ocop_stars": None, "export_contract": True}, 76),
    # 60 % local material: 10 (−4); 50 workers: labour-intensive 4 (+4): 76.
    "T1": ({"local_material_share": 60, "workers": 50}, 76),
    # 60 % local material (−4), highland/border (+1), 20 workers (+2): 75, the best area priority.
    "T0": ({"local_material_share": 60, "highland_border": True, "workers": 20}, 75),
}
EXPECTED_ORDER = ["T9", "T8", "T7", "T6", "T3", "T5", "T4", "T2", "T1", "T0"]


def test_every_tie_break_key_in_declared_order(merit: Policy, assessor: Assessor,
                                               household: Callable[..., dict[str, Any]]) -> None:
    assert [(t.criterion, t.field, t.order) for t in merit.meta.ranking.tie_breaks] == [
        ("area_priority", None, "desc"), ("local_raw_material", None, "desc"),
        ("recognised_product", None, "desc"), ("trade_priority", None, "desc"),
        (None, "prior_projects_completed", "desc")]
    assessments = []
    for applicant_id, (changes, score) in APPLICANTS.items():
        a = assessor.assess(household(id=applicant_id, **changes), explain=False)
        assert (a.decision, a.score) == ("eligible", score), applicant_id
        assessments.append(a)
    for seed in range(3):  # input order never matters
        random.Random(seed).shuffle(assessments)
        ordered = rank(merit, assessments)
        assert [a.id for a in ordered] == EXPECTED_ORDER
        assert [a.rank for a in ordered] == list(range(1, len(EXPECTED_ORDER) + 1))


def test_a_blank_tie_break_value_sorts_after_a_known_one(merit: Policy, assessor: Assessor,
                                                         household: Callable[..., dict[str, Any]]) -> None:
    """Blank sorts after every known value, even 0: no completed projects and a blank count both
    earn the capacity floor 0 + 2 + 2 = 4 (76 − 4 = 72), so only the blank separates them, and
    the ids run against the expected order."""
    known = assessor.assess(household(id="Z9", prior_projects_completed=0), explain=False)
    blank = assessor.assess(household(id="A0", prior_projects_completed=None), explain=False)
    assert (known.decision, known.score) == (blank.decision, blank.score) == ("eligible", 72)
    assert [a.id for a in rank(merit, [blank, known])] == ["Z9", "A0"]


def test_a_blank_submission_date_sorts_after_a_known_one(merit: Policy, assessor: Assessor,
                                                         household: Callable[..., dict[str, Any]]) -> None:
    dated = assessor.assess(household(id="Z1"), explain=False)
    undated = assessor.assess(household(id="A1", submitted_on=None), as_of=dt.date(2019, 4, 15), explain=False)
    assert dated.score == undated.score == 76
    assert [a.id for a in rank(merit, [undated, dated])] == ["Z1", "A1"]


def _with_tie_breaks(policy: Policy, *tie_breaks: TieBreak) -> Policy:
    ranking = policy.meta.ranking.model_copy(update={"tie_breaks": list(tie_breaks)})
    return dataclasses.replace(policy, meta=policy.meta.model_copy(update={"ranking": ranking}))


def test_an_ascending_tie_break_puts_the_smaller_value_first(merit: Policy, assessor: Assessor,
                                                             household: Callable[..., dict[str, Any]]) -> None:
    """A pack may rank ties by fewer workers first; 12 and 15 workers both earn labour-intensive 0."""
    policy = _with_tie_breaks(merit, TieBreak(field="workers", order="asc"))
    more = assessor.assess(household(id="A2", workers=15), explain=False)
    fewer = assessor.assess(household(id="Z2", workers=12), explain=False)
    assert more.score == fewer.score == 76
    assert [a.id for a in rank(policy, [more, fewer])] == ["Z2", "A2"]


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_a_blank_tie_break_value_sorts_last_in_either_order(merit: Policy, order: str) -> None:
    policy = _with_tie_breaks(merit, TieBreak(field="workers", order=order))
    day = dt.date(2019, 4, 15)
    keys = {ident: key_parts(policy, 70.0, [value], day, ident) for ident, value in
            (("A0", None), ("B1", 0), ("C2", -3), ("D3", 5))}
    expected = ["C2", "B1", "D3", "A0"] if order == "asc" else ["D3", "B1", "C2", "A0"]
    assert sorted(keys, key=keys.__getitem__) == expected


def test_report_order_after_the_ranked_applicants(merit: Policy, assessor: Assessor,
                                                  household: Callable[..., dict[str, Any]]) -> None:
    """Eligible by rank, then incomplete by provisional score (higher first), then ineligible by id;
    only eligible applicants get a rank. A blank counterpart commitment leaves a gate open
    (incomplete); 60 % local material costs 4 points (76 → 72)."""
    eligible = assessor.assess(household(id="M5"), explain=False)
    open_low = assessor.assess(household(id="A1", counterpart_committed=None, local_material_share=60), explain=False)
    open_high = assessor.assess(household(id="Z1", counterpart_committed=None), explain=False)
    refused_b = assessor.assess(household(id="B9", environmental_violation=True), explain=False)
    refused_a = assessor.assess(household(id="A9", environmental_violation=True), explain=False)
    assert (open_low.decision, open_low.provisional_score, open_high.provisional_score) == ("incomplete", 72, 76)
    for a in (open_low, open_high, refused_b, refused_a):
        a.rank = 99  # a stale rank from an earlier ranking must be cleared
    ordered = rank(merit, [refused_b, open_low, eligible, refused_a, open_high])
    assert [(a.id, a.rank) for a in ordered] == [("M5", 1), ("Z1", None), ("A1", None), ("A9", None), ("B9", None)]


def test_fractional_scores_rank_by_score_and_float_noise_ties(merit: Policy) -> None:
    """70.4 ranks above 70 whatever the tie-breaks say; 70 + 6e-11 (float noise from adding
    fractional points) ties with 70 and goes to the next key, here the id."""
    day = dt.date(2019, 4, 15)
    best_ties = [12, 14, 8, 9]
    worst_ties = [0, 0, 0, 0]
    keys = {"Z1": key_parts(merit, 70.4, worst_ties, day, "Z1"),
            "A1": key_parts(merit, 70.0, best_ties, day, "A1"),
            "Y1": key_parts(merit, 70.0, worst_ties, day, "Y1"),
            "X1": key_parts(merit, 70.0 + 6e-11, worst_ties, day, "X1")}
    assert sorted(keys, key=keys.__getitem__) == ["Z1", "A1", "X1", "Y1"]
