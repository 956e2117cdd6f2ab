"""The public rubric: concrete content from the Bắc Kạn pack, both languages, escaping, determinism."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from kcscore.expr.parser import parse
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from kcscore.policy.model import Text
from kcscore.report.conditions_text import describe_condition, describe_source
from kcscore.report.rubric import render_rubric_html, render_rubric_markdown, rubric_blocks, write_rubric
from kcscore.report.rubric_blocks import Facts, Heading, Paragraph, Table
from kcscore.report.rubric_overview import ranking_sentence


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="module")
def md_vi(policy: Policy) -> str:
    return render_rubric_markdown(policy, "vi")


@pytest.fixture(scope="module")
def md_en(policy: Policy) -> str:
    return render_rubric_markdown(policy, "en")


@pytest.fixture(scope="module")
def html_vi(policy: Policy) -> str:
    return render_rubric_html(policy, "vi")


def _table(policy: Policy, lang: str, caption: str) -> Table:
    tables = [b for b in rubric_blocks(policy, lang) if isinstance(b, Table) and b.caption == caption]
    assert len(tables) >= 1, f"no table captioned {caption!r}"
    return tables[0]


def _rule_blocks(policy: Policy, lang: str, rule_id: str) -> list[object]:
    """The blocks between a rule's heading and the next heading of the same or higher level."""
    blocks = rubric_blocks(policy, lang)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.anchor == f"rule-{rule_id}")
    end = next((i for i in range(start + 1, len(blocks)) if isinstance(blocks[i], Heading)
                and blocks[i].level <= 3), len(blocks))  # type: ignore[union-attr]
    return blocks[start + 1:end]


def _facts(policy: Policy, lang: str, rule_id: str) -> dict[str, object]:
    out: dict[str, object] = {}
    for block in _rule_blocks(policy, lang, rule_id):
        if isinstance(block, Facts):
            out.update(dict(block.items))
    return out


# ------------------------------------------------------------------ determinism and languages

def test_same_pack_gives_byte_identical_output(policy: Policy, tmp_path: Path) -> None:
    for lang in ("vi", "en"):
        assert render_rubric_markdown(policy, lang) == render_rubric_markdown(load_policy(), lang)
        assert render_rubric_html(policy, lang) == render_rubric_html(policy, lang)
    write_rubric(policy, tmp_path / "a.md")
    write_rubric(policy, tmp_path / "b.md")
    assert (tmp_path / "a.md").read_bytes() == (tmp_path / "b.md").read_bytes()


def test_no_timestamp_but_pack_identity(md_vi: str, policy: Policy) -> None:
    assert policy.sha256 in md_vi
    assert policy.meta.version in md_vi
    assert not re.search(r"\d{2}:\d{2}", md_vi)  # no clock time anywhere


def test_vi_and_en_differ_and_each_has_every_rule_title(policy: Policy, md_vi: str, md_en: str) -> None:
    assert md_vi != md_en
    for rule in policy.rules:
        assert rule.title.vi in md_vi.replace("\\", ""), rule.id
        assert rule.title.en in md_en.replace("\\", ""), rule.id
    assert "Tiêu chí chấm điểm" in md_vi and "Tiêu chí chấm điểm" not in md_en
    assert "Scored criteria" in md_en and "Scored criteria" not in md_vi


def test_unknown_language_is_refused(policy: Policy) -> None:
    with pytest.raises(ValueError, match="vi or en"):
        render_rubric_markdown(policy, "fr")


# ------------------------------------------------------------------ header, ranking, budget

def test_header_states_pack_identity_and_sources(policy: Policy) -> None:
    facts = next(b for b in rubric_blocks(policy, "vi") if isinstance(b, Facts))
    items = {label: getattr(value, "text", value) for label, value in facts.items}
    assert items["Mã bộ quy tắc"] == "bac-kan"
    assert items["Phiên bản"] == "2026.1"
    assert items["Mã băm SHA-256 của các tệp quy tắc"] == policy.sha256
    assert items["Đối chiếu văn bản lần cuối"] == "01/11/2026"
    assert items["Điểm tối đa"] == "100"
    assert "Nghị định 45/2012/NĐ-CP" in str(items["Căn cứ pháp lý"])


