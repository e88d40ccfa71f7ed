"""Neutralising spreadsheet formulas in exported cells (CSV/Excel injection)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from procurement.batch.csvsafe import neutralise, neutralise_frame


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        '=HYPERLINK("http://x")',
        "+46 8 123",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1",
        "\r=1",
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
        " =1",
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
