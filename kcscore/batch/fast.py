"""Large applicant lists: columns in, a truth matrix, array outcomes, a ranking, lines out.

The per-applicant path builds a full ``Assessment`` with every sentence in both languages; for
hundreds of thousands of rows that is too slow and too big to hold. Here every stage works on
whole columns (``columnar``, the vectorised evaluator, ``assess.vector``) and only the final line
of each applicant is built, streamed to JSON Lines in report order. The line holds the same
decision, points, texts, missing fields and support as the full assessment
(``tests/batch/test_fast.py`` compares them applicant by applicant).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kcscore.policy.asof import AS_OF, uses_as_of
from kcscore.assess import vector as V
from kcscore.assess.support import NoValueInForce, amount, cap_cite, choose, resolve, sentence, share_of, unconfirmed
from kcscore.batch import budget as budget_mod
from kcscore.batch.columnar import ColumnReader, Columns
from kcscore.batch.ranking import priority_rules
from kcscore.batch.result import CellError, Funding, RowError
from kcscore.batch.rowarrays import ArrayMap, Figures as FigureRows
from kcscore.wording.sentences import compile_template
from kcscore.wording.texts import TextBook, extras_for
from kcscore.wording.funding import FundingNote, say as say_funding
from kcscore.policy.checks import TEMPLATE_EXTRAS
from kcscore.expr import ast as A
from kcscore.i18n import other_lang, pick, render
from kcscore.kinds.base import Kind
from kcscore.kinds.registry import kind_of, per_rule
from kcscore.policy.ir import Policy, RuleIR
from kcscore.policy.validity import outside

_STATUS_NAMES = np.array(V.STATUS_CODES, dtype=object)
FRAME_ROWS = 50_000  # rows typed into the evaluator's frame at a time
Figures = tuple[dict[str, Any], int, int, int, int, str]  # (figures shared by the rule's rows in one period of its
                                                           # values, amount, requested, cost, share amount, set by)


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 6)


class _RowView(Mapping[str, Any]):
    """One row of the columns seen as a record, without building a dict for it."""

    __slots__ = ("values", "i")

    def __init__(self, values: dict[str, list[Any]], i: int) -> None:
        self.values, self.i = values, i

    def __getitem__(self, name: str) -> Any:
        return self.values[name][self.i]

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        column = self.values.get(name)
        return default if column is None else column[self.i]

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)


class _Lists(Mapping[str, list[Any]]):
    """The columns of the valid rows as lists, each built when the evaluator asks for it: the
    evaluator turns each into an array, and the list is freed before the next one is built."""

    def __init__(self, values: Mapping[str, Any], valid: list[int] | None, days: list[dt.date] | None) -> None:
        self.values, self.valid, self.days = values, valid, days

    def __getitem__(self, name: str) -> list[Any]:
        if name == AS_OF and self.days is not None:
            return self.days
        return self.values[name].take(self.valid)

    def __iter__(self) -> Iterator[str]:
        return iter([*self.values, *([AS_OF] if self.days is not None else [])])

    def __len__(self) -> int:
        return len(self.values) + (self.days is not None)


class _Seat:
    """One eligible row as budget selection sees it; what the selection decides (funded or not,
    and why not) goes straight into the run's arrays, so no object is kept per row."""

    __slots__ = ("position", "id", "recommended_support_vnd", "rank", "_funded", "_notes", "_once")
    decision = "eligible"

    def __init__(self, position: int, id: str, amount: int, rank: int, funded: np.ndarray,
                 notes: dict[int, FundingNote], once: dict[FundingNote, FundingNote]) -> None:
        self.position, self.id, self.recommended_support_vnd, self.rank = position, id, amount, rank
        self._funded, self._notes, self._once = funded, notes, once

    @property
    def funded(self) -> bool:
        return bool(self._funded[self.position] == 1)

    @funded.setter
    def funded(self, value: bool) -> None:
        self._funded[self.position] = bool(value)

    @property
    def funding_note(self) -> FundingNote | None:
        return self._notes.get(self.position)

    @funding_note.setter
    def funding_note(self, note: FundingNote) -> None:
        self._notes[self.position] = self._once.setdefault(note, note)  # most notes repeat: one object each


