"""The HTML and Markdown ranking reports: content, the funding line, escaping, offline, determinism.

Results are built from the sample proposals with the real assessor, ranked by ``batch.ranking`` and
funded by ``batch.budget`` (the code ``kcscore rank`` runs), without reading a list file.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from kcscore.api import assessor_for
from kcscore.applicant import read_record
from kcscore.assess.result import Assessment
from kcscore.batch.budget import select
from kcscore.batch.ranking import rank
from kcscore.i18n import Message, Twin
from kcscore.batch.result import BatchResult, CellError, Funding, RowError
from kcscore.explain.words import words
from kcscore.wording.format import money, points
from kcscore.wording.funding import say
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from kcscore.proposal import read_proposal
from kcscore.report.chart import MAX_BARS
from kcscore.output.html import render_html, write_html
from kcscore.output.markdown import render_markdown

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "proposals"
XSS = "<script>alert(1)</script>"
TRICKY = 'Cơ sở "Bà Ba" & con | <b>đậm</b> https://evil.example/x.js'
BUDGET = 400_000_000


# -- building a realistic batch result --------------------------------------------------------

def sample_records() -> list[dict[str, Any]]:
    """The sample proposals plus two variants whose names try to break out of the page."""
    names = ["strong-household-mien-dong.yaml", "vietnamese-labels.yaml", "weak-primary-processor.yaml",
             "incomplete.yaml", "mining-facility.json", "hoffmann-brickworks.toml"]
    records = [read_proposal(SAMPLES / name) for name in names]
    strong = records[0]
    xss = copy.deepcopy(strong)
    xss.update(id="BK-2019-090", name=XSS, local_material_share=60, requested_support_vnd=300_000_000)
    tricky = copy.deepcopy(strong)
    tricky.update(id='BK-2019-091"x', name=TRICKY, local_material_share=30, processing_stage="primary",
                  total_cost_vnd=200_000_000, requested_support_vnd=100_000_000)
    return records + [xss, tricky]


def assess_all(policy: Policy, records: list[dict[str, Any]], lang: str = "vi") -> list[Assessment]:
    assessor = assessor_for(policy)
    out = []
    for raw in records:
        typed, problems, _ = read_record(policy, raw)
        assert not problems, problems
        out.append(assessor.assess(typed, lang=lang))
    return out


def rank_and_fund(policy: Policy, assessments: list[Assessment], budget: int | None,
                  lang: str = "vi") -> tuple[list[Assessment], Funding | None]:
    """Rank and fund with the library's own ``batch.ranking`` and ``batch.budget``, as ``kcscore rank`` does."""
    ordered = rank(policy, assessments)
    if budget is None:
        return ordered, None
    return ordered, select(ordered, budget, policy.meta.budget.when_not_fit)


ERRORS = [RowError(9, [CellError("workers", "Số lao động", "mười", Message("cell.as_is", {"text": Twin("không phải số nguyên", "not a whole number")})),
                       CellError("submitted_on", "Ngày nộp hồ sơ", "31/02/2019", Message("cell.as_is", {"text": Twin("ngày không hợp lệ", "not a valid date")}))],
                   "BK-2019-099")]


def build_result(policy: Policy, budget: int | None = BUDGET, records: list[dict[str, Any]] | None = None,
                 lang: str = "vi") -> BatchResult:
    assessments = assess_all(policy, records if records is not None else sample_records(), lang)
    ordered, funding = rank_and_fund(policy, assessments, budget, lang)
    criteria = [(r.id, r.title.get(lang), r.max_points) for r in policy.scored_rules]
    return BatchResult(policy.header(None), ordered, copy.deepcopy(ERRORS), ["Bỏ qua cột không có trong lược đồ: ghi_chu"],
                       lang, len(ordered) + len(ERRORS), funding, criteria, "danh-sach-2019.csv")


# -- a tiny element tree over html.parser (shared with the browser test) ---------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


