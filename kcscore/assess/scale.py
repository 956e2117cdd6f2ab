"""One score scale for projects of different content.

A criterion may not apply to a project (``applies`` in the rule file: the productivity gain of a
trade-fair project). Counting it as 0 out of its maximum would rank a brand project below an
otherwise equal machinery project only because it was asked a question that does not concern it.
So the points a project *earns* are scaled to the maximum of the rules that apply to it:

    score = earned × (maximum of every earning rule) / (maximum of the earning rules that apply),
            rounded to 2 decimals

and the points penalties take are then added unscaled (a penalty is worth the same whatever the
project). Every project is then scored out of the same maximum and ranked on one scale. When
every rule applies the factor is 1 and the score is exactly the points earned. Both the
per-applicant assessor and the array outcomes of large lists call this module, with the maxima
summed in the pack's rule order, so both compute the same floating-point numbers.

A rule whose applicability cannot be settled (its ``applies`` reads a blank field) may apply or
not, and the two bounds treat that differently:

- the floor (the provisional score) counts it as applying and earning nothing. That is never
  above the score of any filling: earning points are never negative and a penalty never adds (the
  pack checker refuses both), so a filling earns at least the floor's points, which are at least
  0, out of at most the floor's maximum (which counts every open rule); the floor may be loose
  (an open rule sure to earn points if it applies is counted as earning none) but never too high;
- the upper score cannot do the same: counting such a rule in the maximum while it may not apply
  can hold the score *below* a filling in which it does not apply and the other points are scaled
  up (a vocational-training project: three criteria do not apply and its 31 of 78 points scale to
  39,74, while with the content blank its most, 39 points, were counted out of 100: 39,0). So
  ``best_scaled`` chooses which open rules apply to make the scaled points highest.

Choosing is exact by a greedy rule. With U earned of the maximum M by the rules that surely apply,
and an open rule i worth at most u_i of its maximum m_i, the best set maximises
(U + Σu_i) / (M + Σm_i); a rule is in the best set exactly when u_i / m_i beats the best ratio, so
the best set is a prefix of the open rules sorted by u_i / m_i, highest first. Every prefix (the
empty one too) is scored with ``scaled`` itself, its sums added in rule order as a filling's are,
and the highest kept: the rounding to 2 decimals, the unscaled ends (every rule applying, none
with a maximum applying), ties and M = 0 are then those of the scores it bounds, not a second
formula's. It is a relaxation, a bound that may be loose but is never below a filling: rules whose
``applies`` read the same blank field are chosen as if independent, and an open rule is counted
with its most points either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kcscore.kinds.base import RuleOutcome
from kcscore.kinds.registry import earns, is_scored
from kcscore.policy.ir import Policy, RuleIR

if TYPE_CHECKING:  # numpy is imported where arrays are scaled, so that scoring one proposal starts without it
    import numpy as np

DECIMALS = 2
# How an earning rule stands for one applicant, for ``best_scaled``: it does not apply, it applies,
# or whether it applies is open (``RuleOutcome.may_not_apply``).
NOT_APPLICABLE, APPLIES, OPEN = 0, 1, 2


def earning_rules(policy: Policy) -> list[RuleIR]:
    """The rules whose maxima make up the scale (criteria and bonuses), in the pack's order."""
    return [r for r in policy.rules if r.scored and earns(r.kind)]


def possible(maxima: Iterable[float]) -> float:
    """The maximum of the earning rules that apply, added in the pack's rule order."""
    total = 0.0
    for value in maxima:
        total += value
    return total


def scaled(earned: float, applicable_max: float, full_max: float) -> float:
    """Earned points on the scale of ``full_max``, to 2 decimals (an officer reads and compares
    69,23, not 69,230769…); unchanged when every rule applies."""
    if 0.0 < applicable_max < full_max:
        return round(earned * full_max / applicable_max, DECIMALS)
    return earned


def clipped(value: float, taken: float, max_score: float) -> float:
    """Scaled points with the penalties added, kept within [0, ``max_score``]."""
    return min(max(value + taken, 0.0), max_score)


def score(earned: float, taken: float, applicable_max: float, full_max: float, max_score: float) -> float:
    """The score of one applicant: earned points scaled to ``full_max``, penalties added, clipped."""
    return clipped(scaled(earned, applicable_max, full_max), taken, max_score)


def _ratio(points: float, maximum: float) -> float:
    """What an open rule adds per point of maximum: the greedy order of ``best_scaled``. A rule
    with no maximum only adds points (first) or nothing (last)."""
    if maximum > 0.0:
        return points / maximum
    return float("inf") if points > 0.0 else float("-inf")


def best_scaled(points: Sequence[float], maxima: Sequence[float], states: Sequence[int], full_max: float) -> float:
    """The highest ``scaled`` points over every choice of which ``OPEN`` rules apply (see the
    module's docstring): ``points`` are each earning rule's most, ``maxima`` its maximum and
    ``states`` how it stands, all in the pack's rule order."""
    open_rules = sorted((i for i, state in enumerate(states) if state == OPEN),
                        key=lambda i: (-_ratio(points[i], maxima[i]), i))
    chosen = [state == APPLIES for state in states]
    best = float("-inf")
    for step in range(len(open_rules) + 1):  # the empty prefix, then one more open rule at a time
        if step:
            chosen[open_rules[step - 1]] = True
        earned = applicable = 0.0
        for i, applies in enumerate(chosen):
            if applies:
                earned += points[i]
                applicable += maxima[i]
        best = max(best, scaled(earned, applicable, full_max))
    return best


