"""Whom an amendment affects: flips, score deltas with their causes, ranks and the funded set."""

from __future__ import annotations

import datetime as dt

import pytest

from kcscore.policydiff import diff_impact

from .conftest import BUDGET, eligible_leaning

MACHINERY_CAP_2026 = "parameter:machinery_cap_vnd/values/2026-01-01"


@pytest.fixture(scope="module")
def fixture_impact(base, amended, pack_diff, fixture_rows):
    return diff_impact(base, amended, fixture_rows, budget=BUDGET, diff=pack_diff)


@pytest.fixture(scope="module")
def generated_impact(base, amended, pack_diff):
    # seed 7: a draw whose 160 rows show every kind of effect (the draw moves when the pack adds a field)
    rows = eligible_leaning(base, 160, seed=7)
    return diff_impact(base, amended, rows, budget=2_000_000_000, as_of=dt.date(2026, 3, 1), diff=pack_diff)


def _by_id(impact):
    return {a.id: a for a in impact.applicants}


def test_the_same_pack_affects_nobody(base, fixture_rows) -> None:
    impact = diff_impact(base, base, fixture_rows, budget=BUDGET)
    assert len(impact.applicants) == 12
    assert not any(a.changed or a.deltas for a in impact.applicants)
    assert impact.flips == {} and impact.entered == [] and impact.exited == []


def test_flips_are_counted_by_direction_with_their_gate_edit(fixture_impact) -> None:
    assert fixture_impact.flips == {"eligible→ineligible": 2, "ineligible→eligible": 1}
    by_id = _by_id(fixture_impact)
    assert (by_id["BK-04"].decision_old, by_id["BK-04"].decision_new) == ("ineligible", "eligible")
    assert by_id["BK-04"].decision_causes == ["rule:no_environmental_violation/exempt"]
    for refused in ("BK-05", "BK-11"):
        assert (by_id[refused].decision_old, by_id[refused].decision_new) == ("eligible", "ineligible")
        assert by_id[refused].decision_causes == ["rule:counterpart_funding/require"]
    assert sum(a.flipped for a in fixture_impact.applicants) == 3


def test_a_score_change_is_the_sum_of_its_deltas_each_with_a_cause(fixture_impact, generated_impact, pack_diff) -> None:
    keys = set(pack_diff.by_key())
    for impact in (fixture_impact, generated_impact):
        changed = [a for a in impact.applicants if a.score_change]
        assert changed
        for a in changed:
            assert sum(d.delta for d in a.deltas) == pytest.approx(a.score_change), a.id
            for d in a.deltas:
                assert d.causes, (a.id, d)
                assert set(d.causes) <= keys
                assert not any(pack_diff.by_key()[k].wording_only for k in d.causes)


def test_a_delta_names_the_band_that_moved(fixture_impact) -> None:
    miendong = _by_id(fixture_impact)["BK-01"]  # 95 % local inputs, 35 % productivity gain
    deltas = {d.rule: (d.old, d.new, d.delta, d.causes) for d in miendong.deltas}
    assert deltas == {
        "local_raw_material": (14, 16, 2, ["rule:local_raw_material/bands/above 80/points"]),
        "productivity_gain": (10, 6, -4, ["rule:productivity_gain/bands/at_least 30/points"]),
    }
    assert (miendong.score_old, miendong.score_new) == (76, 74)


def test_a_new_rule_and_a_becoming_eligible_applicant(fixture_impact) -> None:
    starch = _by_id(fixture_impact)["BK-04"]
    green = [d for d in starch.deltas if d.rule == "green_production"]
    assert [(d.old, d.new, d.causes) for d in green] == [(None, 4, ["rule:green_production"])]
    decision = [d for d in starch.deltas if d.kind == "decision"]
    assert len(decision) == 1 and decision[0].causes == ["rule:no_environmental_violation/exempt"]
    assert starch.score_old == 0 and starch.score_new > 0


def test_support_changes_name_the_parameter_value_in_force(fixture_impact) -> None:
    miendong = _by_id(fixture_impact)["BK-01"]  # machinery, submitted 02/03/2026, share 400 tr
    assert (miendong.support_old, miendong.support_new) == (300_000_000, 350_000_000)
    assert miendong.support_causes == [MACHINERY_CAP_2026]
    assert fixture_impact.summary()["support_change_vnd"] == sum(
        a.support_new - a.support_old for a in fixture_impact.support_changes)


