"""Compile condition ASTs, once, into numpy operations over whole columns.

The meaning is exactly that of ``kcscore.expr.evaluate`` (the reference), step by step:

- truths are uint8 codes 0 false, 1 unknown, 2 true; in that order Kleene's ``and`` is the
  minimum, ``or`` the maximum and ``not`` is ``2 - x`` (unknown stays unknown);
- a comparison, ``in`` or arithmetic result is unknown wherever an operand is blank, and a
  division is unknown wherever its denominator is zero (checked before dividing, as the reference
  does);
- numbers are float64 with a separate *known* mask (NaN is never used to mean blank here, so a
  NaN produced by arithmetic compares false exactly as in Python);
- wherever a value or an intermediate result reaches 2**53 in magnitude, float64 may no longer be
  Python's exact integer arithmetic: such rows are marked *risky* and the evaluator hands them to
  the reference evaluator (see ``vector_columns``);
- a subtree that reads no field is folded to a constant with the reference evaluator itself;
- dates are ordinal day numbers in a ``NumColumn`` (exact: far below 2**53), so date comparisons
  are the numeric ones;
- ``contains``/``contains_any`` searches, as plain substrings (no regular expression), the
  distinct values of a column folded once per batch by ``textmatch.fold``; a blank or all-whitespace text is unknown.

Equal subtrees compile to one step, and each step runs at most once per batch.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Union

import numpy as np

from kcscore.engine.vector_columns import EXACT_BELOW, NumColumn, TextColumn, TruthColumn
from kcscore.expr import ast as A
from kcscore.expr.evaluate import truth as reference_truth
from kcscore.expr.evaluate import value as reference_value
from kcscore.expr.textmatch import fold
from kcscore.expr.types import FieldType

FALSE, UNKNOWN, TRUE = 0, 1, 2
Vector = Union[NumColumn, TextColumn, TruthColumn]
Step = Callable[["Context"], Vector]

_ORDER = {"==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal, ">": np.greater,
          ">=": np.greater_equal}
_ARITH = {"+": np.add, "-": np.subtract, "*": np.multiply}


class Context:
    """One batch: its columns and the results of the steps already run on them."""

    def __init__(self, columns: Any) -> None:  # FrameColumns or vector_arrays.ArrayColumns
        self.columns = columns
        self.memo: dict[int, Vector] = {}


def codes_of(holds: Any, known: Any) -> np.ndarray:
    """Truth codes from a boolean result and the mask of rows where it is known."""
    holds = np.asarray(holds, dtype=bool)
    known = np.asarray(known, dtype=bool)
    return ((holds & known).astype(np.uint8) << 1) | (~known).astype(np.uint8)


def either(a: Any, b: Any) -> Any:
    """Union of two optional risky masks (None means no row is risky)."""
    if a is None:
        return b
    if b is None:
        return a
    return np.logical_or(a, b)


def _beyond_exact(values: Any, known: Any) -> Any:
    """Known rows whose float64 value is at or past 2**53, or NaN/infinite; None if there are none."""
    big = np.logical_and(known, ~(np.abs(values) < EXACT_BELOW))
    return big if np.any(big) else None


def _as_num(column: TruthColumn) -> NumColumn:
    """A boolean read as a number, as Python does (True == 1)."""
    codes = column.codes
    return NumColumn((codes == TRUE).astype(np.float64), codes != UNKNOWN, column.risky)


def _constant(kind: str, result: Any) -> Vector:
    """A folded subtree as a vector that broadcasts against any column; a value float64 cannot
    hold exactly makes every row risky, so the reference decides them."""
    if kind == "num":
        if result is None:
            return NumColumn(np.float64(0.0), np.bool_(False), None)
        if isinstance(result, int) and abs(result) >= EXACT_BELOW:
            return NumColumn(np.float64(0.0), np.bool_(True), np.bool_(True))
        value = np.float64(result)
        return NumColumn(value, np.bool_(True), None if abs(value) < EXACT_BELOW else np.bool_(True))
    if kind == "date":
        if result is None:
            return NumColumn(np.float64(0.0), np.bool_(False), None)
        return NumColumn(np.float64(result.toordinal()), np.bool_(True), None)
    if kind == "str":
        return TextColumn(np.bool_(result is not None), objects=np.array("" if result is None else result, dtype=object))
    return TruthColumn(np.uint8(UNKNOWN if result is None else (TRUE if result else FALSE)))


class Compiler:
    def __init__(self, field_types: dict[str, FieldType]) -> None:
        self.types = field_types
        self._steps: dict[tuple[str, A.Node], Step] = {}

    # -- static kinds ----------------------------------------------------------------------------
    def kind(self, node: A.Node) -> str:
        """num, str, date or bool: what ``value(node)`` holds when it is known."""
        if isinstance(node, (A.Neg, A.Arith)):
            return "num"
        literal = A.literal_type(node)
        if literal is not None:
            return literal
        if isinstance(node, A.Field):
            spec = self.types.get(node.name)
            if spec is None:
                raise ValueError(f"a condition reads the field '{node.name}', which has no declared type")
            kind = spec.expr_type
            if kind not in ("num", "str", "bool", "date"):
                raise ValueError(f"conditions cannot read the {spec.kind} field '{node.name}'")
            return kind
        return "bool"

    # -- registration with per-batch memoisation --------------------------------------------------
    def _register(self, role: str, node: A.Node, build: Callable[[], Step]) -> Step:
        key = (role, node)
        found = self._steps.get(key)
        if found is not None:
            return found
        if not A.fields_of(node):
            folded = self._fold(role, node)
            if folded is not None:
                self._steps[key] = folded
                return folded
        inner = build()
        slot = len(self._steps)

        def step(ctx: Context) -> Vector:
            result = ctx.memo.get(slot)
            if result is None:
                result = ctx.memo[slot] = inner(ctx)
            return result

        self._steps[key] = step
        return step

    def _fold(self, role: str, node: A.Node) -> Step | None:
        try:
            if role == "truth":
                constant = _constant("bool", reference_truth(node, {}))
            else:
                constant = _constant(self.kind(node), reference_value(node, {}))
        except ArithmeticError:
            return None  # left to run, so the reference reports it on each row
        return lambda ctx: constant

    # -- values ----------------------------------------------------------------------------------
    def value(self, node: A.Node) -> Step:
        return self._register("value", node, lambda: self._build_value(node))

    def _build_value(self, node: A.Node) -> Step:
        if isinstance(node, A.Field):
            kind, name = self.kind(node), node.name
            if kind == "num":
                return lambda ctx: ctx.columns.num(name)
            if kind == "date":
                return lambda ctx: ctx.columns.date(name)
            if kind == "str":
                return lambda ctx: ctx.columns.text(name)
            return lambda ctx: ctx.columns.truth(name)
        if isinstance(node, A.Neg):
            operand = self.num(node.operand)
            return lambda ctx: (lambda c: NumColumn(-c.values, c.known, c.risky))(operand(ctx))
        if isinstance(node, A.Arith):
            return self._arith(node)
        return self.truth(node)

    def num(self, node: A.Node) -> Step:
        """A numeric operand; a boolean one reads as 0/1 as in Python."""
        step = self.value(node)
        if self.kind(node) == "bool":
            return lambda ctx: _as_num(step(ctx))  # type: ignore[arg-type]
        if self.kind(node) != "num":
            raise TypeError(f"arithmetic on text: {node!r}")
        return step

    def _arith(self, node: A.Arith) -> Step:
        left, right = self.num(node.left), self.num(node.right)
        if node.op == "/":
            def divide(ctx: Context) -> NumColumn:
                a, b = left(ctx), right(ctx)
                nonzero = b.values != 0
                known = a.known & b.known & nonzero
                values = np.divide(a.values, np.where(nonzero, b.values, 1.0))
                return NumColumn(values, known, either(either(a.risky, b.risky), _beyond_exact(values, known)))
            return divide
        ufunc = _ARITH[node.op]

        def arith(ctx: Context) -> NumColumn:
            a, b = left(ctx), right(ctx)
            known = a.known & b.known
            values = ufunc(a.values, b.values)
            return NumColumn(values, known, either(either(a.risky, b.risky), _beyond_exact(values, known)))
        return arith

    # -- truths ----------------------------------------------------------------------------------
    def truth(self, node: A.Node) -> Step:
        return self._register("truth", node, lambda: self._build_truth(node))

    def _build_truth(self, node: A.Node) -> Step:
        if isinstance(node, A.Compare):
            return self._compare(node)
        if isinstance(node, A.In):
            return self._membership(node)
        if isinstance(node, A.Contains):
            return self._contains(node)
        if isinstance(node, A.Logic):
            parts = [self.truth(op) for op in node.operands]
            combine = np.maximum if node.op == "or" else np.minimum

            def logic(ctx: Context) -> TruthColumn:
                results = [p(ctx) for p in parts]
                codes = functools.reduce(combine, (r.codes for r in results))
                risky = functools.reduce(either, (r.risky for r in results))
                return TruthColumn(codes, risky)
            return logic
        if isinstance(node, A.Not):
            inner = self.truth(node.operand)
            return lambda ctx: (lambda r: TruthColumn(np.uint8(TRUE) - r.codes, r.risky))(inner(ctx))
        if isinstance(node, A.Field):
            kind, name = self.kind(node), node.name
            if kind == "bool":
                return lambda ctx: ctx.columns.truth(name)
            if kind == "num":
                return lambda ctx: (lambda c: TruthColumn(codes_of(c.values != 0, c.known)))(ctx.columns.num(name))
            return lambda ctx: (lambda c: TruthColumn(codes_of(c.objects != "", c.known)))(ctx.columns.text(name))
        raise TypeError(f"not a condition: {node!r}")  # a bare number or text, as the reference says

    def _compare(self, node: A.Compare) -> Step:
        op, left_node, right_node = node.op, node.left, node.right
        lk, rk = self.kind(left_node), self.kind(right_node)
        if lk == rk == "date":
            left_day, right_day = self.value(left_node), self.value(right_node)
            order = _ORDER[op]

            def days(ctx: Context) -> TruthColumn:
                a, b = left_day(ctx), right_day(ctx)
                return TruthColumn(codes_of(order(a.values, b.values), a.known & b.known))  # type: ignore[union-attr]
            return days
        if "num" in (lk, rk) and {lk, rk} <= {"num", "bool"}:
            left, right = self.num(left_node), self.num(right_node)
            ufunc = _ORDER[op]

            def numeric(ctx: Context) -> TruthColumn:
                a, b = left(ctx), right(ctx)
                return TruthColumn(codes_of(ufunc(a.values, b.values), a.known & b.known), either(a.risky, b.risky))
            return numeric
        left, right = self.value(left_node), self.value(right_node)
        if lk == rk == "bool":
            ufunc = _ORDER[op]  # codes keep False < True

            def boolean(ctx: Context) -> TruthColumn:
                a, b = left(ctx), right(ctx)
                known = (a.codes != UNKNOWN) & (b.codes != UNKNOWN)  # type: ignore[union-attr]
                return TruthColumn(codes_of(ufunc(a.codes, b.codes), known), either(a.risky, b.risky))  # type: ignore[union-attr]
            return boolean
        if lk == rk == "str":
            return self._compare_text(op, left_node, right_node)
        if op not in ("==", "!="):
            raise TypeError(f"cannot order a {lk} against a {rk}: {node!r}")

        def mixed(ctx: Context) -> TruthColumn:  # text against a number or a boolean: never equal
            a, b = left(ctx), right(ctx)
            known = np.logical_and(_known(a), _known(b))
            return TruthColumn(codes_of(np.bool_(op == "!="), known))
        return mixed

    def _compare_text(self, op: str, left_node: A.Node, right_node: A.Node) -> Step:
        if isinstance(left_node, A.Str) and isinstance(right_node, A.Field) and op in ("==", "!="):
            left_node, right_node = right_node, left_node
        if isinstance(left_node, A.Field) and isinstance(right_node, A.Str) and op in ("==", "!="):
            field_step, literal, negate = self.value(left_node), right_node.value, op == "!="

            def against_literal(ctx: Context) -> TruthColumn:
                column: TextColumn = field_step(ctx)  # type: ignore[assignment]
                if column.codes is not None:
                    code = column.position.get(literal, -1)
                    equal = column.codes == code if code >= 0 else np.zeros(len(column.codes), dtype=bool)
                else:
                    equal = np.asarray(column.objects == literal, dtype=bool)
                return TruthColumn(codes_of(equal != negate, column.known))
            return against_literal
        left, right = self.value(left_node), self.value(right_node)
        ufunc = _ORDER[op]

        def general(ctx: Context) -> TruthColumn:
            a, b = left(ctx), right(ctx)
            holds = np.asarray(ufunc(a.objects, b.objects), dtype=bool)  # type: ignore[union-attr]
            return TruthColumn(codes_of(holds, np.logical_and(a.known, b.known)))  # type: ignore[union-attr]
        return general

    def _contains(self, node: A.Contains) -> Step:
        if not isinstance(node.operand, A.Field):
            raise TypeError(f"contains on something other than a field: {node!r}")
        name = node.operand.name
        patterns = list(dict.fromkeys(fold(item.value) for item in node.items))

        def contains(ctx: Context) -> TruthColumn:
            known, folded = ctx.columns.folded(name)
            found = np.zeros(len(folded), dtype=bool)
            for pattern in patterns:
                found |= folded.contains(pattern)
            return TruthColumn(codes_of(found, known))
        return contains

    def _membership(self, node: A.In) -> Step:
        items = [A.literal_value(item) for item in node.items]
        negated = node.negated
        if self.kind(node.operand) == "date":
            operand_day = self.value(node.operand)
            wanted_days = np.array([float(v.toordinal()) for v in items], dtype=np.float64)

            def day_in(ctx: Context) -> TruthColumn:
                column: NumColumn = operand_day(ctx)  # type: ignore[assignment]
                found = np.isin(np.asarray(column.values), wanted_days)
                return TruthColumn(codes_of(found != negated, column.known))
            return day_in
        if self.kind(node.operand) == "str":
            operand = self.value(node.operand)
            texts = [v for v in items if isinstance(v, str)]  # nothing else equals a string

            def text_in(ctx: Context) -> TruthColumn:
                column: TextColumn = operand(ctx)  # type: ignore[assignment]
                if column.codes is not None:
                    wanted = [code for code in map(column.position.get, texts) if code is not None]
                    found = np.isin(column.codes, np.array(wanted, dtype=column.codes.dtype))
                else:
                    wanted_texts = set(texts)
                    found = np.fromiter((value in wanted_texts for value in column.objects.tolist()), dtype=bool,
                                        count=len(column.objects))
                return TruthColumn(codes_of(found != negated, column.known))
            return text_in
        operand_num = self.num(node.operand)
        numbers = [float(v) for v in items if isinstance(v, (int, float))]  # bools count as 0/1, as in Python
        wide = any(isinstance(v, int) and not isinstance(v, bool) and abs(v) >= EXACT_BELOW for v in items)
        wanted_array = np.array(numbers, dtype=np.float64)

        def number_in(ctx: Context) -> TruthColumn:
            column = operand_num(ctx)
            found = np.isin(np.asarray(column.values), wanted_array)
            risky = either(column.risky, np.bool_(True) if wide else None)
            return TruthColumn(codes_of(found != negated, column.known), risky)
        return number_in


def _known(vector: Vector) -> Any:
    if isinstance(vector, TruthColumn):
        return vector.codes != UNKNOWN
    return vector.known
