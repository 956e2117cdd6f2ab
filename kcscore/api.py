"""The Python API for notebooks and other tools: ``assess`` one applicant, ``rank`` a list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from kcscore.applicant import FieldProblem, read_record
from kcscore.assess.assessor import Assessor
from kcscore.assess.result import Assessment
from kcscore.engine.base import Evaluator
from kcscore.engine.packengine import durable_engine
from kcscore.i18n import Message
from kcscore.policy.ir import Policy


class InvalidApplicant(Exception):
    """The record has bad cells; nothing was scored. ``problems`` lists each one."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(f"{len(problems)} invalid field(s)")
        self.problems = problems


def assessor_for(policy: Policy, evaluator: Evaluator | None = None) -> Assessor:
    return Assessor(policy, evaluator or durable_engine(policy))


def assess(policy: Policy, record: Mapping[str, Any], as_of: dt.date | None = None, lang: str = "vi",
           evaluator: Evaluator | None = None, unknown_fields: str = "error") -> Assessment:
    """Assess one applicant given as field ids or Vietnamese headers with raw or typed values.

    Raises ``InvalidApplicant`` if any cell is invalid (or, with ``unknown_fields="error"``, if a
    key matches no field), so a typo can never silently blank a field.
    """
    typed, problems, unknown = read_record(policy, record)
    if unknown_fields == "error":
        from kcscore.applicant import schema_for
        from kcscore.suggest import closest

        schema = schema_for(policy)
        for column in unknown:
            guess = closest(column, [*schema.fields, *(s.header for s in schema.fields.values())])
            hint = Message("error.did_you_mean", {"guess": guess}) if guess else ""
            problems.append(FieldProblem(None, column, record[column], Message("cell.unknown_field", {"guess": hint})))
    if problems:
        raise InvalidApplicant(problems)
    return assessor_for(policy, evaluator).assess(typed, as_of=as_of, lang=lang)


def rank(policy: Policy, records: Iterable[Mapping[str, Any]], budget: int | None = None,
         as_of: dt.date | None = None, lang: str = "vi") -> Any:
    """Assess and rank a list of raw records; see ``kcscore.batch.run_batch``."""
    from kcscore.batch import run_batch

    return run_batch(policy, list(records), budget=budget, as_of=as_of, lang=lang)
