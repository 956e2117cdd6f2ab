"""The shape of a policy pack, as pydantic models: what policy staff may write, and nothing else.

Every model forbids unknown keys, so a misspelt key is an error (with a suggestion) rather than a
silently ignored line. Rules form a closed set of mechanisms, told apart by ``kind``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kcscore.kinds import registry
from kcscore.policy.plain import BAND_KEYS, BandShape, CiteWords, TextWords

_ID = r"^[a-z][a-z0-9_]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Text(TextWords, Strict):
    """A sentence or label in both languages; Vietnamese is what officers read first."""

    vi: str
    en: str


class Cite(CiteWords, Strict):
    """Where a rule or value comes from. ``confidence`` follows the domain notes' tags."""

    doc: str = Field(min_length=1)
    article: str | None = None
    url: str | None = None
    confidence: Literal["read", "read-2nd", "unconfirmed"] = "read"
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"doc": data} if isinstance(data, str) else data


class EnumValue(Strict):
    vi: str
    en: str
    aliases: tuple[str, ...] = ()
    # a value a facility that has it cannot leave by a project (a trade that does not process is not
    # made a processor by new machinery): no suggestion proposes moving away from it
    fixed: bool = False


FieldKind = Literal["text", "integer", "number", "money", "percent", "boolean", "enum", "date"]


class FieldSpec(Strict):
    type: FieldKind
    title: Text
    header: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    unit: str | None = None
    min: float | None = None
    min_exclusive: bool = False
    max: float | None = None
    required: bool = False
    unique: bool = False
    max_length: int = Field(default=500, ge=1, le=4000)
    values: dict[str, EnumValue] = {}
    help: Text | None = None
    actionable: bool = True  # false for facts a facility cannot change (where it is): never suggested

    @field_validator("values")
    @classmethod
    def _value_ids(cls, values: dict[str, EnumValue]) -> dict[str, EnumValue]:
        for key in values:
            if not re.match(r"^[A-Za-z0-9_]+$", key):
                raise ValueError(f"mã giá trị '{key}' chỉ gồm chữ, số và _ || enum value id '{key}' must use letters, digits and _ only")
        return values

    @model_validator(mode="after")
    def _enum_has_values(self) -> FieldSpec:
        if self.type == "enum" and not self.values:
            raise ValueError("trường enum cần `values` || an enum field needs `values`")
        if self.type != "enum" and self.values:
            raise ValueError("chỉ trường enum mới có `values` || only enum fields take `values`")
        return self


class TieBreak(Strict):
    criterion: str | None = None
    field: str | None = None
    order: Literal["desc", "asc"] = "desc"

    @model_validator(mode="after")
    def _one_target(self) -> TieBreak:
        if (self.criterion is None) == (self.field is None):
            raise ValueError("tiêu chí phụ ghi đúng một trong `criterion` hoặc `field` || a tie-break names exactly one of `criterion` or `field`")
        return self


class Ranking(Strict):
    """How eligible applicants are ordered (``batch.ranking``).

    ``merit``: by score, then the tie-breaks. ``statutory``: first by the points of each group of
    ``priority`` in turn (the ``group`` labels of criteria and bonuses, e.g. the law's area priority,
    then trade group 6.2.b, then 6.2.a), then by score, then the tie-breaks.
    """

    mode: Literal["merit", "statutory"] = "merit"
    priority: tuple[str, ...] = ()
    tie_breaks: tuple[TieBreak, ...] = ()

    @model_validator(mode="after")
    def _priority_with_statutory(self) -> Ranking:
        if self.mode == "statutory" and not self.priority:
            raise ValueError("`mode: statutory` cần `priority`: các nhóm tiêu chí theo thứ tự ưu tiên || "
                             "`mode: statutory` needs `priority`: the criterion groups in order of priority")
        if self.mode == "merit" and self.priority:
            raise ValueError("`priority` chỉ dùng với `mode: statutory` || `priority` is used with `mode: statutory` only")
        if len(set(self.priority)) != len(self.priority):
            raise ValueError("mỗi nhóm chỉ ghi một lần trong `priority` || each group appears once in `priority`")
        return self


class Budget(Strict):
    when_not_fit: Literal["skip", "stop"] = "skip"


