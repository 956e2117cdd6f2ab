"""Build plain, located data straight from YAML *events*, refusing anything unsafe as it streams by.

ruamel's own composer recurses once per nesting level and builds every node before we could look
at it. Working from the event stream instead means an alias, an anchor, a non-core tag, too deep a
nesting or too many elements is refused the moment it appears, before anything is built from it,
and without recursion. Nothing is ever constructed from a tag: the core schema is resolved by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kcscore.policy.diagnostics import Diagnostic, Pos
from kcscore.policy.yamlscalar import CORE, UnreadableScalar, scalar_value

ALLOWED_TAGS = frozenset(f"{CORE}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp"))

PathKey = tuple[str | int, ...]


@dataclass
class Located:
    """Plain data read from one file, with the position of every value and key.

    ``styles`` records how each scalar was written (plain, quoted, block) and ``lines`` keeps the
    source, so that a position *inside* a value (a field in a condition) can be found later.
    """

    data: Any
    positions: dict[PathKey, Pos] = field(default_factory=dict)
    key_positions: dict[PathKey, Pos] = field(default_factory=dict)
    scalar_offsets: dict[PathKey, int] = field(default_factory=dict)
    styles: dict[PathKey, str | None] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)


class Refused(Exception):
    """The file cannot be read safely; carries the one diagnostic that says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.code)
        self.diagnostic = diagnostic


def _tag_text(tag: Any) -> str | None:
    if tag is None:
        return None
    return tag if isinstance(tag, str) else str(tag)


@dataclass
class _Frame:
    """A mapping or sequence being filled, and where it sits in the document."""

    kind: str  # "map" | "seq"
    container: Any
    path: PathKey
    key: str | None = None  # a mapping waiting for the value of this key
    value_path: PathKey | None = None


class Composer:
    """Turn one document's events into ``Located`` data; see the module docstring."""

    def __init__(self, file: str, resolver: Any, max_depth: int, max_nodes: int) -> None:
        self.file = file
        self.resolver = resolver
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.out = Located(data=None)
        self.problems: list[Diagnostic] = []  # errors that do not stop the reading
        self.count = 0
        self._duplicates = 0

    def pos(self, event: Any) -> Pos:
        """Where the event starts; a value on one line is underlined in full."""
        mark, end = event.start_mark, event.end_mark
        length = end.column - mark.column if end is not None and end.line == mark.line else 1
        return Pos(self.file, mark.line + 1, mark.column + 1, max(length, 1))

    def compose(self, events: Iterable[Any]) -> Any:
        from ruamel.yaml import events as E

        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        for event in events:
            if isinstance(event, (E.StreamStartEvent, E.StreamEndEvent, E.DocumentEndEvent)):
                continue
            if isinstance(event, E.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise Refused(Diagnostic.error("K001", self.pos(event), problem="tệp chỉ được chứa một tài liệu YAML (bỏ dòng '---' thứ hai)",
                                                   problem_en="a rule file holds one YAML document (remove the second '---')"))
                continue
            if isinstance(event, E.AliasEvent):
                raise Refused(Diagnostic.error("K005", self.pos(event), anchor=str(event.anchor)))
            if isinstance(event, (E.MappingEndEvent, E.SequenceEndEvent)):
                frame = stack.pop()
                if not stack:
                    root = frame.container
                continue
            self.count += 1
            if self.count > self.max_nodes:
                raise Refused(Diagnostic.error("K009", self.pos(event), limit=self.max_nodes))
            if getattr(event, "anchor", None):
                raise Refused(Diagnostic.error("K005", self.pos(event), anchor=str(event.anchor)))
            parent = stack[-1] if stack else None
            if parent is not None and parent.kind == "map" and parent.key is None:
                self._key(parent, event)
                continue
            path = self._path(parent)
            tag = _tag_text(getattr(event, "tag", None))
            if isinstance(event, E.ScalarEvent):
                value = self._scalar(event, tag, path)
                self._attach(parent, value)
                if parent is None:
                    root = value
                continue
            kind = "map" if isinstance(event, E.MappingStartEvent) else "seq"
            if tag not in (None, "!", f"{CORE}{kind}"):
                raise Refused(Diagnostic.error("K004", self.pos(event), tag=tag.replace(CORE, "!!")))
            if len(stack) >= self.max_depth:
                raise Refused(Diagnostic.error("K008", self.pos(event), limit=self.max_depth))
            container: Any = {} if kind == "map" else []
            self.out.positions[path] = self.pos(event)
            self._attach(parent, container)
            stack.append(_Frame(kind, container, path))
        return root

    # -- helpers -----------------------------------------------------------------------------
    def _path(self, parent: _Frame | None) -> PathKey:
        if parent is None:
            return ()
        if parent.kind == "seq":
            return (*parent.path, len(parent.container))
        assert parent.value_path is not None
        return parent.value_path

    def _attach(self, parent: _Frame | None, value: Any) -> None:
        if parent is None:
            return
        if parent.kind == "seq":
            parent.container.append(value)
            return
        if parent.key is not None and parent.value_path == (*parent.path, parent.key):
            parent.container[parent.key] = value
        parent.key = None
        parent.value_path = None

    def _key(self, frame: _Frame, event: Any) -> None:
        from ruamel.yaml import events as E

        if not isinstance(event, E.ScalarEvent):
            raise Refused(Diagnostic.error("K010", self.pos(event)))
        tag = _tag_text(event.tag)
        raw = self._scalar(event, tag, None)
        key = raw.isoformat() if isinstance(raw, dt.date) else ("" if raw is None else str(raw).lower() if isinstance(raw, bool) else str(raw))
        pos = self.pos(event)
        if key in frame.container:
            first = self.out.key_positions.get((*frame.path, key))
            line = first.line if first else "?"
            if isinstance(raw, dt.date) and len(frame.path) >= 3 and frame.path[-1] == "values" and frame.path[-3] == "parameters":
                # a dated value: the reader thinks in periods, not keys
                self.problems.append(Diagnostic.error("K011", pos, key=key, line=line, param=frame.path[-2], variant="same_day"))
            else:
                self.problems.append(Diagnostic.error("K011", pos, key=key, line=line))
            self._duplicates += 1
            frame.key = key
            frame.value_path = (*frame.path, f"{key}\0duplicate{self._duplicates}")  # built, then dropped
            return
        self.out.key_positions[(*frame.path, key)] = pos
        frame.container[key] = None
        frame.key = key
        frame.value_path = (*frame.path, key)

    def _scalar(self, event: Any, tag: str | None, path: PathKey | None) -> Any:
        from ruamel.yaml.nodes import ScalarNode

        if tag is None or tag == "!":
            tag = self.resolver.resolve(ScalarNode, event.value, event.implicit)
            tag = _tag_text(tag)
        if tag not in ALLOWED_TAGS or tag in (f"{CORE}map", f"{CORE}seq"):
            raise Refused(Diagnostic.error("K004", self.pos(event), tag=str(tag).replace(CORE, "!!")))
        if path is not None:
            self.out.positions[path] = self.pos(event)
            self.out.styles[path] = event.style
            self.out.scalar_offsets[path] = 1 if event.style in ("'", '"') else 0
        return self._convert(event, tag)

    def _convert(self, event: Any, tag: str) -> Any:
        try:
            return scalar_value(event.value, tag)
        except UnreadableScalar:
            self.problems.append(Diagnostic.error("K006", self.pos(event), value=event.value))
            return event.value
