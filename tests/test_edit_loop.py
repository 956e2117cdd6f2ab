"""Policy staff's edit loop, the way they run it: kcscore installed from a wheel, rules/ edited in a
project folder, every command run from that folder with no --rules.

Before the pack lookup, the installed copy was used: a typo in rules/bac-kan/criteria.yaml passed
`kcscore rules check` and `kcscore score` kept the old points. Building and installing the wheel
takes a few seconds; select or skip this test with `-m wheel` / `-m "not wheel"`.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_packs import edit

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PROPOSAL = SAMPLES / "proposals" / "strong-household-mien-dong.yaml"

pytestmark = pytest.mark.wheel


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def _wheel_venv(tmp: Path, env: dict[str, str]) -> Path:
    """A fresh venv holding kcscore from a wheel of this checkout; its dependencies come from ours.

    The venv sees this interpreter's site-packages through a .pth line (appended after its own
    site-packages, and without running their .pth hooks, so an editable kcscore there is not
    picked up); only kcscore itself is installed, from the wheel.
    """
    source = tmp / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    shutil.copytree(ROOT / "kcscore", source / "kcscore", ignore=ignore)
    shutil.copytree(ROOT / "rules", source / "rules", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(source), "-w", str(tmp / "dist")], tmp, env)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp / "dist").glob("kcscore-*.whl")

    venv = tmp / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)], tmp, env)
    assert made.returncode == 0, made.stderr
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp, env)
    ours = [*site.getsitepackages(), site.getusersitepackages()]
    (Path(purelib.stdout.strip()) / "_kcscore_test_deps.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    installed = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                      "--force-reinstall", "-q", str(wheel)], tmp, env)
    assert installed.returncode == 0, installed.stderr[-2000:]

    where = _run([str(python), "-c", "import kcscore.cli, kcscore.packs as p; print(kcscore.cli.__file__); "
                  "print(p.default_pack_path())"], tmp, env)
    assert where.returncode == 0, where.stderr
    module, pack = (Path(line) for line in where.stdout.splitlines())
    assert module.is_relative_to(venv) and pack.is_relative_to(venv), where.stdout  # the wheel, not the checkout
    assert pack.parts[-3:] == ("kcscore", "packs", "bac-kan")
    return venv


def test_policy_staff_edit_loop_with_an_installed_wheel(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"KCSCORE_RULES", "KCSCORE_NO_CACHE", "PYTHONPATH"}}
    env.update(KCSCORE_CACHE_DIR=str(tmp_path / "cache"), PIP_DISABLE_PIP_VERSION_CHECK="1")
    venv = _wheel_venv(tmp_path, env)
    exe = str(venv / ("Scripts/kcscore.exe" if os.name == "nt" else "bin/kcscore"))

    # Outside any project: the pack installed with the wheel, named as such; this warms the cache.
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shipped = _run([exe, "score", str(PROPOSAL), "--format", "json"], outside, env)
    assert shipped.returncode == 0, shipped.stderr
    assert json.loads(shipped.stdout)["score"] == 76
    assert "(bộ quy tắc cài cùng kcscore)" in shipped.stderr and str(venv) in shipped.stderr

    # A project folder holding a copy of rules/, with a typo planted in a condition's field.
    project = tmp_path / "chinh-sach"
    shutil.copytree(ROOT / "rules", project / "rules")
    criteria = project / "rules" / "bac-kan" / "criteria.yaml"
    edit(criteria, "input: local_material_share", "input: local_materal_share")
    check = _run([exe, "rules", "check", "--format", "gnu"], project, env)
    assert check.returncode == 1, (check.stdout, check.stderr)
    assert check.stdout.startswith("rules/bac-kan/criteria.yaml:") and "local_materal_share" in check.stdout
    assert "rules/bac-kan (thư mục rules/ tìm từ thư mục hiện tại): 1 lỗi" in check.stderr
    broken = _run([exe, "score", str(PROPOSAL)], project, env)
    assert broken.returncode == 1 and "rules/bac-kan/criteria.yaml" in broken.stderr  # not the installed copy
    assert broken.stderr.endswith("\nBộ quy tắc: rules/bac-kan (thư mục rules/ tìm từ thư mục hiện tại)\n")

    # The typo fixed and a deliberate change made: zone III communes get 10 points instead of 11.
    edit(criteria, "input: local_materal_share", "input: local_material_share")
    edit(criteria, "points: 11\n", "points: 10\n")
    assert _run([exe, "rules", "check"], project, env).returncode == 0
    tested = _run([exe, "rules", "test"], project / "rules" / "bac-kan", env)  # standing inside the pack
    assert tested.returncode == 1 and "cần 76.0, được 75.0" in tested.stdout  # the cases now need updating
    assert "(thư mục hiện tại nằm trong bộ quy tắc)" in tested.stderr
    installed_pack = next(line for line in shipped.stderr.splitlines() if line.startswith("Bộ quy tắc:"))
    old = installed_pack.split(" — ", 1)[1].rsplit(" (", 1)[0]
    diff = _run([exe, "rules", "diff", old, "rules/bac-kan", "--applicants", str(SAMPLES / "applicants" / "bac-kan-2019.csv")],
                project, env)
    assert diff.returncode == 0, diff.stderr
    assert "area_priority: mức 'when area_zone == \"III\"' 11 → 10 điểm" in diff.stdout

    scored = _run([exe, "score", str(PROPOSAL), "--format", "json"], project, env)
    assert scored.returncode == 0, scored.stderr
    data = json.loads(scored.stdout)
    assert data["score"] == 75
    assert scored.stderr == (f"Bộ quy tắc: bac-kan 2026.1 (sha256 quy tắc {data['policy']['sha256'][:12]}) — rules/bac-kan "
                             "(thư mục rules/ tìm từ thư mục hiện tại)\n")
