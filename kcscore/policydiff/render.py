"""The comparison as a changelog for policy staff (text) and as data for other tools (JSON).

The text reads top-down: which packs, what changed (grouped as header, fields, rules,
parameters), then whom it affects: totals, each flipped decision, the largest rank moves and the
funded-set changes, every line naming the edits that caused it. Same inputs, same text.
"""

from __future__ import annotations

from typing import Any

from kcscore.wording.format import money, number
from kcscore.policydiff.describe import cause_label, describe
from kcscore.policydiff.impact import ApplicantImpact, Delta, ImpactDiff
from kcscore.policydiff.labels import DECISION, W, lang_of
from kcscore.policydiff.model import SECTIONS, PackDiff

TOP_MOVES = 10
LIST_LIMIT = 20


def signed(value: float, lang: str) -> str:
    text = number(abs(value), lang)
    return f"+{text}" if value > 0 else f"-{text}" if value < 0 else text


def _pack_line(label: str, header: dict[str, Any], lang: str = "vi") -> str:
    from kcscore.packs import hash_label

    return f"  {label}: {header['root']} ({header['id']} {header['version']}, {hash_label(lang)} {header['sha256'][:12]})"


def render_changes(diff: PackDiff, lang: str = "vi") -> list[str]:
    lang = lang_of(lang)
    w = W[lang]
    lines = [f"{w['title']}: {diff.old['id']} {diff.old['version']} → {diff.new['id']} {diff.new['version']}",
             _pack_line(w["old"], diff.old, lang), _pack_line(w["new"], diff.new, lang), ""]
    if diff.is_empty:
        return [*lines, w["no_changes"]]
    counts = diff.counts()
    lines.append(f"{w['changes']}: " + w["counts"].format(n=len(diff.changes), **counts))
    for section in SECTIONS:
        group = [c for c in diff.changes if c.section == section]
        if group:
            lines.append(w[f"sec_{section}"])
            lines.extend(f"  {describe(c, lang)}" for c in group)
    return lines


