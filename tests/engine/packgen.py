"""Random but valid policy packs, written as rule files so the whole loading path is exercised.

A pack has a small fixed schema (integer, money, number, percent, boolean, enum and text fields)
and rules of every kind whose conditions are random: comparisons of fields and arithmetic
(``+ - * /``, division by fields that can be zero, unary minus) with constants or each other,
``in`` / ``not in`` lists, enum equality (also between two enum fields), boolean fields and
comparisons of truths, ``and`` / ``or`` / ``not``, nested and redundant parentheses. Every condition is checked to be well typed and not provably
dead (the loader refuses dead conditions), and rendered so that parsing it gives back exactly the
tree that was generated.

Integer arithmetic is kept below 2**53 in magnitude: beyond it Python's exact integers and the
rule engine's machine integers part ways, which is a property of the engine, not of a condition.

Text conditions (``note == "a"``, ``note contains "x"``, ``note contains_any [...]``) are on
(``TEXT_CONDITIONS``); the static analysis treats free text as opaque, so packs with them load and
are compared like any other. Date conditions compare a date field (``started_on``) and the as-of
date (``as_of``) with ``date("…")`` literals, with each other and with ``in`` lists of days.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

from kcscore.policy.asof import AS_OF, condition_types
from kcscore.expr import ast as A
from kcscore.expr.division import constant_value
from kcscore.expr.render import PRECEDENCE, leaf_source, precedence
from kcscore.expr.analysis import Analyzer
from kcscore.expr.parser import parse
from kcscore.expr.typecheck import check
from kcscore.expr.types import FieldType
from tests.strategies import Chooser

EXACT = 2**53
TEXT_CONDITIONS = True

# field id -> its schema entry
FIELDS: dict[str, dict[str, Any]] = {
    "workers": {"type": "integer", "min": 0, "max": 300},
    "delta": {"type": "integer", "min": -500, "max": 500},
    "stars": {"type": "integer", "min": 0, "max": 5},
    "total_cost_vnd": {"type": "money", "min": 0, "min_exclusive": True, "max": 10_000_000_000_000},
    "requested_support_vnd": {"type": "money", "min": 0, "max": 10_000_000_000_000},
    "revenue_vnd": {"type": "money", "min": 0, "max": 10_000_000_000_000},
    "ratio": {"type": "number", "min": -50, "max": 50},
    "gain": {"type": "number", "min": 0, "max": 10_000},
    "share": {"type": "percent", "min": 0, "max": 100},
    "ok": {"type": "boolean"},
    "new": {"type": "boolean"},
    "risky": {"type": "boolean"},
    "sector": {"type": "enum", "values": ["a", "b", "c", "d"]},
    "grade": {"type": "enum", "values": ["a", "b", "x"]},
    "note": {"type": "text"},
    "started_on": {"type": "date"},
}
NUMBERS = [f for f, s in FIELDS.items() if s["type"] in ("integer", "money", "number", "percent")]
BOOLEANS = [f for f, s in FIELDS.items() if s["type"] == "boolean"]
ENUMS = [f for f, s in FIELDS.items() if s["type"] == "enum"]
CAN_BE_ZERO = ["workers", "delta", "stars", "ratio", "share", "requested_support_vnd"]
OPS = ["<", ">=", ">", "<=", "==", "!="]
NOTES = ["a", "", "Nà Làng"]
PATTERNS = ["nghiền đá", "khai thác cát", "Nà Làng", "NGHIEN", "xã bằng"]  # what contains looks for
DAYS = [dt.date(2019, 1, 1), dt.date(2020, 6, 1), dt.date(2021, 12, 31), dt.date(2024, 2, 29)]
DATE_FIELDS = ["started_on", AS_OF]


def field_types() -> dict[str, FieldType]:
    """The schema as the condition language sees it (what the loader builds from the pack)."""
    types = {"id": FieldType("text"), "name": FieldType("text")}
    for name, spec in FIELDS.items():
        types[name] = FieldType(spec["type"], tuple(spec.get("values", ())), spec.get("min"), spec.get("max"),
                                spec.get("min_exclusive", False))
    return condition_types(types)


def _bound(name: str) -> float:
    spec = FIELDS[name]
    return max(abs(spec.get("min", 0)), abs(spec.get("max", 0)))


def _integral(name: str) -> bool:
    return FIELDS[name]["type"] in ("integer", "money", "number")  # number fields may hold whole ints


class _Conditions:
    """Random typed condition trees; numeric subtrees carry (magnitude bound, may be an int)."""

    def __init__(self, choose: Chooser) -> None:
        self.c = choose

    def constant(self, near: str | None = None) -> tuple[A.Node, float, bool]:
        c = self.c
        if near is not None and c.chance(70):
            spec = FIELDS[near]
            low, high = spec.get("min", -1000), spec.get("max", 1000)
            value: float = c.integer(int(low), int(high)) if high - low < 10**6 else c.choice(
                [0, 1, 10**6, 5 * 10**8, 10**9, 2 * 10**11, 10**12])
            if FIELDS[near]["type"] in ("number", "percent") and c.chance(40):
                value = value + c.choice([0.5, 0.25, 0.1])
        else:
            value = c.choice([0, 1, 2, 3, 5, 10, 0.5, 2.5, 100, 1000])
        negative = value < 0 or (value != 0 and c.chance(10))
        magnitude = abs(value)
        node: A.Node = A.Num(magnitude)
        if negative:
            node = A.Neg(node)
        return node, float(magnitude), isinstance(magnitude, int)

    def number(self, depth: int) -> tuple[A.Node, float, bool]:
        c = self.c
        kind = c.choice(["field", "field", "constant", "arith", "arith", "neg"] if depth > 0 else ["field", "constant"])
        if kind == "field":
            name = c.choice(NUMBERS)
            return A.Field(name), _bound(name), _integral(name)
        if kind == "constant":
            return self.constant()
        if kind == "neg":
            node, bound, integral = self.number(depth - 1)
            return A.Neg(node), bound, integral
        op = c.choice(["+", "-", "*", "/"])
        left, lb, li = self.number(depth - 1)
        if op == "/":
            if c.chance(60):
                name = c.choice(CAN_BE_ZERO)
                right: A.Node = A.Field(name)
            else:
                right = self.number(depth - 1)[0]
                if constant_value(right) == 0:  # `rules check` refuses a constant zero divisor (K027)
                    right = A.Field(c.choice(CAN_BE_ZERO))
            return A.Arith("/", left, right), math.inf, False
        right, rb, ri = self.number(depth - 1)
        if op == "*":
            if li and ri and lb * rb >= EXACT:
                op = "+"  # keep exact integer products within what every backend computes exactly
            else:
                return A.Arith("*", left, right), lb * rb, li and ri
        return A.Arith(op, left, right), lb + rb, li and ri

    def condition(self, depth: int) -> A.Node:
        c = self.c
        leaves = ["threshold", "threshold", "threshold", "arith", "arith", "enum", "enum_in", "boolean",
                  "boolean_compare", "number_in", "enum_enum", "literal", "date", "date"] \
            + (["text", "contains"] if TEXT_CONDITIONS else [])
        kind = c.choice(leaves + ["not", "and", "or", "and", "or"] if depth > 0 else leaves)
        if kind == "threshold":
            name = c.choice(NUMBERS)
            constant = self.constant(near=name)[0]
            field: A.Node = A.Field(name)
            pair = (field, constant) if c.chance(80) else (constant, field)
            return A.Compare(c.choice(OPS), *pair)
        if kind == "arith":
            left = self.number(min(depth, 2) + 1)[0]
            right = self.number(1)[0] if c.chance(50) else self.constant()[0]
            return A.Compare(c.choice(OPS), left, right)
        if kind == "enum":
            name = c.choice(ENUMS)
            return A.Compare(c.choice(["==", "!="]), A.Field(name), A.Str(c.choice(FIELDS[name]["values"])))
        if kind == "enum_in":
            name = c.choice(ENUMS)
            values = [v for v in FIELDS[name]["values"] if c.chance(50)]
            return A.In(A.Field(name), tuple(A.Str(v) for v in values), c.chance(40))
        if kind == "boolean":
            return A.Field(c.choice(BOOLEANS))
        if kind == "boolean_compare":
            left = A.Field(c.choice(BOOLEANS))
            right: A.Node = c.choice([A.Bool(True), A.Bool(False), A.Field(c.choice(BOOLEANS)),
                                      A.Compare(">", A.Field(c.choice(NUMBERS)), self.constant()[0])])
            return A.Compare(c.choice(["==", "!="]), left, right)
        if kind == "number_in":
            operand = self.number(1)[0]
            items = tuple(self.constant()[0] for _ in range(c.integer(0, 4)))
            return A.In(operand, items, c.chance(40))
        if kind == "text":
            return A.Compare(c.choice(["==", "!="]), A.Field("note"), A.Str(c.choice(NOTES)))
        if kind == "contains":
            if c.chance(40):
                return A.Contains(A.Field("note"), (A.Str(c.choice(PATTERNS)),))
            patterns = tuple(A.Str(p) for p in PATTERNS if c.chance(40)) or (A.Str(PATTERNS[0]),)
            return A.Contains(A.Field("note"), patterns, True)
        if kind == "date":
            return self.date_condition()
        if kind == "enum_enum":
            return A.Compare(c.choice(["==", "!="]), A.Field("sector"), A.Field("grade"))
        if kind == "literal":
            return A.Bool(c.chance(50))
        if kind == "not":
            return A.Not(self.condition(depth - 1))
        operands = tuple(self.condition(depth - 1) for _ in range(c.integer(2, 3)))
        return A.Logic(kind, operands)


    def date_condition(self) -> A.Node:
        """A date field or the as-of date against a day, against each other, or in a list of days."""
        c = self.c
        field = A.Field(c.choice(DATE_FIELDS))
        style = c.choice(["day", "day", "day", "fields", "in", "constant"])
        if style == "fields":
            return A.Compare(c.choice(OPS), A.Field("started_on"), A.Field(AS_OF))
        if style == "in":
            return A.In(field, tuple(A.Date(d) for d in DAYS if c.chance(40)), c.chance(40))
        if style == "constant":
            return A.Compare(c.choice(OPS), A.Date(c.choice(DAYS)), A.Date(c.choice(DAYS)))
        day: A.Node = A.Date(c.choice(DAYS))
        return A.Compare(c.choice(OPS), *((field, day) if c.chance(70) else (day, field)))


# -- rendering back to source ---------------------------------------------------------------------

def render(node: A.Node, choose: Chooser) -> str:
    """Source text that parses back to ``node``, with redundant parentheses here and there."""

    def wrap(child: A.Node, needs: bool) -> str:
        text = render(child, choose)
        return f"({text})" if needs or choose.chance(10) else text

    leaf = leaf_source(node)
    if leaf is not None:
        return leaf
    if isinstance(node, A.Contains):
        items = ", ".join(render(i, choose) for i in node.items)
        if node.any_of:
            return f"{render(node.operand, choose)} contains_any [{items}]"
        return f"{render(node.operand, choose)} contains {items}"
    if isinstance(node, A.Neg):
        return "-" + wrap(node.operand, precedence(node.operand) < PRECEDENCE["neg"])
    if isinstance(node, A.Arith):
        level = PRECEDENCE[node.op]
        return f"{wrap(node.left, precedence(node.left) < level)} {node.op} {wrap(node.right, precedence(node.right) <= level)}"
    if isinstance(node, A.Compare):
        return f"{wrap(node.left, precedence(node.left) < 5)} {node.op} {wrap(node.right, precedence(node.right) < 5)}"
    if isinstance(node, A.In):
        items = ", ".join(render(i, choose) for i in node.items)
        return f"{wrap(node.operand, precedence(node.operand) < 5)} {'not in' if node.negated else 'in'} [{items}]"
    if isinstance(node, A.Logic):
        level = PRECEDENCE[node.op]
        return f" {node.op} ".join(wrap(op, precedence(op) <= level) for op in node.operands)
    if isinstance(node, A.Not):
        return "not " + wrap(node.operand, precedence(node.operand) < PRECEDENCE["not"])
    raise TypeError(node)


# -- whole packs --------------------------------------------------------------------------------

def _text(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


class PackGenerator:
    def __init__(self, choose: Chooser) -> None:
        self.c = choose
        self.types = field_types()
        self.analyzer = Analyzer(self.types)
        self.conditions = _Conditions(choose)
        self.rules: dict[str, Any] = {}
        self.groups: list[str] = []

    def node(self, depth: int = 3, unless: tuple[A.Node, ...] = ()) -> A.Node | None:
        """A well-typed random condition that can be true (and not only where ``unless`` holds)."""
        for _ in range(20):
            node = self.conditions.condition(self.c.integer(0, depth))
            if check(node, self.types):
                continue
            fresh = A.Logic("and", (node, *(A.Not(e) for e in unless))) if unless else node
            if self.analyzer.satisfiable(fresh) is not False:
                return node
        return None

    def condition(self, depth: int = 3) -> str:
        return self.source(self.node(depth) or A.Field("ok"))

    def source(self, node: A.Node) -> str:
        text = render(node, self.c)
        if parse(text) != node:
            raise AssertionError(f"rendering {node!r} gave {text!r}, which parses differently")
        return text

    def add(self, kind: str, body: dict[str, Any]) -> None:
        number = len(self.rules) + 1
        self.rules[f"{kind}_{number}"] = {"kind": kind, "title": _text(f"Quy tắc {number}", f"Rule {number}"),
                                          "cite": {"doc": "Gói quy tắc sinh ngẫu nhiên"}, **body}

    def build_rules(self) -> float:
        """Rules of every kind; returns the pack's maximum score (criteria and bonuses)."""
        c = self.c
        max_score = 0.0
        for _ in range(c.integer(1, 2)):
            body = {"require": self.condition(), "fails": _text("Không đạt", "Not met")}
            if c.chance(30):
                body["applies"] = self.condition(2)
            if c.chance(20):
                body["exempt"] = self.condition(2)
            self.add("gate", body)
        if c.chance(60):
            body = {"when": self.condition(), "reason": _text("Bị loại", "Excluded")}
            if c.chance(30):
                body["exempt"] = self.condition(2)
            self.add("exclusion", body)
        for _ in range(c.integer(1, 3)):
            body, top = self.criterion()
            self.add("criterion", self.maybe_applies(body))
            max_score += top
        for _ in range(c.integer(1, 2)):
            points = c.integer(1, 10)
            self.add("bonus", self.maybe_applies({"when": self.condition(), "points": points,
                                                  "says": _text("Được cộng", "Bonus")}))
            max_score += points
        if c.chance(60):
            self.add("penalty", self.maybe_applies({"when": self.condition(), "points": -c.integer(1, 5),
                                                    "says": _text("Bị trừ", "Penalty")}))
        for _ in range(c.integer(1, 6)):
            self.add("flag", {"when": self.condition(), "says": _text("Lưu ý", "Note")})
        for _ in range(c.integer(1, 2)):
            body = {"applies": self.condition(2), "share": c.choice([50, 30, 70.5, 100])}
            if c.chance(70):
                body["cap"] = c.choice([300_000_000, 150_000_000, 1_000_000_000])
            self.add("support", body)
        return max_score

    def maybe_applies(self, body: dict[str, Any]) -> dict[str, Any]:
        """Sometimes an ``applies`` condition, so that scored rules that do not apply to some rows
        (and rows whose applicability is unknown) reach both strategies and the scaled score."""
        if self.c.chance(35):
            body = {"applies": self.condition(2), **body}
        if "input" in body or "sum" in body or "bands" in body or body.get("points", -1) > 0:  # criteria, bonuses
            if self.c.chance(50):
                body["group"] = self.c.choice(["g1", "g2", "g3"])
                self.groups.append(body["group"])
        return body

    def ranking(self) -> dict[str, Any] | None:
        """Sometimes the statutory mode: the groups used, in a random order of priority."""
        used = list(dict.fromkeys(self.groups))
        if not used or not self.c.chance(50):
            return None
        order = [used.pop(self.c.integer(0, len(used) - 1)) for _ in range(self.c.integer(1, len(used)))]
        return {"mode": "statutory", "priority": order}

    def criterion(self) -> tuple[dict[str, Any], float]:
        """A band table (thresholds, enum values or conditions) or a capped sum; and its maximum."""
        c = self.c
        style = c.choice(["thresholds", "when", "is", "sum"])
        if style == "sum":
            items = [{"when": self.condition(), "points": c.integer(1, 8), "says": _text("Mục", "Item")}
                     for _ in range(c.integer(1, 3))]
            total = float(sum(i["points"] for i in items))
            body: dict[str, Any] = {"sum": items}
            if c.chance(50):
                body["cap"] = max(1, int(total) - c.integer(0, 3))
                total = min(total, body["cap"])
            return body, total
        points = sorted((c.integer(1, 12) for _ in range(c.integer(1, 3))), reverse=True)
        bands: list[dict[str, Any]] = []
        covered: list[A.Node] = []
        body = {}
        if style == "thresholds":
            name = c.choice(NUMBERS)
            key, op = c.choice([("above", ">"), ("at_least", ">=")])
            spec = FIELDS[name]
            cuts = sorted({c.integer(spec["min"] + 1, spec["max"] - 1) for _ in points}, reverse=True)
            for cut, p in zip(cuts, points):
                bands.append({key: cut, "points": p})
                covered.append(A.Compare(op, A.Field(name), A.Num(cut)))
            body["input"] = name
        elif style == "is":
            name = c.choice(ENUMS)
            for value, p in zip(FIELDS[name]["values"], points):
                bands.append({"is": value, "points": p})
                covered.append(A.Compare("==", A.Field(name), A.Str(value)))
            body["input"] = name
        else:
            for p in points:
                node = self.node(2, unless=tuple(covered))
                if node is None:
                    break
                bands.append({"when": self.source(node), "points": p})
                covered.append(node)
            if not bands:
                bands.append({"when": "ok", "points": points[0]})
                covered.append(A.Field("ok"))
        rest = A.Not(A.Logic("or", tuple(covered)) if len(covered) > 1 else covered[0])
        if self.analyzer.satisfiable(rest) is not False:
            bands.append({"otherwise": 0})
        body["bands"] = bands
        return body, float(max(b.get("points", 0) for b in bands))

    def pack(self) -> dict[str, Any]:
        max_score = self.build_rules()
        fields: dict[str, Any] = {
            "id": {"type": "text", "title": _text("Mã hồ sơ", "Id"), "header": "Mã hồ sơ", "required": True, "unique": True},
            "name": {"type": "text", "title": _text("Tên cơ sở", "Name"), "header": "Tên cơ sở", "required": True},
        }
        for name, spec in FIELDS.items():
            body: dict[str, Any] = {"type": spec["type"], "title": _text(f"Trường {name}", f"Field {name}"), "header": name}
            for key in ("min", "max", "min_exclusive"):
                if key in spec:
                    body[key] = spec[key]
            if "values" in spec:
                body["values"] = {v: _text(f"Giá trị {v}", f"Value {v}") for v in spec["values"]}
            fields[name] = body
        policy = {"id": "random-pack", "version": "1", "title": _text("Gói ngẫu nhiên", "Random pack"),
                  "jurisdiction": _text("Thử nghiệm", "Test"), "max_score": max_score}
        ranking = self.ranking()
        if ranking is not None:
            policy["ranking"] = ranking
        return {"policy": policy, "fields": fields, "rules": self.rules}


def generate(choose: Chooser) -> dict[str, Any]:
    """A random pack as the data of one rule file."""
    return PackGenerator(choose).pack()


def write(pack: dict[str, Any], folder: Path) -> Path:
    """Write the pack as ``policy.yaml`` (JSON is YAML) into ``folder`` and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "policy.yaml").write_text(json.dumps(pack, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder
