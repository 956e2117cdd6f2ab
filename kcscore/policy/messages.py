"""The catalogue of rule-file diagnostics: one stable code per problem, in Vietnamese and English.

Codes never change meaning, so policy staff, CI scripts and editors can rely on them. Each entry
has the message, what was expected, and a valid example; ``{name}`` fields are filled from the
diagnostic's parameters.
"""

from __future__ import annotations

from typing import TypedDict


class Entry(TypedDict, total=False):
    vi: str
    en: str
    expected_vi: str
    expected_en: str
    example: str


CATALOGUE: dict[str, Entry] = {
    "K000": {"vi": "không đọc được tệp: {problem}", "en": "cannot read the file: {problem}"},
    "K001": {
        "vi": "lỗi cú pháp YAML: {problem}",
        "en": "YAML syntax error: {problem}",
        "expected_vi": "mỗi khoá viết `khoá: giá trị`, thụt lề bằng dấu cách, không dùng tab",
        "expected_en": "`key: value` pairs indented with spaces, no tabs",
        "example": "title: {vi: Lợi thế nguyên liệu, en: Raw-material advantage}",
    },
    "K002": {"vi": "tệp không phải UTF-8", "en": "the file is not UTF-8", "expected_vi": "lưu tệp ở bảng mã UTF-8", "expected_en": "save the file as UTF-8"},
    "K003": {"vi": "tệp quá lớn (giới hạn {limit} byte)", "en": "the file is too large (limit {limit} bytes)"},
    "K004": {
        "vi": "thẻ YAML '{tag}' không được phép trong tệp quy tắc",
        "en": "YAML tag '{tag}' is not allowed in rule files",
        "expected_vi": "chỉ dùng chuỗi, số, ngày, true/false, danh sách và bảng",
        "expected_en": "only strings, numbers, dates, true/false, lists and mappings",
    },
    "K005": {
        "vi": "không dùng neo/bí danh YAML (&{anchor} / *{anchor}) trong tệp quy tắc",
        "en": "YAML anchors and aliases (&{anchor} / *{anchor}) are not allowed in rule files",
        "expected_vi": "viết lại giá trị, hoặc dùng `base:` trong ca kiểm thử",
        "expected_en": "write the value out, or use `base:` in test cases",
    },
    "K006": {"vi": "giá trị số không hợp lệ: {value}", "en": "invalid number: {value}", "expected_vi": "một số hữu hạn", "expected_en": "a finite number"},
    "K007": {"vi": "ngày không hợp lệ: {value}", "en": "invalid date: {value}", "expected_vi": "ngày dạng YYYY-MM-DD", "expected_en": "a date as YYYY-MM-DD", "example": "2018-05-15"},
    "K008": {"vi": "lồng nhau quá sâu (giới hạn {limit} cấp)", "en": "nested too deeply (limit {limit} levels)"},
    "K009": {"vi": "tệp có quá nhiều phần tử (giới hạn {limit})", "en": "the file has too many elements (limit {limit})"},
    "K010": {"vi": "khoá phải là một chuỗi đơn giản", "en": "keys must be plain strings"},
    "K011": {"vi": "khoá '{key}' bị lặp", "en": "duplicate key '{key}'", "expected_vi": "mỗi khoá chỉ xuất hiện một lần", "expected_en": "each key once"},
    "K012": {
        "vi": "trường '{name}' không có trong lược đồ",
        "en": "unknown field '{name}'",
        "expected_vi": "mã trường khai báo trong `fields:`",
        "expected_en": "a field id declared under `fields:`",
    },
    "K013": {
        "vi": "giá trị '{value}' không thuộc trường '{field}'",
        "en": "'{value}' is not a value of field '{field}'",
        "expected_vi": "một trong: {allowed}",
        "expected_en": "one of: {allowed}",
    },
    "K014": {
        "vi": "sai kiểu trong điều kiện: {problem}",
        "en": "type error in condition: {problem}",
        "example": "local_material_share > 50",
    },
    "K015": {
        "vi": "lỗi cú pháp điều kiện: {problem}",
        "en": "condition syntax error: {problem}",
        "expected_vi": "so sánh, and/or/not, in [...], số học, ngoặc",
        "expected_en": "comparisons, and/or/not, in [...], arithmetic, parentheses",
        "example": 'sector in ["agro_forestry_processing", "food_processing"] and workers >= 10',
    },
    "K016": {"vi": "điều kiện quá dài hoặc lồng quá sâu ({problem})", "en": "condition too long or too deeply nested ({problem})"},
    "K017": {"vi": "điều kiện không bao giờ đúng: {problem}", "en": "condition can never be true: {problem}"},
    "K018": {"vi": "điều kiện luôn đúng: {problem}", "en": "condition is always true: {problem}"},
    "K020": {
        "vi": "khoá '{key}' không hợp lệ ở đây",
        "en": "unknown key '{key}'",
        "expected_vi": "một trong: {allowed}",
        "expected_en": "one of: {allowed}",
    },
    "K021": {"vi": "thiếu khoá bắt buộc '{key}'", "en": "missing required key '{key}'", "expected_vi": "{expected}", "expected_en": "{expected}"},
    "K022": {
        "vi": "sai kiểu giá trị: {problem}",
        "en": "wrong kind of value: {problem}",
        "expected_vi": "{expected}",
        "expected_en": "{expected}",
    },
    "K023": {
        "vi": "giá trị '{value}' không hợp lệ",
        "en": "invalid value '{value}'",
        "expected_vi": "một trong: {allowed}",
        "expected_en": "one of: {allowed}",
    },
    "K024": {"vi": "giá trị ngoài khoảng cho phép: {problem}", "en": "value out of range: {problem}"},
    "K025": {"vi": "thiếu bản dịch '{lang}' cho {what}", "en": "missing '{lang}' text for {what}", "example": "title: {vi: ..., en: ...}"},
    "K026": {"vi": "mẫu câu dùng trường '{name}' không có trong lược đồ", "en": "sentence template uses unknown field '{name}'"},
    "K040": {
        "vi": "bảng mức điểm '{rule}' bỏ sót giá trị: {gap}",
        "en": "band table '{rule}' leaves values without a band: {gap}",
        "expected_vi": "thêm một mức cho khoảng này hoặc một dòng `otherwise`",
        "expected_en": "add a band for these values or an `otherwise` line",
        "example": "- {otherwise: 0}",
    },
    "K041": {
        "vi": "mức {band} của bảng '{rule}' chồng lấn mức {other}",
        "en": "band {band} of '{rule}' overlaps band {other}",
        "expected_vi": "các khoảng không giao nhau",
        "expected_en": "ranges that do not intersect",
    },
    "K042": {
        "vi": "mức {band} của bảng '{rule}' không bao giờ được dùng (các mức trước đã bao hết)",
        "en": "band {band} of '{rule}' is unreachable (earlier bands cover it)",
        "expected_vi": "xếp các ngưỡng từ cao xuống thấp",
        "expected_en": "order thresholds from highest to lowest",
    },
    "K043": {"vi": "bảng mức điểm '{rule}': {problem}", "en": "band table '{rule}': {problem}"},
    "K050": {
        "vi": "tổng điểm tối đa các tiêu chí là {total}, khác thang điểm khai báo {declared}",
        "en": "criteria maxima add up to {total}, not the declared maximum {declared}",
        "expected_vi": "chỉnh điểm các tiêu chí hoặc `max_score`",
        "expected_en": "adjust criterion points or `max_score`",
    },
    "K051": {"vi": "mã quy tắc '{id}' bị trùng (đã có ở {other})", "en": "duplicate rule id '{id}' (also at {other})"},
    "K052": {
        "vi": "quy tắc '{id}' thiếu trích dẫn nguồn",
        "en": "rule '{id}' has no citation",
        "expected_vi": "cite: {{doc: ..., article: ...}}",
        "expected_en": "cite: {{doc: ..., article: ...}}",
        "example": 'cite: {doc: Thông tư 46/2012/TT-BCT, article: "Điều 6.2.b"}',
    },
    "K053": {"vi": "tham chiếu '{name}' không tồn tại", "en": "unknown reference '{name}'", "expected_vi": "một trong: {allowed}", "expected_en": "one of: {allowed}"},
    "K054": {"vi": "{problem}", "en": "{problem_en}"},
    "K060": {
        "vi": "tham số '{param}' không có giá trị từ {start} đến {end}",
        "en": "parameter '{param}' has no value from {start} to {end}",
        "expected_vi": "giá trị liền mạch: `until` của giá trị trước là ngày liền trước ngày bắt đầu giá trị sau",
        "expected_en": "contiguous values: each `until` is the day before the next start",
    },
    "K061": {
        "vi": "các giá trị của tham số '{param}' chồng lấn: {start} – {end}",
        "en": "values of parameter '{param}' overlap: {start} – {end}",
    },
    "K062": {
        "vi": "giá trị ngày {date} của tham số '{param}' thiếu trích dẫn",
        "en": "the {date} value of parameter '{param}' has no citation",
        "example": "2018-05-15: {value: 300_000_000, cite: {doc: Thông tư 28/2018/TT-BTC, article: Điều 8.4}}",
    },
    "K063": {"vi": "tham số '{param}' không có giá trị nào", "en": "parameter '{param}' has no values"},
    "K070": {"vi": "ca kiểm thử '{case}': {problem}", "en": "test case '{case}': {problem_en}"},
    "K071": {"vi": "ca kiểm thử dùng trường '{name}' không có trong lược đồ", "en": "test case uses unknown field '{name}'"},
    "K072": {"vi": "ca kiểm thử nhắc tới quy tắc '{name}' không tồn tại", "en": "test case names unknown rule '{name}'"},
    "K080": {"vi": "không tìm thấy bộ quy tắc ở '{path}'", "en": "no policy pack at '{path}'", "expected_vi": "một thư mục chứa các tệp .yaml", "expected_en": "a folder of .yaml files"},
    "K081": {"vi": "bộ quy tắc thiếu phần '{section}'", "en": "the pack has no '{section}' section"},
    "K090": {"vi": "bộ quy tắc làm lỗi bộ máy luật: {problem}", "en": "the pack breaks the rule engine: {problem}"},
}


def render(code: str, lang: str, params: dict[str, object]) -> tuple[str, str | None, str | None]:
    """Return (message, expected, example) for a code in a language; unknown params stay visible."""
    entry = CATALOGUE.get(code, {"vi": code, "en": code})

    class _Safe(dict):  # type: ignore[type-arg]
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    values = _Safe({k: v for k, v in params.items()})
    if "problem_en" not in values and "problem" in values:
        values["problem_en"] = values["problem"]
    message = entry.get(lang, entry.get("en", code)).format_map(values)  # type: ignore[arg-type]
    expected_template = entry.get(f"expected_{lang}")  # type: ignore[misc]
    expected = expected_template.format_map(values) if expected_template else None
    return message, expected, entry.get("example")
