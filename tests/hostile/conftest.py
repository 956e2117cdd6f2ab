"""Shared by the hostile-input modules: run the CLI and check that no traceback escaped."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kcscore.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

Run = Callable[..., Result]


def no_traceback(result: Result) -> None:
    """Nothing a user sees may be a Python stack (stdout, stderr, or an exception left unhandled)."""
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.fixture()
def run_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Run:
    """``run_cli(args, code=N)`` runs ``kcscore`` in-process, checks the exit code and that no
    traceback was printed, and returns click's result (``.stdout``, ``.stderr``)."""
    monkeypatch.setenv("KCSCORE_CACHE_DIR", str(tmp_path / "kcscore-cache"))
    monkeypatch.delenv("KCSCORE_DEBUG", raising=False)
    runner = CliRunner()

    def run(args: Sequence[str], code: int | None = None) -> Result:
        result = runner.invoke(main, [str(a) for a in args])
        no_traceback(result)
        if code is not None:
            assert result.exit_code == code, (result.exit_code, result.stdout[-2000:], result.stderr[-2000:])
        return result

    return run
