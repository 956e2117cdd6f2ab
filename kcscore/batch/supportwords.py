"""The support sentence of a large list's lines, as JSON string bytes, from cut templates.

``assess.support.sentence`` formats three figures (request, cost, amount) into a sentence whose
other words depend only on the figures a support rule shares in one period of its values (share,
cap, citation, whether unconfirmed). Nearly every row of a large list has a sentence of its own,
so saying it from scratch cost several catalogue look-ups and number formats a row. Here the
sentence is said once per shared figures with probe values, cut where the probes' words stand,
and each row's sentence is the cut pieces joined with its own figures' words, each figure
formatted once. The pieces are checked against the real sentence for a second set of figures:
if a catalogue text ever reorders or repeats a figure so the cut does not hold, the rule's rows
are said the plain way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from kcscore.assess.support import sentence
from kcscore.wording.format import money, short_money

# figures whose words cannot be mistaken for any other word of the sentence
_PROBES = ((123_456_789_012, 987_654_321_987, 192_837_465_564), (111_222_333_444, 555_666_777_888, 999_000_111_222))
_ORDER = ("requested", "cost", "amount")


def escaped(text: str) -> bytes:
    """``text`` as it stands inside a JSON string (without the quotes), UTF-8; JSON escapes
    character by character, so escaped pieces joined are the joined text escaped."""
    return json.dumps(text, ensure_ascii=False)[1:-1].encode("utf-8")


class SupportWords:
    """Each row's support sentence, escaped for a JSON string, from its shared figures and its own."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._cut: dict[int, tuple[Mapping[str, Any], tuple[bytes, ...] | None, tuple[int, ...]]] = {}
        self._short: dict[int, bytes] = {}  # short_money words of a request or cost, escaped
        self._money: dict[int, bytes] = {}

    def _words(self, base: Mapping[str, Any], requested: int, cost: int, amount: int) -> str:
        return sentence({**base, "requested": requested, "cost": cost, "amount": amount}, self.lang)

    def _cut_for(self, base: Mapping[str, Any]) -> tuple[tuple[bytes, ...] | None, tuple[int, ...]]:
        """The literal pieces of the sentence of ``base`` and the order of the figures between them
        (None: the sentence cannot be cut, say it whole)."""
        probe = _PROBES[0]
        text = self._words(base, *probe)
        said = (short_money(probe[0], self.lang), short_money(probe[1], self.lang), money(probe[2], self.lang))
        at = [text.find(word) for word in said]
        if min(at) < 0 or any(text.count(word) != 1 for word in said):
            return None, ()
        order = tuple(sorted(range(3), key=lambda f: at[f]))
        pieces, start = [], 0
        for f in order:
            pieces.append(text[start:at[f]])
            start = at[f] + len(said[f])
        pieces.append(text[start:])
        cut = tuple(escaped(p) for p in pieces)
        check = _PROBES[1]
        words = (short_money(check[0], self.lang), short_money(check[1], self.lang), money(check[2], self.lang))
        rebuilt = pieces[0] + "".join(words[f] + pieces[n + 1] for n, f in enumerate(order))
        if rebuilt != self._words(base, *check):
            return None, ()
        return cut, order

    def say(self, base: Mapping[str, Any], requested: int, cost: int, amount: int) -> bytes:
        """The sentence of these figures, escaped for a JSON string (no quotes), UTF-8."""
        entry = self._cut.get(id(base))
        if entry is None or entry[0] is not base:  # keyed by identity: a rule's rows share one dict
            entry = self._cut[id(base)] = (base, *self._cut_for(base))
        _, cut, order = entry
        if cut is None:
            return escaped(self._words(base, requested, cost, amount))
        figures = (self._of(self._short, requested, short_money), self._of(self._short, cost, short_money),
                   self._of(self._money, amount, money))
        out = [cut[0]]
        for n, f in enumerate(order):
            out.append(figures[f])
            out.append(cut[n + 1])
        return b"".join(out)

    def _of(self, cache: dict[int, bytes], value: int, say: Callable[[int, str], str]) -> bytes:
        found = cache.get(value)
        if found is None:
            if len(cache) > 100_000:  # figures repeat a lot, but a list of a million may not: bounded memory
                cache.clear()
            found = cache[value] = escaped(say(value, self.lang))
        return found
