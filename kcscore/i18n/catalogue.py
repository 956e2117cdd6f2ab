"""Every text kcscore says on its own account: a code, then its Vietnamese and English templates.

A code names one meaning and keeps it; ``{name}`` fields are the parameters the caller passes
and both languages use the same ones (``tests/test_catalogue.py`` checks it). Groups, by the
first part of the code:

- ``status``: the one vocabulary of where an applicant stands, in every output format;
- ``funding``: the budget's notes on one applicant and its warnings about the budget itself;
- ``cli``: the command line's own messages, help texts, and click's headings and errors
  (``click.*`` entries have click's English message as their English text, so that a message
  click has already formatted can be recognised and said again in Vietnamese).

Rule-file diagnostics have their own catalogue with expectations and examples
(``kcscore/policy/messages.py``); a rule's own sentences come from the pack.
"""

from __future__ import annotations

from kcscore.i18n.cells import CELLS, VALUES
from kcscore.i18n.errors import ERRORS
from kcscore.i18n.files import FILES
from kcscore.i18n.policydiff import POLICYDIFF
from kcscore.i18n.reports import REPORTS
from kcscore.i18n.rubric import RUBRIC
from kcscore.i18n.runs import RUNS
from kcscore.i18n.tables import TABLES

Entry = dict[str, str]

STATUS: dict[str, Entry] = {
    "status.funded": {"vi": "được hỗ trợ", "en": "funded"},
    "status.not_enough_budget": {"vi": "không đủ kinh phí còn lại", "en": "not enough money left"},
    "status.below_line": {"vi": "dưới ranh giới kinh phí", "en": "below the funding line"},
    "status.no_support": {"vi": "không có mức hỗ trợ đề xuất", "en": "no recommended support"},
    "status.eligible": {"vi": "đủ điều kiện", "en": "eligible"},
    "status.ineligible": {"vi": "không đủ điều kiện", "en": "not eligible"},
    "status.incomplete": {"vi": "chưa đủ thông tin", "en": "incomplete"},
}

# ``rules test``: the results of a pack's cases, and what ``--update`` would change
PACK_TESTS: dict[str, Entry] = {
    "packtest.mismatch": {"vi": "{what}: cần {expected}, được {got}", "en": "{what}: expected {expected}, got {got}"},
    "packtest.totals": {"vi": "{passed} ca đạt, {failed} ca không đạt (tổng {total})",
                        "en": "{passed} passed, {failed} failed ({total} cases)"},
    "packtest.coverage": {"vi": "Độ phủ quy tắc: {rules}%  độ phủ mức/nhánh: {items}%",
                          "en": "Rule coverage: {rules}%  band/outcome coverage: {items}%"},
    "packtest.uncovered": {"vi": "chưa có ca cho: {owner} → {item}", "en": "not exercised: {owner} → {item}"},
    "packtest.file_updates": {"vi": "{file}: {count} ca cần cập nhật", "en": "{file}: {count} case(s) to update"},
    "packtest.because": {"vi": " — do {why}", "en": " — because of {why}"},
    "packtest.stale.name": {"vi": "tên ca nêu số {number}, không còn khớp kết quả mới — cần sửa tay",
                            "en": "name states {number}, which the new expectations no longer hold — reword it by hand"},
    "packtest.stale.note": {"vi": "ghi chú nêu số {number}, không còn khớp kết quả mới — cần sửa tay",
                            "en": "note states {number}, which the new expectations no longer hold — reword it by hand"},
    "packtest.blocked": {"vi": "Không thể cập nhật tại chỗ (cần sửa tay):", "en": "Cannot be updated in place (edit by hand):"},
    "packtest.errors": {"vi": "Ca lỗi, không được sửa:", "en": "Cases with errors, left untouched:"},
    "packtest.nothing": {"vi": "Không có kỳ vọng nào cần cập nhật.", "en": "No expectation needs updating."},
    "packtest.plan": {"vi": "{changes} kỳ vọng trong {cases} ca ở {files} tệp cần cập nhật; {blocked} ca cần sửa tay, "
                            "{errors} ca lỗi",
                      "en": "{changes} expectation(s) in {cases} case(s) across {files} file(s) to update; "
                            "{blocked} to edit by hand, {errors} with errors"},
    "diff.missing_column": {
        "vi": "danh sách hồ sơ không có cột '{header}' (trường {field}{new}): mọi hồ sơ để trống; {missing}/{applicants} "
              "hồ sơ có kết quả phụ thuộc vào nó theo bộ mới, trong đó {incomplete} hồ sơ chưa đủ thông tin để xét",
        "en": "the applicant list has no column '{header}' (field {field}{new}): every applicant is blank; "
              "{missing}/{applicants} applicants' outcome depends on it under the new pack, {incomplete} of them incomplete"},
    "diff.new_field": {"vi": ", trường mới của bộ quy tắc mới", "en": ", added by the new pack"},
    "scorecard.scaled": {"vi": "= {earned} điểm trên {possible} điểm của các tiêu chí áp dụng cho đề án, quy về thang {full}: {score}",
                         "en": "= {earned} of the {possible} points the criteria applying to this project can give, scaled to {full}: {score}"},
}

