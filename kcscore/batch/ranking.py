"""Order eligible applicants by the pack's declared order, never by input order.

In ``merit`` mode: score first (higher first), then the pack's tie-breaks (criterion points or
field values), then the earlier submission date, then the application id. Blank tie-break values
sort last. In ``statutory`` mode the points of each priority group come first, in the order the
pack lists them (Circular 46/2012 Art. 6.3: area, then trade group 6.2.b, then 6.2.a), and the
merit order follows. Because the key never looks at row position, shuffling the input cannot
change a rank. The columnar path for large lists (``batch.fast``) sorts on the same keys, taking
the groups from ``priority_rules``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from kcscore.assess.result import Assessment
from kcscore.policy.ir import Policy

_FAR_FUTURE = dt.date.max


def _descending(value: float | int | None) -> tuple[int, float]:
    return (1, 0.0) if value is None else (0, -float(value))


def _ascending(value: float | int | None) -> tuple[int, float]:
    return (1, 0.0) if value is None else (0, float(value))


def priority_rules(policy: Policy) -> list[tuple[str, ...]]:
    """For each priority group of a statutory pack, in order, the scored rules it adds up (none in
    merit mode)."""
    return [tuple(r.id for r in policy.scored_rules if getattr(r.spec, "group", None) == group)
            for group in policy.meta.ranking.priority]


def priority_points(policy: Policy, points_of: Callable[[str], float | None]) -> list[float]:
    """The points of one applicant in each priority group, added in rule order."""
    return [sum(points_of(rule) or 0.0 for rule in rules) for rules in priority_rules(policy)]


def key_parts(policy: Policy, score: float, tie_values: list[Any], submitted_on: dt.date | None,
              applicant_id: str, priorities: Sequence[float] = ()) -> tuple[Any, ...]:
    """The sort key of one eligible applicant: lower sorts first. ``priorities`` are the points of
    each priority group (``priority_points``), required in statutory mode."""
    if len(priorities) != len(policy.meta.ranking.priority):
        raise ValueError(f"{len(policy.meta.ranking.priority)} priority groups, {len(priorities)} values given")
    parts: list[Any] = [-round(value, 9) for value in priorities]
    parts.append(-round(score, 9))
    for tie, value in zip(policy.meta.ranking.tie_breaks, tie_values):
        parts.append(_descending(value) if tie.order == "desc" else _ascending(value))
    parts.append(submitted_on or _FAR_FUTURE)
    parts.append(applicant_id)
    return tuple(parts)


def sort_key(policy: Policy, a: Assessment) -> tuple[Any, ...]:
    values = [a.points_of(tie.criterion) if tie.criterion else a.record.get(tie.field or "")
              for tie in policy.meta.ranking.tie_breaks]
    return key_parts(policy, a.score, values, a.submitted_on, a.id, priority_points(policy, a.points_of))


def rank(policy: Policy, assessments: list[Assessment]) -> list[Assessment]:
    """Assign 1-based ranks to eligible applicants; return all in report order.

    Report order: eligible by rank, then incomplete by provisional score, then ineligible by id.
    """
    eligible = sorted((a for a in assessments if a.decision == "eligible"), key=lambda a: sort_key(policy, a))
    for position, a in enumerate(eligible, start=1):
        a.rank = position
    incomplete = sorted((a for a in assessments if a.decision == "incomplete"),
                        key=lambda a: (-a.provisional_score, a.id))
    ineligible = sorted((a for a in assessments if a.decision == "ineligible"), key=lambda a: a.id)
    for a in incomplete + ineligible:
        a.rank = None
    return eligible + incomplete + ineligible
