"""Load a policy pack folder into a checked ``Policy``, or every reason it cannot be loaded.

All files are read and every problem is collected before anything is returned; a pack with any
error is never returned at all, so nothing can run on a half-loaded pack.

A pack may extend a base (``extends: ../national`` in its ``policy.yaml``, see ``policy.layers``):
the layers are read base first into one set of ids. An overlay adds ids, replaces one only when
it says ``override: true`` in that id's body, and drops one only under ``remove:``; any other
repeat of a base id is an error, as a repeat within one layer is. Every item keeps the file it
was read from, so every diagnostic points at the right layer's file.

One mistake gives one diagnostic: an id that is *declared* but broken (a rule whose `cite` is
missing, a field with a bad `type`) is still known by name, so the conditions, test cases and
references that use it are not reported a second time as "unknown".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kcscore.expr.types import FieldType
from kcscore.policy import checks
from kcscore.policy.asof import condition_types
from kcscore.policy.validity import check_lapses, check_period
from kcscore.policy.conditions import ConditionTable
from kcscore.policy.dated import build_parameter
from kcscore.policy.files import PackFolderError
from kcscore.policy.layers import EXTENDS, MANIFEST, Layer, all_rule_files, resolve_layers, rules_hash, tests_hash
from kcscore.policy.diagnostics import Diagnostic, PolicyError, Pos, has_errors, sort_key
from kcscore.policy.ir import ParameterIR, Policy, RuleIR
from kcscore.policy.flattened import find_flattened, flattened_diagnostic
from kcscore.policy.model import SECTIONS, TEST_SECTIONS, FieldSpec, Parameter, PolicyMeta, Rule
from kcscore.policy.packchecks import Declared, pack_checks
from kcscore.policy.rules import RuleCompiler
from kcscore.policy.validation import validate
from kcscore.policy.yamlsource import MAX_FILE_BYTES, MAX_NODES, Located, read_yaml_file
from kcscore.suggest import closest

MAX_FILES = 200
MAX_PACK_NODES = 40_000  # all files together; the Bắc Kạn pack has about 4 000
MAX_PACK_BYTES = 1_000_000  # all files together; the Bắc Kạn pack has about 110 kB


@dataclass
class _Item:
    key: str
    data: Any
    located: Located
    path: tuple[Any, ...]
    layer: int = 0  # index in the pack's layers, base first

    @property
    def pos(self) -> Pos:
        return self.located.key_positions.get(self.path) or self.located.positions.get(self.path, Pos("?", 1, 1))


@dataclass
class _Collected:
    sections: dict[str, dict[str, _Item]] = field(default_factory=dict)
    policy: _Item | None = None
    bases: dict[str, _Item] = field(default_factory=dict)
    cases: list[_Item] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # rule files that could not be read at all
    section_pos: dict[str, Pos] = field(default_factory=dict)
    flattened: set[str] = field(default_factory=set)  # ids whose body was written beside them (one K001 said so)
    placed: list[tuple[str, _Item, Any, Pos]] = field(default_factory=list)  # (section, item, `before:` id, its position)


OVERRIDE = "override"
BEFORE = "before"  # an overlay's item placed before an item of its base, where the reports list it
REMOVE = "remove"
LAYERED = ("rules", "fields", "parameters")  # the sections whose ids an overlay may override or remove
_SECTION_WORDS = {"rules": ("quy tắc", "rule"), "fields": ("trường", "field"), "parameters": ("tham số", "parameter")}


def field_type(spec: FieldSpec) -> FieldType:
    return FieldType(spec.type, tuple(spec.values), spec.min, spec.max, spec.min_exclusive)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _valid_id(key: str) -> bool:
    return bool(key) and key[0].isascii() and key[0].islower() and all(c.isascii() and (c.islower() or c.isdigit() or c == "_") for c in key)


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.where = Pos(_display(root), 1, 1)
        self.diags: list[Diagnostic] = []
        self.col = _Collected()
        self.budget = MAX_PACK_NODES
        self.layer = 0  # the layer being read
        self.layers: list[Layer] = []

    # -- reading -----------------------------------------------------------------------------
    def collect(self, files: list[Path], allowed: tuple[str, ...], rule_files: bool) -> None:
        read: list[tuple[Path, str, Located]] = []
        for path in files:
            display = _display(path)
            located, problems = read_yaml_file(path, display, max_nodes=min(MAX_NODES, max(self.budget, 1)))
            self.diags.extend(problems)
            if located is None:
                if rule_files:
                    self.col.unreadable.append(display)
                continue
            self.budget -= len(located.positions)
            if not isinstance(located.data, dict):
                self.diags.append(Diagnostic.error("K022", located.positions.get((), Pos(display, 1, 1)),
                                                   problem="cần một bảng các phần " + ", ".join(allowed),
                                                   problem_en="expected a mapping of sections " + ", ".join(allowed), expected=""))
                continue
            read.append((path, display, located))
        if rule_files:  # removals first: an overlay may then write a removed id afresh
            for _, _, located in read:
                if REMOVE in located.data:
                    self._remove(located.data[REMOVE], located)
        for path, display, located in read:
            data = located.data
            for section, body in data.items():
                key_pos = located.key_positions.get((section,), Pos(display, 1, 1))
                if rule_files and (section == REMOVE or (section == EXTENDS and path.name == MANIFEST)):
                    continue  # read above, and by policy.layers
                if section not in allowed:
                    other = TEST_SECTIONS if allowed == SECTIONS else SECTIONS
                    if section == EXTENDS:
                        self.diags.append(Diagnostic.error("K020", key_pos, key=section,
                                                           allowed=", ".join(allowed) + f" (`{EXTENDS}:` chỉ viết trong {MANIFEST})",
                                                           allowed_en=", ".join(allowed) + f" (`{EXTENDS}:` belongs in {MANIFEST})"))
                    elif section in other:
                        place = ("thư mục tests/", "the tests/ folder") if section in TEST_SECTIONS else ("các tệp ngoài thư mục tests/", "files outside tests/")
                        self.diags.append(Diagnostic.error("K020", key_pos, key=section,
                                                           allowed=", ".join(allowed) + f" (`{section}:` thuộc {place[0]})",
                                                           allowed_en=", ".join(allowed) + f" (`{section}:` belongs in {place[1]})"))
                    else:
                        guess = closest(section, allowed)
                        self.diags.append(Diagnostic.error("K020", key_pos, guess, key=section, allowed=", ".join(allowed)))
                        if guess is not None and guess not in data:
                            # read it as the section it surely meant, so its ids are known and checked
                            self._section(guess, body, located, key_pos, (section,))
                    continue
                self.col.section_pos.setdefault(section, key_pos)
                self._section(section, body, located, key_pos)

    def _section(self, section: str, body: Any, located: Located, key_pos: Pos, written: tuple[str] | None = None) -> None:
        """Register the items of one section; ``written`` is the key as spelt in the file."""
        base = written or (section,)
        if section == "policy":
            if self.col.policy is not None and self.col.policy.layer == self.layer:
                self.diags.append(Diagnostic.error("K051", key_pos, id="policy", other=str(self.col.policy.pos)))
                return
            self.col.policy = _Item("policy", body, located, base, self.layer)  # an overlay's replaces its base's
            return
        if section == "cases":
            if not isinstance(body, list):
                self.diags.append(Diagnostic.error("K022", key_pos, problem="cần một danh sách ca kiểm thử",
                                                   problem_en="expected a list of test cases", expected=""))
                return
            self.col.cases.extend(_Item(str(i), c, located, (*base, i)) for i, c in enumerate(body))
            return
        if body is None:
            return  # an empty section (`rules:` with everything commented out) declares nothing
        if not isinstance(body, dict):
            self.diags.append(Diagnostic.error("K022", key_pos, problem="cần một bảng `mã: nội dung`",
                                               problem_en="expected a mapping `id: body`", expected=""))
            return
        target = self.col.bases if section == "bases" else self.col.sections.setdefault(section, {})
        swallowed: set[str] = set()
        for owner, following in find_flattened(section, body):
            self.diags.append(flattened_diagnostic(owner, following, _Item(owner, None, located, (*base, owner)).pos,
                                                   _Item(following[0], None, located, (*base, following[0])).pos))
            self.col.flattened.add(owner)
            swallowed.update(following)
        for key, value in body.items():
            if key in swallowed:
                continue
            override = False
            before: Any = None
            if section in LAYERED and isinstance(value, dict) and BEFORE in value:
                before = value[BEFORE]
                value = {k: v for k, v in value.items() if k != BEFORE}
            if section in LAYERED:
                override, value = self._override(value, located, (*base, key))
            item = _Item(key, value, located, (*base, key), self.layer)
            if before is not None:
                self.col.placed.append((section, item, before, located.positions.get((*base, key, BEFORE), item.pos)))
            if key in target:
                other = target[key]
                if other.layer == self.layer:
                    self.diags.append(Diagnostic.error("K051", item.pos, id=key, other=str(other.pos)))
                elif override:
                    target[key] = item  # in the base's place: the composed order is the base's order
                else:
                    self.diags.append(Diagnostic.error("K085", item.pos, id=key, other=str(other.pos)))
                continue
            if override:
                self.diags.append(self._no_base(key, section, "override: true",
                                                located.key_positions.get((*base, key, OVERRIDE), item.pos)))
            if section in ("rules", "fields", "parameters") and not _valid_id(key):
                self.diags.append(Diagnostic.error("K024", item.pos, problem=f"mã '{key}' chỉ gồm chữ thường không dấu, số và _, bắt đầu bằng chữ",
                                                   problem_en=f"id '{key}' must be lower-case ASCII letters, digits and _, starting with a letter"))
                continue
            target[key] = item

    def _override(self, value: Any, located: Located, path: tuple[Any, ...]) -> tuple[bool, Any]:
        """Whether an item says ``override: true``, and its body without that key."""
        if not isinstance(value, dict) or OVERRIDE not in value:
            return False, value
        flag = value[OVERRIDE]
        if not isinstance(flag, bool):
            self.diags.append(Diagnostic.error("K022", located.positions.get((*path, OVERRIDE), Pos("?", 1, 1)),
                                               problem="`override:` chỉ nhận true hoặc false",
                                               problem_en="`override:` takes true or false", expected="override: true"))
            flag = False
        return flag, {k: v for k, v in value.items() if k != OVERRIDE}

    def _place(self) -> None:
        """Move each item written with ``before: <id>`` to just before that item of a lower layer.

        Layers are read base first, so an overlay's new rule would otherwise be listed after every
        rule of its base; ``before:`` keeps a provincial exclusion beside the national ones it
        belongs with, in every report. The order decides nothing else.
        """
        for section, item, before, pos in self.col.placed:
            target = self.col.sections.get(section, {})
            if target.get(item.key) is not item:
                continue  # reported already (a duplicate), or removed
            lower = [k for k, other in target.items() if other.layer < item.layer]
            if not isinstance(before, str) or before not in lower:
                self.diags.append(Diagnostic.error("K053", pos, closest(str(before), lower), name=str(before),
                                                   allowed=", ".join(lower[:12]) + (", …" if len(lower) > 12 else "")))
                continue
            order = [k for k in target if k != item.key]
            order.insert(order.index(before), item.key)
            self.col.sections[section] = {k: target[k] for k in order}

    def _lower_ids(self, section: str) -> list[str]:
        return [k for k, item in self.col.sections.get(section, {}).items() if item.layer < self.layer]

    def _no_base(self, key: str, section: str, action: str, pos: Pos) -> Diagnostic:
        vi, en = _SECTION_WORDS[section]
        return Diagnostic.error("K086", pos, closest(key, self._lower_ids(section)), action=action, id=key,
                                section=vi, section_en=en)

    def _remove(self, body: Any, located: Located) -> None:
        """Drop base ids an overlay names under ``remove: {rules: {id: reason}}``; the reason is required."""
        def bad(path: tuple[Any, ...], vi: str, en: str, expected: str) -> None:
            self.diags.append(Diagnostic.error("K022", located.positions.get(path, Pos("?", 1, 1)),
                                               problem=vi, problem_en=en, expected=expected))

        example = "remove:\n  rules:\n    mining_excluded: lý do bỏ"
        if not isinstance(body, dict):
            bad((REMOVE,), "`remove:` cần một bảng theo phần (rules, fields, parameters)",
                "`remove:` needs a mapping by section (rules, fields, parameters)", example)
            return
        for section, ids in body.items():
            if section not in LAYERED:
                self.diags.append(Diagnostic.error("K020", located.key_positions.get((REMOVE, section), Pos("?", 1, 1)),
                                                   closest(str(section), LAYERED), key=section, allowed=", ".join(LAYERED)))
                continue
            if not isinstance(ids, dict):
                bad((REMOVE, section), "cần một bảng `mã: lý do bỏ`", "expected a mapping `id: why it is removed`", example)
                continue
            target = self.col.sections.setdefault(section, {})
            for key, reason in ids.items():
                pos = located.key_positions.get((REMOVE, section, key), Pos("?", 1, 1))
                if not isinstance(reason, str) or not reason.strip():
                    bad((REMOVE, section, key), f"bỏ '{key}' cần ghi lý do", f"removing '{key}' needs a reason", example)
                    continue
                if key in target and target[key].layer < self.layer:
                    del target[key]
                else:
                    self.diags.append(self._no_base(key, section, f"{REMOVE}: {section}", pos))

    # -- building ----------------------------------------------------------------------------
    def run(self) -> Policy | None:
        try:
            if not self.root.is_dir():
                self.diags.append(Diagnostic.error("K080", self.where, path=_display(self.root)))
                return None
            self.layers, chain_problems = resolve_layers(self.root)
            self.diags.extend(chain_problems)
            if has_errors(chain_problems):
                return None  # a pack whose base cannot be found is not checked against half of itself
        except PackFolderError as exc:
            for path, kind in exc.entries:
                vi, en = PackFolderError.kind_text(kind)
                folder = _display(path.parent)
                shown = str(Path(folder) / path.name)  # the entry itself: resolving a loop fails
                # placed on the folder: a report that quotes source lines must never open a FIFO or device
                self.diags.append(Diagnostic.error("K082", Pos(folder, 1, 1), path=shown, kind=vi, kind_en=en))
            return None
        except OSError as exc:
            self.diags.append(Diagnostic.error("K080", self.where, path=_display(self.root), problem=f": {exc.strerror or exc}"))
            return None
        rule_files = all_rule_files(self.layers)
        test_files = self.layers[-1].test_files
        if not self.layers[-1].rule_files:
            self.diags.append(Diagnostic.error("K080", self.where, path=_display(self.root),
                                               problem=" (thư mục không có tệp .yaml)", problem_en=" (the folder has no .yaml file)"))
            return None
        if len(rule_files) + len(test_files) > MAX_FILES:
            self.diags.append(Diagnostic.error("K080", self.where, path=_display(self.root),
                                               problem=f" (quá {MAX_FILES} tệp)", problem_en=f" (more than {MAX_FILES} files)"))
            return None
        sizes = [p.stat().st_size for p in rule_files + test_files]
        if sum(size for size in sizes if size <= MAX_FILE_BYTES) > MAX_PACK_BYTES:  # bigger files get their own K003
            self.diags.append(Diagnostic.error("K003", self.where, limit=MAX_PACK_BYTES,
                                               what="bộ quy tắc (tổng các tệp)", what_en="the pack (all files together)"))
            return None
        for index, layer in enumerate(self.layers):
            self.layer = index
            self.collect(layer.rule_files, SECTIONS, rule_files=True)
        self._place()
        self.collect(test_files, TEST_SECTIONS, rule_files=False)  # the cases of the top layer only

        meta = self._meta()
        fields = self._fields()
        declared = Declared(
            rules=set(self.col.sections.get("rules", {})),
            fields=set(self.col.sections.get("fields", {})),
            parameters=set(self.col.sections.get("parameters", {})),
            complete=not self.col.unreadable,
        )
        field_types = condition_types({k: field_type(v) for k, v in fields.items()})  # with the built-in as_of
        labels = {k: v.title.vi for k, v in fields.items()}
        table = ConditionTable(field_types, labels, broken=declared.fields - set(fields),
                               labels_en={k: v.title.en for k, v in fields.items()})
        params = self._parameters()
        rules = self._rules(table, fields)
        self.diags.extend(table.diagnostics)
        if meta is not None and self.col.policy is not None:
            policy_item = self.col.policy
            self.diags.extend(check_period(meta, lambda *path: policy_item.located.positions.get(
                (*policy_item.path, *path), policy_item.pos)))
            self.diags.extend(check_lapses(meta, params))
            self.diags.extend(pack_checks(
                meta, rules, params, fields, table, declared,
                lambda *path: policy_item.located.positions.get((*policy_item.path, *path), policy_item.pos),
                self.col.sections.get("rules", {}), policy_item.pos,
                fields_ok=len(fields) == len(declared.fields)))
        from kcscore.policy.cases import load_cases  # local: cases need the applicant reader

        cases = load_cases(self.col.bases, self.col.cases, fields, rules, self.diags, declared,
                           self.col.sections.get("fields", {}))
        if meta is None or has_errors(self.diags):
            return None
        all_files = rule_files + test_files
        return Policy(meta, fields, field_types, rules, params, table.nodes, table.sources, cases,
                      self.root, all_files, rules_hash(self.layers, self.root),
                      {"policy.max_score": self.col.policy.pos if self.col.policy else Pos("?", 1, 1)},
                      tests_sha256=tests_hash(self.layers, self.root),
                      layers=tuple(layer.name for layer in self.layers))

    def _meta(self) -> PolicyMeta | None:
        item = self.col.policy
        if item is None:
            if not self.col.unreadable:  # the section may well be in the file we could not read
                self.diags.append(Diagnostic.error("K081", self.where, section="policy"))
            return None
        meta, problems = validate(PolicyMeta, item.data, item.located, item.path)
        self.diags.extend(problems)
        return meta

    def _valid(self, section: str, model: Any, owned: bool = False) -> Iterator[tuple[str, Any, Any]]:
        """Each entry of ``section`` that ``model`` accepts, as (key, item, value); the problems of the
        others are reported, and an entry already reported as flattened is skipped. ``owned``: the
        entry's key names the rule its problems belong to."""
        for key, item in self.col.sections.get(section, {}).items():
            if key in self.col.flattened:
                continue
            value, problems = validate(model, item.data, item.located, item.path, owner=key if owned else None)
            self.diags.extend(problems)
            if value is not None:
                yield key, item, value

    def _fields(self) -> dict[str, FieldSpec]:
        from kcscore.tables.values import fold

        out: dict[str, FieldSpec] = {}
        items = self.col.sections.get("fields", {})
        if not items and not self.col.unreadable:
            self.diags.append(Diagnostic.error("K081", self.where, section="fields"))
        headers: dict[str, str] = {}
        for key, item, spec in self._valid("fields", FieldSpec):
            out[key] = spec
            for header in dict.fromkeys((spec.header, *spec.aliases, key)):
                folded = fold(header)
                if folded in headers and headers[folded] != key:
                    self.diags.append(Diagnostic.error("K054", item.pos, problem=f"tiêu đề cột '{header}' trùng với trường '{headers[folded]}'",
                                                       problem_en=f"column header '{header}' is also used by field '{headers[folded]}'"))
                headers[folded] = key
        for required in ("id", "name"):
            if items and required not in items:
                self.diags.append(Diagnostic.error("K054", self.col.section_pos.get("fields", self.where),
                                                   problem=f"lược đồ thiếu trường bắt buộc '{required}'",
                                                   problem_en=f"the schema lacks the required field '{required}'"))
        return out

    def _parameters(self) -> dict[str, ParameterIR]:
        out: dict[str, ParameterIR] = {}
        for key, item, spec in self._valid("parameters", Parameter):
            value_pos = {}
            for start in spec.values:
                value_pos[start] = item.located.key_positions.get((*item.path, "values", start.isoformat()), item.pos)
            param, problems = build_parameter(key, spec, item.pos, value_pos)
            self.diags.extend(problems)
            if param is not None:
                out[key] = param
        return out

    def _rules(self, table: ConditionTable, fields: dict[str, FieldSpec]) -> list[RuleIR]:
        compiler = RuleCompiler(table, list(fields))
        rules: list[RuleIR] = []
        for key, item, spec in self._valid("rules", Rule, owned=True):
            if not fields:
                continue
            rule = compiler.compile(key, spec, item.located, item.path, item.pos)
            if rule is not None:
                rule.layer = self.layers[item.layer].name if self.layers else ""
                rules.append(rule)
                for path, text in checks.rule_texts(rule):
                    self.diags.extend(checks.check_templates(text, item.located, (*item.path, *path), item.pos, fields,
                                                             table.broken))
        self.diags.extend(compiler.diagnostics)
        return rules


def check_policy(path: str | Path) -> tuple[Policy | None, list[Diagnostic]]:
    """Load a pack and return it with every diagnostic; the pack is None when any error exists."""
    loader = _Loader(Path(path))
    try:
        policy = loader.run()
    except RecursionError:
        loader.diags.append(Diagnostic.error("K016", loader.where, problem="đệ quy quá sâu", problem_en="recursion too deep"))
        policy = None
    unique: dict[tuple[Any, ...], Diagnostic] = {}
    for d in loader.diags:
        unique.setdefault((d.code, d.level, d.pos, d.suggestion, tuple(sorted((k, str(v)) for k, v in d.params.items()))), d)
    diagnostics = sorted(unique.values(), key=sort_key)
    return (None if has_errors(diagnostics) else policy), diagnostics


def load_policy(path: str | Path | None = None) -> Policy:
    """Load a pack (the default Bắc Kạn pack when ``path`` is None); raise PolicyError on errors."""
    from kcscore.packs import default_pack_path

    policy, diagnostics = check_policy(path if path is not None else default_pack_path())
    if policy is None:
        raise PolicyError(diagnostics)
    return policy
