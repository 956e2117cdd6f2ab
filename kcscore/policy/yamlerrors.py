"""Say what a YAML syntax error means, in Vietnamese and English, at the place it happened.

The parser's own messages ("expected <block end>, but found '<block mapping start>'") are written
for people who know YAML's grammar. Policy staff get a plain sentence, the parser's words kept in
English only as a last resort, and — when the parser knows where the unclosed construct began —
that place too.
"""

from __future__ import annotations

import re
from typing import Any

from kcscore.policy.diagnostics import Diagnostic, Pos
from kcscore.policy.indentation import find_slip

_TOKENS = {
    "<block mapping start>": ("một bảng mới", "a new mapping"),
    "<block sequence start>": ("một danh sách mới", "a new list"),
    "<block end>": ("hết khối thụt lề", "the end of the indented block"),
    "<block entry>": ("'- '", "'- '"),
    "<scalar>": ("một giá trị", "a value"),
    "<stream end>": ("hết tệp", "the end of the file"),
    "<document start>": ("đầu tài liệu", "the start of the document"),
    "':'": ("':'", "':'"),
    "','": ("','", "','"),
}

_CONTEXTS = {
    "while parsing a flow sequence": ("danh sách [ mở", "the list opened"),
    "while parsing a flow mapping": ("bảng { mở", "the mapping opened"),
    "while scanning a quoted scalar": ("chuỗi trong ngoặc kép mở", "the quoted text opened"),
    "while scanning a double-quoted scalar": ("chuỗi trong ngoặc kép mở", "the quoted text opened"),
    "while scanning a simple key": ("khoá bắt đầu", "the key that starts"),
    "while parsing a block mapping": ("bảng bắt đầu", "the mapping that starts"),
    "while parsing a block collection": ("khối bắt đầu", "the block that starts"),
}


def _token(text: str, lang: int) -> str:
    text = text.strip()
    for raw, names in _TOKENS.items():
        if raw in text:
            return names[lang]
    return text


def _translate(problem: str) -> tuple[str, str, str | None]:
    """(vi, en, code) for a parser problem; code is K019 for tabs, else None."""
    if "'\\t'" in problem:
        return ("dùng ký tự tab để thụt lề; YAML chỉ chấp nhận dấu cách",
                "a tab is used for indentation; YAML only accepts spaces", "K019")
    found = re.search(r"but (?:found|got) (.+)$", problem)
    found_vi = _token(found.group(1), 0) if found else "?"
    found_en = _token(found.group(1), 1) if found else "?"
    if problem.startswith("expected ',' or ']'"):
        return (f"cần ',' hoặc ']' trong danh sách, gặp {found_vi}", f"expected ',' or ']' in the list, found {found_en}", None)
    if problem.startswith("expected ',' or '}'"):
        return (f"cần ',' hoặc '}}' trong bảng, gặp {found_vi}", f"expected ',' or '}}' in the mapping, found {found_en}", None)
    if problem.startswith("expected <block end>"):
        return (f"thụt lề không khớp với các dòng trên (gặp {found_vi})",
                f"the indentation does not match the lines above (found {found_en})", None)
    if problem.startswith("expected the node content"):
        return (f"thiếu giá trị (gặp {found_vi})", f"a value is missing (found {found_en})", None)
    if "mapping values are not allowed here" in problem:
        return ("dấu ':' không được dùng ở đây; đặt giá trị có ': ' trong ngoặc kép hoặc sửa thụt lề",
                "':' is not allowed here; quote a value that contains ': ' or fix the indentation", None)
    if "could not find expected ':'" in problem:
        return ("thiếu dấu ':' sau khoá", "missing ':' after a key", None)
    if "found unexpected end of stream" in problem:
        return ("tệp kết thúc khi chuỗi hoặc ngoặc còn chưa đóng", "the file ends inside an unclosed quote or bracket", None)
    if "sequence entries are not allowed here" in problem:
        return ("dòng '- ' không được dùng ở đây; kiểm tra thụt lề", "a '- ' entry is not allowed here; check the indentation", None)
    if "found unknown escape character" in problem:
        return ("ký tự thoát '\\' không hợp lệ trong chuỗi ngoặc kép; dùng ngoặc đơn", "invalid '\\' escape in double quotes; use single quotes", None)
    if "cannot start any token" in problem:
        char = re.search(r"character (.+?) that", problem)
        shown = char.group(1) if char else "?"
        return (f"ký tự {shown} không thể mở đầu một giá trị; đặt giá trị trong ngoặc kép",
                f"the character {shown} cannot start a value; quote the value", None)
    if "found undefined tag handle" in problem:
        return ("thẻ YAML không được phép trong tệp quy tắc", "YAML tags are not allowed in rule files", None)
    return (f"YAML không hợp lệ ({problem})", f"invalid YAML ({problem})", None)


_INDENTATION_PROBLEMS = ("mapping values are not allowed here", "expected <block end>",
                         "sequence entries are not allowed here", "could not find expected ':'")


def indentation_diagnostic(lines: list[str], error_line: int, file: str) -> Diagnostic | None:
    """A syntax error the parser noticed at ``error_line`` blamed on the mis-indented line, if one is evident."""
    slip = find_slip(lines, error_line)
    if slip is None:
        return None
    text = lines[slip.line - 1]
    pos = Pos(file, slip.line, slip.indent + 1, max(len(text.strip()), 1))
    if slip.expected is not None:
        vi = (f"có vẻ là lỗi thụt lề: dòng này thụt vào {slip.indent} dấu cách, "
              f"trong khi các dòng cùng cấp xung quanh thụt {slip.expected}")
        en = (f"this looks like an indentation problem: this line is indented {slip.indent} spaces "
              f"where the lines around it at the same level have {slip.expected}")
    else:
        vi = f"có vẻ là lỗi thụt lề: dòng này thụt vào {slip.indent} dấu cách, không khớp với các dòng xung quanh"
        en = f"this looks like an indentation problem: this line is indented {slip.indent} spaces, out of line with the lines around it"
    return Diagnostic.error("K001", pos, problem=vi, problem_en=en)


def syntax_diagnostic(exc: Any, file: str, lines: list[str] | None = None) -> Diagnostic:
    """One diagnostic for a ruamel MarkedYAMLError: position of the problem, context in words.

    An indentation slip is reported on the mis-indented line, which is often the line *before*
    the one the parser stopped at.
    """
    mark = exc.problem_mark or exc.context_mark
    pos = Pos(file, mark.line + 1, mark.column + 1) if mark is not None else Pos(file, 1, 1)
    problem = " ".join((exc.problem or exc.context or "").split())
    if lines is not None and exc.problem_mark is not None and problem.startswith(_INDENTATION_PROBLEMS):
        slip = indentation_diagnostic(lines, exc.problem_mark.line + 1, file)
        if slip is not None:
            return slip
    vi, en, code = _translate(problem)
    context = " ".join((exc.context or "").split())
    where = exc.context_mark
    if exc.problem and context in _CONTEXTS and where is not None and where is not mark:
        cvi, cen = _CONTEXTS[context]
        vi += f" ({cvi} ở dòng {where.line + 1}, cột {where.column + 1})"
        en += f" ({cen} at line {where.line + 1}, column {where.column + 1})"
    return Diagnostic.error(code or "K001", pos, problem=vi, problem_en=en)
