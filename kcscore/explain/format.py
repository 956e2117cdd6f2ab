"""Values written the way an officer reads them: 1.129.000.000 đ, 1,5 %, có/không, labels not ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from kcscore.i18n import lang_of, pick
from kcscore.policy.model import FieldSpec

BLANK = {"vi": "(chưa có)", "en": "(blank)"}
YES_NO = {"vi": ("có", "không"), "en": ("yes", "no")}


def number(value: float | int, lang: str = "vi") -> str:
    """Group thousands with '.' and use ',' for decimals in Vietnamese; English the other way."""
    if value.__class__ is int:  # the common case, first
        return f"{value:,}".replace(",", ".") if lang == "vi" else f"{value:,}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = f"{value:,}"
        return text.replace(",", ".") if lang == "vi" else text
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def money(value: int | float, lang: str = "vi") -> str:
    return f"{number(value, lang)} đ" if lang == "vi" else f"{number(value, lang)} VND"


def short_money(value: int | float, lang: str = "vi") -> str:
    """250.000.000 -> '250 tr'; used inside formulas where the full figure is noise."""
    if value >= 1_000_000_000 and value % 1_000_000 == 0:
        whole = value % 1_000_000_000 == 0
        shown = number(value // 1_000_000_000 if whole else value / 1_000_000_000, lang)
        return f"{shown} tỷ" if lang == "vi" else f"{shown} bn"
    if value >= 1_000_000 and value % 100_000 == 0:
        whole = value % 1_000_000 == 0
        shown = number(value // 1_000_000 if whole else value / 1_000_000, lang)
        return f"{shown} tr" if lang == "vi" else f"{shown} m"
    return number(value, lang)


def points(value: float | None, lang: str = "vi") -> str:
    if value is None:
        return "?"
    return number(round(value, 2), lang)


def field_value(value: Any, spec: FieldSpec | None, lang: str = "vi") -> str:
    if value is None:
        return BLANK[lang]
    if isinstance(value, bool):
        return YES_NO[lang][0 if value else 1]
    if spec is not None and spec.type == "enum" and str(value) in spec.values:
        label = spec.values[str(value)]
        return pick(label.vi, label.en, lang)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d/%m/%Y") if lang == "vi" else value.isoformat()
    if isinstance(value, (int, float)):
        return number(value, lang)
    return str(value)


_MISSING = {"vi": ("chưa quyết định được", "tới {n} điểm"), "en": ("holds the decision", "up to {n} points")}


def missing_line(name: str, holds_decision: bool, points_at_stake: float, fields: Mapping[str, FieldSpec],
                 lang: str = "vi") -> str:
    """'Tỷ lệ nguyên liệu tại chỗ (%) [local_material_share]: tới 14 điểm' — what a blank holds up."""
    spec = fields.get(name)
    label = (pick(spec.title.vi, spec.title.en, lang)) if spec is not None else name
    holds, upto = _MISSING[lang_of(lang)]
    what = ([holds] if holds_decision else []) + ([upto.format(n=points(points_at_stake, lang))] if points_at_stake else [])
    return f"{label} [{name}]" + (f": {', '.join(what)}" if what else "")
