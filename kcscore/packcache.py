"""A compiled-pack cache, so an officer's ``kcscore score`` does not re-check the pack every time.

The cache key is the pack's rules hash (over every layer of a pack that ``extends`` a base) *and* its tests hash (the cached object holds the test
cases too) plus the kcscore and Python versions, so any edit to a rule or test file, or an
upgrade, misses the cache and the pack is fully loaded and checked again.
Only a pack that loaded without errors is ever stored. The cache lives in the user's own cache
folder (``$KCSCORE_CACHE_DIR``, else ``$XDG_CACHE_HOME/kcscore``, else ``~/.cache/kcscore``),
like Python's own ``__pycache__``; ``KCSCORE_NO_CACHE=1`` turns it off. A cache file that cannot
be read is ignored and rewritten, and one that someone else could have written (not owned by this
user, or writable by others, or in such a folder) is never read: it holds pickled objects.

The file holds the pack without pydantic (``policy.plain``), so reading it imports neither pydantic
nor the rule-file model. ``kcscore score`` works from those plain objects, cached or not, so its
output cannot depend on whether the cache was warm; every other command gets the model objects
back (``restore``).

Beside each cached pack lies what each manifest's ``extends:`` says, named by the manifest's
content (``_remembered_extends``), so that finding the pack's hash parses no YAML.
"""

from __future__ import annotations

import copy
import gc
import os
import pickle
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from kcscore.policy.ir import Policy
from kcscore.policy.plain import restore, snapshot
from kcscore.sha import sha256

if TYPE_CHECKING:
    from kcscore.policy.diagnostics import Diagnostic
    from kcscore.policy.layers import ExtendsReader

FORMAT = 5  # raised whenever the stored shape changes (3: rule-file objects stored plain; 4: `applies`, ranking modes;
# 5: the test cases pickled apart, read when first used)


