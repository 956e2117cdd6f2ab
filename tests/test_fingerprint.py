"""A pack has two fingerprints: the rules hash keys decisions, the tests hash covers tests/ alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kcscore.cli import main
from kcscore.packcache import load_policy_cached
from kcscore.packs import default_pack_path
from kcscore.policy.loader import load_policy
from tests.packcopy import copy_pack

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "proposals" / "strong-household-mien-dong.yaml"


@pytest.fixture()
def pack(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    copy_pack(default_pack_path(), target)
    return target


def test_a_test_comment_leaves_the_rules_hash_alone(pack: Path) -> None:
    before = load_policy(pack)
    tests = pack / "tests" / "criteria.yaml"
    tests.write_text("# reviewed again\n" + tests.read_text(encoding="utf-8"), encoding="utf-8")
    after = load_policy(pack)
    assert after.sha256 == before.sha256
    assert after.tests_sha256 != before.tests_sha256
    rules = pack / "criteria.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("points: 11\n", "points: 10\n", 1), encoding="utf-8")
    assert load_policy(pack).sha256 != before.sha256


def test_the_cache_does_not_serve_stale_test_cases(pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KCSCORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KCSCORE_NO_CACHE", raising=False)
    first = load_policy_cached(pack)
    tests = pack / "tests" / "criteria.yaml"
    text = tests.read_text(encoding="utf-8")
    tests.write_text(text.replace("expect: {decision: eligible, score: 77,", "expect: {decision: eligible, score: 77.5,", 1),
                     encoding="utf-8")
    second = load_policy_cached(pack)
    assert second.sha256 == first.sha256
    assert 77.5 in [c.case.expect.score for c in second.cases]


def test_outputs_say_which_hash_they_show(pack: Path) -> None:
    policy = load_policy(pack)
    scored = CliRunner().invoke(main, ["score", str(SAMPLE), "--rules", str(pack), "--format", "json"])
    assert scored.exit_code == 0, scored.stderr
    header = json.loads(scored.stdout)["policy"]
    assert header["sha256"] == policy.sha256 and header["tests_sha256"] == policy.tests_sha256
    text = CliRunner().invoke(main, ["score", str(SAMPLE), "--rules", str(pack), "--lang", "en"])
    assert f"(rules sha256 {policy.sha256[:12]})" in text.stdout
    doc = CliRunner().invoke(main, ["rules", "doc", str(pack)])
    assert policy.sha256 in doc.stdout and policy.tests_sha256 in doc.stdout and "SHA-256 của các tệp kiểm thử" in doc.stdout
    diff = CliRunner().invoke(main, ["rules", "diff", str(pack), str(pack)])
    assert f"sha256 quy tắc {policy.sha256[:12]}" in diff.stdout
