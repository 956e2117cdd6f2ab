"""Shared packs and applicants for the pack-comparison tests (loading a pack takes about a second)."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kcscore.packs import default_pack_path
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from kcscore.policydiff import PackDiff, diff_packs
from kcscore.synthetic import applicants
from kcscore.tables.readers import read_table
from tests.packcopy import copy_pack, layer_file

ROOT = Path(__file__).resolve().parents[2]
AMENDMENT = ROOT / "samples" / "packs" / "bac-kan-2027"
APPLICANTS = ROOT / "tests" / "fixtures" / "diff" / "applicants.csv"
BUDGET = 1_500_000_000


@pytest.fixture(scope="session")
def base() -> Policy:
    return load_policy()


@pytest.fixture(scope="session")
def amended() -> Policy:
    return load_policy(AMENDMENT)


@pytest.fixture(scope="session")
def pack_diff(base: Policy, amended: Policy) -> PackDiff:
    return diff_packs(base, amended)


@pytest.fixture(scope="session")
def fixture_rows() -> list[Any]:
    return read_table(APPLICANTS).rows


@pytest.fixture
def edited_pack(tmp_path: Path) -> Callable[[str, str, str], Policy]:
    """The default pack's rule files (not its tests) with one text replaced in one file."""

    def make(file: str, old: str, new: str) -> Policy:
        target = tmp_path / "edited" / "pack"
        shutil.rmtree(target.parent, ignore_errors=True)
        copy_pack(default_pack_path(), target, ignore=shutil.ignore_patterns("tests"))
        path = layer_file(target, file)  # the file in whichever layer holds it
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {file}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return load_policy(target)

    return make


def eligible_leaning(policy: Policy, count: int, seed: int) -> list[dict[str, Any]]:
    """Synthetic applicants, most of them nudged through the gates so that scores and ranks matter.

    Plain synthetic rows are mostly ineligible (every gate field is drawn at random); here three in
    four pass the legal gates, while their scored fields, costs and requests stay as generated.
    """
    rng = random.Random(seed)
    rows = applicants(policy, count, seed)
    for row in rows:
        if rng.random() < 0.75:
            row.update(legal_form=rng.choice(["household_business", "cooperative"]), site_type="commune",
                       sector=rng.choice(["agro_forestry_processing", "food_processing", "construction_materials",
                                          "handicrafts"]),
                       support_content=rng.choice(["advanced_machinery", "technology_line", "pollution_treatment",
                                                   "brand_trademark", "cleaner_production"]),
                       counterpart_committed=True, other_state_funding=False, machinery_new=True,
                       environmental_violation=rng.random() < 0.15, pollution_risk=rng.choice(["low", "medium"]),
                       kiln_type=rng.choice(["none", "non_fired"]))
    return rows
