"""Catch a test case whose name states a number of points its own ``expect`` contradicts.

Names are what a reader trusts when a case fails ("zone II gives 6"), so a stale number in a name
misleads silently. The rule is deliberately narrow, to raise no false alarm: only a number that
plainly states points — "gives N", "(N)", "earns N points", "được N điểm" — in a case that expects
the points of at least one rule. The number holds if it equals one of those points (sign ignored,
since a penalty of −6 is written "(−6)" or "costs 6"), their sum, or the expected total score.
Numbers in any other place ("65 % local material", "60 workers", "(8 + 4 = 12)", "the 2 points
lost", "highland would give 12") are never judged.
"""

from __future__ import annotations

import re

from kcscore.policy.model import Expect

_NUMBER = r"[-−]?\d+(?:[.,]\d+)?"
STATED = re.compile(
    rf"(?<!would )\bgives?\s+(?P<gives>{_NUMBER})(?![\d.,]*\s*%)"
    rf"|\((?P<paren>{_NUMBER})\)"
    rf"|\b(?:earns?|gets?|scores?|đạt|được)\s+(?P<unit>{_NUMBER})\s*(?:points?|điểm)\b",
    re.IGNORECASE,
)


def _value(text: str) -> float:
    return float(text.replace("−", "-").replace(",", "."))


def stated_points(name: str) -> list[float]:
    """The numbers a case name states as points, in order."""
    return [_value(next(g for g in m.groups() if g is not None)) for m in STATED.finditer(name)]


def contradiction(name: str, expect: Expect) -> tuple[re.Match[str], float] | None:
    """The first statement of points in ``name`` that no expected value explains, and its number."""
    if not expect.points:
        return None
    allowed = {abs(v) for v in expect.points.values()} | {abs(sum(expect.points.values()))}
    if expect.score is not None:
        allowed.add(abs(expect.score))
    for match in STATED.finditer(name):
        number = _value(next(g for g in match.groups() if g is not None))
        if not any(abs(abs(number) - a) < 1e-9 for a in allowed):
            return match, number
    return None


def fmt(value: float) -> str:
    """A number as policy staff write it: 7, not 7.0."""
    return str(int(value)) if float(value).is_integer() else str(value)
