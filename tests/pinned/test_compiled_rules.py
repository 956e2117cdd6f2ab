"""What the Bắc Kạn rules compile to: outcomes in order with their points and labels, the line
and column each band and condition was written at (what diagnostics and the rubric point to),
and the fields each rule reads, read straight off the YAML files."""

from __future__ import annotations

from pathlib import Path

import pytest

from kcscore.policy.ir import Policy
from kcscore.policy.loader import check_policy, load_policy
from tests.packcopy import copy_pack

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def bac_kan() -> Policy:
    """Loaded afresh for each test (not the shared session copy), so each test exercises the
    compiler itself; mutation testing maps the compiler to these tests only this way."""
    return load_policy()


def _outcomes(policy: Policy, rule_id: str) -> list[tuple[bool, float, str, tuple[int, int] | None, str | None]]:
    return [(o.condition is None, o.points, o.label, (o.pos.line, o.pos.col) if o.pos else None,
             o.says.en if o.says else None) for o in policy.rule(rule_id).outcomes]


def test_a_threshold_table(bac_kan: Policy) -> None:
    rule = bac_kan.rule("local_raw_material")
    assert rule.file.endswith("bac-kan/criteria.yaml") and rule.pos.file == rule.file
    assert (rule.pos.line, rule.pos.col, rule.parts, rule.fields) == (37, 3, {}, ("local_material_share",))
    # criteria.yaml lines 45-47: `      - {above: 80, points: 14}` and so on
    assert _outcomes(bac_kan, "local_raw_material") == [
        (False, 14, "above 80", (45, 9), None), (False, 10, "above 50", (46, 9), None),
        (True, 0, "otherwise", (47, 9), None)]


def test_a_penalty_table(bac_kan: Policy) -> None:
    assert _outcomes(bac_kan, "plan_stability") == [
        (False, -6, "at_least 2", (285, 9), None), (False, -3, "at_least 1", (286, 9), None),
        (True, 0, "otherwise", (287, 9), None)]


def test_a_when_table(bac_kan: Policy) -> None:
    assert bac_kan.rule("area_priority").fields == ("highland_border", "area_zone", "poor_district")
    assert _outcomes(bac_kan, "area_priority") == [
        (False, 12, "when highland_border", (19, 9), "The facility is in a highland or border area"),
        (False, 11, 'when area_zone == "III"', (22, 9), "Zone III commune of an ethnic-minority area"),
        (False, 10, 'when area_zone == "II"', (25, 9), "Zone II commune of an ethnic-minority area"),
        (False, 9, 'when area_zone == "I"', (28, 9), "Zone I commune of an ethnic-minority area"),
        (False, 7, "when poor_district", (31, 9), "The facility is in a poor district"),
        (True, 0, "otherwise", (34, 9), "Not in a priority area")]


def test_a_sum(bac_kan: Policy) -> None:
    assert bac_kan.rule("brand_packaging").fields == ("support_content", "has_trademark")
    assert _outcomes(bac_kan, "brand_packaging") == [
        (False, 8, 'when support_content in ["brand_trademark", "packaging_design"]', (172, 9),
         "The project builds a brand or designs packaging"),
        (False, 4, "when has_trademark", (175, 9), "Keeps and develops a trademark already granted")]


def test_a_bonus(bac_kan: Policy) -> None:
    rule = bac_kan.rule("advanced_equipment")
    assert rule.fields == ("support_content", "machinery_new")
    assert [o.condition for o in rule.outcomes] == [rule.parts["when"]]
    assert list(rule.parts) == ["applies", "when"]  # the support content decides whether it applies at all
    assert _outcomes(bac_kan, "advanced_equipment") == [
        (False, 6, "when machinery_new", None, "The project brings new advanced machinery into production")]
    applies, when = rule.part_pos["applies"], rule.part_pos["when"]
    assert (applies.line, applies.col, applies.length) == (162, 14, 83)
    assert (when.line, when.col, when.length) == (163, 11, 13)


def test_a_gate_with_every_part(bac_kan: Policy) -> None:
    rule = bac_kan.rule("sme_size")
    assert list(rule.parts) == ["applies", "require", "exempt"]
    # national/gates.yaml line 27: `    applies: legal_form == "enterprise" and as_of >= date("2018-03-11")`
    # (58 characters from column 14)
    assert {k: (v.line, v.col, v.length) for k, v in rule.part_pos.items()} == {
        "applies": (27, 14, 58), "require": (28, 14, 98), "exempt": (31, 13, 39)}
    assert rule.fields == ("legal_form", "as_of", "workers", "annual_revenue_vnd", "total_capital_vnd", "support_content")
    assert rule.outcomes == ()


