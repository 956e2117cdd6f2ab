"""The rubric's frame: what the pack is, how an application is assessed, ranked and funded, and
what each field of an application means."""

from __future__ import annotations

from kcscore.wording.format import number
from kcscore.i18n import pick, render
from kcscore.policy.ir import Policy
from kcscore.policy.model import FieldSpec
from kcscore.report.conditions_text import unit_text
from kcscore.report.rubric_blocks import Block, Bullets, Code, Facts, Heading, Paragraph, Table
from kcscore.report.rubric_i18n import day, pts, words


def header(policy: Policy, lang: str) -> list[Block]:
    w = words(lang)
    meta = policy.meta
    blocks: list[Block] = [Heading(1, f"{w['doc_kind']}: {meta.title.get(lang)}")]
    if meta.description is not None:
        blocks.append(Paragraph(meta.description.get(lang)))
    items: list[tuple[str, str | Code]] = [
        (w["pack_id"], Code(meta.id)),
        (w["jurisdiction"], meta.jurisdiction.get(lang)),
        (w["version"], meta.version),
        (w["sha256"], Code(policy.sha256)),
        (w["tests_sha256"], Code(policy.tests_sha256)),
    ]
    if len(policy.layers) > 1:  # the hash above covers every layer
        items.insert(3, (w["layers"], w["layers_value"].format(base=", ".join(policy.layers[:-1]), top=policy.layers[-1])))
    if meta.legal_basis:
        items.append((w["legal_basis"], meta.legal_basis))
    if meta.last_verified_on is not None:
        items.append((w["last_verified"], day(meta.last_verified_on, lang)))
    items.append((w["max_score"], pts(meta.max_score, lang)))
    blocks.append(Facts(tuple(items)))
    blocks.append(Heading(2, w["how_to_read"], "how"))
    blocks.append(Bullets((w["step_gates"], w["step_blank"], w["step_score"].format(max=pts(meta.max_score, lang)),
                           w["step_support"])))
    blocks.append(Paragraph(w["confidence_legend"]))
    return blocks


def ranking_sentence(policy: Policy, lang: str) -> str:
    """'điểm cao hơn; nếu bằng điểm: …; rồi ngày nộp sớm hơn; rồi mã hồ sơ' from the declared order."""
    w = words(lang)
    steps: list[str] = []
    for tie in policy.meta.ranking.tie_breaks:
        if tie.criterion is not None:
            rule = next((r for r in policy.rules if r.id == tie.criterion), None)
            title = rule.title.get(lang) if rule is not None else tie.criterion
            steps.append(w["tie_criterion"].format(title=title))
            continue
        spec = policy.fields.get(tie.field or "")
        title = spec.title.get(lang) if spec is not None else str(tie.field)
        if spec is not None and spec.type == "date":
            key = "tie_later" if tie.order == "desc" else "tie_earlier"
        else:
            key = "tie_more" if tie.order == "desc" else "tie_less"
        steps.append(w[key].format(title=title))
    steps.append(w["rank_tail"])
    first, *rest = steps
    tail = "; ".join([first] + [f"{w['rank_then']} {s}" for s in rest])
    return f"{w['rank_lead']}; {w['rank_tie']}: {tail}."


def ranking(policy: Policy, lang: str) -> list[Block]:
    w = words(lang)
    budget = w["budget_skip"] if policy.meta.budget.when_not_fit == "skip" else w["budget_stop"]
    return [Heading(2, w["ranking"], "ranking"), Paragraph(ranking_sentence(policy, lang)), Paragraph(budget)]


def _allowed(spec: FieldSpec, lang: str) -> str:
    w = words(lang)
    if spec.type == "enum":
        return "; ".join(f"{pick(label.vi, label.en, lang)} ({key})"
                         for key, label in spec.values.items())
    if spec.type == "boolean":
        return w["bool_values"]
    if spec.type == "date":
        return w["date_values"]
    if spec.type == "text":
        return w["max_chars"].format(n=number(spec.max_length, lang))
    return _range(spec, lang)


def _range(spec: FieldSpec, lang: str) -> str:
    unit = unit_text(spec, lang)
    suffix = (render("format.percent", lang, n="") if unit == "%" else f" {unit}") if unit else ""
    low = None if spec.min is None else number(spec.min, lang)
    high = None if spec.max is None else number(spec.max, lang)
    if low is not None and high is not None:
        return f"{low}–{high}{suffix}"
    if low is not None:
        return f"{'>' if spec.min_exclusive else '≥'} {low}{suffix}"
    if high is not None:
        return f"≤ {high}{suffix}"
    return ""


def glossary(policy: Policy, lang: str) -> list[Block]:
    w = words(lang)
    rows = []
    for field_id, spec in policy.fields.items():
        meaning = spec.title.get(lang)
        if spec.help is not None:
            meaning += f" — {spec.help.get(lang)}"
        marks = [w[m] for m, on in (("required", spec.required), ("unique", spec.unique)) if on]
        if marks:
            meaning += f" ({', '.join(marks)})"
        kind = w[f"type_{spec.type}"]
        unit = unit_text(spec, lang)
        if unit:
            kind += f" ({unit})"
        rows.append((spec.header, Code(field_id), meaning, kind, _allowed(spec, lang)))
    return [Heading(2, w["fields"], "fields"), Paragraph(w["fields_intro"]),
            Table((w["column"], w["field_id"], w["meaning"], w["type"], w["allowed"]), tuple(rows))]
