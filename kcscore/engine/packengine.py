"""A loaded pack's compiled evaluators, built once and shared by every caller.

``CompiledPack`` owns the artefacts compiled from a pack: the durable-rules evaluator and the
vectorised program. It lives in ``engine/`` (not in ``api``) so that ``batch`` can reach it without
importing the API façade above it. It is kept beside the ``Policy`` rather than set as attributes
on it, so ``Policy`` stays the checked rule files and nothing else. The registry holds no
reference to the policy: when the policy is freed, its compiled pack goes too.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from kcscore.engine.base import Evaluator
from kcscore.policy.ir import Policy

if TYPE_CHECKING:
    from kcscore.engine.vectorised import VectorisedEvaluator


class CompiledPack:
    """The evaluators of one loaded pack, each compiled on first use."""

    def __init__(self, policy: Policy) -> None:
        # The conditions and types, not the policy: a reference to it would keep it alive forever.
        self._conditions = policy.conditions
        self._field_types = policy.field_types
        self._durable: Evaluator | None = None
        self._vectorised: VectorisedEvaluator | None = None

    @property
    def durable(self) -> Evaluator:
        """The durable-rules evaluator (the C extension is only loaded when first needed)."""
        if self._durable is None:
            from kcscore.engine.durable import DurableEvaluator

            self._durable = DurableEvaluator(self._conditions, self._field_types)
        return self._durable

    @property
    def vectorised(self) -> VectorisedEvaluator:
        """The vectorised evaluator for large lists (numpy/pandas are only loaded when first needed)."""
        if self._vectorised is None:
            from kcscore.engine.vectorised import VectorisedEvaluator

            self._vectorised = VectorisedEvaluator(self._conditions, self._field_types)
        return self._vectorised


_PACKS: dict[int, CompiledPack] = {}


def compiled(policy: Policy) -> CompiledPack:
    """The compiled pack of ``policy``: the same object for as long as the policy lives."""
    key = id(policy)
    pack = _PACKS.get(key)
    if pack is None:
        pack = _PACKS[key] = CompiledPack(policy)
        weakref.finalize(policy, _PACKS.pop, key, None)  # an id is reused once its object is freed
    return pack


def durable_engine(policy: Policy) -> Evaluator:
    """The durable-rules evaluator for a pack, built once per loaded pack."""
    return compiled(policy).durable
