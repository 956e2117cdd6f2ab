"""The rubric's fixed wording in Vietnamese and English; pack text comes from the pack itself."""

from __future__ import annotations

import datetime as dt
import re

from kcscore.wording.format import number
from kcscore.i18n import lang_of, render
from kcscore.policy.model import Cite

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "doc_kind": "Bộ tiêu chí xét chọn",
        "contents": "Mục lục",
        "overview": "Thông tin chung",
        "pack_id": "Mã bộ quy tắc",
        "jurisdiction": "Phạm vi áp dụng",
        "version": "Phiên bản",
        "sha256": "Mã băm SHA-256 của các tệp quy tắc",
        "layers": "Các lớp quy tắc",
        "layers_value": "{top}, xây dựng trên lớp nền {base}; mỗi quy tắc dưới đây ghi rõ lớp của nó",
        "tests_sha256": "Mã băm SHA-256 của các tệp kiểm thử",
        "legal_basis": "Căn cứ pháp lý",
        "last_verified": "Đối chiếu văn bản lần cuối",
        "max_score": "Điểm tối đa",
        "how_to_read": "Cách xét một hồ sơ",
        "step_gates": "Hồ sơ phải đạt mọi điều kiện và không thuộc trường hợp loại trừ nào; nếu không, hồ sơ không đủ điều kiện và không được chấm điểm.",
        "step_blank": "Ô để trống được hiểu là chưa biết, không phải «không»: nếu một điều kiện cần thông tin đó, hồ sơ được xếp «chưa đủ thông tin»; nếu một tiêu chí cần thông tin đó, tiêu chí không được điểm và thông tin còn thiếu được nêu ra.",
        "step_score": "Hồ sơ đủ điều kiện được chấm theo các tiêu chí, điểm cộng và điểm trừ dưới đây; tối đa {max} điểm.",
        "step_support": "Mức hỗ trợ đề xuất = min(kinh phí đề nghị, tỷ lệ hỗ trợ × tổng kinh phí đề án, mức trần có hiệu lực vào ngày xét). Ngày xét mặc định là ngày nộp hồ sơ.",
        "confidence_legend": "Độ tin cậy của căn cứ: «đã đọc văn bản» — đã đối chiếu với văn bản gốc; «theo nguồn thứ cấp» — lấy từ nguồn thứ cấp, cần đối chiếu công báo; «chưa xác minh» — chưa đối chiếu được, dùng tạm.",
        "ranking": "Xếp hạng và ngân sách",
        "rank_lead": "Hồ sơ đủ điều kiện được xếp theo điểm cao hơn",
        "rank_tie": "nếu bằng điểm",
        "rank_then": "rồi",
        "rank_tail": "ngày nộp sớm hơn; rồi mã hồ sơ (theo thứ tự tăng dần)",
        "tie_criterion": "điểm «{title}» cao hơn",
        "tie_more": "«{title}» lớn hơn",
        "tie_less": "«{title}» nhỏ hơn",
        "tie_earlier": "«{title}» sớm hơn",
        "tie_later": "«{title}» muộn hơn",
        "budget_skip": "Khi có ngân sách, kinh phí được cấp lần lượt theo thứ tự xếp hạng; hồ sơ có mức hỗ trợ đề xuất vượt số kinh phí còn lại thì được bỏ qua và xét tiếp hồ sơ sau.",
        "budget_stop": "Khi có ngân sách, kinh phí được cấp lần lượt theo thứ tự xếp hạng và dừng ở hồ sơ đầu tiên có mức hỗ trợ đề xuất vượt số kinh phí còn lại.",
        "gates": "Ai được xét hỗ trợ: điều kiện",
        "gates_intro": "Hồ sơ phải đạt tất cả các điều kiện sau.",
        "exclusions": "Trường hợp không được hỗ trợ",
        "exclusions_intro": "Hồ sơ thuộc một trong các trường hợp sau thì không được hỗ trợ.",
        "rule_id": "Mã quy tắc",
        "layer": "Lớp quy tắc",
        "base_layer": "lớp nền",
        "applies": "Áp dụng cho",
        "applies_all": "Mọi hồ sơ",
        "requires": "Yêu cầu",
        "exempt": "Miễn áp dụng khi",
        "no_exempt": "Không có",
        "on_fail": "Thông báo khi không đạt",
        "excluded_when": "Bị loại khi",
        "unless": "Trừ khi",
        "reason": "Lý do",
        "cite": "Căn cứ",
        "note": "Ghi chú",
        "criteria": "Tiêu chí chấm điểm",
        "criteria_intro": "Với bảng mức, các mức được xét từ trên xuống; mức đầu tiên thỏa mãn cho điểm. Với tiêu chí cộng dồn, mọi mục thỏa mãn đều được cộng, không vượt mức tối đa.",
        "input": "Căn cứ tính",
        "condition": "Điều kiện",
        "item": "Mục",
        "points": "Điểm",
        "meaning": "Diễn giải",
        "maximum": "Tối đa",
        "pts": "{n} điểm",
        "sum_cap": "Cộng dồn các mục thỏa mãn, tối đa {cap} điểm.",
        "sum_nocap": "Cộng dồn các mục thỏa mãn.",
        "bonuses": "Điểm cộng",
        "bonus_when": "Được cộng khi",
        "penalties": "Điểm trừ",
        "penalty_when": "Bị trừ khi",
        "worst": "Bị trừ nhiều nhất",
        "summary": "Tổng hợp điểm tối đa",
        "kind": "Loại",
        "kind_criterion": "Tiêu chí",
        "kind_bonus": "Điểm cộng",
        "kind_penalty": "Điểm trừ",
        "total": "Tổng",
        "penalty_note": "Điểm trừ không tính vào tổng trên và có thể làm giảm điểm: {items}.",
        "penalty_item": "«{title}» trừ tới {n} điểm",
        "total_mismatch": "Tổng điểm tối đa của các tiêu chí và điểm cộng ({sum}) khác điểm tối đa của bộ quy tắc ({max}).",
        "support": "Mức hỗ trợ",
        "support_intro": "Mức hỗ trợ đề xuất = min(kinh phí đề nghị, tỷ lệ hỗ trợ × tổng kinh phí đề án, mức trần có hiệu lực vào ngày xét). Các quy định dưới đây được xét theo thứ tự; quy định đầu tiên phù hợp với hồ sơ được áp dụng. Mỗi mức có thời gian hiệu lực và căn cứ riêng.",
        "covers": "Nội dung được hỗ trợ",
        "share": "Tỷ lệ hỗ trợ",
        "cap": "Mức trần",
        "no_cap": "Không có mức trần",
        "fixed": "{value} (cố định)",
        "cost_field": "Chi phí tính tỷ lệ",
        "from": "Từ ngày",
        "until": "Đến ngày",
        "value": "Giá trị",
        "confidence": "Độ tin cậy",
        "open_end": "—",
        "other_parameters": "Tham số khác",
        "flags": "Cảnh báo cho cán bộ thẩm định",
        "flags_intro": "Các cảnh báo sau không làm thay đổi điểm; chúng nhắc cán bộ kiểm tra thêm.",
        "flag": "Cảnh báo",
        "level": "Mức",
        "level_warning": "Cảnh báo",
        "level_info": "Lưu ý",
        "when": "Khi",
        "says": "Nội dung",
        "fields": "Các thông tin trong hồ sơ",
        "fields_intro": "Tên cột là tiêu đề cột trong bảng kê hồ sơ; ô danh mục nhận mã hoặc nhãn tiếng Việt.",
        "column": "Tên cột",
        "field_id": "Mã",
        "type": "Kiểu, đơn vị",
        "allowed": "Giá trị hợp lệ",
        "required": "bắt buộc",
        "unique": "không trùng",
        "max_chars": "tối đa {n} ký tự",
        "bool_values": "có / không (x = có)",
        "date_values": "DD/MM/YYYY hoặc YYYY-MM-DD",
        "type_text": "Chữ", "type_integer": "Số nguyên", "type_number": "Số", "type_money": "Số tiền",
        "type_percent": "Tỷ lệ", "type_boolean": "Có/không", "type_enum": "Danh mục", "type_date": "Ngày",
        "conf_read": "đã đọc văn bản",
        "conf_read-2nd": "theo nguồn thứ cấp",
        "conf_unconfirmed": "⚠ chưa xác minh",
    },
    "en": {
        "doc_kind": "Selection rubric",
        "contents": "Contents",
        "overview": "Overview",
        "pack_id": "Policy pack id",
        "jurisdiction": "Jurisdiction",
        "version": "Version",
        "sha256": "SHA-256 of the rule files",
        "layers": "Layers",
        "layers_value": "{top}, built on the base layer {base}; each rule below names its layer",
        "tests_sha256": "SHA-256 of the test files",
        "legal_basis": "Legal basis",
        "last_verified": "Last checked against the sources",
        "max_score": "Maximum score",
        "how_to_read": "How an application is assessed",
        "step_gates": "An application must meet every condition and fall under no exclusion; otherwise it is ineligible and is not scored.",
        "step_blank": "A blank cell means unknown, not “no”: if a condition needs it, the application is “incomplete”; if a criterion needs it, the criterion earns no points and the missing item is listed.",
        "step_score": "Eligible applications are scored by the criteria, bonuses and penalties below, out of {max} points.",
        "step_support": "Recommended support = min(requested amount, support share × total project cost, cap in force on the assessment date). The assessment date is the submission date unless another is given.",
        "confidence_legend": "Confidence of a source: “read in the source” — checked against the source text; “secondary source” — taken from a secondary source, to be checked against the gazette; “unconfirmed” — not yet verified, used provisionally.",
        "ranking": "Ranking and budget",
        "rank_lead": "Eligible applications are ranked by higher score",
        "rank_tie": "on equal scores",
        "rank_then": "then",
        "rank_tail": "earlier submission date; then application id (ascending)",
        "tie_criterion": "more points for “{title}”",
        "tie_more": "higher “{title}”",
        "tie_less": "lower “{title}”",
        "tie_earlier": "earlier “{title}”",
        "tie_later": "later “{title}”",
        "budget_skip": "With a budget, funds go down the ranking; an application whose recommended support exceeds what is left is skipped and the next one is considered.",
        "budget_stop": "With a budget, funds go down the ranking and stop at the first application whose recommended support exceeds what is left.",
        "gates": "Who may apply: conditions",
        "gates_intro": "An application must meet every condition below.",
        "exclusions": "Who is refused",
        "exclusions_intro": "An application that falls under any of the cases below is not supported.",
        "rule_id": "Rule id",
        "layer": "Layer",
        "base_layer": "base layer",
        "applies": "Applies to",
        "applies_all": "Every application",
        "requires": "Requires",
        "exempt": "Exempt when",
        "no_exempt": "None",
        "on_fail": "Message when not met",
        "excluded_when": "Refused when",
        "unless": "Unless",
        "reason": "Reason",
        "cite": "Source",
        "note": "Note",
        "criteria": "Scored criteria",
        "criteria_intro": "In a band table the lines are read top to bottom; the first that holds gives the points. In a summed criterion every item that holds adds its points, up to the maximum.",
        "input": "Based on",
        "condition": "Condition",
        "item": "Item",
        "points": "Points",
        "meaning": "Meaning",
        "maximum": "Maximum",
        "pts": "{n} points",
        "sum_cap": "Items that hold are added up, to at most {cap} points.",
        "sum_nocap": "Items that hold are added up.",
        "bonuses": "Bonuses",
        "bonus_when": "Awarded when",
        "penalties": "Penalties",
        "penalty_when": "Deducted when",
        "worst": "Largest deduction",
        "summary": "Maximum points",
        "kind": "Kind",
        "kind_criterion": "Criterion",
        "kind_bonus": "Bonus",
        "kind_penalty": "Penalty",
        "total": "Total",
        "penalty_note": "Penalties are not part of the total above and can lower the score: {items}.",
        "penalty_item": "“{title}” up to {n} points off",
        "total_mismatch": "The criteria and bonuses add up to {sum} points, not the pack's maximum score of {max}.",
        "support": "Support amounts",
        "support_intro": "Recommended support = min(requested amount, support share × total project cost, cap in force on the assessment date). The rules below are tried in order; the first that fits the application applies. Every value has its own period of validity and source.",
        "covers": "Content covered",
        "share": "Support share",
        "cap": "Cap",
        "no_cap": "No cap",
        "fixed": "{value} (fixed)",
        "cost_field": "Cost the share applies to",
        "from": "From",
        "until": "Until",
        "value": "Value",
        "confidence": "Confidence",
        "open_end": "—",
        "other_parameters": "Other parameters",
        "flags": "Warnings for the reviewing officer",
        "flags_intro": "These warnings never change the score; they tell the officer what to check.",
        "flag": "Warning",
        "level": "Level",
        "level_warning": "Warning",
        "level_info": "Note",
        "when": "When",
        "says": "Message",
        "fields": "Application fields",
        "fields_intro": "The column is the header in the applicant sheet; list cells take the id or the Vietnamese label.",
        "column": "Column",
        "field_id": "Id",
        "type": "Type, unit",
        "allowed": "Allowed values",
        "required": "required",
        "unique": "unique",
        "max_chars": "at most {n} characters",
        "bool_values": "yes / no (x = yes)",
        "date_values": "DD/MM/YYYY or YYYY-MM-DD",
        "type_text": "Text", "type_integer": "Whole number", "type_number": "Number", "type_money": "Amount",
        "type_percent": "Percentage", "type_boolean": "Yes/no", "type_enum": "List", "type_date": "Date",
        "conf_read": "read in the source",
        "conf_read-2nd": "secondary source",
        "conf_unconfirmed": "⚠ unconfirmed",
    },
}


