"""What changed between two policy packs, as a flat, ordered list of small edits.

One ``Change`` is one thing a reviewer would tick off: a rule added, one band's points, a
condition rewritten, one dated value of a parameter. Keeping them atomic lets the impact analysis
name exactly which edit moved an applicant's score, and lets a test assert "exactly this edit".
Values are plain JSON data (numbers, strings, ``{"vi", "en"}`` texts, citation dicts), so the
same objects feed the text changelog, the JSON output and the spreadsheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SECTIONS = ("policy", "field", "rule", "parameter")
OPS = ("added", "removed", "changed")
# Rule attributes that only change what is shown or cited, never a decision or a score.
WORDING = frozenset({"title", "description", "cite", "says", "fails", "passes", "reason", "help", "note",
                     "confidence", "version", "jurisdiction", "legal_basis", "last_verified_on"})


@dataclass(frozen=True)
class Change:
    section: str  # policy | field | rule | parameter
    target: str  # the rule, field or parameter id; "policy" for the pack's header
    op: str  # added | removed | changed
    path: tuple[str, ...] = ()  # what inside the target: ("bands", "above 80", "points")
    old: Any = None
    new: Any = None
    cite: dict[str, Any] | None = None  # the source of the new (else the old) rule or value
    kind: str | None = None  # the rule's kind (criterion, gate ...), for rules

    @property
    def key(self) -> str:
        """A stable name for the edit, e.g. ``rule:local_raw_material/bands/above 80/points``."""
        base = f"{self.section}:{self.target}"
        return base + ("/" + "/".join(self.path) if self.path else "")

    @property
    def wording_only(self) -> bool:
        """True when the edit changes a text or a citation and cannot move a score or decision."""
        return bool(self.path) and (self.path[0] in WORDING or self.path[-1] in WORDING)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "section": self.section, "target": self.target, "op": self.op,
                "path": list(self.path), "kind": self.kind, "old": self.old, "new": self.new, "cite": self.cite}


@dataclass
class PackDiff:
    """Every edit from ``old`` to ``new``, in a fixed order: policy, fields, rules, parameters."""

    old: dict[str, Any]  # id, version, sha256, root of each pack
    new: dict[str, Any]
    changes: list[Change] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def of(self, section: str, target: str) -> list[Change]:
        return [c for c in self.changes if c.section == section and c.target == target]

    def by_key(self) -> dict[str, Change]:
        return {c.key: c for c in self.changes}

    def counts(self) -> dict[str, int]:
        out = {op: 0 for op in OPS}
        for c in self.changes:
            out[c.op] += 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "counts": self.counts(),
                "changes": [c.to_json() for c in self.changes]}
