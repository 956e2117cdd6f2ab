"""`kcscore rules sensitivity`: perturbations made in memory, re-ranked like `kcscore rank` ranks."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from kcscore.batch.run import run_batch
from kcscore.cli import main
from kcscore.expr.evaluate import truth
from kcscore.pipeline import read_rows
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from kcscore.policydiff.perturb import apply, perturbations, threshold_step
from kcscore.policydiff.sensitivity import Move, Sensitivity, sensitivity
from kcscore.policydiff.sensitivity_render import render_text, to_json
from kcscore.policydiff.sensitivity_xlsx import move_rows

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "rules" / "bac-kan"
SAMPLE = ROOT / "samples" / "applicants" / "bac-kan-2019.csv"
BUDGET = 2_000_000_000


@pytest.fixture(scope="module")
def sample_rows(base: Policy) -> list[Any]:
    return read_rows(base, str(SAMPLE), None, None)[1]


@pytest.fixture(scope="module")
def sample_report(base: Policy, sample_rows: list[Any]) -> Sensitivity:
    return sensitivity(base, sample_rows, budget=BUDGET)


def _only(rows: list[Any], *ids: str) -> list[Any]:
    return [r for r in rows if r.cells.get("Mã hồ sơ") in ids]


def _outcome(report: Sensitivity, key: str) -> Any:
    return next(o for o in report.effects if o.perturbation.key == key)


# BK-2019-016 and BK-2019-003 under the shipped pack's statutory order: both have area priority 11;
# group 6.2.b puts 016 (local material 14 + export 2 + recognised 6 = 22) before 003 (14 + 6 = 20),
# whatever their scores (016: 54 of the 78 points that apply to its project = 69,23; 003: 66). A
# budget of exactly 016's 215 000 000 đ funds 016 and leaves nothing for 003 (179 000 000 đ).
# Labour-intensive from 19 workers instead of 20: 003 (19 workers) earns 2 (68, group 6.2.b 22),
# ties 016 on 6.2.b and goes first on group 6.2.a (agro-forestry processing 4 against handicrafts
# 1): 003 is funded and 016 (215 tr) no longer fits in the 36 tr left. Area priority × 0.8 moves
# nobody: both lose the same 2.2 points of the first key.
def test_a_threshold_that_reverses_two_applicants_flips_the_funded_one(base: Policy, sample_rows: list[Any]) -> None:
    report = sensitivity(base, _only(sample_rows, "BK-2019-016", "BK-2019-003"), budget=215_000_000)
    assert report.base.funding is not None and report.base.funding.funded_ids == ["BK-2019-016"]
    down = _outcome(report, "threshold:labour_intensive:1:0:-")
    assert (down.entered, down.exited) == (["BK-2019-003"], ["BK-2019-016"])
    assert (down.largest_move, down.median_move, len(down.moves)) == (1, 1.0, 2)
    assert {m.id: round(m.score_new, 6) for m in down.moves} == {"BK-2019-016": 69.23, "BK-2019-003": 68}
    area = _outcome(report, "weight:area_priority:-20%")
    assert (area.flips, area.moves) == (0, [])
    assert report.ranked[0].flips == 2  # a flip outranks every perturbation that only moves ranks


def test_a_budget_that_funds_everyone_has_moves_but_no_flips(base: Policy, sample_rows: list[Any]) -> None:
    everyone = sum(a.recommended_support_vnd for a in run_batch(base, sample_rows, explain=False).assessments
                   if a.decision == "eligible")
    report = sensitivity(base, sample_rows, budget=everyone)
    assert report.summary()["with_flips"] == 0
    assert all(o.entered == o.exited == [] for o in report.effects)
    assert report.summary()["with_moves"] > 10  # ranks do move: only the funding cannot


@pytest.mark.parametrize("max_score", [None, 60])
def test_every_perturbation_ranks_and_funds_as_a_full_run_of_the_perturbed_pack(
        base: Policy, sample_rows: list[Any], sample_report: Sensitivity, max_score: int | None) -> None:
    """The fast re-ranking against ``run_batch`` of each perturbed policy, assessed from scratch.

    With ``max_score`` lowered to 60, most scores are clipped, so the bound must be applied as the
    assessor applies it.
    """
    if max_score is not None:
        base = dataclasses.replace(base, meta=base.meta.model_copy(update={"max_score": max_score}))
        sample_report = sensitivity(base, sample_rows, budget=BUDGET)
    before = {a.id: a for a in sample_report.base.assessments if a.decision == "eligible"}
    for outcome in sample_report.effects:
        full = run_batch(apply(base, outcome.perturbation), sample_rows, budget=BUDGET, explain=False)
        ranked = {a.id: a for a in full.assessments if a.decision == "eligible"}
        moved = {m.id: m for m in outcome.moves}
        key = outcome.perturbation.key
        assert {i: (moved[i].rank_new if i in moved else before[i].rank) for i in before} == \
            {i: a.rank for i, a in ranked.items()}, key
        assert {i: round(moved[i].score_new, 6) for i in moved} == {i: round(ranked[i].score, 6) for i in moved}, key
        funded = {i for i, a in ranked.items() if a.funded}
        was = {i for i, a in before.items() if a.funded}
        assert (sorted(funded - was), sorted(was - funded)) == (sorted(outcome.entered), sorted(outcome.exited)), key
        assert outcome.committed == full.funding.committed, key  # type: ignore[union-attr]


def test_perturbing_leaves_the_loaded_policy_as_it_was(base: Policy) -> None:
    points = {r.id: [o.points for o in r.outcomes] for r in base.rules}
    count = len(base.conditions)
    for p in perturbations(base):
        changed = apply(base, p)
        assert changed is not base and len(changed.conditions) == count + (p.kind == "threshold")
    assert {r.id: [o.points for o in r.outcomes] for r in base.rules} == points
    assert len(base.conditions) == count


def test_weights_scale_every_point_value_and_the_cap(base: Policy) -> None:
    by_key = {p.key: p for p in perturbations(base, step_pct=25)}
    brand = apply(base, by_key["weight:brand_packaging:+25%"]).rule("brand_packaging")
    assert [o.points for o in brand.outcomes] == [10.0, 5.0] and brand.spec.cap == 15.0  # type: ignore[union-attr]
    penalty = apply(base, by_key["weight:plan_stability:-25%"]).rule("plan_stability")
    assert [o.points for o in penalty.outcomes] == [-4.5, -2.25, 0.0]
    bonus = apply(base, by_key["weight:value_chain:+25%"]).rule("value_chain")
    assert bonus.outcomes[0].points == 7.5 and bonus.max_points == 7.5


def test_threshold_steps_follow_the_field_scale(base: Policy) -> None:
    moved = {(p.rule, p.band, p.direction): p.new for p in perturbations(base) if p.kind == "threshold"}
    assert moved[("new_jobs", "at_least 5", -1)] == 4 and moved[("new_jobs", "at_least 5", 1)] == 6  # integer: ±1
    assert moved[("local_raw_material", "above 80", -1)] == 72  # percent: ±10 % of 80
    assert moved[("local_raw_material", "above 50", 1)] == 55
    assert moved[("productivity_gain", "at_least 30", 1)] == 33  # number: ±10 %
    assert moved[("implementation_capacity", "when prior_projects_completed >= 1", -1)] == 0  # inside a `when`
    assert not any(rule == "area_priority" for rule, _, _ in moved)  # categories have no threshold
    assert threshold_step("percent", 0, 10) == 1 and threshold_step("money", 1_000_000, 5) == 50_000


def test_a_moved_threshold_changes_only_its_own_band(base: Policy) -> None:
    p = next(p for p in perturbations(base) if p.key == "threshold:productivity_gain:2:0:+")  # at_least 10 → 11
    changed = apply(base, p)
    rule, original = changed.rule("productivity_gain"), base.rule("productivity_gain")
    new_band = changed.conditions[rule.outcomes[2].condition]  # type: ignore[index]
    assert truth(new_band, {"productivity_gain_pct": 10}) is False
    assert truth(new_band, {"productivity_gain_pct": 11}) is True
    assert truth(base.conditions[original.outcomes[2].condition], {"productivity_gain_pct": 10}) is True  # type: ignore[index]
    assert [o.condition for o in rule.outcomes[:2]] == [o.condition for o in original.outcomes[:2]]


def test_json_keys_and_sentences(sample_report: Sensitivity) -> None:
    data = json.loads(json.dumps(to_json(sample_report), ensure_ascii=False))
    assert set(data) == {"pack", "budget_vnd", "as_of", "step_pct", "threshold_step_pct", "summary", "by_rule",
                         "ranking", "perturbations"}
    assert data["budget_vnd"] == BUDGET and data["summary"]["perturbations"] == len(data["perturbations"])
    item = next(i for i in data["perturbations"] if i["key"] == "weight:area_priority:-20%")
    assert set(item) == {"key", "kind", "rule", "direction", "factor", "funded_entered", "funded_exited", "flips",
                         "largest_move", "median_move", "moved", "committed_vnd", "moves", "text"}
    assert item["text"]["vi"] == "Trọng số «Ưu tiên địa bàn» -20% (điểm × 0,8)"
    assert item["text"]["en"] == "Weight of “Area priority” -20% (points × 0.8)"
    threshold = next(i for i in data["perturbations"] if i["key"] == "threshold:labour_intensive:1:0:-")
    assert (threshold["field"], threshold["op"], threshold["old"], threshold["new"]) == ("workers", ">=", 20, 19)
    assert set(threshold["moves"][0]) == {"id", "name", "rank_old", "rank_new", "move", "score_old", "score_new"}
    assert data["ranking"] == [o.perturbation.key for o in sample_report.ranked]


def test_text_orders_perturbations_by_what_they_change(sample_report: Sensitivity) -> None:
    text = render_text(sample_report, "vi")
    assert text.startswith("Độ nhạy của bộ quy tắc bac-kan")
    first = sample_report.ranked[0]
    assert "   1. " in text and f"+ vào: {', '.join(first.entered)}" in text
    flips = [o.flips for o in sample_report.ranked]
    assert flips == sorted(flips, reverse=True) and flips[0] > 0
    assert "Theo quy tắc" in text and "By rule" in render_text(sample_report, "en")


def test_cli_writes_a_readable_workbook(tmp_path: Path) -> None:
    out = tmp_path / "sens.xlsx"
    result = CliRunner().invoke(main, ["rules", "sensitivity", str(PACK), "--applicants", str(SAMPLE), "--budget",
                                       "2 tỷ", "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["Sensitivity", "By rule", "Rank moves"]
    rows = list(book["Sensitivity"].iter_rows(values_only=True))
    assert rows[0][:5] == ("Order", "Perturbation", "Kind", "Rule", "Description")
    assert len(rows) == 1 + len(perturbations(load_policy(PACK)))
    row = next(r for r in rows if r[1] == "threshold:labour_intensive:1:0:-")
    assert row[8] >= 1 and row[11] >= 1  # flips and largest move, as the text reports them


def test_cli_json_matches_the_library(sample_report: Sensitivity) -> None:
    result = CliRunner().invoke(main, ["rules", "sensitivity", str(PACK), "--applicants", str(SAMPLE), "--budget",
                                       "2 tỷ", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ranking"] == [o.perturbation.key for o in sample_report.ranked]


def test_cli_refuses_a_broken_pack_a_missing_list_and_one_with_no_applicant(tmp_path: Path) -> None:
    broken = ROOT / "tests" / "fixtures" / "packs" / "broken" / "band_gap"
    result = CliRunner().invoke(main, ["rules", "sensitivity", str(broken), "--applicants", str(SAMPLE)])
    assert result.exit_code == 1 and "error" in result.stderr.lower() + result.output.lower()
    missing = tmp_path / "none.csv"
    result = CliRunner().invoke(main, ["rules", "sensitivity", str(PACK), "--applicants", str(missing), "--lang", "en"])
    assert result.exit_code == 1 and "none.csv" in result.stderr
    result = CliRunner().invoke(main, ["rules", "sensitivity", str(PACK), "--applicants", str(SAMPLE), "--step", "0"])
    assert result.exit_code == 2
    unreadable = tmp_path / "list.csv"
    unreadable.write_text("Mã hồ sơ,Tên cơ sở\nA1,Cơ sở A\nA1,Cơ sở B\n", encoding="utf-8")  # a duplicated id
    result = CliRunner().invoke(main, ["rules", "sensitivity", str(PACK), "--applicants", str(unreadable)])
    assert result.exit_code == 1 and result.stderr.startswith("không xét được hồ sơ nào"), result.stderr


def test_the_median_move_counts_applicants_that_did_not_move(sample_report: Sensitivity) -> None:
    outcome = replace_moves(sample_report.effects[0], ranked=5, places=[3, -1])
    assert (outcome.largest_move, outcome.median_move) == (3, 0.0)
    assert replace_moves(outcome, ranked=3, places=[3, -1, 2]).median_move == 2.0


def replace_moves(outcome: Any, ranked: int, places: list[int]) -> Any:
    moves = [Move(f"A{i}", "", 10, 10 - p, 0.0, 0.0) for i, p in enumerate(places)]
    return dataclasses.replace(outcome, moves=moves, ranked=ranked)


def test_the_moves_sheet_keeps_the_largest_moves_and_every_flip(sample_report: Sensitivity) -> None:
    outcome = next(o for o in sample_report.ranked if o.flips and len(o.moves) > 3)
    flipped = {*outcome.entered, *outcome.exited}
    rows = [r for r in move_rows(sample_report, limit=1) if r[0] == outcome.perturbation.key]
    assert rows[0][1] == outcome.moves[0].id and abs(rows[0][5]) == outcome.largest_move
    assert {r[1] for r in rows} == {outcome.moves[0].id} | flipped
    assert len(move_rows(sample_report)) == sum(len(o.moves) for o in sample_report.effects)  # without a limit, every listed move is kept
