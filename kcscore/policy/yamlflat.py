"""Read a *flat* YAML mapping (``key: value`` lines) without ruamel, or say it cannot.

Most proposals are one mapping of plain ``key: value`` lines. Importing ruamel and running its
pure-Python parser costs more than the rest of ``kcscore score`` on such a file, so this reader
takes the narrow subset below and gives up (returns None) on anything else, however valid:
the caller then reads the file with ``yamlsource`` as before, so every refusal, diagnostic and
position still comes from there. What it accepts it reads exactly as ``yamlsource`` does:
scalars are resolved with ruamel's YAML 1.2 patterns (copied below) and given their value by the
composer's own ``yamlscalar.scalar_value``; ``tests/policy/test_yamlflat.py`` compares the two readers on
generated documents.

The subset, line by line (after CRLF line ends become LF):
- blank lines, and comment lines (spaces, then ``#``);
- ``key:`` at the start of the line, then nothing, a comment, or one or more spaces and a value
  on the same line: a plain scalar (no ``:``, no flow brackets, not starting with an indicator),
  or a quoted one (double quotes without escapes, single quotes with ``''``) before an optional
  comment. A key starts with a letter, holds no ``:``, ``#`` or bracket, ends with no space, and
  is none of the words YAML reads as a boolean or null.
Anything else gives up: indentation, sequences, nested mappings, multi-line scalars, tabs, a
BOM, control characters, documents markers, directives, anchors, tags, a key written twice, a
number the composer would refuse (K006), and files larger than the limits ``yamlsource`` checks.
"""

from __future__ import annotations

import re
from typing import Any

from kcscore.policy.yamlscalar import _NOT_PRINTABLE, CORE, MAX_FILE_BYTES, MAX_NODES, UnreadableScalar, scalar_value

__all__ = ["read_flat_mapping"]

# ruamel.yaml's implicit resolvers for YAML 1.2 (ruamel/yaml/resolver.py), in the order it tries
# them, each with the first characters it is tried for. A scalar none of them matches is a string.
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_FLOAT = re.compile(r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""", re.X)
_INT = re.compile(r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""", re.X)
_NULL = re.compile(r"""^(?: ~
        |null|Null|NULL
        | )$""", re.X)
_TIMESTAMP = re.compile(r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", re.X)
_RESOLVERS = (
    ("tTfF", _BOOL, "bool"),
    ("-+0123456789.", _FLOAT, "float"),
    ("-+0123456789", _INT, "int"),
    ("~nN", _NULL, "null"),
    ("0123456789", _TIMESTAMP, "timestamp"),
)

# A key line: the key, its colon, and what follows the colon (a space or nothing comes first).
_KEY_LINE = re.compile(r"([^\W\d_][^:#\[\]{}]*?)(?<! ):(?:$| +(.*)$)")
# Characters that may not start a plain scalar (YAML's indicators); "-" is handled apart.
_INDICATORS = frozenset("?:,[]{}#&*!|>'\"%@`")
_UNCERTAIN = frozenset("\t\ufeff\x85\u2028\u2029[]{}")  # tabs, a BOM, other line breaks, flow brackets
_MAX_KEYS = 1_000  # far below MAX_NODES / 2: a larger mapping is left to yamlsource's count


class _GiveUp(Exception):
    """The text is outside the subset this reader takes."""


def read_flat_mapping(text: str) -> dict[str, Any] | None:
    """The mapping ``text`` holds, as ``yamlsource.read_yaml_text`` reads it; None outside the subset."""
    if len(text) * 4 > MAX_FILE_BYTES or _NOT_PRINTABLE.search(text) or not _UNCERTAIN.isdisjoint(text):
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    data: dict[str, Any] = {}
    try:
        for line in text.split("\n"):
            stripped = line.lstrip(" ")
            if not stripped or stripped[0] == "#":
                continue
            found = _KEY_LINE.fullmatch(line)
            if found is None:
                return None
            key, rest = found.group(1), found.group(2)
            if key in data or _resolved(key) != "str":
                return None
            data[key] = _value(rest)
    except _GiveUp:
        return None
    if not data or len(data) > _MAX_KEYS or MAX_NODES < 1 + 2 * len(data):
        return None
    return data


def _resolved(plain: str) -> str:
    """The core-schema type of a plain scalar, as ruamel's resolver names it."""
    if plain == "":
        return "null"
    first = plain[0]
    for starts, pattern, name in _RESOLVERS:
        if first in starts and pattern.match(plain):
            return name
    if plain in ("<<", "="):  # YAML's merge and value keys: the composer refuses them
        raise _GiveUp
    return "str"


def _value(rest: str | None) -> Any:
    """The value written after ``key:`` (``rest`` starts with no space; None: nothing there)."""
    if rest is None or rest == "" or rest[0] == "#":
        return None
    first = rest[0]
    if first == '"':
        end = rest.find('"', 1)
        if end < 0 or "\\" in rest[1:end]:
            raise _GiveUp
        _after_quotes(rest[end + 1:])
        return rest[1:end]
    if first == "'":
        return _single_quoted(rest)
    if first in _INDICATORS or (first == "-" and (len(rest) == 1 or rest[1] == " ")):
        raise _GiveUp
    comment = rest.find(" #")
    plain = (rest if comment < 0 else rest[:comment]).rstrip(" ")
    if ":" in plain:
        raise _GiveUp
    kind = _resolved(plain)
    try:
        return scalar_value(plain, f"{CORE}{kind}")
    except UnreadableScalar:
        raise _GiveUp from None


def _single_quoted(rest: str) -> str:
    parts: list[str] = []
    at = 1
    while True:
        end = rest.find("'", at)
        if end < 0:
            raise _GiveUp
        parts.append(rest[at:end])
        if rest[end + 1: end + 2] != "'":
            _after_quotes(rest[end + 1:])
            return "'".join(parts)
        at = end + 2


def _after_quotes(tail: str) -> None:
    """After a closing quote: nothing, spaces, or spaces and a comment."""
    stripped = tail.lstrip(" ")
    if stripped and not (stripped[0] == "#" and len(stripped) < len(tail)):
        raise _GiveUp
