"""A tiny document model for the public rubric, and its Markdown and HTML renderings.

The rubric is built once as a list of blocks and written twice, so the Markdown and the HTML
versions cannot drift apart. Every string that reaches either output passes through one escaping
function: pack text (titles, notes, sentences) is data, never markup.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    """An identifier shown as code (a rule or field id), so readers can match it to a scorecard."""

    text: str


Cell = str | Code


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    warn: bool = False


@dataclass(frozen=True)
class Facts:
    """Label–value lines under a rule: 'Yêu cầu: …', 'Căn cứ: …'."""

    items: tuple[tuple[str, Cell], ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    head: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    numeric: tuple[int, ...] = ()  # right-aligned columns
    marked: tuple[int, ...] = ()  # indices of rows to highlight (values not yet verified)
    total: bool = False  # the last row is a total


Block = Heading | Paragraph | Facts | Bullets | Table

# ---------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")
_MD_LINE_START = re.compile(r"^([-+=]|\d+[.)])")


def _md(text: str) -> str:
    """Escape every character Markdown could read as markup; fold line breaks into spaces."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_start(text: str) -> str:
    """Escape a block's first character too, so '- x' or '1. x' from a pack stays plain text."""
    escaped = _md(text)
    return "\\" + escaped if _MD_LINE_START.match(escaped) else escaped


def _md_cell(cell: Cell) -> str:
    if isinstance(cell, Code):
        return f"`{cell.text.replace('`', '')}`" if cell.text else ""
    return _md(cell)


def to_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {_md(block.text)}")
        elif isinstance(block, Paragraph):
            out.append(("> **⚠** " + _md(block.text)) if block.warn else _md_start(block.text))
        elif isinstance(block, Facts):
            out.append("\n".join(f"- **{_md(label)}:** {_md_cell(value)}" for label, value in block.items))
        elif isinstance(block, Bullets):
            out.append("\n".join(f"- {_md_start(item)}" for item in block.items))
        elif isinstance(block, Table):
            out.append(_md_table(block))
    return "\n\n".join(out) + "\n"


def _md_table(table: Table) -> str:
    lines = []
    if table.caption:
        lines.append(f"**{_md(table.caption)}**")
        lines.append("")
    lines.append("| " + " | ".join(_md(h) for h in table.head) + " |")
    lines.append("|" + "|".join("---:" if i in table.numeric else "---" for i in range(len(table.head))) + "|")
    for i, row in enumerate(table.rows):
        cells = [_md_cell(c) for c in row]
        if table.total and i == len(table.rows) - 1:
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)

# ---------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;line-height:1.5;
color:#1b1f23;background:#fff;margin:0}
main{max-width:62rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.8rem;margin:.2rem 0 1rem}h2{font-size:1.4rem;margin-top:2.2rem;border-bottom:2px solid #d0d7de;
padding-bottom:.2rem}h3{font-size:1.12rem;margin:1.6rem 0 .4rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;width:100%}caption{text-align:left;font-weight:600;
padding:.3rem 0}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f5f7}td.num,th.num{text-align:right;white-space:nowrap}
tr.unconfirmed td{background:#fff4e5}tr.total td{font-weight:700;background:#f3f5f7}
ul.facts{list-style:none;padding-left:0;margin:.3rem 0}ul.facts li{margin:.15rem 0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;background:#f3f5f7;
padding:0 .2rem;border-radius:3px}
p.warn{background:#fff4e5;border-left:4px solid #d97706;padding:.4rem .6rem}
nav ul{columns:2}
@media print{main{max-width:none}nav{display:none}tr{page-break-inside:avoid}}
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _h_cell(cell: Cell) -> str:
    if isinstance(cell, Code):
        return f"<code>{_h(cell.text)}</code>"
    return _h(cell)


def _anchor(anchor: str) -> str:
    return f' id="{_h(anchor)}"' if anchor else ""


def to_html(blocks: list[Block], title: str, lang: str, contents_label: str) -> str:
    """A whole self-contained page: inline style, no script, nothing fetched from anywhere."""
    body: list[str] = []
    toc = [b for b in blocks if isinstance(b, Heading) and b.level == 2 and b.anchor]
    for block in blocks:
        if isinstance(block, Heading):
            body.append(f"<h{block.level}{_anchor(block.anchor)}>{_h(block.text)}</h{block.level}>")
            if block.level == 1 and toc:
                links = "".join(f'<li><a href="#{_h(b.anchor)}">{_h(b.text)}</a></li>' for b in toc)
                body.append(f'<nav aria-label="{_h(contents_label)}"><ul>{links}</ul></nav>')
        elif isinstance(block, Paragraph):
            body.append(f'<p class="warn">⚠ {_h(block.text)}</p>' if block.warn else f"<p>{_h(block.text)}</p>")
        elif isinstance(block, Facts):
            items = "".join(f"<li><strong>{_h(label)}:</strong> {_h_cell(value)}</li>" for label, value in block.items)
            body.append(f'<ul class="facts">{items}</ul>')
        elif isinstance(block, Bullets):
            body.append("<ul>" + "".join(f"<li>{_h(item)}</li>" for item in block.items) + "</ul>")
        elif isinstance(block, Table):
            body.append(_html_table(block))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_h(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_h(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def _html_table(table: Table) -> str:
    def cls(i: int) -> str:
        return ' class="num"' if i in table.numeric else ""

    parts = ["<table>"]
    if table.caption:
        parts.append(f"<caption>{_h(table.caption)}</caption>")
    parts.append("<thead><tr>" + "".join(f"<th{cls(i)}>{_h(h)}</th>" for i, h in enumerate(table.head)) + "</tr></thead>")
    parts.append("<tbody>")
    for r, row in enumerate(table.rows):
        classes = []
        if r in table.marked:
            classes.append("unconfirmed")
        if table.total and r == len(table.rows) - 1:
            classes.append("total")
        attr = f' class="{" ".join(classes)}"' if classes else ""
        parts.append(f"<tr{attr}>" + "".join(f"<td{cls(i)}>{_h_cell(c)}</td>" for i, c in enumerate(row)) + "</tr>")
    parts.append("</tbody></table>")
    return "\n".join(parts)
