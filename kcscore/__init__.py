"""kcscore: score, rank and explain applicants for Vietnam's industrial-promotion (khuyến công) support.

The public API is small and imported lazily, so that ``kcscore score`` starts fast:

- ``load_policy(path=None)``: load and check a policy pack (the Bắc Kạn pack by default);
- ``assess(policy, record, as_of=None, lang="vi")``: assess one applicant record;
- ``rank(policy, records, budget=None)``: assess, rank and select within a budget.
"""

from __future__ import annotations

from typing import Any

from kcscore._version import __version__

__all__ = ["load_policy", "assess", "rank", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "load_policy":
        from kcscore.policy.loader import load_policy

        return load_policy
    if name == "assess":
        from kcscore.api import assess

        return assess
    if name == "rank":
        from kcscore.api import rank

        return rank
    raise AttributeError(name)
