"""Support: how much to recommend. Not decided rule by rule: of the pack's support rules, the first
whose ``applies`` holds is chosen; an earlier one that cannot be settled leaves the choice
unknown (the decision incomplete). The amount itself is ``assess.support``'s arithmetic."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kcscore.kinds.base import TRUE, UNKNOWN, Kind, RuleLike, Truth

if TYPE_CHECKING:
    import numpy as np

CHOSEN, UNSETTLED, NONE = 0, 1, 2  # array codes of the choice, in the order of ``choose``'s statuses
CHOICE_STATUSES = ("chosen", "unknown", "none")


def choose(rules: Sequence[RuleLike], truths: Sequence[Truth]) -> tuple[int | None, str, list[int]]:
    """The index of the first rule that applies, the status of the choice, the unknown conditions."""
    unknown: list[int] = []
    for k, rule in enumerate(rules):
        truth = truths[rule.parts["applies"]]
        if truth is True:
            return k, "unknown" if unknown else "chosen", unknown
        if truth is None:
            unknown.append(rule.parts["applies"])
    return None, "unknown" if unknown else "none", unknown


def choose_arrays(rules: Sequence[RuleLike], t: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``choose`` for every row: the rule index (-1 none) and the status code (``CHOICE_STATUSES``)."""
    import numpy as np
    support_rule = np.full(n, -1, dtype=np.int16)
    support_status = np.full(n, NONE, dtype=np.int8)
    open_rows = np.ones(n, dtype=bool)
    seen_unknown = np.zeros(n, dtype=bool)
    for k, rule in enumerate(rules):
        truth = t[:, rule.parts["applies"]]
        chosen = open_rows & (truth == TRUE)
        support_rule = np.where(chosen, k, support_rule).astype(np.int16)
        support_status = np.where(chosen, np.where(seen_unknown, UNSETTLED, CHOSEN), support_status).astype(np.int8)
        open_rows &= ~chosen
        seen_unknown |= open_rows & (truth == UNKNOWN)
    support_status = np.where(open_rows & seen_unknown, UNSETTLED, support_status).astype(np.int8)
    return support_rule, support_status


KIND = Kind(name="support", words=("hỗ trợ", "support"), order=4, parts=("applies",), statuses=("recommended",))
