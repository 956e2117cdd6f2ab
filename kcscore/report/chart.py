"""Each eligible applicant's points by criterion as an inline SVG stacked bar chart.

Inline SVG needs no script, no library and no network, prints sharply and scales with the page.
Every segment carries a ``<title>`` (criterion and points) so screen readers and hover both say
what it is. Penalties are drawn as a hatched stretch at the end of the bar, never beyond it: the
bar's unhatched length is the score.

Colours are the Okabe–Ito set, which readers with any common colour-vision deficiency can tell
apart. It has seven usable hues, so a pack with more criteria than that shows its ``NAMED``
largest ones (by maximum points) in their own colour and the rest as one grey "other criteria"
segment whose tooltip lists each of them. When a budget is given, a dashed line crosses the chart
after the last funded applicant, as in the ranking table.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from kcscore.assess.result import Assessment
from kcscore.wording.format import points
from kcscore.kinds.registry import earns, is_scored
from kcscore.policy.ir import Policy
from kcscore.report.labels import labels

MAX_BARS = 200
# Okabe & Ito (2008), "Color Universal Design": distinct under protanopia, deuteranopia, tritanopia.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#56B4E9", "#D55E00", "#CC79A7", "#F0E442")
OTHER_COLOUR = "#9A9A9A"
NAMED = len(PALETTE)
LINE_COLOUR = "#B42318"
LABEL_W = 300.0
BAR_W = 560.0
SCORE_W = 100.0
ROW_H = 16.0
ROW_GAP = 6.0
TOP = 24.0
NAME_CHARS = 36  # at 12 px the longest label still fits in LABEL_W


@dataclass(frozen=True)
class Series:
    """One colour of the chart: one criterion, or (``rules`` longer than one) the minor ones grouped."""

    rules: tuple[str, ...]
    title: str
    colour: str
    members: tuple[str, ...] = ()  # titles of the grouped criteria, for the legend and tooltips


def series(policy: Policy, lang: str) -> list[Series]:
    """The chart's colours: every rule that can add points in the pack's order, the ``NAMED``
    largest on their own when there are more than ``NAMED``, the others in one last grey series."""
    rules = [r for r in policy.scored_rules if earns(r.kind)]
    if len(rules) <= NAMED:
        return [Series((r.id,), r.title.get(lang), PALETTE[i]) for i, r in enumerate(rules)]
    by_size = sorted(range(len(rules)), key=lambda i: -rules[i].max_points)  # stable: ties keep pack order
    named = set(by_size[: NAMED])
    out = [Series((r.id,), r.title.get(lang), "") for i, r in enumerate(rules) if i in named]
    out = [Series(s.rules, s.title, PALETTE[i]) for i, s in enumerate(out)]
    minor = [r for i, r in enumerate(rules) if i not in named]
    out.append(Series(tuple(r.id for r in minor), labels(lang)["chart_other"], OTHER_COLOUR,
                      tuple(r.title.get(lang) for r in minor)))
    return out


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
        found = [by_rule[r] for r in s.rules if r in by_rule]
        value = sum(f.points for f in found if f.points and f.points > 0)
        if value <= 0:
            continue
        width = min(value * scale, LABEL_W + BAR_W - x)  # a bar never runs into the score column
        if s.members:
            parts = "; ".join(f"{titles.get(f.rule, f.rule)} {points(f.points, lang)}/{points(f.max_points, lang)}"
                              for f in found if f.points and f.points > 0)
            title = f"{s.title}: {points(value, lang)} {t['points']} ({parts})"
        else:
            title = f"{s.title}: {points(value, lang)}/{points(found[0].max_points, lang)} {t['points']}"
        out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(ROW_H)}" fill="{s.colour}">'
                   f"<title>{escape(title)}</title></rect>")
        x += width
    taken = -sum(f.points for f in a.findings if is_scored(f.kind) and f.points and f.points < 0)
    if taken > 0:
        start = max(LABEL_W, x - taken * scale)  # inside the bar: the hatch covers points taken back
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


def _line(y: float, width: float, lang: str) -> list[str]:
    """The funding line across the chart, between the last funded bar and the next."""
    t = labels(lang)
    return [f'<g id="chart-funding-line" class="funding-line"><title>{escape(t["line"])}</title>',
            f'<line x1="0" y1="{_n(y)}" x2="{_n(width)}" y2="{_n(y)}" stroke="{LINE_COLOUR}" stroke-width="2" '
            f'stroke-dasharray="6 4"/></g>']


def render_svg(eligible: list[Assessment], policy: Policy, lang: str,
               line_after: int | None = None) -> tuple[str, list[Series], int]:
    """The chart for the first ``MAX_BARS`` eligible applicants, its series, and how many were drawn.

    ``line_after``: how many of ``eligible`` lie above the funding line (None: no budget, no line)."""
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
             '<line x1="0" y1="0" x2="0" y2="6" stroke="#000000" stroke-width="3"/></pattern></defs>']
    parts += _axis(max_score, height - 4, scale, lang)
    for index, a in enumerate(shown):
        parts += _bar(a, TOP + index * (ROW_H + ROW_GAP), scale, all_series, titles, lang)
    if line_after is not None and 0 <= line_after < len(shown):
        parts += _line(TOP + line_after * (ROW_H + ROW_GAP) - ROW_GAP / 2, width, lang)
    parts.append("</svg>")
    return "\n".join(parts), all_series, len(shown)
