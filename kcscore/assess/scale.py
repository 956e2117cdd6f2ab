"""One score scale for projects of different content.

A criterion may not apply to a project (``applies`` in the rule file: the productivity gain of a
trade-fair project). Counting it as 0 out of its maximum would rank a brand project below an
otherwise equal machinery project only because it was asked a question that does not concern it.
So the points a project *earns* are scaled to the maximum of the rules that apply to it:

    score = earned × (maximum of every earning rule) / (maximum of the earning rules that apply),
            rounded to 2 decimals

and the points penalties take are then added unscaled (a penalty is worth the same whatever the
project). Every project is then scored out of the same maximum and ranked on one scale. A rule
whose applicability cannot be settled (a blank field) counts as applying. When every rule applies
the factor is 1 and the score is exactly the points earned. Both the per-applicant assessor and the
array outcomes of large lists call this module, with the maxima summed in the pack's rule order,
so both compute the same floating-point numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kcscore.kinds.base import RuleOutcome
from kcscore.kinds.registry import earns, is_scored
from kcscore.policy.ir import Policy, RuleIR

if TYPE_CHECKING:  # numpy is imported where arrays are scaled, so that scoring one proposal starts without it
    import numpy as np

DECIMALS = 2


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


def score(earned: float, taken: float, applicable_max: float, full_max: float, max_score: float) -> float:
    """The score of one applicant: earned points scaled to ``full_max``, penalties added, clipped."""
    return min(max(scaled(earned, applicable_max, full_max) + taken, 0.0), max_score)


def scores(earned: np.ndarray, taken: np.ndarray, applicable_max: np.ndarray, full_max: float,
           max_score: float) -> np.ndarray:
    """``score`` for every row; the rows to scale go through ``scaled`` itself, so that a large list
    rounds exactly as one applicant does."""
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
    return np.clip(earned + taken, 0.0, max_score)


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

    def add(self, rule: RuleIR, outcome: RuleOutcome) -> None:
        self.add_points(rule, outcome.status, outcome.low, outcome.high)

    def add_points(self, rule: RuleIR, status: str, low: float | None, high: float | None) -> None:
        """One scored rule's outcome, given as its status and points (a finding's)."""
        if not is_scored(rule.kind):
            return
        if earns(rule.kind):
            self.earned_low += low or 0.0
            self.earned_high += high or 0.0
            if status != "not_applicable":
                self.maxima.append(rule.max_points)
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
        return score(self.earned_high, self.taken_high, self.applicable_max, self.full_max, self.max_score)
