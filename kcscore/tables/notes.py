"""Warnings about a table: a catalogue code and its parameters (``i18n/tables.py``, ``note.*``).

A warning is also a ``str`` (its Vietnamese text) so a list of them prints as-is; ``message(lang)``
says it in the output's language where it is shown, so ``--lang en`` loses nothing and another
language is one more column in the catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence

from kcscore.i18n import Message, capital

__all__ = ["LISTED", "Note", "Tally", "clip", "listing"]

LISTED = 8  # positions named in one warning before "…"
_CLIP = 60


class Note(str):
    """A warning: a ``Message`` (code and parameters); the string itself is its Vietnamese text.

    A parameter that reads differently in each language (how a line is named: "dòng"/"line") is
    itself a ``Message`` and is said in the warning's language.
    """

    said: Message

    def __new__(cls, code: str, **params: object) -> Note:
        message = Message(code, params)
        note = super().__new__(cls, capital(message.say("vi")))
        note.said = message
        return note

    @property
    def code(self) -> str:
        return self.said.code

    @property
    def en(self) -> str:
        return self.message("en")

    def message(self, lang: str = "vi") -> str:
        return capital(self.said.say(lang))

    def __reduce__(self) -> tuple[object, tuple[str, dict[str, object]]]:
        return (_note, (self.said.code, dict(self.said.params)))


def _note(code: str, params: dict[str, object]) -> Note:
    """A warning rebuilt from its code and parameters (unpickling: a child process read the table)."""
    return Note(code, **params)


def listing(items: Sequence[object], limit: int = LISTED) -> str:
    """``1, 2, 3`` or ``1, 2, 3, … (+5)`` so a warning stays one line however many rows it names."""
    shown = ", ".join(str(item) for item in items[:limit])
    return shown if len(items) <= limit else f"{shown}, … (+{len(items) - limit})"


class Tally:
    """How many things were seen and the first few of them, in constant memory: a file may have
    a million blank rows (Excel formats sheets down to row 1 048 576) and the warning names eight."""

    def __init__(self, limit: int = LISTED) -> None:
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