@dataclasses.dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = dataclasses.field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Any:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        def match(n: Node) -> bool:
            if tag is not None and n.tag != tag:
                return False
            for key, value in attrs.items():
                key = key.rstrip("_").replace("_", "-")
                if key == "class":
                    if value not in n.attrs.get("class", "").split():
                        return False
                elif n.attrs.get(key) != value:
                    return False
            return True
        return [n for n in self.iter() if match(n)]

    def find(self, tag: str | None = None, **attrs: str) -> Node | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def ranking_sequence(page: Node) -> list[tuple[str, str, str]]:
    """The ranking table's body rows in order: ("row", applicant id, status) or ("line", "", "")."""
    table = page.find("table", id="ranking-table")
    assert table is not None
    out = []
    for tr in table.find_all("tr"):
        if tr.attrs.get("id") == "funding-line":
            out.append(("line", "", ""))
        elif "data-id" in tr.attrs:
            out.append(("row", tr.attrs["data-id"], tr.attrs.get("class", "")))
    return out


# -- fixtures --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="module")
def result(policy: Policy) -> BatchResult:
    return build_result(policy)


@pytest.fixture(scope="module")
def html(result: BatchResult, policy: Policy) -> str:
    return render_html(result, policy)


@pytest.fixture(scope="module")
def page(html: str) -> Node:
    return parse(html)


# -- the fixture has the shape the funding-line tests need -----------------------------------

def test_fixture_has_funded_skipped_unfunded_and_unranked(result: BatchResult) -> None:
    statuses = {a.decision for a in result.assessments}
    assert statuses == {"eligible", "incomplete", "ineligible"}
    f = result.funding
    assert f is not None and f.line_after_rank is not None
    below = [a for a in result.eligible if a.rank is not None and a.rank > f.line_after_rank]
    above_unfunded = [a for a in result.eligible if a.rank is not None and a.rank < f.line_after_rank and not a.funded]
    assert below and above_unfunded  # someone skipped above the line, someone unfunded below it


# -- ranking and the funding line ------------------------------------------------------------

def test_every_applicant_has_one_ranking_row(page: Node, result: BatchResult) -> None:
    rows = [item for item in ranking_sequence(page) if item[0] == "row"]
    assert [r[1] for r in rows] == [a.id for a in result.assessments]


def test_funding_line_sits_after_the_last_funded_and_above_every_unfunded(page: Node, result: BatchResult) -> None:
    sequence = ranking_sequence(page)
    assert [kind for kind, _, _ in sequence].count("line") == 1
    at = sequence.index(("line", "", ""))
    above, below = sequence[:at], sequence[at + 1:]
    funded = {a.id for a in result.assessments if a.funded}
    assert above[-1][1] in funded  # the last row above the line is funded
    assert not {i for _, i, _ in below} & funded  # nothing funded below the line
    assert funded <= {i for _, i, _ in above}
    skipped_above = [i for _, i, status in above if status == "skipped"]
    assert skipped_above and all(i not in funded for i in skipped_above)


def test_funding_line_label_in_vietnamese(page: Node, result: BatchResult) -> None:
    line = page.find(id="funding-line")
    assert line is not None
    text = line.text()
    f = result.funding
    assert f is not None
    assert f"Ranh giới kinh phí: đã phân bổ {money(f.committed)} / còn lại {money(f.left)}" in text
    assert f.first_unfunded_text("vi") and f.first_unfunded_text("vi") in text
    assert "Hồ sơ đầu tiên chưa được hỗ trợ" in text


