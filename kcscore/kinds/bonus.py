"""A bonus: fixed points when its condition holds, where it applies (``points.applicable``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kcscore.kinds import points
from kcscore.kinds.base import Kind, RuleArrays, RuleLike, RuleOutcome, Truth

if TYPE_CHECKING:
    import numpy as np


def outcome(rule: RuleLike, truths: Sequence[Truth]) -> RuleOutcome:
    return points.applicable(rule, truths, points.single)


def vector(rule: RuleLike, t: np.ndarray, n: int) -> RuleArrays:
    return points.applicable_arrays(rule, t, n, points.single_arrays)


KIND = Kind(
    name="bonus", words=("điểm cộng", "bonus"), order=2, parts=("applies", "when"),
    statuses=("scored", "unknown", "not_applicable"),
    scored=True, earns=True, outcome=outcome, vector=vector, itemised=lambda rule: True,
    says_no=True,
)
