"""One-at-a-time perturbations of a compiled policy: a scored rule's weight, or one band threshold.

Every perturbation is applied to a *copy* of the in-memory ``Policy``; the pack on disk and the
loaded policy are never touched. Only scored rules (criteria, bonuses, penalties) are perturbed,
so a perturbation can move scores and ranks but never a decision: gates and exclusions stay as
written.

Weights: every point value of the rule (band points, sum items, the cap of a sum, a bonus or a
penalty) is multiplied by ``1 ± step``; a penalty's magnitude grows or shrinks the same way.

Thresholds: every comparison ``field <op> number`` with an ordering operator (``>``, ``>=``,
``<``, ``<=``) inside a scored rule's band or item condition — the ``above``/``at_least``/
``below``/``at_most`` keys, each end of ``between``, and the same comparisons written in a
``when`` — moves one step down and one step up. The step is the next value on the field's scale:

- integer fields (counts of workers, jobs, stars, projects) have no values in between, so the
  next value is the threshold ± 1;
- percent, number and money fields have no unit that means the same in every pack (one
  percentage point, one VND), so the step is relative: ± ``threshold_step`` % of the threshold
  (10 % by default, half the default weight step, so a threshold of 50 % is tried at 45 and 55),
  rounded to two decimals; a threshold of 0 moves by 1.

Equality tests (``is``, ``in``, ``== "III"``) name categories, not thresholds; they are moved only
through their rule's weight.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kcscore.expr import ast as A
from kcscore.expr.render import to_source
from kcscore.policy.ir import Outcome, Policy, RuleIR
from kcscore.policy.model import Bonus, Criterion, Penalty

ORDERING = (">", ">=", "<", "<=")
WHOLE_TYPES = ("integer",)


@dataclass(frozen=True)
class Perturbation:
    """One change to one rule: its weight scaled, or one threshold of one band moved by one step."""

    key: str  # e.g. "weight:area_priority:+20%", "threshold:new_jobs:1:0:+"
    kind: str  # weight | threshold
    rule: str
    direction: int  # +1 up, -1 down
    factor: float | None = None  # weight: the multiplier of every point value
    outcome: int | None = None  # threshold: which band or sum item of the rule
    site: int | None = None  # threshold: which comparison inside that condition (walk order)
    field: str | None = None
    op: str | None = None
    old: float | None = None
    new: float | None = None
    band: str | None = None  # the band as written, e.g. "at_least 5"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "kind": self.kind, "rule": self.rule, "direction": self.direction}
        if self.kind == "weight":
            out["factor"] = self.factor
        else:
            out.update(band=self.band, field=self.field, op=self.op, old=_plain(self.old), new=_plain(self.new))
        return out


def _plain(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def threshold_step(field_type: str, value: float, threshold_step_pct: float) -> float:
    """One step on the field's scale: 1 for integer fields, else ``threshold_step_pct`` % of the value."""
    if field_type in WHOLE_TYPES:
        return 1.0
    if value == 0:
        return 1.0
    return round(abs(value) * threshold_step_pct / 100.0, 2) or 0.01


def sites(node: A.Node) -> Iterator[A.Compare]:
    """The comparisons of a field with a number under an ordering operator, in a fixed walk order."""
    if isinstance(node, A.Compare):
        if node.op in ORDERING and _field_and_number(node) is not None:
            yield node
        return
    if isinstance(node, A.Logic):
        for operand in node.operands:
            yield from sites(operand)
    elif isinstance(node, A.Not):
        yield from sites(node.operand)


def _field_and_number(node: A.Compare) -> tuple[str, float] | None:
    for field_node, other in ((node.left, node.right), (node.right, node.left)):
        if isinstance(field_node, A.Field) and isinstance(other, A.Num) and not isinstance(other.value, bool):
            return field_node.name, float(other.value)
    return None


