"""Swedish-first formatting of numbers, amounts, shares, durations and fact values."""

from __future__ import annotations

import datetime as dt

import pytest

from procurement.core.formatting import format_fact_value, format_number, format_quantity

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "sv", "en"),
    [
        (700000, f"700{NBSP}000", "700,000"),
        (700000.0, f"700{NBSP}000", "700,000"),
        (2389585, f"2{NBSP}389{NBSP}585", "2,389,585"),
        (1234.5, f"1{NBSP}234,5", "1,234.5"),
        (999, "999", "999"),
        (0, "0", "0"),
        (10.8126, "10,8126", "10.8126"),
        (0.123456, "0,1235", "0.1235"),
    ],
)
def test_format_number(value, sv, en):
    assert format_number(value, "sv") == sv
    assert format_number(value, "en") == en


def test_swedish_grouping_uses_no_break_spaces_only():
    text = format_number(1234567, "sv")
    assert " " not in text
    assert text == f"1{NBSP}234{NBSP}567"


@pytest.mark.parametrize(
    ("value", "unit", "sv", "en"),
    [
        (700000, "SEK", f"700{NBSP}000 kr", "SEK 700,000"),
        (100000, "SEK", f"100{NBSP}000 kr", "SEK 100,000"),
        (216000, "EUR", f"216{NBSP}000 euro", "EUR 216,000"),
        (0.3, "share", "30 %", "30%"),
        (0.15, "share", "15 %", "15%"),
        (0.333333, "share", "33,3333 %", "33.3333%"),
        (36, "months", "36 månader", "36 months"),
        (30, "days", "30 dagar", "30 days"),
        (10.8126, "SEK_per_EUR", "10,8126 kr per euro", "SEK 10.8126 per EUR"),
        (1500, None, f"1{NBSP}500", "1,500"),
        (1500, "unheard_of", f"1{NBSP}500", "1,500"),
    ],
)
def test_format_quantity(value, unit, sv, en):
    assert format_quantity(value, unit, "sv") == sv
    assert format_quantity(value, unit, "en") == en


def test_share_of_exactly_thirty_percent_has_no_float_noise():
    assert format_quantity(0.1 + 0.2, "share", "sv") == "30 %"


def test_format_fact_value(ruleset):
    f = ruleset.facts
    assert format_fact_value(f["urgent_unforeseeable"], True, "sv", "ja", "nej") == "ja"
    assert format_fact_value(f["urgent_unforeseeable"], False, "en", "yes", "no") == "no"
    assert format_fact_value(f["contract_type"], "works", "sv", "ja", "nej") == "Byggentreprenad"
    assert format_fact_value(f["contract_type"], "works", "en", "yes", "no") == "Works"
    assert (
        format_fact_value(f["estimated_value_sek"], 700000, "sv", "ja", "nej") == f"700{NBSP}000 kr"
    )
    assert format_fact_value(f["estimated_value_sek"], 700000, "en", "yes", "no") == "SEK 700,000"
    assert format_fact_value(f["contract_duration_months"], 48, "sv", "ja", "nej") == "48 månader"
    assert format_fact_value(f["contract_duration_months"], 48, "en", "yes", "no") == "48 months"
    assert format_fact_value(f["as_of"], dt.date(2024, 1, 1), "sv", "ja", "nej") == "2024-01-01"


def test_format_fact_value_of_an_undeclared_enum_value_is_the_raw_value(ruleset):
    assert format_fact_value(ruleset.facts["contract_type"], "other", "sv", "ja", "nej") == "other"


@pytest.mark.parametrize("value", [10**24, 1e25])
def test_huge_numbers_can_be_formatted(value):
    assert format_number(value, "sv").startswith("1")
    assert format_quantity(value, "SEK", "en").startswith("SEK ")
