"""Hypothesis strategies shared by the tests: typed applicants of any pack, placed where rules flip.

An applicant is a typed record as ``kcscore.applicant.read_record`` returns it (ints for integer
and money, floats or whole ints for numbers, floats for percentages, bools, enum ids, text, dates;
None for blank). Numeric fields are drawn mostly at and around every constant the pack's
conditions use with that field: the constant itself, ±0.5, ±1, the next float either side, and
the field's bounds; the rest of the time anywhere in the field's range, or zero (a denominator).

Generators are written once against a small ``Chooser``: driven by Hypothesis (``DrawChooser``,
which shrinks) for single records, or by a seeded ``random.Random`` (``RandomChooser``) for the
large batches, where one Hypothesis draw per value would cost more than the test itself.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeVar

from hypothesis import strategies as st

from kcscore.policy.asof import AS_OF, uses_as_of
from kcscore.expr import ast as A
from kcscore.expr.textmatch import fold
from kcscore.policy.ir import Policy
from kcscore.policy.model import FieldSpec
from kcscore.synthetic import thresholds

T = TypeVar("T")
INTEGRAL = ("integer", "money")
NUMERIC = ("integer", "money", "number", "percent")
DEFAULT_HIGH = {"integer": 1_000.0, "money": 20_000_000_000.0, "number": 1_000.0, "percent": 100.0}
TEXTS = ("", "Nà Làng", "Xã Bằng Thành", "a")
BLANK_RATES = (0, 30, 6, 3)  # blank one field in N (0: none blank)


class Chooser(Protocol):
    def choice(self, options: Sequence[T]) -> T: ...  # shrinks towards the first option
    def integer(self, low: int, high: int) -> int: ...
    def real(self, low: float, high: float) -> float: ...
    def chance(self, percent: int) -> bool: ...  # shrinks towards False


class RandomChooser:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def choice(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def real(self, low: float, high: float) -> float:
        return self.rng.uniform(low, high)

    def chance(self, percent: int) -> bool:
        return self.rng.randrange(100) < percent


class DrawChooser:
    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def choice(self, options: Sequence[T]) -> T:
        return options[self.draw(st.integers(0, len(options) - 1))]

    def integer(self, low: int, high: int) -> int:
        return self.draw(st.integers(low, high))

    def real(self, low: float, high: float) -> float:
        return self.draw(st.floats(low, high, allow_nan=False, allow_infinity=False))

    def chance(self, percent: int) -> bool:
        return self.draw(st.integers(0, 99)) >= 100 - percent


# -- what a pack compares fields with -----------------------------------------------------------

def _children(node: A.Node) -> tuple[A.Node, ...]:
    if isinstance(node, (A.Neg, A.Not)):
        return (node.operand,)
    if isinstance(node, (A.Arith, A.Compare)):
        return (node.left, node.right)
    if isinstance(node, A.In):
        return (node.operand, *node.items)
    if isinstance(node, A.Contains):
        return (node.operand, *node.items)
    if isinstance(node, A.Logic):
        return node.operands
    return ()


def _literals(node: A.Node, out: list[object]) -> None:
    if A.is_literal(node):
        out.append(A.literal_value(node))
    for child in _children(node):
        _literals(child, out)


def constants(policy: Policy) -> dict[str, list[float]]:
    """Per field, the numeric constants of every condition that reads it.

    ``kcscore.synthetic.thresholds`` finds ``field <op> constant``; constants in arithmetic
    (``a + b > 50``) and in ``in`` lists matter as much, so they are added here.
    """
    found: dict[str, set[float]] = {name: set(values) for name, values in thresholds(policy).items()}
    for node in policy.conditions:
        literals: list[object] = []
        _literals(node, literals)
        numbers = {float(v) for v in literals if isinstance(v, (int, float)) and not isinstance(v, bool)}
        for name in A.fields_of(node):
            found.setdefault(name, set()).update(numbers)
    return {name: sorted(values) for name, values in found.items()}


def words(policy: Policy) -> list[str]:
    """Text values worth trying: the string literals of the pack, and a few others; each literal
    also upper-cased, without accents (``contains`` must match those) and inside a longer text."""
    literals: list[object] = []
    for node in policy.conditions:
        _literals(node, literals)
    strings = [v for v in literals if isinstance(v, str)]
    variants = [form for v in strings for form in (v.upper(), fold(v), f"Cơ sở  {v.upper()} xã Nà Làng")]
    return sorted({*TEXTS, *strings, *variants})


def days(policy: Policy) -> list[dt.date]:
    """The date literals of the pack, and the day before and after each: where date rules turn."""
    literals: list[object] = []
    for node in policy.conditions:
        _literals(node, literals)
    found = {d + dt.timedelta(days=k) for d in literals if isinstance(d, dt.date) for k in (-1, 0, 1)}
    return sorted(found)


def a_day(choose: Chooser, near: Sequence[dt.date]) -> dt.date:
    """A date, at a turning point of the pack two times in three."""
    if near and choose.integer(0, 2):
        return choose.choice(list(near))
    return dt.date(2014, 1, 1) + dt.timedelta(days=choose.integer(0, 4700))


# -- one value, one record, one batch ----------------------------------------------------------

def _range(spec: FieldSpec, near: list[float]) -> tuple[float, float]:
    low = spec.min if spec.min is not None else min([-DEFAULT_HIGH[spec.type] / 10, *near])
    high = spec.max if spec.max is not None else max([DEFAULT_HIGH[spec.type], *(abs(c) * 2 for c in near)])
    return low, high


def _inside(spec: FieldSpec, value: float, low: float, high: float) -> bool:
    if value < low or value > high:
        return False
    return not (spec.min_exclusive and spec.min is not None and value <= spec.min)


def number(choose: Chooser, spec: FieldSpec, near: list[float]) -> int | float:
    """A value for a numeric field, within its declared bounds."""
    kind = spec.type
    low, high = _range(spec, near)
    modes = ("near", "near", "near", "any", "bound", "zero") if near else ("any", "bound", "zero")
    mode = choose.choice(modes)
    candidates: list[float] = []
    if mode == "near":
        c = choose.choice(near)
        if kind in INTEGRAL:
            candidates = [math.floor(c), math.ceil(c), math.floor(c) - 1, math.ceil(c) + 1]
        else:
            candidates = [c, c - 1, c + 1, c - 0.5, c + 0.5]
            if c != 0:  # one float either side; around 0 that is a subnormal, which no one writes
                candidates += [math.nextafter(c, -math.inf), math.nextafter(c, math.inf)]
    elif mode == "bound":
        candidates = [v for v in (spec.min, spec.max) if v is not None]
        if spec.min is not None and spec.min_exclusive:
            candidates.append(spec.min + 1 if kind in INTEGRAL else math.nextafter(spec.min, math.inf))
    elif mode == "zero":
        candidates = [0.0]
    candidates = [v for v in candidates if _inside(spec, v, low, high)]
    if candidates:
        value: float = choose.choice(candidates)
    elif kind in INTEGRAL:
        first = math.ceil(low)
        if spec.min_exclusive and first <= low:
            first += 1
        value = choose.integer(first, max(math.floor(high), first))
    else:
        value = choose.real(low, high)
        if spec.min_exclusive and value <= low:
            value = math.nextafter(low, math.inf)
        if kind == "percent" and choose.chance(50):
            rounded = round(value, 1)
            value = rounded if _inside(spec, rounded, low, high) else value
    if kind in INTEGRAL:
        return int(value)
    if kind == "number" and float(value).is_integer() and choose.chance(50):
        return int(value)  # a number written without decimals is read as an int
    return float(value)


def record(choose: Chooser, policy: Policy, near: Mapping[str, list[float]], texts: Sequence[str],
           blank_one_in: int = 6, index: int = 0) -> dict[str, Any]:
    """One typed applicant of ``policy`` (with the as-of date when its conditions read it)."""
    out: dict[str, Any] = {}
    near_days = days(policy)
    for name, spec in policy.fields.items():
        if name == "id":
            out[name] = f"H{index:05d}"
            continue
        if not spec.required and blank_one_in and choose.integer(1, blank_one_in) == 1:
            out[name] = None
            continue
        kind = spec.type
        if kind in NUMERIC:
            out[name] = number(choose, spec, list(near.get(name, [])))
        elif kind == "enum":
            out[name] = choose.choice(list(spec.values))
        elif kind == "boolean":
            out[name] = choose.chance(50)
        elif kind == "date":
            out[name] = a_day(choose, near_days)
        else:
            out[name] = choose.choice(texts)
    if uses_as_of(policy):
        out[AS_OF] = a_day(choose, near_days)  # never blank, as the assessor sets it
    return out


def applicants(policy: Policy, blank_one_in: int | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Single applicants, fully driven (and shrunk) by Hypothesis."""
    near, texts = constants(policy), words(policy)

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        rate = draw(st.sampled_from(BLANK_RATES)) if blank_one_in is None else blank_one_in
        return record(DrawChooser(draw), policy, near, texts, rate)

    return build()


