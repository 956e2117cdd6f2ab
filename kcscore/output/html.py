"""The self-contained HTML report of a ranking: opens from a file, with no network, in any browser.

One page: the pack and the counts, the ranking with the funding line, a chart of each eligible
applicant's points by criterion, each applicant's explanation, and the rows that could not be
assessed. Every string that comes from the data or the pack goes through ``html.escape``; nothing
is loaded from outside the file (see ``style.CSP``); the same input always gives the same bytes.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterable, Iterator
from html import escape
from pathlib import Path
from typing import TextIO

from kcscore.assess.result import Assessment
from kcscore.explain.words import words
from kcscore.batch.result import BatchResult
from kcscore.fileio import write_text_spooled
from kcscore.i18n import lang_of
from kcscore.policy.ir import Policy
from kcscore.report import view as V
from kcscore.report.chart import MAX_BARS, render_svg
from kcscore.report.labels import decision_label, labels
from kcscore.report.style import CSP, CSS, SCRIPT

SHORT_VALUE = 24  # characters up to which a cell of the errors table is never wrapped
_MARK = {"pass": "✓", "not_applicable": "·", "exempt": "✓", "clear": "✓", "fail": "✗", "excluded": "✗", "unknown": "?"}


def e(value: object) -> str:
    return escape(str(value), quote=True)


def _header(result: BatchResult, policy: Policy, lang: str) -> list[str]:
    t = labels(lang)
    out = [f"<header><h1>{e(t['title'])}</h1>", f'<p class="note">{e(policy.meta.title.get(lang))} · '
           f"{e(policy.meta.jurisdiction.get(lang))}</p>", '<section id="summary">', f"<h2>{e(t['summary'])}</h2>",
           '<dl class="meta">']
    for label, value in V.header(result, policy, lang):
        out.append(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>")
    out.append("</dl>")
    if result.funding is None:
        out.append(f'<p class="note">{e(t["no_budget"])}</p>')
    if result.warnings:
        out.append(f"<h3>{e(t['warnings'])}</h3><ul class=\"items\">")
        out += [f"<li>{e(w)}</li>" for w in result.warnings]
        out.append("</ul>")
    out.append("</section></header>")
    return out


def _nav(lang: str) -> str:
    t = labels(lang)
    links = [("summary", t["summary"]), ("ranking", t["ranking"]), ("chart", t["chart"]),
             ("explanations", t["explanations"]), ("errors", t["row_errors"])]
    items = "".join(f'<li><a href="#{key}">{e(text)}</a></li>' for key, text in links)
    # A checkbox, not a script: the print style reads its state with :has(), so it needs no code.
    choice = (f'<p class="print-choice"><label><input type="checkbox" id="print-summary"> '
              f'{e(t["print_summary"])}</label></p>')
    return f'<nav aria-label="{e(t["contents"])}"><ul>{items}</ul>{choice}</nav>'


def _ranking(result: BatchResult, policy: Policy, lang: str, seen: Callable[[V.RankRow], None]) -> Iterator[str]:
    """The ranking table's parts, one applicant at a time; each row is also handed to ``seen``,
    which keeps what the chart and the explanations need of it (the rows are read only once)."""
    t = labels(lang)
    budget = result.funding is not None
    heads = [t["col_rank"], t["col_id"], t["col_name"], t["col_decision"], t["col_score"], t["col_support"]]
    if budget:
        heads.append(t["col_funded"])
    span = len(heads)
    yield from ['<section id="ranking">', f"<h2>{e(t['ranking'])}</h2>",
                f'<p class="note">{e(t["order"])}: {e(V.order_text(policy, lang))}</p>']
    if not result.assessments and not budget:
        yield from [f"<p>{e(t['no_applicants'])}</p>", "</section>"]
        return

    yield ('<table id="ranking-table"><thead><tr>' + "".join(f'<th scope="col">{e(h)}</th>' for h in heads)
           + "</tr></thead><tbody>")
    for item in V.ranking_items(result):
        if item == V.LINE:
            head, first = V.funding_line(result.funding, lang)  # type: ignore[arg-type]
            yield (f'<tr id="funding-line" class="funding-line"><td colspan="{span}">'
                   f"{e(head)}<span>{e(first)}</span></td></tr>")
            continue
        if item == V.UNRANKED:
            yield f'<tr class="group"><td colspan="{span}">{e(t["not_ranked"])}</td></tr>'
            continue
        row: V.RankRow = item  # type: ignore[assignment]
        a = row.assessment
        cells = [f'<td class="num">{e(V.rank_text(a))}</td>', f'<td class="id">{e(a.id)}</td>',
                 f'<td><a href="#{row.anchor}">{e(a.name)}</a></td>', f"<td>{e(decision_label(a.decision, lang))}</td>",
                 f'<td class="num">{e(V.score_text(a, lang))}</td>', f'<td class="num">{e(V.support_text(a, lang))}</td>']
        if budget:
            # The note is printed under the status, not hidden in a tooltip that paper cannot show.
            word = V.funded_text(row, lang)
            # the note repeats the status word before its figures; the cell says the word once
            detail = (V.funding_note(a, lang) or "").removeprefix(f"{word}: ")
            note = f'<span class="status-note">{e(detail)}</span>' if detail else ""
            cells.append(f'<td class="status">{e(word)}{note}</td>')
        yield f'<tr class="{row.status}" data-id="{e(a.id)}">' + "".join(cells) + "</tr>"
        seen(row)
    yield from ["</tbody></table>", "</section>"]


def _chart(result: BatchResult, policy: Policy, lang: str, top: list[Assessment]) -> list[str]:
    """The chart of the first eligible applicants ``top`` (at least ``chart.MAX_BARS`` of them when
    there are that many), out of all the eligible ones the result counts."""
    t = labels(lang)
    total = result.summary()["eligible"]
    out = ['<section id="chart">', f"<h2>{e(t['chart'])}</h2>"]
    if not top:
        return out + [f'<p class="note">{e(t["chart_none"])}</p>', "</section>"]
    line_after = V.ranking(result).line_at if result.funding is not None else None
    svg, series, shown = render_svg(top, policy, lang, line_after)
    if shown < total:
        out.append(f'<p class="note" id="chart-limit">{e(t["chart_top"].format(shown=shown, total=total))}</p>')
    # Legend and chart in one figure, which the print style keeps on one page.
    out.append('<figure class="chart-figure"><ul class="legend">')
    for s in series:
        if s.members:  # the grouped criteria, named after the group's title on one line that may wrap
            out.append(f'<li class="other"><span class="swatch" style="background:{s.colour}"></span><span>'
                       f'{e(s.title)} <span class="members">({e("; ".join(s.members))})</span></span></li>')
        else:
            out.append(f'<li><span class="swatch" style="background:{s.colour}"></span>{e(s.title)}</li>')
    out.append(f'<li><span class="swatch penalty"></span>{e(t["penalty"])}</li>')
    if line_after is not None:
        out.append(f'<li><span class="swatch line"></span>{e(t["line"])}</li>')
    out += ["</ul>", '<div class="chart-wrap">', svg, "</div></figure>", "</section>"]
    return out


def _list(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"<h3>{e(title)}</h3>", '<ul class="items">'] + [f"<li>{item}</li>" for item in items] + ["</ul>"]


def _explanation(row: V.RankRow, policy: Policy, lang: str) -> list[str]:
    t = labels(lang)
    a: Assessment = row.assessment
    w = words(policy, lang)
    out = [f'<details id="{row.anchor}" class="{e(a.decision)}"><summary>{e(V.headline(a, w, lang, row.standing))}</summary>',
           f"<p><strong>{e(t['decision'])}:</strong> {e(decision_label(a.decision, lang))}</p>"]
    reasons = [f for f in a.findings if f.rule in a.reasons]
    out += _list(t["reasons"], [f'<span class="mark-fail">✗</span> {e(w.finding(a, f))} '
                                f'<span class="cite">({e(V.cite_text(f.cite, lang))})</span>' for f in reasons])
    conditions = [f for f in a.findings if f.kind in V.CONDITION_KINDS and f.rule not in a.reasons]
    out += _list(t["conditions"], [f"{_MARK.get(f.status, '·')} {e(w.finding(a, f))}" for f in conditions])
    scored = V.scored_findings(a)
    if scored:
        out += [f"<h3>{e(t['findings'])}</h3>", '<table class="findings"><tbody>']
        for f in scored:
            out.append(f'<tr data-rule="{e(f.rule)}"><td class="num">{e(V.points_text(f, lang))}</td>'
                       f"<td>{e(w.finding(a, f))}</td>"
                       f'<td class="cite">{e(V.cite_text(f.cite, lang))}</td></tr>')
        out.append("</tbody></table>")
    out += _list(t["missing"], [e(m) for m in V.missing_text(a, policy, lang)])
    out += _list(t["suggestions"], [e(w.suggestion(a, s)) for s in a.suggestions])
    if a.support_shown:
        out += [f"<h3>{e(t['support'])}</h3>", f"<p>{e(w.support(a))}</p>"]
    out += _list(t["flags"], [f"! {e(w.finding(a, f))}" for f in a.flags])
    note = V.funding_note(a, lang)
    if note:
        out.append(f"<p><strong>{e(t['funding_note'])}:</strong> {e(note)}</p>")
    out.append("</details>")
    return out


def _errors(result: BatchResult, lang: str) -> list[str]:
    t = labels(lang)
    out = ['<section id="errors">', f"<h2>{e(t['row_errors'])}</h2>"]
    rows = V.error_rows(result, lang)
    if not rows:
        return out + [f'<p class="note">{e(t["no_errors"])}</p>', "</section>"]
    heads = [t["col_row"], t["col_column"], t["col_field"], t["col_value"], t["col_message"]]
    out.append('<table id="errors-table"><thead><tr>' + "".join(f'<th scope="col">{e(h)}</th>' for h in heads)
               + "</tr></thead><tbody>")
    for cells in rows:
        row, rest = cells[0], cells[1:]
        # A short value (an id, a date, a number) stays on one line: "BK-2019-/041" misleads.
        tds = [f'<td class="id">{e(c)}</td>' if len(c) <= SHORT_VALUE else f"<td>{e(c)}</td>" for c in rest]
        out.append(f'<tr><td class="num">{e(row)}</td>' + "".join(tds) + "</tr>")
    out += ["</tbody></table>", "</section>"]
    return out


def _parts(result: BatchResult, policy: Policy, lang: str, spool: TextIO) -> Iterator[str | TextIO]:
    """The document's parts, each text to be followed by a newline. The explanations are written to
    ``spool`` while the ranking is read, then copied in place, so the assessments are read once,
    one at a time; the chart keeps the first ``MAX_BARS`` eligible ones."""
    t = labels(lang)
    title = f"{t['title']} — {policy.meta.title.get(lang)}"
    yield from ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
                f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                f"<title>{e(title)}</title>", f"<style>{CSS}</style>", f"<script>{SCRIPT}</script>", "</head>", "<body>"]
    yield from _header(result, policy, lang)
    yield _nav(lang)
    yield "<main>"
    top: list[Assessment] = []

    def seen(row: V.RankRow) -> None:
        if row.assessment.decision == "eligible" and len(top) < MAX_BARS:
            top.append(row.assessment)
        spool.writelines(f"{part}\n" for part in _explanation(row, policy, lang))

    yield from _ranking(result, policy, lang, seen)
    yield from _chart(result, policy, lang, top)
    yield from ['<section id="explanations">', f"<h2>{e(t['explanations'])}</h2>"]
    spool.seek(0)
    yield spool
    if not result.assessments:
        yield f'<p class="note">{e(t["no_applicants"])}</p>'
    yield "</section>"
    yield from _errors(result, lang)
    yield from ["</main>", "</body>", "</html>"]


def _write_parts(parts: Iterable[str | TextIO], out: TextIO) -> None:
    """Each text part followed by a newline; a spool file's content as it is."""
    for part in parts:
        if isinstance(part, str):
            out.write(part + "\n")
        else:
            shutil.copyfileobj(part, out)


def render_html(result: BatchResult, policy: Policy, lang: str = "vi") -> str:
    """The whole report as one HTML document (UTF-8, inline CSS and SVG, no external reference)."""
    lang = lang_of(lang)
    out = io.StringIO()
    _write_parts(_parts(result, policy, lang, io.StringIO()), out)
    return out.getvalue()


def write_html(result: BatchResult, policy: Policy, path: Path | str, lang: str = "vi") -> None:
    """Write the report atomically (a reader never sees half a file), streamed: the explanations
    wait in a temporary file while the ranking is written."""
    lang = lang_of(lang)
    write_text_spooled(Path(path), lambda spool, out: _write_parts(_parts(result, policy, lang, spool), out))
