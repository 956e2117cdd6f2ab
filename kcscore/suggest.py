"""'Did you mean …?' suggestions for misspelt ids, keys and enum values."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

MIN_PART = 4  # a shorter word is too ambiguous to be matched as part of an id
MAX_CANDIDATES = 2_000  # keeps a hostile pack from making suggestions quadratic


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate most like ``word``, ignoring case and Vietnamese diacritics, or None.

    A close spelling wins (``local_materal_share``); failing that, a word that is part of exactly
    one long id that policy staff abbreviate (``mining`` for ``mining_mineral_processing``).
    """
    options = [c for c in candidates if isinstance(c, str)][:MAX_CANDIDATES]
    if not options or not isinstance(word, str) or len(word) > 200:
        return None
    folded = {_fold(c): c for c in options}
    target = _fold(word)
    if target in folded:
        return folded[target]
    import difflib  # here: most commands never misspell anything, and it costs a start a millisecond

    match = difflib.get_close_matches(target, list(folded), n=1, cutoff=cutoff)
    if match:
        return folded[match[0]]
    if len(target) < MIN_PART:
        return None
    parts = [f for f in folded if target in f or (len(f) >= MIN_PART and f in target)]
    return folded[parts[0]] if len(parts) == 1 else None  # two ids share the word: do not guess
