"""One applicant for ``kcscore score``: from a proposal file, a one-row sheet, or a list and an id.

Officers fill the sheet ``kcscore template`` writes, or hold a province's whole list and want
one applicant's scorecard. Both are read with the same table readers as ``kcscore rank``, so
what a header means never differs between the two commands. Where a row came from travels
with the record, so a bad cell is named by its row and column in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kcscore.errors import UserError
from kcscore.i18n import Message, Twin, render
from kcscore.policy.ir import Policy

# Read as a list of rows; anything else (YAML, TOML, a JSON object) is a proposal file.
TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ".jsonl")


class ApplicantNotFound(UserError):
    """The file holds no such applicant, or not exactly one when no id was given."""


@dataclass(frozen=True)
class OneApplicant:
    """The raw record and where it was found: ``line`` is the spreadsheet row (None for a proposal)."""

    record: dict[str, Any]
    line: int | None = None

    def where(self, column: str | None, lang: str) -> str:
        """'dòng 4, cột «Số lao động»': the cell to open in the spreadsheet."""
        parts = []
        if self.line is not None:
            parts.append(render("rank.row", lang, row=self.line))
        if column:
            parts.append(render("table.column", lang, column=column))
        return ", ".join(parts)


def is_table(path: str | Path, record_id: str | None) -> bool:
    """A list of rows: a spreadsheet, CSV or JSON Lines file, or any JSON file when an id is asked for."""
    suffix = Path(path).suffix.lower()
    return suffix in TABLE_SUFFIXES or (record_id is not None and suffix == ".json")


def load_one(policy: Policy | None, path: str, record_id: str | None = None, sheet: str | None = None,
             encoding: str | None = None) -> OneApplicant:
    """The applicant in ``path``; InputError (pipeline's or proposal's) when the file cannot be read.

    ``policy`` may be None for a proposal file, which is read before the pack is loaded.
    A table without ``record_id`` must hold exactly one applicant row (the template's case);
    with it, the row whose id matches (case and spaces ignored), else a close id is suggested.
    """
    if not is_table(path, record_id):
        from kcscore.proposal import read_proposal

        raw = read_proposal(path)
        if record_id is not None and str(raw.get("id", "")).strip() != record_id.strip():
            raise ApplicantNotFound("error.applicant.other_id", path=path, found=raw.get("id"), wanted=record_id)
        return OneApplicant(raw)
    from kcscore.pipeline import read_rows

    assert policy is not None, "a list is read with the pack's headers"
    _, rows = read_rows(policy, path, sheet, encoding)
    rows = [r for r in rows if any(v not in (None, "") for v in r.cells.values()) or r.problem]
    ids = {_id_of(policy, r.cells): r for r in rows}
    if record_id is None:
        if len(rows) == 1:
            return _from_row(policy, path, rows[0])
        shown = ", ".join(str(i) for i in list(ids)[:8] if i)
        example = Message("error.applicant.choose.example", {"shown": shown}) if shown else ""
        raise ApplicantNotFound("error.applicant.choose", path=path, count=len(rows), example=example)
    wanted = _norm(record_id)
    matches = [r for i, r in ids.items() if i is not None and _norm(i) == wanted]
    if matches:
        return _from_row(policy, path, matches[0])
    from kcscore.suggest import closest

    guess = closest(record_id, [i for i in ids if i])
    raise ApplicantNotFound("error.applicant.no_such_id", path=path, wanted=record_id,
                            guess=Message("error.did_you_mean", {"guess": guess}) if guess else "")


def _from_row(policy: Policy, path: str, row: Any) -> OneApplicant:
    """The row's cells under the pack's headers; other columns (STT, notes) are left out, as rank does."""
    from kcscore.applicant import schema_for

    if row.problem is not None:
        problem = row.problem if isinstance(row.problem, Message) else Twin(*row.problem)
        raise ApplicantNotFound("error.applicant.row", path=path, line=row.line, problem=problem)
    schema = schema_for(policy)
    return OneApplicant({h: v for h, v in row.cells.items() if schema.field_for(h) is not None}, row.line)


def _id_of(policy: Policy, cells: dict[str, Any]) -> str | None:
    """The row's id cell, whatever header the file gives the id field."""
    from kcscore.applicant import schema_for

    schema = schema_for(policy)
    for header, value in cells.items():
        if schema.field_for(header) == "id" and value not in (None, ""):
            return str(value).strip()
    return None


def _norm(text: str) -> str:
    return "".join(str(text).split()).casefold()
