"""Fields the new pack uses that the applicant list has no column for.

Without a column, every applicant is blank for the field, so a rule the amendment added on it can
never fire and the comparison silently understates whom the change affects. Each such field is
named by its column header, with how many applicants' outcomes wait on it under the new pack:
those that list it as missing, and of those, how many are left ``incomplete`` by it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kcscore.applicant import schema_for
from kcscore.i18n import render
from kcscore.assess.result import Assessment
from kcscore.policy.ir import Policy

ALWAYS_READ = ("id", "name")  # a list without them cannot be read at all


@dataclass
class MissingColumn:
    field: str
    header: str  # the Vietnamese column header the list should have
    added: bool  # the field is new in the new pack (the old one never asked for it)
    missing: int  # applicants that list the field as missing under the new pack
    incomplete: int  # of those, how many the new pack leaves incomplete
    applicants: int

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "header": self.header, "added": self.added, "missing": self.missing,
                "incomplete": self.incomplete, "applicants": self.applicants}

    def message(self, lang: str = "vi") -> str:
        new = render("diff.new_field", lang) if self.added else ""
        return render("diff.missing_column", lang, header=self.header, field=self.field, new=new, missing=self.missing,
                      applicants=self.applicants, incomplete=self.incomplete)


def missing_columns(old: Policy, new: Policy, rows: Iterable[Any],
                    assessments: list[Assessment]) -> list[MissingColumn]:
    """Every field the new pack reads (in a condition, or as missing for some applicant) with no column."""
    schema = schema_for(new)
    present = {schema.field_for(str(key)) for row in rows for key in getattr(row, "cells", row)}  # RawRow or mapping
    used = dict.fromkeys([*new.referenced_fields, *(f for a in assessments for f in a.missing)])
    out = []
    for fid in used:
        if fid in present or fid in ALWAYS_READ or fid not in new.fields:
            continue
        waiting = [a for a in assessments if fid in a.missing]
        out.append(MissingColumn(fid, new.fields[fid].header, fid not in old.fields, len(waiting),
                                 sum(a.decision == "incomplete" for a in waiting), len(assessments)))
    return sorted(out, key=lambda m: (-m.missing, list(new.fields).index(m.field)))
