"""Static analysis of conditions: which values of which fields make them true.

A condition is turned into a disjunction of conjunctions of per-field constraints (numeric
intervals, or sets of enum / boolean values), within each field's declared domain. That is enough
to find conditions that can never be true (``workers > 10 and workers < 5``), band tables with
gaps, and bands that earlier bands shadow. Comparisons this cannot model (arithmetic across
fields) become *opaque*: the analysis then says nothing rather than something wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kcscore.expr import ast as A
from kcscore.expr.types import FieldType
from kcscore.i18n import render

MAX_TERMS = 256
INF = math.inf


@dataclass(frozen=True)
class Interval:
    """A range of numbers, each end open or closed."""

    lo: float
    lo_closed: bool
    hi: float
    hi_closed: bool

    def empty(self) -> bool:
        if self.lo > self.hi:
            return True
        return self.lo == self.hi and not (self.lo_closed and self.hi_closed)


NumSet = tuple[Interval, ...]
Constraint = NumSet | frozenset  # frozenset of enum ids or booleans


def _normalise(intervals: list[Interval], integral: bool) -> NumSet:
    out: list[Interval] = []
    for iv in intervals:
        if iv.lo == INF or iv.hi == -INF:
            continue
        if integral:
            lo = iv.lo if iv.lo == -INF else (math.floor(iv.lo) + 1 if not iv.lo_closed and iv.lo == math.floor(iv.lo) else math.ceil(iv.lo))
            hi = iv.hi if iv.hi == INF else (math.ceil(iv.hi) - 1 if not iv.hi_closed and iv.hi == math.ceil(iv.hi) else math.floor(iv.hi))
            iv = Interval(lo, True, hi, True)
        if not iv.empty():
            out.append(iv)
    out.sort(key=lambda i: (i.lo, not i.lo_closed))
    merged: list[Interval] = []
    for iv in out:
        if merged:
            last = merged[-1]
            touching = iv.lo < last.hi or (iv.lo == last.hi and (iv.lo_closed or last.hi_closed))
            if integral and last.hi != INF and iv.lo == last.hi + 1:
                touching = True
            if touching:
                if iv.hi > last.hi or (iv.hi == last.hi and iv.hi_closed):
                    merged[-1] = Interval(last.lo, last.lo_closed, iv.hi, iv.hi_closed)
                continue
        merged.append(iv)
    return tuple(merged)


def _intersect_num(a: NumSet, b: NumSet, integral: bool) -> NumSet:
    result: list[Interval] = []
    for x in a:
        for y in b:
            lo, lo_closed = (x.lo, x.lo_closed) if x.lo > y.lo else (y.lo, y.lo_closed) if y.lo > x.lo else (x.lo, x.lo_closed and y.lo_closed)
            hi, hi_closed = (x.hi, x.hi_closed) if x.hi < y.hi else (y.hi, y.hi_closed) if y.hi < x.hi else (x.hi, x.hi_closed and y.hi_closed)
            result.append(Interval(lo, lo_closed, hi, hi_closed))
    return _normalise(result, integral)


def _complement_num(a: NumSet, domain: NumSet, integral: bool) -> NumSet:
    pieces: list[Interval] = []
    cursor, cursor_closed = -INF, True
    for iv in a:
        pieces.append(Interval(cursor, cursor_closed, iv.lo, not iv.lo_closed))
        cursor, cursor_closed = iv.hi, not iv.hi_closed
    pieces.append(Interval(cursor, cursor_closed, INF, True))
    return _intersect_num(_normalise(pieces, integral), domain, integral)


class Domain:
    """The values each field may take, from the schema."""

    def __init__(self, fields: dict[str, FieldType]) -> None:
        self.fields = fields

    def full(self, name: str) -> Constraint:
        spec = self.fields[name]
        if spec.kind == "boolean":
            return frozenset({True, False})
        if spec.kind == "enum":
            return frozenset(spec.values)
        lo = -INF if spec.minimum is None else spec.minimum
        hi = INF if spec.maximum is None else spec.maximum
        return _normalise([Interval(lo, not spec.exclusive_minimum, hi, True)], spec.integral)

    def integral(self, name: str) -> bool:
        return self.fields[name].integral

    def intersect(self, name: str, a: Constraint, b: Constraint) -> Constraint:
        if isinstance(a, frozenset):
            return a & b  # type: ignore[operator]
        return _intersect_num(a, b, self.integral(name))  # type: ignore[arg-type]

    def complement(self, name: str, a: Constraint) -> Constraint:
        full = self.full(name)
        if isinstance(a, frozenset):
            return full - a  # type: ignore[operator]
        return _complement_num(a, full, self.integral(name))  # type: ignore[arg-type]

    @staticmethod
    def is_empty(c: Constraint) -> bool:
        return len(c) == 0


@dataclass(frozen=True)
class Term:
    """A conjunction: every listed field within its constraint; ``opaque`` if unmodelled atoms remain."""

    constraints: tuple[tuple[str, Constraint], ...]
    opaque: bool = False


class TooComplex(Exception):
    pass


_NUM_OPS = {
    ">": lambda v: Interval(v, False, INF, True),
    ">=": lambda v: Interval(v, True, INF, True),
    "<": lambda v: Interval(-INF, True, v, False),
    "<=": lambda v: Interval(-INF, True, v, True),
    "==": lambda v: Interval(v, True, v, True),
}


class Analyzer:
    def __init__(self, fields: dict[str, FieldType]) -> None:
        self.domain = Domain(fields)
        self.fields = fields

    # -- atoms -------------------------------------------------------------------------------
    def _atom(self, node: A.Node, positive: bool) -> list[Term]:
        constraint = self._atom_constraint(node)
        if constraint is None:
            return [Term((), opaque=True)]
        name, allowed = constraint
        if not positive:
            allowed = self.domain.complement(name, allowed)
        allowed = self.domain.intersect(name, allowed, self.domain.full(name))
        return [Term(((name, allowed),))]

    def _atom_constraint(self, node: A.Node) -> tuple[str, Constraint] | None:
        if any(self.fields.get(name) is not None and self.fields[name].kind in ("text", "date")
               for name in A.fields_of(node)):
            return None  # free text has no finite domain to reason about: opaque
        if isinstance(node, A.Field) and node.name in self.fields and self.fields[node.name].kind == "boolean":
            return node.name, frozenset({True})
        if isinstance(node, A.In) and isinstance(node.operand, A.Field) and node.operand.name in self.fields:
            name = node.operand.name
            values = [A.literal_value(i) for i in node.items if A.is_literal(i)]
            if self.fields[name].expr_type == "num":
                integral = self.domain.integral(name)
                allowed: Constraint = _normalise([_NUM_OPS["=="](float(v)) for v in values], integral)  # type: ignore[arg-type]
            else:
                allowed = frozenset(values)
            return (name, self.domain.complement(name, allowed)) if node.negated else (name, allowed)
        if isinstance(node, A.Compare):
            left, right, op = node.left, node.right, node.op
            if A.is_literal(left) and isinstance(right, A.Field):
                left, right, op = right, left, A.FLIPPED_COMPARISON[op]
            if not (isinstance(left, A.Field) and A.is_literal(right) and left.name in self.fields):
                return None
            name, literal = left.name, A.literal_value(right)
            spec = self.fields[name]
            if spec.expr_type == "num" and isinstance(literal, (int, float)) and not isinstance(literal, bool):
                if op == "!=":
                    eq = _normalise([_NUM_OPS["=="](float(literal))], spec.integral)
                    return name, self.domain.complement(name, eq)
                return name, _normalise([_NUM_OPS[op](float(literal))], spec.integral)
            if spec.expr_type in ("str", "bool") and op in ("==", "!="):
                allowed = frozenset({literal})
                return (name, allowed) if op == "==" else (name, self.domain.complement(name, allowed))
        return None

    # -- normal form -------------------------------------------------------------------------
    def dnf(self, node: A.Node, positive: bool = True) -> list[Term]:
        if isinstance(node, A.Not):
            return self.dnf(node.operand, not positive)
        if isinstance(node, A.Bool):
            return [Term(())] if node.value == positive else []
        if isinstance(node, A.Logic):
            conjunctive = (node.op == "and") == positive
            parts = [self.dnf(op, positive) for op in node.operands]
            if not conjunctive:
                terms = [t for part in parts for t in part]
                if len(terms) > MAX_TERMS:
                    raise TooComplex()
                return terms
            result = [Term(())]
            for part in parts:
                result = [self._and(a, b) for a in result for b in part]
                result = [t for t in result if not self._unsat(t)]
                if len(result) > MAX_TERMS:
                    raise TooComplex()
            return result
        return self._atom(node, positive)

    def _and(self, a: Term, b: Term) -> Term:
        merged = dict(a.constraints)
        for name, constraint in b.constraints:
            merged[name] = self.domain.intersect(name, merged[name], constraint) if name in merged else constraint
        return Term(tuple(sorted(merged.items(), key=lambda kv: kv[0])), a.opaque or b.opaque)

    def _unsat(self, term: Term) -> bool:
        return any(self.domain.is_empty(c) for _, c in term.constraints)

    # -- questions ---------------------------------------------------------------------------
    def satisfiable(self, node: A.Node) -> bool | None:
        """True if some values make it true, False if none do, None if the analysis cannot tell."""
        try:
            terms = [t for t in self.dnf(node) if not self._unsat(t)]
        except TooComplex:
            return None
        if not terms:
            return False
        if any(not t.opaque for t in terms):
            return True
        return None

    def witness(self, node: A.Node) -> dict[str, Constraint] | None:
        """Constraints of one provable way to make the condition true, for messages."""
        try:
            for term in self.dnf(node):
                if not term.opaque and not self._unsat(term):
                    return dict(term.constraints)
        except TooComplex:
            return None
        return None


def describe(name: str, constraint: Constraint, lang: str = "vi") -> str:
    """A short human rendering of one field's constraint, e.g. ``local_material_share ≤ 50``."""
    if isinstance(constraint, frozenset):
        values = sorted(str(v).lower() if isinstance(v, bool) else str(v) for v in constraint)
        return f"{name} ∈ {{{', '.join(values)}}}"
    parts = []
    for iv in constraint:
        def num(v: float) -> str:
            return str(int(v)) if v == int(v) else str(v)
        if iv.lo == iv.hi:
            parts.append(f"{name} = {num(iv.lo)}")
        elif iv.lo == -INF:
            parts.append(f"{name} {'≤' if iv.hi_closed else '<'} {num(iv.hi)}")
        elif iv.hi == INF:
            parts.append(f"{name} {'≥' if iv.lo_closed else '>'} {num(iv.lo)}")
        else:
            left = "[" if iv.lo_closed else "("
            right = "]" if iv.hi_closed else ")"
            parts.append(f"{name} ∈ {left}{num(iv.lo)}, {num(iv.hi)}{right}")
    joiner = f" {render('expr.or', lang)} "
    return joiner.join(parts)
