"""kcscore's packages form layers and every import points down (docs/architecture.md).

The graph is built from the source with ``ast``: every ``import``/``from … import`` of a kcscore
module anywhere in a file counts, lazy imports inside functions and ``TYPE_CHECKING`` blocks too,
because a lazy import is still a dependency. A node is a subpackage of kcscore (``policy``,
``batch`` …), a top-level module (``cli``, ``fileio`` …), or ``kcscore`` itself (its ``__init__``).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kcscore"

# Bottom first. A module may import its own layer or a lower one, never a higher one.
LAYERS: list[tuple[str, set[str]]] = [
    ("base", {"errors", "nesting", "suggest", "forking", "futuredates", "fileio", "packs", "_durable_compat",
              "_version", "i18n", "sha"}),
    ("cells", {"tables"}),
    ("expr", {"expr"}),
    ("kinds", {"kinds"}),
    ("policy", {"policy"}),
    ("wording", {"wording"}),
    ("records", {"applicant", "proposal", "synthetic", "packcache"}),
    ("engine", {"engine"}),
    ("assess", {"assess"}),
    ("batch", {"batch", "packtest", "caseupdate"}),
    ("explain", {"explain"}),
    ("report", {"report"}),
    ("output", {"output", "policydiff"}),
    ("application", {"api", "pipeline", "outputguard", "clitext", "safenet", "oneapplicant", "decisionrecord", "recheck", "notices"}),
    ("cli", {"cli", "__main__", "kcscore"}),
]


class Edge(NamedTuple):
    """One import of node ``target`` by a file of node ``source``, at ``where`` (file:line)."""

    source: str
    target: str
    where: str


def _module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _node(dotted: str, package: Path) -> str | None:
    """The node of a dotted module name: its first part under kcscore, or ``kcscore`` for the root."""
    parts = dotted.split(".")
    if parts[0] != package.name:
        return None
    return parts[1] if len(parts) > 1 else package.name


def _is_module(package: Path, name: str) -> bool:
    return (package / f"{name}.py").is_file() or (package / name / "__init__.py").is_file()


def _targets(node: ast.AST, here: str, is_init: bool, package: Path) -> Iterable[str]:
    """The dotted modules that one import statement loads."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = here.split(".") if is_init else here.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            dotted = ".".join(base + ([node.module] if node.module else []))
        else:
            dotted = node.module or ""
        if dotted == package.name:  # `from kcscore import pipeline` imports a module; `__version__` the root
            for alias in node.names:
                yield f"{dotted}.{alias.name}" if _is_module(package, alias.name) else dotted
        else:
            yield dotted


def import_edges(package: Path = PACKAGE) -> list[Edge]:
    """Every import between two different nodes of ``package``, lazy ones included."""
    edges = []
    for path in sorted(package.rglob("*.py")):
        here = _module_name(path, package)
        source = _node(here, package)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            for dotted in _targets(node, here, path.name == "__init__.py", package):
                target = _node(dotted, package)
                if target is not None and source is not None and target != source:
                    where = f"{path.relative_to(package.parent)}:{node.lineno}"
                    edges.append(Edge(source, target, where))
    return edges


def string_imports(package: Path = PACKAGE) -> list[str]:
    """``importlib.import_module("kcscore…")`` / ``__import__("kcscore…")``: imports the graph cannot see."""
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            first = node.args[0]
            if (name in ("import_module", "__import__") and isinstance(first, ast.Constant)
                    and isinstance(first.value, str) and first.value.split(".")[0] == package.name):
                found.append(f"{path.relative_to(package.parent)}:{node.lineno}")
    return found


