"""A test case's name may not state a number of points its own ``expect`` contradicts (K073)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kcscore.policy.casenames import contradiction, stated_points
from kcscore.policy.loader import check_policy
from kcscore.policy.model import Expect

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "fixtures" / "packs" / "valid"


@pytest.mark.parametrize(("name", "points"), [
    ("a zone II commune is especially difficult and gives 6", [6]),
    ("takes the poor-district band (10)", [10]),
    ("three projects adjusted or stopped cost the full penalty (−6)", [-6]),
    ("a brand project earns 8 points", [8]),
    ("hồ sơ được 7 điểm", [7]),
    # never judged: a share, a count, a sum written out, a hypothetical, points lost
    ("65 % local material is above the legal 50 % and gives 10 %", []),
    ("60 workers is labour-intensive", []),
    ("a brand project by a trademark holder earns both brand items (8 + 4 = 12)", []),
    ("a blank highland answer earns 11 and is listed, since highland would give 12", []),
    ("the 2 points lost come from capacity, not from the flag", []),
])
def test_only_plain_statements_of_points_are_read(name: str, points: list[float]) -> None:
    assert stated_points(name) == points


def test_a_number_is_held_against_every_expected_point_value_their_sum_and_the_score() -> None:
    expect = Expect(score=72, points={"area_priority": 7})
    assert contradiction("takes the poor-district band (7)", expect) is None
    assert contradiction("scores 72 points", expect) is None
    found = contradiction("takes the poor-district band (10)", expect)
    assert found is not None and found[1] == 10
    assert contradiction("gives 12", Expect(points={"brand": 8, "trademark": 4})) is None
    assert contradiction("cost the full penalty (−6)", Expect(points={"adjusted_projects": -6})) is None
    assert contradiction("gives 6", Expect(score=70)) is None  # no rule's points expected: not judged


def test_rules_check_warns_at_the_number_in_a_wrong_name(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(VALID, pack)
    cases = pack / "tests" / "cases.yaml"
    lines = cases.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if "- name:" in line)
    lines.insert(index, "  - name: a workshop with 60 workers gives 7\n"
                        "    applicant: {base: strong_household}\n"
                        "    expect: {points: {labour_intensive: 4}}\n")
    cases.write_text("".join(lines), encoding="utf-8")
    policy, diagnostics = check_policy(pack)
    assert policy is not None  # a warning: the pack is still usable
    found = [d for d in diagnostics if d.code == "K073"]
    assert [(d.level, d.pos.line, d.pos.col, d.pos.length) for d in found] == [("warning", index + 1, 38, 7)]  # under "gives 7"
    assert found[0].message("en") == "the test case's name states 7 points but its `expect` says labour_intensive: 4"
    assert found[0].message("vi") == "tên ca kiểm thử ghi 7 điểm nhưng `expect` của ca lại chờ labour_intensive: 4"


@pytest.mark.parametrize("pack", ["rules/bac-kan", "samples/packs/bac-kan-2027"])
def test_the_shipped_packs_state_no_wrong_number_of_points(pack: str) -> None:
    _, diagnostics = check_policy(ROOT / pack)
    assert [d for d in diagnostics if d.code == "K073"] == []
