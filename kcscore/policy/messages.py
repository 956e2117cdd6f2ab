"""The catalogue of rule-file diagnostics: one stable code per problem, in Vietnamese and English.

Codes never change meaning, so policy staff, CI scripts and editors can rely on them. Each entry
has the message, what was expected, and a valid example; ``{name}`` fields are filled from the
diagnostic's parameters. A parameter ``x`` may come with an English twin ``x_en``, used when
rendering in English, so that no Vietnamese leaks into ``--lang en`` and no English into ``vi``.

Groups: K000–K011 and K019 reading YAML; K012–K018 and K027–K028 conditions; K020–K026 keys and values;
K040–K043 band tables; K050–K054 the pack as a whole; K060–K063 dated values; K070–K073 test
cases; K080–K082 the pack folder; K083–K086 layers (`extends`, `override`, `remove`); K090 the rule engine.
"""

from __future__ import annotations

from typing import TypedDict


class Entry(TypedDict, total=False):
    vi: str
    en: str
    expected_vi: str
    expected_en: str
    example: str


_MAPPING = "title: {vi: Lợi thế vùng nguyên liệu tại chỗ, en: Local raw-material advantage}"
_CONDITION = 'sector in ["agro_forestry_processing", "food_processing"] and workers >= 10'

CATALOGUE: dict[str, Entry] = {
    "K000": {"vi": "không đọc được tệp: {problem}", "en": "cannot read the file: {problem}",
             "expected_vi": "một tệp YAML đọc được", "expected_en": "a readable YAML file"},
    "K001": {
        "vi": "lỗi cú pháp YAML: {problem}",
        "en": "YAML syntax error: {problem}",
        "expected_vi": "mỗi khoá viết `khoá: giá trị`, thụt lề bằng dấu cách, đóng đủ ngoặc và dấu nháy",
        "expected_en": "`key: value` pairs indented with spaces, every bracket and quote closed",
        "example": _MAPPING,
    },
    "K002": {"vi": "tệp không phải văn bản UTF-8 hợp lệ: {problem}", "en": "the file is not valid UTF-8 text: {problem}",
             "expected_vi": "lưu tệp ở bảng mã UTF-8, không chứa ký tự điều khiển",
             "expected_en": "save the file as UTF-8 text without control characters"},
    "K003": {"vi": "{what} quá lớn (giới hạn {limit} byte)", "en": "{what} is too large (limit {limit} bytes)",
             "expected_vi": "tách thành nhiều tệp nhỏ trong cùng thư mục", "expected_en": "split it into smaller files in the same folder"},
    "K004": {
        "vi": "thẻ YAML '{tag}' không được phép trong tệp quy tắc",
        "en": "YAML tag '{tag}' is not allowed in rule files",
        "expected_vi": "chỉ dùng chuỗi, số, ngày, true/false, danh sách và bảng; điều kiện viết dạng chuỗi",
        "expected_en": "only strings, numbers, dates, true/false, lists and mappings; conditions as text",
        "example": "require: counterpart_committed",
    },
    "K005": {
        "vi": "không dùng neo/bí danh YAML (&{anchor} / *{anchor}) trong tệp quy tắc",
        "en": "YAML anchors and aliases (&{anchor} / *{anchor}) are not allowed in rule files",
        "expected_vi": "viết lại giá trị, hoặc dùng `base:` trong ca kiểm thử",
        "expected_en": "write the value out, or use `base:` in test cases",
        "example": "applicant: {base: strong_household, workers: 60}",
    },
    "K006": {"vi": "giá trị số không hợp lệ: {value}", "en": "invalid number: {value}",
             "expected_vi": "một số hữu hạn", "expected_en": "a finite number", "example": "200_000_000"},
    "K007": {"vi": "ngày không hợp lệ: {value}", "en": "invalid date: {value}",
             "expected_vi": "ngày có thật, dạng YYYY-MM-DD", "expected_en": "a real date as YYYY-MM-DD", "example": "2018-05-15"},
    "K008": {"vi": "lồng nhau quá sâu (giới hạn {limit} cấp)", "en": "nested too deeply (limit {limit} levels)",
             "expected_vi": "cấu trúc phẳng hơn, như trong bộ quy tắc mẫu", "expected_en": "a flatter structure, as in the default pack"},
    "K009": {"vi": "tệp có quá nhiều phần tử (giới hạn {limit})", "en": "the file has too many elements (limit {limit})",
             "expected_vi": "tách thành nhiều tệp nhỏ", "expected_en": "split it into smaller files"},
    "K010": {"vi": "khoá phải là một chuỗi đơn giản", "en": "keys must be plain strings",
             "expected_vi": "`khoá: giá trị`, khoá là một từ", "expected_en": "`key: value` with a one-word key", "example": "points: 8"},
    "K011": {"vi": "khoá '{key}' bị lặp (đã có ở dòng {line})", "en": "duplicate key '{key}' (already at line {line})",
             "expected_vi": "mỗi khoá chỉ xuất hiện một lần trong cùng một bảng",
             "expected_en": "each key once in the same mapping"},
    "K012": {
        "vi": "trường '{name}' không có trong lược đồ",
        "en": "unknown field '{name}'",
        "expected_vi": "mã trường khai báo trong `fields:`",
        "expected_en": "a field id declared under `fields:`",
        "example": "local_material_share > 50",
    },
    "K013": {
        "vi": "giá trị '{value}' không thuộc trường '{field}'",
        "en": "'{value}' is not a value of field '{field}'",
        "expected_vi": "một trong: {allowed}",
        "expected_en": "one of: {allowed}",
        "example": 'sector == "food_processing"',
    },
    "K014": {
        "vi": "sai kiểu trong điều kiện: {problem}",
        "en": "type error in condition: {problem}",
        "expected_vi": "so sánh số với số, ngày với ngày (date(\"2025-01-01\"), as_of), chuỗi với chuỗi (==, !=, "
                       "contains), trường đúng/sai dùng trực tiếp",
        "expected_en": "numbers compared with numbers, dates with dates (date(\"2025-01-01\"), as_of), text with text "
                       "(==, !=, contains), true/false fields used as they are",
        "example": 'local_material_share > 50 and sector == "food_processing" and not other_state_funding',
    },
    "K015": {
        "vi": "lỗi cú pháp điều kiện: {problem}",
        "en": "condition syntax error: {problem}",
        "expected_vi": "so sánh, and/or/not, in [...], contains \"…\", contains_any [...], date(\"YYYY-MM-DD\"), "
                       "số học + - * /, ngoặc tròn; không gọi hàm",
        "expected_en": "comparisons, and/or/not, in [...], contains \"…\", contains_any [...], date(\"YYYY-MM-DD\"), "
                       "arithmetic + - * /, parentheses; no function calls",
        "example": _CONDITION,
    },
    "K016": {"vi": "điều kiện quá dài hoặc lồng quá sâu ({problem})", "en": "condition too long or too deeply nested ({problem})",
             "expected_vi": "điều kiện ngắn; tách thành nhiều quy tắc hoặc nhiều mức", "expected_en": "a short condition; split it into several rules or bands",
             "example": _CONDITION},
    "K017": {"vi": "điều kiện {where} không bao giờ đúng: {condition}", "en": "condition {where} can never be true: {condition}",
             "expected_vi": "một điều kiện có giá trị làm nó đúng (kiểm tra and/or và các ngưỡng)",
             "expected_en": "a condition some value satisfies (check and/or and the thresholds)",
             "example": "workers >= 10 and workers <= 50"},
    "K018": {"vi": "điều kiện {where} luôn đúng: {condition}", "en": "condition {where} is always true: {condition}",
             "expected_vi": "bỏ điều kiện, hoặc sửa để có trường hợp sai", "expected_en": "drop the condition, or make it false for some values"},
    "K019": {"vi": "thụt lề bằng tab: {problem}", "en": "tab indentation: {problem}",
             "expected_vi": "thụt lề bằng dấu cách (2 dấu cách mỗi cấp)", "expected_en": "indentation with spaces (2 per level)",
             "example": "rules:\n  local_raw_material:\n    kind: criterion"},
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
    "K026": {"vi": "mẫu câu dùng trường '{name}' không có trong lược đồ", "en": "sentence template uses unknown field '{name}'",
             "expected_vi": "{{mã_trường}} khai báo trong `fields:`, hoặc {{points}}, {{max_points}}, {{value}}",
             "expected_en": "{{field_id}} declared under `fields:`, or {{points}}, {{max_points}}, {{value}}",
             "example": 'vi: "Nguyên liệu tại chỗ chiếm {local_material_share}% giá trị đầu vào"'},
    "K027": {"vi": "chia cho 0: phép chia này không bao giờ có giá trị, mọi hồ sơ xét tới nó sẽ bị coi là chưa đủ thông tin",
             "en": "division by zero: this ratio never has a value, and every applicant it is evaluated for would be held as incomplete",
             "expected_vi": "một số chia khác 0 hoặc một trường", "expected_en": "a non-zero divisor or a field",
             "example": "annual_revenue_vnd / workers > 100_000_000"},
    "K028": {"vi": "số chia '{field}' có thể bằng 0 (khoảng khai báo trong fields.yaml cho phép 0): với hồ sơ có {field} = 0 "
                   "tỷ số không có giá trị và hồ sơ bị giữ lại là chưa đủ thông tin",
             "en": "divisor '{field}' may be 0 (its declared range in fields.yaml allows 0): for an applicant with {field} = 0 "
                   "the ratio has no value and the applicant is held as incomplete",
             "expected_vi": "khai báo 'min: 1' (hoặc 'min: 0' với 'min_exclusive: true') cho trường, hoặc thêm '{field} > 0 and' trước điều kiện",
             "expected_en": "declare 'min: 1' (or 'min: 0' with 'min_exclusive: true') for the field, or put '{field} > 0 and' before the condition",
             "example": "workers > 0 and annual_revenue_vnd / workers > 100_000_000"},
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
        "example": "- {between: [50, 79], points: 8}\n- {between: [80, 100], points: 12}",
    },
    "K042": {
        "vi": "mức {band} của bảng '{rule}' không bao giờ được dùng (các mức trước đã bao hết)",
        "en": "band {band} of '{rule}' is unreachable (earlier bands cover it)",
        "expected_vi": "xếp các ngưỡng từ cao xuống thấp; `otherwise` ở cuối",
        "expected_en": "order thresholds from highest to lowest; `otherwise` last",
        "example": "- {at_least: 50, points: 4}\n- {at_least: 20, points: 2}\n- {otherwise: 0}",
    },
    "K043": {"vi": "bảng mức điểm '{rule}': {problem}", "en": "band table '{rule}': {problem}"},
    "K050": {
        "vi": "tổng điểm tối đa các tiêu chí là {total}, khác thang điểm khai báo {declared} (điểm tối đa từng tiêu chí: {breakdown})",
        "en": "criteria maxima add up to {total}, not the declared maximum {declared} (each criterion's maximum: {breakdown})",
        "expected_vi": "{direction} {difference} điểm ở các tiêu chí, điểm cộng hoặc mức trần `cap` của một tổng để tổng bằng {declared}",
        "expected_en": "{direction} {difference} points across the criteria, bonuses or a sum's `cap` so that they add up to {declared}",
        "example": "- {above: 80, points: 14}",
    },
    "K051": {"vi": "mã '{id}' bị trùng (đã có ở {other})", "en": "duplicate id '{id}' (also at {other})",
             "expected_vi": "mỗi mã quy tắc, trường, tham số chỉ khai báo một lần trong cả bộ quy tắc",
             "expected_en": "each rule, field and parameter id declared once in the whole pack"},
    "K052": {
        "vi": "quy tắc '{id}' thiếu trích dẫn nguồn",
        "en": "rule '{id}' has no citation",
        "expected_vi": "cite: {{doc: ..., article: ...}}",
        "expected_en": "cite: {{doc: ..., article: ...}}",
        "example": 'cite: {doc: Thông tư 46/2012/TT-BCT, article: "Điều 6.2.b"}',
    },
    "K053": {"vi": "tham chiếu '{name}' không tồn tại", "en": "unknown reference '{name}'", "expected_vi": "một trong: {allowed}", "expected_en": "one of: {allowed}"},
    "K054": {"vi": "{problem}", "en": "{problem}"},
    "K060": {
        "vi": "tham số '{param}' không có giá trị từ {start} đến {end}",
        "en": "parameter '{param}' has no value from {start} to {end}",
        "expected_vi": "giá trị liền mạch: `until` của giá trị trước là ngày liền trước ngày bắt đầu giá trị sau",
        "expected_en": "contiguous values: each `until` is the day before the next start",
        "example": "2014-04-04: {value: 200_000_000, until: 2018-05-14, cite: ...}",
    },
    "K061": {
        "vi": "các giá trị của tham số '{param}' chồng lấn: {start} – {end}",
        "en": "values of parameter '{param}' overlap: {start} – {end}",
        "expected_vi": "mỗi ngày chỉ có một giá trị: `until` trước ngày bắt đầu của giá trị sau",
        "expected_en": "one value per day: each `until` before the next start",
        "example": "2014-04-04: {value: 200_000_000, until: 2018-05-14, cite: ...}",
    },
    "K062": {
        "vi": "giá trị ngày {date} của tham số '{param}' thiếu trích dẫn",
        "en": "the {date} value of parameter '{param}' has no citation",
        "expected_vi": "mỗi giá trị có `cite` riêng", "expected_en": "each value with its own `cite`",
        "example": "2018-05-15: {value: 300_000_000, cite: {doc: Thông tư 28/2018/TT-BTC, article: Điều 8.4}}",
    },
    "K063": {"vi": "tham số '{param}' không có giá trị nào", "en": "parameter '{param}' has no values",
             "example": "2018-05-15: {value: 300_000_000, cite: {doc: Thông tư 28/2018/TT-BTC, article: Điều 8.4}}"},
    "K064": {
        "vi": "tham số '{param}' không có giá trị {when}, trong khi bộ quy tắc vẫn áp dụng: hồ sơ đủ điều kiện "
              "đánh giá vào những ngày đó sẽ bị báo lỗi, không nhận mức hỗ trợ",
        "en": "parameter '{param}' has no value {when_en}, while the pack still applies: an eligible applicant "
              "assessed on those days is reported as an error, with no support amount",
        "expected_vi": "giá trị thay thế, hoặc `valid_from`/`valid_until` của bộ quy tắc khớp với các giá trị",
        "expected_en": "a replacement value, or the pack's `valid_from`/`valid_until` matching the values",
        "example": "2018-05-15: {value: 300_000_000, until: 2027-12-31, cite: ...}",
    },
    "K070": {"vi": "ca kiểm thử '{case}': {problem}", "en": "test case '{case}': {problem}"},
    "K071": {"vi": "ca kiểm thử dùng trường '{name}' không có trong lược đồ", "en": "test case uses unknown field '{name}'",
             "expected_vi": "mã trường hoặc tiêu đề cột khai báo trong `fields:`", "expected_en": "a field id or column header declared under `fields:`"},
    "K072": {"vi": "ca kiểm thử nhắc tới quy tắc '{name}' không tồn tại", "en": "test case names unknown rule '{name}'",
             "expected_vi": "mã một quy tắc trong bộ quy tắc", "expected_en": "the id of a rule in the pack"},
    "K073": {"vi": "tên ca kiểm thử ghi {stated} điểm nhưng `expect` của ca lại chờ {expected}",
             "en": "the test case's name states {stated} points but its `expect` says {expected}",
             "expected_vi": "sửa con số trong tên cho khớp `expect`, hoặc bỏ con số khỏi tên",
             "expected_en": "make the number in the name match `expect`, or leave the number out of the name",
             "example": "- name: a zone II commune is especially difficult and gives 10\n  expect: {points: {area_priority: 10}}"},
    "K080": {"vi": "không tìm thấy bộ quy tắc ở '{path}'{problem}", "en": "no policy pack at '{path}'{problem}",
             "expected_vi": "một thư mục chứa các tệp .yaml", "expected_en": "a folder of .yaml files"},
    "K081": {"vi": "bộ quy tắc thiếu phần '{section}'", "en": "the pack has no '{section}' section",
             "example": "policy:\n  id: bac-kan\n  version: \"1\"\n  ..."},
    "K082": {"vi": "'{path}' là {kind}: bộ quy tắc phải đọc được toàn bộ", "en": "'{path}' is {kind}: a pack must be read whole",
             "expected_vi": "chỉ tệp .yaml thường trong thư mục bộ quy tắc; xoá hoặc sửa mục này",
             "expected_en": "only regular .yaml files in the pack folder; remove or repair this entry"},
    "K083": {"vi": "không có bộ quy tắc nền '{path}'{problem}", "en": "no base pack '{path}'{problem}",
             "expected_vi": "đường dẫn tương đối từ thư mục bộ quy tắc này tới thư mục bộ quy tắc nền (có policy.yaml)",
             "expected_en": "a path from this pack's folder to the base pack's folder (which holds policy.yaml)",
             "example": "extends: ../national"},
    "K084": {"vi": "các bộ quy tắc kế thừa nhau thành vòng: {chain}", "en": "the packs extend each other in a cycle: {chain}",
             "expected_vi": "bộ quy tắc nền không kế thừa bộ quy tắc mở rộng nó; bỏ `extends:` ở bộ nền",
             "expected_en": "a base never extends a pack built on it; remove `extends:` from the base"},
    "K085": {"vi": "mã '{id}' đã có ở lớp nền ({other})", "en": "id '{id}' is already in the base layer ({other})",
             "expected_vi": "đặt mã khác cho quy tắc mới, hoặc thêm `override: true` để thay quy tắc của lớp nền, "
                            "hoặc bỏ nó bằng `remove:`",
             "expected_en": "a new id for a new rule, or `override: true` to replace the base layer's one, "
                            "or drop it with `remove:`",
             "example": "local_raw_material:\n  override: true\n  kind: criterion\n  ..."},
    "K086": {"vi": "mã '{id}' (`{action}`) không có ở lớp nền nào", "en": "'{id}' (`{action}`) is in no base layer",
             "expected_vi": "mã của một {section} trong lớp nền", "expected_en": "the id of a {section} in a base layer"},
    "K090": {"vi": "bộ quy tắc làm lỗi bộ máy luật: {problem}", "en": "the pack breaks the rule engine: {problem}"},
}


