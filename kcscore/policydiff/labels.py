"""Words of the pack comparison (the ``pdiff.*`` codes of the catalogue).

Decision names come from ``kcscore.output.write_labels`` so that the comparison speaks the same
words as the ranking it compares.
"""

from __future__ import annotations

from kcscore.i18n import LANGS, group
from kcscore.i18n import lang_of as lang_of
from kcscore.kinds.registry import KINDS
from kcscore.output.write_labels import DECISION

__all__ = ["ATTR", "COLUMNS", "CONFIDENCE", "DECISION", "KIND", "OP_WORDS", "SHEETS", "W", "lang_of"]

KIND: dict[str, dict[str, str]] = {  # what each rule kind is called: the kind units' own words
    lang: {name: kind.words[i] for name, kind in KINDS.items()} for i, lang in enumerate(("vi", "en"))
}

ATTR: dict[str, dict[str, str]] = {lang: group("pdiff.attr", lang) for lang in LANGS}

CONFIDENCE = {lang: group("pdiff.confidence", lang) for lang in LANGS}

W: dict[str, dict[str, str]] = {lang: group("pdiff.word", lang) for lang in LANGS}

SHEETS = {lang: group("pdiff.sheet", lang) for lang in LANGS}

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {  # one tuple of headers per sheet
    lang: {key: tuple(group(f"pdiff.column.{key}", lang).values()) for key in ("changes", "applicants", "funded", "warnings")}
    for lang in LANGS}

OP_WORDS = {lang: group("pdiff.op", lang) for lang in LANGS}
