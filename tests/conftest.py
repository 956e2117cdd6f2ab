"""Every test starts from the default language, whatever the machine's locale: a developer or a CI
runner with ``LANG=en_US.UTF-8`` must see the same results as one in Vietnam. Tests of the
language choice set the environment themselves.

``runner`` is the command-line tests' click runner, each test with a pack cache of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner


@pytest.fixture(autouse=True)
def _default_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KCSCORE_LANG", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A click runner for the command line, with a pack cache of the test's own."""
    monkeypatch.setenv("KCSCORE_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()