def test_a_support_change_before_the_new_value_starts_is_not_attributed(base, amended, pack_diff, fixture_rows) -> None:
    impact = diff_impact(base, amended, fixture_rows, as_of=dt.date(2025, 6, 1), diff=pack_diff)
    assert impact.support_changes == []
    assert all(MACHINERY_CAP_2026 not in a.causes for a in impact.applicants)


def test_funded_set_changes_follow_the_funded_flags(fixture_impact, generated_impact) -> None:
    for impact in (fixture_impact, generated_impact):
        old = {a.id for a in impact.old_run.assessments if a.funded}
        new = {a.id for a in impact.new_run.assessments if a.funded}
        assert {a.id for a in impact.entered} == new - old
        assert {a.id for a in impact.exited} == old - new
        assert impact.committed == (impact.old_run.funding.committed, impact.new_run.funding.committed)
        for a in impact.applicants:
            assert a.funding_change == ("entered" if a.id in new - old else "exited" if a.id in old - new else None)
    assert {a.id for a in fixture_impact.entered} == {"BK-04"}
    assert {a.id for a in fixture_impact.exited} == {"BK-11", "BK-12"}  # in the statutory order of both packs


def test_rank_moves_are_old_minus_new_rank(fixture_impact, generated_impact) -> None:
    for impact in (fixture_impact, generated_impact):
        old = {a.id: a.rank for a in impact.old_run.assessments}
        new = {a.id: a.rank for a in impact.new_run.assessments}
        for a in impact.applicants:
            assert (a.rank_old, a.rank_new) == (old[a.id], new[a.id])
            expected = old[a.id] - new[a.id] if old[a.id] and new[a.id] else None
            assert a.rank_move == expected
    assert sum(1 for a in generated_impact.applicants if a.rank_move) > 10


def test_generated_applicants_cover_every_kind_of_effect(generated_impact) -> None:
    summary = generated_impact.summary()
    assert summary["applicants"] == 160
    assert set(summary["flips"]) == {"eligible→ineligible", "ineligible→eligible"}
    assert summary["flipped"] == sum(summary["flips"].values())
    assert summary["score_up"] > 0 and summary["score_down"] > 0
    assert summary["support_changed"] > 0
    rules = {d.rule for a in generated_impact.applicants for d in a.deltas}
    assert {"local_raw_material", "productivity_gain", "brand_packaging", "plan_stability", "green_production"} <= rules


STATUTORY = '    mode: statutory\n    priority: [area, "6.2b", "6.2a"]\n'


def test_rank_moves_from_reordered_tie_breaks_name_that_edit(base, edited_pack) -> None:
    """In merit mode (the default pack's statutory groups would settle these ties first)."""
    merit = edited_pack("policy.yaml", STATUTORY, "    mode: merit\n")
    reordered = edited_pack("policy.yaml", STATUTORY + "    tie_breaks:\n      - {criterion: area_priority}\n"
                            "      - {criterion: local_raw_material}",
                            "    mode: merit\n    tie_breaks:\n      - {criterion: local_raw_material}\n"
                            "      - {criterion: area_priority}")
    # seed 7: a draw whose 160 rows show every kind of effect (the draw moves when the pack adds a field)
    rows = eligible_leaning(base, 160, seed=7)
    impact = diff_impact(merit, reordered, rows)
    moved = [a for a in impact.applicants if a.rank_move]
    assert moved, "ties on score must exist among 160 generated applicants"
    assert all(not a.score_change and a.rank_causes == ["policy:policy/tie_breaks"] for a in moved)
    assert all(not a.rank_causes for a in impact.applicants if not a.rank_move)


def test_a_score_held_at_zero_shows_the_clipping_as_its_own_delta(base, amended) -> None:
    case = next(c for c in base.cases if c.case.name.startswith("a penalty never takes the total below zero"))
    impact = diff_impact(base, amended, [case.applicant])
    (weak,) = impact.applicants
    assert (weak.decision_new, weak.score_old, weak.score_new) == ("eligible", 0, 0)
    by_kind = {(d.kind, d.rule): d.delta for d in weak.deltas}
    assert by_kind[("points", "plan_stability")] == -4
    assert sum(by_kind.values()) == 0 and by_kind[("bounds", None)] == -sum(
        v for (k, _), v in by_kind.items() if k == "points")
    bounds = next(d for d in weak.deltas if d.kind == "bounds")
    assert "rule:plan_stability/bands/at_least 2/points" in bounds.causes
