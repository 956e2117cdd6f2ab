"""Text lines of a CSV or JSON file, decoded the way ``encoding.decode_bytes`` would, in constant memory.

Small files are decoded whole by ``decode_bytes`` itself. A large file (a province-wide list
can reach a million rows) cannot be, so its encoding is guessed from the first 64 KB with the same
function, and the whole file is then checked once, in a streaming pass, *before any row is
returned*: a cp1258 byte after 64 KB of plain ASCII, or a Windows-1252 letter far down the file,
must stop the run with a clear message instead of producing mojibake halfway through a ranking.
Lines are NFC-normalised one by one (a combining tone mark never crosses a line break).
"""

from __future__ import annotations

import codecs
import io
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kcscore.tables.encoding import EncodingProblem, decode_bytes, is_plausible_vietnamese
from kcscore.tables.table import TableError

__all__ = ["TextSource", "open_text", "table_error"]

SMALL_FILE = 8 * 1024 * 1024  # decoded whole, exactly as decode_bytes does
SAMPLE = 64 * 1024  # what a large file's encoding is guessed from
_CHUNK = 1024 * 1024
_BOM_CODECS = frozenset({"utf-8-sig", "utf-16", "utf-32"})


@dataclass
class TextSource:
    """The encoding used, and an iterator of NFC lines with their line breaks kept."""

    encoding: str
    lines: Iterator[str]


def table_error(problem: EncodingProblem) -> TableError:
    return TableError.of(problem.said, problem.expected, problem.line)


def _cut_at_line_end(sample: bytes) -> bytes:
    """The sample up to its last line break, so no character is cut in two. In UTF-16 (a byte
    order mark, or NUL bytes everywhere) a break is two bytes and the cut must stay even."""
    utf16 = sample[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or sample.count(0) * 4 > len(sample)
    end = len(sample)
    while (found := sample.rfind(b"\n", 0, end)) >= 0:
        cut = found + 1
        if utf16 and cut % 2 and sample[cut : cut + 1] == b"\x00":
            cut += 1  # little-endian: the break is 0A 00
        if not utf16 or cut % 2 == 0:
            return sample[:cut]
        end = found
    return sample[: len(sample) - len(sample) % 2] if utf16 else sample


def _bad_byte(encoding: str, offset: int, line: int) -> EncodingProblem:
    return EncodingProblem("encoding.bad_byte", offset=offset, line=line, name=encoding)


def _implausible(line: int) -> EncodingProblem:
    return EncodingProblem("encoding.implausible", line=line)


_VIETNAMESE = "".join(sorted({
    unicodedata.normalize("NFC", vowel + tone)
    for vowel in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY" for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
} - set("aeiouyAEIOUY"))) + "đĐ"
_PLAIN_VIETNAMESE = re.compile(f"[\x20-\x7e\t\n\r\f{_VIETNAMESE}]*")


def _plausible(text: str) -> bool:
    """``is_plausible_vietnamese``, with a fast path for text made only of ASCII and Vietnamese
    letters (always plausible), which is nearly every line of a real file."""
    return _PLAIN_VIETNAMESE.fullmatch(text) is not None or is_plausible_vietnamese(text)


def _check(path: Path, encoding: str, plausible: bool) -> None:
    """Decode the whole file strictly, chunk by chunk; with ``plausible``, also require every
    line to look like Vietnamese (the only proof that cp1258 was the right guess)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset, line, pending = 0, 1, ""
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                good = max(0, error.start - len(error.object) + len(chunk))
                seen = chunk[:good].decode(encoding, errors="replace").count("\n")
                raise _bad_byte(encoding, offset + good, line + seen) from None
            if plausible:
                text, pending = pending + text, ""
                if chunk:
                    cut = text.rfind("\n") + 1
                    text, pending = text[:cut], text[cut:]
                if not _plausible(unicodedata.normalize("NFC", text)):
                    for number, piece in enumerate(text.split("\n")):  # only to name the line
                        if not is_plausible_vietnamese(unicodedata.normalize("NFC", piece)):
                            raise _implausible(line + number)
                    raise _implausible(line)
            line += text.count("\n")
            offset += len(chunk)
            if not chunk:
                return


def _detect_large(path: Path, declared: str | None) -> str:
    """The encoding of a large file, checked over the whole file."""
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE)
        while b"\n" not in sample and len(sample) < 16 * SAMPLE and (more := handle.read(SAMPLE)):
            sample += more  # a very long first line: read on to its end
    _, encoding = decode_bytes(_cut_at_line_end(sample), declared)
    if declared is not None:
        _check(path, encoding, plausible=False)
        return encoding
    try:
        _check(path, encoding, plausible=encoding == "cp1258")
        return encoding
    except EncodingProblem as not_utf8:
        if encoding != "utf-8":
            raise
        try:
            _check(path, "cp1258", plausible=True)
        except EncodingProblem:
            raise _unrecognised(not_utf8) from None
        return "cp1258"


def _unrecognised(not_utf8: EncodingProblem) -> EncodingProblem:
    return EncodingProblem("encoding.unrecognised_at", offset=not_utf8.offset, line=not_utf8.line)


def _stream(path: Path, encoding: str) -> Iterator[str]:
    strip_bom = encoding not in _BOM_CODECS
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as text:
        for line in text:
            if strip_bom:
                strip_bom = False
                line = line.removeprefix("\ufeff")
            yield unicodedata.normalize("NFC", line)


def open_text(path: Path, declared: str | None = None) -> TextSource:
    """Open a text file: encoding from ``declared`` (``--encoding``) or detected, NFC lines.

    Raises TableError when the bytes cannot be decoded without guessing.
    """
    try:
        if os.path.getsize(path) <= SMALL_FILE:
            text, encoding = decode_bytes(path.read_bytes(), declared)
            return TextSource(encoding, iter(io.StringIO(text, newline="")))
        encoding = _detect_large(path, declared)
    except EncodingProblem as problem:
        raise table_error(problem) from None
    return TextSource(encoding, _stream(path, encoding))
