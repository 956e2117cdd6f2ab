"""What each mechanism decides from the truths of its conditions, for one applicant.

The meaning lives in the kind units (``kcscore.kinds``); this module gives the per-applicant
strategy of each by the names the assessor and the pack tests use. ``rule_outcome`` is the one
dispatch: any rule decided one by one, through the registry.
"""

from __future__ import annotations

from collections.abc import Sequence

from kcscore.kinds import exclusion as _exclusion
from kcscore.kinds import flag as _flag
from kcscore.kinds import gate as _gate
from kcscore.kinds.base import RuleLike, RuleOutcome, Truth, k_and, k_not, k_or
from kcscore.kinds.points import first_match as _first_match
from kcscore.kinds.points import sum_items as _sum
from kcscore.kinds.registry import kind_of

__all__ = ["RuleOutcome", "k_and", "k_not", "k_or", "gate", "exclusion", "flag", "scored", "rule_outcome",
           "_first_match", "_sum"]

gate = _gate.outcome
exclusion = _exclusion.outcome
flag = _flag.outcome


def rule_outcome(rule: RuleLike, truths: Sequence[Truth]) -> RuleOutcome:
    """The outcome of any rule decided one by one, by its kind's unit."""
    compute = kind_of(rule.spec.kind).outcome
    if compute is None:
        raise ValueError(f"rule '{rule.id}' of kind {rule.spec.kind} is not decided one by one")
    return compute(rule, truths)


def scored(rule: RuleLike, truths: Sequence[Truth]) -> RuleOutcome:
    """The points outcome of a criterion, bonus or penalty."""
    return rule_outcome(rule, truths)
