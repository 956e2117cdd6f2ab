"""The default pack's words, read from its YAML files as data for the hand-written floor.

``benchmarks/handfloor.py`` evaluates the default pack (``rules/bac-kan`` on ``rules/national``)
with array expressions written by hand; what it says (titles, the rules' sentences, the fields'
titles and labels, the dated shares and caps with their citations) is read here, once, before the
clock starts, with the YAML library kcscore itself depends on. Nothing of kcscore's assessment is
imported: the point of the floor is to know what the least work for the same bytes is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "rules" / "bac-kan"
BASE = ROOT / "rules" / "national"


def _load(path: Path) -> dict[str, Any]:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")) or {}


def _int(value: Any) -> int:
    """A YAML number written with ``_`` separators (``200_000_000``), whichever YAML version read it."""
    return int(str(value).replace("_", ""))


@dataclass(frozen=True)
class Dated:
    """One value of a dated parameter: in force from ``start`` until the next one starts."""

    start: dt.date
    value: int
    unconfirmed: bool
    cite_short: str


@dataclass
class PackWords:
    fields: dict[str, dict[str, Any]]
    rules: dict[str, dict[str, Any]]
    parameters: dict[str, list[Dated]]
    policy: dict[str, Any]


def _cite_short(cite: dict[str, Any]) -> str:
    return f"{cite['doc']}, {cite['article']}" if cite.get("article") else str(cite["doc"])


def load() -> PackWords:
    """The fields, rules, parameters and policy section of the default pack (both layers)."""
    fields: dict[str, dict[str, Any]] = {}
    rules: dict[str, dict[str, Any]] = {}
    parameters: dict[str, list[Dated]] = {}
    policy: dict[str, Any] = {}
    for folder in (BASE, PACK):
        for path in sorted(folder.glob("*.yaml")):
            data = _load(path)
            fields.update(data.get("fields") or {})
            rules.update(data.get("rules") or {})
            policy.update(data.get("policy") or {})
            for name, spec in (data.get("parameters") or {}).items():
                values = []
                for start, entry in sorted(spec["values"].items(), key=lambda kv: str(kv[0])):
                    day = start if isinstance(start, dt.date) else dt.date.fromisoformat(str(start))
                    cite = entry.get("cite") or {}
                    values.append(Dated(day, _int(entry["value"]), cite.get("confidence") == "unconfirmed",
                                        _cite_short(cite)))
                parameters[name] = values
    return PackWords(fields, rules, parameters, policy)


def vi(text: Any) -> str:
    """The Vietnamese of a ``{vi: …, en: …}`` pair, folded YAML (``>-``) already joined."""
    return str(text["vi"]) if isinstance(text, dict) else str(text)
