"""Random edits of the default pack: the loader returns diagnostics or a pack that runs, never a crash.

Each example applies a few edits policy staff (or an attacker) could make — delete, duplicate or
swap lines, change a character or a number, rename an id or a key, add a YAML tag, cut a file
short — writes the pack to a temporary folder and checks it. A pack that comes back must compile
in durable-rules and evaluate its own test applicants exactly as the reference evaluator does.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kcscore.applicant import read_record
from kcscore.engine.base import PythonEvaluator
from kcscore.engine.durable import DurableEvaluator
from kcscore.packs import default_pack_path
from kcscore.policy import loader
from kcscore.policy.ir import Policy
from kcscore.policy.loader import check_policy

settings.register_profile("loader-fuzz", max_examples=150, deadline=10_000,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

PACK = default_pack_path()
FILES: dict[str, str] = {p.relative_to(PACK).as_posix(): p.read_text(encoding="utf-8")
                         for p in sorted(PACK.rglob("*.yaml"))}
NAMES = sorted(FILES)
IDENT = re.compile(r"[a-z][a-z0-9_]{2,}")
NUMBER = re.compile(r"\d[\d_]*(?:\.\d+)?")
CHARS = [":", "-", " ", "\t", "[", "]", "{", "}", '"', "'", "#", "&", "*", "!", "|", ">", "%", "@", "`", ",", "\n",
         "0", "9", "x", "é", "ư", "\u200b"]
NUMBERS = ["0", "-1", "1", "50.5", "1e400", "99999999999999999999", "0x1F", "1_000_000_000_000_000", ".5", "nan"]
TAGS = ["!!python/object:os.system ", "!custom ", "!!str ", "!!int ", "!!binary ", "&anchor ", "*alias ", "!!map "]
RENAMES = ["local_materal_share", "points", "kind", "when", "otherwise", "criterion", "x", "policy", "rules", "base", "Ư"]


@dataclass(frozen=True)
class Edit:
    file: str
    op: str
    a: int
    b: int
    choice: int


def _nth(pattern: re.Pattern[str], text: str, n: int) -> re.Match[str] | None:
    found = list(pattern.finditer(text))
    return found[n % len(found)] if found else None


def apply(text: str, edit: Edit) -> str:
    lines = text.split("\n")
    i, j = edit.a % len(lines), edit.b % len(lines)
    if edit.op == "delete":
        del lines[i]
    elif edit.op == "duplicate":
        lines.insert(i, lines[i])
    elif edit.op == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif edit.op == "char":
        at = edit.a % max(len(text), 1)
        return text[:at] + CHARS[edit.choice % len(CHARS)] + text[at + 1:]
    elif edit.op == "number":
        match = _nth(NUMBER, text, edit.a)
        if match:
            return text[: match.start()] + NUMBERS[edit.choice % len(NUMBERS)] + text[match.end():]
    elif edit.op in ("rename_one", "rename_all"):
        match = _nth(IDENT, text, edit.a)
        if match:
            new = RENAMES[edit.choice % len(RENAMES)] if edit.b % 2 else match.group() + "x"
            if edit.op == "rename_one":
                return text[: match.start()] + new + text[match.end():]
            return re.sub(rf"\b{re.escape(match.group())}\b", new, text)
    elif edit.op == "tag":
        colon = [k for k, line in enumerate(lines) if ": " in line]
        if colon:
            k = colon[edit.a % len(colon)]
            head, _, tail = lines[k].partition(": ")
            lines[k] = f"{head}: {TAGS[edit.choice % len(TAGS)]}{tail}"
    elif edit.op == "truncate":
        return text[: edit.a % max(len(text), 1)]
    return "\n".join(lines)


edits = st.builds(Edit, st.sampled_from(NAMES),
                  st.sampled_from(["delete", "duplicate", "swap", "char", "number", "rename_one", "rename_all", "tag", "truncate"]),
                  st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 100))


def _engine_agrees(policy: Policy) -> None:
    engine = DurableEvaluator(policy.conditions)
    reference = PythonEvaluator(policy.conditions)
    for case in policy.cases:
        record, problems, _ = read_record(policy, case.applicant)
        if problems:
            continue
        assert engine.evaluate(record) == reference.evaluate(record), case.case.name


_PARSES: dict[tuple[Any, ...], Any] = {}


@contextlib.contextmanager
def reused_parses() -> Iterator[None]:
    """Parse each distinct file content once: most files are unchanged from one example to the next.

    Parsing is most of a check's time, and the loader never mutates what it read, so handing it
    the same parse again is exactly what it would have computed. Edited files are always new.
    """
    original = loader.read_yaml_file

    def read(path: Path, display: str | None = None, max_nodes: int = 0) -> Any:
        key = (display, path.read_bytes(), max_nodes)
        if key not in _PARSES:
            if len(_PARSES) > 512:
                _PARSES.clear()
            _PARSES[key] = original(path, display, max_nodes)
        return _PARSES[key]

    loader.read_yaml_file = read  # type: ignore[assignment]
    try:
        yield
    finally:
        loader.read_yaml_file = original  # type: ignore[assignment]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings.get_profile("loader-fuzz")
@given(changes=st.lists(edits, min_size=1, max_size=4))
def test_random_edits_give_diagnostics_or_a_working_pack(workdir: Path, changes: list[Edit]) -> None:
    texts = dict(FILES)
    for edit in changes:
        texts[edit.file] = apply(texts[edit.file], edit)
    root = workdir / "pack"
    for name, text in texts.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with reused_parses():
        policy, diagnostics = check_policy(root)
    for d in diagnostics:
        assert d.message("vi") and d.message("en")
        assert d.pos.line >= 1 and d.pos.col >= 1
    if policy is None:
        assert any(d.level == "error" for d in diagnostics)
        event("refused: " + min(d.code for d in diagnostics if d.level == "error"))
    else:
        event("loaded")
        assert all(d.level == "warning" for d in diagnostics)
        _engine_agrees(policy)


def test_the_unedited_pack_loads_and_runs() -> None:
    policy, diagnostics = check_policy(PACK)
    assert policy is not None and diagnostics == []
    _engine_agrees(policy)
