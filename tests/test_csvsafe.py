"""Neutralising spreadsheet formulas in exported cells (CSV/Excel injection).

What a real spreadsheet makes of the written files is tested in
tests/test_spreadsheet_engine.py (LibreOffice).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from procurement.batch.csvsafe import (
    _SKIP,
    TRIGGERS,
    clean_text,
    neutralise,
    neutralise_frame,
    safe_text,
)


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        '=HYPERLINK("http://x")',
        "+46 8 123",
        "-2+3",
        "@SUM(A1:A2)",
        "\r=1",
        " =1",
        "\u00a0=1",
        "\u200b=1",
        '"=1',
        "\uff1d1+1",
        "\ufe661+1",
        "\uff20SUM(1)",
        "\tfoo",
        "\nfoo",
        "=",
        "-",
    ],
)
def test_formula_triggers_get_a_leading_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell",
    [
        "",
        "direct_award",
        "Direktupphandling",
        "700 000 kr",
        "a=b",
        "x+1",
        "'=already quoted",
        "a;b;c",
        "a, b",
        "x-1; y+2",
        "Direktupphandling; 700 000 kr",
        "2025-06-01",
        "ja",
    ],
)
def test_other_text_is_unchanged(cell):
    assert neutralise(cell) == cell


@pytest.mark.parametrize("cell", [None, 0, -5, -1.5, 700000, True, False, dt.date(2025, 1, 1)])
def test_non_strings_are_unchanged(cell):
    assert neutralise(cell) is cell


def test_frame_cells_and_column_names_are_neutralised():
    frame = pd.DataFrame(
        {
            "case": ["=cmd|' /C calc'!A0", "ok"],
            "=evil": ["@x", "fine"],
            "value": [-5, 700000],
        }
    )
    out = neutralise_frame(frame)
    assert list(out.columns) == ["case", "'=evil", "value"]
    assert out["case"].tolist() == ["'=cmd|' /C calc'!A0", "ok"]
    assert out["'=evil"].tolist() == ["'@x", "fine"]
    assert out["value"].tolist() == [-5, 700000]


def test_frame_is_copied_not_changed():
    frame = pd.DataFrame({"-a": ["+1"]})
    neutralise_frame(frame)
    assert list(frame.columns) == ["-a"]
    assert frame["-a"].tolist() == ["+1"]


def test_non_text_column_names_become_text():
    frame = pd.DataFrame({0: ["x"], 1: ["-y"]})
    out = neutralise_frame(frame)
    assert list(out.columns) == ["0", "1"]
    assert out["1"].tolist() == ["'-y"]


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        # A character removed after the check would uncover a formula: removed first.
        ('\x01=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("\x00=1+1", "'=1+1"),
        ("\x1b\x7f\x85=1+1", "'=1+1"),
        ("\ud800\uffff=1+1", "'=1+1"),
        # A carriage return becomes a line feed, and the next line is a part of its own.
        ("abc\r=1+1", "abc\n'=1+1"),
        ("abc\r\n=1+1", "abc\n'=1+1"),
        ("\r=1+1", "'\n'=1+1"),
        # Each part a reader splitting at comma, semicolon or tab would make a cell.
        ("x;=1+1;", "x;'=1+1;"),
        ("x,=1+1", "x,'=1+1"),
        ("x, -1+1", "x,' -1+1"),
        ('x;"=1+1"', 'x;\'"=1+1"'),
        ("\t=1+1", "'\t'=1+1"),
        ("a\t@SUM(1,1)", "a\t'@SUM(1,1)"),
        ("a\u2028=1", "a\u2028'=1"),
        ("=1;=2,=3", "'=1;'=2,'=3"),
        ("ok\ttab", "ok\ttab"),
        ("rad 1\nrad 2", "rad 1\nrad 2"),
    ],
)
def test_safe_text_cleans_first_then_neutralises_every_part(cell: str, safe: str) -> None:
    assert safe_text(cell) == safe


def test_the_triggers_are_every_character_that_folds_to_one() -> None:
    folded = {
        chr(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.normalize("NFKC", chr(c)) in ("=", "+", "-", "@")
    }
    assert folded == set(TRIGGERS)


def test_every_invisible_format_character_is_skipped_before_a_trigger() -> None:
    skip = re.compile(f"[{_SKIP}]")
    missing = [
        f"U+{c:04X}"
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) == "Cf" and not skip.match(chr(c))
    ]
    assert missing == []


_PART = re.compile("[,;\t\n\u2028\u2029]")
_LEADING = re.compile(f"[{_SKIP}]*")
_NOT_IN_A_WORKBOOK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\r]")


def _assert_safe(text: str) -> None:
    safe = safe_text(text)
    assert not _NOT_IN_A_WORKBOOK.search(safe)
    assert not safe.startswith(("\t", "\n"))
    for part in _PART.split(safe):
        start = _LEADING.match(part)
        assert start is not None
        assert not part[start.end() :].startswith(tuple(TRIGGERS)), (text, safe)


@given(st.text(max_size=40))
def test_no_part_of_a_safe_cell_starts_a_formula(text: str) -> None:
    _assert_safe(text)


@given(st.text(alphabet="=+-@＝;,\t\r\n \"'x1\x01\u200b", max_size=30))
def test_no_part_of_a_safe_cell_starts_a_formula_among_triggers(text: str) -> None:
    _assert_safe(text)


@given(st.text(max_size=40))
def test_safe_text_is_idempotent(text: str) -> None:
    assert safe_text(safe_text(text)) == safe_text(text)


def test_text_without_a_trigger_is_only_cleaned() -> None:
    assert clean_text("a\x00b\r\nc") == "ab\nc"
    assert safe_text("a\x00b\r\nc") == "ab\nc"
