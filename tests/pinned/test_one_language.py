"""An assessor asked for one language renders no second sentence, for any kind of finding.

Large batches build the assessor with ``bilingual=False`` to halve the rendering work; every
finding then has its sentence in the asked language and an empty ``text_alt``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kcscore.assess.assessor import Assessor
from kcscore.engine.base import PythonEvaluator
from kcscore.policy.ir import Policy


def test_one_language_leaves_every_other_sentence_empty(bac_kan: Policy, household: Callable[..., dict[str, Any]]) -> None:
    # one project adjusted before raises the plan_changed_before flag (a note), next to the
    # conditions and points every applicant has
    record = household(projects_adjusted_or_stopped=1)
    both = Assessor(bac_kan, PythonEvaluator(bac_kan.conditions)).assess(record, as_of=dt.date(2019, 4, 15), explain=False)
    one = Assessor(bac_kan, PythonEvaluator(bac_kan.conditions), bilingual=False).assess(
        record, as_of=dt.date(2019, 4, 15), explain=False)
    kinds = {f.kind for f in one.findings}
    assert {"gate", "criterion", "flag", "support"} <= kinds
    flag = next(f for f in one.findings if f.rule == "plan_changed_before")
    assert flag.text.startswith("Cơ sở từng phải điều chỉnh hoặc dừng 1 đề án")
    # a note carries its rule's citation and the values it read, like any finding
    assert flag.cite["doc"] == "Thông tư 36/2013/TT-BCT" and flag.cite["article"] == "Điều 11"
    assert flag.values == {"projects_adjusted_or_stopped": 1} and flag.level == "warning"
    assert [f.text for f in one.findings] == [f.text for f in both.findings]
    assert [f.rule for f in one.findings if f.text_alt and f.kind != "support"] == []
    assert all(f.text_alt for f in both.findings)
