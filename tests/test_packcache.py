"""The compiled-pack cache: same pack back, any edit misses, and only a private cache is trusted."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from kcscore.packcache import load_policy_cached
from kcscore.packs import default_pack_path
from tests.packcopy import copy_pack


def _entry(cache: Path) -> Path:
    """The one cached pack in ``cache`` (beside it: what each manifest's ``extends:`` says)."""
    (entry,) = cache.glob("pack-*.pickle")
    return entry


def test_cache_returns_the_same_pack_and_an_edit_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KCSCORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KCSCORE_NO_CACHE", raising=False)
    pack = tmp_path / "pack"
    copy_pack(default_pack_path(), pack)
    first = load_policy_cached(pack)
    files = list((tmp_path / "cache").iterdir())
    assert len(files) == 3 and all(oct(f.stat().st_mode & 0o777) == "0o600" for f in files)  # the pack, two manifests
    assert oct(_entry(tmp_path / "cache").stat().st_mode & 0o777) == "0o600"
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
    entry = _entry(cache)
    planted, cases = pickle.loads(entry.read_bytes())  # the pack, and its test cases pickled apart
    meta = planted.meta  # stored plain (``policy.plain``): a new object with one value changed
    planted.meta = type(meta)(meta.model_name, {**meta.model_values(), "version": "planted"}, frozenset())
    entry.write_bytes(pickle.dumps((planted, cases)))
    entry.chmod(0o600)
    assert load_policy_cached(pack).meta.version == "planted"  # a private file is trusted (it is ours)
    entry.write_bytes(pickle.dumps((planted, cases)))
    entry.chmod(0o666)
    assert load_policy_cached(pack).meta.version == original.meta.version  # a shared one is not
    cache.chmod(0o777)
    entry.write_bytes(pickle.dumps((planted, cases)))
    entry.chmod(0o600)
    assert load_policy_cached(pack).meta.version == original.meta.version  # nor one in a shared folder


def test_the_cache_file_holds_no_pydantic_and_restores_the_same_pack(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from kcscore.policy.loader import load_policy

    monkeypatch.setenv("KCSCORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KCSCORE_NO_CACHE", raising=False)
    loaded = load_policy(default_pack_path())
    load_policy_cached(default_pack_path())  # a miss: stores
    data = _entry(tmp_path / "cache").read_bytes()
    assert b"pydantic" not in data and b"kcscore.policy.model" not in data
    back = load_policy_cached(default_pack_path())  # a hit: restored to the model's objects
    assert back.meta == loaded.meta and type(back.meta) is type(loaded.meta)
    assert back.fields == loaded.fields
    assert [(type(r.spec), r.spec, r.outcomes) for r in back.rules] == [(type(r.spec), r.spec, r.outcomes) for r in loaded.rules]
    assert [b.spec.model_fields_set for b in back.rules] == [r.spec.model_fields_set for r in loaded.rules]
    assert {k: (p.spec, p.periods) for k, p in back.parameters.items()} == \
        {k: (p.spec, p.periods) for k, p in loaded.parameters.items()}
    assert [c.case for c in back.cases] == [c.case for c in loaded.cases]
    assert back.rule(loaded.rules[0].id).spec == loaded.rules[0].spec


def test_plain_objects_read_and_dump_as_the_model_s(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kcscore.policy.loader import load_policy
    from kcscore.policy.plain import Plain

    monkeypatch.setenv("KCSCORE_CACHE_DIR", str(tmp_path / "cache"))
    loaded = load_policy(default_pack_path())
    for plain in (load_policy_cached(default_pack_path(), plain=True), load_policy_cached(default_pack_path(), plain=True)):
        for mine, theirs in zip(plain.rules, loaded.rules, strict=True):
            assert isinstance(mine.spec, Plain) and mine.spec.model_name == type(theirs.spec).__name__
            assert mine.cite.model_dump(exclude_none=True) == theirs.cite.model_dump(exclude_none=True)
            assert mine.cite.short() == theirs.cite.short() and mine.title.get("en") == theirs.title.get("en")
            assert (mine.kind, mine.is_sum, mine.max_points) == (theirs.kind, theirs.is_sum, theirs.max_points)
            for band, same in zip(getattr(mine.spec, "bands", None) or (), getattr(theirs.spec, "bands", None) or (),
                                  strict=True):
                assert (band.condition_key, band.award) == (same.condition_key, same.award)
        with pytest.raises(AttributeError):
            plain.meta.version = "changed"  # type: ignore[misc]


SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "proposals"


def _score_twice(tmp_path: Path, sample: Path, modules: tuple[str, ...]) -> list[tuple[list[str], list[str]]]:
    """``kcscore score sample`` in two new processes sharing a cache (the first fills it, the second
    reads it): each one's output lines and which of ``modules`` it imported."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"KCSCORE_NO_CACHE", "KCSCORE_RULES"}}
    env["KCSCORE_CACHE_DIR"] = str(tmp_path / "cache")
    script = (
        "import sys\n"
        "from kcscore.cli import main\n"
        "try:\n"
        f"    main(['score', {str(sample)!r}])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        f"print(sorted(m for m in {modules!r} if m in sys.modules))\n"
    )
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
            for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr
    lines = [run.stdout.splitlines() for run in runs]
    assert lines[0][:-1] == lines[1][:-1]  # the same scorecard, cache cold or warm
    return [(out[:-1], ast.literal_eval(out[-1])) for out in lines]


def test_score_on_a_cached_pack_imports_only_what_it_uses(tmp_path: Path) -> None:
    heavy = ("numpy", "pandas", "pydantic", "kcscore.policy.model", "kcscore.fileio", "tempfile", "difflib",
             "kcscore.policy.yamlerrors", "openpyxl", "durable", "orjson",
             "ruamel.yaml",  # a flat proposal is read by policy.yamlflat
             "hashlib", "_hashlib",  # the pack's hash is kcscore.sha's: OpenSSL is not loaded
             "shutil", "textwrap")  # a scorecard for a pipe is neither sized to a terminal nor wrapped
    (_, _), (out, imported) = _score_twice(tmp_path, SAMPLES / "strong-household-mien-dong.yaml", heavy)
    assert "HKD Miến dong Nà Làng" in out[0]
    assert imported == []


def test_score_of_a_json_proposal_on_a_cached_pack_reads_no_yaml(tmp_path: Path) -> None:
    """The cache is found without parsing the pack's YAML: each manifest's ``extends:`` is remembered."""
    (_, filling), (_, warm) = _score_twice(tmp_path, SAMPLES / "mining-facility.json",
                                           ("ruamel.yaml", "kcscore.policy.yamlsource"))
    assert filling != [] and warm == []


def test_remembered_extends_follow_the_manifest_and_trust_only_a_private_cache(tmp_path: Path) -> None:
    from kcscore.packcache import _remembered_extends
    from kcscore.policy.layers import pack_hashes, read_extends, resolve_layers

    layered = Path(__file__).resolve().parent / "fixtures" / "packs" / "layered"
    import shutil

    for name in ("national", "province"):
        shutil.copytree(layered / name, tmp_path / name)
    root = tmp_path / "province"
    cache = tmp_path / "cache"
    for _ in range(2):  # remembered, then read back
        assert pack_hashes(root, _remembered_extends(cache)) == pack_hashes(root)
        layers, _ = resolve_layers(root, _remembered_extends(cache))
        assert [layer.name for layer in layers] == ["national", "province"]
        assert [(lay.extends, lay.extends_pos) for lay in layers] == \
            [(lay.extends, lay.extends_pos) for lay in resolve_layers(root)[0]]
    assert len(list(cache.glob("extends-*"))) == 2

    manifest = root / "policy.yaml"
    text = manifest.read_text(encoding="utf-8")
    shutil.copytree(tmp_path / "national", tmp_path / "other")
    (tmp_path / "other" / "rules.yaml").write_text((tmp_path / "other" / "rules.yaml").read_text(encoding="utf-8")
                                                  + "# another base\n", encoding="utf-8")
    manifest.write_text(text.replace("../national", "../other"), encoding="utf-8")
    assert read_extends(root)[0] == "../other"
    assert pack_hashes(root, _remembered_extends(cache)) == pack_hashes(root) != pack_hashes(tmp_path / "national")

    if hasattr(os, "getuid"):  # a shared answer is not read: a planted one cannot move the chain
        for memo in cache.glob("extends-*"):
            if memo.read_text(encoding="utf-8").endswith("../other"):
                memo.write_text(memo.read_text(encoding="utf-8").replace("../other", "../national"), encoding="utf-8")
                memo.chmod(0o666)
        assert pack_hashes(root, _remembered_extends(cache)) == pack_hashes(root)


def test_a_cached_pack_reads_its_test_cases_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Scoring never reads the pack's own test cases, so the cache leaves them pickled until then."""
    from kcscore.api import assess
    from kcscore.policy.loader import load_policy
    from kcscore.proposal import read_proposal

    monkeypatch.setenv("KCSCORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KCSCORE_NO_CACHE", raising=False)
    loaded = load_policy(default_pack_path())
    load_policy_cached(default_pack_path(), plain=True)  # a miss: stores
    cached = load_policy_cached(default_pack_path(), plain=True)
    sample = Path(__file__).resolve().parent.parent / "samples" / "proposals" / "strong-household-mien-dong.yaml"
    assert assess(cached, read_proposal(sample)).decision == "eligible"
    assert "cases" not in vars(cached)
    assert [(c.case.model_dump(), c.applicant, c.pos, c.file) for c in cached.cases] == \
        [(c.case.model_dump(), c.applicant, c.pos, c.file) for c in loaded.cases] != []
    assert "cases" in vars(cached) and "_cases_later" not in vars(cached)
    with pytest.raises(AttributeError):
        cached.no_such_thing  # noqa: B018


def test_rank_to_json_lines_on_a_cached_pack_imports_neither_pydantic_nor_pandas(tmp_path: Path) -> None:
    """A large list ranked to JSON Lines reads the pack's plain copies and the evaluator reads coded
    columns: the rule-file model and pandas, most of what starting up cost, are not imported; and
    the lines are the same, cache cold or warm."""
    import json
    import random
    import subprocess
    import sys

    from kcscore.policy.loader import load_policy
    from kcscore.synthetic import thresholds
    from tests.batch.test_batch_properties import eligible_leaning

    policy = load_policy()
    near = thresholds(policy)
    rows = [eligible_leaning(policy, random.Random(40 + i), i, near) for i in range(30)]
    listed = tmp_path / "list.jsonl"
    listed.write_text("".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"KCSCORE_NO_CACHE", "KCSCORE_RULES"}}
    env["KCSCORE_CACHE_DIR"] = str(tmp_path / "cache")
    heavy = ("pandas", "pydantic", "kcscore.policy.model")
    outputs = []
    for run in range(2):  # the first fills the cache, the second reads it
        out = tmp_path / f"out{run}.jsonl"
        script = ("import sys\n"
                  "from kcscore.cli import main\n"
                  "try:\n"
                  f"    main(['rank', {str(listed)!r}, '--out', {str(out)!r}, '--engine', 'vectorised', '--budget',"
                  " '1 tỷ', '--no-progress'])\n"
                  "except SystemExit as exc:\n"
                  "    assert not exc.code, exc.code\n"
                  f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n")
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
                              cwd=Path(__file__).resolve().parent.parent)
        assert done.returncode == 0, done.stderr
        outputs.append((out.read_bytes(), ast.literal_eval(done.stdout.splitlines()[-1])))
    assert outputs[0][0] == outputs[1][0] and outputs[0][0].count(b"\n") == 30
    assert outputs[1][1] == []