def test_a_support_rule(bac_kan: Policy) -> None:
    rule = bac_kan.rule("support_machinery")
    assert rule.file.endswith("national/support.yaml") and rule.layer == "national"
    assert (rule.pos.line, list(rule.parts), rule.fields) == (7, ["applies"], ("support_content",))
    assert (rule.part_pos["applies"].line, rule.part_pos["applies"].col) == (11, 14)


def _edited_pack(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    pack = tmp_path / "bac-kan"
    copy_pack(ROOT / "rules" / "bac-kan", pack)
    criteria = pack / "criteria.yaml"
    text = criteria.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    criteria.write_text(text, encoding="utf-8")
    return pack


def test_every_broken_sum_item_is_reported_at_its_own_place(tmp_path: Path) -> None:
    """Two misspelt fields in brand_packaging's sum (criteria.yaml lines 172 and 175): two errors,
    each underlining the misspelt name (from column 15), each with its suggestion."""
    pack = _edited_pack(tmp_path, ('- when: support_content in ["brand', '- when: support_contentt in ["brand'),
                        ("- when: has_trademark\n", "- when: has_trademarx\n"))
    policy, diagnostics = check_policy(pack)
    assert policy is None
    assert [(d.code, d.pos.line, d.pos.col, d.pos.length, d.params, d.suggestion) for d in diagnostics] == [
        ("K012", 172, 15, 16, {"name": "support_contentt"}, "support_content"),
        ("K012", 175, 15, 13, {"name": "has_trademarx"}, "has_trademark")]


def test_a_when_penalty_compiles_to_one_outcome(tmp_path: Path) -> None:
    """plan_stability rewritten as `when: projects_adjusted_or_stopped >= 1, points: -3`."""
    pack = _edited_pack(tmp_path, (
        "    input: projects_adjusted_or_stopped\n    monotonic: decreasing\n    bands:\n"
        "      - {at_least: 2, points: -6}\n      - {at_least: 1, points: -3}\n      - {otherwise: 0}\n",
        "    when: projects_adjusted_or_stopped >= 1\n    points: -3\n"))
    policy, diagnostics = check_policy(pack)
    assert policy is not None, diagnostics
    rule = policy.rule("plan_stability")
    assert list(rule.parts) == ["when"] and rule.fields == ("projects_adjusted_or_stopped",)
    [outcome] = rule.outcomes
    assert (outcome.condition, outcome.points, outcome.label) == \
        (rule.parts["when"], -3, "when projects_adjusted_or_stopped >= 1")
    assert outcome.says is not None and outcome.says.en == "{projects_adjusted_or_stopped} projects adjusted or stopped in 3 years"


def test_a_misspelt_band_input_names_the_field_and_suggests_one(tmp_path: Path) -> None:
    pack = _edited_pack(tmp_path, ("    input: local_material_share\n", "    input: local_material_shar\n"))
    policy, diagnostics = check_policy(pack)
    assert policy is None
    assert [(d.code, d.pos.line, d.params, d.suggestion) for d in diagnostics] == [
        ("K012", 41, {"name": "local_material_shar"}, "local_material_share")]  # criteria.yaml line 41


def test_exclusion_parts(bac_kan: Policy) -> None:
    """polluting_brick_kiln applies to construction materials only; high_pollution_risk has an exemption."""
    kiln, risk = bac_kan.rule("polluting_brick_kiln"), bac_kan.rule("high_pollution_risk")
    assert list(kiln.parts) == ["applies", "when"] and list(risk.parts) == ["when", "exempt"]
    assert kiln.fields[0] == "sector" and "pollution_risk" in risk.fields


def test_a_threshold_band_without_the_criterion_input_is_reported_at_the_band(tmp_path: Path) -> None:
    """local_raw_material loses `input` and `monotonic` (criteria.yaml lines 41-42): its two
    threshold bands, now on lines 43 and 44 from column 9, each need the input; `otherwise` does not."""
    pack = _edited_pack(tmp_path, ("    input: local_material_share\n    monotonic: increasing\n", ""))
    policy, diagnostics = check_policy(pack)
    assert policy is None
    assert [(d.code, d.pos.line, d.pos.col, d.params["rule"], d.params["problem_en"]) for d in diagnostics] == [
        ("K043", 43, 9, "local_raw_material", "band 'above 80' needs the criterion's `input`"),
        ("K043", 44, 9, "local_raw_material", "band 'above 50' needs the criterion's `input`")]


def test_a_misspelt_field_in_a_band_condition_is_underlined_in_that_band(tmp_path: Path) -> None:
    """area_priority's `when: poor_district` band (criteria.yaml line 31, the name from column 15)."""
    pack = _edited_pack(tmp_path, ("      - when: poor_district\n", "      - when: poor_distric\n"))
    policy, diagnostics = check_policy(pack)
    assert policy is None
    assert [(d.code, d.pos.line, d.pos.col, d.pos.length, d.params, d.suggestion) for d in diagnostics] == [
        ("K012", 31, 15, 12, {"name": "poor_distric"}, "poor_district")]
