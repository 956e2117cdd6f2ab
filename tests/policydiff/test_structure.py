"""What changed between two packs: nothing for the same pack, exactly the edits made otherwise."""

from __future__ import annotations

import json

from kcscore.policydiff import diff_packs

MACHINERY_2018 = "2018-05-15: {value: 300_000_000, cite: {doc: Thông tư 28/2018/TT-BTC, article: Điều 8.4"


def test_a_pack_against_itself_has_no_changes(base) -> None:
    diff = diff_packs(base, base)
    assert diff.is_empty
    assert diff.changes == []
    assert diff.old == diff.new


def test_the_amendment_lists_exactly_the_edits_made(pack_diff) -> None:
    got = {c.key: (c.op, c.old, c.new) for c in pack_diff.changes}
    added_rule = got.pop("rule:green_production")
    added_value = got.pop("parameter:machinery_cap_vnd/values/2026-01-01")
    fails = got.pop("rule:counterpart_funding/fails")
    cite = got.pop("rule:counterpart_funding/cite")
    assert got == {
        "policy:policy/version": ("changed", "2026.1", "2027.1"),
        "rule:counterpart_funding/require": (
            "changed", "counterpart_committed", "counterpart_committed and requested_support_vnd <= total_cost_vnd * 0.7"),
        "rule:no_environmental_violation/exempt": (
            "changed", 'support_content == "pollution_treatment"',
            'support_content in ["pollution_treatment", "cleaner_production"]'),
        "rule:local_raw_material/bands/above 80/points": ("changed", 14, 16),
        "rule:productivity_gain/bands/at_least 30/points": ("changed", 10, 6),
        "rule:productivity_gain/bands/at_least 20/points": ("changed", 7, 5),
        "rule:productivity_gain/bands/at_least 10/points": ("changed", 4, 3),
        "rule:brand_packaging/cap": ("changed", 12, 10),
        "rule:plan_stability/bands/at_least 2/points": ("changed", -6, -10),
        "rule:plan_stability/bands/at_least 1/points": ("changed", -3, -5),
    }
    op, old, new = added_rule
    assert (op, old) == ("added", None)
    assert new["kind"] == "bonus" and new["max_points"] == 4
    assert new["title"] == {"vi": "Sản xuất xanh, sạch hơn", "en": "Green and cleaner production"}
    assert new["conditions"]["when"].startswith('sector == "cleaner_production" or support_content in')
    op, old, new = added_value
    assert (op, old, new["value"], new["until"]) == ("added", None, 350_000_000, None)
    assert new["cite"]["confidence"] == "unconfirmed"
    assert fails[0] == "changed" and "70%" in fails[2]["vi"] and "70 %" in fails[2]["en"]
    assert cite[0] == "changed" and cite[2]["note"].endswith("mức tự bỏ vốn 30% là lựa chọn của tỉnh")
    assert pack_diff.counts() == {"added": 2, "removed": 0, "changed": 12}


def test_the_order_is_policy_then_rules_by_kind_then_parameters(pack_diff) -> None:
    sections = [c.section for c in pack_diff.changes]
    assert sections == sorted(sections, key=["policy", "field", "rule", "parameter"].index)
    kinds = [c.kind for c in pack_diff.changes if c.section == "rule"]
    assert kinds[:2] == ["gate", "gate"] and kinds[3] == "exclusion"
    assert all(k in ("criterion", "bonus", "penalty") for k in kinds[4:])


def test_the_same_packs_give_the_same_diff(base, amended, pack_diff) -> None:
    again = diff_packs(base, amended)
    assert json.dumps(again.to_json(), sort_keys=True) == json.dumps(pack_diff.to_json(), sort_keys=True)


def test_one_band_edit_is_one_change(base, edited_pack) -> None:
    new = edited_pack("criteria.yaml", "- {above: 50, points: 10}", "- {above: 50, points: 12}")
    diff = diff_packs(base, new)
    assert [(c.key, c.op, c.old, c.new) for c in diff.changes] == [
        ("rule:local_raw_material/bands/above 50/points", "changed", 10, 12)]
    assert diff.changes[0].cite == {"doc": "Thông tư 46/2012/TT-BCT", "article": "Điều 6.2.b", "confidence": "read"}


