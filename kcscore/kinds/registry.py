"""Every rule kind, by name. To add a kind: write its unit (see ``gate.py``), list it here, and
give its rule-file shape in ``policy/model.py`` (docs/architecture.md, "Adding a rule kind")."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from kcscore.kinds import bonus, criterion, exclusion, flag, gate, penalty, support
from kcscore.kinds.base import Kind

KINDS: dict[str, Kind] = {unit.KIND.name: unit.KIND for unit in (gate, exclusion, criterion, bonus, penalty, flag, support)}
RULE_KINDS: tuple[str, ...] = tuple(KINDS)


class HasKind(Protocol):
    @property
    def kind(self) -> str: ...


R = TypeVar("R", bound=HasKind)


def kind_of(name: str) -> Kind:
    return KINDS[name]


def order(name: str) -> int:
    """Where findings of this kind sort: conditions first, then points, flags, support."""
    return KINDS[name].order


def is_scored(name: str) -> bool:
    return KINDS[name].scored


def earns(name: str) -> bool:
    return KINDS[name].earns


def decides(name: str) -> bool:
    return KINDS[name].decides


def names(test: str) -> tuple[str, ...]:
    """The kinds for which the attribute ``test`` (``scored``, ``decides`` …) is true, in order."""
    return tuple(k.name for k in KINDS.values() if getattr(k, test))


def per_rule(rules: Iterable[R]) -> list[R]:
    """Rules decided one by one (every kind with an outcome), sorted by kind order, stable."""
    return sorted((r for r in rules if KINDS[r.kind].outcome is not None), key=lambda r: KINDS[r.kind].order)
