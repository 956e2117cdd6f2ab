"""Assess, rank and select an applicant list; every row ends among assessments or errors.

Rows come from ``kcscore.tables.readers`` (``RawRow``) or, through the Python API, as plain
mappings. Each row is read against the schema; rows with bad cells, and every row of a
duplicated id, become ``RowError``s. Unknown columns are reported once as a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kcscore.policy.asof import as_of_day, with_as_of
from kcscore.applicant import read_record, unknown_columns_warning
from kcscore.assess.assessor import AssessmentError, Assessor
from kcscore.assess.result import Assessment
from kcscore.batch import budget as budget_mod
from kcscore.batch.ranking import rank
from kcscore.batch.result import BatchResult, CellError, RowError
from kcscore.engine.base import EngineError, Evaluator
from kcscore.i18n import Message
from kcscore.policy.ir import Policy

Progress = Callable[[int], None]
VECTORISE_ABOVE = 2_000


@dataclass
class _Row:
    row: int
    cells: Mapping[str, Any]
    problem: Message | None = None
    line: int | None = None
    sheet_row: bool = False  # ``line`` is an Excel row number


def _rows(raw_rows: Iterable[Any]) -> list[_Row]:
    out = []
    for i, raw in enumerate(raw_rows, start=1):
        if hasattr(raw, "cells"):
            out.append(_Row(getattr(raw, "row", i), raw.cells, getattr(raw, "problem", None), getattr(raw, "line", None),
                            getattr(raw, "sheet_row", False)))
        else:
            out.append(_Row(i, raw))
    return out


def choose_evaluator(policy: Policy, count: int, engine: str = "auto") -> Evaluator:
    """durable-rules for officer-sized lists; the vectorised evaluator for large ones."""
    if engine == "vectorised" or (engine == "auto" and count > VECTORISE_ABOVE):
        from kcscore.engine.vectorised import vectorised_engine

        return vectorised_engine(policy)
    from kcscore.engine.packengine import durable_engine

    return durable_engine(policy)


def run_batch(policy: Policy, raw_rows: Iterable[Any], budget: int | None = None, as_of: dt.date | None = None,
              lang: str = "vi", engine: str = "auto", explain: bool = True, progress: Progress | None = None,
              source: str = "") -> BatchResult:
    rows = _rows(raw_rows)
    errors: dict[int, RowError] = {}
    warnings: list[str] = []
    unknown_columns: dict[str, None] = {}
    records: list[tuple[_Row, dict[str, Any]]] = []
    for r in rows:
        if r.problem is not None:
            errors[r.row] = RowError(r.row, [CellError.row(r.problem, lang)], None, r.line, r.sheet_row)
            continue
        typed, problems, unknown = read_record(policy, r.cells)
        for column in unknown:
            unknown_columns.setdefault(column, None)
        if problems:
            cells = [CellError.of(p, lang) for p in problems]
            errors[r.row] = RowError(r.row, cells, typed.get("id"), r.line, r.sheet_row)
            continue
        records.append((r, typed))
    warning = unknown_columns_warning(policy, list(unknown_columns), lang)
    if warning:
        warnings.append(warning)

    holders: dict[Any, list[tuple[int, int | None]]] = {}
    for r, typed in records:
        holders.setdefault(typed["id"], []).append((r.row, r.line))
    kept: list[tuple[_Row, dict[str, Any]]] = []
    for r, typed in records:
        if len(holders[typed["id"]]) > 1:
            others = [(row, line) for row, line in holders[typed["id"]] if row != r.row]
            errors[r.row] = RowError(r.row, [CellError.duplicate_id(typed["id"], others, lang, r.sheet_row)], typed["id"],
                                     r.line, r.sheet_row)
        else:
            kept.append((r, typed))

    today = dt.date.today()  # the as-of date conditions read is the one the assessor uses
    kept = [(r, with_as_of(policy, typed, as_of_day(as_of, typed, today))) for r, typed in kept]  # type: ignore[misc]
    evaluator = choose_evaluator(policy, len(kept), engine)
    assessor = Assessor(policy, evaluator)
    assessments: list[Assessment] = []
    precomputed = evaluator.evaluate_all([typed for _, typed in kept]) if getattr(evaluator, "vectorised", False) else None
    for done, (r, typed) in enumerate(kept, start=1):
        try:
            truths = precomputed[done - 1] if precomputed is not None else evaluator.evaluate(typed)
            a = assessor.assess(typed, as_of=as_of, lang=lang, explain=explain, truths=truths)
        except (AssessmentError, EngineError) as exc:
            problem = exc.said if isinstance(exc, AssessmentError) else (getattr(exc, "vi", str(exc)), getattr(exc, "en", str(exc)))
            errors[r.row] = RowError(r.row, [CellError.row(problem, lang)], typed.get("id"), r.line, r.sheet_row)
            continue
        a.row = r.row
        assessments.append(a)
        if progress is not None:
            progress(done)

    ordered = rank(policy, assessments)
    funding = budget_mod.select(ordered, budget, policy.meta.budget.when_not_fit) if budget is not None else None
    return BatchResult(policy.header(as_of), ordered, sorted(errors.values(), key=lambda e: e.row), warnings, lang,
                       len(rows), funding, criteria_of(policy, lang), source)


def criteria_of(policy: Policy, lang: str) -> list[tuple[str, str, float]]:
    """(rule id, title in ``lang``, maximum points) of each scored rule: the criteria a result lists."""
    return [(rule.id, rule.title.get(lang), rule.max_points) for rule in policy.scored_rules]
