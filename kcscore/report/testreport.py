"""Print pack test results the way pytest does: which case, which expectation, expected vs got."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kcscore.packtest import CaseResult, Coverage

if TYPE_CHECKING:
    from kcscore.caseupdate import UpdatePlan


def render_results(results: list[CaseResult], cov: Coverage, lang: str = "vi", show_coverage: bool = False) -> str:
    vi = lang == "vi"
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
            lines.append(f"      {m.what}: {'cần' if vi else 'expected'} {m.expected!r}, {'được' if vi else 'got'} {m.got!r}")
    passed = sum(r.passed for r in results)
    failed = len(results) - passed
    lines.append("")
    if vi:
        lines.append(f"{passed} ca đạt, {failed} ca không đạt (tổng {len(results)})")
    else:
        lines.append(f"{passed} passed, {failed} failed ({len(results)} cases)")
    if show_coverage:
        lines.append(("Độ phủ quy tắc" if vi else "Rule coverage") + f": {cov.rule_percent:.1f}%  "
                     + ("độ phủ mức/nhánh" if vi else "band/outcome coverage") + f": {cov.item_percent:.1f}%")
        for owner, item in cov.uncovered():
            lines.append(f"  {'chưa có ca cho' if vi else 'not exercised'}: {owner} → {item}")
    return "\n".join(lines)


def _shown(value: object) -> str:
    from kcscore.caseupdate import yaml_value

    return "—" if value is None else yaml_value(value)


def render_plan(plan: UpdatePlan, lang: str = "vi") -> str:
    """What ``rules test --update`` would write, file by file: old → new and the rule that moved."""
    vi = lang == "vi"
    lines: list[str] = []
    for file, updates in plan.files.items():
        lines.append(f"{file}: {len(updates)} {'ca cần cập nhật' if vi else 'case(s) to update'}")
        for u in updates:
            lines.append(f"  {u.name}  ({file}:{u.result.case.pos.line})")
            for c in u.changes:
                why = (" — " + ("do " if vi else "because of ") + ", ".join(c.why)) if c.why else ""
                where = f"{c.pos.line}:{c.pos.col}" if c.pos else "?"
                lines.append(f"      {c.what}: {_shown(c.old)} → {_shown(c.new)}  [{where}]{why}")
            for where, number in u.stale:
                part = ("tên ca" if where == "name" else "ghi chú") if vi else where
                lines.append(f"      ! {part} " + (f"nêu số {number}, không còn khớp kết quả mới — cần sửa tay" if vi else
                                                    f"states {number}, which the new expectations no longer hold — reword it by hand"))
    if plan.blocked:
        lines.append("Không thể cập nhật tại chỗ (cần sửa tay):" if vi else "Cannot be updated in place (edit by hand):")
        for u in plan.blocked:
            reason = u.blocked[0 if vi else 1] if u.blocked else ""
            lines.append(f"  {u.name}  ({u.result.case.file}:{u.result.case.pos.line}): {reason}")
    if plan.errors:
        lines.append("Ca lỗi, không được sửa:" if vi else "Cases with errors, left untouched:")
        for r in plan.errors:
            lines.append(f"  {r.case.case.name}  ({r.case.file}:{r.case.pos.line}): {r.error}")
    if not lines:
        lines.append("Không có kỳ vọng nào cần cập nhật." if vi else "No expectation needs updating.")
        return "\n".join(lines)
    changes = sum(len(u.changes) for ups in plan.files.values() for u in ups)
    lines.append("")
    lines.append(f"{changes} kỳ vọng trong {plan.count} ca ở {len(plan.files)} tệp cần cập nhật; "
                 f"{len(plan.blocked)} ca cần sửa tay, {len(plan.errors)} ca lỗi" if vi else
                 f"{changes} expectation(s) in {plan.count} case(s) across {len(plan.files)} file(s) to update; "
                 f"{len(plan.blocked)} to edit by hand, {len(plan.errors)} with errors")
    return "\n".join(lines)
