"""The pieces the large-list line writer builds lines from say what the plain functions say.

The support sentence is cut once per shared figures and filled with each row's own
(``batch.supportwords``), and a row's reasons and flags are said once per distinct set. Each
is compared with the plain way.
"""

from __future__ import annotations

import json
import random
from typing import Any

import numpy as np
import pytest

from kcscore.assess.support import sentence
from kcscore.batch import supportwords
from kcscore.batch.fast import run_fast
from kcscore.batch.lines import LineWriter
from kcscore.batch.supportwords import SupportWords
from kcscore.policy.loader import load_policy
from tests.batch.test_batch_properties import eligible_leaning


def _base(**changes: Any) -> dict[str, Any]:
    return {"rule": "support_x", "share_pct": 50.0, "cap": 35_000_000, "cap_parameter": None, "unconfirmed": True,
            "cap_cite_short": "Thông tư 28/2018/TT-BTC", "text": "", **changes}


BASES = [_base(), _base(cap=None, unconfirmed=False), _base(share_pct=33.33, cap=1_500_000_000),
         _base(cap_cite_short='Điều "4" \\ khoản\n2'),  # said inside a JSON string: escaped
         _base(share_pct=70.0, cap=250_000_000, unconfirmed=False)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_support_sentences_are_the_plain_ones(lang: str) -> None:
    rng = random.Random(5)
    words = SupportWords(lang)
    figures = [0, 1, 999, 1_000_000, 1_500_000, 35_000_000, 100_000_000, 1_000_000_000, 1_952_000_000,
               12_345_678_901, 10**15 + 7]
    for _ in range(3000):
        base = rng.choice(BASES)
        requested, cost, amount = (rng.choice(figures) if rng.random() < 0.3 else rng.randrange(10**6, 10**10)
                                   for _ in range(3))
        plain = sentence({**base, "requested": requested, "cost": cost, "amount": amount}, lang)
        assert words.say(base, requested, cost, amount) == json.dumps(plain, ensure_ascii=False)[1:-1].encode()


def test_a_sentence_that_cannot_be_cut_is_said_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalogue text that says a figure twice (or not at all) is not cut: every row is said the plain way."""
    def twice(figures: Any, lang: str) -> str:
        return sentence(figures, lang) + " / " + sentence(figures, lang)

    def odd(figures: Any, lang: str) -> str:  # words that depend on a figure, not only say it
        return sentence(figures, lang) + (" (lẻ)" if figures["cost"] % 2 else "")

    for plain in (twice, odd):
        monkeypatch.setattr(supportwords, "sentence", plain)
        words = SupportWords("vi")
        for requested, cost, amount in ((60_000_000, 100_000_000, 50_000_000), (1, 2, 3), (5, 7, 9)):
            said = words.say(BASES[0], requested, cost, amount)
            assert said == plain({**BASES[0], "requested": requested, "cost": cost, "amount": amount}, "vi").encode()


def _writer() -> LineWriter:
    policy = load_policy()
    from kcscore.synthetic import thresholds

    near = thresholds(policy)
    rows = [eligible_leaning(policy, random.Random(i), i, near) for i in range(30)]
    return LineWriter(run_fast(policy, rows, budget=500_000_000))


@pytest.mark.parametrize("width", [1, 5, 62, 63, 90])
def test_reasons_and_flags_name_the_columns_that_hold(width: int) -> None:
    """A set is numbered by its bits up to 62 columns, and grouped by distinct rows beyond: both
    name, per row, the columns that hold, in their order."""
    writer = _writer()
    rng = np.random.default_rng(width)
    names = [f"rule_{j}" for j in range(width)]
    for _ in range(2):  # the second time, the sets said before are reused
        matrix = rng.random((200, width)) < 0.1
        said = writer._named(matrix, names, len(matrix))
        assert said == [b",".join(b'"' + names[j].encode() + b'"' for j in np.flatnonzero(row)) for row in matrix]
    assert writer._named(None, names, 3) == writer._named(np.zeros((3, width), dtype=bool), names, 3) == [b""] * 3


@pytest.mark.parametrize("odd", ['say "hi"', "back\\slash", "tab\there", "line\u2028sep", "bell\x07", "plain"])
def test_line_starts_escape_an_id_or_name_only_where_needed(odd: str) -> None:
    """Ids and names are looked at once per chunk: one that needs escaping among plain ones is
    still escaped, and the plain ones are written as they are."""
    from kcscore.batch.lines import _heads

    plain_ids, plain_names = ["HS-1", "HS-2", "HS-3"], ["Cơ sở Hà Nội", "Xưởng", "Tổ hợp tác"]
    for ids, names in ((["HS-1", odd, "HS-3"], plain_names), (plain_ids, ["Cơ sở Hà Nội", "Xưởng", odd])):
        said = _heads(ids, names, [2, 3, 4])
        for a, b, r, head in zip(ids, names, [2, 3, 4], said):
            assert json.loads(head + b"}") == {"id": a, "name": b, "row": r}
            assert head == ('{"id":' + json.dumps(a, ensure_ascii=False) + ',"name":'
                            + json.dumps(b, ensure_ascii=False) + ',"row":' + str(r)).encode()
