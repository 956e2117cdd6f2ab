"""Open the HTML report in headless Chromium and read back the page the browser built.

Parsing the report ourselves only shows what we wrote; the DOM Chromium dumps shows what an
officer's browser makes of it: every applicant in the ranking, the funding line between the funded
and the unfunded, the chart drawn, and a hostile name left as text. The same browser prints the
report to PDF, as an officer's print dialog would: A4 pages, a sane page count, no id broken. Chromium comes from the
distribution's packages (``.ci/run`` installs it); without it the test is skipped, unless
``KCSCORE_REQUIRE_BROWSER`` says it must run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from kcscore.batch.result import BatchResult
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from kcscore.output.html import write_html

from .test_html import XSS, Node, build_result, parse, ranking_sequence

pytestmark = pytest.mark.browser


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def chromium_or_skip() -> str:
    """Chromium, found; without it the test is skipped, or fails where ``KCSCORE_REQUIRE_BROWSER`` is set."""
    chromium = find_chromium()
    if chromium is None:
        message = "Chromium not found; install it with `apt-get install -y chromium` (CI does)"
        if os.environ.get("KCSCORE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return chromium


def headless(chromium: str, profile: Path, *args: str, timeout: int) -> subprocess.CompletedProcess[bytes]:
    """Run headless Chromium with every network-reaching feature turned off; it must succeed."""
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", *args]
    done = subprocess.run(command, capture_output=True, timeout=timeout, check=False,
                          env={**os.environ, "HOME": str(profile)})
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done


def dump_dom(chromium: str, report: Path, profile: Path) -> str:
    """The DOM after Chromium loaded the file."""
    return headless(chromium, profile, "--dump-dom", report.resolve().as_uri(), timeout=60).stdout.decode("utf-8")


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Node, BatchResult]:
    chromium = chromium_or_skip()
    policy: Policy = load_policy()
    result = build_result(policy)
    folder = tmp_path_factory.mktemp("html-report")
    report = folder / "bao-cao.html"
    write_html(result, policy, report)
    dom = dump_dom(chromium, report, folder / "profile")
    assert "<html" in dom, dom[:500]
    return parse(dom), result


def test_every_applicant_is_in_the_ranking(browser_page: tuple[Node, BatchResult]) -> None:
    page, result = browser_page
    rows = [i for kind, i, _ in ranking_sequence(page) if kind == "row"]
    assert rows == [a.id for a in result.assessments]
    assert page.find("html").attrs.get("lang") == "vi"  # type: ignore[union-attr]


def test_funding_line_between_funded_and_unfunded(browser_page: tuple[Node, BatchResult]) -> None:
    page, result = browser_page
    line = page.find(id="funding-line")
    assert line is not None and "Ranh giới kinh phí: đã phân bổ" in line.text()
    sequence = ranking_sequence(page)
    at = sequence.index(("line", "", ""))
    funded = {a.id for a in result.assessments if a.funded}
    assert funded and funded <= {i for _, i, _ in sequence[:at]}
    assert sequence[at - 1][1] in funded
    below = [i for _, i, _ in sequence[at + 1:]]
    assert below and not set(below) & funded


def test_chart_is_rendered(browser_page: tuple[Node, BatchResult]) -> None:
    page, result = browser_page
    svg = page.find("svg", id="chart-svg")
    assert svg is not None
    bars = svg.find_all("g", class_="bar")
    assert [g.attrs["data-id"] for g in bars] == [a.id for a in result.eligible]
    assert all(g.find_all("rect") for g in bars)


def test_hostile_name_stays_text(browser_page: tuple[Node, BatchResult]) -> None:
    page, result = browser_page
    hostile = next(a for a in result.assessments if a.name == XSS)
    row = page.find("tr", data_id=hostile.id)
    assert row is not None and XSS in row.text()
    assert all("alert" not in s.text() for s in page.find_all("script"))


# -- printing ----------------------------------------------------------------------------------
SAMPLE_LIST = Path(__file__).resolve().parents[2] / "samples" / "applicants" / "bac-kan-2019.csv"
A4_PT = (595.0, 842.0)  # 210 × 297 mm in PDF points
FULL_PAGES_MAX = 48  # the 43 sample applicants printed on 91 US Letter pages before the print style
SUMMARY_PAGES_MAX = 6


def print_pdf(chromium: str, report: Path, pdf: Path, profile: Path) -> None:
    """Print ``report`` as the browser's print dialog would, without its header and footer."""
    headless(chromium, profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.resolve().as_uri(),
             timeout=120)
    assert pdf.exists()


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The sample list ranked to HTML by the CLI, printed in full and with the summary-only choice ticked."""
    chromium = chromium_or_skip()
    folder = tmp_path_factory.mktemp("html-print")
    report = folder / "xep-hang.html"
    done = subprocess.run([sys.executable, "-m", "kcscore", "rank", str(SAMPLE_LIST), "--budget", "2000000000",
                           "--out", str(report)], capture_output=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    summary = folder / "tom-tat.html"
    html = report.read_text(encoding="utf-8")
    assert 'id="print-summary">' in html
    summary.write_text(html.replace('id="print-summary">', 'id="print-summary" checked>'), encoding="utf-8")
    out: dict[str, Any] = {"ids": re.findall(r'data-id="([^"]+)"', html)}
    for name, source in (("full", report), ("summary", summary)):
        pdf = folder / f"{name}.pdf"
        print_pdf(chromium, source, pdf, folder / "profile")
        out[name] = PdfReader(str(pdf))
    return out


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def test_print_is_a4(printed: dict[str, Any]) -> None:
    for name in ("full", "summary"):
        for page in printed[name].pages:
            size = (float(page.mediabox.width), float(page.mediabox.height))
            assert size == pytest.approx(A4_PT, abs=1.5), (name, size)


def test_print_page_counts(printed: dict[str, Any]) -> None:
    """Explanations run on instead of starting a half-empty page each; the summary leaves them out."""
    full, summary = len(printed["full"].pages), len(printed["summary"].pages)
    assert full <= FULL_PAGES_MAX
    assert summary <= SUMMARY_PAGES_MAX
    assert summary < full / 4


def test_print_keeps_every_id_whole(printed: dict[str, Any]) -> None:
    """An id is never broken across lines (it was printed 'BK-2019-' / '024')."""
    ids = printed["ids"]
    assert len(ids) > 40
    for name in ("full", "summary"):
        text = _text(printed[name])
        for applicant in ids:
            assert applicant in text, (name, applicant)
        assert not re.search(r"BK-2019-\s*\n", text), name


def test_print_summary_leaves_out_the_explanations(printed: dict[str, Any]) -> None:
    full, summary = _text(printed["full"]), _text(printed["summary"])
    assert "Giải trình từng hồ sơ" in full and "Giải trình từng hồ sơ" not in summary
    assert "Bảng xếp hạng" in summary and "Điểm theo tiêu chí" in summary
    assert "Ranh giới kinh phí" in summary
