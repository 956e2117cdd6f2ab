"""A criterion: points from bands (the first that holds) or from a sum of items (capped), unless
its ``applies`` condition says it does not apply to the applicant (``points.applicable``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kcscore.kinds import points
from kcscore.kinds.base import Kind, RuleArrays, RuleLike, RuleOutcome, Truth

if TYPE_CHECKING:
    import numpy as np


def _points(rule: RuleLike, truths: Sequence[Truth]) -> RuleOutcome:
    if rule.is_sum:
        return points.sum_items(rule, truths, rule.spec.cap)
    return points.first_match(rule, truths)


def _point_arrays(rule: RuleLike, t: np.ndarray, n: int) -> RuleArrays:
    if rule.is_sum:
        return points.sum_arrays(rule, t, n, rule.spec.cap)
    return points.first_match_arrays(rule, t, n)


outcome, vector = points.where_applicable(_points, _point_arrays)


KIND = Kind(
    name="criterion", words=("tiêu chí", "criterion"), order=2, parts=("applies",),
    statuses=("scored", "unknown", "no_band", "not_applicable"),
    scored=True, earns=True, outcome=outcome, vector=vector, itemised=lambda rule: rule.is_sum,
)
