"""Find where a character *inside* a YAML value sits in the file.

A condition or a sentence template is one YAML value, but its errors are about one word in it:
the caret must sit under ``local_materal_share``, not under the start of the line. For a value on
one line that is a shift; a value folded over several lines (``>-``, or plain text that wraps)
is walked character by character against the source, treating each folded line break as the
space YAML turned it into. When the two cannot be matched (escapes in double quotes), the start
of the value is the honest answer.
"""

from __future__ import annotations

from kcscore.policy.diagnostics import Pos
from kcscore.policy.yamlcompose import Located, PathKey

MAX_ALIGN = 8_000  # characters of a value we are willing to walk


def _source_start(located: Located, path: PathKey, base: Pos) -> tuple[int, int] | None:
    """0-based (line, column) where the value's first character is written."""
    style = located.styles.get(path)
    line, col = base.line - 1, base.col - 1
    if style in ("|", ">"):
        line += 1
        while line < len(located.lines) and not located.lines[line].strip():
            line += 1
        if line >= len(located.lines):
            return None
        text = located.lines[line]
        return line, len(text) - len(text.lstrip(" "))
    if style in ("'", '"'):
        col += 1
    return line, col


def _walk(lines: list[str], line: int, col: int, value: str, upto: int, quote: str | None) -> tuple[int, int] | None:
    """Source (line, col) of ``value[upto]``; None when value and source diverge.

    Whitespace in the value is not matched at all: the next visible character skips any spaces
    and line breaks in the source, which is exactly what folding did to them.
    """
    for index, char in enumerate(value[: upto + 1]):
        if char.isspace():
            if index == upto:
                return line, col
            continue
        while True:
            if line >= len(lines):
                return None
            text = lines[line]
            if col >= len(text):
                line, col = line + 1, 0
                continue
            if not text[col].isspace():
                break
            col += 1
        if text[col] != char:
            return None
        if index == upto:
            return line, col
        col += 2 if quote == "'" and char == "'" and text[col + 1: col + 2] == "'" else 1
    return None


def inner_pos(located: Located, path: PathKey, value: str, start: int = 0, end: int = 1) -> Pos:
    """The position of ``value[start:end]`` in the file, underlining it when it is on one line."""
    base = located.positions.get(path, Pos("?", 1, 1))
    length = max(end - start, 1)
    style = located.styles.get(path)
    first_line_only = "\n" not in value and style not in ("|", ">")
    if first_line_only and 0 < base.line <= len(located.lines):
        offset = located.scalar_offsets.get(path, 0)
        source = located.lines[base.line - 1]
        col = base.col - 1 + offset
        if source[col: col + len(value)] == value:
            return base.shifted(offset + start, length)
    if not located.lines or len(value) > MAX_ALIGN or start >= max(len(value), 1):
        return base.shifted(located.scalar_offsets.get(path, 0), 1)
    origin = _source_start(located, path, base)
    if origin is None:
        return base
    found = _walk(located.lines, origin[0], origin[1], value, start, style if style in ("'", '"') else None)
    if found is None:
        return base.shifted(located.scalar_offsets.get(path, 0), 1)
    line, col = found
    text = located.lines[line] if line < len(located.lines) else ""
    same_line = text[col: col + length] == value[start:end]
    return Pos(base.file, line + 1, col + 1, length if same_line else 1)