def test_ranking_row_shows_rank_score_support_and_funded(page: Node, result: BatchResult) -> None:
    first = result.eligible[0]
    row = page.find("tr", data_id=first.id)
    assert row is not None
    cells = [td.text() for td in row.find_all("td")]
    assert cells == ["1", first.id, first.name, "Đủ điều kiện", f"{points(first.score)}/100",
                     money(first.recommended_support_vnd), "được hỗ trợ"]
    assert money(first.recommended_support_vnd) == "250.000.000 đ"  # Vietnamese money format
    funding = result.funding
    assert funding is not None
    for a in result.eligible:  # the funding cell says the status vocabulary, not yes/no/skipped
        shown = [td.text() for td in page.find("tr", data_id=a.id).find_all("td")][-1]  # type: ignore[union-attr]
        expected = ("được hỗ trợ" if a.funded else "không đủ kinh phí còn lại" if a.id in funding.skipped_ids
                    else "dưới ranh giới kinh phí")
        assert shown.startswith(expected) and shown.count(expected) == 1, a.id
        if a.id in funding.skipped_ids:  # the figures of the note follow the word, in the cell itself
            assert shown[len(expected):].startswith("cần "), shown
    incomplete = next(a for a in result.assessments if a.decision == "incomplete")
    cells = [td.text() for td in page.find("tr", data_id=incomplete.id).find_all("td")]  # type: ignore[union-attr]
    assert cells[0] == "—" and cells[3] == "Chưa đủ thông tin" and cells[4].startswith("tạm tính ")


def test_no_budget_no_line_and_no_funded_column(policy: Policy) -> None:
    result = build_result(policy, budget=None)
    page = parse(render_html(result, policy))
    assert page.find(id="funding-line") is None
    heads = [th.text() for th in page.find("table", id="ranking-table").find_all("th")]  # type: ignore[union-attr]
    assert "Được hỗ trợ" not in heads
    assert "Không có ngân sách" in page.text()


def test_budget_too_small_draws_the_line_above_everyone(policy: Policy) -> None:
    result = build_result(policy, budget=1_000_000)
    sequence = ranking_sequence(parse(render_html(result, policy)))
    assert sequence[0] == ("line", "", "")


def test_budget_for_all_draws_the_line_below_the_last_eligible(policy: Policy) -> None:
    result = build_result(policy, budget=10_000_000_000)
    page = parse(render_html(result, policy))
    sequence = ranking_sequence(page)
    at = sequence.index(("line", "", ""))
    assert at == len(result.eligible)
    assert "Mọi hồ sơ đủ điều kiện đều được hỗ trợ" in page.find(id="funding-line").text()  # type: ignore[union-attr]


# -- header ----------------------------------------------------------------------------------

def test_header_names_pack_date_source_counts_and_budget(page: Node, policy: Policy, result: BatchResult) -> None:
    meta = page.find("dl", class_="meta")
    assert meta is not None
    pairs = dict(zip([dt.text() for dt in meta.find_all("dt")], [dd.text() for dd in meta.find_all("dd")]))
    assert pairs["Bộ quy tắc"] == f"{policy.meta.title.vi} (bac-kan)"
    assert pairs["Phiên bản"] == policy.meta.version
    assert pairs["Mã băm SHA-256 (tệp quy tắc)"] == policy.sha256[:12]
    assert pairs["Theo quy định có hiệu lực ngày"] == "theo ngày nộp của từng hồ sơ"
    assert pairs["Tệp nguồn"] == "danh-sach-2019.csv"
    summary = result.summary()
    assert pairs["Số dòng dữ liệu"] == str(summary["rows"]) and pairs["Dòng lỗi"] == "1"
    assert pairs["Đủ điều kiện"] == str(summary["eligible"]) and pairs["Được hỗ trợ"] == str(summary["funded"])
    assert pairs["Ngân sách"] == "400.000.000 đ"
    assert pairs["Còn lại"] == money(result.funding.left)  # type: ignore[union-attr]


def test_single_as_of_date_is_shown_vietnamese_style(policy: Policy) -> None:
    result = build_result(policy)
    result.policy["as_of"] = "2019-05-12"
    assert "<dd>12/05/2019</dd>" in render_html(result, policy)


# -- chart -----------------------------------------------------------------------------------

