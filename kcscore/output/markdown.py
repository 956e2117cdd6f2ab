"""The ranking report in Markdown: for pasting into a minute, a ticket or a repository.

The same sections as the HTML report, from the same view (``kcscore.report.view``), minus the
chart. Every value from the data is backslash-escaped (CommonMark allows that for any ASCII
punctuation), so a name can neither break a table nor smuggle in HTML, a link or a bare web address.
"""

from __future__ import annotations

import re
from pathlib import Path

from kcscore.assess.result import Assessment
from kcscore.explain.words import words
from kcscore.batch.result import BatchResult
from kcscore.fileio import write_text_atomic
from kcscore.i18n import lang_of
from kcscore.policy.ir import Policy
from kcscore.report import view as V
from kcscore.report.labels import decision_label, labels

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")
_MARK = {"pass": "✓", "not_applicable": "·", "exempt": "✓", "clear": "✓", "fail": "✗", "excluded": "✗", "unknown": "?"}


def md(value: object) -> str:
    """Plain text made safe for one Markdown line or table cell."""
    text = " ".join(str(value).split())
    text = _SPECIAL.sub(r"\\\1", text)
    # GitHub turns bare web addresses into links; escaped slashes and dots keep them plain text.
    return text.replace("://", ":\\/\\/").replace("www.", "www\\.")


def _table(heads: list[str], align: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(md(h) for h in heads) + " |", "|" + "|".join(align) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _header(result: BatchResult, policy: Policy, lang: str) -> list[str]:
    t = labels(lang)
    out = [f"# {md(t['title'])}", "", f"{md(policy.meta.title.get(lang))} · {md(policy.meta.jurisdiction.get(lang))}",
           "", f"## {md(t['summary'])}", ""]
    out += [f"- {md(label)}: {md(value)}" for label, value in V.header(result, policy, lang)]
    if result.funding is None:
        out += ["", md(t["no_budget"])]
    if result.warnings:
        out += ["", f"**{md(t['warnings'])}**", ""] + [f"- {md(w)}" for w in result.warnings]
    return out + [""]


def _ranking(result: BatchResult, policy: Policy, lang: str) -> list[str]:
    t = labels(lang)
    ranking = V.ranking(result)
    budget = result.funding is not None
    heads = [t["col_rank"], t["col_id"], t["col_name"], t["col_decision"], t["col_score"], t["col_support"]]
    align = ["---:", "---", "---", "---", "---:", "---:"]
    if budget:
        heads.append(t["col_funded"])
        align.append("---")
    blanks = [""] * (len(heads) - 2)
    out = [f"## {md(t['ranking'])}", "", f"{md(t['order'])}: {md(V.order_text(policy, lang))}", ""]
    if not ranking.rows and not budget:
        return out + [md(t["no_applicants"]), ""]
    rows: list[list[str]] = []
    for index in range(len(ranking.rows) + 1):
        if index == ranking.line_at and result.funding is not None:
            head, first = V.funding_line(result.funding, lang)
            rows.append(["**═══**", f"**{md(head)}** — {md(first)}", *blanks])
        if index == len(ranking.rows):
            break
        row = ranking.rows[index]
        if index == ranking.unranked_at:
            rows.append(["", f"**{md(t['not_ranked'])}**", *blanks])
        a = row.assessment
        cells = [V.rank_text(a), a.id, a.name, decision_label(a.decision, lang), V.score_text(a, lang),
                 V.support_text(a, lang)]
        if budget:
            cells.append(V.funded_text(row, lang))
        rows.append([md(c) for c in cells])
    return out + _table(heads, align, rows) + [""]


def _list(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"**{md(title)}**", ""] + [f"- {item}" for item in items] + [""]


def _explanation(row: V.RankRow, policy: Policy, lang: str) -> list[str]:
    t = labels(lang)
    a: Assessment = row.assessment
    w = words(policy, lang)
    out = [f"### {md(V.headline(a, w, lang, row.standing))}", "", f"**{md(t['decision'])}:** {md(decision_label(a.decision, lang))}", ""]
    reasons = [f for f in a.findings if f.rule in a.reasons]
    out += _list(t["reasons"], [f"✗ {md(w.finding(a, f))} ({md(V.cite_text(f.cite, lang))})" for f in reasons])
    conditions = [f for f in a.findings if f.kind in V.CONDITION_KINDS and f.rule not in a.reasons]
    out += _list(t["conditions"], [f"{_MARK.get(f.status, '·')} {md(w.finding(a, f))}" for f in conditions])
    scored = V.scored_findings(a)
    if scored:
        out += [f"**{md(t['findings'])}**", ""]
        out += _table([t["col_score"], t["col_finding"], t["col_cite"]], ["---:", "---", "---"],
                      [[md(V.points_text(f, lang)), md(w.finding(a, f)), md(V.cite_text(f.cite, lang))]
                       for f in scored])
        out.append("")
    out += _list(t["missing"], [md(m) for m in V.missing_text(a, policy, lang)])
    out += _list(t["suggestions"], [md(w.suggestion(a, s)) for s in a.suggestions])
    if a.support_shown:
        out += [f"**{md(t['support'])}:** {md(w.support(a))}", ""]
    out += _list(t["flags"], [f"! {md(w.finding(a, f))}" for f in a.flags])
    if a.funding_note:
        out += [f"**{md(t['funding_note'])}:** {md(a.funding_note)}", ""]
    return out


def _errors(result: BatchResult, lang: str) -> list[str]:
    t = labels(lang)
    out = [f"## {md(t['row_errors'])}", ""]
    rows = V.error_rows(result, lang)
    if not rows:
        return out + [md(t["no_errors"]), ""]
    heads = [t["col_row"], t["col_column"], t["col_field"], t["col_value"], t["col_message"]]
    return out + _table(heads, ["---:", "---", "---", "---", "---"], [[md(c) for c in r] for r in rows]) + [""]


def render_markdown(result: BatchResult, policy: Policy, lang: str = "vi") -> str:
    """The report as one Markdown document; the same input always gives the same text."""
    lang = lang_of(lang)
    t = labels(lang)
    parts = _header(result, policy, lang) + _ranking(result, policy, lang)
    parts += [f"## {md(t['explanations'])}", ""]
    for row in V.ranking(result).rows:
        parts += _explanation(row, policy, lang)
    if not result.assessments:
        parts += [md(t["no_applicants"]), ""]
    parts += _errors(result, lang)
    return "\n".join(parts).rstrip("\n") + "\n"


def write_markdown(result: BatchResult, policy: Policy, path: Path | str, lang: str = "vi") -> None:
    write_text_atomic(Path(path), render_markdown(result, policy, lang))
