"""Reading single cell values the way Vietnamese offices write them.

Applicant tables come from many district offices, typed by hand into Excel or exported from older
systems. Vietnamese conventions come first: ``.`` groups thousands and ``,`` marks decimals
(``1.129.000.000``, ``1,5``), money is often written with unit words (``1,5 tỷ``, ``500 triệu``)
and dates are day first (``15/05/2018``). English forms are accepted only where they cannot be
mistaken for a Vietnamese one.

The governing principle is that an officer must never get a silently wrong number: anything
ambiguous is rejected with a :class:`ValueProblem` saying, in Vietnamese and English, what was
wrong and what would be accepted. Only the standard library is used, because this module sits on
the cold-start path of the command-line tool.
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
import re
import unicodedata
from decimal import Decimal, Inexact, localcontext

from kcscore.i18n import Message, Spoken, Twin
from kcscore.i18n import said as spoken

__all__ = [
    "ValueProblem",
    "fold",
    "is_blank",
    "normalise_text",
    "parse_bool",
    "parse_date",
    "parse_money",
    "parse_number",
    "has_percent_sign",
    "parse_percent",
]


class ValueProblem(Spoken, ValueError):
    """A cell that cannot be read as the expected type: what is wrong (``said``) and what would be
    accepted, with an example (``expected``), as catalogue codes and parameters said at the edge.

    Both are the exception's ``args`` so that it survives pickling (e.g. across worker processes).
    ``vi``, ``en``, ``expected_vi``, ``expected_en`` say them in one language.
    """

    def __init__(self, said: Message, expected: Message | Twin) -> None:
        super().__init__(said, expected)
        self.said = said
        self.expected = expected

    @property
    def expected_vi(self) -> str:
        return str(spoken(self.expected, "vi"))

    @property
    def expected_en(self) -> str:
        return str(spoken(self.expected, "en"))

    def __str__(self) -> str:
        return f"{self.vi} ({self.en})"


def _problem(code: str, raw: object, expected: Message, **params: object) -> ValueProblem:
    """The problem ``value.<code>`` about the cell ``raw`` (quoted as ``shown``), with what is expected."""
    return ValueProblem(Message(f"value.{code}", {"shown": _shown(raw), **params}), expected)


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------

# Characters Excel and web forms leave around cell contents that str.strip() does not remove.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_EDGES = re.compile(rf"^[\s{_INVISIBLE}]+|[\s{_INVISIBLE}]+$")
_INVISIBLE_RUN = re.compile(f"[{_INVISIBLE}]+")
_WHITESPACE_RUN = re.compile(r"\s+")
_SHOWN_LIMIT = 40


def _strip(text: str) -> str:
    """Strip whitespace (including non-breaking and thin spaces) and zero-width characters."""
    return _EDGES.sub("", text)


def is_blank(raw: object) -> bool:
    """True for values meaning "not filled in": None, empty or whitespace-only text, NaN.

    Readers of Excel files produce NaN for empty cells, and CSV readers produce "" or spaces, so
    all of them must count as blank (unknown), never as zero or false.
    """
    if raw is None:
        return True
    if isinstance(raw, str):
        return _strip(raw) == ""
    if isinstance(raw, Decimal):
        return raw.is_nan()
    if isinstance(raw, float):
        return math.isnan(raw)
    return False


def _as_text(raw: object) -> str:
    """Text for a non-text cell, so that a code Excel stored as 123.0 reads back as "123"."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (_dt.date, _dt.datetime)):
        return raw.isoformat()
    return str(raw)


def normalise_text(raw: object) -> str | None:
    """Cell text in NFC with surrounding whitespace removed; None when the cell is blank.

    NFC matters because the same Vietnamese word typed on different keyboards (Unikey, macOS,
    phones) arrives precomposed or with combining marks, and must compare equal.
    """
    if is_blank(raw):
        return None
    text = raw if isinstance(raw, str) else _as_text(raw)
    return _strip(unicodedata.normalize("NFC", text)) or None


