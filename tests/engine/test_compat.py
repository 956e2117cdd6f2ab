"""durable-rules loads on every supported Python, and a Python that broke it is named in one line."""

from __future__ import annotations

import ctypes
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kcscore import _durable_compat as compat

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = ROOT / "samples" / "proposals" / "strong-household-mien-dong.yaml"
LATER_PYTHON = ImportError(
    "/venv/lib/python3.14/site-packages/durable_rules_engine.cpython-314-x86_64-linux-gnu.so: "
    "undefined symbol: PyEval_GetFrameTurbo")
# The durable-rules C-API calls whose result pointer a 3.13 build truncates (see _pyeval_compat.c).
STORAGE_CALLBACKS = ("set_store_message_callback", "set_delete_message_callback", "set_queue_message_callback",
                     "set_get_queued_messages_callback", "set_get_idle_state_callback",
                     "set_get_stored_messages_callback")


def test_the_engine_imports_through_the_compat_loader() -> None:
    engine = compat.import_durable_engine()
    assert engine.__name__ == "durable_rules_engine" and hasattr(engine, "create_ruleset")


def test_the_compiled_bridge_is_installed_and_defines_the_symbol_only_where_python_lacks_it() -> None:
    path = compat.bridge_path()
    assert path is not None, "setup.py must build kcscore._pyeval_compat"
    library = ctypes.PyDLL(str(path))
    assert hasattr(library, "PyEval_CallObject") == (sys.version_info >= (3, 13))


@pytest.mark.skipif(sys.version_info < (3, 13), reason="the bridge defines PyEval_CallObject only on 3.13+")
def test_the_bridge_forwards_to_pyobject_callobject() -> None:
    call = ctypes.PyDLL(str(compat.bridge_path())).PyEval_CallObject
    call.restype = ctypes.py_object
    call.argtypes = [ctypes.py_object, ctypes.py_object]
    assert call(lambda *args: ("called", args), (1, "hai")) == ("called", (1, "hai"))
    with pytest.raises(TypeError, match="argument list must be a tuple"):
        call(print, [1])


def test_a_symbol_a_later_python_removed_is_named_in_one_line() -> None:
    error = compat.explain(LATER_PYTHON, bridge_loaded=True, version=(3, 14))
    assert error.en == ("durable-rules cannot run on Python 3.14: the C-API symbol PyEval_GetFrameTurbo is missing "
                        "(this Python removed it); use Python 3.10–3.13")
    assert error.vi == ("durable-rules không chạy được trên Python 3.14: thiếu hàm C-API PyEval_GetFrameTurbo "
                        "(Python này đã bỏ nó); hãy dùng Python 3.10–3.13")
    assert "\n" not in error.vi + error.en


def test_the_macos_wording_of_a_missing_symbol_is_understood_too() -> None:
    error = compat.explain(ImportError("dlopen(x.so, 0x0002): symbol not found in flat namespace '_PyEval_GetFrameTurbo'"),
                           bridge_loaded=True, version=(3, 14))
    assert "the C-API symbol PyEval_GetFrameTurbo is missing" in error.en


def test_a_missing_bridge_says_to_reinstall() -> None:
    error = compat.explain(ImportError("x.so: undefined symbol: PyEval_CallObject"), bridge_loaded=False,
                           version=(3, 13))
    assert "kcscore._pyeval_compat" in error.en and "reinstall kcscore with pip" in error.en
    assert error.en.endswith("or use Python 3.10–3.12")


def test_a_missing_engine_package_says_to_reinstall() -> None:
    error = compat.explain(ModuleNotFoundError("No module named 'durable_rules_engine'", name="durable_rules_engine"),
                           bridge_loaded=False)
    assert error.en.startswith("durable-rules (kcscore's rule engine) is not installed: reinstall kcscore")


def test_the_loader_turns_the_import_failure_into_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, compat.ENGINE_MODULE, raising=False)

    def broken() -> None:
        raise LATER_PYTHON

    monkeypatch.setattr(compat, "_import_engine", broken)
    with pytest.raises(compat.EngineUnavailable) as caught:
        compat.import_durable_engine()
    assert "PyEval_GetFrameTurbo" in caught.value.vi and caught.value.__cause__ is LATER_PYTHON


SIMULATE = """
import sys
from kcscore import _durable_compat as compat
from kcscore.cli import main

def broken():
    raise ImportError("durable_rules_engine.cpython-314-x86_64-linux-gnu.so: undefined symbol: PyEval_GetFrameTurbo")

sys.modules.pop(compat.ENGINE_MODULE, None)
compat._import_engine = broken
main(sys.argv[1:])
"""


@pytest.mark.parametrize(("lang", "expected"), [
    ("vi", "durable-rules không chạy được trên Python {v}: thiếu hàm C-API PyEval_GetFrameTurbo"),
    ("en", "durable-rules cannot run on Python {v}: the C-API symbol PyEval_GetFrameTurbo is missing"),
])
def test_the_command_line_prints_one_line_not_a_traceback(tmp_path: Path, lang: str, expected: str) -> None:
    env = {**os.environ, "KCSCORE_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", SIMULATE, "score", str(SAMPLE), "--lang", lang], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    # the one line of the failure, then the line naming the pack used when the pack was loaded before the
    # engine was needed (whether it was depends on the pack cache)
    assert len(lines) in (1, 2), result.stderr
    assert all(line.startswith(("Bộ quy tắc: ", "Policy pack: ")) for line in lines[1:]), result.stderr
    assert "Traceback" not in result.stderr
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert lines[0].startswith(expected.format(v=version))


def test_kcscore_never_registers_the_callbacks_the_bridge_cannot_serve() -> None:
    used = [f"{path.relative_to(ROOT)}: {name}" for path in (ROOT / "kcscore").rglob("*.py")
            for name in STORAGE_CALLBACKS if name in path.read_text(encoding="utf-8")]
    hosts = [str(path.relative_to(ROOT)) for path in (ROOT / "kcscore").rglob("*.py")
             if re.search(r"^\s*(from|import) durable\b", path.read_text(encoding="utf-8"), re.M)]
    assert used == [] and hosts == []


def test_the_bridge_is_found_in_an_installed_kcscore_when_imported_from_a_source_tree(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.machinery

    installed = tmp_path / "site-packages" / "kcscore" / f"_pyeval_compat{importlib.machinery.EXTENSION_SUFFIXES[0]}"
    installed.parent.mkdir(parents=True)
    installed.write_bytes(b"")
    (tmp_path / "checkout" / "kcscore").mkdir(parents=True)
    monkeypatch.setattr(compat, "__file__", str(tmp_path / "checkout" / "kcscore" / "_durable_compat.py"))
    monkeypatch.setattr(sys, "path", [str(tmp_path / "checkout"), str(tmp_path / "site-packages")])
    assert compat.bridge_path() == installed
