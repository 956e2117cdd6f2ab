"""'Did you mean …?' suggestions for misspelt ids, keys and enum values."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate most like ``word``, ignoring case and Vietnamese diacritics, or None."""
    options = list(candidates)
    if not options:
        return None
    folded = {_fold(c): c for c in options}
    target = _fold(word)
    if target in folded:
        return folded[target]
    match = difflib.get_close_matches(target, list(folded), n=1, cutoff=cutoff)
    return folded[match[0]] if match else None