def fold(text: str) -> str:
    """A key for matching headers and labels typed by people: case, spacing and Unicode form ignored.

    ``"  Mã  HỒ sơ "`` and its NFD form fold to ``"mã hồ sơ"``. Diacritics are kept: in
    Vietnamese they change the word (``ma``, ``mã``, ``má`` are different words).
    """
    text = _INVISIBLE_RUN.sub("", unicodedata.normalize("NFC", text))
    # casefold() can leave a string that is no longer NFC, so normalise again afterwards.
    folded = unicodedata.normalize("NFC", text.casefold())
    return _WHITESPACE_RUN.sub(" ", folded).strip()


def _shown(raw: object) -> str:
    """The value as quoted in messages: cleaned, and cut short so a message stays one line."""
    text = _strip(unicodedata.normalize("NFC", raw)) if isinstance(raw, str) else str(raw)
    return text if len(text) <= _SHOWN_LIMIT else text[: _SHOWN_LIMIT - 1] + "…"


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------

_NUMBER_EXPECTED = Message("value.expected.number")
_INTEGER_EXPECTED = Message("value.expected.integer")

# Space-like thousands separators: space, no-break space, figure, punctuation, thin, narrow no-break.
_SPACE_SEPARATORS = re.compile("[ \u00a0\u2007\u2008\u2009\u202f]")
_NUMBER_BODY = re.compile(r"[0-9][0-9., ]*")
_SIGNS = {"-": "-", "\u2212": "-", "+": ""}


def _not_a_number(raw: object) -> ValueProblem:
    return _problem("not_a_number", raw, _NUMBER_EXPECTED)


def _bad_grouping(raw: object) -> ValueProblem:
    return _problem("bad_grouping", raw, _NUMBER_EXPECTED)


def _ambiguous(raw: object, why: str) -> ValueProblem:
    """A number that reads two ways; ``why`` is the ``value.why.*`` code that says which."""
    return _problem("ambiguous", raw, _NUMBER_EXPECTED, why=Message(f"value.why.{why}"))


def _ungroup(text: str, separator: str, raw: object) -> str:
    """Digits of ``text`` grouped by ``separator``: first group 1-3 digits, then exactly 3 each.

    A first group of ``0`` (``0.500``) is refused: nobody groups thousands after a zero, so the
    writer almost certainly meant a decimal in the other convention.
    """
    groups = text.split(separator)
    if len(groups) == 1:
        return _digits(text, raw)
    first, rest = groups[0], groups[1:]
    if not (1 <= len(first) <= 3 and first.isdigit()) or any(len(g) != 3 or not g.isdigit() for g in rest):
        raise _bad_grouping(raw)
    if first.startswith("0"):
        raise _ambiguous(raw, "leading_zero")
    return "".join(groups)


def _digits(text: str, raw: object) -> str:
    """``text`` itself when it is a non-empty run of ASCII digits (``5.`` and ``,5`` are refused)."""
    if not text or not (text.isascii() and text.isdigit()):
        raise _not_a_number(raw)
    return text


def _split_space_grouped(body: str, raw: object) -> tuple[str, str | None]:
    """Integer and fraction digits of ``1 129 000,50``-style text (spaces group thousands)."""
    decimal_marks = body.count(",") + body.count(".")
    if decimal_marks > 1:
        raise _not_a_number(raw)
    if decimal_marks == 0:
        return _ungroup(body, " ", raw), None
    mark = "," if "," in body else "."
    integer, fraction = body.split(mark)
    if mark == "." and len(fraction) == 3:
        raise _ambiguous(raw, "space_and_dot")
    return _ungroup(integer, " ", raw), _digits(fraction, raw)


