"""Why an eligible applicant went unfunded: the facts budget selection records, and how they are said.

Budget selection (``batch.budget.select``) keeps only the facts — which case, how much was needed,
how much was left — so an assessment holds no sentence; every output says the note in its own
language at the edge with ``say``. The type lives here, below both the assessment and the
large-list path, because both hold it and both say it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kcscore.i18n import render
from kcscore.wording.format import money

NO_SUPPORT = "status.no_support"  # eligible, but the formula recommends nothing
BELOW_LINE = "status.below_line"  # the pack stops at the first that does not fit; this one is after it
SHORT = "funding.short"  # its amount did not fit in what was left


@dataclass(frozen=True)
class FundingNote:
    """One unfunded applicant's case: ``code`` is one of the three above; ``needed`` and ``left``
    (VND) are set for ``SHORT`` only. Frozen and hashable: a large list shares one note per case."""

    code: str
    needed: int | None = None
    left: int | None = None


def say(note: FundingNote, lang: str) -> str:
    """The note in ``lang``: "không đủ kinh phí còn lại: cần 300.000.000 đ, chỉ còn 90.000.000 đ"."""
    if note.code == SHORT:
        return render(SHORT, lang, needed=money(note.needed or 0, lang), left=money(note.left or 0, lang))
    return render(note.code, lang)


@dataclass(frozen=True)
class FirstShort:
    """The first eligible applicant the money did not reach, as the funding line reports it."""

    id: str
    rank: int | None
    needed: int  # its recommended support (VND)
    left: int  # what was left when its turn came (VND)

    @property
    def lacked(self) -> int:
        return self.needed - self.left


def say_first(first: FirstShort, lang: str) -> str:
    """"B3 (hạng 3) cần 60.000.000 đ nhưng chỉ còn 50.000.000 đ: thiếu 10.000.000 đ"."""
    return render("funding.first_short", lang, id=first.id, rank=first.rank, needed=money(first.needed, lang),
                  left=money(first.left, lang), lacked=money(first.lacked, lang))
