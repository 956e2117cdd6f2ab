"""A bonus: fixed points when its condition holds, where it applies (``points.applicable``)."""

from __future__ import annotations

from kcscore.kinds import points
from kcscore.kinds.base import Kind

outcome, vector = points.where_applicable(points.single, points.single_arrays)


KIND = Kind(
    name="bonus", words=("điểm cộng", "bonus"), order=2, parts=("applies", "when"),
    statuses=("scored", "unknown", "not_applicable"),
    scored=True, earns=True, outcome=outcome, vector=vector, itemised=lambda rule: True,
    says_no=True,
)
