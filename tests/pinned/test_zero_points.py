"""An eligible applicant that earns no point at all scores 0, on both paths.

The scorecard is clipped to [0, max_score]; its lower end is only visible for an applicant below
one point, which the Bắc Kạn household never is. The minimal pack of
``tests/fixtures/packs/valid`` makes one: every expectation is worked out from its ``rules.yaml``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from kcscore.api import assessor_for
from kcscore.applicant import read_record
from kcscore.batch.fast import run_fast
from kcscore.batch.lines import lines
from kcscore.policy.loader import load_policy

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "valid"
DAY = dt.date(2020, 1, 1)
# both gates pass (a cooperative, counterpart committed), no mining; local inputs 10 % (not above
# 50: 0 points), 5 workers (under 20: 0 points), a trade fair (no machinery bonus, and no support
# rule applies, so nothing is recommended)
ROW = {"id": "M-1", "name": "Cơ sở nhỏ", "legal_form": "cooperative", "workers": 5, "sector": "other",
       "support_content": "trade_fair", "local_material_share": 10, "machinery_new": False,
       "counterpart_committed": True, "total_cost_vnd": 100_000_000, "requested_support_vnd": 10_000_000}


def test_no_point_earned_is_a_score_of_zero_on_both_paths() -> None:
    policy = load_policy(MINI)
    record, problems, unknown = read_record(policy, ROW)
    assert not problems and not unknown
    a = assessor_for(policy).assess(record, as_of=DAY, explain=False)
    assert (a.decision, a.score, a.provisional_score, a.upper_score, a.recommended_support_vnd) == \
        ("eligible", 0.0, 0.0, 0.0, 0)
    [line] = [json.loads(text) for text in lines(run_fast(policy, [ROW], as_of=DAY))]
    assert (line["decision"], line["score"], line["provisional_score"], line["upper_score"]) == ("eligible", 0, 0, 0)
