"""Which weights and thresholds matter: every perturbation re-ranks the same list within the budget.

The list is assessed once, by the same pipeline as ``kcscore rank`` and ``rules diff``
(``batch.run.run_batch``). A perturbation (``policydiff.perturb``) changes one scored rule, and
scored rules never change a decision, so only that rule's points have to be found again for each
eligible applicant: its outcome is decided by ``assess.outcomes.scored`` from the applicant's
truths (the moved condition evaluated by the reference evaluator), the score is the other rules'
points plus the new ones, added and scaled as the assessor does (``assess.scale.Tally``), and the copies are ranked with
``batch.ranking.rank`` and funded with ``batch.budget.select`` under the perturbed policy. The
tests check this against a full ``run_batch`` of every perturbed policy.

For each perturbation: who enters or leaves the funded set, the largest and the median rank move
(over every ranked applicant, unmoved ones counting 0), and how many moved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kcscore.assess import outcomes as O
from kcscore.assess import scale
from kcscore.assess.result import Assessment
from kcscore.batch import budget as budget_mod
from kcscore.batch.ranking import rank
from kcscore.batch.result import BatchResult
from kcscore.batch.run import choose_evaluator, run_batch
from kcscore.engine.base import Truth
from kcscore.expr.evaluate import truth
from kcscore.policy.ir import Policy
from kcscore.policydiff.perturb import Perturbation, apply, moved_condition, perturbations
from kcscore.policydiff.values import plain



@dataclass
class Move:
    id: str
    name: str
    rank_old: int
    rank_new: int
    score_old: float
    score_new: float

    @property
    def places(self) -> int:
        """Places gained (positive) or lost (negative)."""
        return self.rank_old - self.rank_new

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "rank_old": self.rank_old, "rank_new": self.rank_new,
                "move": self.places, "score_old": plain(round(self.score_old, 6)),
                "score_new": plain(round(self.score_new, 6))}


@dataclass
class Effect:
    """What one perturbation does to the ranking and the funded set."""

    perturbation: Perturbation
    entered: list[str]  # unfunded → funded, in new rank order
    exited: list[str]  # funded → unfunded, in old rank order
    moves: list[Move]  # every applicant whose rank changed, largest move first
    ranked: int
    committed: int | None

    @property
    def flips(self) -> int:
        return len(self.entered) + len(self.exited)

    @property
    def largest_move(self) -> int:
        return max((abs(m.places) for m in self.moves), default=0)

    @property
    def moved(self) -> int:
        """How many applicants changed rank (``moves`` also lists funding flips whose rank stayed)."""
        return sum(1 for m in self.moves if m.places)

    @property
    def median_move(self) -> float:
        """The median of |rank move| over every ranked applicant (those that did not move count 0)."""
        if not self.ranked:
            return 0.0
        moved = sorted(abs(m.places) for m in self.moves if m.places)
        return float(statistics.median([0] * (self.ranked - len(moved)) + moved))

    @property
    def matters(self) -> tuple[Any, ...]:
        """Sort key, most important first: funding flips, then the largest, the median and the number of moves."""
        return (-self.flips, -self.largest_move, -self.median_move, -self.moved, self.perturbation.key)

    def to_json(self) -> dict[str, Any]:
        return {**self.perturbation.to_json(), "funded_entered": self.entered, "funded_exited": self.exited,
                "flips": self.flips, "largest_move": self.largest_move, "median_move": plain(self.median_move),
                "moved": self.moved, "committed_vnd": self.committed, "moves": [m.to_json() for m in self.moves]}


@dataclass
class Sensitivity:
    pack: dict[str, Any]
    budget: int | None
    as_of: dt.date | None
    step_pct: float
    threshold_step_pct: float
    base: BatchResult
    titles: dict[str, dict[str, str]]  # rule id -> {"vi": ..., "en": ...}, for the words of each perturbation
    effects: list[Effect] = field(default_factory=list)  # in pack order

    @property
    def ranked(self) -> list[Effect]:
        """The perturbations, most important first (see ``Effect.matters``)."""
        return sorted(self.effects, key=lambda o: o.matters)

    def by_rule(self) -> list[dict[str, Any]]:
        """Per rule, its most disruptive perturbation's figures; rules in order of importance."""
        best: dict[str, Effect] = {}
        for o in self.ranked:
            best.setdefault(o.perturbation.rule, o)
        return [{"rule": rule, "worst": o.perturbation.key, "flips": o.flips, "largest_move": o.largest_move,
                 "median_move": plain(o.median_move)} for rule, o in best.items()]

    def summary(self) -> dict[str, Any]:
        funding = self.base.funding
        return {"applicants": len(self.base.assessments) + len(self.base.errors),
                "ranked": sum(a.rank is not None for a in self.base.assessments),
                "funded": len(funding.funded_ids) if funding else None,
                "committed_vnd": funding.committed if funding else None,
                "errors": len(self.base.errors), "perturbations": len(self.effects),
                "with_flips": sum(o.flips > 0 for o in self.effects),
                "with_moves": sum(bool(o.moved) for o in self.effects)}

    def to_json(self) -> dict[str, Any]:
        return {"pack": self.pack, "budget_vnd": self.budget, "as_of": self.as_of.isoformat() if self.as_of else None,
                "step_pct": plain(self.step_pct), "threshold_step_pct": plain(self.threshold_step_pct),
                "summary": self.summary(), "by_rule": self.by_rule(),
                "ranking": [o.perturbation.key for o in self.ranked],
                "perturbations": [o.to_json() for o in self.effects]}