def _split_marks(body: str, raw: object) -> tuple[str, str | None]:
    """Integer and fraction digits of text using ``.`` and ``,`` (see the module rules).

    One comma is always the Vietnamese decimal comma (``1,129`` is 1.129). One dot followed by
    exactly three digits groups thousands (``1.500`` is 1500); otherwise it is an English decimal
    point (``2.5``). Several of the same mark group thousands. With both marks, the last one is
    the decimal separator and the other groups thousands.
    """
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        if body.count(decimal_mark) != 1:
            raise _not_a_number(raw)
        integer, fraction = body.split(decimal_mark)
        return _ungroup(integer, group_mark, raw), _digits(fraction, raw)
    if commas == 1:
        integer, fraction = body.split(",")
        return _digits(integer, raw), _digits(fraction, raw)
    if dots == 1 and len(body.split(".")[1]) != 3:
        integer, fraction = body.split(".")
        return _digits(integer, raw), _digits(fraction, raw)
    return _ungroup(body, "," if commas else ".", raw), None


def _split_sign(text: str) -> tuple[str, str]:
    """(``"-"`` or ``""``, rest) for text with an optional leading ``-``, ``−`` or ``+``."""
    if text[:1] in _SIGNS:
        return _SIGNS[text[0]], text[1:]
    return "", text


def _text_to_decimal(text: str, raw: object) -> tuple[Decimal, bool]:
    """The exact value of a written number and whether it had a fractional part written."""
    body = _SPACE_SEPARATORS.sub(" ", _strip(unicodedata.normalize("NFC", text)))
    sign, body = _split_sign(body)
    if not _NUMBER_BODY.fullmatch(body):
        raise _not_a_number(raw)
    split = _split_space_grouped if " " in body else _split_marks
    integer, fraction = split(body, raw)
    written = integer if fraction is None else f"{integer}.{fraction}"
    return Decimal(sign + written), fraction is not None


def _real_to_decimal(raw: object, expected: Message = _NUMBER_EXPECTED) -> Decimal:
    """The exact value of a Python number cell (int, float, Decimal); booleans and NaN refused.

    A bool is an int in Python, but a True in a numeric column is a data error, not the number 1.
    """
    if isinstance(raw, bool):
        raise _problem("true_false", raw, expected)
    if isinstance(raw, numbers.Integral):
        return Decimal(int(raw))
    value = raw if isinstance(raw, Decimal) else Decimal(float(raw))  # type: ignore[arg-type]
    if not value.is_finite():
        raise _problem("not_finite", raw, expected)
    return value


def _is_python_number(raw: object) -> bool:
    return isinstance(raw, (numbers.Real, Decimal))


def _is_whole(value: Decimal) -> bool:
    return value == value.to_integral_value()


def _not_whole(raw: object) -> ValueProblem:
    return _problem("not_whole", raw, _INTEGER_EXPECTED)


def _to_float(value: Decimal, raw: object) -> float:
    result = float(value)
    if not math.isfinite(result):
        raise _problem("too_large", raw, _NUMBER_EXPECTED)
    return result


def _wrong_type(raw: object, expected: Message) -> ValueProblem:
    """The problem for a blank or a non-text, non-number cell (e.g. a list from a YAML file)."""
    if is_blank(raw):
        return ValueProblem(Message("value.empty"), expected)
    return _problem("wrong_type", raw, expected, type=type(raw).__name__)


def _has_fraction(raw: object) -> bool:
    """Whether a Python number cell is of a fractional kind (so parse_number returns a float)."""
    if isinstance(raw, numbers.Integral):
        return False
    if isinstance(raw, Decimal):
        return raw.as_tuple().exponent < 0  # type: ignore[operator]
    return True


def _reject_non_value(raw: object, expected: Message) -> None:
    """Raise for blanks and for cells that are neither text nor a Python number."""
    if is_blank(raw) or not (isinstance(raw, str) or _is_python_number(raw)):
        raise _wrong_type(raw, expected)


