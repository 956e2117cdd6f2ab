"""Each eligible applicant's points by criterion as an inline SVG stacked bar chart.

Inline SVG needs no script, no library and no network, prints sharply and scales with the page.
Every segment carries a ``<title>`` (criterion and points) so screen readers and hover both say
what it is. Penalties are drawn as a hatched stretch at the end of the bar: the bar's unhatched
length is the score.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from kcscore.assess.result import Assessment
from kcscore.explain.format import points
from kcscore.kinds.registry import earns, is_scored
from kcscore.policy.ir import Policy
from kcscore.report.labels import labels

MAX_BARS = 200
# Ten strongly distinct hues first (most packs have fewer criteria), then lighter ones.
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    "#f3c300", "#393b79", "#98df8a", "#ffbb78", "#c5b0d5", "#c49c94", "#aec7e8", "#dbdb8d", "#9edae5", "#f7b6d2",
)
LABEL_W = 300.0
BAR_W = 560.0
SCORE_W = 100.0
ROW_H = 16.0
ROW_GAP = 6.0
TOP = 24.0
NAME_CHARS = 42


@dataclass(frozen=True)
class Series:
    rule: str
    title: str
    colour: str


def series(policy: Policy, lang: str) -> list[Series]:
    """One colour per rule that can add points, in the pack's order."""
    rules = [r for r in policy.scored_rules if earns(r.kind)]
    return [Series(r.id, r.title.get(lang), PALETTE[i % len(PALETTE)]) for i, r in enumerate(rules)]


def _n(value: float) -> str:
    """Coordinates with two decimals, so the same input always gives the same bytes."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


def _bar(a: Assessment, y: float, scale: float, all_series: list[Series], titles: dict[str, str], lang: str) -> list[str]:
    t = labels(lang)
    label = f"{a.rank}. {a.name}" if a.rank is not None else a.name
    out = [f'<g class="bar" data-id="{escape(a.id)}"><title>{escape(a.id)} · {escape(a.name)} · '
           f'{points(a.score, lang)}/{points(a.max_score, lang)} {t["points"]}</title>',
           f'<text class="name" x="{_n(LABEL_W - 8)}" y="{_n(y + ROW_H - 4)}" text-anchor="end">{escape(_short(label))}</text>']
    x = LABEL_W
    by_rule = {f.rule: f for f in a.findings}
    for s in all_series:
        f = by_rule.get(s.rule)
        value = f.points if f is not None and f.points else 0.0
        if value <= 0:
            continue
        width = value * scale
        out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(ROW_H)}" fill="{s.colour}">'
                   f'<title>{escape(s.title)}: {points(value, lang)}/{points(f.max_points if f else None, lang)} '
                   f'{t["points"]}</title></rect>')
        x += width
    taken = -sum(f.points for f in a.findings if is_scored(f.kind) and f.points and f.points < 0)
    if taken > 0:
        start = max(LABEL_W, x - taken * scale)
        names = ", ".join(titles.get(f.rule, f.rule) for f in a.findings if f.points and f.points < 0)
        out.append(f'<rect class="penalty" x="{_n(start)}" y="{_n(y)}" width="{_n(x - start)}" height="{_n(ROW_H)}" '
                   f'fill="url(#kc-hatch)"><title>{t["penalty"]} ({escape(names)}): −{points(taken, lang)} '
                   f'{t["points"]}</title></rect>')
    out.append(f'<text class="score" x="{_n(LABEL_W + BAR_W + 8)}" y="{_n(y + ROW_H - 4)}">'
               f'{points(a.score, lang)}/{points(a.max_score, lang)}</text></g>')
    return out


def _axis(max_score: float, height: float, scale: float, lang: str) -> list[str]:
    step = 10.0 if max_score > 20 else 1.0 if max_score <= 10 else 2.0
    out = ['<g class="axis">']
    tick = 0.0
    while tick <= max_score + 1e-9:
        x = LABEL_W + tick * scale
        out.append(f'<line x1="{_n(x)}" y1="{_n(TOP - 4)}" x2="{_n(x)}" y2="{_n(height)}"/>')
        out.append(f'<text x="{_n(x)}" y="{_n(TOP - 8)}" text-anchor="middle">{points(tick, lang)}</text>')
        tick += step
    out.append("</g>")
    return out


def render_svg(eligible: list[Assessment], policy: Policy, lang: str) -> tuple[str, list[Series], int]:
    """The chart for the first ``MAX_BARS`` eligible applicants, its series, and how many were drawn."""
    t = labels(lang)
    shown = eligible[:MAX_BARS]
    all_series = series(policy, lang)
    titles = {r.id: r.title.get(lang) for r in policy.rules}
    max_score = policy.meta.max_score
    scale = BAR_W / max_score
    height = TOP + len(shown) * (ROW_H + ROW_GAP) + 4
    width = LABEL_W + BAR_W + SCORE_W
    parts = [f'<svg id="chart-svg" class="chart" role="img" aria-labelledby="chart-svg-title chart-svg-desc" '
             f'viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}">',
             f'<title id="chart-svg-title">{escape(t["chart"])}</title>',
             f'<desc id="chart-svg-desc">{escape(t["chart_desc"])}</desc>',
             '<defs><pattern id="kc-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
             'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff" fill-opacity="0.75"/>'
             '<line x1="0" y1="0" x2="0" y2="6" stroke="#7f1d1d" stroke-width="3"/></pattern></defs>']
    parts += _axis(max_score, height - 4, scale, lang)
    for index, a in enumerate(shown):
        parts += _bar(a, TOP + index * (ROW_H + ROW_GAP), scale, all_series, titles, lang)
    parts.append("</svg>")
    return "\n".join(parts), all_series, len(shown)