# what ``rank`` says on stderr while it reads and writes, around the assessment's progress bar
PROGRESS: dict[str, Entry] = {
    "progress.reading": {"vi": "Đang đọc: {rows} dòng", "en": "Reading: {rows} rows"},
    "progress.writing": {"vi": "Đang ghi {path} …", "en": "Writing {path} …"},
    "progress.written": {"vi": " {seconds} giây", "en": " {seconds} s"},
    "field.expected": {"vi": "{text}; cần: {expected}", "en": "{text}; expected: {expected}"},
    "field.max_chars": {"vi": "≤ {n} ký tự", "en": "≤ {n} characters"},
}

# The support formula and the suggestions, written next to a finding.
ASSESS: dict[str, Entry] = {
    "support.requested": {"vi": "đề nghị {amount}", "en": "requested {amount}"},
    "support.cap": {"vi": "trần {amount} theo {cite}", "en": "cap {amount} under {cite}"},
    "support.formula": {"vi": "Mức hỗ trợ đề xuất: mức thấp nhất trong: {parts}; tức là {amount}",
                        "en": "Recommended support: the lowest of: {parts}; that is {amount}"},
    "support.unconfirmed": {"vi": " (mức trần/tỷ lệ chưa được xác minh với văn bản gốc)",
                            "en": " (cap/share not yet verified against the gazette)"},
    "suggest.gain_have": {"vi": "Chưa có {what}; nếu có sẽ được thêm {points} điểm",
                          "en": "Not yet {what}; yes would add {points} points"},
    "suggest.gain_yes": {"vi": "Chưa đạt «{title}»; nếu đạt sẽ được thêm {points} điểm",
                         "en": "{title}: not yet; yes would add {points} points"},
    "suggest.gain_choice": {"vi": "{title}: nếu đạt «{target}» sẽ được thêm {points} điểm",
                            "en": "{title}: reaching «{target}» would add {points} points"},
    "suggest.gain_number": {"vi": "{title}: hiện là {current}; nếu đạt {target} sẽ được thêm {points} điểm",
                            "en": "{title}: now {current}; {target} would add {points} points"},
    "suggest.gain_many": {"vi": "Nếu đồng thời đạt: {changes} thì sẽ được thêm {points} điểm",
                          "en": "Together, {changes} would add {points} points"},
    "range.above": {"vi": "trên {n}", "en": "above {n}"},
    "range.at_least": {"vi": "từ {n} trở lên", "en": "{n} or more"},
    "range.below": {"vi": "dưới {n}", "en": "below {n}"},
    "range.at_most": {"vi": "không quá {n}", "en": "at most {n}"},
}

# What a finding says when the pack gives no sentence of its own: after the rule's title and a colon.
FINDING: dict[str, Entry] = {
    "finding.not_applicable": {"vi": "không áp dụng", "en": "does not apply"},
    "finding.exempt": {"vi": "được miễn điều kiện này", "en": "exempt from this condition"},
    "finding.exempt.exclusion": {"vi": "không bị loại vì đề án thuộc trường hợp được miễn",
                                 "en": "not excluded: the project is one the exclusion waives"},
    "finding.pass": {"vi": "đạt", "en": "met"},
    "finding.clear": {"vi": "không thuộc trường hợp loại trừ", "en": "not excluded"},
    "finding.nothing_scored": {"vi": "chưa có nội dung nào được tính điểm", "en": "nothing here earns points yet"},
    "finding.unknown": {"vi": "chưa kết luận được do thiếu thông tin {fields}", "en": "cannot be decided: {fields} is missing"},
    "finding.unknown_many": {"vi": "chưa kết luận được do thiếu thông tin {fields}",
                             "en": "cannot be decided: {fields} are missing"},
    "finding.floor": {"vi": "(tạm tính {low} điểm, tối đa {high} điểm)",
                      "en": "(provisionally {low} points, at most {high} points)"},
}