def rescore(changed: Policy, rule_id: str, outcome: O.RuleOutcome, a: Assessment, where: dict[str, int]) -> float:
    """The score of an eligible applicant under ``changed``: its findings' points, with ``rule_id``'s
    outcome replaced, added and scaled in rule order as the assessor does it."""
    tally = scale.Tally(scale.possible(r.max_points for r in scale.earning_rules(changed)), changed.meta.max_score)
    for rule in changed.scored_rules:
        if rule.id == rule_id:
            tally.add(rule, outcome)
        elif rule.id in where:
            f = a.findings[where[rule.id]]
            tally.add_points(rule, f.status, f.points, f.upper_points)
    return tally.low


class _Base:
    """The eligible applicants of the unperturbed run, with what every perturbation starts from.

    ``work`` holds one private copy of each eligible assessment (its own findings list), re-scored,
    re-ranked and re-funded in place by every perturbation: ranking and budget selection write
    ``rank`` and ``funded`` on what they are given, and copying thousands of assessments for each
    of dozens of perturbations would cost more than the ranking itself.
    """

    def __init__(self, policy: Policy, run: BatchResult, engine: str) -> None:
        self.eligible = [a for a in run.assessments if a.decision == "eligible"]
        records = [a.record for a in self.eligible]
        evaluator = choose_evaluator(policy, len(records), engine)
        if getattr(evaluator, "vectorised", False):
            self.truths: Sequence[list[Truth]] = evaluator.evaluate_all(records)  # type: ignore[attr-defined]
        else:
            self.truths = [evaluator.evaluate(r) for r in records]
        self.funded = {a.id for a in self.eligible if a.funded}
        self.rank = {a.id: a.rank for a in self.eligible}
        self.committed = run.funding.committed if run.funding else None
        self.work = [dataclasses.replace(a, findings=list(a.findings)) for a in self.eligible]
        self.where = [{f.rule: i for i, f in enumerate(a.findings)} for a in self.eligible]


def rerank(policy: Policy, base: _Base, p: Perturbation, budget: int | None, lang: str) -> Effect:
    """Rank and fund the eligible applicants again under ``policy`` perturbed by ``p``."""
    changed = apply(policy, p)
    rule = changed.rule(p.rule)
    node = moved_condition(policy, p) if p.kind == "threshold" else None
    swapped: list[tuple[Assessment, int, Any]] = []
    for a, work, where, truths in zip(base.eligible, base.work, base.where, base.truths):
        if node is not None:
            truths = [*truths, truth(node, a.record)]
        outcome = O.scored(rule, truths)
        points = outcome.low or 0.0
        index = where.get(rule.id)
        old = a.findings[index].points or 0.0 if index is not None else 0.0
        work.score = work.provisional_score = rescore(changed, rule.id, outcome, a, where)
        if index is not None and points != old:  # tie-breaks may read the rule's points
            swapped.append((work, index, work.findings[index]))
            work.findings[index] = dataclasses.replace(work.findings[index], points=points)
    if not swapped:  # nobody's points changed: the ranking and the funded set are the unperturbed ones
        return Effect(p, [], [], [], len(base.work), base.committed)
    try:
        ordered = rank(changed, base.work)
        funding = (budget_mod.select(ordered, budget, changed.meta.budget.when_not_fit)
                   if budget is not None else None)
        funded = {a.id for a in ordered if a.funded}
        # an applicant whose funding flips is listed even when its rank stays: under "skip" a change
        # above it can free or take the money it needs
        moves = [Move(a.id, a.name, base.rank[a.id] or 0, a.rank or 0, before.score, a.score)
                 for a, before in zip(base.work, base.eligible)
                 if a.rank != base.rank[a.id] or (a.id in funded) != (a.id in base.funded)]
        entered = [a.id for a in ordered if a.funded and a.id not in base.funded]
    finally:
        for work, index, finding in swapped:
            work.findings[index] = finding
    moves.sort(key=lambda m: (-abs(m.places), m.rank_new, m.id))
    exited = [a.id for a in base.eligible if a.id in base.funded - funded]
    return Effect(p, entered, exited, moves, len(ordered), funding.committed if funding else None)


def sensitivity(policy: Policy, rows: Iterable[Any], budget: int | None = None, as_of: dt.date | None = None,
                lang: str = "vi", step_pct: float = 20.0, threshold_step_pct: float = 10.0,
                engine: str = "auto") -> Sensitivity:
    """Perturb every weight and threshold of ``policy`` one at a time and re-rank ``rows`` each time."""
    run = run_batch(policy, rows, budget=budget, as_of=as_of, lang=lang, engine=engine, explain=False)
    base = _Base(policy, run, engine)
    titles = {r.id: {"vi": r.title.vi, "en": r.title.en} for r in policy.scored_rules}
    report = Sensitivity({**policy.header(as_of), "root": str(policy.root)}, budget, as_of, step_pct,
                         threshold_step_pct, run, titles)
    report.effects = [rerank(policy, base, p, budget, lang) for p in perturbations(policy, step_pct, threshold_step_pct)]
    return report
