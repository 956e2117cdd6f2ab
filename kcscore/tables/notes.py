"""Warnings about a table, in Vietnamese first and English beside it.

A warning is a ``str`` (its Vietnamese text) so a list of them prints as-is, and carries its
English text in ``.en`` so ``--lang en`` loses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from kcscore.i18n import pick

__all__ = ["Note", "Tally", "clip", "listing"]

_LISTED = 8  # positions named in one warning before "…"
_CLIP = 60


class Note(str):
    """A warning: the string is the Vietnamese text, ``en`` the English one."""

    en: str

    def __new__(cls, vi: str, en: str) -> Note:
        note = super().__new__(cls, vi[:1].upper() + vi[1:])
        note.en = en[:1].upper() + en[1:]
        return note

    @property
    def vi(self) -> str:
        return str(self)

    def message(self, lang: str = "vi") -> str:
        return pick(str(self), self.en, lang)

    def __reduce__(self) -> tuple[type[Note], tuple[str, str]]:
        return (Note, (str(self), self.en))


def listing(items: Sequence[object], limit: int = _LISTED) -> str:
    """``1, 2, 3`` or ``1, 2, 3, … (+5)`` so a warning stays one line however many rows it names."""
    shown = ", ".join(str(item) for item in items[:limit])
    return shown if len(items) <= limit else f"{shown}, … (+{len(items) - limit})"


class Tally:
    """How many things were seen and the first few of them, in constant memory: a file may have
    a million blank rows (Excel formats sheets down to row 1 048 576) and the warning names eight."""

    def __init__(self, limit: int = _LISTED) -> None:
        self.count = 0
        self.first: list[object] = []
        self._limit = limit

    def add(self, item: object) -> None:
        self.count += 1
        if len(self.first) < self._limit:
            self.first.append(item)

    def absorb(self, other: Tally) -> None:
        """Add everything ``other`` counted, then empty it."""
        self.first.extend(other.first[: max(0, self._limit - len(self.first))])
        self.count += other.count
        other.count, other.first = 0, []

    def __len__(self) -> int:
        return self.count

    def shown(self) -> str:
        """``1, 2, 3`` or ``1, 2, 3, … (+5)``, like :func:`listing`."""
        shown = ", ".join(str(item) for item in self.first)
        return shown if self.count <= len(self.first) else f"{shown}, … (+{self.count - len(self.first)})"


def clip(text: str, limit: int = _CLIP) -> str:
    """Cell text quoted in a warning, on one line and cut short."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
