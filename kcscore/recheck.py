"""Running ``score`` and ``rank`` again from a decision record's named inputs, and comparing.

Kept apart from the record's format (``decisionrecord``) because re-running needs the whole
assessing stack, while reading or writing a record needs none of it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kcscore.errors import UserError
from kcscore.i18n import Message, Twin
from kcscore.assess.result import Assessment
from kcscore.decisionrecord import (Difference, Verification, compare_decisions, compare_files, compare_versions,
                                    decision_of)
from kcscore.policy.ir import Policy


def rank_assessments(policy: Policy, file: str, options: dict[str, Any]) -> list[Assessment]:
    """The assessments ``kcscore rank`` decides for ``file`` with ``options`` (budget, as_of, sheet …).

    The budget selection is the same ``batch.run_batch`` the pipeline uses on every route, so
    the funded set and the ranks are the ones the officer saw.
    """
    from kcscore.batch.run import run_batch
    from kcscore.pipeline import read_rows

    _, rows = read_rows(policy, file, options.get("sheet"), options.get("encoding"))
    result = run_batch(policy, rows, budget=options.get("budget"), as_of=_day(options.get("as_of")),
                       engine=options.get("engine") or "auto", explain=False)
    return result.assessments


def score_assessment(policy: Policy, file: str, options: dict[str, Any]) -> Assessment:
    """The assessment ``kcscore score`` makes of ``file`` (a proposal, a sheet, or a list and an id)."""
    from kcscore.api import assess
    from kcscore.oneapplicant import load_one

    one = load_one(policy, file, options.get("id"), options.get("sheet"), options.get("encoding"))
    return assess(policy, one.record, as_of=_day(options.get("as_of")))


class RerunError(UserError):
    """The named inputs can no longer be run at all (a pack with errors, an unreadable list …)."""


def verify(record: dict[str, Any], input_path: Path | None = None, pack_path: Path | None = None) -> Verification:
    """See ``_verify``; every way a re-run can fail becomes one ``RerunError`` with both languages."""
    from kcscore.api import InvalidApplicant
    from kcscore.assess.assessor import AssessmentError
    from kcscore.oneapplicant import ApplicantNotFound
    from kcscore.pipeline import InputError as TableError
    from kcscore.policy.diagnostics import PolicyError, format_all
    from kcscore.proposal import InputError as ProposalError

    try:
        return _verify(record, input_path, pack_path)
    except PolicyError as exc:
        raise RerunError("error.as_is", text=Twin(format_all(exc.diagnostics, "gnu", "vi"),
                                                  format_all(exc.diagnostics, "gnu", "en"))) from exc
    except InvalidApplicant as exc:
        raise RerunError("error.as_is", text=Twin("; ".join(f"{p.column or p.field}: {p.message('vi')}" for p in exc.problems),
                                                  "; ".join(f"{p.column or p.field}: {p.message('en')}" for p in exc.problems))) from exc
    except (AssessmentError, ApplicantNotFound, TableError, ProposalError) as exc:
        raise RerunError(exc.said) from exc
    except OSError as exc:
        raise RerunError("error.os", path=exc.filename or "", reason=exc.strerror or exc) from exc


def _verify(record: dict[str, Any], input_path: Path | None = None, pack_path: Path | None = None) -> Verification:
    """Every difference between ``record`` and a re-run from its inputs (or the given replacements).

    Hashes and versions are compared first and reported even when the decisions come out the
    same: a record vouches for one input and one set of rule files, not for look-alikes.
    """
    from kcscore.packcache import load_policy_cached

    input_path = input_path or Path(record["input"]["path"])
    pack_path = pack_path or Path(record["pack"]["path"])
    result = Verification()
    result.differences += compare_files(record, input_path, pack_path)
    result.differences += compare_versions(record)
    policy = load_policy_cached(pack_path)
    if policy.sha256 != record["pack"]["sha256"]:
        result.differences.append(Difference("pack", Message("record.pack_hash", {"was": record["pack"]["sha256"][:12],
                                                                                 "now": policy.sha256[:12]})))
    options = dict(record.get("options", {}))
    if not input_path.is_file():
        return result
    if record["command"] == "rank":
        now = [decision_of(a) for a in rank_assessments(policy, str(input_path), options)]
    else:
        now = [decision_of(score_assessment(policy, str(input_path), options))]
    result.checked = len(now)
    result.differences += compare_decisions(record["decisions"], now)
    return result


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
