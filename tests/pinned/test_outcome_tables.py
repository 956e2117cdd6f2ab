"""What each mechanism decides from the truths of its conditions, written out as truth tables.

Truth is three-valued (True, False, None for "a blank field leaves it open"). The tables below are
the rules as the pack author reads them:
- a gate is *not applicable* when its ``applies`` is false, *exempt* when its ``exempt`` holds,
  *passes* when its requirement holds, *fails* only when it applies, is not exempt and the
  requirement is false, and is otherwise *unknown*;
- an exclusion is *clear* when it does not apply or its condition is false, *exempt* when exempt,
  *excluded* when it applies, its condition holds and it is not exempt, otherwise *unknown*;
- a band table takes the first band that holds; blank inputs give the least and most points any
  band still open could give; a sum adds what holds, and an open item adds to the most only.
"""

from __future__ import annotations

import itertools

import pytest

from kcscore.assess import outcomes as O
from kcscore.engine.base import Truth
from kcscore.policy.ir import Policy

T, F, U = True, False, None


def truths(policy: Policy, **by_index: Truth) -> list[Truth]:
    """All conditions false except those given as ``c<index>=value``."""
    values: list[Truth] = [False] * len(policy.conditions)
    for key, value in by_index.items():
        values[int(key[1:])] = value
    return values


def gate_status(applies: Truth, exempt: Truth, require: Truth) -> str:
    if applies is False:
        return "not_applicable"
    if exempt is True:
        return "exempt"
    if require is True:
        return "pass"
    if applies is True and exempt is False and require is False:
        return "fail"
    return "unknown"


@pytest.mark.parametrize(("applies", "exempt", "require"), list(itertools.product((T, F, U), repeat=3)))
def test_gate_truth_table(bac_kan: Policy, applies: Truth, exempt: Truth, require: Truth) -> None:
    rule = bac_kan.rule("sme_size")
    parts = rule.parts
    outcome = O.gate(rule, truths(bac_kan, **{f"c{parts['applies']}": applies, f"c{parts['exempt']}": exempt,
                                              f"c{parts['require']}": require}))
    assert outcome.status == gate_status(applies, exempt, require)
    if outcome.status == "unknown":
        open_parts = [parts[name] for name in parts if {"applies": applies, "exempt": exempt, "require": require}[name] is None]
        assert outcome.unknown == open_parts
    else:
        assert outcome.unknown == []


def test_a_gate_without_applies_or_exempt(bac_kan: Policy) -> None:
    rule = bac_kan.rule("legal_form_eligible")
    c = rule.parts["require"]
    assert [O.gate(rule, truths(bac_kan, **{f"c{c}": v})).status for v in (T, F, U)] == ["pass", "fail", "unknown"]


def exclusion_status(applies: Truth, when: Truth, exempt: Truth) -> str:
    if applies is False or when is False:
        return "clear"
    if exempt is True:
        return "exempt"
    if applies is True and when is True and exempt is False:
        return "excluded"
    return "unknown"


@pytest.mark.parametrize(("rule_id", "applies", "when", "exempt"), [
    *[("polluting_brick_kiln", a, w, F) for a, w in itertools.product((T, F, U), repeat=2)],
    *[("high_pollution_risk", T, w, e) for w, e in itertools.product((T, F, U), repeat=2)],
])
def test_exclusion_truth_table(bac_kan: Policy, rule_id: str, applies: Truth, when: Truth, exempt: Truth) -> None:
    rule = bac_kan.rule(rule_id)
    given = {"applies": applies, "when": when, "exempt": exempt}
    outcome = O.exclusion(rule, truths(bac_kan, **{f"c{rule.parts[name]}": given[name] for name in rule.parts}))
    assert outcome.status == exclusion_status(applies, when, exempt)
    expected_unknown = [rule.parts[n] for n in rule.parts if given[n] is None] if outcome.status == "unknown" else []
    assert outcome.unknown == expected_unknown


def test_flag_truth_table(bac_kan: Policy) -> None:
    rule = bac_kan.rule("no_bookkeeping")
    c = rule.parts["when"]
    got = [O.flag(rule, truths(bac_kan, **{f"c{c}": v})) for v in (T, F, U)]
    assert [(o.status, o.unknown) for o in got] == [("raised", []), ("clear", []), ("unknown", [c])]


