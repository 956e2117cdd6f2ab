"""A flag: a note for the officer when its condition holds; it never decides and earns nothing.
An unknown or clear flag says nothing in the assessment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kcscore.kinds.base import (UNKNOWN, Kind, RuleArrays, RuleLike, RuleOutcome, Truth, column, part, settled,
                                settled_arrays)

if TYPE_CHECKING:
    import numpy as np


def outcome(rule: RuleLike, truths: Sequence[Truth]) -> RuleOutcome:
    return settled(rule, truths, part(rule, truths, "when", None), "raised", "clear")


def vector(rule: RuleLike, t: np.ndarray, n: int) -> RuleArrays:
    return settled_arrays(rule, column(t, rule.parts.get("when"), UNKNOWN, n), "raised", "clear")


KIND = Kind(
    name="flag", words=("cần lưu ý", "warning"), order=3, parts=("when",), statuses=("raised", "clear", "unknown"), says={"raised": "says"},
    only_when=frozenset({"raised"}), outcome=outcome, vector=vector,
)
