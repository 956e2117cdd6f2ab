"""An assessment holds facts, never a sentence: explanation is said at the edge (kcscore.explain).

Two ways a sentence could creep back into ``Assessment`` and its parts, and the test for each:
the same applicant assessed in Vietnamese and in English must give equal assessments (apart from
the language asked), and every text an assessment holds must be an identifier, a value read from
the applicant, or a citation.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import pytest

from kcscore.assess.assessor import Assessor
from kcscore.assess.result import Assessment
from kcscore.engine.base import PythonEvaluator
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from kcscore.synthetic import applicants

# fields that hold what the applicant wrote (values read), what the pack cites, or a band as the
# rule file writes it ("at_least 5", "when highland_border"): facts, not sentences
READ_OR_CITED = {"record", "values", "cite", "cap_cite", "share_cite", "cap_cite_short", "id", "name", "current",
                 "proposed", "changes", "band"}
IDENTIFIER = re.compile(r"[a-z0-9_.\-]*", re.IGNORECASE)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="module")
def assessed(policy: Policy) -> list[tuple[Assessment, Assessment]]:
    """Varied applicants (blanks, refusals, suggestions, flags), each assessed in both languages."""
    assessor = Assessor(policy, PythonEvaluator(policy.conditions))
    rows = applicants(policy, 80, seed=11, blank_rate=0.15)
    return [(assessor.assess(row, lang="vi"), assessor.assess(row, lang="en")) for row in rows]


def test_the_sample_covers_what_an_assessment_can_hold(assessed: list[tuple[Assessment, Assessment]]) -> None:
    vi = [a for a, _ in assessed]
    assert {a.decision for a in vi} == {"eligible", "incomplete", "ineligible"}
    assert any(a.suggestions for a in vi) and any(a.flags for a in vi) and any(a.support for a in vi)
    assert any(f.status == "unknown" for a in vi for f in a.findings)


def test_an_assessment_does_not_depend_on_the_language_asked(assessed: list[tuple[Assessment, Assessment]]) -> None:
    for vi, en in assessed:
        assert dataclasses.replace(vi, lang="en") == en, vi.id


def _texts(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every str an assessment holds outside the fields read from the applicant or cited, with its path."""
    if isinstance(value, str):
        yield where, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name not in READ_OR_CITED:
                yield from _texts(getattr(value, f.name), f"{where}.{f.name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{where}[{key!r}]")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _texts(item, f"{where}[{i}]")


def test_every_text_an_assessment_holds_is_an_identifier(assessed: list[tuple[Assessment, Assessment]]) -> None:
    seen = 0
    for vi, en in assessed:
        for a in (vi, en):
            for where, text in _texts(a, a.id):
                seen += 1
                assert IDENTIFIER.fullmatch(text), f"{where} holds words: {text!r}"
    assert seen > 1000  # statuses, kinds, rule ids, bands, missing fields were all walked


def test_budget_selection_records_facts_not_sentences(policy: Policy) -> None:
    """What selection notes of an unfunded applicant (no support, below the line, not enough money
    left) is the same in either language and holds only identifiers and amounts."""
    from kcscore.batch.budget import select
    from kcscore.batch.ranking import rank

    assessor = Assessor(policy, PythonEvaluator(policy.conditions))
    rows = applicants(policy, 240, seed=11, blank_rate=0.0)  # about one in ten eligible
    runs = {}
    for lang, rule in (("vi", "skip"), ("en", "skip"), ("vi", "stop"), ("en", "stop")):
        ranked = rank(policy, [assessor.assess(row, lang=lang, explain=False) for row in rows])
        eligible = [a.recommended_support_vnd for a in ranked if a.decision == "eligible"]
        select(ranked, sum(eligible) // 3, rule)  # a line inside the list: notes of every kind
        runs[lang, rule] = ranked
    for rule in ("skip", "stop"):
        notes = [a.funding_note for a in runs["vi", rule]]
        assert notes == [a.funding_note for a in runs["en", rule]]
        assert any(n is not None for n in notes)
        for where, text in (t for a in runs["vi", rule] for t in _texts(a, a.id)):
            assert IDENTIFIER.fullmatch(text), f"{where} holds words: {text!r}"
    assert {n.code for n in [a.funding_note for a in runs["vi", "stop"]] if n} >= {"funding.short", "status.below_line"}