def applicant_batches(policy: Policy, size: int) -> st.SearchStrategy[list[dict[str, Any]]]:
    """``size`` applicants sharing one blank rate: the first drawn (and shrunk) by Hypothesis,
    the others from a seed Hypothesis draws."""
    near, texts = constants(policy), words(policy)

    @st.composite
    def build(draw: st.DrawFn) -> list[dict[str, Any]]:
        rate = draw(st.sampled_from(BLANK_RATES))
        first = record(DrawChooser(draw), policy, near, texts, rate, 0)
        choose = RandomChooser(random.Random(draw(st.integers(0, 2**32 - 1))))
        return [first, *(record(choose, policy, near, texts, rate, i) for i in range(1, size))]

    return build()


# -- cells as offices really type them ---------------------------------------------------------

# Raw JSON cells a reader must type or refuse the same way on every route, by the field's type:
# whole numbers past the magnitude limit and past int64, floats at the edge of their range, numbers
# as text with Vietnamese or English separators, padded text, a boolean or a list where a number is
# due, dates written day-first or impossible, yes/no words, and blank-looking strings.
ODD_NUMBERS: tuple[object, ...] = (
    10**15, 10**15 + 1, -(10**16), 2**63, 2**64 + 7, 1e300, -1e-300, 0.1 + 0.2, -0.0, 1e15, 1.5e15,
    "1.129.000.000", "1,5", "1.5", " 12 ", "12,0", "1 129 000", "1,129 tỷ", "35 triệu", "0,5%", "5%",
    "10000000000000000", "-7", True, [1],
)
ODD_OTHERS: tuple[object, ...] = (
    "abc", "", "  ", "-", "không", "có", "x", "X", " có ", True, False, 0, 1, 2, 1.0, [1], {"a": 1},
    "2019-02-30", "15/05/2018", "2018-5-15", "15-05-2018", "2018", "Không có", 20180515,
)


def odd_cells(choose: Chooser, policy: Policy, record: dict[str, Any], one_in: int) -> dict[str, Any]:
    """``record`` with about one field in ``one_in`` replaced by an odd raw cell (never the id)."""
    out = dict(record)
    for name in record:
        if name in ("id", AS_OF) or choose.integer(1, one_in) != 1:
            continue
        numeric = name in policy.fields and policy.fields[name].type in NUMERIC
        out[name] = choose.choice(ODD_NUMBERS if numeric and choose.chance(80) else ODD_OTHERS)
    return out
