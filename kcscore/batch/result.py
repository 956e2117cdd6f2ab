"""The result of assessing and ranking an applicant list: what every writer and report renders.

Every input row ends up exactly once: among ``assessments`` or among ``errors``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kcscore.applicant import FieldProblem, say_problem
from kcscore.assess.result import Assessment, Words
from kcscore.i18n import Message, Twin, render
from kcscore.wording.funding import FirstShort, say_first


@dataclass
class CellError:
    """One bad cell: which field and column, the value given, and what is wrong with it as a catalogue
    code and parameters (``said``, then what was ``expected``), said only when a report is written:
    ``message()`` in the output language ``lang``, ``message(other)`` in any other."""

    field: str | None
    column: str | None
    value: Any
    said: Message
    lang: str = "vi"  # the output language: the one ``to_json`` and the error reports say it in
    expected: Message | Twin | None = None

    @classmethod
    def of(cls, problem: FieldProblem, lang: str) -> CellError:
        """The cell a value reader could not read."""
        return cls(problem.field, problem.column, problem.value, problem.said, lang, problem.expected)

    @classmethod
    def row(cls, problem: Message | tuple[str, str], lang: str) -> CellError:
        """A whole row that could not be read or assessed: its problem as a catalogue message, or
        said in (Vietnamese, English) by a layer that has no code for it (a rule engine's refusal)."""
        said = problem if isinstance(problem, Message) else Message("cell.as_is", {"text": Twin(*problem)})
        return cls(None, None, None, said, lang)

    @classmethod
    def duplicate_id(cls, record_id: Any, others: Sequence[tuple[int, int | None]], lang: str,
                     sheet_rows: bool = False) -> CellError:
        """An application id that other rows of the list also hold, given as (data row, line in the
        file). They are named as the file shows them when every line is known, as error tables number
        rows (``RowError.shown_row``): "also on line 44 of the file" beside "row 42 (line 45 of the
        file)" leaves no doubt which numbering is meant; else by their data row numbers. With
        ``sheet_rows`` the lines are Excel row numbers and are said as such ("hàng Excel 44")."""
        lines = [line for _, line in others]
        if all(line is not None for line in lines):
            code = "cell.duplicate_id_excel_row" if sheet_rows else "cell.duplicate_id_line"
            said = Message(code, {"id": record_id, "lines": ", ".join(str(x) for x in lines)})
        else:
            said = Message("cell.duplicate_id", {"id": record_id, "rows": ", ".join(str(row) for row, _ in others)})
        return cls("id", None, record_id, said, lang)

    def message(self, lang: str | None = None) -> str:
        """What is wrong, in ``lang`` (the output language when not given)."""
        return say_problem(self.said, self.expected, self.lang if lang is None else lang)

    def to_json(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        elif value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        return {"field": self.field, "column": self.column, "value": value, "message": self.message()}


@dataclass
class RowError:
    """A row that could not be assessed, once, with every bad cell it has."""

    row: int  # 1-based data row in the input file (the header is not counted)
    cells: list[CellError]
    record_id: str | None = None
    line: int | None = None  # the physical line (Excel row number, text line) when known
    sheet_row: bool = False  # ``line`` is an Excel row number

    @property
    def field(self) -> str | None:
        return self.cells[0].field if self.cells else None

    @property
    def shown_row(self) -> int:
        """The row as the file shows it (the Excel row, the text line), where an officer scrolls to;
        the n-th data row when the reader did not know it. Error tables number rows by it."""
        return self.line if self.line is not None else self.row

    @property
    def message(self) -> str:
        return "; ".join(f"{c.column or c.field}: {c.message()}" if (c.column or c.field) else c.message() for c in self.cells)

    def to_json(self) -> dict[str, Any]:
        out = {"row": self.row, "id": self.record_id, "field": self.field, "message": self.message,
               "cells": [c.to_json() for c in self.cells]}
        if self.line is not None:
            out["line"] = self.line
        return out

    def where(self, lang: str = "vi") -> str:
        """'dòng 5 (dòng 8 trong tệp)', 'dòng 5 (hàng Excel 8)': the data row, and the line a
        spreadsheet shows when it differs, named as the reader named it in its warnings."""
        if self.line is not None and self.line != self.row:
            code = "rank.row_at_excel_row" if self.sheet_row else "rank.row_at_line"
            return render(code, lang, row=self.row, line=self.line)
        return render("rank.row", lang, row=self.row)


@dataclass
class Funding:
    """The budget line: who is funded, what was committed, what is left, who just missed out."""

    budget: int
    committed: int
    left: int
    rule: str  # skip | stop
    funded_ids: list[str]
    line_after_rank: int | None  # rank of the last funded applicant
    first_unfunded_id: str | None = None
    first_unfunded_lacked: int | None = None  # VND it lacked to fit
    first_unfunded: FirstShort | None = None  # its figures, said by ``first_unfunded_text``
    skipped_ids: list[str] = field(default_factory=list)  # passed over because they did not fit

    @cached_property
    def skipped(self) -> frozenset[str]:
        """``skipped_ids`` to look an applicant up in: a list has to be read through for each one,
        which for a large list of mostly skipped applicants is quadratic."""
        return frozenset(self.skipped_ids)

    def first_unfunded_text(self, lang: str) -> str:
        """Who just missed out and by how much, in ``lang``; "" when everyone eligible was funded."""
        return "" if self.first_unfunded is None else say_first(self.first_unfunded, lang)

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "budget_vnd": self.budget,
            "committed_vnd": self.committed,
            "left_vnd": self.left,
            "when_not_fit": self.rule,
            "funded": self.funded_ids,
            "funding_line_after_rank": self.line_after_rank,
            "first_unfunded": None if self.first_unfunded_id is None else {
                "id": self.first_unfunded_id, "lacked_vnd": self.first_unfunded_lacked, "text": self.first_unfunded_text(lang)},
            "skipped": self.skipped_ids,
        }


def standing(a: Assessment, funding: Funding | None) -> str:
    """Where an applicant stands, the key of its ``status.*`` words: ``funded``, ``not_enough_budget``
    (eligible, passed over because the money left does not cover it, or the one the line was drawn
    at), ``below_line``, ``no_support``, ``eligible`` (no budget given), ``ineligible``, ``incomplete``.
    Every output says it with the same words."""
    if a.decision != "eligible":
        return a.decision
    if funding is None:
        return "eligible"
    if a.funded:
        return "funded"
    if a.recommended_support_vnd <= 0:
        return "no_support"
    if a.id in funding.skipped or a.id == funding.first_unfunded_id:
        return "not_enough_budget"
    return "below_line"


@dataclass
class BatchResult:
    policy: dict[str, Any]  # id, version, sha256, as_of (when one date applies to all)
    # ranked eligible first (by rank), then incomplete, then ineligible; for a large list a sequence
    # rebuilt chunk by chunk on each iteration (``batch.stream.ChunkedAssessments``): iterate, never index
    assessments: Sequence[Assessment]
    errors: list[RowError]
    warnings: list[str]
    lang: str
    rows: int  # data rows read
    funding: Funding | None = None
    criteria: list[tuple[str, str, float]] = field(default_factory=list)  # (rule id, title in lang, max points)
    source: str = ""
    # the counts of ``summary`` when the assessments are rebuilt on each pass (``batch.stream``)
    counts: dict[str, int] | None = None

    @property
    def eligible(self) -> list[Assessment]:
        return [a for a in self.assessments if a.decision == "eligible"]

    def summary(self) -> dict[str, int]:
        if self.counts is not None:
            return dict(self.counts)
        return {
            "rows": self.rows,
            "assessed": len(self.assessments),
            "eligible": len(self.eligible),
            "incomplete": sum(a.decision == "incomplete" for a in self.assessments),
            "ineligible": sum(a.decision == "ineligible" for a in self.assessments),
            "funded": sum(bool(a.funded) for a in self.assessments),
            "errors": len(self.errors),
        }

    def to_json(self, words: Words) -> dict[str, Any]:
        """The JSON form; ``words`` say the assessments' sentences (``kcscore.explain.words``)."""
        out = self.json_parts(words)
        out["assessments"] = list(out["assessments"])
        return out

    def json_parts(self, words: Words) -> dict[str, Any]:
        """``to_json`` with the assessments as an iterator, for a writer that streams them."""
        with_budget = self.funding is not None
        out: dict[str, Any] = {
            "policy": self.policy,
            "assessments": (a.to_json(words, with_budget) for a in self.assessments),
            "errors": [e.to_json() for e in self.errors],
            "warnings": self.warnings,
            "summary": self.summary(),
        }
        if self.funding is not None:
            out["funding"] = self.funding.to_json(self.lang)
        return out
