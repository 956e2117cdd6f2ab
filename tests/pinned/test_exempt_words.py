"""A waived exclusion says the applicant is not excluded and why, not that it is "exempt from a condition"."""

from __future__ import annotations

from kcscore.applicant import read_record
from kcscore.assess.assessor import Assessor
from kcscore.engine.base import PythonEvaluator
from kcscore.explain.words import words
from kcscore.policy.loader import load_policy


def test_a_pollution_project_at_a_high_risk_facility_is_not_excluded_and_says_so() -> None:
    policy = load_policy()
    assessor = Assessor(policy, PythonEvaluator(policy.conditions))
    base = next(c.applicant for c in policy.cases if c.case.name.startswith("a highland or border facility"))
    record, problems, _ = read_record(policy, {**base, "support_content": "pollution_treatment", "pollution_risk": "high"})
    assert not problems
    a = assessor.assess(record, lang="vi")
    finding = next(f for f in a.findings if f.rule == "high_pollution_risk")
    assert finding.status == "exempt"
    assert words(policy, "vi").finding(a, finding) == "Nguy cơ ô nhiễm cao: không bị loại vì đề án thuộc trường hợp được miễn"
    assert words(policy, "en").finding(a, finding) == "High pollution risk: not excluded: the project is one the exclusion waives"
    gates = [f for f in a.findings if f.kind == "gate" and f.status == "exempt"]
    assert all(words(policy, "vi").finding(a, f).endswith(": được miễn điều kiện này") for f in gates)  # a waived condition keeps its words