FUNDING: dict[str, Entry] = {
    "funding.short": {"vi": "không đủ kinh phí còn lại: cần {needed}, chỉ còn {left}",
                      "en": "not enough money left: needs {needed}, only {left} left"},
    "funding.first_short": {"vi": "{id} (hạng {rank}) cần {needed} nhưng chỉ còn {left}: thiếu {lacked}",
                            "en": "{id} (rank {rank}) needs {needed} but only {left} is left: {lacked} short"},
    "funding.too_large": {
        "vi": "ngân sách {budget} gấp {times} lần tổng mức hỗ trợ đề xuất của mọi hồ sơ đủ điều kiện ({committed}): "
              "kiểm tra lại số tiền và đơn vị (tỷ, triệu)",
        "en": "the budget {budget} is {times} times the total recommended support of every eligible applicant "
              "({committed}): check the amount and its unit (tỷ, triệu)"},
    "funding.funds_nobody": {
        "vi": "ngân sách {budget} không đủ cho hồ sơ nào: {id}, hồ sơ đầu tiên được xét, cần {needed}: "
              "kiểm tra lại số tiền và đơn vị (tỷ, triệu)",
        "en": "the budget {budget} funds no applicant: {id}, the first in line, needs {needed}: "
              "check the amount and its unit (tỷ, triệu)"},
}

FORMAT: dict[str, Entry] = {
    "format.thousands": {"vi": ".", "en": ","},
    "format.decimal": {"vi": ",", "en": "."},
    "format.money": {"vi": "{amount} đ", "en": "{amount} VND"},
    "format.billions": {"vi": "{n} tỷ", "en": "{n} bn"},
    "format.millions": {"vi": "{n} tr", "en": "{n} m"},
    "format.blank": {"vi": "(chưa có)", "en": "(blank)"},
    "format.yes": {"vi": "có", "en": "yes"},
    "format.no": {"vi": "không", "en": "no"},
    "format.date": {"vi": "%d/%m/%Y", "en": "%Y-%m-%d"},
    "format.currency": {"vi": "đồng", "en": "VND"},
    "template.yes_no": {"vi": "có / không / x", "en": "có (yes) / không (no) / x (yes)"},
    "format.percent": {"vi": "{n}%", "en": "{n}%"},
    "table.fix": {"vi": "{text}. Cách khắc phục: {hint}", "en": "{text}. To fix: {hint}"},
    "table.column": {"vi": "cột «{column}»", "en": "column '{column}'"},
    "out.error_file": {"vi": "tệp lỗi đi kèm '{output}' (của --out '{owner}')",
                       "en": "the error file '{output}' written beside --out '{owner}'"},
    "expr.or": {"vi": "hoặc", "en": "or"},
    "format.holds_decision": {"vi": "chưa quyết định được", "en": "holds the decision"},
    "format.up_to_points": {"vi": "tới {n} điểm", "en": "up to {n} points"},
}

DATES: dict[str, Entry] = {
    "dates.as_of_future": {"vi": "--as-of {day} là một ngày sau hôm nay ({today}); các mức áp dụng theo ngày đó",
                           "en": "--as-of {day} is after today ({today}); the values dated for that day apply"},
    "dates.submitted_future": {
        "vi": "{n} hồ sơ có ngày nộp sau hôm nay ({today}): {shown}; kiểm tra lại ngày nộp",
        "en": "{n} applicant(s) submitted after today ({today}): {shown}; check the submission date"},
}

# The words around a rule-file diagnostic; the diagnostics themselves are in policy/messages.py.
DIAGNOSTICS: dict[str, Entry] = {
    "diag.error": {"vi": "lỗi", "en": "error"},
    "diag.warning": {"vi": "cảnh báo", "en": "warning"},
    "diag.expected": {"vi": "cần", "en": "expected"},
    "diag.example": {"vi": "ví dụ", "en": "example"},
    "diag.did_you_mean": {"vi": "có phải ý bạn là '{suggestion}'{label}?", "en": "did you mean '{suggestion}'{label}?"},
}

