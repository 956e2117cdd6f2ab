"""Decision records: a run's record verifies; a one-byte change of the input or of a rule file is named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kcscore.cli import main
from tests.packcopy import copy_pack, layer_file

ROOT = Path(__file__).resolve().parents[2]
LIST = ROOT / "samples" / "applicants" / "bac-kan-2019.csv"
PROPOSAL = ROOT / "samples" / "proposals" / "strong-household-mien-dong.yaml"
BUDGET = "1129000000"


@pytest.fixture()
def copies(tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the list and of the pack, so the tests may change a byte of either."""
    listing = tmp_path / "list.csv"
    shutil.copy(LIST, listing)
    pack = tmp_path / "pack"
    copy_pack(ROOT / "rules" / "bac-kan", pack)
    return listing, pack


def _rank_record(runner: CliRunner, listing: Path, pack: Path, record: Path) -> dict:
    result = runner.invoke(main, ["rank", str(listing), "--rules", str(pack), "--budget", BUDGET, "--record", str(record)])
    assert result.exit_code == 0, result.stderr
    return json.loads(record.read_text(encoding="utf-8"))


def test_rank_record_names_inputs_versions_and_every_decision(runner: CliRunner, copies: tuple[Path, Path],
                                                               tmp_path: Path) -> None:
    listing, pack = copies
    data = _rank_record(runner, listing, pack, tmp_path / "rec.json")
    import hashlib

    assert data["input"]["sha256"] == hashlib.sha256(listing.read_bytes()).hexdigest()
    assert set(data["pack"]["files"]) == {"criteria.yaml", "exclusions.yaml", "policy.yaml",
                                          "../national/fields.yaml", "../national/flags.yaml", "../national/gates.yaml",
                                          "../national/policy.yaml", "../national/support.yaml"}
    assert data["pack"]["files"]["policy.yaml"] == hashlib.sha256((pack / "policy.yaml").read_bytes()).hexdigest()
    assert len(data["pack"]["sha256"]) == 64 and data["versions"]["durable_rules"] == "2.0.28"
    assert data["options"]["budget"] == 1_129_000_000
    by_id = {d["id"]: d for d in data["decisions"]}
    assert len(by_id) == 43  # the 48 rows less the 5 the reader rejects
    assert by_id["BK-2019-024"] == {"id": "BK-2019-024", "decision": "eligible", "score": 81,
                                    "support_vnd": 234_000_000, "funded": True, "rank": 1, "as_of": "2019-05-01"}
    assert sum(bool(d["funded"]) for d in data["decisions"]) == 9


def test_round_trip_verifies(runner: CliRunner, copies: tuple[Path, Path], tmp_path: Path) -> None:
    listing, pack = copies
    _rank_record(runner, listing, pack, tmp_path / "rec.json")
    result = runner.invoke(main, ["verify", str(tmp_path / "rec.json")])
    assert result.exit_code == 0, result.stdout
    assert "tái lập đủ 43 quyết định" in result.stdout


def test_one_byte_in_the_input_is_named(runner: CliRunner, copies: tuple[Path, Path], tmp_path: Path) -> None:
    listing, pack = copies
    _rank_record(runner, listing, pack, tmp_path / "rec.json")
    raw = bytearray(listing.read_bytes())
    at = raw.index(b"BK-2019-024") + len(b"BK-2019-02")
    raw[at:at + 1] = b"9"  # BK-2019-024 becomes BK-2019-029, a one-byte edit
    listing.write_bytes(bytes(raw))
    result = runner.invoke(main, ["verify", str(tmp_path / "rec.json")])
    assert result.exit_code == 1
    assert f"tệp đầu vào đã thay đổi: {listing}" in result.stdout
    assert "BK-2019-024: không còn được xét" in result.stdout
    assert "tệp quy tắc" not in result.stdout  # the pack did not change and is not blamed


def test_one_byte_in_a_rule_file_is_named_in_english(runner: CliRunner, copies: tuple[Path, Path],
                                                     tmp_path: Path) -> None:
    listing, pack = copies
    _rank_record(runner, listing, pack, tmp_path / "rec.json")
    policy = pack / "policy.yaml"
    text = policy.read_bytes()
    assert b"when_not_fit: skip" in text
    policy.write_bytes(text.replace(b"when_not_fit: skip", b"when_not_fit: stop"))  # 'k'→'t', 'i'→'o'… a small edit
    result = runner.invoke(main, ["verify", str(tmp_path / "rec.json"), "--lang", "en"])
    assert result.exit_code == 1
    assert "rule file changed: policy.yaml" in result.stdout
    assert "pack hash differs" in result.stdout
    assert "input file changed" not in result.stdout
    assert "BK-2019-011: decision differs — funded: True → False" in result.stdout


