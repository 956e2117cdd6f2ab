"""`rules check` on divisions: a constant zero divisor is an error (see the division_by_zero broken
fixture); a divisor field whose declared range allows 0 is a warning at the divisor, and the pack loads."""

from __future__ import annotations

import shutil
from pathlib import Path

from kcscore.policy.loader import check_policy

VALID = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "valid"


def with_condition(tmp_path: Path, condition: str, workers_min: str = "0") -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(VALID, pack)
    rules = pack / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("    require: counterpart_committed\n",
                                                               f"    require: {condition}\n"), encoding="utf-8")
    policy = pack / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("header: Số lao động, min: 0}",
                                                                 f"header: Số lao động, min: {workers_min}}}"), encoding="utf-8")
    return pack


def test_a_divisor_field_that_may_be_zero_is_a_warning_at_the_divisor(tmp_path: Path) -> None:
    pack = with_condition(tmp_path, "counterpart_committed and total_cost_vnd / workers > 1000")
    policy, diagnostics = check_policy(pack)
    assert policy is not None
    assert [(d.level, d.code, d.pos.line, d.pos.col, d.pos.length) for d in diagnostics] == [("warning", "K028", 13, 57, 7)]
    assert diagnostics[0].message("en").startswith("divisor 'workers' may be 0 (its declared range in fields.yaml allows 0)")
    assert "số chia 'workers' có thể bằng 0" in diagnostics[0].message("vi")


def test_no_warning_when_the_range_excludes_zero_or_the_condition_guards_it(tmp_path: Path) -> None:
    pack = with_condition(tmp_path / "a", "counterpart_committed and total_cost_vnd / workers > 1000", workers_min="1")
    assert check_policy(pack)[1] == []
    pack = with_condition(tmp_path / "b", "workers > 0 and total_cost_vnd / workers > 1000")
    assert check_policy(pack)[1] == []


def test_a_constant_zero_divisor_refuses_the_pack(tmp_path: Path) -> None:
    pack = with_condition(tmp_path, "counterpart_committed and workers / (1 - 1) > 1")
    policy, diagnostics = check_policy(pack)
    assert policy is None
    assert [(d.level, d.code, d.pos.line, d.pos.col) for d in diagnostics] == [("error", "K027", 13, 51)]
