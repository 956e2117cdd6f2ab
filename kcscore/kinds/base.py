"""What every kind unit shares: Kleene truths one at a time and as arrays, the outcome records,
and ``Kind``, the description a unit gives of itself.

Blank fields make conditions unknown, and unknown is carried through honestly: a kind that
settles eligibility reports ``unknown`` (the decision becomes incomplete), and a scored kind
earns the least points any value of the blank fields could give and reports the most.

In arrays, truths are coded 2 = true, 1 = unknown, 0 = false, so that *and* is ``min``, *or* is
``max`` and *not* is ``2 - x``.

numpy is imported inside the array functions only: scoring one applicant (``kcscore score``)
never needs it, and importing it would double that command's start-up time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np

Truth = bool | None

TRUE, UNKNOWN, FALSE = 2, 1, 0
STATUS_CODES = ("pass", "fail", "unknown", "exempt", "not_applicable", "excluded", "clear", "scored", "raised", "no_band")
CODE = {name: i for i, name in enumerate(STATUS_CODES)}


class OutcomeLike(Protocol):
    """One band or sum item of a rule (``policy.ir.Outcome``)."""

    @property
    def condition(self) -> int | None: ...
    @property
    def points(self) -> float: ...
    @property
    def label(self) -> str: ...


class RuleLike(Protocol):
    """What a kind reads of a compiled rule (``policy.ir.RuleIR``)."""

    @property
    def id(self) -> str: ...
    @property
    def spec(self) -> Any: ...
    @property
    def parts(self) -> Mapping[str, int]: ...
    @property
    def outcomes(self) -> Sequence[OutcomeLike]: ...
    @property
    def is_sum(self) -> bool: ...


def k_not(a: Truth) -> Truth:
    return None if a is None else not a


def k_or(*values: Truth) -> Truth:
    if True in values:
        return True
    return None if None in values else False


def k_and(*values: Truth) -> Truth:
    if False in values:
        return False
    return None if None in values else True


def kleene(matrix: np.ndarray) -> np.ndarray:
    """From the evaluators' coding (1 true, 0 false, -1 unknown) to 2 / 0 / 1."""
    import numpy as np
    out = np.where(matrix < 0, UNKNOWN, matrix.astype(np.int8) * 2)
    return out.astype(np.int8)


@dataclass
class RuleOutcome:
    """One rule's outcome for one applicant."""

    status: str
    low: float | None = None
    high: float | None = None
    band: str | None = None
    outcome_index: int | None = None
    unknown: list[int] = field(default_factory=list)  # condition indices left unknown
    reached: list[int] = field(default_factory=list)  # outcome indices that decided or could decide
    # whether the rule itself may not apply (its ``applies`` is unknown), not only its points: the
    # upper score must then allow it out of the maximum as well (``assess.scale``)
    may_not_apply: bool = False


@dataclass
class RuleArrays:
    """One rule's outcome for every row of a truth matrix."""

    rule: RuleLike
    status: np.ndarray  # int8 codes into STATUS_CODES
    low: np.ndarray | None = None  # float64 points floor (scored rules)
    high: np.ndarray | None = None
    decided: np.ndarray | None = None  # int16 outcome index of a settled band (-1 none)
    reached: np.ndarray | None = None  # bool (rows × outcomes): sum items / bonus earned
    unknown_conditions: list[int] = field(default_factory=list)  # conditions that may be unknown
    may_not_apply: np.ndarray | None = None  # bool: rows where ``applies`` is unknown (``RuleOutcome``); None: no row


ScalarOutcome = Callable[[RuleLike, Sequence[Truth]], RuleOutcome]
VectorOutcome = Callable[[RuleLike, "np.ndarray", int], RuleArrays]


@dataclass(frozen=True)
class Kind:
    """Everything true of one rule kind, whatever the pack.

    ``outcome``/``vector`` are None for a kind decided over the whole pack rather than rule by rule
    (``support``: the first support rule that applies is chosen, see ``support.choose``).
    """

    name: str
    words: tuple[str, str]  # what the kind is called, (vi, en), e.g. in a pack comparison
    order: int  # where its findings sort: conditions, then points, then flags, then support
    parts: tuple[str, ...]  # the condition parts a rule of this kind may have, in rule-file order
    statuses: tuple[str, ...]  # every status it reports (the keys its findings and tests speak of)
    says: Mapping[str, str] = field(default_factory=dict)  # status -> the spec's (vi, en) sentence for it
    plain: str | None = None  # a settled status with no sentence of its own: "<title>: <status word>"
    says_no: bool = False  # points that did not apply say "<title>: no" rather than the rule's sentence
    scored: bool = False  # earns or takes points: counted in the score, reports points
    earns: bool = False  # can add points (criterion, bonus); a penalty only takes them
    decides: bool = False  # settles eligibility: its unknown makes the decision incomplete
    refusing: frozenset[str] = frozenset()  # statuses that make the applicant ineligible
    quiet: frozenset[str] = frozenset()  # statuses that say nothing worth a line in a short list
    only_when: frozenset[str] | None = None  # a finding only in these statuses (None: always)
    outcome: ScalarOutcome | None = None
    vector: VectorOutcome | None = None
    itemised: Callable[[RuleLike], bool] = field(default=lambda rule: False)  # points by items, not bands

    def says_nothing(self, status: str) -> bool:
        """Whether a finding in ``status`` is left out of a short list (a flag not raised, a
        condition simply met): "met" for each of a dozen conditions would triple a large file."""
        return (self.only_when is not None and status not in self.only_when) or status in self.quiet


def part(rule: RuleLike, truths: Sequence[Truth], name: str, absent: Truth) -> Truth:
    index = rule.parts.get(name)
    return absent if index is None else truths[index]


def unknown_parts(rule: RuleLike, truths: Sequence[Truth]) -> list[int]:
    return [i for i in rule.parts.values() if truths[i] is None]


def column(t: np.ndarray, index: int | None, absent: int, n: int) -> np.ndarray:
    import numpy as np
    return np.full(n, absent, dtype=np.int8) if index is None else t[:, index]


def settled(rule: RuleLike, truths: Sequence[Truth], verdict: Truth, yes: str, no: str) -> RuleOutcome:
    """``yes`` or ``no`` as a rule's Kleene ``verdict`` says, or ``unknown`` with the conditions it
    waits for: how a gate, an exclusion and a flag report a verdict that no earlier case settled."""
    if verdict is True:
        return RuleOutcome(yes)
    if verdict is False:
        return RuleOutcome(no)
    return RuleOutcome("unknown", unknown=unknown_parts(rule, truths))


def settled_arrays(rule: RuleLike, verdict: np.ndarray, yes: str, no: str,
                   *before: tuple[np.ndarray, str]) -> RuleArrays:
    """``settled`` for every row. ``before`` are the cases the per-applicant strategy checks first,
    as (rows, status), first case first: where several hold, the first one's status stands."""
    import numpy as np

    status = np.where(verdict == TRUE, CODE[yes], np.where(verdict == FALSE, CODE[no], CODE["unknown"]))
    for rows, name in reversed(before):
        status = np.where(rows, CODE[name], status)
    return RuleArrays(rule, status.astype(np.int8), unknown_conditions=list(rule.parts.values()))
