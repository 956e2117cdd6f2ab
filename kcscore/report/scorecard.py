"""The officer's scorecard: the decision, why, each criterion's points, what is missing, what would help."""

from __future__ import annotations

from kcscore.assess.result import Assessment, Finding
from kcscore.explain.words import words
from kcscore.wording.format import field_value, missing_line, money, points
from kcscore.i18n import LANGS, group
from kcscore.i18n import render as say
from kcscore.kinds.registry import decides, earns, is_scored
from kcscore.packs import hash_label
from kcscore.policy.ir import Policy
from kcscore.report.term import PLAIN, Term



def decision_head(decision: str, lang: str) -> str:
    """The decision as the scorecard's headline shouts it: the status words in capitals."""
    return say(f"status.{decision}", lang).upper()


HEAD = {lang: group("scorecard.head", lang) for lang in LANGS}
_MARK = {"pass": "✓", "not_applicable": "·", "exempt": "✓", "clear": "✓", "fail": "✗", "excluded": "✗", "unknown": "?"}


def _cite(f: Finding) -> str:
    doc = f.cite.get("doc", "")
    article = f.cite.get("article")
    return f"({doc}, {article})" if article else f"({doc})"


def _points_column(f: Finding, lang: str) -> str:
    value = f.points or 0.0
    if f.status == "not_applicable":  # outside the maximum this applicant is scored against
        return "   —   "
    if not earns(f.kind):  # a penalty: only what it took, no maximum
        return f"{'−' if value < 0 else ' '}{points(abs(value), lang):>2}    "
    shown = f"{points(value, lang):>2}/{points(f.max_points, lang):<2}"
    sign = "+" if value > 0 else " "
    return f"{sign} {shown}"


def _scaled_line(a: Assessment, lang: str) -> str:
    """How the score of a project some criteria do not apply to was put on the pack's scale."""
    if a.points_possible is None or a.points_earned is None or a.decision != "eligible" \
            or not any(f.status == "not_applicable" and is_scored(f.kind) for f in a.findings):
        return ""
    earned, possible, score = (points(v, lang) for v in (a.points_earned, a.points_possible, a.score))
    full = points(a.max_score, lang)
    return say("scorecard.scaled", lang, earned=earned, possible=possible, full=full, score=score)


def render(assessment: Assessment, policy: Policy, lang: str = "vi", term: Term = PLAIN) -> str:
    """The scorecard as text; ``term`` wraps it to a terminal's width and colours its marks."""
    h = HEAD[lang]
    a = assessment
    w = words(policy, lang)
    lines: list[str] = []
    score_text = f"{points(a.score, lang)}/{points(a.max_score, lang)} {h['score']}"
    if a.decision == "incomplete":
        score_text = f"{h['provisional']} {points(a.provisional_score, lang)}/{points(a.max_score, lang)} {h['score']}"
    head = f"{a.name} — {decision_head(a.decision, lang)} — {score_text}"
    if a.decision == "eligible":
        head += f" — {h['proposed']} {money(a.recommended_support_vnd, lang)}"
    lines.append(head)
    lines.append(f"{h['pack']}: {policy.meta.id} {policy.meta.version} ({hash_label(lang)} {policy.sha256[:12]}) · "
                 f"{h['as_of']} {field_value(a.as_of, None, lang)} · {a.id}")

    if a.reasons:
        lines.append("")
        lines.append(h["why"])
        for f in a.findings:
            if f.rule in a.reasons:
                lines.append(f"  ✗ {w.finding(a, f)} {_cite(f)}")

    lines.append("")
    lines.append(h["gates"])
    for f in a.findings:
        if decides(f.kind) and f.rule not in a.reasons:
            suffix = f" {_cite(f)}" if f.status in ("unknown",) else ""
            lines.append(f"  {_MARK.get(f.status, ' ')} {w.finding(a, f)}{suffix}")

    lines.append("")
    lines.append(h["points"])
    for f in a.findings:
        if is_scored(f.kind):
            if not earns(f.kind) and not f.points and f.status == "scored":  # a penalty that took nothing
                continue
            lines.append(f"  {_points_column(f, lang)}  {w.finding(a, f)} {_cite(f)}")
    scaled = _scaled_line(a, lang)
    if scaled:
        lines.append(f"  {scaled}")

    flags = a.flags
    if flags:
        lines.append("")
        lines.append(h["flags"])
        for f in flags:
            lines.append(f"  ! {w.finding(a, f)}")

    if a.missing_detail:
        lines.append("")
        lines.append(h["missing"])
        for m in a.missing_detail:
            lines.append("  - " + missing_line(m.field, m.holds_decision, m.points_at_stake, policy.fields, lang))

    if a.suggestions:
        lines.append("")
        lines.append(h["more"])
        for s in a.suggestions:
            lines.append(f"  + {w.suggestion(a, s)}")

    if a.support_shown:
        lines.append("")
        lines.append(f"  {w.support(a)}")
    return term.block(lines)