VARIANTS: dict[tuple[str, str], Entry] = {
    # K011 on a date under a parameter's `values`: two periods, not two keys
    ("K011", "same_day"): {
        "vi": "tham số '{param}' có hai giá trị cùng bắt đầu ngày {key} (giá trị kia ở dòng {line})",
        "en": "parameter '{param}': two values start on the same day, {key} (the other one is at line {line})",
        "expected_vi": "mỗi giá trị bắt đầu một ngày khác nhau: sửa ngày bắt đầu của một giá trị, hoặc bỏ giá trị thừa",
        "expected_en": "each value starts on its own day: correct one start date, or remove the extra value",
        "example": "2014-04-04: {value: 200_000_000, until: 2018-05-14, cite: ...}\n2018-05-15: {value: 300_000_000, cite: ...}",
    },
}
"""Specialised wordings of a code for one situation, chosen by the diagnostic's ``variant`` parameter."""


class _Safe(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "" if key == "problem" else "{" + key + "}"


def render(code: str, lang: str, params: dict[str, object]) -> tuple[str, str | None, str | None]:
    """Return (message, expected, example) for a code in a language; unknown params stay visible."""
    variant = params.get("variant")
    entry = VARIANTS.get((code, str(variant))) if variant else None
    entry = entry or CATALOGUE.get(code, {"vi": code, "en": code})
    values = _Safe(params)
    if lang == "en":
        for key, value in params.items():
            if key.endswith("_en"):
                values[key[:-3]] = value
    message = entry.get(lang, entry.get("en", code)).format_map(values)  # type: ignore[arg-type]
    expected_template = entry.get(f"expected_{lang}")  # type: ignore[misc]
    expected = expected_template.format_map(values) if expected_template else None
    example = entry.get("example")
    return message, expected or None, example
