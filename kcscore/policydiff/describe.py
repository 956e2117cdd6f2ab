"""One line of changelog per edit, as policy staff read it.

``describe`` gives the full line (``~ local_raw_material: mức 'above 80' 14 → 16 điểm (Thông tư
46/2012/TT-BCT, Điều 6.2.b)``); ``cause_label`` gives the short name an impact table uses to say
which edit moved a score. Conditions are shown as written; texts in the chosen language.
"""

from __future__ import annotations

from typing import Any

from kcscore.wording.format import number
from kcscore.i18n import render
from kcscore.policydiff.labels import ATTR, CONFIDENCE, KIND, W, lang_of
from kcscore.policydiff.model import Change
from kcscore.output.write_labels import cite_text

SYMBOL = {"added": "+", "removed": "-", "changed": "~"}
_LINES = {"bands": "band", "sum": "item"}


def value_text(value: Any, lang: str) -> str:
    """A plain value from a ``Change`` as text: numbers grouped, texts in ``lang``, cites short."""
    w = W[lang]
    if value is None:
        return w["blank"]
    if isinstance(value, bool):
        return render("format.yes" if value else "format.no", lang)
    if isinstance(value, (int, float)):
        return number(value, lang)
    if isinstance(value, dict):
        if set(value) >= {"vi", "en"}:
            return f'"{value[lang]}"'
        if "doc" in value:
            return cite_line(value, lang)
        if "criterion" in value or "field" in value:
            return f"{value.get('criterion') or value.get('field')} ({value.get('order', 'desc')})"
        if "condition" in value:
            return f"'{value['condition']}' {points_text(value.get('points'), lang)}"
        return ", ".join(f"{k}: {value_text(v, lang)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(value_text(v, lang) for v in value) if value else w["blank"]
    return str(value)


def points_text(points: Any, lang: str) -> str:
    return f"{value_text(points, lang)} {W[lang]['pts']}"


def cite_line(cite: dict[str, Any] | None, lang: str, note: bool = True) -> str:
    """``doc, article`` with the note, and the confidence when it is not a read source."""
    if not cite:
        return ""
    text = cite_text(cite)
    extras = [cite["note"]] if note and cite.get("note") else []
    if cite.get("confidence", "read") != "read":
        extras.append(CONFIDENCE[lang][cite["confidence"]])
    return text + (f"; {'; '.join(extras)}" if extras else "")


def cite_change(old: dict[str, Any], new: dict[str, Any], lang: str) -> str:
    """Only the parts of a citation that changed: the document, its note, its confidence."""
    a = ATTR[lang]
    parts = []
    if cite_text(old) != cite_text(new) or old.get("url") != new.get("url"):
        parts.append(f"{a['cite']}: {cite_text(old)} → {cite_text(new)}")
    if old.get("note") != new.get("note"):
        notes = f"{value_text(old.get('note'), lang)} → {value_text(new.get('note'), lang)}"
        parts.append(f"{a['cite']}, {a['note']}: {notes}")
    before, after = old.get("confidence", "read"), new.get("confidence", "read")
    if before != after:
        parts.append(f"{a['cite']}, {a['confidence']}: {CONFIDENCE[lang][before]} → {CONFIDENCE[lang][after]}")
    return "; ".join(parts)


def _was(change: Change, lang: str) -> str:
    if change.op == "added":
        return value_text(change.new, lang)
    if change.op == "removed":
        return f"{value_text(change.old, lang)} → {W[lang]['blank']}"
    return f"{value_text(change.old, lang)} → {value_text(change.new, lang)}"


def _rule_added(change: Change, lang: str) -> str:
    summary = change.old if change.op == "removed" else change.new
    w = W[lang]
    parts = [f"({KIND[lang].get(summary['kind'], summary['kind'])}) {value_text(summary['title'], lang)}"]
    for name, text in summary.get("conditions", {}).items():
        parts.append(f"{ATTR[lang][name]} {text}")
    lines = summary.get("bands") or summary.get("sum") or []
    if lines:
        parts.append("; ".join(value_text(line, lang) for line in lines))
    if "max_points" in summary:
        parts.append(w["max_pts"].format(p=value_text(summary["max_points"], lang)))
    for name in ("share", "cap"):
        if name in summary:
            parts.append(f"{ATTR[lang][name]} {value_text(summary[name], lang)}")
    return ": ".join(parts[:1]) + (" — " + ", ".join(parts[1:]) if parts[1:] else "")


def _rule(change: Change, lang: str) -> str:
    w, path = W[lang], change.path
    if not path:
        return _rule_added(change, lang)
    if path[0] in _LINES:
        word = w[_LINES[path[0]]]
        if path[1:] == ("order",):
            return f"{w['order']}: {_was(change, lang)}"
        label = path[1]
        if len(path) == 2:
            line = change.new if change.op == "added" else change.old
            verb = w["add_band"] if change.op == "added" else w["drop_band"]
            return f"{verb} {word} '{label}' {points_text(line['points'], lang)}"
        if path[2] == "points":
            return f"{word} '{label}' {value_text(change.old, lang)} → {points_text(change.new, lang)}"
        if path[2] == "condition":
            return f"{word} '{change.old}' → '{change.new}'"
        return f"{ATTR[lang].get(path[2], path[2])} ({word} '{label}'): {value_text(change.new, lang)}"
    name = path[0]
    if name == "cite" and change.op == "changed":
        return cite_change(change.old, change.new, lang)
    if name in ("says", "fails", "passes", "reason", "description") and change.op == "changed":
        return f"{ATTR[lang][name]} → {value_text(change.new, lang)}"
    return f"{ATTR[lang].get(name, name)}: {_was(change, lang)}"


def _parameter(change: Change, lang: str) -> str:
    path = change.path
    if not path:
        summary = change.new if change.op == "added" else change.old
        values = "; ".join(f"{day} → {value_text(v['value'], lang)}" for day, v in summary["values"].items())
        return f"{value_text(summary['title'], lang)}: {values}"
    if path[0] != "values":
        return f"{ATTR[lang].get(path[0], path[0])}: {_was(change, lang)}"
    day = path[1]
    if len(path) == 2:
        entry = change.new if change.op == "added" else change.old
        until = f" ({ATTR[lang]['until']} {entry['until']})" if entry.get("until") else ""
        return f"{day} → {value_text(entry['value'], lang)}{until}"
    if path[2] == "date":
        return f"{ATTR[lang]['date']} {change.old} → {change.new}"
    if path[2] == "confidence":
        return f"{day}, {ATTR[lang]['confidence']}: {CONFIDENCE[lang].get(change.old, change.old)} → " \
               f"{CONFIDENCE[lang].get(change.new, change.new)}"
    return f"{day}, {ATTR[lang].get(path[2], path[2])}: {_was(change, lang)}"


def describe(change: Change, lang: str = "vi") -> str:
    """The changelog line of one edit, with its source in brackets where it has one."""
    lang = lang_of(lang)
    w = W[lang]
    sym = SYMBOL[change.op]
    if change.section == "policy":
        return f"{sym} {ATTR[lang].get(change.path[0], change.path[0])}: {_was(change, lang)}"
    if change.section == "field":
        if not change.path:
            summary = change.new if change.op == "added" else change.old
            return f"{sym} {w['field']} {change.target} ({summary['type']}) {value_text(summary['title'], lang)}"
        if change.path[0] == "values":
            what = f"'{change.path[1]}'" + (f", {ATTR[lang][change.path[2]]}" if len(change.path) > 2 else "")
            return f"{sym} {w['field']} {change.target}: {w['value_of']} {what}: {_was(change, lang)}"
        name = ATTR[lang].get(change.path[0], change.path[0])
        return f"{sym} {w['field']} {change.target}: {name}: {_was(change, lang)}"
    if change.section == "parameter":
        tail = f" ({cite_line(change.cite, lang, note=False)})" if change.cite and change.path[-1:] != ("cite",) else ""
        return f"{sym} {w['parameter']} {change.target}: {_parameter(change, lang)}{tail}"
    tail = f" ({cite_line(change.cite, lang, note=False)})" if change.cite and change.path[:1] != ("cite",) else ""
    return f"{sym} {change.target}: {_rule(change, lang)}{tail}"


def cause_label(change: Change, lang: str = "vi") -> str:
    """A short name for an edit, used where an impact line says what caused it."""
    lang = lang_of(lang)
    w, path, sym = W[lang], change.path, SYMBOL[change.op]
    if change.section == "policy":
        return f"~ {ATTR[lang].get(path[0], path[0])}"
    prefix = {"field": f"{w['field']} ", "parameter": f"{w['parameter']} "}.get(change.section, "")
    head = f"{sym} {prefix}{change.target}"
    if not path:
        return head
    if path[0] in _LINES and len(path) >= 2 and path[1] != "order":
        return f"{head} '{path[1]}'"
    if path[0] == "values" and len(path) >= 2:
        return f"{head} {path[1]}"
    return f"{head}: {ATTR[lang].get(path[0], path[0])}"
