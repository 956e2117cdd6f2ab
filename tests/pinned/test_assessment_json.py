"""The JSON form of an assessment, key by key, for the hand-written household.

``kcscore score --json`` and every table writer read these keys; a renamed key or a dropped value
breaks whoever consumes the output without any score changing. Each expected value is worked out
in a comment from ``rules/bac-kan`` and the household in ``conftest.py``, never by running
another code path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kcscore.assess.assessor import Assessor
from kcscore.assess.result import Assessment, Finding, Suggestion, SupportResult
from kcscore.explain.words import words
from kcscore.wording.funding import SHORT, FundingNote

DAY = dt.date(2019, 4, 15)


def _say(assessor: Assessor, a: Assessment, f: Finding, lang: str) -> str:
    """The finding's sentence as every output says it in ``lang``."""
    return words(assessor.policy, lang).finding(a, f)

# machinery: min(request 250 tr, 50 % × cost 600 tr = 300 tr, cap 300 tr in force from 2018-05-15)
# = 250 000 000 đ, set by the request; the cap cites Thông tư 28/2018/TT-BTC Điều 8.4.
SUPPORT = {
    "rule": "support_machinery",
    "amount_vnd": 250_000_000,
    "requested_vnd": 250_000_000,
    "cost_vnd": 600_000_000,
    "share_pct": 50,
    "share_amount_vnd": 300_000_000,
    "cap_vnd": 300_000_000,
    "cap_parameter": "machinery_cap_vnd",
    "cap_period": ["2018-05-15", None],
    "set_by": "requested",
    "unconfirmed": False,
}


def test_an_eligible_household_in_json(assessor: Assessor, household: Callable[..., dict[str, Any]]) -> None:
    out = assessor.assess(household(), as_of=DAY, explain=False).to_json(words(assessor.policy))
    assert list(out) == ["id", "name", "decision", "score", "max_score", "rank", "recommended_support_vnd",
                         "findings", "missing", "missing_detail", "reasons", "flags", "provisional_score",
                         "upper_score", "support", "suggestions", "as_of", "points_earned", "points_possible"]
    # every field known: the scorecard is 76 of 100 points (conftest.py), nothing missing or refused;
    # every criterion applies to a machinery project, so the score is the points earned, unscaled
    assert (out["points_earned"], out["points_possible"]) == (76, 100)
    assert (out["id"], out["name"], out["decision"]) == ("P-001", "HKD Miến dong", "eligible")
    assert (out["score"], out["provisional_score"], out["upper_score"], out["max_score"]) == (76, 76, 76, 100)
    assert type(out["score"]) is int  # a whole number of points prints without ".0"
    assert out["rank"] is None and out["recommended_support_vnd"] == 250_000_000
    assert (out["missing"], out["missing_detail"], out["reasons"], out["flags"], out["suggestions"]) == ([], [], [], [], [])
    assert out["as_of"] == "2019-04-15"
    support = out["support"]
    assert {k: support[k] for k in SUPPORT} == SUPPORT
    assert support["cap_cite"]["doc"] == "Thông tư 28/2018/TT-BTC" and support["cap_cite"]["article"] == "Điều 8.4"
    assert support["text"].endswith("; tức là 250.000.000 đ")
    # a gate that passes: no points, its values and its citation
    gate = next(f for f in out["findings"] if f["rule"] == "rural_site")
    assert gate == {"rule": "rural_site", "kind": "gate", "status": "pass", "points": None, "max_points": None,
                    "text": "Địa bàn sản xuất nông thôn: đạt",
                    "values": {"site_type": "commune", "support_content": "advanced_machinery"},
                    "cite": {"doc": "Nghị định 45/2012/NĐ-CP", "article": "Điều 1.2.a; Thông tư 46/2012/TT-BCT Điều 3",
                             "confidence": "read"}}
    # 6 new jobs reach the "at least 5" band: 3 of 4 points, no range, nothing missing
    jobs = next(f for f in out["findings"] if f["rule"] == "new_jobs")
    assert (jobs["points"], jobs["max_points"], jobs["values"]) == (3, 4, {"new_jobs": 6})
    assert "upper_points" not in jobs and "missing" not in jobs and "level" not in jobs
    assert jobs["band"]


