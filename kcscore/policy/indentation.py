"""Find the line a YAML indentation slip is on, when the parser only notices it a line later.

When one line of a block is indented one step too far or too short, ruamel stops at the *next*
line ("mapping values are not allowed here" on a key that now continues the previous value). The
officer then looks at a correct line. This module re-reads the plain block structure of the lines
up to the error and names the first line whose indentation fits no open block, then decides
between it and the line before it the way a reader would: the odd one out is the line whose
neighbours agree with each other but not with it.

It is a heuristic used only to place (and word) a syntax error the parser already found, never to
accept a file; lines it cannot judge (flow collections over several lines, block scalars) are
skipped, and when in doubt the parser's own position is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPENER = re.compile(r"""^(?:-\s+)?(?:[^'"\s#{\[][^#]*?|'[^']*'|"[^"]*"):\s*(?:#.*)?$""")
_BLOCK_SCALAR = re.compile(r":\s*[|>][-+0-9]*\s*(?:#.*)?$")
WINDOW = 3  # how many lines above the parser's position a slip may be blamed on


@dataclass(frozen=True)
class Slip:
    """A mis-indented line (1-based), how far it is indented, and how far its neighbours are."""

    line: int
    indent: int
    expected: int | None


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based
    indent: int
    opener: bool  # `key:` with its value on the following lines
    dash: bool = False  # a list entry "- ..."
    inner: bool = False  # the mapping inside a "- key: value" entry, on the same line


def _content(lines: list[str], upto: int) -> list[_Line] | None:
    """Content lines up to ``upto`` (1-based, inclusive); None when a construct is beyond this reader."""
    out: list[_Line] = []
    skip_deeper_than: int | None = None
    for number, text in enumerate(lines[:upto], start=1):
        stripped = text.strip()
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            continue
        indent = len(text) - len(text.lstrip(" "))
        if skip_deeper_than is not None:
            if indent > skip_deeper_than:
                continue
            skip_deeper_than = None
        if text[indent:indent + 1] == "\t":
            return None
        body = stripped.split(" #")[0].rstrip()
        if body.count("{") != body.count("}") or body.count("[") != body.count("]"):
            return None  # a flow collection over several lines: leave it to the parser
        block_scalar = bool(_BLOCK_SCALAR.search(body))
        if block_scalar:
            skip_deeper_than = indent
        opener = bool(_OPENER.match(body)) and not block_scalar
        dash = body.startswith("- ") or body == "-"
        if dash and ":" in body[2:] and not body[2:].lstrip().startswith(("{", "[", "'", '"')):
            # "- key: value" opens a mapping whose further keys line up under "key"
            out.append(_Line(number, indent, False, dash=True))
            out.append(_Line(number, indent + 2 + len(body[2:]) - len(body[2:].lstrip()), opener, inner=True))
            continue
        out.append(_Line(number, indent, opener, dash=dash))
    return out


def _first_violation(items: list[_Line]) -> int | None:
    """Index in ``items`` of the first line that fits no open block level."""
    levels: list[int] = []
    after_opener = False
    for index, item in enumerate(items):
        if item.inner:
            levels.append(item.indent)
            after_opener = item.opener
            continue
        if after_opener:
            if not levels or item.indent > levels[-1] or (item.dash and item.indent == levels[-1]):
                if not levels or item.indent > levels[-1]:
                    levels.append(item.indent)
                after_opener = item.opener
                continue
            return index  # an opener's value must be indented further
        while levels and levels[-1] > item.indent:
            levels.pop()
        if not levels and item.indent == 0:
            levels.append(0)
        if not levels or levels[-1] != item.indent:
            return index
        after_opener = item.opener
    return None


def find_slip(lines: list[str], error_line: int) -> Slip | None:
    """The mis-indented line near ``error_line`` (1-based), or None when no slip is evident."""
    items = _content(lines, error_line)
    if not items:
        return None
    found = _first_violation(items)
    if found is None:
        return None
    bad = items[found]
    if not error_line - WINDOW <= bad.number <= error_line:
        return None
    rest = [i for i in _content(lines, len(lines)) or [] if i.number > bad.number and not i.inner]
    following = rest[0] if rest else None
    lines_before = [i for i in items[:found] if not i.inner]
    previous = lines_before[-1] if lines_before else None
    before = lines_before[-2] if len(lines_before) > 1 else None
    if previous is not None and not previous.opener:
        if previous.indent < bad.indent and before is not None and not before.opener and before.indent == bad.indent:
            return Slip(previous.number, previous.indent, bad.indent)  # less indented than both neighbours
        if (before is not None and before.opener and previous.indent != bad.indent and bad.indent > before.indent
                and following is not None and following.indent == bad.indent):
            return Slip(previous.number, previous.indent, bad.indent)  # a first child off the level its siblings keep
        return Slip(bad.number, bad.indent, previous.indent)
    if previous is not None and previous.opener:
        expected = following.indent if following is not None and following.indent > previous.indent else None
        return Slip(bad.number, bad.indent, expected)
    return Slip(bad.number, bad.indent, None)
