"""The meaning of truths for many applicants at once: ``kcscore.assess.outcomes`` over numpy arrays.

Large lists are evaluated as a truth matrix (rows × conditions). This module decides gates,
exclusions, bands, sums, flags, the support rule and the decision for every row with array
operations, following exactly the rules of ``outcomes.py`` (tested row by row against it).

Kleene truths are coded 2 = true, 1 = unknown, 0 = false, so that *and* is ``min``, *or* is
``max`` and *not* is ``2 - x``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kcscore.policy.ir import Policy, RuleIR
from kcscore.policy.model import Bonus, Criterion, Exclusion, Flag, Gate, Penalty

TRUE, UNKNOWN, FALSE = 2, 1, 0
STATUS_CODES = ("pass", "fail", "unknown", "exempt", "not_applicable", "excluded", "clear", "scored", "raised", "no_band")
CODE = {name: i for i, name in enumerate(STATUS_CODES)}
DECISIONS = ("eligible", "ineligible", "incomplete")


def kleene(matrix: np.ndarray) -> np.ndarray:
    """From the evaluators' coding (1 true, 0 false, -1 unknown) to 2 / 0 / 1."""
    out = np.where(matrix < 0, UNKNOWN, matrix.astype(np.int8) * 2)
    return out.astype(np.int8)


@dataclass
class RuleArrays:
    rule: RuleIR
    status: np.ndarray  # int8 codes into STATUS_CODES
    low: np.ndarray | None = None  # float64 points floor (scored rules)
    high: np.ndarray | None = None
    decided: np.ndarray | None = None  # int16 outcome index of a settled band (-1 none)
    reached: np.ndarray | None = None  # bool (rows × outcomes): sum items / bonus earned
    unknown_conditions: list[int] = field(default_factory=list)  # conditions that may be unknown


@dataclass
class VectorOutcomes:
    rules: dict[str, RuleArrays]
    decision: np.ndarray  # int8 index into DECISIONS
    provisional: np.ndarray
    upper: np.ndarray
    support_rule: np.ndarray  # int16 index into policy.of_kind("support"), -1 none
    support_status: np.ndarray  # 0 chosen, 1 unknown, 2 none
    undecided: np.ndarray  # bool: a gate, exclusion or support choice is unknown
    ineligible: np.ndarray


def _col(t: np.ndarray, index: int | None, absent: int, n: int) -> np.ndarray:
    return np.full(n, absent, dtype=np.int8) if index is None else t[:, index]


def _gate(rule: RuleIR, t: np.ndarray, n: int) -> RuleArrays:
    applies = _col(t, rule.parts.get("applies"), TRUE, n)
    exempt = _col(t, rule.parts.get("exempt"), FALSE, n)
    require = _col(t, rule.parts.get("require"), UNKNOWN, n)
    verdict = np.maximum(np.maximum(2 - applies, exempt), require)
    status = np.where(verdict == TRUE, CODE["pass"], np.where(verdict == FALSE, CODE["fail"], CODE["unknown"]))
    status = np.where(exempt == TRUE, CODE["exempt"], status)
    status = np.where(applies == FALSE, CODE["not_applicable"], status)
    return RuleArrays(rule, status.astype(np.int8), unknown_conditions=list(rule.parts.values()))


def _exclusion(rule: RuleIR, t: np.ndarray, n: int) -> RuleArrays:
    applies = _col(t, rule.parts.get("applies"), TRUE, n)
    when = _col(t, rule.parts.get("when"), UNKNOWN, n)
    exempt = _col(t, rule.parts.get("exempt"), FALSE, n)
    verdict = np.minimum(np.minimum(applies, when), 2 - exempt)
    status = np.where(verdict == TRUE, CODE["excluded"], np.where(verdict == FALSE, CODE["clear"], CODE["unknown"]))
    status = np.where(exempt == TRUE, CODE["exempt"], status)
    status = np.where((applies == FALSE) | (when == FALSE), CODE["clear"], status)
    return RuleArrays(rule, status.astype(np.int8), unknown_conditions=list(rule.parts.values()))


def _flag(rule: RuleIR, t: np.ndarray, n: int) -> RuleArrays:
    when = _col(t, rule.parts.get("when"), UNKNOWN, n)
    status = np.where(when == TRUE, CODE["raised"], np.where(when == FALSE, CODE["clear"], CODE["unknown"]))
    return RuleArrays(rule, status.astype(np.int8), unknown_conditions=list(rule.parts.values()))


def _first_match(rule: RuleIR, t: np.ndarray, n: int) -> RuleArrays:
    low = np.full(n, np.inf)
    high = np.full(n, -np.inf)
    done = np.zeros(n, dtype=bool)
    decided = np.full(n, -1, dtype=np.int16)
    any_unknown = np.zeros(n, dtype=bool)
    for i, outcome in enumerate(rule.outcomes):
        truth = _col(t, outcome.condition, TRUE, n)
        live = ~done
        hit = live & (truth == TRUE)
        maybe = live & (truth == UNKNOWN)
        touched = hit | maybe
        low = np.where(touched, np.minimum(low, outcome.points), low)
        high = np.where(touched, np.maximum(high, outcome.points), high)
        decided = np.where(hit, i, decided).astype(np.int16)
        any_unknown |= maybe
        done |= hit
    nothing = np.isinf(low)
    low = np.where(nothing, 0.0, low)
    high = np.where(nothing, 0.0, high)
    status = np.where(nothing, CODE["no_band"], np.where(any_unknown, CODE["unknown"], CODE["scored"]))
    decided = np.where(any_unknown, -1, decided).astype(np.int16)
    return RuleArrays(rule, status.astype(np.int8), low, high, decided,
                      unknown_conditions=[o.condition for o in rule.outcomes if o.condition is not None])