def test_a_blank_criterion_and_a_raised_flag_in_json(assessor: Assessor,
                                                     household: Callable[..., dict[str, Any]]) -> None:
    record = household(new_jobs=None, pollution_risk="medium")
    out = assessor.assess(record, as_of=DAY, explain=False).to_json(words(assessor.policy), with_budget=True)
    # new_jobs blank: 0 points for now, up to 4; the scorecard is 76 − 3 = 73, at most 73 + 4 = 77.
    # A blank criterion does not hold the decision: still eligible on 73 points.
    assert (out["decision"], out["score"], out["provisional_score"], out["upper_score"]) == ("eligible", 73, 73, 77)
    assert out["missing"] == ["new_jobs"]
    assert out["missing_detail"] == [{"field": "new_jobs", "rules": ["new_jobs"], "points_at_stake": 4,
                                      "holds_decision": False}]
    jobs = next(f for f in out["findings"] if f["rule"] == "new_jobs")
    assert (jobs["status"], jobs["points"], jobs["upper_points"], jobs["max_points"]) == ("unknown", 0, 4, 4)
    assert jobs["missing"] == ["new_jobs"] and jobs["values"] == {"new_jobs": None}
    # pollution risk "medium" raises the info-level flag medium_pollution
    assert out["flags"] == ["medium_pollution"]
    flag = next(f for f in out["findings"] if f["rule"] == "medium_pollution")
    assert (flag["kind"], flag["status"], flag["level"]) == ("flag", "raised", "info")
    # with the budget keys: not funded until a budget run says so, and no note or row yet
    assert out["funded"] is False and "funding_note" not in out and "row" not in out


def test_budget_keys_row_and_dates_in_json(assessor: Assessor, household: Callable[..., dict[str, Any]]) -> None:
    a = assessor.assess(household(), as_of=DAY, explain=False)
    a.funded, a.funding_note, a.row, a.rank = False, FundingNote(SHORT, 300_000_000, 90_000_000), 7, 2
    out = a.to_json(words(assessor.policy), with_budget=True)
    assert (out["funded"], out["funding_note"], out["row"], out["rank"]) == (
        False, "không đủ kinh phí còn lại: cần 300.000.000 đ, chỉ còn 90.000.000 đ", 7, 2)
    assert a.to_json(words(assessor.policy, "en"), with_budget=True)["funding_note"] == (
        "not enough money left: needs 300,000,000 VND, only 90,000,000 VND left")
    assert list(out)[-3:] == ["funded", "funding_note", "row"]
    assert "funded" not in a.to_json(words(assessor.policy))
    assert a.points_of("new_jobs") == 3 and a.points_of("no_such_rule") is None
    assert a.flags == []


def test_values_dates_and_fractions_in_json() -> None:
    """Dates are ISO text; whole floats print as integers, others to six decimals (1/3 → 0.333333)."""
    finding = Finding("r", "criterion", "scored", {"doc": "x"},
                      values={"on": dt.date(2019, 4, 15), "at": dt.datetime(2019, 4, 15, 8, 30), "share": 1 / 3,
                              "whole": 50.0, "name": "Miến"},
                      points=2.5, max_points=5.0, upper_points=2.5, band="b")
    out = finding.to_json("câu")
    assert out["text"] == "câu"
    assert out["values"] == {"on": "2019-04-15", "at": "2019-04-15T08:30:00", "share": 0.333333, "whole": 50,
                             "name": "Miến"}
    assert (out["points"], out["max_points"], out["band"]) == (2.5, 5, "b")
    assert type(out["max_points"]) is int and type(out["values"]["whole"]) is int
    assert "upper_points" not in out  # the same as the points: no range to show


