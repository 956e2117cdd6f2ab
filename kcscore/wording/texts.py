"""Which sentence a finding says, chosen once per rule and outcome and filled per applicant.

Most findings say the same words for every applicant with the same outcome ("Chế biến sâu",
"Loại hình được hỗ trợ: đạt"); only templates with ``{field}`` placeholders are filled per
applicant. Choosing the template is cached here, so both the per-applicant assessor and the
columnar path for large lists speak with exactly the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kcscore.wording.sentences import compile_template, fill
from kcscore.expr import ast as A
from kcscore.i18n import known, pick, render
from kcscore.kinds.registry import kind_of
from kcscore.policy.ir import Policy, RuleIR

Pair = tuple[str, str]  # (vi, en) templates

_STATUS = {"not_applicable", "exempt", "pass", "clear"}  # statuses said as the title and ``finding.<status>``


def _both(code: str, **params: Any) -> Pair:
    """A catalogue text as the (vi, en) template pair a finding carries."""
    return render(code, "vi", **params), render(code, "en", **params)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class TextBook:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.fields = policy.fields
        self._cache: dict[tuple[Any, ...], Pair] = {}
        self.max_points = {r.id: r.max_points for r in policy.rules}

    def _titled(self, rule: RuleIR, status: str) -> Pair:
        # a kind may word a status its own way: an exclusion that is waived "does not exclude", it
        # does not "exempt from a condition"
        code = f"finding.{status}.{rule.kind}" if known(f"finding.{status}.{rule.kind}") else f"finding.{status}"
        vi, en = _both(code)
        return f"{rule.title.vi}: {vi}", f"{rule.title.en}: {en}"

    def template(self, rule: RuleIR, status: str, outcome_index: int | None = None,
                 reached: tuple[int, ...] = (), low: float | None = None) -> Pair:
        """The (vi, en) template for a settled outcome; ``unknown`` has its own sentence."""
        key = (rule.id, status, outcome_index, reached, low if rule.is_sum else None)
        found = self._cache.get(key)
        if found is None:
            found = self._choose(rule, status, outcome_index, reached, low)
            self._cache[key] = found
        return found

    def _choose(self, rule: RuleIR, status: str, outcome_index: int | None, reached: tuple[int, ...],
                low: float | None) -> Pair:
        spec = rule.spec
        kind = kind_of(rule.kind)
        if not kind.scored:  # the kind names which of the rule's sentences each status says
            role = kind.says.get(status)
            sentence = getattr(spec, role, None) if role else None
            if sentence is not None:
                return sentence.vi, sentence.en
            return self._titled(rule, status if status in _STATUS else kind.plain or "pass")
        if status == "not_applicable":
            return self._not_applicable(rule)
        says = getattr(spec, "says", None)
        if rule.is_sum:
            pieces = [rule.outcomes[i].says for i in reached if rule.outcomes[i].says]
            if pieces:
                return "; ".join(p.vi for p in pieces if p), "; ".join(p.en for p in pieces if p)
            if low and says:
                return says.vi, says.en
            vi, en = _both("finding.nothing_scored")
            return f"{spec.title.vi}: {vi}", f"{spec.title.en}: {en}"
        if kind.says_no and outcome_index is None:  # a bonus or penalty that took no points
            vi, en = _both("format.no")
            return f"{spec.title.vi}: {vi}", f"{spec.title.en}: {en}"
        band_says = rule.outcomes[outcome_index].says if outcome_index is not None else None
        chosen = band_says or says or spec.title
        return chosen.vi, chosen.en

    def _not_applicable(self, rule: RuleIR) -> Pair:
        """"<title>: không áp dụng cho nội dung hỗ trợ này": named by the one field the ``applies``
        condition reads (the support content, in the default pack), or "this project" otherwise."""
        names = A.fields_of(self.policy.conditions[rule.parts["applies"]])
        if len(names) == 1 and names[0] in self.fields:
            title = self.fields[names[0]].title
            vi_what, en_what = _lower(title.vi), _lower(title.en)
        else:
            vi_what, en_what = "đề án", "project"
        return (f"{rule.title.vi}: không áp dụng cho {vi_what} này",
                f"{rule.title.en}: does not apply to this {en_what}")

    def unknown(self, rule: RuleIR, missing: list[str], low: float | None, high: float | None) -> Pair:
        """"<title>: chưa kết luận được do thiếu thông tin «<field title>»": the officer reads which
        question to ask, by its title, never the field's id."""
        labels_vi = ", ".join(f"«{self.fields[n].title.vi}»" for n in missing)
        labels_en = ", ".join(f"«{self.fields[n].title.en}»" for n in missing)
        key = "finding.unknown" if len(missing) == 1 else "finding.unknown_many"
        vi = f"{rule.title.vi}: {render(key, 'vi', fields=labels_vi)}"
        en = f"{rule.title.en}: {render(key, 'en', fields=labels_en)}"
        if low is not None and high is not None and high != low:
            floor_vi, floor_en = _both("finding.floor", low=_num(low), high=_num(high))
            vi, en = f"{vi} {floor_vi}", f"{en} {floor_en}"
        return vi, en

    def render(self, pair: Pair, record: Mapping[str, Any], lang: str, extras: Mapping[str, Any] | None = None) -> str:
        template = pick(pair[0], pair[1], lang)
        if not compile_template(template)[1]:
            return template
        return fill(template, record, self.fields, lang, extras)


def _lower(title: str) -> str:
    """A field title inside a sentence: "Nội dung hỗ trợ" -> "nội dung hỗ trợ", an acronym kept."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def extras_for(rule: RuleIR, low: float | None, max_points: float, record: Mapping[str, Any]) -> dict[str, Any]:
    field = getattr(rule.spec, "input", None)  # the field a band table reads, for {value}
    return {"points": low, "max_points": max_points, "value": record.get(field) if field else None}
