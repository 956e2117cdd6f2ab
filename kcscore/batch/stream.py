"""A large list ranked from its keys, then assessed again one chunk at a time, in report order.

Holding a full ``Assessment`` for every row of a list of hundreds of thousands costs gigabytes,
yet ranking and budget selection need only a few keys per row: the decision, the score and the
tie-breaks, the recommended amount. So a large list is ranked twice over, cheaply:

1. the columnar path (``batch.fast.run_fast``) assesses every row as arrays and gives the report
   order, each row's rank, whether it is funded and its funding note, the bad rows and the budget
   line; only these keys and the typed columns are kept;
2. ``ChunkedAssessments`` then builds the full assessments of ``CHUNK`` rows at a time, in report
   order, with the vectorised evaluator and the per-applicant assessor (the same calls
   ``batch.run.run_batch`` makes for a large list), and stamps each with its rank and funding from
   step 1. A writer iterates them once per section it writes and holds one chunk at a time.

Everything a writer prints about the whole list (counts, the budget line, warnings, errors) comes
from step 1, through ``BatchResult.counts``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from kcscore.assess.assessor import Assessor
from kcscore.assess.result import Assessment
from kcscore.batch.columnar import Columns
from kcscore.batch.result import BatchResult
from kcscore.applicant import unknown_columns_warning
from kcscore.batch.run import criteria_of
from kcscore.policy.asof import as_of_day, with_as_of
from kcscore.policy.ir import Policy

CHUNK = 2_000  # rows assessed at once: large enough for the vectorised evaluator, small to hold
_DECISIONS = ("eligible", "ineligible", "incomplete")  # the codes of ``assess.vector.DECISIONS``


class RankingMismatch(RuntimeError):
    """The per-applicant assessor decided a row otherwise than the columnar pass that ranked it."""


class ChunkedAssessments(Sequence[Assessment]):
    """The assessments of a ranked list in report order, rebuilt a chunk at a time on each iteration.

    It has a length and can be iterated as often as a writer needs (each pass assesses again); it
    cannot be indexed, because that would hold every assessment."""

    def __init__(self, policy: Policy, columns: Columns, order: list[int], decisions: list[str],
                 ranks: dict[int, int], funded: dict[int, bool] | None, notes: dict[int, str],
                 as_of: dt.date | None, lang: str, chunk: int = CHUNK) -> None:
        self.policy, self.columns, self.order, self.decisions = policy, columns, order, decisions
        self.ranks, self.funded, self.notes = ranks, funded, notes
        self.as_of, self.lang, self.chunk = as_of, lang, max(1, chunk)

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, index: Any) -> Any:
        raise TypeError("ChunkedAssessments is read in order, one chunk at a time; it cannot be indexed")

    def __iter__(self) -> Iterator[Assessment]:
        from kcscore.engine.vectorised import vectorised_engine

        evaluator = vectorised_engine(self.policy)
        assessor = Assessor(self.policy, evaluator)
        today = dt.date.today()
        for start in range(0, len(self.order), self.chunk):
            positions = self.order[start:start + self.chunk]
            records = []
            for p in positions:
                typed = self.columns.record(p)
                records.append(with_as_of(self.policy, typed, as_of_day(self.as_of, typed, today)))
            truths = evaluator.evaluate_all(records)
            for j, (p, record) in enumerate(zip(positions, records)):
                yield self._stamped(assessor.assess(record, as_of=self.as_of, lang=self.lang, explain=False,
                                                    truths=truths[j]), p, start + j)

    def _stamped(self, a: Assessment, position: int, index: int) -> Assessment:
        """The assessment with its row, rank and funding from the ranking pass."""
        if a.decision != self.decisions[index]:
            raise RankingMismatch(f"row {self.columns.rows[position]}: assessed {a.decision}, "
                                  f"ranked as {self.decisions[index]}")
        a.row = self.columns.rows[position]
        a.rank = self.ranks.get(position)
        if self.funded is not None:
            a.funded = self.funded.get(position, False)
            note = self.notes.get(position)
            if note:
                a.funding_note = note
        return a


def rank_streamed(policy: Policy, columns: Columns, budget: int | None, as_of: dt.date | None, lang: str,
                  source: str = "", progress: Callable[[int], None] | None = None, chunk: int = CHUNK) -> BatchResult:
    """Rank ``columns`` by the columnar pass and return a result whose assessments are rebuilt in
    chunks (see the module's docstring); its errors, warnings, counts and budget line are final."""
    from kcscore.batch.fast import run_fast

    lean = run_fast(policy, budget=budget, as_of=as_of, lang=lang, progress=progress, columns=columns)
    order = [lean.valid[k] for k in lean.order]
    decisions = [_DECISIONS[int(lean.decision[k])] for k in lean.order]
    ranks = {lean.valid[k]: r for k, r in lean.rank.items()}
    funded = {lean.valid[k]: bool(f) for k, f in lean.funded.items()} if lean.funding is not None else None
    notes = {lean.valid[k]: n for k, n in lean.notes.items()}
    counts = lean.summary()
    funding, errors = lean.funding, lean.errors
    del lean  # the array outcomes of every row: the chunks are assessed again from the columns
    warning = unknown_columns_warning(policy, columns.unknown_columns, lang)
    assessments = ChunkedAssessments(policy, columns, order, decisions, ranks, funded, notes, as_of, lang, chunk)
    return BatchResult(policy.header(as_of), assessments, errors, [warning] if warning else [], lang,  # type: ignore[arg-type]
                       columns.size, funding, criteria_of(policy, lang), source, counts=counts)


def submitted_entries(result: BatchResult) -> Iterator[tuple[str, dt.date | None]]:
    """(id, submission date) of every assessed applicant in report order, without assessing them."""
    assessments = result.assessments
    if isinstance(assessments, ChunkedAssessments):
        values = assessments.columns.values
        ids, days = values["id"], values.get("submitted_on")
        for p in assessments.order:
            yield ids[p], days[p] if days is not None else None
        return
    for a in assessments:
        yield a.id, a.submitted_on
