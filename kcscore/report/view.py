"""What the HTML and Markdown reports show, computed once: row order, the funding line, texts.

Both reports are thin renderings of this view, so they cannot disagree about where the funding
line falls or what an applicant's score reads. Every value here is plain text: escaping is the
renderer's job, because HTML and Markdown escape differently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kcscore.assess.result import Assessment, Finding
from kcscore.batch.ranking import priority_rules
from kcscore.batch.result import BatchResult, Funding, standing
from kcscore.explain.words import Words
from kcscore.wording.format import field_value, missing_line, money, points
from kcscore.wording.funding import say as say_funding
from kcscore.i18n import render
from kcscore.kinds.registry import earns, is_scored, names
from kcscore.policy.ir import Policy
from kcscore.report.labels import decision_label, labels

DASH = "—"
SCORED_KINDS = names("scored")
CONDITION_KINDS = names("decides")


@dataclass(frozen=True)
class RankRow:
    """One applicant in report order; ``status`` drives the row's style and the funded cell."""

    assessment: Assessment
    status: str  # funded | skipped | unfunded | ranked (no budget) | incomplete | ineligible
    anchor: str  # the id of the applicant's explanation block
    standing: str  # the key of its status words (``batch.result.standing``)


@dataclass(frozen=True)
class RankingView:
    rows: Iterator[RankRow]
    line_at: int | None  # the funding line goes before rows[line_at] (== len(eligible) after the last)
    unranked_at: int | None  # index of the first incomplete or ineligible row


def ranking(result: BatchResult) -> RankingView:
    """Eligible applicants by rank, then the rest; where the funding line falls. ``rows`` is an
    iterator that reads the assessments once, one at a time, so a list too large to hold can be shown.

    The assessments are in report order (as ``batch.run`` and ``batch.stream`` give them): eligible
    ones hold ranks 1, 2, … in turn. The line is drawn after the last funded applicant, whose rank is
    ``Funding.line_after_rank``. Under the ``skip`` rule an applicant above it may be unfunded: it is
    marked ``skipped`` on its own row, so everything below the line is unfunded and everything funded
    is above it. The unranked start after the eligible ones."""
    funding = result.funding
    counts = result.summary()
    line_at = None if funding is None else (funding.line_after_rank or 0)
    unranked_at = counts["eligible"] if counts["assessed"] > counts["eligible"] else None
    return RankingView(_rows_in_order(result), line_at, unranked_at)


LINE = "funding-line"  # in ``ranking_items``: the funding line goes here
UNRANKED = "not-ranked"  # in ``ranking_items``: the applicants below are not ranked


def ranking_items(result: BatchResult) -> Iterator[RankRow | str]:
    """The ranking table from top to bottom, one item at a time: each applicant's ``RankRow``, with
    ``LINE`` where the funding line falls (when a budget applies) and ``UNRANKED`` before the first
    incomplete or ineligible applicant, so every report draws them at the same place."""
    view = ranking(result)
    line = view.line_at if result.funding is not None else None
    index = -1
    for index, row in enumerate(view.rows):
        if index == line:
            yield LINE
        if index == view.unranked_at:
            yield UNRANKED
        yield row
    if index + 1 == line:
        yield LINE


def _rows_in_order(result: BatchResult) -> Iterator[RankRow]:
    funding = result.funding
    skipped = funding.skipped if funding else frozenset()
    for n, a in enumerate(result.assessments, start=1):
        yield RankRow(a, _status(a, funding, skipped), f"a-{n}", standing(a, funding))


def _status(a: Assessment, funding: Funding | None, skipped: frozenset[str]) -> str:
    """The row's ``RankRow.status``."""
    if a.decision != "eligible":
        return a.decision
    if funding is None:
        return "ranked"
    if a.funded:
        return "funded"
    return "skipped" if a.id in skipped else "unfunded"


def cite_text(cite: dict[str, Any], lang: str) -> str:
    """Document and article only: a citation's web address is left out so the report stays offline."""
    parts = [str(cite.get("doc", ""))]
    if cite.get("article"):
        parts.append(str(cite["article"]))
    text = ", ".join(p for p in parts if p)
    if cite.get("confidence") == "unconfirmed":
        text += f" ({labels(lang)['unconfirmed']})"
    return text


def score_text(a: Assessment, lang: str) -> str:
    if a.decision == "eligible":
        return f"{points(a.score, lang)}/{points(a.max_score, lang)}"
    if a.decision == "incomplete":
        return f"{labels(lang)['provisional']} {points(a.provisional_score, lang)}/{points(a.max_score, lang)}"
    return DASH


def support_text(a: Assessment, lang: str) -> str:
    return money(a.recommended_support_vnd, lang) if a.decision == "eligible" else DASH


def funded_text(row: RankRow, lang: str) -> str:
    """The funding cell: the applicant's standing in the status vocabulary, a dash when no budget applies."""
    if row.status not in ("funded", "skipped", "unfunded"):
        return DASH
    return render(f"status.{row.standing}", lang)


def rank_text(a: Assessment) -> str:
    return str(a.rank) if a.rank is not None else DASH


def funding_note(a: Assessment, lang: str) -> str | None:
    """Why an eligible applicant went unfunded, said in ``lang``; None when it was funded or not considered."""
    return None if a.funding_note is None else say_funding(a.funding_note, lang)