def test_ranking_order_in_words(policy: Policy) -> None:
    assert ranking_sentence(policy, "vi") == (
        "Hồ sơ đủ điều kiện được xếp theo điểm cao hơn; nếu bằng điểm: điểm «Ưu tiên địa bàn» cao hơn; "
        "rồi điểm «Lợi thế vùng nguyên liệu tại chỗ» cao hơn; rồi điểm «Sản phẩm được công nhận» cao hơn; "
        "rồi điểm «Ngành nghề ưu tiên» cao hơn; rồi «Số đề án khuyến công đã hoàn thành» lớn hơn; rồi ngày nộp sớm hơn; "
        "rồi mã hồ sơ (theo thứ tự tăng dần).")
    assert ranking_sentence(policy, "en").startswith(
        "Eligible applications are ranked by higher score; on equal scores: more points for “Area priority”;")


def test_budget_rule_follows_the_pack(policy: Policy, md_vi: str) -> None:
    assert "được bỏ qua và xét tiếp hồ sơ sau" in md_vi
    stop = dataclasses.replace(policy, meta=policy.meta.model_copy(
        update={"budget": policy.meta.budget.model_copy(update={"when_not_fit": "stop"})}))
    text = render_rubric_markdown(stop, "vi")
    assert "dừng ở hồ sơ đầu tiên" in text and "được bỏ qua và xét tiếp hồ sơ sau" not in text


# ------------------------------------------------------------------ gates and exclusions

def test_gate_shows_scope_requirement_exemption_message_and_source(policy: Policy) -> None:
    facts = _facts(policy, "vi", "sme_size")
    assert facts["Áp dụng cho"] == "Loại hình là Doanh nghiệp và Ngày áp dụng ≥ 11/03/2018"
    assert facts["Yêu cầu"] == ("Số lao động ≤ 200 người và (Doanh thu năm trước ≤ 200.000.000.000 đồng "
                                "hoặc Tổng nguồn vốn ≤ 100.000.000.000 đồng)")
    assert facts["Miễn áp dụng khi"] == "Nội dung hỗ trợ là Sản xuất sạch hơn"
    assert str(facts["Thông báo khi không đạt"]).startswith("Doanh nghiệp vượt quy mô nhỏ và vừa: ‹Số lao động› lao động")
    assert facts["Căn cứ"] == ("Nghị định 80/2021/NĐ-CP, Điều 5 (lĩnh vực công nghiệp và xây dựng); "
                               "Luật 04/2017/QH14 Điều 4; từ 11/03/2018 đến 14/10/2021 Nghị định 39/2018/NĐ-CP cùng mức "
                               "(đã đọc văn bản)")
    assert _facts(policy, "vi", "legal_form_eligible")["Áp dụng cho"] == "Mọi hồ sơ"
    assert _facts(policy, "en", "new_machinery_required")["Requires"] == "Machinery 100% new: yes"


def test_mining_exclusion_gives_its_reason_and_source(policy: Policy, md_vi: str, md_en: str) -> None:
    facts = _facts(policy, "vi", "mining_excluded")
    assert facts["Bị loại khi"] == (
        "Ngành nghề là Khai thác, chế biến khoáng sản hoặc ((Ngành nghề thuộc một trong: Vật liệu xây dựng; "
        "Hóa chất phục vụ nông nghiệp; Thủ công mỹ nghệ) và Tự khai thác, chế biến khoáng sản tại chỗ: có)")
    assert facts["Lý do"] == ("Tỉnh không đề xuất hỗ trợ khai thác, chế biến khoáng sản (kể cả tự khai thác đá, quặng, "
                              "cát, sỏi, đất sét tại chỗ): tiềm ẩn nhiều rủi ro, sản phẩm tồn kho hoặc khó cạnh tranh "
                              "trên thị trường, dễ gây ô nhiễm môi trường")
    assert str(facts["Căn cứ"]).endswith("(theo nguồn thứ cấp)")
    assert "The province does not support mining or mineral processing (including stone, ore, sand, gravel or clay" in md_en
    assert "Luật cho phép hỗ trợ khai thác, chế biến khoáng sản ở địa bàn khó khăn" in md_vi  # its description


