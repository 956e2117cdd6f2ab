"""Whole-pack checks that need every rule at once: bands, sums, references, dead conditions."""

from __future__ import annotations

import re
from collections.abc import Callable

from kcscore.expr import ast as A
from kcscore.expr.analysis import Analyzer, describe
from kcscore.policy.diagnostics import Diagnostic, Pos
from kcscore.policy.ir import ParameterIR, RuleIR
from kcscore.policy.model import Bonus, Criterion, FieldSpec, Penalty, PolicyMeta, Support, Text
from kcscore.policy.spans import inner_pos
from kcscore.policy.templates import TEMPLATE_EXTRAS
from kcscore.policy.yamlsource import Located, PathKey
from kcscore.suggest import closest

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_EXPLICIT = ("between", "is", "in")


def _never(analyzer: Analyzer, node: A.Node) -> bool:
    return analyzer.satisfiable(node) is False


def check_dead_conditions(rules: list[RuleIR], nodes: list[A.Node], sources: list[str], analyzer: Analyzer) -> list[Diagnostic]:
    """Conditions that can never be true (errors) or are always true (warnings)."""
    out: list[Diagnostic] = []
    for rule in rules:
        for part, index in rule.parts.items():
            node = nodes[index]
            pos = rule.part_pos.get(part, rule.pos)
            where = f"'{rule.id}.{part}'"
            if _never(analyzer, node):
                out.append(Diagnostic.error("K017", pos, where=where, condition=sources[index]))
            elif part not in ("applies", "require") and not isinstance(rule.spec, Support) and _never(analyzer, A.Not(node)):
                # a gate's `require` may list every value: it then only demands that the field is known
                out.append(Diagnostic.warning("K018", pos, where=where, condition=sources[index]))
        if rule.is_sum:
            for number, outcome in enumerate(rule.outcomes, start=1):
                if outcome.condition is not None and _never(analyzer, nodes[outcome.condition]):
                    out.append(Diagnostic.error("K017", outcome.pos or rule.pos, where=f"'{rule.id}.sum[{number}]'",
                                                condition=sources[outcome.condition]))
    return out


def check_bands(rule: RuleIR, nodes: list[A.Node], analyzer: Analyzer, table_pos: Pos | None = None) -> list[Diagnostic]:
    """Unreachable bands, overlapping explicit ranges, and values no band covers."""
    spec = rule.spec
    if not isinstance(spec, (Criterion, Penalty)) or spec.bands is None:
        return []
    out: list[Diagnostic] = []
    earlier: list[A.Node] = []
    explicit: list[tuple[int, A.Node]] = []
    has_otherwise = False
    for number, (band, outcome) in enumerate(zip(spec.bands, rule.outcomes), start=1):
        pos = outcome.pos or rule.pos
        if has_otherwise:
            out.append(Diagnostic.error("K042", pos, rule=rule.id, band=number))
            continue
        if outcome.condition is None:
            has_otherwise = True
            if earlier and _never(analyzer, A.Not(A.Logic("or", tuple(earlier)) if len(earlier) > 1 else earlier[0])):
                out.append(Diagnostic.error("K042", pos, rule=rule.id, band=number))
            continue
        node = nodes[outcome.condition]
        fresh = A.Logic("and", (node, *(A.Not(e) for e in earlier))) if earlier else node
        if _never(analyzer, fresh):
            out.append(Diagnostic.error("K042", pos, rule=rule.id, band=number))
        if band.condition_key in _EXPLICIT:
            for other_number, other in explicit:
                if analyzer.satisfiable(A.Logic("and", (node, other))) is True:
                    out.append(Diagnostic.error("K041", pos, rule=rule.id, band=number, other=other_number))
            explicit.append((number, node))
        earlier.append(node)
    if not has_otherwise and earlier:
        uncovered = A.Not(A.Logic("or", tuple(earlier)) if len(earlier) > 1 else earlier[0])
        verdict = analyzer.satisfiable(uncovered)
        if verdict is True:
            witness = analyzer.witness(uncovered) or {}
            gap = "; ".join(describe(name, c) for name, c in witness.items()) or "?"
            gap_en = "; ".join(describe(name, c, "en") for name, c in witness.items()) or "?"
            out.append(Diagnostic.error("K040", table_pos or rule.pos, rule=rule.id, gap=gap, gap_en=gap_en))
        elif verdict is None:
            out.append(Diagnostic.warning("K043", table_pos or rule.pos, rule=rule.id,
                                          problem="không chứng minh được mọi giá trị đều có mức; thêm `otherwise`",
                                          problem_en="cannot prove every value falls in a band; add `otherwise`"))
    for band, outcome in zip(spec.bands, rule.outcomes):
        wrong_sign = outcome.points > 0 if isinstance(spec, Penalty) else outcome.points < 0
        if wrong_sign:
            out.append(Diagnostic.error("K024", outcome.pos or rule.pos,
                                        problem="điểm trừ phải ≤ 0" if isinstance(spec, Penalty) else "điểm tiêu chí phải ≥ 0",
                                        problem_en="penalty points must be ≤ 0" if isinstance(spec, Penalty) else "criterion points must be ≥ 0"))
    return out


