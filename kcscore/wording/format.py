"""Values written the way an officer reads them: 1.129.000.000 đ, 1,5%, có/không, labels not ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kcscore.i18n import LANGS, lang_of, pick, render

if TYPE_CHECKING:
    from kcscore.policy.model import FieldSpec

# (thousands, decimal) separators per language, looked up once: numbers are formatted by the million
_SEPARATORS = {lang: (render("format.thousands", lang), render("format.decimal", lang)) for lang in LANGS}


def number(value: float | int, lang: str = "vi") -> str:
    """Group thousands with '.' and use ',' for decimals in Vietnamese; English the other way."""
    thousands, decimal = _SEPARATORS[lang_of(lang)]
    if value.__class__ is int:  # the common case, first
        return f"{value:,}".replace(",", thousands)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", thousands)
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def money(value: int | float, lang: str = "vi") -> str:
    return render("format.money", lang, amount=number(value, lang))


def short_money(value: int | float, lang: str = "vi") -> str:
    """250.000.000 -> '250 tr'; used inside formulas where the full figure is noise."""
    if value >= 1_000_000_000 and value % 1_000_000 == 0:
        whole = value % 1_000_000_000 == 0
        shown = number(value // 1_000_000_000 if whole else value / 1_000_000_000, lang)
        return render("format.billions", lang, n=shown)
    if value >= 1_000_000 and value % 100_000 == 0:
        whole = value % 1_000_000 == 0
        shown = number(value // 1_000_000 if whole else value / 1_000_000, lang)
        return render("format.millions", lang, n=shown)
    return number(value, lang)


def points(value: float | None, lang: str = "vi") -> str:
    if value is None:
        return "?"
    return number(round(value, 2), lang)


def field_value(value: Any, spec: FieldSpec | None, lang: str = "vi") -> str:
    if value is None:
        return render("format.blank", lang)
    if isinstance(value, bool):
        return render("format.yes" if value else "format.no", lang)
    if spec is not None and spec.type == "enum" and str(value) in spec.values:
        label = spec.values[str(value)]
        return pick(label.vi, label.en, lang)
    if isinstance(value, (dt.date, dt.datetime)):
        return pick(value.strftime("%d/%m/%Y"), value.isoformat(), lang)
    if isinstance(value, (int, float)):
        return number(value, lang)
    return str(value)


def field_title(name: str, fields: Mapping[str, FieldSpec], lang: str = "vi") -> str:
    """A field as an officer knows it, by its title; the id only for a field the pack does not declare."""
    spec = fields.get(name)
    return pick(spec.title.vi, spec.title.en, lang) if spec is not None else name


def missing_line(name: str, holds_decision: bool, points_at_stake: float, fields: Mapping[str, FieldSpec],
                 lang: str = "vi") -> str:
    """'Tỷ lệ nguyên liệu tại chỗ (%): tới 14 điểm' — what a blank holds up, named by its title."""
    label = field_title(name, fields, lang)
    what = ([render("format.holds_decision", lang)] if holds_decision else []) + (
        [render("format.up_to_points", lang, n=points(points_at_stake, lang))] if points_at_stake else [])
    return label + (f": {', '.join(what)}" if what else "")
