"""The three ways a scored kind turns truths into points, each for one applicant and for arrays:

- first match (bands): the first band whose condition holds gives its points;
- sum (items): every item that holds adds its points, up to an optional cap;
- single: one condition, its points or nothing (a bonus, a penalty without bands).

Any of them may be wrapped by ``applicable``: a scored rule with an ``applies`` condition does not
apply to some applicants (a productivity criterion to a trade-fair project) and then reports
``not_applicable`` instead of points.

A kind unit picks one of them for each rule; the agreement of the two strategies is tested row by
row (``tests/assess/test_vector_outcomes.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kcscore.kinds.base import (CODE, FALSE, TRUE, UNKNOWN, RuleArrays, RuleLike, RuleOutcome, ScalarOutcome, Truth,
                                VectorOutcome, column)

if TYPE_CHECKING:
    import numpy as np


def first_match(rule: RuleLike, truths: Sequence[Truth]) -> RuleOutcome:
    possible: list[tuple[float, int]] = []
    unknown: list[int] = []
    decided: int | None = None
    for i, outcome in enumerate(rule.outcomes):
        truth = True if outcome.condition is None else truths[outcome.condition]
        if truth is True:
            possible.append((outcome.points, i))
            decided = i
            break
        if truth is None:
            possible.append((outcome.points, i))
            unknown.append(outcome.condition)  # type: ignore[arg-type]
    if not possible:
        return RuleOutcome("no_band", 0.0, 0.0)
    low = min(p for p, _ in possible)
    high = max(p for p, _ in possible)
    if decided is None:  # no band is sure to hold: without `otherwise` the value may fall in none, worth 0
        low, high = min(low, 0.0), max(high, 0.0)
    if decided is not None and not unknown:
        return RuleOutcome("scored", low, high, rule.outcomes[decided].label, decided, reached=[decided])
    floor_index = min(possible, key=lambda pi: (pi[0], -pi[1]))[1]
    return RuleOutcome("unknown", low, high, None, floor_index, unknown, [i for _, i in possible])


def sum_items(rule: RuleLike, truths: Sequence[Truth], cap: float | None) -> RuleOutcome:
    low = high = 0.0
    unknown: list[int] = []
    reached: list[int] = []
    for i, outcome in enumerate(rule.outcomes):
        truth = truths[outcome.condition] if outcome.condition is not None else True
        if truth is True:
            low += outcome.points
            high += outcome.points
            reached.append(i)
        elif truth is None:
            unknown.append(outcome.condition)  # type: ignore[arg-type]
            if outcome.points > 0:
                high += outcome.points
            else:
                low += outcome.points
    if cap is not None:
        low, high = min(low, cap), min(high, cap)
    return RuleOutcome("unknown" if unknown else "scored", low, high, None, None, unknown, reached)


def single(rule: RuleLike, truths: Sequence[Truth]) -> RuleOutcome:
    outcome = rule.outcomes[0]
    truth = truths[outcome.condition] if outcome.condition is not None else True
    if truth is True:
        return RuleOutcome("scored", outcome.points, outcome.points, outcome.label, 0, reached=[0])
    if truth is False:
        return RuleOutcome("scored", 0.0, 0.0, None, None)
    low, high = min(0.0, outcome.points), max(0.0, outcome.points)
    return RuleOutcome("unknown", low, high, None, None, [outcome.condition] if outcome.condition is not None else [], [0])


def first_match_arrays(rule: RuleLike, t: np.ndarray, n: int) -> RuleArrays:
    import numpy as np
    low = np.full(n, np.inf)
    high = np.full(n, -np.inf)
    done = np.zeros(n, dtype=bool)
    decided = np.full(n, -1, dtype=np.int16)
    any_unknown = np.zeros(n, dtype=bool)
    for i, outcome in enumerate(rule.outcomes):
        truth = column(t, outcome.condition, TRUE, n)
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
    low = np.where(done, low, np.minimum(low, 0.0))  # no band sure to hold: it may fall in none, worth 0
    high = np.where(done, high, np.maximum(high, 0.0))
    status = np.where(nothing, CODE["no_band"], np.where(any_unknown, CODE["unknown"], CODE["scored"]))
    decided = np.where(any_unknown, -1, decided).astype(np.int16)
    return RuleArrays(rule, status.astype(np.int8), low, high, decided,
                      unknown_conditions=[o.condition for o in rule.outcomes if o.condition is not None])


def sum_arrays(rule: RuleLike, t: np.ndarray, n: int, cap: float | None) -> RuleArrays:
    import numpy as np
    low = np.zeros(n)
    high = np.zeros(n)
    reached = np.zeros((n, len(rule.outcomes)), dtype=bool)
    any_unknown = np.zeros(n, dtype=bool)
    for i, outcome in enumerate(rule.outcomes):
        truth = column(t, outcome.condition, TRUE, n)
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


def single_arrays(rule: RuleLike, t: np.ndarray, n: int) -> RuleArrays:
    import numpy as np
    outcome = rule.outcomes[0]
    truth = column(t, outcome.condition, TRUE, n)
    p = outcome.points
    low = np.where(truth == TRUE, p, np.where(truth == UNKNOWN, min(0.0, p), 0.0))
    high = np.where(truth == TRUE, p, np.where(truth == UNKNOWN, max(0.0, p), 0.0))
    status = np.where(truth == UNKNOWN, CODE["unknown"], CODE["scored"]).astype(np.int8)
    decided = np.where(truth == TRUE, 0, -1).astype(np.int16)
    reached = (truth == TRUE).reshape(n, 1)
    return RuleArrays(rule, status, low.astype(float), high.astype(float), decided, reached,
                      unknown_conditions=[outcome.condition] if outcome.condition is not None else [])


def applicable(rule: RuleLike, truths: Sequence[Truth], score: ScalarOutcome) -> RuleOutcome:
    """``score``'s outcome, unless the rule's ``applies`` condition says the rule does not apply.

    A rule that does not apply is ``not_applicable``: it earns nothing, is not missing anything and
    is left out of the maximum the applicant is scored against (``assess.scale``). When ``applies``
    is unknown the rule may or may not apply: it reports ``unknown`` with the least and the most
    points of either case (not applying earns 0) and the ``applies`` condition among its unknowns,
    and says ``may_not_apply``: whether the rule counts in the applicant's maximum is open too.
    """
    index = rule.parts.get("applies")
    if index is None:
        return score(rule, truths)
    applies = truths[index]
    if applies is False:
        return RuleOutcome("not_applicable", 0.0, 0.0)
    inner = score(rule, truths)
    if applies is True:
        return inner
    return RuleOutcome("unknown", min(0.0, inner.low or 0.0), max(0.0, inner.high or 0.0), None, inner.outcome_index,
                       [index, *inner.unknown], inner.reached, may_not_apply=True)


def applicable_arrays(rule: RuleLike, t: np.ndarray, n: int, score: VectorOutcome) -> RuleArrays:
    """``applicable`` for every row of a truth matrix."""
    import numpy as np

    out = score(rule, t, n)
    index = rule.parts.get("applies")
    if index is None:
        return out
    applies = t[:, index]
    no = applies == FALSE
    maybe = applies == UNKNOWN
    low, high = out.low, out.high
    assert low is not None and high is not None
    out.low = np.where(no, 0.0, np.where(maybe, np.minimum(low, 0.0), low))
    out.high = np.where(no, 0.0, np.where(maybe, np.maximum(high, 0.0), high))
    out.status = np.where(no, CODE["not_applicable"], np.where(maybe, CODE["unknown"], out.status)).astype(np.int8)
    if out.decided is not None:
        out.decided = np.where(no | maybe, -1, out.decided).astype(np.int16)
    if out.reached is not None:
        out.reached = out.reached & ~no.reshape(n, 1)
    out.unknown_conditions = [index, *out.unknown_conditions]
    out.may_not_apply = maybe
    return out


def where_applicable(score: ScalarOutcome, arrays: VectorOutcome) -> tuple[ScalarOutcome, VectorOutcome]:
    """A scored kind's ``outcome`` and ``vector``: its way of earning points, for one applicant
    (``score``) and for a truth matrix (``arrays``), each only where the rule applies."""

    def outcome(rule: RuleLike, truths: Sequence[Truth]) -> RuleOutcome:
        return applicable(rule, truths, score)

    def vector(rule: RuleLike, t: np.ndarray, n: int) -> RuleArrays:
        return applicable_arrays(rule, t, n, arrays)

    return outcome, vector
