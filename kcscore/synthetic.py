"""Plausible synthetic applicants for a pack: for benchmarks, property tests and demonstrations.

Values are drawn from each field's declared type, bounds and enum values, with a share of blanks,
and clustered around the thresholds the pack's conditions use, so every band is exercised.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from kcscore.expr import ast as A
from kcscore.policy.ir import Policy


def thresholds(policy: Policy) -> dict[str, list[float]]:
    """Numeric constants each field is compared with anywhere in the pack."""
    found: dict[str, set[float]] = {}

    def walk(node: A.Node) -> None:
        if isinstance(node, A.Compare):
            for field, other in ((node.left, node.right), (node.right, node.left)):
                if isinstance(field, A.Field) and A.is_literal(other):
                    value = A.literal_value(other)
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        found.setdefault(field.name, set()).add(float(value))
            walk(node.left)
            walk(node.right)
        elif isinstance(node, A.Logic):
            for op in node.operands:
                walk(op)
        elif isinstance(node, (A.Not, A.Neg)):
            walk(node.operand)
        elif isinstance(node, A.Arith):
            walk(node.left)
            walk(node.right)

    for node in policy.conditions:
        walk(node)
    return {k: sorted(v) for k, v in found.items()}


def applicant(policy: Policy, rng: random.Random, index: int, blank_rate: float = 0.05,
              near: dict[str, list[float]] | None = None) -> dict[str, Any]:
    near = thresholds(policy) if near is None else near
    record: dict[str, Any] = {}
    for name, spec in policy.fields.items():
        if name == "id":
            record[name] = f"A{index:07d}"
            continue
        if name == "name":
            record[name] = f"Cơ sở số {index}"
            continue
        if not spec.required and rng.random() < blank_rate:
            record[name] = None
            continue
        kind = spec.type
        if kind == "enum":
            record[name] = rng.choice(list(spec.values))
        elif kind == "boolean":
            record[name] = rng.random() < 0.5
        elif kind == "date":
            record[name] = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 2400))
        elif kind == "text":
            record[name] = f"{name} {rng.randrange(1000)}"
        elif kind == "money" and not near.get(name):
            record[name] = int(round(10 ** rng.uniform(7, 9.5), -6)) or 1_000_000
        else:
            low = spec.min if spec.min is not None else 0.0
            high = spec.max if spec.max is not None else max([low + 1000.0, *[t * 2 for t in near.get(name, [])]])
            points = near.get(name)
            if points and rng.random() < 0.6:
                value = rng.choice(points) + rng.choice([-1, 0, 0, 1])
            else:
                value = rng.uniform(low, high)
            value = min(max(value, low), high)
            if spec.min_exclusive and value <= low:
                value = low + 1
            if kind in ("integer", "money"):
                value = int(round(value))
                if spec.min_exclusive and value <= low:
                    value = int(low) + 1
            elif kind == "percent":
                value = round(value, 1)
            record[name] = value
    for rule in policy.of_kind("support"):
        cost, requested = rule.spec.cost_field, rule.spec.requested_field  # type: ignore[union-attr]
        if record.get(cost) and record.get(requested) is not None and rng.random() < 0.9:
            record[requested] = int(round(record[cost] * rng.uniform(0.05, 0.6), -5))
        break
    return record


def applicants(policy: Policy, count: int, seed: int = 0, blank_rate: float = 0.05) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    near = thresholds(policy)
    return [applicant(policy, rng, i, blank_rate, near) for i in range(count)]