@dataclass
class LeanBatch:
    policy: Policy
    lang: str
    columns: Columns
    valid: np.ndarray  # positions of rows that were assessed (int64)
    outcomes: V.VectorOutcomes  # every row's decision, score bounds, support choice; no rule's arrays (``_evaluate``)
    decision: np.ndarray  # index into V.DECISIONS, per valid row
    score: np.ndarray
    as_of: list[dt.date]
    support: Sequence[Figures | None]  # the figures of a settled support rule (``support_of`` reads them)
    order: list[int]  # indices into ``valid`` in report order
    rank: Mapping[int, int]  # index into ``valid`` -> rank, for eligible rows (an array underneath)
    funded: Mapping[int, bool]  # eligible rows, when there is a budget (an array underneath)
    notes: dict[int, FundingNote]  # why unfunded, one object per distinct note (said by wording.funding)
    errors: list[RowError]
    warnings: list[str]
    funding: Funding | None
    header: dict[str, Any]
    matrix: np.ndarray = field(repr=False, default_factory=lambda: np.zeros((0, 0), dtype=np.int8))  # the lines' outcomes

    def support_of(self, k: int) -> dict[str, Any] | None:
        """Row ``k``'s support figures as ``assess.support.compute`` gives them, without the sentence."""
        figures = self.support[k]
        if figures is None:
            return None
        base, value, requested, cost, share_amount, set_by = figures
        return {**base, "amount": value, "requested": requested, "cost": cost, "share_amount": share_amount,
                "set_by": set_by}

    def summary(self) -> dict[str, int]:
        decisions = Counter(V.DECISIONS[int(d)] for d in self.decision)
        return {"rows": self.columns.size, "assessed": len(self.valid), "eligible": decisions["eligible"],
                "incomplete": decisions["incomplete"], "ineligible": decisions["ineligible"],
                "funded": self.funded.count(1) if isinstance(self.funded, ArrayMap) else sum(self.funded.values()),
                "errors": len(self.errors)}


