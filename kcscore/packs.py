"""Where the default Bắc Kạn pack lives, in a wheel install and in a source checkout."""

from __future__ import annotations

from pathlib import Path

DEFAULT_PACK = "bac-kan"


def default_pack_path(name: str = DEFAULT_PACK) -> Path:
    """The installed copy (``kcscore/packs/<name>``) if present, else ``rules/<name>`` of the checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "packs" / name, package.parent / "rules" / name):
        if (candidate / "policy.yaml").is_file():
            return candidate
    raise FileNotFoundError(f"the default policy pack '{name}' is not installed with kcscore")