RANK: dict[str, Entry] = {
    "rank.summary": {
        "vi": "Đã xét {assessed} hồ sơ: {eligible} {eligible_word}, {incomplete} {incomplete_word}, {ineligible} "
              "{ineligible_word}; {funded} {funded_word}; {errors} dòng lỗi (tổng {rows} dòng)",
        "en": "Assessed {assessed} applicants: {eligible} {eligible_word}, {incomplete} {incomplete_word}, {ineligible} "
              "{ineligible_word}; {funded} {funded_word}; {errors} rows with errors ({rows} rows in all)"},
    "rank.none_missing_columns": {
        "vi": "không xét được hồ sơ nào: tệp thiếu cột bắt buộc {names} (cả {rows} dòng đều lỗi)",
        "en": "no applicant was assessed: the file has no required column {names} (all {rows} rows have errors)"},
    "rank.none_no_rows": {
        "vi": "không xét được hồ sơ nào: tệp không có dòng hồ sơ nào (kiểm tra dòng tên cột, --encoding, --sheet)",
        "en": "no applicant was assessed: the file holds no applicant rows (check the header row, --encoding, --sheet)"},
    "rank.none_all_errors": {"vi": "không xét được hồ sơ nào: cả {rows} dòng đều lỗi{first}",
                             "en": "no applicant was assessed: all {rows} rows have errors{first}"},
    "rank.more_errors": {"vi": "… và {more} dòng lỗi khác{where}", "en": "… and {more} more rows with errors{where}"},
    "rank.progress": {"vi": "Đang xét hồ sơ", "en": "Assessing"},
    "rank.unknown_columns": {"vi": "Bỏ qua các cột không có trong lược đồ: {columns}",
                             "en": "Columns not in the schema were ignored: {columns}"},
    "rank.did_you_mean": {"vi": " (có phải '{guess}'?)", "en": " (did you mean '{guess}'?)"},
    "rank.row": {"vi": "dòng {row}", "en": "row {row}"},
    "rank.row_at_line": {"vi": "dòng {row} (dòng {line} trong tệp)", "en": "row {row} (line {line} of the file)"},
    "rank.row_at_excel_row": {"vi": "dòng {row} (hàng Excel {line})", "en": "row {row} (Excel row {line})"},
}

NOTICES: dict[str, Entry] = {
    "notices.summary": {"vi": "Đã viết {written} thông báo ({counts}){pdfs}; {rejected} dòng lỗi không có thông báo",
                        "en": "Wrote {written} notices ({counts}){pdfs}; {rejected} rows with errors got no notice"},
    "notices.pdfs": {"vi": ", kèm {n} bản PDF", "en": ", with {n} PDF copies"},
}

