"""How a band line reads in reports and coverage, and the condition it compiles to.

The label is what ``kcscore rules test --coverage`` and the rubric print for a band
(``above 50``, ``is true``, ``in [a, b]``); the condition is over the criterion's ``input``.
Whole numbers print without ``.0``; booleans print as the pack writes them.
"""

from __future__ import annotations

from typing import Any

import pytest

from kcscore.expr import ast as A
from kcscore.expr.render import to_source
from kcscore.policy.model import Band
from kcscore.policy.rules import band_condition, band_label


@pytest.mark.parametrize(("line", "label", "source"), [
    ({"above": 50}, "above 50", "f > 50"),
    ({"above": 50.5}, "above 50.5", "f > 50.5"),
    ({"at_least": 30}, "at_least 30", "f >= 30"),
    ({"below": 2}, "below 2", "f < 2"),
    ({"at_most": 2.25}, "at_most 2.25", "f <= 2.25"),
    ({"between": [10, 20]}, "between [10, 20]", "f >= 10 and f <= 20"),
    ({"between": [10.5, 20]}, "between [10.5, 20]", "f >= 10.5 and f <= 20"),
    ({"is": "deep"}, "is deep", 'f == "deep"'),
    ({"is": True}, "is true", "f == true"),
    ({"is": False}, "is false", "f == false"),
    ({"in": ["a", "b"]}, "in [a, b]", 'f in ["a", "b"]'),
    ({"when": "x > 1"}, "when x > 1", None),
])
def test_label_and_condition_of_each_band_keyword(line: dict[str, Any], label: str, source: str | None) -> None:
    band = Band.model_validate({**line, "points": 1})
    assert band_label(band) == label
    node = band_condition(band, "f")
    assert (to_source(node) if node is not None else None) == source


def test_otherwise_has_a_label_and_no_condition() -> None:
    band = Band.model_validate({"otherwise": 0})
    assert band_label(band) == "otherwise"
    assert band_condition(band, "f") is None


def test_whole_number_thresholds_compile_to_integers() -> None:
    node = band_condition(Band.model_validate({"at_least": 30.0, "points": 1}), "f")
    assert node == A.Compare(">=", A.Field("f"), A.Num(30))
    assert isinstance(node, A.Compare) and type(node.right.value) is int  # type: ignore[attr-defined]
    between = band_condition(Band.model_validate({"between": [1.5, 2.0], "points": 1}), "f")
    assert between == A.Logic("and", (A.Compare(">=", A.Field("f"), A.Num(1.5)), A.Compare("<=", A.Field("f"), A.Num(2))))


def test_is_and_in_compile_to_literals_of_their_type() -> None:
    assert band_condition(Band.model_validate({"is": True, "points": 1}), "f") == A.Compare("==", A.Field("f"), A.Bool(True))
    assert band_condition(Band.model_validate({"is": "deep", "points": 1}), "f") == A.Compare("==", A.Field("f"), A.Str("deep"))
    assert band_condition(Band.model_validate({"in": ["a", "b"], "points": 1}), "f") == \
        A.In(A.Field("f"), (A.Str("a"), A.Str("b")))
