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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kcscore.policy.asof import AS_OF, uses_as_of
from kcscore.assess import vector as V
from kcscore.assess.support import NoValueInForce, amount, cap_cite, resolve, share_of, unconfirmed
from kcscore.batch import budget as budget_mod
from kcscore.applicant import unknown_columns_warning
from kcscore.batch.columnar import ColumnReader, Columns
from kcscore.batch.ranking import priority_rules
from kcscore.batch.result import CellError, Funding, RowError
from kcscore.batch.rowarrays import ArrayMap, Figures as FigureRows
from kcscore.wording.funding import FundingNote
from kcscore.i18n import other_lang
from kcscore.kinds.registry import kind_of
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


class _Coded(Mapping[str, Any]):
    """The columns of rows ``positions`` as the evaluator's coded arrays (``vector_arrays``), each
    made when the evaluator asks for it; ``days`` is the as-of date of each row, for packs whose
    conditions read ``as_of``."""

    def __init__(self, values: Mapping[str, Any], positions: np.ndarray, days: tuple[np.ndarray, list[dt.date]] | None,
                 memos: dict[str, dict[str, Any]]) -> None:
        self.values, self.positions, self.days, self.memos = values, positions, days, memos

    def __getitem__(self, name: str) -> Any:
        from kcscore.engine.vector_arrays import Coded, Numbers, listed

        if name == AS_OF and self.days is not None:
            return Coded(self.days[0], self.days[1], self.memos.setdefault(AS_OF, {}))
        how, first, second = self.values[name].coded(self.positions)
        if how == "codes":  # the table is the column's for every slice: what is read of it is kept
            return Coded(first, second, self.memos.setdefault(name, {}))
        if how == "numbers":
            return Numbers(first, second)
        return listed(first)

    def __iter__(self) -> Iterator[str]:
        return iter([*self.values, *([AS_OF] if self.days is not None else [])])

    def __len__(self) -> int:
        return len(self.values) + (self.days is not None)


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
        counted = np.bincount(np.asarray(self.decision, dtype=np.int64), minlength=len(V.DECISIONS)).tolist()
        decisions = dict(zip(V.DECISIONS, counted))
        return {"rows": self.columns.size, "assessed": len(self.valid), "eligible": decisions["eligible"],
                "incomplete": decisions["incomplete"], "ineligible": decisions["ineligible"],
                "funded": self.funded.count(1) if isinstance(self.funded, ArrayMap) else sum(self.funded.values()),
                "errors": len(self.errors)}