def parse_number(raw: object, *, integral: bool = False) -> int | float:
    """A number from a cell, Vietnamese conventions first; ValueProblem when it is not one.

    Written numbers without a fractional part come back as int (exactly, however large), others
    as float. With ``integral=True`` the result is always an int and a fractional value is an
    error; a whole float such as 12.0 from Excel is accepted. Blank cells are refused: callers
    decide what a blank means before calling this.
    """
    _reject_non_value(raw, _NUMBER_EXPECTED)
    if isinstance(raw, str):
        value, has_fraction = _text_to_decimal(raw, raw)
    else:
        value, has_fraction = _real_to_decimal(raw), _has_fraction(raw)
    if integral:
        if not _is_whole(value):
            raise _not_whole(raw)
        return int(value)
    return _to_float(value, raw) if has_fraction else int(value)


# ---------------------------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------------------------

_MONEY_EXPECTED = Message("value.expected.money")

_UNITS: dict[str, int] = {
    "tỷ": 10**9,
    "tỉ": 10**9,
    "ty": 10**9,
    "triệu": 10**6,
    "trieu": 10**6,
    "tr": 10**6,
    "nghìn": 10**3,
    "ngàn": 10**3,
    "nghin": 10**3,
    "ngan": 10**3,
    "k": 10**3,
}
# Longest first so that "triệu" is not read as "tr" + "iệu"; a unit is a whole word ("500tr" is fine).
_UNIT_WORDS = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_UNIT_SPLIT = re.compile(rf"(?<![^\W\d_])({_UNIT_WORDS})\.?(?![^\W\d_])")
_CURRENCY = "vnđ|vnd|đồng|đ|₫"
_CURRENCY_PREFIX = re.compile(rf"^(?:{_CURRENCY})\s*")
_CURRENCY_SUFFIX = re.compile(rf"\s*(?:{_CURRENCY})\.?$")


def _not_money(raw: object) -> ValueProblem:
    return _problem("not_money", raw, _MONEY_EXPECTED)


def _amount(text: str, raw: object) -> Decimal:
    """One unsigned number inside a money cell; money messages rather than plain-number ones."""
    if not text[:1].isdigit():
        raise _not_money(raw)
    try:
        return _text_to_decimal(text, raw)[0]
    except ValueProblem as problem:
        raise ValueProblem(problem.said, _MONEY_EXPECTED) from None


# One dot and exactly three digits: "1.129" groups thousands by the Vietnamese convention, but before a
# unit word people also write it as a decimal point ("1.129 tỷ" meaning 1,129 tỷ).
_DOT_BEFORE_UNIT = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")


def _grouped(value: Decimal) -> str:
    """An amount in đồng the Vietnamese way: dots group thousands (1.129.000.000), a comma marks decimals."""
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", ".")
    whole, fraction = format(value.normalize(), "f").split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + fraction


def _refuse_dot_before_unit(text: str, unit_word: str, unit: int, raw: object) -> None:
    """Refuse ``1.129 tỷ``: read with the dot grouping thousands it is a thousand times the amount
    read with the dot as a decimal point, and both are written in practice. Both readings are named,
    with how to write each so that it cannot be misread."""
    if not _DOT_BEFORE_UNIT.fullmatch(text):
        return
    digits = text.replace(".", "")
    raise _problem("dot_before_unit", raw, _MONEY_EXPECTED, small=_grouped(Decimal(text) * unit),
                   large=_grouped(Decimal(digits) * unit), comma=f"{text.replace('.', ',')} {unit_word}",
                   digits=f"{digits} {unit_word}")


def _sum_unit_parts(parts: list[str], raw: object) -> Decimal:
    """Total of ``[amount, unit, amount, unit, ..., tail]`` as split by the unit-word pattern.

    Units must go from large to small and each later part must be smaller than the unit before
    it (``1 tỷ 129 triệu``), and nothing may follow the last unit: in speech ``1 tỷ 2`` means
    1,2 tỷ, which is exactly the kind of guess this module refuses to make.
    """
    tail = parts[-1].strip()
    if tail:
        raise _problem("after_last_unit", raw, _MONEY_EXPECTED, tail=tail)
    total, previous_unit = Decimal(0), None
    for text, unit_word in zip(parts[0:-1:2], parts[1:-1:2]):
        unit = _UNITS[unit_word]
        _refuse_dot_before_unit(text.strip(), unit_word, unit, raw)
        amount = _amount(text.strip(), raw)
        if previous_unit is not None and (unit >= previous_unit or amount * unit >= previous_unit):
            raise _problem("unit_order", raw, _MONEY_EXPECTED)
        total += amount * unit
        previous_unit = unit
    return total


