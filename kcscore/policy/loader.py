"""Load a policy pack folder into a checked ``Policy``, or every reason it cannot be loaded.

All files are read and every problem is collected before anything is returned; a pack with any
error is never returned at all, so nothing can run on a half-loaded pack.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kcscore.expr.analysis import Analyzer
from kcscore.expr.types import FieldType
from kcscore.policy import checks
from kcscore.policy.conditions import ConditionTable
from kcscore.policy.dated import build_parameter
from kcscore.policy.diagnostics import Diagnostic, Pos, has_errors, sort_key
from kcscore.policy.ir import ParameterIR, Policy, RuleIR
from kcscore.policy.model import SECTIONS, TEST_SECTIONS, FieldSpec, Parameter, PolicyMeta, Rule, Support
from kcscore.policy.rules import RuleCompiler
from kcscore.policy.validation import validate
from kcscore.policy.yamlsource import Located, read_yaml_file
from kcscore.suggest import closest

MAX_FILES = 200


class PolicyError(Exception):
    """Raised by ``load_policy`` when a pack has errors; carries every diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{sum(d.level == 'error' for d in diagnostics)} error(s) in the policy pack")
        self.diagnostics = diagnostics


@dataclass
class _Item:
    key: str
    data: Any
    located: Located
    path: tuple[Any, ...]

    @property
    def pos(self) -> Pos:
        return self.located.key_positions.get(self.path) or self.located.positions.get(self.path, Pos("?", 1, 1))


@dataclass
class _Collected:
    sections: dict[str, dict[str, _Item]] = field(default_factory=dict)
    policy: _Item | None = None
    bases: dict[str, _Item] = field(default_factory=dict)
    cases: list[_Item] = field(default_factory=list)


def field_type(spec: FieldSpec) -> FieldType:
    return FieldType(spec.type, tuple(spec.values), spec.min, spec.max, spec.min_exclusive)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def pack_files(root: Path) -> tuple[list[Path], list[Path]]:
    rule_files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    tests_dir = root / "tests"
    test_files = sorted(p for p in tests_dir.iterdir() if p.suffix in (".yaml", ".yml")) if tests_dir.is_dir() else []
    return rule_files, test_files


