"""Every label the HTML and Markdown reports print, in Vietnamese and English.

One catalogue for both reports so that a word chosen for officers ("Ranh giới kinh phí") reads the
same on screen, on paper and in a Markdown file. Unknown languages fall back to Vietnamese, the
language the programme works in.
"""

from __future__ import annotations

from kcscore.i18n import lang_of, status_label

_VI: dict[str, str] = {
    "title": "Báo cáo xét chọn đề án khuyến công",
    "pack": "Bộ quy tắc",
    "version": "Phiên bản",
    "sha256": "Mã băm SHA-256 (tệp quy tắc)",
    "as_of": "Ngày áp dụng",
    "as_of_each": "theo ngày nộp của từng hồ sơ",
    "source": "Tệp nguồn",
    "summary": "Tổng hợp",
    "rows": "Số dòng dữ liệu",
    "assessed": "Đã đánh giá",
    "errors": "Dòng lỗi",
    "budget": "Ngân sách",
    "committed": "Đã cam kết",
    "left": "Còn lại",
    "no_budget": "Không có ngân sách: chưa xét ranh giới kinh phí.",
    "ranking": "Bảng xếp hạng",
    "order": "Thứ tự xếp hạng",
    "order_score": "điểm",
    "order_date": "ngày nộp sớm hơn",
    "order_id": "mã hồ sơ",
    "col_rank": "Hạng",
    "col_id": "Mã hồ sơ",
    "col_name": "Tên cơ sở",
    "col_decision": "Kết quả",
    "col_score": "Điểm",
    "col_support": "Hỗ trợ đề xuất",
    "col_funded": "Được hỗ trợ",
    "not_ranked": "Chưa xếp hạng",
    "provisional": "tạm tính",
    "line": "Ranh giới kinh phí",
    "line_first": "Hồ sơ đầu tiên chưa được hỗ trợ",
    "line_lacked": "thiếu",
    "line_all": "Mọi hồ sơ đủ điều kiện đều được hỗ trợ.",
    "no_applicants": "Không có hồ sơ nào được đánh giá.",
    "chart": "Điểm theo tiêu chí",
    "chart_desc": "Mỗi thanh là một hồ sơ đủ điều kiện theo thứ tự xếp hạng; mỗi màu là một tiêu chí.",
    "chart_top": "Biểu đồ chỉ vẽ {shown} hồ sơ xếp hạng cao nhất trong số {total} hồ sơ đủ điều kiện.",
    "chart_none": "Không có hồ sơ đủ điều kiện để vẽ biểu đồ.",
    "penalty": "Điểm trừ",
    "points": "điểm",
    "explanations": "Giải trình từng hồ sơ",
    "decision": "Kết quả",
    "reasons": "Lý do",
    "conditions": "Điều kiện",
    "findings": "Điểm theo tiêu chí",
    "col_finding": "Nội dung",
    "col_cite": "Căn cứ",
    "missing": "Thiếu thông tin",
    "suggestions": "Điểm còn có thể đạt",
    "support": "Hỗ trợ",
    "flags": "Cần lưu ý",
    "funding_note": "Kinh phí",
    "unconfirmed": "chưa xác nhận",
    "row_errors": "Dòng không đánh giá được",
    "col_row": "Dòng",
    "col_column": "Cột",
    "col_field": "Trường",
    "col_value": "Giá trị",
    "col_message": "Lỗi",
    "no_errors": "Không có dòng lỗi.",
    "warnings": "Cảnh báo",
    "contents": "Mục lục",
}

_EN: dict[str, str] = {
    "title": "Industrial-promotion selection report",
    "pack": "Policy pack",
    "version": "Version",
    "sha256": "SHA-256 (rule files)",
    "as_of": "As of",
    "as_of_each": "each applicant's submission date",
    "source": "Source file",
    "summary": "Summary",
    "rows": "Data rows",
    "assessed": "Assessed",
    "errors": "Rows with errors",
    "budget": "Budget",
    "committed": "Committed",
    "left": "Left",
    "no_budget": "No budget given: no funding line drawn.",
    "ranking": "Ranking",
    "order": "Ranking order",
    "order_score": "score",
    "order_date": "earlier submission",
    "order_id": "application id",
    "col_rank": "Rank",
    "col_id": "Application id",
    "col_name": "Facility",
    "col_decision": "Decision",
    "col_score": "Points",
    "col_support": "Recommended support",
    "col_funded": "Funded",
    "not_ranked": "Not ranked",
    "provisional": "provisional",
    "line": "Funding line",
    "line_first": "First applicant not funded",
    "line_lacked": "short by",
    "line_all": "Every eligible applicant is funded.",
    "no_applicants": "No applicant was assessed.",
    "chart": "Points by criterion",
    "chart_desc": "One bar per eligible applicant in rank order; one colour per criterion.",
    "chart_top": "The chart shows the top {shown} of {total} eligible applicants.",
    "chart_none": "No eligible applicant to chart.",
    "penalty": "Penalty",
    "points": "points",
    "explanations": "Each applicant's explanation",
    "decision": "Decision",
    "reasons": "Reasons",
    "conditions": "Conditions",
    "findings": "Points by criterion",
    "col_finding": "Finding",
    "col_cite": "Source",
    "missing": "Missing information",
    "suggestions": "Points left on the table",
    "support": "Support",
    "flags": "Warnings",
    "funding_note": "Funding",
    "unconfirmed": "unconfirmed",
    "row_errors": "Rows that could not be assessed",
    "col_row": "Row",
    "col_column": "Column",
    "col_field": "Field",
    "col_value": "Value",
    "col_message": "Message",
    "no_errors": "No row errors.",
    "warnings": "Warnings",
    "contents": "Contents",
}

_STANDINGS = ("eligible", "incomplete", "ineligible", "funded")  # also counts of the summary
_LABELS = {lang: {**table, **{key: status_label(key, lang) for key in _STANDINGS}}
           for lang, table in (("vi", _VI), ("en", _EN))}


def labels(lang: str) -> dict[str, str]:
    """The labels for ``lang``; anything but English is Vietnamese."""
    return _LABELS[lang_of(lang)]


def decision_label(decision: str, lang: str) -> str:
    """A decision in the words of the status vocabulary."""
    return status_label(decision, lang)