def cache_dir() -> Path | None:
    if os.environ.get("KCSCORE_NO_CACHE"):
        return None
    explicit = os.environ.get("KCSCORE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kcscore"


def cache_key(pack_hash: str) -> str:
    from kcscore._version import __version__

    material = f"{FORMAT}|{__version__}|{sys.version_info[:3]}|{pack_hash}"
    return sha256(material.encode()).hexdigest()[:32]


def _private(status: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (the rule ssh applies to its keys)."""
    if not hasattr(os, "getuid"):
        return True  # no POSIX owners to check (Windows): the user's profile folder is private
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def _both(policy: Policy) -> str:
    """Everything the cached object depends on: rule files and test files."""
    return f"{policy.sha256}|{policy.tests_sha256}"


def convert(policy: Policy, change: Callable[[Any], Any]) -> Policy:
    """A copy of ``policy`` with ``change`` applied to every rule-file object it holds."""
    plain = copy.copy(policy)
    plain.meta = change(policy.meta)
    plain.fields = change(policy.fields)
    plain.rules = [replace(rule, spec=change(rule.spec),
                           outcomes=tuple(replace(o, says=change(o.says)) for o in rule.outcomes))
                   for rule in policy.rules]
    plain.parameters = {key: replace(p, spec=change(p.spec), periods=change(p.periods))
                        for key, p in policy.parameters.items()}
    plain.cases = [replace(case, case=change(case.case)) for case in policy.cases]
    plain.__post_init__()  # the rules by id, from the new rules
    return plain


def _restored(policy: Policy) -> Policy:
    from kcscore.policy import model

    return convert(policy, lambda value: restore(value, lambda name: getattr(model, name)))


def _unpickled(handle: BinaryIO) -> Any:
    """``pickle.load`` with the cycle collector paused: the objects it makes are all kept, so the
    dozen collections their number would start find nothing and cost a few milliseconds."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(handle)
    finally:
        if was_enabled:
            gc.enable()


def load(pack_hash: str, root: Path) -> Policy | None:
    """The cached pack with plain rule-file objects, or None on a miss."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"pack-{cache_key(pack_hash)}.pickle"
    try:
        with path.open("rb") as handle:
            if not _private(os.fstat(handle.fileno())) or not _private(folder.stat()):
                return None  # only a cache this user alone could have written is ever read back
            stored = _unpickled(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    if not (isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[0], Policy)
            and isinstance(stored[1], bytes)) or _both(stored[0]) != pack_hash:
        return None
    policy, cases = stored
    policy._cases_later = lambda: pickle.loads(cases)  # the bytes were read from the same trusted file
    policy.root = root
    return policy


def store(policy: Policy) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        from kcscore.fileio import write_atomic

        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder.stat()):
            return

        plain = convert(policy, snapshot)
        for name in list(vars(plain)):
            if name.startswith("_") and name != "_by_id":
                delattr(plain, name)  # built engines hold C handles; they are rebuilt after loading
        # The test cases are a third of the pack and scoring never reads them: they are pickled
        # apart, and unpickled only when ``Policy.cases`` is first read.
        cases = pickle.dumps(vars(plain).pop("cases"), protocol=pickle.HIGHEST_PROTOCOL)
        data = pickle.dumps((plain, cases), protocol=pickle.HIGHEST_PROTOCOL)
        target = folder / f"pack-{cache_key(_both(policy))}.pickle"
        write_atomic(target, lambda handle: handle.write(data))
        os.chmod(target, 0o600)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return


def _remembered_extends(folder: Path) -> ExtendsReader:
    """``layers.read_extends`` that remembers, per manifest content, what ``extends:`` says.

    Finding a pack in the cache needs its hash, the hash needs every layer, and the layers need
    each manifest's ``extends:``. Parsing YAML for that one value costs more than the rest of the
    lookup, so the answer is kept beside the cached packs, named by the hash of the manifest's
    bytes (and of this kcscore): the value is a function of those bytes alone, so a stale answer
    cannot be read. Only a usable answer is kept (a missing ``extends:`` or a path); a manifest
    with a problem is read every time, and the loader reports it.
    """
    from kcscore.policy.diagnostics import Pos
    from kcscore.policy.layers import MANIFEST, display_name, read_extends

    def read(root: Path) -> tuple[str | None, Pos | None, list[Diagnostic]]:
        try:
            content = (root / MANIFEST).read_bytes()
        except OSError:
            return read_extends(root)
        memo = folder / f"extends-{cache_key(sha256(content).hexdigest())}.txt"
        try:
            with memo.open("rb") as handle:
                if _private(os.fstat(handle.fileno())) and _private(folder.stat()):
                    where, value = handle.read().decode("utf-8").split("\n", 1)
                    if not where:
                        return None, None, []
                    line, col, length = (int(number) for number in where.split())
                    return value, Pos(display_name(root / MANIFEST), line, col, length), []
        except (OSError, UnicodeDecodeError, ValueError):
            pass
        value, pos, problems = read_extends(root)
        if not problems:
            _remember(folder, memo, "\n" if value is None or pos is None else f"{pos.line} {pos.col} {pos.length}\n{value}")
        return value, pos, problems

    return read


def _remember(folder: Path, memo: Path, text: str) -> None:
    """Keep one answer of ``_remembered_extends``; a folder that cannot take it is left alone."""
    try:
        from kcscore.fileio import write_atomic

        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if _private(folder.stat()):
            write_atomic(memo, lambda handle: handle.write(text.encode("utf-8")))
            os.chmod(memo, 0o600)
    except OSError:
        return


def load_policy_cached(path: str | Path | None = None, plain: bool = False) -> Policy:
    """``load_policy`` through the cache: the same pack, checked once per content hash.

    With ``plain``, its rule-file objects are the plain copies, hit or miss; without, the model's.
    """
    from kcscore.packs import default_pack_path
    from kcscore.policy.layers import pack_hashes

    root = Path(path) if path is not None else default_pack_path()
    folder = cache_dir()
    pack_hash = ""
    if folder is not None:  # with no cache to look in, the hash is not needed
        try:
            rules, tests = pack_hashes(root, _remembered_extends(folder))  # every layer: an edit to the base misses the cache too
            pack_hash = f"{rules}|{tests}"
        except OSError:
            pass
    cached = load(pack_hash, root) if pack_hash else None
    if cached is not None:
        return cached if plain else _restored(cached)
    from kcscore.policy.loader import load_policy  # a miss: check the pack in full

    policy = load_policy(root)
    store(policy)
    return convert(policy, snapshot) if plain else policy
