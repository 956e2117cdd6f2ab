"""How text for a terminal is laid out: wrapped to its width, coloured only where colour is wanted.

A scorecard or ranking printed on an 80-column terminal used to run past the edge, and the
terminal broke "250.000.000 đ" between the number and its unit. Here a line is wrapped at word
boundaries with a hanging indent under its marker ("  ✓ ", "  +  6/6  "), and an amount is never
split from its unit. Colour marks what an officer scans for (✓ green, ✗ red, the funding line
red), and is off when the output is not a terminal or ``NO_COLOR`` is set (https://no-color.org):
a file or a pipe gets plain text.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import IO

MIN_WIDTH = 40  # below this, wrapping does more harm than good
_NBSP = "\u00a0"
_AMOUNT_UNIT = re.compile(r"(?<=\d) (?=(?:đ|đồng|VND|tr|triệu|tỷ|%|điểm|points)\b)")
_MARKER = re.compile(r"^(\s*(?:[✓✗·?!+\-−]\s+)?(?:[+−]?\s*\d+(?:[.,]\d+)?(?:/\d+)?\s+)?)")
_CODES = {"ok": "32", "bad": "31", "unknown": "33", "line": "1;31"}
_MARK_ROLE = {"✓": "ok", "✗": "bad", "?": "unknown"}


@dataclass(frozen=True)
class Term:
    """``width``: columns to wrap at (None: never wrap); ``colour``: whether to emit ANSI colours."""

    width: int | None = None
    colour: bool = False

    def paint(self, text: str, role: str) -> str:
        """``text`` in the colour of ``role`` (ok, bad, unknown, line), or as it is without colour."""
        if not self.colour or role not in _CODES:
            return text
        return f"\x1b[{_CODES[role]}m{text}\x1b[0m"

    def mark(self, mark: str) -> str:
        """A ✓, ✗ or ? in its colour."""
        return self.paint(mark, _MARK_ROLE[mark]) if mark in _MARK_ROLE else mark

    def wrap(self, line: str, indent: str | None = None) -> list[str]:
        """``line`` cut into lines of at most ``width`` columns, continuation lines indented under
        the text after the line's marker (or by ``indent``); amounts stay with their unit."""
        if self.width is None or len(line) <= self.width:
            return [line]
        lead = indent if indent is not None else " " * len(_MARKER.match(line).group(1))  # type: ignore[union-attr]
        if len(lead) > self.width // 2:
            lead = "    "
        import textwrap  # only a line longer than a terminal is wrapped: output to a file or pipe never is

        glued = _AMOUNT_UNIT.sub(_NBSP, line)
        out = textwrap.wrap(glued, width=max(self.width, MIN_WIDTH), subsequent_indent=lead, break_long_words=False,
                            break_on_hyphens=False, drop_whitespace=True)
        return [part.replace(_NBSP, " ") for part in out] or [line]

    def block(self, lines: list[str]) -> str:
        """Every line wrapped, then the ✓/✗/? that opens a line coloured (after wrapping, so the
        colour codes never count as columns)."""
        out: list[str] = []
        for line in lines:
            parts = self.wrap(line)
            out.append(self._lead_mark(parts[0]))
            out += parts[1:]
        return "\n".join(out)

    def _lead_mark(self, line: str) -> str:
        stripped = line.lstrip(" ")
        if not self.colour or not stripped or stripped[0] not in _MARK_ROLE:
            return line
        return line[: len(line) - len(stripped)] + self.mark(stripped[0]) + stripped[1:]


PLAIN = Term()


def detect(stream: IO[str] | None, environ: dict[str, str] | None = None) -> Term:
    """The layout for ``stream``: its width and colour when it is a terminal, plain text otherwise."""
    env = os.environ if environ is None else environ
    tty = bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())
    if not tty:
        return PLAIN
    import shutil  # a terminal's width only (shutil imports compressors too: not worth it for a file or a pipe)

    columns = shutil.get_terminal_size((80, 24)).columns
    return Term(width=max(columns, MIN_WIDTH), colour=not env.get("NO_COLOR"))
