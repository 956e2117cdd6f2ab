"""What changed between two loaded packs: header, fields, rules and dated parameter values.

Both packs have already been loaded and checked, so this only compares meanings: conditions by
their parsed form, numbers as numbers, band tables line by line (``kcscore.policydiff.bands``).
The order is fixed (policy, fields, rules by kind then pack order, parameters), so the same two
packs always give the same changelog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kcscore.kinds.registry import order
from kcscore.policy.ir import ParameterIR, Policy, RuleIR
from kcscore.policy.model import DatedValue, FieldSpec, PolicyMeta
from kcscore.policydiff.bands import diff_lines, lines_of
from kcscore.policydiff.model import Change, PackDiff
from kcscore.policydiff.values import canonical, cite_of, plain, written

CONDITIONS = ("applies", "require", "exempt", "when")
RULE_ATTRS = ("kind", "title", "description", "cite", "applies", "require", "exempt", "when", "input", "monotonic",
              "group", "points", "bands", "sum", "cap", "share", "cost_field", "requested_field", "level", "says",
              "fails", "passes", "reason")
FIELD_ATTRS = ("type", "title", "header", "aliases", "unit", "min", "min_exclusive", "max", "required", "unique",
               "max_length", "help", "actionable")
META_ATTRS = ("version", "title", "jurisdiction", "currency", "max_score", "legal_basis", "description",
              "last_verified_on", "valid_from", "valid_until")


def diff_packs(old: Policy, new: Policy) -> PackDiff:
    """Every edit that turns ``old`` into ``new``; empty when the two mean the same."""
    changes = [*_meta(old.meta, new.meta), *_fields(old.fields, new.fields), *_rules(old, new),
               *_parameters(old.parameters, new.parameters)]
    return PackDiff(header(old), header(new), changes)


def header(policy: Policy) -> dict[str, Any]:
    return {"id": policy.meta.id, "version": policy.meta.version, "sha256": policy.sha256,
            "tests_sha256": policy.tests_sha256, "root": _shown(policy.root)}


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _op(old: Any, new: Any) -> str:
    """An attribute that appears is added, one that goes is removed; anything else changed."""
    return "added" if old is None else "removed" if new is None else "changed"


def _ids(old: Iterable[str], new: Iterable[str]) -> list[str]:
    """Ids of the old pack in its order, then the ids only the new pack has, in its order."""
    seen = dict.fromkeys(old)
    return list(seen) + [i for i in new if i not in seen]


# -- policy header -------------------------------------------------------------------------------
def _tie_breaks(meta: PolicyMeta) -> list[dict[str, Any]]:
    return [plain(t) for t in meta.ranking.tie_breaks]


def _meta(old: PolicyMeta, new: PolicyMeta) -> list[Change]:
    pairs = [(a, getattr(old, a), getattr(new, a)) for a in META_ATTRS]
    pairs.append(("tie_breaks", _tie_breaks(old), _tie_breaks(new)))
    pairs.append(("when_not_fit", old.budget.when_not_fit, new.budget.when_not_fit))
    return [Change("policy", "policy", _op(plain(a), plain(b)), (name,), plain(a), plain(b))
            for name, a, b in pairs if plain(a) != plain(b)]


# -- fields ----------------------------------------------------------------------------------------
def _field_summary(spec: FieldSpec) -> dict[str, Any]:
    out = {"type": spec.type, "title": plain(spec.title), "header": spec.header}
    if spec.values:
        out["values"] = list(spec.values)
    return out


def _fields(old: dict[str, FieldSpec], new: dict[str, FieldSpec]) -> list[Change]:
    out: list[Change] = []
    for fid in _ids(old, new):
        a, b = old.get(fid), new.get(fid)
        if a is None or b is None:
            op = "added" if a is None else "removed"
            out.append(Change("field", fid, op, (), None if a is None else _field_summary(a),
                              None if b is None else _field_summary(b)))
            continue
        for name in FIELD_ATTRS:
            x, y = plain(getattr(a, name)), plain(getattr(b, name))
            if x != y:
                out.append(Change("field", fid, _op(x, y), (name,), x, y))
        for value in _ids(a.values, b.values):
            x, y = a.values.get(value), b.values.get(value)
            if x is None or y is None:
                out.append(Change("field", fid, "added" if x is None else "removed", ("values", value),
                                  plain(x), plain(y)))
                continue
            for name in ("vi", "en", "aliases"):
                if plain(getattr(x, name)) != plain(getattr(y, name)):
                    out.append(Change("field", fid, "changed", ("values", value, name),
                                      plain(getattr(x, name)), plain(getattr(y, name))))
    return out


# -- rules -----------------------------------------------------------------------------------------
def rule_summary(rule: RuleIR) -> dict[str, Any]:
    """A rule in a few lines: kind, title, what it asks, what it gives. Shown for added/removed rules."""
    spec = rule.spec
    out: dict[str, Any] = {"kind": rule.kind, "title": plain(spec.title)}
    conditions = {name: written(getattr(spec, name, None)) for name in CONDITIONS if getattr(spec, name, None)}
    if conditions:
        out["conditions"] = conditions
    if getattr(spec, "input", None):
        out["input"] = spec.input  # type: ignore[union-attr]
    for name in ("bands", "sum"):
        lines = lines_of(getattr(spec, name, None))
        if lines:
            out[name] = [{"condition": line.label, "points": line.points} for line in lines]
    for name in ("points", "cap", "share"):
        if getattr(spec, name, None) is not None:
            out[name] = plain(getattr(spec, name))
    if rule.scored:
        out["max_points"] = plain(rule.max_points)
    return out


def _rule_order(old: Policy, new: Policy) -> list[str]:
    place = {rid: i for i, rid in enumerate(_ids((r.id for r in old.rules), (r.id for r in new.rules)))}
    kinds = {r.id: r.kind for r in old.rules} | {r.id: r.kind for r in new.rules}
    return sorted(place, key=lambda rid: (order(kinds[rid]), place[rid]))


def _rules(old: Policy, new: Policy) -> list[Change]:
    before = {r.id: r for r in old.rules}
    after = {r.id: r for r in new.rules}
    out: list[Change] = []
    for rid in _rule_order(old, new):
        a, b = before.get(rid), after.get(rid)
        if a is None or b is None:
            rule = b if a is None else a
            assert rule is not None
            op = "added" if a is None else "removed"
            summary = rule_summary(rule)
            out.append(Change("rule", rid, op, (), None if a is None else summary, None if b is None else summary,
                              cite_of(rule.spec), rule.kind))
            continue
        out.extend(_rule_changes(a, b))
    return out


def _rule_changes(a: RuleIR, b: RuleIR) -> list[Change]:
    out: list[Change] = []
    cite = cite_of(b.spec)

    def add(op: str, path: tuple[str, ...], x: Any, y: Any) -> None:
        out.append(Change("rule", b.id, op, path, x, y, cite, b.kind))

    for name in RULE_ATTRS:
        x, y = getattr(a.spec, name, None), getattr(b.spec, name, None)
        if name in ("bands", "sum"):
            for line in diff_lines(lines_of(x), lines_of(y)):
                add(line.op, (name, *line.path), line.old, line.new)
        elif name in CONDITIONS:
            if canonical(x) != canonical(y):
                add(_op(x, y), (name,), written(x), written(y))
        elif plain(x) != plain(y):
            add(_op(x, y), (name,), plain(x), plain(y))
    return out


# -- parameters ------------------------------------------------------------------------------------
def _entry(value: DatedValue) -> dict[str, Any]:
    return plain({"value": value.value, "until": value.until, "cite": value.cite, "note": value.note})


def _entry_parts(value: DatedValue) -> dict[str, Any]:
    cite = plain(value.cite)
    confidence = cite.pop("confidence", "read")
    return {"value": plain(value.value), "until": plain(value.until), "cite": cite, "confidence": confidence,
            "note": value.note}


def _parameters(old: dict[str, ParameterIR], new: dict[str, ParameterIR]) -> list[Change]:
    out: list[Change] = []
    for pid in _ids(old, new):
        a, b = old.get(pid), new.get(pid)
        if a is None or b is None:
            p = b if a is None else a
            assert p is not None
            summary = {"title": plain(p.spec.title), "unit": p.spec.unit,
                       "values": {d.isoformat(): _entry(v) for d, v in sorted(p.spec.values.items())}}
            out.append(Change("parameter", pid, "added" if a is None else "removed", (),
                              None if a is None else summary, None if b is None else summary))
            continue
        for name in ("title", "unit"):
            x, y = plain(getattr(a.spec, name)), plain(getattr(b.spec, name))
            if x != y:
                out.append(Change("parameter", pid, "changed", (name,), x, y))
        out.extend(_dated(pid, a.spec.values, b.spec.values))
    return out


def _dated(pid: str, old: dict[dt.date, DatedValue], new: dict[dt.date, DatedValue]) -> list[Change]:
    """Dated values matched by start date; a value that only moved its date is one change."""
    gone = sorted(d for d in old if d not in new)
    fresh = sorted(d for d in new if d not in old)
    moved: dict[dt.date, dt.date] = {}  # new date -> old date
    for d in fresh:
        for o in gone:
            if o not in moved.values() and old[o].value == new[d].value and old[o].cite.doc == new[d].cite.doc:
                moved[d] = o
                break
    out: list[Change] = []
    for day in sorted(set(old) | set(new)):
        if day in new and (day in old or day in moved):
            before_day = day if day in old else moved[day]
            cite = plain(new[day].cite)
            if before_day != day:
                out.append(Change("parameter", pid, "changed", ("values", day.isoformat(), "date"),
                                  before_day.isoformat(), day.isoformat(), cite))
            x, y = _entry_parts(old[before_day]), _entry_parts(new[day])
            for name in ("value", "until", "cite", "confidence", "note"):
                if x[name] != y[name]:
                    out.append(Change("parameter", pid, _op(x[name], y[name]), ("values", day.isoformat(), name),
                                      x[name], y[name], cite))
        elif day in new:
            out.append(Change("parameter", pid, "added", ("values", day.isoformat()), None, _entry(new[day]),
                              plain(new[day].cite)))
        elif day not in moved.values():
            out.append(Change("parameter", pid, "removed", ("values", day.isoformat()), _entry(old[day]), None,
                              plain(old[day].cite)))
    return out
