"""The comparison as a workbook: the changes, every applicant before and after, the funded set.

Three sheets (Vietnamese names; English with ``lang="en"``), each a filterable table, so staff can
sort applicants by rank move or filter the edits of one rule; a fourth, "Cảnh báo", names each field
the applicant list has no column for. Saved atomically and with fixed
timestamps (``kcscore.output.write_book``), so the same comparison gives the same file. The
applicant sheets are written even without applicants, with their headers, so a template-driven
reader always finds them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kcscore.fileio import write_atomic
from kcscore.policydiff.describe import cite_line, describe, value_text
from kcscore.policydiff.impact import ApplicantImpact, ImpactDiff
from kcscore.policydiff.labels import COLUMNS, CONFIDENCE, KIND, OP_WORDS, SHEETS, W, lang_of
from kcscore.policydiff.model import PackDiff
from kcscore.policydiff.render import ImpactView
from kcscore.output.write_book import new_workbook, save_reproducible, table_sheet
from kcscore.output.write_labels import YES_NO

_CHANGE_KINDS = ("text", "text", "text", "text", "text", "text", "long", "long", "long", "text", "long")
_APPLICANT_KINDS = ("text", "text", "text", "text", "int", "int", "int", "number", "number", "number", "money", "money",
                    "text", "text", "long", "long")
_FUNDED_KINDS = ("text", "text", "text", "int", "int", "number", "number", "money", "money", "long")


def change_rows(diff: PackDiff, lang: str) -> list[list[Any]]:
    w = W[lang]
    rows = []
    for c in diff.changes:
        confidence = c.cite.get("confidence", "read") if c.cite else None
        old = value_text(c.old, lang) if c.old is not None else None
        new = value_text(c.new, lang) if c.new is not None else None
        rows.append([c.key, w[f"sec_{c.section}"], c.target, KIND[lang].get(c.kind, c.kind) if c.kind else None,
                     OP_WORDS[lang][c.op], "/".join(c.path), old, new, cite_line(c.cite, lang, note=False) or None,
                     CONFIDENCE[lang][confidence] if confidence else None, describe(c, lang)])
    return rows


def _funded(value: bool | None, lang: str) -> str | None:
    return None if value is None else YES_NO[lang][0 if value else 1]


def applicant_rows(view: ImpactView) -> list[list[Any]]:
    lang = view.lang
    rows = []
    for a in view.impact.applicants:
        rows.append([a.id, a.name, view.decision(a.decision_old), view.decision(a.decision_new), a.rank_old, a.rank_new,
                     a.rank_move, a.score_old, a.score_new, a.score_change, a.support_old, a.support_new,
                     _funded(a.funded_old, lang), _funded(a.funded_new, lang),
                     "; ".join(view.delta(d) for d in a.deltas) or None, view.causes(a.causes) or None])
    return rows


def funded_rows(view: ImpactView) -> list[list[Any]]:
    w = view.w
    rows = []
    for a in view.impact.applicants:
        if not (a.funded_old or a.funded_new):
            continue
        change = w[a.funding_change] if a.funding_change else w["kept"]
        rows.append([a.id, a.name, change, a.rank_old, a.rank_new, a.score_old, a.score_new, a.support_old,
                     a.support_new, _why_funded(view, a)])
    return rows


def _why_funded(view: ImpactView, a: ApplicantImpact) -> str | None:
    if a.funding_change is None:
        return None
    if a.flipped:
        return view.causes(a.decision_causes) or None
    return view.why_score(a)


def write_xlsx(diff: PackDiff, impact: ImpactDiff | None, path: str | Path, lang: str = "vi") -> None:
    """Write the comparison workbook to ``path``: the complete new file or, on failure, the old one."""
    lang = lang_of(lang)
    names, columns = SHEETS[lang], COLUMNS[lang]
    wb = new_workbook(write_only=True)
    table_sheet(wb, names["changes"], columns["changes"], _CHANGE_KINDS, change_rows(diff, lang))
    view = ImpactView(diff, impact, lang) if impact is not None else None
    table_sheet(wb, names["applicants"], columns["applicants"], _APPLICANT_KINDS, applicant_rows(view) if view else [])
    table_sheet(wb, names["funded"], columns["funded"], _FUNDED_KINDS, funded_rows(view) if view else [])
    table_sheet(wb, names["warnings"], columns["warnings"], ("text", "text", "text", "int", "int", "long"),
                [[m.header, m.field, YES_NO[lang][0 if m.added else 1], m.missing, m.incomplete, m.message(lang)]
                 for m in (impact.missing_columns if impact else [])])
    write_atomic(Path(path), lambda handle: save_reproducible(wb, handle))
