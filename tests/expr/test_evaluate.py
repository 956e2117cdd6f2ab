"""The reference evaluator: three-valued (Kleene) logic, where a blank field is unknown, never false."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcscore.expr import ast as A
from kcscore.expr.evaluate import truth, value
from kcscore.expr.parser import parse

T, F, U = True, False, None


@pytest.mark.parametrize(("a", "b", "conj", "disj"), [
    (T, T, T, T), (T, F, F, T), (F, F, F, F),
    (T, U, U, T), (F, U, F, U), (U, U, U, U),
])
def test_kleene_tables(a: bool | None, b: bool | None, conj: bool | None, disj: bool | None) -> None:
    record = {"a": a, "b": b}
    assert truth(parse("a and b"), record) is conj
    assert truth(parse("b and a"), record) is conj
    assert truth(parse("a or b"), record) is disj
    assert truth(parse("b or a"), record) is disj
    assert truth(parse("not a"), record) is (None if a is None else not a)


@pytest.mark.parametrize(("text", "record", "expected"), [
    ("workers >= 10", {"workers": 10}, True),
    ("workers >= 10", {}, None),
    ("workers >= 10 or new", {"new": True}, True),  # a blank that cannot change the outcome does not hold it up
    ("workers >= 10 and new", {"new": False}, False),
    ('sector in ["a", "b"]', {"sector": "b"}, True),
    ('sector not in ["a", "b"]', {"sector": "b"}, False),
    ('sector not in ["a", "b"]', {}, None),
    ("requested > cost * 0.5", {"requested": 60, "cost": 100}, True),
    ("requested / cost > 0.5", {"requested": 60, "cost": 0}, None),  # a zero denominator is unknown, not an error
    ("-x < 0", {"x": 3}, True),
])
def test_conditions(text: str, record: dict[str, object], expected: bool | None) -> None:
    assert truth(parse(text), record) is expected


def test_values() -> None:
    assert value(parse("a - b * 2"), {"a": 10, "b": 3}) == 4
    assert value(parse("a / b"), {"a": 1, "b": 4}) == 0.25
    assert value(parse("a + b"), {"a": 1}) is None


# -- soundness: when Kleene logic answers, every way of filling the blanks agrees ------------

DOMAIN: dict[str, list[object]] = {"p": [True, False], "q": [True, False], "n": [0, 5, 10]}
atoms = st.sampled_from([
    A.Field("p"), A.Field("q"),
    A.Compare(">", A.Field("n"), A.Num(4)), A.Compare("==", A.Field("n"), A.Num(10)),
    A.In(A.Field("n"), (A.Num(0), A.Num(10))), A.In(A.Field("n"), (A.Num(5),), negated=True),
    A.Compare("<", A.Arith("-", A.Field("n"), A.Num(3)), A.Num(5)),
])
conditions = st.recursive(atoms, lambda c: st.one_of(
    c.map(A.Not),
    st.builds(A.Logic, st.sampled_from(["and", "or"]), st.lists(c, min_size=2, max_size=3).map(tuple)),
), max_leaves=8)
partial = st.fixed_dictionaries({}, optional={k: st.sampled_from(v) for k, v in DOMAIN.items()})


@settings(max_examples=300)
@given(conditions, partial)
def test_a_known_answer_holds_for_every_completion(condition: A.Node, record: dict[str, object]) -> None:
    answer = truth(condition, record)
    blanks = [k for k in DOMAIN if k not in record]
    outcomes = set()
    for values in itertools.product(*(DOMAIN[k] for k in blanks)):
        complete = {**record, **dict(zip(blanks, values))}
        result = truth(condition, complete)
        assert result is not None  # with every field known, the answer is known
        outcomes.add(result)
    if answer is not None:
        assert outcomes == {answer}
    if not blanks:
        assert answer is not None


def test_the_negation_of_a_blank_is_blank() -> None:
    # -x with x blank has no value (None), it is not an error; with x = 3 it is -3
    assert value(parse("-x"), {}) is None
    assert value(parse("-x"), {"x": 3}) == -3
    assert truth(parse("-x < 0"), {}) is None


def test_a_bare_number_or_text_is_not_a_condition() -> None:
    with pytest.raises(TypeError, match="not a condition: Num"):
        truth(A.Num(3), {})
    with pytest.raises(TypeError, match="not a condition: Str"):
        truth(A.Str("có"), {"x": 1})