def test_a_flag_speaks_both_languages(assessor: Assessor, household: Callable[..., dict[str, Any]]) -> None:
    a = assessor.assess(household(pollution_risk="medium"), as_of=DAY, explain=False)
    [flag] = a.flags
    # the sentences of medium_pollution in rules/national/flags.yaml
    assert _say(assessor, a, flag, "vi") == "Nguy cơ ô nhiễm trung bình; đề nghị kiểm tra phương án bảo vệ môi trường"
    assert _say(assessor, a, flag, "en") == "Medium pollution risk; check the environmental protection plan"


def test_a_cap_period_with_an_end_and_no_support_at_all(assessor: Assessor,
                                                        household: Callable[..., dict[str, Any]]) -> None:
    # on 2016-06-01 the machinery cap is the 200 tr of 2014-04-04 through 2018-05-14; cost 1 000 tr
    # and request 400 tr are above it, so the cap sets 200 000 000 đ
    record = household(total_cost_vnd=1_000_000_000, requested_support_vnd=400_000_000)
    a = assessor.assess(record, as_of=dt.date(2016, 6, 1), explain=False)
    support = a.to_json(words(assessor.policy))["support"]
    assert (support["amount_vnd"], support["cap_vnd"], support["set_by"]) == (200_000_000, 200_000_000, "cap")
    assert support["cap_period"] == ["2014-04-04", "2018-05-14"]
    a.support = None
    assert a.to_json(words(assessor.policy))["support"] is None
    bare = SupportResult("support_x", 5_000_000, cap_period=None)
    assert bare.to_json("")["cap_period"] is None and bare.to_json("")["amount_vnd"] == 5_000_000


def test_a_suggestion_in_json() -> None:
    suggestion = Suggestion("new_jobs", "new_jobs", 6, 10, 1.0, {"new_jobs": 10, "on": dt.date(2020, 1, 2)})
    assert suggestion.to_json("Tạo thêm 4 việc làm") == {"rule": "new_jobs", "field": "new_jobs", "current": 6, "proposed": 10, "gain": 1,
                                    "text": "Tạo thêm 4 việc làm", "changes": {"new_jobs": 10, "on": "2020-01-02"}}
    dated = Suggestion("r", "on", dt.date(2020, 1, 2), dt.date(2019, 12, 31), 0.5)
    assert (dated.to_json("t")["current"], dated.to_json("t")["proposed"], dated.to_json("t")["gain"]) == \
        ("2020-01-02", "2019-12-31", 0.5)


def test_sentences_of_a_blank_criterion_a_flag_and_the_support_in_the_other_language(
        assessor: Assessor, household: Callable[..., dict[str, Any]]) -> None:
    # new_jobs blank: its floor band is worth 0 and its best band 4 points (rules/bac-kan/criteria.yaml)
    a = assessor.assess(household(new_jobs=None), as_of=DAY, explain=False)
    jobs = next(f for f in a.findings if f.rule == "new_jobs")
    assert _say(assessor, a, jobs, "vi") == ("Việc làm mới: chưa kết luận được do thiếu thông tin «Số lao động mới tạo ra» "
                         "(tạm tính 0 điểm, tối đa 4 điểm)")
    assert _say(assessor, a, jobs, "en") == ("New jobs: cannot be decided: «New jobs created» is missing "
                             "(provisionally 0 points, at most 4 points)")
    support = next(f for f in a.findings if f.kind == "support")
    assert _say(assessor, a, support, "en") == ("Recommended support: the lowest of: requested 250 m, 50% × 600 m, cap 300 m under "
                                "Thông tư 28/2018/TT-BTC, Điều 8.4; that is 250,000,000 VND")
    # asked in English, a flag says English unless a reader asks for Vietnamese
    english = assessor.assess(household(pollution_risk="medium"), as_of=DAY, lang="en", explain=False)
    assert words(assessor.policy).finding(english, english.flags[0]) == \
        "Medium pollution risk; check the environmental protection plan"
    assert _say(assessor, english, english.flags[0], "vi") == \
        "Nguy cơ ô nhiễm trung bình; đề nghị kiểm tra phương án bảo vệ môi trường"