class PolicyMeta(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    version: str
    title: Text
    jurisdiction: Text
    currency: Literal["VND"] = "VND"
    max_score: float = Field(gt=0)
    legal_basis: str | None = None
    description: Text | None = None
    last_verified_on: dt.date | None = None
    valid_from: dt.date | None = None  # first day the pack may be applied on (inclusive)
    valid_until: dt.date | None = None  # last day the pack may be applied on (inclusive)
    ranking: Ranking = Ranking()
    budget: Budget = Budget()


class _RuleBase(Strict):
    title: Text
    cite: Cite
    description: Text | None = None


class Gate(_RuleBase):
    """Who may apply. Passes when it does not apply, when exempt, or when ``require`` holds."""

    kind: Literal["gate"]
    applies: str | None = None
    require: str
    exempt: str | None = None
    fails: Text
    passes: Text | None = None


class Exclusion(_RuleBase):
    """Who is refused. Excluded when it applies, ``when`` holds and no exemption holds."""

    kind: Literal["exclusion"]
    applies: str | None = None
    when: str
    exempt: str | None = None
    reason: Text


class Band(BandShape, Strict):
    """One line of a band table; exactly one condition key, then the points it earns."""

    above: float | None = None
    at_least: float | None = None
    below: float | None = None
    at_most: float | None = None
    between: tuple[float, float] | None = None
    is_: Annotated[str | bool | None, Field(alias="is")] = None
    in_: Annotated[tuple[str, ...] | None, Field(alias="in")] = None
    when: str | None = None
    otherwise: float | None = None
    points: float | None = None
    says: Text | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    @model_validator(mode="after")
    def _one_condition(self) -> Band:
        keys = [k for k in BAND_KEYS if getattr(self, k) is not None]
        if len(keys) != 1:
            raise ValueError("mỗi mức có đúng một điều kiện: above, at_least, below, at_most, between, is, in, when, otherwise || a band has exactly one of above, at_least, below, at_most, between, is, in, when, otherwise")
        if keys[0] == "otherwise":
            if self.points is not None:
                raise ValueError("`otherwise` tự mang số điểm: {otherwise: 0} || `otherwise` carries the points itself: {otherwise: 0}")
        elif self.points is None:
            raise ValueError("mức cần `points` || a band needs `points`")
        if self.between is not None and self.between[0] > self.between[1]:
            raise ValueError("`between: [thấp, cao]` cần thấp <= cao || `between: [low, high]` needs low <= high")
        return self


class SumItem(Strict):
    when: str
    points: float
    says: Text | None = None


class Criterion(_RuleBase):
    """A scored priority: a band table over an input, or a capped sum of items."""

    kind: Literal["criterion"]
    applies: str | None = None  # who the criterion concerns; elsewhere it is not_applicable (assess.scale)
    input: str | None = None
    bands: tuple[Band, ...] | None = None
    sum: tuple[SumItem, ...] | None = None
    cap: float | None = None
    says: Text | None = None
    monotonic: Literal["increasing", "decreasing"] | None = None
    group: str | None = None

    @model_validator(mode="after")
    def _one_mechanism(self) -> Criterion:
        if (self.bands is None) == (self.sum is None):
            raise ValueError("tiêu chí có đúng một trong `bands` hoặc `sum` || a criterion has exactly one of `bands` or `sum`")
        if self.cap is not None and self.sum is None:
            raise ValueError("`cap` chỉ dùng với tiêu chí `sum` || `cap` applies to a `sum` criterion")
        if self.monotonic and not self.input:
            raise ValueError("`monotonic` cần khai báo `input` || `monotonic` needs the `input` it is monotonic in")
        return self


class Bonus(_RuleBase):
    kind: Literal["bonus"]
    applies: str | None = None
    when: str
    points: float = Field(gt=0)
    says: Text
    group: str | None = None


class Penalty(_RuleBase):
    kind: Literal["penalty"]
    applies: str | None = None
    input: str | None = None
    when: str | None = None
    points: float | None = Field(default=None, lt=0)
    bands: tuple[Band, ...] | None = None
    says: Text
    monotonic: Literal["increasing", "decreasing"] | None = None

    @model_validator(mode="after")
    def _one_mechanism(self) -> Penalty:
        if self.bands is None and (self.when is None or self.points is None):
            raise ValueError("điểm trừ cần `when` và `points` (số âm), hoặc `bands` || a penalty has `when` and `points` (negative), or `bands`")
        if self.bands is not None and self.when is not None:
            raise ValueError("điểm trừ dùng `when` hoặc `bands`, không dùng cả hai || a penalty has `when` or `bands`, not both")
        return self


class Flag(_RuleBase):
    kind: Literal["flag"]
    when: str
    says: Text
    level: Literal["warning", "info"] = "warning"


class Support(_RuleBase):
    """How much to recommend: min(requested, share × cost, cap in force on the as-of date)."""

    kind: Literal["support"]
    applies: str
    share: float | str
    cap: str | float | None = None
    cost_field: str = "total_cost_vnd"
    requested_field: str = "requested_support_vnd"
    says: Text | None = None


Rule = Annotated[Union[Gate, Exclusion, Criterion, Bonus, Penalty, Flag, Support], Field(discriminator="kind")]
RULE_KINDS = registry.RULE_KINDS  # the units of kcscore.kinds; each needs its model class in ``Rule``


class DatedValue(Strict):
    value: float | None
    cite: Cite
    until: dt.date | None = None
    note: str | None = None


class Parameter(Strict):
    """A value that changes with the law; each period carries its own citation."""

    title: Text
    unit: Literal["vnd", "percent", "ratio", "number"]
    values: dict[dt.date, DatedValue]


class Expect(Strict):
    decision: Literal["eligible", "ineligible", "incomplete"] | None = None
    score: float | None = None
    points: dict[str, float] = {}
    support: int | None = None
    missing: tuple[str, ...] | None = None
    reasons: tuple[str, ...] | None = None
    flags: tuple[str, ...] | None = None
    not_applicable: tuple[str, ...] | None = None  # the scored rules that do not apply to the case
    support_set_by: Literal["requested", "share", "cap"] | None = None


class TestCase(Strict):
    name: str
    as_of: dt.date | None = None
    applicant: dict[str, Any]
    expect: Expect
    note: str | None = None


SECTIONS = ("policy", "fields", "rules", "parameters")
TEST_SECTIONS = ("bases", "cases")
