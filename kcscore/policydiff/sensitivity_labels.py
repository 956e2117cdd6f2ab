"""Words of the sensitivity report, in Vietnamese and English, and the one sentence naming a perturbation."""

from __future__ import annotations

from collections.abc import Mapping

from kcscore.wording.format import number
from kcscore.policydiff.perturb import Perturbation

OPS = {">": ">", ">=": "≥", "<": "<", "<=": "≤"}

W: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Độ nhạy của bộ quy tắc",
        "head": "{n} thay đổi thử, mỗi lần một thay đổi, trên cùng danh sách",
        "list": "Danh sách: {n} hồ sơ, {ranked} được xếp hạng",
        "errors": "{n} dòng không đọc được",
        "budget": "ngân sách {budget}: {funded} hồ sơ được hỗ trợ, đã phân bổ {committed}",
        "no_budget": "không nêu ngân sách: chỉ so sánh thứ hạng",
        "as_of": "ngày áp dụng: {day}", "as_of_each": "ngày áp dụng: theo ngày nộp của từng hồ sơ",
        "steps": "Bước thử: trọng số ±{step}% (nhân mọi mức điểm của quy tắc); ngưỡng ±1 với trường số nguyên, "
                 "±{tstep}% giá trị ngưỡng với trường khác",
        "counts": "Làm đổi danh sách được hỗ trợ: {flips}; làm đổi thứ hạng: {moves}",
        "ranked_head": "Xếp theo mức ảnh hưởng (đổi danh sách hỗ trợ, rồi lệch hạng lớn nhất, trung vị, số hồ sơ đổi hạng)",
        "line": "đổi DS {flips}; lệch hạng lớn nhất {largest}, trung vị {median}; {moved} hồ sơ đổi hạng",
        "entered": "vào", "exited": "ra", "none": "không làm thay đổi thứ hạng nào",
        "rule_head": "Theo quy tắc (thay đổi thử ảnh hưởng nhất của mỗi quy tắc)",
        "rule_line": "đổi DS {flips}, lệch hạng lớn nhất {largest}",
        "weight": "Trọng số «{title}» {sign}{step}% (điểm × {factor})",
        "threshold": "Ngưỡng «{title}»{band}: {field} {op} {old} → {new}", "band": ", mức {band}",
        "more": "… và {n} hồ sơ khác",
        "kind_weight": "trọng số", "kind_threshold": "ngưỡng",
    },
    "en": {
        "title": "Sensitivity of the pack",
        "head": "{n} perturbations, one at a time, on the same list",
        "list": "List: {n} applicants, {ranked} ranked",
        "errors": "{n} rows could not be read",
        "budget": "budget {budget}: {funded} applicants funded, {committed} allocated",
        "no_budget": "no budget given: ranks only",
        "as_of": "as of: {day}", "as_of_each": "as of: each applicant's submission date",
        "steps": "Steps: weights ±{step}% (every point value of the rule); thresholds ±1 on integer fields, "
                 "±{tstep}% of the threshold on other fields",
        "counts": "Changed the funded set: {flips}; changed ranks: {moves}",
        "ranked_head": "By how much they matter (funded-set flips, then the largest, the median and the number of rank moves)",
        "line": "flips {flips}; largest rank move {largest}, median {median}; {moved} applicants moved",
        "entered": "in", "exited": "out", "none": "no rank changed",
        "rule_head": "By rule (each rule's most disruptive perturbation)",
        "rule_line": "flips {flips}, largest rank move {largest}",
        "weight": "Weight of “{title}” {sign}{step}% (points × {factor})",
        "threshold": "Threshold of “{title}”{band}: {field} {op} {old} → {new}", "band": ", band {band}",
        "more": "… and {n} more",
        "kind_weight": "weight", "kind_threshold": "threshold",
    },
}

SHEETS = {"vi": {"ranked": "Độ nhạy", "rules": "Theo quy tắc", "moves": "Hồ sơ đổi hạng"},
          "en": {"ranked": "Sensitivity", "rules": "By rule", "moves": "Rank moves"}}

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "vi": {
        "ranked": ("Thứ tự", "Mã thay đổi thử", "Loại", "Quy tắc", "Mô tả", "Hệ số", "Ngưỡng cũ", "Ngưỡng mới",
                   "Số hồ sơ đổi DS", "Vào danh sách", "Ra khỏi danh sách", "Lệch hạng lớn nhất",
                   "Trung vị lệch hạng", "Số hồ sơ đổi hạng", "Kinh phí đã phân bổ (đồng)"),
        "rules": ("Quy tắc", "Tên", "Thay đổi thử ảnh hưởng nhất", "Số hồ sơ đổi DS", "Lệch hạng lớn nhất",
                  "Trung vị lệch hạng"),
        "moves": ("Mã thay đổi thử", "Mã hồ sơ", "Tên cơ sở", "Hạng cũ", "Hạng mới", "Thay đổi hạng", "Điểm cũ",
                  "Điểm mới"),
    },
    "en": {
        "ranked": ("Order", "Perturbation", "Kind", "Rule", "Description", "Factor", "Old threshold", "New threshold",
                   "Funded-set flips", "Entered", "Exited", "Largest rank move", "Median rank move",
                   "Applicants moved", "Allocated (VND)"),
        "rules": ("Rule", "Title", "Most disruptive perturbation", "Funded-set flips", "Largest rank move",
                  "Median rank move"),
        "moves": ("Perturbation", "Application id", "Facility name", "Old rank", "New rank", "Rank move", "Old score",
                  "New score"),
    },
}


def describe(p: Perturbation, titles: Mapping[str, Mapping[str, str]], lang: str) -> str:
    """One perturbation in words, e.g. ``Threshold of “New jobs”, band at_least 5: new_jobs ≥ 5 → 4``."""
    w = W[lang]
    title = titles.get(p.rule, {}).get(lang, p.rule)
    if p.kind == "weight":
        assert p.factor is not None
        step = number(round(abs(p.factor - 1) * 100, 6), lang)
        return w["weight"].format(title=title, sign="+" if p.direction > 0 else "-", step=step,
                                  factor=number(round(p.factor, 6), lang))
    assert p.old is not None and p.new is not None
    band = w["band"].format(band=p.band) if p.band and not p.band.startswith("when ") else ""  # a `when` says it below
    return w["threshold"].format(title=title, band=band, field=p.field, op=OPS.get(p.op or "", p.op),
                                 old=number(p.old, lang), new=number(p.new, lang))