def test_a_refused_applicant_is_paid_nothing(assessor: Assessor, household: Callable[..., dict[str, Any]]) -> None:
    # the exclusion no_environmental_violation refuses it; the support worked out (250 tr) is not paid
    a = assessor.assess(household(environmental_violation=True), as_of=DAY, explain=False)
    assert a.decision == "ineligible" and a.reasons == ["no_environmental_violation"]
    assert a.recommended_support_vnd == 0
    support = a.to_json(words(assessor.policy))["support"]
    assert a.support is not None and a.support.amount == 0 and support["amount_vnd"] == 0
    # its formula still says what it works out to, as before the refusal zeroed the amount
    assert support["text"].endswith("; tức là 250.000.000 đ")


def test_a_failed_gate_refuses_and_a_blank_exclusion_holds_the_decision(
        assessor: Assessor, household: Callable[..., dict[str, Any]]) -> None:
    # a ward of a grade-1 city is not among rural_site's site types, and machinery is not exempt
    city = assessor.assess(household(site_type="city_ward"), as_of=DAY, explain=False)
    assert (city.decision, city.reasons, city.recommended_support_vnd) == ("ineligible", ["rural_site"], 0)
    # environmental violation blank: the exclusion cannot be settled, so nothing is decided yet
    blank = assessor.assess(household(environmental_violation=None), as_of=DAY, explain=False)
    assert (blank.decision, blank.reasons, blank.missing) == ("incomplete", [], ["environmental_violation"])
    assert blank.missing_detail[0].holds_decision is True


def test_the_support_finding_shows_what_chose_the_support_rule(assessor: Assessor,
                                                               household: Callable[..., dict[str, Any]]) -> None:
    a = assessor.assess(household(), as_of=DAY, explain=False)
    support = next(f for f in a.findings if f.kind == "support")
    assert (support.rule, support.status, support.values) == \
        ("support_machinery", "recommended", {"support_content": "advanced_machinery"})


def test_a_band_speaks_its_own_sentence_in_both_languages(assessor: Assessor,
                                                          household: Callable[..., dict[str, Any]]) -> None:
    # area_priority is first-match: the zone III band comes before the poor-district one, so a
    # zone III commune in a poor district is described (and scored) by the zone III band's sentence
    a = assessor.assess(household(poor_district=True), as_of=DAY, lang="en", explain=False)
    area = next(f for f in a.findings if f.rule == "area_priority")
    assert (_say(assessor, a, area, "en"), _say(assessor, a, area, "vi")) == ("Zone III commune of an ethnic-minority area",
                                          "Xã khu vực III vùng dân tộc thiểu số và miền núi")
    # implementation_capacity is a sum: each item reached says its own part
    capacity = next(f for f in a.findings if f.rule == "implementation_capacity")
    assert _say(assessor, a, capacity, "en") == "Completed 1 khuyến công projects; Keeps accounting books; Premises ready"
    assert _say(assessor, a, capacity, "vi") == "Đã hoàn thành 1 đề án khuyến công; Có sổ sách kế toán; Mặt bằng sẵn sàng"


def test_a_note_carries_its_citation_and_the_values_it_read(assessor: Assessor,
                                                            household: Callable[..., dict[str, Any]]) -> None:
    # one project adjusted before raises the plan_changed_before flag (a note), said with the count it read
    a = assessor.assess(household(projects_adjusted_or_stopped=1), as_of=DAY, explain=False)
    flag = next(f for f in a.findings if f.rule == "plan_changed_before")
    assert _say(assessor, a, flag, "vi").startswith("Cơ sở từng phải điều chỉnh hoặc dừng 1 đề án")
    assert flag.cite["doc"] == "Thông tư 36/2013/TT-BCT" and flag.cite["article"] == "Điều 11"
    assert flag.values == {"projects_adjusted_or_stopped": 1} and flag.level == "warning"
