"""The JSON output contract (the keys of `--format json`) as pydantic models, to validate what we print."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class PolicyHeader(_Open):
    id: str
    version: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    as_of: str | None = None


class FindingOut(_Open):
    rule: str
    kind: str
    points: float | None
    text: str = Field(min_length=1)


class AssessmentOut(_Open):
    id: str
    name: str
    decision: Literal["eligible", "ineligible", "incomplete"]
    score: float = Field(ge=0)
    max_score: float
    rank: int | None = Field(default=None, ge=1)
    recommended_support_vnd: int = Field(ge=0)
    findings: list[FindingOut]
    missing: list[str]
    funded: bool | None = None


class ScoreOut(AssessmentOut):
    policy: PolicyHeader


class ErrorOut(_Open):
    row: int = Field(ge=1)
    field: str | None
    message: str = Field(min_length=1)


class RankOut(_Open):
    policy: PolicyHeader
    assessments: list[AssessmentOut]
    errors: list[ErrorOut]
