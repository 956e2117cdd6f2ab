"""Our own parser for rule conditions: nothing from a rule file is ever handed to ``eval``.

Grammar (lowest precedence first)::

    expr    := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (CMP sum | "in" list | "not" "in" list | "contains" STRING | "contains_any" list)?
    sum     := term (("+" | "-") term)*
    term    := unary (("*" | "/") unary)*
    unary   := "-" unary | atom
    atom    := NUMBER | STRING | DATE | true | false | FIELD | "(" expr ")" | list
    DATE    := "date" "(" STRING ")"   the string is an ISO day, "YYYY-MM-DD"
    list    := "[" [atom ("," atom)*] "]"

``=`` is accepted for ``==`` because policy staff write it that way. Size and nesting are
bounded so that a hostile pack is refused quickly instead of exhausting the stack.

A date is written ``date("2025-01-01")``: a bare ``2025-01-01`` already means a subtraction here,
and ``01/01/2025`` a division, so only a form that cannot be read as arithmetic is unambiguous; ISO
order (year first) is the one order no reader can take for day/month or month/day. ``date`` is the
only such form and takes exactly one quoted day: the language still calls no functions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kcscore.expr import ast as A

MAX_LENGTH = 2_000
MAX_DEPTH = 32
MAX_NODES = 400

KEYWORDS = {"and", "or", "not", "in", "true", "false", "contains", "contains_any"}
DATE_FORM = "date"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>\d[\d_]*(?:\.\d[\d_]*)?)
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<name>[^\W\d]\w*)
  | (?P<op>==|!=|<=|>=|<>|=>|=<|&&|\|\||[<>=+\-*/()\[\],!])
    """,
    re.VERBOSE | re.UNICODE,
)


@dataclass(frozen=True)
class Token:
    kind: str  # number | string | name | keyword | op | end
    text: str
    start: int
    end: int


class ParseError(Exception):
    """A syntax problem at a character span of the condition, in vi and en."""

    def __init__(self, vi: str, en: str, start: int, end: int, code: str = "K015") -> None:
        super().__init__(en)
        self.vi, self.en, self.start, self.end, self.code = vi, en, start, end, code


_HINTS = {
    "<>": ("dùng '!=' thay cho '<>'", "use '!=' instead of '<>'"),
    "=>": ("dùng '>=' thay cho '=>'", "use '>=' instead of '=>'"),
    "=<": ("dùng '<=' thay cho '=<'", "use '<=' instead of '=<'"),
    "&&": ("dùng 'and' thay cho '&&'", "use 'and' instead of '&&'"),
    "||": ("dùng 'or' thay cho '||'", "use 'or' instead of '||'"),
    "!": ("dùng 'not' thay cho '!'", "use 'not' instead of '!'"),
}


def tokenize(text: str) -> list[Token]:
    """Split a condition into tokens; a character we do not know becomes a ``bad`` token.

    Bad tokens are reported by the parser when it reaches them, so that the first problem in
    reading order is the one reported (``__import__('os')`` is a function call before it is a dot).
    """
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            tokens.append(Token("bad", text[pos], pos, pos + 1))
            pos += 1
            continue
        kind = match.lastgroup or ""
        value = match.group()
        if kind == "name" and value in KEYWORDS:
            kind = "keyword"
        if kind == "op" and value in _HINTS:
            kind = "bad"
        if kind != "ws":
            tokens.append(Token(kind, value, pos, match.end()))
        pos = match.end()
    tokens.append(Token("end", "", len(text), len(text)))
    return tokens


