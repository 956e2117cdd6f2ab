"""kcscore's JSON lines for the hand-vectorised floor (``benchmarks/handfloor.py``), joined from pieces.

Each rule's finding is built once per distinct case (status, band, items reached, points, the
blank fields named) and value, and shared by every row that has it; each part of a line is one
column of byte pieces (or one piece every line shares); the lines are joined in report order a
chunk at a time. The sentences are the pack's (``handpack``) and kcscore's own, written by hand
(``handwords``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from benchmarks import handpack
from benchmarks.handlogic import EXEMPT, FAIL, NOT_APPLICABLE, QUIET, SCORED, UNKNOWN
from benchmarks.handread import Columns, NotClean
from benchmarks.handrules import EPOCH, Rule
from benchmarks.handwords import Sayer, jnum, money, number, quote, short_money

SCORED_KINDS = ("criterion", "bonus", "penalty")
STATUS_NAME = {"gate": {FAIL: "fail", EXEMPT: "exempt", UNKNOWN: "unknown"},
               "exclusion": {FAIL: "excluded", EXEMPT: "exempt", UNKNOWN: "unknown"},
               "flag": {FAIL: "raised"}}
SCORED_NAME = {SCORED: "scored", UNKNOWN: "unknown", NOT_APPLICABLE: "not_applicable"}


class LineWriter:
    """The pack's words, and what is built from them once: the findings of each case, the codes
    of each field's values."""

    def __init__(self, words: handpack.PackWords, policy_tail: bytes) -> None:
        self.words = words
        self.fields = words.fields
        self.say = Sayer(self.fields)
        self.by_bit = sorted(self.fields)  # bit i of a field mask is the i-th field by name
        self.policy_tail = policy_tail
        self._codes: dict[str, np.ndarray] = {}

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
    def lines(self, cols: Columns, rules: list[Rule], order: np.ndarray, decision: np.ndarray, score: np.ndarray,
              provisional: np.ndarray, upper: np.ndarray, rank: np.ndarray, amount: np.ndarray,
              has_support: np.ndarray, chosen: np.ndarray, fig: dict[str, np.ndarray], period_key: np.ndarray,
              supports: list[Any], funded: np.ndarray, notes: dict[int, bytes], days: np.ndarray,
              support_names: np.ndarray, support_missing: np.ndarray) -> Lines:
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
        return Lines(columns, order)

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
                share_info = share_values[int(in_force(share_values, days[i:i + 1])[0])]
                cap_info = None
                if sup.cap is not None:
                    cap_values = self.words.parameters[sup.cap]
                    cap_info = cap_values[int(in_force(cap_values, days[i:i + 1])[0])]
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


class Lines:
    """The columns of every line, ready to be joined in report order and written.

    Pieces that are the same in every row are merged with their neighbours; each other column is
    an object array, put in report order (a numpy take) by whichever process writes those lines.
    With two processes a forked child joins and writes the second half of the report while this
    process writes the first; the child's file is then appended (a kernel copy)."""

    def __init__(self, columns: list[list[bytes] | bytes], order: np.ndarray) -> None:
        self.order = order
        self.columns: list[np.ndarray | bytes] = []
        for column in columns:
            if isinstance(column, bytes) and self.columns and isinstance(self.columns[-1], bytes):
                self.columns[-1] = self.columns[-1] + column
            elif isinstance(column, bytes):
                self.columns.append(column)
            else:
                self.columns.append(_objects(column))
        del columns[:]

    def chunks(self, rows: np.ndarray) -> Iterator[bytes]:
        """The lines of ``rows``, in that order, ``CHUNK`` at a time."""
        ordered = [itertools.repeat(c) if isinstance(c, bytes) else c[rows].tolist() for c in self.columns]
        lines = zip(*ordered)
        for _ in range(0, len(rows), CHUNK):
            yield b"".join(map(b"".join, itertools.islice(lines, CHUNK)))

    def write(self, out: Path, processes: int = 2) -> None:
        n = len(self.order)
        if processes < 2 or n < TWO_WRITERS_FROM:
            _write(self.chunks(self.order), out, "wb")
            return
        half = n // 2
        part = out.with_name(out.name + ".second-half")
        pid = os.fork()
        if pid == 0:  # the child: the second half of the report, then leave without cleaning up
            code = 1
            try:
                _write(self.chunks(self.order[half:]), part, "wb")
                code = 0
            finally:
                os._exit(code)
        try:
            _write(self.chunks(self.order[:half]), out, "wb")
        finally:
            _, status = os.waitpid(pid, 0)
        try:
            if status != 0:
                raise SystemExit("the process writing the second half of the lines failed")
            with out.open("r+b") as target, part.open("rb") as source:
                target.seek(0, os.SEEK_END)
                size = os.fstat(source.fileno()).st_size
                try:
                    copied = 0
                    while copied < size:
                        step = os.copy_file_range(source.fileno(), target.fileno(), size - copied)
                        if step == 0:
                            raise OSError("copy_file_range copied nothing")
                        copied += step
                except OSError:  # another file system, an older kernel: copy through memory
                    source.seek(0)
                    target.seek(0)
                    target.truncate(os.fstat(target.fileno()).st_size - copied)
                    target.seek(0, os.SEEK_END)
                    shutil.copyfileobj(source, target, 1 << 22)
        finally:
            part.unlink(missing_ok=True)


TWO_WRITERS_FROM = 20_000  # lines; below it a second process costs more than it saves


def _write(chunks: Iterator[bytes], path: Path, mode: str) -> None:
    with path.open(mode) as handle:
        for chunk in chunks:
            handle.write(chunk)


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


def in_force(values: list[handpack.Dated], days: np.ndarray) -> np.ndarray:
    """Which dated value is in force on each day (the last one started on or before it)."""
    starts = np.array([v.start.toordinal() - EPOCH for v in values])
    at = np.searchsorted(starts, days, side="right") - 1
    if (at < 0).any():
        raise NotClean("an applicant's date is before every dated value of a share or cap (kcscore reports that row)")
    return at