def test_a_bonus_earns_its_points_nothing_or_is_open(bac_kan: Policy) -> None:
    rule = bac_kan.rule("advanced_equipment")  # 6 points, for a machinery, line or model project
    c, a = rule.parts["when"], rule.parts["applies"]
    held, missed, open_ = (O.scored(rule, truths(bac_kan, **{f"c{c}": v, f"c{a}": T})) for v in (T, F, U))
    assert (held.status, held.low, held.high, held.outcome_index, held.reached) == ("scored", 6, 6, 0, [0])
    assert held.band == rule.outcomes[0].label
    assert (missed.status, missed.low, missed.high, missed.band, missed.outcome_index, missed.reached) == \
        ("scored", 0, 0, None, None, [])
    assert (open_.status, open_.low, open_.high, open_.unknown, open_.reached) == ("unknown", 0, 6, [c], [0])


def _band_truths(policy: Policy, rule_id: str, values: list[Truth]) -> list[Truth]:
    rule = policy.rule(rule_id)
    given = {f"c{o.condition}": v for o, v in zip(rule.outcomes, values) if o.condition is not None}
    return truths(policy, **given)


def test_the_first_band_that_holds_decides(bac_kan: Policy) -> None:
    # area_priority: highland 12, zone III 11, II 10, I 9, poor district 7, otherwise 0
    rule = bac_kan.rule("area_priority")
    outcome = O.scored(rule, _band_truths(bac_kan, "area_priority", [F, T, T, F, T]))
    assert (outcome.status, outcome.low, outcome.high, outcome.outcome_index, outcome.reached) == ("scored", 11, 11, 1, [1])
    assert outcome.band == rule.outcomes[1].label and outcome.unknown == []


def test_an_open_band_above_the_one_that_holds_leaves_the_points_open(bac_kan: Policy) -> None:
    rule = bac_kan.rule("area_priority")
    outcome = O.scored(rule, _band_truths(bac_kan, "area_priority", [U, F, T, F, F]))
    assert (outcome.status, outcome.low, outcome.high, outcome.band) == ("unknown", 10, 12, None)
    assert outcome.outcome_index == 2 and outcome.reached == [0, 2]
    assert outcome.unknown == [rule.outcomes[0].condition]


def test_no_band_holds_without_an_otherwise(bac_kan: Policy) -> None:
    rule = bac_kan.rule("deep_processing")  # is deep 6, is not_applicable 0, is primary 0; applies to production
    outcome = O.scored(rule, [T if i == rule.parts["applies"] else v
                              for i, v in enumerate(_band_truths(bac_kan, "deep_processing", [F, F, F]))])
    assert (outcome.status, outcome.low, outcome.high, outcome.outcome_index) == ("no_band", 0, 0, None)


@pytest.mark.parametrize(("values", "status", "low", "high", "reached", "open_items"), [
    ([T, T], "scored", 12, 12, [0, 1], []),   # 8 + 4 = 12, the cap
    ([T, F], "scored", 8, 8, [0], []),
    ([F, F], "scored", 0, 0, [], []),
    ([U, T], "unknown", 4, 12, [1], [0]),     # 4 held, 8 open
    ([U, U], "unknown", 0, 12, [], [0, 1]),
])
def test_a_sum_adds_what_holds_and_caps_it(bac_kan: Policy, values: list[Truth], status: str, low: float, high: float,
                                           reached: list[int], open_items: list[int]) -> None:
    rule = bac_kan.rule("brand_packaging")  # brand or packaging project 8, trademark held 4, cap 12
    outcome = O.scored(rule, _band_truths(bac_kan, "brand_packaging", values))
    assert (outcome.status, outcome.low, outcome.high, outcome.reached) == (status, low, high, reached)
    assert outcome.unknown == [rule.outcomes[i].condition for i in open_items]


def test_a_cap_below_the_total_limits_both_ends() -> None:
    """The shipped caps equal their items' total; a cap of 10 on 8 + 4 shows the cap at work."""
    from kcscore.policy.loader import load_policy

    policy = load_policy()
    rule = policy.rule("brand_packaging")
    held = O._sum(rule, _band_truths(policy, "brand_packaging", [T, T]), 10)
    open_ = O._sum(rule, _band_truths(policy, "brand_packaging", [T, U]), 10)
    uncapped = O._sum(rule, _band_truths(policy, "brand_packaging", [T, U]), None)
    assert [(o.low, o.high) for o in (held, open_, uncapped)] == [(10, 10), (8, 10), (8, 12)]


def test_kleene_connectives() -> None:
    assert [O.k_not(v) for v in (T, F, U)] == [F, T, U]
    assert [O.k_or(a, b) for a, b in ((T, U), (U, T), (F, F), (F, U), (U, U))] == [T, T, F, U, U]
    assert [O.k_and(a, b) for a, b in ((F, U), (U, F), (T, T), (T, U), (U, U))] == [F, F, T, U, U]


