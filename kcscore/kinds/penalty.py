"""A penalty: points taken when its condition holds, or by bands over an input, where it applies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kcscore.kinds import points
from kcscore.kinds.base import Kind, RuleArrays, RuleLike, RuleOutcome, Truth

if TYPE_CHECKING:
    import numpy as np


def _points(rule: RuleLike, truths: Sequence[Truth]) -> RuleOutcome:
    if rule.spec.bands is None:
        return points.single(rule, truths)
    return points.first_match(rule, truths)


def _point_arrays(rule: RuleLike, t: np.ndarray, n: int) -> RuleArrays:
    if rule.spec.bands is None:
        return points.single_arrays(rule, t, n)
    return points.first_match_arrays(rule, t, n)


outcome, vector = points.where_applicable(_points, _point_arrays)


KIND = Kind(
    name="penalty", words=("điểm trừ", "penalty"), order=2, parts=("applies", "when"),
    statuses=("scored", "unknown", "no_band", "not_applicable"),
    scored=True, outcome=outcome, vector=vector, itemised=lambda rule: rule.spec.bands is None,
    says_no=True,
)
