"""Points left on the table: which change to an applicant would earn more, and how much.

Suggestions are computed from the rules themselves: for each criterion below its maximum, the next
better band (or a sum item not yet earned) is analysed into per-field constraints, the closest
values are chosen, and the change is **applied and re-scored** with the reference evaluator. Only
a change whose gain is confirmed is ever shown, with the confirmed gain. Fields marked
``actionable: false`` in the schema (where the facility is, its zone) are never suggested, nor is a
change away from an enum value marked ``fixed: true`` (a trade that does not process).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kcscore.assess import outcomes as O
from kcscore.assess.result import Assessment, Suggestion
from kcscore.assess.scale import Tally
from kcscore.engine.base import PythonEvaluator, Truth
from kcscore.expr.analysis import Analyzer, Interval
from kcscore.kinds.registry import earns

if TYPE_CHECKING:
    from kcscore.assess.assessor import Assessor
    from kcscore.policy.model import FieldSpec


def _total(assessor: Assessor, truths: Sequence[Truth]) -> float:
    """The score (``assess.scale``) of an applicant with these truths."""
    tally = Tally(assessor.full_max, assessor.policy.meta.max_score)
    for rule in assessor.policy.scored_rules:
        tally.add(rule, O.scored(rule, truths))
    return tally.low


def _pick_number(intervals: tuple[Interval, ...], current: float | None, spec: FieldSpec) -> tuple[float, Interval] | None:
    best: tuple[float, float, Interval] | None = None
    step = 1 if spec.type in ("integer", "money") else 0.1
    for iv in intervals:
        if current is not None and (iv.lo < current or (iv.lo == current and iv.lo_closed)) and \
                (current < iv.hi or (current == iv.hi and iv.hi_closed)):
            return current, iv
        if current is None or current < iv.lo:
            candidate = iv.lo if iv.lo_closed else iv.lo + step
            if math.isinf(candidate):
                continue
        else:
            candidate = iv.hi if iv.hi_closed else iv.hi - step
            if math.isinf(candidate):
                continue
        if spec.type in ("integer", "money"):
            candidate = float(math.ceil(candidate)) if (current is None or current < iv.lo) else float(math.floor(candidate))
        distance = abs(candidate - (current or 0.0))
        if best is None or distance < best[0]:
            best = (distance, candidate, iv)
    return (best[1], best[2]) if best else None


def _changes(analyzer: Analyzer, node: Any, record: Mapping[str, Any], fields: Mapping[str, FieldSpec]
             ) -> tuple[dict[str, Any], dict[str, tuple[float, bool, float, bool]]] | None:
    """The closest change that meets ``node``: the new value of each field, and for each number the
    range it must reach (what the suggestion names as the target)."""
    witness = analyzer.witness(node)
    if not witness:
        return None
    changes: dict[str, Any] = {}
    targets: dict[str, tuple[float, bool, float, bool]] = {}
    for name, constraint in witness.items():
        spec = fields[name]
        current = record.get(name)
        if isinstance(constraint, frozenset):
            if current in constraint:
                continue
            if spec.type == "enum" and current in spec.values and spec.values[current].fixed:
                return None  # e.g. "deep processing" proposed to a brick maker, who does not process
            options = [v for v in (spec.values if spec.type == "enum" else (True, False)) if v in constraint]
            if not options:
                return None
            changes[name] = options[0]
        else:
            picked = _pick_number(constraint, current, spec)
            if picked is None:
                return None
            value, iv = picked
            if current is not None and value == current:
                continue
            changes[name] = int(value) if spec.type in ("integer", "money") else value
            targets[name] = (iv.lo, iv.lo_closed, iv.hi, iv.hi_closed)
    if any(not getattr(fields[n], "actionable", True) for n in changes):
        return None
    return (changes, targets) if changes else None


def suggest(assessor: Assessor, record: Mapping[str, Any], truths: Sequence[Truth], assessment: Assessment) -> list[Suggestion]:
    policy = assessor.policy
    reference = PythonEvaluator(policy.conditions)
    analyzer = Analyzer(policy.field_types)
    base_total = _total(assessor, truths)
    out: list[Suggestion] = []
    for rule in policy.scored_rules:
        if not earns(rule.kind):  # only points the applicant can gain are suggested
            continue
        outcome = O.scored(rule, truths)
        if outcome.status != "scored" or (outcome.low or 0.0) >= rule.max_points:
            continue
        current_points = outcome.low or 0.0
        if rule.is_sum:
            targets = [o for i, o in enumerate(rule.outcomes) if i not in outcome.reached and o.points > 0]
        else:
            targets = sorted((o for o in rule.outcomes if o.points > current_points and o.condition is not None),
                             key=lambda o: o.points)
        for target in targets:
            found = _changes(analyzer, policy.conditions[target.condition], record, policy.fields)  # type: ignore[index]
            if found is None:
                continue
            changes, ranges = found
            changed = {**record, **changes}
            gain = _total(assessor, reference.evaluate(changed)) - base_total
            if gain <= 0:
                continue
            (field_name, proposed), = list(changes.items())[:1]
            out.append(Suggestion(rule.id, field_name, record.get(field_name), proposed, gain, dict(changes), ranges))
            break
    return out
