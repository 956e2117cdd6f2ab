"""An exclusion: a case the policy refuses (``when``), unless it does not apply or an exemption
holds. An applicant in an excluded case is ineligible."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kcscore.kinds.base import (CODE, FALSE, TRUE, UNKNOWN, Kind, RuleArrays, RuleLike, RuleOutcome, Truth, column,
                                k_and, k_not, part, unknown_parts)

if TYPE_CHECKING:
    import numpy as np


def outcome(rule: RuleLike, truths: Sequence[Truth]) -> RuleOutcome:
    applies = part(rule, truths, "applies", True)
    when = part(rule, truths, "when", None)
    exempt = part(rule, truths, "exempt", False)
    if applies is False or when is False:
        return RuleOutcome("clear")
    if exempt is True:
        return RuleOutcome("exempt")
    verdict = k_and(applies, when, k_not(exempt))
    if verdict is True:
        return RuleOutcome("excluded")
    if verdict is False:
        return RuleOutcome("clear")
    return RuleOutcome("unknown", unknown=unknown_parts(rule, truths))


def vector(rule: RuleLike, t: np.ndarray, n: int) -> RuleArrays:
    import numpy as np
    applies = column(t, rule.parts.get("applies"), TRUE, n)
    when = column(t, rule.parts.get("when"), UNKNOWN, n)
    exempt = column(t, rule.parts.get("exempt"), FALSE, n)
    verdict = np.minimum(np.minimum(applies, when), 2 - exempt)
    status = np.where(verdict == TRUE, CODE["excluded"], np.where(verdict == FALSE, CODE["clear"], CODE["unknown"]))
    status = np.where(exempt == TRUE, CODE["exempt"], status)
    status = np.where((applies == FALSE) | (when == FALSE), CODE["clear"], status)
    return RuleArrays(rule, status.astype(np.int8), unknown_conditions=list(rule.parts.values()))


KIND = Kind(
    name="exclusion", words=("loại trừ", "exclusion"), order=1, parts=("applies", "when", "exempt"),
    statuses=("excluded", "clear", "unknown", "exempt"),
    says={"excluded": "reason"}, plain="clear",
    decides=True, refusing=frozenset({"excluded"}), quiet=frozenset({"clear"}),
    outcome=outcome, vector=vector,
)