def test_exclusion_exemption_in_words(policy: Policy) -> None:
    facts = _facts(policy, "vi", "high_pollution_risk")
    assert facts["Bị loại khi"] == "Nguy cơ ô nhiễm là Cao"
    assert facts["Trừ khi"] == "Nội dung hỗ trợ thuộc một trong: Xử lý ô nhiễm môi trường; Sản xuất sạch hơn"
    assert _facts(policy, "vi", "polluting_brick_kiln")["Áp dụng cho"] == "Ngành nghề là Vật liệu xây dựng"


# ------------------------------------------------------------------ points

def _band_table(policy: Policy, lang: str, rule_id: str) -> Table:
    return next(b for b in _rule_blocks(policy, lang, rule_id) if isinstance(b, Table))


def test_every_band_of_local_raw_material_with_its_points(policy: Policy, md_vi: str) -> None:
    table = _band_table(policy, "vi", "local_raw_material")
    assert table.rows == (("trên 80%", "14"), ("trên 50%", "10"), ("Các trường hợp còn lại", "0"))
    assert [r[:2] for r in _band_table(policy, "en", "local_raw_material").rows] == [
        ("above 80%", "14"), ("above 50%", "10"), ("Any other case", "0")]
    assert "| trên 80% | 14 |" in md_vi
    assert _facts(policy, "vi", "local_raw_material")["Tối đa"] == "14 điểm"


def test_threshold_and_enum_bands_read_as_words(policy: Policy) -> None:
    rows = _band_table(policy, "vi", "labour_intensive").rows
    assert rows[1] == ("từ 20 người trở lên", "2")
    assert [r[:2] for r in _band_table(policy, "vi", "deep_processing").rows] == [
        ("Chế biến sâu", "6"), ("Không áp dụng", "0"), ("Sơ chế", "0")]
    assert _band_table(policy, "en", "productivity_gain").rows[1] == ("20% or more", "7")


def test_when_bands_use_field_titles_and_enum_labels(policy: Policy) -> None:
    rows = _band_table(policy, "vi", "area_priority").rows
    assert rows[0] == ("Vùng cao, biên giới: có", "12", "Cơ sở ở vùng cao, biên giới")
    assert rows[1][:2] == ("Khu vực III", "11")  # not "Khu vực là Khu vực III"
    assert rows[4][:2] == ("Huyện nghèo: có", "7")
    en = _band_table(policy, "en", "recognised_product").rows
    assert en[0][:2] == ("Typical rural industrial product is National level or OCOP stars is 5", "8")
    for row in rows + en:
        assert "area_zone" not in row[0] and "typical_product_level" not in row[0] and '"' not in row[0]


def test_sum_criterion_lists_items_and_cap(policy: Policy) -> None:
    blocks = _rule_blocks(policy, "vi", "brand_packaging")
    assert Paragraph("Cộng dồn các mục thỏa mãn, tối đa 12 điểm.") in blocks
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.rows[0][:2] == ("Nội dung hỗ trợ thuộc một trong: Xây dựng thương hiệu, nhãn hiệu; Thiết kế mẫu mã, bao bì", "8")
    assert table.rows[1][:2] == ("Đã có nhãn hiệu: có", "4")


