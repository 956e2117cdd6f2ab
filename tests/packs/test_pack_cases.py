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
from kcscore.packs import is_base_layer
from kcscore.packtest import CaseResult, Coverage, run_cases
from kcscore.policy.loader import load_policy
from kcscore.report.testreport import render_results

ROOT = Path(__file__).resolve().parents[2]
_SKIP_PARTS = {"fixtures", ".git", "node_modules", "build", "dist", ".tox", ".venv", "venv", "mutants"}


def pack_dirs() -> list[Path]:
    """Every folder holding a policy.yaml, except test fixtures, build output, virtualenvs, the
    copy of the repository a mutation run works in (mutants/) and the base layers other packs extend."""
    found = []
    for policy in ROOT.rglob("policy.yaml"):
        rel = policy.relative_to(ROOT)
        if _SKIP_PARTS & set(rel.parts[:-1]) or any(p.startswith(".") for p in rel.parts[:-1]):
            continue
        found.append(policy.parent)
    # a base layer (rules/national) is not run alone: its rules run, and are covered, in the packs built on it
    return sorted(pack for pack in found if not is_base_layer(pack))


PACKS = pack_dirs()


def _case_ids(pack: Path) -> list[str]:
    """``file/case name`` of every case, read when tests are collected; a pack that does not load
    yields one id whose test then fails with the loader's error instead of breaking collection."""
    try:
        policy = load_policy(pack)
    except Exception:  # noqa: BLE001 - reported by the test itself
        return []
    return [f"{Path(case.file).name}/{case.case.name}" for case in policy.cases]


@cache
def _run(pack: Path) -> tuple[list[CaseResult], Coverage]:
    """All cases of one pack, run once by the library's runner and shared by that pack's test ids.

    The pack is loaded again here rather than reusing the load done for collection, so the test
    sees the code as it is when the test runs."""
    policy = load_policy(pack)
    return run_cases(policy, assessor_for(policy))


def _label(pack: Path) -> str:
    return pack.relative_to(ROOT).as_posix()


def _case_params() -> list[object]:
    params: list[object] = []
    for pack in PACKS:
        ids = _case_ids(pack)
        if not ids:
            params.append(pytest.param(pack, -1, id=f"{_label(pack)}/(pack does not load)"))
        params += [pytest.param(pack, index, id=f"{_label(pack)}/{name}") for index, name in enumerate(ids)]
    return params


def test_the_repository_packs_are_found() -> None:
    """Guard the discovery itself: if it silently found nothing, every case test would vanish."""
    labels = {_label(p) for p in PACKS}
    assert {"rules/bac-kan", "samples/packs/bac-kan-2027"} <= labels
    for pack in PACKS:
        results, _ = _run(pack)
        assert results, f"{_label(pack)} has no test cases"


@pytest.mark.parametrize(("pack", "index"), _case_params())
def test_pack_case(pack: Path, index: int) -> None:
    results, cov = _run(pack)
    assert index >= 0, "the pack loaded at collection failed to load"
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
