"""The vectorised evaluator agrees with durable-rules and the reference evaluator on every applicant,
and the columnar path for large lists agrees with the per-applicant assessor.

Applicants are generated around every threshold of the default pack and of randomly generated
packs (``packgen``), and for each one the truths of all conditions from the three evaluators must
be identical, and so must the assessments built from them: decision, score, points per rule,
recommended support, missing fields. The columnar path (``batch.fast.run_fast``: truth matrix,
array outcomes, JSON Lines) must then say what the assessor says, applicant by applicant, and
rank them in the same order.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kcscore.engine.packengine import durable_engine
from kcscore.applicant import read_record
from kcscore.assess.assessor import Assessor
from kcscore.explain.words import words
from kcscore.assess.result import Assessment
from kcscore.batch.fast import lean_projection, run_fast
from kcscore.batch.lines import lines
from kcscore.batch.ranking import rank
from kcscore.engine.base import PythonEvaluator, Truth
from kcscore.engine.vectorised import VectorisedEvaluator, vectorised_engine
from kcscore.kinds.registry import is_scored
from kcscore.policy.asof import AS_OF as AS_OF_FIELD
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from tests.engine import packgen
from tests.strategies import DrawChooser, RandomChooser, applicant_batches, applicants

AS_OF = dt.date(2020, 6, 1)
# No shrinking: one example costs tens of milliseconds (a pack loaded, three engines built), and a
# failure already names the condition, the three truths and the applicant.
PHASES = (Phase.explicit, Phase.reuse, Phase.generate)
DEFAULT_PACK = settings(max_examples=200, deadline=None, phases=PHASES, suppress_health_check=[HealthCheck.too_slow])
RANDOM_PACKS = settings(max_examples=100, deadline=None, phases=PHASES, suppress_health_check=[HealthCheck.too_slow])
BATCH = 50
RANDOM_BATCH = 30
ASSESSED = 10  # applicants per batch whose three assessments are compared in full


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


def summary(assessment: Assessment) -> dict[str, Any]:
    """What an officer acts on: the decision, the points rule by rule, the money, what is missing."""
    return {
        "decision": assessment.decision,
        "score": assessment.score,
        "provisional": assessment.provisional_score,
        "upper": assessment.upper_score,
        "support": assessment.recommended_support_vnd,
        "reasons": list(assessment.reasons),
        "missing": list(assessment.missing),
        "findings": [(f.rule, f.status, f.points, f.upper_points) for f in assessment.findings],
        "points": {f.rule: f.points for f in assessment.findings if is_scored(f.kind)},
    }


def _differences(policy: Policy, expected: Sequence[Truth], **got: Sequence[Truth]) -> list[str]:
    lines = []
    for j, want in enumerate(expected):
        seen = {name: truths[j] for name, truths in got.items()}
        if any(v != want for v in seen.values()):
            lines.append(f"  [{j}] {policy.condition_sources[j]}: reference {want}, "
                         + ", ".join(f"{name} {v}" for name, v in seen.items()))
    return lines


def check_agreement(policy: Policy, batch: list[dict[str, Any]], vectorised: VectorisedEvaluator) -> None:
    """Every applicant: identical truths from the three evaluators, identical assessments."""
    durable = durable_engine(policy)
    reference = PythonEvaluator(policy.conditions)
    assessor = Assessor(policy, reference)
    table = vectorised.evaluate_all(batch)
    assert len(table) == len(batch)
    assert vectorised.evaluate(batch[0]) == table[0]  # a batch of one takes the same path
    for i, record in enumerate(batch):
        expected = reference.evaluate(record)
        by_engine = {"vectorised": table[i], "durable": durable.evaluate(record)}
        differences = _differences(policy, expected, **by_engine)
        assert not differences, f"applicant {record!r}\n" + "\n".join(differences)
        if i < ASSESSED:
            assessments = {name: summary(assessor.assess(record, as_of=AS_OF, explain=False, truths=truths))
                           for name, truths in (("reference", expected), *by_engine.items())}
            assert assessments["vectorised"] == assessments["reference"], record
            assert assessments["durable"] == assessments["reference"], record


def columnar_summary(line: dict[str, Any]) -> dict[str, Any]:
    """What ``check_columnar`` compares of one applicant, from a JSON Lines line or the same
    projection of a full assessment (findings that say nothing are left out of both)."""
    support = line["support"]
    return {
        "decision": line["decision"], "score": line["score"], "rank": line["rank"],
        "provisional": line["provisional_score"], "upper": line["upper_score"],
        "support": line["recommended_support_vnd"],
        "support_figures": None if support is None else (support["rule"], support["requested_vnd"], support["cost_vnd"],
                                                           support["cap_vnd"], support["set_by"]),
        "reasons": line["reasons"], "flags": line["flags"], "missing": line["missing"],
        "points": {f["rule"]: f["points"] for f in line["findings"] if is_scored(f["kind"])},
        "statuses": {f["rule"]: f["status"] for f in line["findings"]},
    }


def check_columnar(policy: Policy, batch: list[dict[str, Any]]) -> None:
    """The columnar path says, for every applicant, what the per-applicant assessor says, in the
    same report order: decision, score, rank, points per rule, statuses, support, missing fields."""
    rows = [{k: v for k, v in record.items() if k != AS_OF_FIELD} for record in batch]
    read = [read_record(policy, row) for row in rows]  # a row the schema refuses is an error on both paths
    assessor = Assessor(policy, PythonEvaluator(policy.conditions))
    ordered = rank(policy, [assessor.assess(typed, as_of=AS_OF, explain=False) for typed, problems, _ in read if not problems])
    lean = run_fast(policy, rows, as_of=AS_OF)
    assert [e.row for e in lean.errors] == [i + 1 for i, (_, problems, _) in enumerate(read) if problems]
    got = [line for line in map(json.loads, lines(lean)) if "error" not in line]
    assert [line["id"] for line in got] == [a.id for a in ordered], "report order"
    for line, a in zip(got, ordered):
        assert columnar_summary(line) == columnar_summary(lean_projection(a.to_json(words(policy)))), a.record


def test_default_pack_agrees_on_applicants_at_every_threshold(policy: Policy) -> None:
    vectorised = vectorised_engine(policy)

    @DEFAULT_PACK
    @given(applicant_batches(policy, BATCH))
    def agree(batch: list[dict[str, Any]]) -> None:
        check_agreement(policy, batch, vectorised)

    agree()


def test_one_applicant_at_a_time_agrees(policy: Policy) -> None:
    """Single applicants, fully drawn (and, on failure, shrunk) by Hypothesis."""
    vectorised, durable, reference = vectorised_engine(policy), durable_engine(policy), PythonEvaluator(policy.conditions)

    @settings(max_examples=100, deadline=None)
    @given(applicants(policy))
    def agree(record: dict[str, Any]) -> None:
        expected = reference.evaluate(record)
        assert not _differences(policy, expected, vectorised=vectorised.evaluate(record), durable=durable.evaluate(record))

    agree()


@RANDOM_PACKS
@given(st.data())
def test_random_packs_agree_on_applicants_at_every_threshold(data: st.DataObject) -> None:
    pack = packgen.generate(DrawChooser(data.draw))
    with tempfile.TemporaryDirectory() as folder:
        policy = load_policy(packgen.write(pack, Path(folder)))
    batch = data.draw(applicant_batches(policy, RANDOM_BATCH), label="applicants")
    check_agreement(policy, batch, VectorisedEvaluator(policy.conditions, policy.field_types))


@settings(max_examples=60, deadline=None, phases=PHASES, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_packs_columnar_path_agrees_with_the_assessor(data: st.DataObject) -> None:
    pack = packgen.generate(DrawChooser(data.draw))
    with tempfile.TemporaryDirectory() as folder:
        policy = load_policy(packgen.write(pack, Path(folder)))
    check_columnar(policy, data.draw(applicant_batches(policy, RANDOM_BATCH), label="applicants"))


def test_default_pack_columnar_path_agrees_with_the_assessor(policy: Policy) -> None:
    @settings(max_examples=30, deadline=None, phases=PHASES, suppress_health_check=[HealthCheck.too_slow])
    @given(applicant_batches(policy, BATCH))
    def agree(batch: list[dict[str, Any]]) -> None:
        check_columnar(policy, batch)

    agree()


CONSTANT_ARITHMETIC = ("workers < 0.5 + 3", "revenue_vnd <= -10 + share", "delta >= 5 * 3", "--3 < revenue_vnd",
                       "gain * -2 < 1", "total_cost_vnd > delta - -100", "ratio > 1 / 4", "-(share * -100) > share")


def test_arithmetic_on_constants_agrees(tmp_path: Path) -> None:
    # durable-rules never evaluates engine arithmetic without a field operand (0.5 + 3, or -2 as
    # -1 * 2), so its compiler folds such subtrees first; random packs found the gap.
    pack = packgen.generate(RandomChooser(random.Random(0)))
    for i, source in enumerate(CONSTANT_ARITHMETIC):
        pack["rules"][f"constants_{i}"] = {"kind": "flag", "title": {"vi": "Hằng số", "en": "Constants"},
                                           "cite": {"doc": "Thử nghiệm"}, "when": source,
                                           "says": {"vi": "Lưu ý", "en": "Note"}}
    policy = load_policy(packgen.write(pack, tmp_path))
    record = {"id": "H1", "name": "Cơ sở", "workers": 20, "delta": 3, "stars": 2, "total_cost_vnd": 500_000_000,
              "requested_support_vnd": 200_000_000, "revenue_vnd": 5, "ratio": 1.5, "gain": 10.0, "share": 40.0,
              "ok": True, "new": False, "risky": False, "sector": "a", "grade": "b", "note": "a"}
    expected = PythonEvaluator(policy.conditions).evaluate(record)
    found = [expected[policy.condition_sources.index(source)] for source in CONSTANT_ARITHMETIC]
    assert found == [False, True, False, True, True, True, True, True]
    assert vectorised_engine(policy).evaluate(record) == expected
    assert durable_engine(policy).evaluate(record) == expected
