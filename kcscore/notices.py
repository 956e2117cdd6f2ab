"""``kcscore notices``: one letter per assessed applicant of a list, written into a folder.

Ranks the list exactly as ``kcscore rank`` does (same reader, same ``batch.run_batch``, same
budget selection), then hands each assessment to the notice builder and the Word writer. A row
the reader rejects gets no letter: a letter built from a bad cell would state a wrong decision
to the applicant, so the row is named in the run's summary for the officer to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from kcscore.i18n import render
from kcscore.policy.ir import Policy


@dataclass
class NoticeRun:
    written: list[Path] = field(default_factory=list)  # the .docx letters
    pdfs: list[Path] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)  # one line per row the reader refused
    warnings: list[str] = field(default_factory=list)

    def summary(self, lang: str) -> str:
        counts = ", ".join(f"{render('status.' + k, lang)} {n}" for k, n in sorted(self.outcomes.items()))
        pdfs = render("notices.pdfs", lang, n=len(self.pdfs)) if self.pdfs else ""
        return render("notices.summary", lang, written=len(self.written), counts=counts, pdfs=pdfs,
                      rejected=len(self.rejected))


def notice_name(record_id: str) -> str:
    """A file name from an applicant id: letters, digits, '-', '_' and '.' kept, anything else '_'."""
    return (re.sub(r"[^\w.-]", "_", record_id).strip("._") or "ho-so") + ".docx"


def unique_names(ids: list[str]) -> list[str]:
    """One file name per id; two ids that clean to the same name ('A/1', 'A_1') get '-2', '-3' …"""
    seen: dict[str, int] = {}
    out = []
    for record_id in ids:
        name = notice_name(record_id)
        key = name.casefold()  # Windows and macOS folders ignore case
        seen[key] = seen.get(key, 0) + 1
        out.append(name if seen[key] == 1 else f"{name[:-5]}-{seen[key]}.docx")
    return out


def write_notices(policy: Policy, file: str, out_dir: Path, budget: int | None, as_of: dt.date | None = None,
                  lang: str = "vi", template: Path | None = None, sheet: str | None = None,
                  encoding: str | None = None, inputs: tuple[str, ...] = (), packs: tuple[Path, ...] = (),
                  pdf: bool = False) -> NoticeRun:
    """Rank ``file`` and write ``out_dir/<id>.docx`` for every assessed applicant.

    With ``pdf``, ``<id>.pdf`` beside each (the copy to send; the .docx stays the one to edit).
    ``inputs`` and ``packs`` are refused as targets (an output never replaces an input); the
    template is read before the list, so a broken template costs no ranking.
    """
    from kcscore.batch.run import run_batch
    from kcscore.output.notice_docx import write_notice_docx
    from kcscore.outputguard import check_outputs
    from kcscore.pipeline import read_rows
    from kcscore.report.notice import build_notice, load_template

    words = load_template(lang, template)
    info, rows = read_rows(policy, file, sheet, encoding)
    result = run_batch(policy, rows, budget=budget, as_of=as_of, lang=lang, source=getattr(info, "source", ""))
    run = NoticeRun(warnings=list(result.warnings))
    run.rejected = [f"{e.where(lang)}: {e.message}" for e in result.errors]
    names = unique_names([a.id for a in result.assessments])
    suffixes = (".docx", ".pdf") if pdf else (".docx",)
    targets = [(out_dir / name).with_suffix(suffix) for name in names for suffix in suffixes]
    check_outputs([(target, None) for target in targets], (*inputs, *((str(template),) if template else ())), packs)
    year = as_of.year if as_of else None
    for a, name in zip(result.assessments, names):
        notice = build_notice(a, policy, result.funding, words, lang, year)
        path = out_dir / name
        write_notice_docx(notice, path)
        run.written.append(path)
        if pdf:
            from kcscore.output.notice_pdf import write_notice_pdf

            write_notice_pdf(notice, path.with_suffix(".pdf"))
            run.pdfs.append(path.with_suffix(".pdf"))
        run.outcomes[notice.outcome] = run.outcomes.get(notice.outcome, 0) + 1
    return run