def run_fast(policy: Policy, rows: Iterable[Any] | None = None, budget: int | None = None, as_of: dt.date | None = None,
             lang: str = "vi", progress: Callable[[int], None] | None = None, columns: Columns | None = None) -> LeanBatch:
    """Assess and rank from raw rows, or from columns already read (``batch.parallel``)."""
    from kcscore.engine.vectorised import vectorised_engine

    if columns is None:
        columns = ColumnReader(policy, lang).add_all(rows or ()).finish()
    other = other_lang(lang)
    errors: dict[int, RowError] = {}
    for position, cells in columns.problems.items():
        errors[position] = RowError(columns.rows[position], cells, columns.values["id"][position], columns.lines[position])
    ids = columns.values["id"].tolist()
    seen: set[Any] = set()
    twice: set[Any] = set()  # ids held by more than one row: only these get a list of their rows
    for i in range(columns.size):
        if i not in errors:
            (twice if ids[i] in seen else seen).add(ids[i])
    del seen
    holders: dict[Any, list[int]] = {}
    if twice:
        for i in range(columns.size):
            if i not in errors and ids[i] in twice:
                holders.setdefault(ids[i], []).append(i)
    for same in (group for group in holders.values() if len(group) > 1):
        for i in same:
            others = [columns.rows[j] for j in same if j != i]
            errors[i] = RowError(columns.rows[i], [CellError.duplicate_id(ids[i], others, lang)], ids[i],
                                 columns.lines[i])
    valid = [i for i in range(columns.size) if i not in errors]
    today = dt.date.today()
    submitted = columns.values["submitted_on"].tolist() if "submitted_on" in columns.values else [None] * columns.size
    days = [as_of or submitted[p] or today for p in valid]
    for p, day in zip(valid, days):
        refused = outside(policy.meta, day)  # the pack was not in force that day: see policy.validity
        if refused is not None:
            errors[p] = RowError(columns.rows[p], [CellError.row(refused, lang)], ids[p],
                                 columns.lines[p])
    if any(p in errors for p in valid):
        days = [day for p, day in zip(valid, days) if p not in errors]
        valid = [p for p in valid if p not in errors]
    evaluator = vectorised_engine(policy)
    matrix = np.zeros((len(valid), len(policy.conditions)), dtype=np.int8)
    dated = uses_as_of(policy)
    for start in range(0, len(valid), FRAME_ROWS):  # the frame is a second copy of the columns: a slice at a time
        end = start + FRAME_ROWS
        frame = _frame(columns, valid[start:end], policy, days[start:end] if dated else None)
        matrix[start:start + len(frame)] = evaluator.truth_matrix(frame)
        del frame
    if progress:
        progress(len(valid) // 2)
    outcomes = _evaluate(policy, matrix)
    decision = outcomes.decision.copy()
    support, refused = _supports(policy, columns, valid, outcomes, decision, days)
    dropped: list[int] = []
    for k, exc in refused.items():
        position = valid[k]
        errors[position] = RowError(columns.rows[position], [CellError.row((exc.vi, exc.en), lang)],
                                    ids[position], columns.lines[position])
        dropped.append(k)
    if dropped:
        keep = np.ones(len(valid), dtype=bool)
        keep[dropped] = False
        kept = np.flatnonzero(keep)
        valid = [valid[k] for k in kept]
        matrix = matrix[kept]
        outcomes = _evaluate(policy, matrix)
        decision = decision[kept]
        support = support.take(kept)
        days = [days[k] for k in kept]
    score = np.where(decision == 0, outcomes.provisional, 0.0)
    order, rank = _rank(policy, columns, valid, decision, score, outcomes)
    outcomes.rules = {}  # ranked: the line writer evaluates each chunk's rules again from ``matrix``
    funded_rows = ArrayMap(np.full(len(valid), -1, dtype=np.int8), -1, bool)
    notes: dict[int, FundingNote] = {}
    funding = None
    if budget is not None:
        once: dict[FundingNote, FundingNote] = {}
        seats = (_Seat(k, ids[valid[k]], int(support[k][1]) if support[k] else 0, rank[k], funded_rows.array, notes, once)
                 for k in order if k in rank)  # only eligible rows can be funded, one at a time in rank order
        funding = budget_mod.select(seats, budget, policy.meta.budget.when_not_fit)  # type: ignore[arg-type]
    warnings = []
    if columns.unknown_columns:
        listed = ", ".join(f"'{c}'" for c in columns.unknown_columns)
        warnings.append(render("rank.unknown_columns", lang, columns=listed))
    del other
    return LeanBatch(policy, lang, columns, np.asarray(valid, dtype=np.int64), outcomes, decision, score, days, support, order, rank, funded_rows, notes,
                     sorted(errors.values(), key=lambda e: e.row), warnings, funding, policy.header(as_of), matrix)


def ranking_rules(policy: Policy) -> set[str]:
    """The rules whose points ``_rank`` reads for every row: the priority groups' and the
    criteria that break ties. No other rule's arrays are kept for the whole list."""
    return {rule_id for rules in priority_rules(policy) for rule_id in rules} | \
        {tie.criterion for tie in policy.meta.ranking.tie_breaks if tie.criterion}


def _evaluate(policy: Policy, matrix: np.ndarray) -> V.VectorOutcomes:
    """``assess.vector.evaluate`` of ``FRAME_ROWS`` rows at a time, joined: its intermediate
    arrays are a slice's, not the whole list's.

    Only what every row needs at once is kept: the decision, the score bounds, the support
    choice, and the points of the rules ranking reads (``ranking_rules``), dropped once ranked.
    Every rule's arrays (about 200 bytes a row with the default pack) are evaluated again from
    the truth matrix, a chunk at a time, by the line writer (``LineWriter.prepare``); a row's
    outcome depends on its own truths only, so the lines are the same."""
    keep = ranking_rules(policy)
    slices = []
    for start in range(0, max(len(matrix), 1), FRAME_ROWS):
        part = V.evaluate(policy, matrix[start:start + FRAME_ROWS])
        part.rules = {rule_id: arrays for rule_id, arrays in part.rules.items() if rule_id in keep}
        for arrays in part.rules.values():
            arrays.high = arrays.decided = arrays.reached = None  # ranking reads the points only
        part.points_possible = None  # summed into the scores already
        slices.append(part)
    if len(slices) == 1:
        return slices[0]
    first = slices[0]

    def joined(get: Callable[[V.VectorOutcomes], Any]) -> Any:
        pieces = [get(part) for part in slices]
        return None if pieces[0] is None else np.concatenate(pieces)

    rules = {}
    for rule_id, arrays in first.rules.items():
        rules[rule_id] = dataclasses.replace(arrays, **{
            name: joined(lambda part, name=name, rule_id=rule_id: getattr(part.rules[rule_id], name))
            for name in ("status", "low", "high", "decided", "reached")})
        for part in slices:  # each rule's slices go as soon as they are joined
            part.rules[rule_id] = None  # type: ignore[assignment]
    others = {f.name: joined(lambda part, name=f.name: getattr(part, name))
              for f in dataclasses.fields(V.VectorOutcomes) if f.name != "rules"}
    return V.VectorOutcomes(rules=rules, **others)


def _supports(policy: Policy, columns: Columns, valid: list[int], outcomes: V.VectorOutcomes, decision: np.ndarray,
              days: list[dt.date]) -> tuple[FigureRows, dict[int, NoValueInForce]]:
    """Support figures for every row whose support rule is settled, as ``assess.support.compute``
    gives them (its arithmetic, without the sentence); dated values are resolved once per (rule, day).

    Rows whose cost or request is blank become incomplete (``decision`` is updated); a row that
    would be eligible but has no share or cap in force on its date is returned in ``refused``.
    """
    supports = policy.of_kind("support")
    out = FigureRows.empty(len(valid))
    refused: dict[int, NoValueInForce] = {}
    resolved: dict[tuple[int, dt.date], Any] = {}  # (rule, day) -> (share, cap, figures of the group) or the error
    shared: dict[tuple[Any, ...], dict[str, Any]] = {}  # the figures of one rule under one period of its values
    status = outcomes.support_status.tolist()
    chosen = outcomes.support_rule.tolist()
    held: dict[str, list[Any]] = {}

    def lists(name: str) -> list[Any]:
        if name not in held:
            held[name] = columns.values[name].tolist()
        return held[name]

    for k in range(len(valid)):
        if status[k] != 0:
            continue
        r = chosen[k]
        spec = supports[r].spec
        cost, requested = lists(spec.cost_field)[valid[k]], lists(spec.requested_field)[valid[k]]  # type: ignore[union-attr]
        if cost is None or requested is None:
            if decision[k] == 0:
                decision[k] = 2  # the amount cannot be computed: incomplete, as for one applicant
            continue
        found = resolved.get((r, days[k]))
        if found is None:
            found = resolved[(r, days[k])] = _group(policy, supports[r], days[k], shared)
        if isinstance(found, NoValueInForce):
            if decision[k] == 0:
                refused[k] = found
            continue
        share, cap, base = found
        c, q = int(cost), int(requested)
        sh = share_of(c, share)
        value, set_by = amount(q, sh, cap)
        out.put(k, (base, value, q, c, sh, set_by))  # into arrays: a dict or tuple per row would hold 0.2 to 0.5 GiB
    return out, refused


def _group(policy: Policy, rule: RuleIR, day: dt.date, shared: dict[tuple[Any, ...], dict[str, Any]]
           ) -> tuple[Any, int | None, dict[str, Any]] | NoValueInForce:
    """The share, the cap and the figures common to every row of ``rule`` assessed on ``day``.

    The figures are one dict for all the days on which the same periods of the share and the cap
    are in force (``shared``): lists are dated by submission, so nearly every row has a day of its own.
    """
    spec = rule.spec
    try:
        (share, _, share_info), (cap, cap_param, cap_info) = resolve(policy, spec.share, day), resolve(policy, spec.cap, day)  # type: ignore[union-attr]
    except NoValueInForce as exc:
        return exc
    cap_int = int(cap) if cap is not None else None
    key = (rule.id, share_info[1] if share_info else None, cap_info[1] if cap_info else None)
    if key in shared:
        return share, cap_int, shared[key]
    shared[key] = {"rule": rule.id, "share_pct": float(share), "cap": cap_int,
                   "cap_parameter": cap_param.id if cap_param else None, "unconfirmed": unconfirmed(share_info, cap_info),
                   "cap_cite_short": cap_cite(spec, cap, cap_info), "text": ""}  # type: ignore[arg-type]
    return share, cap_int, shared[key]


def _frame(columns: Columns, valid: list[int], policy: Policy, days: list[dt.date] | None = None) -> Any:
    """The evaluator's typed frame of rows ``valid``, built column by column (no per-row records);
    ``days`` is the as-of date of each of them, for packs whose conditions read ``as_of``."""
    from kcscore.engine.vector_frame import frame_from_columns

    every = len(valid) == columns.size and (not valid or valid[-1] == len(valid) - 1)
    frame, errors = frame_from_columns(_Lists(columns.values, None if every else valid, days), policy.field_types,
                                       len(valid))
    if errors:  # typed by the schema reader, so this would be a defect, never bad input
        raise AssertionError(f"untyped cells reached the evaluator: {errors}")
    return frame


def _rank(policy: Policy, columns: Columns, valid: list[int], decision: np.ndarray, score: np.ndarray,
          outcomes: V.VectorOutcomes) -> tuple[list[int], ArrayMap]:
    """The order of ``batch.ranking.key_parts`` (priority groups, score, tie-breaks, submission date, id), by lexsort."""
    ids = columns.values["id"].tolist()
    submitted = columns.values["submitted_on"].tolist() if "submitted_on" in columns.values else [None] * columns.size
    chosen = np.flatnonzero(decision == 0)
    keys: list[np.ndarray] = []  # most significant first; reversed for lexsort
    for rules in priority_rules(policy):  # statutory mode: each priority group's points, as ranking.priority_points
        total = np.zeros(len(chosen))
        for rule_id in rules:
            total = total + outcomes.rules[rule_id].low[chosen]  # type: ignore[index]
        keys.append(np.array([-round(v, 9) for v in total.tolist()]))
    keys.append(np.array([-round(v, 9) for v in score[chosen].tolist()]))
    for tie in policy.meta.ranking.tie_breaks:
        if tie.criterion:
            values = outcomes.rules[tie.criterion].low[chosen]  # type: ignore[index]
            blank = np.zeros(len(chosen), dtype=bool)
        else:
            column = columns.values[tie.field or ""]
            raw = [column[valid[k]] for k in chosen.tolist()]
            blank = np.array([v is None for v in raw], dtype=bool)
            values = np.array([0.0 if v is None else float(v) for v in raw])
        keys.append(blank)  # blanks sort last in either order
        keys.append(-values if tie.order == "desc" else values)
    far = dt.date.max.toordinal()
    keys.append(np.array([far if submitted[valid[k]] is None else submitted[valid[k]].toordinal() for k in chosen.tolist()]))
    names = np.array([ids[valid[k]] for k in chosen.tolist()], dtype=object)
    keys.append(np.unique(names, return_inverse=True)[1].reshape(-1) if len(names) else np.zeros(0, dtype=np.int64))
    eligible = chosen[np.lexsort(keys[::-1])].tolist() if len(chosen) else []
    ranks = np.zeros(len(valid), dtype=np.int64)
    ranks[np.asarray(eligible, dtype=np.int64)] = np.arange(1, len(eligible) + 1)
    rank = ArrayMap(ranks, 0)
    incomplete = sorted((k for k in range(len(valid)) if decision[k] == 2),
                        key=lambda k: (-float(outcomes.provisional[k]), ids[valid[k]]))
    ineligible = sorted((k for k in range(len(valid)) if decision[k] == 1), key=lambda k: ids[valid[k]])
    return eligible + incomplete + ineligible, rank


_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\u2028\u2029\x7f]')


