"""Large lists, last stage: each applicant's JSON line, built from ``fast.run_fast``'s arrays.

The lines hold the same decision, points, sentences, missing fields and support as a full
assessment projected for JSON Lines (``fast.lean_projection``; ``tests/batch/test_fast.py``
compares them applicant by applicant). Sentence fragments are cached per case, and the arrays
of one chunk of rows at a time become Python lists, so memory does not grow with the list.

A chunk's lines are built field by field, not line by line: each field (the rule findings, the
reasons, the scores, the support object …) becomes one list of UTF-8 pieces for all the rows of
the chunk, mostly shared pieces picked by an array of indices, and the lines are those lists
joined row by row in one call. The per-row work that is left is what is each row's own: its id
and name, its support figures and sentence (``batch.supportwords``), and the findings and missing
fields of the rules it leaves unsettled. A line written this way cost less than half of one
formatted field by field as a string and encoded afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import itemgetter
from typing import Any

import numpy as np

from kcscore.policy.asof import AS_OF, uses_as_of
from kcscore.assess import vector as V
from kcscore.assess.support import choose
from kcscore.wording.sentences import compile_template
from kcscore.wording.texts import TextBook, extras_for
from kcscore.wording.funding import FundingNote, say as say_funding
from kcscore.policy.templates import TEMPLATE_EXTRAS
from kcscore.expr import ast as A
from kcscore.i18n import pick
from kcscore.kinds.base import Kind
from kcscore.kinds.registry import kind_of, per_rule
from kcscore.policy.ir import RuleIR

from kcscore.batch.fast import _STATUS_NAMES, LeanBatch, _num
from kcscore.batch.rowarrays import ArrayMap, Figures as FigureRows
from kcscore.batch.supportwords import SupportWords, escaped


_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\u2028\u2029\x7f]')


def _jnum(value: float | None) -> str:
    number = _num(value)
    return "null" if number is None else repr(number)


def _quote(text: str) -> str:
    """A JSON string; plain sentences (the usual case) need no escaping at all."""
    if _NEEDS_ESCAPE.search(text):
        return json.dumps(text, ensure_ascii=False)
    return '"' + text + '"'


def _escaped(text: str) -> bytes:
    """``text`` inside a JSON string, UTF-8, without its quotes; ids and names seldom need escaping."""
    return escaped(text) if _NEEDS_ESCAPE.search(text) else text.encode("utf-8")


def _objects(items: list[Any]) -> np.ndarray:
    """A one-dimensional array holding ``items`` as they are (bytes are not turned into ``S`` strings)."""
    return np.fromiter(items, dtype=object, count=len(items))


def _mapped(mapping: Mapping[int, Any], rows: np.ndarray, ks: list[int]) -> list[Any]:
    """``mapping.get(k)`` for each of ``ks``; an array-backed map is read for all of them at once."""
    if isinstance(mapping, ArrayMap):
        absent, convert = mapping.absent, mapping.convert
        return [None if v == absent else convert(v) for v in mapping.array[rows].tolist()]
    return [mapping.get(k) for k in ks]


class _Cells(dict[str, list[Any]]):
    """The chunk's cells by field, each column taken from the list's the first time it is read:
    the lines read a few fields (id, name, those a sentence names, the blanks of unsettled rules),
    and taking every column of a wide list for every chunk cost more than the lines' own work.
    A field the list does not have reads as a column of blanks, as a record without it would."""

    def __init__(self, columns: Mapping[str, Any], positions: np.ndarray) -> None:
        super().__init__()
        # as Python ints: a column kept as a list is read an item at a time, and a numpy integer
        # makes each of those reads slower than the list's own ints do
        self._columns, self.positions = columns, positions.tolist()

    def __missing__(self, name: str) -> list[Any]:
        column = self._columns.get(name)
        taken = self[name] = [None] * len(self.positions) if column is None else column.take(self.positions)
        return taken  # type: ignore[no-any-return]


class _ChunkRow(Mapping[str, Any]):
    """One row of the chunk's cells seen as a record (what a sentence is filled from)."""

    __slots__ = ("cells", "i")

    def __init__(self, cells: _Cells, i: int) -> None:
        self.cells, self.i = cells, i

    def __getitem__(self, name: str) -> Any:
        return self.cells[name][self.i]

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        value = self.cells[name][self.i]
        return default if value is None else value

    def __iter__(self) -> Iterator[str]:
        return iter(self.cells)

    def __len__(self) -> int:
        return len(self.cells)


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