def words(lang: str) -> dict[str, str]:
    return TEXT[lang_of(lang)]


def day(value: dt.date, lang: str) -> str:
    return value.strftime(render("format.date", lang))


def pts(value: float, lang: str) -> str:
    """Points with a true minus sign, so a deduction cannot be misread as a dash."""
    text = number(abs(round(value, 2)), lang)
    return f"−{text}" if value < 0 else text


def cite_text(cite: Cite, lang: str, with_confidence: bool = True) -> str:
    """'Thông tư 28/2018/TT-BTC, Điều 8.4 — note (theo nguồn thứ cấp)'."""
    text = cite.short()
    if cite.note:
        text += f" — {cite.note}"
    if cite.url:
        text += f" — {cite.url}"
    if with_confidence:
        text += f" ({confidence(cite, lang)})"
    return text


def confidence(cite: Cite, lang: str) -> str:
    return words(lang)[f"conf_{cite.confidence}"]


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def template(text: str, titles: dict[str, str]) -> str:
    """A sentence template with each '{field}' shown as ‹field title›, for readers of the rules; where
    the sentence already names the field just before it ("Loại hình {legal_form}"), as «…», so the
    title is not said twice."""
    def shown(m: re.Match[str]) -> str:
        title = titles.get(m.group(1), m.group(1))
        before = m.string[: m.start()].rstrip(" (").casefold().split()
        words = title.casefold().split()
        for k in range(min(len(before), len(words)), 0, -1):  # "Nội dung {support_content}" names it too
            if before[-k:] == words[:k] and (k >= 2 or k == len(words)):
                return "«…»"
        return f"‹{title}›"

    return _PLACEHOLDER.sub(shown, " ".join(text.split()))
