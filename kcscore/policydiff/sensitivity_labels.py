"""Words of the sensitivity report (``sensitivity.*`` codes of the catalogue), and the one sentence naming a perturbation."""

from __future__ import annotations

from collections.abc import Mapping

from kcscore.wording.format import number
from kcscore.i18n import LANGS, group
from kcscore.policydiff.perturb import Perturbation

OPS = {">": ">", ">=": "≥", "<": "<", "<=": "≤"}

W: dict[str, dict[str, str]] = {lang: group("sensitivity.word", lang) for lang in LANGS}

SHEETS = {lang: group("sensitivity.sheet", lang) for lang in LANGS}

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {  # one tuple of headers per sheet
    lang: {key: tuple(group(f"sensitivity.column.{key}", lang).values()) for key in ("ranked", "rules", "moves")}
    for lang in LANGS}


def describe(p: Perturbation, titles: Mapping[str, Mapping[str, str]], lang: str) -> str:
    """One perturbation in words, e.g. ``Threshold of “New jobs”, band at_least 5: new_jobs ≥ 5 → 4``."""
    w = W[lang]
    title = titles.get(p.rule, {}).get(lang, p.rule)
    if p.kind == "weight":
        assert p.factor is not None
        step = number(round(abs(p.factor - 1) * 100, 6), lang)
        return w["weight"].format(title=title, sign="+" if p.direction > 0 else "-", step=step,
                                  factor=number(round(p.factor, 6), lang))
    assert p.old is not None and p.new is not None
    band = w["band"].format(band=p.band) if p.band and not p.band.startswith("when ") else ""  # a `when` says it below
    return w["threshold"].format(title=title, band=band, field=p.field, op=OPS.get(p.op or "", p.op),
                                 old=number(p.old, lang), new=number(p.new, lang))
