"""Three-valued truth arrays and the ways a rule turns them into outcomes, written by hand for the
hand-vectorised floor (``benchmarks/handfloor.py``).

A truth is int8: 0 false, 1 unknown (a blank the condition needs), 2 true, so Kleene ``and`` is
``minimum``, ``or`` is ``maximum`` and ``not`` is ``2 - x``. Each condition also carries, for
every row, the bits of the blank fields it reads (bit ``i`` is the ``i``-th field in name order):
an unknown finding names exactly those fields, the way kcscore says "thiếu thông tin «…»".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

F, U, T = 0, 1, 2

# statuses of an outcome (one code per row)
SCORED, UNKNOWN, NOT_APPLICABLE = 0, 1, 2
PASS, FAIL, EXEMPT, QUIET = 3, 4, 5, 6  # gates, exclusions (EXCLUDED = FAIL), flags (RAISED = FAIL)


@dataclass
class Cond:
    """A condition for every row: its truth and the blank fields it reads (bits)."""

    truth: np.ndarray
    blank: np.ndarray


def both(a: Cond, b: Cond) -> Cond:
    return Cond(np.minimum(a.truth, b.truth), a.blank | b.blank)


def either(a: Cond, b: Cond) -> Cond:
    return Cond(np.maximum(a.truth, b.truth), a.blank | b.blank)


def truth(mask: np.ndarray, null: np.ndarray) -> np.ndarray:
    """True where ``mask`` holds, unknown where the value is blank, false elsewhere."""
    out = mask.astype(np.int8) * 2
    out[null] = U
    return out


@dataclass
class Outcome:
    """One rule's outcome for every row: status, least and most points, the band decided (-1
    none), the sum items reached (bits), and the blank fields of its unknown conditions (bits)."""

    status: np.ndarray
    low: np.ndarray
    high: np.ndarray
    decided: np.ndarray
    reached: np.ndarray
    names: np.ndarray
    max_points: float = 0.0
    extra: dict[str, np.ndarray] = field(default_factory=dict)
    may_not_apply: np.ndarray | None = None  # rows where whether the rule applies is unknown


def _zeros(n: int) -> np.ndarray:
    return np.zeros(n, dtype=np.float64)


def first_match(bands: list[tuple[Cond | None, float]], n: int) -> Outcome:
    """The first band that holds gives its points; unknown bands before it widen the range."""
    low = np.full(n, np.inf)
    high = np.full(n, -np.inf)
    done = np.zeros(n, dtype=bool)
    decided = np.full(n, -1, dtype=np.int64)
    any_unknown = np.zeros(n, dtype=bool)
    names = np.zeros(n, dtype=np.int64)
    for i, (cond, points) in enumerate(bands):
        live = ~done
        if cond is None:
            hit, maybe = live, np.zeros(n, dtype=bool)
        else:
            hit = live & (cond.truth == T)
            maybe = live & (cond.truth == U)
            names |= np.where(maybe, cond.blank, 0)
        touched = hit | maybe
        low = np.where(touched, np.minimum(low, points), low)
        high = np.where(touched, np.maximum(high, points), high)
        decided[hit] = i
        any_unknown |= maybe
        done |= hit
    if not (done | any_unknown).all():
        raise SystemExit("the floor expects every band table of the default pack to reach a band")
    low = np.where(done, low, np.minimum(low, 0.0))  # no band sure to hold: it may fall in none, worth 0
    high = np.where(done, high, np.maximum(high, 0.0))
    status = np.where(any_unknown, UNKNOWN, SCORED).astype(np.int8)
    decided[any_unknown] = -1
    return Outcome(status, low, high, decided, np.zeros(n, dtype=np.int64), names,
                   max(points for _, points in bands))


def sum_items(items: list[tuple[Cond, float]], cap: float, n: int) -> Outcome:
    """Every item that holds adds its points, up to ``cap``; unknown items widen the range."""
    low, high = _zeros(n), _zeros(n)
    reached = np.zeros(n, dtype=np.int64)
    names = np.zeros(n, dtype=np.int64)
    any_unknown = np.zeros(n, dtype=bool)
    for i, (cond, points) in enumerate(items):
        yes = cond.truth == T
        maybe = cond.truth == U
        reached |= np.where(yes, 1 << i, 0)
        low += np.where(yes, points, 0.0) + np.where(maybe & (points <= 0), points, 0.0)
        high += np.where(yes, points, 0.0) + np.where(maybe & (points > 0), points, 0.0)
        names |= np.where(maybe, cond.blank, 0)
        any_unknown |= maybe
    low, high = np.minimum(low, cap), np.minimum(high, cap)
    status = np.where(any_unknown, UNKNOWN, SCORED).astype(np.int8)
    return Outcome(status, low, high, np.full(n, -1, dtype=np.int64), reached, names,
                   min(sum(p for _, p in items if p > 0), cap))


def single(cond: Cond, points: float, n: int) -> Outcome:
    """A bonus: its points when the condition holds, none when it does not."""
    yes, maybe = cond.truth == T, cond.truth == U
    low = np.where(yes, points, np.where(maybe, min(0.0, points), 0.0)).astype(np.float64)
    high = np.where(yes, points, np.where(maybe, max(0.0, points), 0.0)).astype(np.float64)
    status = np.where(maybe, UNKNOWN, SCORED).astype(np.int8)
    decided = np.where(yes, 0, -1).astype(np.int64)
    return Outcome(status, low, high, decided, yes.astype(np.int64), np.where(maybe, cond.blank, 0), points)


def applicable(applies: Cond, inner: Outcome) -> Outcome:
    """``inner`` where the rule applies; not applicable (0 points, out of the maximum) where it
    does not; unknown, between 0 and the inner range, where that cannot be told."""
    no, maybe = applies.truth == F, applies.truth == U
    inner.low = np.where(no, 0.0, np.where(maybe, np.minimum(inner.low, 0.0), inner.low))
    inner.high = np.where(no, 0.0, np.where(maybe, np.maximum(inner.high, 0.0), inner.high))
    inner.status = np.where(no, NOT_APPLICABLE, np.where(maybe, UNKNOWN, inner.status)).astype(np.int8)
    inner.decided = np.where(no | maybe, -1, inner.decided)
    inner.reached = np.where(no, 0, inner.reached)
    inner.names = np.where(no, 0, inner.names | np.where(maybe, applies.blank, 0))
    inner.may_not_apply = maybe
    return inner


def _parts_names(parts: list[Cond]) -> np.ndarray:
    names = np.zeros(len(parts[0].truth), dtype=np.int64)
    for part in parts:
        names |= np.where(part.truth == U, part.blank, 0)
    return names


def _settled(verdict: np.ndarray, yes: int, no: int, parts: list[Cond]) -> Outcome:
    n = len(verdict)
    status = np.where(verdict == T, yes, np.where(verdict == F, no, UNKNOWN)).astype(np.int8)
    names = np.where(status == UNKNOWN, _parts_names(parts), 0)
    zeros = _zeros(n)
    return Outcome(status, zeros, zeros, np.full(n, -1, dtype=np.int64), np.zeros(n, dtype=np.int64), names)


def gate(require: Cond, applies: Cond | None = None, exempt: Cond | None = None) -> Outcome:
    """Met (quiet), failed, exempt, not applicable (quiet) or unknown."""
    n = len(require.truth)
    a = applies.truth if applies is not None else np.full(n, T, dtype=np.int8)
    e = exempt.truth if exempt is not None else np.full(n, F, dtype=np.int8)
    verdict = np.maximum(np.maximum(2 - a, e), require.truth)
    parts = [c for c in (applies, require, exempt) if c is not None]
    out = _settled(verdict, QUIET, FAIL, parts)
    out.status = np.where(e == T, EXEMPT, out.status).astype(np.int8)
    out.status = np.where(a == F, QUIET, out.status).astype(np.int8)
    out.names = np.where(out.status == UNKNOWN, out.names, 0)
    return out


def exclusion(when: Cond, applies: Cond | None = None, exempt: Cond | None = None) -> Outcome:
    """Excluded (status FAIL), clear (quiet), exempt or unknown."""
    n = len(when.truth)
    a = applies.truth if applies is not None else np.full(n, T, dtype=np.int8)
    e = exempt.truth if exempt is not None else np.full(n, F, dtype=np.int8)
    verdict = np.minimum(np.minimum(a, when.truth), 2 - e)
    parts = [c for c in (applies, when, exempt) if c is not None]
    out = _settled(verdict, FAIL, QUIET, parts)
    out.status = np.where(e == T, EXEMPT, out.status).astype(np.int8)
    out.status = np.where((a == F) | (when.truth == F), QUIET, out.status).astype(np.int8)
    out.names = np.where(out.status == UNKNOWN, out.names, 0)
    return out


def flag(when: Cond) -> Outcome:
    """Raised (status FAIL) or nothing to say (a clear or unknown flag is quiet)."""
    out = _settled(when.truth, FAIL, QUIET, [when])
    out.status = np.where(out.status == UNKNOWN, QUIET, out.status).astype(np.int8)
    out.names = np.zeros(len(when.truth), dtype=np.int64)
    return out
