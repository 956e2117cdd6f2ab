"""The compiled-pack cache: same pack back, any edit misses, and only a private cache is trusted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kcscore.packcache import load_policy_cached
from kcscore.packs import default_pack_path
from tests.packcopy import copy_pack


def test_cache_returns_the_same_pack_and_an_edit_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KCSCORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KCSCORE_NO_CACHE", raising=False)
    pack = tmp_path / "pack"
    copy_pack(default_pack_path(), pack)
    first = load_policy_cached(pack)
    files = list((tmp_path / "cache").iterdir())
    assert len(files) == 1 and oct(files[0].stat().st_mode & 0o777) == "0o600"
    second = load_policy_cached(pack)
    assert second is not first and second.sha256 == first.sha256
    assert [r.id for r in second.rules] == [r.id for r in first.rules]
    policy_file = pack / "policy.yaml"
    policy_file.write_text(policy_file.read_text(encoding="utf-8").replace('version: "2026.1"', 'version: "2026.2"'),
                           encoding="utf-8")
    assert load_policy_cached(pack).meta.version == "2026.2"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners only")
def test_a_cache_others_can_write_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("KCSCORE_CACHE_DIR", str(cache))
    monkeypatch.delenv("KCSCORE_NO_CACHE", raising=False)
    pack = tmp_path / "pack"
    copy_pack(default_pack_path(), pack)
    import pickle

    original = load_policy_cached(pack)
    entry = next(cache.iterdir())
    planted = pickle.loads(entry.read_bytes())
    planted.meta = planted.meta.model_copy(update={"version": "planted"})
    entry.write_bytes(pickle.dumps(planted))
    entry.chmod(0o600)
    assert load_policy_cached(pack).meta.version == "planted"  # a private file is trusted (it is ours)
    entry.write_bytes(pickle.dumps(planted))
    entry.chmod(0o666)
    assert load_policy_cached(pack).meta.version == original.meta.version  # a shared one is not
    cache.chmod(0o777)
    entry.write_bytes(pickle.dumps(planted))
    entry.chmod(0o600)
    assert load_policy_cached(pack).meta.version == original.meta.version  # nor one in a shared folder
