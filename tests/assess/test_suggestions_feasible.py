"""Suggestions propose only what a project can change: never a fact of where the facility is, and never
a move away from an enum value marked ``fixed`` (a trade that does not process cannot become a deep processor)."""

from __future__ import annotations

import dataclasses

from kcscore.applicant import read_record
from kcscore.assess.assessor import Assessor
from kcscore.engine.base import PythonEvaluator
from kcscore.policy.loader import load_policy


def _brick_maker(processing_stage: str) -> tuple[Assessor, dict]:
    policy = load_policy()
    assessor = Assessor(policy, PythonEvaluator(policy.conditions))
    base = next(c.applicant for c in policy.cases if c.case.name.startswith("a highland or border facility"))
    record, problems, _ = read_record(policy, {**base, "processing_stage": processing_stage})
    assert not problems
    return assessor, record


def test_a_facility_that_does_not_process_is_not_told_to_process_deeply() -> None:
    assessor, record = _brick_maker("not_applicable")
    a = assessor.assess(record)
    assert a.decision == "eligible"
    assert [s for s in a.suggestions if "processing_stage" in s.changes] == []
    # the same applicant as a primary processor is told: the move is open to it
    primary = assessor.assess({**record, "processing_stage": "primary"})
    assert [s.changes for s in primary.suggestions if "processing_stage" in s.changes] == [{"processing_stage": "deep"}]


def test_the_fixed_mark_is_what_holds_the_suggestion_back() -> None:
    assessor, record = _brick_maker("not_applicable")
    spec = assessor.policy.fields["processing_stage"]
    assert spec.values["not_applicable"].fixed and not spec.values["primary"].fixed
    unfixed = spec.model_copy(update={"values": {**spec.values, "not_applicable": spec.values["not_applicable"].model_copy(
        update={"fixed": False})}})
    policy = dataclasses.replace(assessor.policy, fields={**assessor.policy.fields, "processing_stage": unfixed})
    loose = Assessor(policy, PythonEvaluator(policy.conditions)).assess(record)
    assert any("processing_stage" in s.changes for s in loose.suggestions)
