"""Fund down the ranked list within a budget; the total committed never exceeds it.

The pack declares what happens to an applicant whose recommended support no longer fits: ``skip``
(the default: pass over it, report it, and keep funding smaller ones below) or ``stop`` (the
funding line is drawn there).
"""

from __future__ import annotations

from kcscore.assess.result import Assessment
from kcscore.batch.result import Funding
from kcscore.explain.format import money


def select(ranked: list[Assessment], budget: int, rule: str, lang: str = "vi") -> Funding:
    left = budget
    funded: list[str] = []
    skipped: list[str] = []
    first_id: str | None = None
    first_lacked: int | None = None
    first_text = ""
    last_funded_rank: int | None = None
    stopped = False
    for a in ranked:
        if a.decision != "eligible":
            a.funded = False
            continue
        amount = a.recommended_support_vnd
        if not stopped and 0 < amount <= left:
            a.funded = True
            left -= amount
            funded.append(a.id)
            last_funded_rank = a.rank
            continue
        a.funded = False
        if amount <= 0:
            a.funding_note = ("không có mức hỗ trợ đề xuất" if lang == "vi" else "no recommended support")
            continue
        if stopped:
            a.funding_note = ("dưới ranh giới kinh phí" if lang == "vi" else "below the funding line")
            continue
        lacked = amount - left
        if first_id is None:
            first_id, first_lacked = a.id, lacked
            if lang == "vi":
                first_text = (f"{a.id} (hạng {a.rank}) cần {money(amount, 'vi')} nhưng chỉ còn {money(left, 'vi')}: "
                              f"thiếu {money(lacked, 'vi')}")
            else:
                first_text = (f"{a.id} (rank {a.rank}) needs {money(amount, 'en')} but only {money(left, 'en')} is left: "
                              f"{money(lacked, 'en')} short")
        if rule == "stop":
            stopped = True
            a.funding_note = ("ranh giới kinh phí: không đủ kinh phí" if lang == "vi" else "funding line: not enough budget left")
        else:
            skipped.append(a.id)
            a.funding_note = (f"bỏ qua: cần {money(amount, 'vi')}, chỉ còn {money(left, 'vi')}" if lang == "vi"
                              else f"skipped: needs {money(amount, 'en')}, only {money(left, 'en')} left")
    committed = budget - left
    assert committed <= budget  # the invariant every report relies on
    return Funding(budget, committed, left, rule, funded, last_funded_rank, first_id, first_lacked, first_text, skipped)


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
        if lang == "vi":
            return [f"ngân sách {money(funding.budget, 'vi')} gấp {times} lần tổng mức hỗ trợ đề xuất của mọi hồ sơ đủ "
                    f"điều kiện ({money(funding.committed, 'vi')}): kiểm tra lại số tiền và đơn vị (tỷ, triệu)"]
        return [f"the budget {money(funding.budget, 'en')} is {times} times the total recommended support of every "
                f"eligible applicant ({money(funding.committed, 'en')}): check the amount and its unit (tỷ, triệu)"]
    if not funding.funded_ids and funding.first_unfunded_id is not None:
        needed = funding.budget + (funding.first_unfunded_lacked or 0)
        if lang == "vi":
            return [f"ngân sách {money(funding.budget, 'vi')} không đủ cho hồ sơ nào: {funding.first_unfunded_id}, hồ sơ "
                    f"đầu tiên được xét, cần {money(needed, 'vi')}: kiểm tra lại số tiền và đơn vị (tỷ, triệu)"]
        return [f"the budget {money(funding.budget, 'en')} funds no applicant: {funding.first_unfunded_id}, the first "
                f"in line, needs {money(needed, 'en')}: check the amount and its unit (tỷ, triệu)"]
    return []
