"""Evaluate a condition directly in Python, with three-valued (Kleene) logic.

``None`` means *unknown*: a field the condition needs is blank. ``unknown and false`` is false and
``unknown or true`` is true, so a blank that cannot change the outcome does not hold it up. A
ratio whose denominator is zero is also unknown, and so is an arithmetic result too large to be a
number, and so is ``contains`` on a blank (or all-whitespace) text. Dates are ``datetime.date``
values; the as-of date is the record's ``as_of`` entry (see ``kcscore.policy.asof``). This evaluator is the reference the engines are
checked against, and what the explanation layer uses to verify "what would earn more points".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from kcscore.expr import ast as A
from kcscore.expr.textmatch import matches

Truth = bool | None

_COMPARE = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def value(node: A.Node, record: Mapping[str, Any]) -> Any:
    """The value of a non-boolean node, or None when it depends on a blank field."""
    if isinstance(node, (A.Num, A.Str, A.Bool, A.Date)):
        return node.value
    if isinstance(node, A.Field):
        return record.get(node.name)
    if isinstance(node, A.Neg):
        inner = value(node.operand, record)
        return None if inner is None else -inner
    if isinstance(node, A.Arith):
        left, right = value(node.left, record), value(node.right, record)
        if left is None or right is None:
            return None
        if node.op == "+":
            result = left + right
        elif node.op == "-":
            result = left - right
        elif node.op == "*":
            result = left * right
        elif right == 0:
            return None
        else:
            result = left / right
        # a result too large for a number (x divided by a vanishingly small y) has no value, like
        # a ratio by zero: unknown, never infinity
        return None if isinstance(result, float) and not math.isfinite(result) else result
    return truth(node, record)


def truth(node: A.Node, record: Mapping[str, Any]) -> Truth:
    """True, False, or None (unknown) for a boolean node."""
    if isinstance(node, A.Compare):
        left, right = value(node.left, record), value(node.right, record)
        if left is None or right is None:
            return None
        return bool(_COMPARE[node.op](left, right))
    if isinstance(node, A.In):
        operand = value(node.operand, record)
        if operand is None:
            return None
        found = any(operand == A.literal_value(item) for item in node.items)
        return found != node.negated
    if isinstance(node, A.Contains):
        text = value(node.operand, record)
        return matches(text, tuple(item.value for item in node.items))
    if isinstance(node, A.Logic):
        results = [truth(op, record) for op in node.operands]
        decisive = node.op == "or"  # True decides an "or"; False decides an "and"
        if decisive in results:
            return decisive
        if None in results:
            return None
        return not decisive
    if isinstance(node, A.Not):
        inner = truth(node.operand, record)
        return None if inner is None else not inner
    if isinstance(node, A.Field):
        result = record.get(node.name)
        return None if result is None else bool(result)
    if isinstance(node, A.Bool):
        return node.value
    raise TypeError(f"not a condition: {node!r}")
