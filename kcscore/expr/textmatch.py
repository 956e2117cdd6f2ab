"""Accent- and case-insensitive text matching for ``contains`` / ``contains_any``.

Applicant lists are typed by many hands: the same product arrives as "Nghiền đá", "NGHIỀN ĐÁ",
"nghien da" (typed without a Vietnamese keyboard) or in decomposed Unicode (NFD, as some macOS and
web forms send it). A review flag or exclusion that silently misses the unaccented spelling is
worse than one that asks a person to look, so matching folds both sides the same way:

1. NFD decomposition, then every combining mark is dropped (``ề`` → ``e``, ``á`` → ``a``);
2. ``đ``/``Đ`` become ``d`` (it is a letter of its own, not a mark, so step 1 keeps it);
3. ``casefold``;
4. every run of whitespace becomes one space, and the ends are trimmed.

The pattern then matches when it occurs anywhere in the folded text (plain substring search; no
pattern syntax of any kind, so nothing a rule writer types is ever a regular expression).

The price is that words differing only by accents collide ("đá" stone, "da" leather): write
phrases of two or more words ("nghiền đá", "khai thác cát"), which ``rules check`` encourages by
refusing patterns shorter than ``MIN_PATTERN`` folded characters.
"""

from __future__ import annotations

import unicodedata

MAX_PATTERNS = 50  # literals in one contains_any list
MAX_PATTERN = 100  # characters in one literal
MIN_PATTERN = 2  # folded characters: a single letter matches nearly anything

_D = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """The text with accents, đ, case and extra whitespace removed (see the module docstring)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def matches(text: str | None, patterns: tuple[str, ...]) -> bool | None:
    """Whether any pattern occurs in ``text`` once both are folded; None (unknown) for a blank."""
    if text is None:
        return None
    folded = fold(text)
    if not folded:
        return None
    return any(fold(p) in folded for p in patterns)
