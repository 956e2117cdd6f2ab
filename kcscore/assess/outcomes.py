"""What each mechanism decides from the truths of its conditions.

Blank fields make conditions unknown, and unknown is carried through honestly:
- a gate or exclusion that cannot be settled makes the decision *incomplete*;
- a criterion earns the **least** points any value of the blank fields could give (its floor)
  and reports the most it could give; so leaving a field blank never raises a score, and a blank
  penalty field cannot dodge a penalty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kcscore.engine.base import Truth
from kcscore.policy.ir import RuleIR
from kcscore.policy.model import Bonus, Criterion, Exclusion, Gate, Penalty


def k_not(a: Truth) -> Truth:
    return None if a is None else not a


def k_or(*values: Truth) -> Truth:
    if True in values:
        return True
    return None if None in values else False


def k_and(*values: Truth) -> Truth:
    if False in values:
        return False
    return None if None in values else True


@dataclass
class RuleOutcome:
    status: str
    low: float | None = None
    high: float | None = None
    band: str | None = None
    outcome_index: int | None = None
    unknown: list[int] = field(default_factory=list)  # condition indices left unknown
    reached: list[int] = field(default_factory=list)  # outcome indices that decided or could decide


def _part(rule: RuleIR, truths: Sequence[Truth], name: str, absent: Truth) -> Truth:
    index = rule.parts.get(name)
    return absent if index is None else truths[index]


def _unknown_parts(rule: RuleIR, truths: Sequence[Truth]) -> list[int]:
    return [i for i in rule.parts.values() if truths[i] is None]


def gate(rule: RuleIR, truths: Sequence[Truth]) -> RuleOutcome:
    assert isinstance(rule.spec, Gate)
    applies = _part(rule, truths, "applies", True)
    exempt = _part(rule, truths, "exempt", False)
    require = _part(rule, truths, "require", None)
    if applies is False:
        return RuleOutcome("not_applicable")
    if exempt is True:
        return RuleOutcome("exempt")
    verdict = k_or(k_not(applies), exempt, require)
    if verdict is True:
        return RuleOutcome("pass")
    if verdict is False:
        return RuleOutcome("fail")
    return RuleOutcome("unknown", unknown=_unknown_parts(rule, truths))


def exclusion(rule: RuleIR, truths: Sequence[Truth]) -> RuleOutcome:
    assert isinstance(rule.spec, Exclusion)
    applies = _part(rule, truths, "applies", True)
    when = _part(rule, truths, "when", None)
    exempt = _part(rule, truths, "exempt", False)
    if applies is False or when is False:
        return RuleOutcome("clear")
    if exempt is True:
        return RuleOutcome("exempt")
    verdict = k_and(applies, when, k_not(exempt))
    if verdict is True:
        return RuleOutcome("excluded")
    if verdict is False:
        return RuleOutcome("clear")
    return RuleOutcome("unknown", unknown=_unknown_parts(rule, truths))


def flag(rule: RuleIR, truths: Sequence[Truth]) -> RuleOutcome:
    when = _part(rule, truths, "when", None)
    if when is True:
        return RuleOutcome("raised")
    if when is None:
        return RuleOutcome("unknown", unknown=_unknown_parts(rule, truths))
    return RuleOutcome("clear")


def _first_match(rule: RuleIR, truths: Sequence[Truth]) -> RuleOutcome:
    possible: list[tuple[float, int]] = []
    unknown: list[int] = []
    decided: int | None = None
    for i, outcome in enumerate(rule.outcomes):
        truth = True if outcome.condition is None else truths[outcome.condition]
        if truth is True:
            possible.append((outcome.points, i))
            decided = i
            break
        if truth is None:
            possible.append((outcome.points, i))
            unknown.append(outcome.condition)  # type: ignore[arg-type]
    if not possible:
        return RuleOutcome("no_band", 0.0, 0.0)
    low = min(p for p, _ in possible)
    high = max(p for p, _ in possible)
    if decided is not None and not unknown:
        return RuleOutcome("scored", low, high, rule.outcomes[decided].label, decided, reached=[decided])
    floor_index = min(possible, key=lambda pi: (pi[0], -pi[1]))[1]
    return RuleOutcome("unknown", low, high, None, floor_index, unknown, [i for _, i in possible])


def _sum(rule: RuleIR, truths: Sequence[Truth], cap: float | None) -> RuleOutcome:
    low = high = 0.0
    unknown: list[int] = []
    reached: list[int] = []
    for i, outcome in enumerate(rule.outcomes):
        truth = truths[outcome.condition] if outcome.condition is not None else True
        if truth is True:
            low += outcome.points
            high += outcome.points
            reached.append(i)
        elif truth is None:
            unknown.append(outcome.condition)  # type: ignore[arg-type]
            if outcome.points > 0:
                high += outcome.points
            else:
                low += outcome.points
    if cap is not None:
        low, high = min(low, cap), min(high, cap)
    return RuleOutcome("unknown" if unknown else "scored", low, high, None, None, unknown, reached)


def scored(rule: RuleIR, truths: Sequence[Truth]) -> RuleOutcome:
    spec = rule.spec
    if isinstance(spec, Criterion) and spec.sum is not None:
        return _sum(rule, truths, spec.cap)
    if isinstance(spec, Bonus) or (isinstance(spec, Penalty) and spec.bands is None):
        outcome = rule.outcomes[0]
        truth = truths[outcome.condition] if outcome.condition is not None else True
        if truth is True:
            return RuleOutcome("scored", outcome.points, outcome.points, outcome.label, 0, reached=[0])
        if truth is False:
            return RuleOutcome("scored", 0.0, 0.0, None, None)
        low, high = min(0.0, outcome.points), max(0.0, outcome.points)
        return RuleOutcome("unknown", low, high, None, None, [outcome.condition] if outcome.condition is not None else [], [0])
    return _first_match(rule, truths)