def _bad(token: Token) -> ParseError:
    if token.text in _HINTS:
        vi, en = _HINTS[token.text]
        return ParseError(vi, en, token.start, token.end)
    shown = token.text if token.text.isprintable() else f"U+{ord(token.text):04X}"
    return ParseError(f"ký tự không hợp lệ '{shown}'", f"unexpected character '{shown}'", token.start, token.end)


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0
        self.nodes = 0

    # -- helpers -----------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def at(self, *texts: str) -> bool:
        return self.tok.kind in ("op", "keyword") and self.tok.text in texts

    def expect(self, text: str) -> Token:
        if self.tok.kind == "bad":
            raise _bad(self.tok)
        if not self.at(text):
            found = self.tok.text or "hết điều kiện"
            found_en = self.tok.text or "end of condition"
            raise ParseError(f"cần '{text}', gặp '{found}'", f"expected '{text}', found '{found_en}'",
                             self.tok.start, max(self.tok.end, self.tok.start + 1))
        return self.take()

    def count(self) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ParseError(f"quá {MAX_NODES} phần tử", f"more than {MAX_NODES} elements", 0, len(self.text), "K016")

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError(f"lồng quá {MAX_DEPTH} cấp", f"nested more than {MAX_DEPTH} levels",
                             self.tok.start, self.tok.end, "K016")

    def leave(self) -> None:
        self.depth -= 1

    # -- grammar -----------------------------------------------------------------------------
    def parse(self) -> A.Node:
        node = self.expr()
        if self.tok.kind == "bad":
            raise _bad(self.tok)
        if self.tok.kind != "end":
            raise ParseError(f"thừa '{self.tok.text}' ở cuối điều kiện", f"unexpected '{self.tok.text}' after the condition",
                             self.tok.start, self.tok.end)
        return node

    def expr(self) -> A.Node:
        self.enter()
        start = self.tok.start
        operands = [self.conj()]
        while self.at("or"):
            self.take()
            operands.append(self.conj())
        self.leave()
        if len(operands) == 1:
            return operands[0]
        self.count()
        return A.Logic("or", tuple(operands), A.Span(start, self.tokens[self.i - 1].end))

    def conj(self) -> A.Node:
        start = self.tok.start
        operands = [self.negation()]
        while self.at("and"):
            self.take()
            operands.append(self.negation())
        if len(operands) == 1:
            return operands[0]
        self.count()
        return A.Logic("and", tuple(operands), A.Span(start, self.tokens[self.i - 1].end))

    def negation(self) -> A.Node:
        if self.at("not"):
            start = self.take().start
            self.enter()
            operand = self.negation()
            self.leave()
            self.count()
            return A.Not(operand, A.Span(start, self.tokens[self.i - 1].end))
        return self.comparison()

    def comparison(self) -> A.Node:
        start = self.tok.start
        left = self.sum()
        if self.at("==", "=", "!=", "<", "<=", ">", ">="):
            op = self.take().text
            op = "==" if op == "=" else op
            right = self.sum()
            self.count()
            return A.Compare(op, left, right, A.Span(start, self.tokens[self.i - 1].end))
        negated = False
        if self.at("not") and self.tokens[self.i + 1].text == "in":
            self.take()
            negated = True
        if self.at("in"):
            self.take()
            items = self.list_literal()
            self.count()
            return A.In(left, items, negated, A.Span(start, self.tokens[self.i - 1].end))
        if self.at("contains", "contains_any"):
            return self.contains(left, start)
        return left

    def contains(self, left: A.Node, start: int) -> A.Node:
        """``x contains "a"`` takes one quoted text; ``x contains_any ["a", "b"]`` a list of them."""
        any_of = self.take().text == "contains_any"
        if any_of:
            items = self.list_literal()
        else:
            if self.tok.kind != "string":
                raise ParseError("cần một chuỗi trong ngoặc kép sau 'contains' (nhiều chuỗi: contains_any [...])",
                                 "expected a quoted text after 'contains' (several: contains_any [...])",
                                 self.tok.start, max(self.tok.end, self.tok.start + 1))
            items = (self.atom(),)
        self.count()
        return A.Contains(left, items, any_of, A.Span(start, self.tokens[self.i - 1].end))  # type: ignore[arg-type]

    def list_literal(self) -> tuple[A.Node, ...]:
        self.expect("[")
        items: list[A.Node] = []
        if not self.at("]"):
            items.append(self.unary())
            while self.at(","):
                self.take()
                if self.at("]"):
                    break
                items.append(self.unary())
        self.expect("]")
        return tuple(items)

    def sum(self) -> A.Node:
        start = self.tok.start
        node = self.term()
        while self.at("+", "-"):
            op = self.take().text
            right = self.term()
            self.count()
            node = A.Arith(op, node, right, A.Span(start, self.tokens[self.i - 1].end))
        return node

    def term(self) -> A.Node:
        start = self.tok.start
        node = self.unary()
        while self.at("*", "/"):
            op = self.take().text
            right = self.unary()
            self.count()
            node = A.Arith(op, node, right, A.Span(start, self.tokens[self.i - 1].end))
        return node

    def unary(self) -> A.Node:
        if self.at("-"):
            start = self.take().start
            self.enter()
            operand = self.unary()
            self.leave()
            self.count()
            return A.Neg(operand, A.Span(start, self.tokens[self.i - 1].end))
        return self.atom()

    def atom(self) -> A.Node:
        token = self.tok
        span = A.Span(token.start, token.end)
        self.count()
        if token.kind == "bad":
            raise _bad(token)
        if token.kind == "number":
            self.take()
            cleaned = token.text.replace("_", "")
            return A.Num(float(cleaned) if "." in cleaned else int(cleaned), span)
        if token.kind == "string":
            self.take()
            return A.Str(_unquote(token.text), span)
        if token.kind == "keyword" and token.text in ("true", "false"):
            self.take()
            return A.Bool(token.text == "true", span)
        if token.kind == "name":
            self.take()
            if token.text == DATE_FORM and self.at("("):
                return self.date_literal(token)
            if self.at("("):
                # `__import__('os')`, `len(x)`: a rule file never calls anything
                raise ParseError(f"không được gọi hàm trong điều kiện: '{token.text}(...)'",
                                 f"conditions cannot call functions: '{token.text}(...)'", token.start, self.tok.end)
            return A.Field(token.text, span)
        if self.at("("):
            self.take()
            node = self.expr()
            self.expect(")")
            return node
        if self.at("["):
            raise ParseError("danh sách chỉ dùng sau 'in'", "a list can only follow 'in'", token.start, token.end)
        found = token.text or "hết điều kiện"
        found_en = token.text or "end of condition"
        raise ParseError(f"cần một giá trị hoặc tên trường, gặp '{found}'",
                         f"expected a value or a field id, found '{found_en}'", token.start, max(token.end, token.start + 1))


    def date_literal(self, token: Token) -> A.Date:
        """``date("YYYY-MM-DD")``: one quoted ISO day, a real calendar day."""
        self.expect("(")
        day_token = self.tok
        if day_token.kind != "string":
            raise ParseError('date(...) cần một ngày trong ngoặc kép, ví dụ date("2025-01-01")',
                             'date(...) takes one quoted day, e.g. date("2025-01-01")', day_token.start,
                             max(day_token.end, day_token.start + 1))
        self.take()
        text = _unquote(day_token.text)
        try:
            if not _ISO_DAY.fullmatch(text):
                raise ValueError(text)
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ParseError(f"'{text}' không phải một ngày dạng YYYY-MM-DD (ví dụ date(\"2025-01-01\"))",
                             f"'{text}' is not a day written YYYY-MM-DD (e.g. date(\"2025-01-01\"))",
                             day_token.start, day_token.end) from None
        self.expect(")")
        return A.Date(day, A.Span(token.start, self.tokens[self.i - 1].end))


def parse(text: str) -> A.Node:
    """Parse a condition; raises ParseError with the span of the problem."""
    if len(text) > MAX_LENGTH:
        raise ParseError(f"dài quá {MAX_LENGTH} ký tự", f"longer than {MAX_LENGTH} characters", 0, MAX_LENGTH, "K016")
    if not text.strip():
        raise ParseError("điều kiện rỗng", "empty condition", 0, 1)
    return _Parser(text).parse()
