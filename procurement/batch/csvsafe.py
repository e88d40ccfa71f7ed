"""Exported cells that a spreadsheet can never run as formulas (CSV/Excel injection).

A text cell is first *cleaned*, then *neutralised*, in that order (the other way round, a
character removed after the check could uncover a formula: ``"\\x01=HYPERLINK(…)"``):

1. :func:`clean_text` removes what a workbook (XML) cannot hold and a spreadsheet would drop
   or treat as a line break: control characters other than tab and line feed, DEL, the C1
   controls, lone surrogates and U+FFFE/U+FFFF; a carriage return (alone or before a line
   feed) becomes a line feed, so a file never holds a bare CR (which a reader may take as the
   end of a row).
2. :func:`neutralise` puts an apostrophe before every *part* of the text that a spreadsheet
   could read as a formula. A part starts at the beginning of the cell and after every comma,
   semicolon, tab or line break: a reader that splits the file at another separator than the
   writer meant (Swedish Excel splits at ``;``, a text import at tab) or that loses a quote
   sees each part as a cell of its own. A part is a formula risk when its first character,
   after white space, quotes and invisible format characters (which a spreadsheet may strip),
   is ``=``, ``+``, ``-`` or ``@``, or one of their full-width or small forms; a cell that
   starts with a tab or a line break is neutralised as well.

Numbers, booleans, dates and empty cells are left alone: a number stays a number.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

__all__ = ["TRIGGERS", "clean_text", "neutralise", "neutralise_frame", "safe_text"]

# The formula triggers and every character that Unicode compatibility folding (NFKC) turns
# into one of them (tests/test_csvsafe.py checks the list against unicodedata).
TRIGGERS = "=+-@\u207a\u207c\u208a\u208c\ufb29\ufe62\ufe63\ufe66\ufe6b\uff0b\uff0d\uff1d\uff20"
# What a spreadsheet may skip before a part's first character: white space, quotes and
# the invisible format characters (Unicode category Cf, checked by the tests).
_SKIP = (
    r"\s\"\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    r"\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    r"\U000e0020-\U000e007f"
)
_ESCAPED = re.escape(TRIGGERS)
_PART_START = r"(?:^|(?<=[,;\t\n\u2028\u2029]))"
_RISKY = re.compile(rf"^(?=[\t\n])|{_PART_START}(?=[{_SKIP}]*[{_ESCAPED}])")
_ANY_TRIGGER = re.compile(rf"[{_ESCAPED}]|^[\t\n]")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CARRIAGE_RETURN = re.compile("\r\n?")
_TO_CLEAN = re.compile(f"{_ILLEGAL.pattern}|\r")


def clean_text(text: str) -> str:
    """``text`` without the characters a workbook cannot hold, and with a line feed for every
    carriage return (with or without its line feed)."""
    if not _TO_CLEAN.search(text):
        return text
    return _ILLEGAL.sub("", _CARRIAGE_RETURN.sub("\n", text))


def neutralise(value: Any) -> Any:
    """An apostrophe before every part of a text cell that a spreadsheet could run as a
    formula (see the module's description); anything but text unchanged.

    ``value`` must have been cleaned (:func:`clean_text`); :func:`safe_text` does both.
    """
    if isinstance(value, str) and _ANY_TRIGGER.search(value):
        return _RISKY.sub("'", value)
    return value


def safe_text(value: str) -> str:
    """A text cell cleaned, then neutralised: what an exported file holds."""
    return str(neutralise(clean_text(value)))


def _safe_cell(value: Any) -> Any:
    return safe_text(value) if isinstance(value, str) else value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell and column name made safe (:func:`safe_text`);
    column names become text."""
    out = frame.map(_safe_cell)
    out.columns = [safe_text(str(c)) for c in out.columns]
    return out
