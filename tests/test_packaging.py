"""The project installs as a normal wheel: every subpackage listed, the default pack shipped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kcscore").rglob("__init__.py")}
    assert found <= listed, f"add to pyproject.toml packages: {sorted(found - listed)}"
    assert config["tool"]["setuptools"]["package-dir"]["kcscore.packs"] == "rules"


def test_console_script_scores_from_any_folder(tmp_path: Path) -> None:
    exe = shutil.which("kcscore", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the kcscore console script is not installed next to this Python")
    sample = ROOT / "samples" / "proposals" / "strong-household-mien-dong.yaml"
    env = {**os.environ, "KCSCORE_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([exe, "score", str(sample), "--lang", "en"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("HKD Miến dong Nà Làng — ELIGIBLE — 76/100 points")
    module = subprocess.run([sys.executable, "-m", "kcscore", "--help"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert module.returncode == 0 and "score" in module.stdout
