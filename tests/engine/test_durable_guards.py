"""One test per durable-rules trap (research/durable-rules.md), each proving our guard holds."""

from __future__ import annotations

import json
import threading

import pytest

from kcscore._durable_compat import import_durable_engine
from kcscore.engine.base import EngineError, PythonEvaluator
from kcscore.engine.durable import DurableEvaluator
from kcscore.engine.durable_compile import MAX_TESTS_PER_SHARD, compile_conditions, count_tests
from kcscore.engine.enginejson import dumps, number
from kcscore.expr.parser import parse
from kcscore.expr.types import FieldType

dre = import_durable_engine()  # on Python 3.13+ the extension needs kcscore's compatibility module first

NUM = FieldType("number")
INT = FieldType("integer")
TYPES = {"x": NUM, "y": NUM, "n": INT, "sector": FieldType("enum", ("a", "b")), "note": FieldType("text"),
         "ok": FieldType("boolean")}


def engine(*conditions: str) -> tuple[DurableEvaluator, PythonEvaluator]:
    nodes = [parse(c) for c in conditions]
    return DurableEvaluator(nodes, TYPES), PythonEvaluator(nodes)


def test_unmatched_fact_does_not_raise_and_reads_as_unknown() -> None:
    # Trap: a fact no rule matches raises MessageNotHandled. The raw engine says so (code 1) ...
    handle = dre.create_ruleset("guard_unmatched", json.dumps({"r": {"all": [{"m": {"$gt": {"x": 5}}}]}}))
    code, _ = dre.assert_fact(handle, json.dumps({"sid": "0", "id": "1", "y": 1}))
    assert code == 1
    # ... while our evaluator has a catch-all rule and reports every condition as unknown.
    durable, _ = engine("x > 5", "sector == \"a\"")
    assert durable.evaluate({}) == [None, None]
    assert durable.evaluate({"y": 1.0}) == [None, None]


def test_or_firing_once_per_branch_is_counted_once() -> None:
    durable, reference = engine("x > 1 or y > 1")
    shard = durable._shards[0]
    fact = durable.fact({"x": 5.0, "y": 5.0})
    fact["id"] = "probe"
    names = shard.fire(dumps(fact), "probe")
    assert names.count("t0") == 2  # the raw engine fires the true-rule once per true branch
    assert durable.evaluate({"x": 5.0, "y": 5.0}) == reference.evaluate({"x": 5.0, "y": 5.0}) == [True]


def test_arithmetic_on_a_missing_field_is_unknown_never_random() -> None:
    durable, reference = engine("x > y * 2", "x + y >= 10", "x / y < 3")
    for i in range(1500):
        assert durable.evaluate({"x": float(i)}) == [None, None, None]
    for i in range(300):
        record = {"x": float(i % 37), "y": float(i % 11)}
        assert durable.evaluate(record) == reference.evaluate(record)
    compiled = compile_conditions([parse("x > y * 2")])
    assert {"$ex": {"v_y": 1}} in compiled.rules["t0"]["$and"]


def test_division_by_zero_is_unknown_not_a_crash() -> None:
    durable, reference = engine("x / y > 1", "x / 0 > 1")
    assert durable.evaluate({"x": 5.0, "y": 0.0}) == reference.evaluate({"x": 5.0, "y": 0.0}) == [None, None]


def test_more_than_64_true_tests_are_sharded() -> None:
    conditions = [f"x > {i}" for i in range(150)] + [f"n >= {i} and ok" for i in range(40)]
    durable, reference = engine(*conditions)
    assert len(durable._shards) > 1
    for ruleset in durable.compiled.shards():
        assert sum(count_tests(r["all"][0]["m"]) for name, r in ruleset.items() if name != "__all") <= MAX_TESTS_PER_SHARD
    record = {"x": 1000.0, "n": 100, "ok": True}
    assert durable.evaluate(record) == reference.evaluate(record) == [True] * 190


def test_colliding_session_hashes_do_not_mix_applicants() -> None:
    # "A0012789" and "A0249192" share a 32-bit FNV-1a hash; one fixed session and fresh fact ids keep them apart.
    durable, reference = engine("x > 10", "sector == \"a\"")
    first = {"id": "A0012789", "x": 50.0, "sector": "a"}
    second = {"id": "A0249192", "x": 1.0, "sector": "b"}
    for _ in range(3):
        assert durable.evaluate(first) == [True, True]
        assert durable.evaluate(second) == [False, False]
    # identical applicants twice in a row are not "already observed"
    assert durable.evaluate(first) == durable.evaluate(dict(first)) == reference.evaluate(first)


def test_exponent_floats_are_written_positionally() -> None:
    assert number(1e-05) == "0.00001"
    assert "e" not in number(1e16).lower()
    durable, reference = engine("x > 0.00001", "x < 10000000000000000.0")
    for value in (1e-05, 2e-05, 1e-07, 1e16, 5e15):
        assert durable.evaluate({"x": value}) == reference.evaluate({"x": value})


def test_strings_never_reach_a_numeric_comparison() -> None:
    durable, _ = engine("x > 1000")
    with pytest.raises(EngineError):
        durable.evaluate({"x": "900"})  # durable-rules would compare "900" > 1000 as strings: true
    with pytest.raises(EngineError):
        durable.evaluate({"x": True})


def test_no_timer_threads_are_started() -> None:
    before = {t.name for t in threading.enumerate()}
    durable, _ = engine("x > 1", "ok")
    for i in range(200):
        durable.evaluate({"x": float(i), "ok": i % 2 == 0})
    after = {t.name for t in threading.enumerate()}
    assert after == before


def test_long_strings_are_refused_not_prefix_compared() -> None:
    durable, reference = engine('note == "' + "a" * 100 + '"')
    assert durable.evaluate({"note": "a" * 100}) == [True]
    with pytest.raises(EngineError):
        durable.evaluate({"note": "a" * 70_000})  # the engine would compare only len % 65536 bytes
    assert reference.evaluate({"note": "a" * 70_000}) == [False]


def test_engine_error_fails_one_applicant_and_the_next_one_scores() -> None:
    durable, reference = engine("x > 1")
    with pytest.raises(EngineError):
        durable.evaluate({"x": float("nan")})
    assert durable.evaluate({"x": 2.0}) == reference.evaluate({"x": 2.0}) == [True]


def test_a_ratio_too_large_to_be_a_number_is_unknown_not_an_error() -> None:
    durable, reference = engine("x / y > 1", "x * y > 1")
    record = {"x": 5.0, "y": 2.225073858507203e-309}  # 5 / y overflows to infinity
    assert durable.evaluate(record) == reference.evaluate(record) == [None, False]
