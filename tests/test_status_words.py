"""One status vocabulary: the terminal, the result files and the reports name an applicant's
standing with the same words, in each language."""

from __future__ import annotations

from pathlib import Path

import pytest

from kcscore.batch.result import standing
from kcscore.batch.run import run_batch
from kcscore.output.markdown import render_markdown
from kcscore.output.ranktext import render as render_text
from kcscore.output.write_table import RankingTable
from kcscore.pipeline import read_rows
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "applicants" / "bac-kan-2019.csv"
WORDS = {
    "vi": {"funded": "được hỗ trợ", "not_enough_budget": "không đủ kinh phí còn lại",
           "below_line": "dưới ranh giới kinh phí", "ineligible": "không đủ điều kiện", "incomplete": "chưa đủ thông tin"},
    "en": {"funded": "funded", "not_enough_budget": "not enough money left", "below_line": "below the funding line",
           "ineligible": "not eligible", "incomplete": "incomplete"},
}


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT / "rules" / "bac-kan")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_terminal_table_and_markdown_say_each_standing_with_the_same_words(policy: Policy, lang: str) -> None:
    result = run_batch(policy, read_rows(policy, str(SAMPLE), None, None)[1], budget=1_129_000_000, lang=lang)
    standings = {a.id: standing(a, result.funding) for a in result.assessments}
    assert {"funded", "not_enough_budget", "ineligible"} <= set(standings.values())
    words = WORDS[lang]
    table = RankingTable(result, policy, lang)
    funded_at = [c.key for c in table.columns].index("funded")
    for a, row in zip(result.assessments, table.rows()):
        assert row[funded_at] == words[standings[a.id]], a.id
    text = render_text(result, policy, lang)
    for a in result.eligible:
        line = next(line for line in text.splitlines() if f" {a.id} " in line)
        assert line.rstrip().endswith(words[standings[a.id]]), line
    markdown = render_markdown(result, policy, lang)
    for a in result.eligible:
        line = next(line for line in markdown.splitlines() if line.startswith("|") and f"| {a.id} |" in line)
        assert f"| {words[standings[a.id]]} |" in line, line
