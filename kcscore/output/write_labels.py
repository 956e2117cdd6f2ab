"""Words the result files use: column headers, decisions, sheet names (the ``file.*`` codes of the catalogue)."""

from __future__ import annotations

from typing import Any

from kcscore.i18n import LANGS, group, status_label
from kcscore.i18n import lang_of as lang_of

DECISION: dict[str, dict[str, str]] = {lang: {key: status_label(key, lang) for key in ("eligible", "ineligible",
                                                                                    "incomplete")} for lang in LANGS}
YES_NO: dict[str, tuple[str, str]] = {lang: tuple(group("file.yes_no", lang).values()) for lang in LANGS}

COLUMNS: dict[str, dict[str, str]] = {lang: group("file.column", lang) for lang in LANGS}
ERROR_COLUMNS: dict[str, tuple[str, ...]] = {lang: tuple(group("file.error_column", lang).values()) for lang in LANGS}
SHEETS: dict[str, dict[str, str]] = {lang: group("file.sheet", lang) for lang in LANGS}
PHRASES: dict[str, dict[str, str]] = {lang: group("file.phrase", lang) for lang in LANGS}
INFO: dict[str, dict[str, str]] = {lang: group("file.info", lang) for lang in LANGS}

_STANDINGS = ("eligible", "incomplete", "ineligible", "funded")  # the counts and the funding column say these
for _lang in LANGS:
    COLUMNS[_lang]["funded"] = status_label("funded", _lang)
    INFO[_lang].update({key: status_label(key, _lang) for key in _STANDINGS})


def cite_text(cite: dict[str, Any] | None) -> str:
    if not cite:
        return ""
    doc = str(cite.get("doc", ""))
    article = cite.get("article")
    return f"{doc}, {article}" if article else doc
