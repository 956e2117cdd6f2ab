"""Packs compose: an overlay extends a base, and every way of doing it wrong is named at its place.

The fixtures in ``tests/fixtures/packs/layered``: ``national`` (a base with no ``policy:``),
``province`` (adds criteria and an exclusion, overrides a gate and a dated value, removes a flag,
with its own cases), and one ``broken_*`` overlay per mistake.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kcscore.api import assessor_for
from kcscore.decisionrecord import compare_files, pack_files as recorded_files
from kcscore.policy.diagnostics import Diagnostic, format_all
from kcscore.policy.layers import pack_hashes
from kcscore.policy.loader import check_policy

LAYERED = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "layered"


def _copy(tmp_path: Path) -> Path:
    """The national base and the provincial overlay, side by side in a fresh folder."""
    for name in ("national", "province"):
        shutil.copytree(LAYERED / name, tmp_path / name)
    return tmp_path / "province"


def _check_edited(tmp_path: Path, name: str, old: str, new: str, count: int = -1) -> list[Diagnostic]:
    """The diagnostics of the provincial overlay with ``old`` replaced by ``new`` in its file ``name``."""
    root = _copy(tmp_path)
    path = root / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, count), encoding="utf-8")
    return check_policy(root)[1]


def test_overlay_composes_base_rules_with_its_own() -> None:
    policy, diags = check_policy(LAYERED / "province")
    assert policy is not None, format_all(diags)
    assert policy.layers == ("national", "province")
    layer = {r.id: r.layer for r in policy.rules}
    assert layer["legal_form_eligible"] == "national" and layer["support_machinery"] == "national"
    assert layer["local_raw_material"] == "province" and layer["mining_excluded"] == "province"
    assert policy.meta.id == "province"  # the overlay's manifest replaces the base's


def test_override_replaces_the_base_rule_in_its_place() -> None:
    policy, _ = check_policy(LAYERED / "province")
    assert policy is not None
    gate = policy.rule("counterpart_funding")
    assert gate.layer == "province" and gate.file.endswith("province/provincial.yaml")
    assert "0.7" in gate.spec.require  # the overlay's body, not the base's
    ids = [r.id for r in policy.rules]
    assert ids.index("counterpart_funding") == ids.index("legal_form_eligible") + 1  # the base's order


def test_before_places_an_overlay_rule_among_the_base_rules() -> None:
    policy, _ = check_policy(LAYERED / "province")
    assert policy is not None
    ids = [r.id for r in policy.rules]
    assert ids.index("mining_excluded") == ids.index("support_machinery") - 1


def test_before_an_unknown_rule_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    diags = _check_edited(tmp_path, "provincial.yaml", "before: support_machinery", "before: support_machine")
    errors = [d for d in diags if d.level == "error"]
    assert [(d.code, Path(d.pos.file).name, d.pos.line, d.suggestion) for d in errors] == [
        ("K053", "provincial.yaml", 4, "support_machinery")]


def test_override_of_a_dated_value_adds_the_provincial_cap() -> None:
    policy, _ = check_policy(LAYERED / "province")
    assert policy is not None
    import datetime as dt

    cap = policy.parameters["machinery_cap_vnd"]
    assert cap.at(dt.date(2026, 3, 1))[0].value == 350_000_000
    assert cap.at(dt.date(2025, 3, 1))[0].value == 300_000_000


def test_remove_drops_the_base_rule() -> None:
    policy, _ = check_policy(LAYERED / "province")
    assert policy is not None
    assert "request_above_cost" not in {r.id for r in policy.rules}
    assert "  request_above_cost:" in (LAYERED / "national" / "rules.yaml").read_text(encoding="utf-8")


def test_overlay_cases_run_on_the_composed_pack() -> None:
    from kcscore.packtest import run_cases

    policy, _ = check_policy(LAYERED / "province")
    assert policy is not None
    results, _ = run_cases(policy, assessor_for(policy))
    assert len(results) == 4 and all(r.passed for r in results), [r for r in results if not r.passed]


# code, file (relative to layered/), line, column, suggestion
BROKEN = {
    "broken_missing_base": ("K083", "broken_missing_base/policy.yaml", 2, 10, "../national"),
    "broken_cycle_a": ("K084", "broken_cycle_b/policy.yaml", 2, 10, None),
    "broken_duplicate": ("K085", "broken_duplicate/policy.yaml", 43, 3, None),
    "broken_override_nothing": ("K086", "broken_override_nothing/policy.yaml", 43, 5, "counterpart_funding"),
    "broken_remove_nothing": ("K086", "broken_remove_nothing/policy.yaml", 4, 5, "request_above_cost"),
    "broken_on_base": ("K012", "broken_base/rules.yaml", 14, 14, "counterpart_committed"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_layer_mistake_is_one_error_at_its_place(name: str) -> None:
    code, file, line, col, suggestion = BROKEN[name]
    policy, diags = check_policy(LAYERED / name)
    errors = [d for d in diags if d.level == "error"]
    assert policy is None
    assert [(d.code, Path(d.pos.file).resolve(), d.pos.line, d.pos.col, d.suggestion) for d in errors] == [
        (code, (LAYERED / file).resolve(), line, col, suggestion)], format_all(diags)
    for lang in ("vi", "en"):
        text = errors[0].message(lang)
        assert "{" not in text and text


def test_duplicate_error_names_the_base_file() -> None:
    _, diags = check_policy(LAYERED / "broken_duplicate")
    assert "national/rules.yaml:10:3" in diags[0].params["other"]


def test_cycle_names_the_chain() -> None:
    _, diags = check_policy(LAYERED / "broken_cycle_a")
    assert diags[0].params["chain"] == "broken_cycle_a → broken_cycle_b → broken_cycle_a"


def test_a_repeat_within_the_overlay_stays_a_duplicate_even_with_override(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    text = (root / "provincial.yaml").read_text(encoding="utf-8")
    gate = text[text.index("  counterpart_funding:"):text.index("parameters:")]
    (root / "again.yaml").write_text("rules:\n" + gate, encoding="utf-8")
    _, diags = check_policy(root)
    assert [(d.code, Path(d.pos.file).name, d.pos.line) for d in diags if d.level == "error"] == [
        ("K051", "provincial.yaml", 11)]


def test_override_must_be_true_or_false(tmp_path: Path) -> None:
    diags = _check_edited(tmp_path, "provincial.yaml", "override: true", "override: yes please", 1)
    assert ("K022", "provincial.yaml", 12) in {(d.code, Path(d.pos.file).name, d.pos.line) for d in diags}


def test_remove_needs_a_reason(tmp_path: Path) -> None:
    diags = _check_edited(tmp_path, "policy.yaml", ": tỉnh xem kinh phí đề nghị ở bước thẩm định hồ sơ", ":")
    assert [(d.code, Path(d.pos.file).name) for d in diags if d.level == "error"] == [("K022", "policy.yaml")]


def test_extends_belongs_in_the_manifest(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "criteria.yaml"
    path.write_text("extends: ../national\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    _, diags = check_policy(root)
    assert [(d.code, Path(d.pos.file).name, d.pos.line) for d in diags if d.level == "error"] == [("K020", "criteria.yaml", 1)]


def test_the_hash_covers_every_layer(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    before, tests_before = pack_hashes(root)
    policy, _ = check_policy(root)
    assert policy is not None and policy.sha256 == before
    base_file = tmp_path / "national" / "rules.yaml"
    base_file.write_text(base_file.read_text(encoding="utf-8") + "# a comment in the base\n", encoding="utf-8")
    after, tests_after = pack_hashes(root)
    assert after != before and tests_after == tests_before
    policy, _ = check_policy(root)
    assert policy is not None and policy.sha256 == after


def test_the_hash_does_not_depend_on_where_the_packs_are(tmp_path: Path) -> None:
    first = _copy(tmp_path / "a")
    second = _copy(tmp_path / "b" / "deeper")
    assert pack_hashes(first) == pack_hashes(second)


def test_the_cache_misses_when_a_base_file_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from kcscore.packcache import load_policy_cached

    monkeypatch.setenv("KCSCORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KCSCORE_NO_CACHE", raising=False)
    root = _copy(tmp_path / "packs")
    first = load_policy_cached(root)
    assert first.parameters["machinery_share_pct"].at(dt.date(2026, 1, 1))[0].value == 50
    base_file = tmp_path / "packs" / "national" / "rules.yaml"
    text = base_file.read_text(encoding="utf-8")
    base_file.write_text(text.replace("{value: 50,", "{value: 40,"), encoding="utf-8")
    second = load_policy_cached(root)
    assert second.parameters["machinery_share_pct"].at(dt.date(2026, 1, 1))[0].value == 40


def test_a_decision_record_lists_and_compares_the_base_files(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    files = recorded_files(root)
    assert "../national/rules.yaml" in files and "criteria.yaml" in files
    record = {"input": {"sha256": ""}, "pack": {"files": files}}
    base_file = tmp_path / "national" / "fields.yaml"
    base_file.write_text(base_file.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    changed = [d for d in compare_files(record, tmp_path / "missing.csv", root) if d.kind == "pack_file"]
    assert len(changed) == 1 and "../national/fields.yaml" in changed[0].message("en")


def test_the_rubric_names_each_rule_s_layer() -> None:
    from kcscore.report.rubric import render_rubric_markdown

    policy, _ = check_policy(LAYERED / "province")
    assert policy is not None
    text = render_rubric_markdown(policy, "en")
    assert "- **Layers:** province, built on the base layer national" in text

    def layer_of(rule_id: str) -> str:
        block = text[text.index(f"`{rule_id}`"):]
        return block[block.index("- **Layer:** ") + len("- **Layer:** "):].split("\n", 1)[0]

    assert layer_of("legal_form_eligible") == "national (base layer)"
    assert layer_of("counterpart_funding") == "province"  # overridden: the province's rule now
    assert layer_of("mining_excluded") == "province"
    assert layer_of("support_machinery") == "national (base layer)"
    single, _ = check_policy(LAYERED.parent / "valid")
    assert single is not None and "Layer" not in render_rubric_markdown(single, "en")


def test_diff_sees_an_edit_to_the_base_of_a_composed_pack(tmp_path: Path) -> None:
    from kcscore.policydiff import diff_packs, render_text

    old_root = _copy(tmp_path / "old")
    new_root = _copy(tmp_path / "new")
    base_file = tmp_path / "new" / "national" / "rules.yaml"
    text = base_file.read_text(encoding="utf-8")
    base_file.write_text(text.replace("{value: 50, cite:", "{value: 40, cite:"), encoding="utf-8")
    old, _ = check_policy(old_root)
    new, _ = check_policy(new_root)
    assert old is not None and new is not None
    shown = render_text(diff_packs(old, new), None, "en")
    assert "machinery_share_pct" in shown and "local_raw_material" not in shown


def test_override_changes_the_points_of_a_base_criterion_and_a_field(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    criteria = (root / "criteria.yaml").read_text(encoding="utf-8")
    labour = criteria[criteria.index("  labour_intensive:"):criteria.index("  advanced_equipment:")]
    base = tmp_path / "national" / "rules.yaml"
    base.write_text(base.read_text(encoding="utf-8").replace("rules:\n", "rules:\n" + labour, 1), encoding="utf-8")
    weighted = labour.replace("  labour_intensive:\n", "  labour_intensive:\n    override: true\n").replace(
        "{at_least: 20, points: 2}", "{at_least: 20, points: 3}")
    (root / "criteria.yaml").write_text(criteria.replace(labour, weighted), encoding="utf-8")
    (root / "fields.yaml").write_text(
        "fields:\n  workers:\n    override: true\n    type: integer\n    title: {vi: Số lao động, en: Workers}\n"
        "    header: Số lao động\n    min: 0\n    max: 1000\n", encoding="utf-8")
    policy, diags = check_policy(root)
    assert policy is not None, format_all(diags)
    rule = policy.rule("labour_intensive")
    assert rule.layer == "province" and [o.points for o in rule.outcomes] == [4, 3, 0]
    assert policy.fields["workers"].max == 1000
    (root / "criteria.yaml").write_text(criteria, encoding="utf-8")  # the same id without override
    _, diags = check_policy(root)
    assert [(d.code, Path(d.pos.file).name) for d in diags if d.level == "error"] == [("K085", "criteria.yaml")]


def test_remove_of_a_field_still_used_by_a_base_rule_names_the_base_condition(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    policy_file = root / "policy.yaml"
    policy_file.write_text(policy_file.read_text(encoding="utf-8") + "  fields:\n    machinery_new: không hỏi\n",
                           encoding="utf-8")
    _, diags = check_policy(root)
    errors = {(d.code, Path(d.pos.file).parent.name, Path(d.pos.file).name) for d in diags if d.level == "error"}
    assert ("K012", "province", "criteria.yaml") in errors  # advanced_equipment reads it: told where