def _jnum(value: float | None) -> str:
    number = _num(value)
    return "null" if number is None else repr(number)


def _quote(text: str) -> str:
    """A JSON string; plain sentences (the usual case) need no escaping at all."""
    if _NEEDS_ESCAPE.search(text):
        return json.dumps(text, ensure_ascii=False)
    return '"' + text + '"'


@dataclass
class _RulePlan:
    """One rule as the line writer sees it: what never changes, and its outcomes for the current chunk."""

    rule: RuleIR
    kind: Kind
    is_sum: bool
    conditions: tuple[int, ...] = ()  # the conditions the rule reads, and their fields
    fields: tuple[str, ...] = ()
    prefix: dict[tuple[str, float | None], str] = field(default_factory=dict)
    status: list[str] = field(default_factory=list)  # the chunk's rows, in chunk order
    low: list[float] | None = None
    decided: list[int] | None = None
    reached: list[tuple[int, ...]] | None = None


CHUNK = 4000  # rows whose outcomes are turned into Python lists at a time


class LineWriter:
    """Build each applicant's JSON line from the arrays, with cached sentence fragments.

    What holds for the whole list (the pack's sentences, the fragments already built) is built once;
    the arrays of one chunk of rows at a time are turned into Python lists and fragment tables, so
    the writer's memory does not grow with the list (``lines`` and ``output.jsonl`` go chunk by
    chunk). The lines do not depend on the chunk size.
    """

    def __init__(self, lean: LeanBatch) -> None:
        self.lean = lean
        self.policy = lean.policy
        self.lang = lean.lang
        self.book = TextBook(lean.policy)
        builtin = {AS_OF} if uses_as_of(lean.policy) else set()  # never blank, so never missing
        self.cond_fields = [tuple(n for n in A.fields_of(node) if n not in builtin) for node in lean.policy.conditions]
        self._fragments: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self._filled: dict[tuple[Any, ...], str] = {}
        self.max_points = self.book.max_points
        self.with_budget = lean.funding is not None
        self.supports = lean.policy.of_kind("support")
        self.policy_json = ',"policy":' + json.dumps({"id": lean.header["id"], "version": lean.header["version"],
                                                      "sha256": lean.header["sha256"]},
                                                     ensure_ascii=False) + "}"
        self.max_score_json = _jnum(lean.policy.meta.max_score)
        self.plans = [self._plan(rule) for rule in per_rule(lean.policy.rules)]
        self._unknowns: dict[tuple[Any, ...], tuple[str, list[str], float]] = {}
        self._support_cache: dict[tuple[Any, ...], tuple[str, tuple[str, str, str]]] = {}
        self._numbers: dict[float, str] = {}
        self._days: dict[dt.date, str] = {}
        self._notes_said: dict[FundingNote, str] = {}
        self.refusing_plans = [p for p in self.plans if p.kind.refusing]
        self.note_plans = [j for j, p in enumerate(self.plans) if p.kind.only_when is not None]
        self._at: dict[int, int] = {}  # row (index into ``lean.valid``) -> its place in the current chunk
        self.outcomes: dict[str, V.RuleArrays] = {}  # each rule's arrays for the current chunk, in its order

    def _plan(self, rule: RuleIR) -> _RulePlan:
        used = {*rule.parts.values(), *(o.condition for o in rule.outcomes if o.condition is not None)}
        conditions = tuple(sorted(used))
        fields = tuple(sorted({n for c in conditions for n in self.cond_fields[c]}))
        return _RulePlan(rule, kind_of(rule.kind), rule.is_sum, conditions, fields)

    def lines(self, ks: list[int], chunk: int = CHUNK) -> Iterator[str]:
        """The lines of rows ``ks`` (indices into ``lean.valid``), in that order, ``chunk`` rows at a time."""
        for start in range(0, len(ks), chunk):
            part = ks[start:start + chunk]
            self.prepare(part)
            for k in part:
                yield self.line(k)

    def prepare(self, ks: list[int]) -> None:
        """Evaluate the outcomes of rows ``ks`` from their truths, and turn them into the lists and
        fragment tables ``line`` reads."""
        lean = self.lean
        rows = np.asarray(ks, dtype=np.int64)
        self._at = {k: i for i, k in enumerate(ks)}
        self.outcomes = V.evaluate(self.policy, lean.matrix[rows]).rules  # in chunk order: row i is ks[i]
        for plan in self.plans:
            arrays = self.outcomes[plan.rule.id]
            plan.status = _STATUS_NAMES[arrays.status].tolist()
            plan.low = arrays.low.tolist() if arrays.low is not None else None
            plan.decided = arrays.decided.tolist() if arrays.decided is not None else None
            plan.reached = None
            if plan.is_sum and arrays.reached is not None:
                width = arrays.reached.shape[1]
                bits = (arrays.reached.astype(np.int64) @ (1 << np.arange(width))).tolist()
                as_tuple = {b: tuple(i for i in range(width) if b >> i & 1) for b in set(bits)}
                plan.reached = [as_tuple[b] for b in bits]
        self.decisions = [V.DECISIONS[d] for d in lean.decision[rows].tolist()]
        self.scores = lean.score[rows].tolist()
        self.provisional = lean.outcomes.provisional[rows].tolist()
        self.upper = lean.outcomes.upper[rows].tolist()
        self.support_status = lean.outcomes.support_status[rows].tolist()
        self.support_rule = lean.outcomes.support_rule[rows].tolist()
        positions = lean.valid[rows]
        # the chunk's cells as lists, read by place in the chunk: one C pass per column, not one call per cell
        self.cells = {name: column.take(positions) for name, column in lean.columns.values.items()}
        numbers = lean.columns.rows
        self.row_numbers = numbers.take(positions) if hasattr(numbers, "take") else [numbers[p] for p in positions]
        self._tables(ks)

    def _record(self, i: int) -> _RowView:
        """The record of the chunk's row ``i``."""
        return _RowView(self.cells, i)

    def _tables(self, ks: list[int]) -> None:
        """For every rule, the distinct fragments of the chunk and which one each row says (-1: per-row sentence).

        Rows with the same outcome share a sentence unless its template reads their values; such
        groups are split by those values. This turns the per-row work into list look-ups.
        """
        m = len(ks)
        self.idx = np.zeros((m, len(self.plans)), dtype=np.int32)
        self.frags: list[list[str]] = []
        for j, plan in enumerate(self.plans):
            arrays = self.outcomes[plan.rule.id]
            frags = [""]
            index: dict[str, int] = {"": 0}
            self.frags.append(frags)
            if m == 0:
                continue
            code = arrays.status.astype(np.int64)
            if arrays.low is not None:
                code = code * 4096 + np.unique(arrays.low, return_inverse=True)[1].reshape(-1)
            if arrays.decided is not None:
                code = code * 1024 + (arrays.decided.astype(np.int64) + 1)
            if plan.is_sum and arrays.reached is not None:
                width = arrays.reached.shape[1]
                code = code * (1 << width) + arrays.reached.astype(np.int64) @ (1 << np.arange(width))
            _, inverse, counts = np.unique(code, return_inverse=True, return_counts=True)
            inverse = inverse.reshape(-1)
            order = np.argsort(inverse, kind="stable")  # places in the chunk, grouped by outcome
            for places in np.split(order, np.cumsum(counts)[:-1]):
                first = int(places[0])
                status = plan.status[first]
                if plan.kind.says_nothing(status):
                    continue  # index 0: nothing to say (a flag not raised, a condition simply met)
                if status == "unknown":
                    self.idx[places, j] = -1
                    continue
                fragment = self._settled(plan, status, first, self._record(first))
                if self._constant(plan, status, first):
                    position = index.setdefault(fragment, len(frags))
                    if position == len(frags):
                        frags.append(fragment)
                    self.idx[places, j] = position
                    continue
                entry = self._fragments[self._key(plan, status, first)]
                names = entry[3]
                field_of_value = getattr(plan.rule.spec, "input", None)
                if entry[4] and field_of_value:  # {value} reads the criterion's input
                    names = (*names, field_of_value)
                values = self.cells
                by_values: dict[tuple[Any, ...], int] = {}
                at = places.tolist()
                # a sentence that reads only {points}/{max_points} has no field to split by: one key for all
                keys = list(zip(*([values[name][i] for i in at] for name in names))) if names else [()] * len(at)
                for i, key in zip(at, keys):
                    position = by_values.get(key)
                    if position is None:
                        fragment = self._settled(plan, status, i, self._record(i))
                        position = index.setdefault(fragment, len(frags))
                        if position == len(frags):
                            frags.append(fragment)
                        by_values[key] = position
                    self.idx[i, j] = position
        self._filled.clear()  # sentences that read a row's values: rarely the same in the next chunk

    @staticmethod
    def _key(plan: _RulePlan, status: str, i: int) -> tuple[Any, ...]:
        """The outcome of the chunk's row ``i`` that decides its sentence."""
        low = plan.low[i] if plan.low is not None else None
        decided = plan.decided[i] if plan.decided is not None and plan.decided[i] >= 0 else None
        reached = plan.reached[i] if plan.reached is not None else ()
        return (plan.rule.id, status, decided, reached, low)

    def _constant(self, plan: _RulePlan, status: str, i: int) -> bool:
        return self._fragments[self._key(plan, status, i)][0] is not None

    def _truths(self, k: int) -> list[bool | None]:
        row = self.lean.matrix[k]
        return [True if v == 1 else False if v == 0 else None for v in row.tolist()]

    def _prefix(self, plan: _RulePlan, status: str, points: float | None) -> str:
        key = (status, points)
        found = plan.prefix.get(key)
        if found is None:
            rule = plan.rule
            found = '{"rule":' + json.dumps(rule.id) + ',"kind":' + json.dumps(rule.kind) + ',"status":' + json.dumps(status)
            if plan.kind.scored:
                found += ',"points":' + json.dumps(_num(points)) + ',"max_points":' + json.dumps(_num(self.max_points[rule.id]))
            found += ',"text":'
            plan.prefix[key] = found
        return found

    def line(self, k: int) -> str:
        """Row ``k``'s line (``k`` indexes ``lean.valid``); ``prepare`` it first, or it is prepared alone."""
        i = self._at.get(k)
        if i is None:
            self.prepare([k])
            i = 0
        lean, policy = self.lean, self.policy
        record = _RowView(self.cells, i)
        row_idx = self.idx[i].tolist()
        missing: dict[str, list[Any]] = {}
        truths: list[bool | None] | None = None
        if -1 in row_idx:
            truths = self._truths(k)
            pieces = []
            for plan, frags, f in zip(self.plans, self.frags, row_idx):
                if f >= 0:
                    if f:
                        pieces.append(frags[f])
                    continue
                pieces.append(self._unknown(plan, truths, record, missing))
        else:
            pieces = [frags[f] for frags, f in zip(self.frags, row_idx) if f]
        reasons = [p.rule.id for p in self.refusing_plans if p.status[i] in p.kind.refusing] \
            if self.decisions[i] == "ineligible" else []
        flags = [self.plans[j].rule.id for j in self.note_plans if row_idx[j]]
        decision = self.decisions[i]
        support = lean.support_of(k)
        support_text = sentence(support, self.lang) if support is not None else ""
        if self.support_status[i] == 1:
            truths = truths if truths is not None else self._truths(k)
            plan_ = choose(policy, truths)
            for index in plan_.unknown:
                for name in self.cond_fields[index]:
                    if record.get(name) is None:
                        self._miss(missing, name, "support", 0.0, True)
        elif self.support_status[i] == 0 and support is None:
            rule = self.supports[self.support_rule[i]]
            spec = rule.spec
            for name in (spec.cost_field, spec.requested_field):  # type: ignore[union-attr]
                if record.get(name) is None:
                    self._miss(missing, name, rule.id, 0.0, True)
        if support is not None:
            quoted = _quote(support_text)
            head, tail = self._support_parts(support)
            pieces.append(head + quoted + "}")
        ordered = sorted(missing.items(), key=lambda kv: (not kv[1][2], -kv[1][1], kv[0])) if missing else []
        amount = int(support["amount"]) if (support and decision == "eligible") else 0
        rank = lean.rank.get(k)
        parts = [
            '{"id":', _quote(str(record.get("id"))), ',"name":', _quote(str(record.get("name"))),
            ',"row":', str(self.row_numbers[i]), ',"decision":"', decision,
            '","score":', self._number(self.scores[i]), ',"max_score":', self.max_score_json,
            ',"rank":', "null" if rank is None else str(rank), ',"recommended_support_vnd":', str(amount),
            ',"findings":[', ",".join(pieces), '],"missing":[', ",".join('"' + name + '"' for name, _ in ordered),
            '],"reasons":[', ",".join('"' + r + '"' for r in reasons), '],"flags":[', ",".join('"' + f + '"' for f in flags),
            '],"provisional_score":', self._number(self.provisional[i]), ',"upper_score":', self._number(self.upper[i]),
            ',"support":',
        ]
        if support is None:
            parts.append("null")
        else:
            # json.dumps of the dict (its separators ", " and ": "), with what its rule shares written once
            parts += (tail[0], str(amount), ', "requested_vnd": ', str(support["requested"]), ', "cost_vnd": ',
                      str(support["cost"]), tail[1], json.dumps(support["set_by"]), tail[2], quoted, "}")
        day = lean.as_of[k]
        as_of = self._days.get(day)
        if as_of is None:
            as_of = self._days[day] = ',"as_of":"' + day.isoformat() + '"'
        parts.append(as_of)
        if self.with_budget:
            parts.append(',"funded":' + ("true" if lean.funded.get(k, False) else "false"))
            if k in lean.notes:
                note = lean.notes[k]
                said = self._notes_said.get(note)
                if said is None:
                    said = self._notes_said[note] = ',"funding_note":' + _quote(say_funding(note, self.lang))
                parts.append(said)
        parts.append(self.policy_json)
        return "".join(parts)

    def _number(self, value: float) -> str:
        """A score in JSON; scores repeat (sums of a few bands), so each is written once."""
        text = self._numbers.get(value)
        if text is None:
            text = self._numbers[value] = _jnum(value)
        return text

    def _support_parts(self, support: Mapping[str, Any]) -> tuple[str, tuple[str, str, str]]:
        """The support finding's start, and the constant pieces of the support object, for the
        figures its rule shares across one period of its values (one entry per such period)."""
        key = (support["rule"], support["share_pct"], support["cap"], support["unconfirmed"])
        found = self._support_cache.get(key)
        if found is None:
            rule = json.dumps(support["rule"], ensure_ascii=False)
            found = ('{"rule":' + json.dumps(support["rule"]) + ',"kind":"support","status":"recommended","text":',
                     ('{"rule": ' + rule + ', "amount_vnd": ',
                      ', "share_pct": ' + json.dumps(_num(support["share_pct"])) + ', "cap_vnd": '
                      + json.dumps(support["cap"]) + ', "set_by": ',
                      ', "unconfirmed": ' + json.dumps(support["unconfirmed"]) + ', "text": '))
            self._support_cache[key] = found
        return found

    def _settled(self, plan: _RulePlan, status: str, i: int, record: Mapping[str, Any]) -> str:
        """The settled finding of the chunk's row ``i`` (whose record is ``record``)."""
        low = plan.low[i] if plan.low is not None else None
        decided = None
        if plan.decided is not None:
            value = plan.decided[i]
            decided = value if value >= 0 else None
        reached = plan.reached[i] if plan.reached is not None else ()
        key = (plan.rule.id, status, decided, reached, low)
        entry = self._fragments.get(key)
        if entry is None:
            rule = plan.rule
            pair = self.book.template(rule, status, decided, reached, low)
            names = compile_template(pick(pair[0], pair[1], self.lang))[1]
            prefix = self._prefix(plan, status, low)
            if not names:
                entry = (prefix + _quote(pick(pair[0], pair[1], self.lang)) + "}",)
            else:
                entry = (None, prefix, pair, tuple(n for n in names if n not in TEMPLATE_EXTRAS),
                         any(n in TEMPLATE_EXTRAS for n in names))
            self._fragments[key] = entry
        if entry[0] is not None:
            return entry[0]
        _, prefix, pair, fields, needs_extras = entry
        values = tuple(record.get(n) for n in fields)
        filled_key = (key, values)
        fragment = self._filled.get(filled_key)
        if fragment is None:
            rule = plan.rule
            extras = extras_for(rule, low, self.max_points[rule.id], record) if needs_extras else None
            fragment = prefix + _quote(self.book.render(pair, record, self.lang, extras)) + "}"
            if len(self._filled) < 200_000:
                self._filled[filled_key] = fragment
        return fragment

    def _unknown(self, plan: _RulePlan, truths: list[bool | None], record: Mapping[str, Any],
                 missing: dict[str, list[Any]]) -> str:
        """The finding of a rule the row leaves unsettled. It depends only on the truths of the
        rule's own conditions and on which of their fields are blank: built once per such case."""
        rule = plan.rule
        kind = plan.kind
        key = (rule.id, tuple([truths[c] for c in plan.conditions]),
               tuple([record.get(n) is None for n in plan.fields]))
        found = self._unknowns.get(key)
        if found is None:
            outcome = kind.outcome(rule, truths)  # type: ignore[misc]  # the row's record, by the same unit
            names = sorted({n for i in outcome.unknown for n in self.cond_fields[i] if record.get(n) is None})
            at_stake = (outcome.high or 0.0) - (outcome.low or 0.0) if kind.scored else 0.0
            low, high = (outcome.low, outcome.high) if kind.scored else (None, None)
            text = pick(*self.book.unknown(rule, names, low, high), self.lang)
            found = (self._prefix(plan, "unknown", low) + _quote(text) + "}", names, at_stake)
            self._unknowns[key] = found
        fragment, names, at_stake = found
        for name in names:
            self._miss(missing, name, rule.id, at_stake, kind.decides)
        return fragment

    @staticmethod
    def _miss(missing: dict[str, list[Any]], name: str, rule_id: str, at_stake: float, holds: bool) -> None:
        entry = missing.setdefault(name, [[], 0.0, False])
        if rule_id not in entry[0]:
            entry[0].append(rule_id)
            entry[1] += at_stake
        entry[2] = entry[2] or holds