def strongly_connected(nodes: Iterable[str], edges: Iterable[Edge]) -> list[set[str]]:
    """Tarjan's strongly connected components (iterative, so a deep graph cannot overflow)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        graph[edge.source].add(edge.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    for start in sorted(set(nodes) | set(graph)):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


def cycles(edges: list[Edge]) -> list[str]:
    """Each component of more than one node, with the imports that hold it together."""
    out = []
    for component in strongly_connected({e.source for e in edges}, edges):
        if len(component) > 1:
            inside = sorted(f"  {e.source} -> {e.target}  {e.where}" for e in edges
                            if e.source in component and e.target in component)
            out.append(f"cycle among {sorted(component)}:\n" + "\n".join(inside))
    return out


def upward_imports(edges: list[Edge], layers: list[tuple[str, set[str]]] = LAYERS) -> list[str]:
    """Each import of a higher layer, as ``file:line: source (layer) imports target (layer)``."""
    rank = {member: (i, name) for i, (name, members) in enumerate(layers) for member in members}
    out = []
    for edge in edges:
        if edge.source in rank and edge.target in rank and rank[edge.target][0] > rank[edge.source][0]:
            out.append(f"{edge.where}: {edge.source} ({rank[edge.source][1]}) imports {edge.target} "
                       f"({rank[edge.target][1]}), a higher layer")
    return sorted(out)


def nodes_of(package: Path = PACKAGE) -> set[str]:
    """Every subpackage and top-level module of ``package``, and the package itself."""
    found = {package.name}
    for path in package.iterdir():
        if path.suffix == ".py" and path.name != "__init__.py":
            found.add(path.stem)
        elif (path / "__init__.py").is_file():
            found.add(path.name)
    return found


# -- kcscore itself ------------------------------------------------------------------------------

def test_no_package_import_cycles() -> None:
    problems = cycles(import_edges())
    assert not problems, "\n".join(problems)


def test_imports_point_down_the_declared_layers() -> None:
    problems = upward_imports(import_edges())
    assert not problems, "\n".join(problems)


def test_every_package_and_module_has_one_layer() -> None:
    declared = [member for _, members in LAYERS for member in members]
    assert len(declared) == len(set(declared)), "a node is declared in two layers"
    assert nodes_of() == set(declared), (f"place in LAYERS: {sorted(nodes_of() - set(declared))}; "
                                          f"no longer exist: {sorted(set(declared) - nodes_of())}")


def test_no_kcscore_module_is_imported_by_a_string() -> None:
    assert string_imports() == []


# -- the checker, on a planted package -----------------------------------------------------------

def _plant(tmp_path: Path, files: dict[str, str]) -> Path:
    package = tmp_path / "kcscore"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_a_lazy_back_import_is_reported_as_a_cycle_and_an_upward_import(tmp_path: Path) -> None:
    package = _plant(tmp_path, {
        "__init__.py": "",
        "policy/__init__.py": "",
        "policy/model.py": "def load():\n    from kcscore.output.write import write  # lazy\n    return write\n",
        "output/__init__.py": "",
        "output/write.py": "from kcscore.policy.model import load\n",
    })
    edges = import_edges(package)
    assert ("policy", "output", "kcscore/policy/model.py:2") in edges
    problems = cycles(edges)
    assert len(problems) == 1 and "['output', 'policy']" in problems[0]
    assert "kcscore/policy/model.py:2" in problems[0]
    layers = [("policy", {"policy"}), ("output", {"output"})]
    assert upward_imports(edges, layers) == [
        "kcscore/policy/model.py:2: policy (policy) imports output (output), a higher layer"]


def test_relative_and_root_imports_are_followed(tmp_path: Path) -> None:
    package = _plant(tmp_path, {
        "__init__.py": "__version__ = '1'\n",
        "cli.py": "from kcscore import pipeline\n",
        "pipeline.py": "from kcscore import __version__\n",
        "batch/__init__.py": "from ..pipeline import x\nfrom . import run\n",
        "batch/run.py": "if True:\n    import kcscore.cli\n",
    })
    edges = {(e.source, e.target) for e in import_edges(package)}
    assert edges == {("cli", "pipeline"), ("pipeline", "kcscore"), ("batch", "pipeline"), ("batch", "cli")}
    assert cycles(import_edges(package)) == []


def test_a_string_import_is_found(tmp_path: Path) -> None:
    package = _plant(tmp_path, {"__init__.py": "",
                                "api.py": "import importlib\nm = importlib.import_module('kcscore.batch')\n"})
    assert string_imports(package) == ["kcscore/api.py:2"]