CLI_HELP: dict[str, Entry] = {
    "cli.main": {
        "en": "Score, rank and explain applicants for khuyến công (industrial-promotion) support.\n\n"
              "Exit status: 0 done, 1 invalid input or rules or nothing assessed, 2 usage error or an --out that "
              "cannot be written, 70 internal error, 130 interrupted.",
        "vi": "Chấm điểm, xếp hạng và giải trình hồ sơ đề nghị hỗ trợ khuyến công.\n\n"
              "Mã thoát: 0 xong, 1 dữ liệu hoặc quy tắc không hợp lệ hoặc không đánh giá được hồ sơ nào, 2 dùng lệnh "
              "sai hoặc không ghi được --out, 70 lỗi nội bộ, 130 bị dừng."},
    "cli.opt.debug": {"en": "Show the full traceback of an internal error (also KCSCORE_DEBUG=1).",
                      "vi": "Hiện đầy đủ vết lỗi khi có lỗi nội bộ (hoặc đặt KCSCORE_DEBUG=1)."},
    "cli.opt.lang": {
        "en": "Language of the output and the help: vi or en (default: $KCSCORE_LANG, then LANG if it is English, "
              "else vi).",
        "vi": "Ngôn ngữ của kết quả và phần trợ giúp: vi hoặc en (mặc định: $KCSCORE_LANG, rồi LANG nếu là tiếng Anh, "
              "còn lại là vi)."},
    "cli.opt.rules": {
        "en": "Policy pack folder. Without it: $KCSCORE_RULES, then a rules/ folder found from the current folder "
              "upwards, then the Bắc Kạn pack shipped with kcscore.",
        "vi": "Thư mục bộ quy tắc. Nếu không có: $KCSCORE_RULES, rồi thư mục rules/ tìm từ thư mục hiện tại trở lên, "
              "rồi bộ quy tắc Bắc Kạn đi kèm kcscore."},
    "cli.opt.as_of": {"en": "Date whose rule values apply (default: the submission date, else today).",
                      "vi": "Ngày áp dụng các giá trị của quy tắc (mặc định: ngày nộp hồ sơ, nếu không có thì hôm nay)."},
    "cli.opt.record": {
        "en": "Also write a decision record (input and rule-file hashes, versions, options, decisions) that "
              "`kcscore verify` re-checks.",
        "vi": "Ghi thêm biên bản quyết định (mã băm đầu vào và tệp quy tắc, phiên bản, tuỳ chọn, quyết định) để "
              "`kcscore verify` kiểm tra lại."},
    "cli.opt.sheet": {"en": "Excel sheet name or 1-based number (default: the first).",
                      "vi": "Tên trang tính Excel hoặc số thứ tự tính từ 1 (mặc định: trang đầu tiên)."},
    "cli.opt.encoding": {"en": "Text encoding of a CSV file (default: detected).",
                         "vi": "Bảng mã của tệp CSV (mặc định: tự nhận biết)."},
    "cli.score": {
        "en": "Assess one applicant and print its scorecard.\n\nFILE is a proposal (YAML, JSON, TOML), the sheet "
              "`kcscore template` writes filled for one applicant, or a list (CSV, XLSX, JSON, JSON Lines) with --id.",
        "vi": "Đánh giá một hồ sơ và in phiếu chấm điểm.\n\nFILE là một đề án (YAML, JSON, TOML), bảng do "
              "`kcscore template` tạo đã điền cho một hồ sơ, hoặc một danh sách (CSV, XLSX, JSON, JSON Lines) kèm --id."},
    "cli.score.out": {"en": "Write to this file instead of stdout.", "vi": "Ghi vào tệp này thay vì in ra màn hình."},
    "cli.score.id": {"en": "In a list (CSV, XLSX, JSON, JSON Lines): the applicant to score.",
                     "vi": "Với một danh sách (CSV, XLSX, JSON, JSON Lines): mã hồ sơ cần chấm."},
    "cli.rank": {"en": "Assess and rank an applicant list (CSV, XLSX, JSON array, JSON Lines), within a budget.",
                 "vi": "Đánh giá và xếp hạng một danh sách hồ sơ (CSV, XLSX, mảng JSON, JSON Lines) trong phạm vi "
                       "ngân sách."},
    "cli.rank.budget": {"en": "Budget in VND: 1129000000, 1.129.000.000, '1,129 tỷ', '500 triệu'.",
                        "vi": "Ngân sách (đồng): 1129000000, 1.129.000.000, '1,129 tỷ', '500 triệu'."},
    "cli.rank.format": {"en": "Output on stdout when --out is not given.",
                        "vi": "Dạng kết quả in ra màn hình khi không có --out."},
    "cli.rank.out": {"en": "Write to a file; the format follows the extension: .csv .xlsx .json .jsonl .md .html .pdf",
                     "vi": "Ghi ra tệp; định dạng theo phần mở rộng: .csv .xlsx .json .jsonl .md .html .pdf"},
    "cli.rank.engine": {"en": "durable-rules for officer-sized lists, the vectorised evaluator for large ones.",
                        "vi": "durable-rules cho danh sách cỡ thường, bộ tính theo cột (vectorised) cho danh sách lớn."},
    "cli.rank.no_progress": {"en": "Do not show the progress bar.", "vi": "Không hiện thanh tiến độ."},
    "cli.verify": {
        "en": "Re-run a decision record and say what differs.\n\nRECORD is written by `score --record` or "
              "`rank --record`. Exit 0 when every decision is reproduced from the same input, rule files and versions; "
              "exit 1 lists each difference: a changed input or rule file, another version, a changed decision.",
        "vi": "Chạy lại một biên bản quyết định và cho biết điểm khác biệt.\n\nRECORD do `score --record` hoặc "
              "`rank --record` ghi. Thoát 0 khi mọi quyết định được tái lập từ cùng đầu vào, tệp quy tắc và phiên bản; "
              "thoát 1 và liệt kê từng khác biệt: đầu vào hay tệp quy tắc đã đổi, phiên bản khác, quyết định khác."},
    "cli.verify.input": {"en": "Re-run from this file instead of the input the record names (e.g. on another computer).",
                         "vi": "Chạy lại từ tệp này thay cho tệp đầu vào ghi trong biên bản (ví dụ trên máy khác)."},
    "cli.verify.rules": {"en": "Re-run with this pack folder instead of the one the record names.",
                         "vi": "Chạy lại với thư mục bộ quy tắc này thay cho thư mục ghi trong biên bản."},
    "cli.notices": {
        "en": "Write one notice to each assessed applicant of a list.\n\nEach <id>.docx gives the decision, the score, "
              "the reasons with citations, the support and how to ask for a review; the wording and the office's "
              "details come from an editable template.",
        "vi": "Viết thông báo cho từng hồ sơ đã đánh giá trong danh sách.\n\nMỗi tệp <id>.docx nêu kết quả, điểm, "
              "lý do kèm căn cứ, mức hỗ trợ và cách đề nghị xem xét lại; câu chữ và thông tin cơ quan lấy từ một mẫu "
              "sửa được."},
    "cli.notices.budget": {
        "en": "Budget in VND, as for rank: decides who is funded and who is told the budget ran out.",
        "vi": "Ngân sách (đồng), như ở lệnh rank: quyết định hồ sơ nào được hỗ trợ và hồ sơ nào được báo không đủ "
              "kinh phí."},
    "cli.notices.out": {"en": "Folder for the letters (one <id>.docx per assessed applicant); created if missing.",
                        "vi": "Thư mục chứa thông báo (mỗi hồ sơ đã đánh giá một tệp <id>.docx); tạo mới nếu chưa có."},
    "cli.notices.template": {
        "en": "YAML with the office's details and any wording to change (keys of the shipped notice template).",
        "vi": "Tệp YAML chứa thông tin cơ quan và câu chữ cần đổi (theo các khoá của mẫu thông báo đi kèm)."},
    "cli.notices.pdf": {"en": "Also write <id>.pdf beside each letter (DejaVu Serif embedded).",
                        "vi": "Ghi thêm <id>.pdf cạnh mỗi thông báo (nhúng phông DejaVu Serif)."},
    "cli.template": {"en": "Write an empty applicant sheet with the pack's column headers, drop-down lists and notes.",
                     "vi": "Ghi một bảng hồ sơ trống với tên cột, danh sách chọn và ghi chú của bộ quy tắc."},
    "cli.template.out": {"en": "applicants.xlsx or applicants.csv", "vi": "applicants.xlsx hoặc applicants.csv"},
    "cli.rules": {"en": "Check, test, document and compare policy packs.",
                  "vi": "Kiểm tra, chạy thử, lập tài liệu và so sánh các bộ quy tắc."},
    "cli.rules.check": {
        "en": "Validate a pack; print every problem as file:line:col: level: message.\n\nWithout PACK the pack is found "
              "as for --rules (so an edited rules/ is what gets checked).",
        "vi": "Kiểm tra một bộ quy tắc; in mọi vấn đề dạng tệp:dòng:cột: mức: thông báo.\n\nKhông có PACK thì bộ quy "
              "tắc được tìm như với --rules (nên thư mục rules/ đang sửa là thư mục được kiểm tra)."},
    "cli.rules.test": {"en": "Run the test cases that ship with a pack.\n\nWithout PACK the pack is found as for --rules.",
                       "vi": "Chạy các ca kiểm thử đi kèm bộ quy tắc.\n\nKhông có PACK thì bộ quy tắc được tìm như với "
                             "--rules."},
    "cli.rules.coverage": {"en": "Report gates, bands and support rules no case exercises.",
                           "vi": "Báo các điều kiện, mức điểm và quy tắc hỗ trợ chưa ca kiểm thử nào chạy tới."},
    "cli.rules.min_coverage": {"en": "Fail when rule or band coverage is below PCT.",
                               "vi": "Báo không đạt khi độ phủ quy tắc hoặc mức điểm dưới PCT."},
    "cli.rules.update": {
        "en": "Show each changed expectation (old → new, the rule that moved) and write the accepted ones back into "
              "tests/, keeping comments and layout; asks per file.",
        "vi": "Hiện từng kết quả mong đợi đã đổi (cũ → mới, quy tắc gây ra) và ghi những thay đổi được chấp nhận vào "
              "tests/, giữ nguyên chú thích và bố cục; hỏi theo từng tệp."},
    "cli.rules.yes": {"en": "With --update: accept every file without asking (scripts, CI).",
                      "vi": "Cùng --update: chấp nhận mọi tệp mà không hỏi (script, CI)."},
    "cli.rules.dry_run": {"en": "Only show what --update would write.", "vi": "Chỉ hiện những gì --update sẽ ghi."},
    "cli.rules.doc": {
        "en": "Write the rubric as the public reads it: gates, criteria and bands, support by date, citations.\n\n"
              "Without PACK the pack is found as for --rules.",
        "vi": "Viết bảng tiêu chí để công bố: điều kiện, tiêu chí và mức điểm, mức hỗ trợ theo ngày, căn cứ.\n\n"
              "Không có PACK thì bộ quy tắc được tìm như với --rules."},
    "cli.rules.doc.out": {"en": "rubric.md or rubric.html (default: Markdown to stdout).",
                          "vi": "rubric.md hoặc rubric.html (mặc định: Markdown in ra màn hình)."},
    "cli.rules.diff": {"en": "What changed between two packs and, given applicants, whom it affects.",
                       "vi": "Những gì đã đổi giữa hai bộ quy tắc và, khi có danh sách hồ sơ, những hồ sơ bị ảnh hưởng."},
    "cli.rules.diff.applicants": {"en": "Applicant list to show whom the change affects.",
                                  "vi": "Danh sách hồ sơ để xem thay đổi ảnh hưởng tới hồ sơ nào."},
    "cli.rules.diff.budget": {"en": "Budget in VND for the funded-set comparison.",
                              "vi": "Ngân sách (đồng) để so sánh danh sách được hỗ trợ."},
    "cli.rules.diff.out": {"en": "diff.xlsx, diff.json or diff.txt", "vi": "diff.xlsx, diff.json hoặc diff.txt"},
    "cli.rules.sensitivity": {
        "en": "Which weights and thresholds matter: each one moved alone, the list re-ranked each time.",
        "vi": "Trọng số và ngưỡng nào quan trọng: dịch từng cái một, mỗi lần xếp hạng lại danh sách."},
    "cli.rules.sensitivity.applicants": {"en": "Applicant list to re-rank.", "vi": "Danh sách hồ sơ để xếp hạng lại."},
    "cli.rules.sensitivity.budget": {"en": "Budget in VND: who enters or leaves the funded set.",
                                     "vi": "Ngân sách (đồng): hồ sơ nào vào hay ra khỏi danh sách được hỗ trợ."},
    "cli.rules.sensitivity.step": {"en": "Weight step: every rule's points are scaled by 1 ± PCT/100.",
                                   "vi": "Bước trọng số: điểm của mỗi quy tắc được nhân với 1 ± PCT/100."},
    "cli.rules.sensitivity.threshold_step": {
        "en": "Threshold step on percent, number and money fields (integer fields move by 1).",
        "vi": "Bước ngưỡng cho các trường phần trăm, số và tiền (trường số nguyên dịch 1)."},
    "cli.rules.sensitivity.out": {"en": "sensitivity.xlsx, .json or .txt", "vi": "sensitivity.xlsx, .json hoặc .txt"},
}

