"""The HTML report's inline style, its one small script, and the policy that forbids anything else.

The Content-Security-Policy lets the page load nothing from anywhere: no fonts, images, frames or
scripts other than the one below (allowed by its hash). So even a report opened from a shared
drive on a machine with network cannot call out, and a name smuggled into the data cannot run.
"""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root { --ink: #1f2933; --muted: #52606d; --line: #b42318; --rule: #d9dee3; --band: #f5f7fa; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); margin: 0 auto;
       max-width: 1100px; padding: 1.5rem; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--rule); padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { background: var(--band); }
td.num { text-align: right; white-space: nowrap; }
td.id { white-space: nowrap; }
td.status .status-note { display: block; font-size: .85em; color: var(--muted); }
tr.skipped td { color: var(--muted); font-style: italic; }
tr.unfunded td, tr.incomplete td, tr.ineligible td { color: var(--muted); }
tr.group td { background: var(--band); font-weight: 600; }
tr.funding-line td { border-top: 3px dashed var(--line); border-bottom: 3px dashed var(--line); color: var(--line);
                     font-weight: 600; background: #fef3f2; }
tr.funding-line td span { display: block; font-weight: 400; }
figure.chart-figure { margin: 0; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1rem; list-style: none; padding: 0; font-size: .9rem; }
.legend li { display: flex; align-items: center; gap: .35rem; }
.legend .members { color: var(--muted); }
.swatch { display: inline-block; flex: none; width: .9rem; height: .9rem; border: 1px solid #0003; }
.swatch.penalty { background: repeating-linear-gradient(45deg, #000 0 2px, #fff 2px 5px); }
.swatch.line { height: 0; border: none; border-top: 3px dashed var(--line); }
.chart-wrap { overflow-x: auto; }
svg.chart { max-width: 100%; height: auto; font-size: 12px; font-family: inherit; }
svg.chart .axis line { stroke: var(--rule); stroke-width: 1; }
svg.chart .axis text { fill: var(--muted); }
svg.chart text.score { fill: var(--ink); }
details { border: 1px solid var(--rule); border-radius: 4px; margin: .4rem 0; padding: .3rem .7rem; }
details > summary { cursor: pointer; font-weight: 600; }
details.ineligible > summary, details.incomplete > summary { color: var(--muted); }
ul.items { margin: .2rem 0; padding-left: 1.2rem; }
.cite { color: var(--muted); font-size: .88rem; }
.note { color: var(--muted); }
.mark-fail { color: var(--line); }
.print-choice { font-size: .9rem; color: var(--muted); margin: .3rem 0; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
/* Paper: A4 (the size Vietnamese offices print on), small type, one applicant as a compact block
   that may run on to the next page rather than leave half a page empty. */
@page { size: A4; margin: 12mm 11mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 8.5pt; line-height: 1.3; }
  h1 { font-size: 14pt; }
  h2 { font-size: 11pt; margin: 1rem 0 .3rem; break-after: avoid; }
  h3 { font-size: 9pt; margin: .35rem 0 .1rem; break-after: avoid; }
  nav { display: none; }
  th, td { padding: .12rem .3rem; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  figure.chart-figure { break-inside: avoid; }
  .legend { font-size: 8pt; gap: .1rem .8rem; }
  .chart-wrap { overflow: visible; }
  details { border: none; border-top: 1px solid var(--rule); border-radius: 0; margin: .5rem 0 0; padding: .3rem 0 0; }
  details > summary { list-style: none; font-size: 9.5pt; break-after: avoid; }
  details > summary::-webkit-details-marker { display: none; }
  details p { margin: .15rem 0; }
  details ul.items { margin: 0; columns: 2; column-gap: 1.5rem; }
  details ul.items li { font-size: 8pt; }
  table.findings { margin: .1rem 0; font-size: 8pt; }
  table.findings td.cite { width: 34%; font-size: 7.5pt; }
  body:has(#print-summary:checked) #explanations { display: none; }
}
"""

# Explanations are folded on screen; on paper every one is printed open.
SCRIPT = ('addEventListener("beforeprint",function(){'
          'document.querySelectorAll("details").forEach(function(d){d.open=true;});});')


def _hash(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


CSP = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{_hash(SCRIPT)}'; "
       "base-uri 'none'; form-action 'none'")
