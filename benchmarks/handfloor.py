"""A hand-vectorised floor of ``kcscore rank LIST --budget "1,129 tỷ" --out OUT.jsonl``, for the
default pack only (``rules/bac-kan`` on ``rules/national``).

The same work as kcscore, written by hand for one pack and one output: read a generated JSON Lines
list with orjson into numpy columns (``handread``), evaluate every rule of the pack as array
expressions (``handrules``, ``handlogic``: gates, exclusions, criteria and bands, bonuses, the
penalty, flags, the choice of support rule), compute the scores, the support amounts with their
shares and caps in force, the statutory ranking order and the budget line, and write exactly
kcscore's bytes, each line joined from cached sentence fragments (``handwords``). The pack's
sentences, titles, labels and dated values are read from its YAML files before the clock starts
(``handpack``); none of kcscore's assessment, wording or engine is imported.

It is a benchmark, not a second implementation: it reads clean lists only (every cell of its
field's JSON type, or null) and refuses any other, and it follows the default pack as it was
written; ``--check`` compares its bytes with kcscore's output of the same list and prints the
first line that differs. Two processes while reading (a forked child parses the second half of
the file), one for the rest: numpy does the evaluation, and the lines are joined a chunk at a time.

    python -m benchmarks.handfloor LIST.jsonl [--out OUT.jsonl] [--check [KCSCORE_OUT.jsonl]]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from benchmarks import handpack
from benchmarks.handlogic import EXEMPT, FAIL, NOT_APPLICABLE, QUIET, SCORED, UNKNOWN
from benchmarks.handread import Columns, NotClean, read
from benchmarks.handrules import EPOCH, Conditions, Rule, choose_support, evaluate
from benchmarks.handwords import Sayer, jnum, money, number, quote, short_money

NEWLINE = b"\n"
BUDGET = 1_129_000_000  # "1,129 tỷ"
FULL_MAX = 100.0  # the maxima of the pack's criteria and bonuses, added up
MAX_SCORE = 100.0
SCORED_KINDS = ("criterion", "bonus", "penalty")
STATUS_NAME = {"gate": {FAIL: "fail", EXEMPT: "exempt", UNKNOWN: "unknown"},
               "exclusion": {FAIL: "excluded", EXEMPT: "exempt", UNKNOWN: "unknown"},
               "flag": {FAIL: "raised"}}
SCORED_NAME = {SCORED: "scored", UNKNOWN: "unknown", NOT_APPLICABLE: "not_applicable"}
PRIORITY = (("area_priority",), ("local_raw_material", "labour_intensive", "export_market", "recognised_product"),
            ("trade_priority",))
TIE_CRITERIA = ("area_priority", "local_raw_material", "recognised_product", "trade_priority")


class Floor:
    """What is read before the clock: the pack's words, the field bits, the pack's hash."""

    def __init__(self) -> None:
        self.words = handpack.load()
        self.fields = self.words.fields
        self.say = Sayer(self.fields)
        self.bits = {name: 1 << i for i, name in enumerate(sorted(self.fields))}
        self.by_bit = sorted(self.fields)
        from kcscore.policy.layers import pack_hashes  # the pack's identity only, no assessment

        sha = pack_hashes(handpack.PACK)[0]
        policy = self.words.policy
        self.policy_tail = (',"policy":{"id": ' + quote(policy["id"]) + ', "version": ' + quote(str(policy["version"]))
                            + ', "sha256": ' + quote(sha) + "}}\n").encode()
        self.today = dt.date.today()
        self._codes: dict[str, np.ndarray] = {}
        self.count = 0  # lines of the last run
        self.phases: list[tuple[str, float, float]] = []  # (phase, wall clock, CPU) at the end of each

    # ---- sentences -------------------------------------------------------------------------
    def names_of(self, bits: int) -> list[str]:
        return [name for i, name in enumerate(self.by_bit) if bits >> i & 1]

    def settled_text(self, rule: Rule, status: int, decided: int, reached: int, low: float,
                     cells: dict[str, Any]) -> str:
        spec = self.words.rules[rule.id]
        title = handpack.vi(spec["title"])
        kind = rule.kind
        if kind == "gate":
            return self.say.fill(handpack.vi(spec["fails"]), cells) if status == FAIL else \
                f"{title}: được miễn điều kiện này"
        if kind == "exclusion":
            return self.say.fill(handpack.vi(spec["reason"]), cells) if status == FAIL else \
                f"{title}: không bị loại vì đề án thuộc trường hợp được miễn"
        if kind == "flag":
            return self.say.fill(handpack.vi(spec["says"]), cells)
        if status == NOT_APPLICABLE:
            what = self.say.title(_applies_field(rule.id))
            return f"{title}: không áp dụng cho {what[:1].lower() + what[1:]} này"
        if "sum" in spec:
            said = [self.say.fill(handpack.vi(item["says"]), cells) for i, item in enumerate(spec["sum"])
                    if reached >> i & 1 and item.get("says")]
            if said:
                return "; ".join(said)
            if low and spec.get("says"):
                return self.say.fill(handpack.vi(spec["says"]), cells)
            return f"{title}: chưa có nội dung nào được tính điểm"
        if "bands" not in spec:  # a bonus: its sentence, or "no"
            return self.say.fill(handpack.vi(spec["says"]), cells) if decided == 0 else f"{title}: không"
        band = spec["bands"][decided]
        chosen = band.get("says") or spec.get("says") or spec["title"]
        return self.say.fill(handpack.vi(chosen), cells)

    def fragments(self, rule: Rule, cols: Columns, comma: bytes) -> list[bytes]:
        """Each row's finding for ``rule`` as a JSON object, with ``comma`` before it (b",{…}") or
        after it (b"{…},") or neither, or b"" when it says nothing; built once per distinct case
        and value."""
        out = rule.out
        n = cols.n
        scored = rule.kind in SCORED_KINDS
        status = out.status
        if not (status != QUIET).any():
            return [b""] * n
        spec = self.words.rules[rule.id]
        template_fields = sorted(set(self.say.names(_all_templates(spec))))
        key = status.astype(np.int64)
        key = _combine(key, out.decided + 1)
        key = _combine(key, out.reached)
        for points in (out.low, out.high):  # the pack's points are whole
            whole = points.astype(np.int64)
            key = _combine(key, whole - whole.min())
        if out.names.any():
            key = _combine(key, *_dense(out.names)[:1])
        if template_fields:
            needs_values = (status == SCORED) | (status == FAIL)
            for name in template_fields:
                key = _combine(key, np.where(needs_values, self.value_codes(cols, name) + 1, 0))
        inverse, first = _dense(key)
        table = []
        max_points = jnum(out.max_points)
        kind_json = quote(rule.kind)
        for i in first.tolist():
            s = int(status[i])
            if s == QUIET:
                table.append(b"")
                continue
            low, high = float(out.low[i]), float(out.high[i])
            if s == UNKNOWN:
                title = handpack.vi(spec["title"])
                text = self.say.unknown(title, self.names_of(int(out.names[i])), low if scored else None,
                                        high if scored else None)
            else:
                cells = {name: cols.cell(name, i) for name in template_fields}
                text = self.settled_text(rule, s, int(out.decided[i]), int(out.reached[i]), low, cells)
            name = SCORED_NAME[s] if scored else STATUS_NAME[rule.kind][s]
            head = '{"rule":' + quote(rule.id) + ',"kind":' + kind_json + ',"status":"' + name + '"'
            if scored:
                head += ',"points":' + jnum(low) + ',"max_points":' + max_points
            fragment = (head + ',"text":' + quote(text) + "}").encode()
            table.append(b"," + fragment if comma == b"before" else fragment + b"," if comma == b"after" else fragment)
        return list(map(table.__getitem__, inverse.tolist()))

    def value_codes(self, cols: Columns, name: str) -> np.ndarray:
        found = self._codes.get(name)
        if found is None:
            found = self._codes[name] = _value_codes(cols, name)
        return found

    # ---- the run ---------------------------------------------------------------------------
    def run(self, path: Path) -> Iterator[bytes]:
        """kcscore's output for the list at ``path``, in report order, a chunk of lines at a time."""
        self.phases = [("start", time.perf_counter(), _cpu())]
        cols = read(path, self.fields)
        n = self.count = cols.n
        self.phases.append(("read", time.perf_counter(), _cpu()))
        days = np.where(cols.day >= 0, cols.day, self.today.toordinal() - EPOCH)
        c = Conditions(cols, self.fields, self.bits, days)
        rules, supports = evaluate(c)
        by_id = {r.id: r for r in rules}

        # decision, scores
        refused = np.zeros(n, dtype=bool)
        undecided = np.zeros(n, dtype=bool)
        earned_low, earned_high, taken_low, taken_high = (np.zeros(n) for _ in range(4))
        applicable_max = np.zeros(n)
        for r in rules:
            st = r.out.status
            if r.kind in ("gate", "exclusion"):
                refused |= st == FAIL
                undecided |= st == UNKNOWN
            elif r.kind in ("criterion", "bonus"):
                earned_low += r.out.low
                earned_high += r.out.high
                applicable_max += np.where(st == NOT_APPLICABLE, 0.0, r.out.max_points)
            elif r.kind == "penalty":
                taken_low += r.out.low
                taken_high += r.out.high
        chosen, unsettled, support_names = choose_support(supports, n)
        undecided |= unsettled
        provisional = _scores(earned_low, taken_low, applicable_max)
        upper = _scores(earned_high, taken_high, applicable_max)
        decision = np.where(refused, 1, np.where(undecided, 2, 0)).astype(np.int8)

        fig = self.support_figures(cols, c, supports, chosen, days)
        decision = np.where((decision == 0) & (chosen >= 0) & ~fig["has"], 2, decision).astype(np.int8)
        amount = np.where(fig["has"] & (decision == 0), fig["value"], 0)
        score = np.where(decision == 0, provisional, 0.0)
        order, ranked, rank = _report_order(cols, by_id, decision, score, provisional)
        funded, notes = _fund(ranked, amount[ranked], n)
        self.phases.append(("assess, rank, fund", time.perf_counter(), _cpu()))
        return self.lines(cols, rules, order, decision, score, provisional, upper, rank, amount, fig["has"],
                          chosen, fig, fig["period"], supports, funded, notes, days, support_names, fig["missing"])

    def support_figures(self, cols: Columns, c: Conditions, supports: list[Any], chosen: np.ndarray,
                        days: np.ndarray) -> dict[str, np.ndarray]:
        """For every row whose support rule is chosen and whose cost and request are known: the
        share and cap in force on its date, and min(request, share × cost, cap) with what set it
        (0 request, 1 share, 2 cap); which rows have them (``has``); the blank cost or request of
        the others (``missing``, bits); the periods of the share and cap (``period``)."""
        n = cols.n
        has = np.zeros(n, dtype=bool)
        missing = np.zeros(n, dtype=np.int64)
        share_pct = np.zeros(n, dtype=np.int64)
        cap = np.full(n, -1, dtype=np.int64)
        cost = np.zeros(n, dtype=np.int64)
        period = np.zeros(n, dtype=np.int64)
        for k, sup in enumerate(supports):
            rows = chosen == k
            if not rows.any():
                continue
            blank = cols.null[sup.cost_field] | cols.null["requested_support_vnd"]
            missing |= np.where(rows, c.blank(sup.cost_field, "requested_support_vnd"), 0)
            ok = rows & ~blank
            has |= ok
            cost[ok] = np.nan_to_num(cols.num[sup.cost_field][ok]).astype(np.int64)
            share_period = _period(self.words.parameters[sup.share], days[ok])
            share_pct[ok] = [self.words.parameters[sup.share][p].value for p in share_period]
            period[ok] = share_period * 64
            if sup.cap is not None:
                cap_period = _period(self.words.parameters[sup.cap], days[ok])
                cap[ok] = [self.words.parameters[sup.cap][p].value for p in cap_period]
                period[ok] += cap_period + 1
        share_amount = cost * share_pct // 100  # whole đồng, floored
        requested = np.where(has, np.nan_to_num(cols.num["requested_support_vnd"]).astype(np.int64), 0)
        by_request = requested <= share_amount  # on a tie the request wins, then the share
        value = np.where(by_request, requested, share_amount)
        capped = (cap >= 0) & (cap < value)
        return {"has": has, "missing": missing, "period": period, "value": np.where(capped, cap, value),
                "set_by": np.where(capped, 2, np.where(by_request, 0, 1)), "requested": requested, "cost": cost,
                "share_pct": share_pct, "cap": cap}

    def lines(self, cols: Columns, rules: list[Rule], order: np.ndarray, decision: np.ndarray, score: np.ndarray,
              provisional: np.ndarray, upper: np.ndarray, rank: np.ndarray, amount: np.ndarray,
              has_support: np.ndarray, chosen: np.ndarray, fig: dict[str, np.ndarray], period_key: np.ndarray,
              supports: list[Any], funded: np.ndarray, notes: dict[int, bytes], days: np.ndarray,
              support_names: np.ndarray, support_missing: np.ndarray) -> Iterator[bytes]:
        """Every line, built column by column (one list of byte pieces per part of the line),
        joined row by row in report order, ``CHUNK`` lines at a time."""
        n = cols.n
        columns: list[list[bytes] | bytes] = []  # a list: one piece per row; bytes: the same in every row

        def const(piece: bytes) -> bytes:
            return piece

        columns.append(const(b'{"id":'))
        columns.append(_quoted(cols.raw["id"]))
        columns.append(const(b',"name":'))
        columns.append(_quoted(cols.raw["name"]))
        columns.append(const(b',"row":'))
        columns.append([b"%d" % (i + 1) for i in range(n)])
        columns.append(_table([b',"decision":"eligible","score":', b',"decision":"ineligible","score":',
                               b',"decision":"incomplete","score":'], decision.astype(np.int64)))
        columns.append(_numbers(score))
        columns.append(const(b',"max_score":100,"rank":'))
        columns.append([b"%d" % r if r else b"null" for r in rank.tolist()])
        columns.append(const(b',"recommended_support_vnd":'))
        columns.append([b"%d" % a for a in amount.tolist()])
        columns.append(const(b',"findings":['))
        first = next(j for j, r in enumerate(rules) if r.kind in SCORED_KINDS)  # a scored rule always speaks
        for j, r in enumerate(rules):
            columns.append(self.fragments(r, cols, b"after" if j < first else b"" if j == first else b"before"))
        texts = self.support_texts(has_support, chosen, fig, period_key, supports, days, amount)
        columns.append(texts[0])
        columns.append(const(b'],"missing":['))
        columns.append(self.missing(cols, rules, chosen, support_names, support_missing))
        columns.append(const(b'],"reasons":['))
        reason_rules = [r for r in rules if r.kind in ("gate", "exclusion")]
        refusing = _bits([r.out.status == FAIL for r in reason_rules]) * (decision == 1)
        columns.append(self.id_lists(refusing, reason_rules))
        columns.append(const(b'],"flags":['))
        flag_rules = [r for r in rules if r.kind == "flag"]
        columns.append(self.id_lists(_bits([r.out.status == FAIL for r in flag_rules]), flag_rules))
        columns.append(const(b'],"provisional_score":'))
        columns.append(_numbers(provisional))
        columns.append(const(b',"upper_score":'))
        columns.append(_numbers(upper))
        columns.append(const(b',"support":'))
        columns.append(texts[1])
        unique_days, day_index = np.unique(days, return_inverse=True)
        columns.append(_table([(',"as_of":"' + dt.date.fromordinal(int(d) + EPOCH).isoformat() + '","funded":').encode()
                               for d in unique_days], day_index.reshape(-1)))
        columns.append(_table([b"false", b"true"], funded.astype(np.int64)))
        note_column = [b""] * n
        for i, note in notes.items():
            note_column[i] = note
        columns.append(note_column)
        columns.append(const(self.policy_tail))
        return _chunks(columns, order)

    def id_lists(self, bits: np.ndarray, rules: list[Rule]) -> list[bytes]:
        """``"a","b"`` for each row's set of rules (bits in ``rules`` order)."""
        inverse, first = _dense(bits)
        table = []
        for b in bits[first].tolist():
            table.append(",".join('"' + r.id + '"' for j, r in enumerate(rules) if b >> j & 1).encode())
        return list(map(table.__getitem__, inverse.tolist()))

    def missing(self, cols: Columns, rules: list[Rule], chosen: np.ndarray, support_names: np.ndarray,
                support_missing: np.ndarray) -> list[bytes]:
        """Each row's blank fields that hold something up: those that hold the decision first, then
        by the points at stake, then by name."""
        n = cols.n
        present = support_names | np.where(chosen >= 0, support_missing, 0)
        holds = present.copy()
        for r in rules:
            if r.kind == "flag":
                continue
            unknown = r.out.status == UNKNOWN
            present |= np.where(unknown, r.out.names, 0)
            if r.kind in ("gate", "exclusion"):
                holds |= np.where(unknown, r.out.names, 0)
        result = [b""] * n
        rows = np.flatnonzero(present)
        if not len(rows):
            return result
        used = int(np.bitwise_or.reduce(present[rows]))
        stakes = []
        for bit_index, name in enumerate(self.by_bit):
            bit = 1 << bit_index
            if not used & bit:
                continue
            total = np.zeros(len(rows))
            for r in rules:
                if r.kind in SCORED_KINDS:
                    names = r.out.names[rows]
                    total += np.where((r.out.status[rows] == UNKNOWN) & (names & bit != 0),
                                      r.out.high[rows] - r.out.low[rows], 0.0)
            stakes.append((bit_index, total))
        # one code per distinct (fields, holding fields, stakes): the order is computed once per code
        key = _dense(present[rows])[0]
        key = _combine(key, _dense(holds[rows])[0])
        for _, total in stakes:
            key = _combine(key, total.astype(np.int64) + 64, 256)
        inverse, first = _dense(key)
        table = []
        for f in first.tolist():
            bits, hold = int(present[rows[f]]), int(holds[rows[f]])
            entries = sorted((not hold >> b & 1, -float(total[f]), self.by_bit[b]) for b, total in stakes if bits >> b & 1)
            table.append(",".join('"' + m + '"' for _, _, m in entries).encode())
        for i, u in zip(rows.tolist(), inverse.tolist()):
            result[i] = table[u]
        return result

    def support_texts(self, has_support: np.ndarray, chosen: np.ndarray, fig: dict[str, np.ndarray],
                      period_key: np.ndarray, supports: list[Any], days: np.ndarray,
                      amount: np.ndarray) -> tuple[list[bytes], list[bytes]]:
        """Each row's support finding (b",{…}" or b"") and support object (or b"null")."""
        n = len(has_support)
        finding, obj = [b""] * n, [b"null"] * n
        rows = np.flatnonzero(has_support)
        if not len(rows):
            return finding, obj
        parts_of: dict[tuple[int, int], tuple[Any, ...]] = {}
        short: dict[int, str] = {}
        full: dict[int, str] = {}
        set_by_names = (b'"requested"', b'"share"', b'"cap"')
        ks, periods = chosen[rows].tolist(), period_key[rows].tolist()
        requested, cost, value = fig["requested"][rows].tolist(), fig["cost"][rows].tolist(), fig["value"][rows].tolist()
        shares, caps, set_by = fig["share_pct"][rows].tolist(), fig["cap"][rows].tolist(), fig["set_by"][rows].tolist()
        amounts = amount[rows].tolist()
        for j, i in enumerate(rows.tolist()):
            key = (ks[j], periods[j])
            parts = parts_of.get(key)
            if parts is None:
                sup = supports[ks[j]]
                share_values = self.words.parameters[sup.share]
                share_info = share_values[int(_period(share_values, days[i:i + 1])[0])]
                cap_info = None
                if sup.cap is not None:
                    cap_values = self.words.parameters[sup.cap]
                    cap_info = cap_values[int(_period(cap_values, days[i:i + 1])[0])]
                unconfirmed = share_info.unconfirmed or (cap_info is not None and cap_info.unconfirmed)
                tail = "; tức là "
                middle = f"{number(shares[j])}% × "
                cap_text = f", trần {short_money(caps[j])} theo {cap_info.cite_short}" if cap_info is not None else ""
                parts = parts_of[key] = (
                    ('{"rule":"' + sup.id + '","kind":"support","status":"recommended","text":').encode(),
                    ('{"rule": "' + sup.id + '", "amount_vnd": ').encode(),
                    (', "share_pct": ' + str(shares[j]) + ', "cap_vnd": ' + (str(caps[j]) if cap_info else "null")
                     + ', "set_by": ').encode(),
                    (', "unconfirmed": ' + ("true" if unconfirmed else "false") + ', "text": ').encode(),
                    "Mức hỗ trợ đề xuất: mức thấp nhất trong: đề nghị ", middle, cap_text + tail,
                    " (mức trần/tỷ lệ chưa được xác minh với văn bản gốc)" if unconfirmed else "")
            r, c, v = requested[j], cost[j], value[j]
            rs = short.get(r)
            if rs is None:
                rs = short[r] = short_money(r)
            cs = short.get(c)
            if cs is None:
                cs = short[c] = short_money(c)
            vs = full.get(v)
            if vs is None:
                vs = full[v] = money(v)
            quoted = b'"' + (parts[4] + rs + ", " + parts[5] + cs + parts[6] + vs + parts[7]).encode() + b'"'  # plain
            finding[i] = b"," + parts[0] + quoted + b"}"
            obj[i] = b"".join((parts[1], b"%d" % amounts[j], b', "requested_vnd": ', b"%d" % r, b', "cost_vnd": ',
                               b"%d" % c, parts[2], set_by_names[set_by[j]], parts[3], quoted, b"}"))
        return finding, obj


