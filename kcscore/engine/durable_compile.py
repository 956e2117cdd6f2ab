"""Compile typed conditions into durable-rules rulesets.

Each condition *i* becomes two engine rules: ``t<i>`` fires when it is true and ``f<i>`` when it is
false (negation pushed down with De Morgan). A condition with a blank field fires neither, which is
exactly Kleene's *unknown*, decided by the engine itself. Traps of durable-rules 2.0.28 avoided here
(see ``research/durable-rules.md``):

- ``$m`` arithmetic on a missing field fires at random: every referenced field gets an ``$ex`` guard;
- integer ``$div`` by zero kills the process: division is never compiled, it is computed in
  Python into a derived fact field (zero denominator gives a blank, i.e. unknown);
- more than 64 true alpha tests per fact raise error 303: rules are packed into shards whose
  worst-case test count stays under ``MAX_TESTS_PER_SHARD``;
- an unmatched fact raises: every shard has a catch-all rule on the ``__a`` marker every fact has;
- ``$nex`` alone matches the engine's own state fact: ``$nex`` is never emitted;
- fact keys are prefixed, so a field called ``id`` or ``sid`` cannot collide with the engine's own;
- dates are compared as ordinal day numbers (``date.toordinal``): the engine compares numbers, and a
  date as text would compare as a string. Date literals are compiled to their day number and date
  fields (``submitted_on``, ``as_of``) are asserted as theirs;
- ``contains``/``contains_any`` has no engine operator on accent-folded text (``$imt`` folds only
  ASCII case and cannot be negated): like a division, the match is computed in Python into a
  derived fact field, true, false or absent (a blank text), and the engine tests that field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kcscore.expr import ast as A
from kcscore.expr.evaluate import value as eval_value

MAX_TESTS_PER_SHARD = 56
MAX_PROPERTIES = 240
MARKER = "__a"
ALWAYS: dict[str, Any] = {"$ex": {MARKER: 1}}
NEVER: dict[str, Any] = {"$ex": {"__never": 1}}

_OPS = {"==": "$eq", "!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
_ARITH = {"+": "$add", "-": "$sub", "*": "$mul"}


def engine_value(value: Any) -> Any:
    """A literal or computed value as the engine compares it: a date becomes its day number."""
    if isinstance(value, dt.date):
        return value.toordinal()
    return value


def fact_key(field_name: str) -> str:
    return "v_" + field_name


@dataclass
class Derived:
    """A value computed in Python before the fact is asserted (left-hand sides, divisions)."""

    key: str
    node: A.Node


@dataclass
class CompiledConditions:
    """A pack's conditions as durable-rules expressions, the values computed before the engine sees a fact, and the fields read."""

    rules: dict[str, dict[str, Any]]  # engine rule name -> expression (the "m" alias)
    derived: list[Derived] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)

    def shards(self) -> list[dict[str, Any]]:
        """Rulesets, each within the engine's alpha-stack limit, each with a catch-all rule."""
        out: list[dict[str, Any]] = []
        current: dict[str, Any] = {}
        used = 0
        for name, expr in self.rules.items():
            cost = count_tests(expr)
            if current and used + cost > MAX_TESTS_PER_SHARD:
                out.append(current)
                current, used = {}, 0
            current[name] = {"all": [{"m": expr}]}
            used += cost
        if current or not out:
            out.append(current)
        for ruleset in out:
            ruleset["__all"] = {"all": [{"m": ALWAYS}], "pri": 65000}
        return out


def count_tests(expr: Any) -> int:
    """Worst-case number of alpha tests an expression can make true at once."""
    if isinstance(expr, dict):
        total = 0
        for key, value in expr.items():
            if key == "$or" and _exclusive_equalities(value):
                total += 1  # equalities of one key to different values: at most one is true
            elif key in ("$and", "$or"):
                total += sum(count_tests(v) for v in value)
            else:
                total += 1
        return total
    return 1


def _exclusive_equalities(tests: list[Any]) -> bool:
    keys = set()
    for test in tests:
        if not (isinstance(test, dict) and len(test) == 1):
            return False
        (key, value), = test.items()
        if key.startswith("$") or isinstance(value, (dict, list)):
            return False
        keys.add(key)
    return len(keys) == 1


