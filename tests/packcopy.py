"""Copy a pack for a test together with the base layers it extends, so ``extends:`` still finds them.

The default pack (``rules/bac-kan``) extends ``../national``; a test that copies only its folder
would get a pack whose base is missing. ``copy_pack`` copies every layer to the same place
relative to the copy, and returns the copy's folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from kcscore.policy.layers import resolve_layers


def copy_pack(source: Path, dest: Path, **copytree: Any) -> Path:
    """Copy ``source`` to ``dest`` and each base layer beside it, where ``extends:`` looks for it."""
    layers, _ = resolve_layers(source)
    shutil.copytree(source, dest, **copytree)
    for layer in layers[:-1]:
        target = Path(os.path.normpath(dest / os.path.relpath(layer.root, source)))
        if not target.exists():
            shutil.copytree(layer.root, target, **copytree)
    return dest


def layer_file(pack: Path, name: str) -> Path:
    """The rule file ``name`` of a pack, in the pack's own folder or else in the nearest base layer."""
    layers, _ = resolve_layers(pack)
    for layer in reversed(layers):
        if (layer.root / name).is_file():
            return layer.root / name
    raise FileNotFoundError(f"no layer of {pack} has {name}")
