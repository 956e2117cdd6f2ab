"""Large lists, last stage: each applicant's JSON line, built from ``fast.run_fast``'s arrays.

The lines hold the same decision, points, sentences, missing fields and support as a full
assessment projected for JSON Lines (``fast.lean_projection``; ``tests/batch/test_fast.py``
compares them applicant by applicant). Sentence fragments are cached per case, and the arrays
of one chunk of rows at a time become Python lists, so memory does not grow with the list.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kcscore.policy.asof import AS_OF, uses_as_of
from kcscore.assess import vector as V
from kcscore.assess.support import choose, sentence
from kcscore.wording.sentences import compile_template
from kcscore.wording.texts import TextBook, extras_for
from kcscore.wording.funding import FundingNote, say as say_funding
from kcscore.policy.templates import TEMPLATE_EXTRAS
from kcscore.expr import ast as A
from kcscore.i18n import pick
from kcscore.kinds.base import Kind
from kcscore.kinds.registry import kind_of, per_rule
from kcscore.policy.ir import RuleIR

from kcscore.batch.fast import _STATUS_NAMES, LeanBatch, _num, _RowView


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