CLI: dict[str, Entry] = {
    "cli.warning": {"vi": "cảnh báo: {text}", "en": "warning: {text}"},
    "cli.negative_budget": {"vi": "ngân sách phải ≥ 0", "en": "the budget must be ≥ 0"},
    "cli.cannot_rerun": {"vi": "không chạy lại được: {reason}", "en": "cannot re-run: {reason}"},
    "cli.reproduced": {"vi": "✓ tái lập đủ {n} quyết định", "en": "✓ all {n} decisions reproduced"},
    "cli.differences": {"vi": "{n} điểm khác biệt", "en": "{n} difference(s)"},
    "cli.check_counts": {"vi": "{errors} lỗi, {warnings} cảnh báo", "en": "{errors} error(s), {warnings} warning(s)"},
    "cli.yes_needs_update": {"vi": "--yes chỉ dùng cùng --update", "en": "--yes only goes with --update"},
    "cli.not_written": {"vi": "{file}: chưa ghi (thêm --yes để ghi khi không chạy tương tác)",
                        "en": "{file}: not written (add --yes to write when not interactive)"},
    "cli.confirm_write": {"vi": "Ghi {n} thay đổi vào {file}?", "en": "Write {n} change(s) to {file}?"},
    "cli.written": {"vi": "đã ghi: {file}", "en": "written: {file}"},
    "cli.coverage_below": {"vi": "độ phủ dưới {pct}%", "en": "coverage below {pct}%"},
    "cli.interrupted": {"vi": "đã dừng (Ctrl-C)", "en": "interrupted (Ctrl-C)"},
    "cli.terminated": {"vi": "đã dừng theo yêu cầu (SIGTERM)", "en": "terminated (SIGTERM)"},
    "cli.cannot_read": {"vi": "{where}không đọc được: {reason}", "en": "{where}cannot read: {reason}"},
    "cli.no_memory": {"vi": "không đủ bộ nhớ để chạy xong lệnh; hãy chia danh sách nhỏ hơn hoặc dùng máy nhiều bộ nhớ hơn",
                      "en": "not enough memory to finish; split the list or use a machine with more memory"},
    "cli.bug": {
        "vi": "lỗi nội bộ của kcscore khi chạy lệnh '{command}' ({what}).\nĐây là lỗi của chương trình, không phải của "
              "dữ liệu. Chạy lại với `kcscore --debug …` (hoặc {env}=1) để xem chi tiết và gửi kèm khi báo lỗi.",
        "en": "internal error in kcscore while running '{command}' ({what}).\nThis is a bug in kcscore, not a problem "
              "with your data. Run again with `kcscore --debug …` (or {env}=1) to see the traceback, and include it in "
              "the bug report."},
}

