"""A hand-vectorised floor of ``kcscore rank LIST --budget "1,129 tỷ" --out OUT.jsonl``, for the
default pack only (``rules/bac-kan`` on ``rules/national``).

The same work as kcscore, written by hand for one pack and one output: read a generated JSON Lines
list with orjson into numpy columns (``handread``), evaluate every rule of the pack as array
expressions (``handrules``, ``handlogic``: gates, exclusions, criteria and bands, bonuses, the
penalty, flags, the choice of support rule), compute the scores, the support amounts with their
shares and caps in force, the statutory ranking order and the budget line, and write exactly
kcscore's bytes, each line joined from cached sentence fragments (``handlines``, ``handwords``). The pack's
sentences, titles, labels and dated values are read from its YAML files before the clock starts
(``handpack``); none of kcscore's assessment, wording or engine is imported.

It is a benchmark, not a second implementation: it reads clean lists only (every cell of its
field's JSON type, or null) and refuses any other, and it follows the default pack as it was
written; ``--check`` compares its bytes with kcscore's output of the same list and prints the
first line that differs. Two processes while reading (a forked child parses the second half of
the file) and while writing (a forked child joins and writes the second half of the report), one
in between: numpy does the evaluation, and the lines are joined a chunk at a time.

    python -m benchmarks.handfloor LIST.jsonl [--out OUT.jsonl] [--check [KCSCORE_OUT.jsonl]]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import handpack
from benchmarks.handlines import Lines, LineWriter, in_force
from benchmarks.handlogic import FAIL, NOT_APPLICABLE, UNKNOWN
from benchmarks.handread import Columns, NotClean, read
from benchmarks.handrules import EPOCH, Conditions, Rule, choose_support, evaluate
from benchmarks.handwords import money, quote

NEWLINE = b"\n"
BUDGET = 1_129_000_000  # "1,129 tỷ"
FULL_MAX = 100.0  # the maxima of the pack's criteria and bonuses, added up
MAX_SCORE = 100.0
PRIORITY = (("area_priority",), ("local_raw_material", "labour_intensive", "export_market", "recognised_product"),
            ("trade_priority",))
TIE_CRITERIA = ("area_priority", "local_raw_material", "recognised_product", "trade_priority")


class Floor:
    """What is read before the clock: the pack's words, the field bits, the pack's hash."""

    def __init__(self) -> None:
        self.words = handpack.load()
        self.fields = self.words.fields
        self.bits = {name: 1 << i for i, name in enumerate(sorted(self.fields))}
        from kcscore.policy.layers import pack_hashes  # the pack's identity only, no assessment

        sha = pack_hashes(handpack.PACK)[0]
        policy = self.words.policy
        self.policy_tail = (',"policy":{"id": ' + quote(policy["id"]) + ', "version": ' + quote(str(policy["version"]))
                            + ', "sha256": ' + quote(sha) + "}}\n").encode()
        self.today = dt.date.today()
        self.writer = LineWriter(self.words, self.policy_tail)
        self.count = 0  # lines of the last run
        self.phases: list[tuple[str, float, float]] = []  # (phase, wall clock, CPU) at the end of each

    def run(self, path: Path, processes: int = 2) -> Lines:
        """kcscore's output for the list at ``path``, ready to be written in report order."""
        self.phases = [("start", time.perf_counter(), _cpu())]
        cols = read(path, self.fields, processes)
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
        _best_upper(upper, [r.out for r in rules if r.kind in ("criterion", "bonus")], taken_high)
        decision = np.where(refused, 1, np.where(undecided, 2, 0)).astype(np.int8)

        fig = self.support_figures(cols, c, supports, chosen, days)
        decision = np.where((decision == 0) & (chosen >= 0) & ~fig["has"], 2, decision).astype(np.int8)
        amount = np.where(fig["has"] & (decision == 0), fig["value"], 0)
        score = np.where(decision == 0, provisional, 0.0)
        order, ranked, rank = _report_order(cols, by_id, decision, score, provisional)
        funded, notes = _fund(ranked, amount[ranked], n)
        self.phases.append(("assess, rank, fund", time.perf_counter(), _cpu()))
        return self.writer.lines(cols, rules, order, decision, score, provisional, upper, rank, amount, fig["has"],
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
            share_period = in_force(self.words.parameters[sup.share], days[ok])
            share_pct[ok] = [self.words.parameters[sup.share][p].value for p in share_period]
            period[ok] = share_period * 64
            if sup.cap is not None:
                cap_period = in_force(self.words.parameters[sup.cap], days[ok])
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


def _best_upper(upper: np.ndarray, earning: list[Any], taken: np.ndarray) -> None:
    """The upper score of the rows where a criterion or bonus may not apply (its ``applies`` reads
    a blank): the highest scaled points over the choices of which of those apply, tried in order of
    points per point of maximum, as kcscore's ``assess.scale.best_scaled`` chooses; once per
    distinct pattern of points and states (written in place into ``upper``)."""
    open_any = np.zeros(len(upper), dtype=bool)
    for out in earning:
        if out.may_not_apply is not None:
            open_any |= out.may_not_apply
    rows = np.flatnonzero(open_any)
    if not len(rows):
        return
    points = np.stack([out.high[rows].astype(np.float64) for out in earning], axis=1)
    states = np.stack([np.where(out.status[rows] == NOT_APPLICABLE, 0,  # 0 not applicable, 1 applies, 2 may not
                                np.where(out.may_not_apply[rows], 2, 1) if out.may_not_apply is not None else 1)
                       for out in earning], axis=1).astype(np.int64)
    patterns, where = np.unique(np.concatenate([points.view(np.int64), states], axis=1), axis=0, return_inverse=True)
    maxima = [out.max_points for out in earning]
    width = len(earning)
    values = []
    for pattern in patterns:
        most, state = pattern[:width].view(np.float64).tolist(), pattern[width:].tolist()
        optional = sorted((i for i, s in enumerate(state) if s == 2), key=lambda i: (
            -(most[i] / maxima[i]) if maxima[i] > 0 else (-np.inf if most[i] > 0 else np.inf), i))
        chosen = [s == 1 for s in state]
        best = -np.inf
        for step in range(len(optional) + 1):
            if step:
                chosen[optional[step - 1]] = True
            earned = possible = 0.0
            for i, applies in enumerate(chosen):
                if applies:
                    earned += most[i]
                    possible += maxima[i]
            best = max(best, round(earned * FULL_MAX / possible, 2) if 0.0 < possible < FULL_MAX else earned)
        values.append(best)
    upper[rows] = np.clip(np.array(values)[where.reshape(-1)] + taken[rows], 0.0, MAX_SCORE)


def write(lines: Lines, out: Path, processes: int = 2) -> None:
    lines.write(out, processes)


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


def measure(src: Path, out: Path, processes: int = 2) -> tuple[float, float, int]:
    """Wall and CPU seconds (this process) of the floor on ``src``, written to ``out``; the lines."""
    floor = Floor()  # the pack's words and hash: before the clock
    wall, before = time.perf_counter(), os.times()
    write(floor.run(src, processes), out, processes)
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
    parser.add_argument("--processes", type=int, default=2, choices=[1, 2],
                        help="processes while reading and writing (default 2)")
    args = parser.parse_args()
    same = True
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "handfloor.jsonl"
        try:
            wall, cpu, count = measure(args.list, out, args.processes)
        except NotClean as exc:
            raise SystemExit(f"the floor reads clean generated lists only: {exc}") from None
        how = "two processes while reading and writing" if args.processes == 2 else "one process"
        print(f"hand floor: {count} lines, {wall:.2f} s wall, {cpu:.2f} s CPU ({how})")
        print("  " + "; ".join(f"{name} {t1 - t0:.2f} s wall, {c1 - c0:.2f} s CPU" for (_, t0, c0), (name, t1, c1)
                               in zip(PHASES[0], PHASES[0][1:])))
        if args.check is not None:
            theirs = kcscore_output(args.list, Path(tmp)) if args.check == "run" else Path(args.check)
            same, said = compare(out, theirs)
            print(said)
    sys.stdout.flush()
    os._exit(0 if same else 1)  # the columns and lines need no freeing


if __name__ == "__main__":
    main()
