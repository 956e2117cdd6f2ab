"""A suggestion said as an officer would say it: what is not met yet, and what meeting it earns."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

from kcscore.expr.analysis import Interval
from kcscore.i18n import lang_of, pick, render
from kcscore.wording.format import field_value, points

if TYPE_CHECKING:
    from kcscore.assess.result import Suggestion
    from kcscore.policy.model import FieldSpec

# a yes/no title such as "Có hợp đồng xuất khẩu" reads "chưa có …"; English titles name the thing itself
HAVE_PREFIXES = {"vi": ("Đã có ", "Có "), "en": ()}


class Change(NamedTuple):
    """One field to change: its spec, the current answer, the proposed one, the target in words."""

    spec: FieldSpec
    current: Any
    proposed: Any
    target: str


def describe_target(iv: Interval, spec: FieldSpec, lang: str) -> str:
    """The range a number must reach, in words; a bound the field cannot pass anyway is left out."""
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


def changes_of(s: Suggestion, record: dict[str, Any], fields: dict[str, FieldSpec], lang: str) -> list[Change]:
    """Each field the suggestion changes, with its target: a range for a number, the value otherwise."""
    out = []
    for name, proposed in s.changes.items():
        spec = fields[name]
        target = (describe_target(Interval(*s.targets[name]), spec, lang) if name in s.targets
                  else field_value(proposed, spec, lang))
        out.append(Change(spec, record.get(name), proposed, target))
    return out


def sentence(changes: list[Change], gain: str, lang: str) -> str:
    """The suggestion in words.

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