def _picked(values: list[Any], at: list[int], m: int) -> Sequence[Any]:
    """``values`` at the places ``at`` (all of a column of ``m`` when ``at`` is every place), in one call."""
    if len(at) == m:
        return values
    return (itemgetter(*at)(values),) if len(at) == 1 else itemgetter(*at)(values)  # type: ignore[no-any-return]


def _heads(ids: list[str], names: list[str], numbers: list[Any]) -> list[bytes]:
    """Each line's start: its id, name and row number. Ids and names seldom need escaping, so
    the chunk's are looked at once, all together, and the lines are formatted and encoded whole."""
    if _NEEDS_ESCAPE.search("".join(ids)) or _NEEDS_ESCAPE.search("".join(names)):
        return [b'{"id":"' + _escaped(a) + b'","name":"' + _escaped(b) + b'","row":' + str(r).encode()
                for a, b, r in zip(ids, names, numbers)]
    return [f'{{"id":"{a}","name":"{b}","row":{r}'.encode() for a, b, r in zip(ids, names, numbers)]


def _first_without_comma(pieces: np.ndarray, some: np.ndarray, settled: np.ndarray) -> None:
    """Drop the leading comma of each row's first finding in ``pieces`` (every piece carries one).

    A row's findings go into its line piece by piece, not joined first: joining them and cutting
    the first comma copied the largest part of every line twice more. ``some`` says which rows
    hold a finding at all; ``settled`` which rule columns hold one. The support finding is the
    last column, so a row whose rule columns are all empty starts with it.
    """
    rows = np.flatnonzero(some)
    if not len(rows):
        return
    held = np.zeros((len(rows), pieces.shape[1]), dtype=bool)
    held[:, :-1] = settled[rows]
    held[:, -1] = True  # the support finding: first only where no rule said anything
    first = held.argmax(axis=1)
    pieces[rows, first] = _objects([p[1:] for p in pieces[rows, first].tolist()])


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
        self._unknowns: dict[tuple[Any, ...], tuple[bytes, list[str], float]] = {}
        self._support_cache: dict[tuple[Any, ...], tuple[str, tuple[str, str, str]]] = {}
        self._support_bytes: dict[int, tuple[Any, ...]] = {}
        self._numbers: dict[float, bytes] = {}
        self._frag_b: dict[str, bytes] = {}
        self._days_b: dict[dt.date, bytes] = {}
        self._notes_said: dict[FundingNote, bytes] = {}
        self._set_by: dict[str, bytes] = {}
        self._sets: dict[tuple[str, ...], dict[int, bytes]] = {}  # reasons and flags, by the bits of their set
        self.words = SupportWords(self.lang)
        self._decision_said = {name: b',"decision":"' + name.encode() + b'","score":' for name in V.DECISIONS}
        self.max_score_b = (',"max_score":' + self.max_score_json + ',"rank":').encode()
        self.policy_b = self.policy_json.encode("utf-8") + b"\n"
        self.refusing_plans = [p for p in self.plans if p.kind.refusing]
        self._refusing_codes = [np.array([V.STATUS_CODES.index(s) for s in p.kind.refusing if s in V.STATUS_CODES],
                                         dtype=np.int64) for p in self.refusing_plans]
        self.note_plans = [j for j, p in enumerate(self.plans) if p.kind.only_when is not None]
        self.outcomes: dict[str, V.RuleArrays] = {}  # each rule's arrays for the current chunk, in its order

    def _plan(self, rule: RuleIR) -> _RulePlan:
        used = {*rule.parts.values(), *(o.condition for o in rule.outcomes if o.condition is not None)}
        conditions = tuple(sorted(used))
        fields = tuple(sorted({n for c in conditions for n in self.cond_fields[c]}))
        return _RulePlan(rule, kind_of(rule.kind), rule.is_sum, conditions, fields)

    def lines(self, ks: list[int], chunk: int = CHUNK) -> Iterator[str]:
        """The lines of rows ``ks`` (indices into ``lean.valid``), in that order, ``chunk`` rows at a time."""
        for start in range(0, len(ks), chunk):
            # a JSON line holds no raw newline: strings escape it
            yield from self.chunk(ks[start:start + chunk]).decode("utf-8").split("\n")[:-1]

    def prepare(self, ks: list[int]) -> None:
        """Evaluate the outcomes of rows ``ks`` from their truths, and turn them into the lists and
        fragment tables ``line`` reads."""
        lean = self.lean
        rows = np.asarray(ks, dtype=np.int64)
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
        self.cells = _Cells(lean.columns.values, positions)
        numbers = lean.columns.rows
        self.row_numbers = numbers.take(self.cells.positions) if hasattr(numbers, "take") else [numbers[p] for p in positions]
        self._tables(ks)

    def _record(self, i: int) -> _ChunkRow:
        """The record of the chunk's row ``i``."""
        return _ChunkRow(self.cells, i)

    def _tables(self, ks: list[int]) -> None:
        """For every rule, the distinct fragments of the chunk and which one each row says (-1: per-row sentence).

        Rows with the same outcome share a sentence unless its template reads their values; such
        groups are split by those values. This turns the per-row work into list look-ups: each
        distinct outcome is said once, and every row's index is set by one array operation.
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
            _, firsts, inverse = np.unique(code, return_index=True, return_inverse=True)
            inverse = inverse.reshape(-1)
            said = np.zeros(len(firsts), dtype=np.int32)  # each distinct outcome's fragment (0: none, -1: per row)
            by_row: list[int] = []  # outcomes whose sentence reads the row's values
            for u, first in enumerate(firsts.tolist()):
                status = plan.status[first]
                if plan.kind.says_nothing(status):
                    continue  # index 0: nothing to say (a flag not raised, a condition simply met)
                if status == "unknown":
                    said[u] = -1
                    continue
                fragment = self._settled(plan, status, first, self._record(first))
                if self._constant(plan, status, first):
                    position = index.setdefault(fragment, len(frags))
                    if position == len(frags):
                        frags.append(fragment)
                    said[u] = position
                else:
                    by_row.append(u)
            column = said[inverse]
            filled = self._filled
            for u in by_row:
                places = np.flatnonzero(inverse == u)
                first = int(places[0])
                status = plan.status[first]
                key = self._key(plan, status, first)
                names = self._fragments[key][3]  # the fields the sentence reads, {value}'s included
                values = self.cells
                at = places.tolist()
                # a sentence that reads only {points}/{max_points} has no field to split by: one key for all
                keys = list(zip(*(_picked(values[name], at, m) for name in names))) if names else [()] * len(at)
                by_values: dict[tuple[Any, ...], int] = {}
                for said_values, i in dict(zip(keys, at)).items():  # one row of each distinct set of values
                    fragment = filled.get((key, said_values)) or self._fill(plan, key, said_values, self._record(i))
                    position = index.setdefault(fragment, len(frags))
                    if position == len(frags):
                        frags.append(fragment)
                    by_values[said_values] = position
                column[places] = list(map(by_values.__getitem__, keys))
            self.idx[:, j] = column
        if len(self._filled) > 100_000:  # sentences that read a row's values: many repeat, but not without end
            self._filled.clear()

    @staticmethod
    def _key(plan: _RulePlan, status: str, i: int) -> tuple[Any, ...]:
        """The outcome of the chunk's row ``i`` that decides its sentence."""
        low = plan.low[i] if plan.low is not None else None
        decided = plan.decided[i] if plan.decided is not None and plan.decided[i] >= 0 else None
        reached = plan.reached[i] if plan.reached is not None else ()
        return (plan.rule.id, status, decided, reached, low)

    def _constant(self, plan: _RulePlan, status: str, i: int) -> bool:
        return self._fragments[self._key(plan, status, i)][0] is not None

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

    def chunk(self, ks: list[int]) -> bytes:
        """The lines of rows ``ks`` (indices into ``lean.valid``), in that order, each ending in a
        newline, as UTF-8: what ``output.jsonl`` writes, one chunk of rows at a time."""
        self.prepare(ks)
        return self._build(ks)

    def line(self, k: int) -> str:
        """Row ``k``'s line on its own (``k`` indexes ``lean.valid``), without its newline."""
        return self.chunk([k])[:-1].decode("utf-8")

    def _build(self, ks: list[int]) -> bytes:
        """The prepared chunk's lines, built field by field for all its rows at once.

        Each field of the line becomes one list of bytes pieces for the chunk (the same pieces
        shared by the rows that say the same thing), and the lines are those lists joined row by
        row in one call. Only what is a row's own (its id and name, its support figures, the
        findings and missing fields of a rule it leaves unsettled) is worked out row by row.
        """
        lean, m = self.lean, len(ks)
        if m == 0:
            return b""
        rows = np.asarray(ks, dtype=np.int64)
        decisions = self.decisions
        ineligible = lean.decision[rows] == V.DECISIONS.index("ineligible")
        eligible = lean.decision[rows] == V.DECISIONS.index("eligible")
        number = self._number_b
        ids, names = self.cells["id"], self.cells["name"]  # a list without one: "None", as a record says it
        head = _heads([str(a) for a in ids], [str(b) for b in names], self.row_numbers)
        said = self._decision_said
        decided = [said[d] for d in decisions]
        scores = [number(v) for v in self.scores]
        ranks = [b"null" if r is None else str(r).encode() for r in _mapped(lean.rank, rows, ks)]

        # findings: a column of pieces per rule (each with its leading comma), then the support finding
        width = len(self.plans)
        pieces = np.empty((m, width + 1), dtype=object)
        idx = self.idx
        said_b = self._frag_b
        for j, frags in enumerate(self.frags):
            table = _objects([b""] + [said_b.get(f) or self._frag_bytes(f) for f in frags[1:]])
            pieces[:, j] = table[np.maximum(idx[:, j], 0)]
        figures = self._figures(rows, ks)
        status = self.support_status
        missing_said = [b""] * m
        alone = np.flatnonzero((idx < 0).any(axis=1) | (np.asarray(status) == 1)
                               | ((np.asarray(status) == 0) & np.array([f is None for f in figures], dtype=bool)))
        if len(alone):
            codes = self.lean.matrix[rows[alone]]
            truths = np.full(codes.shape, None, dtype=object)  # True, False or None (unknown), as the units read them
            truths[codes == 1] = True
            truths[codes == 0] = False
            unsettled = idx[alone] < 0
            at, rules = np.nonzero(unsettled)
            ends = np.cumsum(unsettled.sum(axis=1)).tolist()
            rules_of = rules.tolist()
            start = 0
            for i, row, end in zip(alone.tolist(), truths.tolist(), ends):
                missing_said[i] = self._alone(row, i, pieces, figures[i] is None, rules_of[start:end])
                start = end
        amounts = [int(f[1]) if (f is not None and e) else 0 for f, e in zip(figures, eligible.tolist())]
        support_pieces = [b""] * m  # the support finding, and the support object
        support_said = [b"null"] * m
        words, set_by, parts = self.words, self._set_by, self._support_parts_b
        for i, f in enumerate(figures):
            if f is not None:
                text = words.say(f[0], f[2], f[3], f[1])
                start, tail = parts(f[0])
                support_pieces[i] = b"," + start + text + b'"}'
                how = set_by.get(f[4])
                if how is None:
                    how = set_by[f[4]] = json.dumps(f[4]).encode("utf-8")
                support_said[i] = b"".join((tail[0], str(amounts[i]).encode(), b', "requested_vnd": ', str(f[2]).encode(),
                                            b', "cost_vnd": ', str(f[3]).encode(), tail[1], how, tail[2], b'"',
                                            text, b'"}'))
        pieces[:, width] = _objects(support_pieces)
        settled = idx != 0
        _first_without_comma(pieces, settled.any(axis=1) | np.array([f is not None for f in figures], dtype=bool), settled)

        reasons = self._named(np.stack([np.isin(self.outcomes[p.rule.id].status, self._refusing_codes[j])
                                        for j, p in enumerate(self.refusing_plans)], axis=1)
                              & ineligible[:, None] if self.refusing_plans else None,
                              [p.rule.id for p in self.refusing_plans], m)
        flags = self._named(idx[:, self.note_plans] != 0 if self.note_plans else None,
                            [self.plans[j].rule.id for j in self.note_plans], m)
        provisional = [number(v) for v in self.provisional]
        upper = [number(v) for v in self.upper]

        days = self._days_b
        as_of = []
        for day in (lean.as_of[k] for k in ks):
            found = days.get(day)
            if found is None:
                found = days[day] = b',"as_of":"' + day.isoformat().encode() + b'"'
            as_of.append(found)
        if self.with_budget:
            notes = lean.notes
            funding = [(b',"funded":true' if f else b',"funded":false')
                       + (self._note_b(notes[k]) if k in notes else b"")
                       for k, f in zip(ks, _mapped(lean.funded, rows, ks))]
        else:
            funding = [b""] * m
        columns = (head, decided, scores, repeat(self.max_score_b), ranks, repeat(b',"recommended_support_vnd":'),
                   [str(a).encode() for a in amounts], repeat(b',"findings":['), *pieces.T.tolist(),
                   repeat(b'],"missing":['), missing_said, repeat(b'],"reasons":['), reasons,
                   repeat(b'],"flags":['), flags, repeat(b'],"provisional_score":'), provisional,
                   repeat(b',"upper_score":'), upper, repeat(b',"support":'), support_said, as_of, funding,
                   repeat(self.policy_b))
        return b"".join(chain.from_iterable(zip(*columns)))

    def _frag_bytes(self, fragment: str) -> bytes:
        """A settled finding as the bytes a line holds, with its leading comma; each said once
        (a chunk's tables name the same fragments as the chunk before)."""
        if len(self._frag_b) > 100_000:  # fragments that read a row's values need not repeat: bounded memory
            self._frag_b.clear()
        said = self._frag_b[fragment] = b"," + fragment.encode("utf-8")
        return said

    def _alone(self, truths: list[bool | None], i: int, pieces: np.ndarray, no_figures: bool,
               unsettled: list[int]) -> bytes:
        """The findings of the rules the chunk's row ``i`` (of these truths) leaves unsettled (the
        plans ``unsettled``, in order), put into ``pieces``, and its missing fields: these depend on
        the row's own truths and blanks."""
        record = _ChunkRow(self.cells, i)
        missing: dict[str, list[Any]] = {}
        plans = self.plans
        for j in unsettled:
            pieces[i, j] = self._unknown(plans[j], truths, record, missing)
        if self.support_status[i] == 1:
            for index in choose(self.policy, truths).unknown:
                for name in self.cond_fields[index]:
                    if record.get(name) is None:
                        self._miss(missing, name, "support", 0.0, True)
        elif self.support_status[i] == 0 and no_figures:
            rule = self.supports[self.support_rule[i]]
            spec = rule.spec
            for name in (spec.cost_field, spec.requested_field):  # type: ignore[union-attr]
                if record.get(name) is None:
                    self._miss(missing, name, rule.id, 0.0, True)
        if not missing:
            return b""
        ordered = sorted(missing.items(), key=lambda kv: (not kv[1][2], -kv[1][1], kv[0]))
        return b",".join(b'"' + name.encode("utf-8") + b'"' for name, _ in ordered)

    def _figures(self, rows: np.ndarray, ks: list[int]) -> list[tuple[Any, ...] | None]:
        """Each row's support figures ``(shared, amount, requested, cost, set by)``, or None."""
        support = self.lean.support
        if isinstance(support, FigureRows) and support.plain is None:
            which = support.which[rows].tolist()
            how = support.how[rows].tolist()
            numbers = support.numbers[rows].tolist()
            shared, set_by = support.shared, support.set_by
            return [None if w < 0 else (shared[w], n[0], n[1], n[2], set_by[h])
                    for w, h, n in zip(which, how, numbers)]
        out: list[tuple[Any, ...] | None] = []
        for k in ks:
            s = self.lean.support_of(k)
            out.append(None if s is None else (s, s["amount"], s["requested"], s["cost"], s["set_by"]))
        return out

    def _named(self, matrix: np.ndarray | None, names: list[str], m: int) -> list[bytes]:
        """Per row, the quoted names of the columns of ``matrix`` that hold (reasons, flags): each
        distinct set said once (sets are few: a row's refusals, its raised flags)."""
        if matrix is None or not matrix.any():
            return [b""] * m
        width = matrix.shape[1]
        if width > 62:  # too many to number a set by its bits: said per distinct row of the chunk
            distinct, inverse = np.unique(matrix, axis=0, return_inverse=True)
            table = _objects([self._name_set(names, np.flatnonzero(row).tolist()) for row in distinct])
            return table[inverse.reshape(-1)].tolist()  # type: ignore[no-any-return]
        said = self._sets.setdefault(tuple(names), {0: b""})
        out = []
        for bits in (matrix.astype(np.int64) @ (1 << np.arange(width, dtype=np.int64))).tolist():
            found = said.get(bits)
            if found is None:
                found = said[bits] = self._name_set(names, [j for j in range(width) if bits >> j & 1])
            out.append(found)
        return out

    @staticmethod
    def _name_set(names: list[str], which: list[int]) -> bytes:
        return b",".join(b'"' + names[j].encode("utf-8") + b'"' for j in which)

    def _number_b(self, value: float) -> bytes:
        """A score in JSON; scores repeat (sums of a few bands), so each is written once."""
        text = self._numbers.get(value)
        if text is None:
            text = self._numbers[value] = _jnum(value).encode()
        return text

    def _note_b(self, note: FundingNote) -> bytes:
        said = self._notes_said.get(note)
        if said is None:
            said = self._notes_said[note] = b',"funding_note":"' + _escaped(say_funding(note, self.lang)) + b'"'
        return said

    def _support_parts_b(self, base: Mapping[str, Any]) -> tuple[bytes, tuple[bytes, bytes, bytes]]:
        """``_support_parts`` as bytes, by the identity of the shared figures."""
        found = self._support_bytes.get(id(base))
        if found is None or found[0] is not base:
            head, tail = self._support_parts(base)
            found = self._support_bytes[id(base)] = (base, (head + '"').encode("utf-8"),
                                                      tuple(t.encode("utf-8") for t in tail))
        return found[1], found[2]  # type: ignore[return-value]

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
                fields = tuple(n for n in names if n not in TEMPLATE_EXTRAS)
                needs_extras = any(n in TEMPLATE_EXTRAS for n in names)
                read = getattr(rule.spec, "input", None)
                if needs_extras and read and read not in fields:  # {value} reads the criterion's input
                    fields = (*fields, read)
                entry = (None, prefix, pair, fields, needs_extras)
            self._fragments[key] = entry
        if entry[0] is not None:
            return entry[0]
        values = tuple(record.get(n) for n in entry[3])
        return self._filled.get((key, values)) or self._fill(plan, key, values, record)

    def _fill(self, plan: _RulePlan, key: tuple[Any, ...], values: tuple[Any, ...], record: Mapping[str, Any]) -> str:
        """The finding of outcome ``key`` whose sentence reads ``values`` of ``record`` (its fields,
        in the order the sentence names them), said and kept for rows with the same values."""
        _, prefix, pair, _, needs_extras = self._fragments[key]
        rule, low = plan.rule, key[4]
        extras = extras_for(rule, low, self.max_points[rule.id], record) if needs_extras else None
        fragment = self._filled[(key, values)] = prefix + _quote(self.book.render(pair, record, self.lang, extras)) + "}"
        return fragment  # type: ignore[no-any-return]

    def _unknown(self, plan: _RulePlan, truths: list[bool | None], record: _ChunkRow,
                 missing: dict[str, list[Any]]) -> bytes:
        """The finding of a rule the row leaves unsettled. It depends only on the truths of the
        rule's own conditions and on which of their fields are blank: built once per such case."""
        rule = plan.rule
        kind = plan.kind
        cells, i = self.cells, record.i
        key = (rule.id, tuple([truths[c] for c in plan.conditions]),
               tuple([cells[n][i] is None for n in plan.fields]))
        found = self._unknowns.get(key)
        if found is None:
            outcome = kind.outcome(rule, truths)  # type: ignore[misc]  # the row's record, by the same unit
            names = sorted({n for i in outcome.unknown for n in self.cond_fields[i] if record.get(n) is None})
            at_stake = (outcome.high or 0.0) - (outcome.low or 0.0) if kind.scored else 0.0
            low, high = (outcome.low, outcome.high) if kind.scored else (None, None)
            text = pick(*self.book.unknown(rule, names, low, high), self.lang)
            found = (("," + self._prefix(plan, "unknown", low) + _quote(text) + "}").encode("utf-8"), names, at_stake)
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
