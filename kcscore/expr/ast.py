"""The typed syntax tree of a condition.

Every node keeps the character span it was parsed from, so a type error can be underlined in the
rule file. Nodes are immutable and hashable: the engine uses them as keys when it compiles
conditions and de-duplicates identical ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Union

Number = Union[int, float]


@dataclass(frozen=True)
class Span:
    """Where a node was written: character offsets into the condition text, end exclusive."""

    start: int
    end: int


@dataclass(frozen=True)
class Num:
    """A number literal."""

    value: Number
    span: Span = field(compare=False, hash=False, default=Span(0, 0))


@dataclass(frozen=True)
class Str:
    """A text literal."""

    value: str
    span: Span = field(compare=False, hash=False, default=Span(0, 0))


@dataclass(frozen=True)
class Bool:
    """``true`` or ``false``."""

    value: bool
    span: Span = field(compare=False, hash=False, default=Span(0, 0))


@dataclass(frozen=True)
class Date:
    """A date literal, written ``date("2025-01-01")``; it compares only with dates."""

    value: dt.date
    span: Span = field(compare=False, hash=False, default=Span(0, 0))


@dataclass(frozen=True)
class Field:
    """A field of the applicant, by its id."""

    name: str
    span: Span = field(compare=False, hash=False, default=Span(0, 0))


@dataclass(frozen=True)
class Neg:
    """Unary minus."""

    operand: Node
    span: Span = field(compare=False, hash=False, default=Span(0, 0))


@dataclass(frozen=True)
class Arith:
    """``left op right`` with one of ``+ - * /``."""

    op: str  # one of + - * /
    left: Node
    right: Node
    span: Span = field(compare=False, hash=False, default=Span(0, 0))


@dataclass(frozen=True)
class Compare:
    """``left op right`` with one of ``== != < <= > >=``."""

    op: str  # one of == != < <= > >=
    left: Node
    right: Node
    span: Span = field(compare=False, hash=False, default=Span(0, 0))


@dataclass(frozen=True)
class In:
    """``operand in [items]``, or ``not in`` when ``negated``."""

    operand: Node
    items: tuple[Node, ...]
    negated: bool = False
    span: Span = field(compare=False, hash=False, default=Span(0, 0))


@dataclass(frozen=True)
class Contains:
    """``text contains "x"`` / ``text contains_any ["x", "y"]``: accent- and case-insensitive
    substring matching (see ``kcscore.expr.textmatch``); ``items`` are the literals as written."""

    operand: Node
    items: tuple[Str, ...]
    any_of: bool = False  # written with contains_any and a list
    span: Span = field(compare=False, hash=False, default=Span(0, 0))


@dataclass(frozen=True)
class Logic:
    """``and`` / ``or`` over two or more operands."""

    op: str  # "and" | "or"
    operands: tuple[Node, ...]
    span: Span = field(compare=False, hash=False, default=Span(0, 0))


@dataclass(frozen=True)
class Not:
    """``not operand``."""

    operand: Node
    span: Span = field(compare=False, hash=False, default=Span(0, 0))


Literal = Union[Num, Str, Bool, Date]
Node = Union[Num, Str, Bool, Date, Field, Neg, Arith, Compare, In, Contains, Logic, Not]

NEGATED_COMPARISON = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
FLIPPED_COMPARISON = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def fields_of(node: Node) -> list[str]:
    """Field ids a node reads, in first-seen order and without repeats."""
    seen: dict[str, None] = {}

    def walk(n: Node) -> None:
        if isinstance(n, Field):
            seen.setdefault(n.name, None)
        elif isinstance(n, (Neg, Not)):
            walk(n.operand)
        elif isinstance(n, (Arith, Compare)):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, Contains):
            walk(n.operand)
        elif isinstance(n, In):
            walk(n.operand)
            for item in n.items:
                walk(item)
        elif isinstance(n, Logic):
            for operand in n.operands:
                walk(operand)

    walk(node)
    return list(seen)


def literal_value(node: Node) -> object:
    if isinstance(node, (Num, Str, Bool, Date)):
        return node.value
    if isinstance(node, Neg) and isinstance(node.operand, Num):
        return -node.operand.value
    raise TypeError("not a literal")


_LITERAL_TYPES: dict[type, str] = {Num: "num", Str: "str", Bool: "bool", Date: "date"}


def literal_type(node: Node) -> str | None:
    """The type of a literal as the type checker names it (``num``, ``str``, ``bool``, ``date``);
    None for any other node."""
    return _LITERAL_TYPES.get(type(node))


def is_literal(node: Node) -> bool:
    return isinstance(node, (Num, Str, Bool, Date)) or (isinstance(node, Neg) and isinstance(node.operand, Num))
