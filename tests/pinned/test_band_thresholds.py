"""Band keywords mean exactly what the rubric says: ``above`` is strictly more, ``at_least`` includes.

Circular 46/2012 Art. 6.2.b asks for *more than* 50 % of input value from local materials, so an
applicant at exactly 50 % earns nothing for it, and exactly 80 % is not yet the top band.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kcscore.assess.assessor import Assessor
from kcscore.expr import ast as A
from kcscore.policy.model import Band
from kcscore.policy.rules import band_condition


@pytest.mark.parametrize(("keyword", "operator"), [("above", ">"), ("at_least", ">="), ("below", "<"), ("at_most", "<=")])
def test_each_threshold_keyword_compiles_to_its_comparison(keyword: str, operator: str) -> None:
    band = Band.model_validate({keyword: 50, "points": 1})
    assert band_condition(band, "share") == A.Compare(operator, A.Field("share"), A.Num(50))


# local_raw_material: above 80 → 14, above 50 → 10, otherwise 0; the rest of the household's
# scorecard is 76 − 14 = 62 points.
@pytest.mark.parametrize(("share", "points", "score"), [
    (50, 0, 62), (50.01, 10, 72), (51, 10, 72), (80, 10, 72), (80.01, 14, 76),
])
def test_local_material_points_at_and_just_past_each_threshold(assessor: Assessor, household: Callable[..., dict[str, Any]],
                                                               share: float, points: float, score: float) -> None:
    a = assessor.assess(household(local_material_share=share), explain=False)
    assert a.points_of("local_raw_material") == points
    assert a.score == score


# productivity_gain uses at_least: 30 → 10, 20 → 7, 10 → 4; the rest of the scorecard is 66.
@pytest.mark.parametrize(("gain", "points"), [(30, 10), (29.99, 7), (20, 7), (19.99, 4), (10, 4), (9.99, 0)])
def test_at_least_includes_the_threshold(assessor: Assessor, household: Callable[..., dict[str, Any]],
                                         gain: float, points: float) -> None:
    a = assessor.assess(household(productivity_gain_pct=gain), explain=False)
    assert a.points_of("productivity_gain") == points
    assert a.score == 66 + points