def test_a_moved_threshold_is_one_condition_change_not_a_band_removed_and_added(base, edited_pack) -> None:
    new = edited_pack("criteria.yaml", "- {above: 80, points: 14}", "- {above: 75, points: 14}")
    diff = diff_packs(base, new)
    assert [(c.key, c.op, c.old, c.new) for c in diff.changes] == [
        ("rule:local_raw_material/bands/above 75/condition", "changed", "above 80", "above 75")]


def test_a_condition_rewritten_with_the_same_meaning_is_not_a_change(base, edited_pack) -> None:
    new = edited_pack("gates.yaml", "require: counterpart_committed\n", "require: (counterpart_committed)\n")
    assert diff_packs(base, new).is_empty


def test_a_band_added_is_one_change(base, edited_pack) -> None:
    added = edited_pack("criteria.yaml", "- {above: 80, points: 14}", "- {above: 90, points: 14}\n      - {above: 80, points: 14}")
    assert [(c.key, c.op, c.new) for c in diff_packs(base, added).changes] == [
        ("rule:local_raw_material/bands/above 90", "added", {"condition": "above 90", "points": 14})]


ZONE_II = """      - when: area_zone == "II"
        points: 10
        says: {vi: Xã khu vực II vùng dân tộc thiểu số và miền núi, en: Zone II commune of an ethnic-minority area}
"""
ZONE_I = """      - when: area_zone == "I"
        points: 9
        says: {vi: Xã khu vực I vùng dân tộc thiểu số và miền núi, en: Zone I commune of an ethnic-minority area}
"""


def test_bands_in_another_order_are_one_order_change(base, edited_pack) -> None:
    swapped = edited_pack("criteria.yaml", ZONE_II + ZONE_I, ZONE_I + ZONE_II)
    changes = diff_packs(base, swapped).changes
    assert len(changes) == 1
    assert changes[0].key == "rule:area_priority/bands/order"
    assert changes[0].old[1:4] == ['when area_zone == "III"', 'when area_zone == "II"', 'when area_zone == "I"']
    assert changes[0].new[1:4] == ['when area_zone == "III"', 'when area_zone == "I"', 'when area_zone == "II"']


def test_a_dated_value_changed(base, edited_pack) -> None:
    changed = edited_pack("support.yaml", MACHINERY_2018, MACHINERY_2018.replace("300_000_000", "320_000_000"))
    assert [(c.key, c.old, c.new) for c in diff_packs(base, changed).changes] == [
        ("parameter:machinery_cap_vnd/values/2018-05-15/value", 300_000_000, 320_000_000)]


def test_a_redated_value_is_one_date_change(base, edited_pack) -> None:
    moved = edited_pack("support.yaml", MACHINERY_2018, MACHINERY_2018.replace("2018-05-15", "2018-06-01"))
    assert [(c.key, c.old, c.new) for c in diff_packs(base, moved).changes] == [
        ("parameter:machinery_cap_vnd/values/2018-06-01/date", "2018-05-15", "2018-06-01")]


def test_an_enum_value_added_to_a_field(base, edited_pack) -> None:
    new = edited_pack("fields.yaml", "      none: {vi: Không thuộc khu vực, en: Not zoned, aliases: [Không]}",
                      "      none: {vi: Không thuộc khu vực, en: Not zoned, aliases: [Không]}\n"
                      "      IV: {vi: Khu vực IV, en: Zone IV}")
    diff = diff_packs(base, new)
    assert [(c.key, c.op, c.new) for c in diff.changes] == [
        ("field:area_zone/values/IV", "added", {"vi": "Khu vực IV", "en": "Zone IV", "aliases": [], "fixed": False})]


def test_tie_breaks_and_budget_rule_are_compared(base, edited_pack) -> None:
    new = edited_pack("policy.yaml", "    when_not_fit: skip", "    when_not_fit: stop")
    assert [(c.key, c.old, c.new) for c in diff_packs(base, new).changes] == [
        ("policy:policy/when_not_fit", "skip", "stop")]
