"""Words of the pack comparison, in Vietnamese and English.

Decision names come from ``kcscore.output.write_labels`` so that the comparison speaks the same
words as the ranking it compares.
"""

from __future__ import annotations

from kcscore.i18n import lang_of as lang_of
from kcscore.kinds.registry import KINDS
from kcscore.output.write_labels import DECISION

__all__ = ["ATTR", "COLUMNS", "CONFIDENCE", "DECISION", "KIND", "OP_WORDS", "SHEETS", "W", "lang_of"]

KIND: dict[str, dict[str, str]] = {  # what each rule kind is called: the kind units' own words
    lang: {name: kind.words[i] for name, kind in KINDS.items()} for i, lang in enumerate(("vi", "en"))
}

ATTR: dict[str, dict[str, str]] = {
    "vi": {
        "kind": "loại quy tắc", "title": "tên", "description": "mô tả", "cite": "căn cứ", "applies": "áp dụng khi",
        "require": "yêu cầu", "exempt": "miễn khi", "when": "khi", "input": "trường đầu vào",
        "monotonic": "chiều đơn điệu", "group": "nhóm", "points": "điểm", "cap": "mức trần",
        "share": "tỷ lệ hỗ trợ", "cost_field": "trường tổng kinh phí", "requested_field": "trường kinh phí đề nghị",
        "level": "mức cảnh báo", "says": "câu giải thích", "fails": "câu khi không đạt", "passes": "câu khi đạt",
        "reason": "lý do loại trừ",
        # policy header
        "version": "phiên bản", "jurisdiction": "địa bàn", "currency": "đơn vị tiền", "max_score": "điểm tối đa",
        "legal_basis": "căn cứ pháp lý", "last_verified_on": "ngày rà soát", "tie_breaks": "thứ tự xét khi bằng điểm",
        "valid_from": "áp dụng từ ngày", "valid_until": "áp dụng đến ngày",
        "when_not_fit": "khi không đủ kinh phí",
        # fields
        "type": "kiểu", "header": "tiêu đề cột", "aliases": "tên gọi khác", "unit": "đơn vị", "min": "nhỏ nhất",
        "min_exclusive": "không tính giá trị nhỏ nhất", "max": "lớn nhất", "required": "bắt buộc",
        "unique": "không trùng", "max_length": "số ký tự tối đa", "help": "hướng dẫn",
        "actionable": "cơ sở thay đổi được",
        "vi": "nhãn tiếng Việt", "en": "nhãn tiếng Anh",
        # dated values
        "value": "giá trị", "until": "đến ngày", "confidence": "độ tin cậy", "note": "ghi chú", "date": "ngày hiệu lực",
    },
    "en": {
        "kind": "kind", "title": "title", "description": "description", "cite": "source", "applies": "applies when",
        "require": "requires", "exempt": "exempt when", "when": "when", "input": "input field",
        "monotonic": "monotonic", "group": "group", "points": "points", "cap": "cap", "share": "support share",
        "cost_field": "cost field", "requested_field": "requested field", "level": "level", "says": "sentence",
        "fails": "sentence when not met", "passes": "sentence when met", "reason": "exclusion reason",
        "version": "version", "jurisdiction": "jurisdiction", "currency": "currency", "max_score": "maximum score",
        "legal_basis": "legal basis", "last_verified_on": "last verified on", "tie_breaks": "tie-breaks",
        "valid_from": "valid from", "valid_until": "valid until",
        "when_not_fit": "when an applicant does not fit the budget",
        "type": "type", "header": "column header", "aliases": "aliases", "unit": "unit", "min": "minimum",
        "min_exclusive": "minimum excluded", "max": "maximum", "required": "required", "unique": "unique",
        "max_length": "maximum length", "help": "help", "actionable": "actionable", "vi": "Vietnamese label",
        "en": "English label", "value": "value", "until": "until", "confidence": "confidence", "note": "note",
        "date": "start date",
    },
}

CONFIDENCE = {
    "vi": {"read": "đã đọc văn bản", "read-2nd": "theo nguồn thứ cấp", "unconfirmed": "chưa xác nhận"},
    "en": {"read": "read in the source", "read-2nd": "secondary source", "unconfirmed": "unconfirmed"},
}