def run_fast(policy: Policy, rows: Iterable[Any] | None = None, budget: int | None = None, as_of: dt.date | None = None,
             lang: str = "vi", progress: Callable[[int], None] | None = None, columns: Columns | None = None) -> LeanBatch:
    """Assess and rank from raw rows, or from columns already read (``batch.parallel``)."""
    from kcscore.engine.base import EngineError
    from kcscore.engine.vectorised import vectorised_engine

    if columns is None:
        columns = ColumnReader(policy, lang).add_all(rows or ()).finish()
    other = other_lang(lang)
    errors: dict[int, RowError] = {}
    for position, cells in columns.problems.items():
        errors[position] = RowError(columns.rows[position], cells, columns.values["id"][position], columns.lines[position],
                                    columns.sheet_rows)
    ids = columns.values["id"].tolist()
    twice: set[Any] = set()  # ids held by more than one row: only these get a list of their rows
    kept = ids if not errors else [ids[i] for i in range(columns.size) if i not in errors]
    if len(set(kept)) != len(kept):  # some id is held twice: find which
        seen: set[Any] = set()
        for i in range(columns.size):
            if i not in errors:
                (twice if ids[i] in seen else seen).add(ids[i])
        del seen
    del kept
    holders: dict[Any, list[int]] = {}
    if twice:
        for i in range(columns.size):
            if i not in errors and ids[i] in twice:
                holders.setdefault(ids[i], []).append(i)
    for same in (group for group in holders.values() if len(group) > 1):
        for i in same:
            others = [(columns.rows[j], columns.lines[j]) for j in same if j != i]
            said = CellError.duplicate_id(ids[i], others, lang, columns.sheet_rows)
            errors[i] = RowError(columns.rows[i], [said], ids[i], columns.lines[i], columns.sheet_rows)
    valid = [i for i in range(columns.size) if i not in errors] if errors else list(range(columns.size))
    day_codes, day_table = _days(columns, valid, as_of, dt.date.today())  # a code per row into distinct days
    verdicts = [outside(policy.meta, day) for day in day_table]  # the pack was not in force that day: see policy.validity
    if any(verdict is not None for verdict in verdicts):
        late = np.array([verdict is not None for verdict in verdicts], dtype=bool)[day_codes]
        for k in np.flatnonzero(late).tolist():
            p = valid[k]
            errors[p] = RowError(columns.rows[p], [CellError.row(verdicts[day_codes[k]], lang)], ids[p],  # type: ignore[arg-type]
                                 columns.lines[p], columns.sheet_rows)
        kept = np.flatnonzero(~late)
        valid = [valid[k] for k in kept.tolist()]
        day_codes = day_codes[kept]
    days = [day_table[c] for c in day_codes.tolist()]
    evaluator = vectorised_engine(policy)
    matrix = np.zeros((len(valid), len(policy.conditions)), dtype=np.int8)
    dated = uses_as_of(policy)
    memos: dict[str, dict[str, Any]] = {}  # per column, what the evaluator read of its distinct values
    for start in range(0, len(valid), FRAME_ROWS):  # the frame is a second copy of the columns: a slice at a time
        end = start + FRAME_ROWS
        frame = _frame(columns, valid[start:end], policy, (day_codes[start:end], day_table) if dated else None, memos)
        try:
            matrix[start:start + frame.n] = evaluator.truth_matrix_of(frame)
        except EngineError as exc:  # typed by the schema reader, so this would be a defect, never bad input
            raise AssertionError(f"untyped cells reached the evaluator: {exc}") from exc
        del frame
    if progress:
        progress(len(valid) // 2)
    outcomes = _evaluate(policy, matrix)
    decision = outcomes.decision.copy()
    support, refused = _supports(policy, columns, valid, outcomes, decision, days, (day_codes, day_table))
    dropped: list[int] = []
    for k, exc in refused.items():
        position = valid[k]
        errors[position] = RowError(columns.rows[position], [CellError.row(exc.said, lang)],
                                    ids[position], columns.lines[position], columns.sheet_rows)
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
    order, rank, eligible = _rank(policy, columns, valid, decision, score, outcomes)
    outcomes.rules = {}  # ranked: the line writer evaluates each chunk's rules again from ``matrix``
    funded_rows = ArrayMap(np.full(len(valid), -1, dtype=np.int8), -1, bool)
    notes: dict[int, FundingNote] = {}
    funding = None
    if budget is not None:  # only eligible rows can be funded, in rank order
        at = np.asarray(valid, dtype=np.int64)[eligible]
        funding, funded, said = budget_mod.walk(columns.values["id"].take(at), list(range(1, len(eligible) + 1)),
                                                support.amounts(eligible), budget, policy.meta.budget.when_not_fit)
        funded_rows.array[eligible] = np.asarray(funded, dtype=np.int8)
        notes = {k: note for k, note in zip(eligible.tolist(), said) if note is not None}
    unknown = unknown_columns_warning(policy, columns.unknown_columns, lang)
    warnings = [unknown] if unknown else []
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
            arrays.high = arrays.decided = arrays.reached = arrays.may_not_apply = None  # ranking reads the points only
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
              days: list[dt.date], day_codes: tuple[np.ndarray, list[dt.date]]) -> tuple[FigureRows, dict[int, NoValueInForce]]:
    """Support figures for every row whose support rule is settled, as ``assess.support.compute``
    gives them (its arithmetic, without the sentence); dated values are resolved once per (rule, day).

    Rows whose cost or request is blank become incomplete (``decision`` is updated); a row that
    would be eligible but has no share or cap in force on its date is returned in ``refused``.

    The arithmetic is done on int64 arrays, one support rule at a time, when every cost and request
    is a Python int and every product fits; otherwise row by row on Python ints (``_support_rows``).
    """
    supports = policy.of_kind("support")
    settled = np.flatnonzero(outcomes.support_status == 0)
    chosen = outcomes.support_rule[settled].astype(np.int64)
    positions = np.asarray(valid, dtype=np.int64)
    groups = []
    tables: dict[int, tuple[np.ndarray, ...]] = {}  # the money columns' distinct values, read once
    for r in np.unique(chosen).tolist():
        ks = settled[chosen == r]
        spec = supports[r].spec
        cost = _int_column(columns.values[spec.cost_field], positions[ks], tables)  # type: ignore[union-attr]
        requested = _int_column(columns.values[spec.requested_field], positions[ks], tables)  # type: ignore[union-attr]
        if cost is None or requested is None:
            return _support_rows(policy, columns, valid, outcomes, decision, days)
        groups.append((r, ks, cost, requested))
    out = FigureRows.empty(len(valid))
    refused: dict[int, NoValueInForce] = {}
    shared: dict[tuple[Any, ...], dict[str, Any]] = {}  # the figures of one rule under one period of its values
    ordinals = np.array([day.toordinal() for day in day_codes[1]], dtype=np.int64)[day_codes[0]] if days \
        else np.zeros(0, dtype=np.int64)
    planned = []
    for r, ks, (costs, cost_blank), (requests, request_blank) in groups:
        blank = cost_blank | request_blank
        filled = np.flatnonzero(~blank)
        cost, requested = costs[filled], requests[filled]
        ks_filled = ks[filled]
        distinct, which = np.unique(ordinals[ks_filled], return_inverse=True)
        which = which.reshape(-1)
        found = _groups(policy, supports[r], distinct, shared)
        planned.append((ks, blank, ks_filled, cost, requested, which, found))
    for _, _, _, cost, requested, _, found in planned:  # int64 only if nothing can overflow
        shares = [f[0] for f in found if not isinstance(f, NoValueInForce)]
        caps = [f[1] for f in found if not isinstance(f, NoValueInForce) and f[1] is not None]
        widest = max(int(np.abs(cost).max(initial=0)), int(np.abs(requested).max(initial=0)))
        factor = max((abs(s.numerator) for s in shares), default=1)
        if widest * max(factor, 1) >= _INT_LIMIT or max((abs(c) for c in caps), default=0) >= _INT_LIMIT \
                or max((100 * s.denominator for s in shares), default=1) >= _INT_LIMIT:
            return _support_rows(policy, columns, valid, outcomes, decision, days)
    for ks, blank, ks_filled, cost, requested, which, found in planned:
        late = ks[blank]
        decision[late[decision[late] == 0]] = 2  # the amount cannot be computed: incomplete, as for one applicant
        missing = np.array([isinstance(f, NoValueInForce) for f in found], dtype=bool)
        lost = missing[which]
        for k, w in zip(ks_filled[lost].tolist(), which[lost].tolist()):
            if decision[k] == 0:
                refused[k] = found[w]
        keep = ~lost
        ks_kept, which = ks_filled[keep], which[keep]
        c, q = cost[keep], requested[keep]
        ok = [f if not isinstance(f, NoValueInForce) else (None, None, None) for f in found]
        numerator = np.array([0 if f[0] is None else f[0].numerator for f in ok], dtype=np.int64)[which]
        denominator = np.array([1 if f[0] is None else 100 * f[0].denominator for f in ok], dtype=np.int64)[which]
        has_cap = np.array([f[1] is not None for f in ok], dtype=bool)[which]
        cap = np.array([0 if f[1] is None else f[1] for f in ok], dtype=np.int64)[which]
        share_amount = c * numerator // denominator  # share_of: exact, floored
        by_request = q <= share_amount  # assess.support.amount: the request wins a tie, the share wins over the cap
        value = np.where(by_request, q, share_amount)
        how = np.where(by_request, 0, 1).astype(np.int8)
        capped = has_cap & (cap < value)
        value = np.where(capped, cap, value)
        how[capped] = 2
        out.put_many(ks_kept, [f[2] for f in ok], which, ("requested", "share", "cap"), how,
                     np.stack([value, q, c, share_amount], axis=1))
    return out, refused


