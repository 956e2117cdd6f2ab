"""Words of a bad cell or a bad row in an applicant list: what the reader found wrong, as a code and its
parameters, said in the output's language only when an error report is written (``batch.result.CellError``)."""

from __future__ import annotations

CELLS: dict[str, dict[str, str]] = {
    # a problem already said in both languages by the layer that found it (a value reader, a rule engine)
    "cell.as_is": {"vi": "{text}", "en": "{text}"},
    "cell.required_blank": {"vi": "bắt buộc nhưng để trống", "en": "required but blank"},
    "cell.field_title": {"vi": "{title}", "en": "{title}"},  # a field as the pack titles it, in each language
    "cell.given_twice": {"vi": "trường '{field}' có hai cột ('{first}' và '{second}')",
                         "en": "field '{field}' given twice ('{first}' and '{second}')"},
    "cell.duplicate_id": {"vi": "mã hồ sơ '{id}' bị trùng (cũng ở dòng {rows})",
                          "en": "duplicate application id '{id}' (also on row {rows})"},
    "cell.unknown_field": {"vi": "trường không có trong lược đồ{guess}", "en": "no such field in the schema{guess}"},
    "cell.not_a_choice": {"vi": "'{text}' không phải giá trị hợp lệ{guess}", "en": "'{text}' is not a valid value{guess}"},
    "cell.one_of": {"vi": "một trong: {options}", "en": "one of: {options}"},
    "cell.too_long": {"vi": "dài {length} ký tự", "en": "{length} characters long"},
    "cell.at_most_chars": {"vi": "không quá {limit} ký tự", "en": "at most {limit} characters"},
    "cell.too_large": {"vi": "số {value} quá lớn", "en": "the number {value} is too large"},
    "cell.magnitude": {"vi": "giá trị tuyệt đối không quá {limit}", "en": "a magnitude of at most {limit}"},
    "cell.out_of_range": {"vi": "giá trị {value} ngoài khoảng cho phép", "en": "value {value} is out of range"},
    "cell.bound.above": {"vi": "lớn hơn {limit}", "en": "greater than {limit}"},
    "cell.bound.from": {"vi": "từ {limit}", "en": "at least {limit}"},
    "cell.bound.at_most": {"vi": "không quá {limit}", "en": "at most {limit}"},
}
