"""A gate: a condition the applicant must meet (``require``), unless it does not apply or an
exemption holds. A failed gate makes the applicant ineligible."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kcscore.kinds.base import (CODE, FALSE, TRUE, UNKNOWN, Kind, RuleArrays, RuleLike, RuleOutcome, Truth, column,
                                k_not, k_or, part, unknown_parts)

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
    verdict = k_or(k_not(applies), exempt, require)
    if verdict is True:
        return RuleOutcome("pass")
    if verdict is False:
        return RuleOutcome("fail")
    return RuleOutcome("unknown", unknown=unknown_parts(rule, truths))


def vector(rule: RuleLike, t: np.ndarray, n: int) -> RuleArrays:
    import numpy as np
    applies = column(t, rule.parts.get("applies"), TRUE, n)
    exempt = column(t, rule.parts.get("exempt"), FALSE, n)
    require = column(t, rule.parts.get("require"), UNKNOWN, n)
    verdict = np.maximum(np.maximum(2 - applies, exempt), require)
    status = np.where(verdict == TRUE, CODE["pass"], np.where(verdict == FALSE, CODE["fail"], CODE["unknown"]))
    status = np.where(exempt == TRUE, CODE["exempt"], status)
    status = np.where(applies == FALSE, CODE["not_applicable"], status)
    return RuleArrays(rule, status.astype(np.int8), unknown_conditions=list(rule.parts.values()))


KIND = Kind(
    name="gate", words=("điều kiện", "condition"), order=0, parts=("applies", "require", "exempt"),
    statuses=("pass", "fail", "unknown", "exempt", "not_applicable"),
    says={"fail": "fails", "pass": "passes"}, plain="pass",
    decides=True, refusing=frozenset({"fail"}), quiet=frozenset({"pass", "not_applicable"}),
    outcome=outcome, vector=vector,
)
