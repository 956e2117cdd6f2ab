"""A flag: a note for the officer when its condition holds; it never decides and earns nothing.
An unknown or clear flag says nothing in the assessment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kcscore.kinds.base import (CODE, TRUE, UNKNOWN, Kind, RuleArrays, RuleLike, RuleOutcome, Truth, column, part,
                                unknown_parts)

if TYPE_CHECKING:
    import numpy as np


def outcome(rule: RuleLike, truths: Sequence[Truth]) -> RuleOutcome:
    when = part(rule, truths, "when", None)
    if when is True:
        return RuleOutcome("raised")
    if when is None:
        return RuleOutcome("unknown", unknown=unknown_parts(rule, truths))
    return RuleOutcome("clear")


def vector(rule: RuleLike, t: np.ndarray, n: int) -> RuleArrays:
    import numpy as np
    when = column(t, rule.parts.get("when"), UNKNOWN, n)
    status = np.where(when == TRUE, CODE["raised"], np.where(when == 0, CODE["clear"], CODE["unknown"]))
    return RuleArrays(rule, status.astype(np.int8), unknown_conditions=list(rule.parts.values()))


KIND = Kind(
    name="flag", words=("cần lưu ý", "warning"), order=3, parts=("when",), statuses=("raised", "clear", "unknown"), says={"raised": "says"},
    only_when=frozenset({"raised"}), outcome=outcome, vector=vector,
)