def _money_text(text: str, raw: object) -> Decimal:
    """The exact amount written in a money cell, before the whole-đồng check."""
    folded = _CURRENCY_SUFFIX.sub("", _CURRENCY_PREFIX.sub("", fold(text)))
    sign, body = _split_sign(folded)
    parts = _UNIT_SPLIT.split(body.strip())
    total = _amount(parts[0], raw) if len(parts) == 1 else _sum_unit_parts(parts, raw)
    return -total if sign else total


def parse_money(raw: object) -> int:
    """An amount in whole đồng from a cell: ``250.000.000 đ``, ``1,129 tỷ``, ``1 tỷ 129 triệu``.

    Computed exactly with Decimal, and refused unless it is a whole number of đồng: a fractional
    đồng means the cell was misread or mistyped. Whole floats from Excel are accepted. Bounds
    (e.g. negative amounts) are checked by the caller, which knows the field.
    """
    _reject_non_value(raw, _MONEY_EXPECTED)
    if isinstance(raw, str):
        with localcontext() as context:
            context.prec = len(raw) + 30  # exact for any amount the text can express
            context.traps[Inexact] = True
            value = _money_text(raw, raw)
    else:
        value = _real_to_decimal(raw, _MONEY_EXPECTED)
    if not _is_whole(value):
        raise _problem("not_whole_dong", raw, _MONEY_EXPECTED)
    return int(value)


# ---------------------------------------------------------------------------------------------
# Percentages
# ---------------------------------------------------------------------------------------------

_PERCENT_EXPECTED = Message("value.expected.percent")
_PERCENT_SIGN = re.compile(r"\s*[%％]$")


def has_percent_sign(raw: object) -> bool:
    """Whether a cell is text written with a trailing percent sign (``30%``, ``12,5 ％``)."""
    return isinstance(raw, str) and _PERCENT_SIGN.search(raw.rstrip()) is not None


def parse_percent(raw: object) -> float:
    """A percentage on the 0-100 scale exactly as written: ``45``, ``45%``, ``45,5 %``, 45.5.

    No rescaling of 0.45 to 45 is attempted (that would be a guess); range checks belong to the
    caller, which knows the field.
    """
    _reject_non_value(raw, _PERCENT_EXPECTED)
    try:
        if isinstance(raw, str):
            value = _text_to_decimal(_PERCENT_SIGN.sub("", _strip(raw)), raw)[0]
        else:
            value = _real_to_decimal(raw)
        return _to_float(value, raw)
    except ValueProblem as problem:
        raise ValueProblem(problem.said, _PERCENT_EXPECTED) from None


# ---------------------------------------------------------------------------------------------
# Booleans
# ---------------------------------------------------------------------------------------------

# The words listed in messages, then the same words typed without diacritics (no Vietnamese keyboard).
_TRUE_SHOWN = ("có", "x", "đúng", "rồi", "đã có", "true", "yes", "y", "1")
_FALSE_SHOWN = ("không", "ko", "sai", "chưa", "chưa có", "false", "no", "n", "0")
_TRUE_WORDS = _TRUE_SHOWN + ("co", "dung", "roi", "da co")
_FALSE_WORDS = _FALSE_SHOWN + ("khong", "chua", "chua co")
_BOOLEANS: dict[str, bool] = {**{w: True for w in _TRUE_WORDS}, **{w: False for w in _FALSE_WORDS}}
_NUMBER_BOOLEANS: dict[object, bool] = {1: True, 0: False}  # 1.0, Decimal(1)... hash equal to 1
_BOOL_EXPECTED = Message("value.expected.yes_no", {"yes": ", ".join(_TRUE_SHOWN), "no": ", ".join(_FALSE_SHOWN)})


