"""Decoding the raw bytes of CSV and text files sent in by district offices.

Files arrive as UTF-8 (with or without the BOM Excel writes for "CSV UTF-8"), as UTF-16 (Excel's
"Unicode text" export) or as Windows-1258, the Windows Vietnamese code page older machines still
save CSV in. Windows-1258 writes most tone marks as separate combining characters, so its text
must be NFC-normalised before it can be compared with anything typed elsewhere.

Guessing wrong is worse than stopping: a Windows-1252 or TCVN3 file read as Windows-1258 yields
plausible-looking but wrong names. So a guess is only accepted when the decoded text is plausible
Vietnamese; otherwise :class:`EncodingProblem` says what was tried and how to name the encoding
with ``--encoding``. Only the standard library is used (cold-start path).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from kcscore.i18n import Message, Spoken

__all__ = ["EncodingProblem", "decode_bytes", "is_plausible_vietnamese"]

# Signatures of spreadsheet files that were given where a text file was expected.
_SPREADSHEET_MAGIC = {b"PK\x03\x04": "xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "xls"}
_UTF16_SAMPLE = 4096
_UTF16_MANY_NULS = 0.3
_UTF16_FEW_NULS = 0.05


class EncodingProblem(Spoken, ValueError):
    """Bytes that cannot be decoded, or whose encoding cannot be recognised safely.

    ``said`` (what is wrong) and ``expected`` (what to do) are catalogue codes with their
    parameters (``i18n/tables.py``, ``encoding.*``), said where the problem is shown; ``offset`` /
    ``line`` are those of the first bad byte when known (else None). It survives pickling.
    """

    def __init__(self, code: str, expected: str = "encoding.hint.save_utf8", offset: int | None = None,
                 line: int | None = None, **params: object) -> None:
        super().__init__(code, expected, offset, line, params)
        self._params = params  # the position is a parameter of the message too, where it says it
        self.said = Message(code, {**params, "offset": offset, "line": line})
        self.expected = Message(expected)
        self.offset = offset
        self.line = line

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (_problem, (self.said.code, self.expected.code, self.offset, self.line, dict(self._params)))

    @property
    def expected_vi(self) -> str:
        return self.expected.say("vi")

    @property
    def expected_en(self) -> str:
        return self.expected.say("en")

    def __str__(self) -> str:
        return f"{self.vi} ({self.en})"


def _problem(code: str, expected: str, offset: int | None, line: int | None, params: dict[str, object]) -> EncodingProblem:
    """An EncodingProblem rebuilt from its parts (unpickling)."""
    return EncodingProblem(code, expected, offset, line, **params)


# ---------------------------------------------------------------------------------------------
# Plausible Vietnamese
# ---------------------------------------------------------------------------------------------

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
_VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", vowel + tone) for vowel in _VOWELS + _VOWELS.upper() for tone in _TONES
) | {"đ", "Đ"}
# Non-ASCII punctuation and symbols of cp1258 seen in real office files. The others (¸ · ¨ ª ¬ ...)
# are left out on purpose: they are what TCVN3-encoded Vietnamese letters look like in cp1258.
_PLAUSIBLE_SYMBOLS = frozenset("\u00a0€‚„…†‡‰‹›‘’“”•–—™¢£¥§©«»®°±²³µ¹¼½¾×÷₫")


# Characters that need a closer look: anything but printable ASCII, tab and line breaks.
_UNUSUAL = re.compile("[^\x20-\x7e\t\n\r\f]")


def _is_letter(char: str) -> bool:
    return (char.isascii() and char.isalpha()) or char in _VIETNAMESE_LETTERS


def _inside_word(text: str, index: int) -> bool:
    return 0 < index < len(text) - 1 and _is_letter(text[index - 1]) and _is_letter(text[index + 1])


def _char_is_plausible(text: str, index: int) -> bool:
    """Whether the unusual character at ``index`` could be in a Vietnamese office file.

    Latin-1 symbols between two letters are refused: that is how TCVN3 letters look when read as
    cp1258 ("C¢Y" for "CÂY").
    """
    char = text[index]
    if char in _VIETNAMESE_LETTERS:
        return True
    if char not in _PLAUSIBLE_SYMBOLS:
        return False
    return not ("\u00a1" <= char <= "\u00ff" and _inside_word(text, index))


def is_plausible_vietnamese(text: str) -> bool:
    """Whether NFC text looks like Vietnamese or plain ASCII rather than a mis-decoded file.

    Every non-ASCII letter must be a Vietnamese letter (so combining tone marks must have joined
    a vowel: a mark left over after NFC means the bytes were not Windows-1258), controls other
    than tab and line breaks are refused, and only common punctuation may appear.
    """
    return all(_char_is_plausible(text, match.start()) for match in _UNUSUAL.finditer(text))


# ---------------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------------


def _finish(text: str) -> str:
    """NFC text without a leading BOM character (some codecs keep it, e.g. plain utf-8)."""
    text = unicodedata.normalize("NFC", text)
    return text[1:] if text.startswith("\ufeff") else text


def _line_of(data: bytes, offset: int, encoding: str) -> int:
    """1-based line number of byte ``offset``, counting line breaks decoded so far."""
    return data[:offset].decode(encoding, errors="replace").count("\n") + 1


def _decode_declared(data: bytes, declared: str) -> tuple[str, str]:
    """Decode strictly with the encoding the user named; say where it fails."""
    try:
        name = codecs.lookup(declared).name
        text = data.decode(name)
    except LookupError:
        raise EncodingProblem("encoding.unknown", "encoding.hint.name", name=declared) from None
    except UnicodeDecodeError as error:
        line = _line_of(data, error.start, name)
        raise EncodingProblem("encoding.bad_byte", offset=error.start, line=line, name=name) from None
    return _finish(text), name


def _bom_encoding(data: bytes) -> str | None:
    """The encoding announced by a byte-order mark, if any (UTF-32 marks are checked first
    because the UTF-32-LE mark begins with the UTF-16-LE one)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _guess_utf16(data: bytes) -> str | None:
    """utf-16-le/-be for BOM-less UTF-16, recognised by NUL bytes in alternate positions.

    Text in UTF-16 has a zero high byte for every ASCII character (digits, separators, spaces),
    which never happens in UTF-8 or Windows-1258 text.
    """
    sample = data[:_UTF16_SAMPLE]
    if len(sample) < 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if nul_odd >= _UTF16_MANY_NULS and nul_even <= _UTF16_FEW_NULS:
        return "utf-16-le"
    if nul_even >= _UTF16_MANY_NULS and nul_odd <= _UTF16_FEW_NULS:
        return "utf-16-be"
    return None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _spreadsheet_problem(kind: str) -> EncodingProblem:
    return EncodingProblem("encoding.spreadsheet", "encoding.hint.excel_reader", kind=kind)


