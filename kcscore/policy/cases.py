"""The pack's own test cases: validated at load time so a broken test is a rule-file error too."""

from __future__ import annotations

from typing import Any

from kcscore.policy.diagnostics import Diagnostic
from kcscore.policy.ir import CaseIR, RuleIR
from kcscore.policy.model import FieldSpec, TestCase
from kcscore.policy.validation import validate
from kcscore.suggest import closest
from kcscore.tables.values import fold

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


def load_cases(bases: dict[str, Any], items: list[Any], fields: dict[str, FieldSpec], rules: list[RuleIR],
               diags: list[Diagnostic]) -> list[CaseIR]:
    known_fields = set(fields)
    headers = {fold(s.header): k for k, s in fields.items()} | {fold(k): k for k in fields}
    rule_ids = {r.id for r in rules}
    out: list[CaseIR] = []
    for base_name, item in bases.items():
        if not isinstance(item.data, dict):
            diags.append(Diagnostic.error("K070", item.pos, case=base_name, problem="mẫu hồ sơ phải là một bảng",
                                          problem_en="a base applicant must be a mapping"))
            continue
        for key in item.data:
            if key != "base" and fold(str(key)) not in headers:
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
            if key != "base" and fold(str(key)) not in headers:
                pos = item.located.key_positions.get((*item.path, "applicant", key), item.pos)
                diags.append(Diagnostic.error("K071", pos, closest(str(key), known_fields), name=key))
        expect = case.expect
        named = [*expect.points, *(expect.reasons or ()), *(expect.flags or ())]
        for name in named:
            if name not in rule_ids:
                diags.append(Diagnostic.error("K072", item.located.positions.get((*item.path, "expect"), item.pos),
                                              closest(name, rule_ids), name=name))
        for name in expect.missing or ():
            if name not in known_fields:
                diags.append(Diagnostic.error("K071", item.located.positions.get((*item.path, "expect", "missing"), item.pos),
                                              closest(name, known_fields), name=name))
        out.append(CaseIR(case, applicant, item.located.positions.get(item.path, item.pos), item.pos.file))
    return out
