"""Which edits of a ``PackDiff`` explain one applicant's change of points, decision or support.

An applicant's points on a rule can only move when that rule was edited or when a field the rule
reads was redefined (bounds, enum values: the record itself reads differently). Support can only
move through its rule or through the parameter values in force on the applicant's as-of date.
Edits that only reword a text or a citation never explain a number and are left out. Within a
band table the cause is narrowed to the bands the applicant fell in, before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kcscore.assess.result import Assessment
from kcscore.kinds.registry import decides
from kcscore.policy.ir import Policy
from kcscore.policy.model import Support
from kcscore.policydiff.model import Change, PackDiff
from kcscore.policydiff.values import written

def _unique(keys: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(keys))


class Attributor:
    def __init__(self, diff: PackDiff, old: Policy, new: Policy) -> None:
        self.old, self.new = old, new
        self.changes: dict[tuple[str, str], list[Change]] = {}
        for change in diff.changes:
            if not change.wording_only:
                self.changes.setdefault((change.section, change.target), []).append(change)

    def _of(self, section: str, target: str) -> list[Change]:
        return self.changes.get((section, target), [])

    def _rule_fields(self, rule_id: str) -> list[str]:
        names: dict[str, None] = {}
        for policy in (self.old, self.new):
            if any(r.id == rule_id for r in policy.rules):
                names.update(dict.fromkeys(policy.rule(rule_id).fields))
        return list(names)

    # -- points ------------------------------------------------------------------------------------
    def rule(self, rule_id: str, old_band: str | None = None, new_band: str | None = None) -> list[str]:
        """The edits that can explain a change of this rule's outcome for one applicant."""
        edits = self._of("rule", rule_id)
        if not edits:
            fields = [c for name in self._rule_fields(rule_id) for c in self._of("field", name)]
            return _unique(c.key for c in fields)
        labels = {written(b) for b in (old_band, new_band) if b is not None}
        if labels:
            lines = [c for c in edits if len(c.path) >= 2 and c.path[0] == "bands" and c.path[1] != "order"]
            others = [c for c in edits if c not in lines]
            hit = [c for c in lines if c.path[1] in labels or (c.path[-1] == "condition" and c.old in labels)]
            if hit or others:
                edits = [c for c in edits if c in hit or c in others]
        return _unique(c.key for c in edits)

    def scale(self) -> list[str]:
        """The edits that change the maxima a score is scaled from (``assess.scale``): a scored rule
        added, removed, given another maximum or another ``applies``; they move the score of a
        project some rule does not apply to without moving its points."""
        old_max = {r.id: r.max_points for r in self.old.scored_rules}
        new_max = {r.id: r.max_points for r in self.new.scored_rules}
        keys: list[str] = []
        for rule_id in dict.fromkeys([*old_max, *new_max]):
            edits = self._of("rule", rule_id)
            if old_max.get(rule_id) != new_max.get(rule_id) or any(c.path[:1] == ("applies",) for c in edits):
                keys.extend(c.key for c in edits)
        return _unique(keys)

    def bounds(self) -> list[str]:
        return self._header("max_score")

    def ranking(self) -> list[str]:
        """Edits of the tie-breaks: they move ranks without moving any score."""
        return self._header("tie_breaks")

    def funding(self) -> list[str]:
        """Edits of the budget rule (skip or stop at an applicant that does not fit)."""
        return self._header("when_not_fit")

    def _header(self, name: str) -> list[str]:
        return [c.key for c in self._of("policy", "policy") if c.path[:1] == (name,)]

    # -- decision ----------------------------------------------------------------------------------
    def decision(self, before: Assessment, after: Assessment) -> list[str]:
        """Edits of the gates and exclusions whose verdict differs; else of the support rules."""
        old_status = {f.rule: f.status for f in before.findings if decides(f.kind)}
        new_status = {f.rule: f.status for f in after.findings if decides(f.kind)}
        moved = [rid for rid in {**old_status, **new_status} if old_status.get(rid) != new_status.get(rid)]
        keys = [k for rid in moved for k in self.rule(rid)]
        if not keys:
            support = [r.id for p in (self.old, self.new) for r in p.rules if r.kind == "support"]
            keys = [k for rid in dict.fromkeys(support) for k in self.rule(rid)]
        return _unique(keys)

    # -- support -----------------------------------------------------------------------------------
    def support(self, before: Assessment, after: Assessment) -> list[str]:
        """Edits of the support rule that set the amount, and of the parameter values in force."""
        if before.decision != after.decision:
            return self.decision(before, after)
        rules = _unique(s.rule for s in (before.support, after.support) if s is not None and s.rule)
        keys = [k for rid in rules for k in self.rule(rid)]
        day = after.as_of
        for pid in self._parameters(rules):
            keys.extend(self.parameter(pid, day))
        return _unique(keys)

    def _parameters(self, rule_ids: list[str]) -> list[str]:
        out: dict[str, None] = {}
        for policy in (self.old, self.new):
            for rid in rule_ids:
                if any(r.id == rid for r in policy.rules):
                    spec = policy.rule(rid).spec
                    if isinstance(spec, Support):
                        out.update(dict.fromkeys(v for v in (spec.share, spec.cap) if isinstance(v, str)))
        return list(out)

    def parameter(self, pid: str, day: dt.date) -> list[str]:
        """Edits of the dated values in force on ``day`` in either pack, when the value differs."""
        found = [p.parameters[pid].at(day) if pid in p.parameters else None for p in (self.old, self.new)]
        values = [f[0].value if f else None for f in found]
        if values[0] == values[1]:
            return []
        starts = {f[1].isoformat() for f in found if f}
        edits = self._of("parameter", pid)
        hit = [c for c in edits if not c.path or (len(c.path) >= 2 and c.path[1] in starts)]
        return _unique(c.key for c in (hit or edits))
