"""Plain, comparable forms of pack values: JSON data for output, canonical text for conditions.

Two packs are compared on these forms, not on the YAML text, so re-wrapping a long condition or
writing ``14`` as ``14.0`` is not reported as a change, while any difference in meaning is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from kcscore.expr.parser import ParseError, parse
from kcscore.expr.render import to_source


def plain(value: Any) -> Any:
    """JSON data for ``value``: models as dicts without blanks, whole floats as ints, dates as ISO."""
    if isinstance(value, BaseModel):
        return plain(value.model_dump(mode="json", exclude_none=True, by_alias=True))
    if isinstance(value, dict):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def written(text: str | None) -> str | None:
    """A condition as written, on one line (folded YAML scalars keep their line breaks)."""
    return None if text is None else " ".join(text.split())


def canonical(text: str | None) -> str | None:
    """The condition's meaning as text: parsed and printed back, so layout differences vanish."""
    if text is None:
        return None
    try:
        return to_source(parse(text))
    except ParseError:  # a loaded pack never gets here; compare the text as written then
        return written(text)


def cite_of(spec: Any) -> dict[str, Any] | None:
    cite = getattr(spec, "cite", None)
    return plain(cite) if cite is not None else None