W: dict[str, dict[str, str]] = {
    "vi": {
        "title": "So sánh bộ quy tắc", "old": "Cũ", "new": "Mới", "changes": "Thay đổi quy tắc",
        "no_changes": "Hai bộ quy tắc có cùng nội dung: không có thay đổi nào.",
        "counts": "{n} thay đổi ({added} thêm, {removed} bỏ, {changed} sửa)",
        "sec_policy": "Thông tin chung", "sec_field": "Trường dữ liệu", "sec_rule": "Quy tắc",
        "sec_parameter": "Tham số",
        "band": "mức", "item": "mục", "order": "thứ tự các mức", "field": "trường", "parameter": "tham số",
        "value_of": "giá trị", "blank": "(không có)", "pts": "điểm", "score_word": "điểm",
        "max_pts": "tối đa {p} điểm",
        "add_band": "thêm", "drop_band": "bỏ",
        "impact": "Ảnh hưởng đến hồ sơ", "impact_head": "{n} hồ sơ; ngày áp dụng: {as_of}; ngân sách: {budget}",
        "as_of_each": "theo ngày nộp của từng hồ sơ", "no_budget": "không nêu",
        "changed": "Hồ sơ có thay đổi: {n}",
        "flips": "Đổi quyết định: {n}", "score": "Đổi điểm: {n} hồ sơ ({up} tăng, {down} giảm)",
        "ranks": "Đổi thứ hạng: {n} hồ sơ",
        "funded": "Danh sách được hỗ trợ: {entered} vào, {exited} ra; kinh phí đã phân bổ {old} → {new}",
        "errors": "Dòng không đọc được: {old} với bộ cũ, {new} với bộ mới",
        "flip_head": "Đổi quyết định", "moves_head": "Thay đổi thứ hạng lớn nhất",
        "funded_head": "Thay đổi danh sách được hỗ trợ", "entered": "vào", "exited": "ra", "kept": "giữ nguyên",
        "because": "do", "others": "do thay đổi của các hồ sơ khác", "and_others": "và thay đổi của các hồ sơ khác",
        "support_line": "Đổi mức hỗ trợ đề xuất: {n} hồ sơ ({total})", "decision_adj": "đổi quyết định",
        "bounds_adj": "giới hạn điểm", "more": "… và {n} hồ sơ khác (xem JSON hoặc XLSX)",
        "rank": "hạng", "support": "hỗ trợ",
        "only_old": "chỉ đọc được với bộ cũ", "only_new": "chỉ đọc được với bộ mới",
    },
    "en": {
        "title": "Policy pack comparison", "old": "Old", "new": "New", "changes": "Rule changes",
        "no_changes": "The two packs mean the same: nothing changed.",
        "counts": "{n} changes ({added} added, {removed} removed, {changed} changed)",
        "sec_policy": "Pack header", "sec_field": "Fields", "sec_rule": "Rules", "sec_parameter": "Parameters",
        "band": "band", "item": "item", "order": "band order", "field": "field", "parameter": "parameter",
        "value_of": "value", "blank": "(none)", "pts": "points", "score_word": "score",
        "max_pts": "up to {p} points",
        "add_band": "adds", "drop_band": "drops",
        "impact": "Impact on applicants", "impact_head": "{n} applicants; as of: {as_of}; budget: {budget}",
        "as_of_each": "each applicant's submission date", "no_budget": "none given",
        "changed": "Applicants affected: {n}",
        "flips": "Decisions flipped: {n}", "score": "Scores changed: {n} applicants ({up} up, {down} down)",
        "ranks": "Rank moves: {n} applicants",
        "funded": "Funded set: {entered} in, {exited} out; allocated {old} → {new}",
        "errors": "Rows that could not be read: {old} with the old pack, {new} with the new one",
        "flip_head": "Decisions flipped", "moves_head": "Largest rank moves",
        "funded_head": "Funded-set changes", "entered": "in", "exited": "out", "kept": "kept",
        "because": "because of", "others": "because other applicants changed",
        "and_others": "and other applicants' changes",
        "support_line": "Recommended support changed: {n} applicants ({total})", "decision_adj": "decision changed",
        "bounds_adj": "score bounds", "more": "… and {n} more (see JSON or XLSX)",
        "rank": "rank", "support": "support",
        "only_old": "read only with the old pack", "only_new": "read only with the new pack",
    },
}

SHEETS = {"vi": {"changes": "Thay đổi", "applicants": "Hồ sơ", "funded": "Danh sách hỗ trợ", "warnings": "Cảnh báo"},
          "en": {"changes": "Changes", "applicants": "Applicants", "funded": "Funded set", "warnings": "Warnings"}}

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "vi": {
        "changes": ("Mã thay đổi", "Phần", "Mã", "Loại quy tắc", "Thao tác", "Nội dung", "Cũ", "Mới", "Căn cứ",
                    "Độ tin cậy", "Mô tả"),
        "applicants": ("Mã hồ sơ", "Tên cơ sở", "Kết quả cũ", "Kết quả mới", "Hạng cũ", "Hạng mới", "Thay đổi hạng",
                       "Điểm cũ", "Điểm mới", "Thay đổi điểm", "Hỗ trợ cũ (đồng)", "Hỗ trợ mới (đồng)",
                       "Được hỗ trợ (cũ)", "Được hỗ trợ (mới)", "Điểm theo quy tắc", "Nguyên nhân"),
        "funded": ("Mã hồ sơ", "Tên cơ sở", "Thay đổi", "Hạng cũ", "Hạng mới", "Điểm cũ", "Điểm mới",
                   "Hỗ trợ cũ (đồng)", "Hỗ trợ mới (đồng)", "Nguyên nhân"),
        "warnings": ("Cột thiếu", "Trường", "Trường mới", "Số hồ sơ phụ thuộc", "Số hồ sơ chưa đủ thông tin", "Cảnh báo"),
    },
    "en": {
        "changes": ("Change key", "Section", "Id", "Rule kind", "Operation", "What", "Old", "New", "Source",
                    "Confidence", "Description"),
        "applicants": ("Application id", "Facility name", "Old decision", "New decision", "Old rank", "New rank",
                       "Rank move", "Old score", "New score", "Score change", "Old support (VND)", "New support (VND)",
                       "Funded (old)", "Funded (new)", "Points by rule", "Causes"),
        "funded": ("Application id", "Facility name", "Change", "Old rank", "New rank", "Old score", "New score",
                   "Old support (VND)", "New support (VND)", "Causes"),
        "warnings": ("Missing column", "Field", "New field", "Applicants depending on it", "Left incomplete", "Warning"),
    },
}

OP_WORDS = {"vi": {"added": "thêm", "removed": "bỏ", "changed": "sửa"},
       "en": {"added": "added", "removed": "removed", "changed": "changed"}}
