"""Print pack test results the way pytest does: which case, which expectation, expected vs got."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kcscore.i18n import pick, render
from kcscore.packtest import CaseResult, Coverage

if TYPE_CHECKING:
    from kcscore.caseupdate import UpdatePlan


def render_results(results: list[CaseResult], cov: Coverage, lang: str = "vi", show_coverage: bool = False) -> str:
    lines: list[str] = []
    for r in results:
        where = f"{r.case.file}:{r.case.pos.line}"
        name = r.case.case.name
        if r.passed:
            lines.append(f"PASS  {name}")
            continue
        lines.append(f"FAIL  {name}  ({where})")
        if r.error:
            lines.append(f"      {r.error}")
        for m in r.mismatches:
            lines.append(f"      {render('packtest.mismatch', lang, what=m.what, expected=repr(m.expected), got=repr(m.got))}")
    passed = sum(r.passed for r in results)
    failed = len(results) - passed
    lines.append("")
    lines.append(render("packtest.totals", lang, passed=passed, failed=failed, total=len(results)))
    if show_coverage:
        lines.append(render("packtest.coverage", lang, rules=f"{cov.rule_percent:.1f}", items=f"{cov.item_percent:.1f}"))
        for owner, item in cov.uncovered():
            lines.append(f"  {render('packtest.uncovered', lang, owner=owner, item=item)}")
    return "\n".join(lines)


def _shown(value: object) -> str:
    from kcscore.caseupdate import yaml_value

    return "—" if value is None else yaml_value(value)


def render_plan(plan: UpdatePlan, lang: str = "vi") -> str:
    """What ``rules test --update`` would write, file by file: old → new and the rule that moved."""
    lines: list[str] = []
    for file, updates in plan.files.items():
        lines.append(render("packtest.file_updates", lang, file=file, count=len(updates)))
        for u in updates:
            lines.append(f"  {u.name}  ({file}:{u.result.case.pos.line})")
            for c in u.changes:
                why = render("packtest.because", lang, why=", ".join(c.why)) if c.why else ""
                where = f"{c.pos.line}:{c.pos.col}" if c.pos else "?"
                lines.append(f"      {c.what}: {_shown(c.old)} → {_shown(c.new)}  [{where}]{why}")
            for where, number in u.stale:
                code = "packtest.stale.name" if where == "name" else "packtest.stale.note"
                lines.append(f"      ! {render(code, lang, number=number)}")
    if plan.blocked:
        lines.append(render("packtest.blocked", lang))
        for u in plan.blocked:
            reason = pick(u.blocked[0], u.blocked[1], lang) if u.blocked else ""
            lines.append(f"  {u.name}  ({u.result.case.file}:{u.result.case.pos.line}): {reason}")
    if plan.errors:
        lines.append(render("packtest.errors", lang))
        for r in plan.errors:
            lines.append(f"  {r.case.case.name}  ({r.case.file}:{r.case.pos.line}): {r.error}")
    if not lines:
        lines.append(render("packtest.nothing", lang))
        return "\n".join(lines)
    changes = sum(len(u.changes) for ups in plan.files.values() for u in ups)
    lines.append("")
    lines.append(render("packtest.plan", lang, changes=changes, cases=plan.count, files=len(plan.files),
                        blocked=len(plan.blocked), errors=len(plan.errors)))
    return "\n".join(lines)