_INT_LIMIT = 2**62  # figures and products below this are exact in int64, with room to compare and floor


def _int_column(column: Any, positions: np.ndarray, memo: dict[int, tuple[np.ndarray, ...]]
                ) -> tuple[np.ndarray, np.ndarray] | None:
    """A money column at ``positions`` as int64 values (0 where blank) and the blank mask; None
    when some value there is not a Python int or is not below ``_INT_LIMIT`` in magnitude. A
    column's distinct values are read once (``memo``, by table), however many rules read it."""
    how, first, second = column.coded(positions)
    if how == "numbers":
        if first.dtype.kind != "i" or ((first >= _INT_LIMIT) | (first <= -_INT_LIMIT)).any():
            return None
        return first, second
    if how == "codes":
        codes = first
        found = memo.get(id(second))
        if found is None:
            found = memo[id(second)] = _int_table(second)
    else:
        codes, found = np.arange(len(first), dtype=np.int64), _int_table(first)
    values, blank, bad = found
    if bad[codes].any():
        return None
    return values[codes], blank[codes]


def _int_table(table: Sequence[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each value as int64 (0 if blank or unfit), whether it is blank, whether it is unfit."""
    bad = np.array([v is not None and (type(v) is not int or abs(v) >= _INT_LIMIT) for v in table], dtype=bool)
    values = np.array([0 if unfit or v is None else v for v, unfit in zip(table, bad.tolist())], dtype=np.int64)
    return values, np.array([v is None for v in table], dtype=bool), bad


def _support_rows(policy: Policy, columns: Columns, valid: list[int], outcomes: V.VectorOutcomes, decision: np.ndarray,
                  days: list[dt.date]) -> tuple[FigureRows, dict[int, NoValueInForce]]:
    """``_supports`` row by row on Python ints: for figures that are not all ints or could overflow int64."""
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


def _groups(policy: Policy, rule: RuleIR, days: np.ndarray, shared: dict[tuple[Any, ...], dict[str, Any]]
            ) -> list[Any]:
    """``_group`` of each of ``days`` (day numbers), resolved once per stretch of days over which
    the same periods of the rule's share and cap are in force: lists are dated by submission, so
    there are thousands of days but a handful of periods. A day with no value in force is resolved
    on its own, since what it says names the day."""
    marks = []
    for value in (rule.spec.share, rule.spec.cap):  # type: ignore[union-attr]
        if isinstance(value, str):
            for start, end, _ in policy.parameters[value].periods:
                marks.append(start.toordinal())
                if end is not None:
                    marks.append(end.toordinal() + 1)
    stretch = np.searchsorted(np.unique(np.array(marks, dtype=np.int64)), days, side="right").tolist()
    settled: dict[int, Any] = {}
    out = []
    for day, at in zip(days.tolist(), stretch):
        found = settled.get(at)
        if found is None or isinstance(found, NoValueInForce):
            found = settled[at] = _group(policy, rule, dt.date.fromordinal(day), shared)
        out.append(found)
    return out


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


def _frame(columns: Columns, valid: list[int], policy: Policy, days: tuple[np.ndarray, list[dt.date]] | None = None,
           memos: dict[str, dict[str, Any]] | None = None) -> Any:
    """The evaluator's columns of rows ``valid``, read from the coded columns (no per-row records,
    no frame); ``days`` is the as-of date of each of them (a code per row into distinct dates), for
    packs whose conditions read ``as_of``."""
    from kcscore.engine.vector_arrays import ArrayColumns

    return ArrayColumns(_Coded(columns.values, np.asarray(valid, dtype=np.int64), days, {} if memos is None else memos),
                        policy.field_types, len(valid))


def _rank(policy: Policy, columns: Columns, valid: list[int], decision: np.ndarray, score: np.ndarray,
          outcomes: V.VectorOutcomes) -> tuple[list[int], ArrayMap, np.ndarray]:
    """The order of ``batch.ranking.key_parts`` (priority groups, score, tie-breaks, submission date, id), by lexsort.

    Returns the report order, the ranks, and the eligible rows in rank order. Every key is an
    array built without a loop over rows: a float key is rounded by Python's ``round`` once per
    distinct value (``_rounded``), and ids sort as their positions among the sorted distinct ids."""
    positions = np.asarray(valid, dtype=np.int64)
    chosen = np.flatnonzero(decision == 0)
    at = positions[chosen]
    keys: list[np.ndarray] = []  # most significant first; reversed for lexsort
    for rules in priority_rules(policy):  # statutory mode: each priority group's points, as ranking.priority_points
        total = np.zeros(len(chosen))
        for rule_id in rules:
            total = total + outcomes.rules[rule_id].low[chosen]  # type: ignore[index]
        keys.append(-_rounded(total))
    keys.append(-_rounded(score[chosen]))
    for tie in policy.meta.ranking.tie_breaks:
        if tie.criterion:
            values = outcomes.rules[tie.criterion].low[chosen]  # type: ignore[index]
            blank = np.zeros(len(chosen), dtype=bool)
        else:
            blank, values = _floats(columns.values[tie.field or ""].take(at))
        keys.append(blank)  # blanks sort last in either order
        keys.append(-values if tie.order == "desc" else values)
    far = dt.date.max.toordinal()
    if "submitted_on" in columns.values:
        keys.append(_ordinals(columns.values["submitted_on"], at, far))
    else:
        keys.append(np.full(len(chosen), far, dtype=np.int64))
    by_id = _id_order(columns.values["id"].take(positions))  # sorting by it, in any subset, is sorting by id
    keys.append(by_id[chosen])
    eligible = chosen[np.lexsort(keys[::-1])] if len(chosen) else np.zeros(0, dtype=np.int64)
    ranks = np.zeros(len(valid), dtype=np.int64)
    ranks[eligible] = np.arange(1, len(eligible) + 1)
    rank = ArrayMap(ranks, 0)
    waiting = np.flatnonzero(decision == 2)  # by provisional score (higher first), then id
    waiting = waiting[np.lexsort((by_id[waiting], -outcomes.provisional[waiting]))]
    refused = np.flatnonzero(decision == 1)  # by id
    refused = refused[np.argsort(by_id[refused], kind="stable")]
    return eligible.tolist() + waiting.tolist() + refused.tolist(), rank, eligible


def _rounded(values: np.ndarray) -> np.ndarray:
    """``round(v, 9)`` of each value, as ``ranking.key_parts`` rounds it: Python's round, which
    numpy's does not always match, applied once per distinct value."""
    distinct, where = np.unique(values, return_inverse=True)
    return np.array([round(v, 9) for v in distinct.tolist()], dtype=np.float64)[where.reshape(-1)] if len(values) \
        else np.zeros(0)


def _ordinals(column: Any, positions: np.ndarray, blank: int) -> np.ndarray:
    """The day numbers of a date column at ``positions``, ``blank`` where empty; each distinct
    date is converted once."""
    how, first, second = column.coded(positions)
    table, codes = (second, first) if how == "codes" else (first, np.arange(len(first), dtype=np.int64))
    if how == "numbers":  # not dates: convert them as the per-row key would, and fail the same way
        table, codes = column.take(positions), np.arange(len(positions), dtype=np.int64)
    days = np.array([blank if day is None else day.toordinal() for day in table], dtype=np.int64)
    return days[codes]


def _floats(raw: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """A tie-break field's values as (blank, float value) arrays; a blank reads 0.0."""
    blank = np.fromiter((v is None for v in raw), dtype=bool, count=len(raw))
    values = np.fromiter((0.0 if v is None else float(v) for v in raw), dtype=np.float64, count=len(raw))
    return blank, values


def _days(columns: Columns, valid: list[int], as_of: dt.date | None, today: dt.date) -> tuple[np.ndarray, list[dt.date]]:
    """Each row's as-of day (``as_of``, else its submission date, else ``today``) as a code into a
    table of days; the table may hold one day twice, never a row's day wrongly."""
    zeros = np.zeros(len(valid), dtype=np.int64)
    if as_of is not None:
        return zeros, [as_of]
    if "submitted_on" not in columns.values:
        return zeros, [today]
    column = columns.values["submitted_on"]
    how, first, second = column.coded(np.asarray(valid, dtype=np.int64))
    if how == "codes":
        return first, [day or today for day in second]
    return _factor([day or today for day in column.take(valid)])


def _factor(values: list[Any]) -> tuple[np.ndarray, list[Any]]:
    """A code per value into the distinct values, in order of first appearance; for values of one
    type only (equal values are then the same value: ``1 == 1.0 == True`` would merge three)."""
    number: dict[Any, int] = {}
    codes = np.fromiter((number.setdefault(value, len(number)) for value in values), dtype=np.int64, count=len(values))
    return codes, list(number)


def _id_order(names: list[Any]) -> np.ndarray:
    """Each id's position among the sorted distinct ids: sorting by it is sorting by id. Python's
    sort of a list of texts compares them faster than numpy's sort of objects."""
    if not names:
        return np.zeros(0, dtype=np.int64)
    order = sorted(range(len(names)), key=names.__getitem__)
    ordered = [names[j] for j in order]
    fresh = np.ones(len(names), dtype=bool)  # equal ids share a position, as np.unique gives them
    fresh[1:] = [a != b for a, b in zip(ordered, ordered[1:])]
    out = np.empty(len(names), dtype=np.int64)
    out[np.asarray(order, dtype=np.int64)] = np.cumsum(fresh) - 1
    return out


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
