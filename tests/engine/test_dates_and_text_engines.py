"""Dates and contains in the engines, beyond the random agreement test: frames a caller built
itself, cells of the wrong type, and folding that does not depend on the Unicode form."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcscore.engine.base import EngineError
from kcscore.engine.durable import DurableEvaluator
from kcscore.engine.vectorised import VectorisedEvaluator
from kcscore.expr.evaluate import truth
from kcscore.expr.parser import parse
from kcscore.expr.textmatch import fold, matches
from kcscore.expr.types import FieldType

TYPES = {"started_on": FieldType("date"), "as_of": FieldType("date"), "product": FieldType("text")}
CONDITIONS = [parse(t) for t in ('started_on < date("2025-01-01")', "started_on <= as_of",
                                 'product contains_any ["nghiền đá", "cát"]')]


def test_a_datetime64_frame_reads_like_date_cells() -> None:
    days = [dt.date(2024, 12, 31), dt.date(2025, 1, 1), None]
    as_of = [dt.date(2025, 1, 1)] * 3
    products = ["NGHIEN DA", None, unicodedata.normalize("NFD", "khai thác cát")]
    evaluator = VectorisedEvaluator(CONDITIONS, TYPES)
    objects = pd.DataFrame({"started_on": pd.Series(days, dtype=object), "as_of": pd.Series(as_of, dtype=object),
                            "product": products})
    stamps = objects.assign(started_on=pd.to_datetime(objects["started_on"]), as_of=pd.to_datetime(objects["as_of"]))
    expected = [[{True: 1, False: 0, None: -1}[truth(c, r)] for c in CONDITIONS]
                for r in ({"started_on": d, "as_of": a, "product": p} for d, a, p in zip(days, as_of, products))]
    assert evaluator.truth_matrix(objects).tolist() == expected
    assert evaluator.truth_matrix(stamps).tolist() == expected
    assert expected == [[1, 1, 1], [0, 1, -1], [-1, -1, 1]]


def test_a_date_field_holding_text_is_refused_by_both_engines() -> None:
    record = {"started_on": "2024-01-01", "as_of": dt.date(2025, 1, 1), "product": "x"}
    with pytest.raises(EngineError, match="not a date"):
        DurableEvaluator(CONDITIONS, TYPES).evaluate(record)
    with pytest.raises(EngineError, match="cannot read"):
        VectorisedEvaluator(CONDITIONS, TYPES).evaluate(record)


@given(st.text(max_size=40), st.text(min_size=2, max_size=10))
def test_folding_does_not_depend_on_the_unicode_form(text: str, pattern: str) -> None:
    for form in ("NFC", "NFD"):  # not NFKC: ligatures and full-width forms are not promised to fold alike
        assert fold(unicodedata.normalize(form, text)) == fold(text)
        assert matches(unicodedata.normalize(form, text), (pattern,)) == matches(text, (pattern,))
    assert fold(fold(text)) == fold(text)


def test_date_lists_and_patterns_that_look_like_regular_expressions() -> None:
    conditions = [parse(t) for t in ('started_on in [date("2024-12-31"), date("2025-02-01")]',
                                     'started_on not in [date("2024-12-31")]',
                                     'product contains_any [".*", "a|b"]', 'product contains "dong"')]
    records = [{"started_on": dt.date(2024, 12, 31), "product": "x .* y"},
               {"started_on": dt.date(2025, 1, 1), "product": "Miến DONG"},
               {"started_on": None, "product": None},
               {"started_on": dt.date(2025, 2, 1), "product": "a|b"}]
    # 2024-12-31 and 2025-02-01 are listed, 2025-01-01 is not; ".*" and "a|b" are plain text, found
    # only where they are written; "dong" is found in "Miến DONG" once case is folded
    expected = [[True, False, True, False], [False, True, False, True], [None, None, None, None],
                [True, True, True, False]]
    assert [[truth(c, r) for c in conditions] for r in records] == expected
    evaluator = VectorisedEvaluator(conditions, TYPES)
    assert [list(row) for row in evaluator.evaluate_all(records)] == expected