def test_chart_has_one_bar_per_eligible_applicant_in_rank_order(page: Node, result: BatchResult) -> None:
    svg = page.find("svg", id="chart-svg")
    assert svg is not None
    bars = svg.find_all("g", class_="bar")
    assert [g.attrs["data-id"] for g in bars] == [a.id for a in result.eligible]


def test_chart_segments_are_titled_and_proportional(page: Node, result: BatchResult, policy: Policy) -> None:
    strong = result.eligible[0]
    bar = page.find("g", data_id=strong.id)
    assert bar is not None
    rects = [r for r in bar.find_all("rect") if "penalty" not in r.attrs.get("class", "")]
    titles = [r.find("title").text() for r in rects]  # type: ignore[union-attr]
    assert "Lợi thế vùng nguyên liệu tại chỗ: 14/14 điểm" in titles
    widths = sum(float(r.attrs["width"]) for r in rects)
    assert widths == pytest.approx(strong.score * 560 / policy.meta.max_score, abs=0.05)
    fills = [r.attrs["fill"] for r in rects]
    assert len(set(fills)) == len(fills)  # one colour per criterion


def test_chart_marks_penalty_points(page: Node, result: BatchResult) -> None:
    weak = next(a for a in result.assessments if a.id == "BK-2019-014")
    penalty = page.find("g", data_id=weak.id).find("rect", class_="penalty")  # type: ignore[union-attr]
    assert penalty is not None
    assert "Điểm trừ" in penalty.text() and "−3" in penalty.text()


def test_chart_legend_lists_every_criterion(page: Node, policy: Policy) -> None:
    """Every criterion is named in the legend: on its own item, or inside the grouped "other" item."""
    legend = page.find("ul", class_="legend")
    assert legend is not None
    items = [li.text() for li in legend.find_all("li")]
    for rule in policy.scored_rules:
        if rule.kind != "penalty":
            assert rule.title.vi in items or any(rule.title.vi in item and "Các tiêu chí khác" in item for item in items)


def test_chart_palette_is_colour_blind_safe_and_groups_minor_criteria(policy: Policy) -> None:
    """Fourteen criteria do not get fourteen hues: the largest get the Okabe–Ito colours, the rest one grey."""
    from kcscore.kinds.registry import earns
    from kcscore.report.chart import NAMED, OTHER_COLOUR, PALETTE, series

    earning = [r for r in policy.scored_rules if earns(r.kind)]
    assert len(earning) > NAMED
    shown = series(policy, "vi")
    assert len(shown) == NAMED + 1
    assert [s.colour for s in shown] == list(PALETTE) + [OTHER_COLOUR]
    grouped = shown[-1]
    assert sorted(r for s in shown for r in s.rules) == sorted(r.id for r in earning)
    smallest_named = min(policy.rule(s.rules[0]).max_points for s in shown[:-1])
    assert all(policy.rule(r).max_points <= smallest_named for r in grouped.rules)
    assert len(grouped.members) == len(grouped.rules)


def test_chart_segments_stay_inside_the_bar(page: Node, policy: Policy) -> None:
    """No segment, penalty hatch included, starts before the bar or ends past the score column."""
    svg = page.find("svg", id="chart-svg")
    assert svg is not None
    for bar in svg.find_all("g", class_="bar"):
        for rect in bar.find_all("rect"):
            x, width = float(rect.attrs["x"]), float(rect.attrs["width"])
            assert 300 - 0.01 <= x and x + width <= 300 + 560 + 0.01, (bar.attrs["data-id"], x, width)


