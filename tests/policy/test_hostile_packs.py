"""A rule file can never run code, and a hostile pack is refused quickly, in little memory, with a diagnostic.

Small hostile packs are committed under ``tests/fixtures/packs/hostile``; the large or binary ones
are written into ``tmp_path`` by the tests themselves.
"""

from __future__ import annotations

import os
import shutil
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from kcscore.policy.loader import check_policy

PACKS = Path(__file__).resolve().parent.parent / "fixtures" / "packs"
HOSTILE = PACKS / "hostile"
MAX_CPU_SECONDS = 2.0  # a hostile pack must not cost much work to refuse (CPU time: the machine may be busy)
MAX_WAIT_SECONDS = 10.0  # an entry that could block (a pipe, a device) must not be waited on
MAX_PEAK_BYTES = 64 * 1024 * 1024

COMMITTED = {
    "python_tag": ("K004", "rules.yaml", 14, 14),
    "custom_tag": ("K004", "rules.yaml", 14, 14),
    "billion_laughs": ("K005", "laughs.yaml", 3, 6),
    "deep_nesting": ("K008", "deep.yaml", 2, 72),
    "long_condition": ("K016", "rules.yaml", 14, 14),
    "nested_parentheses": ("K016", "rules.yaml", 14, 46),
    "python_expression": ("K015", "rules.yaml", 14, 14),
}


def _measured(pack: Path) -> tuple[list[tuple[str, str, int, int]], float, int]:
    """Errors as (code, file, line, col), the CPU time, and the peak of Python allocations.

    Time and memory come from two runs: tracing allocations slows Python down several times.
    """
    check_policy(PACKS / "valid")  # imports and pydantic schemas are not what is measured
    started = time.process_time()
    policy, diagnostics = check_policy(pack)
    elapsed = time.process_time() - started
    tracemalloc.start()
    try:
        check_policy(pack)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert policy is None
    errors = [(d.code, Path(d.pos.file).resolve().relative_to(pack.resolve()).as_posix(), d.pos.line, d.pos.col)
              for d in diagnostics if d.level == "error"]
    for d in diagnostics:
        assert d.message("vi") and d.message("en")
    return errors, elapsed, peak


def test_every_hostile_fixture_has_expectations() -> None:
    assert sorted(p.name for p in HOSTILE.iterdir() if p.is_dir()) == sorted(COMMITTED)


@pytest.mark.parametrize("name", sorted(COMMITTED))
def test_committed_hostile_pack_is_refused(name: str) -> None:
    errors, elapsed, peak = _measured(HOSTILE / name)
    assert errors == [COMMITTED[name]]
    assert elapsed < MAX_CPU_SECONDS
    assert peak < MAX_PEAK_BYTES


def test_python_tag_is_never_constructed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[str] = []
    monkeypatch.setattr(os, "system", lambda command: called.append(command) or 0)
    errors, _, _ = _measured(HOSTILE / "python_tag")
    assert errors and called == []


def _with(tmp_path: Path, name: str, write: Callable[[Path], None]) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(PACKS / "valid", pack)
    write(pack / name)
    return pack


def _huge(path: Path) -> None:
    rule = "  r{i}:\n    kind: flag\n    title: {{vi: Cờ, en: Flag}}\n    cite: x\n    when: workers > {i}\n    says: {{vi: Cờ, en: Flag}}\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("rules:\n")
        i = 0
        while handle.tell() < 3 * 1024 * 1024:
            handle.write(rule.format(i=i))
            i += 1


GENERATED: dict[str, tuple[str, Callable[[Path], None], tuple[str, str, int, int]]] = {
    "three_megabytes": ("big.yaml", _huge, ("K003", "big.yaml", 1, 1)),
    "nul_byte": ("nul.yaml", lambda p: p.write_bytes(b"rules:\n  bad:\n    kind: fl\x00ag\n"), ("K002", "nul.yaml", 3, 13)),
    "invalid_utf8": ("latin.yaml", lambda p: p.write_bytes("rules:\n  x: {title: Lò vòng}\n".encode("latin-1")), ("K002", "latin.yaml", 2, 15)),
    "too_many_elements": ("wide.yaml", lambda p: p.write_text("rules: [" + "1, " * 30_000 + "]\n", encoding="utf-8"),
                          ("K009", "wide.yaml", 1, 15_000)),
    "deep_block_nesting": ("block.yaml", lambda p: p.write_text("".join(" " * i + "k:\n" for i in range(500)), encoding="utf-8"),
                           ("K008", "block.yaml", 65, 65)),
    "second_document": ("two.yaml", lambda p: p.write_text("rules: {}\n---\nrules: {}\n", encoding="utf-8"), ("K001", "two.yaml", 2, 1)),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_hostile_pack_is_refused(tmp_path: Path, name: str) -> None:
    file_name, write, expected = GENERATED[name]
    errors, elapsed, peak = _measured(_with(tmp_path, file_name, write))
    assert errors == [expected]
    assert elapsed < MAX_CPU_SECONDS
    assert peak < MAX_PEAK_BYTES


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_named_as_an_error_never_read(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACKS / "valid", pack)
    os.mkfifo(pack / "tests" / "pipe.yaml")  # opening it for reading would block forever
    started = time.perf_counter()
    policy, diagnostics = check_policy(pack)
    assert policy is None
    assert [(d.code, d.message("en")) for d in diagnostics] == [
        ("K082", f"'{diagnostics[0].pos.file}/pipe.yaml' is a named pipe (FIFO): a pack must be read whole")]
    assert diagnostics[0].pos.file.endswith("tests")
    assert time.perf_counter() - started < MAX_WAIT_SECONDS


@pytest.mark.parametrize(("name", "make", "kind"), [
    ("gone.yaml", lambda p: os.symlink("nowhere.yaml", p), "a symbolic link to nothing"),
    ("loop.yaml", lambda p: os.symlink(p.name, p), "a symbolic link loop"),
    ("zero.yml", lambda p: os.symlink("/dev/zero", p), "a device file"),  # would stream forever
    ("tests", lambda p: (shutil.rmtree(p), os.symlink("missing-tests", p)), "a symbolic link to nothing"),
])
def test_an_entry_that_is_not_a_regular_file_is_an_error_naming_it(tmp_path: Path, name: str,
                                                                   make: Callable[[Path], object], kind: str) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACKS / "valid", pack)
    make(pack / name)
    started = time.perf_counter()
    policy, diagnostics = check_policy(pack)
    assert policy is None
    assert [d.code for d in diagnostics] == ["K082"]
    assert diagnostics[0].message("en") == f"'{diagnostics[0].pos.file}/{name}' is {kind}: a pack must be read whole"
    assert "bộ quy tắc phải đọc được toàn bộ" in diagnostics[0].message("vi")
    assert time.perf_counter() - started < MAX_WAIT_SECONDS


def test_every_bad_entry_is_named_and_nothing_is_loaded(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACKS / "valid", pack)
    os.symlink("nowhere.yaml", pack / "a.yaml")
    os.symlink("b.yaml", pack / "b.yaml")
    policy, diagnostics = check_policy(pack)
    assert policy is None
    assert [(d.code, d.message("en").split("'")[1].rsplit("/", 1)[1]) for d in diagnostics] == [("K082", "a.yaml"), ("K082", "b.yaml")]
