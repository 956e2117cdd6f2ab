"""Every policy pack in the repository runs its own YAML test cases under pytest.

The cases in a pack's ``tests/`` folder are the policy staff's statement of what the rules mean
(the cap on a cut-over date, exactly 50 % local material, …). They are run here with the same
runner as ``kcscore rules test``, one pytest id per case (``pack/file/case name``), so a rule edit
or a code change that breaks one shows which case and what differs. Packs are found by looking for
``policy.yaml`` anywhere in the repository outside ``tests/fixtures`` (those are deliberately
broken or partial packs with their own tests), so a new pack folder is picked up without editing
this file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kcscore.api import assessor_for
from kcscore.packtest import CaseResult, Coverage, run_cases
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from kcscore.report.testreport import render_results

ROOT = Path(__file__).resolve().parents[2]
_SKIP_PARTS = {"fixtures", ".git", "node_modules", "build", "dist", ".tox", ".venv", "venv"}


def pack_dirs() -> list[Path]:
    """Every folder holding a policy.yaml, except test fixtures, build output and virtualenvs."""
    found = []
    for policy in ROOT.rglob("policy.yaml"):
        rel = policy.relative_to(ROOT)
        if _SKIP_PARTS & set(rel.parts[:-1]) or any(p.startswith(".") for p in rel.parts[:-1]):
            continue
        found.append(policy.parent)
    return sorted(found)


PACKS = pack_dirs()


@cache
def _policy(pack: Path) -> Policy:
    return load_policy(pack)


@cache
def _run(pack: Path) -> tuple[list[CaseResult], Coverage]:
    """All cases of one pack, run once by the library's runner and shared by that pack's test ids."""
    policy = _policy(pack)
    return run_cases(policy, assessor_for(policy))


def _label(pack: Path) -> str:
    return pack.relative_to(ROOT).as_posix()


def _case_params() -> list[object]:
    params: list[object] = []
    for pack in PACKS:
        for index, case in enumerate(_policy(pack).cases):
            name = f"{_label(pack)}/{Path(case.file).name}/{case.case.name}"
            params.append(pytest.param(pack, index, id=name))
    return params


def test_the_repository_packs_are_found() -> None:
    """Guard the discovery itself: if it silently found nothing, every case test would vanish."""
    labels = {_label(p) for p in PACKS}
    assert {"rules/bac-kan", "samples/packs/bac-kan-2027"} <= labels
    assert all(_policy(p).cases for p in PACKS), "a pack without test cases"


@pytest.mark.parametrize(("pack", "index"), _case_params())
def test_pack_case(pack: Path, index: int) -> None:
    results, cov = _run(pack)
    result = results[index]
    if not result.passed:
        # The same lines `kcscore rules test` prints: the case, its file:line, expected vs got.
        report = render_results([result], cov, "en").splitlines()
        pytest.fail("\n".join(line for line in report[:-2] if line), pytrace=False)


@pytest.mark.parametrize("pack", [pytest.param(p, id=_label(p)) for p in PACKS])
def test_pack_cases_reach_every_rule_and_band(pack: Path) -> None:
    """Both shipped packs are at 100 % rule and band coverage today; a new rule needs a case."""
    _, cov = _run(pack)
    assert cov.uncovered() == []
    assert cov.rule_percent == 100.0 and cov.item_percent == 100.0