def content_hash(files: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.diags: list[Diagnostic] = []
        self.col = _Collected()

    # -- reading -----------------------------------------------------------------------------
    def collect(self, files: list[Path], allowed: tuple[str, ...]) -> None:
        for path in files:
            located, problems = read_yaml_file(path, _display(path))
            self.diags.extend(problems)
            if located is None:
                continue
            data = located.data
            if not isinstance(data, dict):
                self.diags.append(Diagnostic.error("K022", located.positions.get((), Pos(_display(path), 1, 1)),
                                                   problem="cần một bảng các phần " + ", ".join(allowed),
                                                   problem_en="expected a mapping of sections " + ", ".join(allowed), expected=""))
                continue
            for section, body in data.items():
                key_pos = located.key_positions.get((section,), Pos(_display(path), 1, 1))
                if section not in allowed:
                    self.diags.append(Diagnostic.error("K020", key_pos, closest(section, allowed), key=section,
                                                       allowed=", ".join(allowed)))
                    continue
                self._section(section, body, located, key_pos)

    def _section(self, section: str, body: Any, located: Located, key_pos: Pos) -> None:
        if section == "policy":
            if self.col.policy is not None:
                self.diags.append(Diagnostic.error("K051", key_pos, id="policy", other=str(self.col.policy.pos)))
            self.col.policy = _Item("policy", body, located, ("policy",))
            return
        if section == "cases":
            if not isinstance(body, list):
                self.diags.append(Diagnostic.error("K022", key_pos, problem="cần một danh sách ca kiểm thử",
                                                   problem_en="expected a list of test cases", expected=""))
                return
            self.col.cases.extend(_Item(str(i), c, located, ("cases", i)) for i, c in enumerate(body))
            return
        if not isinstance(body, dict):
            self.diags.append(Diagnostic.error("K022", key_pos, problem="cần một bảng `mã: nội dung`",
                                               problem_en="expected a mapping `id: body`", expected=""))
            return
        target = self.col.bases if section == "bases" else self.col.sections.setdefault(section, {})
        for key, value in body.items():
            item = _Item(key, value, located, (section, key))
            if key in target:
                self.diags.append(Diagnostic.error("K051", item.pos, id=key, other=str(target[key].pos)))
                continue
            if section in ("rules", "fields", "parameters") and not _valid_id(key):
                self.diags.append(Diagnostic.error("K024", item.pos, problem=f"mã '{key}' chỉ gồm chữ thường, số và _",
                                                   problem_en=f"id '{key}' must be lower-case letters, digits and _"))
                continue
            target[key] = item

    # -- building ----------------------------------------------------------------------------
    def run(self) -> Policy | None:
        if not self.root.is_dir():
            self.diags.append(Diagnostic.error("K080", Pos(str(self.root), 1, 1), path=str(self.root)))
            return None
        rule_files, test_files = pack_files(self.root)
        if not rule_files or len(rule_files) + len(test_files) > MAX_FILES:
            self.diags.append(Diagnostic.error("K080", Pos(str(self.root), 1, 1), path=str(self.root)))
            return None
        self.collect(rule_files, SECTIONS)
        self.collect(test_files, TEST_SECTIONS)

        meta = self._meta()
        fields = self._fields()
        field_types = {k: field_type(v) for k, v in fields.items()}
        labels = {k: v.title.vi for k, v in fields.items()}
        table = ConditionTable(field_types, labels)
        params = self._parameters()
        rules = self._rules(table, fields)
        self.diags.extend(table.diagnostics)
        if meta is not None and fields and not has_errors(self.diags):
            self._pack_checks(meta, rules, params, fields, table)
        from kcscore.policy.cases import load_cases  # local: cases need the applicant reader

        cases = load_cases(self.col.bases, self.col.cases, fields, rules, self.diags)
        if meta is None or has_errors(self.diags):
            return None
        all_files = rule_files + test_files
        return Policy(meta, fields, field_types, rules, params, table.nodes, table.sources, cases,
                      self.root, all_files, content_hash(all_files, self.root),
                      {"policy.max_score": self.col.policy.pos if self.col.policy else Pos("?", 1, 1)})

    def _meta(self) -> PolicyMeta | None:
        item = self.col.policy
        if item is None:
            self.diags.append(Diagnostic.error("K081", Pos(str(self.root), 1, 1), section="policy"))
            return None
        meta, problems = validate(PolicyMeta, item.data, item.located, item.path)
        self.diags.extend(problems)
        return meta

    def _fields(self) -> dict[str, FieldSpec]:
        out: dict[str, FieldSpec] = {}
        items = self.col.sections.get("fields", {})
        if not items:
            self.diags.append(Diagnostic.error("K081", Pos(str(self.root), 1, 1), section="fields"))
        headers: dict[str, str] = {}
        for key, item in items.items():
            spec, problems = validate(FieldSpec, item.data, item.located, item.path)
            self.diags.extend(problems)
            if spec is None:
                continue
            out[key] = spec
            from kcscore.tables.values import fold

            for header in (spec.header, *spec.aliases, key):
                folded = fold(header)
                if folded in headers and headers[folded] != key:
                    self.diags.append(Diagnostic.error("K054", item.pos, problem=f"tiêu đề cột '{header}' trùng với trường '{headers[folded]}'",
                                                       problem_en=f"column header '{header}' is also used by field '{headers[folded]}'"))
                headers[folded] = key
        for required in ("id", "name"):
            if items and required not in items:
                self.diags.append(Diagnostic.error("K054", Pos(str(self.root), 1, 1), problem=f"lược đồ thiếu trường bắt buộc '{required}'",
                                                   problem_en=f"the schema lacks the required field '{required}'"))
        return out

    def _parameters(self) -> dict[str, ParameterIR]:
        out: dict[str, ParameterIR] = {}
        for key, item in self.col.sections.get("parameters", {}).items():
            spec, problems = validate(Parameter, item.data, item.located, item.path)
            self.diags.extend(problems)
            if spec is None:
                continue
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
        for key, item in self.col.sections.get("rules", {}).items():
            spec, problems = validate(Rule, item.data, item.located, item.path, owner=key)
            self.diags.extend(problems)
            if spec is None or not fields:
                continue
            rule = compiler.compile(key, spec, item.located, item.path, item.pos)
            if rule is not None:
                rules.append(rule)
                for text in checks.rule_texts(rule):
                    self.diags.extend(checks.check_templates(text, item.pos, fields))
        self.diags.extend(compiler.diagnostics)
        return rules

    def _pack_checks(self, meta: PolicyMeta, rules: list[RuleIR], params: dict[str, ParameterIR],
                     fields: dict[str, FieldSpec], table: ConditionTable) -> None:
        analyzer = Analyzer(table.fields)
        assert self.col.policy is not None
        policy_item = self.col.policy
        max_pos = policy_item.located.positions.get(("policy", "max_score"), policy_item.pos)
        self.diags.extend(checks.check_total(meta, rules, max_pos))
        self.diags.extend(checks.check_dead_conditions(rules, table.nodes, analyzer))
        items = self.col.sections.get("rules", {})
        for rule in rules:
            self.diags.extend(checks.check_bands(rule, table.nodes, analyzer))
            if isinstance(rule.spec, Support):
                item = items[rule.id]
                self.diags.extend(checks.check_support(
                    rule, params, fields,
                    lambda key, item=item: item.located.positions.get((*item.path, key), item.pos)))
        scored = {r.id for r in rules if r.scored}
        for i, tie in enumerate(meta.ranking.tie_breaks):
            pos = policy_item.located.positions.get(("policy", "ranking", "tie_breaks", i), policy_item.pos)
            if tie.criterion is not None and tie.criterion not in scored:
                self.diags.append(Diagnostic.error("K053", pos, closest(tie.criterion, scored), name=tie.criterion,
                                                   allowed=", ".join(sorted(scored))))
            if tie.field is not None and (tie.field not in fields or fields[tie.field].type not in ("integer", "number", "money", "percent")):
                numeric = [k for k, v in fields.items() if v.type in ("integer", "number", "money", "percent")]
                self.diags.append(Diagnostic.error("K053", pos, closest(tie.field, numeric), name=tie.field,
                                                   allowed=", ".join(numeric)))
        if not any(isinstance(r.spec, Support) for r in rules):
            self.diags.append(Diagnostic.warning("K081", policy_item.pos, section="rules: kind: support"))


def _valid_id(key: str) -> bool:
    return bool(key) and key[0].isascii() and key[0].islower() and all(c.isascii() and (c.islower() or c.isdigit() or c == "_") for c in key)


def check_policy(path: str | Path) -> tuple[Policy | None, list[Diagnostic]]:
    """Load a pack and return it with every diagnostic; the pack is None when any error exists."""
    loader = _Loader(Path(path))
    try:
        policy = loader.run()
    except RecursionError:
        loader.diags.append(Diagnostic.error("K016", Pos(str(path), 1, 1), problem="recursion"))
        policy = None
    diagnostics = sorted(loader.diags, key=sort_key)
    return (None if has_errors(diagnostics) else policy), diagnostics


def load_policy(path: str | Path | None = None) -> Policy:
    """Load a pack (the default Bắc Kạn pack when ``path`` is None); raise PolicyError on errors."""
    from kcscore.packs import default_pack_path

    policy, diagnostics = check_policy(path if path is not None else default_pack_path())
    if policy is None:
        raise PolicyError(diagnostics)
    return policy
