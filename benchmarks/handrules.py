"""The default pack's rules as numpy array expressions, written by hand.

Each rule of ``rules/national`` and ``rules/bac-kan`` is spelled out here once more, as the arrays
of a clean list (``handread.Columns``): gates, exclusions, criteria and their bands, bonuses, the
penalty, the flags and the choice of support rule. Conditions and points are copied from the rule
files by hand; a change of the pack that this file does not follow makes the floor's bytes differ
from kcscore's, which ``tests/test_handfloor.py`` reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from benchmarks.handlogic import (T, U, Cond, Outcome, applicable, both, either, exclusion, first_match, flag, gate,
                                  single, sum_items, truth)
from benchmarks.handread import Columns

EPOCH = 719163  # date.toordinal() of 1970-01-01


@dataclass
class Rule:
    id: str
    kind: str  # gate, exclusion, criterion, bonus, penalty, flag
    out: Outcome


@dataclass
class Support:
    id: str
    applies: Cond
    share: str
    cap: str | None
    cost_field: str


class Conditions:
    """Condition builders over one list's columns."""

    def __init__(self, cols: Columns, fields: dict[str, dict[str, Any]], bits: dict[str, int], days: np.ndarray):
        self.cols, self.fields, self.bits, self.n = cols, fields, bits, cols.n
        self.days = days
        self._blank = {name: np.where(cols.null[name], bits[name], 0).astype(np.int64) for name in fields}
        self._index = {name: {v: i for i, v in enumerate(spec.get("values") or {})} for name, spec in fields.items()}

    def blank(self, *names: str) -> np.ndarray:
        out = self._blank[names[0]]
        for name in names[1:]:
            out = out | self._blank[name]
        return out

    def is_(self, name: str, *values: str) -> Cond:
        codes = self.cols.code[name]
        wanted = [self._index[name][v] for v in values]
        return Cond(truth(np.isin(codes, wanted), self.cols.null[name]), self.blank(name))

    def not_(self, cond: Cond) -> Cond:
        return Cond((2 - cond.truth).astype(np.int8), cond.blank)

    def yes(self, name: str) -> Cond:
        return Cond(truth(self.cols.flag[name], self.cols.null[name]), self.blank(name))

    def cmp(self, name: str, op: str, value: float) -> Cond:
        x = self.cols.num[name]
        with np.errstate(invalid="ignore"):
            mask = {">": x > value, ">=": x >= value, "<=": x <= value, "==": x == value}[op]
        return Cond(truth(mask, self.cols.null[name]), self.blank(name))

    def as_of_from(self, day: dt.date) -> Cond:
        """``as_of >= date(...)``: the as-of date is never blank."""
        mask = self.days >= day.toordinal() - EPOCH
        return Cond(truth(mask, np.zeros(self.n, dtype=bool)), np.zeros(self.n, dtype=np.int64))

    def contains_any(self, name: str, patterns: list[str]) -> Cond:
        """Accent-, case- and space-insensitive substring match, unknown for a blank."""
        folded = [fold(p) for p in patterns]
        cells = self.cols.raw[name]
        said: dict[str | None, int] = {None: U}
        for cell in set(cells) - {None}:  # each distinct text folded once
            text = fold(cell)
            said[cell] = U if not text else T if any(p in text for p in folded) else 0
        values = np.fromiter(map(said.__getitem__, cells), dtype=np.int8, count=self.n)
        return Cond(values, self.blank(name))

    def requested_above(self, factor: float, strict: bool = True) -> Cond:
        """``requested_support_vnd > total_cost_vnd * factor`` (``<=`` with ``strict=False``)."""
        req, cost = self.cols.num["requested_support_vnd"], self.cols.num["total_cost_vnd"]
        with np.errstate(invalid="ignore"):
            mask = req > cost * factor if strict else req <= cost * factor
        null = self.cols.null["requested_support_vnd"] | self.cols.null["total_cost_vnd"]
        return Cond(truth(mask, null), self.blank("requested_support_vnd", "total_cost_vnd"))


