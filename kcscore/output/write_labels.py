"""Words the result files use, in Vietnamese and English: column headers, decisions, sheet names."""

from __future__ import annotations

from typing import Any

from kcscore.i18n import LANGS, status_label
from kcscore.i18n import lang_of as lang_of

DECISION: dict[str, dict[str, str]] = {lang: {key: status_label(key, lang) for key in ("eligible", "ineligible",
                                                                                    "incomplete")} for lang in LANGS}
YES_NO: dict[str, tuple[str, str]] = {"vi": ("có", "không"), "en": ("yes", "no")}

COLUMNS: dict[str, dict[str, str]] = {
    "vi": {"rank": "Hạng", "decision": "Kết quả", "score": "Điểm", "max_score": "Điểm tối đa",
           "support": "Hỗ trợ đề xuất (đồng)", "reason": "Lý do",
           "missing": "Thông tin còn thiếu", "flags": "Cần lưu ý"},
    "en": {"rank": "Rank", "decision": "Decision", "score": "Score", "max_score": "Max score",
           "support": "Recommended support (VND)", "reason": "Reason",
           "missing": "Missing information", "flags": "Warnings"},
}
ERROR_COLUMNS: dict[str, tuple[str, ...]] = {
    "vi": ("Dòng", "Mã hồ sơ", "Cột", "Trường", "Giá trị", "Lỗi"),
    "en": ("Row", "Application id", "Column", "Field", "Value", "Message"),
}
SHEETS: dict[str, dict[str, str]] = {
    "vi": {"ranking": "Xếp hạng", "explain": "Giải trình", "errors": "Lỗi", "info": "Thông tin"},
    "en": {"ranking": "Ranking", "explain": "Explanation", "errors": "Errors", "info": "About"},
}
PHRASES: dict[str, dict[str, str]] = {
    "vi": {"missing": "Thiếu thông tin", "provisional": "điểm tạm tính", "top": "Điểm cao nhất",
           "points": "điểm", "no_errors": "Không có lỗi.", "unsupported":
           "không ghi được tệp '{suffix}' ở đây; dùng .csv, .xlsx, .json, .jsonl hoặc .md"},
    "en": {"missing": "Missing", "provisional": "provisional score", "top": "Top points",
           "points": "points", "no_errors": "No errors.", "unsupported":
           "cannot write a '{suffix}' file here; use .csv, .xlsx, .json, .jsonl or .md"},
}
INFO: dict[str, dict[str, str]] = {
    "vi": {"key": "Mục", "value": "Giá trị", "policy": "Bộ quy tắc", "title": "Tên bộ quy tắc",
           "version": "Phiên bản", "sha256": "Mã băm sha256 (tệp quy tắc)", "as_of": "Theo quy định có hiệu lực ngày",
           "as_of_each": "theo ngày nộp của từng hồ sơ", "source": "Tệp đầu vào", "rows": "Số dòng đã đọc",
           "assessed": "Số hồ sơ đã đánh giá", "errors": "Dòng lỗi",
           "budget": "Ngân sách (đồng)", "committed": "Đã phân bổ (đồng)", "left": "Còn lại (đồng)",
           "line": "Hạng cuối cùng được cấp", "first_unfunded": "Hồ sơ đầu tiên không được cấp",
           "lacked": "Còn thiếu (đồng)", "rule": "Khi không đủ kinh phí",
           "skip": "bỏ qua hồ sơ không vừa, xét hồ sơ tiếp theo", "stop": "dừng tại hồ sơ đầu tiên không vừa",
           "warning": "Cảnh báo"},
    "en": {"key": "Item", "value": "Value", "policy": "Policy pack", "title": "Pack title", "version": "Version",
           "sha256": "sha256 (rule files)", "as_of": "As in force on", "as_of_each": "each applicant's submission date",
           "source": "Input file", "rows": "Rows read", "assessed": "Applicants assessed",
           "errors": "Rows with errors", "budget": "Budget (VND)", "committed": "Allocated (VND)", "left": "Left (VND)",
           "line": "Last funded rank", "first_unfunded": "First unfunded applicant", "lacked": "Lacked (VND)",
           "rule": "When an applicant does not fit", "skip": "skip it and try the next",
           "stop": "stop at the first that does not fit", "warning": "Warning"},
}

_STANDINGS = ("eligible", "incomplete", "ineligible", "funded")  # the counts and the funding column say these
for _lang in LANGS:
    COLUMNS[_lang]["funded"] = status_label("funded", _lang)
    INFO[_lang].update({key: status_label(key, _lang) for key in _STANDINGS})


def cite_text(cite: dict[str, Any] | None) -> str:
    if not cite:
        return ""
    doc = str(cite.get("doc", ""))
    article = cite.get("article")
    return f"{doc}, {article}" if article else doc