class ImpactView:
    """Render helpers bound to one diff, impact and language."""

    def __init__(self, diff: PackDiff, impact: ImpactDiff, lang: str) -> None:
        self.impact, self.lang, self.w = impact, lang, W[lang]
        self.changes = diff.by_key()

    def causes(self, keys: list[str]) -> str:
        return ", ".join(cause_label(self.changes[k], self.lang) for k in keys if k in self.changes)

    def delta(self, d: Delta) -> str:
        name = d.rule if d.kind == "points" else self.w[f"{d.kind}_adj"]
        why = self.causes(d.causes)
        return f"{name} {signed(d.delta, self.lang)}" + (f" ({why})" if why else "")

    def decision(self, value: str | None) -> str:
        return DECISION[self.lang].get(value, value) if value else "—"  # type: ignore[arg-type]

    def score(self, a: ApplicantImpact) -> str:
        change = f" ({signed(a.score_change, self.lang)})" if a.score_change else ""
        return f"{self.w['score_word']} {number(a.score_old, self.lang)} → {number(a.score_new, self.lang)}{change}"

    def rank(self, a: ApplicantImpact) -> str:
        return f"{self.w['rank']} {a.rank_old or '—'} → {a.rank_new or '—'}"

    def why_score(self, a: ApplicantImpact) -> str:
        """The applicant's own rule deltas and ranking edits, then the others whose changes moved it."""
        own = [self.delta(d) for d in a.deltas if d.kind != "decision"]
        own += [self.causes(keys) for keys in (a.rank_causes, a.funding_causes) if keys]
        return f"{'; '.join(own)}; {self.w['and_others']}" if own else self.w["others"]

    def summary(self) -> list[str]:
        s, w, lang = self.impact.summary(), self.w, self.lang
        as_of = self.impact.as_of.isoformat() if self.impact.as_of else w["as_of_each"]
        budget = money(self.impact.budget, lang) if self.impact.budget is not None else w["no_budget"]
        lines = [f"{w['impact']}: " + w["impact_head"].format(n=s["applicants"], as_of=as_of, budget=budget),
                 "  " + w["changed"].format(n=s["changed"])]
        flips = ", ".join(f"{n} {self._direction(k)}" for k, n in s["flips"].items())
        lines.append("  " + w["flips"].format(n=s["flipped"]) + (f" ({flips})" if flips else ""))
        up, down = s["score_up"], s["score_down"]
        lines.append("  " + w["score"].format(n=up + down, up=up, down=down))
        lines.append("  " + w["ranks"].format(n=s["rank_moves"]))
        if s["support_changed"]:
            keys = [k for a in self.impact.support_changes for k in a.support_causes]
            why = self.causes(list(dict.fromkeys(keys)))
            total = ("+" if s["support_change_vnd"] > 0 else "") + money(s["support_change_vnd"], lang)
            lines.append("  " + w["support_line"].format(n=s["support_changed"], total=total)
                         + (f" — {w['because']} {why}" if why else ""))
        old, new = s["committed_vnd"]["old"], s["committed_vnd"]["new"]
        if self.impact.budget is not None:
            lines.append("  " + w["funded"].format(entered=len(s["funded_entered"]), exited=len(s["funded_exited"]),
                                                   old=money(old or 0, lang), new=money(new or 0, lang)))
        if s["errors"]["old"] or s["errors"]["new"]:
            lines.append("  " + w["errors"].format(**s["errors"]))
        return lines

    def _direction(self, key: str) -> str:
        before, after = key.split("→")
        return f"{self.decision(before).lower()} → {self.decision(after).lower()}"

    def flip(self, a: ApplicantImpact) -> str:
        if a.decision_old is None or a.decision_new is None:
            return self.w["only_new"] if a.decision_old is None else self.w["only_old"]
        why = self.causes(a.decision_causes)
        return (f"{self.decision(a.decision_old)} → {self.decision(a.decision_new)}; {self.rank(a)}; {self.score(a)}"
                + (f" — {self.w['because']} {why}" if why else ""))

    def flips(self) -> list[str]:
        flipped = [a for a in self.impact.applicants if a.flipped]
        if not flipped:
            return []
        lines = [self.w["flip_head"], *(f"  {a.id} {a.name}: {self.flip(a)}" for a in flipped[:LIST_LIMIT])]
        if len(flipped) > LIST_LIMIT:
            lines.append("  " + self.w["more"].format(n=len(flipped) - LIST_LIMIT))
        return lines

    def moves(self) -> list[str]:
        moved = sorted((a for a in self.impact.applicants if a.rank_move),
                       key=lambda a: (-abs(a.rank_move or 0), a.rank_new or 0, a.id))[:TOP_MOVES]
        if not moved:
            return []
        lines = [self.w["moves_head"]]
        for a in moved:
            rank = f"{a.rank_old:>4} → {a.rank_new:<4} {'(' + signed(a.rank_move or 0, self.lang) + ')':>5}"
            lines.append(f"  {rank}  {a.id} {a.name}: {self.score(a)} — {self.why_score(a)}")
        return lines

    def funded(self) -> list[str]:
        changed = [*self.impact.entered, *self.impact.exited]
        if not changed:
            return []
        lines = [self.w["funded_head"]]
        for a in changed:
            sym = "+" if a.funding_change == "entered" else "-"
            if a.flipped:
                text = self.flip(a)
            else:
                text = f"{self.rank(a)}; {self.score(a)} — {self.why_score(a)}"
                if a.support_old != a.support_new:
                    why = self.causes(a.support_causes)
                    amounts = f"{money(a.support_old, self.lang)} → {money(a.support_new, self.lang)}"
                    text += f"; {self.w['support']} {amounts}" + (f" ({why})" if why else "")
            lines.append(f"  {sym} {a.id} {a.name}: {text}")
        return lines


def render_text(diff: PackDiff, impact: ImpactDiff | None = None, lang: str = "vi") -> str:
    """The whole comparison as text: the changelog, then (with applicants) the impact."""
    lang = lang_of(lang)
    lines = render_changes(diff, lang)
    if impact is not None:
        view = ImpactView(diff, impact, lang)
        for block in (view.summary(), view.flips(), view.moves(), view.funded()):
            if block:
                lines += ["", *block]
    return "\n".join(lines) + "\n"


def to_json(diff: PackDiff, impact: ImpactDiff | None = None) -> dict[str, Any]:
    """Both halves as JSON data; every change carries its changelog line in vi and en."""
    out = diff.to_json()
    for item, change in zip(out["changes"], diff.changes):
        item["text"] = {"vi": describe(change, "vi"), "en": describe(change, "en")}
    return {"diff": out, "impact": impact.to_json() if impact is not None else None}
