"""The condition parser: precedence, `not in`, errors with the span of the problem, hostile input."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcscore.expr import ast as A
from kcscore.expr.parser import KEYWORDS, MAX_DEPTH, MAX_LENGTH, ParseError, parse
from kcscore.expr.render import to_source

x, y, z = A.Field("x"), A.Field("y"), A.Field("z")


def n(value: int | float) -> A.Num:
    return A.Num(value)


@pytest.mark.parametrize(("text", "tree"), [
    ("x or y and z", A.Logic("or", (x, A.Logic("and", (y, z))))),
    ("(x or y) and z", A.Logic("and", (A.Logic("or", (x, y)), z))),
    ("not x and y", A.Logic("and", (A.Not(x), y))),
    ("not x == 1", A.Not(A.Compare("==", x, n(1)))),
    ("x + y * 2 > 10", A.Compare(">", A.Arith("+", x, A.Arith("*", y, n(2))), n(10))),
    ("x - y - z < 0", A.Compare("<", A.Arith("-", A.Arith("-", x, y), z), n(0))),
    ("x / y / 2 <= 1.5", A.Compare("<=", A.Arith("/", A.Arith("/", x, y), n(2)), n(1.5))),
    ("-x * 2 >= -3", A.Compare(">=", A.Arith("*", A.Neg(x), n(2)), A.Neg(n(3)))),
    ("x = 1", A.Compare("==", x, n(1))),
    ("x > 1_000_000", A.Compare(">", x, n(1_000_000))),
    ('x in ["a", "b",]', A.In(x, (A.Str("a"), A.Str("b")))),
    ('x not in ["a"]', A.In(x, (A.Str("a"),), negated=True)),
    ('not x in ["a"]', A.Not(A.In(x, (A.Str("a"),)))),
    ("x in []", A.In(x, ())),
    ("x and y and z", A.Logic("and", (x, y, z))),
    ("x == true or y != false", A.Logic("or", (A.Compare("==", x, A.Bool(True)), A.Compare("!=", y, A.Bool(False))))),
    ("'single' == x", A.Compare("==", A.Str("single"), x)),
])
def test_precedence_and_forms(text: str, tree: A.Node) -> None:
    assert parse(text) == tree


def test_spans_point_into_the_text() -> None:
    node = parse('workers >= 10 and sector == "food_processing"')
    assert isinstance(node, A.Logic)
    left, right = node.operands
    assert isinstance(left, A.Compare) and isinstance(right, A.Compare)
    assert (left.span.start, left.span.end) == (0, 13)
    assert (right.left.span.start, right.left.span.end) == (18, 24)
    assert (right.right.span.start, right.right.span.end) == (28, 45)


@pytest.mark.parametrize(("text", "start", "end", "vi", "en"), [
    ("workers >", 9, 10, "cần một giá trị hoặc tên trường, gặp 'hết điều kiện'", "expected a value or a field id, found 'end of condition'"),
    ("workers >> 3", 9, 10, "cần một giá trị hoặc tên trường, gặp '>'", "expected a value or a field id, found '>'"),
    ("a && b", 2, 4, "dùng 'and' thay cho '&&'", "use 'and' instead of '&&'"),
    ("a || b", 2, 4, "dùng 'or' thay cho '||'", "use 'or' instead of '||'"),
    ("a <> 1", 2, 4, "dùng '!=' thay cho '<>'", "use '!=' instead of '<>'"),
    ("a => 1", 2, 4, "dùng '>=' thay cho '=>'", "use '>=' instead of '=>'"),
    ("!a", 0, 1, "dùng 'not' thay cho '!'", "use 'not' instead of '!'"),
    ("a . b", 2, 3, "ký tự không hợp lệ '.'", "unexpected character '.'"),
    ("a == \x00", 5, 6, "ký tự không hợp lệ 'U+0000'", "unexpected character 'U+0000'"),
    ("(a > 1", 6, 7, "cần ')', gặp 'hết điều kiện'", "expected ')', found 'end of condition'"),
    ("a > 1)", 5, 6, "thừa ')' ở cuối điều kiện", "unexpected ')' after the condition"),
    ('[1, 2] == a', 0, 1, "danh sách chỉ dùng sau 'in'", "a list can only follow 'in'"),
    ("a in b", 5, 6, "cần '[', gặp 'b'", "expected '[', found 'b'"),
    ("__import__('os').system('x')", 0, 11, "không được gọi hàm trong điều kiện: '__import__(...)'",
     "conditions cannot call functions: '__import__(...)'"),
    ("len(x) > 1", 0, 4, "không được gọi hàm trong điều kiện: 'len(...)'", "conditions cannot call functions: 'len(...)'"),
    ("   ", 0, 1, "điều kiện rỗng", "empty condition"),
])
def test_syntax_errors_carry_span_and_both_languages(text: str, start: int, end: int, vi: str, en: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(text)
    err = caught.value
    assert (err.start, err.end, err.vi, err.en, err.code) == (start, end, vi, en, "K015")


def test_hostile_sizes_are_refused_quickly() -> None:
    with pytest.raises(ParseError) as long:
        parse(" and ".join(["x"] * 1000))
    assert long.value.code == "K016" and long.value.end == MAX_LENGTH
    with pytest.raises(ParseError) as deep:
        parse("(" * 500 + "x" + ")" * 500)
    assert deep.value.code == "K016" and deep.value.start == MAX_DEPTH
    with pytest.raises(ParseError) as negations:
        parse("not " * 400 + "x")
    assert negations.value.code == "K016"
    with pytest.raises(ParseError) as wide:
        parse(" or ".join(f"x == {i}" for i in range(200)))
    assert wide.value.code == "K016"


# -- round trip: printing a tree and reading it back gives the same tree ---------------------

names = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True).filter(lambda s: s not in KEYWORDS)
texts = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd", "Zs"), whitelist_characters="'\"\\-_.%"), max_size=12)
numbers = st.one_of(st.integers(0, 10**12), st.integers(0, 10**6).map(lambda v: v / 100).filter(lambda f: "e" not in repr(f)))
leaves = st.one_of(numbers.map(A.Num), texts.map(A.Str), st.booleans().map(A.Bool), names.map(A.Field))
literals = st.one_of(numbers.map(A.Num), texts.map(A.Str), st.booleans().map(A.Bool))


def _extend(children: st.SearchStrategy[A.Node]) -> st.SearchStrategy[A.Node]:
    return st.one_of(
        children.map(A.Neg),
        children.map(A.Not),
        st.builds(A.Arith, st.sampled_from(["+", "-", "*", "/"]), children, children),
        st.builds(A.Compare, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), children, children),
        st.builds(A.In, children, st.lists(literals, max_size=3).map(tuple), st.booleans()),
        st.builds(A.Logic, st.sampled_from(["and", "or"]), st.lists(children, min_size=2, max_size=3).map(tuple)),
    )


trees = st.recursive(leaves, _extend, max_leaves=12)


@settings(max_examples=300)
@given(trees)
def test_printed_conditions_read_back_as_the_same_tree(tree: A.Node) -> None:
    text = to_source(tree)
    try:
        again = parse(text)
    except ParseError as err:
        assert err.code == "K016", (text, err.en)  # only the size limits may refuse a printed tree
        return
    assert again == tree, text


@given(st.text(max_size=60))
def test_any_text_parses_or_raises_a_parse_error(text: str) -> None:
    try:
        parse(text)
    except ParseError as err:
        assert 0 <= err.start <= max(len(text), 1) and err.start <= err.end
        assert err.vi and err.en


def test_strings_keep_their_escapes() -> None:
    assert parse(json.dumps('a "b" \\ c', ensure_ascii=False) + " == x") == A.Compare("==", A.Str('a "b" \\ c'), x)
