"""The rubric's support section: for each kind of content, the share and cap with every dated
value, its period, its source and how sure that source is — values not yet verified are marked."""

from __future__ import annotations

from kcscore.wording.format import money, number
from kcscore.i18n import render
from kcscore.policy.ir import ParameterIR, Policy, RuleIR
from kcscore.policy.model import Support
from kcscore.report.conditions_text import describe_condition
from kcscore.report.rubric_blocks import Block, Cell, Code, Facts, Heading, Paragraph, Table
from kcscore.report.rubric_i18n import cite_text, confidence, day, words
from kcscore.report.rubric_rules import layer_fact


def parameter_value(value: float, unit: str, lang: str) -> str:
    if unit == "vnd":
        return money(value, lang)
    if unit == "percent":
        return render("format.percent", lang, n=number(value, lang))
    return number(value, lang)


def parameter_table(parameter: ParameterIR, caption: str, lang: str) -> Table:
    """Every period of a dated value, oldest first; the last period may be open-ended."""
    w = words(lang)
    rows: list[tuple[Cell, ...]] = []
    marked: list[int] = []
    for i, (start, end, dated) in enumerate(parameter.periods):
        assert dated.value is not None  # periods hold only values in force
        notes = [n for n in (dated.cite.note, dated.note) if n]
        rows.append((day(start, lang), day(end, lang) if end is not None else w["open_end"],
                     parameter_value(dated.value, parameter.spec.unit, lang),
                     cite_text(dated.cite.model_copy(update={"note": None}), lang, with_confidence=False),
                     confidence(dated.cite, lang), "; ".join(notes)))
        if dated.cite.confidence == "unconfirmed":
            marked.append(i)
    head = (w["from"], w["until"], w["value"], w["cite"], w["confidence"], w["note"])
    return Table(head, tuple(rows), caption=caption, numeric=(2,), marked=tuple(marked))


def _amount(policy: Policy, value: float | str | None, label: str, unit: str, lang: str,
            tables: list[Block]) -> str:
    """How a share or cap is set: a named dated parameter (with its table) or a fixed figure."""
    w = words(lang)
    if value is None:
        return w["no_cap"]
    if isinstance(value, str):
        parameter = policy.parameters[value]
        title = parameter.spec.title.get(lang)
        tables.append(parameter_table(parameter, f"{label}: {title}", lang))
        return title
    return w["fixed"].format(value=parameter_value(value, unit, lang))


def _rule(policy: Policy, rule: RuleIR, lang: str) -> list[Block]:
    w = words(lang)
    spec = rule.spec
    assert isinstance(spec, Support)
    blocks: list[Block] = [Heading(3, rule.title.get(lang), f"rule-{rule.id}")]
    if spec.description is not None:
        blocks.append(Paragraph(spec.description.get(lang)))
    tables: list[Block] = []
    covers = describe_condition(policy.conditions[rule.parts["applies"]], policy, lang)
    items: list[tuple[str, Cell]] = [
        (w["covers"], covers),
        (w["share"], _amount(policy, spec.share, w["share"], "percent", lang, tables)),
        (w["cap"], _amount(policy, spec.cap, w["cap"], "vnd", lang, tables)),
    ]
    if spec.cost_field != "total_cost_vnd":
        cost = policy.fields.get(spec.cost_field)
        items.append((w["cost_field"], cost.title.get(lang) if cost is not None else spec.cost_field))
    items += [(w["cite"], cite_text(rule.cite, lang)), (w["rule_id"], Code(rule.id)), *layer_fact(policy, rule, lang)]
    return blocks + [Facts(tuple(items))] + tables


def support(policy: Policy, lang: str) -> list[Block]:
    w = words(lang)
    rules = policy.of_kind("support")
    blocks: list[Block] = [Heading(2, w["support"], "support"), Paragraph(w["support_intro"])]
    used: set[str] = set()
    for rule in rules:
        spec = rule.spec
        assert isinstance(spec, Support)
        used.update(v for v in (spec.share, spec.cap) if isinstance(v, str))
        blocks += _rule(policy, rule, lang)
    others = [p for pid, p in policy.parameters.items() if pid not in used]
    if others:
        blocks.append(Heading(3, w["other_parameters"], "other-parameters"))
        blocks += [parameter_table(p, p.spec.title.get(lang), lang) for p in others]
    return blocks
