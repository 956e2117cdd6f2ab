"""Fund down the ranked list within a budget; the total committed never exceeds it.

The pack declares what happens to an applicant whose recommended support no longer fits: ``skip``
(the default: pass over it, report it, and keep funding smaller ones below) or ``stop`` (the
funding line is drawn there).
"""

from __future__ import annotations

from collections.abc import Sequence

from kcscore.assess.result import Assessment
from kcscore.batch.result import Funding
from kcscore.wording.format import money
from kcscore.wording.funding import BELOW_LINE, NO_SUPPORT, SHORT, FirstShort, FundingNote
from kcscore.i18n import render


def select(ranked: list[Assessment], budget: int, rule: str) -> Funding:
    """Walk ``ranked`` in order, funding each eligible applicant whose support fits in what is left;
    an unfunded one gets a ``FundingNote`` (facts, said at the edge), and the first the money missed
    is kept for the funding line."""
    eligible = [a for a in ranked if a.decision == "eligible"]
    for a in ranked:
        if a.decision != "eligible":
            a.funded = False
    funding, funded, notes = walk([a.id for a in eligible], [a.rank for a in eligible],
                                  [a.recommended_support_vnd for a in eligible], budget, rule)
    for a, fits, note in zip(eligible, funded, notes):
        a.funded = fits
        if note is not None:
            a.funding_note = note
    return funding


def walk(ids: Sequence[str], ranks: Sequence[int | None], amounts: Sequence[int], budget: int, rule: str
         ) -> tuple[Funding, list[bool], list[FundingNote | None]]:
    """Budget selection over the eligible applicants in rank order, given as plain lists (their
    ids, ranks and recommended amounts): whether each is funded and, if not, its note. Both the
    assessments (``select``) and the arrays of a large list (``batch.fast``) are selected here,
    so they cannot differ; equal notes are one object, as a large list holds one per row."""
    left = budget
    funded_ids: list[str] = []
    skipped: list[str] = []
    first_id: str | None = None
    first_lacked: int | None = None
    first: FirstShort | None = None
    last_funded_rank: int | None = None
    stopped = False
    funded = [False] * len(amounts)
    notes: list[FundingNote | None] = [None] * len(amounts)
    no_support, below_line = FundingNote(NO_SUPPORT), FundingNote(BELOW_LINE)
    shorts: dict[tuple[int, int], FundingNote] = {}
    for k, amount in enumerate(amounts):
        if not stopped and 0 < amount <= left:
            funded[k] = True
            left -= amount
            funded_ids.append(ids[k])
            last_funded_rank = ranks[k]
            continue
        if amount <= 0:
            notes[k] = no_support
            continue
        if stopped:
            notes[k] = below_line
            continue
        lacked = amount - left
        if first_id is None:
            first_id, first_lacked = ids[k], lacked
            first = FirstShort(ids[k], ranks[k], amount, left)
        note = shorts.get((amount, left))
        if note is None:
            note = shorts[(amount, left)] = FundingNote(SHORT, amount, left)
        notes[k] = note
        if rule == "stop":
            stopped = True
        else:
            skipped.append(ids[k])
    committed = budget - left
    assert committed <= budget  # the invariant every report relies on
    return (Funding(budget, committed, left, rule, funded_ids, last_funded_rank, first_id, first_lacked, first, skipped),
            funded, notes)


TOO_LARGE = 10  # a budget this many times what every eligible applicant would get is almost surely misread


def sanity_warnings(funding: Funding | None, lang: str = "vi") -> list[str]:
    """Warnings for a budget that is probably not the amount meant (``1.129 tỷ`` read a thousand
    times too large, a missing ``triệu``): one at least ``TOO_LARGE`` times the total recommended
    support of the eligible applicants, or one that funds nobody because even the first in line
    needs more. Nothing is changed: the officer decides, but is told before publishing a ranking.
    """
    if funding is None:
        return []
    everyone_funded = funding.first_unfunded_id is None and not funding.skipped_ids
    if everyone_funded and 0 < funding.committed and funding.budget >= TOO_LARGE * funding.committed:
        times = funding.budget // funding.committed
        return [render("funding.too_large", lang, budget=money(funding.budget, lang), times=times,
                       committed=money(funding.committed, lang))]
    if not funding.funded_ids and funding.first_unfunded_id is not None:
        needed = funding.budget + (funding.first_unfunded_lacked or 0)
        return [render("funding.funds_nobody", lang, budget=money(funding.budget, lang), id=funding.first_unfunded_id,
                       needed=money(needed, lang))]
    return []
