"""Run compiled conditions in durable-rules, the way research/durable-rules.md §6.2 found correct.

- The C API is called directly (no ``Host``): no background timer threads, no action callbacks
  with their arity and exception-swallowing traps.
- One fixed session id per shard, one live fact at a time, each with a fresh explicit id that is
  retracted after use: no 1024-session limit, no 32-bit session-hash collisions between
  applicants, no "already observed" errors for identical applicants, flat memory.
- Fired rule names are read off the action message prefix and collected into a set, which also
  removes ``$or`` duplicate firings. A condition reported both true and false is an engine fault.
- On an engine error the shard's state is deleted and re-primed, and only that applicant fails.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from kcscore.engine.base import EngineError, Record, Truth
from kcscore.engine.durable_compile import MARKER, CompiledConditions, compile_conditions, engine_value, fact_key
from kcscore.engine.enginejson import EngineValueError, dumps
from kcscore.expr import ast as A
from kcscore.expr.types import FieldType
from kcscore.expr.evaluate import value as eval_value

SID = "0"


def _fits(value: Any, expected: str) -> bool:
    if expected == "num":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected == "bool":
        return isinstance(value, bool)
    if expected == "str":
        return isinstance(value, str)
    return True
_names = itertools.count()


class _Shard:
    def __init__(self, engine: Any, ruleset: dict[str, Any]) -> None:
        self.engine = engine
        self.name = f"kcscore{next(_names)}"
        self.handle = engine.create_ruleset(self.name, dumps(ruleset))

    def fire(self, fact_json: str, fact_id: str) -> list[str]:
        engine = self.engine
        code, state = engine.assert_fact(self.handle, fact_json)
        if code != 0:
            raise EngineError(f"the rule engine refused the fact (code {code})")
        names: list[str] = []
        try:
            result = engine.start_action_for_state(self.handle, state)
            while result:
                message = result[1]
                names.append(message[2:message.index('"', 2)])
                following = engine.complete_and_start_action(self.handle, state)
                result = (None, following) if following else None
        finally:
            engine.retract_fact(self.handle, '{"sid":"0","id":' + dumps(fact_id) + "}")
        return names

    def reset(self) -> None:
        """Drop a state the engine may have left corrupt, and prime a fresh one."""
        try:
            self.engine.delete_state(self.handle, SID)
        except self.engine.error:  # the state may not exist (code 309); priming below checks the fresh one
            pass
        self.fire(dumps({"sid": SID, "id": "__prime", MARKER: 1}), "__prime")


class DurableEvaluator:
    """Evaluate every condition of a pack with durable-rules; see the module docstring."""

    name = "durable"

    def __init__(self, conditions: list[A.Node], field_types: Mapping[str, FieldType] | None = None) -> None:
        from kcscore._durable_compat import import_durable_engine

        durable_rules_engine = import_durable_engine()  # the C extension; here so `kcscore --help` stays fast

        self._types = {name: t.expr_type for name, t in (field_types or {}).items()}

        self._engine = durable_rules_engine
        self.count = len(conditions)
        self.compiled: CompiledConditions = compile_conditions(conditions)
        self._fields = self.compiled.fields
        self._derived = self.compiled.derived
        try:
            self._shards = [_Shard(durable_rules_engine, rs) for rs in self.compiled.shards()]
            for shard in self._shards:
                shard.reset()
        except durable_rules_engine.error as exc:
            raise EngineError(f"the rule engine rejected the compiled pack: {exc}") from exc
        self._ids = itertools.count()
        self._decode = {}
        for index in range(self.count):
            self._decode[f"t{index}"] = (index, True)
            self._decode[f"f{index}"] = (index, False)

    def fact(self, record: Record) -> dict[str, Any]:
        fact: dict[str, Any] = {"sid": SID, "id": "", MARKER: 1}
        for name in self._fields:
            value = record.get(name)
            if value is None:
                continue
            expected = self._types.get(name)
            if expected == "date":
                if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                    raise EngineError(f"field {name} holds {value!r}, not a date")
                value = value.toordinal()  # the engine compares numbers; see durable_compile
            elif isinstance(value, float) and not math.isfinite(value):
                raise EngineError(f"field {name} holds {value!r}, which the rule engine cannot compare")
            if not isinstance(value, (bool, int, float, str)):
                raise EngineError(f"field {name} holds a {type(value).__name__}, which conditions cannot read")
            if expected not in (None, "date") and not _fits(value, expected):
                # the engine would compare "900" > 1000 as strings and call it true
                raise EngineError(f"field {name} holds {value!r}, not a {expected}")
            fact[fact_key(name)] = value
        for derived in self._derived:
            result = eval_value(derived.node, record)
            if result is not None:
                fact[derived.key] = engine_value(result)
        return fact

    def evaluate(self, record: Record) -> list[Truth]:
        fact = self.fact(record)
        fact_id = f"a{next(self._ids)}"
        fact["id"] = fact_id
        try:
            fact_json = dumps(fact)
        except EngineValueError as exc:
            raise EngineError(str(exc)) from exc
        truths: list[Truth] = [None] * self.count
        for shard in self._shards:
            try:
                names = shard.fire(fact_json, fact_id)
            except self._engine.error as exc:
                shard.reset()
                raise EngineError(f"the rule engine failed on this applicant: {exc}") from exc
            for name in names:
                decoded = self._decode.get(name)
                if decoded is None:
                    continue  # the catch-all rule
                index, polarity = decoded
                if truths[index] is not None and truths[index] != polarity:
                    raise EngineError(f"condition {index} was reported both true and false")
                truths[index] = polarity
        return truths

    def evaluate_many(self, records: Iterable[Mapping[str, Any]]) -> Iterator[list[Truth]]:
        for record in records:
            yield self.evaluate(record)
