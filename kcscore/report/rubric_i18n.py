"""The rubric's fixed wording (the ``rubric.*`` codes of the catalogue); pack text comes from the pack itself."""

from __future__ import annotations

import datetime as dt
import re

from kcscore.wording.format import number
from kcscore.i18n import LANGS, group, lang_of, render
from kcscore.policy.model import Cite

TEXT: dict[str, dict[str, str]] = {lang: group("rubric", lang) for lang in LANGS}


def words(lang: str) -> dict[str, str]:
    return TEXT[lang_of(lang)]


def day(value: dt.date, lang: str) -> str:
    return value.strftime(render("format.date", lang))


def pts(value: float, lang: str) -> str:
    """Points with a true minus sign, so a deduction cannot be misread as a dash."""
    text = number(abs(round(value, 2)), lang)
    return f"−{text}" if value < 0 else text


def cite_text(cite: Cite, lang: str, with_confidence: bool = True) -> str:
    """'Thông tư 28/2018/TT-BTC, Điều 8.4 — note (theo nguồn thứ cấp)'."""
    text = cite.short()
    if cite.note:
        text += f" — {cite.note}"
    if cite.url:
        text += f" — {cite.url}"
    if with_confidence:
        text += f" ({confidence(cite, lang)})"
    return text


def confidence(cite: Cite, lang: str) -> str:
    return words(lang)[f"conf_{cite.confidence}"]


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def template(text: str, titles: dict[str, str]) -> str:
    """A sentence template with each '{field}' shown as ‹field title›, for readers of the rules; where
    the sentence already names the field just before it ("Loại hình {legal_form}"), as «…», so the
    title is not said twice."""
    def shown(m: re.Match[str]) -> str:
        title = titles.get(m.group(1), m.group(1))
        before = m.string[: m.start()].rstrip(" (").casefold().split()
        words = title.casefold().split()
        for k in range(min(len(before), len(words)), 0, -1):  # "Nội dung {support_content}" names it too
            if before[-k:] == words[:k] and (k >= 2 or k == len(words)):
                return "«…»"
        return f"‹{title}›"

    return _PLACEHOLDER.sub(shown, " ".join(text.split()))
