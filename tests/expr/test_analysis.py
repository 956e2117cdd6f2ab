"""Static analysis: conditions that can never be true, and the values a band table leaves uncovered."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcscore.expr import ast as A
from kcscore.expr.analysis import Analyzer, describe
from kcscore.expr.evaluate import truth
from kcscore.expr.parser import parse
from tests.expr.conftest import FIELDS

analyzer = Analyzer(FIELDS)


@pytest.mark.parametrize(("text", "verdict"), [
    ("workers > 10 and workers < 5", False),
    ("workers > 4 and workers < 5", False),  # no whole number lies strictly between 4 and 5
    ("gain > 4 and gain < 5", True),  # but a real number does
    ("share > 100", False),  # outside the declared 0-100
    ("cost <= 0", False),  # declared strictly positive
    ('sector == "food_processing" and sector == "other"', False),
    ('sector in ["food_processing"] and sector not in ["food_processing"]', False),
    ("new and not new", False),
    ("workers >= 10 and workers <= 10", True),
    ("stars == 5 or stars > 5", True),
    ("(workers > 10 or new) and workers < 5", True),
    ("false", False),
    ("workers > cost", None),  # across two fields: the analysis does not guess
    ("workers > cost and workers < 0", False),  # yet a contradiction elsewhere still shows
])
def test_satisfiable(text: str, verdict: bool | None) -> None:
    assert analyzer.satisfiable(parse(text)) is verdict


def test_always_true_is_the_negation_never_true() -> None:
    assert analyzer.satisfiable(A.Not(parse("workers >= 0"))) is False
    assert analyzer.satisfiable(A.Not(parse('sector in ["food_processing", "mining_mineral_processing", "other"]'))) is False
    assert analyzer.satisfiable(A.Not(parse("workers > 0"))) is True


def _gap(*bands: str) -> str | None:
    covered = A.Logic("or", tuple(parse(b) for b in bands)) if len(bands) > 1 else parse(bands[0])
    witness = analyzer.witness(A.Not(covered))
    return None if witness is None else "; ".join(describe(k, v) for k, v in witness.items())


def test_band_gaps() -> None:
    assert _gap("share > 80", "share > 50") == "share ∈ [0, 50]"
    assert _gap("share > 80", "share > 50", "share <= 50") is None
    assert _gap("workers >= 50", "workers >= 20", "workers < 10") == "workers ∈ [10, 19]"
    assert _gap('sector == "other"') == "sector ∈ {food_processing, mining_mineral_processing}"
    assert _gap("new") == "new ∈ {false}"


def test_describe_in_both_languages() -> None:
    witness = analyzer.witness(parse("workers < 3"))
    assert witness is not None and describe("workers", witness["workers"]) == "workers ∈ [0, 2]"
    open_ended = analyzer.witness(parse("gain > 7"))
    assert open_ended is not None and describe("gain", open_ended["gain"], "en") == "gain > 7"
    from kcscore.expr.analysis import Interval

    two = (Interval(0, True, 2, True), Interval(8, True, float("inf"), True))
    assert describe("workers", two, "vi") == "workers ∈ [0, 2] hoặc workers ≥ 8"
    assert describe("workers", two, "en") == "workers ∈ [0, 2] or workers ≥ 8"


def test_explosive_conditions_give_no_verdict_rather_than_hang() -> None:
    wide = " and ".join(f"(workers > {i} or share > {i} or gain > {i})" for i in range(12))
    assert analyzer.satisfiable(parse(wide)) is None


# -- soundness: "never true" is never contradicted by an actual record ------------------------

thresholds = st.integers(-2, 12)
atoms = st.one_of(
    st.builds(lambda op, v: A.Compare(op, A.Field("workers"), A.Num(v)), st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), thresholds),
    st.builds(lambda op, v: A.Compare(op, A.Field("gain"), A.Num(v / 2)), st.sampled_from(["<", ">", "=="]), thresholds),
    st.sampled_from([A.Field("new"), parse('sector == "other"'), parse('sector in ["food_processing", "other"]')]),
)
conditions = st.recursive(atoms, lambda c: st.one_of(
    c.map(A.Not), st.builds(A.Logic, st.sampled_from(["and", "or"]), st.lists(c, min_size=2, max_size=3).map(tuple))),
    max_leaves=6)
records = st.fixed_dictionaries({
    "workers": st.integers(0, 14),
    "gain": st.integers(0, 14).map(lambda v: v / 4),
    "new": st.booleans(),
    "sector": st.sampled_from(["food_processing", "mining_mineral_processing", "other"]),
})


@settings(max_examples=400)
@given(conditions, records)
def test_never_true_means_no_record_makes_it_true(condition: A.Node, record: dict[str, object]) -> None:
    verdict = analyzer.satisfiable(condition)
    if verdict is False:
        assert truth(condition, record) is False
    if truth(condition, record) is True:
        assert verdict is not False


@settings(max_examples=200)
@given(conditions)
def test_a_witness_really_makes_the_condition_true(condition: A.Node) -> None:
    witness = analyzer.witness(condition)
    if witness is None:
        return
    record: dict[str, object] = {"workers": 0, "gain": 0.0, "new": False, "sector": "other"}
    for name, constraint in witness.items():
        if isinstance(constraint, frozenset):
            record[name] = sorted(constraint, key=str)[0]
        else:
            interval = constraint[0]
            low = interval.lo if interval.lo_closed else interval.lo + (1 if FIELDS[name].integral else 0.125)
            record[name] = int(low) if FIELDS[name].integral else low
    assert truth(condition, record) is True, (record, witness)
