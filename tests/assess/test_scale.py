"""Projects that not every criterion applies to are scored on the pack's scale (assess.scale)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcscore.assess import outcomes as O
from kcscore.assess import scale
from kcscore.assess import vector as V
from kcscore.applicant import read_record
from kcscore.assess.assessor import Assessor
from kcscore.explain.words import words
from kcscore.engine.base import PythonEvaluator
from kcscore.policy.loader import load_policy
from kcscore.report.scorecard import render
from kcscore.synthetic import applicants


def test_every_rule_applying_leaves_the_points_as_they_are() -> None:
    assert scale.score(76.0, -3.0, 100.0, 100.0, 100.0) == 73.0
    assert scale.score(76.5, 0.0, 100.0, 100.0, 100.0) == 76.5  # not rounded when not scaled


def test_points_are_scaled_to_the_maximum_that_applies_and_penalties_are_not() -> None:
    # 54 of 78 points on a 100-point scale; a penalty of 3 is taken whole, not 3 × 100 / 78.
    assert scale.score(54.0, 0.0, 78.0, 100.0, 100.0) == 69.23
    assert scale.score(54.0, -3.0, 78.0, 100.0, 100.0) == 66.23
    assert scale.score(78.0, 0.0, 78.0, 100.0, 100.0) == 100.0
    assert scale.score(0.0, -5.0, 78.0, 100.0, 100.0) == 0.0  # never below zero


@given(st.lists(st.tuples(st.integers(0, 120), st.integers(-10, 0), st.integers(0, 130)), min_size=1, max_size=40),
       st.integers(1, 130))
def test_the_array_scale_is_the_one_applicant_scale_row_by_row(rows: list[tuple[int, int, int]], full: int) -> None:
    earned = np.array([r[0] * 0.5 for r in rows])
    taken = np.array([float(r[1]) for r in rows])
    possible = np.array([float(min(r[2], full)) for r in rows])
    got = scale.scores(earned, taken, possible, float(full), 100.0).tolist()
    want = [scale.score(e, t, m, float(full), 100.0) for e, t, m in zip(earned.tolist(), taken.tolist(), possible.tolist())]
    assert got == want  # exactly: a large list ranks as one applicant is scored


def test_a_brand_project_is_scored_against_the_points_that_apply_to_it() -> None:
    policy = load_policy()
    assessor = Assessor(policy, PythonEvaluator(policy.conditions))
    base = next(c.applicant for c in policy.cases if c.case.name.startswith("a highland or border facility"))

    record, problems, _ = read_record(policy, {**base, "support_content": "brand_trademark", "highland_border": False})
    assert not problems
    a = assessor.assess(record)
    na = sorted(f.rule for f in a.findings if f.status == "not_applicable" and f.points is not None)
    assert na == ["advanced_equipment", "deep_processing", "productivity_gain"]
    assert a.points_possible == 78 and a.points_earned == 62
    assert a.score == pytest.approx(79.49)
    texts = {f.rule: words(policy, "vi").finding(a, f) for f in a.findings}
    assert texts["productivity_gain"] == "Mức tăng năng suất nhờ đề án: không áp dụng cho nội dung hỗ trợ này"
    assert all(s.rule not in na for s in a.suggestions)  # nothing to earn where nothing applies
    card = render(a, policy, "vi")
    assert "= 62 điểm trên 78 điểm của các tiêu chí áp dụng cho đề án, quy về thang 100: 79,49" in card
    assert "     —     Mức tăng năng suất nhờ đề án: không áp dụng cho nội dung hỗ trợ này" in card
    en = assessor.assess(record, lang="en")
    assert "= 62 of the 78 points the criteria applying to this project can give, scaled to 100: 79.49" in \
        render(en, policy, "en")
    assert {f.rule: words(policy, "en").finding(en, f) for f in en.findings}["deep_processing"] == \
        "Deep processing instead of primary processing: does not apply to this support content"


def test_the_scaled_scores_of_a_list_agree_with_one_applicant_at_a_time() -> None:

    policy = load_policy()
    rows = applicants(policy, 600, seed=23, blank_rate=0.1)
    assessor = Assessor(policy, PythonEvaluator(policy.conditions))
    truths = [list(t) for t in PythonEvaluator(policy.conditions).evaluate_many(rows)]
    matrix = np.array([[1 if v is True else 0 if v is False else -1 for v in t] for t in truths], dtype=np.int8)
    vec = V.evaluate(policy, matrix)
    scaled = 0
    for row, t in enumerate(truths):
        tally = scale.Tally(assessor.full_max, policy.meta.max_score)
        for rule in policy.scored_rules:
            tally.add(rule, O.scored(rule, t))
        assert vec.provisional[row] == tally.low and vec.upper[row] == tally.high, row
        assert vec.points_possible[row] == tally.applicable_max  # type: ignore[index]
        scaled += tally.applicable_max < assessor.full_max
    assert scaled > 50  # the synthetic list has many projects that are not production investments
