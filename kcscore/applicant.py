"""Read one applicant record against the pack's schema: typed values, or one problem per bad cell.

Keys may be field ids or the pack's Vietnamese column headers (case, spacing and Unicode
normalisation ignored). Enum cells take the id or a label. Blank is *unknown*, never false or 0.
Every problem names the field, the value given and what is expected, in vi and en.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kcscore.i18n import Message, Twin, render
from kcscore.i18n import said as spoken
from kcscore.policy.ir import Policy
from kcscore.suggest import closest
from kcscore.tables import values as V

if TYPE_CHECKING:
    from kcscore.policy.model import FieldSpec


@dataclass(frozen=True)
class FieldProblem:
    """Why one cell of an applicant cannot be read (``said``) and what was expected, as catalogue codes
    and parameters: said in a language only where the problem is shown."""

    field: str | None
    column: str | None
    value: Any
    said: Message
    expected: Message | Twin | None = None

    @classmethod
    def of(cls, field: str | None, column: str | None, value: Any, problem: V.ValueProblem) -> FieldProblem:
        """The problem a value reader raised, on the cell it was read from."""
        return cls(field, column, value, problem.said, problem.expected)

    def message(self, lang: str = "vi") -> str:
        return say_problem(self.said, self.expected, lang)

    @property
    def vi(self) -> str:
        """What is wrong, in Vietnamese, without what was expected."""
        return self.said.say("vi")


def say_problem(said: Message, expected: Message | Twin | None, lang: str) -> str:
    """A cell's problem in ``lang``: what is wrong, then what was expected when there is something to say."""
    text = said.say(lang)
    wanted = spoken(expected, lang) if expected is not None else ""
    return render("field.expected", lang, text=text, expected=wanted) if wanted else text


def required_blank(field: str, spec: FieldSpec) -> FieldProblem:
    """A required field left blank: the problem names the field's column and, as expected, its title."""
    return FieldProblem(field, spec.header, None, Message("cell.required_blank"),
                        Message("cell.field_title", {"title": Twin(spec.title.vi, spec.title.en)}))


def given_twice(field: str, first: str, column: str, value: Any) -> FieldProblem:
    """A field read from two columns of the same row, both filled."""
    return FieldProblem(field, column, value, Message("cell.given_twice", {"field": field, "first": first, "second": column}))


# A footnote mark or a column number after a header, as official forms print them: "Số lao động (*)",
# "Số lao động*", "Tổng kinh phí (1)".
_HEADER_MARK = re.compile(r"\s*(?:\(\*+\)|\*+|\(\d{1,2}\))$")


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
        """The field a column header names: a header of the pack (case, spacing, line breaks and
        Unicode form aside), also when a footnote mark or a column number follows it."""
        key = V.fold(column)
        found = self.headers.get(key)
        if found is None and key[-1:] in ("*", ")"):
            found = self.headers.get(_HEADER_MARK.sub("", key))
        return found

    def suggest_field(self, column: str) -> str | None:
        return closest(column, [*self.fields, *(s.header for s in self.fields.values())])


_cache: dict[int, Schema] = {}


def schema_for(policy: Policy) -> Schema:
    key = id(policy)
    if key not in _cache or _cache[key].policy is not policy:
        _cache[key] = Schema(policy)
    return _cache[key]


MAX_MAGNITUDE = 1e15  # a thousand trillion đồng: beyond any facility, and far from float overflow


def _bounds(spec: FieldSpec, value: float) -> Message | None:
    """The bound ``value`` breaks, as what would be accepted; None when it is within them."""
    if spec.min is not None and (value < spec.min or (spec.min_exclusive and value == spec.min)):
        return Message("cell.bound.above" if spec.min_exclusive else "cell.bound.from", {"limit": f"{spec.min:g}"})
    if spec.max is not None and value > spec.max:
        return Message("cell.bound.at_most", {"limit": f"{spec.max:g}"})
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
            raise V.ValueProblem(Message("cell.too_long", {"length": len(text)}),
                                 Message("cell.at_most_chars", {"limit": spec.max_length}))
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
            hint = Message("error.did_you_mean", {"guess": guess}) if guess else ""
            raise V.ValueProblem(Message("cell.not_a_choice", {"text": text, "guess": hint}),
                                 Message("cell.one_of", {"options": options}))
        return found
    if raw.__class__ is int and kind in ("money", "integer", "number", "percent"):
        number: float | int = raw  # already a whole number (JSON, Excel): nothing to read
    elif kind == "money":
        number = V.parse_money(raw)
    elif kind == "percent" or (spec.unit == "%" and V.has_percent_sign(raw)):  # "30%" of a number in per cent: 30
        number = V.parse_percent(raw)
    else:
        number = V.parse_number(raw, integral=(kind == "integer"))
    if abs(number) > MAX_MAGNITUDE:
        raise V.ValueProblem(Message("cell.too_large", {"value": str(raw)}),
                             Message("cell.magnitude", {"limit": f"{MAX_MAGNITUDE:.0e}"}))
    problem = _bounds(spec, number)
    if problem:
        raise V.ValueProblem(Message("cell.out_of_range", {"value": str(raw)}), problem)
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
                problems.append(given_twice(fid, seen[fid], str(column), cell))
                continue
        seen[fid] = str(column)
        try:
            record[fid] = parse_cell(schema, fid, cell)
        except V.ValueProblem as exc:
            problems.append(FieldProblem.of(fid, str(column), cell, exc))
    for fid, spec in schema.fields.items():
        record.setdefault(fid, None)
        if spec.required and record[fid] is None and not any(p.field == fid for p in problems):
            problems.append(required_blank(fid, spec))
    return record, problems, unknown


def unknown_columns_warning(policy: Policy, columns: list[str], lang: str) -> str | None:
    """The warning naming the list's columns that no field reads, each with the field it may mean.
    A header written over two lines of a cell is quoted on one, so the warning stays one line."""
    if not columns:
        return None
    schema = schema_for(policy)
    names = []
    for column in columns:
        guess = schema.suggest_field(column)
        names.append(f"'{' '.join(column.split())}'" + (render("rank.did_you_mean", lang, guess=guess) if guess else ""))
    return render("rank.unknown_columns", lang, columns=", ".join(names))
