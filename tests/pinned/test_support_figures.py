"""The support figures and the sentence an officer reads, in both languages, for a capped and an
uncapped rule; the choice of support rule; and the error for a date no value covers.

Expectations are read off ``rules/bac-kan/support.yaml``: on 2018-05-14 the machinery share is 50 %
and the cap 200 tr (TTLT 26/2014, Điều 6.2, in force 2014-04-04 to 2018-05-14); training is paid
at 100 % with no cap, under a share marked ``unconfirmed``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from kcscore.assess import support as S
from kcscore.assess.assessor import Assessor
from kcscore.policy.dated import build_parameter
from kcscore.policy.diagnostics import Pos
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from kcscore.policy.model import Parameter
from tests.packcopy import copy_pack, layer_file

TTLT_2014 = {"doc": "TTLT 26/2014/TTLT-BTC-BCT", "article": "Điều 6.2", "confidence": "read",
             "note": "ngày hiệu lực ước tính"}
VI_CAPPED = ("Mức hỗ trợ đề xuất: mức thấp nhất trong: đề nghị 400 tr, 50% × 1 tỷ, trần 200 tr theo "
             "TTLT 26/2014/TTLT-BTC-BCT, Điều 6.2; tức là 200.000.000 đ")
EN_CAPPED = ("Recommended support: the lowest of: requested 400 m, 50% × 1 bn, cap 200 m under "
             "TTLT 26/2014/TTLT-BTC-BCT, Điều 6.2; that is 200,000,000 VND")


@pytest.mark.parametrize(("lang", "text", "alt"), [("vi", VI_CAPPED, EN_CAPPED), ("en", EN_CAPPED, VI_CAPPED)])
def test_capped_machinery_support_figures(bac_kan: Policy, household: Callable[..., dict[str, Any]],
                                          lang: str, text: str, alt: str) -> None:
    record = household(total_cost_vnd=1_000_000_000, requested_support_vnd=400_000_000)
    figures = S.compute(bac_kan, bac_kan.rule("support_machinery"), record, dt.date(2018, 5, 14))
    assert figures == {
        "amount": 200_000_000, "requested": 400_000_000, "cost": 1_000_000_000, "share_pct": 50.0,
        "share_amount": 500_000_000, "cap": 200_000_000, "cap_parameter": "machinery_cap_vnd",
        "cap_cite": TTLT_2014, "cap_period": (dt.date(2014, 4, 4), dt.date(2018, 5, 14)), "share_cite": TTLT_2014,
        "set_by": "cap", "unconfirmed": False,
        "cap_cite_short": "TTLT 26/2014/TTLT-BTC-BCT, Điều 6.2",
    }
    assert S.sentence(figures, lang) == text
    assert S.sentence(figures, "en" if lang == "vi" else "vi") == alt


@pytest.mark.parametrize(("lang", "text"), [
    ("vi", "Mức hỗ trợ đề xuất: mức thấp nhất trong: đề nghị 30 tr, 100% × 80 tr; tức là 30.000.000 đ (mức trần/tỷ lệ chưa được xác minh với văn bản gốc)"),
    ("en", "Recommended support: the lowest of: requested 30 m, 100% × 80 m; that is 30,000,000 VND (cap/share not yet verified against the gazette)"),
])
def test_uncapped_training_support(bac_kan: Policy, household: Callable[..., dict[str, Any]],
                                                   lang: str, text: str) -> None:
    record = household(support_content="vocational_training", total_cost_vnd=80_000_000, requested_support_vnd=30_000_000)
    figures = S.compute(bac_kan, bac_kan.rule("support_training"), record, dt.date(2019, 4, 15))
    assert (figures["amount"], figures["set_by"], figures["share_amount"], figures["share_pct"]) == \
        (30_000_000, "requested", 80_000_000, 100.0)
    assert (figures["cap"], figures["cap_parameter"], figures["cap_cite"], figures["cap_period"]) == (None, None, None, None)
    assert figures["unconfirmed"] is True and figures["cap_cite_short"] == ""
    assert figures["share_cite"]["confidence"] == "unconfirmed"
    assert S.sentence(figures, lang) == text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_sentence_from_figures_keeps_the_unconfirmed_note(bac_kan: Policy, household: Callable[..., dict[str, Any]],
                                                              lang: str) -> None:
    record = household(support_content="vocational_training", total_cost_vnd=80_000_000, requested_support_vnd=30_000_000)
    figures = S.compute(bac_kan, bac_kan.rule("support_training"), record, dt.date(2019, 4, 15))
    note = "(mức trần/tỷ lệ chưa được xác minh với văn bản gốc)" if lang == "vi" else "(cap/share not yet verified against the gazette)"
    assert S.sentence(figures, lang).endswith(note)


def test_a_plain_number_share_resolves_to_itself(bac_kan: Policy) -> None:
    assert S.resolve(bac_kan, 12.5, dt.date(2019, 1, 1)) == (Fraction(25, 2), None, None)
    assert S.resolve(bac_kan, None, dt.date(2019, 1, 1)) == (None, None, None)
    value, parameter, (dated, start, end) = S.resolve(bac_kan, "machinery_cap_vnd", dt.date(2018, 5, 15))
    assert (value, parameter.id, dated.value, start, end) == (300_000_000, "machinery_cap_vnd", 300_000_000,
                                                               dt.date(2018, 5, 15), None)


def test_no_value_in_force_names_the_parameter_the_day_and_the_coverage(bac_kan: Policy) -> None:
    with pytest.raises(S.NoValueInForce) as caught:
        S.resolve(bac_kan, "machinery_cap_vnd", dt.date(2014, 4, 3))
    assert caught.value.vi == ("tham số 'machinery_cap_vnd' (Mức trần hỗ trợ máy móc thiết bị) không có giá trị áp "
                               "dụng ngày 03/04/2014; bộ quy tắc có giá trị từ 04/04/2014")
    assert caught.value.en == ("parameter 'machinery_cap_vnd' (Machinery support cap) has no value in force on "
                               "2014-04-03; the pack covers 2014-04-04 onward")
    assert str(caught.value) == caught.value.en


def test_no_value_in_force_after_a_closed_period() -> None:
    spec = Parameter.model_validate({"title": {"vi": "Mức trần", "en": "Cap"}, "unit": "vnd", "values": {
        "2014-04-04": {"value": 1, "cite": {"doc": "TTLT 26/2014"}, "until": "2018-05-14"}}})
    parameter, _ = build_parameter("cap", spec, Pos("x.yaml", 1, 1), {})
    assert parameter is not None
    error = S.NoValueInForce(parameter, dt.date(2018, 5, 15))
    assert error.vi == ("tham số 'cap' (Mức trần) không có giá trị áp dụng ngày 15/05/2018; bộ quy tắc có giá trị "
                        "từ 04/04/2014 đến 14/05/2018")
    assert error.en == "parameter 'cap' (Cap) has no value in force on 2018-05-15; the pack covers 2014-04-04 to 2018-05-14"


def test_the_first_support_rule_that_applies_is_chosen(bac_kan: Policy, assessor: Assessor,
                                                       household: Callable[..., dict[str, Any]]) -> None:
    truths = assessor.evaluator.evaluate(household(support_content="demonstration_model"))
    plan = S.choose(bac_kan, truths)
    assert (plan.rule.id if plan.rule else None, plan.status, plan.unknown) == ("support_demonstration", "chosen", [])


def test_a_blank_support_content_leaves_the_support_rule_unknown(bac_kan: Policy, assessor: Assessor,
                                                                 household: Callable[..., dict[str, Any]]) -> None:
    # The model kind is blanked too: with it known, "demonstration model and existing facility" is false whatever the content.
    truths = assessor.evaluator.evaluate(household(support_content=None, demonstration_kind=None))
    plan = S.choose(bac_kan, truths)
    supports = bac_kan.of_kind("support")
    assert (plan.rule, plan.status) == (None, "unknown")
    assert plan.unknown == [rule.parts["applies"] for rule in supports]


def test_a_later_rule_that_applies_after_an_unknown_one_is_not_settled(bac_kan: Policy, assessor: Assessor,
                                                                       household: Callable[..., dict[str, Any]]) -> None:
    """If machinery support cannot be settled, technology-line support holding does not decide it."""
    machinery, line = bac_kan.of_kind("support")[:2]
    truths = list(assessor.evaluator.evaluate(household()))
    truths[machinery.parts["applies"]], truths[line.parts["applies"]] = None, True
    plan = S.choose(bac_kan, truths)
    assert (plan.rule.id if plan.rule else None, plan.status, plan.unknown) == \
        ("support_technology_line", "unknown", [machinery.parts["applies"]])


@pytest.mark.parametrize(("lang", "text"), [
    ("vi", "Mức hỗ trợ đề xuất: mức thấp nhất trong: đề nghị 1,5 tr, 12,5% × 2 tỷ; tức là 1.000.000 đ"),
    ("en", "Recommended support: the lowest of: requested 1.5 m, 12.5% × 2 bn; that is 1,000,000 VND"),
])
def test_fractional_figures_in_the_sentence_use_the_language_s_decimal_mark(lang: str, text: str) -> None:
    figures = {"requested": 1_500_000, "share_pct": 12.5, "cost": 2_000_000_000, "cap": None, "cap_cite_short": "",
               "amount": 1_000_000, "unconfirmed": False}
    assert S.sentence(figures, lang) == text


def test_a_confirmed_uncapped_share_is_exact_whole_dong(bac_kan: Policy, household: Callable[..., dict[str, Any]]) -> None:
    """Trade fair on 2017-06-01: 80 % (TTLT 26/2014, confirmed) of the booth rent, no cap: min(9 tr, 80 % × 10 000 001)
    = min(9 000 000, 8 000 000,8) = 8 000 000, in whole đồng (an int, never a float)."""
    record = household(support_content="trade_fair", fair_kind="other_domestic", booth_rent_vnd=10_000_001,
                       total_cost_vnd=12_000_000, requested_support_vnd=9_000_000)
    figures = S.compute(bac_kan, bac_kan.rule("support_trade_fair"), record, dt.date(2017, 6, 1))
    assert (figures["amount"], figures["share_amount"], figures["set_by"], figures["cap"], figures["unconfirmed"]) == \
        (8_000_000, 8_000_000, "share", None, False)
    assert type(figures["amount"]) is int and type(figures["share_amount"]) is int
    assert S.sentence(figures, "en") == "Recommended support: the lowest of: requested 9 m, 80% × 10,000,001; that is 8,000,000 VND"


def test_an_unconfirmed_cap_alone_marks_the_support_unconfirmed(tmp_path: Path,
                                                                household: Callable[..., dict[str, Any]]) -> None:
    """The brand share for 2018 marked as read (confirmed) while its cap stays unconfirmed."""
    pack = tmp_path / "bac-kan"
    copy_pack(Path(__file__).resolve().parents[2] / "rules" / "bac-kan", pack)
    support = layer_file(pack, "support.yaml")
    old = "2018-05-15: {value: 50, cite: {doc: Thông tư 28/2018/TT-BTC, confidence: unconfirmed, note: giữ mức TTLT 26/2014}}"
    text = support.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    text = text.replace("  brand_share_pct:\n    title: {vi: Tỷ lệ hỗ trợ thương hiệu, en: Brand support share}\n"
                        "    unit: percent\n    values:\n      2014-04-04: {value: 50, cite: {doc: TTLT 26/2014/TTLT-BTC-BCT, article: Điều 6.2}}\n"
                        "      " + old,
                        "  brand_share_pct:\n    title: {vi: Tỷ lệ hỗ trợ thương hiệu, en: Brand support share}\n"
                        "    unit: percent\n    values:\n      2014-04-04: {value: 50, cite: {doc: TTLT 26/2014/TTLT-BTC-BCT, article: Điều 6.2}}\n"
                        "      2018-05-15: {value: 50, cite: {doc: Thông tư 28/2018/TT-BTC}}")
    support.write_text(text, encoding="utf-8")
    policy = load_policy(pack)
    record = household(support_content="brand_trademark", total_cost_vnd=100_000_000, requested_support_vnd=40_000_000)
    figures = S.compute(policy, policy.rule("support_brand"), record, dt.date(2019, 4, 15))
    assert figures["share_cite"]["confidence"] == "read" and figures["cap_cite"]["confidence"] == "unconfirmed"
    assert (figures["amount"], figures["set_by"], figures["unconfirmed"]) == (35_000_000, "cap", True)


def test_a_cap_written_as_a_number_cites_the_support_rule(bac_kan: Policy, household: Callable[..., dict[str, Any]]) -> None:
    """A support rule may give its cap as a plain amount instead of a dated parameter: training
    capped at 20 tr, cited by the rule's own citation (Nghị định 45/2012/NĐ-CP, Điều 4.1 và 4.2)."""
    import dataclasses

    template = bac_kan.rule("support_training")
    rule = dataclasses.replace(template, spec=template.spec.model_copy(update={"cap": 20_000_000}))
    record = household(support_content="vocational_training", total_cost_vnd=80_000_000, requested_support_vnd=30_000_000)
    figures = S.compute(bac_kan, rule, record, dt.date(2019, 4, 15))
    assert (figures["amount"], figures["set_by"], figures["cap"], figures["cap_parameter"], figures["cap_cite"]) == \
        (20_000_000, "cap", 20_000_000, None, None)
    assert figures["cap_cite_short"] == "Nghị định 45/2012/NĐ-CP, Điều 4.1 và 4.2"
    assert "cap 20 m under Nghị định 45/2012/NĐ-CP, Điều 4.1 và 4.2" in S.sentence(figures, "en")


def test_when_no_support_rule_applies_there_is_none(bac_kan: Policy, assessor: Assessor,
                                                    household: Callable[..., dict[str, Any]]) -> None:
    truths = list(assessor.evaluator.evaluate(household()))
    for rule in bac_kan.of_kind("support"):
        truths[rule.parts["applies"]] = False
    plan = S.choose(bac_kan, truths)
    assert (plan.rule, plan.status, plan.unknown) == (None, "none", [])
