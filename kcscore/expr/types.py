"""What the condition language needs to know about a field: its kind, values and bounds."""

from __future__ import annotations

from dataclasses import dataclass

from kcscore.i18n import LANGS, group

NUMERIC_KINDS = frozenset({"integer", "number", "money", "percent"})


@dataclass(frozen=True)
class FieldType:
    """What the type checker and the engines need of a field: its kind, its enum values and its bounds."""

    kind: str  # integer | number | money | percent | boolean | enum | text | date
    values: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False

    @property
    def expr_type(self) -> str:
        if self.kind in NUMERIC_KINDS:
            return "num"
        if self.kind == "boolean":
            return "bool"
        if self.kind in ("enum", "text"):
            return "str"
        return self.kind

    @property
    def integral(self) -> bool:
        return self.kind in ("integer", "money")


TYPE_NAMES = {lang: group("type_name", lang) for lang in LANGS}
