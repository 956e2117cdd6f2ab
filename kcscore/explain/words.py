"""An assessment's sentences in one language: its findings, its support formula, its suggestions.

Said from the facts the assessment holds and the pack's sentences (``wording.texts.TextBook``,
the same book the columnar path for large lists fills), so every output says the same words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kcscore.assess.support import amount, sentence as support_sentence
from kcscore.explain import suggestions
from kcscore.wording.format import points
from kcscore.wording.funding import say as say_funding
from kcscore.wording.texts import TextBook, extras_for

if TYPE_CHECKING:
    from kcscore.assess.result import Assessment, Finding, Suggestion
    from kcscore.policy.ir import Policy


def book(policy: Policy) -> TextBook:
    """The pack's sentences, built once per loaded pack (its template choices are cached inside)."""
    found = policy.__dict__.get("_textbook")
    if found is None:
        found = policy.__dict__["_textbook"] = TextBook(policy)
    return found  # type: ignore[no-any-return]


class Words:
    """Says the sentences of assessments made under ``policy``, in ``lang`` (each assessment's own
    language when ``lang`` is None, as the JSON output does)."""

    def __init__(self, policy: Policy, lang: str | None = None) -> None:
        self.policy = policy
        self.book = book(policy)
        self.lang = lang

    def _lang(self, a: Assessment) -> str:
        return self.lang or a.lang

    def finding(self, a: Assessment, f: Finding) -> str:
        """A finding's sentence: the rule's own words for its outcome, filled with the applicant's values."""
        if f.kind == "support":
            return self.support(a)
        rule = self.policy.rule(f.rule)
        scored = rule.scored
        if f.status == "unknown":
            pair = self.book.unknown(rule, f.missing, f.points if scored else None, f.upper_points if scored else None)
        else:
            pair = self.book.template(rule, f.status, f.outcome, f.reached, f.points)
        extras = extras_for(rule, f.points, self.book.max_points[rule.id], a.record) if scored else None
        return self.book.render(pair, a.record, self._lang(a), extras)

    def support(self, a: Assessment) -> str:
        """The support formula in words: the least of the request, the share and the cap, with its result.

        The result is the formula's, also for an applicant that is not eligible (whose
        recommended amount is 0): the sentence says how the figure is computed."""
        s = a.support
        if s is None:
            return ""
        assert s.requested is not None and s.cost is not None and s.share_amount is not None
        value, _ = amount(s.requested, s.share_amount, s.cap)
        return support_sentence({"requested": s.requested, "share_pct": s.share_pct, "cost": s.cost, "cap": s.cap,
                                 "cap_cite_short": s.cap_cite_short, "amount": value,
                                 "unconfirmed": s.unconfirmed}, self._lang(a))

    def suggestion(self, a: Assessment, s: Suggestion) -> str:
        """What the applicant could change and the points it would earn."""
        lang = self._lang(a)
        changes = suggestions.changes_of(s, a.record, self.policy.fields, lang)
        return suggestions.sentence(changes, points(s.gain, lang), lang)

    def funding_note(self, a: Assessment) -> str | None:
        """Why an eligible applicant went unfunded, or None when it was funded or not considered."""
        return None if a.funding_note is None else say_funding(a.funding_note, self._lang(a))

    def shown_support(self, a: Assessment) -> str | None:
        """The support sentence a reader is told, or None (``Assessment.support_shown``)."""
        return self.support(a) if a.support_shown else None


def words(policy: Policy, lang: str | None = None) -> Words:
    """The sentences of ``policy``'s assessments in ``lang``."""
    return Words(policy, lang)
