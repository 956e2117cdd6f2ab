"""Parse and type-check the conditions of a pack into one shared, de-duplicated table."""

from __future__ import annotations

from kcscore.expr import ast as A
from kcscore.expr.division import division_problems
from kcscore.expr.parser import ParseError, parse
from kcscore.expr.typecheck import TypeProblem, check
from kcscore.expr.types import FieldType
from kcscore.policy.diagnostics import Diagnostic, Pos
from kcscore.policy.spans import inner_pos
from kcscore.policy.yamlsource import Located, PathKey


def condition_pos(located: Located, path: PathKey, text: str, start: int = 0, end: int = 1) -> Pos:
    """Where characters ``start:end`` of the condition written at ``path`` are in the file."""
    return inner_pos(located, path, text, start, end)


def problem_to_diagnostic(problem: TypeProblem, pos: Pos, fields: dict[str, FieldType]) -> Diagnostic:
    params = dict(problem.params)
    if problem.vi:
        params.update(problem=problem.vi, problem_en=problem.en)
    diagnostic = Diagnostic.error(problem.code, pos, problem.suggestion, **params)
    return diagnostic


class ConditionTable:
    """Every distinct condition of a pack, once; rules refer to them by index."""

    def __init__(self, fields: dict[str, FieldType], labels: dict[str, str] | None = None,
                 broken: set[str] | frozenset[str] = frozenset(), labels_en: dict[str, str] | None = None) -> None:
        self.fields = fields
        self.labels = labels or {}
        self.labels_en = labels_en or {}
        self.broken = broken  # declared fields whose spec is invalid: using them is not a new error
        self.nodes: list[A.Node] = []
        self.sources: list[str] = []
        self._index: dict[A.Node, int] = {}
        self.diagnostics: list[Diagnostic] = []

    def add_node(self, node: A.Node, source: str) -> int:
        if node not in self._index:
            self._index[node] = len(self.nodes)
            self.nodes.append(node)
            self.sources.append(source)
        return self._index[node]

    def add_text(self, text: str, located: Located, path: PathKey) -> tuple[int | None, A.Node | None]:
        """Parse, type-check and register a written condition; None when it has errors."""
        try:
            node = parse(text)
        except ParseError as err:
            pos = condition_pos(located, path, text, err.start, err.end)
            self.diagnostics.append(Diagnostic.error(err.code, pos, problem=err.vi, problem_en=err.en))
            return None, None
        return self._checked(node, text, lambda s, e: condition_pos(located, path, text, s, e))

    def add_generated(self, node: A.Node, source: str, pos: Pos) -> tuple[int | None, A.Node | None]:
        """Register a condition built from a band line; errors point at the band."""
        return self._checked(node, source, lambda s, e: pos)

    def _checked(self, node: A.Node, source: str, where) -> tuple[int | None, A.Node | None]:  # type: ignore[no-untyped-def]
        problems = check(node, self.fields)
        if problems:
            for p in problems:
                if p.code == "K012" and dict(p.params).get("name") in self.broken:
                    continue
                d = problem_to_diagnostic(p, where(p.span.start, p.span.end), self.fields)
                if d.suggestion and d.code == "K012":
                    d = d.with_label(self.labels.get(d.suggestion), self.labels_en.get(d.suggestion))
                self.diagnostics.append(d)
            return None, None
        rejected = False
        for division in division_problems(node, self.fields):
            make = Diagnostic.error if division.level == "error" else Diagnostic.warning
            self.diagnostics.append(make(division.code, where(division.span.start, division.span.end), **dict(division.params)))
            rejected = rejected or division.level == "error"
        if rejected:
            return None, None
        return self.add_node(node, source), node
