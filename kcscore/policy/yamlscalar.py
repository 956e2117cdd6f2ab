"""What a YAML scalar means, and the limits every YAML file is read within.

Shared by the two readers of YAML: ``yamlcompose`` (every file, through ruamel's events) and
``yamlflat`` (flat proposals, without ruamel), so that a written scalar means the same in both
and neither reader imports the other.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

CORE = "tag:yaml.org,2002:"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# ruamel's pure-Python parser reads about 0.5 MB/s and 20 000 values/s: these limits keep any one
# file under about a quarter of a second, at ten times the size of the largest Bắc Kạn file.
MAX_FILE_BYTES = 128_000
MAX_DEPTH = 40
MAX_NODES = 5_000

# Outside YAML's printable set: C0 controls but tab and line breaks, DEL and the C1 controls but
# NEL, surrogates, and the two non-characters U+FFFE / U+FFFF. Written as the characters refused
# rather than as "not the printable ones": that negated class, with its ranges up to U+10FFFF,
# takes 3 ms to compile at every start.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]")


class UnreadableScalar(ValueError):
    """A number the core schema names but Python cannot read as one (K006): the text is kept."""


def scalar_value(text: str, tag: str) -> Any:
    """The value of a scalar written ``text`` whose resolved tag is ``tag`` (one of ``ALLOWED_TAGS``).

    One function, so that both readers of YAML (``yamlcompose``'s composer and ``yamlflat``)
    give a written scalar the same meaning. Raises ``UnreadableScalar`` for an int or float that
    cannot be read (too long, infinite, not a number after all).
    """
    if tag == f"{CORE}null":
        return None
    if tag == f"{CORE}bool":
        return text.lower() in ("true", "yes", "on")
    if tag == f"{CORE}int":
        cleaned = text.replace("_", "")
        try:
            if len(cleaned) > 40:
                raise ValueError(text)
            lowered = cleaned.lower().lstrip("+-")
            sign = -1 if cleaned.startswith("-") else 1
            if lowered.startswith("0x"):
                return sign * int(lowered[2:], 16)
            if lowered.startswith("0o"):
                return sign * int(lowered[2:], 8)
            return int(cleaned)
        except ValueError:
            raise UnreadableScalar(text) from None
    if tag == f"{CORE}float":
        try:
            value = float(text.replace("_", ""))
        except ValueError:
            value = float("nan")
        if value != value or value in (float("inf"), float("-inf")):
            raise UnreadableScalar(text)
        return value
    if tag == f"{CORE}timestamp":
        if _DATE_RE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass  # stays text: a field that needs a date says so, with K007
    return text
