"""Compare two band tables (or two lists of sum items) line by line.

Lines are matched by their condition's meaning, so editing one band's points is one change and
not "a band removed, a band added". A line whose condition changed is matched with the line at
the same place when both use the same kind of condition (``above 80`` → ``above 75``); anything
left over was added or removed. Bands are read first-match, so a reordering is reported too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kcscore.policy.model import Band, SumItem
from kcscore.policy.rules import band_label
from kcscore.policydiff.values import canonical, plain, written


@dataclass(frozen=True)
class Line:
    """One band or sum item: what it matches on, how it is shown, and what it gives."""

    match: str  # the condition's meaning
    label: str  # the condition as written: "above 80", "when highland_border", "otherwise"
    key: str  # the kind of condition: above, at_least, is, when, otherwise ...
    points: Any
    says: Any


def lines_of(items: tuple[Band, ...] | tuple[SumItem, ...] | None) -> list[Line]:
    out: list[Line] = []
    for item in items or ():
        if isinstance(item, SumItem):
            out.append(Line(f"when {canonical(item.when)}", f"when {written(item.when)}", "when",
                            plain(item.points), plain(item.says)))
            continue
        key = item.condition_key
        if key == "when":
            match, label = f"when {canonical(item.when)}", f"when {written(item.when)}"
        else:
            match = label = band_label(item)
        out.append(Line(match, label, key, plain(item.award), plain(item.says)))
    return out


@dataclass(frozen=True)
class LineChange:
    op: str  # added | removed | changed
    path: tuple[str, ...]  # (label,) or (label, attribute); ("order",) for a reordering
    old: Any = None
    new: Any = None


def _summary(line: Line) -> dict[str, Any]:
    return {"condition": line.label, "points": line.points}


def diff_lines(old: list[Line], new: list[Line]) -> list[LineChange]:
    pairs: dict[int, int] = {}
    used: set[int] = set()
    first_new = {}
    for j, line in enumerate(new):
        first_new.setdefault(line.match, j)
    for i, line in enumerate(old):
        j = first_new.get(line.match)
        if j is not None and j not in used:
            pairs[i] = j
            used.add(j)
    for i, line in enumerate(old):  # same place, same kind of condition: the condition was edited
        if i not in pairs and i < len(new) and i not in used and new[i].key == line.key:
            pairs[i] = i
            used.add(i)

    out: list[LineChange] = []
    for i, before in enumerate(old):
        if i not in pairs:
            out.append(LineChange("removed", (before.label,), _summary(before), None))
            continue
        after = new[pairs[i]]
        if before.match != after.match:
            out.append(LineChange("changed", (after.label, "condition"), before.label, after.label))
        if before.points != after.points:
            out.append(LineChange("changed", (after.label, "points"), before.points, after.points))
        if before.says != after.says:
            out.append(LineChange("changed", (after.label, "says"), before.says, after.says))
    for j, after in enumerate(new):
        if j not in used:
            out.append(LineChange("added", (after.label,), None, _summary(after)))
    order = [pairs[i] for i in sorted(pairs)]
    if order != sorted(order):
        out.append(LineChange("changed", ("order",), [old[i].label for i in sorted(pairs)],
                              [new[j].label for j in sorted(order)]))
    return out
