"""Decision records: what a ``score`` or ``rank`` run decided, and everything needed to check it.

An applicant or an inspector who doubts a result should not have to trust the officer's word:
the record names the input file and every rule file by sha256, the pack hash, the versions of
kcscore and durable-rules, the as-of date, the budget and options, and each decision.
``verify`` re-runs from the named files and says exactly what differs: a changed input, a
changed rule file, another version, or a decision that came out differently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kcscore.errors import UserError
from kcscore.assess.result import Assessment
from kcscore.i18n import Message, Spoken
from kcscore.policy.ir import Policy

FORMAT = "kcscore-decision-record"
FORMAT_VERSION = 1
DECISION_KEYS = ("decision", "score", "support_vnd", "funded", "rank", "as_of")


class RecordError(UserError):
    """The record cannot be read or is not a decision record."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def versions() -> dict[str, str]:
    """kcscore's and durable-rules' versions: either can change a result."""
    from importlib.metadata import PackageNotFoundError, version

    from kcscore._version import __version__

    try:
        durable = version("durable-rules")
    except PackageNotFoundError:  # pragma: no cover - durable-rules is a hard dependency
        durable = "?"
    return {"kcscore": __version__, "durable_rules": durable}


def pack_files(folder: Path) -> dict[str, str]:
    """Each rule file of the pack folder and of its base layers (relative name, '/'-separated) and its sha256.

    Read from the folder itself, not from the loaded pack, which the pack cache may share with
    an identical copy elsewhere.
    """
    return {name: sha256_of(path) for name, path in _rule_files(folder).items()}


def _rule_files(folder: Path) -> dict[str, Path]:
    """Every rule file of every layer, named from the pack folder (``../national/gates.yaml``)."""
    from kcscore.policy.layers import all_rule_files, relative_name, resolve_layers

    layers, _ = resolve_layers(folder)
    return {relative_name(p, folder): p for p in all_rule_files(layers)}


def decision_of(a: Assessment) -> dict[str, Any]:
    """The part of an assessment the record keeps and ``verify`` compares."""
    score = a.provisional_score if a.decision == "incomplete" else a.score
    return {"id": a.id, "decision": a.decision, "score": _num(score), "support_vnd": a.recommended_support_vnd,
            "funded": a.funded, "rank": a.rank, "as_of": a.as_of.isoformat()}


def build_record(command: str, input_path: str, pack_path: Path, policy: Policy, options: dict[str, Any],
                 assessments: Iterable[Assessment]) -> dict[str, Any]:
    """The record of one run; ``options`` are the run's settings as given (a date, an amount, names)."""
    path = Path(input_path)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "command": command,
        "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "input": {"path": str(path.resolve()), "sha256": sha256_of(path)},
        "pack": {"path": str(Path(pack_path).resolve()), "id": policy.meta.id, "version": policy.meta.version,
                 "sha256": policy.sha256, "files": pack_files(Path(pack_path))},
        "versions": versions(),
        "options": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in options.items()},
        "decisions": [decision_of(a) for a in assessments],
    }


def write_record(path: Path, record: dict[str, Any]) -> None:
    """Written atomically: a half-written record would fail verification for the wrong reason."""
    from kcscore.fileio import write_text_atomic

    write_text_atomic(path, json.dumps(record, ensure_ascii=False, indent=2) + "\n")


def read_record(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise RecordError("error.cannot_read", path=path, reason=exc.strerror or exc) from None
    except ValueError as exc:
        raise RecordError("error.record.json", path=path, problem=exc) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordError("error.record.not_a_record", path=path)
    if data.get("command") not in ("score", "rank"):
        raise RecordError("error.record.command", path=path, command=data.get("command"))
    return data


@dataclass
class Difference(Spoken):
    """One thing that differs between the record and the re-run: a catalogue code and its parameters."""

    kind: str  # input | pack_file | pack | version | decision
    said: Message


@dataclass
class Verification:
    differences: list[Difference] = field(default_factory=list)
    checked: int = 0  # decisions compared

    @property
    def ok(self) -> bool:
        return not self.differences


def compare_files(record: dict[str, Any], input_path: Path, pack_path: Path) -> list[Difference]:
    """The input file and each rule file against their recorded sha256."""
    out: list[Difference] = []
    if not input_path.is_file():
        out.append(Difference("input", Message("record.input_gone", {"path": input_path})))
    elif sha256_of(input_path) != record["input"]["sha256"]:
        out.append(Difference("input", Message("record.input_changed", {"path": input_path})))
    recorded: dict[str, str] = record["pack"]["files"]
    present = _rule_files(pack_path)
    for name, digest in recorded.items():
        if name not in present:
            out.append(Difference("pack_file", Message("record.rule_file_gone", {"name": name})))
        elif sha256_of(present[name]) != digest:
            out.append(Difference("pack_file", Message("record.rule_file_changed", {"name": name})))
    for name in present:
        if name not in recorded:
            out.append(Difference("pack_file", Message("record.rule_file_new", {"name": name})))
    return out


def compare_versions(record: dict[str, Any]) -> list[Difference]:
    out = []
    now = versions()
    for name, was in record.get("versions", {}).items():
        if now.get(name) != was:
            out.append(Difference("version", Message("record.version", {"name": name, "was": was, "now": now.get(name)})))
    return out


def compare_decisions(recorded: list[dict[str, Any]], now: list[dict[str, Any]]) -> list[Difference]:
    """Each applicant's decision, score, support, funding and rank, matched by id."""
    out = []
    by_id = {d["id"]: d for d in now}
    for old in recorded:
        new = by_id.pop(old["id"], None)
        if new is None:
            out.append(Difference("decision", Message("record.not_assessed", {"id": old["id"]})))
            continue
        changed = [f"{k}: {old.get(k)!r} → {new.get(k)!r}" for k in DECISION_KEYS if old.get(k) != new.get(k)]
        if changed:
            out.append(Difference("decision", Message("record.decision", {"id": old["id"], "changes": "; ".join(changed)})))
    for new_id in by_id:
        out.append(Difference("decision", Message("record.not_recorded", {"id": new_id})))
    return out


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 6)