_D = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


MACHINES = ("advanced_machinery", "technology_line")
EQUIPMENT = ("advanced_machinery", "technology_line", "demonstration_model")
CONTENTS = ("advanced_machinery", "technology_line", "demonstration_model", "vocational_training",
            "startup_training", "enterprise_setup", "brand_trademark", "packaging_design", "consulting", "trade_fair",
            "cleaner_production", "pollution_treatment")
PRODUCT_WORDS = ["khai thác", "khoáng sản", "nghiền đá", "xay đá", "đá hộc", "đá dăm", "đá vôi", "đá xây dựng", "mỏ đá",
                 "cát sỏi", "cát xây dựng", "khai thác cát", "đất sét", "quặng chì", "quặng sắt", "tinh quặng",
                 "tuyển quặng", "sa khoáng", "đãi vàng"]
DESCRIPTION_WORDS = ["khai thác đá", "khai thác cát", "khai thác sỏi", "khai thác đất", "khai thác quặng",
                     "khai thác mỏ", "khai thác khoáng", "khoáng sản", "nghiền đá", "mỏ đá", "đất sét", "tinh quặng",
                     "tuyển quặng", "sa khoáng", "đãi vàng"]


def bands_at_least(c: Conditions, name: str, steps: list[tuple[float, float]], op: str = ">=") -> list[Any]:
    """``{at_least: x, points: p}`` (or ``above``) bands, then ``otherwise: 0``."""
    return [(c.cmp(name, op, x), p) for x, p in steps] + [(None, 0.0)]


