"""A loaded pack's evaluators are compiled once, kept beside the Policy and freed with it."""

from __future__ import annotations

import gc
import weakref

from kcscore.engine import packengine
from kcscore.engine.packengine import compiled, durable_engine
from kcscore.engine.vectorised import vectorised_engine
from kcscore.policy.loader import load_policy


def test_each_evaluator_is_built_once_per_loaded_pack() -> None:
    policy, other = load_policy(), load_policy()
    assert compiled(policy) is compiled(policy)
    assert durable_engine(policy) is durable_engine(policy) is compiled(policy).durable
    assert vectorised_engine(policy) is vectorised_engine(policy) is compiled(policy).vectorised
    assert compiled(other) is not compiled(policy)


def test_no_attribute_is_set_on_the_policy() -> None:
    policy = load_policy()
    before = set(vars(policy))
    durable_engine(policy)
    vectorised_engine(policy)
    assert set(vars(policy)) == before


def test_the_compiled_pack_is_freed_with_its_policy() -> None:
    policy = load_policy()
    durable_engine(policy)
    key, freed = id(policy), weakref.ref(policy)
    assert key in packengine._PACKS
    del policy
    gc.collect()
    assert freed() is None, "the compiled pack keeps its policy alive"
    assert key not in packengine._PACKS
