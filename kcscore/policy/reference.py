"""Generate the key tables of docs/rule-files.md and docs/rule-files.vi.md from the pack models.

The reference must not drift from what the loader accepts, so its tables of keys, rule kinds,
applicant fields and diagnostic codes are written from ``kcscore.policy.model``, the default pack's
``fields.yaml`` and the message catalogue, between ``<!-- BEGIN GENERATED: name -->`` and
``<!-- END GENERATED: name -->`` markers. The prose around them is written by hand.

Run ``python -m kcscore.policy.reference`` after changing a model, the default pack's fields or a
message; ``tests/test_reference_docs.py`` fails while the documents are stale.
"""

from __future__ import annotations

import re
import sys
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union, get_args

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from kcscore.i18n import pick
from kcscore.policy import model as M
from kcscore.policy.messages import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]
DOCS = {"en": ROOT / "docs" / "rule-files.md", "vi": ROOT / "docs" / "rule-files.vi.md"}
DEFAULT_FIELDS = ROOT / "rules" / "national" / "fields.yaml"  # the default pack takes its fields from its base

# Where each model is written in a pack: (section, model, heading en, heading vi)
SECTIONS: tuple[tuple[str, type[BaseModel], str, str], ...] = (
    ("policy", M.PolicyMeta, "`policy:`", "`policy:`"),
    ("ranking", M.Ranking, "`policy: ranking:`", "`policy: ranking:`"),
    ("tie_break", M.TieBreak, "one entry of `ranking: tie_breaks:`", "một dòng của `ranking: tie_breaks:`"),
    ("budget", M.Budget, "`policy: budget:`", "`policy: budget:`"),
    ("field", M.FieldSpec, "one field under `fields:`", "một trường trong `fields:`"),
    ("enum_value", M.EnumValue, "one value under a field's `values:`", "một giá trị trong `values:` của trường"),
    ("gate", M.Gate, "`kind: gate`", "`kind: gate`"),
    ("exclusion", M.Exclusion, "`kind: exclusion`", "`kind: exclusion`"),
    ("criterion", M.Criterion, "`kind: criterion`", "`kind: criterion`"),
    ("band", M.Band, "one line of `bands:`", "một dòng của `bands:`"),
    ("sum_item", M.SumItem, "one item of `sum:`", "một mục của `sum:`"),
    ("bonus", M.Bonus, "`kind: bonus`", "`kind: bonus`"),
    ("penalty", M.Penalty, "`kind: penalty`", "`kind: penalty`"),
    ("flag", M.Flag, "`kind: flag`", "`kind: flag`"),
    ("support", M.Support, "`kind: support`", "`kind: support`"),
    ("cite", M.Cite, "`cite:`", "`cite:`"),
    ("text", M.Text, "a text in both languages (`title`, `says`, …)", "một câu hai thứ tiếng (`title`, `says`, …)"),
    ("parameter", M.Parameter, "one parameter under `parameters:`", "một tham số trong `parameters:`"),
    ("dated_value", M.DatedValue, "one dated value under a parameter's `values:`", "một giá trị theo ngày trong `values:` của tham số"),
    ("test_case", M.TestCase, "one test case under `cases:`", "một ca kiểm thử trong `cases:`"),
    ("expect", M.Expect, "a test case's `expect:`", "`expect:` của ca kiểm thử"),
)

_WORDS = {
    "en": {"text": "text", "number": "number", "integer": "whole number", "date": "date YYYY-MM-DD", "bool": "true / false",
           "list": "list of", "map": "mapping", "to": "→", "any": "any value", "or": "or", "blank": "blank",
           "required": "required", "default": "default", "key": "Key", "value": "Value", "need": "Required / default",
           "id": "Id", "type": "Type", "header": "Column header", "title": "Title", "detail": "Unit, range, values",
           "code": "Code", "message": "Message", "kind": "Kind", "model": "Keys"},
    "vi": {"text": "chuỗi", "number": "số", "integer": "số nguyên", "date": "ngày YYYY-MM-DD", "bool": "true / false",
           "list": "danh sách", "map": "bảng", "to": "→", "any": "giá trị bất kỳ", "or": "hoặc", "blank": "để trống",
           "required": "bắt buộc", "default": "mặc định", "key": "Khoá", "value": "Giá trị", "need": "Bắt buộc / mặc định",
           "id": "Mã", "type": "Kiểu", "header": "Tiêu đề cột", "title": "Tên", "detail": "Đơn vị, khoảng, giá trị",
           "code": "Mã", "message": "Thông báo", "kind": "Loại", "model": "Khoá"},
}


