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
    "cell.duplicate_id_line": {"vi": "mã hồ sơ '{id}' bị trùng (cũng ở dòng {lines} trong tệp)",
                               "en": "duplicate application id '{id}' (also on line {lines} of the file)"},
    "cell.duplicate_id_excel_row": {"vi": "mã hồ sơ '{id}' bị trùng (cũng ở hàng Excel {lines})",
                                    "en": "duplicate application id '{id}' (also on Excel row {lines})"},
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

# what a value reader (``tables.values``) found wrong with a cell, quoted as ``shown``, and what it expects
VALUES: dict[str, dict[str, str]] = {
    "value.empty": {"vi": "ô để trống", "en": "the cell is empty"},
    "value.wrong_type": {"vi": "không đọc được '{shown}' (kiểu {type})", "en": "cannot read '{shown}' (of type {type})"},
    "value.not_a_number": {"vi": "không đọc được '{shown}' là một số", "en": "cannot read '{shown}' as a number"},
    "value.bad_grouping": {
        "vi": "'{shown}' có dấu phân cách hàng nghìn sai chỗ (mỗi nhóm sau dấu phân cách phải đủ 3 chữ số)",
        "en": "'{shown}' has misplaced thousands separators (each group after a separator must have 3 digits)"},
    "value.ambiguous": {"vi": "'{shown}' không rõ nghĩa: {why}", "en": "'{shown}' is ambiguous: {why}"},
    "value.why.leading_zero": {
        "vi": "số có dấu phân cách hàng nghìn không bắt đầu bằng 0; số thập phân viết với dấu phẩy, ví dụ 0,5",
        "en": "a number with thousands separators cannot start with 0; write decimals with a comma, e.g. 0,5"},
    "value.why.space_and_dot": {"vi": "dấu cách và dấu chấm cùng làm phân cách hàng nghìn?",
                                "en": "are both the spaces and the dot thousands separators?"},
    "value.true_false": {"vi": "'{shown}' là giá trị đúng/sai, không phải một số",
                         "en": "'{shown}' is a true/false value, not a number"},
    "value.not_finite": {"vi": "'{shown}' không phải một số hữu hạn", "en": "'{shown}' is not a finite number"},
    "value.not_whole": {"vi": "'{shown}' không phải số nguyên", "en": "'{shown}' is not a whole number"},
    "value.too_large": {"vi": "'{shown}' quá lớn", "en": "'{shown}' is too large"},
    "value.not_money": {"vi": "không đọc được '{shown}' là một số tiền", "en": "cannot read '{shown}' as an amount of money"},
    "value.dot_before_unit": {
        "vi": "'{shown}' không rõ nghĩa: là {small} đ (dấu chấm là dấu thập phân) hay {large} đ (dấu chấm phân "
              "cách hàng nghìn)? Viết '{comma}' hoặc '{small}' nếu là {small} đ; '{digits}' hoặc '{large}' nếu là {large} đ",
        "en": "'{shown}' is ambiguous: is it {small} đ (the dot as a decimal point) or {large} đ (the dot grouping "
              "thousands)? Write '{comma}' or '{small}' for {small} đ; '{digits}' or '{large}' for {large} đ"},
    "value.after_last_unit": {"vi": "'{shown}' có '{tail}' đứng sau đơn vị cuối cùng mà không rõ đơn vị",
                              "en": "'{shown}' has '{tail}' after the last unit word, with no unit of its own"},
    "value.unit_order": {"vi": "'{shown}' ghép các đơn vị không theo thứ tự từ lớn đến nhỏ",
                         "en": "'{shown}' combines units that do not go from large to small"},
    "value.not_whole_dong": {"vi": "'{shown}' không phải số đồng chẵn", "en": "'{shown}' is not a whole number of đồng"},
    "value.not_yes_no": {"vi": "không đọc được '{shown}' là có/không", "en": "cannot read '{shown}' as yes/no"},
    "value.not_a_date": {"vi": "không đọc được '{shown}' là một ngày", "en": "cannot read '{shown}' as a date"},
    "value.no_such_month": {
        "vi": "'{shown}' có tháng {month} không tồn tại; ngày phải viết theo thứ tự ngày/tháng/năm (DD/MM/YYYY)",
        "en": "'{shown}' has month {month}, which does not exist; dates must be written day/month/year (DD/MM/YYYY)"},
    "value.no_such_day": {"vi": "'{shown}' không phải một ngày có thật trong lịch", "en": "'{shown}' is not a real calendar date"},
    "value.excel_serial": {"vi": "'{shown}' không phải số ngày hợp lệ của Excel (từ 1 đến {last})",
                           "en": "'{shown}' is not a valid Excel date number (1 to {last})"},
    "value.excel_leap_day": {"vi": "số 60 là ngày 29/02/1900 của Excel, một ngày không có thật",
                             "en": "60 is Excel's 29/02/1900, a day that never existed"},
    "value.expected.number": {
        "vi": "số viết kiểu 1.129.000.000 hoặc 1,5 (dấu chấm phân cách hàng nghìn, dấu phẩy trước phần thập phân)",
        "en": "a number written like 1.129.000.000 or 1,5 ('.' groups thousands, ',' marks decimals)"},
    "value.expected.integer": {"vi": "số nguyên, ví dụ 12 hoặc 1.500", "en": "a whole number, e.g. 12 or 1.500"},
    "value.expected.money": {
        "vi": "số tiền (đồng) viết kiểu 1.129.000.000 hoặc 1,5; có thể kèm 'tỷ', 'triệu', ví dụ 1,129 tỷ hoặc 1 tỷ 129 triệu",
        "en": "an amount in đồng written like 1.129.000.000 or 1,5, optionally with 'tỷ', 'triệu', e.g. 1,129 tỷ or 1 tỷ 129 triệu"},
    "value.expected.percent": {"vi": "tỷ lệ phần trăm viết kiểu 45 hoặc 45,5%", "en": "a percentage written like 45 or 45,5%"},
    "value.expected.yes_no": {"vi": "{yes} (là có) hoặc {no} (là không)", "en": "{yes} (meaning yes) or {no} (meaning no)"},
    "value.expected.date": {
        "vi": "ngày dạng DD/MM/YYYY (ngày/tháng/năm), ví dụ 15/05/2018, hoặc YYYY-MM-DD, ví dụ 2018-05-15",
        "en": "a date as DD/MM/YYYY (day/month/year), e.g. 15/05/2018, or YYYY-MM-DD, e.g. 2018-05-15"},
}