def test_bonus_and_penalty(policy: Policy) -> None:
    bonus = _facts(policy, "vi", "advanced_equipment")
    assert bonus["Áp dụng cho"] == ("Nội dung hỗ trợ thuộc một trong: Ứng dụng máy móc thiết bị tiên tiến; "
                                    "Dây chuyền công nghệ; Mô hình trình diễn kỹ thuật")
    assert bonus["Được cộng khi"] == "Máy móc mới 100%: có"
    assert "Áp dụng cho" not in _facts(policy, "vi", "plan_stability")  # a rule without `applies` says nothing
    assert bonus["Điểm"] == "6 điểm"
    assert _band_table(policy, "vi", "plan_stability").rows == (
        ("từ 2 trở lên", "−6"), ("từ 1 trở lên", "−3"), ("Các trường hợp còn lại", "0"))
    assert _facts(policy, "vi", "plan_stability")["Bị trừ nhiều nhất"] == "−6 điểm"


def test_total_of_maxima_equals_max_score(policy: Policy) -> None:
    blocks = rubric_blocks(policy, "vi")
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.anchor == "summary")
    table = next(b for b in blocks[start:] if isinstance(b, Table))
    assert table.total and table.rows[-1] == ("Tổng", "", "100")
    assert sum(int(r[2]) for r in table.rows[:-1]) == 100
    assert len(table.rows) - 1 == len(policy.of_kind("criterion", "bonus"))
    assert not any(isinstance(b, Paragraph) and b.warn for b in blocks)


def test_total_mismatch_is_called_out(policy: Policy) -> None:
    off = dataclasses.replace(policy, meta=policy.meta.model_copy(update={"max_score": 120.0}))
    warnings = [b for b in rubric_blocks(off, "vi") if isinstance(b, Paragraph) and b.warn]
    assert len(warnings) == 1 and "(100)" in warnings[0].text and "(120)" in warnings[0].text


# ------------------------------------------------------------------ support

def test_machinery_cap_shows_every_dated_value_with_its_source(policy: Policy, md_vi: str) -> None:
    table = _table(policy, "vi", "Mức trần: Mức trần hỗ trợ máy móc thiết bị")
    assert table.rows[0][:5] == ("04/04/2014", "14/05/2018", "200.000.000 đ", "TTLT 26/2014/TTLT-BTC-BCT, Điều 6.2",
                                 "đã đọc văn bản")
    assert table.rows[1][:5] == ("15/05/2018", "—", "300.000.000 đ", "Thông tư 28/2018/TT-BTC, Điều 8.4",
                                 "theo nguồn thứ cấp")
    assert "ngày hiệu lực ước tính" in table.rows[0][5]
    assert "| 04/04/2014 | 14/05/2018 | 200.000.000 đ | TTLT 26/2014/TTLT-BTC-BCT, Điều 6.2 |" in md_vi
    en = _table(policy, "en", "Cap: Machinery support cap")
    assert en.rows[1][:3] == ("2018-05-15", "—", "300,000,000 VND")


def test_support_rule_states_content_share_and_cap(policy: Policy) -> None:
    facts = _facts(policy, "vi", "support_machinery")
    assert facts["Nội dung được hỗ trợ"] == "Nội dung hỗ trợ là Ứng dụng máy móc thiết bị tiên tiến"
    assert facts["Tỷ lệ hỗ trợ"] == "Tỷ lệ hỗ trợ máy móc thiết bị"
    assert facts["Mức trần"] == "Mức trần hỗ trợ máy móc thiết bị"
    assert _facts(policy, "vi", "support_trade_fair")["Mức trần"] == "Không có mức trần"
    share = _table(policy, "vi", "Tỷ lệ hỗ trợ: Tỷ lệ hỗ trợ máy móc thiết bị")
    assert [r[2] for r in share.rows] == ["50%", "50%"]


def test_unconfirmed_values_are_marked(policy: Policy, html_vi: str, md_en: str) -> None:
    table = _table(policy, "vi", "Mức trần: Mức trần hỗ trợ thương hiệu")
    assert table.marked == (1,)
    assert table.rows[1][4] == "⚠ chưa xác minh"
    assert table.rows[0][4] == "đã đọc văn bản"
    assert '<tr class="unconfirmed"><td>15/05/2018</td><td>—</td><td class="num">35.000.000 đ</td>' in html_vi
    assert "| 2018-05-15 | — | 35,000,000 VND | Thông tư 28/2018/TT-BTC | ⚠ unconfirmed |" in md_en
    assert "(⚠ chưa xác minh)" in str(_facts(policy, "vi", "support_training")["Căn cứ"])


