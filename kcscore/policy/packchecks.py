"""Run the whole-pack checks on whatever part of a pack loaded, without reporting a mistake twice.

A check only runs when its inputs are complete: the criteria total needs every scored rule, a
band table needs its rule's schema, a reference is "unknown" only if nothing of that name was
declared at all (a declared-but-broken rule already has its own diagnostic).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kcscore.expr.analysis import Analyzer
from kcscore.policy import checks
from kcscore.policy.conditions import ConditionTable
from kcscore.policy.diagnostics import Diagnostic, Pos
from kcscore.policy.ir import ParameterIR, RuleIR
from kcscore.policy.model import FieldSpec, PolicyMeta, Support
from kcscore.suggest import closest

NUMERIC = ("integer", "number", "money", "percent")


@dataclass(frozen=True)
class Declared:
    """Ids written in the pack, whether or not their bodies were valid."""

    rules: set[str]
    fields: set[str]
    parameters: set[str]
    complete: bool  # False when a rule file could not be read: anything may have been declared there


def _tie_breaks(meta: PolicyMeta, rules: list[RuleIR], fields: dict[str, FieldSpec], declared: Declared,
                pos_of: Callable[..., Pos]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    scored = {r.id for r in rules if r.scored}
    compiled = {r.id for r in rules}
    for i, tie in enumerate(meta.ranking.tie_breaks):
        pos = pos_of("ranking", "tie_breaks", i, "criterion" if tie.criterion is not None else "field")
        name = tie.criterion
        if name is not None and name not in scored:
            broken = name in declared.rules and name not in compiled
            if not broken and (declared.complete or name in compiled):
                out.append(Diagnostic.error("K053", pos, closest(name, scored), name=name, allowed=", ".join(sorted(scored))))
        name = tie.field
        if name is not None and (name not in fields or fields[name].type not in NUMERIC):
            if name in declared.fields and name not in fields:
                continue
            numeric = [k for k, v in fields.items() if v.type in NUMERIC]
            out.append(Diagnostic.error("K053", pos, closest(name, numeric), name=name, allowed=", ".join(numeric)))
    if declared.complete and len(rules) == len(declared.rules):  # a group may be on a rule that did not load
        groups = sorted({g for r in rules if r.scored and (g := getattr(r.spec, "group", None)) is not None})
        for i, group in enumerate(meta.ranking.priority):
            if group not in groups:
                out.append(Diagnostic.error("K053", pos_of("ranking", "priority", i), closest(group, groups),
                                            name=group, allowed=", ".join(groups)))
    return out


def pack_checks(meta: PolicyMeta, rules: list[RuleIR], params: dict[str, ParameterIR], fields: dict[str, FieldSpec],
                table: ConditionTable, declared: Declared, pos_of: Callable[..., Pos], rule_items: dict[str, Any],
                policy_pos: Pos, fields_ok: bool) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    all_rules = declared.complete and len(rules) == len(declared.rules)
    if all_rules:
        out.extend(checks.check_total(meta, rules, pos_of("max_score")))
        if not any(isinstance(r.spec, Support) for r in rules):
            out.append(Diagnostic.warning("K081", policy_pos, section="rules: kind: support"))
    if fields_ok:
        out.extend(_tie_breaks(meta, rules, fields, declared, pos_of))
        analyzer = Analyzer(table.fields)
        out.extend(checks.check_dead_conditions(rules, table.nodes, table.sources, analyzer))
        for rule in rules:
            item = rule_items[rule.id]
            out.extend(checks.check_bands(rule, table.nodes, analyzer, item.located.key_positions.get((*item.path, "bands"))))
            if isinstance(rule.spec, Support):
                out.extend(checks.check_support(
                    rule, params, fields, declared.parameters,
                    lambda key, item=item: item.located.positions.get((*item.path, key), item.pos)))
    return out
