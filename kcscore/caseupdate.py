"""``rules test --update``: after a deliberate change to a pack, accept its cases' new outcomes.

Like a snapshot tool: every expectation that no longer holds is shown as old → new with the rule
that moved, and the accepted values are written back into the test files.

The write is a *surgical text edit*: each old value is replaced at the line and column the YAML
reader recorded for it, and nothing else in the file is touched. A round-trip dump (ruamel's
``typ="rt"``) would also keep comments, but it re-emits every line: long flow mappings are
re-wrapped at its line width, quoting and spacing are normalised, and comment columns can move,
so a one-number change could show as a diff of dozens of lines. Replacing the exact span keeps the
diff to the changed values, byte for byte, which is what a reviewer of a pack wants to read.

A case that errors (its applicant cannot be read, its assessment fails) is never touched, only
listed; nor is a case with a value that cannot be written in place (an expected rule that no
longer scores, a list written in block style). A number in a case's name or note that is neither
one of its applicant's values nor one of its new expected numbers is flagged, not rewritten:
only a person can reword a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kcscore.assess.result import Assessment
from kcscore.packtest import CaseResult, Mismatch
from kcscore.policy.diagnostics import Pos
from kcscore.policy.yamlsource import Located, read_yaml_file

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
_UNIT = re.compile(r"\s*(?:%|tỷ\b|triệu\b|tr\b|million\b|billion\b|đ\b|VND\b)", re.IGNORECASE)
_RESULT = re.compile(r"(?:\b(?:gives?|gets?|earns?|scores?|cho|được|đạt)\s+(?:the\s+|a\s+)?)(\d+(?:[.,]\d+)?)(?![\d%.,])"
                     r"|\((\d+(?:[.,]\d+)?)\)|(\d+(?:[.,]\d+)?)\s*(?:điểm|points?\b)", re.IGNORECASE)


@dataclass
class Change:
    """One expectation: ``what`` as in the test report (``score``, ``points.area_priority``)."""

    what: str
    old: Any
    new: Any
    why: list[str]  # rule ids (with the band reached), field ids, or the support rule
    pos: Pos | None = None  # where the old value is written


@dataclass
class CaseUpdate:
    result: CaseResult
    changes: list[Change]
    stale: list[tuple[str, str]] = field(default_factory=list)  # ("name" | "note", the number)
    blocked: tuple[str, str] | None = None  # (vi, en): why the case cannot be rewritten in place

    @property
    def name(self) -> str:
        return self.result.case.case.name


@dataclass
class UpdatePlan:
    files: dict[str, list[CaseUpdate]]  # test file (as shown) -> cases to rewrite, in file order
    errors: list[CaseResult]  # cases that could not be assessed: never touched
    blocked: list[CaseUpdate]  # cases whose new values cannot be written in place

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.files.values())


# -- why ----------------------------------------------------------------------------------------
def _scored(a: Assessment) -> dict[str, tuple[float, str | None]]:
    return {f.rule: (f.points or 0.0, f.band) for f in a.findings if f.points is not None}


def _moved(results: Iterable[CaseResult]) -> dict[tuple[str, str | None], tuple[Any, Any]]:
    """(rule, band now reached) -> (old points, new points), from every case that names the rule.

    The pack's cases exercise every band, so a case that only states a score can be explained
    by the bands other cases saw move."""
    out: dict[tuple[str, str | None], tuple[Any, Any]] = {}
    for r in results:
        if r.assessment is None:
            continue
        scored = _scored(r.assessment)
        for m in r.mismatches:
            if m.what.startswith("points.") and m.got is not None:
                rule = m.what.split(".", 1)[1]
                out.setdefault((rule, scored.get(rule, (0.0, None))[1]), (m.expected, m.got))
    return out


def _band(rule: str, band: str | None) -> str:
    return f"{rule} [{band}]" if band else rule


def _why(m: Mismatch, a: Assessment, moved: dict[tuple[str, str | None], tuple[Any, Any]], case_points: list[str]) -> list[str]:
    scored = _scored(a)
    if m.what.startswith("points."):
        rule = m.what.split(".", 1)[1]
        return [_band(rule, scored.get(rule, (0.0, None))[1])]
    if m.what == "score":
        reached = [(rule, band) for rule, (_, band) in scored.items() if (rule, band) in moved]
        rules = list(dict.fromkeys([*case_points, *(r for r, _ in reached)]))
        out = [_band(r, scored.get(r, (0.0, None))[1]) for r in rules]
        if not out and a.decision != "eligible":
            out = list(a.reasons) or list(a.missing)
        return out
    if m.what == "decision":
        return list(a.reasons) or list(a.missing) or [f for f in case_points]
    if m.what in ("support", "support_set_by"):
        s = a.support
        return [x for x in (s.rule if s else None, f"set_by={s.set_by}" if s and s.set_by else None) if x]
    old, new = set(m.expected or ()), set(m.got or ())
    return sorted(old ^ new)


# -- where --------------------------------------------------------------------------------------
def _case_index(located: Located, pos: Pos) -> int | None:
    cases = located.data.get("cases") if isinstance(located.data, dict) else None
    for i in range(len(cases) if isinstance(cases, list) else 0):
        at = located.positions.get(("cases", i))
        if at is not None and (at.line, at.col) == (pos.line, pos.col):
            return i
    return None


def _value_path(what: str) -> tuple[str, ...]:
    return ("points", what.split(".", 1)[1]) if what.startswith("points.") else (what,)


# -- numbers in names ---------------------------------------------------------------------------
def _num_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _stale_numbers(update: CaseUpdate, expected: dict[str, Any]) -> list[tuple[str, str]]:
    """Numbers a name or note states as a result that the new expectations no longer hold.

    A number is read as a stated result when it is an old value of a changed expectation, or
    when it is written as one ("gives 6", "cho 6", "(6)", "6 điểm", "6 points"); thresholds and
    inputs ("65 %", "50 workers", "Điều 6.2") are neither, so they are never flagged."""
    case = update.result.case
    numeric = (int, float)
    inputs = {_num_text(v) for v in case.applicant.values() if isinstance(v, numeric) and not isinstance(v, bool)}
    holds = {_num_text(v) for v in expected.values() if isinstance(v, numeric) and not isinstance(v, bool)}
    olds = {_num_text(c.old) for c in update.changes if isinstance(c.old, numeric) and not isinstance(c.old, bool)}
    out: list[tuple[str, str]] = []
    for where, text in (("name", case.case.name), ("note", case.case.note or "")):
        stated = {m.group(1) or m.group(2) or m.group(3) for m in _RESULT.finditer(text)}
        for match in _NUMBER.finditer(text):
            number = match.group()
            plain = number.replace(",", ".")
            plain = plain[:-2] if plain.endswith(".0") else plain
            if _UNIT.match(text, match.end()):
                continue  # a share or an amount ("65 %", "80 tỷ"), not a stated result
            if (plain in olds or number in stated) and plain not in holds and plain not in inputs \
                    and (where, number) not in out:
                out.append((where, number))
    return out


def _new_expectations(case: CaseResult, changes: list[Change]) -> dict[str, Any]:
    e = case.case.case.expect
    values: dict[str, Any] = {"score": e.score, "support": e.support}
    values.update({f"points.{k}": v for k, v in e.points.items()})
    values.update({c.what: c.new for c in changes})
    return values


# -- planning -----------------------------------------------------------------------------------
def plan_updates(results: list[CaseResult], read: Callable[[str], Located | None] | None = None) -> UpdatePlan:
    """What ``--update`` would write: every failing case's new values, where and why."""
    read = read or _reader()
    moved = _moved(results)
    plan = UpdatePlan({}, [], [])
    for r in results:
        if r.error is not None or r.assessment is None:
            if not r.passed:
                plan.errors.append(r)
            continue
        if not r.mismatches:
            continue
        case_points = [m.what.split(".", 1)[1] for m in r.mismatches if m.what.startswith("points.")]
        changes = [Change(m.what, m.expected, m.got, _why(m, r.assessment, moved, case_points)) for m in r.mismatches]
        update = CaseUpdate(r, changes)
        update.blocked = _locate(update, read(r.case.file))
        if update.blocked is None:
            update.stale = _stale_numbers(update, _new_expectations(r, changes))
            plan.files.setdefault(r.case.file, []).append(update)
        else:
            plan.blocked.append(update)
    return plan


