"""Rules that depend on dates and on text: the example pack, the validity period, a lapsing cap,
the same answers from every batch path, and the type errors a policy officer can make."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kcscore.api import assess
from kcscore.assess.assessor import AssessmentError
from kcscore.batch.fast import run_fast
from kcscore.batch.lines import lines
from kcscore.batch.run import run_batch
from kcscore.cli import main
from kcscore.packtest import run_cases
from kcscore.api import assessor_for
from kcscore.policy.ir import Policy
from kcscore.policy.loader import check_policy, load_policy

PACK = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "valid" / "dates_and_text"
STRONG: dict[str, Any] = {
    "id": "T-001", "name": "HKD Miến dong mẫu", "legal_form": "household_business", "workers": 12,
    "sector": "agro_forestry_processing", "support_content": "advanced_machinery", "local_material_share": 95,
    "machinery_new": True, "counterpart_committed": True, "total_cost_vnd": 600_000_000,
    "requested_support_vnd": 250_000_000, "product": "Miến dong Na Rì",
}
TRADE_FAIR = {**STRONG, "support_content": "trade_fair"}  # no support rule: no dated cap needed


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(PACK)


def test_every_case_of_the_example_pack_passes(policy: Policy) -> None:
    results, _ = run_cases(policy, assessor_for(policy))
    assert len(results) == 9
    assert [(r.case.case.name, r.error, r.mismatches) for r in results if r.error or r.mismatches] == []


def test_rules_test_runs_the_example_pack() -> None:
    result = CliRunner().invoke(main, ["rules", "test", str(PACK), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "9 passed, 0 failed" in result.output, result.output


@pytest.mark.parametrize("day, inside", [
    (dt.date(2014, 4, 3), False), (dt.date(2014, 4, 4), True),  # valid_from is inclusive
    (dt.date(2030, 12, 31), True), (dt.date(2031, 1, 1), False),  # and so is valid_until
])
def test_validity_period_ends_are_inclusive(policy: Policy, day: dt.date, inside: bool) -> None:
    if inside:
        assert assess(policy, TRADE_FAIR, as_of=day).decision == "eligible"
        return
    with pytest.raises(AssessmentError) as caught:
        assess(policy, TRADE_FAIR, as_of=day)
    assert "2014-04-04 to 2030-12-31" in caught.value.en and day.isoformat() in caught.value.en
    assert "từ 04/04/2014 đến 31/12/2030" in caught.value.vi


def test_submission_date_outside_the_period_is_refused_without_as_of(policy: Policy) -> None:
    with pytest.raises(AssessmentError):
        assess(policy, {**TRADE_FAIR, "submitted_on": "2013-12-31"})


def test_an_end_before_the_start_is_an_error_at_valid_until(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    text = (pack / "policy.yaml").read_text(encoding="utf-8").replace("valid_until: 2030-12-31", "valid_until: 2013-12-31")
    (pack / "policy.yaml").write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("  valid_until"))
    _, diagnostics = check_policy(pack)
    assert [(d.code, d.pos.file.endswith("policy.yaml"), d.pos.line, d.pos.col) for d in diagnostics] == \
        [("K054", True, line, 16)]
    assert "before valid_from" in diagnostics[0].params["problem_en"]


def test_a_lapsed_cap_is_an_error_for_an_eligible_machinery_applicant(policy: Policy) -> None:
    assert assess(policy, STRONG, as_of=dt.date(2027, 12, 31)).recommended_support_vnd == 250_000_000
    with pytest.raises(AssessmentError) as caught:
        assess(policy, STRONG, as_of=dt.date(2028, 1, 1))
    assert "machinery_cap_vnd" in caught.value.en and "2028-01-01" in caught.value.en


def test_a_lapsed_cap_does_not_hold_up_an_applicant_who_gets_nothing_anyway(policy: Policy) -> None:
    excluded = assess(policy, {**STRONG, "sector": "mining_mineral_processing"}, as_of=dt.date(2028, 1, 1))
    assert excluded.decision == "ineligible" and excluded.recommended_support_vnd == 0


def _rows() -> list[dict[str, Any]]:
    return [
        {**STRONG, "id": "A", "submitted_on": "2025-02-01"},  # key-crop bonus
        {**STRONG, "id": "B", "submitted_on": "2024-02-01"},  # before it
        {**STRONG, "id": "C", "submitted_on": "2013-02-01"},  # before the pack: an error row
        {**STRONG, "id": "D", "submitted_on": "2025-02-01", "product": "NGHIEN DA"},
        {**STRONG, "id": "E", "submitted_on": "2025-02-01", "product": "cát lòng sông"},
        {**STRONG, "id": "F", "submitted_on": "2025-02-01", "product": None},
    ]


@pytest.mark.parametrize("engine", ["durable", "python", "vectorised"])
def test_every_batch_path_reads_as_of_and_text_alike(policy: Policy, engine: str) -> None:
    full = run_batch(policy, _rows(), engine=engine, explain=False, lang="en")
    lean = [json.loads(line) for line in lines(run_fast(policy, _rows(), lang="en"))]
    by_id = {a.id: a for a in full.assessments}
    assert {i: (a.decision, a.score) for i, a in by_id.items()} == {
        "A": ("eligible", 21.0), "B": ("eligible", 18.0), "D": ("eligible", 18.0),
        "E": ("ineligible", 0.0), "F": ("incomplete", 0.0)}
    assert [f.rule for f in by_id["D"].flags] == ["stone_or_sand"]
    assert [e.row for e in full.errors] == [3]
    assert "2013-02-01" in full.errors[0].cells[0].message()
    assessed = {line["id"]: (line["decision"], line["score"]) for line in lean if "error" not in line}
    assert assessed == {i: (a.decision, a.score) for i, a in by_id.items()}
    assert [line["row"] for line in lean if "error" in line] == [3]


def test_a_date_compared_with_a_number_is_reported_at_its_place_with_a_suggestion(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    rules = pack / "rules.yaml"
    text = rules.read_text(encoding="utf-8").replace('when: as_of >= date("2025-01-01") and', "when: as_of >= 2025 and")
    rules.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "as_of >= 2025" in t)
    result = CliRunner().invoke(main, ["rules", "check", str(pack), "--lang", "en"])
    assert result.exit_code != 0
    first = result.output.splitlines()[0]
    assert first == f"{rules}:{line}:11: error[K014]: type error in condition: cannot compare a date with a number"
    assert "did you mean 'date(\"2025-01-01\")'?" in result.output


def test_the_rubric_says_dates_and_contains_in_words() -> None:
    result = CliRunner().invoke(main, ["rules", "doc", str(PACK), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "the as-of date ≥ 2025-01-01 and Product contains one of: “miến dong”; “chè shan tuyết”" in result.output
    assert "Product contains “cát lòng sông”" in result.output


def test_rules_check_warns_where_a_value_lapses_while_the_pack_applies(tmp_path: Path) -> None:
    _, diagnostics = check_policy(PACK)
    lines = (PACK / "rules.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("  machinery_cap_vnd:") + 1
    assert [(d.code, d.level, d.pos.line, d.pos.col, d.params["when_en"]) for d in diagnostics] == \
        [("K064", "warning", line, 3, "after 2027-12-31")]
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    text = (pack / "policy.yaml").read_text(encoding="utf-8").replace("valid_until: 2030-12-31", "valid_until: 2027-12-31")
    (pack / "policy.yaml").write_text(text.replace("valid_from: 2014-04-04", "valid_from: 2014-04-03"), encoding="utf-8")
    _, diagnostics = check_policy(pack)
    assert [(d.code, d.params["param"], d.params["when_en"]) for d in diagnostics] == \
        [("K064", "machinery_share_pct", "before 2014-04-04"), ("K064", "machinery_cap_vnd", "before 2014-04-04")]


def test_rules_diff_shows_a_new_validity_period() -> None:
    valid = PACK.parent
    result = CliRunner().invoke(main, ["rules", "diff", str(valid), str(PACK), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "  + valid from: 2014-04-04\n  + valid until: 2030-12-31\n" in result.output
