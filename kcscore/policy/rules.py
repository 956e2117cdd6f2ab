"""Turn validated rule specs into ``RuleIR``: parsed parts and band/sum outcomes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kcscore.expr import ast as A
from kcscore.expr.render import to_source
from kcscore.policy.conditions import ConditionTable
from kcscore.policy.diagnostics import Diagnostic, Pos
from kcscore.policy.ir import Outcome, RuleIR
from kcscore.kinds.registry import kind_of
from kcscore.policy.model import Band, Bonus, Criterion, Penalty
from kcscore.policy.spans import inner_pos
from kcscore.policy.yamlsource import Located, PathKey
from kcscore.suggest import closest

if TYPE_CHECKING:
    from kcscore.policy.ir import RuleSpec

_THRESHOLD = {"above": ">", "at_least": ">=", "below": "<", "at_most": "<="}


def band_label(band: Band) -> str:
    key = band.condition_key
    if key == "otherwise":
        return "otherwise"
    value = {"is": band.is_, "in": band.in_}.get(key, getattr(band, key, None))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, tuple):
        value = "[" + ", ".join(str(int(v) if isinstance(v, float) and v.is_integer() else v) for v in value) + "]"
    if isinstance(value, bool):
        value = "true" if value else "false"
    return f"{key} {value}"


def _num(value: float) -> A.Num:
    return A.Num(int(value) if float(value).is_integer() else value)


def band_condition(band: Band, input_field: str | None) -> A.Node | None:
    """The condition a band line stands for, over the criterion's input."""
    key = band.condition_key
    if key in ("when", "otherwise"):
        return None
    assert input_field is not None
    target = A.Field(input_field)
    if key in _THRESHOLD:
        return A.Compare(_THRESHOLD[key], target, _num(getattr(band, key)))
    if key == "between":
        low, high = band.between  # type: ignore[misc]
        return A.Logic("and", (A.Compare(">=", target, _num(low)), A.Compare("<=", target, _num(high))))
    if key == "is":
        value = band.is_
        literal: A.Node = A.Bool(value) if isinstance(value, bool) else A.Str(str(value))
        return A.Compare("==", target, literal)
    return A.In(target, tuple(A.Str(v) for v in band.in_ or ()))


class RuleCompiler:
    def __init__(self, table: ConditionTable, field_ids: list[str]) -> None:
        self.table = table
        self.field_ids = field_ids
        self.diagnostics: list[Diagnostic] = []

    def compile(self, rule_id: str, spec: RuleSpec, located: Located, path: PathKey, pos: Pos) -> RuleIR | None:
        ok = True
        rule = RuleIR(rule_id, spec, pos, pos.file)
        for name in kind_of(spec.kind).parts:
            text = getattr(spec, name, None)
            if text is None:
                continue
            index, _ = self.table.add_text(text, located, (*path, name))
            if index is None:
                ok = False
            else:
                rule.parts[name] = index
                rule.part_pos[name] = inner_pos(located, (*path, name), text, 0, len(text)) if (*path, name) in located.positions else pos
        if isinstance(spec, (Criterion, Penalty)) and spec.bands is not None:
            ok = self._bands(rule, spec, located, path) and ok
        if isinstance(spec, Criterion) and spec.sum is not None:
            outcomes = []
            for i, item in enumerate(spec.sum):
                index, _ = self.table.add_text(item.when, located, (*path, "sum", i, "when"))
                if index is None:
                    ok = False
                    continue
                outcomes.append(Outcome(index, item.points, item.says, f"when {item.when}",
                                        located.positions.get((*path, "sum", i))))
            rule.outcomes = tuple(outcomes)
        if isinstance(spec, Bonus):
            rule.outcomes = (Outcome(rule.parts.get("when"), spec.points, spec.says, f"when {spec.when}"),)
        if isinstance(spec, Penalty) and spec.when is not None:
            rule.outcomes = (Outcome(rule.parts.get("when"), spec.points or 0.0, spec.says, f"when {spec.when}"),)
        if not ok:
            return None
        fields: dict[str, None] = {}
        indices = list(rule.parts.values()) + [o.condition for o in rule.outcomes if o.condition is not None]
        for index in indices:
            for name in A.fields_of(self.table.nodes[index]):
                fields.setdefault(name, None)
        rule.fields = tuple(fields)
        return rule

    def _bands(self, rule: RuleIR, spec: Criterion | Penalty, located: Located, path: PathKey) -> bool:
        ok = True
        input_field = spec.input
        if input_field is not None and input_field not in self.table.fields:
            if input_field in self.table.broken:
                return False
            self.diagnostics.append(Diagnostic.error("K012", located.positions.get((*path, "input"), rule.pos),
                                                     closest(input_field, self.field_ids), name=input_field))
            return False
        outcomes = []
        for i, band in enumerate(spec.bands or ()):
            band_path = (*path, "bands", i)
            band_pos = located.positions.get(band_path, rule.pos)
            key = band.condition_key
            if key == "otherwise":
                outcomes.append(Outcome(None, band.award, band.says, "otherwise", band_pos))
                continue
            if key == "when":
                index, _ = self.table.add_text(band.when or "", located, (*band_path, "when"))
            elif input_field is None:
                self.diagnostics.append(Diagnostic.error(
                    "K043", band_pos, rule=rule.id,
                    problem=f"mức '{band_label(band)}' cần khai báo `input` cho tiêu chí",
                    problem_en=f"band '{band_label(band)}' needs the criterion's `input`"))
                ok = False
                continue
            else:
                node = band_condition(band, input_field)
                assert node is not None
                index, _ = self.table.add_generated(node, to_source(node), band_pos)
            if index is None:
                ok = False
                continue
            outcomes.append(Outcome(index, band.award, band.says, band_label(band), band_pos))
        rule.outcomes = tuple(outcomes)
        return ok
