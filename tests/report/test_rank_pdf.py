"""``kcscore rank LIST --budget B --out x.pdf``: the ranking as a PDF, read back with pypdf.

The checks are what an office needs of the file it prints and signs: A4 landscape pages, a sane
number of them, the Vietnamese text extractable (so the letters are real glyphs of an embedded
font, not shapes), every applicant listed once in rank order, and the funding line right after
the last funded applicant.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from kcscore.output.rank_pdf import build_ranking_pdf
from kcscore.policy.loader import load_policy

from .test_html import build_result

SAMPLE_LIST = Path(__file__).resolve().parents[2] / "samples" / "applicants" / "bac-kan-2019.csv"
A4_LANDSCAPE_PT = (842.0, 595.0)


@pytest.fixture(scope="module")
def ranked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("rank-pdf")
    pdf, jsonl = folder / "xep-hang.pdf", folder / "xep-hang.json"
    for out in (pdf, jsonl):
        done = subprocess.run([sys.executable, "-m", "kcscore", "rank", str(SAMPLE_LIST), "--budget", "2000000000",
                               "--out", str(out)], capture_output=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    import json

    whole = json.loads(jsonl.read_text(encoding="utf-8"))
    reader = PdfReader(str(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return {"reader": reader, "text": text, "result": whole, "bytes": pdf.read_bytes()}


def test_pages_are_a4_landscape_and_few(ranked: dict[str, Any]) -> None:
    reader = ranked["reader"]
    assert 2 <= len(reader.pages) <= 6  # 43 applicants and 5 error rows, no explanations
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_LANDSCAPE_PT, abs=1.5)
    assert f"1/{len(reader.pages)}" in ranked["text"]  # page n of N in the footer


def test_font_is_embedded(ranked: dict[str, Any]) -> None:
    fonts = []
    for page in ranked["reader"].pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fonts.append(descendant["/FontDescriptor"].get_object())
    assert fonts and all("/FontFile2" in f for f in fonts)
    assert all("DejaVuSerif" in str(f["/FontName"]) for f in fonts)


def test_vietnamese_text_reads_back(ranked: dict[str, Any]) -> None:
    text = ranked["text"]
    for phrase in ("Báo cáo xét chọn đề án khuyến công", "Bảng xếp hạng", "Chưa đủ thông tin",
                   "Không đủ điều kiện", "Ranh giới kinh phí", "HTX Miến dong Xuất Hóa", "Dòng không đánh giá được"):
        assert phrase in text, phrase


def test_every_applicant_once_in_rank_order_with_the_line_after_the_last_funded(ranked: dict[str, Any]) -> None:
    text, result = ranked["text"], ranked["result"]
    ranked_ids = [a["id"] for a in sorted((a for a in result["assessments"] if a.get("rank")), key=lambda a: a["rank"])]
    positions = [text.index(i) for i in ranked_ids]
    assert positions == sorted(positions)
    table = text.split("Dòng không đánh giá được")[0]
    for a in result["assessments"]:  # once in its row, and once more where the line names it
        named = table.count(f"được hỗ trợ: {a['id']}")
        assert len(re.findall(re.escape(a["id"]) + r"(?!\d)", table)) == 1 + named, a["id"]
    line = text.index("Ranh giới kinh phí")
    funded = [a["id"] for a in result["assessments"] if a.get("funded")]
    assert all(text.index(i) < line for i in funded)
    assert text.index(funded[-1]) < line < text.index(ranked_ids[ranked_ids.index(funded[-1]) + 1])


def test_same_input_same_bytes_and_english() -> None:
    policy = load_policy()
    result = build_result(policy)
    assert build_ranking_pdf(result, policy) == build_ranking_pdf(result, policy)
    english = build_ranking_pdf(build_result(policy, lang="en"), policy, "en")
    import io

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(english)).pages)
    assert "Ranking" in text and "Funding line" in text
