"""``rules test --update`` on a copy of the Bắc Kạn pack with two criteria rebalanced."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kcscore.api import assessor_for
from kcscore.cli import main
from kcscore.packs import default_pack_path
from kcscore.packtest import run_cases
from kcscore.caseupdate import plan_updates
from kcscore.policy.loader import load_policy
from tests.packcopy import copy_pack

ERRORING = """
  # this case cannot be assessed: zone VI does not exist
  - name: an unknown zone cannot be read
    applicant: {base: strong_household, area_zone: VI}
    expect: {score: 76}
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture()
def packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(the pack before, a copy with zone III 11 → 10 and the 20 % productivity band 7 → 8)."""
    monkeypatch.setenv("KCSCORE_NO_CACHE", "1")
    monkeypatch.chdir(tmp_path)
    before, after = tmp_path / "before", tmp_path / "after"
    copy_pack(default_pack_path(), before)
    (before / "tests" / "criteria.yaml").write_text((before / "tests" / "criteria.yaml").read_text(encoding="utf-8")
                                                    + ERRORING, encoding="utf-8")
    shutil.copytree(before, after)
    _edit(after / "criteria.yaml", '      - when: area_zone == "III"\n        points: 11\n',
          '      - when: area_zone == "III"\n        points: 10\n')
    _edit(after / "criteria.yaml", "      - {at_least: 20, points: 7}\n", "      - {at_least: 20, points: 8}\n")
    return before, after


def _values(a: object) -> dict[str, object]:
    """Every expectable value of an assessment, keyed as the test report names them."""
    out: dict[str, object] = {"decision": a.decision, "score": a.score, "support": a.recommended_support_vnd}  # type: ignore[attr-defined]
    out.update({f"points.{f.rule}": f.points for f in a.findings if f.points is not None})  # type: ignore[attr-defined]
    return out


def test_the_plan_lists_exactly_the_changed_expectations_and_the_rule_that_moved(packs: tuple[Path, Path]) -> None:
    before, after = packs
    old_policy, new_policy = load_policy(before), load_policy(after)
    old_results, _ = run_cases(old_policy, assessor_for(old_policy))
    new_results, _ = run_cases(new_policy, assessor_for(new_policy))
    expected = set()
    for old, new in zip(old_results, new_results):
        if old.assessment is None:
            continue
        e = new.case.case.expect
        keys = [k for k in ("decision", "score", "support") if getattr(e, k) is not None] + [f"points.{r}" for r in e.points]
        was, now = _values(old.assessment), _values(new.assessment)
        expected |= {(new.case.case.name, k, was[k], now[k]) for k in keys if was[k] != now[k]}
    plan = plan_updates(new_results)
    listed = {(u.name, c.what, c.old, c.new) for updates in plan.files.values() for u in updates for c in u.changes}
    assert listed == expected and len(listed) > 100
    for updates in plan.files.values():
        for u in updates:
            for c in u.changes:
                moved = {w.split(" ")[0] for w in c.why}
                assert moved and moved <= {"area_priority", "productivity_gain"}, (u.name, c)
    gain = next(u for ups in plan.files.values() for u in ups if u.name == "a 25 % productivity gain gives 7")
    assert [(c.what, c.old, c.new, c.why) for c in gain.changes] == [
        ("points.productivity_gain", 7, 8, ["productivity_gain [at_least 20]"])]
    assert gain.stale == [("name", "7")]
    assert [r.case.case.name for r in plan.errors] == ["an unknown zone cannot be read"]


def test_accepting_rewrites_only_the_changed_values(packs: tuple[Path, Path]) -> None:
    _, after = packs
    originals = {p.name: p.read_bytes() for p in (after / "tests").iterdir()}
    runner = CliRunner()
    shown = runner.invoke(main, ["rules", "test", str(after), "--dry-run", "--lang", "en"])
    assert shown.exit_code == 1
    assert "points.productivity_gain: 7 → 8" in shown.stdout and "because of productivity_gain [at_least 20]" in shown.stdout
    assert "Cases with errors, left untouched:\n  an unknown zone cannot be read" in shown.stdout
    assert {p.name: p.read_bytes() for p in (after / "tests").iterdir()} == originals  # --dry-run writes nothing
    asked = runner.invoke(main, ["rules", "test", str(after), "--update"], input="")  # not a terminal, no --yes
    assert asked.exit_code == 1 and "thêm --yes" in asked.stderr
    assert {p.name: p.read_bytes() for p in (after / "tests").iterdir()} == originals

    plan = plan_updates(run_cases(load_policy(after), assessor_for(load_policy(after)))[0])
    at = {(Path(f).name, c.pos.line) for f, ups in plan.files.items() for u in ups for c in u.changes if c.pos}
    n = sum(len(u.changes) for ups in plan.files.values() for u in ups)
    assert (f"{n} expectation(s) in {plan.count} case(s) across 6 file(s) to update; 0 to edit by hand, 1 with errors"
            in shown.stdout)
    accepted = runner.invoke(main, ["rules", "test", str(after), "--update", "--yes"])
    assert accepted.exit_code == 1  # the erroring case still fails
    assert "an unknown zone cannot be read" in accepted.stdout
    passed = runner.invoke(main, ["rules", "test", str(after)])
    assert "238 ca đạt" not in passed.stdout and "237 ca đạt, 1 ca không đạt" in passed.stdout

    number = re.compile(r"\d+(?:\.\d+)?")
    changed = set()
    for name, raw in originals.items():
        old_lines = raw.decode("utf-8").split("\n")
        new_lines = (after / "tests" / name).read_text(encoding="utf-8").split("\n")
        assert len(old_lines) == len(new_lines)
        for i, (old, new) in enumerate(zip(old_lines, new_lines), start=1):
            if old != new:
                changed.add((name, i))
                assert number.sub("N", old) == number.sub("N", new), (name, i)  # only numbers moved
    assert changed == at
    assert (after / "tests" / "criteria.yaml").read_text(encoding="utf-8").endswith(ERRORING)


def test_two_values_on_one_line_are_replaced_whatever_their_new_length() -> None:
    from types import SimpleNamespace

    from kcscore.caseupdate import Change, rewrite
    from kcscore.policy.diagnostics import Pos

    text = "cases:  # kept\n  - expect: {score: 9, flags: [a, 'b'], points: {x: 9}}  # and this\n"
    changes = [Change("score", 9, 10.0, [], Pos("f", 2, 21, 1)), Change("flags", ["a", "b"], ["c"], [], Pos("f", 2, 31, 1)),
               Change("points.x", 9, 12.5, [], Pos("f", 2, 53, 1))]
    assert rewrite(text, [SimpleNamespace(changes=changes)]) == (  # type: ignore[list-item]
        "cases:  # kept\n  - expect: {score: 10, flags: [c], points: {x: 12.5}}  # and this\n")


BLOCK_LIST = """
  - name: a flag list written as a block
    applicant: {base: strong_household}
    expect:
      flags:
        - plan_changed_before
"""


def test_a_value_that_cannot_be_replaced_in_place_is_listed_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KCSCORE_NO_CACHE", "1")
    pack = tmp_path / "pack"
    copy_pack(default_pack_path(), pack)
    tests = pack / "tests" / "criteria.yaml"
    tests.write_text(tests.read_text(encoding="utf-8") + BLOCK_LIST, encoding="utf-8")
    before = tests.read_bytes()
    result = CliRunner().invoke(main, ["rules", "test", str(pack), "--update", "--yes", "--lang", "en"])
    assert result.exit_code == 1
    assert ("Cannot be updated in place (edit by hand):\n  a flag list written as a block  "
            f"({tests}:") in result.stdout and "flags: a block-style list, edit it by hand" in result.stdout
    assert tests.read_bytes() == before


def test_yes_without_update_is_refused_before_anything_runs() -> None:
    result = CliRunner().invoke(main, ["rules", "test", str(default_pack_path()), "--yes"])
    assert result.exit_code == 2 and result.stderr.strip() == "--yes chỉ dùng cùng --update"
