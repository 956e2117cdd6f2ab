"""Whom an amendment affects: both packs run on the same applicants, compared one by one.

For each applicant: the decision before and after (a flip), the rank (a move), the funding, the
score, and the per-rule point changes that add up to the score change, each naming the edits of
the ``PackDiff`` that caused it. Two adjustments keep that sum exact: ``decision`` when the
applicant becomes (or stops being) eligible, since only eligible applicants have a score, and
``bounds`` when the total is clipped to 0 or to the maximum score, or scaled from another maximum
(``assess.scale``: a rule that does not apply to the applicant).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kcscore.assess.result import Assessment
from kcscore.batch.result import BatchResult
from kcscore.batch.run import run_batch
from kcscore.kinds.registry import is_scored
from kcscore.policy.ir import Policy
from kcscore.policydiff.attribution import Attributor
from kcscore.policydiff.columns import MissingColumn, missing_columns
from kcscore.policydiff.model import PackDiff
from kcscore.policydiff.structure import diff_packs
from kcscore.policydiff.values import plain

EPSILON = 1e-9


def _round(value: float) -> float:
    return plain(round(value, 6))


@dataclass
class Delta:
    """One part of a score change: a rule's points, or an adjustment (decision, bounds)."""

    kind: str  # points | decision | bounds
    rule: str | None
    old: float | None
    new: float | None
    delta: float
    causes: list[str]  # keys of the PackDiff changes

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "rule": self.rule, "old": plain(self.old), "new": plain(self.new),
                "delta": _round(self.delta), "causes": self.causes}


@dataclass
class ApplicantImpact:
    id: str
    name: str
    decision_old: str | None  # None: the row could not be read under that pack
    decision_new: str | None
    rank_old: int | None = None
    rank_new: int | None = None
    funded_old: bool | None = None
    funded_new: bool | None = None
    score_old: float = 0.0
    score_new: float = 0.0
    support_old: int = 0
    support_new: int = 0
    deltas: list[Delta] = field(default_factory=list)
    decision_causes: list[str] = field(default_factory=list)
    support_causes: list[str] = field(default_factory=list)
    rank_causes: list[str] = field(default_factory=list)  # tie-break edits, when the rank moved
    funding_causes: list[str] = field(default_factory=list)  # budget-rule edits, when funding changed

    @property
    def flipped(self) -> bool:
        return self.decision_old != self.decision_new

    @property
    def score_change(self) -> float:
        return _round(self.score_new - self.score_old)

    @property
    def rank_move(self) -> int | None:
        """Places gained (positive) or lost (negative); None unless ranked under both packs."""
        if self.rank_old is None or self.rank_new is None:
            return None
        return self.rank_old - self.rank_new

    @property
    def funding_change(self) -> str | None:
        if bool(self.funded_old) == bool(self.funded_new):
            return None
        return "entered" if self.funded_new else "exited"

    @property
    def changed(self) -> bool:
        return (self.flipped or bool(self.score_change) or bool(self.rank_move) or self.funding_change is not None
                or self.support_old != self.support_new)

    @property
    def causes(self) -> list[str]:
        keys = [*self.decision_causes, *(k for d in self.deltas for k in d.causes), *self.support_causes,
                *self.rank_causes, *self.funding_causes]
        return list(dict.fromkeys(keys))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name,
            "decision": {"old": self.decision_old, "new": self.decision_new},
            "rank": {"old": self.rank_old, "new": self.rank_new, "move": self.rank_move},
            "funded": {"old": self.funded_old, "new": self.funded_new, "change": self.funding_change},
            "score": {"old": plain(self.score_old), "new": plain(self.score_new), "change": self.score_change},
            "support_vnd": {"old": self.support_old, "new": self.support_new},
            "deltas": [d.to_json() for d in self.deltas],
            "decision_causes": self.decision_causes,
            "support_causes": self.support_causes,
            "rank_causes": self.rank_causes,
            "funding_causes": self.funding_causes,
        }


