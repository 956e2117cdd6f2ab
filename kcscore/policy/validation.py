"""Validate located YAML data into pydantic models, and turn every error into a located diagnostic.

pydantic knows *what* is wrong; ``Located`` knows *where*. This module joins the two, adds the
closest valid key or value as a suggestion, and speaks Vietnamese first.
"""

from __future__ import annotations

import functools
import re
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from kcscore.policy.diagnostics import Diagnostic, Pos
from kcscore.policy.yamlsource import Located, PathKey
from kcscore.suggest import closest

T = TypeVar("T")

_EXPECTED = {
    "string_type": ("một chuỗi", "text"),
    "int_type": ("một số nguyên", "a whole number"),
    "int_parsing": ("một số nguyên", "a whole number"),
    "int_from_float": ("một số nguyên", "a whole number"),
    "float_type": ("một số", "a number"),
    "float_parsing": ("một số", "a number"),
    "bool_type": ("true hoặc false", "true or false"),
    "bool_parsing": ("true hoặc false", "true or false"),
    "date_type": ("một ngày YYYY-MM-DD", "a date YYYY-MM-DD"),
    "date_parsing": ("một ngày YYYY-MM-DD", "a date YYYY-MM-DD"),
    "date_from_datetime_parsing": ("một ngày YYYY-MM-DD", "a date YYYY-MM-DD"),
    "dict_type": ("một bảng `khoá: giá trị`", "a mapping `key: value`"),
    "model_type": ("một bảng `khoá: giá trị`", "a mapping `key: value`"),
    "model_attributes_type": ("một bảng `khoá: giá trị`", "a mapping `key: value`"),
    "list_type": ("một danh sách", "a list"),
    "tuple_type": ("một danh sách", "a list"),
    "too_short": ("danh sách có đủ phần tử", "a list with enough items"),
    "too_long": ("danh sách ít phần tử hơn", "a shorter list"),
    "string_too_short": ("một chuỗi không rỗng", "non-empty text"),
    "string_pattern_mismatch": ("chỉ chữ thường, số, '_' hoặc '-'", "lower-case letters, digits, '_' or '-'"),
}
_BOUNDS = {
    "greater_than": ("lớn hơn {gt}", "greater than {gt}"),
    "greater_than_equal": ("từ {ge} trở lên", "at least {ge}"),
    "less_than": ("nhỏ hơn {lt}", "less than {lt}"),
    "less_than_equal": ("không quá {le}", "at most {le}"),
}


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation may hold (through Optional, tuple, dict, Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin is None:
        return [annotation] if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []
    out: list[Any] = []
    for arg in typing.get_args(annotation):
        out.extend(_unwrap(arg))
    return out


def _field_map(model: type[BaseModel]) -> dict[str, Any]:
    return {(f.alias or name): f.annotation for name, f in model.model_fields.items()}


def _model_at(root: Any, loc: tuple[Any, ...], data: Any) -> type[BaseModel] | None:
    """Which model the value at ``loc`` is validated against (to list its valid keys)."""
    candidates = _unwrap(root)
    node = data
    model: type[BaseModel] | None = _pick(candidates, node)
    for part in loc:
        if isinstance(node, dict):
            node = node.get(part) if isinstance(part, str) else None
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            node = None
        if isinstance(part, int) or model is None:
            continue
        annotation = _field_map(model).get(part)
        if annotation is None:
            return None
        model = _pick(_unwrap(annotation), node)
    return model


def _pick(candidates: list[type[BaseModel]], node: Any) -> type[BaseModel] | None:
    if not candidates:
        return None
    if len(candidates) > 1 and isinstance(node, dict) and "kind" in node:
        for c in candidates:
            kind = c.model_fields.get("kind")
            if kind is not None and node["kind"] in typing.get_args(kind.annotation):
                return c
    return candidates[0]


def _clean_loc(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Drop union tags and function names pydantic inserts into locations."""
    out: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            if part in node:
                out.append(part)
                node = node[part]
                continue
            if part.startswith(("function-", "tagged-union")) or (node.get("kind") == part):
                continue
            out.append(part)
            node = None
        elif isinstance(node, list) and isinstance(part, int):
            out.append(part)
            node = node[part] if part < len(node) else None
        elif isinstance(part, str) and (part.startswith(("function-", "tagged-union", "lax-", "strict-"))
                                        or part in ("str", "bool", "float", "int", "union")):
            continue
        else:
            out.append(part)
            node = None
    return tuple(out)


def _position(located: Located, path: PathKey, key: bool = False) -> Pos:
    table = located.key_positions if key else located.positions
    probe = path
    while probe:
        if probe in table:
            return table[probe]
        if probe in located.positions:
            return located.positions[probe]
        probe = probe[:-1]
    return located.positions.get((), Pos("?", 1, 1))


def _values_from_ctx(text: str) -> list[str]:
    return re.findall(r"'([^']*)'", text)


def to_diagnostics(error: ValidationError, root: Any, data: Any, located: Located, base: PathKey,
                   owner: str | None = None) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple[Any, ...]] = set()
    errors = error.errors(include_url=False)
    misspelt = _misspelt(errors, data, root)
    for err in errors:
        raw_loc = tuple(err["loc"])
        key_error = bool(raw_loc) and raw_loc[-1] == "[key]"  # a dict key failed (a dated value's date)
        loc = _clean_loc(raw_loc[:-1] if key_error else raw_loc, data)
        kind = err["type"]
        ctx = err.get("ctx") or {}
        full = (*base, *loc)
        if (loc, kind) in seen:
            continue
        seen.add((loc, kind))
        if kind == "extra_forbidden":
            key = str(loc[-1]) if loc else "?"
            model = _model_at(root, loc[:-1], data)
            allowed = sorted(_field_map(model)) if model else []
            d = Diagnostic.error("K020", _position(located, full, key=True), closest(key, allowed), key=key,
                                 allowed=", ".join(allowed))
        elif kind == "missing":
            if loc in misspelt:
                continue
            key = str(loc[-1]) if loc else "?"
            parent = _position(located, full[:-1], key=True)
            if key == "cite" and len(base) >= 1 and base[0] == "parameters":
                d = Diagnostic.error("K062", parent, param=base[1] if len(base) > 1 else "?",
                                     date=str(loc[-2]) if len(loc) >= 2 else "?")
            elif key == "cite":
                d = Diagnostic.error("K052", parent, id=owner or "?")
            else:
                model = _model_at(root, loc[:-1], data)
                annotation = _field_map(model).get(key) if model else None
                expected = _describe(annotation)
                d = Diagnostic.error("K021", parent, key=key, expected=expected)
        elif kind in ("literal_error", "enum", "union_tag_invalid"):
            allowed = _values_from_ctx(str(ctx.get("expected") or ctx.get("expected_tags") or ""))
            value = err.get("input") if kind != "union_tag_invalid" else ctx.get("tag")
            d = Diagnostic.error("K023", _position(located, full + (("kind",) if kind == "union_tag_invalid" else ())),
                                 closest(str(value), allowed), value=value, allowed=", ".join(allowed))
        elif kind == "union_tag_not_found":
            d = Diagnostic.error("K021", _position(located, full, key=True), key="kind",
                                 expected="gate, exclusion, criterion, bonus, penalty, flag, support")
        elif kind in ("date_type", "date_parsing", "date_from_datetime_parsing") and isinstance(err.get("input"), str):
            d = Diagnostic.error("K007", _position(located, full, key=key_error), value=err["input"])
        elif kind in _BOUNDS:
            vi, en = _BOUNDS[kind]
            d = Diagnostic.error("K024", _position(located, full), problem=vi.format(**ctx),
                                 problem_en=en.format(**ctx))
        elif kind == "value_error":
            text = str(ctx.get("error", err["msg"]))
            vi, _, en = text.partition(" || ")
            d = Diagnostic.error("K022", _position(located, full), problem=vi, problem_en=en or vi, expected="")
        else:
            vi, en = _EXPECTED.get(kind, (err["msg"], err["msg"]))
            given = err.get("input")
            shown = given if isinstance(given, (str, int, float, bool)) or given is None else type(given).__name__
            d = Diagnostic.error("K022", _position(located, full), problem=f"cần {vi}, có '{shown}'",
                                 problem_en=f"expected {en}, got '{shown}'", expected="")
        out.append(d)
    return out


def _misspelt(errors: list[Any], data: Any, root: Any) -> set[tuple[Any, ...]]:
    """Locations of required keys that an unknown sibling key is a misspelling of.

    ``requre:`` is one mistake, not two: the "unknown key, did you mean 'require'" diagnostic
    says it all, so "missing 'require'" at the same place is not reported.
    """
    out: set[tuple[Any, ...]] = set()
    for err in errors:
        if err["type"] != "extra_forbidden":
            continue
        loc = _clean_loc(tuple(err["loc"]), data)
        if not loc:
            continue
        model = _model_at(root, loc[:-1], data)
        suggestion = closest(str(loc[-1]), sorted(_field_map(model))) if model else None
        if suggestion:
            out.add((*loc[:-1], suggestion))
    return out


def _describe(annotation: Any) -> str:
    models = _unwrap(annotation) if annotation is not None else []
    if models:
        return "{" + ", ".join(_field_map(models[0])) + "}"
    return ""


@functools.lru_cache(maxsize=None)
def _adapter(root: Any) -> TypeAdapter[Any]:
    return TypeAdapter(root)


def validate(root: Any, data: Any, located: Located, base: PathKey, owner: str | None = None) -> tuple[Any, list[Diagnostic]]:
    """Validate ``data`` against a model or annotation; return (value or None, diagnostics)."""
    try:
        return _adapter(root).validate_python(data), []
    except ValidationError as exc:
        return None, to_diagnostics(exc, root, data, located, base, owner)
