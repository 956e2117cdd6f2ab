"""Order eligible applicants by the pack's declared order, never by input order.

Score first (higher first), then the pack's tie-breaks (criterion points or field values), then
the earlier submission date, then the application id. Blank tie-break values sort last. Because
the key never looks at row position, shuffling the input cannot change a rank.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kcscore.assess.result import Assessment
from kcscore.policy.ir import Policy

_FAR_FUTURE = dt.date.max


def _descending(value: float | int | None) -> tuple[int, float]:
    return (1, 0.0) if value is None else (0, -float(value))


def _ascending(value: float | int | None) -> tuple[int, float]:
    return (1, 0.0) if value is None else (0, float(value))


def key_parts(policy: Policy, score: float, tie_values: list[Any], submitted_on: dt.date | None,
              applicant_id: str) -> tuple[Any, ...]:
    """The sort key of one eligible applicant: lower sorts first."""
    parts: list[Any] = [-round(score, 9)]
    for tie, value in zip(policy.meta.ranking.tie_breaks, tie_values):
        parts.append(_descending(value) if tie.order == "desc" else _ascending(value))
    parts.append(submitted_on or _FAR_FUTURE)
    parts.append(applicant_id)
    return tuple(parts)


def sort_key(policy: Policy, a: Assessment) -> tuple[Any, ...]:
    values = [a.points_of(tie.criterion) if tie.criterion else a.record.get(tie.field or "")
              for tie in policy.meta.ranking.tie_breaks]
    return key_parts(policy, a.score, values, a.submitted_on, a.id)


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
