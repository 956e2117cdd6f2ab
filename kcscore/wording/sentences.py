"""Fill a rule's sentence template with the applicant's values, formatted for the reader."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kcscore.wording.format import field_value, points

if TYPE_CHECKING:
    from kcscore.policy.model import FieldSpec

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@functools.lru_cache(maxsize=4096)
def compile_template(template: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split a template once into literal pieces and placeholder names (filled many times)."""
    pieces = _PLACEHOLDER.split(template)
    return tuple(pieces[0::2]), tuple(pieces[1::2])


def fill(template: str, record: Mapping[str, Any], fields: Mapping[str, FieldSpec], lang: str,
         extras: Mapping[str, Any] | None = None) -> str:
    """Replace ``{field}`` with the formatted value; extras (points, max_points) are numbers."""
    literals, names = compile_template(template)
    if not names:
        return template
    out = [literals[0]]
    for name, literal in zip(names, literals[1:]):
        if extras and name in extras:
            value = extras[name]
            out.append(points(value, lang) if isinstance(value, (int, float)) else str(value))
        else:
            out.append(field_value(record.get(name), fields.get(name), lang))
        out.append(literal)
    return "".join(out)
