"""Every label the HTML and Markdown reports print: the ``report.*`` codes of the catalogue.

One set of words for both reports so that a word chosen for officers ("Ranh giới kinh phí") reads
the same on screen, on paper and in a Markdown file. Unknown languages fall back to Vietnamese, the
language the programme works in.
"""

from __future__ import annotations

from kcscore.i18n import LANGS, group, lang_of, status_label

_STANDINGS = ("eligible", "incomplete", "ineligible", "funded")  # also counts of the summary
_LABELS = {lang: {**group("report", lang), **{key: status_label(key, lang) for key in _STANDINGS}} for lang in LANGS}


def labels(lang: str) -> dict[str, str]:
    """The labels for ``lang``; anything but English is Vietnamese."""
    return _LABELS[lang_of(lang)]


def decision_label(decision: str, lang: str) -> str:
    """A decision in the words of the status vocabulary."""
    return status_label(decision, lang)
