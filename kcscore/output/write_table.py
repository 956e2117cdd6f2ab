"""The ranking as one table, shared by the CSV, XLSX and Markdown writers.

Cells are typed Python values (int, float, str or None for blank); each writer decides how a
type looks in its format, so the three files always agree on content and column order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kcscore.assess.result import Assessment
from kcscore.batch.result import BatchResult, RowError, standing
from kcscore.explain.words import Words
from kcscore.wording.format import points as fmt_points
from kcscore.wording.funding import say as say_funding
from kcscore.i18n import render
from kcscore.kinds.registry import earns
from kcscore.policy.ir import Policy
from kcscore.output.write_labels import COLUMNS, DECISION, PHRASES, lang_of

TOP_CRITERIA = 3  # how many best-scoring criteria an eligible applicant's reason names


@dataclass(frozen=True)
class Column:
    key: str  # rank, id, name, decision, score, max_score, rule:<id>, support, funded, reason, missing, flags
    header: str
    kind: str  # int | number | money | text | long (free text that may need wrapping)


def num(value: float | int | None) -> float | int | None:
    """Whole numbers as int (73, not 73.0), others rounded to 6 places; None stays blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    return int(value) if float(value).is_integer() else round(float(value), 6)


class RankingTable:
    """Columns and rows of the ranking sheet for one batch, in the policy's language of choice."""

    def __init__(self, result: BatchResult, policy: Policy, lang: str) -> None:
        self.result = result
        self.policy = policy
        self.lang = lang_of(lang)
        self.with_budget = result.funding is not None
        self.rules = list(policy.scored_rules)
        self.columns = self._columns()

    def _columns(self) -> list[Column]:
        h = COLUMNS[self.lang]
        fields = self.policy.fields
        id_header = fields["id"].title.get(self.lang) if "id" in fields else "id"
        name_header = fields["name"].title.get(self.lang) if "name" in fields else "name"
        cols = [Column("rank", h["rank"], "int"), Column("id", id_header, "text"), Column("name", name_header, "long"),
                Column("decision", h["decision"], "text"), Column("score", h["score"], "number"),
                Column("max_score", h["max_score"], "number")]
        taken = {c.header.casefold() for c in cols} | {v.casefold() for v in h.values()}
        for rule in self.rules:
            title = rule.title.get(self.lang)
            header = title if title.casefold() not in taken else f"{title} [{rule.id}]"
            taken.add(header.casefold())
            cols.append(Column(f"rule:{rule.id}", header, "number"))
        cols.append(Column("support", h["support"], "money"))
        if self.with_budget:
            cols.append(Column("funded", h["funded"], "text"))
        cols += [Column("reason", h["reason"], "long"), Column("missing", h["missing"], "long"),
                 Column("flags", h["flags"], "long")]
        return cols

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def rows(self) -> Iterator[list[Any]]:
        for assessment in self.result.assessments:
            yield self.row(assessment)

    def row(self, a: Assessment) -> list[Any]:
        """Rule columns hold the points (the floor for an incomplete applicant, so they add up to its
        provisional score); they are blank for an ineligible one, whose points count for nothing."""
        by_rule = {f.rule: f.points for f in a.findings}
        cells: list[Any] = [a.rank, a.id, a.name, DECISION[self.lang].get(a.decision, a.decision), num(a.score),
                            num(a.max_score)]
        if a.decision == "ineligible":  # its points count for nothing; the explanation still has them
            cells += [None] * len(self.rules)
        else:
            cells += [num(by_rule.get(rule.id)) for rule in self.rules]
        cells.append(int(a.recommended_support_vnd))
        if self.with_budget:
            cells.append(render(f"status.{standing(a, self.result.funding)}", self.lang))
        cells += [reason_line(a, self.policy, self.lang), "; ".join(self.field_label(f) for f in a.missing),
                  "; ".join(self.flag_title(f.rule) for f in a.flags)]
        return cells

    def field_label(self, field_id: str) -> str:
        spec = self.policy.fields.get(field_id)
        return spec.title.get(self.lang) if spec else field_id

    def flag_title(self, rule_id: str) -> str:
        return rule_title(self.policy, rule_id, self.lang)


def one_line(text: str) -> str:
    return " ".join(text.split())


def reason_line(a: Assessment, policy: Policy, lang: str) -> str:
    """Why, in one line: failing gates for ineligible, blank fields for incomplete, best points or
    the funding note for eligible."""
    lang = lang_of(lang)
    words = PHRASES[lang]
    if a.decision == "ineligible":
        said = Words(policy, lang)
        return one_line("; ".join(said.finding(a, f) for f in a.findings if f.rule in a.reasons))
    if a.decision == "incomplete":
        holding = [m.field for m in a.missing_detail if m.holds_decision] or list(a.missing)
        labels = "; ".join(policy.fields[f].title.get(lang) if f in policy.fields else f for f in holding)
        provisional = f"{fmt_points(a.provisional_score, lang)}/{fmt_points(a.max_score, lang)}"
        return one_line(f"{words['missing']}: {labels} ({words['provisional']} {provisional})")
    if a.funding_note:
        return one_line(say_funding(a.funding_note, lang))
    if a.funded is False:
        return render("status.below_line", lang)
    scored = [f for f in a.findings if earns(f.kind) and (f.points or 0) > 0]
    scored.sort(key=lambda f: -(f.points or 0))  # stable: ties keep policy order
    best = []
    for f in scored[:TOP_CRITERIA]:
        best.append(f"{rule_title(policy, f.rule, lang)} {fmt_points(f.points, lang)}/{fmt_points(f.max_points, lang)}")
    return one_line(f"{words['top']}: {'; '.join(best)}") if best else ""


def rule_title(policy: Policy, rule_id: str, lang: str) -> str:
    try:
        return policy.rule(rule_id).title.get(lang)
    except KeyError:
        return rule_id


def error_rows(errors: list[RowError], policy: Policy | None = None, lang: str = "vi") -> Iterator[list[Any]]:
    """One row per bad cell: row, id, column, field, value, message (a row error without cells
    still gets one line).

    A row is numbered as the file shows it (``RowError.shown_row``), not as the n-th data row; the
    JSON outputs keep both. With ``policy``, a field is named by its title in ``lang`` rather than by its id."""
    for error in errors:
        row = error.shown_row
        if not error.cells:
            yield [row, error.record_id, None, None, None, error.message]
            continue
        for cell in error.cells:
            yield [row, error.record_id, cell.column, _field_title(policy, cell.field, lang), cell_value(cell.value),
                   cell.message()]


def _field_title(policy: Policy | None, field_id: str | None, lang: str) -> str | None:
    if policy is None or field_id is None or field_id not in policy.fields:
        return field_id
    return policy.fields[field_id].title.get(lang_of(lang))


def cell_value(value: Any) -> Any:
    """A bad cell's value as given: numbers stay numbers, everything else becomes text."""
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