@dataclass
class ImpactDiff:
    applicants: list[ApplicantImpact]  # in the new pack's report order, then those only the old pack read
    budget: int | None
    as_of: dt.date | None
    old_run: BatchResult
    new_run: BatchResult
    missing_columns: list[MissingColumn] = field(default_factory=list)  # fields the list cannot tell

    @property
    def flips(self) -> dict[str, int]:
        """Counts by direction, e.g. ``{"ineligible→eligible": 1}``, in a fixed order."""
        counts = Counter(f"{a.decision_old}→{a.decision_new}" for a in self.applicants
                         if a.flipped and a.decision_old and a.decision_new)
        return dict(sorted(counts.items()))

    @property
    def entered(self) -> list[ApplicantImpact]:
        return [a for a in self.applicants if a.funding_change == "entered"]

    @property
    def exited(self) -> list[ApplicantImpact]:
        return [a for a in self.applicants if a.funding_change == "exited"]

    @property
    def support_changes(self) -> list[ApplicantImpact]:
        """Applicants eligible under both packs whose recommended support differs."""
        return [a for a in self.applicants
                if a.decision_old == a.decision_new == "eligible" and a.support_old != a.support_new]

    @property
    def committed(self) -> tuple[int | None, int | None]:
        runs = (self.old_run, self.new_run)
        return tuple(r.funding.committed if r.funding else None for r in runs)  # type: ignore[return-value]

    def summary(self) -> dict[str, Any]:
        moved = [a for a in self.applicants if a.rank_move]
        scored = [a for a in self.applicants if a.score_change]
        paid = self.support_changes
        old_committed, new_committed = self.committed
        return {
            "applicants": len(self.applicants),
            "changed": sum(a.changed for a in self.applicants),
            "flips": self.flips,
            "flipped": sum(self.flips.values()),
            "score_up": sum(a.score_change > 0 for a in scored),
            "score_down": sum(a.score_change < 0 for a in scored),
            "rank_moves": len(moved),
            "support_changed": len(paid),
            "support_change_vnd": sum(a.support_new - a.support_old for a in paid),
            "funded_entered": [a.id for a in self.entered],
            "funded_exited": [a.id for a in self.exited],
            "committed_vnd": {"old": old_committed, "new": new_committed},
            "errors": {"old": len(self.old_run.errors), "new": len(self.new_run.errors)},
        }

    def to_json(self) -> dict[str, Any]:
        return {"budget_vnd": self.budget, "as_of": self.as_of.isoformat() if self.as_of else None,
                "summary": self.summary(), "missing_columns": [m.to_json() for m in self.missing_columns],
                "applicants": [a.to_json() for a in self.applicants]}


def diff_impact(old: Policy, new: Policy, rows: Iterable[Mapping[str, Any]], budget: int | None = None,
                as_of: dt.date | None = None, lang: str = "vi", diff: PackDiff | None = None) -> ImpactDiff:
    """Run both packs on ``rows`` and compare every applicant (``diff`` is computed when not given)."""
    rows = list(rows)  # read twice, once per pack
    diff = diff if diff is not None else diff_packs(old, new)
    before = run_batch(old, rows, budget=budget, as_of=as_of, lang=lang, explain=False)
    after = run_batch(new, rows, budget=budget, as_of=as_of, lang=lang, explain=False)
    why = Attributor(diff, old, new)
    old_by_id = {a.id: a for a in before.assessments}
    out = [compare(old_by_id.get(a.id), a, why) for a in after.assessments]
    seen = {a.id for a in after.assessments}
    out += [compare(a, None, why) for a in before.assessments if a.id not in seen]
    return ImpactDiff(out, budget, as_of, before, after, missing_columns(old, new, rows, after.assessments))


def compare(before: Assessment | None, after: Assessment | None, why: Attributor) -> ApplicantImpact:
    """One applicant under both packs; either side is None when that pack could not read the row."""
    some = after if after is not None else before
    assert some is not None
    impact = ApplicantImpact(some.id, some.name, before.decision if before else None,
                             after.decision if after else None)
    if before is None or after is None:
        return impact
    impact.rank_old, impact.rank_new = before.rank, after.rank
    impact.funded_old, impact.funded_new = before.funded, after.funded
    impact.score_old, impact.score_new = before.score, after.score
    impact.support_old, impact.support_new = before.recommended_support_vnd, after.recommended_support_vnd
    if impact.flipped:
        impact.decision_causes = why.decision(before, after)
    if impact.support_old != impact.support_new:
        impact.support_causes = why.support(before, after)
    if "eligible" in (before.decision, after.decision):
        impact.deltas = _deltas(before, after, why)
    if impact.rank_move:
        impact.rank_causes = why.ranking()
    if impact.funding_change:
        impact.funding_causes = why.funding()
    return impact


def _scored(a: Assessment) -> dict[str, tuple[float, str | None]]:
    return {f.rule: (f.points or 0.0, f.band) for f in a.findings if is_scored(f.kind)}


def _deltas(before: Assessment, after: Assessment, why: Attributor) -> list[Delta]:
    old, new = _scored(before), _scored(after)
    out: list[Delta] = []
    for rid in dict.fromkeys([*old, *new]):
        (x, band_x), (y, band_y) = old.get(rid, (0.0, None)), new.get(rid, (0.0, None))
        if abs(y - x) > EPSILON:
            out.append(Delta("points", rid, old[rid][0] if rid in old else None, new[rid][0] if rid in new else None,
                             _round(y - x), why.rule(rid, band_x, band_y)))
    rest = (after.score - before.score) - sum(d.delta for d in out)
    if abs(rest) > EPSILON:
        if before.decision != after.decision:
            out.append(Delta("decision", None, None, None, _round(rest), why.decision(before, after)))
        else:
            causes = [*why.bounds(), *why.scale(), *(k for d in out for k in d.causes)]
            out.append(Delta("bounds", None, None, None, _round(rest), list(dict.fromkeys(causes))))
    return out
