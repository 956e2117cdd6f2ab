"""A bonus: fixed points when its condition holds."""

from __future__ import annotations

from kcscore.kinds import points
from kcscore.kinds.base import Kind

KIND = Kind(
    name="bonus", words=("điểm cộng", "bonus"), order=2, parts=("when",), statuses=("scored", "unknown"),
    scored=True, earns=True, outcome=points.single, vector=points.single_arrays, itemised=lambda rule: True,
    says_no=True,
)
