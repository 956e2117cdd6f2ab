"""Write a ranked batch to ``--out``: the format follows the file's extension.

| extension | what is written |
|---|---|
| ``.csv``  | the ranking (UTF-8 with BOM) and, beside it, ``<name>.errors.csv`` with the bad cells |
| ``.xlsx`` | sheets Xếp hạng, Giải trình, Lỗi, Thông tin (``kcscore.output.write_xlsx``) |
| ``.json`` | ``BatchResult.to_json()`` (kcscore/assess/contract.py) |
| ``.jsonl``| one applicant per line, then ``{"row": n, "error": ...}`` lines (``kcscore.output.jsonl``) |
| ``.md``   | the Markdown report: ranking, funding line, explanations, errors (``kcscore.output.markdown``) |
| ``.html`` | the self-contained HTML report (``kcscore.output.html``) |
| ``.pdf``  | the ranking on A4 landscape with the font embedded (``kcscore.output.rank_pdf``) |

Every file is written atomically: a reader sees the previous file or the complete new one.
Text cells of CSV and XLSX are protected against formula injection (``kcscore.output.safecell``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kcscore.batch.result import BatchResult
from kcscore.policy.ir import Policy
from kcscore.output.safecell import safe_cell
from kcscore.output.write_csv import errors_path, write_csv
from kcscore.output.write_json import write_json
from kcscore.i18n import Message, Spoken

__all__ = ["FORMATS", "UnsupportedFormat", "errors_path", "safe_cell", "write_result"]

Writer = Callable[[BatchResult, Path, Policy, str], None]


def _write_xlsx(result: BatchResult, path: Path, policy: Policy, lang: str) -> None:
    from kcscore.output.write_xlsx import write_xlsx  # openpyxl is only imported when needed

    write_xlsx(result, path, policy, lang)


def _write_jsonl(result: BatchResult, path: Path, policy: Policy, lang: str) -> None:
    from kcscore.output.jsonl import write_result_jsonl

    write_result_jsonl(result, path, policy)


def _write_markdown(result: BatchResult, path: Path, policy: Policy, lang: str) -> None:
    from kcscore.output.markdown import write_markdown

    write_markdown(result, policy, path, lang)


def _write_html(result: BatchResult, path: Path, policy: Policy, lang: str) -> None:
    from kcscore.output.html import write_html

    write_html(result, policy, path, lang)


def _write_pdf(result: BatchResult, path: Path, policy: Policy, lang: str) -> None:
    from kcscore.output.rank_pdf import write_ranking_pdf  # fpdf2 is only imported when needed

    write_ranking_pdf(result, path, policy, lang)


FORMATS: dict[str, Writer] = {
    ".csv": write_csv,
    ".xlsx": _write_xlsx,
    ".json": write_json,
    ".jsonl": _write_jsonl,
    ".md": _write_markdown,
    ".html": _write_html,
    ".pdf": _write_pdf,
}


class UnsupportedFormat(Spoken, ValueError):
    """An ``--out`` extension this module does not write; ``message(lang)`` says which ones it does."""

    def __init__(self, suffix: str, lang: str = "vi") -> None:
        self.suffix = suffix
        self.said = Message("file.phrase.unsupported", {"suffix": suffix})
        super().__init__(self.said.say(lang))


def write_result(result: BatchResult, path: Path, policy: Policy, lang: str = "vi") -> None:
    """Write ``result`` to ``path`` in the format its extension names (case-insensitive)."""
    path = Path(path)
    suffix = path.suffix.lower()
    writer = FORMATS.get(suffix)
    if writer is None:
        raise UnsupportedFormat(suffix or path.name, lang)
    writer(result, path, policy, lang)
