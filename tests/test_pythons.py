"""kcscore claims exactly the Pythons CI tests, and runs the same way on each of them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kcscore import _durable_compat as compat
from kcscore.proposal import read_proposal

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def _claimed_minors() -> set[tuple[int, int]]:
    """The 3.x versions requires-python allows, e.g. '>=3.10,<3.14' -> 3.10 ... 3.13."""
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    found = re.fullmatch(r">=3\.(\d+),<3\.(\d+)", spec.replace(" ", ""))
    assert found, f"requires-python should be a '>=3.a,<3.b' range, not {spec!r}"
    return {(3, minor) for minor in range(int(found.group(1)), int(found.group(2)))}


def _ci_minors() -> set[tuple[int, int]]:
    line = re.search(r"^PYTHONS=\(([^)]*)\)", (ROOT / ".ci" / "run").read_text(encoding="utf-8"), re.M)
    assert line, ".ci/run should list its interpreters as PYTHONS=(...)"
    return {tuple(int(part) for part in version.split(".")[:2]) for version in line.group(1).split()}  # type: ignore[misc]


def test_requires_python_claims_exactly_what_ci_runs() -> None:
    assert _claimed_minors() == _ci_minors()


def test_the_engine_message_names_the_claimed_range() -> None:
    claimed = sorted(_claimed_minors())
    assert compat.SUPPORTED == (claimed[0], claimed[-1])


def test_this_python_is_one_that_is_claimed() -> None:
    assert sys.version_info[:2] in _claimed_minors()


def test_a_toml_proposal_is_read_on_every_python() -> None:
    record = read_proposal(ROOT / "samples" / "proposals" / "hoffmann-brickworks.toml")
    assert record["id"] == "BK-2019-031" and record["name"] == "HTX Gạch Xuất Hóa"
    assert record["kiln_type"] == "hoffmann" and record["total_cost_vnd"] == 900_000_000


@pytest.mark.skipif(shutil.which("bash") is None, reason="CI's script is a bash script")
def test_ci_stops_with_one_clear_line_when_a_claimed_python_is_missing(tmp_path: Path) -> None:
    for present in ("3.10.13", "3.11.7"):  # stand-ins that would fail if CI ever ran them
        python = tmp_path / "versions" / present / "bin" / "python3"
        python.parent.mkdir(parents=True)
        python.write_text("#!/bin/sh\nexit 97\n", encoding="utf-8")
        python.chmod(0o755)
    result = subprocess.run(["bash", str(ROOT / ".ci" / "run")], env={**os.environ, "PYENV_ROOT": str(tmp_path)},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (f"error: pyproject.toml claims Python 3.12, but {tmp_path}/versions/3.12.1/bin/python3 "
                             "is missing; install it (pyenv install 3.12.1)\n")
