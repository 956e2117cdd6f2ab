"""Outcomes the Bắc Kạn pack never reaches, worked out by hand, on both paths.

The pack of ``tests/fixtures/packs/edge`` is small enough to work through by hand. It has a band
table with no ``otherwise`` (a value may fall in no band), a sum item that takes points, a penalty
that can push the scorecard below 0, two support rules that both apply to new machinery, and a
share with no value in force before 2030. Every row is the base facility below with one change;
each expectation is worked out in the comment beside it from the pack's ``rules.yaml``, and both
the per-applicant assessor and the large-list path (``run_fast``) must give it.

The base facility: registered, food processing, 10 workers of whom 10 local, a trademark, new
machinery, no late report, asking 60 tr of a 100 tr machinery project. Its scorecard:
- ``local_jobs``: 10 × 2 >= 10 × 2, the first band: 10 points;
- ``quality``: trademark 6 + new machinery 4 = 10, capped at 8;
- ``late_reporting``: 0 late reports, not 5 or more: 0;
- ``new_machinery_bonus``: new machinery for a machinery project: 2;
so 10 + 8 + 0 + 2 = 20 of 20. Both machinery support rules apply; the first listed,
``support_new_machinery``, is chosen: min(60 tr, 50 % × 100 tr = 50 tr, cap 100 tr) = 50 tr.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from kcscore.api import assessor_for
from kcscore.applicant import read_record
from kcscore.assess.assessor import AssessmentError, Assessor
from kcscore.assess.result import Assessment
from kcscore.batch.fast import run_fast
from kcscore.batch.lines import lines
from kcscore.explain.words import words
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy

EDGE = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "edge"
DAY = dt.date(2020, 1, 1)
BASE: dict[str, Any] = {
    "id": "E-00", "name": "Cơ sở chế biến mẫu", "registered": True, "sector": "food", "workers": 10,
    "local_workers": 10, "has_trademark": True, "machinery_new": True, "late_reports": 0,
    "support_content": "machinery", "total_cost_vnd": 100_000_000, "requested_support_vnd": 60_000_000,
}
NEW, ANY = "support_new_machinery", "support_any_machinery"

# id: (changes to BASE, (decision, score, provisional, upper, support paid, support rule, reasons, missing),
#      {rule: (status, points)} for the scored rules that differ from the base scorecard)
ROWS: dict[str, tuple[dict[str, Any], tuple[Any, ...], dict[str, tuple[str, float]]]] = {
    # the base facility: 20 points; both support rules apply and the first listed is chosen (50 tr)
    "E-01": ({}, ("eligible", 20, 20, 20, 50_000_000, NEW, [], []), {}),
    # 4 local workers of 10: 8 >= 20 no, 8 >= 10 no; no band holds and there is no `otherwise`,
    # so local_jobs is no_band with 0 points: 0 + 8 + 0 + 2 = 10
    "E-02": ({"local_workers": 4}, ("eligible", 10, 10, 10, 50_000_000, NEW, [], []), {"local_jobs": ("no_band", 0)}),
    # 5 local workers of 10: 10 >= 20 no, 10 >= 10 yes: the second band, 4 points; 4 + 8 + 2 = 14
    "E-03": ({"local_workers": 5}, ("eligible", 14, 14, 14, 50_000_000, NEW, [], []), {"local_jobs": ("scored", 4)}),
    # workers blank: both bands are open and the value may fall in neither, so at least 0 and at
    # most 10: 0 + 8 + 0 + 2 = 10 now, 10 + 8 + 0 + 2 = 20 at most; a criterion holds no decision
    "E-04": ({"workers": None}, ("eligible", 10, 10, 20, 50_000_000, NEW, [], ["workers"]),
             {"local_jobs": ("unknown", 0)}),
    # late reports blank: quality is 6 + 4 = 10 for sure and the −3 item is open, so 7 to 10,
    # capped: 7 to 8; late_reporting may take 12 or nothing: −12 to 0. 10 + 7 − 12 + 2 = 7 now,
    # 10 + 8 + 0 + 2 = 20 at most
    "E-05": ({"late_reports": None}, ("eligible", 7, 7, 20, 50_000_000, NEW, [], ["late_reports"]),
             {"quality": ("unknown", 7), "late_reporting": ("unknown", -12)}),
    # no trademark: quality earns only the new-machinery item, 4 points; 10 + 4 + 0 + 2 = 16
    "E-14": ({"has_trademark": False}, ("eligible", 16, 16, 16, 50_000_000, NEW, [], []), {"quality": ("scored", 4)}),
    # 3 late reports (over 2, under 5): quality 6 + 4 − 3 = 7 (under the cap); 10 + 7 + 0 + 2 = 19
    "E-06": ({"late_reports": 3}, ("eligible", 19, 19, 19, 50_000_000, NEW, [], []), {"quality": ("scored", 7)}),
    # no local worker (no band: 0), no trademark, old machinery, 6 late reports: quality −3,
    # late_reporting −12, no bonus: 0 − 3 − 12 + 0 = −15, which the scorecard shows as 0.
    # Old machinery: only support_any_machinery applies: min(60 tr, 30 % × 100 tr, cap 20 tr) = 20 tr
    "E-07": ({"local_workers": 0, "has_trademark": False, "machinery_new": False, "late_reports": 6},
             ("eligible", 0, 0, 0, 20_000_000, ANY, [], []),
             {"local_jobs": ("no_band", 0), "quality": ("scored", -3), "late_reporting": ("scored", -12),
              "new_machinery_bonus": ("scored", 0)}),
    # machinery newness blank: the first support rule cannot be settled, so although the second
    # applies the choice is unknown and the decision incomplete, with nothing paid. quality 6 to 8,
    # the bonus 0 to 2: 10 + 6 + 0 + 0 = 16 now, 20 at most
    "E-08": ({"machinery_new": None}, ("incomplete", 0, 16, 20, 0, None, [], ["machinery_new"]),
             {"quality": ("unknown", 6), "new_machinery_bonus": ("unknown", 0)}),
    # support content blank: no support rule can be settled: incomplete; the bonus 0 to 2: 18 now
    "E-09": ({"support_content": None}, ("incomplete", 0, 18, 20, 0, None, [], ["support_content"]),
             {"new_machinery_bonus": ("unknown", 0)}),
    # the chosen rule's cost blank: the amount cannot be computed: incomplete, 20 points provisional
    "E-10": ({"total_cost_vnd": None}, ("incomplete", 0, 20, 20, 0, None, [], ["total_cost_vnd"]), {}),
    # the chosen rule's request blank: likewise
    "E-11": ({"requested_support_vnd": None}, ("incomplete", 0, 20, 20, 0, None, [], ["requested_support_vnd"]), {}),
    # mining, asking for training: excluded, so the training share (in force only from 2030) is
    # never needed and no error is raised; no bonus for a training project: 10 + 8 + 0 + 0 = 18
    "E-12": ({"sector": "mining", "support_content": "training"},
             ("ineligible", 0, 18, 18, 0, None, ["mining_excluded"], []), {"new_machinery_bonus": ("scored", 0)}),
    # registration blank, asking for training: the gate is open, so the decision is incomplete
    # whatever the share; again no error, 18 points provisional
    "E-13": ({"registered": None, "support_content": "training"},
             ("incomplete", 0, 18, 18, 0, None, [], ["registered"]), {"new_machinery_bonus": ("scored", 0)}),
    # registration and workers blank: the field that holds the decision is listed first, then the
    # one with points at stake; local_jobs 0 to 10: 0 + 8 + 0 + 2 = 10 now, 20 at most
    "E-15": ({"registered": None, "workers": None}, ("incomplete", 0, 10, 20, 0, None, [], ["registered", "workers"]),
             {"local_jobs": ("unknown", 0)}),
}
BASE_POINTS = {"local_jobs": ("scored", 10), "quality": ("scored", 8), "late_reporting": ("scored", 0),
               "new_machinery_bonus": ("scored", 2)}


@pytest.fixture(scope="module")
def edge() -> Policy:
    return load_policy(EDGE)


def _record(policy: Policy, key: str, changes: dict[str, Any]) -> dict[str, Any]:
    record, problems, unknown = read_record(policy, {**BASE, "id": key, **changes})
    assert not problems and not unknown, (problems, unknown)
    return record


def _assess(policy: Policy, key: str, changes: dict[str, Any], lang: str = "vi") -> Assessment:
    return assessor_for(policy).assess(_record(policy, key, changes), as_of=DAY, lang=lang, explain=False)


def _fast_lines(policy: Policy, lang: str = "vi") -> dict[str, dict[str, Any]]:
    rows = [{**BASE, "id": key, **changes} for key, (changes, _, _) in ROWS.items()]
    return {line["id"]: line for line in map(json.loads, lines(run_fast(policy, rows, as_of=DAY, lang=lang)))}


@pytest.mark.parametrize("key", list(ROWS))
def test_each_row_per_applicant(edge: Policy, key: str) -> None:
    changes, expected, points = ROWS[key]
    a = _assess(edge, key, changes)
    rule = a.support.rule if a.support is not None and a.decision == "eligible" else None
    assert (a.decision, a.score, a.provisional_score, a.upper_score, a.recommended_support_vnd, rule, a.reasons,
            a.missing) == expected
    got = {f.rule: (f.status, f.points) for f in a.findings if f.rule in BASE_POINTS}
    assert got == {**BASE_POINTS, **points}


def test_each_row_on_the_large_list_path(edge: Policy) -> None:
    got = _fast_lines(edge)
    for key, (_, expected, points) in ROWS.items():
        line = got[key]
        rule = line["support"]["rule"] if line["support"] is not None and line["decision"] == "eligible" else None
        assert (line["decision"], line["score"], line["provisional_score"], line["upper_score"],
                line["recommended_support_vnd"], rule, line["reasons"], line["missing"]) == expected, key
        findings = {f["rule"]: (f["status"], f["points"]) for f in line["findings"] if f["rule"] in BASE_POINTS}
        assert findings == {**BASE_POINTS, **points}, key


def test_the_large_list_ranks_a_scorecard_below_zero_last(edge: Policy) -> None:
    ranks = {key: line["rank"] for key, line in _fast_lines(edge).items()}
    # eligible by score: E-01 (20), E-06 (19), E-14 (16), E-03 (14), E-02 and E-04 (10, tied: by
    # id), E-05 (7), E-07 (0: −15 shown as 0); the incomplete and the ineligible are not ranked
    assert [key for key, rank in sorted(ranks.items(), key=lambda kv: kv[1] or 99) if rank] == \
        ["E-01", "E-06", "E-14", "E-03", "E-02", "E-04", "E-05", "E-07"]
    assert all(ranks[key] is None for key in ("E-08", "E-09", "E-10", "E-11", "E-12", "E-13", "E-15"))


# the sentence of each settled outcome names its own band or items: a wrong band index or a wrong
# set of items reached gives another sentence
TEXTS = {
    # the new-machinery item has no sentence of its own, so only the trademark is named
    "E-01": {"local_jobs": ("Toàn bộ lao động là người địa phương", "Every worker is local"),
             "quality": ("có nhãn hiệu", "a trademark")},
    # no item earned has a sentence: the criterion's own, with the 4 points earned of its 8
    "E-14": {"quality": ("Được 4/8 điểm chất lượng", "Earns 4 of 8 quality points")},
    # the second band's sentence reads the input ({value}: 5 local workers), another field
    # ({workers}: 10) and the points earned of the most the criterion gives (4 of 10)
    "E-03": {"local_jobs": ("5 trên 10 lao động là người địa phương: 4/10 điểm", "5 of 10 workers are local: 4 of 10 points")},
    # no band: the criterion's title alone; only the late-reports item reached
    "E-07": {"local_jobs": ("Sử dụng lao động địa phương", "Local jobs"),
             "quality": ("nộp báo cáo muộn", "late reports"),
             "late_reporting": ("Trừ điểm vì nộp 6 báo cáo muộn", "Points taken for 6 late reports")},
    # the open band table: counted at 0 (no band), up to 10
    "E-04": {"local_jobs": ("Sử dụng lao động địa phương: chưa kết luận được do thiếu thông tin «Số lao động» "
                            "(tạm tính 0 điểm, tối đa 10 điểm)",
                            "Local jobs: cannot be decided: «Workers» is missing (provisionally 0 points, at most 10 points)")},
}


@pytest.mark.parametrize("key", list(TEXTS))
def test_sentences_on_both_paths(edge: Policy, key: str) -> None:
    changes = ROWS[key][0]
    for lang, pick in (("vi", 0), ("en", 1)):
        a = _assess(edge, key, changes, lang)
        said = {f.rule: words(edge, lang).finding(a, f) for f in a.findings}
        line = _fast_lines(edge, lang)[key]
        listed = {f["rule"]: f["text"] for f in line["findings"]}
        other = {f.rule: words(edge, "en" if lang == "vi" else "vi").finding(a, f) for f in a.findings}
        for rule, pair in TEXTS[key].items():
            assert said[rule] == pair[pick], (lang, rule)
            assert other[rule] == pair[1 - pick], (lang, rule)
            assert listed[rule] == pair[pick], (lang, rule)


def test_the_band_each_path_settles(edge: Policy) -> None:
    # the per-applicant finding names the band that held; no band, or an open table, names none
    bands = {key: next(f.band for f in _assess(edge, key, ROWS[key][0]).findings if f.rule == "local_jobs")
             for key in ("E-01", "E-02", "E-03", "E-04")}
    assert bands == {"E-01": "when local_workers * 2 >= workers * 2", "E-02": None,
                     "E-03": "when local_workers * 2 >= workers", "E-04": None}


def test_an_eligible_applicant_needs_a_share_in_force(edge: Policy) -> None:
    # the base facility asking for training would be eligible, but the training share is in
    # force only from 2030-01-01: an error on both paths, not an amount of 0
    assessor: Assessor = assessor_for(edge)
    with pytest.raises(AssessmentError) as raised:
        assessor.assess(_record(edge, "E-20", {"support_content": "training"}), as_of=DAY, explain=False)
    assert "training_share_pct" in raised.value.en and "2030-01-01" in raised.value.en
    lean = run_fast(edge, [{**BASE, "id": "E-20", "support_content": "training"}], as_of=DAY)
    assert [(e.record_id, e.row) for e in lean.errors] == [("E-20", 1)] and lean.summary()["assessed"] == 0
    assert "training_share_pct" in lean.errors[0].cells[0].message()
    # once the share is in force the same row is paid: min(60 tr, 70 % × 100 tr = 70 tr), no cap
    later = dt.date(2030, 1, 1)
    a = assessor.assess(_record(edge, "E-20", {"support_content": "training"}), as_of=later, explain=False)
    assert (a.decision, a.recommended_support_vnd, a.support.set_by if a.support else None) == \
        ("eligible", 60_000_000, "requested")


def test_what_each_blank_field_holds_up(edge: Policy) -> None:
    detail = {key: [(m.field, m.rules, m.points_at_stake, m.holds_decision) for m in _assess(edge, key, ROWS[key][0]).missing_detail]
              for key in ("E-05", "E-09", "E-10", "E-15")}
    assert detail == {
        # late reports: quality 8 − 7 = 1 point and late_reporting 0 − (−12) = 12 at stake; no decision
        "E-05": [("late_reports", ["quality", "late_reporting"], 13.0, False)],
        # the support content: the bonus's 2 points, and the support choice, which holds the decision
        "E-09": [("support_content", ["new_machinery_bonus", "support"], 2.0, True)],
        # the chosen rule's cost: no points at stake, but the decision waits on it
        "E-10": [("total_cost_vnd", ["support_new_machinery"], 0.0, True)],
        # the gate's field first (it holds the decision), then the criterion's (10 points at stake)
        "E-15": [("registered", ["registered_business"], 0.0, True), ("workers", ["local_jobs"], 10.0, False)],
    }


def test_an_ineligible_applicant_gets_no_suggestion(edge: Policy) -> None:
    # without a trademark there are points to gain (E-14 is told so); a mining facility is refused
    # whatever it improves, so it is told nothing
    eligible = assessor_for(edge).assess(_record(edge, "E-14", {"has_trademark": False}), as_of=DAY)
    refused = assessor_for(edge).assess(_record(edge, "E-21", {"has_trademark": False, "sector": "mining"}), as_of=DAY)
    assert eligible.suggestions and refused.decision == "ineligible" and refused.suggestions == []


def test_a_sentence_reading_the_input_says_each_rows_own_value(edge: Policy) -> None:
    """{value} is the criterion's input, which the sentence need not name as a field: rows of one
    chunk in the same band with the same other fields still say their own value, not the first's."""
    # 15 to 19 local of 20 workers: 2 × local >= 40 no, 2 × local >= 20 yes: the second band, 4 points
    counts = [5, 6, 7, 8, 9, 6, 5]
    rows = [{**BASE, "id": f"V-{i}", "workers": 20, "local_workers": 10 + n} for i, n in enumerate(counts)]
    said = {line["id"]: next(f["text"] for f in line["findings"] if f["rule"] == "local_jobs")
            for line in map(json.loads, lines(run_fast(edge, rows, as_of=DAY)))}
    assert said == {f"V-{i}": f"{10 + n} trên 20 lao động là người địa phương: 4/10 điểm" for i, n in enumerate(counts)}