def test_fixed_share_and_unused_parameter(policy: Policy) -> None:
    rules = [dataclasses.replace(r, spec=r.spec.model_copy(update={"share": 40.0, "cap": None}))
             if r.id == "support_machinery" else r for r in policy.rules]
    changed = dataclasses.replace(policy, rules=rules)
    facts = _facts(changed, "vi", "support_machinery")
    assert facts["Tỷ lệ hỗ trợ"] == "40% (cố định)" and facts["Mức trần"] == "Không có mức trần"
    # machinery_cap_vnd is now used by no rule, yet its dated values are still published
    assert _table(changed, "vi", "Mức trần hỗ trợ máy móc thiết bị").rows[1][2] == "300.000.000 đ"


# ------------------------------------------------------------------ flags and glossary

def test_flags_for_officers(policy: Policy) -> None:
    blocks = rubric_blocks(policy, "vi")
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.anchor == "flags")
    table = next(b for b in blocks[start:] if isinstance(b, Table))
    by_title = {row[0]: row for row in table.rows}
    assert set(by_title) == {r.title.vi for r in policy.of_kind("flag")}
    assert by_title["Chưa có sổ sách kế toán"][1:3] == ("Lưu ý", "Có sổ sách kế toán: không")
    assert by_title["Vốn đối ứng mỏng"][2] == ("Kinh phí khuyến công đề nghị > Tổng kinh phí đề án × 0,5 và "
                                              "Kinh phí khuyến công đề nghị ≤ Tổng kinh phí đề án")


def test_field_glossary(policy: Policy) -> None:
    blocks = rubric_blocks(policy, "vi")
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.anchor == "fields")
    table = next(b for b in blocks[start:] if isinstance(b, Table))
    rows = {getattr(r[1], "text", r[1]): r for r in table.rows}
    assert list(rows) == list(policy.fields)
    assert rows["local_material_share"][0] == "Tỷ lệ nguyên liệu tại chỗ (%)"
    assert rows["local_material_share"][4] == "0–100%"
    assert rows["total_cost_vnd"][4] == "> 0 đồng"
    assert "Chế biến sâu (deep)" in rows["processing_stage"][4]
    assert "(bắt buộc, không trùng)" in rows["id"][2]


# ------------------------------------------------------------------ conditions in words

@pytest.mark.parametrize(("source", "vi", "en"), [
    ('legal_form == "enterprise"', "Loại hình là Doanh nghiệp", "Legal form is Enterprise"),
    ("not bookkeeping", "Có sổ sách kế toán: không", "Keeps accounting books: no"),
    ("not (workers > 10)", "Số lao động ≤ 10 người", "Workers ≤ 10"),
    ('sector not in ["other"]', "Ngành nghề không phải là Khác", "Sector is not Other"),
    ('not (kiln_type in ["tunnel", "hoffmann"])', "Loại lò nung không thuộc: Lò tuynel; Lò vòng",
     "Kiln type is none of: Tunnel kiln; Hoffmann (ring) kiln"),
    ("machinery_new == false", "Máy móc mới 100%: không", "Machinery 100% new: no"),
    ("50 < local_material_share", "Tỷ lệ nguyên liệu tại chỗ > 50%", "Local raw-material share > 50%"),
    ("poor_district or highland_border and export_contract",
     "Huyện nghèo: có hoặc (Vùng cao, biên giới: có và Có hợp đồng xuất khẩu: có)",
     "Poor district: yes or (Highland or border area: yes and Export contract: yes)"),
    ("requested_support_vnd > (total_cost_vnd - 1_000_000) * 0.5",
     "Kinh phí khuyến công đề nghị > (Tổng kinh phí đề án − 1.000.000) × 0,5",
     "Requested support > (Total project cost − 1,000,000) × 0.5"),
])
def test_describe_condition(policy: Policy, source: str, vi: str, en: str) -> None:
    node = parse(source)
    assert describe_condition(node, policy, "vi") == vi
    assert describe_condition(node, policy, "en") == en
    assert describe_source(source, policy, "vi") == vi