def _not_a_bool(raw: object) -> ValueProblem:
    return _problem("not_yes_no", raw, _BOOL_EXPECTED)


def parse_bool(raw: object) -> bool:
    """Yes/no from a cell, in the words offices use (``có``, ``x``, ``chưa có``...).

    Matching ignores case, spacing and Unicode form. Numbers are accepted only as exactly 1 or 0
    (also 1.0/0.0 from Excel); anything else, such as 2 or ``có lẽ``, is refused rather than
    guessed.
    """
    if isinstance(raw, bool):
        return raw
    _reject_non_value(raw, _BOOL_EXPECTED)
    answer = _BOOLEANS.get(fold(raw)) if isinstance(raw, str) else _NUMBER_BOOLEANS.get(raw)
    if answer is None:
        raise _not_a_bool(raw)
    return answer


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

_DATE_EXPECTED = Message("value.expected.date")
_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
# An ISO date, optionally with the time some exporters append ("2018-05-15 00:00:00"); the time is dropped.
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_EXCEL_LAST_SERIAL = 2958465  # 9999-12-31
_EXCEL_FAKE_LEAP_DAY = 60  # Excel's 1900-02-29, a day that never existed


def _not_a_date(raw: object, code: str = "not_a_date", **params: object) -> ValueProblem:
    return _problem(code, raw, _DATE_EXPECTED, **params)


def _calendar_date(year: int, month: int, day: int, raw: object) -> _dt.date:
    """The date, or a problem that says why not; a month above 12 is blamed on MM/DD order."""
    if month > 12:
        raise _not_a_date(raw, "no_such_month", month=month)
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise _not_a_date(raw, "no_such_day") from None


def _excel_serial(raw: object) -> _dt.date:
    """The date of an Excel serial number (1900 system, time of day dropped).

    Excel counts 1900-01-01 as day 1 and, copying Lotus 1-2-3, believes 1900 was a leap year, so
    serials from 61 on are one higher than a true count and serial 60 is no real day.
    """
    value = _real_to_decimal(raw, _DATE_EXPECTED)
    if not 1 <= value < _EXCEL_LAST_SERIAL + 1:
        raise _not_a_date(raw, "excel_serial", last=_EXCEL_LAST_SERIAL)
    serial = int(value)
    if serial == _EXCEL_FAKE_LEAP_DAY:
        raise _not_a_date(raw, "excel_leap_day")
    epoch = _dt.date(1899, 12, 31) if serial < _EXCEL_FAKE_LEAP_DAY else _dt.date(1899, 12, 30)
    return epoch + _dt.timedelta(days=serial)


def _date_text(text: str, raw: object) -> _dt.date:
    cleaned = _strip(unicodedata.normalize("NFC", text))
    day_first = _DAY_FIRST.fullmatch(cleaned)
    if day_first:
        day, _, month, year = day_first.groups()
        return _calendar_date(int(year), int(month), int(day), raw)
    iso = _ISO.fullmatch(cleaned)
    if iso:
        year, month, day = iso.groups()
        return _calendar_date(int(year), int(month), int(day), raw)
    raise _not_a_date(raw)


def parse_date(raw: object) -> _dt.date:
    """A date from a cell: ``15/05/2018``, ``15.05.2018``, ``2018-05-15``, a date object or an Excel serial.

    Day/month order is never guessed: ``12/31/2020`` is an error naming the DD/MM/YYYY format,
    and ``05/06/2020`` is always 5 June. Text made only of digits is not taken as an Excel
    serial, since in a text file it is more likely a mistyped date.
    """
    if isinstance(raw, _dt.datetime):
        return raw.date()
    if isinstance(raw, _dt.date):
        return raw
    _reject_non_value(raw, _DATE_EXPECTED)
    return _date_text(raw, raw) if isinstance(raw, str) else _excel_serial(raw)
