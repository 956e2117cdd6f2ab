"""A gate: a condition the applicant must meet (``require``), unless it does not apply or an
exemption holds. A failed gate makes the applicant ineligible."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kcscore.kinds.base import (FALSE, TRUE, UNKNOWN, Kind, RuleArrays, RuleLike, RuleOutcome, Truth, column, k_not,
                                k_or, part, settled, settled_arrays)

if TYPE_CHECKING:
    import numpy as np


def outcome(rule: RuleLike, truths: Sequence[Truth]) -> RuleOutcome:
    applies = part(rule, truths, "applies", True)
    exempt = part(rule, truths, "exempt", False)
    require = part(rule, truths, "require", None)
    if applies is False:
        return RuleOutcome("not_applicable")
    if exempt is True:
        return RuleOutcome("exempt")
    return settled(rule, truths, k_or(k_not(applies), exempt, require), "pass", "fail")


def vector(rule: RuleLike, t: np.ndarray, n: int) -> RuleArrays:
    import numpy as np
    applies = column(t, rule.parts.get("applies"), TRUE, n)
    exempt = column(t, rule.parts.get("exempt"), FALSE, n)
    require = column(t, rule.parts.get("require"), UNKNOWN, n)
    verdict = np.maximum(np.maximum(2 - applies, exempt), require)
    return settled_arrays(rule, verdict, "pass", "fail", (applies == FALSE, "not_applicable"),
                          (exempt == TRUE, "exempt"))


KIND = Kind(
    name="gate", words=("điều kiện", "condition"), order=0, parts=("applies", "require", "exempt"),
    statuses=("pass", "fail", "unknown", "exempt", "not_applicable"),
    says={"fail": "fails", "pass": "passes"}, plain="pass",
    decides=True, refusing=frozenset({"fail"}), quiet=frozenset({"pass", "not_applicable"}),
    outcome=outcome, vector=vector,
)
