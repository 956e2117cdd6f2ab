"""Text cells that a spreadsheet shows and never runs (formula injection, CSV injection).

An applicant list comes from many hands; a facility name typed as ``=HYPERLINK(...)`` or
``+84 ...`` or ``-Hộ A`` must reach the officer's Excel as text. Spreadsheets treat a cell that
starts with ``=``, ``+``, ``-`` or ``@`` (and, after trimming, one led by tab or carriage return)
as a formula, so:

- in CSV the text gets a leading apostrophe (``'=1+2``), the mitigation Excel and LibreOffice
  both honour; the apostrophe is visible when the file is opened as plain text;
- in XLSX the text is written as an explicit string cell with Excel's "quote prefix" style (the
  same thing Excel does when a user types ``'=1+2``), so the cell shows exactly the original text,
  stays text when edited, and reads back unchanged.

Only text is guarded: numbers (including negative points such as ``-3``) stay numbers.
"""

from __future__ import annotations

import re
import unicodedata

# ASCII triggers and their full-width forms, which some East Asian Excel builds also evaluate.
TRIGGERS = frozenset("=+-@＝＋－＠")
_LEADING_CONTROL = "\t\r\n"

# Characters XML 1.0 cannot carry (openpyxl refuses them); tab, LF and CR are allowed.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

__all__ = ["TRIGGERS", "needs_guard", "safe_cell", "clean_text"]


def needs_guard(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula."""
    if not text:
        return False
    if text[0] in _LEADING_CONTROL:
        return True
    stripped = text.lstrip(" \u00a0")  # Excel skips leading spaces before '=' in some imports
    return bool(stripped) and stripped[0] in TRIGGERS


def safe_cell(text: str) -> str:
    """The text to put in a CSV cell: prefixed with ``'`` when it could run as a formula."""
    return "'" + text if needs_guard(text) else text


def clean_text(text: str) -> str:
    """NFC-normalised text without the control characters an XLSX file cannot hold."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _XML_ILLEGAL.sub("", text)