def funding_line(funding: Funding, lang: str) -> tuple[str, str]:
    """The line's label ("Ranh giới kinh phí: đã phân bổ … / còn lại …") and who just missed out."""
    t = labels(lang)
    head = (f"{t['line']}: {t['committed'].lower()} {money(funding.committed, lang)} / "
            f"{t['left'].lower()} {money(funding.left, lang)} ({t['budget'].lower()} {money(funding.budget, lang)})")
    if funding.first_unfunded_id is None:
        return head, t["line_all"]
    what = funding.first_unfunded_text(lang)
    if not what:
        what = funding.first_unfunded_id
        if funding.first_unfunded_lacked is not None:
            what += f": {t['line_lacked']} {money(funding.first_unfunded_lacked, lang)}"
    return head, f"{t['line_first']}: {what}"


def headline(a: Assessment, w: Words, lang: str, standing_key: str | None = None) -> str:
    """The explanation's one-line summary: rank, id, name, where it stands (funded or not, in the
    status words every output uses), score, support, and why it is not funded — the line an officer
    reads, and the only one a folded explanation shows."""
    stands = render(f"status.{standing_key}", lang) if standing_key and a.decision == "eligible" else ""
    parts = [f"#{a.rank}" if a.rank is not None else DASH, a.id, a.name,
             stands[:1].upper() + stands[1:] if stands else decision_label(a.decision, lang)]
    if a.decision != "ineligible":
        parts.append(f"{score_text(a, lang)} {labels(lang)['points']}")
    if a.decision == "eligible":
        parts.append(money(a.recommended_support_vnd, lang))
    note = funding_note(a, lang)
    if a.decision == "eligible" and standing_key != "funded" and note:
        parts.append(note.removeprefix(f"{render(f'status.{standing_key}', lang)}: "))
    elif a.decision == "ineligible" and a.reasons:
        first = next((f for f in a.findings if f.rule == a.reasons[0]), None)
        if first is not None:
            parts.append(w.finding(a, first))
    return " · ".join(p for p in parts if p)


def scored_findings(a: Assessment) -> list[Finding]:
    """Criteria, bonuses and the penalties that took points: an unused penalty is noise."""
    return [f for f in a.findings if is_scored(f.kind) and (earns(f.kind) or f.points)]


NOT_COUNTED = "—"  # a scored rule that does not apply: neither points nor a maximum (assess.scale)


def points_text(f: Finding, lang: str) -> str:
    if f.status == "not_applicable":
        return NOT_COUNTED
    if not earns(f.kind):  # a penalty: only what it took, no maximum
        value = f.points or 0.0
        return f"{'−' if value < 0 else ''}{points(abs(value), lang)}"
    return f"{points(f.points or 0.0, lang)}/{points(f.max_points, lang)}"


def missing_text(a: Assessment, policy: Policy, lang: str) -> list[str]:
    return [missing_line(m.field, m.holds_decision, m.points_at_stake, policy.fields, lang) for m in a.missing_detail]


def order_text(policy: Policy, lang: str) -> str:
    """The declared ranking order in words: in statutory mode the priority groups first, then the
    score, the pack's tie-breaks, date, id."""
    t = labels(lang)
    names = [t["order_rule" if len(rules) == 1 else "order_group"].format(
                 group=group, rules=", ".join(policy.rule(r).title.get(lang) for r in rules))
             for group, rules in zip(policy.meta.ranking.priority, priority_rules(policy))]
    names.append(t["order_score"])
    for tie in policy.meta.ranking.tie_breaks:
        if tie.criterion and tie.criterion in {r.id for r in policy.rules}:
            names.append(policy.rule(tie.criterion).title.get(lang))
        elif tie.field and tie.field in policy.fields:
            names.append(policy.fields[tie.field].title.get(lang))
    names += [t["order_date"], t["order_id"]]
    return "; ".join(names)


def header(result: BatchResult, policy: Policy, lang: str) -> list[tuple[str, str]]:
    """Label/value pairs for the top of the report: the pack, the date, the file, the counts, the budget."""
    t = labels(lang)
    info = result.policy
    as_of = info.get("as_of")
    items = [
        (t["pack"], f"{policy.meta.title.get(lang)} ({info.get('id', policy.meta.id)})"),
        (t["version"], str(info.get("version", policy.meta.version))),
        (t["sha256"], str(info.get("sha256", policy.sha256))[:12]),
        (t["as_of"], field_value(dt.date.fromisoformat(as_of), None, lang) if as_of else t["as_of_each"]),
    ]
    if result.source:
        items.append((t["source"], result.source))
    for key, value in result.summary().items():
        items.append((t[key], str(value)))
    if result.funding is not None:
        f = result.funding
        items += [(t["budget"], money(f.budget, lang)), (t["committed"], money(f.committed, lang)),
                  (t["left"], money(f.left, lang))]
    return items


def cell_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def error_rows(result: BatchResult, lang: str) -> list[tuple[str, str, str, str, str]]:
    """One line per bad cell: row, column, field, value, message (in ``lang`` where known).

    A row is numbered as the file shows it (``RowError.shown_row``), so that an officer scrolls
    straight to it, as the error sheet and the ``.csv`` error file number it."""
    out = []
    for error in result.errors:
        row = str(error.shown_row)
        for cell in error.cells or []:
            message = cell.message(lang)
            out.append((row, cell.column or "", cell.field or "", cell_value(cell.value), message))
        if not error.cells:
            out.append((row, "", "", "", error.message))
    return out
