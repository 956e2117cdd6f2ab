"""The loaded, checked policy: what every engine, report and command works from.

Conditions are parsed once, de-duplicated into one ``conditions`` table, and each rule part
points into it by index. Engines only ever evaluate that table; what a result *means* (a gate
failing, a band earning points) is decided by the kind units (``kcscore.kinds``) from these
indices, so the durable-rules backend and the vectorised backend cannot disagree about meaning,
only about truth, and that is what the differential tests compare.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kcscore.expr import ast as A
from kcscore.expr.types import FieldType
from kcscore.kinds.registry import is_scored
from kcscore.policy.diagnostics import Pos

if TYPE_CHECKING:  # not at run time: ``kcscore score`` reads a cached pack's plain copies (``policy.plain``)
    from kcscore.policy.model import (
        Bonus,
        Cite,
        Criterion,
        DatedValue,
        Exclusion,
        FieldSpec,
        Flag,
        Gate,
        Parameter,
        Penalty,
        PolicyMeta,
        Support,
        TestCase,
        Text,
    )

    RuleSpec = Gate | Exclusion | Criterion | Bonus | Penalty | Flag | Support


@dataclass(frozen=True)
class Outcome:
    """One band or sum item: the condition index (None = otherwise) and the points it gives."""

    condition: int | None
    points: float
    says: Text | None
    label: str  # the band as written, e.g. "above 80", for docs and coverage
    pos: Pos | None = None


@dataclass
class RuleIR:
    """One compiled rule: its rule-file object, where it was written, and the indexes of its conditions."""

    id: str
    spec: RuleSpec
    pos: Pos
    file: str
    parts: dict[str, int] = field(default_factory=dict)  # applies / require / exempt / when -> condition index
    part_pos: dict[str, Pos] = field(default_factory=dict)
    outcomes: tuple[Outcome, ...] = ()  # bands (first match) or sum items
    fields: tuple[str, ...] = ()
    layer: str = ""  # the folder of the layer that wrote it (``national``, ``bac-kan``); see policy.layers

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def is_sum(self) -> bool:
        return self.kind == "criterion" and self.spec.sum is not None

    @property
    def max_points(self) -> float:
        if self.kind == "bonus":
            return self.spec.points
        if self.kind == "criterion":
            if self.is_sum:
                total = sum(max(o.points, 0) for o in self.outcomes)
                return min(total, self.spec.cap) if self.spec.cap is not None else total
            return max(o.points for o in self.outcomes)
        return 0.0

    @property
    def scored(self) -> bool:
        return is_scored(self.kind)

    @property
    def cite(self) -> Cite:
        return self.spec.cite

    @property
    def title(self) -> Text:
        return self.spec.title


@dataclass
class ParameterIR:
    """One dated parameter: its rule-file object and its values, each with the period it is in force."""

    id: str
    spec: Parameter
    pos: Pos
    periods: tuple[tuple[dt.date, dt.date | None, DatedValue], ...]  # start, inclusive end, value

    def at(self, day: dt.date) -> tuple[DatedValue, dt.date, dt.date | None] | None:
        """The value in force on ``day`` with its period, or None when no value covers it."""
        for start, end, value in self.periods:
            if start <= day and (end is None or day <= end):
                return value, start, end
        return None

    @property
    def coverage(self) -> tuple[dt.date, dt.date | None]:
        return self.periods[0][0], self.periods[-1][1]


@dataclass
class CaseIR:
    """One of the pack's own test cases, with its applicant as written."""

    case: TestCase
    applicant: dict[str, Any]  # with `base` expanded, still raw (as written)
    pos: Pos
    file: str


@dataclass
class Policy:
    """A loaded and checked pack: what every command works from."""

    meta: PolicyMeta
    fields: dict[str, FieldSpec]
    field_types: dict[str, FieldType]
    rules: list[RuleIR]
    parameters: dict[str, ParameterIR]
    conditions: list[A.Node]
    condition_sources: list[str]
    cases: list[CaseIR]
    root: Path
    files: list[Path]
    sha256: str  # of the rule files only: what decides (see files.content_hash)
    positions: dict[str, Pos] = field(default_factory=dict)  # "rules.<id>" etc. -> position
    tests_sha256: str = ""  # of tests/: a test edit never changes the decisions' fingerprint
    layers: tuple[str, ...] = ()  # the folders the pack is composed of, base first (one for a pack without `extends`)

    def rule(self, rule_id: str) -> RuleIR:
        return self._by_id[rule_id]

    def __post_init__(self) -> None:
        self._by_id = {r.id: r for r in self.rules}

    def __getattr__(self, name: str) -> Any:
        """``cases`` read for the first time from a cached pack: ``packcache`` defers them (a third of
        the cache file, which scoring never reads) to ``_cases_later``, called once here."""
        later = self.__dict__.pop("_cases_later", None) if name == "cases" else None
        if later is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self.cases = later()
        return self.cases

    def of_kind(self, *kinds: str) -> list[RuleIR]:
        return [r for r in self.rules if r.kind in kinds]

    @property
    def scored_rules(self) -> list[RuleIR]:
        return [r for r in self.rules if r.scored]

    @property
    def referenced_fields(self) -> list[str]:
        seen: dict[str, None] = {}
        for node in self.conditions:
            for name in A.fields_of(node):
                seen.setdefault(name, None)
        return list(seen)

    def header(self, as_of: dt.date | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.meta.id, "version": self.meta.version, "sha256": self.sha256,
                               "tests_sha256": self.tests_sha256}
        if as_of is not None:
            out["as_of"] = as_of.isoformat()
        return out
