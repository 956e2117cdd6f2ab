"""Points left on the table: which change to an applicant would earn more, and how much.

Suggestions are computed from the rules themselves: for each criterion below its maximum, the next
better band (or a sum item not yet earned) is analysed into per-field constraints, the closest
values are chosen, and the change is **applied and re-scored** with the reference evaluator. Only
a change whose gain is confirmed is ever shown, with the confirmed gain. Fields marked
``actionable: false`` in the schema (where the facility is, its zone) are never suggested, nor is a
change away from an enum value marked ``fixed: true`` (a trade that does not process).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from kcscore.assess import outcomes as O
from kcscore.assess.result import Assessment, Suggestion
from kcscore.assess.scale import Tally
from kcscore.engine.base import PythonEvaluator, Truth
from kcscore.explain.format import field_value, points
from kcscore.expr.analysis import Analyzer, Interval
from kcscore.i18n import lang_of, pick, render
from kcscore.kinds.registry import earns

if TYPE_CHECKING:
    from kcscore.assess.assessor import Assessor
    from kcscore.policy.model import FieldSpec


def _total(assessor: Assessor, truths: Sequence[Truth]) -> float:
    """The score (``assess.scale``) of an applicant with these truths."""
    tally = Tally(assessor.full_max, assessor.policy.meta.max_score)
    for rule in assessor.policy.scored_rules:
        tally.add(rule, O.scored(rule, truths))
    return tally.low


def _pick_number(intervals: tuple[Interval, ...], current: float | None, spec: FieldSpec) -> tuple[float, Interval] | None:
    best: tuple[float, float, Interval] | None = None
    step = 1 if spec.type in ("integer", "money") else 0.1
    for iv in intervals:
        if current is not None and (iv.lo < current or (iv.lo == current and iv.lo_closed)) and \
                (current < iv.hi or (current == iv.hi and iv.hi_closed)):
            return current, iv
        if current is None or current < iv.lo:
            candidate = iv.lo if iv.lo_closed else iv.lo + step
            if math.isinf(candidate):
                continue
        else:
            candidate = iv.hi if iv.hi_closed else iv.hi - step
            if math.isinf(candidate):
                continue
        if spec.type in ("integer", "money"):
            candidate = float(math.ceil(candidate)) if (current is None or current < iv.lo) else float(math.floor(candidate))
        distance = abs(candidate - (current or 0.0))
        if best is None or distance < best[0]:
            best = (distance, candidate, iv)
    return (best[1], best[2]) if best else None


def _describe_target(iv: Interval, spec: FieldSpec, lang: str) -> str:
    def n(v: float) -> str:
        return points(v, lang)
    if spec.max is not None and iv.hi >= spec.max and iv.lo != iv.hi:
        iv = Interval(iv.lo, iv.lo_closed, math.inf, True)
    if spec.min is not None and iv.lo <= spec.min and iv.lo != iv.hi:
        iv = Interval(-math.inf, True, iv.hi, iv.hi_closed)
    if iv.lo == iv.hi:
        return n(iv.lo)
    if iv.hi == math.inf:
        return render("range.at_least" if iv.lo_closed else "range.above", lang, n=n(iv.lo))
    if iv.lo == -math.inf:
        return render("range.at_most" if iv.hi_closed else "range.below", lang, n=n(iv.hi))
    return f"{n(iv.lo)}–{n(iv.hi)}"


class Change(NamedTuple):
    """One field to change: its spec, the current answer, the proposed one, the target in words."""

    spec: FieldSpec
    current: Any
    proposed: Any
    target: str


# a yes/no title such as "Có hợp đồng xuất khẩu" reads "chưa có …"; English titles name the thing itself
HAVE_PREFIXES = {"vi": ("Đã có ", "Có "), "en": ()}


def _sentence(changes: list[Change], gain: str, lang: str) -> str:
    """The suggestion as an officer would say it: what is not met yet, and what meeting it earns.

    A yes/no answer to turn to yes reads "Chưa có …; nếu có sẽ được thêm …"; a choice reads
    "<title>: nếu đạt «<choice>» …"; a number also says what it is now. Several changes at once are
    listed, since only all of them together earn the points."""
    if len(changes) > 1:
        listed = "; ".join(f"{pick(c.spec.title.vi, c.spec.title.en, lang)}: {c.target}" for c in changes)
        return render("suggest.gain_many", lang, changes=listed, points=gain)
    (c,) = changes
    title = pick(c.spec.title.vi, c.spec.title.en, lang)
    if c.spec.type == "boolean" and c.proposed is True:
        prefix = next((p for p in HAVE_PREFIXES[lang_of(lang)] if title.startswith(p)), None)
        if prefix is not None:
            return render("suggest.gain_have", lang, what=title[len(prefix):], points=gain)
        return render("suggest.gain_yes", lang, title=title, points=gain)
    if c.spec.type in ("boolean", "enum"):
        return render("suggest.gain_choice", lang, title=title, target=c.target, points=gain)
    return render("suggest.gain_number", lang, title=title, current=field_value(c.current, c.spec, lang),
                  target=c.target, points=gain)


def _changes(analyzer: Analyzer, node: Any, record: Mapping[str, Any], fields: Mapping[str, FieldSpec],
             lang: str) -> tuple[dict[str, Any], list[Change]] | None:
    witness = analyzer.witness(node)
    if not witness:
        return None
    changes: dict[str, Any] = {}
    texts: list[Change] = []
    for name, constraint in witness.items():
        spec = fields[name]
        current = record.get(name)
        if isinstance(constraint, frozenset):
            if current in constraint:
                continue
            if spec.type == "enum" and current in spec.values and spec.values[current].fixed:
                return None  # e.g. "deep processing" proposed to a brick maker, who does not process
            options = [v for v in (spec.values if spec.type == "enum" else (True, False)) if v in constraint]
            if not options:
                return None
            changes[name] = options[0]
            target = field_value(options[0], spec, lang)
        else:
            picked = _pick_number(constraint, current, spec)
            if picked is None:
                return None
            value, iv = picked
            if current is not None and value == current:
                continue
            changes[name] = int(value) if spec.type in ("integer", "money") else value
            target = _describe_target(iv, spec, lang)
        texts.append(Change(spec, current, changes[name], target))
    if any(not getattr(fields[n], "actionable", True) for n in changes):
        return None
    return (changes, texts) if changes else None


def suggest(assessor: Assessor, record: Mapping[str, Any], truths: Sequence[Truth], assessment: Assessment) -> list[Suggestion]:
    policy = assessor.policy
    reference = PythonEvaluator(policy.conditions)
    analyzer = Analyzer(policy.field_types)
    base_total = _total(assessor, truths)
    lang = assessment.lang
    out: list[Suggestion] = []
    for rule in policy.scored_rules:
        if not earns(rule.kind):  # only points the applicant can gain are suggested
            continue
        outcome = O.scored(rule, truths)
        if outcome.status != "scored" or (outcome.low or 0.0) >= rule.max_points:
            continue
        current_points = outcome.low or 0.0
        if rule.is_sum:
            targets = [o for i, o in enumerate(rule.outcomes) if i not in outcome.reached and o.points > 0]
        else:
            targets = sorted((o for o in rule.outcomes if o.points > current_points and o.condition is not None),
                             key=lambda o: o.points)
        for target in targets:
            found = _changes(analyzer, policy.conditions[target.condition], record, policy.fields, lang)  # type: ignore[index]
            if found is None:
                continue
            changes, texts = found
            changed = {**record, **changes}
            gain = _total(assessor, reference.evaluate(changed)) - base_total
            if gain <= 0:
                continue
            (field_name, proposed), = list(changes.items())[:1]
            text = _sentence(texts, points(gain, lang), lang)
            out.append(Suggestion(rule.id, field_name, record.get(field_name), proposed, gain, text, dict(changes)))
            break
    return out