class _Compiler:
    def __init__(self) -> None:
        self.derived: dict[A.Node, Derived] = {}
        self.fields: dict[str, None] = {}

    def derive(self, node: A.Node) -> str:
        if node not in self.derived:
            self.derived[node] = Derived(f"__d{len(self.derived)}", node)
        for name in A.fields_of(node):
            self.fields.setdefault(name, None)
        return self.derived[node].key

    def key(self, name: str) -> str:
        self.fields.setdefault(name, None)
        return fact_key(name)

    # -- arithmetic --------------------------------------------------------------------------
    def operand(self, node: A.Node, guards: list[str]) -> Any:
        """An engine arithmetic operand; collects the fact keys that need an $ex guard."""
        if isinstance(node, A.Num):
            return node.value
        if isinstance(node, A.Field):
            key = self.key(node.name)
            guards.append(key)
            return {"$m": key}
        if isinstance(node, A.Neg):
            return {"$mul": {"$l": -1, "$r": self.operand(node.operand, guards)}}
        if isinstance(node, A.Arith) and node.op in _ARITH:
            return {_ARITH[node.op]: {"$l": self.operand(node.left, guards), "$r": self.operand(node.right, guards)}}
        key = self.derive(node)
        guards.append(key)
        return {"$m": key}

    @staticmethod
    def _has_division(node: A.Node) -> bool:
        if isinstance(node, A.Arith):
            return node.op == "/" or _Compiler._has_division(node.left) or _Compiler._has_division(node.right)
        if isinstance(node, A.Neg):
            return _Compiler._has_division(node.operand)
        return False

    # -- comparisons -------------------------------------------------------------------------
    @staticmethod
    def fold(node: A.Node) -> A.Node | None:
        """Arithmetic on constants only, computed now: the engine never fires such expressions.

        None means the constant expression has no value (a division by zero): the comparison is
        then unknown for every applicant, as in the reference evaluator.
        """
        if isinstance(node, (A.Arith, A.Neg)) and not A.fields_of(node):
            result = eval_value(node, {})
            return None if result is None else A.Num(result)
        if isinstance(node, A.Arith):
            left, right = _Compiler.fold(node.left), _Compiler.fold(node.right)
            if left is None or right is None:
                return None
            return A.Arith(node.op, left, right)
        if isinstance(node, A.Neg):
            inner = _Compiler.fold(node.operand)
            return None if inner is None else A.Neg(inner)
        return node

    def compare(self, op: str, left: A.Node, right: A.Node) -> dict[str, Any]:
        folded_left, folded_right = self.fold(left), self.fold(right)
        if folded_left is None or folded_right is None:
            return NEVER
        left, right = folded_left, folded_right
        if not isinstance(left, A.Field) and isinstance(right, A.Field):
            left, right, op = right, left, A.FLIPPED_COMPARISON[op]
        if isinstance(left, A.Field):
            key = self.key(left.name)
        else:
            key = self.derive(left)
        if A.is_literal(right):
            value = engine_value(A.literal_value(right))
            return {key: value} if op == "==" else {_OPS[op]: {key: value}}
        guards = [key]
        if self._has_division(right):
            target: Any = {"$m": self.derive(right)}
            guards.append(target["$m"])
        else:
            target = self.operand(right, guards)
        checks: list[dict[str, Any]] = [{"$ex": {g: 1}} for g in dict.fromkeys(guards)]
        checks.append({_OPS[op]: {key: target}})
        return {"$and": checks}

    def truth(self, node: A.Node, positive: bool) -> dict[str, Any]:
        """The engine expression that holds when ``node`` is ``positive`` (True or False)."""
        if isinstance(node, A.Not):
            return self.truth(node.operand, not positive)
        if isinstance(node, A.Logic):
            parts = [self.truth(op, positive) for op in node.operands]
            conjunctive = (node.op == "and") == positive
            return {"$and" if conjunctive else "$or": parts}
        if isinstance(node, A.Bool):
            return ALWAYS if node.value == positive else NEVER
        if isinstance(node, A.Field):
            return {self.key(node.name): positive}
        if isinstance(node, A.Compare):
            op = node.op if positive else A.NEGATED_COMPARISON[node.op]
            return self.compare(op, node.left, node.right)
        if isinstance(node, A.Contains):
            return {self.derive(node): positive}  # computed in Python: see the module docstring
        if isinstance(node, A.In):
            member = positive != node.negated
            key = self.key(node.operand.name) if isinstance(node.operand, A.Field) else self.derive(node.operand)
            values = [engine_value(A.literal_value(i)) for i in node.items]
            if not values:
                return NEVER if member else {"$ex": {key: 1}}
            if member:
                tests = [{key: v} for v in values]
                return tests[0] if len(tests) == 1 else {"$or": tests}
            tests = [{"$neq": {key: v}} for v in values]
            return tests[0] if len(tests) == 1 else {"$and": tests}
        raise TypeError(f"not a condition: {node!r}")


def compile_conditions(conditions: list[A.Node]) -> CompiledConditions:
    compiler = _Compiler()
    rules: dict[str, dict[str, Any]] = {}
    for index, node in enumerate(conditions):
        rules[f"t{index}"] = compiler.truth(node, True)
        rules[f"f{index}"] = compiler.truth(node, False)
    compiled = CompiledConditions(rules, list(compiler.derived.values()), list(compiler.fields))
    for name, expr in rules.items():
        if count_tests(expr) > MAX_TESTS_PER_SHARD:
            raise ValueError(f"condition {name[1:]} makes up to {count_tests(expr)} engine tests true at once; "
                             f"the engine takes at most {MAX_TESTS_PER_SHARD}")
    if len(compiled.fields) + len(compiled.derived) > MAX_PROPERTIES:
        raise ValueError(f"conditions read {len(compiled.fields) + len(compiled.derived)} values; the engine takes at most {MAX_PROPERTIES}")
    return compiled