def _unrecognised(data: bytes) -> EncodingProblem:
    """The problem for bytes no candidate encoding reads plausibly, naming the first non-UTF-8 byte."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        offset, line = error.start, _line_of(data, error.start, "utf-8")
        return EncodingProblem("encoding.unrecognised_at", offset=offset, line=line)
    return EncodingProblem("encoding.unrecognised")


def _detect(data: bytes) -> tuple[str, str]:
    bom = _bom_encoding(data)
    if bom is not None:
        text = _try(data, bom)
        if text is None:
            return _decode_declared(data, bom)  # raises, naming the bad byte
        return _finish(text), bom
    for magic, kind in _SPREADSHEET_MAGIC.items():
        if data.startswith(magic):
            raise _spreadsheet_problem(kind)
    utf16 = _guess_utf16(data)
    text = _try(data, utf16) if utf16 else None
    if utf16 and text is not None:
        return _finish(text), utf16
    text = _try(data, "utf-8")
    if text is not None:
        return _finish(text), "utf-8"
    text = _try(data, "cp1258")
    if text is not None and is_plausible_vietnamese(normalised := _finish(text)):
        return normalised, "cp1258"
    raise _unrecognised(data)


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text in NFC, encoding name used).

    With ``declared`` (e.g. from ``--encoding``) that encoding is used strictly, and a bad byte
    is reported with its offset and line. Otherwise the encoding is detected: a byte-order mark,
    BOM-less UTF-16, UTF-8, then Windows-1258 only if the result is plausible Vietnamese.
    """
    if declared is not None:
        return _decode_declared(data, declared)
    return _detect(data)
