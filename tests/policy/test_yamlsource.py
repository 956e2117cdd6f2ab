"""Reading rule files: positions of every value and of words inside values; refusals with their place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcscore.policy.spans import inner_pos
from kcscore.policy.yamlsource import read_yaml_file, read_yaml_text

TEXT = """\
rules:
  a:
    require: >-
      support_content in ["advanced_machinery",
      "technology_line"] and workrs > 1
    plain: workers > 1 and
      workrs < 3
    quoted: 'it''s workrs'
    flow: {when: "x == 1 or workrs == 2"}
    since: 2018-05-15
    points: 1_000
"""


def test_values_keys_and_plain_data() -> None:
    located, problems = read_yaml_text(TEXT, "f.yaml")
    assert problems == [] and located is not None
    rule = located.data["rules"]["a"]
    assert rule["since"] == dt.date(2018, 5, 15) and rule["points"] == 1000
    assert rule["plain"] == "workers > 1 and workrs < 3"
    key = located.key_positions[("rules", "a", "points")]
    assert (key.line, key.col, key.length) == (11, 5, 6)
    value = located.positions[("rules", "a", "points")]
    assert (value.line, value.col, value.length) == (11, 13, 5)


@pytest.mark.parametrize(("key", "line", "col"), [
    (("rules", "a", "require"), 5, 30),  # folded block: the second line of the value
    (("rules", "a", "plain"), 7, 7),  # plain text wrapped onto the next line
    (("rules", "a", "quoted"), 8, 20),  # single quotes, with a doubled quote before the word
    (("rules", "a", "flow", "when"), 9, 29),  # double quotes inside a flow mapping
])
def test_a_word_inside_a_value_is_found_in_the_file(key: tuple[str, ...], line: int, col: int) -> None:
    located, _ = read_yaml_text(TEXT, "f.yaml")
    assert located is not None
    value = located.data
    for part in key:
        value = value[part]
    start = value.index("workrs")
    pos = inner_pos(located, key, value, start, start + 6)
    assert (pos.line, pos.col) == (line, col)
    assert TEXT.splitlines()[line - 1][col - 1: col + 5] == "workrs"
    assert pos.length == 6


def test_duplicate_keys_are_reported_and_reading_goes_on() -> None:
    located, problems = read_yaml_text("a: 1\nb: 2\na: 3\nc: 4\n", "f.yaml")
    assert located is not None and located.data == {"a": 1, "b": 2, "c": 4}  # the first value stays
    assert [(d.code, d.pos.line, d.pos.col, d.params["line"]) for d in problems] == [("K011", 3, 1, 1)]


def test_an_impossible_date_stays_text_for_the_schema_to_judge() -> None:
    located, problems = read_yaml_text("since: 2018-02-30\n", "f.yaml")
    assert problems == [] and located is not None and located.data == {"since": "2018-02-30"}


@pytest.mark.parametrize(("text", "code", "line", "col"), [
    ("a: !!python/object/apply:os.system ['x']\n", "K004", 1, 4),
    ("a: !!python/name:os.system\n", "K004", 1, 4),
    ("a: !custom 1\n", "K004", 1, 4),
    ("a: !!binary aGk=\n", "K004", 1, 4),
    ("a: !!set {x}\n", "K004", 1, 4),
    ("a: &x 1\nb: *x\n", "K005", 1, 4),
    ("b: *x\n", "K005", 1, 4),  # an alias is refused before YAML looks for its anchor
    ("a: [1, 2\nb: 3\n", "K001", 2, 2),
    ("a:\n\t- 1\n", "K019", 2, 1),
    ("a: 1\n---\nb: 2\n", "K001", 2, 1),
    ("a: .nan\n", "K006", 1, 4),
    ("a: [b: [c: 1]]\n", None, 0, 0),
    ("? [a, b]\n: 1\n", "K010", 1, 3),
    ("a: x\u0007y\n", "K002", 1, 5),
    ("a: x\ufffey\n", "K002", 1, 5),
])
def test_refusals_say_where(text: str, code: str | None, line: int, col: int) -> None:
    located, problems = read_yaml_text(text, "f.yaml")
    if code is None:
        assert problems == []
        return
    assert [(d.code, d.pos.line, d.pos.col) for d in problems] == [(code, line, col)]
    for d in problems:
        assert d.message("vi") != d.message("en")


def _yaml_printable(code: int) -> bool:
    """YAML 1.2's c-printable production, as the specification writes it."""
    return (code in (0x09, 0x0A, 0x0D, 0x85) or 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF)


def test_exactly_the_characters_yaml_cannot_print_are_refused() -> None:
    from kcscore.policy.yamlsource import _NOT_PRINTABLE

    every = "".join(chr(code) for code in range(0x110000))
    refused = {ord(match.group()) for match in _NOT_PRINTABLE.finditer(every)}
    assert refused == {code for code in range(0x110000) if not _yaml_printable(code)}


def test_reading_vietnamese_text_leaves_ruamels_slow_pattern_uncompiled() -> None:
    """ruamel's reader checks non-ASCII text with its own spelling of the refused characters,
    which takes milliseconds to compile at every start; ours is the same set, spelt cheaply."""
    import subprocess
    import sys

    code = ("from ruamel.yaml.reader import Reader\n"
            "from kcscore.policy.yamlsource import read_yaml_text\n"
            "located, problems = read_yaml_text('tên: Hợp tác xã\\n', 'f.yaml')\n"
            "assert located.data == {'tên': 'Hợp tác xã'} and not problems\n"
            "print(Reader.NON_PRINTABLE.lazy_self.__name__)\n")  # renamed once ruamel compiles it
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "lazy_self"


def test_syntax_errors_are_explained_in_vietnamese() -> None:
    _, problems = read_yaml_text("a:\n  b: 1\n c: 2\n", "f.yaml")
    assert problems[0].message("vi").startswith("lỗi cú pháp YAML: có vẻ là lỗi thụt lề: dòng này thụt vào 1 dấu cách")
    assert problems[0].message("en").startswith("YAML syntax error: this looks like an indentation problem")
    assert (problems[0].pos.line, problems[0].pos.col) == (3, 2)
    _, problems = read_yaml_text("title: Điều 6: ưu tiên\n", "f.yaml")
    assert "đặt giá trị có ': ' trong ngoặc kép" in problems[0].message("vi")


def test_files_are_utf8_with_or_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: L\xc3\xb2 v\xc3\xb2ng\n")
    located, problems = read_yaml_file(path)
    assert problems == [] and located is not None and located.data == {"a": "Lò vòng"}
    path.write_bytes(b"a: 1\nb: L\xf2\n")
    located, problems = read_yaml_file(path)
    assert located is None and [(d.code, d.pos.line, d.pos.col) for d in problems] == [("K002", 2, 5)]
    assert "0xF2" in problems[0].message("en")


def test_empty_and_comment_only_files_are_empty_mappings() -> None:
    for text in ("", "# nothing yet\n", "\n\n"):
        located, problems = read_yaml_text(text, "f.yaml")
        assert problems == [] and located is not None and located.data == {}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("ab:- \n\t[]{}\"'#&*!|>%@`,?019.~=\\") + ["é", "\x00", "!!python/name:x ", "&a ", "*a",
                                                                                "---\n", "? ", "<<: ", "2018-02-30"]),
                max_size=60).map("".join))
def test_any_text_is_read_or_refused_with_a_diagnostic(text: str) -> None:
    located, problems = read_yaml_text(text, "f.yaml")
    assert located is not None or problems
    for d in problems:
        assert d.message("vi") and d.message("en") and d.pos.line >= 1 and d.pos.col >= 1
