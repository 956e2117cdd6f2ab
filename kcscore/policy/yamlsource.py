"""Read a policy YAML file safely, keeping the line and column of every value.

Policy files are written by people, so every later error must point back at the exact place in
the file. We therefore stop at YAML's *node* level (ruamel's composer, pure Python, safe schema),
never construct Python objects from tags, and turn the node tree into plain data plus a map from
each value's path to its position.

Hostile input is refused here, in bounded time and memory:
- files above ``MAX_FILE_BYTES`` are not parsed at all;
- anchors and aliases are refused (no billion-laughs expansion is possible);
- any tag outside YAML's core schema (``!!python/object``, custom ``!tags``) is refused;
- nesting deeper than ``MAX_DEPTH`` is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kcscore.policy.diagnostics import Diagnostic, Pos

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

PathKey = tuple[str | int, ...]


@dataclass
class Located:
    """Plain data read from one file, with the position of every value and key."""

    data: Any
    positions: dict[PathKey, Pos] = field(default_factory=dict)
    key_positions: dict[PathKey, Pos] = field(default_factory=dict)
    scalar_offsets: dict[PathKey, int] = field(default_factory=dict)


class _Refused(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.code)
        self.diagnostic = diagnostic


def _pos(file: str, node: Any) -> Pos:
    mark = node.start_mark
    return Pos(file, mark.line + 1, mark.column + 1)


def _scalar(node: Any, file: str) -> Any:
    tag, text = node.tag, node.value
    if tag == f"{_CORE}null":
        return None
    if tag == f"{_CORE}bool":
        return text.lower() in ("true", "yes", "on")
    if tag == f"{_CORE}int":
        cleaned = text.replace("_", "")
        try:
            if cleaned.lower().startswith(("0x", "-0x", "+0x")):
                return int(cleaned, 16)
            if cleaned.lower().startswith(("0o", "-0o", "+0o")):
                return int(cleaned, 8)
            return int(cleaned)
        except ValueError:
            return text
    if tag == f"{_CORE}float":
        try:
            value = float(text.replace("_", ""))
        except ValueError:
            return text
        if value != value or value in (float("inf"), float("-inf")):
            raise _Refused(Diagnostic.error("K006", _pos(file, node), value=text))
        return value
    if tag == f"{_CORE}timestamp":
        if _DATE_RE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise _Refused(Diagnostic.error("K007", _pos(file, node), value=text)) from None
        return text
    return text


class _Converter:
    def __init__(self, file: str) -> None:
        self.file = file
        self.out = Located(data=None)
        self.count = 0

    def convert(self, node: Any, path: PathKey, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Refused(Diagnostic.error("K009", _pos(self.file, node), limit=MAX_NODES))
        if depth > MAX_DEPTH:
            raise _Refused(Diagnostic.error("K008", _pos(self.file, node), limit=MAX_DEPTH))
        if getattr(node, "anchor", None):
            raise _Refused(Diagnostic.error("K005", _pos(self.file, node), anchor=node.anchor))
        tag = node.tag if isinstance(node.tag, str) else str(node.tag)
        if tag not in _ALLOWED_TAGS:
            raise _Refused(Diagnostic.error("K004", _pos(self.file, node), tag=tag.replace(_CORE, "!!")))
        self.out.positions[path] = _pos(self.file, node)
        kind = node.id
        if kind == "scalar":
            style = getattr(node, "style", None)
            self.out.scalar_offsets[path] = 1 if style in ("'", '"') else 0
            return _scalar(node, self.file)
        if kind == "sequence":
            return [self.convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if kind == "mapping":
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.id != "scalar" or getattr(key_node, "anchor", None):
                    raise _Refused(Diagnostic.error("K010", _pos(self.file, key_node)))
                key_value = _scalar(key_node, self.file)
                key = key_value.isoformat() if isinstance(key_value, dt.date) else str(key_value)
                if key in result:
                    raise _Refused(Diagnostic.error("K011", _pos(self.file, key_node), key=key))
                self.out.key_positions[(*path, key)] = _pos(self.file, key_node)
                result[key] = self.convert(value_node, (*path, key), depth + 1)
            return result
        raise _Refused(Diagnostic.error("K004", _pos(self.file, node), tag=tag))


def read_yaml_text(text: str, file: str) -> tuple[Located | None, list[Diagnostic]]:
    """Parse one YAML document into located plain data, or return why it cannot be read."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        return None, [Diagnostic.error("K003", Pos(file, 1, 1), limit=MAX_FILE_BYTES)]
    yaml = YAML(typ="safe", pure=True)
    try:
        node = yaml.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Pos(file, mark.line + 1, mark.column + 1) if mark else Pos(file, 1, 1)
        problem = (exc.problem or exc.context or "").strip()
        return None, [Diagnostic.error("K001", pos, problem=problem)]
    except (YAMLError, RecursionError, ValueError) as exc:
        return None, [Diagnostic.error("K001", Pos(file, 1, 1), problem=type(exc).__name__)]
    if node is None:
        return Located(data={}), []
    converter = _Converter(file)
    try:
        data = converter.convert(node, (), 0)
    except _Refused as refused:
        return None, [refused.diagnostic]
    except RecursionError:
        return None, [Diagnostic.error("K008", Pos(file, 1, 1), limit=MAX_DEPTH)]
    converter.out.data = data
    return converter.out, []


def read_yaml_file(path: Path, display: str | None = None) -> tuple[Located | None, list[Diagnostic]]:
    """Read a YAML file (UTF-8) with the safety limits above."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Diagnostic.error("K003", Pos(name, 1, 1), limit=MAX_FILE_BYTES)]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic.error("K000", Pos(name, 1, 1), problem=exc.strerror or str(exc))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Diagnostic.error("K002", Pos(name, line, 1))]
    return read_yaml_text(text, name)
