"""Diagnostics about rule files: where, what, how to fix; rendered in vi or en, text, gnu or JSON.

The library returns diagnostics as values; only the CLI prints them. Messages live in
``messages.CATALOGUE`` under stable codes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kcscore.i18n import pick
from kcscore.i18n import render as say
from kcscore.policy.messages import render

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Pos:
    """A 1-based line and column in a file; ``length`` underlines that many characters."""

    file: str
    line: int
    col: int
    length: int = 1

    def shifted(self, offset: int, length: int = 1) -> Pos:
        return Pos(self.file, self.line, self.col + offset, max(length, 1))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One finding about a pack: a K-code, its level, where it is, and the values its message is filled with."""

    code: str
    level: Level
    pos: Pos
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    suggestion: str | None = None
    suggestion_label: str | None = None  # what the suggested id means, e.g. a field's title
    suggestion_label_en: str | None = None

    @staticmethod
    def error(code: str, pos: Pos, suggestion: str | None = None, **params: Any) -> Diagnostic:
        return Diagnostic(code, "error", pos, params, suggestion)

    @staticmethod
    def warning(code: str, pos: Pos, suggestion: str | None = None, **params: Any) -> Diagnostic:
        return Diagnostic(code, "warning", pos, params, suggestion)

    def with_label(self, label: str | None, label_en: str | None = None) -> Diagnostic:
        return Diagnostic(self.code, self.level, self.pos, self.params, self.suggestion, label, label_en)

    def message(self, lang: str = "vi") -> str:
        return render(self.code, lang, self.params)[0]

    def hint(self, lang: str = "vi") -> str | None:
        if not self.suggestion:
            return None
        text = pick(self.suggestion_label, self.suggestion_label_en, lang)
        label = f" ({text})" if text else ""
        return say("diag.did_you_mean", lang, suggestion=self.suggestion, label=label)

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        message, expected, example = render(self.code, lang, self.params)
        return {
            "file": self.pos.file,
            "line": self.pos.line,
            "col": self.pos.col,
            "level": self.level,
            "code": self.code,
            "message": message,
            "expected": expected,
            "example": example,
            "length": self.pos.length,
            "suggestion": self.suggestion,
            "hint": self.hint(lang),
        }


class PolicyError(Exception):
    """Raised by ``load_policy`` when a pack has errors; carries every diagnostic.

    It lives here, not beside the loader, so that a command catching it (every command that loads
    a pack, ``kcscore score`` among them) does not import the loader and the rule-file model.
    """

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{sum(d.level == 'error' for d in diagnostics)} error(s) in the policy pack")
        self.diagnostics = diagnostics


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.pos.file, d.pos.line, d.pos.col, d.code)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.level == "error" for d in diagnostics)


def format_gnu(d: Diagnostic, lang: str = "vi") -> str:
    """One line per problem, as compilers print them: ``file:line:col: level[code]: message``."""
    message = d.message(lang)
    hint = d.hint(lang)
    if hint:
        message += f"; {hint}"
    return f"{d.pos}: {d.level}[{d.code}]: {message}"


def _source_line(file: str, line: int, cache: dict[str, list[str]]) -> str | None:
    if file not in cache:
        try:
            cache[file] = Path(file).read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            cache[file] = []
    lines = cache[file]
    return lines[line - 1] if 0 < line <= len(lines) else None


SOURCE_WIDTH = 100


def _excerpt(source: str, col: int, length: int) -> tuple[str, str]:
    """The source line (a window of it when long) and the caret line under ``col``.

    Tabs show as '→' so that the caret stays aligned, one character per character.
    """
    line = source.replace("\t", "→")
    start = max(0, min(col - 1 - SOURCE_WIDTH // 3, len(line) - SOURCE_WIDTH)) if len(line) > SOURCE_WIDTH else 0
    window = line[start: start + SOURCE_WIDTH]
    prefix = "…" if start else ""
    suffix = "…" if start + SOURCE_WIDTH < len(line) else ""
    offset = col - 1 - start + len(prefix)
    width = max(1, min(length, len(prefix) + len(window) - offset))
    return prefix + window + suffix, " " * max(offset, 0) + "^" * width


def format_text(d: Diagnostic, lang: str = "vi", cache: dict[str, list[str]] | None = None) -> str:
    """The long form: the message, the source line with a caret, the hint, expected and example."""
    cache = {} if cache is None else cache
    message, expected, example = render(d.code, lang, d.params)
    level = say(f"diag.{d.level}", lang)
    out = [f"{d.pos}: {level}[{d.code}]: {message}"]
    source = _source_line(d.pos.file, d.pos.line, cache)
    if source is not None:
        shown, caret = _excerpt(source, d.pos.col, d.pos.length)
        out.append("    " + shown)
        out.append("    " + caret)
    hint = d.hint(lang)
    if hint:
        out.append(f"  {hint}")
    if expected:
        out.append(f"  {say('diag.expected', lang)}: {expected}")
    if example:
        label = f"  {say('diag.example', lang)}: "
        out.append(label + example.replace("\n", "\n" + " " * len(label)))
    return "\n".join(out)


def format_all(diagnostics: list[Diagnostic], fmt: str = "text", lang: str = "vi") -> str:
    ordered = sorted(diagnostics, key=sort_key)
    if fmt == "json":
        return json.dumps([d.to_json(lang) for d in ordered], ensure_ascii=False, indent=2)
    if fmt == "gnu":
        return "\n".join(format_gnu(d, lang) for d in ordered)
    cache: dict[str, list[str]] = {}
    return "\n\n".join(format_text(d, lang, cache) for d in ordered)
