"""Amounts in words, as Vietnamese documents on money write them next to the figures.

"250.000.000 đồng (Hai trăm năm mươi triệu đồng)": the words guard the figure against a slipped
digit, so they are computed from the same integer, never typed.
"""

from __future__ import annotations

from kcscore.i18n import pick

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_SCALES = ["", "nghìn", "triệu"]


def _below_thousand(n: int, full: bool) -> list[str]:
    """Words of 0 < n < 1000; ``full`` says a higher group precedes, so '0 trăm' and 'lẻ' are spoken."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and (hundreds or full):
            words.append("lẻ")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 5 and tens > 0:
            words.append("lăm")
        elif units == 4 and tens > 1:
            words.append("tư")
        else:
            words.append(_DIGITS[units])
    return words


def vietnamese_words(n: int) -> str:
    """'Hai trăm năm mươi triệu' for 250000000; thousands of tỷ repeat 'tỷ' as documents do."""
    if n < 0:
        return "âm " + vietnamese_words(-n)
    if n == 0:
        return "Không"
    groups: list[int] = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        words += _below_thousand(group, full=bool(words))
        names = (_SCALES[index % 3] + " tỷ" * (index // 3)).strip()  # tỷ, nghìn tỷ, triệu tỷ …
        if names:
            words.append(names)
    text = " ".join(words)
    return text[0].upper() + text[1:]


def money_in_words(n: int, lang: str = "vi") -> str:
    """'Hai trăm năm mươi triệu đồng'; English documents keep the figure only (empty string)."""
    return pick(f"{vietnamese_words(n)} đồng", "", lang)
