"""The rubric's rules: who may apply, who is refused, how points are earned and lost, and what
the officer is warned about — each with its conditions in words and its source."""

from __future__ import annotations

from kcscore.kinds.registry import earns
from kcscore.policy.ir import Outcome, Policy, RuleIR
from kcscore.policy.model import Band, Bonus, Criterion, Exclusion, Flag, Gate, Penalty, Text
from kcscore.report.conditions_text import describe_band, describe_condition
from kcscore.report.rubric_blocks import Block, Cell, Code, Facts, Heading, Paragraph, Table
from kcscore.report.rubric_i18n import cite_text, pts, template, words


def layer_text(policy: Policy, rule: RuleIR, lang: str) -> str | None:
    """Which layer wrote the rule, in a pack built on a base (None otherwise): what the province
    chose and what it took from the law are told apart in the public rubric."""
    if len(policy.layers) < 2 or not rule.layer:
        return None
    return rule.layer if rule.layer == policy.layers[-1] else f"{rule.layer} ({words(lang)['base_layer']})"


def layer_fact(policy: Policy, rule: RuleIR, lang: str) -> tuple[tuple[str, Cell], ...]:
    text = layer_text(policy, rule, lang)
    return () if text is None else ((words(lang)["layer"], text),)


class RuleWriter:
    """Writes rule sections for one pack in one language."""

    def __init__(self, policy: Policy, lang: str) -> None:
        self.policy = policy
        self.lang = lang
        self.w = words(lang)
        self.titles = {fid: spec.title.get(lang) for fid, spec in policy.fields.items()}

    def part(self, rule: RuleIR, name: str) -> str | None:
        index = rule.parts.get(name)
        return None if index is None else describe_condition(self.policy.conditions[index], self.policy, self.lang)

    def sentence(self, text: Text | None) -> str:
        return "" if text is None else template(text.get(self.lang), self.titles)

    def head(self, rule: RuleIR) -> list[Block]:
        blocks: list[Block] = [Heading(3, rule.title.get(self.lang), f"rule-{rule.id}")]
        if rule.spec.description is not None:
            blocks.append(Paragraph(rule.spec.description.get(self.lang)))
        return blocks

    def tail(self, rule: RuleIR) -> tuple[tuple[str, Cell], ...]:
        facts: tuple[tuple[str, Cell], ...] = ((self.w["cite"], cite_text(rule.cite, self.lang)), (self.w["rule_id"], Code(rule.id)))
        return facts + layer_fact(self.policy, rule, self.lang)

    # ---------------------------------------------------------- eligibility

    def gates(self) -> list[Block]:
        w = self.w
        blocks: list[Block] = [Heading(2, w["gates"], "gates"), Paragraph(w["gates_intro"])]
        for rule in self.policy.of_kind("gate"):
            spec = rule.spec
            assert isinstance(spec, Gate)
            items: list[tuple[str, Cell]] = [
                (w["applies"], self.part(rule, "applies") or w["applies_all"]),
                (w["requires"], self.part(rule, "require") or ""),
                (w["exempt"], self.part(rule, "exempt") or ""),
                (w["on_fail"], self.sentence(spec.fails)),
            ]
            items = [(label, value) for label, value in items if value != ""]  # no "Exempt when: None" on every rule
            blocks += self.head(rule) + [Facts(tuple(items) + self.tail(rule))]
        return blocks

    def exclusions(self) -> list[Block]:
        w = self.w
        blocks: list[Block] = [Heading(2, w["exclusions"], "exclusions"), Paragraph(w["exclusions_intro"])]
        for rule in self.policy.of_kind("exclusion"):
            spec = rule.spec
            assert isinstance(spec, Exclusion)
            items: list[tuple[str, Cell]] = [
                (w["applies"], self.part(rule, "applies") or w["applies_all"]),
                (w["excluded_when"], self.part(rule, "when") or ""),
                (w["unless"], self.part(rule, "exempt") or ""),
                (w["reason"], self.sentence(spec.reason)),
            ]
            items = [(label, value) for label, value in items if value != ""]
            blocks += self.head(rule) + [Facts(tuple(items) + self.tail(rule))]
        return blocks

    # ---------------------------------------------------------- points

    def band_rows(self, rule: RuleIR, bands: tuple[Band, ...], input_field: str | None) -> tuple[tuple[Cell, ...], ...]:
        rows = []
        for band, outcome in zip(bands, rule.outcomes):
            if outcome.condition is not None and band.condition_key == "when":
                condition = describe_condition(self.policy.conditions[outcome.condition], self.policy, self.lang)
            else:
                condition = describe_band(band, input_field, self.policy, self.lang)
            rows.append((condition, pts(outcome.points, self.lang), self.sentence(band.says)))
        return tuple(rows)

    def item_rows(self, outcomes: tuple[Outcome, ...]) -> tuple[tuple[Cell, ...], ...]:
        rows = []
        for outcome in outcomes:
            condition = "" if outcome.condition is None else describe_condition(
                self.policy.conditions[outcome.condition], self.policy, self.lang)
            rows.append((condition, pts(outcome.points, self.lang), self.sentence(outcome.says)))
        return tuple(rows)

    def table(self, first: str, rows: tuple[tuple[Cell, ...], ...]) -> Table:
        w = self.w
        with_meaning = any(row[2] for row in rows)
        head = (first, w["points"], w["meaning"]) if with_meaning else (first, w["points"])
        return Table(head, rows if with_meaning else tuple(row[:2] for row in rows), numeric=(1,))

    def applies_fact(self, rule: RuleIR) -> tuple[tuple[str, Cell], ...]:
        """Whom a scored rule concerns, when it says so (elsewhere it does not apply: assess.scale)."""
        applies = self.part(rule, "applies")
        return () if applies is None else ((self.w["applies"], applies),)

    def input_fact(self, field_id: str | None) -> tuple[tuple[str, Cell], ...]:
        if field_id is None:
            return ()
        return ((self.w["input"], self.titles.get(field_id, field_id)),)

    def criteria(self) -> list[Block]:
        w = self.w
        blocks: list[Block] = [Heading(2, w["criteria"], "criteria"), Paragraph(w["criteria_intro"])]
        for rule in self.policy.of_kind("criterion"):
            spec = rule.spec
            assert isinstance(spec, Criterion)
            blocks += self.head(rule)
            if spec.sum is not None:
                cap = w["sum_cap"].format(cap=pts(spec.cap, self.lang)) if spec.cap is not None else w["sum_nocap"]
                blocks += [Paragraph(cap), self.table(w["item"], self.item_rows(rule.outcomes))]
            else:
                blocks.append(self.table(w["condition"], self.band_rows(rule, spec.bands or (), spec.input)))
            maximum = w["pts"].format(n=pts(rule.max_points, self.lang))
            blocks.append(Facts(self.applies_fact(rule) + self.input_fact(spec.input) + ((w["maximum"], maximum),)
                                + self.tail(rule)))
        return blocks

    def bonuses(self) -> list[Block]:
        w = self.w
        rules = self.policy.of_kind("bonus")
        if not rules:
            return []
        blocks: list[Block] = [Heading(2, w["bonuses"], "bonuses")]
        for rule in rules:
            spec = rule.spec
            assert isinstance(spec, Bonus)
            items: tuple[tuple[str, Cell], ...] = self.applies_fact(rule) + (
                (w["bonus_when"], self.part(rule, "when") or ""),
                (w["points"], w["pts"].format(n=pts(spec.points, self.lang))),
                (w["meaning"], self.sentence(spec.says)),
            )
            blocks += self.head(rule) + [Facts(items + self.tail(rule))]
        return blocks

    def penalties(self) -> list[Block]:
        w = self.w
        rules = self.policy.of_kind("penalty")
        if not rules:
            return []
        blocks: list[Block] = [Heading(2, w["penalties"], "penalties")]
        for rule in rules:
            spec = rule.spec
            assert isinstance(spec, Penalty)
            blocks += self.head(rule)
            if spec.bands is not None:
                blocks.append(self.table(w["condition"], self.band_rows(rule, spec.bands, spec.input)))
                items: tuple[tuple[str, Cell], ...] = self.input_fact(spec.input)
            else:
                items = ((w["penalty_when"], self.part(rule, "when") or ""), (w["meaning"], self.sentence(spec.says)))
            worst = min((o.points for o in rule.outcomes), default=0.0)
            items = self.applies_fact(rule) + items + ((w["worst"], w["pts"].format(n=pts(worst, self.lang))),)
            blocks.append(Facts(items + self.tail(rule)))
        return blocks

    def summary(self) -> list[Block]:
        """Every scored rule's maximum, and a total that must equal the pack's maximum score."""
        w = self.w
        rows: list[tuple[Cell, ...]] = []
        total = 0.0
        for rule in (r for r in self.policy.rules if earns(r.kind)):
            rows.append((rule.title.get(self.lang), w[f"kind_{rule.kind}"], pts(rule.max_points, self.lang)))
            total += rule.max_points
        rows.append((w["total"], "", pts(total, self.lang)))
        blocks: list[Block] = [Heading(2, w["summary"], "summary"),
                               Table((w["criteria"], w["kind"], w["maximum"]), tuple(rows), numeric=(2,), total=True)]
        deductions = [w["penalty_item"].format(title=rule.title.get(self.lang),
                                               n=pts(-min((o.points for o in rule.outcomes), default=0.0), self.lang))
                      for rule in self.policy.scored_rules if not earns(rule.kind)]
        if deductions:
            blocks.append(Paragraph(w["penalty_note"].format(items="; ".join(deductions))))
        if round(total, 6) != round(self.policy.meta.max_score, 6):
            blocks.append(Paragraph(w["total_mismatch"].format(sum=pts(total, self.lang),
                                                               max=pts(self.policy.meta.max_score, self.lang)), warn=True))
        return blocks

    # ---------------------------------------------------------- officer warnings

    def flags(self) -> list[Block]:
        w = self.w
        rules = self.policy.of_kind("flag")
        if not rules:
            return []
        rows: list[tuple[Cell, ...]] = []
        for rule in rules:
            spec = rule.spec
            assert isinstance(spec, Flag)
            layer = layer_text(self.policy, rule, self.lang)
            rows.append((rule.title.get(self.lang), w[f"level_{spec.level}"], self.part(rule, "when") or "",
                         self.sentence(spec.says), cite_text(rule.cite, self.lang), Code(rule.id))
                        + ((layer,) if layer is not None else ()))
        head = (w["flag"], w["level"], w["when"], w["says"], w["cite"], w["rule_id"])
        if len(self.policy.layers) > 1:
            head += (w["layer"],)
        return [Heading(2, w["flags"], "flags"), Paragraph(w["flags_intro"]), Table(head, tuple(rows))]
