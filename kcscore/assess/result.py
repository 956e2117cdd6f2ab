"""What an assessment finds about one applicant, and its JSON form (kcscore/assess/contract.py).

An assessment holds facts only: statuses, the band or items reached, the values read, points,
missing fields, citations. It holds no sentence: a sentence is said at the edge, in the reader's
language, by ``kcscore.explain`` from these facts and the pack's words. The JSON form therefore
asks a ``Words`` for the sentences its ``text`` keys carry.

Plain dataclasses: a batch builds hundreds of thousands of them. ``kcscore.assess.contract``
holds the pydantic model that the JSON output is validated against in tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from kcscore.kinds.registry import kind_of
from kcscore.wording.funding import FundingNote


class Words(Protocol):
    """What says an assessment's sentences in one language (``kcscore.explain.words``)."""

    def finding(self, a: Assessment, f: Finding) -> str: ...

    def support(self, a: Assessment) -> str: ...

    def suggestion(self, a: Assessment, s: Suggestion) -> str: ...

    def funding_note(self, a: Assessment) -> str | None: ...


@dataclass
class Finding:
    rule: str
    kind: str
    status: str  # pass|fail|unknown|exempt|not_applicable|excluded|clear|scored|raised|recommended
    cite: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    points: float | None = None
    max_points: float | None = None
    upper_points: float | None = None
    band: str | None = None
    missing: list[str] = field(default_factory=list)
    level: str | None = None  # flags: warning | info
    outcome: int | None = None  # the index of the band (or the one outcome) reached, in the rule's outcomes
    reached: tuple[int, ...] = ()  # a sum rule's items reached, by index

    def to_json(self, text: str) -> dict[str, Any]:
        """The JSON form, with ``text``, the finding's sentence as the reader's ``Words`` say it."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "kind": self.kind,
            "status": self.status,
            "points": _num(self.points),
            "max_points": _num(self.max_points),
            "text": text,
            "values": {k: _jsonable(v) for k, v in self.values.items()},
            "cite": self.cite,
        }
        if self.upper_points is not None and self.upper_points != self.points:
            out["upper_points"] = _num(self.upper_points)
        if self.band is not None:
            out["band"] = self.band
        if self.missing:
            out["missing"] = self.missing
        if self.level is not None:
            out["level"] = self.level
        return out


@dataclass
class MissingField:
    field: str
    rules: list[str]
    points_at_stake: float
    holds_decision: bool

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "rules": self.rules, "points_at_stake": _num(self.points_at_stake),
                "holds_decision": self.holds_decision}


@dataclass
class SupportResult:
    rule: str | None
    amount: int
    requested: int | None = None
    cost: int | None = None
    share_pct: float | None = None
    share_amount: int | None = None
    cap: int | None = None
    cap_parameter: str | None = None
    cap_cite: dict[str, Any] | None = None
    cap_period: tuple[dt.date, dt.date | None] | None = None
    share_cite: dict[str, Any] | None = None
    set_by: str | None = None  # requested | share | cap
    unconfirmed: bool = False
    cap_cite_short: str = ""  # the citation said beside the cap ("" without a cap)

    def to_json(self, text: str) -> dict[str, Any]:
        """The JSON form, with ``text``, the support formula as the reader's ``Words`` say it."""
        return {
            "rule": self.rule,
            "amount_vnd": self.amount,
            "requested_vnd": self.requested,
            "cost_vnd": self.cost,
            "share_pct": _num(self.share_pct),
            "share_amount_vnd": self.share_amount,
            "cap_vnd": self.cap,
            "cap_parameter": self.cap_parameter,
            "cap_period": [self.cap_period[0].isoformat(), self.cap_period[1].isoformat() if self.cap_period[1] else None]
            if self.cap_period else None,
            "cap_cite": self.cap_cite,
            "set_by": self.set_by,
            "unconfirmed": self.unconfirmed,
            "text": text,
        }


@dataclass
class Suggestion:
    rule: str
    field: str
    current: Any
    proposed: Any
    gain: float
    changes: dict[str, Any] = field(default_factory=dict)  # every field the suggestion changes
    # the range of values each changed number must reach: (low, low included, high, high included)
    targets: dict[str, tuple[float, bool, float, bool]] = field(default_factory=dict)

    def to_json(self, text: str) -> dict[str, Any]:
        """The JSON form, with ``text``, the suggestion as the reader's ``Words`` say it."""
        return {"rule": self.rule, "field": self.field, "current": _jsonable(self.current),
                "proposed": _jsonable(self.proposed), "gain": _num(self.gain), "text": text,
                "changes": {k: _jsonable(v) for k, v in self.changes.items()}}


@dataclass
class Assessment:
    id: str
    name: str
    decision: str
    score: float
    max_score: float
    provisional_score: float
    upper_score: float
    recommended_support_vnd: int
    findings: list[Finding]
    missing: list[str]
    missing_detail: list[MissingField]
    reasons: list[str]
    as_of: dt.date
    lang: str
    support: SupportResult | None = None
    suggestions: list[Suggestion] = field(default_factory=list)
    rank: int | None = None
    funded: bool | None = None
    funding_note: FundingNote | None = None  # why an eligible applicant went unfunded (facts; said by wording.funding)
    row: int | None = None
    submitted_on: dt.date | None = None
    tie_values: tuple[Any, ...] = ()
    record: dict[str, Any] = field(default_factory=dict)
    points_earned: float | None = None  # the points before scaling (assess.scale), penalties included
    points_possible: float | None = None  # the maximum of the criteria and bonuses that apply

    @property
    def flags(self) -> list[Finding]:
        """Notes for the officer: findings of kinds said only when they hold (flags)."""
        return [f for f in self.findings if kind_of(f.kind).only_when is not None]

    @property
    def support_shown(self) -> bool:
        """Whether a reader is told the support sentence: only an eligible applicant is; to anyone
        else a sentence with an amount would read as a promise of money; the figures stay in JSON."""
        return self.decision == "eligible" and self.support is not None

    def points_of(self, rule: str) -> float | None:
        for f in self.findings:
            if f.rule == rule:
                return f.points
        return None

    def to_json(self, words: Words, with_budget: bool = False) -> dict[str, Any]:
        """The JSON form (the contract of ``kcscore/assess/contract.py``); ``words`` say its sentences."""
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "decision": self.decision,
            "score": _num(self.score),
            "max_score": _num(self.max_score),
            "rank": self.rank,
            "recommended_support_vnd": self.recommended_support_vnd,
            "findings": [f.to_json(words.finding(self, f)) for f in self.findings],
            "missing": self.missing,
            "missing_detail": [m.to_json() for m in self.missing_detail],
            "reasons": self.reasons,
            "flags": [f.rule for f in self.flags],
            "provisional_score": _num(self.provisional_score),
            "upper_score": _num(self.upper_score),
            "support": self.support.to_json(words.support(self)) if self.support else None,
            "suggestions": [s.to_json(words.suggestion(self, s)) for s in self.suggestions],
            "as_of": self.as_of.isoformat(),
        }
        if self.points_possible is not None:
            out["points_earned"] = _num(self.points_earned)
            out["points_possible"] = _num(self.points_possible)
        if with_budget:
            out["funded"] = bool(self.funded)
            if self.funding_note:
                out["funding_note"] = words.funding_note(self)
        if self.row is not None:
            out["row"] = self.row
        return out


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 6)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return _num(value)
    return value
