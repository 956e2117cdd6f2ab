"""The ranking as plain text for the terminal: ranks, the funding line, then the rest and the errors.

On a terminal (``report.term``) the name column takes what the terminal's width leaves, long lines
wrap under their start, and the funding line is red; piped or with ``NO_COLOR`` it is plain text.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING

from kcscore.assess.result import Assessment
from kcscore.batch.result import BatchResult, standing
from kcscore.explain.words import Words, words
from kcscore.wording.format import field_title, money, points
from kcscore.packs import hash_label
from kcscore.i18n import LANGS, group
from kcscore.i18n import render as say
from kcscore.report.scorecard import decision_head
from kcscore.report.term import PLAIN, Term

if TYPE_CHECKING:
    from kcscore.policy.ir import Policy
    from kcscore.policy.model import FieldSpec

NAME_W = 34  # the name column when the width is not known
NAME_MIN = 16
SUPPORT_W = 15  # "2.000.000.000 đ"
STATUS_MIN = 12  # the narrowest the status column gets; a longer word wraps inside it
# where an eligible applicant of the table can stand (``batch.result.standing``)
TABLE_STANDINGS = ("funded", "not_enough_budget", "below_line", "no_support")

WORDS = {lang: group("ranktext", lang) for lang in LANGS}


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _reason(a: Assessment, said: Words, lang: str, fields: Mapping[str, FieldSpec]) -> str:
    w = WORDS[lang]
    if a.decision == "ineligible":
        texts = [said.finding(a, f) for f in a.findings if f.rule in a.reasons]
        return "; ".join(texts)
    if a.decision == "incomplete":
        return f"{w['missing']} " + ", ".join(field_title(name, fields, lang) for name in a.missing)
    return ""


def _name_width(term: Term, with_budget: bool, lang: str) -> int:
    """What is left for the name once the other columns have their room, within the terminal."""
    if term.width is None:
        return NAME_W
    funded = max(len(say(f"status.{key}", lang)) for key in TABLE_STANDINGS) if with_budget else 0
    fixed = 5 + 2 + 14 + 1 + 1 + 7 + 2 + SUPPORT_W + (2 + max(funded, STATUS_MIN) if with_budget else 0)
    return max(NAME_MIN, min(NAME_W + 10, term.width - fixed))


def _status_cell(row: str, status: str, term: Term) -> list[str]:
    """The row with its status word; on a narrow terminal the word wraps inside its own column,
    under itself, so the table keeps its columns and nothing runs past the edge."""
    if term.width is None or len(row) + 2 + len(status) <= term.width:
        return [f"{row}  {status}"]
    start = len(row) + 2
    parts = textwrap.wrap(status, width=max(term.width - start, STATUS_MIN), break_long_words=False)
    return [f"{row}  {parts[0]}"] + [" " * start + part for part in parts[1:]]


def render(result: BatchResult, policy: Policy, lang: str = "vi", with_errors: bool = True, term: Term = PLAIN,
           order: str = "") -> str:
    """The ranking as text; ``with_errors=False`` leaves the bad rows out (the CLI prints them on
    stderr, so that stdout holds the ranking alone). ``term`` fits it to a terminal; the pack
    (``policy``) says why an applicant is not ranked and names a missing answer by its title."""
    w = WORDS[lang]
    said = words(policy, lang)
    lines: list[str] = []
    pack = result.policy
    head = f"{pack['id']} {pack['version']} ({hash_label(lang)} {pack['sha256'][:12]})"
    if pack.get("as_of"):
        head += f" · {pack['as_of']}"
    lines += term.wrap(head)
    if order:
        lines += term.wrap(f"{w['order']}: {order}", indent="    ")
    funding = result.funding
    with_budget = funding is not None
    name_w = _name_width(term, with_budget, lang)
    support_w = SUPPORT_W if term.width is not None else 20
    columns = (f"{w['rank']:>5}  {w['id']:<14} {_cut(w['name'], name_w):<{name_w}} {w['score']:>7}  "
               f"{_cut(w['support'], support_w):>{support_w}}")
    if with_budget:
        columns += f"  {w['funded']}"
    lines.append(columns)
    eligible = [a for a in result.assessments if a.decision == "eligible"]
    line_drawn = False
    for a in eligible:
        if with_budget and not line_drawn and funding.line_after_rank is not None and a.rank == funding.line_after_rank + 1:
            lines.append(_funding_line(result, lang, term))
            line_drawn = True
        row = (f"{a.rank:>5}  {_cut(a.id, 14):<14} {_cut(a.name, name_w):<{name_w}} {points(a.score, lang):>7}  "
               f"{money(a.recommended_support_vnd, lang):>{support_w}}")
        if with_budget:
            lines += _status_cell(row, say(f"status.{standing(a, funding)}", lang), term)
        else:
            lines.append(row)
    if with_budget and not line_drawn:
        lines.append(_funding_line(result, lang, term))
    others = [a for a in result.assessments if a.decision != "eligible"]
    if others:
        lines.append("")
        lines.append(w["others"])
        for a in others:
            line = f"    -  {_cut(a.id, 14):<14} {_cut(a.name, name_w):<{name_w}} {decision_head(a.decision, lang)}: {_cut(_reason(a, said, lang, policy.fields), 120)}"
            lines += term.wrap(line, indent=" " * 7)
    if result.errors and with_errors:
        lines.append("")
        lines.append(w["errors"])
        for e in result.errors:
            lines += term.wrap(f"    {e.where(lang)}: {e.message}", indent=" " * 6)
    return "\n".join(lines)


def _funding_line(result: BatchResult, lang: str, term: Term = PLAIN) -> str:
    w = WORDS[lang]
    f = result.funding
    assert f is not None
    text = (f"  ───── {w['line']}: {w['committed']} {money(f.committed, lang)} / {w['budget']} {money(f.budget, lang)}, "
            f"{w['left']} {money(f.left, lang)} ─────")
    parts = term.wrap(text, indent="        ")
    first = f.first_unfunded_text(lang)
    if first:
        parts += term.wrap(f"  {w['first']}: {first}", indent="    ")
    return "\n".join(term.paint(part, "line") for part in parts)
