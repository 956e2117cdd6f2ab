"""No output ever replaces an input: checked for every command before anything is read.

An officer who types ``kcscore rank ds.csv --out ds.csv`` (or whose ``--out r.csv`` would write
its error sidecar over an input named ``r.errors.csv``) would lose the list they were sent. A run
names its outputs (``--out`` and every sidecar its writer adds) and its inputs (files, and the
policy pack folder); :func:`check_outputs` refuses the run (exit 2) when an output is an input
under any spelling: the same path, a path through ``..``, a symlink, or a hard link (same device
and inode). It also refuses an ``--out`` that is a folder, a device or a FIFO (the atomic rename
would replace ``/dev/null`` itself), that sits under something that is not a folder, or where the
system refuses to create a file, so that such a run fails before the work, not after it.

Temporary files need no check: they are created exclusively (``mkstemp``/``mkdtemp``) with fresh
random names beside the output, so they can never be an existing input.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from kcscore.errors import OutputError, write_failed
from kcscore.i18n import Message

PACK_WALK_LIMIT = 10_000  # files looked at in a pack folder; a real pack holds a few dozen
_PACK_SUFFIXES = (".yaml", ".yml")  # a new file with these in a pack folder would join the pack


def rank_outputs(out: str | os.PathLike[str] | None) -> list[tuple[Path, str | None]]:
    """What ``rank --out`` writes: the file and, for CSV, the ``NAME.errors.csv`` sidecar."""
    if out is None:
        return []
    path = Path(out)
    outputs: list[tuple[Path, str | None]] = [(path, None)]
    if path.suffix.lower() == ".csv":
        from kcscore.output.write_csv import errors_path

        outputs.append((errors_path(path), str(path)))
    return outputs


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare the spelling made absolute
        return Path(os.path.abspath(path))


def _pack_files(folder: Path) -> list[Path]:
    """Every file under a pack folder (bounded): an output must overwrite none of them."""
    found: list[Path] = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            found.append(Path(root) / name)
            if len(found) >= PACK_WALK_LIMIT:
                return found
    return found


def _layers(folder: Path) -> list[Path]:
    """A pack folder and the folders of the base layers it extends: no output may replace theirs either."""
    from kcscore.policy.layers import resolve_layers

    try:
        layers, _ = resolve_layers(folder)
    except OSError:
        return [folder]
    return [layer.root for layer in layers] or [folder]


def _label(output: Path, owner: str | None) -> Message:
    """How a message names the output: ``--out '<file>'``, or the file and the option that asked for it."""
    if owner is None:
        return Message("error.out.label", {"output": output})
    return Message("out.error_file", {"output": output, "owner": owner})


def _refuse(output: Path, owner: str | None, source: Path, how: str = "") -> OutputError:
    """``how`` names the code that says how the two paths are one file, when they are spelt apart."""
    return OutputError("error.out.overwrites", label=_label(output, owner), source=source,
                       how=Message(how) if how else "")


def _check_place(output: Path, owner: str | None) -> None:
    """The output must not be a folder, and the nearest existing parent must be a folder."""
    if output.is_dir():
        raise OutputError("error.out.folder", label=_label(output, owner))
    if output.exists() and not output.is_file():  # a device, FIFO or socket: renaming over it would destroy it
        raise OutputError("error.out.not_file", label=_label(output, owner))
    parent = output.absolute().parent
    while not parent.exists() and parent != parent.parent:
        if parent.is_symlink():  # a dangling link: the folder cannot be made
            break
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise OutputError("error.out.parent_file", label=_label(output, owner), parent=parent)
    if parent.is_dir() and not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError("error.out.no_permission", label=_label(output, owner), parent=parent)
    if parent.is_dir():
        _probe(parent, output)


def _probe(folder: Path, output: Path) -> None:
    """Create and remove one temporary file where the output will go: permissions say nothing
    for root, and /proc or a read-only mount refuse only when asked."""
    import tempfile  # only when there is an output: it imports shutil and the compression modules

    from kcscore.fileio import TEMP_SUFFIX, temp_prefix

    try:
        fd, name = tempfile.mkstemp(prefix=temp_prefix(output), suffix=TEMP_SUFFIX, dir=folder)
    except OSError as error:
        raise write_failed(output, error) from None
    os.close(fd)
    os.unlink(name)


def check_outputs(outputs: Iterable[tuple[str | os.PathLike[str], str | None]],
                  files: Sequence[str | os.PathLike[str] | None] = (),
                  folders: Sequence[str | os.PathLike[str] | None] = ()) -> None:
    """Raise :class:`OutputError` when an output would replace an input file or a file of an input
    folder (the policy pack), or cannot be a file at all. ``outputs`` pairs each path with the
    ``--out`` it belongs to (None for ``--out`` itself); ``None`` inputs are ignored."""
    inputs = [Path(f) for f in files if f is not None]
    packs = [layer for f in folders if f is not None and Path(f).is_dir() for layer in _layers(Path(f))]
    pack_files = [(folder, file) for folder in packs for file in _pack_files(folder)]
    for raw, owner in outputs:
        output = Path(raw)
        try:
            _check_place(output, owner)
            where = _resolved(output)
            ident = _identity(output)
        except OutputError:
            raise
        except OSError as error:  # a name too long, a loop of symlinks: the system refuses it
            raise write_failed(output, error) from None
        for source in inputs + [file for _, file in pack_files]:
            if where == _resolved(source):
                same_spelling = os.path.abspath(output) == os.path.abspath(source)
                raise _refuse(output, owner, source, "" if same_spelling else "error.out.overwrites.other_path")
            if ident is not None and ident == _identity(source):
                raise _refuse(output, owner, source, "error.out.overwrites.hard_link")
        for folder in packs:
            inside = _resolved(folder)
            if inside in where.parents and where.suffix.lower() in _PACK_SUFFIXES:
                raise OutputError("error.out.in_pack", label=_label(output, owner), folder=folder)
