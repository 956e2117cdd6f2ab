"""Which policy pack a command uses, found one predictable way, and the line that names it.

Policy staff edit ``rules/bac-kan/*.yaml`` in a project folder, while kcscore itself may be
installed from a wheel with its own copy of the pack. A command that silently used the installed
copy would ignore their edits, so every command looks the pack up in this order, like tools that
find their configuration file, and says which one it took and why:

1. ``--rules PACK`` (or the PACK argument of ``rules check|test|doc``);
2. the environment variable ``KCSCORE_RULES``;
3. from the current folder upwards, the first folder that either *is* a pack (holds
   ``policy.yaml``: the user stands inside a pack) or holds a ``rules/`` folder of packs;
4. the Bắc Kạn pack shipped with kcscore (a wheel's ``kcscore/packs/bac-kan``, or the checkout's
   ``rules/bac-kan`` in an editable install).

A named folder (steps 1–2) may be a pack or a folder of packs. In a folder of packs the pack
``bac-kan`` is meant if present, else the only pack (a base layer such as ``national``, which
packs extend and which has no ``policy:`` section, is never chosen); with several and no ``bac-kan`` the user must
choose. A ``rules/`` folder found in step 3 always ends the search, even when it holds no pack:
falling through to the installed copy is exactly how an edit would be silently ignored.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kcscore.i18n import Message, Spoken, pick, render

DEFAULT_PACK = "bac-kan"
ENV_VAR = "KCSCORE_RULES"
PROJECT_FOLDER = "rules"
POLICY_FILE = "policy.yaml"

# How a pack was found, as the pack line says it.
HOW = {
    "explicit": ("chỉ định trên dòng lệnh", "given on the command line"),
    "env": (f"biến môi trường {ENV_VAR}", f"environment variable {ENV_VAR}"),
    "project": ("thư mục rules/ tìm từ thư mục hiện tại", "rules/ folder found from the current folder"),
    "inside": ("thư mục hiện tại nằm trong bộ quy tắc", "the current folder is inside this pack"),
    "installed": ("bộ quy tắc cài cùng kcscore", "the pack installed with kcscore"),
}

LABELS = {"": ("Bộ quy tắc", "Policy pack"), "old": ("Bộ quy tắc cũ", "Old pack"), "new": ("Bộ quy tắc mới", "New pack")}


class PackLookupError(Spoken, Exception):
    """No pack could be chosen; a usage error (exit 2): the user must point at a pack."""

    exit_code = 2

    def __init__(self, code: str, **params: object) -> None:
        self.said = Message(code, params)
        super().__init__(self.said.say("en"))


@dataclass(frozen=True)
class ResolvedPack:
    """The pack folder a command will use and how it was found (a key of ``HOW``)."""

    path: Path
    how: str
    shown: str  # the path as the user should read it: relative to the current folder when inside it

    def how_text(self, lang: str) -> str:
        vi, en = HOW[self.how]
        return pick(vi, en, lang)

    def line(self, policy: Any | None, lang: str, role: str | None = None) -> str:
        """One short stderr line: id, version, short sha (when loaded), path and how it was found.

        ``role`` ("old" or "new") tells the two packs of ``rules diff`` apart.
        """
        head = pick(*LABELS[role or ""], lang)
        ident = f"{policy.meta.id} {policy.meta.version} ({hash_label(lang)} {policy.sha256[:12]}) — " if policy is not None else ""
        return f"{head}: {ident}{self.shown} ({self.how_text(lang)})"


def hash_label(lang: str) -> str:
    """How a text header names the hash it shows: the rules hash, not the tests one."""
    return render("pack.hash_label", lang)


def default_pack_path(name: str = DEFAULT_PACK) -> Path:
    """The installed copy (``kcscore/packs/<name>``) if present, else ``rules/<name>`` of the checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "packs" / name, package.parent / "rules" / name):
        if (candidate / POLICY_FILE).is_file():
            return candidate
    raise FileNotFoundError(f"the default policy pack '{name}' is not installed with kcscore")