def _reader() -> Callable[[str], Located | None]:
    cache: dict[str, Located | None] = {}

    def read(file: str) -> Located | None:
        if file not in cache:
            cache[file] = read_yaml_file(Path(file), file)[0]
        return cache[file]
    return read


def _locate(update: CaseUpdate, located: Located | None) -> tuple[str, str] | None:
    """Fill in each change's position; the reason it cannot be written in place, if any."""
    index = _case_index(located, update.result.case.pos) if located is not None else None
    if located is None or index is None:
        return ("không tìm thấy ca trong tệp (tệp đã đổi?)", "the case is no longer where it was read (file changed?)")
    for change in update.changes:
        if change.new is None:
            return (f"{change.what}: quy tắc không còn cho điểm", f"{change.what}: the rule no longer scores")
        pos = located.positions.get(("cases", index, "expect", *_value_path(change.what)))
        if pos is None:
            return (f"không tìm thấy {change.what}", f"{change.what} not found")
        if isinstance(change.old, (list, tuple)) and located.lines[pos.line - 1][pos.col - 1: pos.col] != "[":
            return (f"{change.what}: danh sách viết dạng khối, cần sửa tay",
                    f"{change.what}: a block-style list, edit it by hand")
        change.pos = pos
    return None


# -- writing ------------------------------------------------------------------------------------
def yaml_value(value: Any) -> str:
    """The new value as YAML text: whole numbers without ``.0``, lists in flow style."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return text if re.fullmatch(r"[A-Za-z_][\w.-]*", text) else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow_end(line: str, start: int) -> int:
    """Index just past the ``]`` closing the flow list that opens at ``start``."""
    depth, quote = 0, ""
    for i in range(start, len(line)):
        ch = line[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i + 1
    raise ValueError("unclosed flow list")


def rewrite(text: str, updates: list[CaseUpdate]) -> str:
    """``text`` with every change's old value replaced in place; all other bytes kept."""
    lines = text.split("\n")  # the reader counts lines by "\n" alone
    lines = [line + "\n" for line in lines[:-1]] + lines[-1:]
    edits = sorted(((c.pos.line, c.pos.col, c) for u in updates for c in u.changes if c.pos is not None),
                   key=lambda e: (e[0], e[1]), reverse=True)
    for line_no, col, change in edits:
        line = lines[line_no - 1]
        start = col - 1
        end = _flow_end(line, start) if isinstance(change.old, (list, tuple)) else start + change.pos.length  # type: ignore[union-attr]
        lines[line_no - 1] = line[:start] + yaml_value(change.new) + line[end:]
    return "".join(lines)


def write_file(file: str, updates: list[CaseUpdate]) -> None:
    """Rewrite one test file, keeping a byte-order mark and line endings as they were."""
    from kcscore.fileio import write_atomic

    path = Path(file)
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    data = (b"\xef\xbb\xbf" if bom else b"") + rewrite(text, updates).encode("utf-8")
    write_atomic(path, lambda handle: handle.write(data))


def apply_plan(plan: UpdatePlan, accept: Callable[[str, list[CaseUpdate]], bool]) -> list[str]:
    """Write each file whose changes ``accept`` approves; returns the files written."""
    written = []
    for file, updates in plan.files.items():
        if accept(file, updates):
            write_file(file, updates)
            written.append(file)
    return written
