"""The durable-rules evaluator of a loaded pack, built once and reused by every caller.

It lives in ``engine/`` (not in ``api``) so that ``batch`` can reach it without importing the API
façade that sits above ``batch``.
"""

from __future__ import annotations

from kcscore.engine.base import Evaluator
from kcscore.policy.ir import Policy


def durable_engine(policy: Policy) -> Evaluator:
    """The durable-rules evaluator for a pack, built once per loaded pack."""
    engine = getattr(policy, "_durable_engine", None)
    if engine is None:
        from kcscore.engine.durable import DurableEvaluator

        engine = DurableEvaluator(policy.conditions, policy.field_types)
        policy._durable_engine = engine  # type: ignore[attr-defined]
    return engine
