"""A condition on a free-text field loads, analyses as opaque and evaluates the same everywhere."""

from __future__ import annotations

import shutil
from pathlib import Path

from kcscore.engine.base import PythonEvaluator
from kcscore.engine.durable import DurableEvaluator
from kcscore.engine.vectorised import VectorisedEvaluator
from kcscore.policy.loader import check_policy

VALID = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "valid"


def test_text_field_condition_loads_and_agrees(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(VALID, pack)
    (pack / "extra.yaml").write_text(
        'rules:\n'
        '  named_flag:\n'
        '    kind: flag\n'
        '    title: {vi: Tên cần xem lại, en: Name to review}\n'
        '    cite: {doc: Thử nghiệm}\n'
        '    when: name == "Cơ sở A" or name != "Cơ sở B" and id == "X1"\n'
        '    says: {vi: Xem lại tên, en: Review the name}\n', encoding="utf-8")
    policy, diagnostics = check_policy(pack)
    assert policy is not None, [d.message("en") for d in diagnostics]
    index = next(i for i, source in enumerate(policy.condition_sources) if "Cơ sở A" in source)
    records = [{"id": "X1", "name": "Cơ sở A"}, {"id": "X1", "name": "Cơ sở C"}, {"id": "X2", "name": "Cơ sở B"},
               {"id": "X2", "name": None}]
    expected = [True, True, False, None]
    for evaluator in (PythonEvaluator(policy.conditions), DurableEvaluator(policy.conditions, policy.field_types),
                      VectorisedEvaluator(policy.conditions, policy.field_types)):
        assert [evaluator.evaluate(r)[index] for r in records] == expected, evaluator.name