def test_a_comment_byte_in_a_rule_file_is_named_even_when_decisions_hold(runner: CliRunner, copies: tuple[Path, Path],
                                                                         tmp_path: Path) -> None:
    listing, pack = copies
    _rank_record(runner, listing, pack, tmp_path / "rec.json")
    with open(layer_file(pack, "gates.yaml"), "ab") as handle:
        handle.write(b"#")
    result = runner.invoke(main, ["verify", str(tmp_path / "rec.json")])
    assert result.exit_code == 1
    assert "tệp quy tắc đã thay đổi: ../national/gates.yaml" in result.stdout
    assert "quyết định khác" not in result.stdout


def test_a_changed_version_is_named(runner: CliRunner, copies: tuple[Path, Path], tmp_path: Path) -> None:
    listing, pack = copies
    record = tmp_path / "rec.json"
    data = _rank_record(runner, listing, pack, record)
    data["versions"]["kcscore"] = "0.0.9"
    record.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(main, ["verify", str(record)])
    assert result.exit_code == 1
    assert "phiên bản kcscore khác: ghi 0.0.9" in result.stdout


def test_score_record_round_trip_and_changed_decision(runner: CliRunner, tmp_path: Path) -> None:
    proposal = tmp_path / "p.yaml"
    shutil.copy(PROPOSAL, proposal)
    record = tmp_path / "rec.json"
    result = runner.invoke(main, ["score", str(proposal), "--record", str(record)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(record.read_text(encoding="utf-8"))
    assert data["command"] == "score" and data["decisions"][0]["score"] == 76
    assert runner.invoke(main, ["verify", str(record)]).exit_code == 0
    proposal.write_text(proposal.read_text(encoding="utf-8").replace("value_chain_linkage: false",
                                                                     "value_chain_linkage: true"), encoding="utf-8")
    result = runner.invoke(main, ["verify", str(record)])
    assert result.exit_code == 1
    assert "score: 76 → 82" in result.stdout


def test_record_never_overwrites_the_input(runner: CliRunner, copies: tuple[Path, Path]) -> None:
    listing, pack = copies
    before = listing.read_bytes()
    result = runner.invoke(main, ["rank", str(listing), "--rules", str(pack), "--record", str(listing)])
    assert result.exit_code == 2
    assert listing.read_bytes() == before


def test_not_a_record_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "x.json"
    other.write_text("{}", encoding="utf-8")
    result = runner.invoke(main, ["verify", str(other)])
    assert result.exit_code == 2 and "không phải biên bản quyết định" in result.stderr


def test_a_pack_that_no_longer_loads_is_one_line_not_a_traceback(runner: CliRunner, copies: tuple[Path, Path],
                                                                 tmp_path: Path) -> None:
    listing, pack = copies
    _rank_record(runner, listing, pack, tmp_path / "rec.json")
    layer_file(pack, "gates.yaml").write_text("gates: [\n", encoding="utf-8")
    result = runner.invoke(main, ["verify", str(tmp_path / "rec.json")])
    assert result.exit_code == 1
    assert result.stderr.startswith("không chạy lại được: ") and "gates.yaml" in result.stderr
    assert "Traceback" not in result.output


def test_verify_with_the_input_moved_elsewhere(runner: CliRunner, copies: tuple[Path, Path], tmp_path: Path) -> None:
    listing, pack = copies
    _rank_record(runner, listing, pack, tmp_path / "rec.json")
    moved = tmp_path / "elsewhere.csv"
    listing.rename(moved)
    assert runner.invoke(main, ["verify", str(tmp_path / "rec.json")]).exit_code == 1
    result = runner.invoke(main, ["verify", str(tmp_path / "rec.json"), "--input", str(moved)])
    assert result.exit_code == 0, result.stdout


def test_rank_record_keeps_the_assessments_it_ranked(runner: CliRunner, copies: tuple[Path, Path], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """An officer-sized list is assessed once: the record holds the decisions the ranking printed,
    not those of a second run (which a changed clock or file between the two could make differ)."""
    import kcscore.recheck

    def second_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("the list was assessed a second time for the record")

    monkeypatch.setattr(kcscore.recheck, "rank_assessments", second_run)
    listing, pack = copies
    data = _rank_record(runner, listing, pack, tmp_path / "rec.json")
    assert len(data["decisions"]) == 43 and sum(bool(d["funded"]) for d in data["decisions"]) == 9
