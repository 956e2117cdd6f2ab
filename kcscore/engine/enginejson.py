"""JSON the durable-rules C parser accepts.

Its number parser rejects exponent notation without a decimal point, which Python's ``repr``
produces for small and large floats (``1e-05``, ``1e+16``): such a fact fails with error 204 and
such a rule constant fails ``create_ruleset``. Every float is therefore written out in positional
notation. NaN and infinities have no JSON form the engine reads correctly and are refused.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

MAX_STRING_BYTES = 60_000  # the engine keeps string lengths in 16 bits and compares only len % 65536


class EngineValueError(ValueError):
    pass


def number(value: float | int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise EngineValueError(f"the rule engine cannot take the number {value!r}")
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
        if "." not in text:
            text += ".0"
    return text


def dumps(obj: Any) -> str:
    """Serialise dicts, lists, strings, numbers, booleans and None for the engine."""
    if obj is None:
        return "null"
    if isinstance(obj, (bool, int, float)):
        return number(obj)
    if isinstance(obj, str):
        if len(obj) > MAX_STRING_BYTES // 4 and len(obj.encode("utf-8")) > MAX_STRING_BYTES:
            raise EngineValueError(f"a text of {len(obj.encode('utf-8'))} bytes is too long for the rule engine")
        return json.dumps(obj, ensure_ascii=False)
    if isinstance(obj, dict):
        return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{dumps(v)}" for k, v in obj.items()) + "}"
    if isinstance(obj, (list, tuple)):
        return "[" + ",".join(dumps(v) for v in obj) + "]"
    raise EngineValueError(f"the rule engine cannot take a {type(obj).__name__}")
