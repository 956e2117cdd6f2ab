"""The as-of date as a name conditions can read: ``as_of``.

The day a pack is applied on is the ``--as-of`` option, else the applicant's ``submitted_on``, else
today (``as_of_day``), the same day that picks a dated cap. A condition that reads ``as_of`` sees it
as one more date in the applicant's record (``with_as_of``), so every evaluator (the reference,
durable-rules and the vectorised one) reads it the way it reads ``submitted_on``, and it is never
blank. A pack that declares a field of its own called ``as_of`` keeps it: the name is then that
field, as it always was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kcscore.expr import ast as A
from kcscore.expr.types import FieldType

if TYPE_CHECKING:
    from kcscore.policy.ir import Policy

AS_OF = "as_of"
AS_OF_TYPE = FieldType("date")


def condition_types(field_types: dict[str, FieldType]) -> dict[str, FieldType]:
    """The pack's field types plus the built-in ``as_of`` (unless the pack declares that name)."""
    if AS_OF in field_types:
        return field_types
    return {**field_types, AS_OF: AS_OF_TYPE}


def as_of_day(as_of: dt.date | None, record: Mapping[str, Any], today: dt.date | None = None) -> dt.date:
    """The day the pack is applied on for this applicant: option, else submission date, else today."""
    return as_of or record.get("submitted_on") or today or dt.date.today()


def uses_as_of(policy: Policy) -> bool:
    """Whether a condition reads the built-in ``as_of`` (computed once per loaded pack)."""
    found = policy.__dict__.get("_uses_as_of")
    if found is None:
        found = AS_OF not in policy.fields and any(AS_OF in A.fields_of(node) for node in policy.conditions)
        policy.__dict__["_uses_as_of"] = found
    return found


def with_as_of(policy: Policy, record: Mapping[str, Any], day: dt.date) -> Mapping[str, Any]:
    """The record as conditions see it: with ``as_of`` set to ``day`` when the pack reads it."""
    if not uses_as_of(policy):
        return record
    return {**record, AS_OF: day}