CHUNK = 8192  # lines joined and written at a time


def _chunks(columns: list[list[bytes] | bytes], order: np.ndarray) -> Iterator[bytes]:
    """The lines in report order: each column put in that order once (a numpy take), the pieces
    that are the same in every row merged with their neighbours, then rows joined a chunk at a
    time, so the whole output is never held."""
    merged: list[list[bytes] | bytes] = []
    for column in columns:
        if isinstance(column, bytes) and merged and isinstance(merged[-1], bytes):
            merged[-1] = merged[-1] + column
        elif isinstance(column, bytes):
            merged.append(column)
        else:
            merged.append(_objects(column)[order].tolist())
    del columns[:]
    lines = zip(*(itertools.repeat(c) if isinstance(c, bytes) else c for c in merged))
    for _ in range(0, len(order), CHUNK):
        yield b"".join(map(b"".join, itertools.islice(lines, CHUNK)))


def _objects(pieces: list[bytes]) -> np.ndarray:
    out = np.empty(len(pieces), dtype=object)
    out[:] = pieces
    return out


_ESCAPED = re.compile(r'[\x00-\x1f"\\]')


def _quoted(texts: list[str]) -> list[bytes]:
    """Each text as a JSON string. orjson's own bytes keep a large buffer each, so plain texts
    (checked once, all joined) are quoted by hand."""
    if _ESCAPED.search("".join(texts)):
        return [bytes(orjson.dumps(t)) for t in texts]
    return [b'"' + t.encode() + b'"' for t in texts]


