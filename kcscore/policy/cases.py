"""The pack's own test cases: validated at load time so a broken test is a rule-file error too.

A name a test uses is unknown only if the pack never declared it: a rule or field that is declared
but broken already has its own diagnostic, and when a rule file could not be read at all, any
rule might have been in it, so rule names are not judged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kcscore.policy.casenames import contradiction, fmt
from kcscore.policy.diagnostics import Diagnostic
from kcscore.policy.ir import CaseIR, RuleIR
from kcscore.policy.model import FieldSpec, TestCase
from kcscore.policy.spans import inner_pos
from kcscore.policy.validation import validate
from kcscore.suggest import closest
from kcscore.tables.values import fold

if TYPE_CHECKING:
    from kcscore.policy.packchecks import Declared

MAX_BASE_DEPTH = 8


def _expand(applicant: dict[str, Any], bases: dict[str, Any], depth: int = 0) -> dict[str, Any] | str:
    """Merge ``base:`` chains; returns the name of a missing base on failure."""
    if "base" not in applicant:
        return dict(applicant)
    name = str(applicant["base"])
    if name not in bases or depth > MAX_BASE_DEPTH:
        return name
    parent = bases[name].data
    if not isinstance(parent, dict):
        return name
    merged = _expand(parent, bases, depth + 1)
    if isinstance(merged, str):
        return merged
    merged.update({k: v for k, v in applicant.items() if k != "base"})
    return merged


def _known_columns(fields: dict[str, FieldSpec], field_items: dict[str, Any]) -> set[str]:
    """Folded ids, headers and aliases of every declared field, valid or not."""
    known = {fold(k) for k in field_items} | {fold(k) for k in fields}
    for spec in fields.values():
        known.update(fold(h) for h in (spec.header, *spec.aliases, spec.title.vi, spec.title.en))
    for item in field_items.values():
        data = item.data if isinstance(item.data, dict) else {}
        aliases = data.get("aliases")
        names = [data.get("header"), *(aliases if isinstance(aliases, list) else [])]
        known.update(fold(h) for h in names if isinstance(h, str))
    return known


def load_cases(bases: dict[str, Any], items: list[Any], fields: dict[str, FieldSpec], rules: list[RuleIR],
               diags: list[Diagnostic], declared: Declared | None = None,
               field_items: dict[str, Any] | None = None) -> list[CaseIR]:
    field_items = field_items if field_items is not None else {}
    known_fields = set(fields) | set(field_items)
    columns = _known_columns(fields, field_items)
    rule_ids = {r.id for r in rules} | (declared.rules if declared else set())
    judge_rules = declared is None or declared.complete
    out: list[CaseIR] = []
    for base_name, item in bases.items():
        if not isinstance(item.data, dict):
            diags.append(Diagnostic.error("K070", item.pos, case=base_name, problem="mẫu hồ sơ phải là một bảng `trường: giá trị`",
                                          problem_en="a base applicant must be a mapping `field: value`"))
            continue
        for key in item.data:
            if key != "base" and fold(str(key)) not in columns:
                pos = item.located.key_positions.get((*item.path, key), item.pos)
                diags.append(Diagnostic.error("K071", pos, closest(str(key), known_fields), name=key))
    for item in items:
        case, problems = validate(TestCase, item.data, item.located, item.path)
        diags.extend(problems)
        if case is None:
            continue
        applicant = _expand(case.applicant, bases)
        if isinstance(applicant, str):
            diags.append(Diagnostic.error("K070", item.located.positions.get((*item.path, "applicant", "base"), item.pos),
                                          closest(applicant, bases), case=case.name,
                                          problem=f"không có mẫu hồ sơ '{applicant}'", problem_en=f"no base applicant '{applicant}'"))
            continue
        for key in case.applicant:
            if key != "base" and fold(str(key)) not in columns:
                pos = item.located.key_positions.get((*item.path, "applicant", key), item.pos)
                diags.append(Diagnostic.error("K071", pos, closest(str(key), known_fields), name=key))
        expect = case.expect
        if judge_rules:
            for name in expect.points:
                if name not in rule_ids:
                    pos = item.located.key_positions.get((*item.path, "expect", "points", name), item.pos)
                    diags.append(Diagnostic.error("K072", pos, closest(name, rule_ids), name=name))
            for key in ("reasons", "flags"):
                for i, name in enumerate(getattr(expect, key) or ()):
                    if name not in rule_ids:
                        pos = item.located.positions.get((*item.path, "expect", key, i), item.pos)
                        diags.append(Diagnostic.error("K072", pos, closest(name, rule_ids), name=name))
        wrong = contradiction(case.name, expect)
        if wrong is not None:
            match, number = wrong
            name_path = (*item.path, "name")
            pos = (inner_pos(item.located, name_path, case.name, match.start(), match.end())
                   if name_path in item.located.positions else item.pos)
            expected = ", ".join(f"{rule}: {fmt(points)}" for rule, points in expect.points.items())
            diags.append(Diagnostic.warning("K073", pos, case=case.name, stated=fmt(number), expected=expected))
        for i, name in enumerate(expect.missing or ()):
            if name not in known_fields:
                pos = item.located.positions.get((*item.path, "expect", "missing", i), item.pos)
                diags.append(Diagnostic.error("K071", pos, closest(name, known_fields), name=name))
        out.append(CaseIR(case, applicant, item.located.positions.get(item.path, item.pos), item.pos.file))
    return out