# ------------------------------------------------------------------ escaping and self-containment

def _hostile(policy: Policy) -> Policy:
    title = Text(vi="<script>alert('x')</script> | *đậm* & [liên kết](http://evil.example)", en="<b>bold</b> | x")
    meta = policy.meta.model_copy(update={"title": title})
    rules = [dataclasses.replace(r, spec=r.spec.model_copy(update={"title": title}))
             if r.id in ("mining_excluded", "no_bookkeeping") else r for r in policy.rules]
    return dataclasses.replace(policy, meta=meta, rules=rules)


def test_html_is_self_contained(html_vi: str) -> None:
    assert html_vi.startswith("<!DOCTYPE html>")
    for forbidden in ("http://", "https://", "src=", "url(", "@import", "<link", "<script"):
        assert forbidden not in html_vi, forbidden
    anchors = set(re.findall(r'id="([^"]+)"', html_vi))
    hrefs = re.findall(r'href="([^"]*)"', html_vi)
    assert hrefs and all(h.startswith("#") and h[1:] in anchors for h in hrefs)


def test_html_escapes_pack_text(policy: Policy) -> None:
    page = render_rubric_html(_hostile(policy), "vi")
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&amp; [liên kết]" in page
    assert "<b>" not in render_rubric_html(_hostile(policy), "en")


def test_markdown_escapes_pack_text(policy: Policy) -> None:
    text = render_rubric_markdown(_hostile(policy), "vi")
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\\[liên kết\\](http://evil.example)" in text
    flag_rows = [line for line in text.splitlines() if "alert" in line and line.startswith("| ")]
    assert flag_rows, "the hostile flag title should appear in the flags table"
    unescaped_pipes = len(re.findall(r"(?<!\\)\|", flag_rows[0]))
    assert unescaped_pipes == 8  # seven columns (the default pack has layers, so a layer column), eight borders


# ------------------------------------------------------------------ writing files

def test_write_rubric_follows_the_extension(policy: Policy, tmp_path: Path) -> None:
    write_rubric(policy, tmp_path / "rubric.md", lang="en")
    write_rubric(policy, tmp_path / "out" / "rubric.html")
    assert (tmp_path / "rubric.md").read_text(encoding="utf-8") == render_rubric_markdown(policy, "en")
    assert (tmp_path / "out" / "rubric.html").read_text(encoding="utf-8") == render_rubric_html(policy, "vi")


def test_write_rubric_refuses_other_extensions(policy: Policy, tmp_path: Path) -> None:
    with pytest.raises(ValueError) as caught:
        write_rubric(policy, tmp_path / "rubric.pdf")
    assert "dùng đuôi .md hoặc .html" in str(caught.value) and "use a .md or .html file" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_gate_without_exemption_says_nothing_of_one_and_no_title_is_said_twice(policy: Policy) -> None:
    from kcscore.report.rubric_i18n import template as sentence_template

    text = render_rubric_markdown(policy, "vi")
    assert "Miễn áp dụng khi:** Không có" not in text and "Trừ khi:** Không có" not in text
    assert "Miễn áp dụng khi:** Nội dung hỗ trợ là Sản xuất sạch hơn" in text  # a real exemption stays
    titles = {"legal_form": "Loại hình", "support_content": "Nội dung hỗ trợ", "workers": "Số lao động"}
    assert sentence_template("Loại hình {legal_form} không thuộc đối tượng", titles) == "Loại hình «…» không thuộc đối tượng"
    assert sentence_template("Nội dung {support_content} không thuộc", titles) == "Nội dung «…» không thuộc"
    assert sentence_template("vượt quy mô: {workers} lao động", titles) == "vượt quy mô: ‹Số lao động› lao động"