def evaluate(c: Conditions) -> tuple[list[Rule], list[Support]]:
    """Every rule's outcome, in the order kcscore reports findings (gates, exclusions, scored
    rules, flags; each in the pack's order), and the support rules in the pack's order."""
    n = c.n
    sc = "support_content"
    cleaner = c.is_(sc, "cleaner_production")
    enterprise = c.is_("legal_form", "enterprise")
    rules = [
        Rule("legal_form_eligible", "gate",
             gate(c.is_("legal_form", "household_business", "cooperative", "cooperative_group", "enterprise"))),
        Rule("sme_size", "gate", gate(
            both(c.cmp("workers", "<=", 200), either(c.cmp("annual_revenue_vnd", "<=", 200_000_000_000),
                                                     c.cmp("total_capital_vnd", "<=", 100_000_000_000))),
            applies=both(enterprise, c.as_of_from(dt.date(2018, 3, 11))), exempt=cleaner)),
        Rule("sme_size_2009", "gate", gate(
            either(c.cmp("total_capital_vnd", "<=", 100_000_000_000), c.cmp("workers", "<=", 300)),
            applies=both(enterprise, c.not_(c.as_of_from(dt.date(2018, 3, 11)))), exempt=cleaner)),
        Rule("rural_site", "gate", gate(c.is_("site_type", "commune", "township", "ward", "recent_ward"),
                                        exempt=cleaner)),
        Rule("eligible_sector", "gate", gate(c.not_(c.is_("sector", "other")))),
        Rule("eligible_content", "gate", gate(c.is_(sc, *CONTENTS))),
        Rule("counterpart_funding", "gate", gate(c.yes("counterpart_committed"))),
        Rule("new_machinery_required", "gate", gate(c.yes("machinery_new"), applies=c.is_(sc, *MACHINES))),
        Rule("enterprise_setup_area", "gate", gate(either(c.is_("area_zone", "I", "II", "III"), c.yes("poor_district")),
                                                   applies=c.is_(sc, "enterprise_setup"))),
        Rule("no_double_funding", "exclusion", exclusion(c.yes("other_state_funding"))),
        Rule("no_environmental_violation", "exclusion",
             exclusion(c.yes("environmental_violation"), exempt=c.is_(sc, "pollution_treatment"))),
        Rule("mining_excluded", "exclusion", exclusion(either(
            c.is_("sector", "mining_mineral_processing"),
            both(c.is_("sector", "construction_materials", "agri_chemicals", "handicrafts"),
                 c.yes("extracts_minerals_on_site"))))),
        Rule("polluting_brick_kiln", "exclusion", exclusion(c.is_("kiln_type", "improved_manual", "hoffmann"),
                                                            applies=c.is_("sector", "construction_materials"))),
        Rule("high_pollution_risk", "exclusion", exclusion(c.is_("pollution_risk", "high"),
                                                           exempt=c.is_(sc, "pollution_treatment", "cleaner_production"))),
        Rule("area_priority", "criterion", first_match([
            (c.yes("highland_border"), 12.0), (c.is_("area_zone", "III"), 11.0), (c.is_("area_zone", "II"), 10.0),
            (c.is_("area_zone", "I"), 9.0), (c.yes("poor_district"), 7.0), (None, 0.0)], n)),
        Rule("local_raw_material", "criterion",
             first_match(bands_at_least(c, "local_material_share", [(80, 14.0), (50, 10.0)], ">"), n)),
        Rule("trade_priority", "criterion", first_match([
            (c.is_("sector", "agro_forestry_processing", "food_processing", "agri_chemicals", "supporting_industry",
                   "cleaner_production"), 4.0),
            (both(c.is_("sector", "construction_materials"), c.is_("kiln_type", "non_fired")), 4.0),
            (c.is_("sector", "mechanics_electrical"), 2.0), (c.is_("sector", "construction_materials"), 2.0),
            (c.is_("sector", "handicrafts", "consumer_goods"), 1.0), (None, 0.0)], n)),
        Rule("deep_processing", "criterion", applicable(c.is_(sc, *EQUIPMENT), first_match([
            (c.is_("processing_stage", "deep"), 6.0), (c.is_("processing_stage", "not_applicable"), 0.0),
            (c.is_("processing_stage", "primary"), 0.0)], n))),
        Rule("productivity_gain", "criterion", applicable(
            c.is_(sc, *EQUIPMENT, "cleaner_production"),
            first_match(bands_at_least(c, "productivity_gain_pct", [(30, 10.0), (20, 7.0), (10, 4.0)]), n))),
        Rule("advanced_equipment", "bonus", applicable(c.is_(sc, *EQUIPMENT), single(c.yes("machinery_new"), 6.0, n))),
        Rule("brand_packaging", "criterion", sum_items([
            (c.is_(sc, "brand_trademark", "packaging_design"), 8.0), (c.yes("has_trademark"), 4.0)], 12.0, n)),
        Rule("labour_intensive", "criterion", first_match(bands_at_least(c, "workers", [(50, 4.0), (20, 2.0)]), n)),
        Rule("local_workforce", "criterion",
             first_match(bands_at_least(c, "local_workers_share", [(80, 4.0), (50, 2.0)]), n)),
        Rule("new_jobs", "criterion", first_match(bands_at_least(c, "new_jobs", [(10, 4.0), (5, 3.0), (1, 1.0)]), n)),
        Rule("value_chain", "bonus", single(c.yes("value_chain_linkage"), 6.0, n)),
        Rule("export_market", "bonus", single(either(c.yes("export_contract"), c.yes("made_for_export")), 2.0, n)),
        Rule("recognised_product", "criterion", first_match([
            (either(c.is_("typical_product_level", "national"), c.cmp("ocop_stars", "==", 5)), 8.0),
            (either(c.is_("typical_product_level", "region"), c.cmp("ocop_stars", "==", 4)), 7.0),
            (either(c.is_("typical_product_level", "province"), c.cmp("ocop_stars", "==", 3)), 6.0),
            (c.is_("typical_product_level", "district"), 4.0), (None, 0.0)], n)),
        Rule("implementation_capacity", "criterion", sum_items([
            (c.cmp("prior_projects_completed", ">=", 1), 4.0), (c.yes("bookkeeping"), 2.0),
            (c.yes("premises_ready"), 2.0)], 8.0, n)),
        Rule("plan_stability", "penalty",
             first_match(bands_at_least(c, "projects_adjusted_or_stopped", [(2, -6.0), (1, -3.0)]), n)),
        Rule("plan_changed_before", "flag", flag(c.cmp("projects_adjusted_or_stopped", ">=", 1))),
        Rule("request_above_cost", "flag", flag(c.requested_above(1.0))),
        Rule("thin_counterpart", "flag", flag(both(c.requested_above(0.5), c.requested_above(1.0, strict=False)))),
        Rule("medium_pollution", "flag", flag(c.is_("pollution_risk", "medium"))),
        Rule("no_bookkeeping", "flag", flag(c.not_(c.yes("bookkeeping")))),
        Rule("violation_remedy_project", "flag",
             flag(both(c.yes("environmental_violation"), c.is_(sc, "pollution_treatment")))),
        Rule("mining_words", "flag", flag(either(c.contains_any("product", PRODUCT_WORDS),
                                                 c.contains_any("project_description", DESCRIPTION_WORDS)))),
    ]
    for rule in rules:  # a penalty's maximum is what it can give at best: nothing
        if rule.kind == "penalty":
            rule.out.max_points = 0.0
    demo, fair = c.is_(sc, "demonstration_model"), c.is_(sc, "trade_fair")
    cost = "total_cost_vnd"
    supports = [
        Support("support_machinery", c.is_(sc, "advanced_machinery"), "machinery_share_pct", "machinery_cap_vnd", cost),
        Support("support_technology_line", c.is_(sc, "technology_line"), "machinery_share_pct",
                "technology_line_cap_vnd", cost),
        Support("support_demonstration_existing", both(demo, c.is_("demonstration_kind", "existing_facility")),
                "demonstration_existing_share_pct", "demonstration_existing_cap_vnd", cost),
        Support("support_demonstration", both(demo, c.is_("demonstration_kind", "new_technology")),
                "demonstration_share_pct", "demonstration_cap_vnd", cost),
        Support("support_training", c.is_(sc, "vocational_training", "startup_training"), "training_share_pct", None,
                cost),
        Support("support_enterprise_setup", c.is_(sc, "enterprise_setup"), "full_share_pct", "enterprise_setup_cap_vnd",
                cost),
        Support("support_brand", c.is_(sc, "brand_trademark"), "brand_share_pct", "brand_cap_vnd", cost),
        Support("support_consulting", c.is_(sc, "packaging_design", "consulting"), "consulting_share_pct",
                "consulting_cap_vnd", cost),
        Support("support_trade_fair_rural_industry", both(fair, c.is_("fair_kind", "rural_industry")),
                "rural_fair_share_pct", None, "booth_rent_vnd"),
        Support("support_trade_fair", both(fair, c.is_("fair_kind", "other_domestic")), "trade_fair_share_pct", None,
                "booth_rent_vnd"),
        Support("support_cleaner_production", c.is_(sc, "cleaner_production"), "pollution_share_pct",
                "pollution_cap_vnd", cost),
        Support("support_pollution_treatment", c.is_(sc, "pollution_treatment"), "pollution_share_pct",
                "pollution_cap_vnd", cost),
    ]
    return rules, supports


def choose_support(supports: list[Support], n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The first support rule whose ``applies`` holds (-1 none), whether an earlier one is unknown
    (the choice unsettled), and the blank fields of those unknown conditions (bits)."""
    chosen = np.full(n, -1, dtype=np.int64)
    open_rows = np.ones(n, dtype=bool)
    seen = np.zeros(n, dtype=bool)
    names = np.zeros(n, dtype=np.int64)
    for k, support in enumerate(supports):
        t = support.applies.truth
        hit = open_rows & (t == T)
        chosen[hit] = k
        open_rows &= ~hit
        maybe = open_rows & (t == U)
        names |= np.where(maybe, support.applies.blank, 0)
        seen |= maybe
    return chosen, seen, np.where(seen, names, 0)