def _sum(rule: RuleIR, t: np.ndarray, n: int, cap: float | None) -> RuleArrays:
    low = np.zeros(n)
    high = np.zeros(n)
    reached = np.zeros((n, len(rule.outcomes)), dtype=bool)
    any_unknown = np.zeros(n, dtype=bool)
    for i, outcome in enumerate(rule.outcomes):
        truth = _col(t, outcome.condition, TRUE, n)
        yes = truth == TRUE
        maybe = truth == UNKNOWN
        reached[:, i] = yes
        low += np.where(yes, outcome.points, 0.0) + np.where(maybe & (outcome.points <= 0), outcome.points, 0.0)
        high += np.where(yes, outcome.points, 0.0) + np.where(maybe & (outcome.points > 0), outcome.points, 0.0)
        any_unknown |= maybe
    if cap is not None:
        low, high = np.minimum(low, cap), np.minimum(high, cap)
    status = np.where(any_unknown, CODE["unknown"], CODE["scored"]).astype(np.int8)
    return RuleArrays(rule, status, low, high, None, reached,
                      unknown_conditions=[o.condition for o in rule.outcomes if o.condition is not None])


def _single(rule: RuleIR, t: np.ndarray, n: int) -> RuleArrays:
    outcome = rule.outcomes[0]
    truth = _col(t, outcome.condition, TRUE, n)
    p = outcome.points
    low = np.where(truth == TRUE, p, np.where(truth == UNKNOWN, min(0.0, p), 0.0))
    high = np.where(truth == TRUE, p, np.where(truth == UNKNOWN, max(0.0, p), 0.0))
    status = np.where(truth == UNKNOWN, CODE["unknown"], CODE["scored"]).astype(np.int8)
    decided = np.where(truth == TRUE, 0, -1).astype(np.int16)
    reached = (truth == TRUE).reshape(n, 1)
    return RuleArrays(rule, status, low.astype(float), high.astype(float), decided, reached,
                      unknown_conditions=[outcome.condition] if outcome.condition is not None else [])


def scored(rule: RuleIR, t: np.ndarray, n: int) -> RuleArrays:
    spec = rule.spec
    if isinstance(spec, Criterion) and spec.sum is not None:
        return _sum(rule, t, n, spec.cap)
    if isinstance(spec, Bonus) or (isinstance(spec, Penalty) and spec.bands is None):
        return _single(rule, t, n)
    return _first_match(rule, t, n)


def evaluate(policy: Policy, matrix: np.ndarray) -> VectorOutcomes:
    """Every rule's outcome for every row of a truth matrix (evaluator coding: 1 / 0 / -1)."""
    t = kleene(matrix)
    n = t.shape[0]
    rules: dict[str, RuleArrays] = {}
    ineligible = np.zeros(n, dtype=bool)
    undecided = np.zeros(n, dtype=bool)
    low_total = np.zeros(n)
    high_total = np.zeros(n)
    for rule in policy.rules:
        spec = rule.spec
        if isinstance(spec, Gate):
            arrays = _gate(rule, t, n)
            ineligible |= arrays.status == CODE["fail"]
            undecided |= arrays.status == CODE["unknown"]
        elif isinstance(spec, Exclusion):
            arrays = _exclusion(rule, t, n)
            ineligible |= arrays.status == CODE["excluded"]
            undecided |= arrays.status == CODE["unknown"]
        elif isinstance(spec, Flag):
            arrays = _flag(rule, t, n)
        elif rule.scored:
            arrays = scored(rule, t, n)
            low_total += arrays.low  # type: ignore[operator]
            high_total += arrays.high  # type: ignore[operator]
        else:
            continue
        rules[rule.id] = arrays
    support_rule = np.full(n, -1, dtype=np.int16)
    support_status = np.full(n, 2, dtype=np.int8)
    open_rows = np.ones(n, dtype=bool)
    seen_unknown = np.zeros(n, dtype=bool)
    for k, rule in enumerate(policy.of_kind("support")):
        truth = t[:, rule.parts["applies"]]
        chosen = open_rows & (truth == TRUE)
        support_rule = np.where(chosen, k, support_rule).astype(np.int16)
        support_status = np.where(chosen, np.where(seen_unknown, 1, 0), support_status).astype(np.int8)
        open_rows &= ~chosen
        seen_unknown |= open_rows & (truth == UNKNOWN)
    support_status = np.where(open_rows & seen_unknown, 1, support_status).astype(np.int8)
    undecided |= support_status == 1
    max_score = policy.meta.max_score
    provisional = np.clip(low_total, 0.0, max_score)
    upper = np.clip(high_total, 0.0, max_score)
    decision = np.where(ineligible, 1, np.where(undecided, 2, 0)).astype(np.int8)
    return VectorOutcomes(rules, decision, provisional, upper, support_rule, support_status, undecided, ineligible)
