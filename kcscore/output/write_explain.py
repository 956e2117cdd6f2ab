"""The explanation sheet: one row per applicant, its scorecard split into readable cells.

Each cell holds one line per finding, marked like the text scorecard: ``✓``/``✗``/``?`` for
conditions, ``+ 8/12`` for points, ``!`` for warnings. Failing and unsettled conditions and every
scored line carry their legal source; conditions that simply pass do not (it would double the
sheet and say nothing). One row per applicant, rather than one per finding, keeps 10 000
applicants to 10 000 rows: Excel stays quick to open and filter, and the writer stays fast.
"""

from __future__ import annotations

from typing import Any

from kcscore.assess.result import Assessment, Finding
from kcscore.explain.words import words
from kcscore.wording.format import missing_line
from kcscore.wording.format import points as fmt_points
from kcscore.i18n import LANGS, group
from kcscore.kinds.registry import decides, earns, is_scored
from kcscore.output.write_labels import DECISION, cite_text
from kcscore.output.write_table import RankingTable, num

COLUMNS = {lang: tuple(group("file.explain_column", lang).values()) for lang in LANGS}
KINDS = ("int", "text", "long", "text", "number", "long", "long", "long", "long", "long", "long")
_MARK = {"pass": "✓", "exempt": "✓", "clear": "✓", "not_applicable": "·", "fail": "✗", "excluded": "✗",
         "unknown": "?"}
_CITED = ("fail", "excluded", "unknown", "exempt")


def _with_cite(text: str, f: Finding) -> str:
    cite = cite_text(f.cite)
    return f"{text} ({cite})" if cite else text


def condition_line(f: Finding, text: str) -> str:
    line = f"{_MARK.get(f.status, '·')} {text}"
    return _with_cite(line, f) if f.status in _CITED else line


def points_line(f: Finding, text: str, lang: str) -> str:
    value = f.points or 0.0
    if f.status == "not_applicable":  # outside the maximum this applicant is scored against
        shown = "—"
    elif not earns(f.kind):
        shown = f"− {fmt_points(abs(value), lang)}" if value < 0 else "0"
    else:
        sign = "+ " if value > 0 else ""
        shown = f"{sign}{fmt_points(value, lang)}/{fmt_points(f.max_points, lang)}"
        if f.status == "unknown" and f.upper_points is not None and f.upper_points != f.points:
            shown = f"? {fmt_points(value, lang)}–{fmt_points(f.upper_points, lang)}/{fmt_points(f.max_points, lang)}"
    return _with_cite(f"{shown}  {text}", f)


def missing_lines(a: Assessment, table: RankingTable) -> list[str]:
    return ["- " + missing_line(m.field, m.holds_decision, m.points_at_stake, table.policy.fields, table.lang)
            for m in a.missing_detail]


def explanation_row(a: Assessment, table: RankingTable) -> list[Any]:
    lang = table.lang
    w = words(table.policy, lang)
    conditions = [condition_line(f, w.finding(a, f)) for f in a.findings if decides(f.kind)]
    scored = [points_line(f, w.finding(a, f), lang) for f in a.findings if is_scored(f.kind)]
    flags = [f"! {w.finding(a, f)}" for f in a.flags]
    suggestions = [f"+ {w.suggestion(a, s)}" for s in a.suggestions]
    support = ""
    if a.decision == "eligible":  # for others the formula would promise money they do not get
        support = "\n".join(_with_cite(w.finding(a, f), f) for f in a.findings if f.kind == "support")
    return [a.rank, a.id, a.name, DECISION[lang].get(a.decision, a.decision), num(a.score),
            "\n".join(conditions), "\n".join(scored), "\n".join(flags), "\n".join(missing_lines(a, table)),
            "\n".join(suggestions), support]
