"""Decoding CSV bytes: the encodings offices really send, and refusing to guess on anything else."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kcscore.tables.encoding import EncodingProblem, decode_bytes

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
VIETNAMESE_VOWELS = [
    unicodedata.normalize("NFC", base + tone)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in ("",) + tuple(TONE_MARKS)
]
ALPHABET = st.sampled_from(VIETNAMESE_VOWELS + list("bcdđghklmnpqrstvxĐBCGHT0123456789 ,;.\n"))
TAB_SAMPLE = "Mã hồ sơ\tTên cơ sở\nHS-01\tHợp tác xã Đông Hưng\n"  # Excel's "Unicode text" export
SAMPLE = "Mã hồ sơ;Tên cơ sở;Vốn\nHS-01;Hợp tác xã Đông Hưng;1,5 tỷ\nHS-02;Cơ sở Bưởi Ẩm thực;250.000.000\n"


def cp1258_bytes(text: str) -> bytes:
    """``text`` as Windows writes it in cp1258: letters with breve/circumflex/horn precomposed,
    tone marks as separate combining characters."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def test_cp1258_form_uses_combining_marks() -> None:
    assert cp1258_bytes("Hợp tác xã") == b"H\xf5\xf2p ta\xecc xa\xde"
    assert decode_bytes(b"H\xf5\xf2p ta\xecc xa\xde") == ("Hợp tác xã", "cp1258")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-32"), "utf-32"),
        (cp1258_bytes(SAMPLE), "cp1258"),
        (unicodedata.normalize("NFD", SAMPLE).encode("utf-8"), "utf-8"),
    ],
)
def test_detects_encoding_and_returns_nfc(data: bytes, encoding: str) -> None:
    assert decode_bytes(data) == (SAMPLE, encoding)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_excel_unicode_text_export(codec: str) -> None:
    """With a BOM (as Excel writes it) or without one, recognised by its NUL bytes."""
    assert decode_bytes(TAB_SAMPLE.encode(codec)) == (TAB_SAMPLE, codec)


@pytest.mark.parametrize(
    ("declared", "data", "used"),
    [
        ("cp1258", cp1258_bytes(SAMPLE), "cp1258"),
        ("windows-1258", cp1258_bytes(SAMPLE), "cp1258"),
        ("utf-16", SAMPLE.encode("utf-16"), "utf-16"),
        ("utf-8-sig", codecs.BOM_UTF8 + SAMPLE.encode(), "utf-8-sig"),
        ("UTF8", codecs.BOM_UTF8 + SAMPLE.encode(), "utf-8"),  # the BOM character is still dropped
    ],
)
def test_declared_encoding_and_aliases(declared: str, data: bytes, used: str) -> None:
    assert decode_bytes(data, declared) == (SAMPLE, used)


def test_declared_encoding_is_strict_and_names_the_line() -> None:
    data = b"a;b\nc;d\nH\xf5\xf2p\n"  # cp1258 bytes on line 3
    with pytest.raises(EncodingProblem) as caught:
        decode_bytes(data, "utf-8")
    problem = caught.value
    assert (problem.offset, problem.line) == (9, 3)
    assert "dòng 3" in problem.vi and "line 3" in problem.en
    assert "--encoding" in problem.expected_vi and "--encoding" in problem.expected_en


def test_unknown_declared_encoding() -> None:
    with pytest.raises(EncodingProblem, match="unknown encoding"):
        decode_bytes(b"abc", "klingon")
    with pytest.raises(EncodingProblem):
        decode_bytes(b"abc", "base64")  # not a text encoding


@pytest.mark.parametrize(
    "data",
    [
        "Grüße aus München".encode("cp1252"),  # German letters are not Vietnamese
        "Mañana".encode("cp1252"),
        "Šimon".encode("cp1252"),  # 0x8A is undefined in cp1258
        b"H\xeep t\xb8c x\xb7",  # "Hợp tác xã" in TCVN3 (.VnTime fonts)
        b"C\xa2Y",  # "CÂY" in TCVN3: a symbol inside a word
        b"ab\x01cd\xe0",  # control character
        b"b\xecc",  # a tone mark that does not sit on a vowel
        codecs.BOM_UTF8 + b"\xff",
    ],
)
def test_refuses_to_guess(data: bytes) -> None:
    with pytest.raises(EncodingProblem) as caught:
        decode_bytes(data)
    assert "--encoding" in caught.value.expected_en


def test_problem_names_tried_encodings_and_position() -> None:
    with pytest.raises(EncodingProblem) as caught:
        decode_bytes(b"ok\nGr\xfc\xdfe")
    problem = caught.value
    assert "UTF-8" in problem.vi and "cp1258" in problem.en
    assert (problem.offset, problem.line) == (5, 2)


def test_excel_workbook_is_not_text() -> None:
    with pytest.raises(EncodingProblem, match="xlsx"):
        decode_bytes(b"PK\x03\x04\x14\x00\x06\x00")


def test_empty_and_ascii() -> None:
    assert decode_bytes(b"") == ("", "utf-8")
    assert decode_bytes(b"a,b\r\n1,2\r\n") == ("a,b\r\n1,2\r\n", "utf-8")


@given(st.text(ALPHABET, max_size=60))
def test_round_trip_through_every_supported_encoding(text: str) -> None:
    expected = unicodedata.normalize("NFC", text)
    assert decode_bytes(text.encode("utf-8"))[0] == expected
    assert decode_bytes(unicodedata.normalize("NFD", text).encode("utf-8"))[0] == expected
    assert decode_bytes(text.encode("utf-8-sig"))[0] == expected
    assert decode_bytes(text.encode("utf-16"))[0] == expected
    try:
        legacy = cp1258_bytes(text)
    except UnicodeEncodeError:
        assume(False)
    assert decode_bytes(legacy)[0] == expected
    assert decode_bytes(legacy, "cp1258")[0] == expected