def _bits(masks: list[np.ndarray]) -> np.ndarray:
    out = np.zeros(len(masks[0]), dtype=np.int64)
    for j, mask in enumerate(masks):
        out |= mask.astype(np.int64) << j
    return out


def _table(pieces: list[bytes], index: np.ndarray) -> list[bytes]:
    return list(map(pieces.__getitem__, index.tolist()))


def _numbers(values: np.ndarray) -> list[bytes]:
    """Scores in JSON, each distinct value written once."""
    unique, inverse = np.unique(values, return_inverse=True)
    return _table([jnum(float(v)).encode() for v in unique.tolist()], inverse.reshape(-1))


def _report_order(cols: Columns, by_id: dict[str, Rule], decision: np.ndarray, score: np.ndarray,
                  provisional: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The report order (eligible by rank, incomplete by provisional score then id, ineligible by
    id), the eligible rows in rank order, and each row's rank (0: none). The statutory rank: area
    points, group 6.2.b points, group 6.2.a points, score, the tie-breaks of the pack, the
    submission date (blank last), the id."""
    n = cols.n
    eligible = np.flatnonzero(decision == 0)
    keys: list[np.ndarray] = []  # most significant first
    for group in PRIORITY:
        total = np.zeros(len(eligible))
        for rule_id in group:
            total = total + by_id[rule_id].out.low[eligible]
        keys.append(-total)
    keys.append(-score[eligible])
    for rule_id in TIE_CRITERIA:
        keys.append(-by_id[rule_id].out.low[eligible])
    prior = cols.num["prior_projects_completed"][eligible]  # descending, blank last
    keys.append(np.isnan(prior))
    keys.append(-np.nan_to_num(prior))
    keys.append(np.where(cols.day[eligible] >= 0, cols.day[eligible], dt.date.max.toordinal()))
    id_rank = np.empty(n, dtype=np.int64)
    id_rank[np.argsort(np.array(cols.raw["id"], dtype=object), kind="stable")] = np.arange(n)
    keys.append(id_rank[eligible])
    ranked = eligible[np.lexsort(keys[::-1])]
    rank = np.zeros(n, dtype=np.int64)
    rank[ranked] = np.arange(1, len(ranked) + 1)
    incomplete = np.flatnonzero(decision == 2)
    incomplete = incomplete[np.lexsort((id_rank[incomplete], -provisional[incomplete]))]
    ineligible = np.flatnonzero(decision == 1)
    ineligible = ineligible[np.argsort(id_rank[ineligible], kind="stable")]
    return np.concatenate([ranked, incomplete, ineligible]), ranked, rank


def _fund(ranked: np.ndarray, needs: np.ndarray, n: int) -> tuple[np.ndarray, dict[int, bytes]]:
    """Fund down the ranking within the budget, passing over one that does not fit (the pack's
    ``when_not_fit: skip``): who is funded, and the funding note of each eligible row that is not."""
    funded = np.zeros(n, dtype=bool)
    notes: dict[int, bytes] = {}
    left = BUDGET
    for i, need in zip(ranked.tolist(), needs.tolist()):
        if 0 < need <= left:
            funded[i] = True
            left -= need
        elif need <= 0:
            notes[i] = (',"funding_note":' + quote("không có mức hỗ trợ đề xuất")).encode()
        else:
            notes[i] = (',"funding_note":' + quote(f"không đủ kinh phí còn lại: cần {money(need)}, "
                                                   f"chỉ còn {money(left)}")).encode()
    return funded, notes


def _applies_field(rule_id: str) -> str:
    return "support_content"  # the one field every `applies:` of the default pack's scored rules reads


def _all_templates(spec: dict[str, Any]) -> str:
    """Every sentence of a rule, joined, to find the fields they read."""
    texts = []
    for key in ("says", "fails", "reason"):
        if spec.get(key):
            texts.append(handpack.vi(spec[key]))
    for entry in spec.get("bands") or spec.get("sum") or []:
        if isinstance(entry, dict) and entry.get("says"):
            texts.append(handpack.vi(entry["says"]))
    return " ".join(texts)


def _dense(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Small codes 0..m-1 for the distinct values of ``key`` (≥ 0), and the first row of each."""
    n = len(key)
    if n and int(key.max()) < 16 * n + 65536:  # counting, no sort
        seen = np.zeros(int(key.max()) + 1, dtype=bool)
        seen[key] = True
        remap = np.cumsum(seen) - 1
        inverse = remap[key]
        first = np.empty(int(seen.sum()), dtype=np.int64)
        first[inverse[::-1]] = np.arange(n - 1, -1, -1)  # the last write, the smallest row, wins
        return inverse, first
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return inverse.reshape(-1), first


def _combine(key: np.ndarray, column: np.ndarray, width: int | None = None) -> np.ndarray:
    """``key`` and ``column`` (both ≥ 0) as one code, made dense again when it grows large."""
    if width is None:
        width = int(column.max()) + 1 if len(column) else 1
    out = key * width + column
    if len(out) and int(out.max()) > 1 << 40:
        out = _dense(out)[0]
    return out


def _value_codes(cols: Columns, name: str) -> np.ndarray:
    """A small integer per distinct value of a field (blank included)."""
    if name in cols.num:
        x = np.where(cols.null[name], -np.inf, cols.num[name])
        return np.unique(x, return_inverse=True)[1].reshape(-1)
    if name in cols.code:
        return cols.code[name].astype(np.int64)
    if name in cols.flag:
        return cols.flag[name].astype(np.int64) + 2 * cols.null[name]
    values = cols.raw[name]
    index: dict[Any, int] = {}
    return np.array([index.setdefault(v, len(index)) for v in values], dtype=np.int64)


def _period(values: list[handpack.Dated], days: np.ndarray) -> np.ndarray:
    """Which dated value is in force on each day (the last one started on or before it)."""
    starts = np.array([v.start.toordinal() - EPOCH for v in values])
    at = np.searchsorted(starts, days, side="right") - 1
    if (at < 0).any():
        raise NotClean("an applicant's date is before every dated value of a share or cap (kcscore reports that row)")
    return at


def _scores(earned: np.ndarray, taken: np.ndarray, applicable_max: np.ndarray) -> np.ndarray:
    """Earned points scaled to the full maximum where some rule does not apply (rounded to 2
    decimals as Python rounds), penalties added, clipped to the scale."""
    earned = earned.copy()
    rows = np.flatnonzero((applicable_max > 0.0) & (applicable_max < FULL_MAX))
    if len(rows):
        pairs = np.stack([earned[rows], applicable_max[rows]], axis=1)
        unique, inverse = np.unique(pairs, axis=0, return_inverse=True)
        scaled = np.array([round(e * FULL_MAX / m, 2) for e, m in unique.tolist()])
        earned[rows] = scaled[inverse.reshape(-1)]
    return np.clip(earned + taken, 0.0, MAX_SCORE)


def write(chunks: Iterator[bytes], out: Path) -> None:
    with out.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)


