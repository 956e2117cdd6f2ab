"""Print pack test results the way pytest does: which case, which expectation, expected vs got."""

from __future__ import annotations

from kcscore.packtest import CaseResult, Coverage


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
