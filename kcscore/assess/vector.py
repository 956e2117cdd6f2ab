"""The meaning of truths for many applicants at once: every rule's outcome as arrays, then the
decision, the score bounds and the support choice for every row.

Large lists are evaluated as a truth matrix (rows × conditions). Each rule is decided by the
vectorised strategy of its kind unit (``kcscore.kinds``), the same unit whose per-applicant
strategy the assessor uses, and the two are tested row by row against each other. What the kinds
add up to (ineligible, incomplete, the score) is decided here from the registry's facts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kcscore.assess import scale
from kcscore.kinds import support as support_kind
from kcscore.kinds.base import CODE, STATUS_CODES, TRUE, UNKNOWN, FALSE, RuleArrays, kleene
from kcscore.kinds.registry import kind_of
from kcscore.policy.ir import Policy

__all__ = ["CODE", "DECISIONS", "FALSE", "STATUS_CODES", "TRUE", "UNKNOWN", "RuleArrays", "VectorOutcomes",
           "evaluate", "kleene"]

DECISIONS = ("eligible", "ineligible", "incomplete")


@dataclass
class VectorOutcomes:
    rules: dict[str, RuleArrays]
    decision: np.ndarray  # int8 index into DECISIONS
    provisional: np.ndarray
    upper: np.ndarray
    support_rule: np.ndarray  # int16 index into policy.of_kind("support"), -1 none
    support_status: np.ndarray  # kinds.support codes: 0 chosen, 1 unknown, 2 none
    undecided: np.ndarray  # bool: a gate, exclusion or support choice is unknown
    ineligible: np.ndarray
    points_possible: np.ndarray | None = None  # the maximum of the earning rules that apply (assess.scale)


def evaluate(policy: Policy, matrix: np.ndarray) -> VectorOutcomes:
    """Every rule's outcome for every row of a truth matrix (evaluator coding: 1 / 0 / -1)."""
    t = kleene(matrix)
    n = t.shape[0]
    rules: dict[str, RuleArrays] = {}
    ineligible = np.zeros(n, dtype=bool)
    undecided = np.zeros(n, dtype=bool)
    earned_low, earned_high, taken_low, taken_high = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    applicable_max = np.zeros(n)  # added in rule order, as assess.scale.possible does for one applicant
    earning = []  # the earning rules' arrays, in rule order, for the upper score of open rows
    open_any = np.zeros(n, dtype=bool)  # rows where an earning rule's applicability is unknown
    for rule in policy.rules:
        kind = kind_of(rule.kind)
        if kind.vector is None:
            continue
        arrays = kind.vector(rule, t, n)
        for status in kind.refusing:
            ineligible |= arrays.status == CODE[status]
        if kind.decides:
            undecided |= arrays.status == CODE["unknown"]
        if kind.scored and kind.earns:
            earned_low += arrays.low  # type: ignore[operator]
            earned_high += arrays.high  # type: ignore[operator]
            applicable_max += np.where(arrays.status == CODE["not_applicable"], 0.0, rule.max_points)
            earning.append(arrays)
            if arrays.may_not_apply is not None:
                open_any |= arrays.may_not_apply
        elif kind.scored:
            taken_low += arrays.low  # type: ignore[operator]
            taken_high += arrays.high  # type: ignore[operator]
        rules[rule.id] = arrays
    support_rule, support_status = support_kind.choose_arrays(policy.of_kind("support"), t, n)
    undecided |= support_status == support_kind.UNSETTLED
    max_score = policy.meta.max_score
    full_max = scale.possible(r.max_points for r in scale.earning_rules(policy))
    provisional = scale.scores(earned_low, taken_low, applicable_max, full_max, max_score)
    upper = scale.scores(earned_high, taken_high, applicable_max, full_max, max_score, _open_rows(earning, open_any))
    decision = np.where(ineligible, 1, np.where(undecided, 2, 0)).astype(np.int8)
    return VectorOutcomes(rules, decision, provisional, upper, support_rule, support_status, undecided, ineligible,
                          applicable_max)


def _open_rows(earning: list[RuleArrays], open_any: np.ndarray) -> scale.OpenRows | None:
    """What ``scale.scores`` needs of the rows with an earning rule of unknown applicability, for
    their upper score: each earning rule's most points and state there, as ``scale.Tally`` records
    them for one applicant."""
    rows = np.flatnonzero(open_any)
    if not len(rows):
        return None
    points = np.empty((len(rows), len(earning)))
    states = np.empty((len(rows), len(earning)), dtype=np.int8)
    for j, arrays in enumerate(earning):
        assert arrays.high is not None
        points[:, j] = arrays.high[rows]
        status = arrays.status[rows]
        state = np.where(status == CODE["not_applicable"], scale.NOT_APPLICABLE, scale.APPLIES)
        if arrays.may_not_apply is not None:
            state = np.where(arrays.may_not_apply[rows], scale.OPEN, state)
        states[:, j] = state
    return scale.OpenRows(rows, points, states, [arrays.rule.max_points for arrays in earning])  # type: ignore[attr-defined]
