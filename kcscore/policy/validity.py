"""A pack's validity period: ``valid_from`` and ``valid_until`` in ``policy.yaml``, both inclusive.

A pack encodes one resolution; applied to an application outside the period that resolution was
in force, it would score it under rules that did not bind it (a 2025 bonus given to a 2019
application). So assessing on an as-of date outside the period is an error for that applicant,
not a warning: a warning scrolls past in a batch of thousands, while an error row names the
applicant and keeps them out of the ranking until someone chooses the right pack or date. Both
ends are inclusive, as the ``until`` of a dated value is. Either end may be left out (open).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from kcscore.i18n import Day, Message
from kcscore.policy.diagnostics import Diagnostic, Pos
from kcscore.policy.ir import ParameterIR

if TYPE_CHECKING:
    from kcscore.policy.model import PolicyMeta


def outside(meta: PolicyMeta, day: dt.date) -> Message | None:
    """Why ``day`` is outside the pack's validity period, or None when it is inside."""
    start, end = meta.valid_from, meta.valid_until
    if (start is None or start <= day) and (end is None or day <= end):
        return None
    return Message("assess.refused.outside_period", {"pack": meta.id, "start": Day(start), "end": Day(end), "day": Day(day)})


def check_period(meta: PolicyMeta, where: Callable[..., Pos]) -> list[Diagnostic]:
    """An end before the start is an error at ``valid_until``."""
    if meta.valid_from is not None and meta.valid_until is not None and meta.valid_until < meta.valid_from:
        return [Diagnostic.error("K054", where("valid_until"),
                                 problem=f"valid_until ({meta.valid_until.isoformat()}) trước valid_from "
                                         f"({meta.valid_from.isoformat()})",
                                 problem_en=f"valid_until ({meta.valid_until.isoformat()}) is before valid_from "
                                            f"({meta.valid_from.isoformat()})")]
    return []


def check_lapses(meta: PolicyMeta, parameters: dict[str, ParameterIR]) -> list[Diagnostic]:
    """A warning for each dated value that starts after the pack's ``valid_from`` or ends (an
    ``until`` with no replacement) before its ``valid_until``, or at all when the pack is open-ended:
    on those days an eligible applicant cannot be given an amount (``assess.support.NoValueInForce``)."""
    out: list[Diagnostic] = []
    for param in parameters.values():
        start, end = param.coverage
        if meta.valid_from is not None and start > meta.valid_from:
            out.append(Diagnostic.warning("K064", param.pos, param=param.id,
                                          when=f"trước {start:%d/%m/%Y}", when_en=f"before {start.isoformat()}"))
        if end is not None and (meta.valid_until is None or end < meta.valid_until):
            out.append(Diagnostic.warning("K064", param.pos, param=param.id,
                                          when=f"sau {end:%d/%m/%Y}", when_en=f"after {end.isoformat()}"))
    return out
