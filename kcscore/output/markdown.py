"""The ranking report in Markdown: for pasting into a minute, a ticket or a repository.

The same sections as the HTML report, from the same view (``kcscore.report.view``), minus the
chart. Every value from the data is backslash-escaped (CommonMark allows that for any ASCII
punctuation), so a name can neither break a table nor smuggle in HTML, a link or a bare web address.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from kcscore.assess.result import Assessment
from kcscore.explain.words import words
from kcscore.batch.result import BatchResult
from kcscore.fileio import write_text_spooled
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
    return ["| " + " | ".join(md(h) for h in heads) + " |", "|" + "|".join(align) + "|"] + [_row(r) for r in rows]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


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


def _ranking(result: BatchResult, policy: Policy, lang: str, spool: Callable[[V.RankRow], None]) -> Iterator[str]:
    """The ranking table's lines, one applicant at a time; each row is also handed to ``spool``,
    which keeps its explanation for the section that follows (the rows are read only once)."""
    t = labels(lang)
    budget = result.funding is not None
    heads = [t["col_rank"], t["col_id"], t["col_name"], t["col_decision"], t["col_score"], t["col_support"]]
    align = ["---:", "---", "---", "---", "---:", "---:"]
    if budget:
        heads.append(t["col_funded"])
        align.append("---")
    blanks = [""] * (len(heads) - 2)
    yield from [f"## {md(t['ranking'])}", "", f"{md(t['order'])}: {md(V.order_text(policy, lang))}", ""]
    if not result.assessments and not budget:
        yield from [md(t["no_applicants"]), ""]
        return

    yield from _table(heads, align, [])
    for item in V.ranking_items(result):
        if item == V.LINE:
            head, first = V.funding_line(result.funding, lang)  # type: ignore[arg-type]
            yield _row(["**═══**", f"**{md(head)}** — {md(first)}", *blanks])
        elif item == V.UNRANKED:
            yield _row(["", f"**{md(t['not_ranked'])}**", *blanks])
        else:
            a = item.assessment  # type: ignore[union-attr]
            cells = [V.rank_text(a), a.id, a.name, decision_label(a.decision, lang), V.score_text(a, lang),
                     V.support_text(a, lang)]
            if budget:
                cells.append(V.funded_text(item, lang))  # type: ignore[arg-type]
            yield _row([md(c) for c in cells])
            spool(item)  # type: ignore[arg-type]
    yield ""


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
    note = V.funding_note(a, lang)
    if note:
        out += [f"**{md(t['funding_note'])}:** {md(note)}", ""]
    return out


def _errors(result: BatchResult, lang: str) -> list[str]:
    t = labels(lang)
    out = [f"## {md(t['row_errors'])}", ""]
    rows = V.error_rows(result, lang)
    if not rows:
        return out + [md(t["no_errors"]), ""]
    heads = [t["col_row"], t["col_column"], t["col_field"], t["col_value"], t["col_message"]]
    return out + _table(heads, ["---:", "---", "---", "---", "---"], [[md(c) for c in r] for r in rows]) + [""]


def _lines(result: BatchResult, policy: Policy, lang: str, spool: TextIO) -> Iterator[str]:
    """The document's lines. The explanations are written to ``spool`` while the ranking is read,
    then read back in place: the assessments are read once, one at a time."""
    t = labels(lang)
    yield from _header(result, policy, lang)
    yield from _ranking(result, policy, lang, lambda row: spool.writelines(f"{line}\n" for line in
                                                                         _explanation(row, policy, lang)))
    yield from [f"## {md(t['explanations'])}", ""]
    spool.seek(0)
    for line in spool:
        yield line[:-1]
    if not result.assessments:
        yield from [md(t["no_applicants"]), ""]
    yield from _errors(result, lang)


def _write_lines(lines: Iterable[str], out: TextIO) -> None:
    """``"\\n".join(lines).rstrip("\\n") + "\\n"``, written as it comes: blank lines wait until a line
    with text follows them, and those at the end are dropped."""
    blanks = 0
    for line in lines:
        if not line:
            blanks += 1
            continue
        out.write("\n" * blanks + line + "\n")
        blanks = 0


def render_markdown(result: BatchResult, policy: Policy, lang: str = "vi") -> str:
    """The report as one Markdown document; the same input always gives the same text."""
    lang = lang_of(lang)
    out = io.StringIO()
    _write_lines(_lines(result, policy, lang, io.StringIO()), out)
    return out.getvalue()


def write_markdown(result: BatchResult, policy: Policy, path: Path | str, lang: str = "vi") -> None:
    """Write the report atomically, streamed: the explanations wait in a temporary file meanwhile."""
    lang = lang_of(lang)
    write_text_spooled(Path(path), lambda spool, out: _write_lines(_lines(result, policy, lang, spool), out))
