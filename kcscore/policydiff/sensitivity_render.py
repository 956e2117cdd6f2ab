"""The sensitivity report as text for policy staff and as JSON for other tools.

The text reads top-down: which pack and list, the steps tried, then every perturbation ordered by
how much it matters (funded-set flips first), each with the applicants entering and leaving the
funded set, then each rule's most disruptive perturbation. Same inputs, same text.
"""

from __future__ import annotations

from typing import Any

from kcscore.wording.format import money, number
from kcscore.policydiff.labels import lang_of
from kcscore.policydiff.render import LIST_LIMIT
from kcscore.policydiff.sensitivity import Effect, Sensitivity
from kcscore.policydiff.sensitivity_labels import W, describe


def _ids(ids: list[str], lang: str) -> str:
    shown = ", ".join(ids[:LIST_LIMIT])
    return shown + (" " + W[lang]["more"].format(n=len(ids) - LIST_LIMIT) if len(ids) > LIST_LIMIT else "")


def header(report: Sensitivity, lang: str) -> list[str]:
    from kcscore.packs import hash_label

    w, s, pack = W[lang], report.summary(), report.pack
    lines = [f"{w['title']} {pack['id']} {pack['version']} ({pack['root']}, {hash_label(lang)} {pack['sha256'][:12]}): "
             + w["head"].format(n=s["perturbations"])]
    parts = [w["list"].format(n=s["applicants"], ranked=s["ranked"])]
    if s["errors"]:
        parts.append(w["errors"].format(n=s["errors"]))
    if report.budget is not None:
        parts.append(w["budget"].format(budget=money(report.budget, lang), funded=s["funded"],
                                        committed=money(s["committed_vnd"] or 0, lang)))
    else:
        parts.append(w["no_budget"])
    parts.append(w["as_of"].format(day=report.as_of.isoformat()) if report.as_of else w["as_of_each"])
    lines.append("  " + "; ".join(parts))
    lines.append("  " + w["steps"].format(step=number(report.step_pct, lang), tstep=number(report.threshold_step_pct, lang)))
    lines.append("  " + w["counts"].format(flips=s["with_flips"], moves=s["with_moves"]))
    return lines


def effect_lines(o: Effect, position: int, report: Sensitivity, lang: str) -> list[str]:
    w = W[lang]
    lines = [f"{position:>4}. {describe(o.perturbation, report.titles, lang)}"]
    if not o.moves and not o.flips:
        return [*lines, "      " + w["none"]]
    lines.append("      " + w["line"].format(flips=o.flips, largest=o.largest_move,
                                             median=number(o.median_move, lang), moved=o.moved))
    if o.entered:
        lines.append(f"      + {w['entered']}: {_ids(o.entered, lang)}")
    if o.exited:
        lines.append(f"      - {w['exited']}: {_ids(o.exited, lang)}")
    return lines


def render_text(report: Sensitivity, lang: str = "vi") -> str:
    """The whole report as text: header, every perturbation by importance, then each rule's worst."""
    lang = lang_of(lang)
    w = W[lang]
    lines = [*header(report, lang), "", w["ranked_head"]]
    for position, o in enumerate(report.ranked, start=1):
        lines += effect_lines(o, position, report, lang)
    lines += ["", w["rule_head"]]
    for item in report.by_rule():
        title = report.titles.get(item["rule"], {}).get(lang, item["rule"])
        lines.append(f"  {item['rule']} ({title}): " + w["rule_line"].format(flips=item["flips"],
                                                                            largest=item["largest_move"]))
    return "\n".join(lines) + "\n"


def to_json(report: Sensitivity) -> dict[str, Any]:
    """The report as data; every perturbation carries its sentence in vi and en."""
    out = report.to_json()
    for item, o in zip(out["perturbations"], report.effects):
        item["text"] = {"vi": describe(o.perturbation, report.titles, "vi"),
                        "en": describe(o.perturbation, report.titles, "en")}
    return out
