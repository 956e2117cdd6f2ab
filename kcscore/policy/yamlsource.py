"""Read a policy YAML file safely, keeping the line and column of every value.

Policy files are written by people, so every later error must point back at the exact place in
the file. We stop at YAML's *event* level (ruamel's pure-Python parser, safe schema), never
construct Python objects from tags, and turn the events into plain data plus a map from each
value's path to its position (``yamlcompose``).

Hostile input is refused here, in bounded time and memory:
- files above ``MAX_FILE_BYTES`` are not read at all (only that many bytes are ever read, so a
  device or a growing file cannot stall us);
- control characters and bytes that are not UTF-8 are refused with their position;
- nesting is measured by a cheap scan *before* the parser sees the text, because ruamel's scanner
  takes quadratic time on deeply nested flow collections (5 000 ``[`` take seconds);
- anchors and aliases are refused (no billion-laughs expansion is possible);
- any tag outside YAML's core schema (``!!python/object``, custom ``!tags``) is refused;
- at most ``MAX_NODES`` values per file are read.
"""

from __future__ import annotations

import re
from pathlib import Path

from kcscore.policy.diagnostics import Diagnostic, Pos
from kcscore.policy.yamlcompose import Composer, Located, PathKey, Refused
from kcscore.policy.yamlscalar import _NOT_PRINTABLE, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES

__all__ = ["Located", "PathKey", "read_yaml_file", "read_yaml_text", "MAX_FILE_BYTES", "MAX_DEPTH", "MAX_NODES"]

_SCAN_DEPTH = 64  # the pre-scan over-counts (brackets in plain text), so it allows some slack


_BRACKETS = re.compile(r"[\[\]{}]")


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    return line, index - start + 1


def _control_character(text: str, file: str) -> Diagnostic | None:
    match = _NOT_PRINTABLE.search(text)
    if match is None:
        return None
    line, col = _line_col(text, match.start())
    code = f"U+{ord(match.group()):04X}"
    return Diagnostic.error("K002", Pos(file, line, col), problem=f"ký tự điều khiển {code} không được phép",
                            problem_en=f"control character {code} is not allowed")


def _nesting(text: str, file: str) -> Diagnostic | None:
    """Refuse text nested deeper than the parser can take in bounded time.

    Flow brackets are counted outside comments (inside quotes too: that only over-counts);
    block nesting is the depth of the indentation stack, each leading ``- `` counting as a level.
    """
    flow = 0
    indents: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        while indents and indents[-1] >= indent:
            indents.pop()
        indents.append(indent)
        dashes = 0
        rest = stripped
        while rest.startswith("- ") or rest == "-":
            dashes += 1
            rest = rest[2:].lstrip(" ")
        if len(indents) + dashes > _SCAN_DEPTH:
            return Diagnostic.error("K008", Pos(file, number, indent + 1), limit=MAX_DEPTH)
        comment = line.find(" #")
        body = line if comment < 0 else line[:comment]
        for bracket in _BRACKETS.finditer(body):
            if bracket.group() in "[{":
                flow += 1
                if flow > _SCAN_DEPTH:
                    return Diagnostic.error("K008", Pos(file, number, bracket.start() + 1), limit=MAX_DEPTH)
            elif flow:
                flow -= 1
    return None


_READER: list[type] = []  # the reader class, made once


def _reader_class() -> type:
    """ruamel's reader, with its pattern of refused characters replaced by ``_NOT_PRINTABLE``.

    The set is the same (a test compares them); ruamel's own spelling of it is the negated class
    that takes 3 ms to compile, which every start that reads a Vietnamese file would pay.
    """
    if not _READER:
        from ruamel.yaml.reader import Reader

        class PrintableReader(Reader):  # type: ignore[misc]
            NON_PRINTABLE = _NOT_PRINTABLE

        _READER.append(PrintableReader)
    return _READER[0]


def read_yaml_text(text: str, file: str, max_nodes: int = MAX_NODES) -> tuple[Located | None, list[Diagnostic]]:
    """Parse one YAML document into located plain data, or return why it cannot be read.

    The data comes back together with non-fatal errors (a duplicate key, an invalid date) so that
    later checks can still run; it is None only when the file cannot be read at all.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        return None, [Diagnostic.error("K003", Pos(file, 1, 1), limit=MAX_FILE_BYTES, what="tệp", what_en="the file")]
    refused = _control_character(text, file) or _nesting(text, file)
    if refused is not None:
        return None, [refused]
    yaml = YAML(typ="safe", pure=True)
    yaml.Reader = _reader_class()
    composer = Composer(file, yaml.resolver, MAX_DEPTH, max_nodes)
    try:
        data = composer.compose(yaml.parse(text))
    except Refused as exc:
        return None, [exc.diagnostic]
    except MarkedYAMLError as exc:
        from kcscore.policy.yamlerrors import syntax_diagnostic  # only for a file that does not parse

        return None, [syntax_diagnostic(exc, file, text.splitlines())]
    except ReaderError as exc:
        line, col = _line_col(text, exc.position) if isinstance(exc.position, int) else (1, 1)
        return None, [Diagnostic.error("K002", Pos(file, line, col), problem=str(exc.reason), problem_en=str(exc.reason))]
    except (YAMLError, RecursionError, ValueError, TypeError) as exc:
        return None, [Diagnostic.error("K001", Pos(file, 1, 1), problem=type(exc).__name__)]
    located = composer.out
    located.data = {} if data is None and composer.count == 0 else data
    located.lines = text.splitlines()
    return located, composer.problems


def _decode(raw: bytes, name: str) -> tuple[str | None, Diagnostic | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start: exc.start].decode("utf-8", "replace")) + 1
        byte = raw[exc.start: exc.start + 1].hex().upper()
        return None, Diagnostic.error("K002", Pos(name, line, col), problem=f"byte 0x{byte} không phải UTF-8",
                                      problem_en=f"byte 0x{byte} is not UTF-8")


def read_yaml_file(path: Path, display: str | None = None, max_nodes: int = MAX_NODES) -> tuple[Located | None, list[Diagnostic]]:
    """Read a YAML file (UTF-8) with the safety limits above."""
    name = display or str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [Diagnostic.error("K000", Pos(name, 1, 1), problem=exc.strerror or str(exc))]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Diagnostic.error("K003", Pos(name, 1, 1), limit=MAX_FILE_BYTES, what="tệp", what_en="the file")]
    text, problem = _decode(raw, name)
    if text is None:
        assert problem is not None
        return None, [problem]
    return read_yaml_text(text, name, max_nodes)