def key_of(name: str, field: Any) -> str:
    """The key as written in YAML: the alias when there is one (``is``, ``in``)."""
    return field.alias or name


def models_reachable(roots: tuple[type[BaseModel], ...]) -> dict[type[BaseModel], None]:
    """Every pydantic model a pack can contain, found by walking field annotations."""
    seen: dict[type[BaseModel], None] = {}

    def walk(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in seen:
                seen[annotation] = None
                for field in annotation.model_fields.values():
                    walk(field.annotation)
            return
        for arg in typing.get_args(annotation):
            walk(arg)

    for root in roots:
        walk(root)
    return seen


ROOT_MODELS: tuple[type[BaseModel], ...] = (M.PolicyMeta, M.FieldSpec, M.Gate, M.Exclusion, M.Criterion, M.Bonus,
                                            M.Penalty, M.Flag, M.Support, M.Parameter, M.TestCase)


def accepted_keys() -> dict[str, set[str]]:
    """Every key any pack model accepts, aliases included, with the models that accept it."""
    out: dict[str, set[str]] = {}
    for model in models_reachable(ROOT_MODELS):
        for name, field in model.model_fields.items():
            out.setdefault(key_of(name, field), set()).add(model.__name__)
    return out


def _type(annotation: Any, lang: str) -> str:
    w = _WORDS[lang]
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type(args[0], lang)
    if origin is Literal:
        return f" {w['or']} ".join(f"`{a}`" for a in args)
    if origin in (Union, types.UnionType):
        parts = [a for a in args if a is not type(None)]
        return f" {w['or']} ".join(_type(a, lang) for a in parts)
    if origin is tuple:
        if len(args) == 2 and args[1] is not Ellipsis:
            return f"[{_type(args[0], lang)}, {_type(args[1], lang)}]"
        return f"{w['list']} {_type(args[0], lang)}"
    if origin is dict:
        return f"{w['map']} {_type(args[0], lang)} {w['to']} {_type(args[1], lang)}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        anchor = next((s for s, m, *_ in SECTIONS if m is annotation), None)
        return f"[{annotation.__name__}](#keys-{anchor.replace('_', '-')})" if anchor else annotation.__name__
    names = {str: w["text"], float: w["number"], int: w["integer"], bool: w["bool"], M.dt.date: w["date"]}
    if annotation in names:
        return names[annotation]
    return w["any"]


def _need(field: Any, lang: str) -> str:
    w = _WORDS[lang]
    if field.is_required():
        return w["required"]
    default = field.default
    if default is PydanticUndefined or default is None or default in ((), {}):
        return "—"
    if isinstance(default, BaseModel):
        return "—"
    shown = "true" if default is True else "false" if default is False else default
    return f"{w['default']} `{shown}`"


def keys_section(lang: str) -> str:
    """One table per model: key, kind of value, whether required or its default."""
    w = _WORDS[lang]
    out: list[str] = []
    for anchor, model, heading_en, heading_vi in SECTIONS:
        heading = pick(heading_vi, heading_en, lang)
        out.append(f'<a id="keys-{anchor.replace("_", "-")}"></a>\n#### {heading}\n')
        out.append(f"| {w['key']} | {w['value']} | {w['need']} |\n|---|---|---|")
        for name, field in model.model_fields.items():
            shown = _type(field.annotation, lang)
            if field.is_required() and type(None) in typing.get_args(field.annotation):
                shown += f" {w['or']} {w['blank']} (`null`)"
            out.append(f"| `{key_of(name, field)}` | {shown} | {_need(field, lang)} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def kinds_section(lang: str) -> str:
    w = _WORDS[lang]
    models = get_args(get_args(M.Rule)[0])  # the classes of the ``Rule`` union, one per kind
    by_kind = {m.model_fields["kind"].annotation.__args__[0]: m for m in models}
    lines = [f"| {w['kind']} | {w['model']} |", "|---|---|"]
    for kind in M.RULE_KINDS:
        model = by_kind[kind]
        keys = ", ".join(f"`{key_of(n, f)}`" for n, f in model.model_fields.items())
        lines.append(f"| [`{kind}`](#keys-{kind}) | {keys} |")
    return "\n".join(lines) + "\n"


def _fields_data() -> dict[str, Any]:
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load(DEFAULT_FIELDS.read_text(encoding="utf-8"))
    return dict(data["fields"])


def default_field_ids() -> list[str]:
    return list(_fields_data())


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:_}" if isinstance(value, int) and abs(value) >= 10_000 else str(value)


def fields_section(lang: str) -> str:
    """The applicant fields of rules/national/fields.yaml (the default pack's base layer): id, type, column header, title, range, values."""
    w = _WORDS[lang]
    lines = [f"| {w['id']} | {w['type']} | {w['header']} | {w['title']} | {w['detail']} |", "|---|---|---|---|---|"]
    for field_id, spec in _fields_data().items():
        detail: list[str] = []
        if spec.get("unit"):
            detail.append(str(spec["unit"]))
        if "min" in spec or "max" in spec:
            low = ("(" if spec.get("min_exclusive") else "[") + _num(spec["min"]) if "min" in spec else "(−∞"
            high = _num(spec["max"]) + "]" if "max" in spec else "∞)"
            detail.append(f"{low}, {high}")
        if spec.get("required"):
            detail.append(w["required"])
        if spec.get("values"):
            detail.append(", ".join(f"`{k}`" for k in spec["values"]))
        if spec.get("actionable") is False:
            detail.append("`actionable: false`")
        title = spec["title"][lang].replace("|", "\\|")
        header = str(spec["header"]).replace("|", "\\|")
        lines.append(f"| `{field_id}` | {spec['type']} | {header} | {title} | {'; '.join(detail)} |")
    return "\n".join(lines) + "\n"


def codes_section(lang: str) -> str:
    w = _WORDS[lang]
    lines = [f"| {w['code']} | {w['message']} |", "|---|---|"]
    for code, entry in CATALOGUE.items():
        text = entry.get(lang, "").replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {code} | {text} |")
    return "\n".join(lines) + "\n"


GENERATORS = {"keys": keys_section, "kinds": kinds_section, "fields": fields_section, "codes": codes_section}
_BLOCK = re.compile(r"(<!-- BEGIN GENERATED: (\w+) -->\n)(.*?)(<!-- END GENERATED: \2 -->)", re.DOTALL)


def render(text: str, lang: str) -> str:
    """The document with every generated section rewritten from the models."""
    def fill(match: re.Match[str]) -> str:
        name = match.group(2)
        return match.group(1) + GENERATORS[name](lang) + match.group(4)
    return _BLOCK.sub(fill, text)


def sections_in(text: str) -> list[str]:
    return [m.group(2) for m in _BLOCK.finditer(text)]


def main(argv: list[str]) -> int:
    """Rewrite the generated sections; with ``--check``, only say whether they are stale."""
    stale = []
    for lang, path in DOCS.items():
        text = path.read_text(encoding="utf-8")
        fresh = render(text, lang)
        if fresh != text:
            stale.append(str(path.relative_to(ROOT)))
            if "--check" not in argv:
                path.write_text(fresh, encoding="utf-8")
    if stale:
        print(("stale: " if "--check" in argv else "rewrote: ") + ", ".join(stale))
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
