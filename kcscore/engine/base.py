"""The one interface the rest of kcscore uses to evaluate a pack's conditions.

An evaluator answers, for one applicant record, the truth of every condition in
``Policy.conditions``: True, False, or None (unknown because a needed field is blank). What those
truths mean is decided by ``kcscore.assess``, never by a backend.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol

from kcscore.kinds.base import Truth as Truth  # True, False, or None (unknown)
Record = Mapping[str, Any]


class EngineError(Exception):
    """The engine could not evaluate one applicant; the applicant is reported, others go on."""


class Evaluator(Protocol):
    name: str

    def evaluate(self, record: Record) -> list[Truth]: ...

    def evaluate_many(self, records: Iterable[Record]) -> Iterator[list[Truth]]: ...


class PythonEvaluator:
    """Reference evaluator: the condition ASTs interpreted directly, with Kleene logic."""

    name = "python"

    def __init__(self, conditions: list[Any]) -> None:
        from kcscore.expr.evaluate import truth

        self._truth = truth
        self.conditions = conditions

    def evaluate(self, record: Record) -> list[Truth]:
        return [self._truth(node, record) for node in self.conditions]

    def evaluate_many(self, records: Iterable[Record]) -> Iterator[list[Truth]]:
        for record in records:
            yield self.evaluate(record)
