"""Prove a loaded pack is safe to run in the rule engine, in a child process.

The durable-rules C engine can abort the whole process on inputs our compiler should never
produce. ``rules check`` therefore builds the engine and evaluates probe applicants (the pack's
own cases, a blank one, and ones at every field's bounds and enum values) in a forked child, and
compares each result with the reference evaluator. A crash or a disagreement becomes a K090
diagnostic instead of a dead process later.
"""

from __future__ import annotations

import os
from typing import Any

from kcscore.engine.base import EngineError, PythonEvaluator
from kcscore.policy.diagnostics import Diagnostic, Pos
from kcscore.policy.ir import Policy


def probe_records(policy: Policy) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = [{}]
    width = max([len(s.values) for s in policy.fields.values()] + [3])
    for i in range(width):
        record: dict[str, Any] = {}
        for name, spec in policy.fields.items():
            if spec.type == "enum":
                values = list(spec.values)
                record[name] = values[i % len(values)]
            elif spec.type == "boolean":
                record[name] = i % 2 == 0
            elif spec.type in ("integer", "money", "number", "percent"):
                low = spec.min if spec.min is not None else -1000
                high = spec.max if spec.max is not None else 10**12
                value = [low, high, (low + high) / 2][i % 3]
                record[name] = int(value) if spec.type in ("integer", "money") else float(value)
        records.append(record)
    from kcscore.applicant import read_record

    for case in policy.cases:
        typed, problems, _ = read_record(policy, case.applicant)
        if not problems:
            records.append(typed)
    return records


def _run(policy: Policy) -> str | None:
    from kcscore.engine.durable import DurableEvaluator

    engine = DurableEvaluator(policy.conditions, policy.field_types)
    reference = PythonEvaluator(policy.conditions)
    for record in probe_records(policy):
        try:
            got = engine.evaluate(record)
        except EngineError as exc:
            return str(exc)
        if got != reference.evaluate(record):
            return "the rule engine and the reference evaluator disagree on a probe applicant"
    return None


def engine_diagnostics(policy: Policy) -> list[Diagnostic]:
    where = Pos(str(policy.root / "policy.yaml"), 1, 1)
    if not hasattr(os, "fork"):
        problem = _run(policy)
        return [Diagnostic.error("K090", where, problem=problem)] if problem else []
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: report and leave without running the parent's cleanup
        os.close(read)
        try:
            problem = _run(policy) or ""
        except BaseException as exc:  # noqa: BLE001 - anything raised must reach the parent as text
            problem = f"{type(exc).__name__}: {exc}"
        os.write(write, problem.encode("utf-8", "replace"))
        os.close(write)
        os._exit(0)
    os.close(write)
    chunks = []
    while True:
        chunk = os.read(read, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return [Diagnostic.error("K090", where, problem=f"the engine process died with signal {os.WTERMSIG(status)}")]
    problem = b"".join(chunks).decode("utf-8", "replace")
    return [Diagnostic.error("K090", where, problem=problem)] if problem else []
