"""Fill a rule's sentence template with the applicant's values, formatted for the reader."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kcscore.explain.format import field_value, points
from kcscore.policy.model import FieldSpec, Text

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(template: str, record: Mapping[str, Any], fields: Mapping[str, FieldSpec], lang: str,
         extras: Mapping[str, Any] | None = None) -> str:
    """Replace ``{field}`` with the formatted value; extras (points, max_points) are numbers."""
    extras = extras or {}

    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in extras:
            return points(extras[name], lang) if isinstance(extras[name], (int, float)) else str(extras[name])
        return field_value(record.get(name), fields.get(name), lang)

    return _PLACEHOLDER.sub(sub, template)


def both(text: Text | None, fallback: Text, record: Mapping[str, Any], fields: Mapping[str, FieldSpec],
         lang: str, extras: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """The sentence in ``lang`` and in the other language."""
    chosen = text or fallback
    other = "en" if lang == "vi" else "vi"
    return (fill(chosen.get(lang), record, fields, lang, extras), fill(chosen.get(other), record, fields, other, extras))
