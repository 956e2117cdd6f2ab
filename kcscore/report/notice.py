"""What a notice to one applicant says: the decision, the score, the reasons, the support, the way to object.

The wording and the office's details come from a YAML template that policy staff edit
(``templates/notice.<lang>.yaml``, overridable key by key with ``--template``); this module only
chooses which sentences apply to an applicant and fills their ``$placeholders``. Laying the
words out on a page is the writers' job (``output/notice_docx``).
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kcscore.errors import UserError
from kcscore.i18n import Message
from kcscore.assess.result import Assessment, Finding
from kcscore.batch.result import Funding, standing
from kcscore.explain.words import words
from kcscore.wording.format import missing_line, money, points
from kcscore.wording.numberwords import money_in_words
from kcscore.policy.ir import Policy

TEMPLATES = Path(__file__).parent / "templates"
SCORED_KINDS = ("criterion", "bonus", "penalty")


class TemplateError(UserError):
    """The notice template cannot be read or lacks a key; names the file and the key."""


def _read_yaml(path: Path) -> dict[str, Any]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError("error.cannot_read", path=path, reason=exc.strerror or exc) from None
    except YAMLError as exc:
        raise TemplateError("error.template.yaml", path=path, problem=exc) from None
    if not isinstance(data, dict):
        raise TemplateError("error.template.not_mapping", path=path)
    return data


def _merge(base: dict[str, Any], over: dict[str, Any], path: Path, where: str = "") -> dict[str, Any]:
    """``over`` on top of ``base``, key by key; an unknown key is refused (a typo would silently do nothing)."""
    out = dict(base)
    for key, value in over.items():
        name = f"{where}{key}"
        if key not in base:
            from kcscore.suggest import closest

            guess = closest(str(key), [str(k) for k in base])
            raise TemplateError("error.template.key", path=path, name=name,
                                guess=Message("error.did_you_mean", {"guess": guess}) if guess else "")
        out[key] = _merge(base[key], value, path, f"{name}.") if isinstance(base[key], dict) and isinstance(value, dict) else value
    return out


def load_template(lang: str, override: Path | None = None) -> dict[str, Any]:
    """The shipped template for ``lang`` with the keys of ``override`` (a staff-edited YAML) on top."""
    template = _read_yaml(TEMPLATES / f"notice.{lang}.yaml")
    if override is not None:
        template = _merge(template, _read_yaml(Path(override)), Path(override))
    return template


@dataclass
class Notice:
    """One letter, in the order it is printed; ``body`` items are (kind, text), kind para|heading|bullet."""

    id: str
    outcome: str  # funded | not_enough_budget | below_line | no_support | ineligible | incomplete
    draft: str | None
    header_left: list[str]
    header_right: list[str]
    date_line: str
    title: str
    subject: str
    addressee: str
    body: list[tuple[str, str]] = field(default_factory=list)
    signer: list[str] = field(default_factory=list)
    recipients_heading: str = ""
    recipients: list[str] = field(default_factory=list)


def outcome_of(a: Assessment, funding: Funding | None) -> str:
    """Which decision sentence applies: the applicant's standing, the same one every output names.
    A letter always speaks of the budget, so an eligible applicant ranked without one is below the line."""
    found = standing(a, funding)
    if found == "eligible":
        return "no_support" if a.recommended_support_vnd <= 0 else "below_line"
    return found


def _cite(f: Finding) -> str:
    doc, article = f.cite.get("doc", ""), f.cite.get("article")
    inside = ", ".join(str(x) for x in (doc, article) if x)
    return f" ({inside})" if inside else ""


def _is_draft(office: dict[str, Any]) -> bool:
    texts = [str(v) for v in office.values() if not isinstance(v, list)] + [str(x) for v in office.values()
                                                                           if isinstance(v, list) for x in v]
    return any("[" in t and "]" in t for t in texts)


def build_notice(a: Assessment, policy: Policy, funding: Funding | None, template: dict[str, Any],
                 lang: str = "vi", year: int | None = None) -> Notice:
    """The letter to the applicant of ``a``, with every sentence drawn from ``template``."""
    t = template
    office = t["office"]
    outcome = outcome_of(a, funding)
    score = a.provisional_score if a.decision == "incomplete" else a.score
    amount = a.recommended_support_vnd
    values = {
        "name": a.name, "id": a.id, "score": points(score, lang), "max_score": points(a.max_score, lang),
        "amount": money(amount, lang), "amount_words": money_in_words(amount, lang),
        "year": str(year or (a.submitted_on or a.as_of or dt.date.today()).year), "rank": str(a.rank or ""),
        "pack": f"{policy.meta.id} {policy.meta.version}", **{k: str(v) for k, v in office.items() if not isinstance(v, list)},
    }

    def fill(text: str) -> str:
        return string.Template(str(text)).safe_substitute(values).strip()

    w = words(policy, lang)

    body: list[tuple[str, str]] = [("para", fill(t["opening"])), ("strong", fill(t["decision"][outcome]))]
    if a.decision != "ineligible":  # a gate decided, not the points: a score would only mislead
        body.append(("para", fill(t["provisional_line"] if a.decision == "incomplete" else t["score_line"])))
    heads = t["headings"]
    reasons = [f for f in a.findings if f.rule in a.reasons]
    if reasons:
        body.append(("heading", fill(heads["reasons"])))
        body += [("bullet", f"{w.finding(a, f)}{_cite(f)}") for f in reasons]
    if a.missing_detail:
        body.append(("heading", fill(heads["missing"])))
        body += [("bullet", missing_line(m.field, m.holds_decision, m.points_at_stake, policy.fields, lang))
                 for m in a.missing_detail]
    scored = [f for f in a.findings if f.kind in SCORED_KINDS and not (f.kind == "penalty" and not f.points)]
    if scored and a.decision != "ineligible":
        body.append(("heading", fill(heads["points"])))
        for f in scored:
            shown = points(f.points or 0.0, lang) if f.kind == "penalty" else \
                f"{points(f.points or 0.0, lang)}/{points(f.max_points, lang)}"
            body.append(("bullet", f"{w.finding(a, f)}{_cite(f)}: {shown}"))
    if a.decision == "eligible" and amount > 0:
        body.append(("heading", fill(heads["support"])))
        body.append(("para", fill(t["support_line"])))
        if a.support_shown:
            body.append(("para", w.support(a)))
    if a.suggestions:
        body.append(("heading", fill(heads["more"])))
        body += [("bullet", w.suggestion(a, s)) for s in a.suggestions]
    body.append(("heading", fill(heads["review"])))
    body.append(("para", fill(t["review"])))
    body.append(("para", fill(t["closing"])))
    return Notice(
        id=a.id, outcome=outcome, draft=fill(t["draft_mark"]) if _is_draft(office) else None,
        header_left=[fill(office["parent_body"]), fill(office["issuing_body"]), fill(office["number"])],
        header_right=[fill(t["national"]), fill(t["motto"])],
        date_line=fill(t["date_line"]), title=fill(t["title"]), subject=fill(t["subject"]),
        addressee=fill(t["addressee"]), body=body,
        signer=[*fill(office["signer_title"]).splitlines(), "", "", fill(office["signer_name"])],
        recipients_heading=fill(t["recipients_heading"]), recipients=[fill(r) for r in office["recipients"]],
    )