def check_total(meta: PolicyMeta, rules: list[RuleIR], pos: Pos) -> list[Diagnostic]:
    """Criteria and bonuses must add up to the declared scale; the message lists each one's maximum.

    The scale is the law's (100 points), so the fix is to rebalance the rules, never to raise
    ``max_score``: the breakdown shows where the surplus or shortfall is.
    """
    counted = [r for r in rules if isinstance(r.spec, (Criterion, Bonus))]
    total = sum(r.max_points for r in counted)
    if abs(total - meta.max_score) > 1e-9:
        def fmt(x: float) -> str:
            return str(int(x)) if float(x).is_integer() else str(x)
        parts = [f"{r.id} {fmt(r.max_points)}" for r in counted]
        return [Diagnostic.error("K050", pos, total=fmt(total), declared=fmt(meta.max_score),
                                 breakdown=", ".join(parts), difference=fmt(abs(total - meta.max_score)),
                                 direction="bớt" if total > meta.max_score else "thêm",
                                 direction_en="remove" if total > meta.max_score else "add")]
    return []


def check_support(rule: RuleIR, params: dict[str, ParameterIR], fields: dict[str, FieldSpec], declared_params: set[str],
                  pos_of: Callable[[str], Pos]) -> list[Diagnostic]:
    """References of a support rule: parameters of the right unit, money fields for cost and request."""
    spec = rule.spec
    assert isinstance(spec, Support)
    out: list[Diagnostic] = []
    for key, unit in (("share", "percent"), ("cap", "vnd")):
        value = getattr(spec, key)
        if isinstance(value, str):
            if value not in params:
                if value in declared_params:
                    continue  # declared but broken: its own diagnostic says why
                out.append(Diagnostic.error("K053", pos_of(key), closest(value, params), name=value, allowed=", ".join(params)))
            elif params[value].spec.unit != unit:
                out.append(Diagnostic.error("K054", pos_of(key), problem=f"tham số '{value}' phải có đơn vị {unit}",
                                            problem_en=f"parameter '{value}' must have unit {unit}"))
        elif value is not None and key == "share" and not 0 < value <= 100:
            out.append(Diagnostic.error("K024", pos_of(key), problem="tỷ lệ hỗ trợ trong (0, 100]", problem_en="share in (0, 100]"))
        elif value is not None and key == "cap" and value < 0:
            out.append(Diagnostic.error("K024", pos_of(key), problem="mức trần ≥ 0", problem_en="cap ≥ 0"))
    for key in ("cost_field", "requested_field"):
        name = getattr(spec, key)
        if name not in fields or fields[name].type != "money":
            out.append(Diagnostic.error("K053", pos_of(key), closest(name, fields), name=name,
                                        allowed=", ".join(f for f, s in fields.items() if s.type == "money")))
    return out


def check_templates(text: Text | None, located: Located, path: PathKey, fallback: Pos, fields: dict[str, FieldSpec],
                    broken: set[str] | frozenset[str] = frozenset()) -> list[Diagnostic]:
    """Placeholders ``{field}`` in a sentence must name a field (or points / max_points / value)."""
    if text is None:
        return []
    out = []
    for lang in ("vi", "en"):
        value = text.get(lang)
        for match in _PLACEHOLDER.finditer(value):
            name = match.group(1)
            if name in fields or name in TEMPLATE_EXTRAS or name in broken:
                continue
            where = (*path, lang)
            pos = inner_pos(located, where, value, match.start(1), match.end(1)) if where in located.positions else fallback
            out.append(Diagnostic.error("K026", pos, closest(name, [*fields, *TEMPLATE_EXTRAS]), name=name))
    return out


def rule_texts(rule: RuleIR) -> list[tuple[PathKey, Text | None]]:
    """Every sentence of a rule with its path inside the rule, for template checks."""
    spec = rule.spec
    texts: list[tuple[PathKey, Text | None]] = [((k,), getattr(spec, k, None)) for k in ("says", "fails", "passes", "reason")]
    for key in ("bands", "sum"):
        for i, line in enumerate(getattr(spec, key, None) or ()):
            texts.append(((key, i, "says"), line.says))
    return texts
