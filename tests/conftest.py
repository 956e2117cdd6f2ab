"""Every test starts from the default language, whatever the machine's locale: a developer or a CI
runner with ``LANG=en_US.UTF-8`` must see the same results as one in Vietnam. Tests of the
language choice set the environment themselves."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _default_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KCSCORE_LANG", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