def test_chart_draws_the_funding_line_after_the_last_funded_bar(page: Node, result: BatchResult) -> None:
    svg = page.find("svg", id="chart-svg")
    assert svg is not None
    line = page.find("g", id="chart-funding-line")
    assert line is not None
    y = float(line.find("line").attrs["y1"])  # type: ignore[union-attr]
    bars = svg.find_all("g", class_="bar")
    ys = [float(g.find("rect").attrs["y"]) for g in bars]  # type: ignore[union-attr]
    above = [g.attrs["data-id"] for g, top in zip(bars, ys) if top < y]
    funded = [a.id for a in result.eligible if a.funded]
    assert funded and set(funded) <= set(above)
    last = result.funding.line_after_rank  # type: ignore[union-attr]
    assert above == [a.id for a in result.eligible if a.rank is not None and a.rank <= last]


def test_chart_stops_at_200_and_says_so(policy: Policy, result: BatchResult) -> None:
    template = result.eligible[0]
    many = [dataclasses.replace(template, id=f"BK-{i:04d}", rank=i) for i in range(1, MAX_BARS + 6)]
    big = dataclasses.replace(result, assessments=many, funding=None)
    page = parse(render_html(big, policy))
    assert len(page.find("svg", id="chart-svg").find_all("g", class_="bar")) == MAX_BARS  # type: ignore[union-attr]
    note = page.find(id="chart-limit")
    assert note is not None and f"{MAX_BARS} hồ sơ xếp hạng cao nhất trong số {MAX_BARS + 5}" in note.text()
    assert "chart-limit" not in render_html(result, policy)


# -- explanations ----------------------------------------------------------------------------

def _details(page: Node, a_id: str) -> Node:
    for details in page.find_all("details"):
        if f"· {a_id} ·" in details.find("summary").text():  # type: ignore[union-attr]
            return details
    raise AssertionError(f"no explanation for {a_id}")


def test_every_applicant_has_an_explanation(page: Node, result: BatchResult) -> None:
    assert len(page.find_all("details")) == len(result.assessments)
    for a in result.assessments:
        _details(page, a.id)


def test_eligible_explanation_has_findings_suggestions_support(page: Node, result: BatchResult, policy: Policy) -> None:
    strong = result.eligible[0]
    said = words(policy, "vi")
    text = _details(page, strong.id).text()
    assert "14/14" in text and "Nguyên liệu tại chỗ chiếm 95% giá trị đầu vào" in text
    assert "Thông tư 46/2012/TT-BCT, Điều 6.2.b" in text  # the citation
    assert "Điểm còn có thể đạt" in text and said.suggestion(strong, strong.suggestions[0]) in text
    assert strong.support is not None and said.support(strong) in text


def test_weak_explanation_shows_penalty_and_flags(page: Node, result: BatchResult, policy: Policy) -> None:
    weak = next(a for a in result.assessments if a.id == "BK-2019-014")
    details = _details(page, weak.id)
    penalty = details.find("tr", data_rule="plan_stability")
    assert penalty is not None and penalty.find("td").text() == "−3"  # type: ignore[union-attr]
    assert "Cần lưu ý" in details.text() and words(policy, "vi").finding(weak, weak.flags[0]) in details.text()


def test_incomplete_explanation_names_missing_fields_and_points_held_up(page: Node, result: BatchResult) -> None:
    text = _details(page, "BK-2019-040").text()
    assert "Thiếu thông tin" in text
    assert "Cam kết vốn đối ứng: chưa quyết định được" in text
    assert re.search(r"Tỷ lệ nguyên liệu tại chỗ \(%\): tới \d+ điểm", text)


def test_ineligible_explanation_gives_reasons_with_citation(page: Node, result: BatchResult, policy: Policy) -> None:
    mining = next(a for a in result.assessments if a.id == "BK-2019-022")
    text = _details(page, mining.id).text()
    assert "Lý do" in text and "Không đủ điều kiện" in text
    for f in mining.findings:
        if f.rule in mining.reasons:
            assert words(policy, "vi").finding(mining, f) in text and f.cite["doc"] in text


def test_skipped_applicant_explains_the_budget(page: Node, result: BatchResult) -> None:
    skipped = next(a for a in result.eligible if a.id in result.funding.skipped_ids)  # type: ignore[union-attr]
    note = say(skipped.funding_note, "vi")  # type: ignore[arg-type]
    assert note.startswith("không đủ kinh phí còn lại: cần ") and note in _details(page, skipped.id).text()


