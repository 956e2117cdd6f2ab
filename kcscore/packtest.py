"""Run a pack's own test cases, and measure which rules, bands and dated values they exercise.

Coverage is of *rules*, not lines: every outcome a rule can have (a gate passing and failing, each
band of a table, each sum item, each support rule, each dated period) is an item, and an item is
covered when some case reaches it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kcscore.policy.asof import with_as_of
from kcscore.applicant import read_record
from kcscore.assess.assessor import AssessmentError, Assessor
from kcscore.assess.result import Assessment
from kcscore.assess.support import choose
from kcscore.kinds.registry import is_scored, kind_of, per_rule
from kcscore.policy.ir import CaseIR, Policy, RuleIR
from kcscore.policy.model import Exclusion, Gate, Support

DEFAULT_AS_OF = dt.date(2026, 1, 1)


@dataclass
class Mismatch:
    what: str
    expected: Any
    got: Any


@dataclass
class CaseResult:
    case: CaseIR
    mismatches: list[Mismatch] = field(default_factory=list)
    error: str | None = None
    assessment: Assessment | None = None  # kept so ``rules test --update`` can say which rule moved

    @property
    def passed(self) -> bool:
        return not self.mismatches and self.error is None


@dataclass
class Coverage:
    items: dict[str, dict[str, bool]]  # rule or parameter id -> item -> covered

    def mark(self, owner: str, item: str) -> None:
        if owner in self.items and item in self.items[owner]:
            self.items[owner][item] = True

    @property
    def rule_percent(self) -> float:
        owners = list(self.items.values())
        return 100.0 * sum(all(v.values()) for v in owners) / len(owners) if owners else 100.0

    @property
    def item_percent(self) -> float:
        flat = [c for v in self.items.values() for c in v.values()]
        return 100.0 * sum(flat) / len(flat) if flat else 100.0

    def uncovered(self) -> list[tuple[str, str]]:
        return [(owner, item) for owner, v in self.items.items() for item, c in v.items() if not c]


def _can_fail(policy: Policy, rule: RuleIR) -> bool:
    """False when a gate's requirement covers every declared value: it then only demands the field."""
    from kcscore.expr import ast as A
    from kcscore.expr.analysis import Analyzer

    verdict = Analyzer(policy.field_types).satisfiable(A.Not(policy.conditions[rule.parts["require"]]))
    return verdict is not False


def coverage_items(policy: Policy) -> dict[str, dict[str, bool]]:
    """Every outcome a rule can reach; provably unreachable ones (a gate that cannot fail) are left out."""
    items: dict[str, dict[str, bool]] = {}
    for rule in policy.rules:
        spec = rule.spec
        if isinstance(spec, Gate):
            names = ["pass"] + (["fail"] if _can_fail(policy, rule) else [])
            names += (["exempt"] if spec.exempt else []) + (["not_applicable"] if spec.applies else [])
        elif isinstance(spec, Exclusion):
            names = ["excluded", "clear"] + (["exempt"] if spec.exempt else [])
        elif isinstance(spec, Support):
            names = ["chosen"]
        elif not kind_of(rule.kind).scored:
            names = [s for s in kind_of(rule.kind).statuses if s != "unknown"]
        elif kind_of(rule.kind).itemised(rule):
            names = [f"item {o.label}" for o in rule.outcomes] + ["none"]
        else:
            names = [f"band {o.label}" for o in rule.outcomes]
        if kind_of(rule.kind).scored and getattr(spec, "applies", None):
            names.append("not_applicable")
        items[rule.id] = {n: False for n in names}
    for pid, param in policy.parameters.items():
        items[f"parameter {pid}"] = {f"from {start.isoformat()}": False for start, _, _ in param.periods}
    return items


