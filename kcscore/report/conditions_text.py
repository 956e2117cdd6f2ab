"""Conditions and band lines in plain words, for readers who never see the rule files.

A condition such as ``workers <= 200 and (annual_revenue_vnd <= 200_000_000_000 or …)`` becomes
"Số lao động ≤ 200 người và (Doanh thu năm trước ≤ 200.000.000.000 đồng hoặc …)": field ids give
way to their titles, enum ids to their labels, numbers are grouped the Vietnamese way and carry
the field's unit. The phrase is built from the parsed AST, never from the source text, so it says
exactly what the engine evaluates. Other reports (explanations, suggestions) reuse these phrases.
"""

from __future__ import annotations

import re

from kcscore.expr import ast as A
from kcscore.expr.parser import parse
from kcscore.wording.format import number
from kcscore.i18n import LANGS, group, lang_of, pick, render
from kcscore.policy.ir import Policy
from kcscore.policy.model import Band, FieldSpec

_SYMBOL = {"==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}
_ARITH = {"+": "+", "-": "−", "*": "×", "/": "÷"}
_ARITH_LEVEL = {"+": 1, "-": 1, "*": 2, "/": 2}
_UNIT_EN = {"người": "", "đồng": "VND", "năm": "years", "tháng": "months"}  # a count of people needs no unit in English
_WORDS = {lang: group("conditions", lang) for lang in LANGS}
_LIST_SEPARATOR = "; "  # labels such as "Xây dựng thương hiệu, nhãn hiệu" contain commas


def _words(lang: str) -> dict[str, str]:
    return _WORDS[lang_of(lang)]


def unit_text(spec: FieldSpec | None, lang: str) -> str:
    """The unit a number of this field is written with ('' when it has none)."""
    if spec is None:
        return ""
    if spec.type == "money":
        return render("format.currency", lang)
    unit = spec.unit or ("%" if spec.type == "percent" else "")
    return pick(unit, _UNIT_EN.get(unit, unit), lang)


def quantity(value: float | int, spec: FieldSpec | None, lang: str) -> str:
    """A number with its field's unit: '80%', '200.000.000 đồng', '20 người'."""
    text = number(value, lang)
    unit = unit_text(spec, lang)
    if not unit:
        return text
    if unit == "%":
        return render("format.percent", lang, n=text)
    return f"{text} {unit}"


def field_label(field_id: str, policy: Policy, lang: str) -> str:
    """The field's title, without a trailing '(đồng)' or '(%)' that the number's unit repeats."""
    spec = policy.fields.get(field_id)
    if spec is None:
        return _words(lang)["as_of"] if field_id == "as_of" else field_id
    title = spec.title.get(lang)
    unit = unit_text(spec, lang)
    units = {u for u in (unit, spec.unit, "%" if spec.type == "percent" else None) if u}
    match = re.search(r"\s*\(([^()]*)\)\s*$", title)
    if match and match.group(1).strip() in units:
        return title[: match.start()]
    return title


def value_label(value: object, spec: FieldSpec | None, lang: str) -> str:
    """An enum id as its label, a boolean as có/không, text in quotes, a number grouped."""
    if isinstance(value, bool):
        return _words(lang)["yes" if value else "no"]
    if spec is not None and spec.type == "enum" and str(value) in spec.values:
        label = spec.values[str(value)]
        return pick(label.vi, label.en, lang)
    if isinstance(value, (int, float)):
        return quantity(value, spec, lang)
    return f"“{value}”"


def describe_condition(node: A.Node, policy: Policy, lang: str = "vi") -> str:
    """The condition as a phrase in ``lang``, with field titles and enum labels instead of ids."""
    return _Describer(policy, lang).describe(node)


def describe_source(text: str, policy: Policy, lang: str = "vi") -> str:
    """Like ``describe_condition`` for condition source text (parsed, never evaluated)."""
    return describe_condition(parse(text), policy, lang)


def describe_band(band: Band, input_field: str | None, policy: Policy, lang: str = "vi") -> str:
    """One band line as a reader says it: 'trên 80%', 'từ 20 người trở lên', 'Chế biến sâu'."""
    w = _words(lang)
    key = band.condition_key
    if key == "otherwise":
        return w["otherwise"]
    if key == "when":
        return describe_source(band.when or "", policy, lang)
    spec = policy.fields.get(input_field) if input_field else None
    if key in ("above", "at_least", "below", "at_most"):
        return w[key].format(v=quantity(getattr(band, key), spec, lang))
    if key == "between":
        low, high = band.between  # type: ignore[misc]
        return w["between"].format(a=quantity(low, spec, lang), b=quantity(high, spec, lang))
    if key == "is":
        return value_label(band.is_, spec, lang)
    labels = [value_label(v, spec, lang) for v in band.in_ or ()]
    return w["one_of"].format(v=_LIST_SEPARATOR.join(labels))


def _is_list(node: A.Node) -> bool:
    inner = node.operand if isinstance(node, A.Not) else node
    return isinstance(inner, A.In) and len(inner.items) > 1


class _Describer:
    def __init__(self, policy: Policy, lang: str) -> None:
        self.policy = policy
        self.lang = lang
        self.w = _words(lang)

    def spec(self, node: A.Node) -> FieldSpec | None:
        return self.policy.fields.get(node.name) if isinstance(node, A.Field) else None

    def describe(self, node: A.Node) -> str:
        if isinstance(node, A.Logic):
            parts = []
            for operand in node.operands:
                text = self.describe(operand)
                if (isinstance(operand, A.Logic) and operand.op != node.op) or _is_list(operand):
                    text = f"({text})"  # a list of labels must not run into the next clause
                parts.append(text)
            return f" {self.w[node.op]} ".join(parts)
        if isinstance(node, A.Not):
            return self.negated(node.operand)
        if isinstance(node, A.Compare):
            return self.compare(node.op, node.left, node.right)
        if isinstance(node, A.In):
            return self.membership(node.operand, node.items, node.negated)
        if isinstance(node, A.Contains):
            return self.contains(node, False)
        if isinstance(node, A.Field):
            spec = self.spec(node)
            if spec is not None and spec.type == "boolean":
                return f"{field_label(node.name, self.policy, self.lang)}: {self.w['yes']}"
            return field_label(node.name, self.policy, self.lang)
        if isinstance(node, A.Bool):
            return self.w["true" if node.value else "false"]
        return self.term(node, None)

    def negated(self, operand: A.Node) -> str:
        if isinstance(operand, A.Not):
            return self.describe(operand.operand)
        if isinstance(operand, A.Compare):
            return self.compare(A.NEGATED_COMPARISON[operand.op], operand.left, operand.right)
        if isinstance(operand, A.In):
            return self.membership(operand.operand, operand.items, not operand.negated)
        if isinstance(operand, A.Contains):
            return self.contains(operand, True)
        if isinstance(operand, A.Field) and (spec := self.spec(operand)) is not None and spec.type == "boolean":
            return f"{field_label(operand.name, self.policy, self.lang)}: {self.w['no']}"
        if isinstance(operand, A.Bool):
            return self.w["false" if operand.value else "true"]
        return f"{self.w['not']} ({self.describe(operand)})"

    def compare(self, op: str, left: A.Node, right: A.Node) -> str:
        if A.is_literal(left) and not A.is_literal(right):
            left, right, op = right, left, A.FLIPPED_COMPARISON[op]
        spec = self.spec(left)
        if spec is not None and op in ("==", "!=") and isinstance(right, (A.Bool, A.Str)):
            label = field_label(left.name, self.policy, self.lang)  # type: ignore[union-attr]
            if isinstance(right, A.Bool) and spec.type == "boolean":
                truth = right.value if op == "==" else not right.value
                return f"{label}: {self.w['yes' if truth else 'no']}"
            value = value_label(right.value, spec, self.lang)
            if op == "==" and value.casefold().startswith(label.casefold()):
                return value  # "Khu vực III", not "Khu vực là Khu vực III"
            verb = self.w["is" if op == "==" else "is_not"]
            return f"{label} {verb} {value}"
        unit_spec = spec or self.spec(right)
        if op in ("==", "!=") and spec is not None and A.is_literal(right) and not A.is_literal(left):
            # "Sao OCOP là 5", as a reader says it, not the programmer's "Sao OCOP = 5"
            verb = self.w["is" if op == "==" else "is_not"]
            return f"{self.term(left, unit_spec)} {verb} {self.term(right, unit_spec)}"
        return f"{self.term(left, unit_spec)} {_SYMBOL[op]} {self.term(right, unit_spec)}"

    def membership(self, operand: A.Node, items: tuple[A.Node, ...], negated: bool) -> str:
        spec = self.spec(operand)
        subject = self.term(operand, spec)
        labels = [value_label(A.literal_value(i), spec, self.lang) if A.is_literal(i) else self.term(i, spec)
                  for i in items]
        if len(labels) == 1:
            return f"{subject} {self.w['is_not' if negated else 'is']} {labels[0]}"
        return f"{subject} {self.w['not_in' if negated else 'in']}: {_LIST_SEPARATOR.join(labels)}"

    def contains(self, node: A.Contains, negated: bool) -> str:
        """``Sản phẩm có chứa "nghiền đá"`` (accents and capitals aside, as the matching is)."""
        quoted = [f"\u201c{item.value}\u201d" for item in node.items]
        what = quoted[0] if len(quoted) == 1 else f"{self.w['any_of']}: {_LIST_SEPARATOR.join(quoted)}"
        return f"{self.term(node.operand, None)} {self.w['contains_not' if negated else 'contains']} {what}"

    def term(self, node: A.Node, unit_spec: FieldSpec | None) -> str:
        """A value-valued node; a number standing alone against a field takes that field's unit."""
        if isinstance(node, A.Field):
            return field_label(node.name, self.policy, self.lang)
        if isinstance(node, A.Num):
            return quantity(node.value, unit_spec, self.lang)
        if isinstance(node, A.Neg):
            if isinstance(node.operand, A.Num):
                return quantity(-node.operand.value, unit_spec, self.lang)
            return f"−{self.operand_of(node.operand, 3)}"
        if isinstance(node, A.Arith):
            level = _ARITH_LEVEL[node.op]
            right_min = level + 1 if node.op in ("-", "/") else level
            return f"{self.operand_of(node.left, level)} {_ARITH[node.op]} {self.operand_of(node.right, right_min)}"
        if isinstance(node, (A.Str, A.Bool)):
            return value_label(node.value, unit_spec, self.lang)
        if isinstance(node, A.Date):
            return node.value.strftime(render("format.date", self.lang))
        return f"({self.describe(node)})"

    def operand_of(self, node: A.Node, minimum: int) -> str:
        """An arithmetic operand: bare numbers (ratios, factors) carry no unit."""
        text = number(node.value, self.lang) if isinstance(node, A.Num) else self.term(node, None)
        if isinstance(node, A.Arith) and _ARITH_LEVEL[node.op] < minimum:
            return f"({text})"
        return text
