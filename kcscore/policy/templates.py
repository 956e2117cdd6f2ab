"""The names a rule sentence's placeholders may use besides the pack's fields.

Both the pack checker (``policy.checks``, which refuses any other name) and the large-list line
writer (``batch.lines``, which fills them from a row's outcome) read this one set. It lives apart
from the checker so that writing lines does not import the rule-file model (pydantic) with it.
"""

from __future__ import annotations

TEMPLATE_EXTRAS = frozenset({"points", "max_points", "value"})
