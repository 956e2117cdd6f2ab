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

NOTICES: dict[str, Entry] = {
    "notices.summary": {"vi": "Đã viết {written} thông báo ({counts}){pdfs}; {rejected} dòng lỗi không có thông báo",
                        "en": "Wrote {written} notices ({counts}){pdfs}; {rejected} rows with errors got no notice"},
    "notices.pdfs": {"vi": ", kèm {n} bản PDF", "en": ", with {n} PDF copies"},
}

CATALOGUE: dict[str, Entry] = {**STATUS, **FUNDING, **NOTICES}