def test_equal_lowest_points_report_the_later_band(bac_kan: Policy) -> None:
    """Bands a: 0, b: 5, otherwise: 0, with a and b open: the floor is 0 and, of the two 0-point
    bands, the later one ('otherwise', the fall-back) is the band reported."""
    import dataclasses

    from kcscore.policy.ir import Outcome

    template = bac_kan.rule("local_raw_material")
    rule = dataclasses.replace(template, outcomes=(Outcome(0, 0.0, None, "a"), Outcome(1, 5.0, None, "b"),
                                                   Outcome(None, 0.0, None, "otherwise")))
    outcome = O.scored(rule, [None, None])
    assert (outcome.status, outcome.low, outcome.high, outcome.outcome_index, outcome.reached) == \
        ("unknown", 0, 5, 2, [0, 1, 2])
    assert outcome.unknown == [0, 1]


def test_an_open_negative_sum_item_lowers_the_floor(bac_kan: Policy) -> None:
    """A sum item worth −3 that may hold counts in the least points, not the most."""
    import dataclasses

    from kcscore.policy.ir import Outcome

    template = bac_kan.rule("brand_packaging")
    rule = dataclasses.replace(template, outcomes=(Outcome(0, 4.0, None, "when a"), Outcome(1, -3.0, None, "when b")))
    assert [(o.low, o.high) for o in (O._sum(rule, [True, None], None), O._sum(rule, [None, True], None))] == \
        [(1, 4), (-3, 1)]


def test_a_sum_criterion_is_scored_within_its_declared_cap(bac_kan: Policy) -> None:
    """brand_packaging with its cap lowered to 10: 8 + 4 = 12 scores 10."""
    import dataclasses

    template = bac_kan.rule("brand_packaging")
    rule = dataclasses.replace(template, spec=template.spec.model_copy(update={"cap": 10}))
    outcome = O.scored(rule, _band_truths(bac_kan, "brand_packaging", [T, T]))
    assert (outcome.status, outcome.low, outcome.high, outcome.reached) == ("scored", 10, 10, [0, 1])


def test_an_open_one_point_item_raises_only_the_most(bac_kan: Policy) -> None:
    import dataclasses

    from kcscore.policy.ir import Outcome

    template = bac_kan.rule("brand_packaging")
    rule = dataclasses.replace(template, outcomes=(Outcome(0, 1.0, None, "when a"), Outcome(1, 0.5, None, "when b")))
    assert [(o.low, o.high) for o in (O._sum(rule, [None, None], None),)] == [(0, 1.5)]


def test_an_open_small_bonus_and_an_open_when_penalty(bac_kan: Policy) -> None:
    """A 0.5-point bonus that may hold scores 0 to 0.5; a −3 penalty that may apply scores −3 to 0."""
    import dataclasses

    template = bac_kan.rule("advanced_equipment")
    c, a = template.parts["when"], template.parts["applies"]
    small = dataclasses.replace(template, outcomes=(dataclasses.replace(template.outcomes[0], points=0.5),))
    penalty = dataclasses.replace(template, outcomes=(dataclasses.replace(template.outcomes[0], points=-3.0),))
    assert [(o.status, o.low, o.high) for o in (O.scored(small, truths(bac_kan, **{f"c{c}": U, f"c{a}": T})),
                                                 O.scored(penalty, truths(bac_kan, **{f"c{c}": U, f"c{a}": T})))] == \
        [("unknown", 0, 0.5), ("unknown", -3, 0)]


def test_a_bonus_that_does_not_apply_earns_nothing_and_is_not_open(bac_kan: Policy) -> None:
    """advanced_equipment for a brand project: not applicable, even with the machinery answer blank."""
    rule = bac_kan.rule("advanced_equipment")
    c, a = rule.parts["when"], rule.parts["applies"]
    for when in (T, F, U):
        outcome = O.scored(rule, truths(bac_kan, **{f"c{c}": when, f"c{a}": F}))
        assert (outcome.status, outcome.low, outcome.high, outcome.unknown, outcome.reached) == \
            ("not_applicable", 0, 0, [], [])
    maybe = O.scored(rule, truths(bac_kan, **{f"c{c}": T, f"c{a}": U}))
    assert (maybe.status, maybe.low, maybe.high, maybe.unknown) == ("unknown", 0, 6, [a])
