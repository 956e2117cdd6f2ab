"""An exclusion: a case the policy refuses (``when``), unless it does not apply or an exemption
holds. An applicant in an excluded case is ineligible."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kcscore.kinds.base import (FALSE, TRUE, UNKNOWN, Kind, RuleArrays, RuleLike, RuleOutcome, Truth, column, k_and,
                                k_not, part, settled, settled_arrays)

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
    return settled(rule, truths, k_and(applies, when, k_not(exempt)), "excluded", "clear")


def vector(rule: RuleLike, t: np.ndarray, n: int) -> RuleArrays:
    import numpy as np
    applies = column(t, rule.parts.get("applies"), TRUE, n)
    when = column(t, rule.parts.get("when"), UNKNOWN, n)
    exempt = column(t, rule.parts.get("exempt"), FALSE, n)
    verdict = np.minimum(np.minimum(applies, when), 2 - exempt)
    return settled_arrays(rule, verdict, "excluded", "clear", ((applies == FALSE) | (when == FALSE), "clear"),
                          (exempt == TRUE, "exempt"))


KIND = Kind(
    name="exclusion", words=("loại trừ", "exclusion"), order=1, parts=("applies", "when", "exempt"),
    statuses=("excluded", "clear", "unknown", "exempt"),
    says={"excluded": "reason"}, plain="clear",
    decides=True, refusing=frozenset({"excluded"}), quiet=frozenset({"clear"}),
    outcome=outcome, vector=vector,
)
