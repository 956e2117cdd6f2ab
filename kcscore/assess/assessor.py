"""Turn an applicant record into an ``Assessment``: decision, points, support, findings, missing.

The evaluator (durable-rules, vectorised, or the Python reference) only supplies truths; every
meaning is decided here, once, for all of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from kcscore.assess import outcomes as O
from kcscore.i18n import Message, Spoken
from kcscore.assess import scale
from kcscore.policy.asof import as_of_day, with_as_of
from kcscore.assess.result import Assessment, Finding, MissingField, SupportResult
from kcscore.assess.support import NoValueInForce, choose, compute
from kcscore.engine.base import Evaluator, Truth
from kcscore.expr import ast as A
from kcscore.kinds.registry import kind_of, per_rule
from kcscore.policy.ir import Policy, RuleIR
from kcscore.policy.validity import outside


class AssessmentError(Spoken, Exception):
    """An applicant that cannot be assessed as given (not a rule-file problem): a catalogue
    message, said in the user's language where it is shown."""

    def __init__(self, said: Message) -> None:
        super().__init__(said.say("en"))
        self.said = said


def _cite(rule: RuleIR) -> dict[str, Any]:
    return rule.cite.model_dump(exclude_none=True)


class Assessor:
    def __init__(self, policy: Policy, evaluator: Evaluator) -> None:
        self.policy = policy
        self.evaluator = evaluator
        self.ordered = per_rule(policy.rules)  # support is chosen over the pack, below
        self._cites = {r.id: _cite(r) for r in policy.rules}
        self._condition_fields = [tuple(A.fields_of(node)) for node in policy.conditions]
        self.max_points = {r.id: r.max_points for r in policy.rules}
        self.full_max = scale.possible(r.max_points for r in scale.earning_rules(policy))

    # -- public ------------------------------------------------------------------------------
    def assess(self, record: Mapping[str, Any], as_of: dt.date | None = None, lang: str = "vi",
               explain: bool = True, truths: Sequence[Truth] | None = None) -> Assessment:
        day = as_of_day(as_of, record)
        refused = outside(self.policy.meta, day)
        if refused is not None:  # the pack was not in force on that day: see policy.validity
            raise AssessmentError(refused)
        record = with_as_of(self.policy, record, day)  # conditions may read the as-of date
        if truths is None:
            truths = self.evaluator.evaluate(record)
        return self.from_truths(record, truths, day, lang, explain)

    def from_truths(self, record: Mapping[str, Any], truths: Sequence[Truth], day: dt.date, lang: str,
                    explain: bool = True) -> Assessment:
        policy = self.policy
        findings: list[Finding] = []
        missing: dict[str, MissingField] = {}
        reasons: list[str] = []
        undecided = False
        tally = scale.Tally(self.full_max, policy.meta.max_score)

        for rule in self.ordered:
            kind = kind_of(rule.kind)
            outcome = kind.outcome(rule, truths)  # type: ignore[misc]
            if kind.only_when is not None:  # a note, never a decision: said only when it holds
                if outcome.status in kind.only_when:
                    findings.append(self._note_finding(rule, outcome.status, record))
                continue
            tally.add(rule, outcome)
            if outcome.status in kind.refusing:
                reasons.append(rule.id)
            if outcome.status == "unknown":
                self._note_missing(rule, outcome, truths, record, missing)
                if kind.decides:
                    undecided = True
            findings.append(self._finding(rule, outcome, record))

        support_result: SupportResult | None = None
        plan = choose(policy, truths)
        if plan.status == "unknown":
            undecided = True
            self._note_missing_conditions(plan.unknown, record, missing, "support", 0.0, True)
        elif plan.rule is not None:
            spec = plan.rule.spec
            blanks = [f for f in (spec.cost_field, spec.requested_field) if record.get(f) is None]  # type: ignore[union-attr]
            if blanks:
                undecided = True
                for name in blanks:
                    self._add_missing(missing, name, plan.rule.id, 0.0, True)
            else:
                try:
                    figures: dict[str, Any] | None = compute(policy, plan.rule, record, day)
                except NoValueInForce as exc:
                    if not reasons and not undecided:  # it would be eligible: the amount is needed
                        raise AssessmentError(exc.said) from exc
                    figures = None  # refused or incomplete anyway: no amount to recommend
                if figures is not None:
                    support_result = SupportResult(plan.rule.id, **figures)
                    findings.append(Finding(plan.rule.id, "support", "recommended", self._cites[plan.rule.id],
                                            {f: record.get(f) for f in plan.rule.fields}))

        if reasons:
            decision = "ineligible"
        elif undecided:
            decision = "incomplete"
        else:
            decision = "eligible"
        max_score = policy.meta.max_score
        provisional, upper = tally.low, tally.high
        amount = support_result.amount if (support_result and decision == "eligible") else 0
        if decision != "eligible" and support_result is not None:
            support_result.amount = 0
        ordered_missing = sorted(missing.values(), key=lambda m: (not m.holds_decision, -m.points_at_stake, m.field))
        assessment = Assessment(
            id=str(record.get("id", "")),
            name=str(record.get("name", "")),
            decision=decision,
            score=provisional if decision == "eligible" else 0.0,
            max_score=max_score,
            points_earned=tally.points_earned,
            points_possible=tally.applicable_max,
            provisional_score=provisional,
            upper_score=upper,
            recommended_support_vnd=amount,
            findings=findings,
            missing=[m.field for m in ordered_missing],
            missing_detail=ordered_missing,
            reasons=reasons,
            as_of=day,
            lang=lang,
            support=support_result,
            submitted_on=record.get("submitted_on"),
            record=dict(record),
        )
        if explain and decision != "ineligible":
            from kcscore.assess.suggestions import suggest

            assessment.suggestions = suggest(self, record, truths, assessment)
        return assessment

    # -- findings ----------------------------------------------------------------------------
    def _values(self, rule: RuleIR, record: Mapping[str, Any]) -> dict[str, Any]:
        return {name: record.get(name) for name in rule.fields}

    def _finding(self, rule: RuleIR, outcome: O.RuleOutcome, record: Mapping[str, Any]) -> Finding:
        missing = sorted({n for i in outcome.unknown for n in self._condition_fields[i] if record.get(n) is None})
        is_scored = rule.scored
        max_points = self.max_points[rule.id]
        return Finding(
            rule=rule.id,
            kind=rule.kind,
            status=outcome.status,
            cite=self._cites[rule.id],
            values=self._values(rule, record),
            points=outcome.low if is_scored else None,
            max_points=max_points if is_scored else None,
            upper_points=outcome.high if is_scored else None,
            band=outcome.band,
            missing=missing,
            outcome=outcome.outcome_index,
            reached=tuple(outcome.reached),
        )

    def _note_finding(self, rule: RuleIR, status: str, record: Mapping[str, Any]) -> Finding:
        return Finding(rule.id, rule.kind, status, self._cites[rule.id], self._values(rule, record),
                       level=getattr(rule.spec, "level", "warning"))

    # -- missing fields ----------------------------------------------------------------------
    def _note_missing(self, rule: RuleIR, outcome: O.RuleOutcome, truths: Sequence[Truth],
                      record: Mapping[str, Any], missing: dict[str, MissingField]) -> None:
        at_stake = (outcome.high or 0.0) - (outcome.low or 0.0) if rule.scored else 0.0
        self._note_missing_conditions(outcome.unknown, record, missing, rule.id, at_stake, kind_of(rule.kind).decides)

    def _note_missing_conditions(self, indices: list[int], record: Mapping[str, Any], missing: dict[str, MissingField],
                                 rule_id: str, at_stake: float, holds_decision: bool) -> None:
        names = {n for i in indices for n in self._condition_fields[i] if record.get(n) is None}
        for name in sorted(names):
            self._add_missing(missing, name, rule_id, at_stake, holds_decision)

    @staticmethod
    def _add_missing(missing: dict[str, MissingField], name: str, rule_id: str, at_stake: float, holds: bool) -> None:
        entry = missing.setdefault(name, MissingField(name, [], 0.0, False))
        if rule_id not in entry.rules:
            entry.rules.append(rule_id)
            entry.points_at_stake += at_stake
        entry.holds_decision = entry.holds_decision or holds


