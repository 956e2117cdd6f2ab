"""The flat proposal reader agrees with ``yamlsource`` on every document it takes, and takes the usual ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcscore.policy.yamlflat import read_flat_mapping
from kcscore.policy.yamlsource import read_yaml_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "proposals"

ODD_SCALARS = [
    "yes", "no", "No", "on", "off", "y", "n", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "false",
    "0x1F", "-0x1f", "0o17", "0b101", "0x", "1_000", "1__0", "_", "+_", "._", "_1", ".5", "-.5", "+.5", "1e3", "1E3",
    "-1e-3", "1.5e+3", "12e", "3.", "1_000.5", "1.5.2", ".inf", "-.inf", ".Inf", ".nan", ".NaN", "010", "0", "-0", "+1",
    "09", "9" * 40, "9" * 41, "2019-04-15", "2019-02-30", "2019-4-15", "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10 -5", "2019-04-15x", "1.200.000.000", "60%", "80 triệu", "Bún khô, phở khô", "a:b", "a: b",
    "x:", "- a", "-", "-5", "--", "---", "...", "a #b", "a#b", "a  b", "a\u00a0#b", "a - b", "<<", "=", "!tag x",
    "!!str 1", "&a x", "*a", "|", "> x", "@x", "`x", "%x", "?x", "? x", ":x", "[a]", "{a: 1}", "a[b", "a]", "a}",
    "'it''s'", "'a' #c", "'a'#c", "'a'b", "''", "'", "'a", '"q"', '""', '"a\\nb"', '"x"y', '"x" # c', '"a', "a'b",
    'a"b', "Miến dong", "Xã Nam Mẫu, huyện Ba Bể", "#c", " #c", "ǅ", "\u3000x", "x\u3000",
]
# The scalars the flat reader takes alone: the documents made of them test values, not give-ups.
TAKEN = [value for value in ODD_SCALARS if read_flat_mapping(f"k: {value}\n") is not None]
KEYS = ["id", "name", "workers", "Số lao động", "Xã/phường", "Vùng cao, biên giới", "Tỷ lệ (%)", "a b", "true", "True",
        "null", "Null", "yes", "no", "on", "_x", "1a", "a:b", "a #b", "a ", " a", "-a", "? a", "a'b", 'a"b', "đ", "ǅx"]
WORDS = st.text(st.sampled_from(list("abcxyzđăơưếộ019_-.+:#'\" ,%/()~\u00a0")), min_size=0, max_size=8)


@st.composite
def flat_documents(draw: st.DrawFn) -> str:
    """Mostly documents of the subset (so that the comparison is about values), now and then one that is not."""
    odd = draw(st.integers(0, 9)) == 0  # one document in ten may hold a line outside the subset
    lines = []
    for number in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["pair"] * 8 + ["blank", "comment"] + (["indented", "odd"] if odd else [])))
        if kind == "blank":
            lines.append(draw(st.sampled_from(["", " ", "   "])))
        elif kind == "comment":
            lines.append(draw(st.sampled_from(["# a comment", "  # indented", "#", "#: x"])))
        elif kind == "indented":
            lines.append(draw(st.sampled_from(["  x: 1", " - a", "  more text", "- a", "---", "...", "%YAML 1.2"])))
        elif kind == "odd":
            lines.append(draw(st.sampled_from(["key:value", "key :value", "key\t: 1", "key:\t1", "? key", "[a]: 1",
                                               "x: 1: 2", "k: &a 1", "k: *a", "\ufeffk: 1", "k: a\x07"])))
        else:
            key = draw(st.sampled_from(KEYS) if odd else WORDS.map(lambda word: f"k{number}" + word.replace(":", "").replace("#", "").rstrip()))
            value = draw(st.one_of(st.sampled_from(ODD_SCALARS), WORDS) if odd else st.sampled_from(TAKEN))
            gap = draw(st.sampled_from([" "] * 6 + ["  ", ""] + (["\t"] if odd else [])))
            comment = draw(st.sampled_from([""] * 4 + [" # note", "  #", "#x"] + (["\t# t"] if odd else [])))
            lines.append(f"{key}:{gap}{value}{comment}")
    end = draw(st.sampled_from(["\n", "\n", "\r\n"] + (["\r"] if odd else [])))
    bom = draw(st.sampled_from(["", "\ufeff"])) if odd else ""
    return bom + end.join(lines) + draw(st.sampled_from(["", end]))


def typed(data: dict[str, Any]) -> list[tuple[str, type, Any]]:
    """Key order, types and values: ``1 == 1.0 == True`` must not hide a difference."""
    return [(key, type(value), value) for key, value in data.items()]


def agrees(text: str) -> dict[str, Any] | None:
    flat = read_flat_mapping(text)
    if flat is not None:
        located, problems = read_yaml_text(text, "p.yaml")
        assert located is not None and problems == [], (text, problems)
        assert typed(flat) == typed(located.data), text
    return flat


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flat_documents())
def test_what_the_flat_reader_takes_it_reads_as_ruamel_does(text: str) -> None:
    agrees(text)


@pytest.mark.parametrize("value", ODD_SCALARS)
@pytest.mark.parametrize("gap", [" ", "   "])
def test_each_odd_scalar_alone(value: str, gap: str) -> None:
    agrees(f"key:{gap}{value}\nother: 1\n")


@pytest.mark.parametrize("key", KEYS)
def test_each_odd_key_alone(key: str) -> None:
    agrees(f"{key}: 1\n")


def test_the_usual_proposal_is_read_without_ruamel() -> None:
    text = ("# header comment\nid: BK-1\nname: 'HKD Miến dong'\nquoted: \"Nà Làng\"  # trailing\nworkers: 1_000\n"
            "share: .5\nbig: 1e3\nhex: 0x1F\noctal: 010\nanswer: yes\nflag: true\nnothing: ~\nempty:\n"
            "since: 2019-04-15\nbad_day: 2019-02-30\nSố lao động: 12\n\n   # indented comment\nlast: it's  # c\n")
    for form in (text, text.replace("\n", "\r\n")):
        flat = agrees(form)
        assert flat == {"id": "BK-1", "name": "HKD Miến dong", "quoted": "Nà Làng", "workers": 1000, "share": 0.5,
                        "big": 1000.0, "hex": 31, "octal": 10, "answer": "yes", "flag": True, "nothing": None,
                        "empty": None, "since": dt.date(2019, 4, 15), "bad_day": "2019-02-30", "Số lao động": 12,
                        "last": "it's"}


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.yaml")))
def test_the_sample_proposals_take_the_flat_path(name: str) -> None:
    assert agrees((SAMPLES / name).read_text(encoding="utf-8")) is not None


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",  # a key written twice: yamlsource names both lines
    "\ufeffa: 1\n", "a:\t1\n", "a: 1\r", "applicant:\n  a: 1\n", "a: [1]\n", "a: x[\n", "a: 0b101\n", "a: .nan\n",
    "a: " + "9" * 41 + "\n", "a: x\x07\n", "---\na: 1\n", "", "# only a comment\n", "a: <<\n", "true: 1\n",
])
def test_anything_else_is_left_to_yamlsource(text: str) -> None:
    assert read_flat_mapping(text) is None