# -- errors ----------------------------------------------------------------------------------

def test_errors_table_lists_each_bad_cell(page: Node) -> None:
    table = page.find("table", id="errors-table")
    assert table is not None
    rows = [[td.text() for td in tr.find_all("td")] for tr in table.find_all("tr") if tr.find_all("td")]
    assert rows == [["9", "Số lao động", "workers", "mười", "không phải số nguyên"],
                    ["9", "Ngày nộp hồ sơ", "submitted_on", "31/02/2019", "ngày không hợp lệ"]]


# -- language --------------------------------------------------------------------------------

def test_vietnamese_by_default(html: str) -> None:
    assert '<html lang="vi">' in html and '<meta charset="utf-8">' in html
    assert "Bảng xếp hạng" in html and "Giải trình từng hồ sơ" in html


def test_english_switches_every_label(result: BatchResult, policy: Policy) -> None:
    html = render_html(result, policy, lang="en")
    assert '<html lang="en">' in html
    page = parse(html)
    f = result.funding
    assert f is not None
    assert f"Funding line: allocated {money(f.committed, 'en')} / left {money(f.left, 'en')}" in page.find(id="funding-line").text()  # type: ignore[union-attr]
    for vi_label in ("Bảng xếp hạng", "Ranh giới kinh phí", "Đủ điều kiện", "Điểm còn có thể đạt", "Thiếu thông tin",
                     "Dòng", "Ngân sách", "Mã hồ sơ", "tạm tính", "Điểm trừ"):
        assert vi_label not in html, vi_label
    strong = result.eligible[0]
    assert words(policy, "en").finding(strong, strong.findings[0]) in html  # findings read in English too


# -- safety ----------------------------------------------------------------------------------

def test_user_strings_are_text_not_markup(html: str, page: Node) -> None:
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    scripts = page.find_all("script")
    assert len(scripts) == 1 and "alert" not in scripts[0].text()
    assert not page.find_all("b")  # the tricky name's <b> stayed text
    row = page.find("tr", data_id='BK-2019-091"x')  # the quote survived the attribute round trip
    assert row is not None and row.find_all("td")[2].text() == TRICKY


def test_no_external_reference(html: str, page: Node) -> None:
    for node in page.iter():
        for name, value in node.attrs.items():
            if name in ("href", "src", "action", "srcset", "xlink:href", "poster", "data"):
                assert value.startswith("#"), (node.tag, name, value)
    for tag in ("link", "img", "iframe", "object", "embed", "base"):
        assert not page.find_all(tag), tag
    assert re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", html) is None
    assert "@import" not in html and "url(http" not in html


def test_no_url_at_all_without_user_urls(policy: Policy) -> None:
    records = [r for r in sample_records() if r.get("name") != TRICKY]
    html = render_html(build_result(policy, records=records), policy)
    assert "http://" not in html and "https://" not in html