def is_pack(folder: Path) -> bool:
    """A pack is a folder with a ``policy.yaml``; whether its files are valid is the loader's job."""
    try:
        return (folder / POLICY_FILE).is_file()
    except OSError:  # a folder we may not look into holds no pack we could read
        return False


_POLICY_SECTION = re.compile(r"^policy[ \t]*:", re.MULTILINE)
_MANIFEST_READ = 128_000  # the loader refuses a larger file anyway


def is_base_layer(folder: Path) -> bool:
    """A pack folder whose ``policy.yaml`` has no top-level ``policy:`` section: a base layer that
    other packs extend (``rules/national``), checked and run only through them.

    Read as text, not parsed: finding a pack must stay cheap, and whether the file is valid is the
    loader's job, which reports a missing ``policy:`` (K081) if the folder is run alone."""
    try:
        with (folder / POLICY_FILE).open("rb") as handle:
            text = handle.read(_MANIFEST_READ).decode("utf-8", "replace")
    except OSError:
        return False
    return _POLICY_SECTION.search(text) is None


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def packs_in(folder: Path) -> list[Path]:
    """The packs directly inside a folder of packs, sorted by name."""
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return []
    return [child for child in children if _is_dir(child) and is_pack(child)]


def _show(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix() or "."
    except ValueError:
        return str(path)


def _choose(folder: Path, cwd: Path, origin: Message | str) -> Path:
    """The meant pack of a folder of packs: ``bac-kan`` if present, else the only one.

    ``origin`` prefixes an error with what named the folder (``KCSCORE_RULES=…: ``, or nothing).
    """
    if is_pack(folder):
        return folder  # a rules/ folder that is itself a pack
    packs = [p for p in packs_in(folder) if not is_base_layer(p)]
    names = [p.name for p in packs]
    if DEFAULT_PACK in names:
        return folder / DEFAULT_PACK
    if len(packs) == 1:
        return packs[0]
    shown = _show(folder, cwd)
    if not packs:
        raise PackLookupError("pack.not_a_pack", origin=origin, folder=shown, file=POLICY_FILE)
    listed = ", ".join(names[:4]) + (", …" if len(names) > 4 else "")
    example = _show(packs[0], cwd)
    raise PackLookupError("pack.several", origin=origin, folder=shown, count=len(packs), names=listed, example=example,
                          var=ENV_VAR)


def _named(value: str, cwd: Path, origin: Message | str) -> Path:
    """A folder the user named (option, argument or environment variable): a pack or a folder of packs."""
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = cwd / path
    if not _is_dir(path):
        exists = path.exists()
        raise PackLookupError("pack.is_file" if exists else "pack.no_folder", origin=origin, value=value)
    return _choose(path, cwd, origin)


def resolve_pack(explicit: str | os.PathLike[str] | None, cwd: Path, env: Mapping[str, str]) -> ResolvedPack:
    """The pack a command uses: explicit, then ``KCSCORE_RULES``, then upwards from ``cwd``, then installed.

    Raises ``PackLookupError`` when the chosen step names no usable pack; it never falls through
    to a later step, so what the user pointed at is what is used, or they are told why not.
    """
    cwd = Path(cwd).absolute()
    if explicit is not None and str(explicit) != "":
        path = _named(str(explicit), cwd, "")
        return ResolvedPack(path, "explicit", _show(path, cwd))
    value = env.get(ENV_VAR, "")
    if value:
        path = _named(value, cwd, Message("pack.origin_env", {"var": ENV_VAR, "value": value}))
        return ResolvedPack(path, "env", _show(path, cwd))
    for folder in (cwd, *cwd.parents):
        if is_pack(folder):
            return ResolvedPack(folder, "inside", _show(folder, cwd))
        project = folder / PROJECT_FOLDER
        if _is_dir(project):
            path = _choose(project, cwd, "")
            return ResolvedPack(path, "project", _show(path, cwd))
    try:
        path = default_pack_path()
    except FileNotFoundError as exc:
        raise PackLookupError("pack.no_default", pack=DEFAULT_PACK) from exc
    return ResolvedPack(path, "installed", _show(path, cwd))
