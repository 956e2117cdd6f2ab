"""Read one applicant record against the pack's schema: typed values, or one problem per bad cell.

Keys may be field ids or the pack's Vietnamese column headers (case, spacing and Unicode
normalisation ignored). Enum cells take the id or a label. Blank is *unknown*, never false or 0.
Every problem names the field, the value given and what is expected, in vi and en.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kcscore.i18n import pick, render
from kcscore.policy.ir import Policy
from kcscore.suggest import closest
from kcscore.tables import values as V

if TYPE_CHECKING:
    from kcscore.policy.model import FieldSpec


@dataclass(frozen=True)
class FieldProblem:
    """Why one cell of an applicant cannot be read, in both languages, with what was expected."""

    field: str | None
    column: str | None
    value: Any
    vi: str
    en: str
    expected_vi: str = ""
    expected_en: str = ""

    def message(self, lang: str = "vi") -> str:
        text = pick(self.vi, self.en, lang)
        expected = pick(self.expected_vi, self.expected_en, lang)
        return render("field.expected", lang, text=text, expected=expected) if expected else text


class Schema:
    """Lookups built once per pack: headers to field ids, labels to enum ids."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.fields: dict[str, FieldSpec] = policy.fields
        self.headers: dict[str, str] = {}
        self.enum_labels: dict[str, dict[str, str]] = {}
        for fid, spec in self.fields.items():
            for header in (fid, spec.header, *spec.aliases, spec.title.vi, spec.title.en):
                self.headers.setdefault(V.fold(header), fid)
            if spec.type == "enum":
                table: dict[str, str] = {}
                for vid, label in spec.values.items():
                    for text in (vid, label.vi, label.en, *label.aliases):
                        table.setdefault(V.fold(text), vid)
                self.enum_labels[fid] = table

    def field_for(self, column: str) -> str | None:
        return self.headers.get(V.fold(column))

    def suggest_field(self, column: str) -> str | None:
        return closest(column, [*self.fields, *(s.header for s in self.fields.values())])


_cache: dict[int, Schema] = {}


def schema_for(policy: Policy) -> Schema:
    key = id(policy)
    if key not in _cache or _cache[key].policy is not policy:
        _cache[key] = Schema(policy)
    return _cache[key]


MAX_MAGNITUDE = 1e15  # a thousand trillion đồng: beyond any facility, and far from float overflow


def _bounds(spec: FieldSpec, value: float) -> tuple[str, str] | None:
    if spec.min is not None and (value < spec.min or (spec.min_exclusive and value == spec.min)):
        word_vi = "lớn hơn" if spec.min_exclusive else "từ"
        word_en = "greater than" if spec.min_exclusive else "at least"
        return f"{word_vi} {spec.min:g}", f"{word_en} {spec.min:g}"
    if spec.max is not None and value > spec.max:
        return f"không quá {spec.max:g}", f"at most {spec.max:g}"
    return None


def parse_cell(schema: Schema, fid: str, raw: Any) -> Any:
    """One typed value for a field (None for blank); raises V.ValueProblem with what is expected."""
    spec = schema.fields[fid]
    if V.is_blank(raw):
        return None
    kind = spec.type
    if kind == "text":
        text = V.normalise_text(raw)
        if text is not None and len(text) > spec.max_length:
            raise V.ValueProblem(f"dài {len(text)} ký tự", f"{len(text)} characters long",
                                 f"không quá {spec.max_length} ký tự", f"at most {spec.max_length} characters")
        return text
    if kind == "boolean":
        return V.parse_bool(raw)
    if kind == "date":
        return V.parse_date(raw)
    if kind == "enum":
        text = V.normalise_text(raw)
        found = schema.enum_labels[fid].get(V.fold(text or ""))
        if found is None:
            options = ", ".join(f"{vid} ({label.vi})" for vid, label in spec.values.items())
            guess = closest(text or "", [*spec.values, *(label.vi for label in spec.values.values())])
            hint_vi = f"; có phải '{guess}'?" if guess else ""
            hint_en = f"; did you mean '{guess}'?" if guess else ""
            raise V.ValueProblem(f"'{text}' không phải giá trị hợp lệ{hint_vi}", f"'{text}' is not a valid value{hint_en}",
                                 f"một trong: {options}", f"one of: {options}")
        return found
    if raw.__class__ is int and kind in ("money", "integer", "number", "percent"):
        number: float | int = raw  # already a whole number (JSON, Excel): nothing to read
    elif kind == "money":
        number = V.parse_money(raw)
    elif kind == "percent":
        number = V.parse_percent(raw)
    else:
        number = V.parse_number(raw, integral=(kind == "integer"))
    if abs(number) > MAX_MAGNITUDE:
        raise V.ValueProblem(f"số {raw} quá lớn", f"the number {raw} is too large",
                             f"giá trị tuyệt đối không quá {MAX_MAGNITUDE:.0e}", f"a magnitude of at most {MAX_MAGNITUDE:.0e}")
    problem = _bounds(spec, number)
    if problem:
        raise V.ValueProblem(f"giá trị {raw} ngoài khoảng cho phép", f"value {raw} is out of range", *problem)
    return number


def read_record(policy: Policy, raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[FieldProblem], list[str]]:
    """(typed record, problems, unknown columns). A record with problems must not be scored."""
    schema = schema_for(policy)
    record: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    for column, cell in raw.items():
        fid = schema.field_for(str(column))
        if fid is None:
            unknown.append(str(column))
            continue
        if fid in seen:
            if V.is_blank(cell):
                continue
            if record.get(fid) is not None:
                problems.append(FieldProblem(fid, str(column), cell, f"trường '{fid}' có hai cột ('{seen[fid]}' và '{column}')",
                                             f"field '{fid}' given twice ('{seen[fid]}' and '{column}')"))
                continue
        seen[fid] = str(column)
        try:
            record[fid] = parse_cell(schema, fid, cell)
        except V.ValueProblem as exc:
            problems.append(FieldProblem(fid, str(column), cell, exc.vi, exc.en, exc.expected_vi, exc.expected_en))
    for fid, spec in schema.fields.items():
        record.setdefault(fid, None)
        if spec.required and record[fid] is None and not any(p.field == fid for p in problems):
            problems.append(FieldProblem(fid, spec.header, None, "bắt buộc nhưng để trống", "required but blank",
                                         spec.title.vi, spec.title.en))
    return record, problems, unknown