def lines(lean: LeanBatch, chunk: int = CHUNK) -> Iterator[str]:
    """Each assessed applicant's line in report order, then each bad row's line."""
    yield from LineWriter(lean).lines(lean.order, chunk)
    for error in lean.errors:
        yield json.dumps({"row": error.row, "error": error.to_json()}, ensure_ascii=False)


def lean_projection(assessment_json: dict[str, Any]) -> dict[str, Any]:
    """What a JSON Lines line carries of a full assessment.

    Every scored finding; a gate or exclusion only when it says something (failed, unknown,
    exempt): "met" and "does not apply" for each of a dozen conditions would triple the file.
    """
    keep = ("id", "name", "decision", "score", "max_score", "rank", "recommended_support_vnd", "missing", "reasons",
            "flags", "provisional_score", "upper_score", "as_of", "funded", "funding_note")
    out = {k: assessment_json[k] for k in keep if k in assessment_json}
    findings = []
    for f in assessment_json["findings"]:
        kind = kind_of(f["kind"])
        if kind.says_nothing(f["status"]):
            continue
        names = ("rule", "kind", "status", "points", "max_points", "text") if kind.scored \
            else ("rule", "kind", "status", "text")
        findings.append({k: f[k] for k in names})
    out["findings"] = findings
    support = assessment_json.get("support")
    out["support"] = None if support is None else {k: support[k] for k in (
        "rule", "amount_vnd", "requested_vnd", "cost_vnd", "share_pct", "cap_vnd", "set_by", "unconfirmed", "text")}
    return out
