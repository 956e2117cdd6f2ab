"""Words of setting a run up and of refusing one applicant: which pack a command uses
(``pack.*``), whether the rule engine can be loaded (``engine.*``), why an applicant cannot be
assessed on its day (``assess.refused.*``), what differs when a decision record is checked again
(``record.*``), and output formats a writer does not know. Raised as codes with parameters and said
where they are shown."""

from __future__ import annotations

RUNS: dict[str, dict[str, str]] = {
    # choosing the pack (packs.resolve_pack); ``origin`` names the environment variable when it chose
    "pack.origin_env": {"vi": "{var}={value}: ", "en": "{var}={value}: "},
    "pack.not_a_pack": {"vi": "{origin}'{folder}' không phải bộ quy tắc (không có {file}) và không chứa bộ quy tắc nào",
                        "en": "{origin}'{folder}' is not a policy pack (no {file}) and holds none"},
    "pack.several": {"vi": "{origin}'{folder}' chứa {count} bộ quy tắc ({names}); chọn một: --rules {example} hoặc {var}",
                     "en": "{origin}'{folder}' holds {count} packs ({names}); choose one: --rules {example} or {var}"},
    "pack.is_file": {"vi": "{origin}'{value}' là một tệp, không phải thư mục bộ quy tắc",
                     "en": "{origin}'{value}' is a file, not a policy pack folder"},
    "pack.no_folder": {"vi": "{origin}không có thư mục bộ quy tắc '{value}'", "en": "{origin}no policy pack folder '{value}'"},
    "pack.no_default": {"vi": "không tìm thấy bộ quy tắc mặc định '{pack}' cài cùng kcscore; dùng --rules",
                        "en": "the default policy pack '{pack}' is not installed with kcscore; use --rules"},
    # the rule engine's C extension
    "engine.not_installed": {
        "vi": "chưa cài durable-rules (bộ máy luật của kcscore): hãy cài lại kcscore bằng pip trên Python {supported}",
        "en": "durable-rules (kcscore's rule engine) is not installed: reinstall kcscore with pip on Python {supported}"},
    "engine.cannot_load": {"vi": "không nạp được durable-rules trên {python}: {detail}",
                           "en": "durable-rules cannot be loaded on {python}: {detail}"},
    "engine.bridge_missing": {
        "vi": "durable-rules cần {symbol}, mà {python} đã bỏ; mô-đun tương thích {bridge} chưa được dựng: "
              "hãy cài lại kcscore bằng pip (cần trình biên dịch C) hoặc dùng Python {before}",
        "en": "durable-rules needs {symbol}, which {python} removed, and the compatibility module {bridge} "
              "is not built: reinstall kcscore with pip (a C compiler is needed) or use Python {before}"},
    "engine.symbol_missing": {
        "vi": "durable-rules không chạy được trên {python}: thiếu hàm C-API {symbol} (Python này đã bỏ nó); "
              "hãy dùng Python {supported}",
        "en": "durable-rules cannot run on {python}: the C-API symbol {symbol} is missing (this Python removed it); "
              "use Python {supported}"},
    # an applicant refused on its day
    "assess.refused.outside_period": {
        "vi": "bộ quy tắc '{pack}' chỉ áp dụng từ {start} đến {end}; ngày áp dụng {day} "
              "nằm ngoài thời hạn này (chọn đúng bộ quy tắc hoặc dùng --as-of)",
        "en": "pack '{pack}' applies from {start} to {end} only; the as-of date {day} "
              "is outside it (choose the right pack, or use --as-of)"},
    "assess.refused.no_value_until": {
        "vi": "tham số '{parameter}' ({title}) không có giá trị áp dụng ngày {day}; bộ quy tắc có giá trị từ {start} "
              "đến {end}",
        "en": "parameter '{parameter}' ({title}) has no value in force on {day}; the pack covers {start} to {end}"},
    "assess.refused.no_value_onward": {
        "vi": "tham số '{parameter}' ({title}) không có giá trị áp dụng ngày {day}; bộ quy tắc có giá trị từ {start}",
        "en": "parameter '{parameter}' ({title}) has no value in force on {day}; the pack covers {start} onward"},
    # a decision record checked again (kcscore verify)
    "record.input_gone": {"vi": "tệp đầu vào không còn: {path}", "en": "input file is gone: {path}"},
    "record.input_changed": {"vi": "tệp đầu vào đã thay đổi: {path}", "en": "input file changed: {path}"},
    "record.rule_file_gone": {"vi": "tệp quy tắc không còn: {name}", "en": "rule file is gone: {name}"},
    "record.rule_file_changed": {"vi": "tệp quy tắc đã thay đổi: {name}", "en": "rule file changed: {name}"},
    "record.rule_file_new": {"vi": "tệp quy tắc mới: {name}", "en": "new rule file: {name}"},
    "record.version": {"vi": "phiên bản {name} khác: ghi {was}, nay {now}",
                       "en": "{name} version differs: recorded {was}, now {now}"},
    "record.not_assessed": {"vi": "{id}: không còn được xét", "en": "{id}: no longer assessed"},
    "record.decision": {"vi": "{id}: quyết định khác — {changes}", "en": "{id}: decision differs — {changes}"},
    "record.not_recorded": {"vi": "{id}: được xét nhưng không có trong biên bản", "en": "{id}: assessed but not in the record"},
    "record.pack_hash": {"vi": "mã băm bộ quy tắc khác: ghi {was}, nay {now}",
                         "en": "pack hash differs: recorded {was}, now {now}"},
    # output formats
    "error.out.unknown_format": {"vi": "không ghi được định dạng '{format}' (dùng: {known})",
                                 "en": "cannot write '{format}' (use: {known})"},
    "template.unsupported": {"vi": "không ghi được mẫu '{suffix}'; dùng .xlsx hoặc .csv",
                             "en": "cannot write a '{suffix}' template; use .xlsx or .csv"},
}