# click's own texts: the English is click's message, word for word, so that it can be recognised.
CLICK: dict[str, Entry] = {
    "click.usage": {"en": "Usage:", "vi": "Cách dùng:"},
    "click.options": {"en": "Options", "vi": "Tuỳ chọn"},
    "click.commands": {"en": "Commands", "vi": "Lệnh"},
    "click.arguments": {"en": "Positional arguments", "vi": "Tham số theo vị trí"},
    "click.help": {"en": "Show this message and exit.", "vi": "Hiện hướng dẫn này rồi thoát."},
    "click.version": {"en": "Show the version and exit.", "vi": "Hiện phiên bản rồi thoát."},
    "click.required": {"en": "required", "vi": "bắt buộc"},
    "click.default": {"en": "default: {default}", "vi": "mặc định: {default}"},
    "click.error": {"en": "Error: {message}", "vi": "Lỗi: {message}"},
    "click.try": {"en": "Try '{command} {option}' for help.", "vi": "Xem '{command} {option}' để được hướng dẫn."},
    "click.did_you_mean": {"en": "{message} Did you mean {possibility}?", "vi": "{message} Có phải ý bạn là {possibility}?"},
    "click.possible": {"en": "{message} (Possible options: {possibilities})",
                       "vi": "{message} (Các lựa chọn gần giống: {possibilities})"},
    "click.no_such_option": {"en": "No such option '{name}'.", "vi": "Không có tuỳ chọn '{name}'."},
    "click.no_such_command": {"en": "No such command '{name}'.", "vi": "Không có lệnh '{name}'."},
    "click.missing_argument": {"en": "Missing argument {name}.", "vi": "Thiếu tham số {name}."},
    "click.missing_option": {"en": "Missing option {name}.", "vi": "Thiếu tuỳ chọn {name}."},
    "click.missing_command": {"en": "Missing command.", "vi": "Thiếu lệnh."},
    "click.needs_value": {"en": "Option '{name}' requires an argument.", "vi": "Tuỳ chọn '{name}' cần một giá trị."},
    "click.extra_argument": {"en": "Got unexpected extra argument ({args})", "vi": "Thừa tham số ({args})"},
    "click.extra_arguments": {"en": "Got unexpected extra arguments ({args})", "vi": "Thừa các tham số ({args})"},
    "click.invalid_for": {"en": "Invalid value for {name}: {message}", "vi": "Giá trị không hợp lệ cho {name}: {message}"},
    "click.not_one_of": {"en": "{value} is not one of {choices}.", "vi": "{value} không phải một trong {choices}."},
    "click.not_in_range": {"en": "{value} is not in the range {range}.", "vi": "{value} nằm ngoài khoảng {range}."},
    "click.not_a_number": {"en": "{value} is not a valid float.", "vi": "{value} không phải một số hợp lệ."},
    "click.no_file": {"en": "File {name} does not exist.", "vi": "Tệp {name} không tồn tại."},
    "click.no_directory": {"en": "Directory {name} does not exist.", "vi": "Thư mục {name} không tồn tại."},
    "click.is_directory": {"en": "File {name} is a directory.", "vi": "{name} là một thư mục, không phải tệp."},
    "click.is_file": {"en": "Directory {name} is a file.", "vi": "{name} là một tệp, không phải thư mục."},
    "click.aborted": {"en": "Aborted!", "vi": "Đã huỷ!"},
}

CATALOGUE: dict[str, Entry] = {**STATUS, **PROGRESS, **PACK_TESTS, **ASSESS, **FINDING, **FORMAT, **FUNDING, **DATES, **DIAGNOSTICS, **RANK, **NOTICES, **CLI, **CLI_HELP, **CLICK,
                              **REPORTS, **FILES, **RUBRIC, **POLICYDIFF, **ERRORS, **CELLS, **VALUES, **TABLES, **RUNS}
