"""Type-check a parsed condition against the pack's schema.

A condition reaches the engine only when every field exists, every enum literal is a declared
value and every operator gets the types it needs. This matters for durable-rules in particular,
which compares a string with a number *as strings* (``"900" > 1000`` is true there).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from kcscore.expr import ast as A
from kcscore.expr import textmatch
from kcscore.expr.types import TYPE_NAMES, FieldType
from kcscore.suggest import closest


MAX_NUMBER = 1e15  # a quadrillion đồng: far above any threshold, far below where floats lose whole units


@dataclass(frozen=True)
class TypeProblem:
    code: str
    vi: str
    en: str
    span: A.Span
    suggestion: str | None = None
    params: tuple[tuple[str, str], ...] = ()


def _name(t: str, lang: str) -> str:
    return TYPE_NAMES[lang].get(t, t)


class _Checker:
    def __init__(self, fields: dict[str, FieldType]) -> None:
        self.fields = fields
        self.problems: list[TypeProblem] = []

    def problem(self, code: str, vi: str, en: str, span: A.Span, suggestion: str | None = None, **params: str) -> None:
        self.problems.append(TypeProblem(code, vi, en, span, suggestion, tuple(params.items())))

    def field_type(self, node: A.Node) -> FieldType | None:
        return self.fields.get(node.name) if isinstance(node, A.Field) else None

    def type_of(self, node: A.Node) -> str | None:
        if isinstance(node, A.Num):
            if not math.isfinite(node.value) or abs(node.value) > MAX_NUMBER:
                self.problem("K024", f"số {node.value:g} vượt giới hạn ±{MAX_NUMBER:.0e}",
                             f"the number {node.value:g} is beyond ±{MAX_NUMBER:.0e}", node.span)
        literal = A.literal_type(node)
        if literal is not None:
            return literal
        if isinstance(node, A.Field):
            spec = self.fields.get(node.name)
            if spec is None:
                self.problem("K012", "", "", node.span, closest(node.name, self.fields), name=node.name)
                return None
            return spec.expr_type
        if isinstance(node, A.Neg):
            self.need(node.operand, "num", "-")
            return "num"
        if isinstance(node, A.Arith):
            self.need(node.left, "num", node.op)
            self.need(node.right, "num", node.op)
            return "num"
        if isinstance(node, A.Compare):
            self.compare(node)
            return "bool"
        if isinstance(node, A.In):
            self.membership(node)
            return "bool"
        if isinstance(node, A.Contains):
            self.contains(node)
            return "bool"
        if isinstance(node, A.Logic):
            for operand in node.operands:
                self.need(operand, "bool", node.op)
            return "bool"
        if isinstance(node, A.Not):
            self.need(node.operand, "bool", "not")
            return "bool"
        return None  # pragma: no cover - the parser builds no other nodes

    def need(self, node: A.Node, wanted: str, operator: str) -> None:
        got = self.type_of(node)
        if got is not None and got != wanted:
            self.problem(
                "K014",
                f"'{operator}' cần {_name(wanted, 'vi')}, nhưng vế này là {_name(got, 'vi')}",
                f"'{operator}' needs a {_name(wanted, 'en')}, but this is a {_name(got, 'en')}",
                node.span,
            )

    def check_enum_literal(self, spec: FieldType | None, field: str, literal: A.Node) -> None:
        if spec is None or spec.kind != "enum" or not isinstance(literal, A.Str):
            return
        if literal.value not in spec.values:
            self.problem("K013", "", "", literal.span, closest(literal.value, spec.values),
                         value=literal.value, field=field, allowed=", ".join(spec.values))

    def compare(self, node: A.Compare) -> None:
        left, right = self.type_of(node.left), self.type_of(node.right)
        if left is None or right is None:
            return
        if left != right:
            self.problem(
                "K014",
                f"không so sánh được {_name(left, 'vi')} với {_name(right, 'vi')}",
                f"cannot compare a {_name(left, 'en')} with a {_name(right, 'en')}",
                node.span,
                _date_suggestion(node) if "date" in (left, right) else None,
            )
            return
        if left in ("str", "bool") and node.op not in ("==", "!="):
            self.problem(
                "K014",
                f"'{node.op}' không dùng cho {_name(left, 'vi')}; dùng == hoặc !=",
                f"'{node.op}' does not apply to {_name(left, 'en')}; use == or !=",
                node.span,
            )
        for this, other in ((node.left, node.right), (node.right, node.left)):
            if isinstance(this, A.Field):
                self.check_enum_literal(self.field_type(this), this.name, other)

    def membership(self, node: A.In) -> None:
        operand_type = self.type_of(node.operand)
        spec = self.field_type(node.operand)
        for item in node.items:
            if not A.is_literal(item):
                self.problem("K014", "danh sách sau 'in' chỉ chứa giá trị cụ thể",
                             "the list after 'in' may only hold literal values", item.span)
                continue
            item_type = self.type_of(item)
            if operand_type is not None and item_type != operand_type:
                self.problem(
                    "K014",
                    f"phần tử {_name(item_type or '?', 'vi')} trong danh sách của trường {_name(operand_type, 'vi')}",
                    f"a {_name(item_type or '?', 'en')} in a list for a {_name(operand_type, 'en')}",
                    item.span,
                )
            elif isinstance(node.operand, A.Field):
                self.check_enum_literal(spec, node.operand.name, item)
        if operand_type == "bool":
            self.problem("K014", "dùng == cho trường đúng/sai thay vì 'in'", "use == for a true/false field, not 'in'",
                         node.span)


    def contains(self, node: A.Contains) -> None:
        """Only a free-text field is searched (an enum has a fixed list of values: use ``in``), for
        short, non-empty quoted texts."""
        operand_type = self.type_of(node.operand)
        spec = self.field_type(node.operand)
        if operand_type is not None and operand_type != "str":
            self.problem("K014", f"'contains' chỉ dùng cho trường chuỗi, nhưng vế này là {_name(operand_type, 'vi')}",
                         f"'contains' applies to a text field, but this is a {_name(operand_type, 'en')}",
                         node.operand.span)
        elif operand_type == "str" and (spec is None or spec.kind != "text"):
            self.problem("K014", "'contains' chỉ tìm trong trường văn bản tự do; với danh mục dùng 'in [...]'",
                         "'contains' searches a free-text field only; for a list of values use 'in [...]'",
                         node.operand.span)
        if not node.items:
            self.problem("K014", "danh sách sau 'contains_any' rỗng", "the list after 'contains_any' is empty", node.span)
        if len(node.items) > textmatch.MAX_PATTERNS:
            self.problem("K016", f"quá {textmatch.MAX_PATTERNS} chuỗi sau 'contains_any'",
                         f"more than {textmatch.MAX_PATTERNS} texts after 'contains_any'", node.span)
        for item in node.items:
            if not isinstance(item, A.Str):
                self.problem("K014", "'contains' chỉ tìm chuỗi trong ngoặc kép", "'contains' looks for quoted texts only",
                             item.span)
                continue
            folded = textmatch.fold(item.value)
            if len(item.value) > textmatch.MAX_PATTERN:
                self.problem("K016", f"chuỗi dài quá {textmatch.MAX_PATTERN} ký tự",
                             f"a text longer than {textmatch.MAX_PATTERN} characters", item.span)
            elif len(folded) < textmatch.MIN_PATTERN:
                self.problem("K014", f"chuỗi cần tìm quá ngắn (ít nhất {textmatch.MIN_PATTERN} ký tự)",
                             f"a text to look for is too short (at least {textmatch.MIN_PATTERN} characters)", item.span)


def _date_suggestion(node: A.Compare) -> str:
    """How to write the other side as a day: ``date("…")`` around a text that is one, else an example."""
    for side in (node.left, node.right):
        if isinstance(side, A.Str):
            try:
                return f'date("{dt.date.fromisoformat(side.value.strip()).isoformat()}")'
            except ValueError:
                pass
    return 'date("2025-01-01")'


def check(node: A.Node, fields: dict[str, FieldType], want: str = "bool") -> list[TypeProblem]:
    """Return every type problem in the condition (an empty list means it is well typed)."""
    checker = _Checker(fields)
    got = checker.type_of(node)
    if got is not None and got != want and not checker.problems:
        checker.problem(
            "K014",
            f"điều kiện phải cho kết quả {_name(want, 'vi')}, nhưng đây là {_name(got, 'vi')}",
            f"a condition must give {_name(want, 'en')}, but this gives a {_name(got, 'en')}",
            node.span,
        )
    return checker.problems