def _replace_site(node: A.Node, target: int, value: float, counter: list[int]) -> A.Node:
    """``node`` with the ``target``-th site's number replaced by ``value`` (same walk as ``sites``)."""
    if isinstance(node, A.Compare):
        if node.op in ORDERING and _field_and_number(node) is not None:
            index = counter[0]
            counter[0] += 1
            if index == target:
                number = A.Num(int(value) if float(value).is_integer() else value)
                if isinstance(node.left, A.Num):
                    return dataclasses.replace(node, left=number)
                return dataclasses.replace(node, right=number)
        return node
    if isinstance(node, A.Logic):
        return dataclasses.replace(node, operands=tuple(_replace_site(o, target, value, counter) for o in node.operands))
    if isinstance(node, A.Not):
        return dataclasses.replace(node, operand=_replace_site(node.operand, target, value, counter))
    return node


def _pct(step_pct: float) -> str:
    return f"{step_pct:g}%"


def perturbations(policy: Policy, step_pct: float = 20.0, threshold_step_pct: float = 10.0) -> list[Perturbation]:
    """Every weight (down, then up) and every threshold (down, then up) of the pack's scored rules, in pack order."""
    out: list[Perturbation] = []
    for rule in policy.scored_rules:
        for direction in (-1, 1):
            sign = "+" if direction > 0 else "-"
            out.append(Perturbation(f"weight:{rule.id}:{sign}{_pct(step_pct)}", "weight", rule.id, direction,
                                    factor=1.0 + direction * step_pct / 100.0))
        for o_index, outcome in enumerate(rule.outcomes):
            if outcome.condition is None:
                continue
            for s_index, compare in enumerate(sites(policy.conditions[outcome.condition])):
                found = _field_and_number(compare)
                assert found is not None
                name, value = found
                field_type = policy.fields[name].type if name in policy.fields else "number"
                step = threshold_step(field_type, value, threshold_step_pct)
                for direction in (-1, 1):
                    new = round(value + direction * step, 6)
                    sign = "+" if direction > 0 else "-"
                    out.append(Perturbation(f"threshold:{rule.id}:{o_index}:{s_index}:{sign}", "threshold", rule.id,
                                            direction, outcome=o_index, site=s_index, field=name, op=compare.op,
                                            old=value, new=new, band=outcome.label))
    return out


def _scaled_rule(rule: RuleIR, factor: float) -> RuleIR:
    outcomes = tuple(dataclasses.replace(o, points=o.points * factor) for o in rule.outcomes)
    spec = rule.spec
    if isinstance(spec, Criterion) and spec.cap is not None:
        spec = spec.model_copy(update={"cap": spec.cap * factor})
    elif isinstance(spec, (Bonus, Penalty)) and getattr(spec, "points", None) is not None:
        spec = spec.model_copy(update={"points": spec.points * factor})  # type: ignore[operator]
    return dataclasses.replace(rule, outcomes=outcomes, spec=spec)


def moved_condition(policy: Policy, p: Perturbation) -> A.Node:
    """The perturbed band's condition with its threshold moved (the pack's condition is unchanged)."""
    assert p.kind == "threshold" and p.outcome is not None and p.site is not None and p.new is not None
    index = policy.rule(p.rule).outcomes[p.outcome].condition
    assert index is not None
    return _replace_site(policy.conditions[index], p.site, p.new, [0])


def apply(policy: Policy, p: Perturbation) -> Policy:
    """A copy of ``policy`` with ``p`` made; ``policy`` itself is left as it was.

    A moved threshold becomes a new condition appended to the table, and only the perturbed band
    points to it: the table de-duplicates conditions, so the same text elsewhere (a gate, another
    rule) keeps its own threshold.
    """
    rule = policy.rule(p.rule)
    conditions = list(policy.conditions)
    sources = list(policy.condition_sources)
    if p.kind == "weight":
        assert p.factor is not None
        new_rule = _scaled_rule(rule, p.factor)
    else:
        node = moved_condition(policy, p)
        conditions.append(node)
        sources.append(to_source(node))
        outcomes: list[Outcome] = list(rule.outcomes)
        outcomes[p.outcome] = dataclasses.replace(outcomes[p.outcome], condition=len(conditions) - 1)  # type: ignore[index]
        parts = dict(rule.parts)
        new_rule = dataclasses.replace(rule, outcomes=tuple(outcomes), parts=parts)
    rules = [new_rule if r.id == rule.id else r for r in policy.rules]
    return dataclasses.replace(policy, rules=rules, conditions=conditions, condition_sources=sources)
