"""The ranking as a Markdown document: pack and date, counts, budget line, ranking table, errors.

For reading and pasting into reports, so numbers are written the Vietnamese way (``250.000.000``,
``7,5``) with ``lang="vi"``. Applicant text is escaped so that a name can neither break the table
(``|``) nor become markup or HTML when the document is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kcscore.batch.result import BatchResult
from kcscore.explain.format import money, number
from kcscore.fileio import write_text_atomic
from kcscore.policy.ir import Policy
from kcscore.tables.safecell import clean_text
from kcscore.tables.write_labels import ERROR_COLUMNS, INFO, PHRASES, SHEETS, lang_of
from kcscore.tables.write_table import RankingTable, error_rows, one_line

_MARKUP = re.compile(r"([\\`*_\[\]<>|#~!])")
HEAD = {"vi": {"title": "Kết quả xét chọn", "budget": "Ngân sách", "warnings": "Cảnh báo"},
        "en": {"title": "Selection results", "budget": "Budget", "warnings": "Warnings"}}
_NUMERIC = ("int", "number", "money")


def escape(text: str) -> str:
    return _MARKUP.sub(r"\\\1", one_line(clean_text(text)))


def md_value(value: Any, kind: str, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value, lang) if kind != "int" else str(value)
    return escape(str(value))


def md_table(headers: Sequence[str], kinds: Sequence[str], rows: Iterable[Sequence[Any]], lang: str) -> list[str]:
    lines = ["| " + " | ".join(escape(h) for h in headers) + " |",
             "|" + "|".join("---:" if k in _NUMERIC else "---" for k in kinds) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(md_value(v, kinds[i], lang) for i, v in enumerate(row)) + " |")
    return lines


def render_markdown(result: BatchResult, policy: Policy, lang: str = "vi") -> str:
    lang = lang_of(lang)
    w, h = INFO[lang], HEAD[lang]
    header = result.policy
    lines = [f"# {h['title']}: {escape(policy.meta.title.get(lang))}", ""]
    lines.append(f"- {w['policy']}: `{header.get('id', policy.meta.id)}` {escape(str(header.get('version', '')))} "
                 f"(sha256 `{header.get('sha256', policy.sha256)}`)")
    lines.append(f"- {w['as_of']}: {escape(str(header.get('as_of') or w['as_of_each']))}")
    if result.source:
        lines.append(f"- {w['source']}: {escape(result.source)}")
    summary = result.summary()
    lines.append("- " + " · ".join(f"{w[k]}: {summary[k]}" for k in
                                   ("rows", "assessed", "eligible", "incomplete", "ineligible", "errors")))
    funding = result.funding
    if funding is not None:
        lines += ["", f"## {h['budget']}", "",
                  f"- {w['budget']}: {number(funding.budget, lang)} · {w['committed']}: {number(funding.committed, lang)}"
                  f" · {w['left']}: {number(funding.left, lang)} · {w['funded']}: {summary['funded']}",
                  f"- {w['rule']}: {w.get(funding.rule, funding.rule)}"]
        if funding.line_after_rank is not None:
            lines.append(f"- {w['line']}: {funding.line_after_rank}")
        if funding.first_unfunded_id is not None:
            lacked = (f" ({w['lacked']}: {money(funding.first_unfunded_lacked, lang)})"
                      if funding.first_unfunded_lacked is not None else "")
            text = f": {escape(funding.first_unfunded_text)}" if funding.first_unfunded_text else ""
            lines.append(f"- {w['first_unfunded']}: {escape(funding.first_unfunded_id)}{lacked}{text}")

    table = RankingTable(result, policy, lang)
    lines += ["", f"## {SHEETS[lang]['ranking']}", ""]
    lines += md_table(table.headers, [c.kind for c in table.columns], table.rows(), lang)

    lines += ["", f"## {SHEETS[lang]['errors']}", ""]
    if result.errors:
        lines += md_table(ERROR_COLUMNS[lang], ("int", "text", "text", "text", "text", "text"),
                          error_rows(result.errors), lang)
    else:
        lines.append(PHRASES[lang]["no_errors"])
    if result.warnings:
        lines += ["", f"## {h['warnings']}", ""]
        lines += [f"- {escape(warning)}" for warning in result.warnings]
    return "\n".join(lines) + "\n"


def write_markdown(result: BatchResult, path: Path, policy: Policy, lang: str = "vi") -> None:
    write_text_atomic(Path(path), render_markdown(result, policy, lang))
