"""The sensitivity report as a workbook: perturbations by importance, rules, and every rank move.

Three filterable sheets (Vietnamese names; English with ``lang="en"``), written like the pack
comparison's workbook: atomically and with fixed timestamps, so the same report gives the same file.
The rank-moves sheet keeps, for each perturbation, every applicant entering or leaving the funded
set and the ``MOVES_PER_PERTURBATION`` largest other moves: a 5 000-row list moves thousands of
applicants under each of dozens of perturbations, past what a sheet can hold and a person can read.
The JSON report keeps every move.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kcscore.fileio import write_atomic
from kcscore.output.write_book import new_workbook, save_reproducible, table_sheet
from kcscore.policydiff.labels import lang_of
from kcscore.policydiff.sensitivity import Sensitivity
from kcscore.policydiff.sensitivity_labels import COLUMNS, SHEETS, W, describe

_RANKED_KINDS = ("int", "text", "text", "text", "long", "number", "number", "number", "int", "long", "long", "int",
                 "number", "int", "money")
_RULE_KINDS = ("text", "text", "text", "int", "int", "number")
_MOVE_KINDS = ("text", "text", "text", "int", "int", "int", "number", "number")
MOVES_PER_PERTURBATION = 200


def ranked_rows(report: Sensitivity, lang: str) -> list[list[Any]]:
    rows = []
    for position, o in enumerate(report.ranked, start=1):
        p = o.perturbation
        rows.append([position, p.key, W[lang][f"kind_{p.kind}"], p.rule, describe(p, report.titles, lang), p.factor,
                     p.old, p.new, o.flips, ", ".join(o.entered) or None, ", ".join(o.exited) or None, o.largest_move,
                     o.median_move, o.moved, o.committed])
    return rows


def rule_rows(report: Sensitivity, lang: str) -> list[list[Any]]:
    return [[item["rule"], report.titles.get(item["rule"], {}).get(lang, item["rule"]), item["worst"], item["flips"],
             item["largest_move"], item["median_move"]] for item in report.by_rule()]


def move_rows(report: Sensitivity, limit: int = MOVES_PER_PERTURBATION) -> list[list[Any]]:
    """Per perturbation (by importance): the funded-set flips and the ``limit`` largest moves, largest first."""
    rows = []
    for o in report.ranked:
        flipped = {*o.entered, *o.exited}
        kept = [m for i, m in enumerate(o.moves) if i < limit or m.id in flipped]  # moves are largest first
        rows += [[o.perturbation.key, m.id, m.name, m.rank_old, m.rank_new, m.places, round(m.score_old, 6),
                  round(m.score_new, 6)] for m in kept]
    return rows


def write_xlsx(report: Sensitivity, path: str | Path, lang: str = "vi") -> None:
    """Write the workbook to ``path``: the complete new file or, on failure, the old one."""
    lang = lang_of(lang)
    names, columns = SHEETS[lang], COLUMNS[lang]
    wb = new_workbook(write_only=True)
    table_sheet(wb, names["ranked"], columns["ranked"], _RANKED_KINDS, ranked_rows(report, lang))
    table_sheet(wb, names["rules"], columns["rules"], _RULE_KINDS, rule_rows(report, lang))
    table_sheet(wb, names["moves"], columns["moves"], _MOVE_KINDS, move_rows(report))
    write_atomic(Path(path), lambda handle: save_reproducible(wb, handle))
