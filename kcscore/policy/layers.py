"""The layers of a pack: an overlay that ``extends`` a base, and the files and hashes of them all.

Most of a province's pack is national law; the province adds its priorities. So a pack folder may
say in its ``policy.yaml`` which folder it builds on (``extends: ../national``, relative to the
pack), and that folder may build on another. This module only finds the chain, base first, and
the files of every layer; how the layers' rules combine is the loader's job.

Kept apart from the loader (and without pydantic) so that the pack cache and the decision record
can name every file that decides an outcome, and hash them, without loading the whole pack: the
one hash of a pack covers every layer, so an edit to the national base changes the hash of every
province that extends it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kcscore.policy.diagnostics import Diagnostic, Pos
from kcscore.policy.files import content_hash, pack_files
from kcscore.suggest import closest

MANIFEST = "policy.yaml"
EXTENDS = "extends"
MAX_LAYERS = 8  # a national base, a province, a district round: far more than any real chain

# How a folder's ``extends:`` is read: its value, its position, the problems of the value.
ExtendsReader = Callable[[Path], "tuple[str | None, Pos | None, list[Diagnostic]]"]


@dataclass(frozen=True)
class Layer:
    """One folder of a composed pack: where it is, its files, and where it named its base."""

    root: Path
    rule_files: list[Path]
    test_files: list[Path]
    extends: str | None = None  # the value written, as written
    extends_pos: Pos | None = None

    @property
    def name(self) -> str:
        """How reports name the layer: its folder's name (``national``, ``bac-kan``)."""
        return self.root.resolve().name or str(self.root)


def display_name(path: Path) -> str:
    """A file's name as diagnostics show it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def read_extends(root: Path) -> tuple[str | None, Pos | None, list[Diagnostic]]:
    """The ``extends:`` value of a folder's manifest and its position, or why it is unusable.

    A manifest that cannot be read returns no value and no diagnostic: the loader reads the same
    file again and reports the problem once, where it reports every other unreadable file.
    """
    from kcscore.policy.yamlsource import read_yaml_file  # the YAML parser, only when a manifest is read

    path = root / MANIFEST
    display = display_name(path)
    if not path.is_file():
        return None, None, []
    located, _ = read_yaml_file(path, display)
    if located is None or not isinstance(located.data, dict) or EXTENDS not in located.data:
        return None, None, []
    value = located.data[EXTENDS]
    pos = located.positions.get((EXTENDS,), Pos(display, 1, 1))
    if not isinstance(value, str) or not value.strip():
        return None, pos, [Diagnostic.error("K022", pos, problem="`extends:` cần đường dẫn tới thư mục bộ quy tắc nền",
                                            problem_en="`extends:` needs the path of the base pack folder",
                                            expected="extends: ../national")]
    if Path(value).is_absolute():
        return None, pos, [Diagnostic.error("K083", pos, path=value,
                                            problem=": cần đường dẫn tương đối tính từ thư mục bộ quy tắc",
                                            problem_en=": it must be relative to the pack folder")]
    return value, pos, []


def _near(folder: Path, value: str) -> str | None:
    """A sibling pack folder spelt like the missing one, written the way ``extends`` is written."""
    parent = folder.parent
    try:
        names = [p.name for p in parent.iterdir() if (p / MANIFEST).is_file()]
    except OSError:
        return None
    guess = closest(folder.name, names)
    if guess is None:
        return None
    head = value.rstrip("/").rsplit("/", 1)
    return f"{head[0]}/{guess}" if len(head) == 2 else guess


def resolve_layers(root: Path, read: ExtendsReader = read_extends) -> tuple[list[Layer], list[Diagnostic]]:
    """Every layer of the pack at ``root``, base first, and the problems of the chain itself.

    ``read`` gives each folder's ``extends:`` (``read_extends``; the pack cache passes one that
    remembers the answer for a manifest it has read before).

    A missing base, a cycle or a chain longer than ``MAX_LAYERS`` is an error placed on the
    ``extends:`` that causes it; the layers found up to there are still returned, so the rest of
    the pack is checked too. ``PackFolderError`` and ``OSError`` of a layer's folder propagate,
    as they do for a pack without layers.
    """
    chain: list[Layer] = []
    diags: list[Diagnostic] = []
    seen: dict[Path, int] = {}
    current = root
    while True:
        seen[current.resolve()] = len(chain)
        rule_files, test_files = pack_files(current)
        value, pos, problems = read(current)
        diags.extend(problems)
        chain.append(Layer(current, rule_files, test_files, value, pos))
        if value is None or pos is None:
            break
        target = current / value
        if not (target / MANIFEST).is_file():
            diags.append(Diagnostic.error("K083", pos, _near(target, value), path=value,
                                          problem=f" ({display_name(target)} không phải thư mục bộ quy tắc: không có {MANIFEST})",
                                          problem_en=f" ({display_name(target)} is not a pack folder: no {MANIFEST})"))
            break
        if target.resolve() in seen:
            names = [layer.name for layer in chain[seen[target.resolve()]:]] + [Layer(target, [], []).name]
            diags.append(Diagnostic.error("K084", pos, chain=" → ".join(names)))
            break
        if len(chain) >= MAX_LAYERS:
            diags.append(Diagnostic.error("K084", pos, chain=f"> {MAX_LAYERS}"))
            break
        current = target
    chain.reverse()
    return chain, diags


def all_rule_files(layers: list[Layer]) -> list[Path]:
    """The rule files of every layer, base first: all that decides an outcome."""
    return [path for layer in layers for path in layer.rule_files]


def rules_hash(layers: list[Layer], root: Path) -> str:
    """The rules hash of a composed pack: every layer's rule files, named relative to ``root``.

    A base file is named ``../national/gates.yaml``: moving the whole ``rules/`` folder keeps the
    hash, editing or renaming any file of any layer changes it. A pack without ``extends`` hashes
    exactly as before layers existed.
    """
    return content_hash(all_rule_files(layers), root)


def tests_hash(layers: list[Layer], root: Path) -> str:
    """The tests hash: the top layer's ``tests/`` only, the cases that run on the composed pack."""
    return content_hash(layers[-1].test_files if layers else [], root)


def pack_hashes(root: Path, read: ExtendsReader = read_extends) -> tuple[str, str]:
    """(rules hash, tests hash) of the pack at ``root``, every layer included; raises OSError."""
    layers, _ = resolve_layers(root, read)
    return rules_hash(layers, root), tests_hash(layers, root)


def relative_name(path: Path, root: Path) -> str:
    """A file's name as a record and a hash write it: relative to the top pack, '/'-separated."""
    return Path(os.path.relpath(path, root)).as_posix()
