"""Import the durable-rules C extension on every Python kcscore supports, or say in one line why not.

durable-rules 2.0.28 is the last release and its extension (``durable_rules_engine``) calls
``PyEval_CallObject``, which Python 3.13 removed. On 3.13 and later the compiled module
``kcscore._pyeval_compat`` (built with kcscore, see kcscore/_pyeval_compat.c) is loaded
with RTLD_GLOBAL first, so the dynamic linker finds the symbol there when the extension loads.
durable-rules stays the engine on every Python: nothing falls back to another one.

If a later Python removes another symbol the extension needs, the import fails with
"undefined symbol: X"; that becomes :class:`EngineUnavailable`, one line naming X and what to do,
which click prints without a traceback.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import re
import sys
from pathlib import Path
from types import ModuleType

import click

from kcscore.i18n import Message, Spoken

ENGINE_MODULE = "durable_rules_engine"
BRIDGE_MODULE = "kcscore._pyeval_compat"
BRIDGED_SYMBOLS = frozenset({"PyEval_CallObject"})
# The Pythons CI runs the suite on; pyproject.toml's requires-python says the same (a test checks).
SUPPORTED = ((3, 10), (3, 13))

# glibc: "undefined symbol: X"; macOS: "symbol not found in flat namespace '_X'".
_UNDEFINED = re.compile(r"(?:undefined symbol: |symbol not found in flat namespace '_)([A-Za-z_][A-Za-z0-9_]*)")


def supported_range() -> str:
    """'3.10–3.13', for messages."""
    (low_major, low_minor), (high_major, high_minor) = SUPPORTED
    return f"{low_major}.{low_minor}–{high_major}.{high_minor}"


class EngineUnavailable(Spoken, click.ClickException):
    """The rule engine cannot be imported on this installation: a catalogue code and its parameters.

    A :class:`click.ClickException` so that every command that builds the engine ends with this one
    line and exit status 1 instead of a traceback, without each command catching it.
    """

    def __init__(self, code: str, lang: str | None = None, **params: object) -> None:
        self.said = Message(code, params)
        super().__init__(self.said.say(lang or _current_lang()))

    def show(self, file: object = None) -> None:
        """Print only the message: it is already a full sentence for the user."""
        click.echo(self.format_message(), err=True)


def _current_lang() -> str:
    """The --lang of the running command, else Vietnamese (the default everywhere in kcscore)."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        lang = ctx.params.get("lang")
        if lang in ("vi", "en"):
            return lang
        ctx = ctx.parent
    return "vi"


def bridge_path() -> Path | None:
    """The compiled bridge for this Python: next to this module, else in an installed kcscore.

    The second place matters when kcscore is imported from a source tree (``python -m pytest`` in a
    checkout after ``pip install .``): the tree has no compiled files, the installed copy does.
    """
    name = BRIDGE_MODULE.rpartition(".")[2]
    folders = [Path(__file__).parent] + [Path(entry or ".") / "kcscore" for entry in sys.path]
    for folder in folders:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def _load_bridge() -> bool:
    """Make the bridge's symbols global; False when the compiled module is not installed."""
    path = bridge_path()
    if path is None:
        return False
    import ctypes

    try:
        ctypes.CDLL(str(path), mode=getattr(os, "RTLD_GLOBAL", 0) | getattr(os, "RTLD_NOW", 0))
    except OSError:
        return False
    return True


def _import_engine() -> ModuleType:
    return importlib.import_module(ENGINE_MODULE)


def explain(exc: ImportError, bridge_loaded: bool, version: tuple[int, int] | None = None) -> EngineUnavailable:
    """Turn the extension's import failure into one line that says what to do."""
    major, minor = version or sys.version_info[:2]
    python = f"Python {major}.{minor}"
    supported = supported_range()
    if isinstance(exc, ModuleNotFoundError) and exc.name == ENGINE_MODULE:
        return EngineUnavailable("engine.not_installed", supported=supported)
    found = _UNDEFINED.search(str(exc))
    if found is None:
        detail = " ".join(str(exc).split())
        return EngineUnavailable("engine.cannot_load", python=python, detail=detail)
    symbol = found.group(1)
    if symbol in BRIDGED_SYMBOLS and not bridge_loaded:
        before = f"{SUPPORTED[0][0]}.{SUPPORTED[0][1]}–3.12"
        return EngineUnavailable("engine.bridge_missing", symbol=symbol, python=python, bridge=BRIDGE_MODULE, before=before)
    return EngineUnavailable("engine.symbol_missing", python=python, symbol=symbol, supported=supported)


def import_durable_engine() -> ModuleType:
    """The durable-rules C extension, with the symbols Python 3.13 removed provided first."""
    if ENGINE_MODULE in sys.modules:
        return sys.modules[ENGINE_MODULE]
    bridge_loaded = sys.version_info >= (3, 13) and _load_bridge()
    try:
        return _import_engine()
    except ImportError as exc:
        raise explain(exc, bridge_loaded) from exc
