"""Dated parameter values: tile time exactly, or say where the tiling breaks.

A value holds from its date until its ``until`` (inclusive) or, without one, until the day before
the next value starts. A ``value: null`` line ends the previous value on purpose. A gap between an
``until`` and the next start, or an overlap, is an error: a support cap must never silently fall
back to 0 or to the wrong decree.
"""

from __future__ import annotations

import datetime as dt

from kcscore.policy.diagnostics import Diagnostic, Pos
from kcscore.policy.ir import ParameterIR
from kcscore.policy.model import DatedValue, Parameter

ONE_DAY = dt.timedelta(days=1)


def build_parameter(param_id: str, spec: Parameter, pos: Pos, value_pos: dict[dt.date, Pos]) -> tuple[ParameterIR | None, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    entries = sorted(spec.values.items())
    periods: list[tuple[dt.date, dt.date | None, DatedValue]] = []
    for i, (start, value) in enumerate(entries):
        here = value_pos.get(start, pos)
        nxt = entries[i + 1][0] if i + 1 < len(entries) else None
        end = value.until
        if end is not None and end < start:
            diagnostics.append(Diagnostic.error("K061", here, param=param_id, start=start.isoformat(), end=end.isoformat()))
            continue
        if nxt is not None:
            if end is not None and end >= nxt:
                diagnostics.append(Diagnostic.error("K061", value_pos.get(nxt, pos), param=param_id,
                                                    start=nxt.isoformat(), end=end.isoformat()))
            elif end is not None and end + ONE_DAY < nxt and entries[i + 1][1].value is not None:
                diagnostics.append(Diagnostic.error("K060", value_pos.get(nxt, pos), param=param_id,
                                                    start=(end + ONE_DAY).isoformat(), end=(nxt - ONE_DAY).isoformat()))
            if end is None:
                end = nxt - ONE_DAY
        if value.value is not None:
            periods.append((start, end, value))
    if not periods:
        diagnostics.append(Diagnostic.error("K063", pos, param=param_id))
    if diagnostics:
        return None, diagnostics
    return ParameterIR(param_id, spec, pos, tuple(periods)), []
