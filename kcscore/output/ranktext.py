"""The ranking as plain text for the terminal: ranks, the funding line, then the rest and the errors."""

from __future__ import annotations

from kcscore.assess.result import Assessment
from kcscore.batch.result import BatchResult, standing
from kcscore.explain.format import money, points
from kcscore.packs import hash_label
from kcscore.i18n import render as say
from kcscore.report.scorecard import decision_head

WORDS = {
    "vi": {"rank": "Hạng", "id": "Mã hồ sơ", "name": "Tên cơ sở", "score": "Điểm", "support": "Hỗ trợ đề xuất",
           "funded": "Được hỗ trợ", "line": "RANH GIỚI KINH PHÍ", "committed": "đã cam kết",
           "left": "còn lại", "budget": "ngân sách", "others": "Chưa xếp hạng", "errors": "Dòng lỗi", "row": "dòng",
           "missing": "thiếu", "first": "Hồ sơ đầu tiên không được hỗ trợ"},
    "en": {"rank": "Rank", "id": "Id", "name": "Facility", "score": "Score", "support": "Recommended support",
           "funded": "Funded", "line": "FUNDING LINE", "committed": "committed",
           "left": "left", "budget": "budget", "others": "Not ranked", "errors": "Rows with errors", "row": "row",
           "missing": "missing", "first": "First unfunded applicant"},
}


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _reason(a: Assessment, lang: str) -> str:
    w = WORDS[lang]
    if a.decision == "ineligible":
        texts = [f.text for f in a.findings if f.rule in a.reasons]
        return "; ".join(texts)
    if a.decision == "incomplete":
        return f"{w['missing']}: " + ", ".join(a.missing)
    return ""


def render(result: BatchResult, lang: str = "vi", with_errors: bool = True) -> str:
    """The ranking as text; ``with_errors=False`` leaves the bad rows out (the CLI prints them on
    stderr, so that stdout holds the ranking alone)."""
    w = WORDS[lang]
    lines: list[str] = []
    policy = result.policy
    head = f"{policy['id']} {policy['version']} ({hash_label(lang)} {policy['sha256'][:12]})"
    if policy.get("as_of"):
        head += f" · {policy['as_of']}"
    lines.append(head)
    funding = result.funding
    with_budget = funding is not None
    columns = f"{w['rank']:>5}  {w['id']:<14} {w['name']:<34} {w['score']:>7}  {w['support']:>20}"
    if with_budget:
        columns += f"  {w['funded']}"
    lines.append(columns)
    eligible = [a for a in result.assessments if a.decision == "eligible"]
    line_drawn = False
    for a in eligible:
        if with_budget and not line_drawn and funding.line_after_rank is not None and a.rank == funding.line_after_rank + 1:
            lines.append(_funding_line(result, lang))
            line_drawn = True
        row = (f"{a.rank:>5}  {_cut(a.id, 14):<14} {_cut(a.name, 34):<34} {points(a.score, lang):>7}  "
               f"{money(a.recommended_support_vnd, lang):>20}")
        if with_budget:
            row += f"  {say('status.' + standing(a, funding), lang)}"
        lines.append(row)
    if with_budget and not line_drawn:
        lines.append(_funding_line(result, lang))
    others = [a for a in result.assessments if a.decision != "eligible"]
    if others:
        lines.append("")
        lines.append(w["others"])
        for a in others:
            lines.append(f"    -  {_cut(a.id, 14):<14} {_cut(a.name, 34):<34} {decision_head(a.decision, lang)}: {_cut(_reason(a, lang), 120)}")
    if result.errors and with_errors:
        lines.append("")
        lines.append(w["errors"])
        for e in result.errors:
            lines.append(f"    {e.where(lang)}: {e.message}")
    return "\n".join(lines)


def _funding_line(result: BatchResult, lang: str) -> str:
    w = WORDS[lang]
    f = result.funding
    assert f is not None
    text = (f"  ───── {w['line']}: {w['committed']} {money(f.committed, lang)} / {w['budget']} {money(f.budget, lang)}, "
            f"{w['left']} {money(f.left, lang)} ─────")
    if f.first_unfunded_text:
        text += f"\n  {w['first']}: {f.first_unfunded_text}"
    return text
