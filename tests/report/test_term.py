"""Text for a terminal: wrapped to its width without splitting an amount from its unit, coloured
only on a terminal without NO_COLOR, and plain (as before) into a pipe or a file."""

from __future__ import annotations

import io
import re

import pytest

from kcscore.output.ranktext import render as render_ranking
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from kcscore.report.scorecard import render as render_card
from kcscore.report.term import PLAIN, Term, detect

from .test_html import build_result

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


def _visible(text: str) -> list[str]:
    return ANSI.sub("", text).split("\n")


def test_an_amount_is_never_split_from_its_unit() -> None:
    line = "  Mức hỗ trợ đề xuất: mức thấp nhất trong: đề nghị 250 tr, 50% × 600 tr, trần 300 tr theo Thông tư 28/2018/TT-BTC; tức là 250.000.000 đ"
    for width in range(40, len(line)):
        parts = Term(width=width).wrap(line)
        assert all(len(p) <= width for p in parts), width
        for before, after in zip(parts, parts[1:]):
            assert not (before.rstrip()[-1].isdigit() and after.split()[0] in ("đ", "tr", "tr,")), (width, parts)
        assert " ".join(p.strip() for p in parts) == " ".join(line.split())  # nothing lost, nothing added


def test_continuation_lines_hang_under_the_text_after_the_marker() -> None:
    line = "  +  6/8   Sản phẩm tiêu biểu cấp tỉnh hoặc OCOP 3 sao (Thông tư 26/2014/TT-BCT, Điều 21; Quyết định 148/QĐ-TTg)"
    first, *rest = Term(width=60).wrap(line)
    assert first.startswith("  +  6/8   Sản phẩm") and rest
    assert all(r.startswith(" " * 11) and not r.startswith(" " * 12) for r in rest)


def test_scorecard_fits_80_columns_and_says_the_same(policy: Policy) -> None:
    result = build_result(policy)
    for a in result.assessments:
        plain = render_card(a, policy)
        fitted = render_card(a, policy, term=Term(width=80))
        assert all(len(line) <= 80 for line in fitted.split("\n")), a.id
        assert fitted.split() == plain.split()  # the same words in the same order, only re-broken


def test_colour_marks_and_funding_line_only_when_asked(policy: Policy) -> None:
    result = build_result(policy)
    strong = result.assessments[0]
    coloured = render_card(strong, policy, term=Term(width=100, colour=True))
    assert "\x1b[32m✓\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == render_card(strong, policy, term=Term(width=100))
    ineligible = next(a for a in result.assessments if a.decision == "ineligible")
    assert "\x1b[31m✗\x1b[0m" in render_card(ineligible, policy, term=Term(colour=True))
    ranking = render_ranking(result, policy, "vi", term=Term(width=80, colour=True))
    line = [x for x in ranking.split("\n") if "RANH GIỚI KINH PHÍ" in x]
    assert line and line[0].startswith("\x1b[1;31m")
    assert not ANSI.search(render_ranking(result, policy, "vi"))
    assert not ANSI.search(render_card(strong, policy))


def test_ranking_fits_the_terminal_width(policy: Policy) -> None:
    result = build_result(policy)
    for width in (80, 100, 132):
        lines = _visible(render_ranking(result, policy, "vi", term=Term(width=width, colour=True)))
        assert all(len(x) <= width for x in lines), (width, max(lines, key=len))
        assert all(a.id in "\n".join(lines) for a in result.assessments)


def test_detect_plain_for_pipes_and_no_color() -> None:
    assert detect(io.StringIO(), {}) == PLAIN
    assert detect(FakeTty(), {}).colour
    assert detect(FakeTty(), {}).width is not None
    assert not detect(FakeTty(), {"NO_COLOR": "1"}).colour
