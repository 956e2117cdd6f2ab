"""Divisions a condition can make by zero, found before any applicant is assessed.

At run time a ratio whose denominator is zero has no value (every evaluator gives *unknown*), and an
unknown gate holds an applicant as "incomplete" although no field is missing. A denominator that is
a constant zero (``workers / 0``, ``x / (2 - 2)``) can only ever do that: it is an error. A
denominator that is a field whose declared bounds in ``fields.yaml`` allow 0 (no ``min``, or
``min: 0`` without ``min_exclusive``) may do it for some applicant: it is a warning, unless the same
``and`` already requires that field to be above zero (``workers > 0 and revenue / workers > 1``).
"""

from __future__ import annotations

from dataclasses import dataclass

from kcscore.expr import ast as A
from kcscore.expr.types import NUMERIC_KINDS, FieldType


@dataclass(frozen=True)
class DivisionProblem:
    level: str  # "error": a constant zero divisor; "warning": a field divisor that may be 0
    code: str
    span: A.Span  # the divisor
    params: tuple[tuple[str, str], ...]


def constant_value(node: A.Node) -> float | None:
    """The value of an expression made only of numbers, else None (also for a division by zero)."""
    if isinstance(node, A.Num):
        return float(node.value)
    if isinstance(node, A.Neg):
        inner = constant_value(node.operand)
        return None if inner is None else -inner
    if isinstance(node, A.Arith):
        left, right = constant_value(node.left), constant_value(node.right)
        if left is None or right is None:
            return None
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        return None if right == 0 else left / right
    return None


def _may_be_zero(spec: FieldType) -> bool:
    """Whether 0 lies within the field's declared bounds."""
    if spec.kind not in NUMERIC_KINDS:
        return False
    above = spec.minimum is None or spec.minimum < 0 or (spec.minimum == 0 and not spec.exclusive_minimum)
    below = spec.maximum is None or spec.maximum >= 0
    return above and below


def _guarded(condition: A.Node) -> set[str]:
    """Fields that an ``and`` at the top of the condition requires to be above zero (or non-zero)."""
    operands = condition.operands if isinstance(condition, A.Logic) and condition.op == "and" else (condition,)
    out = set()
    for operand in operands:
        if not isinstance(operand, A.Compare):
            continue
        pairs = ((operand.left, operand.op, operand.right),
                 (operand.right, {">": "<", "<": ">", ">=": "<=", "<=": ">="}.get(operand.op, operand.op), operand.left))
        for field, op, bound in pairs:
            value = constant_value(bound)
            if not isinstance(field, A.Field) or value is None:
                continue
            if (op == ">" and value >= 0) or (op == ">=" and value > 0) or (op == "!=" and value == 0):
                out.add(field.name)
    return out


def _divisions(node: A.Node) -> list[A.Arith]:
    found: list[A.Arith] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, A.Arith):
            if current.op == "/":
                found.append(current)
            stack.extend((current.right, current.left))
        elif isinstance(current, (A.Neg, A.Not)):
            stack.append(current.operand)
        elif isinstance(current, A.Compare):
            stack.extend((current.right, current.left))
        elif isinstance(current, A.In):
            stack.append(current.operand)
        elif isinstance(current, A.Logic):
            stack.extend(reversed(current.operands))
    found.sort(key=lambda division: division.right.span.start)
    return found


def division_problems(condition: A.Node, fields: dict[str, FieldType]) -> list[DivisionProblem]:
    """Every division in a well-typed condition by a constant zero (error) or by a field that may be 0 (warning)."""
    problems: list[DivisionProblem] = []
    guarded: set[str] | None = None
    for division in _divisions(condition):
        divisor = division.right
        inner = divisor.operand if isinstance(divisor, A.Neg) else divisor
        if constant_value(divisor) == 0:
            problems.append(DivisionProblem("error", "K027", divisor.span, ()))
        elif isinstance(inner, A.Field) and inner.name in fields and _may_be_zero(fields[inner.name]):
            guarded = _guarded(condition) if guarded is None else guarded
            if inner.name not in guarded:
                problems.append(DivisionProblem("warning", "K028", divisor.span, (("field", inner.name),)))
    return problems