def _record_coverage(cov: Coverage, policy: Policy, truths: list[Any], assessment: Assessment) -> None:
    for rule in per_rule(policy.rules):
        kind = kind_of(rule.kind)
        outcome = kind.outcome(rule, truths)  # type: ignore[misc]
        if not kind.scored or outcome.status == "not_applicable":
            cov.mark(rule.id, outcome.status)
        elif outcome.status == "scored":
            if kind.itemised(rule):
                for i in outcome.reached:
                    cov.mark(rule.id, f"item {rule.outcomes[i].label}")
                if not outcome.reached:
                    cov.mark(rule.id, "none")
            elif outcome.outcome_index is not None:
                cov.mark(rule.id, f"band {rule.outcomes[outcome.outcome_index].label}")
    plan = choose(policy, truths)
    if plan.rule is not None:
        cov.mark(plan.rule.id, "chosen")
    support = assessment.support
    if support is not None:
        spec = plan.rule.spec if plan.rule else None
        for key in ("share", "cap"):
            pid = getattr(spec, key, None)
            if isinstance(pid, str) and pid in policy.parameters:
                found = policy.parameters[pid].at(assessment.as_of)
                if found:
                    cov.mark(f"parameter {pid}", f"from {found[1].isoformat()}")


def _compare(case: CaseIR, a: Assessment) -> list[Mismatch]:
    e = case.case.expect
    out: list[Mismatch] = []
    if e.decision is not None and e.decision != a.decision:
        out.append(Mismatch("decision", e.decision, a.decision))
    if e.score is not None and abs(e.score - a.score) > 1e-9:
        out.append(Mismatch("score", e.score, a.score))
    for rule_id, expected in e.points.items():
        got = a.points_of(rule_id)
        if got is None or abs(got - expected) > 1e-9:
            out.append(Mismatch(f"points.{rule_id}", expected, got))
    if e.support is not None and e.support != a.recommended_support_vnd:
        out.append(Mismatch("support", e.support, a.recommended_support_vnd))
    if e.support_set_by is not None:
        got_by = a.support.set_by if a.support else None
        if got_by != e.support_set_by:
            out.append(Mismatch("support_set_by", e.support_set_by, got_by))
    if e.missing is not None and sorted(e.missing) != sorted(a.missing):
        out.append(Mismatch("missing", sorted(e.missing), sorted(a.missing)))
    if e.reasons is not None and sorted(e.reasons) != sorted(a.reasons):
        out.append(Mismatch("reasons", sorted(e.reasons), sorted(a.reasons)))
    if e.flags is not None and sorted(e.flags) != sorted(f.rule for f in a.flags):
        out.append(Mismatch("flags", sorted(e.flags), sorted(f.rule for f in a.flags)))
    if e.not_applicable is not None:
        got_na = sorted(f.rule for f in a.findings if f.status == "not_applicable" and is_scored(f.kind))
        if sorted(e.not_applicable) != got_na:
            out.append(Mismatch("not_applicable", sorted(e.not_applicable), got_na))
    return out


def run_cases(policy: Policy, assessor: Assessor) -> tuple[list[CaseResult], Coverage]:
    cov = Coverage(coverage_items(policy))
    results: list[CaseResult] = []
    for case in policy.cases:
        result = CaseResult(case)
        record, problems, unknown = read_record(policy, case.applicant)
        if problems or unknown:
            details = [f"{p.field or p.column}: {p.vi}" for p in problems] + [f"{u}: trường lạ" for u in unknown]
            result.error = "hồ sơ không hợp lệ: " + "; ".join(details)
            results.append(result)
            continue
        as_of = case.case.as_of or record.get("submitted_on") or DEFAULT_AS_OF
        try:
            truths = assessor.evaluator.evaluate(with_as_of(policy, record, as_of))
            assessment = assessor.assess(record, as_of=as_of, explain=False, truths=truths)
        except AssessmentError as exc:
            result.error = exc.message("vi")
            results.append(result)
            continue
        result.mismatches = _compare(case, assessment)
        result.assessment = assessment
        _record_coverage(cov, policy, truths, assessment)
        results.append(result)
    return results, cov


def rule_of(policy: Policy, owner: str) -> RuleIR | None:
    try:
        return policy.rule(owner)
    except KeyError:
        return None
