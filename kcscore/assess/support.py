"""The recommended support: min(requested, share × cost, cap in force on the as-of date).

Money is computed exactly in whole đồng (``Fraction``), never in floats. A cap or share that has no
value in force on the as-of date is an error, not a silent zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from kcscore.engine.base import Truth
from kcscore.wording.format import money, number, short_money
from kcscore.i18n import Day, Message, Spoken, Twin, render
from kcscore.kinds import support as support_kind
from kcscore.policy.ir import ParameterIR, Policy, RuleIR

if TYPE_CHECKING:
    from kcscore.policy.model import Support


class NoValueInForce(Spoken, Exception):
    """A dated parameter the applicant needs has no value on the as-of date."""

    def __init__(self, parameter: ParameterIR, day: dt.date) -> None:
        start, end = parameter.coverage
        title = Twin(parameter.spec.title.vi, parameter.spec.title.en)  # the pack's own words for it
        self.said = Message("assess.refused.no_value_until" if end else "assess.refused.no_value_onward",
                            {"parameter": parameter.id, "title": title, "day": Day(day), "start": Day(start),
                             "end": Day(end)})
        super().__init__(self.said.say("en"))


@dataclass
class SupportPlan:
    """Which support rule pays (``chosen``), or that none does, or that unknown conditions keep it open."""

    rule: RuleIR | None
    status: str  # chosen | none | unknown
    unknown: list[int]


def choose(policy: Policy, truths: Sequence[Truth]) -> SupportPlan:
    """The first support rule that applies; unknown if an earlier one cannot be settled."""
    rules = policy.of_kind("support")
    index, status, unknown = support_kind.choose(rules, truths)
    return SupportPlan(None if index is None else rules[index], status, unknown)


def amount(requested: int, share_amount: int, cap: int | None) -> tuple[int, str]:
    """The recommended amount and what set it: the least of the request, the share and the cap.

    On a tie the request wins over the share and the share over the cap (``set_by`` names the
    first). Both the per-applicant and the columnar path call this, row by row.
    """
    value, set_by = (requested, "requested") if requested <= share_amount else (share_amount, "share")
    if cap is not None and cap < value:
        value, set_by = cap, "cap"
    return value, set_by


def share_of(cost: int, share: Fraction) -> int:
    """``share`` percent of ``cost``, exact and floored to whole đồng."""
    return cost * share.numerator // (100 * share.denominator)


def unconfirmed(share_info: Any, cap_info: Any) -> bool:
    """Whether the share or the cap in force is not yet verified against the gazette."""
    return bool((share_info is not None and share_info[0].cite.confidence == "unconfirmed")
                or (cap_info is not None and cap_info[0].cite.confidence == "unconfirmed"))


def cap_cite(spec: Support, cap: Fraction | None, cap_info: Any) -> str:
    """The short citation said beside the cap: the dated value's own, else the rule's."""
    if cap is None:
        return ""
    return cap_info[0].cite.short() if cap_info else spec.cite.short()


def resolve(policy: Policy, value: float | str | None, day: dt.date) -> tuple[Fraction | None, ParameterIR | None, Any]:
    """The share or cap in force on ``day``, exact; periods are converted once per pack."""
    if value is None:
        return None, None, None
    cache = policy.__dict__.setdefault("_resolved", {})
    if value not in cache:
        if isinstance(value, str):
            parameter = policy.parameters[value]
            cache[value] = (parameter, [(start, end, Fraction(str(dated.value)), dated) for start, end, dated in parameter.periods])
        else:
            cache[value] = (None, Fraction(str(value)))
    entry = cache[value]
    if entry[0] is None:
        return entry[1], None, None
    parameter, periods = entry
    for start, end, exact, dated in periods:
        if start <= day and (end is None or day <= end):
            return exact, parameter, (dated, start, end)
    raise NoValueInForce(parameter, day)


def _cite(policy: Policy, info: Any) -> dict[str, Any] | None:
    """A dated value's citation as a dict, built once per value (read-only for callers)."""
    if info is None:
        return None
    cache = policy.__dict__.setdefault("_cites", {})
    key = id(info[0])
    if key not in cache:
        cache[key] = info[0].cite.model_dump(exclude_none=True)
    return cache[key]  # type: ignore[no-any-return]


def _sentence(lang: str, requested: int, share_pct: float, cost: int, cap: Fraction | None, cite: str, amount: int,
              unconfirmed: bool) -> str:
    parts = [render("support.requested", lang, amount=short_money(requested, lang)),
             f"{number(share_pct, lang)}% × {short_money(cost, lang)}"]
    if cap is not None:
        parts.append(render("support.cap", lang, amount=short_money(int(cap), lang), cite=cite))
    text = render("support.formula", lang, parts=", ".join(parts), amount=money(amount, lang))
    return text + (render("support.unconfirmed", lang) if unconfirmed else "")


def sentence(figures: Mapping[str, Any], lang: str) -> str:
    """The support formula in words, from the figures ``compute`` gives (or a ``SupportResult``'s)."""
    return _sentence(lang, figures["requested"], figures["share_pct"], figures["cost"], figures["cap"],
                     figures["cap_cite_short"], figures["amount"], figures["unconfirmed"])


def compute(policy: Policy, rule: RuleIR, record: Mapping[str, Any], day: dt.date) -> dict[str, Any]:
    """Support figures for an applicant whose cost and request are known; ``sentence`` says them."""
    spec = rule.spec
    assert spec.kind == "support"
    cost = int(record[spec.cost_field])
    requested = int(record[spec.requested_field])
    share, share_param, share_info = resolve(policy, spec.share, day)
    cap, cap_param, cap_info = resolve(policy, spec.cap, day)
    assert share is not None
    share_amount = share_of(cost, share)
    value, set_by = amount(requested, share_amount, int(cap) if cap is not None else None)
    return {
        "amount": value,
        "requested": requested,
        "cost": cost,
        "share_pct": float(share),
        "share_amount": share_amount,
        "cap": int(cap) if cap is not None else None,
        "cap_parameter": cap_param.id if cap_param else None,
        "cap_cite": _cite(policy, cap_info),
        "cap_period": (cap_info[1], cap_info[2]) if cap_info else None,
        "share_cite": _cite(policy, share_info),
        "set_by": set_by,
        "unconfirmed": unconfirmed(share_info, cap_info),
        "cap_cite_short": cap_cite(spec, cap, cap_info),
    }
