"""How deep a proposal or a list cell may nest, checked without recursion.

A proposal is a flat record and a list cell a value or a short list; a file nested thousands of
levels deep (``[[[[…``) is hostile or broken. The parsers would meet Python's recursion limit and
crash; the readers catch that and this module checks, without recursing itself, what they did
parse, so that every later step can walk values safely.
"""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 40  # as for rule files (kcscore.policy): far beyond any real proposal


def depth_exceeds(value: Any, limit: int = MAX_DEPTH) -> bool:
    """True when ``value`` holds lists or mappings nested more than ``limit`` levels."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, (list, tuple)):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