@dataclass
class OpenRows:
    """The rows of a truth matrix with an earning rule of unknown applicability, for ``scores``:
    each earning rule's most points and ``states`` there (rows × earning rules, in rule order)."""

    rows: np.ndarray  # row indices, ascending
    points: np.ndarray  # float64
    states: np.ndarray  # int8: NOT_APPLICABLE, APPLIES, OPEN
    maxima: Sequence[float]  # each earning rule's maximum


def scores(earned: np.ndarray, taken: np.ndarray, applicable_max: np.ndarray, full_max: float,
           max_score: float, open_rows: OpenRows | None = None) -> np.ndarray:
    """``score`` for every row; the rows to scale go through ``scaled`` itself, so that a large list
    rounds exactly as one applicant does. With ``open_rows`` (the upper score), those rows take
    ``best_scaled`` instead, as ``Tally.high`` does."""
    import numpy as np

    earned = earned.astype(float, copy=True)
    rows = np.flatnonzero((applicable_max > 0.0) & (applicable_max < full_max))
    if len(rows):  # once per distinct pair of bit patterns: many rows share their points and maximum
        points, by_points = np.unique(earned[rows].view(np.int64), return_inverse=True)
        maxima, by_maximum = np.unique(applicable_max[rows].astype(float).view(np.int64), return_inverse=True)
        pairs, where = np.unique(by_points.reshape(-1) * len(maxima) + by_maximum.reshape(-1), return_inverse=True)
        points, maxima = points.view(np.float64).tolist(), maxima.view(np.float64).tolist()
        earned[rows] = np.array([scaled(points[pair // len(maxima)], maxima[pair % len(maxima)], full_max)
                                 for pair in pairs.tolist()], dtype=float)[where.reshape(-1)]
    if open_rows is not None and len(open_rows.rows):
        earned[open_rows.rows] = _best_scaled_rows(open_rows, full_max)
    return np.clip(earned + taken, 0.0, max_score)


def _best_scaled_rows(open_rows: OpenRows, full_max: float) -> np.ndarray:
    """``best_scaled`` of every open row, once per distinct pattern of points and states: a large
    list repeats a few patterns (the same blank field, the same bands reached) many times."""
    import numpy as np

    points = np.ascontiguousarray(open_rows.points, dtype=np.float64)
    states = np.ascontiguousarray(open_rows.states, dtype=np.int64)
    keys = np.concatenate([points.view(np.int64), states], axis=1)  # bit patterns: -0.0 stays itself
    patterns, where = np.unique(keys, axis=0, return_inverse=True)
    width = points.shape[1]
    maxima = list(open_rows.maxima)
    values = [best_scaled(pattern[:width].view(np.float64).tolist(), maxima, pattern[width:].tolist(), full_max)
              for pattern in patterns]
    return np.array(values, dtype=float)[where.reshape(-1)]


@dataclass
class Tally:
    """The points of one applicant's scored rules, added up in rule order: the assessor and the
    suggestions (which re-score a changed applicant) both add with it."""

    full_max: float
    max_score: float
    earned_low: float = 0.0
    earned_high: float = 0.0
    taken_low: float = 0.0
    taken_high: float = 0.0
    maxima: list[float] = field(default_factory=list)  # of the earning rules that apply
    # every earning rule's (most points, maximum, state), for ``best_scaled`` when one is OPEN
    earning: list[tuple[float, float, int]] = field(default_factory=list)
    any_open: bool = False

    def add(self, rule: RuleIR, outcome: RuleOutcome) -> None:
        self.add_points(rule, outcome.status, outcome.low, outcome.high, outcome.may_not_apply)

    def add_points(self, rule: RuleIR, status: str, low: float | None, high: float | None,
                   may_not_apply: bool = False) -> None:
        """One scored rule's outcome, given as its status and points (a finding's), and whether
        the rule may not apply at all (``RuleOutcome.may_not_apply``)."""
        if not is_scored(rule.kind):
            return
        if earns(rule.kind):
            most, maximum = high or 0.0, rule.max_points
            self.earned_low += low or 0.0
            self.earned_high += most
            if status == "not_applicable":
                self.earning.append((most, maximum, NOT_APPLICABLE))
            else:
                self.maxima.append(maximum)
                self.earning.append((most, maximum, OPEN if may_not_apply else APPLIES))
                self.any_open = self.any_open or may_not_apply
        else:
            self.taken_low += low or 0.0
            self.taken_high += high or 0.0

    @property
    def applicable_max(self) -> float:
        return possible(self.maxima)

    @property
    def points_earned(self) -> float:
        """The floor of the points before scaling, penalties included."""
        return self.earned_low + self.taken_low

    @property
    def low(self) -> float:
        return score(self.earned_low, self.taken_low, self.applicable_max, self.full_max, self.max_score)

    @property
    def high(self) -> float:
        """The upper score: with a rule of unknown applicability, the best choice of which apply."""
        if not self.any_open:
            return score(self.earned_high, self.taken_high, self.applicable_max, self.full_max, self.max_score)
        points, maxima, states = zip(*self.earning)
        return clipped(best_scaled(points, maxima, states, self.full_max), self.taken_high, self.max_score)
