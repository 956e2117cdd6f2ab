"""Print a condition back as source text, fully parenthesised where precedence needs it."""

from __future__ import annotations

import json

from kcscore.expr import ast as A

PRECEDENCE = {"or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7, "atom": 8}


def precedence(node: A.Node) -> int:
    """How tightly a node binds (higher binds tighter); parentheses go where a child binds looser."""
    if isinstance(node, A.Logic):
        return PRECEDENCE[node.op]
    if isinstance(node, A.Not):
        return PRECEDENCE["not"]
    if isinstance(node, (A.Compare, A.In, A.Contains)):
        return PRECEDENCE["cmp"]
    if isinstance(node, A.Arith):
        return PRECEDENCE[node.op]
    if isinstance(node, A.Neg):
        return PRECEDENCE["neg"]
    return PRECEDENCE["atom"]


def _wrap(node: A.Node, minimum: int) -> str:
    text = to_source(node)
    return f"({text})" if precedence(node) < minimum else text


def _number(value: float | int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return repr(value)


def leaf_source(node: A.Node) -> str | None:
    """The source of a literal or a field, or None for a node with operands."""
    if isinstance(node, A.Num):
        return _number(node.value)
    if isinstance(node, A.Str):
        return json.dumps(node.value, ensure_ascii=False)
    if isinstance(node, A.Bool):
        return "true" if node.value else "false"
    if isinstance(node, A.Date):
        return f'date("{node.value.isoformat()}")'
    if isinstance(node, A.Field):
        return node.name
    return None


def to_source(node: A.Node) -> str:
    leaf = leaf_source(node)
    if leaf is not None:
        return leaf
    if isinstance(node, A.Neg):
        return "-" + _wrap(node.operand, PRECEDENCE["neg"])
    if isinstance(node, A.Arith):
        level = PRECEDENCE[node.op]
        # the parser groups to the left, so a right operand of the same level keeps its
        # parentheses: a - (b - c) must not become a - b - c, and a + (b + c) reads back as written
        return f"{_wrap(node.left, level)} {node.op} {_wrap(node.right, level + 1)}"
    if isinstance(node, A.Compare):
        return f"{_wrap(node.left, 5)} {node.op} {_wrap(node.right, 5)}"
    if isinstance(node, A.In):
        items = ", ".join(to_source(i) for i in node.items)
        keyword = "not in" if node.negated else "in"
        return f"{_wrap(node.operand, 5)} {keyword} [{items}]"
    if isinstance(node, A.Contains):
        if node.any_of:
            return f"{_wrap(node.operand, 5)} contains_any [{', '.join(to_source(i) for i in node.items)}]"
        return f"{_wrap(node.operand, 5)} contains {to_source(node.items[0])}"
    if isinstance(node, A.Logic):
        level = PRECEDENCE[node.op]
        return f" {node.op} ".join(_wrap(op, level + 1) for op in node.operands)
    if isinstance(node, A.Not):
        return "not " + _wrap(node.operand, PRECEDENCE["not"])
    raise TypeError(node)  # pragma: no cover
