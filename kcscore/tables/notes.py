"""Warnings about a table, in Vietnamese first and English beside it.

A warning is a ``str`` (its Vietnamese text) so a list of them prints as-is, and carries its
English text in ``.en`` so ``--lang en`` loses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["Note", "clip", "listing"]

_LISTED = 8  # positions named in one warning before "…"
_CLIP = 60


class Note(str):
    """A warning: the string is the Vietnamese text, ``en`` the English one."""

    en: str

    def __new__(cls, vi: str, en: str) -> Note:
        note = super().__new__(cls, vi)
        note.en = en
        return note

    @property
    def vi(self) -> str:
        return str(self)

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else str(self)

    def __reduce__(self) -> tuple[type[Note], tuple[str, str]]:
        return (Note, (str(self), self.en))


def listing(items: Sequence[object], limit: int = _LISTED) -> str:
    """``1, 2, 3`` or ``1, 2, 3, … (+5)`` so a warning stays one line however many rows it names."""
    shown = ", ".join(str(item) for item in items[:limit])
    return shown if len(items) <= limit else f"{shown}, … (+{len(items) - limit})"


def clip(text: str, limit: int = _CLIP) -> str:
    """Cell text quoted in a warning, on one line and cut short."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