def test_content_security_policy_forbids_loading(page: Node) -> None:
    meta = next(m for m in page.find_all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in meta.attrs["content"]


# -- determinism and writing -----------------------------------------------------------------

def test_same_input_same_bytes(policy: Policy, html: str) -> None:
    again = render_html(build_result(policy), policy)
    assert again == html


def test_write_html_writes_the_rendered_report(tmp_path: Path, result: BatchResult, policy: Policy, html: str) -> None:
    target = tmp_path / "out" / "bao-cao.html"
    write_html(result, policy, target)
    assert target.read_bytes() == html.encode("utf-8")
    assert sorted(p.name for p in target.parent.iterdir()) == ["bao-cao.html"]


# -- Markdown --------------------------------------------------------------------------------

def _md_rows(text: str) -> list[str]:
    table = text.split("## Bảng xếp hạng", 1)[1].split("## ", 1)[0]
    return [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| Hạng")]


def test_markdown_ranking_has_every_applicant_and_the_line(result: BatchResult, policy: Policy) -> None:
    text = render_markdown(result, policy)
    rows = _md_rows(text)
    line_rows = [i for i, r in enumerate(rows) if "Ranh giới kinh phí" in r]
    assert len(line_rows) == 1
    at = line_rows[0]
    f = result.funding
    assert f is not None
    assert f"Ranh giới kinh phí: đã phân bổ {money(f.committed)} / còn lại {money(f.left)}" in rows[at]
    funded = [a for a in result.assessments if a.funded]
    last_funded_row = max(i for i, r in enumerate(rows) for a in funded if f"| {a.id} |" in r)
    assert last_funded_row == at - 1
    for a in result.assessments:
        assert any(f"| {a.id} |" in r for r in rows), a.id


def test_markdown_escapes_names_and_keeps_tables_whole(result: BatchResult, policy: Policy) -> None:
    text = render_markdown(result, policy)
    assert XSS not in text and "\\<script\\>alert(1)\\</script\\>" in text
    assert "https://" not in text and "https:\\/\\/evil.example/x.js" in text  # no autolink
    rows = _md_rows(text)
    widths = {r.replace("\\|", "").count("|") for r in rows}
    assert widths == {8}  # 7 columns with a budget, whatever the names contain


def test_markdown_explanations_and_errors(result: BatchResult, policy: Policy) -> None:
    text = render_markdown(result, policy)
    assert text.count("\n### ") == len(result.assessments)
    assert "Cam kết vốn đối ứng: chưa quyết định được" in text
    assert "| 9 | Số lao động | workers | mười | không phải số nguyên |" in text


def test_markdown_is_deterministic_and_switches_language(result: BatchResult, policy: Policy) -> None:
    assert render_markdown(result, policy) == render_markdown(build_result(policy), policy)
    english = render_markdown(result, policy, lang="en")
    assert "## Ranking" in english and "Funding line: allocated" in english
    assert "Bảng xếp hạng" not in english and "Ranh giới" not in english


def test_statutory_order_is_said_groups_first(policy: Policy) -> None:
    """In statutory mode the groups come before the score, in the pack's order; in merit mode the score leads."""
    from kcscore.report.view import order_text

    parts = order_text(policy, "vi").split("; ")
    assert policy.meta.ranking.mode == "statutory" and list(policy.meta.ranking.priority) == ["area", "6.2b", "6.2a"]
    assert parts[0] == "điểm Ưu tiên địa bàn"
    assert parts[1].startswith("tổng điểm nhóm 6.2b (Lợi thế vùng nguyên liệu tại chỗ")
    assert parts[2] == "điểm Ngành nghề ưu tiên" and parts[3] == "điểm"
    merit = policy.meta.model_copy(update={"ranking": policy.meta.ranking.model_copy(update={"mode": "merit", "priority": []})})
    assert order_text(dataclasses.replace(policy, meta=merit), "en").split("; ")[0] == "score"


def test_each_explanation_opens_with_where_it_stands_and_why(page: Node, result: BatchResult) -> None:
    """The folded explanation shows one line: it must say funded or not, in the status words, and why not."""
    funding = result.funding
    assert funding is not None
    for a in result.assessments:
        heads = [s.text() for s in page.find_all("summary")]
        head = next(h for h in heads if f" · {a.id} · " in h)
        if a.decision == "eligible":
            word = "Được hỗ trợ" if a.funded else ("Không đủ kinh phí còn lại" if a.id in funding.skipped_ids
                                                  else "Dưới ranh giới kinh phí")
            assert f" · {word} · " in head, head
            if a.id in funding.skipped_ids:
                assert head.split(" · ")[-1].startswith("cần "), head
        elif a.decision == "ineligible":
            assert " · Không đủ điều kiện · " in head and not head.endswith("Không đủ điều kiện"), head
