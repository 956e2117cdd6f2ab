"""Decisions, scores and support of the large-list path (``run_fast``), worked out by hand.

The large-list path decides every row with array code of its own; the path-agreement tests
compare it with the per-applicant path, which cannot see a bug both share. Here each row is the
76-point household of ``conftest.py`` with one change, and its expected line is worked out in the
comment beside it from ``rules/bac-kan``.
"""

from __future__ import annotations

import datetime as dt
import json

from kcscore.batch.fast import run_fast
from kcscore.batch.lines import lines
from kcscore.policy.ir import Policy
from tests.pinned.conftest import HOUSEHOLD

DAY = dt.date(2019, 4, 15)
ROWS = {
    # every field known: eligible on 76 points; support min(250 tr, 50 % × 600 tr, cap 300 tr) = 250 tr
    "P-001": ({}, ("eligible", 76, 76, 76, 250_000_000, [], [])),
    # a past environmental violation: the exclusion no_environmental_violation refuses it; its
    # scorecard is still 76, shown as provisional, and it is paid nothing
    "P-002": ({"environmental_violation": True}, ("ineligible", 0, 76, 76, 0, ["no_environmental_violation"], [])),
    # the site type blank: the rural_site gate cannot be decided, so the decision waits on it
    "P-003": ({"site_type": None}, ("incomplete", 0, 76, 76, 0, [], ["site_type"])),
    # new jobs blank: 0 of its 4 points for now (76 − 3 = 73), at most 73 + 4 = 77; still eligible
    "P-004": ({"new_jobs": None}, ("eligible", 73, 73, 77, 250_000_000, [], ["new_jobs"])),
    # a value-chain contract earns the 6-point bonus: 76 + 6 = 82
    "P-005": ({"value_chain_linkage": True}, ("eligible", 82, 82, 82, 250_000_000, [], [])),
    # the value-chain answer blank: the bonus may still come, so 76 for now and at most 82
    "P-006": ({"value_chain_linkage": None}, ("eligible", 76, 76, 82, 250_000_000, [], ["value_chain_linkage"])),
}
KEYS = ("decision", "score", "provisional_score", "upper_score", "recommended_support_vnd", "reasons", "missing")


def test_each_row_of_the_large_list_path(bac_kan: Policy) -> None:
    rows = [{**HOUSEHOLD, "id": key, **changes} for key, (changes, _) in ROWS.items()]
    lean = run_fast(bac_kan, rows, as_of=DAY)
    got = {line["id"]: tuple(line[k] for k in KEYS) for line in map(json.loads, lines(lean))}
    assert got == {key: expected for key, (_, expected) in ROWS.items()}
    assert lean.summary() == {"rows": 6, "assessed": 6, "eligible": 4, "incomplete": 1, "ineligible": 1,
                              "funded": 0, "errors": 0}


def test_the_large_list_ranks_the_eligible_by_score(bac_kan: Policy) -> None:
    rows = [{**HOUSEHOLD, "id": key, **changes} for key, (changes, _) in ROWS.items()]
    ranks = {line["id"]: line["rank"] for line in map(json.loads, lines(run_fast(bac_kan, rows, as_of=DAY)))}
    # eligible only, highest score first: P-005 (82), P-001 and P-006 (76), P-004 (73)
    assert ranks["P-005"] == 1 and {ranks["P-001"], ranks["P-006"]} == {2, 3} and ranks["P-004"] == 4
    assert ranks["P-002"] is None and ranks["P-003"] is None