VECTORISE_ABOVE = 2000  # kcscore's large-list threshold (``batch.run.VECTORISE_ABOVE``)


def kcscore_output(src: Path, folder: Path) -> Path:
    """kcscore's output of the same list, made now with the same options.

    A list of at most ``VECTORISE_ABOVE`` rows is an officer-sized list, which kcscore assesses
    one applicant at a time and writes with every finding; ``--engine vectorised`` asks for the
    large-list route the floor writes, so that a small list can check the floor quickly."""
    out = folder / "kcscore.jsonl"
    exe = Path(sys.executable).parent / "kcscore"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "kcscore"]
    cmd += ["rank", str(src), "--budget", "1,129 tỷ", "--out", str(out), "--no-progress"]
    with src.open("rb") as handle:
        small = sum(1 for _ in handle) <= VECTORISE_ABOVE
    done = subprocess.run(cmd + (["--engine", "vectorised"] if small else []), stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    if done.returncode:
        raise SystemExit(f"kcscore rank failed ({done.returncode}): {done.stderr.decode(errors='replace')[-2000:]}")
    return out


def compare(mine: Path, theirs: Path) -> tuple[bool, str]:
    """Whether the two files hold the same bytes; if not, how many lines match and the first that differs."""
    a, b = mine.read_bytes(), theirs.read_bytes()
    if a == b:
        return True, f"same bytes ({a.count(NEWLINE)} lines)"
    la, lb = a.split(b"\n"), b.split(b"\n")
    same = sum(1 for x, y in zip(la, lb) if x == y)
    first = next((k for k, (x, y) in enumerate(zip(la, lb)) if x != y), min(len(la), len(lb)))
    x = la[first] if first < len(la) else b"(none)"
    y = lb[first] if first < len(lb) else b"(none)"
    cut = next((k for k, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
    start = max(0, cut - 120)
    return False, (f"bytes differ: {same} of {len(lb) - 1} lines match; first difference at line {first + 1}, "
                   f"byte {cut}:\n  floor:   …{x[start:cut + 200].decode(errors='replace')}\n"
                   f"  kcscore: …{y[start:cut + 200].decode(errors='replace')}")


def _cpu() -> float:
    """User + system seconds of this process and its finished children (the reading child)."""
    t = os.times()
    return t[0] + t[1] + t[2] + t[3]


PHASES: list[list[tuple[str, float, float]]] = [[]]  # the last measured run's phases


def measure(src: Path, out: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds (this process) of the floor on ``src``, written to ``out``; the lines."""
    floor = Floor()  # the pack's words and hash: before the clock
    wall, before = time.perf_counter(), os.times()
    write(floor.run(src), out)
    floor.phases.append(("lines and write", time.perf_counter(), _cpu()))
    count = floor.count
    PHASES[0] = floor.phases
    after = os.times()
    cpu = sum(after[:4]) - sum(before[:4])  # user + system, this process and the reading child
    return time.perf_counter() - wall, cpu, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("list", type=Path)
    parser.add_argument("--out", type=Path, help="where to write the floor's lines (default: a temporary file)")
    parser.add_argument("--check", nargs="?", const="run", default=None, metavar="KCSCORE_OUT",
                        help="compare the bytes with kcscore's output of the same list (run now if no file is given)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "handfloor.jsonl"
        try:
            wall, cpu, count = measure(args.list, out)
        except NotClean as exc:
            raise SystemExit(f"the floor reads clean generated lists only: {exc}") from None
        print(f"hand floor: {count} lines, {wall:.2f} s wall, {cpu:.2f} s CPU (two processes while reading)")
        print("  " + "; ".join(f"{name} {t1 - t0:.2f} s wall, {c1 - c0:.2f} s CPU" for (_, t0, c0), (name, t1, c1)
                               in zip(PHASES[0], PHASES[0][1:])))
        if args.check is not None:
            theirs = kcscore_output(args.list, Path(tmp)) if args.check == "run" else Path(args.check)
            same, said = compare(out, theirs)
            print(said)
            sys.stdout.flush()
            os._exit(0 if same else 1)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
